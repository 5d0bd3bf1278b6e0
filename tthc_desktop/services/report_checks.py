"""What the officer must know before the report of a period is built: missing figures, disagreements,
and the văn thư's consistency check of the text. The CLI prints it; the report page shows it."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from tthc_desktop.domain.consistency import Problem, check_document
from tthc_desktop.domain.periods import Period
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import Plan


@dataclass
class ReportCheck:
    period: Period
    figure_warnings: list[str] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)  # [{"unit", "form", "field"}]
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return self.figure_warnings + [f"Kiểm tra văn bản – {p.message()}" for p in self.problems]

    @property
    def has_missing(self) -> bool:
        return bool(self.missing)

    def to_json(self) -> dict:
        return {"warnings": self.warnings, "missing": self.missing, "problems": [p.to_json() for p in self.problems]}


def _cited_plan_year(db: Database) -> tuple[int | None, int | None]:
    """(the current department plan's year, the year of the provincial plan it was derived from)."""
    from tthc_desktop.services.tracking import current_plan_id

    with db.session() as s:
        plan = s.get(Plan, current_plan_id(s)) if current_plan_id(s) else None
        if plan is None:
            return None, None
        source = s.scalar(select(Plan).where(Plan.id == plan.derived_from_id)) if plan.derived_from_id else None
        return plan.year, source.year if source else None


def document_problems(document, period: Period) -> list[Problem]:
    """The consistency check of a built ReportDocument."""
    parts = [("opening", "Phần mở đầu", document.opening)]
    parts += [(p.key, p.heading, p.text) for p in document.parts]
    parts.append(("closing", "Phần kết", document.closing))
    return check_document(parts, doc_code="BC", number_line=document.number_line, year=period.year)


def check_report(db: Database, period: Period, document=None, figures: dict | None = None) -> ReportCheck:
    """Everything to warn about before building the report of ``period`` (nothing is written)."""
    from tthc_desktop.services.period_figures import period_figures
    from tthc_desktop.services.report import FORMS, report_document

    result = ReportCheck(period)
    for code in FORMS:
        found = (figures or {}).get(code) or period_figures(db, code, period)
        result.figure_warnings += found.warnings
        result.missing += [m.to_json() for m in found.missing]
    result.problems = document_problems(document or report_document(db, period, figures), period)
    plan_year, cited = _cited_plan_year(db)
    if plan_year and plan_year != period.year:
        result.problems.append(Problem("plan", "Kế hoạch đang theo dõi",
                                       f"Kế hoạch đang theo dõi là của năm {plan_year}, kỳ báo cáo thuộc năm "
                                       f"{period.year}."))
    if plan_year and cited and cited != plan_year:
        result.problems.append(Problem("plan", "Căn cứ kế hoạch",
                                       f"Kế hoạch của Sở năm {plan_year} được lập từ kế hoạch của tỉnh năm {cited}: "
                                       "hãy kiểm tra căn cứ được trích dẫn."))
    return result


def plan_problems(db: Database, plan_id: int) -> list[Problem]:
    """The consistency check of the department plan as it will print (Kế hoạch: type code KH)."""
    from tthc_desktop.domain.plan_document import document_number
    from tthc_desktop.services.plan_export import build_plan_document

    doc = build_plan_document(db, plan_id)
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        source = s.get(Plan, plan.derived_from_id) if plan.derived_from_id else None
        cited = source.year if source is not None else None
    parts = [("preamble", "Phần mở đầu", doc.preamble), ("purposes", "Mục đích", "\n".join(doc.purposes)),
             ("requirements", "Yêu cầu", "\n".join(doc.requirements)),
             ("organisation", "Tổ chức thực hiện", "\n".join(doc.organisation))]
    parts += [(f"reporting.{i}", b.heading, "\n".join(b.paragraphs)) for i, b in enumerate(doc.reporting)]
    parts += [(f"section.{sec.code}", f"{sec.code}. {sec.title}", "\n".join(t.content for t in sec.tasks))
              for sec in doc.sections]
    number = f"Số: {document_number(doc.number, doc.doc_type, doc.agency_code)}"
    return check_document(parts, doc_code=doc.doc_type, number_line=number, year=doc.year, cited_plan_year=cited)
