"""The dashboard of a reporting period and the reminders shown at start-up."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_date
from tthc_desktop.storage.models import AgencyProfile, Setting

LAST_START_KEY = "tracking.last_start"


@dataclass
class Completion:
    label: str
    done: int
    total: int

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass
class Dashboard:
    period: Period
    today: date
    unit_deadline: date
    department_deadline: date
    counts: dict[str, int]  # by status code, including "missing"
    total: int
    overdue: list = field(default_factory=list)  # TaskRow
    due_soon: list = field(default_factory=list)  # TaskRow, soonest first
    by_unit: list[Completion] = field(default_factory=list)  # the tasks each unit leads, finished or not
    by_section: list[Completion] = field(default_factory=list)
    not_reported: list[str] = field(default_factory=list)  # unit names
    units: list = field(default_factory=list)  # unit_followup.UnitFollowUp, in catalog order
    has_plan: bool = True

    @property
    def days_to_unit_deadline(self) -> int:
        return (self.unit_deadline - self.today).days

    @property
    def days_to_department_deadline(self) -> int:
        return (self.department_deadline - self.today).days

    def to_json(self) -> dict:
        return {
            "period": self.period.code, "label": self.period.label,
            "unit_deadline": self.unit_deadline.isoformat(), "days_to_unit_deadline": self.days_to_unit_deadline,
            "department_deadline": self.department_deadline.isoformat(),
            "days_to_department_deadline": self.days_to_department_deadline,
            "counts": self.counts, "total": self.total,
            "overdue": [r.number for r in self.overdue], "due_soon": [r.number for r in self.due_soon],
            "by_unit": [[c.label, c.done, c.total] for c in self.by_unit],
            "by_section": [[c.label, c.done, c.total] for c in self.by_section],
            "not_reported": self.not_reported,
        }


def _profile_days(db) -> tuple[int, int]:
    with db.read_session() as s:
        p = s.execute(select(AgencyProfile).limit(1)).scalar()
        return (p.unit_deadline_day or 16, p.report_deadline_day or 18) if p else (16, 18)


def dashboard(db, today: date | None = None, period: Period | str | None = None, rows: list | None = None) -> Dashboard:
    """``rows``: the board rows of ``period`` on ``today`` the caller already holds (the start summary's)."""
    from tthc_desktop.services.tracking import load_rows, parse_period

    today = today or date.today()
    period = parse_period(period) if period else Period.quarter_of(today)
    unit_day, dept_day = _profile_days(db)
    unit_deadline = period.department_deadline(unit_day)
    if rows is None:
        rows = load_rows(db, period, today)
    counts = {code: 0 for code in st.ALL_LABELS}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    board = Dashboard(period, today, unit_deadline, period.department_deadline(dept_day), counts, len(rows),
                      has_plan=bool(rows))
    board.overdue = sorted((r for r in rows if r.overdue), key=lambda r: (r.next_due or date.max, r.position))
    board.due_soon = sorted((r for r in rows if r.due_soon), key=lambda r: (r.next_due or date.max, r.position))
    sections: dict[str, Completion] = {}
    for r in rows:
        c = sections.setdefault(r.section_code, Completion(f"{r.section_code}. {r.section_title}".strip(". "), 0, 0))
        c.total += 1
        c.done += r.status in st.FINISHED
    board.by_section = list(sections.values())
    from tthc_desktop.services.unit_followup import follow_up

    by_id = {r.id: r for r in rows}
    board.units = follow_up(db, period, today, rows)
    for f in board.units:
        mine = [by_id[t] for t in f.lead_task_ids if t in by_id]
        if mine:
            board.by_unit.append(Completion(f.unit, sum(r.status in st.FINISHED for r in mine), len(mine)))
        if f.must_report and not f.reported:
            board.not_reported.append(f.unit)
    return board


@dataclass
class Reminders:
    newly_overdue: list  # TaskRow that passed their deadline since the last start
    deadlines: list[tuple[str, date, int]]  # (what, date, days left) within 7 days

    def messages(self) -> list[str]:
        out = []
        if self.newly_overdue:
            numbers = ", ".join(r.number for r in self.newly_overdue[:12])
            more = "…" if len(self.newly_overdue) > 12 else ""
            out.append(f"{len(self.newly_overdue)} nhiệm vụ đã quá hạn kể từ lần mở trước: {numbers}{more}.")
        for what, day, left in self.deadlines:
            when = "hôm nay" if left == 0 else f"còn {left} ngày"
            out.append(f"{what}: {format_date(day)} ({when}).")
        return out

    def __bool__(self) -> bool:
        return bool(self.newly_overdue or self.deadlines)


def last_start(db) -> datetime | None:
    with db.read_session() as s:
        value = s.get(Setting, LAST_START_KEY)
        try:
            return datetime.fromisoformat(value.value) if value and value.value else None
        except (TypeError, ValueError):
            return None


def remember_start(db, when: datetime | None = None) -> None:
    with db.session() as s:
        s.merge(Setting(key=LAST_START_KEY, value=(when or datetime.now()).isoformat(timespec="seconds")))


def reminders(db, since: datetime | date | None = None, today: date | None = None) -> Reminders:
    """What became overdue after ``since`` (default: the last start) and reporting deadlines within 7 days."""
    from tthc_desktop.services.tracking import load_rows

    today = today or date.today()
    if since is None:
        since = last_start(db)
    since_day = since.date() if isinstance(since, datetime) else since
    period = Period.quarter_of(today)
    previous = period.previous()
    # One-off tasks fall overdue on their own date; recurring ones when a period's unit deadline passes unreported.
    newly = [r for r in load_rows(db, period, today)
             if r.overdue and r.kind != "recurring" and (since_day is None or (r.due and r.due >= since_day))]
    if since_day is None or previous.unit_deadline >= since_day:
        newly += [r for r in load_rows(db, previous, today) if r.overdue and r.kind == "recurring"]
    unit_day, dept_day = _profile_days(db)
    deadlines = []
    for what, day in ((f"Hạn các đơn vị gửi báo cáo {period.label}", period.department_deadline(unit_day)),
                      (f"Hạn Sở gửi báo cáo {period.label}", period.department_deadline(dept_day))):
        if today <= day <= today + timedelta(days=7):
            deadlines.append((what, day, (day - today).days))
    return Reminders(newly, deadlines)
