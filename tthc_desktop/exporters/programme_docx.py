"""A programme's progress report as a công văn with an annex table (the layout of seed 001).

Header block with "V/v …" under the number, "Kính gửi:", a short body, signature, then the annex
"Stt · Nhiệm vụ/nội dung công việc · Kết quả thực hiện" grouped by the programme's own sections.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

from tthc_desktop.domain.programme import ProgrammeReport
from tthc_desktop.domain.report_text import join_basis
from tthc_desktop.domain.text import blank_document_date, format_date
from tthc_desktop.exporters import docx_layout as L

ANNEX_COLUMNS = (("Stt", 1.3, "center"), ("Nhiệm vụ/nội dung công việc", 9.4, "left"),
                 ("Kết quả thực hiện", 15.4, "left"))
SUBJECT_CHARS = 34  # "V/v …" lines under the number, as wide as the left column allows


def _period_phrase(report: ProgrammeReport) -> str:
    label = report.period_label
    return label[:1].lower() + label[1:]


def document_code(report: ProgrammeReport) -> str:
    """A công văn is numbered agency–unit: "…/SNNPTNT-VP"."""
    return f"{report.agency_code}-VP" if report.agency_code else "VP"


def subject_lines(report: ProgrammeReport) -> list[str]:
    """"V/v …" in lines of similar length (no lone word on the last line), at most SUBJECT_CHARS wide."""
    subject = f"V/v báo cáo kết quả triển khai {report.programme.name} {_period_phrase(report)}"
    count = len(textwrap.wrap(subject, SUBJECT_CHARS))
    for width in range(max(1, len(subject) // count), SUBJECT_CHARS + 1):
        lines = textwrap.wrap(subject, width)
        if len(lines) == count:
            return lines
    return textwrap.wrap(subject, SUBJECT_CHARS)



def build_programme_docx(report: ProgrammeReport):
    doc = L.new_document()
    L.set_properties(doc, author=report.agency_name, title=" ".join(subject_lines(report)))
    L.header_block(doc, L.HeaderBlock(
        parent_body=report.parent_body, agency=report.agency_name,
        number_line=L.number_line(report.number, "", document_code(report)),
        place_date=L.place_date_line(report.place_name, report.doc_date, report.year, report.blank_month),
        subject_lines=subject_lines(report),
    ))
    L.kinh_gui(doc, [report.recipient])
    opening = join_basis(report.programme.basis,
                         f"{report.agency_name} báo cáo kết quả triển khai các nhiệm vụ được giao tại "
                         f"{report.title_of_programme} {_period_phrase(report)} *theo Phụ lục đính kèm.*")
    L.body(doc, opening[:1].upper() + opening[1:])
    L.body(doc, f"Kính báo cáo {report.recipient} xem xét, tổng hợp./.")
    L.signature_block(doc, report.recipients, L.Signature(
        title=report.signer_title, name=report.signer_name, prefix=report.signer_prefix,
        deputy_title=report.signer_deputy_title))
    _annex(doc, report)
    return doc


def _annex(doc, report: ProgrammeReport) -> None:
    L.start_landscape_section(doc, "Phụ lục")
    L.paragraph(doc, f"Kết quả triển khai các nhiệm vụ tại {report.title_of_programme} {_period_phrase(report)}",
                align="center", bold=True, indent=False, after=0)
    number = L.document_number(report.number, "", document_code(report)).strip()
    when = (f"ngày {format_date(report.doc_date)}" if report.doc_date
            else blank_document_date(report.year, "", report.blank_month))
    L.paragraph(doc, f"(Kèm theo Công văn số {number} {when} của {report.agency_name})", align="center",
                italic=True, indent=False, after=8)
    writer = L.TableWriter(doc, [L.Column(t, w, a) for t, w, a in ANNEX_COLUMNS], size=12)
    counter = 0
    for group in report.groups:
        writer.add_section_row(group.code, group.title)
        for item in group.items:
            counter += 1
            writer.add_row([str(counter), item.content, item.result])
    L.end_after_table(doc)


def write_programme_docx(report: ProgrammeReport, target: Path) -> Path:
    from tthc_desktop.exporters.atomic import write_atomically

    document = build_programme_docx(report)
    return write_atomically(Path(target), lambda tmp: document.save(str(tmp)))
