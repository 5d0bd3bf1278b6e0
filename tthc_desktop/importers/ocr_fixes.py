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


def fix_cells(cells: list[str], number_col: int) -> list[str]:
    return [fix_number(c) if i == number_col else fix_digits(c) for i, c in enumerate(cells)]
