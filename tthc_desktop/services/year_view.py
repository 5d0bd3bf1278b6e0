"""The year at a glance: its deadlines in time, tasks by status, completion by unit × section, and the
reminders of the next days (tray notification).

Every item carries the ids of the tasks behind it, so the window can open them with one click.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_date

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
SOON_DAYS = 30
REMIND_DAYS = 3
# How a deadline stands: finished, finished late, past and not done, within SOON_DAYS, later, past (nothing to do).
DEADLINE_STATES = ("done", "late", "overdue", "soon", "open", "past")


@dataclass
class YearDeadline:
    day: date
    kind: str  # "task" (a plan task's own due date), "unit" (units report to the department), "department"
    label: str
    state: str  # one of DEADLINE_STATES
    why: str = ""
    task_ids: list[int] = field(default_factory=list)


@dataclass
class HeatCell:
    done: int = 0
    total: int = 0
    task_ids: list[int] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass
class YearOverview:
    year: int
    today: date
    deadlines: list[YearDeadline]
    by_status: dict[str, list[int]]  # status code -> task ids, every code of st.ALL_LABELS
    units: list[str]
    sections: list[str]  # "I. Title"
    cells: dict[tuple[str, str], HeatCell]
    tasks: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # id -> (number, content, status label)
    has_plan: bool = True

    def soon(self, days: int = REMIND_DAYS) -> list[YearDeadline]:
        """Deadlines from today to ``days`` ahead that still need something done."""
        end = self.today + timedelta(days=days)
        return [d for d in self.deadlines if self.today <= d.day <= end and d.state not in ("done", "late", "past")]

    def overdue_unit_reports(self) -> list[YearDeadline]:
        return [d for d in self.deadlines if d.kind == "unit" and d.state == "overdue"]

    def reminder_lines(self, days: int = REMIND_DAYS) -> list[str]:
        lines = []
        for d in self.soon(days):
            left = (d.day - self.today).days
            lines.append(f"{d.label}: {format_date(d.day)} ({'hôm nay' if left == 0 else f'còn {left} ngày'}).")
        for d in self.overdue_unit_reports():
            lines.append(f"{d.label}: đã quá hạn {format_date(d.day)}; {d.why.rstrip('.…')}.")
        return lines


def _task_state(due: date, status: str, today: date) -> tuple[str, str]:
    if status == "done":
        return "done", "đã hoàn thành"
    if status == "done_late":
        return "late", "hoàn thành sau hạn"
    if status == "not_done":
        return "past", "không thực hiện"
    if due < today:
        return "overdue", f"quá hạn {(today - due).days} ngày"
    if due <= today + timedelta(days=SOON_DAYS):
        return "soon", f"còn {(due - today).days} ngày"
    return "open", st.status_label(status).lower()


def year_overview(db, year: int | None = None, today: date | None = None) -> YearOverview:
    from tthc_desktop.services.dashboard import _profile_days, dashboard
    from tthc_desktop.services.tracking import load_rows

    today = today or date.today()
    year = year or today.year
    rows = load_rows(db, Period(year, "Y"), today)
    deadlines: list[YearDeadline] = []
    for r in rows:
        if r.kind == "recurring" or not r.due:
            continue
        for due, status in r.due_states or ((r.due, r.status),):  # each delivery of a task with several dues
            if due.year == year:
                state, why = _task_state(due, status, today)
                deadlines.append(YearDeadline(due, "task", f"Nhiệm vụ {r.number}: {r.content}", state, why, [r.id]))
    unit_day, dept_day = _profile_days(db)
    for code in QUARTERS:
        period = Period(year, code)
        unit_deadline, dept_deadline = period.department_deadline(unit_day), period.department_deadline(dept_day)
        board = dashboard(db, today, period) if rows else None
        missing = [f.unit for f in board.units if f.missing] if board else []  # a unit owing any task's report
        behind = [r.id for r in board.overdue] if board else []
        if not rows:
            state, why = ("past" if unit_deadline < today else "open"), "chưa có kế hoạch"
        elif not missing:
            state, why = "done", "mọi đơn vị đã gửi báo cáo"
        else:
            state = ("overdue" if unit_deadline < today else
                     "soon" if unit_deadline <= today + timedelta(days=SOON_DAYS) else "open")
            why = f"{len(missing)} đơn vị chưa gửi: {', '.join(missing[:4])}{'…' if len(missing) > 4 else ''}"
        deadlines.append(YearDeadline(unit_deadline, "unit", f"Hạn các đơn vị báo cáo {period.label}", state, why,
                                      behind))
        dept_state = ("past" if dept_deadline < today else
                      "soon" if dept_deadline <= today + timedelta(days=SOON_DAYS) else "open")
        deadlines.append(YearDeadline(dept_deadline, "department", f"Hạn Sở báo cáo UBND tỉnh {period.label}",
                                      dept_state, "báo cáo định kỳ gửi Văn phòng UBND tỉnh", behind))
    deadlines.sort(key=lambda d: (d.day, d.kind != "department", d.kind != "unit"))
    by_status: dict[str, list[int]] = {code: [] for code in st.ALL_LABELS}
    units: dict[str, None] = {}
    sections: dict[str, None] = {}
    cells: dict[tuple[str, str], HeatCell] = {}
    for r in rows:
        by_status.setdefault(r.status, []).append(r.id)
        section = f"{r.section_code}. {r.section_title}".strip(". ")
        sections.setdefault(section, None)
        for unit in r.lead or ["(chưa giao đơn vị)"]:
            units.setdefault(unit, None)
            cell = cells.setdefault((unit, section), HeatCell())
            cell.total += 1
            cell.done += r.status in st.FINISHED
            cell.task_ids.append(r.id)
    tasks = {r.id: (r.number, r.content, st.status_label(r.status)) for r in rows}
    return YearOverview(year, today, deadlines, by_status, list(units), list(sections), cells, tasks,
                        has_plan=bool(rows))
