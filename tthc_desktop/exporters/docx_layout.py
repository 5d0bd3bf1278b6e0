"""Word layout of Nghị định 30/2020/NĐ-CP, shared by every document the program writes.

Page setup, header block, title, "Kính gửi", signature and annex sections live here; paragraph
helpers in ``docx_text`` and table helpers in ``docx_tables`` are re-exported, so callers use
``from tthc_desktop.exporters import docx_layout as L`` only. Import lazily (exporters only).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from tthc_desktop.domain.plan_document import document_number  # noqa: F401 - re-exported
from tthc_desktop.domain.text import blank_document_date, document_date
from tthc_desktop.exporters.docx_tables import (  # noqa: F401 - re-exported for callers
    Column,
    HeaderCell,
    TableWriter,
    borderless_table,
    fix_widths,
    header_cells_from_columns,
    mark_header_row,
    set_cell_text,
)
from tthc_desktop.exporters.docx_text import (  # noqa: F401 - re-exported for callers
    ALIGN,
    BODY_PT,
    FIRST_LINE_INDENT_CM,
    FONT,
    TABLE_PT,
    _on,
    add_runs,
    balanced_lines,
    body,
    estimate_width_cm,
    heading,
    paragraph,
    rule,
)

A4_SHORT_CM, A4_LONG_CM = 21.0, 29.7
PORTRAIT_MARGINS_CM = (2.0, 2.0, 3.0, 2.0)  # top, bottom, left, right
LANDSCAPE_MARGINS_CM = (2.0, 2.0, 2.0, 1.5)


# --------------------------------------------------------------------------- document and page
def new_document(body_pt: int = BODY_PT) -> DocxDocument:
    """An empty A4 portrait document: margins 2/2/3/2 cm, Times New Roman body, page numbers from page 2."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(body_pt)
    _set_all_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    _page_setup(section, landscape=False)
    add_page_numbers(section, skip_first=True)
    return doc


def set_properties(doc: DocxDocument, *, author: str, title: str = "") -> None:
    """File properties: the department as author, Vietnamese (vi-VN) as the document's and the text's language."""
    props = doc.core_properties
    props.author = author or ""
    props.last_modified_by = author or ""
    props.language = "vi-VN"
    if title:
        props.title = " ".join(title.split())[:250]
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "vi-VN")


def _set_all_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _page_setup(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        section.page_width, section.page_height = Cm(A4_LONG_CM), Cm(A4_SHORT_CM)
        top, bottom, left, right = LANDSCAPE_MARGINS_CM
    else:
        section.page_width, section.page_height = Cm(A4_SHORT_CM), Cm(A4_LONG_CM)
        top, bottom, left, right = PORTRAIT_MARGINS_CM
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def set_landscape(section) -> None:
    """Turn an existing section (e.g. the first one of a table-only document) into A4 landscape."""
    _page_setup(section, landscape=True)


def text_width_cm(section) -> float:
    """Usable width of a section's page, in cm."""
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def add_page_numbers(section, skip_first: bool) -> None:
    """Arabic page number centred in the top margin; not on the first page when ``skip_first``."""
    section.different_first_page_header_footer = skip_first
    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    para.text = ""
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(para, "PAGE", size=13)
    if skip_first:
        section.first_page_header.is_linked_to_previous = False


def _add_field(paragraph: Paragraph, instruction: str, size: int) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run.font.name = FONT
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
            run._r.append(el)
        else:
            run.text = text


def start_section(doc: DocxDocument, first_paragraph: str, *, landscape: bool, bold: bool = True,
                  align: str = "center") -> Paragraph:
    """A new section on a new page (portrait or landscape) that starts with a paragraph, never a table:
    LibreOffice drops the new orientation when a table follows the break directly."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=landscape)
    add_page_numbers(section, skip_first=False)
    return paragraph(doc, first_paragraph, align=align, bold=bold, indent=False, after=0)


def start_landscape_section(doc: DocxDocument, first_paragraph: str = "Phụ lục", *, bold: bool = True) -> Paragraph:
    """A new landscape page section (an annex) that starts with ``first_paragraph``."""
    return start_section(doc, first_paragraph, landscape=True, bold=bold)


# --------------------------------------------------------------------------- header block
@dataclass
class HeaderBlock:
    """The two-column block at the top of page 1 (Nghị định 30/2020, Phụ lục I)."""

    parent_body: str  # "UBND TỈNH QUẢNG NGÃI" (printed in capitals, not bold)
    agency: str  # "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN" (capitals, bold, short rule)
    number_line: str  # "Số: 12/KH-SNNPTNT" or "Số:      /KH-SNNPTNT"
    place_date: str  # "Quảng Ngãi, ngày 05 tháng 02 năm 2024" (italic)
    subject_lines: list[str] = field(default_factory=list)  # "V/v …" under the number (công văn)


def number_line(number: str | None, doc_type: str, agency_code: str) -> str:
    """"Số: 12/KH-SNNPTNT", or "Số:       /KH-SNNPTNT" with blanks for registration."""
    return f"Số: {document_number(number, doc_type, agency_code)}"


def place_date_line(place: str, when: date | None, year: int, month: int | None = None) -> str:
    """"Quảng Ngãi, ngày 05 tháng 02 năm 2024", or blanks for registration."""
    return document_date(when, place) if when else blank_document_date(year, place, month)


def header_block(doc: DocxDocument, block: HeaderBlock, left_ratio: float = 0.40) -> Table:
    """Agency on the left, national motto on the right, number and place-date on a second row."""
    width = text_width_cm(doc.sections[-1]) + 1.0  # the block may use half a cm of each margin
    left, right = round(width * left_ratio, 2), round(width * (1 - left_ratio), 2)
    table = borderless_table(doc, [left, right])
    _set_table_indent(table, -0.5)
    lc, rc = table.rows[0].cells
    usable = left - 0.4  # cell margins
    _first_paragraph(lc, balanced_lines(block.parent_body.upper(), usable, 13), size=13, after=0)
    paragraph(lc, balanced_lines(block.agency.upper(), usable, 13, bold=True), align="center", bold=True,
              size=13, indent=False, after=0)
    rule(lc, min(left * 0.4, 3.0), left, after=2)
    _first_paragraph(rc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, after=0)
    motto = "Độc lập - Tự do - Hạnh phúc"
    paragraph(rc, motto, align="center", bold=True, size=14, indent=False, after=0)
    rule(rc, estimate_width_cm(motto, 14, bold=True), right, after=2)
    row = table.add_row()
    fix_widths(table, [left, right])
    lc, rc = row.cells
    _first_paragraph(lc, block.number_line, size=13, after=0, before=4)
    for line in block.subject_lines:
        paragraph(lc, line, align="center", size=12, indent=False, after=0)
    _first_paragraph(rc, block.place_date, italic=True, size=14, after=0, before=4)
    paragraph(doc, "", indent=False, after=0)
    return table


def _set_table_indent(table: Table, cm: float) -> None:
    tbl_pr = table._tbl.tblPr
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(cm * 567)))
    ind.set(qn("w:type"), "dxa")
    tbl_pr.insert_element_before(ind, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                 "w:tblCaption", "w:tblDescription", "w:tblPrChange")  # schema order


def _first_paragraph(cell: _Cell, text: str, *, align: str = "center", bold: bool = False, italic: bool = False,
                     size: float | None = None, before: float = 0, after: float = 0) -> Paragraph:
    para = cell.paragraphs[0]
    para.alignment = ALIGN[align]
    fmt = para.paragraph_format
    fmt.first_line_indent = Cm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    return add_runs(para, text, size=size, bold=bold, italic=italic)


# --------------------------------------------------------------------------- title, Kính gửi, signature
def title_block(doc: DocxDocument, title: str, subject: str) -> None:
    """"KẾ HOẠCH" bold capitals centred; the subject bold centred; a short rule under it.

    A subject too long for one line is broken before its last " của " ("… năm 2024 / của Sở …"),
    or else into two balanced lines, instead of leaving one word alone on the second line.
    """
    width = text_width_cm(doc.sections[-1]) - 0.5
    if "\n" not in subject and estimate_width_cm(subject, BODY_PT, bold=True) > width:
        head, sep, tail = subject.rpartition(" của ")
        if sep and estimate_width_cm(head, BODY_PT, True) <= width and estimate_width_cm(tail, BODY_PT, True) <= width:
            subject = f"{head}\ncủa {tail}"
        else:
            subject = balanced_lines(subject, width, BODY_PT, bold=True)
    paragraph(doc, title.upper(), align="center", bold=True, indent=False, before=12, after=0)
    paragraph(doc, subject, align="center", bold=True, indent=False, after=0)
    rule(doc, 3.5, text_width_cm(doc.sections[-1]), after=12)


def kinh_gui(doc: DocxDocument, recipients: list[str]) -> None:
    """"Kính gửi: X" centred for one recipient; a list of "- X;" lines for several."""
    if len(recipients) == 1:
        paragraph(doc, f"Kính gửi: {recipients[0]}", align="center", indent=False, before=6, after=12)
        return
    para = paragraph(doc, "Kính gửi:", indent=False, before=6, after=0)
    para.paragraph_format.left_indent = Cm(3.0)
    for i, name in enumerate(recipients):
        line = paragraph(doc, f"- {name}{'.' if i == len(recipients) - 1 else ';'}", align="left",
                         indent=False, after=12 if i == len(recipients) - 1 else 0)
        line.paragraph_format.left_indent = Cm(5.0)


@dataclass
class Signature:
    """Who signs: prefix "KT." / "TM." / "TL." or "", the head's title, the signer's own title, the name."""

    title: str = "GIÁM ĐỐC"
    name: str = ""
    prefix: str = ""
    deputy_title: str = ""

    def authority_lines(self) -> list[str]:
        lines = [f"{self.prefix.strip()} {self.title}".strip().upper()]
        if self.prefix.strip() and self.deputy_title:
            lines.append(self.deputy_title.upper())
        return lines


def signature_block(doc: DocxDocument, recipients: list[str], signature: Signature) -> Table:
    """"Nơi nhận:" (12 pt bold italic) with one recipient per line (11 pt) beside the authority and name."""
    width = text_width_cm(doc.sections[-1])
    widths = [round(width * 0.5, 2), round(width * 0.5, 2)]
    if doc.paragraphs:  # never a signature alone at the top of a page: pull the last paragraph along
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    paragraph(doc, "", indent=False, after=0, keep_with_next=True)
    table = borderless_table(doc, widths)
    table.rows[0]._tr.get_or_add_trPr().append(_on("w:cantSplit"))
    lc, rc = table.rows[0].cells
    _first_paragraph(lc, "Nơi nhận:", align="left", bold=True, italic=True, size=12)
    for line in recipients:
        paragraph(lc, line, align="left", size=11, indent=False, after=0)
    lines = signature.authority_lines()
    _first_paragraph(rc, lines[0], bold=True, size=14)
    for line in lines[1:]:
        paragraph(rc, line, align="center", bold=True, size=14, indent=False, after=0)
    for _ in range(4):
        paragraph(rc, "", indent=False, after=0)
    paragraph(rc, signature.name, align="center", bold=True, size=14, indent=False, after=0)
    return table


def end_after_table(doc: DocxDocument) -> Paragraph:
    """The paragraph mark Word needs after a final table, 1 pt high so it never spills onto a blank page."""
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    fmt.first_line_indent = Cm(0)
    para.add_run().font.size = Pt(1)
    mark = OxmlElement("w:rPr")  # the paragraph mark itself must be tiny too
    mark.append(OxmlElement("w:vanish"))
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    para._p.get_or_add_pPr().insert_element_before(mark, "w:sectPr", "w:pPrChange")
    return para
