"""The department's plan as Word: a portrait body ready to sign, then the landscape annex table.

Layout of Nghị định 30/2020/NĐ-CP (see ``docx_layout``); content from ``PlanDocument``.
"""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.domain.plan_document import ANNEX_COLUMNS, PlanDocument, annex_rows
from tthc_desktop.exporters import docx_layout as L

# Annex column widths in cm; they add up to the landscape text width (29,7 − 2 − 1,5 = 26,2 cm) less a margin.
ANNEX_WIDTHS_CM = (1.3, 7.6, 7.0, 3.6, 3.6, 3.0)


def build_plan_docx(plan: PlanDocument):
    """The python-docx Document of the plan (body, signature, annex)."""
    doc = L.new_document()
    L.set_properties(doc, author=plan.agency_name, title=f"Kế hoạch {plan.subject}")
    L.header_block(doc, L.HeaderBlock(
        parent_body=plan.parent_body,
        agency=plan.agency_name,
        number_line=L.number_line(plan.number, plan.doc_type, plan.agency_code),
        place_date=L.place_date_line(plan.place_name, plan.doc_date, plan.year, plan.blank_month),
    ))
    L.title_block(doc, "KẾ HOẠCH", plan.subject)
    if plan.preamble:
        L.body(doc, plan.preamble)
    _body_sections(doc, plan)
    L.signature_block(doc, plan.recipients, L.Signature(
        title=plan.signer_title or "GIÁM ĐỐC", name=plan.signer_name,
        prefix=plan.signer_prefix, deputy_title=plan.signer_deputy_title))
    _annex(doc, plan)
    return doc


def _body_sections(doc, plan: PlanDocument) -> None:
    L.heading(doc, "I. Mục đích, yêu cầu", 1)
    L.heading(doc, "1. Mục đích", 2)
    for text in plan.purposes:
        L.body(doc, text)
    L.heading(doc, "2. Yêu cầu", 2)
    for text in plan.requirements:
        L.body(doc, text)
    L.heading(doc, "II. Nội dung kế hoạch và chế độ báo cáo", 1)
    L.heading(doc, f"1. {plan.content_note}", 2)
    if plan.reporting:
        L.heading(doc, "2. Chế độ báo cáo", 2)
        for block in plan.reporting:
            if block.heading:
                L.heading(doc, block.heading, 3)
            for text in block.paragraphs:
                L.body(doc, text)
    L.heading(doc, "III. Tổ chức thực hiện", 1)
    for text in plan.organisation:
        L.body(doc, text)


def _annex(doc, plan: PlanDocument) -> None:
    L.start_landscape_section(doc, "Phụ lục")
    L.paragraph(doc, plan.annex_title, align="center", bold=True, indent=False, after=0)
    L.paragraph(doc, plan.attachment_line(), align="center", italic=True, indent=False, after=8)
    columns = [L.Column(c.title, width, c.align, c.group) for c, width in zip(ANNEX_COLUMNS, ANNEX_WIDTHS_CM)]
    writer = L.TableWriter(doc, columns, size=12)
    for section in plan.sections:
        writer.add_section_row(section.code, section.title)
        group: tuple[int, int, bool] | None = None  # (first row index, rows, content merged too)
        for row in annex_rows(section.tasks):
            index = writer.add_row([row.number, row.content, row.results, row.lead, row.coordinate, row.time_text])
            if row.span > 1:
                group = (index, row.span, row.content_span > 1)
            if group and index == group[0] + group[1] - 1:
                writer.merge_down(0, group[0], index)
                if group[2]:
                    writer.merge_down(1, group[0], index)
                group = None
    L.end_after_table(doc)


def write_plan_docx(plan: PlanDocument, target: Path) -> Path:
    """Write the plan to ``target`` atomically; FileLockedError if it is open in Word."""
    from tthc_desktop.exporters.atomic import write_atomically

    document = build_plan_docx(plan)
    return write_atomically(Path(target), lambda tmp: document.save(str(tmp)))
