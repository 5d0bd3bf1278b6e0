"""Issuing the department's plan: read it from the database into a PlanDocument, write Word/Excel.

Used by ``tthc plan export`` and by the plan editor's "Xuất Word/Excel" action.
"""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tthc_desktop.domain.plan_document import PlanDocument, PlanSectionRows, PlanTaskRow
from tthc_desktop.domain.plan_texts import (
    ReportingRules,
    blocks_from,
    default_organisation,
    default_preamble,
    default_purposes,
    default_recipients,
    default_requirements,
    paragraphs_from,
    reporting_blocks,
)
from tthc_desktop.domain.text import fold, format_date, to_roman
from tthc_desktop.errors import UsageError, ValidationError
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import AgencyProfile, Plan, Task, TaskUnit, Unit, UnitGroup

OFFICE_NAME = "Văn phòng Sở"


def office_name(s) -> str:
    """The internal unit that gathers reports: the active "Văn phòng …" unit, else "Văn phòng Sở"."""
    names = s.execute(select(Unit.name).where(Unit.active.is_(True)).order_by(Unit.position, Unit.id)).scalars()
    return next((n for n in names if fold(n).startswith("van phong")), OFFICE_NAME)
_DOC_KINDS = {"QĐ": "Quyết định", "KH": "Kế hoạch", "CT": "Chỉ thị", "CV": "Công văn", "TB": "Thông báo"}


def _load_plan(s, plan_id: int) -> Plan:
    plan = s.execute(
        select(Plan).where(Plan.id == plan_id).options(
            selectinload(Plan.sections),
            selectinload(Plan.tasks).selectinload(Task.units).selectinload(TaskUnit.unit),
        )
    ).scalar_one_or_none()
    if plan is None:
        raise UsageError(f"Không có kế hoạch số {plan_id} trong cơ sở dữ liệu.")
    if plan.kind != "department":
        raise UsageError(f"Kế hoạch số {plan_id} là kế hoạch của tỉnh; chỉ xuất được kế hoạch của Sở.")
    return plan


def decision_citation(source: Plan | None, place: str) -> str:
    """"Quyết định số 165/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh … ban hành Kế hoạch …"."""
    if source is None or not source.number:
        return ""
    stored = (source.text_blocks or {}).get("citation")
    if stored:
        return str(stored)
    m = re.search(r"/([A-ZĐ]+)-", source.number.upper())
    kind = _DOC_KINDS.get(m[1] if m else "", "Văn bản")
    text = f"{kind} số {source.number}"
    if source.doc_date:
        text += f" ngày {format_date(source.doc_date)}"
    issuer = source.issuer.strip()
    if issuer:
        if kind == "Quyết định" and fold(issuer).startswith(("ubnd", "uy ban nhan dan")):
            issuer = f"Chủ tịch {issuer}"  # plans are approved by the chairman's decision
        text += f" của {issuer}"
    if kind == "Quyết định":
        where = f" trên địa bàn tỉnh {place}" if place else ""
        text += f" ban hành Kế hoạch hoạt động kiểm soát thủ tục hành chính (TTHC) năm {source.year}{where}"
    return text


def _covers(agencies: list[str], unit_names: set[str], groups: dict[str, set[str]]) -> bool:
    """Whether the wording of the plan names exactly the units recorded (directly or by a group name)."""
    named: set[str] = set()
    for agency in agencies:
        key = fold(agency).rstrip(" .;")
        named |= {u for u in unit_names if fold(u) == key}
        for group, members in groups.items():
            if fold(group) == key:
                named |= members
    return bool(agencies) and unit_names <= named


def _role_names(task: Task, role: str, groups: dict[str, set[str]]) -> list[str]:
    """The plan's own words ("Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"), never the expanded list.

    Units the officer added by hand (no phrase) are named after the words; links stored before phrases
    were kept (none has one) are printed by name unless the words cover them."""
    links = sorted((tu for tu in task.units if tu.role == role), key=lambda tu: (tu.unit.position, tu.unit.name))
    agencies = list(task.lead_agencies if role == "lead" else task.coordinate_agencies)
    loose = [tu.unit.name for tu in links if not tu.phrase]
    if not loose or _covers(agencies, set(loose), groups):
        return agencies
    if any(tu.phrase for tu in links):
        return agencies + [n for n in loose if not _covers(agencies, {n}, groups)]
    return loose


def _task_row(task: Task, groups: dict[str, set[str]]) -> PlanTaskRow:
    return PlanTaskRow(
        number=task.number, parent=task.parent_number or None, content=task.content,
        results=list(task.results or []),
        lead_units=_role_names(task, "lead", groups), coordinate_units=_role_names(task, "coordinate", groups),
        time_text=task.time_text,
    )


def build_plan_document(db: Database, plan_id: int, *, default_texts: bool = False) -> PlanDocument:
    """Everything the plan prints, from the database: profile, texts (stored or default), sections, tasks.

    ``default_texts`` ignores the officer's stored text blocks (to show what "Khôi phục mặc định" gives).
    """
    with db.session() as s:
        plan = _load_plan(s, plan_id)
        profile = s.execute(select(AgencyProfile).order_by(AgencyProfile.id)).scalars().first()
        if profile is None or not profile.name.strip():
            raise ValidationError("Chưa khai báo thông tin cơ quan (tên Sở, cơ quan chủ quản); "
                                  "hãy nhập ở mục Thông tin cơ quan trước khi xuất kế hoạch.")
        if not plan.tasks:
            raise ValidationError(f"Kế hoạch số {plan_id} chưa có nhiệm vụ nào để xuất.")
        groups = {g.name: {u.name for u in g.units} for g in s.execute(
            select(UnitGroup).options(selectinload(UnitGroup.units))).scalars()}
        source = s.get(Plan, plan.derived_from_id) if plan.derived_from_id else None
        blocks = {} if default_texts else dict(plan.text_blocks or {})
        year = plan.year
        sections = []
        for section in plan.sections:
            tasks = [_task_row(t, groups) for t in plan.tasks if t.section_id == section.id]
            sections.append(PlanSectionRows(section.code, section.title, tasks))
        loose = [_task_row(t, groups) for t in plan.tasks if t.section_id is None]
        if loose:
            sections.append(PlanSectionRows(to_roman(len(sections) + 1), "Nhiệm vụ khác", loose))
        citation = decision_citation(source, profile.place_name)
        office = office_name(s)
        rules = ReportingRules(year=year, unit_deadline_day=profile.unit_deadline_day or 16,
                               office_email=profile.office_email.strip(), office_name=office,
                               province_office=profile.province_office or "Văn phòng UBND tỉnh")
        document = PlanDocument(
            parent_body=profile.parent_body, agency_name=profile.name, agency_code=profile.short_code,
            agency_short_name=profile.short_name, place_name=profile.place_name, year=year,
            number=plan.number, doc_date=plan.doc_date,
            blank_month=_int_or_none(blocks.get("blank_month")),
            signer_name=plan.signer_name or profile.signer_name,
            signer_title=profile.signer_title or "GIÁM ĐỐC", signer_prefix=profile.signer_prefix,
            signer_deputy_title=profile.signer_deputy_title,
            decision_citation=citation,
            subject=str(blocks.get("subject") or
                        f"Hoạt động kiểm soát thủ tục hành chính năm {year} của {profile.name}"),
            preamble=" ".join(paragraphs_from(blocks.get("preamble"))) or default_preamble(citation, profile.name, year),
            purposes=paragraphs_from(blocks.get("purpose")) or default_purposes(),
            requirements=paragraphs_from(blocks.get("requirements")) or default_requirements(),
            reporting=blocks_from(blocks.get("reporting")) or reporting_blocks(rules),
            organisation=paragraphs_from(blocks.get("organisation"))
            or default_organisation(office, rules.province_office),
            recipients=paragraphs_from(blocks.get("recipients"))
            or default_recipients(profile.parent_body, rules.province_office),
            sections=sections,
        )
    return document


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _check_target(path: Path | None, suffix: str, option: str) -> Path | None:
    if path is None:
        return None
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise UsageError(f"Tệp {option} phải có đuôi {suffix}: «{path.name}».")
    return path


def export_plan(db: Database, plan_id: int, docx: Path | None = None, xlsx: Path | None = None) -> list[Path]:
    """Write the plan as Word and/or Excel; returns the files written (each atomically)."""
    docx, xlsx = _check_target(docx, ".docx", "--docx"), _check_target(xlsx, ".xlsx", "--xlsx")
    if docx is None and xlsx is None:
        raise UsageError("Hãy chọn ít nhất một tệp để xuất: --docx TỆP.docx hoặc --xlsx TỆP.xlsx.")
    document = build_plan_document(db, plan_id)
    written: list[Path] = []
    if docx is not None:
        from tthc_desktop.exporters.plan_docx import write_plan_docx

        written.append(write_plan_docx(document, docx))
    if xlsx is not None:
        from tthc_desktop.exporters.plan_xlsx import write_plan_xlsx

        written.append(write_plan_xlsx(document, xlsx))
    return written
