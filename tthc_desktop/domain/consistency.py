"""The check a văn thư makes before a document leaves: each problem names where it is.

Checked: the same section title twice, a word or phrase doubled ("Thực hiện Thực hiện"), empty or
hollow parentheses ("()", "(thời gian: - .)"), a clause repeated in one paragraph, the type code of
"Số: …/KH-…" against the kind of document, and a cited provincial plan of another year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tthc_desktop.domain.text import fold

_DOUBLED = re.compile(r"(?<!\w)([^\W\d_]+(?:\s+[^\W\d_]+){0,2})\s+\1(?!\w)", re.IGNORECASE)
# One syllable twice is often two compounds meeting ("toàn trình trình Giám đốc"): flagged only for
# function words, or when the repeat is capitalised mid-sentence ("Sở Sở").
_FUNCTION_WORDS = {"cua", "va", "cac", "ve", "theo", "duoc", "da", "la", "tai", "cho", "voi", "trong", "nhung", "de"}
_HOLLOW = re.compile(r"\(\s*(?:[^()\w]*|[^()]{0,40}:\s*[-–.…,;\s]*)\)")
_NUMBER_CODE = re.compile(r"Số:\s*[^/\n]*/\s*([A-ZĐ]+)\s*-")
_PLAN_YEAR = re.compile(r"Kế hoạch[^.;]{0,160}?năm\s+(\d{4})", re.IGNORECASE)
# Vietnamese doubles a few words on purpose ("từng", "nhiều nhiều" does not occur in formal text).
_ALLOWED_DOUBLES = {"tung", "dan dan", "thuong thuong"}


@dataclass(frozen=True)
class Problem:
    where: str  # the part key ("I.1") or a place ("header", "opening")
    heading: str  # the part's heading, for the officer
    text: str  # one Vietnamese sentence

    def message(self) -> str:
        return f"{self.heading}: {self.text}" if self.heading else self.text

    def to_json(self) -> dict:
        return {"where": self.where, "heading": self.heading, "problem": self.text}


def text_problems(text: str) -> list[str]:
    """Problems inside one block of text (every line of it)."""
    out = []
    for line in (text or "").split("\n"):
        for m in _DOUBLED.finditer(line):
            words = m.group(1).split()
            second = m.group(0)[len(m.group(1)):].strip()
            if fold(m.group(1)) in _ALLOWED_DOUBLES:
                continue
            if len(words) > 1 or fold(words[0]) in _FUNCTION_WORDS or (second[:1].isupper() and m.start() > 0):
                out.append(f"lặp từ «{m.group(0)}».")
        for m in _HOLLOW.finditer(line):
            out.append(f"ngoặc đơn không có nội dung «{m.group(0)}».")
        clauses = [c.strip(" .") for c in line.split(";") if len(c.strip()) > 12]
        folded = [fold(c) for c in clauses]
        for c in dict.fromkeys(c for c, f in zip(clauses, folded) if folded.count(f) > 1):
            out.append(f"một ý được viết hai lần trong cùng đoạn («{c[:60]}»).")
    return list(dict.fromkeys(out))


def check_document(parts: list[tuple[str, str, str]], *, doc_code: str = "", number_line: str = "",
                   year: int | None = None, cited_plan_year: int | None = None) -> list[Problem]:
    """``parts`` are (where, heading, text). ``doc_code`` is the expected type code ("BC", "KH");
    ``year`` the document's year and ``cited_plan_year`` the year of the provincial plan it derives from."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for where, heading, text in parts:
        key = fold(re.sub(r"^[IVXLC\d]+[.)]\s*", "", heading or "")).strip()
        if key and key in seen:
            problems.append(Problem(where, heading, f"Trùng tiêu đề với mục «{seen[key]}»."))
        elif key:
            seen[key] = heading
        for p in text_problems(text):
            problems.append(Problem(where, heading, p[:1].upper() + p[1:]))
    if doc_code and number_line:
        m = _NUMBER_CODE.search(number_line)
        if m and m.group(1) != doc_code:
            problems.append(Problem("header", "Số, ký hiệu",
                                    f"«{number_line.strip()}» mang ký hiệu {m.group(1)}, văn bản này cần {doc_code}."))
    if year and cited_plan_year and cited_plan_year != year:
        problems.append(Problem("basis", "Căn cứ",
                                f"Kế hoạch của tỉnh được trích dẫn là của năm {cited_plan_year}, kế hoạch này là năm "
                                f"{year}: hãy kiểm tra căn cứ."))
    if year:
        for where, heading, text in parts:
            for m in _PLAN_YEAR.finditer(text or ""):
                if int(m.group(1)) not in (year, year - 1) and "kiem soat" in fold(m.group(0)):
                    problems.append(Problem(where, heading, f"Trích dẫn «{m.group(0)[:80]}» thuộc năm {m.group(1)}, "
                                                            f"không phải năm {year}."))
    return problems
