"""The plan's annex table as an Excel workbook that prints like the Word annex.

A4 landscape, fitted to the page width, header rows repeated on every page, borders, wrapped
Times New Roman text, the header frozen while scrolling.
"""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.domain.plan_document import ANNEX_COLUMNS, PlanDocument, annex_rows

# Annex column widths in Excel character units; proportions follow the Word annex.
WIDTHS = (6, 46, 42, 22, 22, 17)
HEADER_TOP = 5  # rows 1–3: "Phụ lục", the title, "(Kèm theo …)"; row 4 blank; rows 5–6 the header


def build_plan_workbook(plan: PlanDocument):
    from openpyxl.utils import get_column_letter

    from tthc_desktop.exporters import xlsx_common as X
    from tthc_desktop.exporters.xlsx_pages import keep_together

    wb = X.serif_workbook()
    ws = wb.active
    ws.title = f"Phụ lục KH {plan.year}"
    widths = list(WIDTHS)
    last = len(ANNEX_COLUMNS)
    X.set_widths(ws, widths)
    total = sum(widths)
    X.merge(ws, 1, 1, 1, last, "Phụ lục", bold=True, size=13, align="center", border=False)
    X.merge(ws, 2, 1, 2, last, plan.annex_title, bold=True, size=13, align="center", border=False)
    X.fit_row_height(ws, 2, {1: plan.annex_title}, [total], size=13)
    X.merge(ws, 3, 1, 3, last, plan.attachment_line(), italic=True, size=12, align="center", border=False)
    X.fit_row_height(ws, 3, {1: plan.attachment_line()}, [total])
    top, sub = HEADER_TOP, HEADER_TOP + 1
    head = dict(bold=True, align="center", valign="center", fill=X.HEADER_FILL)
    col = 1
    while col <= last:
        title, group = ANNEX_COLUMNS[col - 1].title, ANNEX_COLUMNS[col - 1].group
        if group:
            end = col
            while end < last and ANNEX_COLUMNS[end].group == group:
                end += 1
            X.merge(ws, top, col, top, end, group, **head)
            for k in range(col, end + 1):
                X.write_cell(ws, sub, k, ANNEX_COLUMNS[k - 1].title, **head)
            col = end + 1
        else:
            X.merge(ws, top, col, sub, col, title, **head)
            col += 1
    ws.row_dimensions[top].height = 20
    ws.row_dimensions[sub].height = 34
    row = sub + 1
    glue: list[int] = []  # rows that must share a page with the row below (section titles, merged groups)
    for section in plan.sections:
        X.write_cell(ws, row, 1, section.code, bold=True, align="center")
        X.merge(ws, row, 2, row, last, section.title, bold=True)
        X.fit_row_height(ws, row, {2: section.title}, [6, total - 6])
        glue.append(row)
        row += 1
        row = _task_rows(ws, row, annex_rows(section.tasks), widths, glue)
    X.setup_print(ws, title_rows=(top, sub), header_text="")
    X.freeze_below(ws, sub)
    ws.print_area = f"A1:{get_column_letter(last)}{row - 1}"
    keep_together(ws, first_row=sub + 1, title_rows=(top, sub), last_row=row - 1, keep_with_next=glue,
                  keep_block=(row - 1, row - 1))
    return wb


def _task_rows(ws, row: int, rows, widths, glue: list[int]) -> int:
    from tthc_desktop.exporters import xlsx_common as X

    group_start, group_rows, merge_content, content_text = 0, 0, False, ""
    for annex in rows:
        values = [annex.number, annex.content, annex.results, annex.lead, annex.coordinate, annex.time_text]
        for k, (value, column) in enumerate(zip(values, ANNEX_COLUMNS), start=1):
            X.write_cell(ws, row, k, value, align=column.align)
        own = {k: v for k, v in enumerate(values, start=1) if v and not (k == 2 and annex.content_span > 1)}
        need = X.fit_row_height(ws, row, own, widths)
        if X.spill_rows(need) > 1 and annex.span == 1 and not group_rows:
            glue.extend(range(row, row + X.spill_rows(need) - 1))
            row = _spill(ws, row, X.spill_rows(need), len(values))
            continue
        if annex.span > 1:
            group_start, group_rows = row, annex.span
            merge_content, content_text = annex.content_span > 1, annex.content
        if group_rows and row < group_start + group_rows - 1:
            glue.append(row)  # a task's a), b) rows stay on one page
        if group_rows and row == group_start + group_rows - 1:
            X.merge(ws, group_start, 1, row, 1, ws.cell(group_start, 1).value, align="center")
            if merge_content:
                X.merge(ws, group_start, 2, row, 2, content_text)
                _grow_for_merged(ws, group_start, row, content_text, widths[1])
            group_rows = 0
        row += 1
    return row


def _spill(ws, row: int, count: int, ncols: int) -> int:
    """A row whose text needs more than Excel's 409 pt: every cell merged over ``count`` full-height rows,
    so the text continues below instead of being clipped. Returns the next free row."""
    from tthc_desktop.exporters import xlsx_common as X
    from tthc_desktop.exporters.text_metrics import EXCEL_MAX_ROW_PT

    last = row + count - 1
    for r in range(row, last + 1):
        ws.row_dimensions[r].height = EXCEL_MAX_ROW_PT
    for c in range(1, ncols + 1):
        ws.merge_cells(start_row=row, start_column=c, end_row=last, end_column=c)
        X.border_range(ws, row, c, last, c)
    return last + 1


def _grow_for_merged(ws, first: int, last: int, text: str, width: float) -> None:
    """A merged cell's text must fit in its rows together; the last row takes any shortfall."""
    from tthc_desktop.exporters import xlsx_common as X

    from tthc_desktop.exporters.text_metrics import EXCEL_MAX_ROW_PT

    needed = X.needed_height(text, width)
    have = sum(ws.row_dimensions[r].height or 15 for r in range(first, last + 1))
    if needed > have:
        ws.row_dimensions[last].height = min(EXCEL_MAX_ROW_PT, (ws.row_dimensions[last].height or 15) + needed - have)


def write_plan_xlsx(plan: PlanDocument, target: Path) -> Path:
    """Write the annex workbook to ``target`` atomically; FileLockedError if it is open in Excel."""
    from tthc_desktop.exporters.atomic import write_atomically

    workbook = build_plan_workbook(plan)
    return write_atomically(Path(target), lambda tmp: workbook.save(str(tmp)))
