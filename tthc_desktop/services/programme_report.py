"""Programmes (Nghị quyết 131/NQ-CP …): tagging tasks and reporting their progress for a period.

A programme's definition (full title, recipient, its own sections) is kept in the Setting
"programmes"; a task is tagged through ``Task.programmes`` and placed in one of the programme's
sections through ``Task.notes["programme_sections"][name]``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.programme import Programme, ProgrammeReport, ReportItem, group_items
from tthc_desktop.domain.status import status_label
from tthc_desktop.domain.text import fold, format_date, normalize
from tthc_desktop.errors import UsageError, ValidationError
from tthc_desktop.services import outputs
from tthc_desktop.services.tracking import current_plan_id, parse_period
from tthc_desktop.services.history import recorded, task_label
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import AgencyProfile, Plan, ProgressEntry, Setting, Task

SETTING_KEY = "programmes"
NOTES_KEY = "programme_sections"
NO_RESULT = "Chưa có kết quả báo cáo trong kỳ."
_BULLETED = re.compile(r"^\s*(?:[-–•]|\+\s|[a-zđ]\)\s)", re.IGNORECASE)


def list_programmes(db: Database) -> list[Programme]:
    """Defined programmes, plus any tag used on a task but not defined yet (name only)."""
    with db.session() as s:
        setting = s.get(Setting, SETTING_KEY)
        defined = [Programme.from_json(d) for d in (setting.value if setting and isinstance(setting.value, list) else [])
                   if isinstance(d, dict)]
        tags = {str(t) for row in s.execute(select(Task.programmes)).scalars() for t in (row or [])}
    names = {fold(p.name) for p in defined}
    extra = sorted({t.strip() for t in tags if t.strip() and fold(t) not in names})
    return [p for p in defined if p.name] + [Programme(name) for name in extra]


def find_programme(db: Database, name: str) -> Programme:
    for programme in list_programmes(db):
        if programme.matches(name):
            return programme
    raise ValidationError(f"Chưa có nhiệm vụ nào gắn với chương trình «{name}»; hãy gắn nhiệm vụ trước khi báo cáo.")


@recorded("plan_edit", lambda db, programme: f"Lưu chương trình «{programme.name}»")
def save_programme(db: Database, programme: Programme) -> None:
    """Add or replace a programme's definition (matched by name, accent-insensitively)."""
    if not programme.name.strip():
        raise ValidationError("Tên chương trình không được để trống.")
    with db.session() as s:
        setting = s.get(Setting, SETTING_KEY)
        items = list(setting.value) if setting and isinstance(setting.value, list) else []
        items = [d for d in items if not (isinstance(d, dict) and fold(d.get("name", "")) == fold(programme.name))]
        items.append(programme.to_json())
        if setting is None:
            s.add(Setting(key=SETTING_KEY, value=items))
        else:
            setting.value = items


@recorded("plan_edit", lambda db, task_id, name, *a, **k: f"Gắn {task_label(db, task_id)} với chương trình «{name}»")
def tag_task(db: Database, task_id: int, name: str, section_code: str | None = None) -> None:
    """Tag a task with a programme, optionally in one of the programme's sections."""
    name = normalize(name)
    if not name:
        raise ValidationError("Tên chương trình không được để trống.")
    with db.session() as s:
        task = s.get(Task, task_id)
        if task is None:
            raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
        tags = [t for t in (task.programmes or []) if fold(t) != fold(name)] + [name]
        task.programmes = tags
        notes = dict(task.notes or {})
        sections = {k: v for k, v in dict(notes.get(NOTES_KEY) or {}).items() if fold(k) != fold(name)}
        if section_code:
            sections[name] = section_code.strip()
        notes[NOTES_KEY] = sections
        task.notes = notes


@recorded("plan_edit", lambda db, task_id, name: f"Bỏ gắn {task_label(db, task_id)} khỏi chương trình «{name}»")
def untag_task(db: Database, task_id: int, name: str) -> None:
    with db.session() as s:
        task = s.get(Task, task_id)
        if task is None:
            raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
        task.programmes = [t for t in (task.programmes or []) if fold(t) != fold(name)]
        notes = dict(task.notes or {})
        notes[NOTES_KEY] = {k: v for k, v in dict(notes.get(NOTES_KEY) or {}).items() if fold(k) != fold(name)}
        task.notes = notes


@dataclass
class TaskChoice:
    """A task of the tracked plan as the programme dialog lists it."""

    id: int
    number: str
    section: str  # "I. Ban hành các văn bản …"
    content: str
    tagged: bool
    section_code: str  # the programme's section the task belongs to ("" = none)


def programme_tasks(db: Database, name: str) -> list[TaskChoice]:
    """Every task of the tracked plan, with whether (and where) it belongs to programme ``name``."""
    with db.session() as s:
        plan_id = current_plan_id(s)
        if plan_id is None:
            return []
        plan = s.execute(select(Plan).where(Plan.id == plan_id).options(
            selectinload(Plan.sections), selectinload(Plan.tasks))).scalar_one()
        titles = {sec.id: f"{sec.code}. {sec.title}" for sec in plan.sections}
        out = []
        for task in plan.tasks:
            tagged = any(fold(t) == fold(name) for t in (task.programmes or [])) if name.strip() else False
            sections = dict((task.notes or {}).get(NOTES_KEY) or {})
            code = next((v for k, v in sections.items() if fold(k) == fold(name)), "") if tagged else ""
            out.append(TaskChoice(task.id, task.number, titles.get(task.section_id, ""), task.content, tagged, code))
        return out


@recorded("plan_edit", lambda db, name, chosen: f"Chọn nhiệm vụ của chương trình «{name}»")
def set_programme_tasks(db: Database, name: str, chosen: dict[int, str]) -> None:
    """Make exactly the tasks in ``chosen`` (task id → programme section code, "" for none) carry the tag."""
    name = normalize(name)
    if not name:
        raise ValidationError("Tên chương trình không được để trống.")
    with db.session() as s:
        plan_id = current_plan_id(s)
        tasks = s.execute(select(Task).where(Task.plan_id == plan_id)).scalars() if plan_id else []
        for task in tasks:
            tags = [t for t in (task.programmes or []) if fold(t) != fold(name)]
            notes = dict(task.notes or {})
            sections = {k: v for k, v in dict(notes.get(NOTES_KEY) or {}).items() if fold(k) != fold(name)}
            if task.id in chosen:
                tags.append(name)
                if chosen[task.id].strip():
                    sections[name] = chosen[task.id].strip()
            if tags != list(task.programmes or []) or sections != dict(notes.get(NOTES_KEY) or {}):
                task.programmes = tags
                notes[NOTES_KEY] = sections
                task.notes = notes


def _bullet(line: str) -> str:
    return line if _BULLETED.match(line) else f"- {line}"


def result_text(task: Task, period: Period) -> str:
    """What was done in the period: units' results, documents issued, evidence, or the status."""
    codes = {period.code} | {q.code for q in period.quarters}
    entries = sorted((e for e in task.progress if e.period in codes),
                     key=lambda e: (e.period, e.unit.position if e.unit else -1, e.id))
    several_units = len({e.unit_id for e in entries}) > 1
    lines: list[str] = []
    for entry in entries:
        prefix = f"{entry.unit.name}: " if several_units and entry.unit else ""
        for text in (entry.result_text, entry.documents_text):
            for line in normalize(text).split("\n"):
                if line.strip():
                    lines.append(_bullet(prefix + line.strip().lstrip("-–• ").strip()) if prefix else _bullet(line))
    for doc in sorted((d for d in task.evidence if d.period in codes or not d.period),
                      key=lambda d: (d.doc_date or date.min, d.id)):
        ref = " ".join(x for x in (f"số {doc.number_symbol}" if doc.number_symbol else "",
                                   f"ngày {format_date(doc.doc_date)}" if doc.doc_date else "") if x)
        issuer = f" của {doc.issuer}" if doc.issuer else ""
        summary = f" {doc.summary.strip()}" if doc.summary.strip() else ""
        lines.append(f"- Văn bản {ref}{issuer}{summary}.".replace("  ", " ").replace("..", "."))
    if not lines:
        latest = entries[-1] if entries else None
        return f"{status_label(latest.status)}." if latest else NO_RESULT
    if len(lines) == 1:
        return lines[0].lstrip("-–• ").strip()
    return "\n".join(lines)


def build_programme_report(db: Database, name: str, period: str | Period, *, number: str = "",
                           doc_date: date | None = None) -> ProgrammeReport:
    period = parse_period(period)
    programme = find_programme(db, name)
    with db.session() as s:
        profile = s.execute(select(AgencyProfile).order_by(AgencyProfile.id)).scalars().first()
        if profile is None or not profile.name.strip():
            raise ValidationError("Chưa khai báo thông tin cơ quan (tên Sở, cơ quan chủ quản); "
                                  "hãy nhập ở mục Thông tin cơ quan trước khi lập báo cáo.")
        plan_id = current_plan_id(s)
        if plan_id is None:
            raise ValidationError("Chưa có kế hoạch của Sở để lập báo cáo; hãy lập kế hoạch trước.")
        plan = s.execute(select(Plan).where(Plan.id == plan_id).options(
            selectinload(Plan.sections),
            selectinload(Plan.tasks).selectinload(Task.progress).selectinload(ProgressEntry.unit),
            selectinload(Plan.tasks).selectinload(Task.evidence))).scalar_one()
        titles = {sec.id: sec.title for sec in plan.sections}
        tagged = []
        for task in plan.tasks:
            tag = next((t for t in (task.programmes or []) if programme.matches(t)), None)
            if tag is None:
                continue
            sections = dict((task.notes or {}).get(NOTES_KEY) or {})
            code = next((v for k, v in sections.items() if programme.matches(k)), "")
            item = ReportItem(content=task.content, result=result_text(task, period), plan_number=task.number)
            tagged.append((code, titles.get(task.section_id, ""), item))
        if not tagged:
            raise ValidationError(f"Chưa có nhiệm vụ nào của kế hoạch gắn với chương trình «{programme.name}».")
        recipient = programme.recipient or profile.province_office or "Văn phòng UBND tỉnh"
        return ProgrammeReport(
            programme=programme, period_label=period.label, parent_body=profile.parent_body,
            agency_name=profile.name, agency_code=profile.short_code, place_name=profile.place_name,
            year=period.year if doc_date is None else doc_date.year, number=number, doc_date=doc_date,
            blank_month=None if doc_date else period.last_month,  # reports go out in the period's last month
            signer_name=profile.signer_name, signer_title=profile.signer_title or "GIÁM ĐỐC",
            signer_prefix=profile.signer_prefix, signer_deputy_title=profile.signer_deputy_title,
            recipient=recipient, recipients=["- Như trên;", "- GĐ, các PGĐ Sở;", "- Lưu: VT, VP."],
            groups=group_items(programme, tagged),
        )


def export_programme_report(db: Database, name: str, period: str | Period, out: Path, *, number: str = "",
                            doc_date: date | None = None) -> Path:
    """Write the programme's progress report (Word, seed 001 layout) atomically; returns the file."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise UsageError(f"Tệp báo cáo phải có đuôi .docx: «{out.name}».")
    report = build_programme_report(db, name, period, number=number, doc_date=doc_date)
    from tthc_desktop.exporters.programme_docx import write_programme_docx

    return outputs.write_output(db, Path(out), lambda p: write_programme_docx(report, p), kind="programme",
                                period=parse_period(period).code).files[0]
