"""An .xlsx workbook as grids: each sheet one table, merged ranges resolved like Word's.

A range merged across a row repeats its text in every column (as a Word section row
does); a range merged down marks the lower cells as continuing the one above, so
sub-rows and page-split rows are told apart the same way as in .docx files.
"""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.importers import guard
from tthc_desktop.importers.table_logic import RawDocument, RawRow, RawTable


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def read_xlsx(path: Path, progress=None, is_cancelled=None) -> RawDocument:
    wb = guard.load_workbook(path, data_only=True, read_only=False)
    doc = RawDocument(format="xlsx")
    cells_seen = 0
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or list(wb.worksheets)
    for index, ws in enumerate(sheets):
        if is_cancelled and is_cancelled():
            break
        max_row, max_col = ws.max_row or 0, ws.max_column or 0
        cells_seen += max_row * max_col
        guard.check_cells(path, cells_seen)
        grid = [[_text(c) for c in row] for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col,
                                                                 values_only=True)]
        merged_up = [[False] * max_col for _ in range(max_row)]
        for rng in ws.merged_cells.ranges:
            top, left = rng.min_row - 1, rng.min_col - 1
            value = grid[top][left] if top < len(grid) and left < max_col else ""
            for r in range(rng.min_row - 1, min(rng.max_row, max_row)):
                for c in range(rng.min_col - 1, min(rng.max_col, max_col)):
                    if r == top:
                        grid[r][c] = value
                    else:
                        grid[r][c] = ""
                        merged_up[r][c] = True
        rows = [RawRow(cells, merged_up[i], i + 1) for i, cells in enumerate(grid)]
        table = RawTable(rows)
        doc.tables.append(table)
        if progress:
            progress(index + 1, len(sheets))
    wb.close()
    return doc
