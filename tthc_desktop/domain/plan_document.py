"""A department plan ready to be written as Word or Excel: everything the document prints, nothing more.

Built from the database by ``services.plan_export.build_plan_document``; written by
``exporters.plan_docx`` and ``exporters.plan_xlsx``. Pure Python (no database, no Qt).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tthc_desktop.domain.text import blank_document_date, format_date, sub_letter

_LETTER_PREFIX = re.compile(r"^\s*[a-zđ]\)\s", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-–•]|\+\s)")


def document_number(number: str | None, doc_type: str, agency_code: str) -> str:
    """"12/KH-SNNPTNT" (numbers below 10 get a leading zero), or "      /KH-SNNPTNT" left for registration."""
    suffix = "/" + "-".join(x for x in (doc_type, agency_code) if x)  # a công văn has no type: "/SNNPTNT-VP"
    number = (number or "").strip()
    if not number:
        return f"      {suffix}"
    if "/" in number:
        head, _, rest = number.partition("/")
        head = f"{int(head):02d}" if head.strip().isdigit() else head.strip()
        return f"{head}/{rest.strip()}"
    return f"{int(number):02d}{suffix}" if number.isdigit() else f"{number}{suffix}"


@dataclass
class TextBlock:
    """A titled part of the body: "a) Kỳ báo cáo" with its paragraphs ("**bold**" markup allowed)."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class PlanTaskRow:
    number: str  # "1", or "1a" for a lettered sub-row
    content: str
    parent: str | None = None  # "1" for the sub-rows 1a, 1b
    results: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    coordinate_units: list[str] = field(default_factory=list)
    time_text: str = ""

    @property
    def display_number(self) -> str:
        return self.parent or self.number


@dataclass
class PlanSectionRows:
    code: str  # "I"
    title: str
    tasks: list[PlanTaskRow] = field(default_factory=list)


@dataclass
class PlanDocument:
    # The issuing department (AgencyProfile).
    parent_body: str  # "UBND tỉnh Quảng Ngãi"
    agency_name: str  # "Sở Nông nghiệp và Phát triển nông thôn"
    agency_code: str  # "SNNPTNT" in "12/KH-SNNPTNT"
    place_name: str  # "Quảng Ngãi"
    year: int
    # Registration: a number and a date, or blanks the clerk fills in.
    number: str = ""  # "12", "12/KH-SNNPTNT" or "" (blank)
    doc_date: date | None = None
    blank_month: int | None = None  # month printed when the day is left blank ("ngày    tháng 02 năm 2024")
    signer_name: str = ""
    signer_title: str = "GIÁM ĐỐC"
    signer_prefix: str = ""  # "KT." …
    signer_deputy_title: str = ""  # "PHÓ GIÁM ĐỐC" under "KT. GIÁM ĐỐC"
    agency_short_name: str = ""
    decision_citation: str = ""  # "Quyết định số 165/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh …"
    subject: str = ""  # "Hoạt động kiểm soát thủ tục hành chính năm 2024 của Sở …"
    preamble: str = ""
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    content_note: str = "Nội dung kế hoạch (có phụ lục kèm theo)"
    reporting: list[TextBlock] = field(default_factory=list)
    organisation: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    sections: list[PlanSectionRows] = field(default_factory=list)
    # Optional annex: the province's tasks left out, as (number in the province's plan, content, reason).
    dropped: list[tuple[str, str, str]] = field(default_factory=list)

    DROPPED_TITLE = "NHIỆM VỤ CỦA TỈNH KHÔNG ĐƯA VÀO KẾ HOẠCH CỦA SỞ"

    @property
    def doc_type(self) -> str:
        return "KH"

    @property
    def annex_title(self) -> str:
        return f"NỘI DUNG HOẠT ĐỘNG KIỂM SOÁT TTHC NĂM {self.year} CỦA {self.agency_name.upper()}"

    def attachment_line(self, kind: str = "Kế hoạch") -> str:
        """"(Kèm theo Kế hoạch số 12/KH-SNNPTNT ngày 05/02/2024 của Sở …)", with blanks when not registered."""
        number = document_number(self.number, self.doc_type, self.agency_code).strip()
        when = f"ngày {format_date(self.doc_date)}" if self.doc_date else blank_document_date(self.year, "", self.blank_month)
        return f"(Kèm theo {kind} số {number} {when} của {self.agency_name})"

    def task_count(self) -> int:
        return len({t.display_number for s in self.sections for t in s.tasks})


@dataclass(frozen=True)
class AnnexColumn:
    title: str
    align: str
    group: str = ""  # a heading merged over neighbouring columns with the same group


# The annex table of a department plan; the Word and Excel writers give each column its width.
ANNEX_COLUMNS = (
    AnnexColumn("STT", "center"),
    AnnexColumn("Nội dung công việc", "left"),
    AnnexColumn("Kết quả công việc", "left"),
    AnnexColumn("Chủ trì", "left", "Đơn vị thực hiện"),
    AnnexColumn("Phối hợp", "left", "Đơn vị thực hiện"),
    AnnexColumn("Thời gian thực hiện", "center"),
)


@dataclass
class AnnexRow:
    """One printed row of the annex table, with how many rows its STT/content cells span downwards."""

    number: str
    content: str
    results: str
    lead: str
    coordinate: str
    time_text: str
    span: int = 1  # rows covered by the merged STT cell (first row of a group only; 0 on later rows)
    content_span: int = 1  # rows covered by the merged content cell (0 on later rows)


def results_text(results: list[str]) -> str:
    """Several results print as "- " items; a single one as it is."""
    items = [r.strip() for r in results if r and r.strip()]
    if len(items) <= 1:
        return items[0] if items else ""
    return "\n".join(item if _BULLET.match(item) or _LETTER_PREFIX.match(item) else f"- {item}" for item in items)


def units_text(names: list[str]) -> str:
    names = [n.strip() for n in names if n and n.strip()]
    if len(names) <= 1:
        return names[0] if names else ""
    return "\n".join(f"- {n}" for n in names)


def _with_letter(letter: str, text: str) -> str:
    if _LETTER_PREFIX.match(text):
        return text
    return f"{letter}) {text}" if text else f"{letter})"


def annex_rows(tasks: list[PlanTaskRow]) -> list[AnnexRow]:
    """Rows for a section's tasks: consecutive sub-rows of one parent share a merged STT cell.

    When the sub-rows repeat (or leave empty) the parent's content, the content cell is merged too and
    the letters a), b) go in front of the results, as in the plans the province issues; when each sub-row
    has its own content, the letters go in front of the content instead.
    """
    rows: list[AnnexRow] = []
    i = 0
    while i < len(tasks):
        task = tasks[i]
        group = [task]
        if task.parent:
            while i + len(group) < len(tasks) and tasks[i + len(group)].parent == task.parent:
                group.append(tasks[i + len(group)])
        i += len(group)
        contents = {t.content.strip() for t in group if t.content.strip()}
        shared_content = len(group) > 1 and len(contents) <= 1
        for k, sub in enumerate(group):
            letter = sub_letter(k)
            results = results_text(sub.results)
            content = sub.content.strip()
            if len(group) > 1:
                if shared_content:
                    content = next(iter(contents), "") if k == 0 else ""
                    results = _with_letter(letter, results)
                else:
                    content = _with_letter(letter, content)
            rows.append(AnnexRow(
                number=sub.display_number if k == 0 else "",
                content=content,
                results=results,
                lead=units_text(sub.lead_units),
                coordinate=units_text(sub.coordinate_units),
                time_text=sub.time_text.strip(),
                span=len(group) if k == 0 else 0,
                content_span=(len(group) if k == 0 else 0) if shared_content else 1,
            ))
    return rows
