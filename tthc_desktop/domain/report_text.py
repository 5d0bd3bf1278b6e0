"""Sentences of a document the officer signs: task titles, citations, time phrases, clause lists.

Titles are never cut with "…": they are only tidied by rules that keep the meaning (spacing,
end punctuation, the department's own full name → "Sở" in its own report). Citations read
«Kế hoạch số 12/KH-SNNPTNT ngày 05/02/2024 của Sở … về …».
"""
from __future__ import annotations

import re
from datetime import date

from tthc_desktop.domain.text import fold, format_date, normalize

DOC_KINDS = {"KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "QD": "Quyết định", "TB": "Thông báo",
             "TTr": "Tờ trình", "CT": "Chỉ thị", "HD": "Hướng dẫn", "CV": "Công văn"}
_BULLET = re.compile(r"^\s*[-–•+*]\s*")


def tidy(text: str) -> str:
    """One line, single spaces, no trailing ".;:,"."""
    return " ".join(normalize(text or "").split()).rstrip(" .;:,")


def task_title(content: str, agency: str = "") -> str:
    """A task's full title for the narrative; the department's own full name becomes "Sở"."""
    title = tidy(content)
    if agency and len(agency) > 3 and agency.startswith("Sở "):
        title = re.sub(rf"(?<=của ){re.escape(agency)}\b", "Sở", title)
    return title


_NAMED_DOCUMENT = re.compile(r"^(Công văn|Quyết định|Kế hoạch|Nghị quyết|Nghị định|Thông tư|Chỉ thị|Báo cáo|Luật|"
                             r"Hướng dẫn|Thông báo|Tờ trình)\s+(số\s+)?\d")


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the text starts with a name, an abbreviation ("UBND", "Sở") or a
    numbered document ("Quyết định số 165/QĐ-UBND")."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first.isupper() or first in ("Sở", "Bộ", "Chính", "Nhà", "Văn", "Ủy", "Cổng", "Hệ")):
        return text
    if _NAMED_DOCUMENT.match(text):
        return text
    return text[0].lower() + text[1:]


def document_kind(number_symbol: str) -> str:
    """"Kế hoạch" for "12/KH-SNNPTNT", "Văn bản" when the type code is unknown."""
    number = (number_symbol or "").strip()
    code = number.split("/", 1)[1].split("-", 1)[0] if "/" in number else ""
    return DOC_KINDS.get(code, "Công văn" if "/" in number and "-" in number.split("/", 1)[1] else "Văn bản")


def citation(number_symbol: str, doc_date: date | None, issuer: str, subject: str) -> str:
    """«Kế hoạch số 12/KH-SNNPTNT ngày 05/02/2024 của Sở … về …» (parts left out when unknown)."""
    number = tidy(number_symbol)
    text = document_kind(number) + (f" số {number}" if number else "")
    if doc_date:
        text += f" ngày {format_date(doc_date)}"
    if tidy(issuer):
        text += f" của {tidy(issuer)}"
    subject = tidy(subject)
    if subject:
        subject = re.sub(r"^(về|v/v)\s+", "", subject, flags=re.IGNORECASE)
        text += f" về {lower_first(subject)}"
    return text


def time_phrase(time_text: str) -> str:
    """"- Định kỳ 3 tháng/lần.\n- Đột xuất …" → "định kỳ 3 tháng/lần; đột xuất …"; "" when nothing is left."""
    lines = [tidy(_BULLET.sub("", line)) for line in re.split(r"\n|(?<=\.)\s+-\s+|\s+-\s+(?=[A-ZĐÀ-Ỹ])",
                                                                   normalize(time_text or ""))]
    lines = [lower_first(x) for x in lines if x and x not in ("-", "…", "...")]
    return "; ".join(dict.fromkeys(lines))


def unique_clauses(clauses: list[str]) -> list[str]:
    """Drop empty and repeated clauses (compared without accents, case or end punctuation), keeping order;
    a clause already contained in a longer one is dropped too."""
    kept: list[str] = []
    for clause in (tidy(c) for c in clauses):
        if not clause:
            continue
        f = fold(clause)
        if any(f == fold(k) or f in fold(k) for k in kept):
            continue
        kept = [k for k in kept if fold(k) not in f] + [clause]
    return kept


def join_basis(basis: str, rest: str) -> str:
    """"Thực hiện <basis>; <rest>" without doubling a basis that already starts with "Thực hiện"."""
    basis = tidy(basis)
    if not basis:
        return rest
    if not fold(basis).startswith(("thuc hien", "can cu", "theo ", "trien khai")):
        basis = f"Thực hiện {basis}"
    return f"{basis[:1].upper()}{basis[1:]}; {rest}"
