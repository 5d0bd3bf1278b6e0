"""Vietnamese text: normalisation, accent-insensitive folding, sort order, dates, numbers."""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff\u2060"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u3000]+")
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # ă/â/ê/ô, ơ/ư
_ALPHABET = [
    "a", "a\u0306", "a\u0302", "b", "c", "d", "đ", "e", "e\u0302", "f", "g", "h", "i", "j", "k", "l",
    "m", "n", "o", "o\u0302", "o\u031b", "p", "q", "r", "s", "t", "u", "u\u031b", "v", "w", "x", "y", "z",
]
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}


def normalize(text: str | None) -> str:
    """NFC, no soft hyphens or zero-width characters, NBSP and runs of spaces as one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


LINE_BREAKS = "\r\n\u2028\u2029\u0085\u000b\u000c"
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]+")


def has_line_break(text: str | None) -> bool:
    return bool(text) and _LINE_BREAK.search(text) is not None


def one_line(text: str | None) -> str:
    """Line breaks of any kind (CR, LF, U+2028 …) folded into single spaces: for e-mail headers, titles."""
    return _SPACES.sub(" ", _LINE_BREAK.sub(" ", text or "")).strip()


def fold(text: str | None) -> str:
    """Accent- and case-insensitive form for search: "Đề xuất" -> "de xuat"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def contains_folded(haystack: str | None, needle: str | None) -> bool:
    return fold(needle) in fold(haystack)


def _split_letter(ch: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base = decomposed[:1]
    letter_marks = "".join(m for m in decomposed[1:] if m in _LETTER_MARKS)
    tone = next((_TONE_MARKS[m] for m in decomposed[1:] if m in _TONE_MARKS), 0)
    return base + letter_marks, tone


def sort_key(text: str | None) -> tuple:
    """Vietnamese dictionary order: a ă â b c d đ e ê …, tone marks ordered after the base letters."""
    letters: list[tuple[int, int | str]] = []
    tones: list[int] = []
    for ch in normalize(text or ""):
        letter, tone = _split_letter(ch)
        rank = _LETTER_RANK.get(letter)
        # Digits and punctuation sort before letters, by code point.
        letters.append((1, rank) if rank is not None else (0, letter))
        tones.append(tone)
    return tuple(letters), tuple(tones), text or ""


def format_date(value: date | None) -> str:
    """dd/mm/yyyy, or an empty string."""
    return value.strftime("%d/%m/%Y") if value else ""


def parse_date(text: str, default_year: int | None = None) -> date:
    """Reads what people type for a date; raises ValueError with one Vietnamese sentence otherwise.

    Accepted: dd/mm/yyyy and d/m/yyyy (separators / . - or a space), dd/mm/yy (20yy), ddmmyyyy,
    ISO yyyy-mm-dd, and with ``default_year`` also dd/mm and ddmm ("15/2" is 15/02 of that year).
    An impossible day (31/02/2023) is refused, never moved to another day.
    """
    text = (text or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return _checked_date(int(m[3]), int(m[2]), int(m[1]), text)
    m = (re.fullmatch(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})", text)
         or re.fullmatch(r"(\d{2})(\d{2})(\d{4})", text))
    if m:
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return _checked_date(int(m[1]), int(m[2]), year, text)
    m = re.fullmatch(r"(\d{1,2})[/.\- ](\d{1,2})", text) or re.fullmatch(r"(\d{2})(\d{2})", text)
    if m and default_year is not None:
        return _checked_date(int(m[1]), int(m[2]), default_year, text)
    if not text:
        raise ValueError("Chưa nhập ngày (cần dạng ngày/tháng/năm, ví dụ 15/02/2023).")
    raise ValueError(f"«{text}» không phải là ngày (cần dạng ngày/tháng/năm, ví dụ 15/02/2023).")


def _checked_date(day: int, month: int, year: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"«{text}»: tháng {month} không có, tháng chỉ từ 1 đến 12.")
    if year < 1900 or year > 2999:
        raise ValueError(f"«{text}»: năm {year} không hợp lệ.")
    try:
        return date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise ValueError(f"«{text}»: tháng {month} năm {year} chỉ có {last} ngày, không có ngày {day}.") from None


def document_date(value: date | None, place: str = "") -> str:
    """"Quảng Ngãi, ngày 05 tháng 02 năm 2024": days below 10 and months 1–2 take a leading zero.

    Without a date, the blanks a clerk fills at registration: "Quảng Ngãi, ngày      tháng      năm 2024"
    is produced by ``blank_document_date``.
    """
    if value is None:
        raise ValueError("document_date needs a date; use blank_document_date for registration blanks")
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text


def blank_document_date(year: int, place: str = "", month: int | None = None) -> str:
    month_text = (f"{month:02d}" if month <= 2 else str(month)) if month else "     "
    text = f"ngày      tháng {month_text} năm {year}"
    return f"{place}, {text}" if place else text


def format_number(value: int | float, decimals: int = 0) -> str:
    """Vietnamese style: "." for thousands, "," for decimals: 1.150.343; 98,33."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(numerator: float, denominator: float, decimals: int = 2) -> str:
    """"99,86%"; an empty denominator gives "0%" rather than an error."""
    if not denominator:
        return "0%"
    return format_number(100.0 * numerator / denominator, decimals) + "%"


ROMAN_NUMERALS = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                  (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_ROMAN_RE = re.compile(r"^(?=[IVXLCDM]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def to_roman(number: int) -> str:
    out = []
    for value, numeral in ROMAN_NUMERALS:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def is_roman(text: str) -> bool:
    return bool(text) and bool(_ROMAN_RE.match(text.strip().rstrip(".").upper()))


def from_roman(text: str) -> int:
    text = text.strip().rstrip(".").upper()
    if not is_roman(text):
        raise ValueError(f"Không phải số La Mã: {text!r}")
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


LETTERS = "abcdđeghiklmnopqrstuvxy"


def sub_letter(index: int) -> str:
    """Sub-row letters in documents: a, b, c, d, đ, e, g …"""
    return LETTERS[index] if index < len(LETTERS) else f"{LETTERS[-1]}{index}"
