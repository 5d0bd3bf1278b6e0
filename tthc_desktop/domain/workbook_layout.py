"""Layouts shared by the workbooks the program writes and reads back.

The unit report sheet and the II.05a/II.06a forms are written by ``exporters`` and read by
``importers``; what both must agree on (sheet names, rows, columns, the signature over a sheet,
the numbering row of a form) lives here so that neither imports the other.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from tthc_desktop.domain.text import normalize

# The unit report sheet ("Phiếu báo cáo kết quả thực hiện").
MARKER = "tthc-unit-sheet"
FORMAT_VERSION = 1
META_SHEET = "_ma"
MAIN_SHEET = "Phiếu báo cáo"
HEADER_ROW = 7
FIRST_DATA_ROW = 9  # row 8 holds the column numbers (1), (2) …
COLUMNS = ["STT", "Nội dung công việc", "Vai trò", "Thời gian thực hiện", "Trạng thái",
           "Kết quả thực hiện", "Văn bản đã ban hành (số, ký hiệu, ngày, trích yếu)", "Khó khăn, vướng mắc",
           "Đề xuất, kiến nghị", "Mã"]
WIDTHS = [7, 48, 11, 18, 20, 42, 32, 28, 28, 6]
FILL_COLUMNS = (5, 6, 7, 8, 9)  # what the unit writes
ID_COLUMN = 10
FIELDS = ("status", "result", "documents", "difficulties", "proposals")  # the fill columns, in order


def unit_sheet_signature(key: bytes, unit_id: int, period: str, task_ids: list[int], exported_at: str) -> str:
    message = f"{MARKER}|{FORMAT_VERSION}|{unit_id}|{period}|{','.join(map(str, task_ids))}|{exported_at}"
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


# The II.05a / II.06a forms: the row reading (1) (2) … under the header.
_NUMBER_CELL = re.compile(r"^\(?\s*(\d{1,2})\s*\)?$")


def find_numbering_row(grid: list[list], count: int) -> tuple[int, dict[int, int]] | None:
    """(row index, {column number: grid column}) of the row reading (1) (2) … (count)."""
    for r, row in enumerate(grid):
        found: dict[int, int] = {}
        for c, value in enumerate(row):
            m = _NUMBER_CELL.match(normalize(str(value)) if value is not None else "")
            if m:
                found.setdefault(int(m[1]), c)
        if all(n in found for n in range(1, count + 1)):
            cols = [found[n] for n in range(1, count + 1)]
            if cols == sorted(cols):
                return r, {n: found[n] for n in range(1, count + 1)}
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell_text(value) -> str:
    """Text Excel can store: NFC, no control characters (a tab becomes a space)."""
    if value is None:
        return ""
    text = str(value).replace("\t", " ")
    return normalize(_CONTROL.sub("", text))
