"""Word tables: fixed widths LibreOffice respects, header rows repeated on every page, merged cells."""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from tthc_desktop.exporters.docx_text import ALIGN, TABLE_PT, add_runs, clean_text


def borderless_table(container, widths_cm: list[float]) -> Table:
    table = container.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fix_widths(table, widths_cm)
    return table


def fix_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed layout: autofit off, grid, column and every cell width (LibreOffice needs all three)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.insert_element_before(layout, "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                                     "w:tblPrChange")
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
        if not markup and para._p.pPr is None and "\r" not in line:
            _copy_format(para, line, (bold, italic, align, size))
            continue
        _format_cell_paragraph(para, align)
        add_runs(para, line, size=size, bold=bold, italic=italic, markup=markup)


def _format_cell_paragraph(para, align: str) -> None:
    para.alignment = ALIGN[align]
    fmt = para.paragraph_format
    fmt.first_line_indent = Cm(0)
    fmt.space_before, fmt.space_after = Pt(1), Pt(1)
    fmt.line_spacing = 1.0


_PROTOTYPES: dict[tuple, tuple] = {}


def _copy_format(para, line: str, key: tuple) -> None:
    """Same XML as formatting through python-docx, copied from a prototype: big tables write
    thousands of cells and python-docx's property setters dominate the time of a report."""
    proto = _PROTOTYPES.get(key)
    if proto is None:
        bold, italic, align, size = key
        sample = Paragraph(OxmlElement("w:p"), None)
        _format_cell_paragraph(sample, align)
        add_runs(sample, "x", size=size, bold=bold, italic=italic)
        proto = _PROTOTYPES[key] = (sample._p.pPr, sample._p.r_lst[0].rPr)
    para._p.insert(0, deepcopy(proto[0]))
    text = clean_text(line)
    if text:  # add_runs writes no run for empty text
        run = para.add_run(text)
        if proto[1] is not None:
            run._r.insert(0, deepcopy(proto[1]))


@dataclass
class Column:
    """A column of a bordered table: header text, width, alignment, optional group header above it."""

    title: str
    width_cm: float
    align: str = "left"
    group: str = ""  # columns sharing a group get a merged header row above ("Đơn vị thực hiện")


@dataclass
class HeaderCell:
    """One cell of a multi-row table header (0-based row/col in the header grid), for form tables."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def header_cells_from_columns(columns: list[Column]) -> tuple[list[HeaderCell], int]:
    """The header grid of columns with optional one-level groups ("Đơn vị thực hiện" over Chủ trì/Phối hợp)."""
    two_rows = any(c.group for c in columns)
    cells: list[HeaderCell] = []
    i = 0
    while i < len(columns):
        col = columns[i]
        if two_rows and col.group:
            j = i
            while j + 1 < len(columns) and columns[j + 1].group == col.group:
                j += 1
            cells.append(HeaderCell(col.group, 0, i, 1, j - i + 1))
            cells.extend(HeaderCell(columns[k].title, 1, k) for k in range(i, j + 1))
            i = j + 1
        else:
            cells.append(HeaderCell(col.title, 0, i, 2 if two_rows else 1, 1))
            i += 1
    return cells, 2 if two_rows else 1


class TableWriter:
    """A bordered table with header rows repeated on each page, section rows and merged cells.

    The header comes from ``columns`` (title, or group + title), or from explicit ``header_cells`` over
    ``header_row_count`` rows for forms with deeper headers; ``numbering_row`` adds "(1) (2) …" under it.
    """

    def __init__(self, container, columns: list[Column], *, size: float = TABLE_PT, numbering_row: bool = False,
                 header_cells: list[HeaderCell] | None = None, header_row_count: int | None = None,
                 numbering_labels: list[str] | None = None):
        self.columns = columns
        self.widths = [c.width_cm for c in columns]
        self.size = size
        if header_cells is None:
            header_cells, header_row_count = header_cells_from_columns(columns)
        elif header_row_count is None:
            header_row_count = max(c.row + c.rowspan for c in header_cells)
        total = header_row_count + (1 if numbering_row else 0)
        self.table = container.add_table(rows=total, cols=len(columns))
        self.table.style = "Table Grid"
        self.table.alignment = WD_TABLE_ALIGNMENT.CENTER
        fix_widths(self.table, self.widths)
        for cell in header_cells:
            target = self.table.cell(cell.row, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(self.table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
            set_cell_text(target, cell.text, bold=True, align="center", size=size)
        if numbering_row:
            labels = numbering_labels or [f"({k + 1})" for k in range(len(columns))]
            for cell, label in zip(self.table.rows[-1].cells, labels):
                set_cell_text(cell, label, italic=True, align="center", size=size - 1)
        for row in self.table.rows:
            mark_header_row(row)
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        self.header_rows = total

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
        for p in row._tr.iter(qn("w:p")):  # a section title never ends a page alone
            Paragraph(p, None).paragraph_format.keep_with_next = True
        row._tr.get_or_add_trPr().append(_cant_split())

    def add_row(self, values: list[str], *, bold: bool = False) -> int:
        """A data row; returns its index for ``merge_down``."""
        row = self._new_row()
        for cell, col, value in zip(row.cells, self.columns, values):
            set_cell_text(cell, value, bold=bold, align=col.align, size=self.size)
        return len(self.table.rows) - 1

    def merge_across(self, row_index: int, first_col: int, last_col: int, text: str, *, bold: bool = True,
                     align: str = "left") -> None:
        """Merge cells of one row (a "Tổng số" label, a cấp heading) and write ``text`` in them."""
        merged = self.table.cell(row_index, first_col).merge(self.table.cell(row_index, last_col))
        set_cell_text(merged, text, bold=bold, align=align, size=self.size)

    def merge_down(self, column: int, first_row: int, last_row: int) -> None:
        """Merge a column vertically over rows first..last, keeping the first row's text."""
        if last_row <= first_row:
            return
        top = self.table.cell(first_row, column)
        keep = "\n".join(p.text for p in top.paragraphs)
        merged = top.merge(self.table.cell(last_row, column))
        set_cell_text(merged, keep, align=self.columns[column].align, size=self.size)


def _cant_split():
    el = OxmlElement("w:cantSplit")
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
