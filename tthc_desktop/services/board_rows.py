"""The task board's rows read with plain DB-API queries (no SQLAlchemy): the board and the dashboard
load up to ten thousand tasks, and the start page shows its counts before the ORM is even imported."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import fold
from tthc_desktop.storage.raw import as_date, as_datetime

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
    units: list[UnitState] = field(default_factory=list)
    units_done: int = 0
    units_total: int = 0
    office_note: str = ""
    dues: tuple = ()  # every due date when the plan names several; ``due`` is the first
    due_states: tuple = ()  # with several dues: (due, status) of each one the period has reached

    @property
    def status_label(self) -> str:
        return st.status_label(self.status)

    @property
    def progress_text(self) -> str:
        """"1/3 đơn vị đã báo cáo hoàn thành", or «Văn phòng Sở xác nhận hoàn thành: …»."""
        return st.TaskState(self.status, None, None, False, None, False, self.units_done, self.units_total,
                            self.office_note).progress_text

    def state(self) -> st.TaskState:
        return st.TaskState(self.status, self.next_due, self.days_left, self.overdue, self.due_soon, self.missing,
                            self.units_done, self.units_total, self.office_note)

    def to_json(self) -> dict:
        return {
            "id": self.id, "section": self.section_code, "number": self.number, "content": self.content,
            "lead": self.lead, "coordinate": self.coordinate,
            "schedule": {"kind": self.kind, "due": self.due.isoformat() if self.due else None,
                         "every": self.every, "text": self.schedule_text,
                         **({"dues": [d.isoformat() for d in self.dues]} if self.dues else {})},
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "status": self.status, "status_label": self.status_label, "percent": self.percent,
            "last_update": self.last_update.isoformat(timespec="seconds") if self.last_update else None,
            "overdue": self.overdue, "due_soon": self.due_soon, "missing": self.missing,
            "progress": self.progress_text,
            "units": [{"unit": u.name, "role": u.role, "status": u.status, "reported": u.reported}
                      for u in self.units],
        }


@dataclass(slots=True)
class UnitState:
    """One unit on one task in the period: its role, its own latest status, whether it reported in the period."""

    unit_id: int
    name: str
    role: str
    status: str
    reported: bool


def read_rows(cur, plan_id: int, period: Period, today: date, only_task: int | None = None) -> list[TaskRow]:
    """Every task of plan ``plan_id`` with its state in ``period``, settled over its lead units, through a
    DB-API cursor (closed here). ``only_task``: just that task (the task detail), read through the indexes."""
    whole = only_task is None
    one, only = ("", ()) if whole else (" AND t.id = ?", (only_task,))
    # The whole-table scans that suit the board would read every entry for a single task.
    scan, of_task, and_task = (" NOT INDEXED", "", "") if whole else ("", " WHERE task_id = ?", " AND task_id = ?")
    year = cur.execute("SELECT year FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]
    sections = {r[0]: r[1:] for r in cur.execute(
        "SELECT id, code, title, position FROM plan_sections WHERE plan_id = ?", (plan_id,))}
    links: dict[int, list[tuple[int, str, str]]] = {}
    # Ten thousand rows repeat a few dozen names, unit sets and schedule texts: one object each, not one per row.
    shared: dict = {}
    for task_id, role, unit_id, name in cur.execute(
            "SELECT tu.task_id, tu.role, u.id, u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id "
            f"JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ?{one} ORDER BY u.position, u.id", (plan_id, *only)):
        bucket = links.get(task_id)
        if bucket is None:
            bucket = links[task_id] = []
        bucket.append((unit_id, role, shared.setdefault(name, name)))
    # Only periods up to the one shown can decide its status.
    limit = st.period_order(period.code)
    codes = [c for (c,) in cur.execute(f"SELECT DISTINCT period FROM progress_entries{of_task}", only)
             if st.safe_period_order(c) <= limit]
    notes: dict[int, list] = {}
    percents: dict[int, int] = {}
    # Whole-table scans (NOT INDEXED) beat index lookups here: most entries belong to the current plan,
    # and entries of other plans are simply never looked up below.
    if codes:
        marks = ",".join("?" * len(codes))
        for task_id, code, status, unit_id, percent, text in cur.execute(
                f"SELECT task_id, period, status, unit_id, percent, "
                f"CASE WHEN unit_id IS NULL THEN result_text ELSE '' END FROM progress_entries{scan} "
                f"WHERE period IN ({marks}){and_task} ORDER BY id", (*codes, *only)):
            bucket = notes.get(task_id)
            if bucket is None:
                bucket = notes[task_id] = []
            bucket.append((_one(shared, code), _one(shared, status), unit_id, text or ""))  # a Note, as a tuple
            if code == period.code and (percent or 0) > percents.get(task_id, 0):
                percents[task_id] = percent
    last = dict(cur.execute(f"SELECT task_id, max(updated_at) FROM progress_entries{scan}{of_task} GROUP BY task_id",
                            only))
    # Iterated, not fetched whole: each task's raw tuple is dropped as soon as its row is built.
    tasks = cur.execute(
        "SELECT id, section_id, position, number, content, time_text, schedule_kind, due_date, every, "
        f"lead_agencies, coordinate_agencies, search_text, dues FROM tasks t WHERE plan_id = ?{one} "
        "ORDER BY position, id", (plan_id, *only))
    rows = []
    no_section = ("", "", -1)
    finished = st.FINISHED
    for (tid, section_id, position, number, content, time_text, kind, due_text, every, lead_json, coord_json,
         search, dues_json) in tasks:
        code, title, sec_pos = sections.get(section_id, no_section)
        linked = links.get(tid, ())
        leads = frozenset(u for u, role, _ in linked if role == "lead")
        due = as_date(due_text)
        dues = tuple(as_date(d) for d in json_list(dues_json)) if dues_json else ()
        all_notes = task_notes = notes.get(tid, ())
        owed, due_states = due, ()
        if dues:  # several dues («Quý II và Quý IV»): the period's own due, settled by its own notes
            owed, task_notes = st.due_window(dues, all_notes, period)
            due_states = _due_states(kind, dues, every, all_notes, period, today, year, leads)
        state = st.evaluate(kind, owed, every, task_notes, period, today, year, leads)
        stamp = last.get(tid)
        lead = [n for _, role, n in linked if role == "lead"]
        coordinate = [n for _, role, n in linked if role != "lead"]
        rows.append(TaskRow(
            tid, code, title, sec_pos, position, number, content,
            lead or json_list(lead_json), coordinate or json_list(coord_json), _one(shared, frozenset(u for u, _, _ in linked)),
            _one(shared, kind), due, _one(shared, every), _one(shared, _schedule_text(kind, due, dues, every, time_text)), state.next_due,
            state.days_left,
            state.status, percents.get(tid, 100 if state.status in finished else 0),
            as_datetime(stamp), state.overdue, state.due_soon, state.missing,
            search or fold(content), _unit_states(linked, task_notes, period, kind, limit),
            state.units_done, state.units_total, state.office_note, dues, due_states))
    cur.close()
    return rows


def _due_states(kind, dues: tuple, every, notes, period: Period, today: date, year, leads) -> tuple:
    """(due, status) of each due, settled by its own notes in its own calendar quarter (a due still ahead of
    the period shown: where it stands in that period)."""
    out = []
    for d in dues:
        own = Period(d.year, f"Q{(d.month - 1) // 3 + 1}")
        if st.period_order(own.code) > st.period_order(period.code):
            own = period
        counted = st.notes_toward(dues, notes, d)
        out.append((d, st.evaluate(kind, d, every, counted, own, today, year, leads).status))
    return tuple(out)


def _unit_states(linked, task_notes, period: Period, kind: str, limit: tuple) -> list[UnitState]:
    """Each linked unit's own status: its note of the period, else (one-off tasks) its latest earlier one."""
    if not linked:
        return []
    own: dict[int, str] = {}
    earlier: dict[int, tuple] = {}
    for n in task_notes:
        if n[2] is None:
            continue
        if n[0] == period.code:
            own[n[2]] = n[1]
        elif kind != "recurring":
            order = st.safe_period_order(n[0])
            if order <= limit and order >= earlier.get(n[2], (order, ""))[0]:
                earlier[n[2]] = (order, n[1])
    out = []
    for unit_id, role, name in linked:
        if unit_id in own:
            out.append(UnitState(unit_id, name, role, own[unit_id], True))
        elif unit_id in earlier:
            out.append(UnitState(unit_id, name, role, earlier[unit_id][1], False))
        else:
            missing = kind == "recurring" and role == "lead"
            out.append(UnitState(unit_id, name, role, st.MISSING if missing else "not_started", False))
    return out


def _schedule_text(kind: str, due, dues: tuple, every, time_text: str | None) -> str:
    if dues:
        return "Hạn " + "; ".join(d.strftime("%d/%m/%Y") for d in dues)
    return st.schedule_text(kind, due, every, time_text or "")


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


