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
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from tthc_desktop.exporters.xlsx_common import serif_workbook

    d = sheet.definition
    wb = serif_workbook()
    ws = wb.active
    ws.title = d.excel.get("sheet_title", d.code)[:31]
    top, left = table_origin(sheet)
    ncols = len(d.columns)
    for i, col in enumerate(d.columns):
        ws.column_dimensions[get_column_letter(left + i)].width = col.width or d.excel.get("default_width", 11)
    layout = _Heights(ws)
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
            layout.need(anchors[key], text, style.get("size", 12), style.get("bold", False))

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in d.header_cells:
        r, c = top + cell.row, left + cell.col
        ref = f"{get_column_letter(c)}{r}:{get_column_letter(c + cell.colspan - 1)}{r + cell.rowspan - 1}"
        _put(ws, ref, cell.text, bold=True, size=11)
        layout.need(ref, cell.text, 11, True)
    numbering_row = top + d.header_depth
    for i, col in enumerate(d.columns):
        _put(ws, f"{get_column_letter(left + i)}{numbering_row}", f"({col.number})", italic=True, size=11)

    r = numbering_row + 1
    first_data = r
    label_pos = next(i for i, c in enumerate(d.columns) if c.role == "label")
    stt_pos = next((i for i, c in enumerate(d.columns) if c.role == "stt"), None)
    label_letter = get_column_letter(left + label_pos)
    arabic = roman = 0
    headings: list[int] = []
    data_rows: list[int] = []
    number_font, number_align = Font(name=FONT, size=11), Alignment(horizontal="right", vertical="center")
    for row in sheet.rows:
        if row.heading:
            roman, arabic = roman + 1, 0
            headings.append(r)
            if stt_pos is not None:
                _put(ws, f"{get_column_letter(left + stt_pos)}{r}", to_roman(roman), bold=True, size=11)
            _put(ws, f"{label_letter}{r}", row.label, bold=True, size=11, align="left")
        else:
            arabic += 1
            data_rows.append(r)
            if stt_pos is not None:
                _put(ws, f"{get_column_letter(left + stt_pos)}{r}", arabic, size=11)
            _put(ws, f"{label_letter}{r}", row.label, size=11, align="left")
            for number in d.value_columns:
                value = row.values.get(number)
                cell = ws.cell(row=r, column=left + d.position(number), value=None if value is None else int(value))
                cell.font = number_font
                cell.alignment = number_align
                cell.number_format = NUMBER_FORMAT
        layout.need(f"{label_letter}{r}", row.label, 11, row.heading, minimum=16)
        r += 1
    last_data = r - 1
    total_row = r
    _put(ws, f"{label_letter}{total_row}", d.total_label, bold=True, size=11)
    cached: dict[str, int] = {}
    totals = sheet.totals()
    nothing_entered = not sheet.data_rows and bool(sheet.missing_note)
    for number in d.value_columns:
        letter = get_column_letter(left + d.position(number))
        cell = ws.cell(row=total_row, column=left + d.position(number))
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="right", vertical="center")
        cell.number_format = NUMBER_FORMAT
        if nothing_entered or totals[number] is None:
            continue  # no figures, or a column the period cannot know, is not zero: the Tổng số cell stays blank
        cell.value = f"=SUM({letter}{first_data}:{letter}{last_data})" if last_data >= first_data else 0
        cached[f"{letter}{total_row}"] = totals[number]
    layout.height(total_row, 18)
    for row_cells in ws.iter_rows(min_row=top, max_row=total_row, min_col=left, max_col=left + ncols - 1):
        for cell in row_cells:
            cell.border = border
    last_col = get_column_letter(left + ncols - 1)
    footer_row = total_row + 2
    if sheet.missing_note:
        ref = f"{get_column_letter(left)}{total_row + 1}:{last_col}{total_row + 1}"
        _put(ws, ref, sheet.missing_note, italic=True, size=11, align="left")
        layout.need(ref, sheet.missing_note, 11, False)
        footer_row += 1
    last_row = _footer(ws, sheet, footer_row, left, ncols)
    for hr in range(1, numbering_row + 1):
        layout.height(hr, 16)
    layout.apply()

    from tthc_desktop.exporters.xlsx_common import setup_print

    setup_print(ws, title_rows=(top, numbering_row), margins_cm=(1.5, 1.5, 1.3, 1.3))
    ws.print_area = f"A1:{last_col}{last_row}"
    if not d.confirmed:
        ws.oddFooter.left.text = f"{d.code}: bố cục mặc định, chưa đối chiếu văn bản gốc"
        ws.oddFooter.left.size = 9
    from tthc_desktop.exporters.xlsx_pages import keep_together

    keep_together(ws, first_row=first_data, title_rows=(top, numbering_row), last_row=last_row,
                  keep_with_next=headings, keep_block=((data_rows[-2:] or [total_row])[0], last_row))
    wb.calculation.fullCalcOnLoad = True
    return wb, cached


class _Heights:
    """Row heights from the texts written: a merged block's rows together must hold its wrapped text."""

    def __init__(self, ws):
        self.ws = ws
        self.rows: dict[int, float] = {}
        self.blocks: list[tuple[int, int, float]] = []

    def height(self, row: int, pt: float) -> None:
        self.rows[row] = max(self.rows.get(row, 0.0), pt)

    def need(self, ref: str, text, size: float, bold: bool, minimum: float = 0.0) -> None:
        from openpyxl.utils import get_column_letter

        from tthc_desktop.exporters.xlsx_common import needed_height

        min_col, min_row, max_col, max_row = _range_bounds(ref)
        width = sum(self.ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(min_col, max_col + 1))
        pt = max(minimum, needed_height(str(text or ""), width, size, bold))
        if min_row == max_row:
            self.height(min_row, pt)
        else:
            self.blocks.append((min_row, max_row, pt))

    def apply(self) -> None:
        from tthc_desktop.exporters.text_metrics import EXCEL_MAX_ROW_PT

        for first, last, pt in self.blocks:
            have = sum(self.rows.get(r, 15.0) for r in range(first, last + 1))
            if pt > have:
                extra = (pt - have) / (last - first + 1)
                for r in range(first, last + 1):
                    self.rows[r] = self.rows.get(r, 15.0) + extra
        for r, pt in self.rows.items():
            self.ws.row_dimensions[r].height = round(min(EXCEL_MAX_ROW_PT, pt), 2)


def _footer(ws, sheet: FormSheet, row: int, left: int, ncols: int) -> int:
    """The signature block; returns its last row."""
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
    from tthc_desktop.exporters.text_metrics import height_pt

    for i in range(max(len(left_lines), len(right_lines))):
        lines = max((x.count("\n") + 1 for x in (left_lines[i:i + 1] + right_lines[i:i + 1])), default=1)
        ws.row_dimensions[row + i].height = max(18.0, height_pt(lines, 12))
    return row + max(len(left_lines), len(right_lines)) - 1


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
            if item.values.get(n) is not None:
                write_cell(ws, r, col_of[n] + 1, int(item.values[n]), align="right", valign="center")
        r += 1
    cached, totals = {}, sheet.totals()
    from openpyxl.utils import get_column_letter

    write_cell(ws, r, label_col, d.total_label, bold=True, align="center", valign="center")
    for n in d.value_columns:
        letter = get_column_letter(col_of[n] + 1)
        write_cell(ws, r, col_of[n] + 1, 0, bold=True, align="right", valign="center")
        if totals[n] is None:  # a column the period cannot know stays blank, never a zero
            ws.cell(r, col_of[n] + 1).value = None
            continue
        ws.cell(r, col_of[n] + 1).value = f"=SUM({letter}{first}:{letter}{r - 1})"
        cached[f"{letter}{r}"] = totals[n]
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet_xml = f"xl/worksheets/sheet{1}.xml"
    data = fill_cached_values(buffer.getvalue(), cached, sheet_xml)
    return write_atomically(Path(target), lambda tmp: Path(tmp).write_bytes(data))
