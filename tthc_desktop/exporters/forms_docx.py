"""A form (II.05a, II.06a …) as a Word table on a landscape page: the same header tree as the .xlsx.

Used twice: appended as an annex to the narrative report, and alone as "II.06a.docx"
(the table the director signs). Numbers are printed in Vietnamese style (1.150.343).
"""
from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from tthc_desktop.domain.forms import FormSheet
from docx.oxml.ns import qn

from tthc_desktop.domain.text import format_number, to_roman

TABLE_PT = 11
NUMBER_PT = 10
CELL_MARGIN_TWIPS = 45  # narrow cell padding so 1.150.343 fits a 13-column table on one line


def _narrow_cell_margins(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _widths(sheet: FormSheet, total_cm: float) -> list[float]:
    cols = sheet.definition.columns
    stt, label = 1.0, 5.2
    fixed = sum(stt if c.role == "stt" else label if c.role == "label" else 0 for c in cols)
    values = [c for c in cols if c.role == "value"]
    each = max(1.2, (total_cm - fixed) / max(1, len(values)))
    return [stt if c.role == "stt" else label if c.role == "label" else round(each, 2) for c in cols]


def add_form_heading(doc, sheet: FormSheet, *, first_paragraph=None, note: str = "") -> None:
    """Form code, title, period and dates, reporting/receiving units, unit of measure."""
    from tthc_desktop.exporters import docx_layout as L

    d = sheet.definition
    if first_paragraph is None:
        L.paragraph(doc, d.form_label, align="left", bold=True, size=12, indent=False, after=0)
    else:
        first_paragraph.text = ""
        L.add_runs(first_paragraph, d.form_label, bold=True, size=12)
        first_paragraph.alignment = L.ALIGN["left"]
    if d.legal_basis:
        L.paragraph(doc, d.legal_basis, align="left", italic=True, size=10, indent=False, after=4)
    if note:
        L.paragraph(doc, note, align="center", italic=True, size=12, indent=False, after=4)
    L.paragraph(doc, d.title, align="center", bold=True, size=13, indent=False, after=0)
    L.paragraph(doc, f"Kỳ báo cáo: {sheet.period_label}", align="center", bold=True, size=12, indent=False, after=0)
    L.paragraph(doc, sheet.period_dates, align="center", italic=True, size=12, indent=False, after=4)
    L.paragraph(doc, f"- Đơn vị báo cáo: {sheet.reporting_unit}", align="left", size=12, indent=False, after=0)
    L.paragraph(doc, f"- Đơn vị nhận báo cáo: {sheet.receiving_unit}", align="left", size=12, indent=False, after=0)
    if d.unit_of_measure:
        L.paragraph(doc, d.unit_of_measure, align="right", italic=True, size=12, indent=False, after=2)


def _merge_block(grid: list, row: int, col: int, rowspan: int, colspan: int) -> None:
    """What python-docx's ``cell.merge`` does to a fresh grid (same XML), without its grid search:
    each row of the block swallows the cells to its right; rows below continue the vertical merge."""
    from docx.oxml.simpletypes import ST_Merge

    top = grid[row][col]._tc
    for i in range(rowspan):
        vmerge = None if rowspan == 1 else ST_Merge.RESTART if i == 0 else ST_Merge.CONTINUE
        grid[row + i][col]._tc._span_to_width(colspan, top, vmerge)


def add_form_table(doc, sheet: FormSheet):
    """The bordered table: merged multi-row header, numbering row, lĩnh vực rows, Tổng số; header repeated."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.table import _Cell

    from tthc_desktop.exporters import docx_layout as L

    d = sheet.definition
    ncols = len(d.columns)
    widths = _widths(sheet, L.text_width_cm(doc.sections[-1]))
    table = doc.add_table(rows=d.header_depth + 1, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    L.fix_widths(table, widths)
    _narrow_cell_margins(table)
    # Cells looked up once before merging: table.cell() re-walks the whole grid on every call, and
    # header cells never overlap, so each merge leaves the other looked-up cells valid.
    grid = [[_Cell(tc, table) for tc in row._tr.tc_lst] for row in table.rows]
    for hc in d.header_cells:
        cell = grid[hc.row][hc.col]
        if hc.rowspan > 1 or hc.colspan > 1:
            _merge_block(grid, hc.row, hc.col, hc.rowspan, hc.colspan)
        L.set_cell_text(cell, hc.text, bold=True, align="center", size=TABLE_PT)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for i, col in enumerate(d.columns):
        L.set_cell_text(grid[d.header_depth][i], f"({col.number})", italic=True, align="center", size=TABLE_PT - 1)
    for row in table.rows:
        L.mark_header_row(row)

    blank = []

    def new_row() -> list:
        """The new row's cells (no merges: one per w:tc); add_row gives each the grid column's width.
        Later rows are copies of the first, still empty one: the same XML, without add_row's setters."""
        if blank:
            tr = deepcopy(blank[0])
            table._tbl.append(tr)
        else:
            tr = table.add_row()._tr
            blank.append(deepcopy(tr))
        return [_Cell(tc, table) for tc in tr.tc_lst]

    arabic = roman = 0
    label_pos = next(i for i, c in enumerate(d.columns) if c.role == "label")
    stt_pos = next((i for i, c in enumerate(d.columns) if c.role == "stt"), None)
    for item in sheet.rows:
        cells = new_row()
        if item.heading:
            roman, arabic = roman + 1, 0
            if stt_pos is not None:
                L.set_cell_text(cells[stt_pos], to_roman(roman), bold=True, align="center", size=TABLE_PT)
            L.set_cell_text(cells[label_pos], item.label, bold=True, size=TABLE_PT)
            keep_row_with_next(cells[0]._tc.getparent())  # a cấp heading never ends a page alone
            continue
        arabic += 1
        if stt_pos is not None:
            L.set_cell_text(cells[stt_pos], str(arabic), align="center", size=TABLE_PT)
        L.set_cell_text(cells[label_pos], item.label, size=TABLE_PT)
        for number in d.value_columns:
            value = item.values.get(number)
            L.set_cell_text(cells[d.position(number)], "" if value is None else format_number(value),
                            align="right", size=NUMBER_PT)
    cells = new_row()
    L.set_cell_text(cells[label_pos], d.total_label, bold=True, align="center", size=TABLE_PT)
    totals = sheet.totals()
    nothing_entered = not sheet.data_rows and bool(sheet.missing_note)
    for number in d.value_columns:  # no figures is not zero: then the Tổng số row stays blank
        unknown = nothing_entered or totals[number] is None
        L.set_cell_text(cells[d.position(number)], "" if unknown else format_number(totals[number]),
                        bold=True, align="right", size=NUMBER_PT)
    for tr in table._tbl.tr_lst:
        tr.get_or_add_trPr().append(L._on("w:cantSplit"))
    return table


def keep_row_with_next(tr) -> None:
    """Every paragraph of a table row keeps with the next: Word and LibreOffice then keep the row on
    the page of the row (or paragraph) after it."""
    from docx.text.paragraph import Paragraph

    for p in tr.iter(qn("w:p")):
        Paragraph(p, None).paragraph_format.keep_with_next = True


def keep_end_with_signature(table, rows: int = 2) -> None:
    """The table's last ``rows`` rows (Tổng số included) stay on the page of the signature below."""
    for tr in table._tbl.tr_lst[-rows:]:
        keep_row_with_next(tr)


def add_missing_note(doc, sheet: FormSheet) -> None:
    """"Chưa có số liệu của: …" under the table when some units' figures are missing."""
    from tthc_desktop.exporters import docx_layout as L

    if sheet.missing_note:
        L.paragraph(doc, sheet.missing_note, align="left", italic=True, size=11, indent=False, before=3, after=0)


def add_form_footer(doc, sheet: FormSheet) -> None:
    """The signature block: one unsplittable row, pulled onto the page of the table's last rows."""
    from tthc_desktop.exporters import docx_layout as L

    width = L.text_width_cm(doc.sections[-1])
    L.paragraph(doc, "", indent=False, after=0, keep_with_next=True)
    table = L.borderless_table(doc, [round(width * 0.45, 2), round(width * 0.55, 2)])
    table.rows[0]._tr.get_or_add_trPr().append(L._on("w:cantSplit"))
    for cell, side in zip(table.rows[0].cells, ("left", "right")):
        lines = sheet.footer_lines(side)
        for i, line in enumerate(lines):
            para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            para.alignment = L.ALIGN["center"]
            para.paragraph_format.keep_with_next = i < len(lines) - 1
            note = line.startswith("(") or (side == "right" and i == 0)
            L.add_runs(para, line, size=12, bold=not note, italic=note)


def add_status_footer(doc, sheet: FormSheet) -> None:
    """A layout not checked against the official appendix says so at the foot of every page."""
    from tthc_desktop.exporters import docx_layout as L

    d = sheet.definition
    if d.confirmed:
        return
    for section in doc.sections:
        for footer in (section.footer, section.first_page_footer):
            footer.is_linked_to_previous = False
            para = footer.paragraphs[0]
            para.text = ""
            L.add_runs(para, f"{d.form_label}: bố cục mặc định, chưa đối chiếu văn bản gốc.", size=9, italic=True)


def write_form_docx(sheet: FormSheet, target: Path) -> Path:
    """The form alone, on A4 landscape pages, written atomically."""
    from tthc_desktop.exporters import docx_layout as L
    from tthc_desktop.exporters.atomic import write_atomically

    doc = L.new_document(body_pt=12)
    L.set_properties(doc, author=sheet.author or sheet.reporting_unit, title=f"{sheet.definition.form_label} – "
                     f"{sheet.period_label}")
    L.set_landscape(doc.sections[0])
    add_form_heading(doc, sheet, first_paragraph=doc.paragraphs[0] if doc.paragraphs else None)
    table = add_form_table(doc, sheet)
    add_missing_note(doc, sheet)
    keep_end_with_signature(table)
    if sheet.missing_note:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    add_form_footer(doc, sheet)
    add_status_footer(doc, sheet)
    return write_atomically(Path(target), lambda tmp: doc.save(str(tmp)))
