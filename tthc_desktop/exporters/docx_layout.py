"""Word layout of Nghị định 30/2020/NĐ-CP, shared by every document the program writes.

Import python-docx lazily: this module is only imported by exporters, never at window start-up.
All sizes are in cm / pt; text is Times New Roman. See docs in ``documents.md``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from tthc_desktop.domain.text import blank_document_date, document_date

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
A4_SHORT_CM, A4_LONG_CM = 21.0, 29.7
PORTRAIT_MARGINS_CM = (2.0, 2.0, 3.0, 2.0)  # top, bottom, left, right
LANDSCAPE_MARGINS_CM = (2.0, 2.0, 2.0, 1.5)
FIRST_LINE_INDENT_CM = 1.0
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_MARKUP = re.compile(r"(\*\*.+?\*\*|\*[^*\s][^*]*?\*)")


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


def start_landscape_section(doc: DocxDocument, first_paragraph: str = "Phụ lục", *, bold: bool = True) -> Paragraph:
    """A new landscape page section that starts with a paragraph, as LibreOffice needs (never with a table)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=True)
    add_page_numbers(section, skip_first=False)
    return paragraph(doc, first_paragraph, align="center", bold=bold, indent=False, after=0)


# --------------------------------------------------------------------------- paragraphs and runs
def add_runs(para: Paragraph, text: str, *, size: float | None = None, bold: bool = False,
             italic: bool = False, markup: bool = False) -> Paragraph:
    """Append text; with ``markup`` "**x**" is bold and "*x*" italic. Newlines become line breaks."""
    text = unicodedata.normalize("NFC", _NOT_XML.sub("", (text or "").replace("\t", " ")))
    pieces = _MARKUP.split(text) if markup else [text]
    for piece in pieces:
        if not piece:
            continue
        b, i = bold, italic
        if markup and piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            piece, b = piece[2:-2], True
        elif markup and piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            piece, i = piece[1:-1], True
        for n, line in enumerate(piece.split("\n")):
            run = para.add_run(line)
            if n:
                run._r.insert(0, OxmlElement("w:br"))
            run.bold = b or None
            run.italic = i or None
            run.font.name = FONT
            if size:
                run.font.size = Pt(size)
    return para


def paragraph(container, text: str = "", *, align: str = "justify", bold: bool = False, italic: bool = False,
              size: float | None = None, indent: bool = True, before: float = 0, after: float = 6,
              line_spacing: float | None = None, markup: bool = False, keep_with_next: bool = False) -> Paragraph:
    """One paragraph in ``container`` (document or cell). Body default: justified, first-line indent."""
    para = container.add_paragraph()
    fmt = para.paragraph_format
    para.alignment = ALIGN[align]
    fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM) if indent else Cm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line_spacing:
        fmt.line_spacing = line_spacing
    if keep_with_next:
        fmt.keep_with_next = True
    add_runs(para, text, size=size, bold=bold, italic=italic, markup=markup)
    return para


def body(doc, text: str, *, markup: bool = True, **kw) -> Paragraph:
    """A body paragraph: 14 pt, justified, first-line indent 1 cm, 6 pt after, "**bold**" markup allowed."""
    return paragraph(doc, text, markup=markup, **kw)


def heading(doc, text: str, level: int = 1) -> Paragraph:
    """Level 1 "I. MỤC ĐÍCH, YÊU CẦU" (bold capitals), 2 "1. Mục đích" (bold), 3 "a) Kỳ báo cáo" (italic)."""
    if level == 1:
        return paragraph(doc, text.upper(), bold=True, keep_with_next=True, before=6)
    if level == 2:
        return paragraph(doc, text, bold=True, keep_with_next=True)
    return paragraph(doc, text, italic=True, keep_with_next=True)


def rule(container, width_cm: float, column_cm: float, *, after: float = 0) -> Paragraph:
    """A short centred horizontal line (a bottom border on an empty paragraph) of ``width_cm``."""
    para = container.add_paragraph()
    side = max(0.0, (column_cm - width_cm) / 2)
    fmt = para.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(side), Cm(side)
    fmt.first_line_indent = Cm(0)
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.line_spacing = Pt(2)
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)
    run = para.add_run()
    run.font.size = Pt(2)
    return para


def balanced_lines(text: str, width_cm: float, size_pt: float, bold: bool = False) -> str:
    """Break a heading that does not fit on one line into two lines of similar length, at a space."""
    if "\n" in text or estimate_width_cm(text, size_pt, bold) <= width_cm:
        return text
    words = text.split()
    best = min(range(1, len(words)), key=lambda k: max(len(" ".join(words[:k])), len(" ".join(words[k:]))),
               default=0)
    return text if not best else " ".join(words[:best]) + "\n" + " ".join(words[best:])


def estimate_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """Rough printed width of one line of Times New Roman (mean glyph ≈ 0,47 em; bold ≈ 0,5 em)."""
    em = 0.50 if bold else 0.47
    return len(text) * size_pt * em * 2.54 / 72


# --------------------------------------------------------------------------- header block
@dataclass
class HeaderBlock:
    """The two-column block at the top of page 1 (Nghị định 30/2020, Phụ lục I)."""

    parent_body: str  # "UBND TỈNH QUẢNG NGÃI" (printed in capitals, not bold)
    agency: str  # "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN" (capitals, bold, short rule)
    number_line: str  # "Số: 12/KH-SNNPTNT" or "Số:      /KH-SNNPTNT"
    place_date: str  # "Quảng Ngãi, ngày 05 tháng 02 năm 2024" (italic)
    subject_lines: list[str] = field(default_factory=list)  # "V/v …" under the number (công văn)


def document_number(number: str | None, doc_type: str, agency_code: str) -> str:
    """"12/KH-SNNPTNT" (numbers below 10 get a leading zero), or "      /KH-SNNPTNT" left for registration."""
    suffix = "/" + "-".join(x for x in (doc_type, agency_code) if x)  # a công văn has no type: "/SNNPTNT-VP"
    number = (number or "").strip()
    if not number:
        return f"      {suffix}"
    if "/" in number:
        head, _, rest = number.partition("/")
        head = f"{int(head):02d}" if head.strip().isdigit() else head.strip()
        return f"{head}/{rest.strip()}"
    return f"{int(number):02d}{suffix}" if number.isdigit() else f"{number}{suffix}"


def number_line(number: str | None, doc_type: str, agency_code: str) -> str:
    """"Số: 12/KH-SNNPTNT", or "Số:       /KH-SNNPTNT" with blanks for registration."""
    return f"Số: {document_number(number, doc_type, agency_code)}"


def place_date_line(place: str, when: date | None, year: int, month: int | None = None) -> str:
    """"Quảng Ngãi, ngày 05 tháng 02 năm 2024", or blanks for registration."""
    return document_date(when, place) if when else blank_document_date(year, place, month)


def borderless_table(container, widths_cm: list[float]) -> Table:
    table = container.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fix_widths(table, widths_cm)
    return table


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
    tbl_pr.append(ind)


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


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --------------------------------------------------------------------------- tables
def fix_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed layout: autofit off, grid, column and every cell width (LibreOffice needs all three)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)
    for row in table.rows:
        for tc, w in zip(row._tr.tc_lst, widths_cm):
            tc.get_or_add_tcPr()
            _Cell(tc, table).width = Cm(w)


def set_cell_text(cell: _Cell, text: str, *, bold: bool = False, italic: bool = False, align: str = "left",
                  size: float = TABLE_PT, markup: bool = False) -> None:
    """Replace a cell's text; each line of ``text`` is its own paragraph."""
    lines = (text or "").split("\n")
    paras = cell.paragraphs
    for extra in paras[1:]:
        extra._p.getparent().remove(extra._p)
    first = paras[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    for i, line in enumerate(lines):
        para = first if i == 0 else cell.add_paragraph()
        para.alignment = ALIGN[align]
        fmt = para.paragraph_format
        fmt.first_line_indent = Cm(0)
        fmt.space_before, fmt.space_after = Pt(1), Pt(1)
        fmt.line_spacing = 1.0
        add_runs(para, line, size=size, bold=bold, italic=italic, markup=markup)


@dataclass
class Column:
    """A column of a bordered table: header text, width, alignment, optional group header above it."""

    title: str
    width_cm: float
    align: str = "left"
    group: str = ""  # columns sharing a group get a merged header row above ("Đơn vị thực hiện")


class TableWriter:
    """A bordered table with header rows repeated on each page, section rows and merged sub-rows."""

    def __init__(self, container, columns: list[Column], *, size: float = TABLE_PT, numbering_row: bool = False):
        self.columns = columns
        self.widths = [c.width_cm for c in columns]
        self.size = size
        two_rows = any(c.group for c in columns)
        header_count = (2 if two_rows else 1) + (1 if numbering_row else 0)
        self.table = container.add_table(rows=header_count, cols=len(columns))
        self.table.style = "Table Grid"
        self.table.alignment = WD_TABLE_ALIGNMENT.CENTER
        fix_widths(self.table, self.widths)
        self._write_header(two_rows, numbering_row)
        self.header_rows = header_count

    def _write_header(self, two_rows: bool, numbering_row: bool) -> None:
        rows = self.table.rows
        top = rows[0]
        if two_rows:
            i = 0
            while i < len(self.columns):
                col = self.columns[i]
                if col.group:
                    j = i
                    while j + 1 < len(self.columns) and self.columns[j + 1].group == col.group:
                        j += 1
                    merged = top.cells[i].merge(top.cells[j]) if j > i else top.cells[i]
                    set_cell_text(merged, col.group, bold=True, align="center", size=self.size)
                    for k in range(i, j + 1):
                        set_cell_text(rows[1].cells[k], self.columns[k].title, bold=True, align="center",
                                      size=self.size)
                    i = j + 1
                else:
                    merged = top.cells[i].merge(rows[1].cells[i])
                    set_cell_text(merged, col.title, bold=True, align="center", size=self.size)
                    i += 1
        else:
            for cell, col in zip(top.cells, self.columns):
                set_cell_text(cell, col.title, bold=True, align="center", size=self.size)
        if numbering_row:
            for k, cell in enumerate(rows[-1].cells):
                set_cell_text(cell, f"({k + 1})", italic=True, align="center", size=self.size - 1)
        for row in rows:
            mark_header_row(row)
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def _new_row(self):
        row = self.table.add_row()
        for tc, w in zip(row._tr.tc_lst, self.widths):
            _Cell(tc, self.table).width = Cm(w)
        return row

    def add_section_row(self, code: str, title: str) -> None:
        """"I | Ban hành các văn bản …": the code in the first column, the title bold across the rest."""
        row = self._new_row()
        set_cell_text(row.cells[0], code, bold=True, align="center", size=self.size)
        merged = row.cells[1].merge(row.cells[-1]) if len(self.columns) > 2 else row.cells[1]
        set_cell_text(merged, title, bold=True, size=self.size)

    def add_row(self, values: list[str], *, bold: bool = False) -> int:
        """A data row; returns its index for ``merge_down``."""
        row = self._new_row()
        for cell, col, value in zip(row.cells, self.columns, values):
            set_cell_text(cell, value, bold=bold, align=col.align, size=self.size)
        return len(self.table.rows) - 1

    def merge_down(self, column: int, first_row: int, last_row: int) -> None:
        """Merge a column vertically over rows first..last, keeping the first row's text."""
        if last_row <= first_row:
            return
        top = self.table.cell(first_row, column)
        keep = "\n".join(p.text for p in top.paragraphs)
        merged = top.merge(self.table.cell(last_row, column))
        set_cell_text(merged, keep, align=self.columns[column].align, size=self.size)


def _on(tag: str):
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    return el


def mark_header_row(row) -> None:
    """Repeat this row at the top of every page (``<w:tblHeader/>``) and never split it."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        if tr_pr.find(qn(tag)) is None:
            el = OxmlElement(tag)
            el.set(qn("w:val"), "true")
            tr_pr.append(el)
