"""How wide a text prints in Times New Roman, from a bundled width table (resources/fonts/serif_widths.json,
the advance widths of Liberation Serif, metric-compatible with Times New Roman), and how many lines it
wraps to in a cell. Used for Excel row heights: neither Excel nor LibreOffice grows a row whose height
the file sets, so a guessed height clips the last line.
"""
from __future__ import annotations

import json
import math
import unicodedata
from functools import lru_cache

LINE_HEIGHT_EM = 1.15  # ascender + descender + line gap of Times New Roman
EXCEL_MAX_ROW_PT = 409.0
DIGIT_PX = 7  # maximum digit width of the workbook's default font (Calibri 11) at 96 dpi
CELL_PADDING_PX = 7  # Excel's 5 px in the column width plus a pixel of grid line each side
SAFETY = 1.03  # LibreOffice lays out with slightly wider spacing than the font's advances


@lru_cache(maxsize=1)
def _table() -> dict:
    from tthc_desktop.paths import resources_dir

    data = json.loads((resources_dir() / "fonts" / "serif_widths.json").read_text(encoding="utf-8"))
    upem = float(data["units_per_em"])
    return {style: {ch: w / upem for ch, w in zip(*data[style])} for style in ("regular", "bold")}


def _char_em(ch: str, widths: dict[str, float]) -> float:
    if ch in widths:
        return widths[ch]
    base = unicodedata.normalize("NFD", ch)[:1]
    return widths.get(base, 0.5)


def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    widths = _table()["bold" if bold else "regular"]
    return sum(_char_em(ch, widths) for ch in unicodedata.normalize("NFC", text or "")) * size * SAFETY


def wrap_count(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped at spaces into ``width_pt`` (a word wider than the line is broken)."""
    space = text_width_pt(" ", size, bold)
    total = 0
    for paragraph in (text or "").split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            w = text_width_pt(word, size, bold)
            if w > width_pt:  # broken across lines
                if used:
                    lines += 1
                lines += math.ceil(w / width_pt) - 1
                used = w - (math.ceil(w / width_pt) - 1) * width_pt
                continue
            need = w if not used else used + space + w
            if need <= width_pt:
                used = need
            else:
                lines += 1
                used = w
        total += lines
    return max(1, total)


def column_text_pt(width_chars: float) -> float:
    """The printable text width inside an Excel column ``width_chars`` wide, in points."""
    return max(1.0, (width_chars * DIGIT_PX - CELL_PADDING_PX) * 0.75)


def line_pt(size: float) -> float:
    """One line's height as Excel lays it out (whole pixels at 96 dpi)."""
    return math.ceil(size * LINE_HEIGHT_EM * 96 / 72) * 72 / 96


def height_pt(lines: int, size: float) -> float:
    return lines * line_pt(size) + 3.0
