"""Excel building blocks shared by every workbook the program writes (plans, forms, unit sheets).

Cells hold safe text (no control characters; text that looks like a formula stays text), Times New
Roman, thin borders; sheets print on A4 landscape, fitted to the page width, header rows repeated.
"""
from __future__ import annotations

import math
from functools import lru_cache

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tthc_desktop.domain.workbook_layout import cell_text as safe_text


FONT = "Times New Roman"
BODY_PT = 12
_FORMULA_START = ("=", "+", "-", "@")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
CM_PER_INCH = 2.54


@lru_cache(maxsize=64)
def font(bold: bool = False, italic: bool = False, size: float = BODY_PT) -> Font:
    return Font(name=FONT, bold=bold, italic=italic, size=size)


@lru_cache(maxsize=64)
def alignment(horizontal: str = "left", vertical: str = "top", wrap: bool = True) -> Alignment:
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)


def serif_workbook():
    """A workbook whose default font is Times New Roman 11: column widths are counted in that font's digit
    width, the same in Excel (Times New Roman) and LibreOffice (Liberation Serif, same metrics), so the
    row heights and page breaks computed from the metrics hold in both (Calibri is often absent)."""
    from openpyxl import Workbook

    wb = Workbook()
    normal = next(s for s in wb._named_styles if s.name == "Normal")
    normal.font = Font(name=FONT, size=11)
    wb._fonts[0] = Font(name=FONT, size=11)  # the default cell font the Normal style points at
    return wb


def write_cell(ws: Worksheet, row: int, column: int, value, *, bold: bool = False, italic: bool = False,
               size: float = BODY_PT, align: str = "left", valign: str = "top", wrap: bool = True,
               border: bool = True, fill: PatternFill | None = None):
    """Write one cell; strings are never formulas (``=``, ``+``, ``-``, ``@`` at the start stay text)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
    else:
        text = safe_text(value)
        cell.value = text
        if text.startswith(_FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True  # Excel keeps it text even after the user edits the cell
    cell.font = font(bold, italic, size)
    cell.alignment = alignment(align, valign, wrap)
    if border:
        cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    return cell


def merge(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, value=None, **style):
    """Merge a block, write ``value`` in its top-left cell and border every cell so the frame prints whole."""
    cell = write_cell(ws, first_row, first_col, value, **style)
    if (first_row, first_col) != (last_row, last_col):
        ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
    if style.get("border", True):
        border_range(ws, first_row, first_col, last_row, last_col)
    return cell


def border_range(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col):
        for cell in row:
            cell.border = BORDER


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    """Column widths in Excel character units, from column A."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def lines_needed(text: str, width_chars: float, size: float = BODY_PT, bold: bool = False) -> int:
    """How many printed lines ``text`` takes in a column ``width_chars`` wide (Times New Roman metrics)."""
    from tthc_desktop.exporters.text_metrics import column_text_pt, wrap_count

    return wrap_count(text or "", column_text_pt(width_chars), size, bold)


def needed_height(text: str, width_chars: float, size: float = BODY_PT, bold: bool = False) -> float:
    """The row height (pt) a wrapped text needs, uncapped."""
    from tthc_desktop.exporters.text_metrics import height_pt

    return height_pt(lines_needed(text, width_chars, size, bold), size)


def fit_row_height(ws: Worksheet, row: int, texts: dict[int, str], widths: list[float],
                   size: float = BODY_PT, minimum: float = 18.0, bold: bool = False) -> float:
    """Set a row's height from its wrapped texts: Excel and LibreOffice do not grow merged rows themselves.

    ``texts`` maps a column number to the text shown there; a cell merged across columns passes the
    summed width through ``widths`` being the list of all column widths and the key its first column.
    The height is capped at Excel's 409 pt; the return value is the height the texts need (may be more:
    the caller lets the text spill onto merged rows below, see ``spill_rows``).
    """
    from tthc_desktop.exporters.text_metrics import EXCEL_MAX_ROW_PT

    need = max((needed_height(text, widths[col - 1], size, bold) for col, text in texts.items() if text),
               default=minimum)
    ws.row_dimensions[row].height = min(EXCEL_MAX_ROW_PT, max(minimum, need))
    return need


def spill_rows(need: float) -> int:
    """How many rows of 409 pt a text needing ``need`` pt must be merged over."""
    from tthc_desktop.exporters.text_metrics import EXCEL_MAX_ROW_PT

    return max(1, math.ceil(need / EXCEL_MAX_ROW_PT))


def setup_print(ws: Worksheet, *, title_rows: tuple[int, int] | None = None, landscape: bool = True,
                margins_cm: tuple[float, float, float, float] = (1.5, 1.5, 1.5, 1.0),
                header_text: str = "") -> None:
    """A4, landscape by default, fitted to one page wide (any number of pages tall), titles repeated."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    top, bottom, left, right = margins_cm
    ws.page_margins.top, ws.page_margins.bottom = top / CM_PER_INCH, bottom / CM_PER_INCH
    ws.page_margins.left, ws.page_margins.right = left / CM_PER_INCH, right / CM_PER_INCH
    ws.page_margins.header = ws.page_margins.footer = 0.8 / CM_PER_INCH
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = f"{FONT},Regular"
    if header_text:
        ws.oddHeader.center.text = header_text


def freeze_below(ws: Worksheet, last_header_row: int, first_data_col: int = 1) -> None:
    """Keep the header rows (and columns before ``first_data_col``) visible while scrolling."""
    ws.freeze_panes = ws.cell(row=last_header_row + 1, column=first_data_col)
