"""Storing imported plans: a ParsedPlan (or a file read into one) becomes Plan/PlanSection/Task rows.

The same file imported twice is recognised by its SHA-256, so an officer who drops the
province's annex onto the window a second time is told instead of getting two copies.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tthc_desktop.domain.plan import ParsedPlan, PlanSection as ParsedSection, PlanTask, Schedule
from tthc_desktop.domain.text import fold, format_date
from tthc_desktop.errors import BadInputError, ValidationError
from tthc_desktop.services.history import recorded
from tthc_desktop.storage import locks
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import Plan, PlanSection, Task

PLAN_KINDS = ("provincial", "department")


def _as_parsed(path_or_parsed, year: int | None) -> ParsedPlan:
    if isinstance(path_or_parsed, ParsedPlan):
        return path_or_parsed
    path = Path(path_or_parsed)
    if not path.is_file():
        raise BadInputError(f"Không tìm thấy tệp «{path}».")
    from tthc_desktop.importers import read_plan

    return read_plan(path, year=year)


def find_duplicate(db: Database, source_hash: str, kind: str | None = None) -> dict | None:
    """The plan already imported from a file with this hash, if any."""
    if not source_hash:
        return None
    with db.session() as s:
        query = select(Plan).where(Plan.source_hash == source_hash)
        if kind:
            query = query.where(Plan.kind == kind)
        plan = s.scalars(query.order_by(Plan.id)).first()
        return _summary(s, plan) if plan else None


def _source_name(path_or_parsed) -> str:
    if isinstance(path_or_parsed, ParsedPlan):
        return f"«{path_or_parsed.source_file or path_or_parsed.title[:80]}»"
    return f"«{Path(path_or_parsed).name}»"


@recorded("plan_import", lambda db, src, **k: f"Nhập kế hoạch {_source_name(src)}")
def import_plan(db: Database, path_or_parsed, *, kind: str = "provincial", year: int | None = None,
                replace_duplicate: bool = False) -> int:
    """Store a plan read from a file (or already parsed and edited in the preview); returns its id."""
    if kind not in PLAN_KINDS:
        raise ValidationError(f"Loại kế hoạch «{kind}» không hợp lệ (provincial hoặc department).")
    parsed = _as_parsed(path_or_parsed, year)
    if year:
        parsed.year = year
    if not parsed.year:
        raise ValidationError("Chưa xác định được năm của kế hoạch; hãy chọn năm trước khi lưu.")
    if not parsed.tasks:
        raise ValidationError("Kế hoạch không có nhiệm vụ nào nên không được lưu.")
    _check_numbers(parsed)
    with db.session() as s:
        locks.in_transaction(s)  # server mode: one import at a time
        if parsed.source_hash:
            existing = s.scalars(select(Plan).where(Plan.source_hash == parsed.source_hash, Plan.kind == kind)).all()
            if existing and not replace_duplicate:
                first = existing[0]
                raise ValidationError(
                    f"Tệp này đã được nhập ngày {format_date(first.created_at.date()) if first.created_at else ''} "
                    f"(kế hoạch «{first.title[:80]}», mã {first.id}); chọn «Thay thế» nếu muốn nhập lại.")
            for old in existing:
                s.delete(old)
            s.flush()
        plan = Plan(kind=kind, year=parsed.year, title=parsed.title, issuer=parsed.issuer,
                    number=parsed.decision, doc_date=parsed.decision_date, source_file_name=parsed.source_file,
                    source_hash=parsed.source_hash, source_format=parsed.format, warnings=list(parsed.warnings))
        s.add(plan)
        s.flush()
        position = 0
        for index, section in enumerate(parsed.sections):
            row = PlanSection(plan_id=plan.id, code=section.code, title=section.title, position=index)
            s.add(row)
            s.flush()
            for task in section.tasks:
                s.add(_task_row(plan.id, row.id, position, task))
                position += 1
        return plan.id


def _check_numbers(parsed: ParsedPlan) -> None:
    for section in parsed.sections:
        seen: set[str] = set()
        for task in section.tasks:
            if not task.number.strip():
                raise ValidationError(f"Mục {section.code or '(không tên)'} có nhiệm vụ chưa có số thứ tự "
                                      f"(«{task.content[:50]}»); hãy điền số trước khi lưu.")
            if task.number in seen:
                raise ValidationError(f"Mục {section.code or '(không tên)'} có hai nhiệm vụ cùng số {task.number}; "
                                      "hãy sửa số thứ tự trước khi lưu.")
            seen.add(task.number)


def stored_dues(schedule: Schedule) -> list[str]:
    """What ``tasks.dues`` keeps of a schedule: its several due dates, or nothing when it has one."""
    return [d.isoformat() for d in schedule.dues] if len(schedule.dues) > 1 else []


def stored_schedule(task: Task) -> Schedule:
    """A stored task's schedule, its several due dates included."""
    from datetime import date

    dues = [date.fromisoformat(d) for d in (task.dues or [])]
    return Schedule(task.schedule_kind or "unspecified", task.due_date, task.every, dues=dues)


def _task_row(plan_id: int, section_id: int, position: int, task: PlanTask) -> Task:
    return Task(
        plan_id=plan_id, section_id=section_id, position=position, number=task.number,
        parent_number=task.parent, content=task.content, results=list(task.results),
        responsible_text=task.responsible_text, lead_agencies=list(task.lead),
        coordinate_agencies=list(task.coordinate), time_text=task.time_text,
        schedule_kind=task.schedule.kind, due_date=task.schedule.due, every=task.schedule.every,
        dues=stored_dues(task.schedule), notes=dict(task.notes),
        search_text=fold(" ".join([task.content, *task.results])),
    )


def _summary(s, plan: Plan) -> dict:
    count = s.scalar(select(func.count(Task.id)).where(Task.plan_id == plan.id)) or 0
    return {
        "id": plan.id, "kind": plan.kind, "year": plan.year, "title": plan.title, "issuer": plan.issuer,
        "decision": plan.number, "decision_date": plan.doc_date.isoformat() if plan.doc_date else None,
        "source_file": plan.source_file_name, "source_hash": plan.source_hash, "format": plan.source_format,
        "tasks": count, "is_current": bool(plan.is_current),
        "imported_at": plan.created_at.isoformat(sep=" ", timespec="seconds") if plan.created_at else None,
    }


def department_plan_years(db: Database) -> set[int]:
    """Years of the department's plans: last year's reports stay reachable from the period list."""
    with db.read_session() as s:
        return {y for y in s.scalars(select(Plan.year).where(Plan.kind == "department").distinct()) if y}


def read_plan_file(path: Path, year: int | None = None, progress=None, cancelled=None) -> ParsedPlan:
    """A plan file read into a ParsedPlan (nothing stored); ``progress``/``cancelled`` as for the importers."""
    from tthc_desktop.importers import read_plan

    return read_plan(path, year, progress, cancelled)


def list_plans(db: Database, kind: str | None = None) -> list[dict]:
    with db.session() as s:
        query = select(Plan).where(Plan.kind.in_(PLAN_KINDS)).order_by(Plan.year.desc(), Plan.id.desc())
        if kind:
            query = query.where(Plan.kind == kind)
        return [_summary(s, p) for p in s.scalars(query)]


def load_parsed_plan(db: Database, plan_id: int) -> ParsedPlan:
    """A stored plan back in the importer's shape (for derive, preview and export)."""
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise ValidationError(f"Không có kế hoạch mã {plan_id} trong cơ sở dữ liệu.")
        parsed = ParsedPlan(source_file=plan.source_file_name, format=plan.source_format, title=plan.title,
                            issuer=plan.issuer, decision=plan.number, decision_date=plan.doc_date, year=plan.year,
                            warnings=list(plan.warnings or []), source_hash=plan.source_hash)
        by_section: dict[int | None, ParsedSection] = {}
        for section in plan.sections:
            by_section[section.id] = ParsedSection(section.code, section.title)
            parsed.sections.append(by_section[section.id])
        for task in plan.tasks:
            target = by_section.get(task.section_id)
            if target is None:
                target = by_section.setdefault(None, ParsedSection("", ""))
                if target not in parsed.sections:
                    parsed.sections.append(target)
            notes = dict(task.notes or {})
            target.tasks.append(PlanTask(
                number=task.number, content=task.content, parent=task.parent_number, results=list(task.results or []),
                lead=list(task.lead_agencies or []), coordinate=list(task.coordinate_agencies or []),
                responsible_text=task.responsible_text, time_text=task.time_text,
                schedule=stored_schedule(task), notes=notes))
        return parsed


@recorded("plan_edit", lambda db, plan_id: f"Xóa kế hoạch mã {plan_id}")
def delete_plan(db: Database, plan_id: int) -> None:
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise ValidationError(f"Không có kế hoạch mã {plan_id} trong cơ sở dữ liệu.")
        from tthc_desktop.services.task_records import delete_holders

        delete_holders(s, plan.id)  # its removed tasks go with it
        s.delete(plan)
