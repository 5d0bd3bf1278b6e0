"""Statistics exported by a provincial one-stop system, read through a column mapping chosen once and reused.

A mapping says which spreadsheet column holds the lĩnh vực name, where the data starts,
and which column feeds each numbered column of the form:
``{"field_column": "B", "first_row": 6, "columns": {"3": "D", "4": "E", …}}``.
It is stored in ColumnMapping under a name the officer picks ("Một cửa tỉnh 2024").
"""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from tthc_desktop.domain.forms import parse_count
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import fold, normalize
from tthc_desktop.errors import UsageError, ValidationError
from tthc_desktop.services.history import recorded
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import ColumnMapping, Field

_COLUMN = re.compile(r"^[A-Z]{1,2}$")


def column_index(letter: str) -> int:
    """0-based index of a spreadsheet column letter ("A" → 0, "AB" → 27)."""
    letter = (letter or "").strip().upper()
    if not _COLUMN.match(letter):
        raise UsageError(f"«{letter}» không phải tên cột bảng tính (A, B, … AZ).")
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1


def list_mappings(db: Database, form_code: str | None = None) -> list[dict]:
    with db.session() as s:
        rows = s.scalars(select(ColumnMapping)).all()
        return [{"name": r.name, "form": r.form_code, **r.mapping} for r in rows
                if form_code is None or fold(r.form_code) == fold(form_code)]


@recorded("catalog", lambda db, name, *a, **k: f"Lưu cách ghép cột «{name}»")
def save_mapping(db: Database, name: str, form_code: str, mapping: dict) -> dict:
    from tthc_desktop.services.forms import get_definition

    d = get_definition(form_code)
    name = normalize(name)
    if not name:
        raise UsageError("Hãy đặt tên cho bảng ghép cột.")
    column_index(mapping.get("field_column", ""))
    if int(mapping.get("first_row") or 0) < 1:
        raise UsageError("Cần dòng số liệu đầu tiên (số từ 1).")
    cols = {str(k): str(v).upper() for k, v in (mapping.get("columns") or {}).items() if v}
    for k, v in cols.items():
        if not k.isdigit() or int(k) not in d.value_columns:
            raise UsageError(f"Biểu {d.code} không có cột số liệu ({k}).")
        column_index(v)
    if not cols:
        raise UsageError("Bảng ghép cột chưa chọn cột số liệu nào.")
    clean = {"field_column": mapping["field_column"].upper(), "first_row": int(mapping["first_row"]), "columns": cols}
    with db.session() as s:
        row = s.scalar(select(ColumnMapping).where(ColumnMapping.name == name))
        if row is None:
            row = ColumnMapping(name=name, form_code=d.code)
            s.add(row)
        row.form_code, row.mapping = d.code, clean
    return {"name": name, "form": d.code, **clean}


def resolve_mapping(db: Database, name: str, form_code: str, *, columns: dict[int, str] | None = None,
                    field_column: str | None = None, first_row: int | None = None) -> dict:
    """The saved mapping ``name``, updated with whatever was given, and saved again for next time."""
    saved = next((m for m in list_mappings(db) if fold(m["name"]) == fold(name)), None)
    if saved and fold(saved["form"]) != fold(form_code):
        raise UsageError(f"Bảng ghép cột «{name}» dành cho biểu {saved['form']}, không phải {form_code}.")
    mapping = {"field_column": (saved or {}).get("field_column", ""), "first_row": (saved or {}).get("first_row", 0),
               "columns": dict((saved or {}).get("columns", {}))}
    if field_column:
        mapping["field_column"] = field_column
    if first_row:
        mapping["first_row"] = first_row
    for k, v in (columns or {}).items():
        mapping["columns"][str(k)] = v
    if not saved and not columns:
        raise UsageError(f"Chưa có bảng ghép cột «{name}»: hãy chỉ ra --field-column, --first-row và các --set SỐ=CỘT.")
    return save_mapping(db, name, form_code, mapping)


def preview(path: Path, rows: int = 20) -> list[list[str]]:
    """The first rows of the file as text, for the mapping dialog."""
    from tthc_desktop.importers.forms_xlsx import read_grid

    grid = read_grid(Path(path), max_rows=rows, max_cols=40)
    return [["" if v is None else normalize(str(v)) for v in row] for row in grid]


def read_with_mapping(db: Database, path: Path, mapping: dict) -> dict[int, dict[int, int]]:
    """{field_id: values} read from the file; rows whose name is not a known lĩnh vực are reported, totals skipped."""
    from tthc_desktop.importers.forms_xlsx import read_grid

    path = Path(path)
    grid = read_grid(path)
    label_col = column_index(mapping["field_column"])
    cols = {int(k): column_index(v) for k, v in mapping["columns"].items()}
    with db.session() as s:
        by_fold = {fold(f.name): f.id for f in s.scalars(select(Field)).all()}
    out: dict[int, dict[int, int]] = {}
    for r in range(int(mapping["first_row"]) - 1, len(grid)):
        row = grid[r]
        label = normalize(str(row[label_col])) if label_col < len(row) and row[label_col] is not None else ""
        if not label or fold(label).startswith(("tong", "cong")):
            continue
        fid = by_fold.get(fold(label))
        if fid is None:
            raise ValidationError(f"Tệp «{path.name}», dòng {r + 1}: lĩnh vực «{label}» không có trong danh mục; "
                                  "hãy thêm lĩnh vực hoặc sửa bảng ghép cột.")
        values = {}
        for number, c in cols.items():
            try:
                values[number] = parse_count(row[c] if c < len(row) else None)
            except ValueError as exc:
                raise ValidationError(f"Tệp «{path.name}», dòng «{label}» (dòng {r + 1}), cột ({number}): {exc}.") from exc
        acc = out.setdefault(fid, {})
        for number, v in values.items():
            acc[number] = acc.get(number, 0) + v
    if not out:
        raise ValidationError(f"Tệp «{path.name}»: không đọc được dòng lĩnh vực nào với bảng ghép cột này.")
    return out


def import_with_mapping(db: Database, path: Path, mapping: dict, period: Period, unit, *, replace: bool = False):
    from tthc_desktop.services import forms

    unit_id, unit_name = forms.resolve_unit(db, unit)
    rows = read_with_mapping(db, path, mapping)
    warnings = forms.save_unit_figures(db, mapping["form"], period, unit_id, rows, source=Path(path).name,
                                       replace=replace, what=f"Tệp «{Path(path).name}»")
    return forms.ImportResult(Path(path).name, mapping["form"], unit_name, len(rows),
                              [f"Tệp «{Path(path).name}»: {w.message()}" for w in warnings])
