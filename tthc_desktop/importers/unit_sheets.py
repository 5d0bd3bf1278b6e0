"""Reading a returned "Phiếu báo cáo kết quả thực hiện": check its signature and ids, collect what the unit wrote.

No database here: the caller supplies the signing key and compares unit, period and tasks with
what it has recorded.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path

from tthc_desktop.errors import BadInputError, ValidationError
from tthc_desktop.domain import workbook_layout as fmt

MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ReturnedRow:
    row: int  # row number in the sheet, for messages
    task_id: int
    number: str
    status: str
    result: str
    documents: str
    difficulties: str
    proposals: str

    @property
    def is_blank(self) -> bool:
        return not any((self.status, self.result, self.documents, self.difficulties, self.proposals))


@dataclass
class ReturnedSheet:
    path: Path
    unit_id: int
    unit_name: str
    shown_unit: str  # the "Đơn vị: …" line as it reads now
    period: str
    exported_at: str
    rows: list[ReturnedRow] = field(default_factory=list)


def _text(value) -> str:
    return fmt.cell_text(value) if value is not None else ""


def read_unit_sheet(path: Path, key: bytes) -> ReturnedSheet:
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise BadInputError(f"Không tìm thấy tệp «{name}».")
    if path.stat().st_size > MAX_BYTES:
        raise BadInputError(f"Tệp «{name}» quá lớn để là một phiếu báo cáo.")
    from tthc_desktop.importers import guard

    # Zip bombs, corrupt members, DTDs and malformed XML are refused before openpyxl sees the file.
    if guard.sniff(path) != "xlsx":
        raise BadInputError(f"Không đọc được tệp «{name}»: không phải tệp Excel (.xlsx).")
    wb = guard.load_workbook(path, data_only=True)
    if fmt.META_SHEET not in wb.sheetnames or fmt.MAIN_SHEET not in wb.sheetnames:
        raise BadInputError(f"Tệp «{name}» không phải phiếu báo cáo do chương trình xuất (thiếu phần mã ẩn).")
    meta = {str(r[0]): r[1] for r in wb[fmt.META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True) if r[0]}
    if meta.get("marker") != fmt.MARKER:
        raise BadInputError(f"Tệp «{name}» không phải phiếu báo cáo do chương trình xuất.")
    try:
        unit_id = int(meta["unit_id"])
        ids = [int(x) for x in str(meta.get("task_ids") or "").split(",") if x.strip()]
        period, exported_at = str(meta["period"]), str(meta["exported_at"])
    except (KeyError, ValueError, TypeError) as exc:
        raise ValidationError(f"Phần mã ẩn của tệp «{name}» đã bị sửa; hãy dùng phiếu gốc.") from exc
    expected = fmt.unit_sheet_signature(key, unit_id, period, ids, exported_at)
    if not hmac.compare_digest(expected, str(meta.get("signature") or "")):
        raise ValidationError(f"Tệp «{name}» không khớp chữ ký: phiếu đã bị sửa mã hoặc do cơ sở dữ liệu khác xuất; "
                              "không nhập.")
    ws = wb[fmt.MAIN_SHEET]
    sheet = ReturnedSheet(path, unit_id, _text(meta.get("unit")), "", period, exported_at)
    shown = _text(ws.cell(row=5, column=1).value)
    sheet.shown_unit = shown.split(":", 1)[1].strip() if ":" in shown else shown
    seen: list[int] = []
    for r in range(fmt.FIRST_DATA_ROW, ws.max_row + 1):
        cells = [ws.cell(row=r, column=c).value for c in range(1, fmt.ID_COLUMN + 1)]
        raw_id = cells[fmt.ID_COLUMN - 1]
        if raw_id in (None, ""):
            if any(_text(v) for v in cells[fmt.FILL_COLUMNS[0] - 1:fmt.FILL_COLUMNS[-1]]) and _text(cells[0]):
                raise ValidationError(f"Tệp «{name}», dòng {r}: thiếu mã nhiệm vụ ở cột ẩn (10); không nhập.")
            continue
        try:
            task_id = int(str(raw_id).strip())
        except ValueError as exc:
            raise ValidationError(f"Tệp «{name}», dòng {r}, cột (10): mã nhiệm vụ «{raw_id}» đã bị sửa.") from exc
        position = len(seen)
        if position >= len(ids) or ids[position] != task_id:
            wanted = ids[position] if position < len(ids) else "không có"
            raise ValidationError(f"Tệp «{name}», dòng {r}, cột (10): mã nhiệm vụ {task_id} khác mã đã xuất "
                                  f"({wanted}); phiếu đã bị sửa, không nhập.")
        seen.append(task_id)
        values = [_text(cells[c - 1]) for c in fmt.FILL_COLUMNS]
        sheet.rows.append(ReturnedRow(r, task_id, _text(cells[0]), *values))
    if seen != ids:
        raise ValidationError(f"Tệp «{name}» thiếu {len(ids) - len(seen)} dòng nhiệm vụ so với phiếu đã xuất; "
                              "không nhập.")
    return sheet
