"""A list on screen (the task board's current view) as a workbook."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tthc_desktop.exporters.atomic import write_atomically
from tthc_desktop.exporters.xlsx_common import HEADER_FILL, write_cell


def write_table_xlsx(path: Path, title: str, headers: list[str], rows: list[list], widths: list[int] | None = None) -> Path:
    """The board's current view as a workbook: a title row, the headers, the rows, printable on A4 landscape."""
    book = Workbook()
    ws = book.active
    ws.title = "Danh sách"
    write_cell(ws, 1, 1, title, bold=True, size=14, border=False, wrap=False)
    for c, header in enumerate(headers, start=1):
        write_cell(ws, 3, c, header, bold=True, align="center", fill=HEADER_FILL)
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            write_cell(ws, r, c, value)
    for c, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.freeze_panes = "A4"
    return write_atomically(Path(path), lambda temp: book.save(str(temp)))
