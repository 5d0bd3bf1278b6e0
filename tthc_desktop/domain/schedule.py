"""Time cells of a plan ("Tháng 02", "Quý IV/2025", "Thường xuyên" …) → a Schedule.

The grammar, tried in this order on each line (folded text, so OCR copies without
diacritics such as "Quy I nam 2024" read the same; ``Y`` is the plan's year unless written):

* recurrence: «Thường xuyên», «liên tục» → continuous; «hằng/mỗi tháng», «1 tháng/lần» → month;
  «hằng/mỗi quý», «định kỳ 3 tháng» or three quarters or more → quarter; «định kỳ 6 tháng»,
  «6 tháng và cuối năm» → half_year; «hằng/mỗi năm» → year (but «tháng 6 và tháng 12 hằng
  năm» names its months: two dues);
* vague: «theo kế hoạch/quy định», «đột xuất», «khi có …» → unspecified, understood;
* a date: «15/02/2025», «ngày 15 tháng 02 năm 2025», «trước/đến/hạn ngày 20/02» → that day
  (a date after «số …/KH-UBND ngày» cites a document and is not a due date);
* a range «Từ tháng 3 đến tháng 6/2025», «từ ngày 01/3 đến ngày 30/6» → its end;
* halves: «6 tháng đầu năm» → 30/06/Y; «6 tháng cuối năm» → 31/12/Y;
* quarters «Quý II», «Quý II/2025», lists «Quý II và Quý IV», «Quý I, III» → the quarters' last
  days (a list gives several dues);
* months «Tháng 02», «tháng 6/2025», lists «tháng 6, tháng 12», «tháng 6 và 12» → month ends;
* years «Năm 2025», «trong năm», «cuối năm» → 31/12/Y.

Anything else is unspecified, and ``time_text_understood`` says so (the importer warns);
no date is ever guessed. A cell with several lines takes its strongest line: a fixed due
date beats a recurrence, which beats "theo kế hoạch".
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from tthc_desktop.domain.plan import Schedule
from tthc_desktop.domain.text import fold

_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"\bquy\s*([ivxl1]{1,3}|[1-4])\b")
_MONTH = re.compile(r"(?<![\d/])\bthang\s+(\d{1,2})(?:\s*(?:/|nam|-)\s*((?:19|20)\d{2}))?(?!\s*/\s*lan)")
_FULL_DATE = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})\b")
_SHORT_DATE = re.compile(r"\b(?:truoc|den|han|cham nhat)(?: ngay)?\s+(\d{1,2})\s*/\s*(\d{1,2})\b(?!\s*/)")
_DEADLINE = re.compile(r"\b(?:truoc|den|han|cham nhat)(?: ngay)?\s+\d{1,2}\s*/")
# "Kế hoạch số 140/KH-UBND ngày 14/10/2021": the date of a cited document, not a due date.
_CITATION = re.compile(r"\d+/[\w.-]+\s+(?:ngay\s*)?$")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_LONG_DATE = re.compile(r"\b(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+((?:19|20)\d{2}))?\b")
_RANGE = re.compile(r"\btu\s+(?:ngay\s+|thang\s+)?[\d/ ]+?\s*(?:den|toi|-)\s+(?:het\s+)?(?P<end>(?:ngay\s+)?[\d/]+"
                    r"(?:\s*(?:/|nam)\s*(?:19|20)\d{2})?|thang\s+\d{1,2}(?:\s*(?:/|nam)\s*(?:19|20)\d{2})?)")
_FIRST_HALF = re.compile(r"\b(?:0?6|sau) thang dau nam\b")
_SECOND_HALF = re.compile(r"\b(?:0?6|sau) thang cuoi nam\b")
_MONTH_LIST = re.compile(r"\bthang\s+(\d{1,2})((?:\s*(?:,|va|;)\s*(?:thang\s+)?\d{1,2}\b(?!\s*/\s*\d))+)")
_IN_YEAR = re.compile(r"\b(?:trong nam|nam (?:19|20)\d{2}|ca nam|cuoi nam)\b")

_MONTHLY = re.compile(r"\b(?:hang|hang|moi) thang\b|\b1 thang\s*/\s*lan\b")
_QUARTERLY = re.compile(r"\b(?:hang|moi) quy\b|\bquy\s*/\s*nam\b|\b0?3 thang(?:\s*/\s*lan| mot lan)\b|\bdinh ky (?:0?3|ba) thang\b")
_HALF_YEARLY = re.compile(r"\b(?:0?6|sau) thang\b")
_YEARLY = re.compile(r"\b(?:hang|moi) nam\b")
_CONTINUOUS = re.compile(r"\bth[a-z]{1,4}ng xuyen\b|\blien tuc\b")  # OCR: "thudng xuyen"
_UNSPECIFIED = re.compile(r"^(?:[-+*\s]*)(?:theo|dinh ky theo|dot xuat|khi co|tuy)")

STRENGTH = {"once": 3, "recurring": 2, "unspecified": 1}


def _ocr_fold(text: str) -> str:
    # hang/hằng both fold to "hang"; OCR reads "I" as "l" or "1" in quarter numerals.
    return fold(text).replace("hang", "hang")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_numbers(line: str) -> list[int]:
    out = []
    for m in _QUARTER.finditer(line):
        key = m.group(1).replace("l", "i").replace("1", "i") if not m.group(1).isdigit() else m.group(1)
        if key in _ROMAN_Q:
            out.append(_ROMAN_Q[key])
    # "Quý II, III/2025": bare numerals after a comma belong to the same list.
    tail = re.search(r"\bquy\s*[ivxl1]{1,3}((?:\s*(?:,|va)\s*(?:quy\s*)?[ivx]{1,3}\b)+)", line)
    if tail:
        for numeral in re.findall(r"\b([ivx]{1,3})\b", tail.group(1)):
            if _ROMAN_Q.get(numeral) and _ROMAN_Q[numeral] not in out:
                out.append(_ROMAN_Q[numeral])
    return out


def _year_in(line: str, default: int) -> int:
    m = _YEAR.search(line)
    return int(m.group(1)) if m else default


def _once(dues: list[date], periodic_note: bool) -> Schedule:
    dues = sorted(set(dues))
    return Schedule("once", dues[0], None, periodic_note, dues if len(dues) > 1 else [])


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_list(f: str, year: int) -> list[date]:
    m = _MONTH_LIST.search(f)
    if not m:
        return []
    months = [int(m.group(1))] + [int(x) for x in re.findall(r"\d{1,2}", m.group(2))]
    return [_month_end(year, n) for n in months if 1 <= n <= 12]


def _range_end(f: str, year: int) -> date | None:
    m = _RANGE.search(f)
    if not m:
        return None
    end = m.group("end")
    full = _FULL_DATE.search(end)
    if full:
        return _date_or_none(int(full[3]), int(full[2]), int(full[1]))
    short = re.match(r"(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*$", end)
    if short:
        return _date_or_none(year, int(short[2]), int(short[1]))
    month = re.match(r"thang\s+(\d{1,2})", end) or re.match(r"(\d{1,2})\s*(?:/|nam)\s*((?:19|20)\d{2})", end)
    if month and 1 <= int(month[1]) <= 12:
        return _month_end(_year_in(end, year), int(month[1]))
    return None


def _parse_line(line: str, year: int) -> Schedule:
    f = _ocr_fold(line)
    if not f.strip(" -+*.;"):
        return Schedule()
    note = "dinh ky" in f and "bao cao" in f
    stripped = f.lstrip(" -+*")
    if _CONTINUOUS.match(stripped):
        return Schedule("recurring", None, "continuous")
    if _UNSPECIFIED.match(f) and not _DEADLINE.search(f):
        return Schedule()
    if _MONTHLY.search(f):
        return Schedule("recurring", None, "month")
    if _QUARTERLY.search(f):
        return Schedule("recurring", None, "quarter")
    quarters = _quarter_numbers(f)
    if len(quarters) >= 3 or (len(quarters) >= 2 and re.search(r"\b(?:1|ca|mot) nam\b", f)):
        return Schedule("recurring", None, "quarter")
    y = _year_in(f, year)
    if _FIRST_HALF.search(f) and not _SECOND_HALF.search(f):
        return _once([date(y, 6, 30)], note)
    if _SECOND_HALF.search(f):
        return _once([date(y, 12, 31)], note)
    if _HALF_YEARLY.search(f) and ("dinh ky" in f or "cuoi nam" in f or "hang" in f):
        return Schedule("recurring", None, "half_year")
    months = _month_list(f, y)
    if len(months) > 1:  # "Tháng 6 và tháng 12 hằng năm": two dues, not a yearly recurrence
        return _once(months, note)
    if _YEARLY.search(f):
        return Schedule("recurring", None, "year")
    end = _range_end(f, year)
    if end:
        return _once([end], note)
    m = next((d for d in _FULL_DATE.finditer(f) if not _CITATION.search(f[: d.start()])), None)
    if m and _date_or_none(int(m[3]), int(m[2]), int(m[1])):
        return _once([date(int(m[3]), int(m[2]), int(m[1]))], note)
    m = _LONG_DATE.search(f)
    if m and _date_or_none(int(m[3] or year), int(m[2]), int(m[1])):
        return _once([date(int(m[3] or year), int(m[2]), int(m[1]))], note)
    m = _SHORT_DATE.search(f)
    if m and _date_or_none(year, int(m[2]), int(m[1])):
        return _once([date(year, int(m[2]), int(m[1]))], note)
    if quarters:
        return _once([_month_end(y, 3 * q) for q in quarters], note)
    m = _MONTH.search(f)
    if m and 1 <= int(m[1]) <= 12:
        return _once([_month_end(int(m[2]) if m[2] else year, int(m[1]))], note)
    if _CONTINUOUS.search(f):
        return Schedule("recurring", None, "continuous")
    if _IN_YEAR.search(f) or re.fullmatch(r"\s*nam\s+(?:19|20)\d{2}\.?\s*", f):
        return _once([date(y, 12, 31)], note)
    return Schedule()


def parse_time_text(text: str, year: int) -> Schedule:
    """The schedule of a time cell; the cell's text itself is kept verbatim by the caller."""
    best = Schedule()
    for line in re.split(r"[\n]+", text or ""):
        candidate = _parse_line(line, year)
        if STRENGTH[candidate.kind] > STRENGTH[best.kind]:
            best = candidate
    return best


_KNOWN_VAGUE = re.compile(r"\b(?:theo|dot xuat|dinh ky|khi co|tuy|ngay sau|kip thoi|lien tuc)\b")


def time_text_understood(text: str, year: int) -> bool:
    """False for a non-empty time cell the rules cannot read at all (the importer warns)."""
    if not (text or "").strip():
        return True
    return parse_time_text(text, year).kind != "unspecified" or bool(_KNOWN_VAGUE.search(_ocr_fold(text)))
