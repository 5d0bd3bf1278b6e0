"""Who has reported in a period: per unit, the tasks it must report, reported, missing, late; reminders.

A unit must report the tasks it leads that are still open for it in the period (a one-off task it
already reported done, or one the office closed, owes nothing more; a half-yearly task owes only in
June and December). Coordinators may report but are never chased.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.errors import ValidationError
from tthc_desktop.storage.models import AgencyProfile, ProgressEntry, Task, Unit

REPLY_DAYS = 3  # a reminder written after the deadline asks for the report within this many days


@dataclass
class UnitFollowUp:
    unit_id: int
    unit: str
    email: str
    deadline: date
    tasks: list[str] = field(default_factory=list)  # every task number where the unit has a role
    must_report: list[str] = field(default_factory=list)
    reported: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)  # reported after the unit deadline
    done: list[str] = field(default_factory=list)  # lead tasks the unit itself reported finished
    lead_task_ids: list[int] = field(default_factory=list, repr=False)

    def to_json(self) -> dict:
        return {"unit": self.unit, "email": self.email, "deadline": self.deadline.isoformat(),
                "tasks": self.tasks, "must_report": self.must_report, "reported": self.reported,
                "missing": self.missing, "late": self.late, "done": self.done}


def unit_deadline(db, period: Period) -> date:
    with db.read_session() as s:
        profile = s.execute(select(AgencyProfile).limit(1)).scalar()
        day = profile.unit_deadline_day if profile and profile.unit_deadline_day else 16
    return period.department_deadline(day)


def owes(row, unit_state, period: Period) -> bool:
    """Whether this unit must still report this task in ``period`` (a lead unit the office has not excused)."""
    if unit_state.role != "lead":
        return False
    if row.office_note and row.status in st.CLOSED:
        return False  # the office settled it
    if row.kind == "recurring":
        return st.covers(row.every, period)
    return unit_state.reported or unit_state.status not in st.CLOSED


def follow_up(db, period: str | Period, today: date | None = None, rows: list | None = None) -> list[UnitFollowUp]:
    """One entry per active unit that has a role in some task of the current plan, in catalog order.

    ``rows``: the board rows of ``period`` the caller already holds (the dashboard), not read twice."""
    from tthc_desktop.services.tracking import current_plan_id, load_rows, parse_period

    period = parse_period(period)
    today = today or date.today()
    deadline = unit_deadline(db, period)
    if rows is None:
        rows = load_rows(db, period, today)
    with db.read_session() as s:
        plan_id = current_plan_id(s)
        units = s.execute(select(Unit.id, Unit.name, Unit.email).where(Unit.active.is_(True))
                          .order_by(Unit.position, Unit.id)).all()
        stamps = {(t, u): when for t, u, when in s.execute(
            select(ProgressEntry.task_id, ProgressEntry.unit_id, ProgressEntry.updated_at)
            .join(Task, Task.id == ProgressEntry.task_id)
            .where(Task.plan_id == plan_id, ProgressEntry.period == period.code,
                   ProgressEntry.unit_id.is_not(None)))} if plan_id else {}
    out = {uid: UnitFollowUp(uid, name, email or "", deadline) for uid, name, email in units}
    for row in rows:
        for us in row.units:
            f = out.get(us.unit_id)
            if f is None:
                continue
            f.tasks.append(row.number)
            if us.role == "lead":
                f.lead_task_ids.append(row.id)
                if us.status in st.FINISHED:
                    f.done.append(row.number)
            if not owes(row, us, period):
                continue
            f.must_report.append(row.number)
            if us.reported:
                f.reported.append(row.number)
                when = stamps.get((row.id, us.unit_id))
                if when is not None and when.date() > deadline:
                    f.late.append(row.number)
            else:
                f.missing.append(row.number)
    return [f for f in out.values() if f.tasks]


def pending(db, period: str | Period, today: date | None = None) -> list[dict]:
    """[{"unit", "missing": [task numbers], "deadline"}] for the units that still owe a report."""
    return [{"unit": f.unit, "missing": f.missing, "deadline": f.deadline.isoformat()}
            for f in follow_up(db, period, today) if f.missing]


def reply_by(deadline: date, today: date) -> date:
    """The date a reminder asks for: the unit deadline, or a few days from today once it has passed."""
    return deadline if today <= deadline else today + timedelta(days=REPLY_DAYS)


def write_reminders(db, period: str | Period, out_dir: Path, today: date | None = None,
                    units: list[str] | None = None) -> list[Path]:
    """For every unit still missing: a công văn đôn đốc (.docx), its report sheet (.xlsx) and an .eml draft."""
    from tthc_desktop.exporters.eml_draft import write_eml
    from tthc_desktop.exporters.reminder_docx import ReminderLetter, write_reminder
    from tthc_desktop.services import unit_reports
    from tthc_desktop.services.tracking import load_rows, parse_period, resolve_unit, safe_file_name

    period = parse_period(period)
    today = today or date.today()
    wanted = {resolve_unit(db, u) for u in units} if units else None
    late = [f for f in follow_up(db, period, today) if f.missing and (wanted is None or f.unit_id in wanted)]
    if not late:
        return []
    with db.read_session() as s:
        profile = s.execute(select(AgencyProfile).limit(1)).scalar()
        if profile is None or not profile.name.strip():
            raise ValidationError("Chưa khai báo thông tin cơ quan (tên Sở); hãy nhập ở mục Thông tin cơ quan "
                                  "trước khi lập văn bản đôn đốc.")
        agency = {k: getattr(profile, k) for k in ("name", "parent_body", "short_code", "place_name",
                                                   "office_email", "signer_title")}
    contents = {r.number: r.content for r in load_rows(db, period, today)}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sheets = {p.stem: p for p in unit_reports.export_unit_sheets(db, period, out_dir, [str(f.unit_id) for f in late])}
    written: list[Path] = []
    for f in late:
        letter = ReminderLetter(
            parent_body=agency["parent_body"], agency=agency["name"], agency_code=agency["short_code"],
            place=agency["place_name"], today=today, unit=f.unit, period_label=period.label,
            tasks=[(n, contents.get(n, "")) for n in f.missing], deadline=f.deadline,
            reply_by=reply_by(f.deadline, today), office_email=agency["office_email"])
        stem = safe_file_name(f"Đôn đốc {period.code} - {f.unit}")
        docx = write_reminder(letter, out_dir / f"{stem}.docx")
        sheet = sheets.get(safe_file_name(f"Phiếu báo cáo {period.code} - {f.unit}.xlsx").rsplit(".", 1)[0])
        attachments = [docx] + ([sheet] if sheet else [])
        eml = write_eml(out_dir / f"{stem}.eml", to=[f.email] if f.email else [],
                        subject="Đ" + letter.subject.removeprefix("V/v đ"),
                        body=letter.email_body(), attachments=attachments, sender=agency["office_email"] or "")
        written += [docx, *([sheet] if sheet else []), eml]
    return written
