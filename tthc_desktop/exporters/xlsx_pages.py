"""Manual page breaks for a sheet printed one page wide: a cấp heading never ends a page alone, and the
signature block stays on the page of the table's last rows.

The sheet is laid out the way the printer will scale it (fit to the page width), from the row heights
and column widths the writer set, and a break is put before any block that would not fit on the rest
of the page. The capacity is taken a little short so a printer's rounding never splits a block.
"""
from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

A4_LONG_PT, A4_SHORT_PT = 841.89, 595.28
SLACK = 0.97
DEFAULT_ROW_PT = 15.0


def _row(ws: Worksheet, r: int) -> float:
    return ws.row_dimensions[r].height or DEFAULT_ROW_PT


def page_capacity(ws: Worksheet) -> float:
    """The height (pt, unscaled sheet units) one printed page holds."""
    landscape = ws.page_setup.orientation == ws.ORIENTATION_LANDSCAPE
    page_w, page_h = (A4_LONG_PT, A4_SHORT_PT) if landscape else (A4_SHORT_PT, A4_LONG_PT)
    m = ws.page_margins
    printable_w = page_w - (m.left + m.right) * 72
    printable_h = page_h - (m.top + m.bottom) * 72
    last_col = ws.max_column
    table_w = sum((ws.column_dimensions[get_column_letter(c)].width or 9) * 7 * 0.75 for c in range(1, last_col + 1))
    scale = min(1.0, printable_w / table_w) if table_w else 1.0
    return printable_h / scale * SLACK


def blocks(first_row: int, last_row: int, keep_with_next: list[int], keep_block: tuple[int, int]) -> list[tuple[int, int]]:
    """Rows grouped into blocks that must share a page: everything above ``first_row`` (the heading and
    table header), a heading with the row after it, and ``keep_block`` (last rows + signature)."""
    out = [(1, first_row - 1)] if first_row > 1 else []
    r = first_row
    glue = set(keep_with_next)
    while keep_block[0] - 1 in glue and keep_block[0] - 1 >= first_row:
        keep_block = (keep_block[0] - 1, keep_block[1])
    while r <= last_row:
        if r == keep_block[0]:
            out.append(keep_block)
            r = keep_block[1] + 1
            continue
        end = r
        while end in glue and end + 1 < keep_block[0]:
            end += 1
        out.append((r, end))
        r = end + 1
    return out


def keep_together(ws: Worksheet, *, first_row: int, title_rows: tuple[int, int], last_row: int,
                  keep_with_next: list[int], keep_block: tuple[int, int]) -> list[int]:
    """Put the row breaks; returns the rows that start a new page."""
    capacity = page_capacity(ws)
    titles = sum(_row(ws, r) for r in range(title_rows[0], title_rows[1] + 1))
    used, starts = 0.0, []
    for a, b in blocks(first_row, last_row, keep_with_next, keep_block):
        height = sum(_row(ws, r) for r in range(a, b + 1))
        if used + height > capacity and a > first_row:
            ws.row_breaks.append(Break(id=a - 1))
            starts.append(a)
            used = titles + height
        else:
            used += height
    return starts
