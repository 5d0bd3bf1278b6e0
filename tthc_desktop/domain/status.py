"""Where a task stands in a reporting period: status, next due date, overdue, due soon, missing.

Pure rules, no database. A one-off task keeps its latest recorded status from one period to
the next (done in Q1 stays done in Q2) and is overdue after its due date unless it is done or
declared not done. A recurring task ("Thường xuyên", quarterly, half-yearly …) needs a note in
every period it covers; without one it is "missing" (Thiếu báo cáo), and overdue once the
units' deadline of that period has passed.
"""
from __future__ import annotations

import calendar
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from tthc_desktop.domain.periods import Period, PeriodError
from tthc_desktop.domain.text import fold, format_date

STATUS_LABELS = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "done_late": "Hoàn thành quá hạn",
    "not_done": "Không thực hiện",
}
MISSING = "missing"
MISSING_LABEL = "Thiếu báo cáo"
ALL_LABELS = {**STATUS_LABELS, MISSING: MISSING_LABEL}
FINISHED = frozenset({"done", "done_late"})
CLOSED = FINISHED | {"not_done"}  # nothing more is expected from the task
DUE_WINDOWS = ("overdue", "7", "30", "period")
DUE_WINDOW_LABELS = {"overdue": "Quá hạn", "7": "Đến hạn trong 7 ngày", "30": "Đến hạn trong 30 ngày",
                     "period": "Đến hạn trong kỳ"}
EVERY_LABELS = {"month": "hằng tháng", "quarter": "hằng quý", "half_year": "6 tháng và cuối năm",
                "year": "hằng năm", "continuous": "thường xuyên"}


def status_label(code: str) -> str:
    return ALL_LABELS.get(code, code)


def parse_status(text: str, *, allow_missing: bool = False) -> str:
    """A status code from a code or a Vietnamese name, accent- and case-insensitive."""
    folded = fold(text).replace("_", " ")
    choices = ALL_LABELS if allow_missing else STATUS_LABELS
    for code, label in choices.items():
        if folded in (fold(label), code.replace("_", " ")):
            return code
    names = ", ".join(f"«{label}»" for label in choices.values())
    raise ValueError(f"Trạng thái «{text}» không hợp lệ; dùng một trong: {names}.")


def settle_status(status: str, due: date | None, completed_on: date | None) -> str:
    """"Hoàn thành" after the due date is "Hoàn thành quá hạn"."""
    if status == "done" and due and completed_on and completed_on > due:
        return "done_late"
    return status


def explain_settled(status: str, due: date | None, completed_on: date | None) -> tuple[str, str]:
    """(the status that will be stored, why) before a finished task is saved: the officer sees «quá hạn» coming."""
    settled = settle_status(status, due, completed_on)
    label = STATUS_LABELS.get(settled, settled)
    if status not in FINISHED:
        return settled, ""
    if not due:
        return settled, f"Sẽ ghi «{label}»: nhiệm vụ không có một hạn cố định để so."
    if completed_on is None:
        return settled, f"Sẽ ghi «{label}»."
    if settled == "done_late":
        late = (completed_on - due).days
        return settled, (f"Sẽ ghi «{label}»: ngày hoàn thành {format_date(completed_on)} sau hạn "
                         f"{format_date(due)} {late} ngày.")
    return settled, f"Sẽ ghi «{label}»: ngày hoàn thành {format_date(completed_on)} không sau hạn {format_date(due)}."


@lru_cache(maxsize=512)
def period_order(code: str) -> tuple:
    """Chronological order of period codes: by end date, a quarter before the cumulative period ending with it."""
    p = Period.parse(code)
    return p.end, 0 if p.is_quarter else 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def covers(every: str | None, period: Period) -> bool:
    """Whether a recurring task owes a note in ``period`` (half-yearly ones only in June and December)."""
    if every == "half_year":
        return period.last_month in (6, 12)
    if every == "year":
        return period.last_month == 12
    return True


def next_due(kind: str, due: date | None, every: str | None, today: date, year: int | None = None) -> date | None:
    """The next date something is owed: the due date of a one-off task, the next reporting deadline of a recurring one."""
    if kind != "recurring":
        return due
    return _recurring_next_due(every, today, year)


@lru_cache(maxsize=256)
def _recurring_next_due(every: str | None, today: date, year: int | None) -> date | None:
    if every == "month":
        result = _month_end(today.year, today.month)
    else:
        p = Period.quarter_of(today)
        if today > p.unit_deadline:  # 15th of the last month: the next quarter's window is open
            p = p.next()
        while not covers(every, p):
            p = p.next()
        result = p.unit_deadline
    if year is not None and result.year > year:
        return None
    return result


class Note(NamedTuple):
    """One progress entry, reduced to what the rules need.

    The rules read notes by position (period, status, unit_id, text), so plain tuples straight from a
    database cursor work too: the board builds a hundred thousand of them per load. ``text`` is what
    the office wrote (its reason when it closes a task); unit notes need none.
    """

    period: str
    status: str
    unit_id: int | None = None
    text: str = ""


OFFICE_CLOSED = "Văn phòng Sở xác nhận hoàn thành"
DECISIONS = CLOSED  # an office note with one of these settles the task whatever the units said


@dataclass(frozen=True)
class TaskState:
    status: str  # a code of STATUS_LABELS, or MISSING
    next_due: date | None
    days_left: int | None  # days from today to next_due (negative when past)
    overdue: bool
    due_soon: int | None  # 7 or 30 when due within that many days and still open, else None
    missing: bool
    units_done: int = 0  # lead units that reported it finished
    units_total: int = 0  # lead units that must act (0: the task has none linked)
    office_note: str = ""  # "Văn phòng Sở xác nhận hoàn thành: …" when the office settled it

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def progress_text(self) -> str:
        """"3/5 đơn vị đã báo cáo hoàn thành", or the office's close with its reason."""
        if self.office_note:
            return self.office_note
        if self.units_total:
            return f"{self.units_done}/{self.units_total} đơn vị đã báo cáo hoàn thành"
        return ""


def _note_text(note) -> str:
    return note[3] if len(note) > 3 else ""


def combine(notes: Iterable[Note]) -> str:
    """The status from the notes of ONE period of a task with no lead unit linked: the office's note wins,
    else the units' notes together."""
    notes = list(notes)
    own = [n for n in notes if n[2] is None]
    if own:
        return own[-1][1]
    statuses = {n[1] for n in notes}
    if not statuses:
        return "not_started"
    if statuses <= FINISHED:
        return "done_late" if "done_late" in statuses else "done"
    if statuses == {"not_done"}:
        return "not_done"
    if statuses & (FINISHED | {"in_progress"}):
        return "in_progress"
    return "not_started"


@dataclass(frozen=True)
class Settled:
    status: str
    units_done: int = 0
    units_total: int = 0
    office_note: str = ""


def settle_over_leads(office: Note | None, by_unit: dict[int, str], leads: frozenset) -> Settled:
    """A task's status from its lead units' latest statuses; coordinators were already left out.

    Done only when every lead unit reported it done, or the office closed it (with its reason).
    """
    done = sum(by_unit.get(u) in FINISHED for u in leads)
    total = len(leads)
    if office is not None and office[1] in DECISIONS:
        text = _note_text(office).strip()
        label = OFFICE_CLOSED if office[1] in FINISHED else f"Văn phòng Sở ghi «{status_label(office[1])}»"
        return Settled(office[1], done, total, f"{label}: {text}" if text else label)
    got = [by_unit.get(u) for u in leads]
    if all(g in FINISHED for g in got):
        return Settled("done_late" if "done_late" in got else "done", done, total)
    if all(g == "not_done" for g in got):
        return Settled("not_done", done, total)
    if any(g in FINISHED or g == "in_progress" for g in got):
        return Settled("in_progress", done, total)
    if office is not None and not any(got):
        return Settled(office[1], done, total)  # the office typed it for units that sent nothing
    return Settled("not_started", done, total)


def _settle_period(notes: list, leads: frozenset | None) -> Settled:
    if not leads:
        return Settled(combine(notes))
    own = [n for n in notes if n[2] is None]
    return settle_over_leads(own[-1] if own else None, {n[2]: n[1] for n in notes if n[2] is not None}, leads)


def _recurring_status(notes_by_period: dict[str, list[Note]], period: Period, every: str | None,
                      today: date, leads: frozenset | None) -> tuple[Settled, bool]:
    """(settled status, missing) of a recurring task in ``period``."""
    if period.code in notes_by_period:
        return _settle_period(notes_by_period[period.code], leads), False
    owed = [q for q in period.quarters if covers(every, q) and q.start <= today]
    if not period.is_quarter and not covers(every, period):
        owed = []
    noted = [q for q in period.quarters if q.code in notes_by_period]
    if owed and any(q.code not in notes_by_period for q in owed):
        return Settled(MISSING, 0, len(leads or ())), True
    if noted:
        return _settle_period(notes_by_period[noted[-1].code], leads), False
    return Settled("not_started", 0, len(leads or ())), False


def _once_status(by_period: dict[str, list[Note]], period: Period, leads: frozenset | None) -> Settled:
    """A one-off task keeps each unit's latest note up to ``period`` (unit A in Q1, unit B in Q2: both count)."""
    limit = period_order(period.code)
    earlier = sorted((code for code in by_period if _safe_order(code) <= limit), key=_safe_order)
    if not earlier:
        return Settled("not_started", 0, len(leads or ()))
    if not leads:
        return Settled(combine(by_period[earlier[-1]]))
    office, by_unit = None, {}
    for code in earlier:
        for n in by_period[code]:
            if n[2] is None:
                office = n
            else:
                by_unit[n[2]] = n[1]
    return settle_over_leads(office, by_unit, leads)


def owed_due(dues: tuple, period: Period) -> date:
    """Of a one-off task's several dues («Quý II và Quý IV»), the one ``period`` answers for: the last due
    in the period's calendar months (Quý II: April–June; the year: all twelve), else the first one after
    them, else (the period is past them all) the last. Calendar months, not the reporting window
    (15/3–14/6 for Quý II), because the plan's «Quý II» means the quarter itself."""
    first = date(period.year, 1 if not period.is_quarter else period.last_month - 2, 1)
    last = _month_end(period.year, period.last_month)
    inside = [d for d in dues if first <= d <= last]
    if inside:
        return inside[-1]
    return next((d for d in dues if d > last), dues[-1])


def period_due(due: date | None, dues, period: Period) -> date | None:
    """The due date finishing in ``period`` is measured against: a one-off task's own, or of its several
    dues the one the period answers for."""
    return owed_due(tuple(dues), period) if len(dues) > 1 else due


@lru_cache(maxsize=512)
def _parsed(code: str) -> Period | None:
    try:
        return Period.parse(code)
    except PeriodError:
        return None


def notes_toward(dues: tuple, notes: Iterable[Note], due: date) -> list[Note]:
    """The notes that count toward ``due``: each note counts toward the due its own period answers for,
    so a «Hoàn thành» of the Quý II delivery does not settle the Quý IV one."""
    counted = []
    for n in notes:
        own = _parsed(n[0])
        if (owed_due(dues, own) if own is not None else dues[0]) == due:
            counted.append(n)
    return counted


def due_window(dues: tuple, notes: Iterable[Note], period: Period) -> tuple[date, list[Note]]:
    """(the due ``period`` owes, the notes that count toward it)."""
    owed = owed_due(dues, period)
    return owed, notes_toward(dues, notes, owed)


def evaluate(kind: str, due: date | None, every: str | None, notes: Iterable[Note], period: Period,
             today: date, year: int | None = None, leads: frozenset | None = None) -> TaskState:
    """The state of one task in ``period`` seen on ``today``; ``year`` is the plan's year.

    ``leads``: the lead units that must act. With them, only their notes and the office's count
    (a coordinator's note never settles the task); without, every note counts as before."""
    by_period: dict[str, list[Note]] = {}
    for n in notes:
        if leads and n[2] is not None and n[2] not in leads:
            continue
        by_period.setdefault(n[0], []).append(n)
    nd = next_due(kind, due, every, today, year)
    in_year = year is None or period.year == year
    if kind == "recurring":
        if in_year:
            settled, missing = _recurring_status(by_period, period, every, today, leads)
        else:
            settled, missing = Settled("not_started", 0, len(leads or ())), False
        overdue = missing and today > period.unit_deadline
    else:
        settled = _once_status(by_period, period, leads)
        missing = False
        overdue = due is not None and today > due and settled.status not in CLOSED
    status = settled.status
    days_left = (nd - today).days if nd else None
    soon = None
    if days_left is not None and 0 <= days_left and status not in CLOSED and not overdue:
        soon = 7 if days_left <= 7 else 30 if days_left <= 30 else None
    return TaskState(status, nd, days_left, overdue, soon, missing, settled.units_done, settled.units_total,
                     settled.office_note)


@lru_cache(maxsize=512)
def _safe_order(code: str) -> tuple:
    try:
        return period_order(code)
    except PeriodError:
        return date.min, 0


def in_due_window(state: TaskState, window: str, period: Period, today: date) -> bool:
    """Due-window filter of the board: "overdue", "7", "30" (days) or "period"."""
    if window == "overdue":
        return state.overdue
    if window in ("7", "30"):
        return state.due_soon is not None and state.due_soon <= int(window)
    if window == "period":
        return state.next_due is not None and period.start <= state.next_due <= period.end + timedelta(days=2)
    return True


def schedule_text(kind: str, due: date | None, every: str | None, time_text: str = "") -> str:
    """A short Vietnamese description: "Hạn 28/02/2024", "Định kỳ hằng quý", or the plan's own words."""
    if kind == "recurring":
        if every == "continuous":
            return "Thường xuyên"
        return "Định kỳ " + EVERY_LABELS.get(every or "", "") if every else (time_text or "Định kỳ")
    if due is not None:
        return f"Hạn {due.strftime('%d/%m/%Y')}"
    return time_text or "Chưa xác định"


def safe_period_order(code: str) -> tuple:
    """``period_order`` that puts an unreadable code first instead of raising."""
    return _safe_order(code)
