"""Reading a filled form (.xlsx) returned by a unit: which form, period and unit it is, and its rows.

The file is found by what is written in it, not by cell addresses: the form code in the
header block, "Kỳ báo cáo: …", "Đơn vị báo cáo: …", and the numbering row (1) (2) (3) …
that sits under the column headers. Data rows follow until "Tổng số". Arithmetic checks
are left to the form definition; this module only reads, and refuses files it cannot trust.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tthc_desktop.domain.forms import FormDefinition, find_code, parse_count
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import fold, is_roman, normalize, parse_date
from tthc_desktop.domain.workbook_layout import find_numbering_row
from tthc_desktop.errors import BadInputError, ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1000
MAX_COLS = 60


@dataclass
class ImportedRow:
    label: str
    values: dict[int, int]
    sheet_row: int


@dataclass
class ImportedForm:
    path: Path
    code: str
    period: Period | None
    unit_name: str
    rows: list[ImportedRow] = field(default_factory=list)
    total: dict[int, int] | None = None


def check_xlsx_container(path: Path) -> None:
    """Refuse what openpyxl should never be handed: huge, non-zip, encrypted or zip-bomb files."""
    name = path.name
    if not path.is_file():
        raise BadInputError(f"Không tìm thấy tệp «{path}».")
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise BadInputError(f"Không đọc được tệp «{name}».", detail=str(exc)) from exc
    if size > MAX_FILE_BYTES:
        raise BadInputError(f"Tệp «{name}» quá lớn ({size // (1024 * 1024)} MB) để là một biểu mẫu báo cáo.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadInputError(f"Tệp «{name}» được đặt mật khẩu hoặc là định dạng Excel cũ (.xls); "
                            "hãy mở bằng Excel và lưu lại dạng .xlsx không mật khẩu.")
    if not zipfile.is_zipfile(path):
        raise BadInputError(f"Tệp «{name}» không phải tệp Excel .xlsx hợp lệ.")
    try:
        with zipfile.ZipFile(path) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNPACKED_BYTES:
                raise BadInputError(f"Tệp «{name}» giải nén ra quá lớn; tệp không được đọc.")
            if "xl/workbook.xml" not in zf.namelist():
                raise BadInputError(f"Tệp «{name}» không phải bảng tính Excel .xlsx.")
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError, EOFError) as exc:
        raise BadInputError(f"Tệp «{name}» bị hỏng hoặc không phải tệp Excel .xlsx hợp lệ.", detail=repr(exc)) from exc
    from tthc_desktop.importers import guard

    # Corrupt members, DTDs and malformed XML are refused before openpyxl parses anything.
    if guard.sniff(path) != "xlsx":
        raise BadInputError(f"Tệp «{name}» không phải bảng tính Excel .xlsx.")


def read_grid(path: Path, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS) -> list[list]:
    """The first sheet's cell values (cached values for formulas), as a list of rows."""
    check_xlsx_container(path)
    from tthc_desktop.importers import guard

    wb = guard.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(min_row=1, max_row=max_rows, max_col=max_cols, values_only=True)]
    except Exception as exc:
        raise BadInputError(f"Không đọc được nội dung tệp «{path.name}».", detail=repr(exc)) from exc
    finally:
        wb.close()


def _text(value) -> str:
    return normalize(str(value)) if value is not None else ""


def period_from_text(text: str) -> Period | None:
    """"Kỳ báo cáo: Quý I năm 2024" or "(Từ ngày 15/12/2023 đến ngày 14/3/2024)" → the period."""
    folded = fold(text)
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", folded)]
    for year in years:
        if not 1900 < year < 2200:
            continue
        for kind in ("Q1", "Q2", "Q3", "Q4", "H1", "M9", "Y"):
            p = Period(year, kind)
            if re.search(rf"(?<!\w){re.escape(fold(p.label))}(?!\w)", folded):
                return p
    dates = re.findall(r"\d{1,2}/\d{1,2}/\d{4}", text)
    if len(dates) >= 2:
        try:
            start, end = parse_date(dates[0]), parse_date(dates[1])
        except ValueError:
            return None
        for kind in ("Q1", "Q2", "Q3", "Q4", "H1", "M9", "Y"):
            p = Period(end.year, kind)
            if (p.start, p.end) == (start, end):
                return p
    return None


def _after_colon(text: str) -> str:
    return normalize(text.split(":", 1)[1]).strip(" .;-") if ":" in text else ""


def read_form_file(path: Path, definitions: dict[str, FormDefinition]) -> ImportedForm:
    path = Path(path)
    grid = read_grid(path)
    name = path.name
    header_text = [_text(v) for row in grid[:40] for v in row if v is not None]
    code = next((c for c in (find_code(t, definitions) for t in header_text) if c), None)
    if code is None:
        raise BadInputError(f"Tệp «{name}» không ghi mã biểu (ví dụ «Biểu số II.06a/VPCP/KSTT»); "
                            "hãy dùng biểu mẫu do chương trình xuất ra.")
    d = definitions[code]
    located = find_numbering_row(grid, len(d.columns))
    if located is None:
        raise BadInputError(f"Tệp «{name}»: không tìm thấy dòng đánh số cột (1), (2) … ({len(d.columns)}) của {d.form_label}.")
    num_row, col_of = located
    period = None
    unit_name = ""
    for t in (_text(v) for row in grid[:num_row] for v in row if v is not None):
        if period is None and ("ky bao cao" in fold(t) or "tu ngay" in fold(t)):
            period = period_from_text(t)
        if not unit_name and "don vi bao cao" in fold(t) and "nhan" not in fold(t).split("don vi bao cao")[0]:
            unit_name = _after_colon(t)
    form = ImportedForm(path, code, period, unit_name)
    label_col = col_of[next(c.number for c in d.columns if c.role == "label")]
    stt_col = next((col_of[c.number] for c in d.columns if c.role == "stt"), None)
    total_fold = fold(d.total_label)
    for r in range(num_row + 1, len(grid)):
        row = grid[r]
        cell = lambda c: row[c] if c < len(row) else None  # noqa: E731
        label = _text(cell(label_col))
        raw = {n: cell(col_of[n]) for n in d.value_columns}
        if fold(label) == total_fold or fold(label).startswith(total_fold + " cong"):
            form.total = {n: _count(v, name, d.total_label, n, r) for n, v in raw.items() if v is not None}
            break
        has_values = any(_text(v) for v in raw.values())
        if not label and not has_values:
            continue
        stt = _text(cell(stt_col)) if stt_col is not None else ""
        if label and not has_values and is_roman(stt):
            continue  # a cấp heading row
        if not label:
            raise ValidationError(f"Tệp «{name}», dòng {r + 1}: có số liệu nhưng không có tên lĩnh vực.")
        values = {n: _count(v, name, label, n, r) for n, v in raw.items()}
        form.rows.append(ImportedRow(label, values, r + 1))
    return form


def _count(value, file_name: str, row: str, column: int, r: int) -> int:
    try:
        return parse_count(value)
    except ValueError as exc:
        raise ValidationError(f"Tệp «{file_name}», dòng «{row}» (dòng {r + 1}), cột ({column}): {exc}; "
                              "mỗi ô phải là số nguyên không âm.") from exc
