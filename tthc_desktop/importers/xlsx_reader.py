"""An .xlsx workbook as grids: each sheet one table, merged ranges resolved like Word's.

A range merged across a row repeats its text in every column (as a Word section row
does) and flags the copies, so a task reads it once; a range merged down marks the lower cells as continuing the one above, so
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


def _hidden(ws, max_row: int, max_col: int) -> tuple[set[int], set[int]]:
    """0-based hidden rows and columns of a sheet (column widths are stored as ranges min..max)."""
    rows = {r - 1 for r, dim in ws.row_dimensions.items() if dim.hidden and r <= max_row}
    cols: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min:
            cols.update(c - 1 for c in range(dim.min, min(dim.max or dim.min, max_col) + 1))
    return rows, cols


def read_xlsx(path: Path, progress=None, is_cancelled=None) -> RawDocument:
    """Every visible sheet as a table; hidden rows and columns are left out (and said), formulas give
    the values Excel saved with them, a merged range is read once."""
    from openpyxl.utils import get_column_letter

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
        merged_left = [[False] * max_col for _ in range(max_row)]
        for rng in ws.merged_cells.ranges:
            top, left = rng.min_row - 1, rng.min_col - 1
            value = grid[top][left] if top < len(grid) and left < max_col else ""
            for r in range(rng.min_row - 1, min(rng.max_row, max_row)):
                for c in range(rng.min_col - 1, min(rng.max_col, max_col)):
                    if r == top:
                        grid[r][c] = value
                        merged_left[r][c] = c > left
                    else:
                        grid[r][c] = ""
                        merged_up[r][c] = True
        hidden_rows, hidden_cols = _hidden(ws, max_row, max_col)
        keep = [c for c in range(max_col) if c not in hidden_cols]
        rows = [RawRow([cells[c] for c in keep], [merged_up[i][c] for c in keep], i + 1,
                       merged_left=[merged_left[i][c] for c in keep])
                for i, cells in enumerate(grid) if i not in hidden_rows]
        said = [f"{len(hidden_cols)} cột ẩn ({', '.join(get_column_letter(c + 1) for c in sorted(hidden_cols))})"
                for _ in [0] if hidden_cols and any(grid[r][c] for r in range(max_row) for c in hidden_cols)]
        said += [f"{len(hidden_rows)} dòng ẩn ({', '.join(str(r + 1) for r in sorted(hidden_rows)[:10])})"
                 for _ in [0] if hidden_rows and any(any(grid[r]) for r in hidden_rows)]
        if said:
            doc.warnings.append(f"Trang tính «{ws.title}»: đã bỏ qua {' và '.join(said)}, vì bị ẩn trong Excel; "
                                "hãy hiện ra nếu cần nhập.")
        doc.tables.append(RawTable(rows))
        if progress:
            progress(index + 1, len(sheets))
    wb.close()
    return doc
