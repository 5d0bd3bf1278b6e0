"""What a table row is before it becomes a task: a section heading, a repeated header, a totals or
notes line, the "(1) (2) (3)" column-numbering line.

Section headings come in every numbering offices use: Roman «I», Arabic «1» over tasks «1.1»,
«Phần I», letters «A/B/C»; with the title in its own cell, or number and title together in one
cell merged across the row («I. TIÊU ĐỀ»), or marked by bold type only.
"""
from __future__ import annotations

import re

from tthc_desktop.domain.text import fold, is_roman

_PART = r"(?:Phần|PHẦN|Phan|PHAN|Mục|MỤC)\s+(?:thứ\s+\w+|THỨ\s+\w+|[IVXLC]{1,7}|\d{1,2})"
# Code and title in one cell: "I. TIÊU ĐỀ", "Phần II: …", "A - …", "1. TIÊU ĐỀ".
_HEADING = re.compile(rf"^({_PART}|[IVXLC]{{1,7}}|[A-HK-UWYZĐ]|\d{{1,2}})\s*(?:[.):/–-]\s*|\s+)(\S.*)$", re.DOTALL)
_CODE = re.compile(rf"^(?:{_PART}|[IVXLC]{{1,7}}|[A-HK-UWYZĐ])\.?$")
_TOTALS = re.compile(r"^[\s*(]*(?:tong cong|tong so|tong\s*:|cong\s*:|cong$|cong \(|ghi chu|luu y|chu thich|noi nhan)")


def key(text: str) -> str:
    """Folded letters and digits only, for comparing header cells."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def split_heading(text: str) -> tuple[str, str] | None:
    """(code, title) of "I. TIÊU ĐỀ"-like text, or None."""
    m = _HEADING.match(text.strip())
    if not m:
        return None
    code, title = m.group(1).strip(), m.group(2).strip()
    if code.isdigit() and not is_capitals(title):
        return None  # "1. Rà soát …" in a merged cell is a task's text, not a heading
    if len(code) == 1 and code.isalpha() and not (is_capitals(title) or title[:1].isupper()):
        return None
    return code, title


def section_code(number: str) -> str | None:
    """The code of a number cell that can only be a section: «I», «Phần II», «A» (never «a»)."""
    code = number.strip().rstrip(".").strip()
    if code and _CODE.match(code + ".") and (is_roman(code) or not code.isdigit()) and code[:1].isupper():
        return code
    return None


def is_repeated_header(cells: list[str], number: str, header_texts: set[str]) -> bool:
    """A header repeated on a new page: its cells say what the header found said. A numbered row never is."""
    if re.match(r"^(?:\d{1,3}(?:[.,]\d{1,2})*|[IVXLC]{1,7})[.)]?$", number.strip()):
        return False
    keys = [key(c) for c in dict.fromkeys(c for c in cells if c.strip())]
    keys = [k for k in keys if k]
    if not keys:
        return False
    same = sum(1 for k in keys if k in header_texts)
    return same >= 2 and same >= 0.6 * len(keys)


def is_numbering_row(cells: list[str]) -> bool:
    """The "(1) (2) (3) …" row some forms put under the header."""
    vals = [c.strip() for c in cells if c.strip()]
    return len(vals) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", v) for v in vals)


def totals_text(cells: list[str], number: str) -> str | None:
    """«Tổng cộng», «Ghi chú: …» rows at the end of a sheet: the text, or None."""
    if re.match(r"^\d", number.strip()):
        return None
    first = next((c for c in cells if c.strip()), "")
    return first if _TOTALS.match(fold(first)) else None
