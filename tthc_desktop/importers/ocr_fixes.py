"""Corrections of OCR text against what a plan can contain: Roman section numerals, task
numbers and dates (agency names are corrected by the units splitter, domain.agency_names).

Tesseract reads «II» as «Il», «ll» or «11», «0» as «O» and «1» as «l» inside numbers; a
number cell can only hold a numeral, so the correction there is safe. Elsewhere only
characters between digits are changed.
"""
from __future__ import annotations

import re

from tthc_desktop.domain.text import is_roman

_ROMANISH = re.compile(r"^[IVXLl1|!]{1,6}[.,]?$")
_DIGITISH = re.compile(r"^[\dOolI|]{1,3}(?:[.,][\dOolI|]{1,2})?[.,]?$")


def fix_number(text: str, roman_context: bool = False) -> str:
    """The number cell «Il» → «II», «l0» → «10», «1O.2» → «10.2»."""
    t = text.strip().strip("'‘’`\"").rstrip(",")
    if not t:
        return t
    if _ROMANISH.match(t) and not t.rstrip(".").isdigit():
        candidate = re.sub(r"[l1|!]", "I", t.rstrip(".,"))
        if is_roman(candidate):
            return candidate
    if roman_context and re.fullmatch(r"1{1,3}\.?", t):  # «11» under sections I, II … is «II»
        return "I" * len(t.rstrip("."))
    if _DIGITISH.match(t) and re.search(r"\d", t):
        return re.sub(r"[Oo]", "0", re.sub(r"[lI|]", "1", t)).replace(",", ".").rstrip(".")
    return t


def fix_digits(text: str) -> str:
    """«15/O2/2O25» → «15/02/2025»: letters standing for digits inside numbers and dates."""
    text = re.sub(r"(?<=[\d/.])[Oo](?=[\d/.])|(?<=\d)[Oo]\b|\b[Oo](?=\d)", "0", text)
    return re.sub(r"(?<=[\d/])[lI|](?=[\d/])", "1", text)


_HEADING_CODE = re.compile(r"^([IVXLHl1|]{1,6})([.,:]?)\s+(?=\S)")


def fix_heading(text: str) -> str:
    """«HI. RÀ SOÁT» → «III. RÀ SOÁT», «IL BAN HÀNH» → «I. BAN HÀNH»: the Roman code of a heading."""
    m = _HEADING_CODE.match(text)
    if not m or not re.search(r"[A-ZĐÀ-Ỹ]{3}", text[m.end():m.end() + 12]):
        return text
    code = re.sub(r"[l1|]", "I", m.group(1)).replace("H", "II")
    if not is_roman(code) and code.endswith("L") and is_roman(code[:-1]):
        code = code[:-1]  # the full stop read as «L»
    return f"{code}. {text[m.end():]}" if is_roman(code) else text


def fix_text(text: str) -> str:
    """Spacing OCR loses: «sở,ban» → «sở, ban», «UBNDcấp» → «UBND cấp»; then digits, then a heading code."""
    text = re.sub(r",(?=[^\s\d])", ", ", text)
    text = re.sub(r"\b(UBND|HĐND|TTHC)(?=[a-zà-ỹđ])", r"\1 ", text)
    return fix_heading(fix_digits(text))


def fix_cells(cells: list[str], number_col: int) -> list[str]:
    """The OCR'd cells of one row; a cell merged across the row (a heading) is text, not a number."""
    merged = number_col < len(cells) and cells.count(cells[number_col]) > 1 and bool(cells[number_col])
    return [fix_number(c) if i == number_col and not merged else fix_text(c) for i, c in enumerate(cells)]
