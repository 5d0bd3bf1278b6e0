"""The task board's rows read with plain DB-API queries (no SQLAlchemy): the board and the dashboard
load up to ten thousand tasks, and the start page shows its counts before the ORM is even imported."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import fold

CURRENT_PLAN_SQL = ("SELECT id FROM plans WHERE kind = 'department' "
                    "ORDER BY is_current DESC, year DESC, id DESC LIMIT 1")


@dataclass(slots=True)
class TaskRow:
    id: int
    section_code: str
    section_title: str
    section_position: int
    position: int
    number: str
    content: str
    lead: list[str]
    coordinate: list[str]
    unit_ids: frozenset
    kind: str
    due: date | None
    every: str | None
    schedule_text: str
    next_due: date | None
    days_left: int | None
    status: str
    percent: int
    last_update: datetime | None
    overdue: bool
    due_soon: int | None
    missing: bool
    search: str = field(repr=False, default="")

    @property
    def status_label(self) -> str:
        return st.status_label(self.status)

    def to_json(self) -> dict:
        return {
            "id": self.id, "section": self.section_code, "number": self.number, "content": self.content,
            "lead": self.lead, "coordinate": self.coordinate,
            "schedule": {"kind": self.kind, "due": self.due.isoformat() if self.due else None,
                         "every": self.every, "text": self.schedule_text},
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "status": self.status, "status_label": self.status_label, "percent": self.percent,
            "last_update": self.last_update.isoformat(timespec="seconds") if self.last_update else None,
            "overdue": self.overdue, "due_soon": self.due_soon, "missing": self.missing,
        }


def read_rows(cur, plan_id: int, period: Period, today: date) -> list[TaskRow]:
    """Every task of plan ``plan_id`` with its state in ``period``, through a DB-API cursor (closed here)."""
    year = cur.execute("SELECT year FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]
    sections = {r[0]: r[1:] for r in cur.execute(
        "SELECT id, code, title, position FROM plan_sections WHERE plan_id = ?", (plan_id,))}
    units: dict[int, tuple[list, list, list]] = {}
    # Ten thousand rows repeat a few dozen names, unit sets and schedule texts: one object each, not one per row.
    shared: dict = {}
    for task_id, role, unit_id, name in cur.execute(
            "SELECT tu.task_id, tu.role, u.id, u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id "
            "JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ? ORDER BY u.position, u.id", (plan_id,)):
        entry = units.get(task_id)
        if entry is None:
            entry = units[task_id] = ([], [], [])
        entry[0 if role == "lead" else 1].append(shared.setdefault(name, name))
        entry[2].append(unit_id)
    # Only periods up to the one shown can decide its status.
    limit = st.period_order(period.code)
    codes = [c for (c,) in cur.execute("SELECT DISTINCT period FROM progress_entries")
             if st.safe_period_order(c) <= limit]
    notes: dict[int, list] = {}
    percents: dict[int, int] = {}
    # Whole-table scans (NOT INDEXED) beat index lookups here: most entries belong to the current plan,
    # and entries of other plans are simply never looked up below.
    if codes:
        marks = ",".join("?" * len(codes))
        for task_id, code, status, unit_id, percent in cur.execute(
                f"SELECT task_id, period, status, unit_id, percent FROM progress_entries NOT INDEXED "
                f"WHERE period IN ({marks}) ORDER BY id", codes):
            bucket = notes.get(task_id)
            if bucket is None:
                bucket = notes[task_id] = []
            bucket.append((code, status, unit_id))  # a Note, as a plain tuple
            if code == period.code and (percent or 0) > percents.get(task_id, 0):
                percents[task_id] = percent
    last = dict(cur.execute("SELECT task_id, max(updated_at) FROM progress_entries NOT INDEXED GROUP BY task_id"))
    tasks = cur.execute(
        "SELECT id, section_id, position, number, content, time_text, schedule_kind, due_date, every, "
        "lead_agencies, coordinate_agencies, search_text FROM tasks WHERE plan_id = ? ORDER BY position, id",
        (plan_id,)).fetchall()
    rows = []
    no_section = ("", "", -1)
    finished = st.FINISHED
    for (tid, section_id, position, number, content, time_text, kind, due_text, every, lead_json, coord_json,
         search) in tasks:
        code, title, sec_pos = sections.get(section_id, no_section)
        lead, coordinate, unit_ids = units.get(tid) or ([], [], [])
        due = date.fromisoformat(due_text) if due_text else None
        state = st.evaluate(kind, due, every, notes.get(tid, ()), period, today, year)
        stamp = last.get(tid)
        rows.append(TaskRow(
            tid, code, title, sec_pos, position, number, content,
            lead or json_list(lead_json), coordinate or json_list(coord_json), _one(shared, frozenset(unit_ids)),
            kind, due, every, _one(shared, st.schedule_text(kind, due, every, time_text or "")), state.next_due,
            state.days_left,
            state.status, percents.get(tid, 100 if state.status in finished else 0),
            datetime.fromisoformat(stamp) if stamp else None, state.overdue, state.due_soon, state.missing,
            search or fold(content)))
    cur.close()
    return rows


def _one(shared: dict, value):
    return shared.setdefault(value, value)


def json_list(text) -> list[str]:
    if not text:
        return []
    try:
        value = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


