"""The quarterly narrative report (Báo cáo) in the Nghị định 30 layout, with the forms as landscape annexes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tthc_desktop.domain.forms import FormSheet


@dataclass
class ReportPart:
    key: str  # "I.1", "II" …
    heading: str
    level: int  # 1: "I. …" capitals; 2: "1. …"
    text: str = ""  # one paragraph per line


@dataclass
class ReportDocument:
    parent_body: str
    agency: str
    number_line: str  # "Số:      /BC-SNNPTNT"
    place_date: str
    title: str  # "BÁO CÁO"
    subject: str
    recipient: str  # Kính gửi
    opening: str
    parts: list[ReportPart]
    closing: str
    recipients: list[str]  # Nơi nhận
    signer_title: str = "GIÁM ĐỐC"
    signer_name: str = ""
    signer_prefix: str = ""
    signer_deputy_title: str = ""
    annexes: list[FormSheet] = field(default_factory=list)
    annex_note: str = ""  # "(Kèm theo Báo cáo số …)" under each annex title
    author: str = ""  # the department, in the file's properties


_SUB_HEADING = re.compile(r"^(\d{1,2}\.|[a-zđ]\))\s+\S.{0,80}$")


def _body_lines(doc, text: str) -> None:
    """One paragraph per line; a short numbered line ("1. Ưu điểm", "a) …") is a bold sub-heading kept
    with the paragraph after it."""
    from tthc_desktop.exporters import docx_layout as L

    for line in (text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        if _SUB_HEADING.match(line) and not line.endswith((".", ";")):
            L.body(doc, line, markup=False, bold=True, keep_with_next=True)
        else:
            L.body(doc, line, markup=False)


def build_document(report: ReportDocument):
    from tthc_desktop.exporters import docx_layout as L
    from tthc_desktop.exporters.forms_docx import add_form_heading, add_form_table, add_missing_note

    doc = L.new_document()
    L.set_properties(doc, author=report.author or report.agency, title=f"{report.title} {report.subject}")
    L.header_block(doc, L.HeaderBlock(report.parent_body, report.agency, report.number_line, report.place_date))
    L.title_block(doc, report.title, report.subject)
    L.kinh_gui(doc, [report.recipient])
    _body_lines(doc, report.opening)
    for part in report.parts:
        L.heading(doc, part.heading, level=part.level)
        _body_lines(doc, part.text)
    _body_lines(doc, report.closing)
    L.signature_block(doc, report.recipients, L.Signature(report.signer_title or "GIÁM ĐỐC", report.signer_name,
                                                          report.signer_prefix, report.signer_deputy_title))
    for sheet in report.annexes:
        first = L.start_landscape_section(doc, sheet.definition.form_label, bold=True)
        # No signature under an annex: the report it is attached to carries it.
        add_form_heading(doc, sheet, first_paragraph=first, note=report.annex_note)
        add_form_table(doc, sheet)
        add_missing_note(doc, sheet)
    return doc


def write_report_docx(report: ReportDocument, target: Path) -> Path:
    from tthc_desktop.exporters.atomic import write_atomically

    doc = build_document(report)
    return write_atomically(Path(target), lambda tmp: doc.save(str(tmp)))
