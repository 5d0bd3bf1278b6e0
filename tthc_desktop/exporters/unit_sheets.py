"""The "Phiếu báo cáo kết quả thực hiện" workbook sent to one unit for one period.

The visible sheet lists the unit's tasks with columns to fill; a hidden sheet carries the unit,
the period, the task ids and an HMAC signature over them (the key lives in the database), so a
returned file that was edited, belongs to another unit or period, or came from another
department's program is recognised on import.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tthc_desktop.exporters.atomic import write_atomically

from tthc_desktop.domain.workbook_layout import (  # noqa: F401 - the sheet's layout, re-exported
    MARKER, FORMAT_VERSION, META_SHEET, MAIN_SHEET, HEADER_ROW, FIRST_DATA_ROW, COLUMNS, WIDTHS, FILL_COLUMNS, ID_COLUMN, FIELDS,
    unit_sheet_signature as signature,
)


@dataclass
class SheetTask:
    id: int
    number: str
    content: str
    role: str  # "Chủ trì" | "Phối hợp"
    schedule: str
    section: str = ""  # "I. Ban hành …"; a new value starts a section row
    status: str = ""  # current values, pre-filled so the unit only updates them
    result: str = ""
    documents: str = ""
    difficulties: str = ""
    proposals: str = ""


@dataclass
class UnitSheet:
    unit_id: int
    unit_name: str
    period: str  # "2024Q1"
    period_label: str  # "Quý I năm 2024 (từ 15/12/2023 đến 14/03/2024)"
    deadline: str  # "16/03/2024"
    agency: str
    parent_body: str
    exported_at: str  # ISO timestamp
    tasks: list[SheetTask] = field(default_factory=list)
    status_choices: list[str] = field(default_factory=list)


def write_unit_sheet(sheet: UnitSheet, target: Path, key: bytes) -> Path:
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from tthc_desktop.exporters import xlsx_common as xc

    wb = xc.serif_workbook()
    ws = wb.active
    ws.title = MAIN_SHEET
    last = len(COLUMNS)
    xc.merge(ws, 1, 1, 1, 4, sheet.parent_body.upper(), align="center", border=False, size=11)
    xc.merge(ws, 2, 1, 2, 4, sheet.agency.upper(), bold=True, align="center", border=False, size=11)
    xc.merge(ws, 3, 1, 3, last - 1, "PHIẾU BÁO CÁO KẾT QUẢ THỰC HIỆN", bold=True, align="center", border=False,
             size=14)
    xc.merge(ws, 4, 1, 4, last - 1, f"Kế hoạch hoạt động kiểm soát TTHC — {sheet.period_label}", italic=True,
             align="center", border=False)
    xc.merge(ws, 5, 1, 5, last - 1, f"Đơn vị: {sheet.unit_name}", bold=True, align="left", border=False)
    xc.merge(ws, 6, 1, 6, last - 1, f"Hạn gửi về Văn phòng Sở: {sheet.deadline}. Điền các cột (5)–(9); "
             "không sửa cột STT, nội dung và các cột ẩn.", italic=True, border=False, size=11)
    for col, title in enumerate(COLUMNS, start=1):
        xc.write_cell(ws, HEADER_ROW, col, title, bold=True, align="center", valign="center", fill=xc.HEADER_FILL)
        xc.write_cell(ws, HEADER_ROW + 1, col, f"({col})", italic=True, align="center", size=10)
    ws.row_dimensions[HEADER_ROW].height = 48
    row = FIRST_DATA_ROW
    section = None
    unlocked = Protection(locked=False)
    for task in sheet.tasks:
        if task.section and task.section != section:
            section = task.section
            xc.merge(ws, row, 1, row, last - 1, section, bold=True)
            xc.write_cell(ws, row, ID_COLUMN, "")
            row += 1
        values = [task.number, task.content, task.role, task.schedule, task.status, task.result, task.documents,
                  task.difficulties, task.proposals]
        for col, value in enumerate(values, start=1):
            xc.write_cell(ws, row, col, value, align="center" if col in (1, 3) else "left")
        ws.cell(row=row, column=ID_COLUMN, value=task.id).border = xc.BORDER
        for col in FILL_COLUMNS:
            ws.cell(row=row, column=col).protection = unlocked
        xc.fit_row_height(ws, row, {2: task.content, 6: task.result}, WIDTHS)
        row += 1
    if sheet.status_choices and sheet.tasks:
        choices = ",".join(sheet.status_choices)
        dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True,
                            errorTitle="Trạng thái", error="Hãy chọn một trạng thái trong danh sách.")
        dv.add(f"E{FIRST_DATA_ROW}:E{row - 1}")
        ws.add_data_validation(dv)
    xc.set_widths(ws, WIDTHS)
    ws.column_dimensions["J"].hidden = True
    xc.setup_print(ws, title_rows=(HEADER_ROW, HEADER_ROW + 1))
    ws.freeze_panes = f"C{FIRST_DATA_ROW}"  # a section row may be merged there, so not via freeze_below
    ws.protection.sheet = True
    ws.protection.formatRows = False  # units may still resize rows to read long texts
    ws.protection.formatColumns = False

    meta = wb.create_sheet(META_SHEET)
    ids = [t.id for t in sheet.tasks]
    for r, (name, value) in enumerate([
        ("marker", MARKER), ("version", FORMAT_VERSION), ("unit_id", sheet.unit_id), ("unit", sheet.unit_name),
        ("period", sheet.period), ("exported_at", sheet.exported_at), ("task_ids", ",".join(map(str, ids))),
        ("signature", signature(key, sheet.unit_id, sheet.period, ids, sheet.exported_at)),
    ], start=1):
        meta.cell(row=r, column=1, value=name)
        meta.cell(row=r, column=2, value=value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = None
    from openpyxl.workbook.protection import WorkbookProtection

    wb.security = WorkbookProtection(lockStructure=True)
    return write_atomically(Path(target), lambda tmp: wb.save(tmp))
