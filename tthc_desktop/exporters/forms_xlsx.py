"""A form (II.05a, II.06a …) as an .xlsx sheet in the official layout, driven by its definition.

The Tổng số row holds SUM formulas. openpyxl cannot compute them, so their cached values
are written into the sheet XML afterwards: Excel recalculates anyway, but LibreOffice,
previews and readers that use cached values (openpyxl data_only) then see the right sums.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from tthc_desktop.domain.forms import FormSheet
from tthc_desktop.domain.text import to_roman

FONT = "Times New Roman"
# The Vietnamese locale tag makes LibreOffice print 1.150.343; Excel uses the system's separators.
NUMBER_FORMAT = "[$-42A]#,##0"


def _range_bounds(ref: str):
    from openpyxl.utils.cell import range_boundaries

    return range_boundaries(ref if ":" in ref else f"{ref}:{ref}")  # min_col, min_row, max_col, max_row


def table_origin(sheet: FormSheet) -> tuple[int, int]:
    """(row, column) of the top-left header cell, 1-based."""
    min_col, min_row, _, _ = _range_bounds(sheet.definition.excel.get("anchors", {}).get("table", "A6"))
    return min_row, min_col


def _put(ws, ref: str, text, *, bold=False, italic=False, size=12, align="center", wrap=True):
    """Write (merged) text; names from the database never become formulas (xlsx_common.write_cell)."""
    from tthc_desktop.exporters.xlsx_common import write_cell

    min_col, min_row, max_col, max_row = _range_bounds(ref)
    if (min_col, min_row) != (max_col, max_row):
        ws.merge_cells(start_row=min_row, start_column=min_col, end_row=max_row, end_column=max_col)
    return write_cell(ws, min_row, min_col, text, bold=bold, italic=italic, size=size, align=align,
                      valign="center", wrap=wrap, border=False)


def build_workbook(sheet: FormSheet):
    """The workbook and the cached values of its formula cells ({"C12": 120, …})."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    d = sheet.definition
    wb = Workbook()
    ws = wb.active
    ws.title = d.excel.get("sheet_title", d.code)[:31]
    anchors = d.excel.get("anchors", {})
    texts = {
        "form_code": (d.form_label, dict(bold=True)),
        "legal_basis": (d.legal_basis, dict(italic=True, size=10)),
        "title": (d.title, dict(bold=True, size=13)),
        "period_label": (f"Kỳ báo cáo: {sheet.period_label}", dict(bold=True)),
        "period_dates": (sheet.period_dates, dict(italic=True)),
        "reporting_unit": (f"- Đơn vị báo cáo: {sheet.reporting_unit}", dict(align="left")),
        "receiving_unit": (f"- Đơn vị nhận báo cáo: {sheet.receiving_unit}", dict(align="left")),
        "unit_of_measure": (d.unit_of_measure, dict(italic=True, align="right")),
    }
    for key, (text, style) in texts.items():
        if anchors.get(key):
            _put(ws, anchors[key], text, **style)

    top, left = table_origin(sheet)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ncols = len(d.columns)
    for cell in d.header_cells:
        r, c = top + cell.row, left + cell.col
        ref = f"{get_column_letter(c)}{r}:{get_column_letter(c + cell.colspan - 1)}{r + cell.rowspan - 1}"
        _put(ws, ref, cell.text, bold=True, size=11)
    numbering_row = top + d.header_depth
    for i, col in enumerate(d.columns):
        _put(ws, f"{get_column_letter(left + i)}{numbering_row}", f"({col.number})", italic=True, size=11)

    r = numbering_row + 1
    first_data = r
    label_pos = next(i for i, c in enumerate(d.columns) if c.role == "label")
    stt_pos = next((i for i, c in enumerate(d.columns) if c.role == "stt"), None)
    arabic = roman = 0
    label_rows: list[tuple[str, int]] = []
    number_font, number_align = Font(name=FONT, size=11), Alignment(horizontal="right", vertical="center")
    for row in sheet.rows:
        label_rows.append((row.label, r))
        if row.heading:
            roman += 1
            arabic = 0
            if stt_pos is not None:
                _put(ws, f"{get_column_letter(left + stt_pos)}{r}", to_roman(roman), bold=True, size=11)
            _put(ws, f"{get_column_letter(left + label_pos)}{r}", row.label, bold=True, size=11, align="left")
        else:
            arabic += 1
            if stt_pos is not None:
                _put(ws, f"{get_column_letter(left + stt_pos)}{r}", arabic, size=11)
            _put(ws, f"{get_column_letter(left + label_pos)}{r}", row.label, size=11, align="left")
            for number in d.value_columns:
                value = row.values.get(number)
                cell = ws.cell(row=r, column=left + d.position(number), value=None if value is None else int(value))
                cell.font = number_font
                cell.alignment = number_align
                cell.number_format = NUMBER_FORMAT
        r += 1
    last_data = r - 1
    total_row = r
    _put(ws, f"{get_column_letter(left + label_pos)}{total_row}", d.total_label, bold=True, size=11)
    cached: dict[str, int] = {}
    totals = sheet.totals()
    for number in d.value_columns:
        letter = get_column_letter(left + d.position(number))
        cell = ws.cell(row=total_row, column=left + d.position(number))
        cell.value = f"=SUM({letter}{first_data}:{letter}{last_data})" if last_data >= first_data else 0
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="right", vertical="center")
        cell.number_format = NUMBER_FORMAT
        cached[f"{letter}{total_row}"] = totals[number]
    for row_cells in ws.iter_rows(min_row=top, max_row=total_row, min_col=left, max_col=left + ncols - 1):
        for cell in row_cells:
            cell.border = border

    _footer(ws, sheet, total_row + 2, left, ncols)
    widths = {c.number: c.width for c in d.columns}
    for i, col in enumerate(d.columns):
        ws.column_dimensions[get_column_letter(left + i)].width = widths[col.number] or d.excel.get("default_width", 11)
    from tthc_desktop.exporters.xlsx_common import fit_row_height

    all_widths = [ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, left + ncols)]
    for r_label, r_index in label_rows:
        fit_row_height(ws, r_index, {left + label_pos: r_label}, all_widths, size=11, minimum=16)
    for hr in range(top, top + d.header_depth):
        ws.row_dimensions[hr].height = 32 if hr < top + d.header_depth - 1 else 44
    for rr in range(1, top):
        ws.row_dimensions[rr].height = 30

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{top}:{numbering_row}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    wb.calculation.fullCalcOnLoad = True
    return wb, cached


def _footer(ws, sheet: FormSheet, row: int, left: int, ncols: int) -> None:
    from openpyxl.utils import get_column_letter

    left_lines, right_lines = sheet.footer_lines("left"), sheet.footer_lines("right")
    span = max(2, ncols // 3)
    for i, line in enumerate(left_lines):
        if line:
            ref = f"{get_column_letter(left)}{row + i}:{get_column_letter(left + span - 1)}{row + i}"
            _put(ws, ref, line, bold=(i == 0), italic=(i > 0), size=12)
    first = max(left + span, left + ncols - span - 1)
    for i, line in enumerate(right_lines):
        if line:
            ref = f"{get_column_letter(first)}{row + i}:{get_column_letter(left + ncols - 1)}{row + i}"
            is_note = line.startswith("(")
            is_date = i == 0
            _put(ws, ref, line, bold=not (is_note or is_date), italic=is_note or is_date, size=12)


def fill_cached_values(data: bytes, values: dict[str, int], sheet_xml: str = "xl/worksheets/sheet1.xml") -> bytes:
    """Write ``<v>`` for formula cells of one sheet inside a saved .xlsx."""
    src = zipfile.ZipFile(io.BytesIO(data))
    xml = src.read(sheet_xml).decode("utf-8")

    def fix(match: re.Match) -> str:
        ref = match.group(1)
        if ref not in values:
            return match.group(0)
        return f'<c r="{ref}"{match.group(2)}><f>{match.group(3)}</f><v>{int(values[ref])}</v></c>'

    xml = re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f>(?:<v>[^<]*</v>|<v\s*/>)?</c>', fix, xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, xml.encode("utf-8") if item.filename == sheet_xml else src.read(item.filename))
    return out.getvalue()


def form_xlsx_bytes(sheet: FormSheet) -> bytes:
    wb, cached = build_workbook(sheet)
    buffer = io.BytesIO()
    wb.save(buffer)
    return fill_cached_values(buffer.getvalue(), cached)


def write_form_xlsx(sheet: FormSheet, target: Path) -> Path:
    """Write the form to ``target`` atomically (nothing half-written if anything fails)."""
    from tthc_desktop.exporters.atomic import write_atomically

    data = form_xlsx_bytes(sheet)
    return write_atomically(Path(target), lambda tmp: Path(tmp).write_bytes(data))


_HEADER_KEYS = (("ky bao cao", "period_label"), ("tu ngay", "period_dates"), ("don vi nhan bao cao", "receiving_unit"),
                ("don vi bao cao", "reporting_unit"))


def fill_province_template(template: Path, sheet: FormSheet, target: Path) -> Path:
    """The caller has checked ``template`` as an input file (importers.forms_xlsx.check_xlsx_container). Fill a blank form the province sent (its own formatting kept): header lines found by their labels,
    else at the definition's anchors; data rows under the numbering row (1) (2) …; Tổng số as SUM formulas."""
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell

    from tthc_desktop.domain.text import fold
    from tthc_desktop.errors import BadInputError
    from tthc_desktop.exporters.atomic import write_atomically
    from tthc_desktop.exporters.xlsx_common import write_cell
    from tthc_desktop.domain.workbook_layout import find_numbering_row

    d = sheet.definition
    try:
        wb = load_workbook(template)
    except Exception as exc:  # damaged input of any kind
        raise BadInputError(f"Tệp mẫu «{Path(template).name}» bị hỏng hoặc không phải bảng tính Excel.",
                            detail=repr(exc)) from exc
    ws = wb.worksheets[0]
    grid = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 200), max_col=60)]
    located = find_numbering_row(grid, len(d.columns))
    if located is None:
        raise BadInputError(f"Tệp mẫu «{Path(template).name}» không có dòng đánh số cột (1) … ({len(d.columns)}) "
                            f"của {d.form_label}.")
    num_row, col_of = located
    texts = {"period_label": f"Kỳ báo cáo: {sheet.period_label}", "period_dates": sheet.period_dates,
             "reporting_unit": f"- Đơn vị báo cáo: {sheet.reporting_unit}",
             "receiving_unit": f"- Đơn vị nhận báo cáo: {sheet.receiving_unit}"}
    written = set()
    for r, row in enumerate(grid[:num_row]):
        for c, value in enumerate(row):
            folded = fold(str(value)) if value is not None else ""
            key = next((k for marker, k in _HEADER_KEYS if marker in folded), None)
            if key and key not in written:
                ws.cell(r + 1, c + 1).value = texts[key]
                written.add(key)
    for key in set(texts) - written:
        ref = d.excel.get("anchors", {}).get(key)
        if ref:
            min_col, min_row, _, _ = _range_bounds(ref)
            if not isinstance(ws.cell(min_row, min_col), MergedCell):
                ws.cell(min_row, min_col).value = texts[key]
    label_col = col_of[next(c.number for c in d.columns if c.role == "label")] + 1
    stt_col = next((col_of[c.number] + 1 for c in d.columns if c.role == "stt"), None)
    old_total = next((i + 1 for i in range(num_row + 1, len(grid)) if label_col - 1 < len(grid[i])
                      and fold(str(grid[i][label_col - 1] or "")) == fold(d.total_label)), None)
    # The province's sample rows and old Tổng số row give way to ours (its footer below stays).
    for rr in range(num_row + 2, (old_total or num_row + 1) + 1):
        for cc in sorted(v + 1 for v in col_of.values()):
            if not isinstance(ws.cell(rr, cc), MergedCell):
                ws.cell(rr, cc).value = None
    r = num_row + 2
    first = r
    arabic = 0
    for item in sheet.rows:
        arabic = 0 if item.heading else arabic + 1
        if stt_col:
            write_cell(ws, r, stt_col, arabic if not item.heading else "", align="center", valign="center")
        write_cell(ws, r, label_col, item.label, bold=item.heading, valign="center")
        for n in d.value_columns:
            if n in item.values:
                write_cell(ws, r, col_of[n] + 1, int(item.values[n]), align="right", valign="center")
        r += 1
    cached, totals = {}, sheet.totals()
    from openpyxl.utils import get_column_letter

    write_cell(ws, r, label_col, d.total_label, bold=True, align="center", valign="center")
    for n in d.value_columns:
        letter = get_column_letter(col_of[n] + 1)
        write_cell(ws, r, col_of[n] + 1, 0, bold=True, align="right", valign="center")
        ws.cell(r, col_of[n] + 1).value = f"=SUM({letter}{first}:{letter}{r - 1})"
        cached[f"{letter}{r}"] = totals[n]
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet_xml = f"xl/worksheets/sheet{1}.xml"
    data = fill_cached_values(buffer.getvalue(), cached, sheet_xml)
    return write_atomically(Path(target), lambda tmp: Path(tmp).write_bytes(data))
