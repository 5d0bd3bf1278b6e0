"""One task's units in a period, for the task detail and ``tthc task show``: each unit's own status by the
board's rule (``board_rows``), whether it reported in the period, whether it still owes a report (the
follow-up panel's rule) and its latest report up to the period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.unit_resolution import ROLE_LABELS
from tthc_desktop.errors import UsageError
from tthc_desktop.services.board_rows import TaskRow, UnitState, read_rows
from tthc_desktop.services.unit_followup import owes
from tthc_desktop.storage.raw import RawCursor, as_datetime

NOT_REPORTED = "chưa báo cáo"


@dataclass(frozen=True)
class UnitLine:
    state: UnitState
    must_report: bool  # a lead unit that owes this period's report
    last_period: str | None  # the period of its latest report up to the period shown
    last_report: datetime | None  # when that report was recorded
    percent: int | None  # the percent of that report (None: no report at all)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.state.role, self.state.role)

    @property
    def status_label(self) -> str:
        return st.status_label(self.state.status)

    @property
    def not_reported(self) -> bool:
        """A lead unit that must report in this period and has not: the «chưa báo cáo» mark."""
        return self.must_report and not self.state.reported

    def to_json(self) -> dict:
        u = self.state
        return {"unit": u.name, "role": u.role, "status": u.status, "reported": u.reported,
                "must_report": self.must_report, "last_period": self.last_period,
                "last_report": self.last_report.date().isoformat() if self.last_report else None,
                "percent": self.percent}


@dataclass(frozen=True)
class TaskUnits:
    period: Period
    row: TaskRow  # the task's settled state in the period, as on the board
    units: list[UnitLine]

    def to_json(self) -> dict:
        return {"period": self.period.code, **self.row.to_json(), "units": [u.to_json() for u in self.units]}


def task_units(db, task_id: int, period: Period, today: date | None = None) -> TaskUnits:
    """Every unit linked to the task with its state in ``period`` (catalog order, as on the board)."""
    today = today or date.today()
    with db.read_session() as s:
        cur = RawCursor(s)
        found = cur.execute("SELECT plan_id FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if found is None:
            cur.close()
            raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
        latest = _latest_reports(cur, task_id, period)
        row = read_rows(cur, found[0], period, today, only_task=task_id)[0]
    lines = [UnitLine(u, owes(row, u, period), *latest.get(u.unit_id, (None, None, None))) for u in row.units]
    return TaskUnits(period, row, lines)


def _latest_reports(cur, task_id: int, period: Period) -> dict[int, tuple[str, datetime | None, int]]:
    """unit id → (period, recorded at, percent) of its latest report up to ``period``."""
    limit = st.period_order(period.code)
    best: dict[int, tuple] = {}
    for code, unit_id, percent, updated_at, entry_id in cur.execute(
            "SELECT period, unit_id, percent, updated_at, id FROM progress_entries "
            "WHERE task_id = ? AND unit_id IS NOT NULL", (task_id,)):
        order = st.safe_period_order(code)
        if order > limit:
            continue
        key = (order, entry_id)
        if unit_id not in best or key > best[unit_id][0]:
            best[unit_id] = (key, (code, as_datetime(updated_at), percent or 0))
    return {unit_id: value for unit_id, (_, value) in best.items()}
