"""A programme (e.g. "Nghị quyết 131/NQ-CP") whose tasks are tracked inside the plan, and its report.

The programme has its own sections (I. Về cải cách TTHC…, II. …); each tagged task belongs to one of
them, or, when untold, to a section named after the task's own plan section. Pure Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tthc_desktop.domain.text import fold, to_roman


@dataclass
class ProgrammeSection:
    code: str  # "I"
    title: str


@dataclass
class Programme:
    name: str  # short name used as the tag: "Nghị quyết 131/NQ-CP"
    full_title: str = ""  # "Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ về …"
    recipient: str = ""  # "Văn phòng UBND tỉnh"
    basis: str = ""  # what the report answers: "Công văn số 1663/VPCP-KSTT ngày 15/3/2023 của …"
    sections: list[ProgrammeSection] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"name": self.name, "full_title": self.full_title, "recipient": self.recipient, "basis": self.basis,
                "sections": [{"code": s.code, "title": s.title} for s in self.sections]}

    @classmethod
    def from_json(cls, data: dict) -> "Programme":
        return cls(name=str(data.get("name", "")).strip(), full_title=str(data.get("full_title", "")),
                   recipient=str(data.get("recipient", "")), basis=str(data.get("basis", "")),
                   sections=[ProgrammeSection(str(s.get("code", "")), str(s.get("title", "")))
                             for s in data.get("sections", []) if isinstance(s, dict)])

    def matches(self, tag: str) -> bool:
        return fold(tag) == fold(self.name)


@dataclass
class ReportItem:
    content: str  # Nhiệm vụ/nội dung công việc
    result: str  # Kết quả thực hiện (several lines)
    plan_number: str = ""  # the task's number in the department plan


@dataclass
class ReportGroup:
    code: str
    title: str
    items: list[ReportItem] = field(default_factory=list)


@dataclass
class ProgrammeReport:
    programme: Programme
    period_label: str  # "Quý I năm 2024"
    parent_body: str
    agency_name: str
    agency_code: str
    place_name: str
    year: int
    number: str = ""  # "" = left blank for registration
    doc_date: date | None = None
    blank_month: int | None = None
    signer_name: str = ""
    signer_title: str = "GIÁM ĐỐC"
    signer_prefix: str = ""
    signer_deputy_title: str = ""
    recipient: str = "Văn phòng UBND tỉnh"
    recipients: list[str] = field(default_factory=list)  # Nơi nhận
    groups: list[ReportGroup] = field(default_factory=list)

    @property
    def title_of_programme(self) -> str:
        return self.programme.full_title or self.programme.name


def group_items(programme: Programme, tagged: list[tuple[str, str, ReportItem]]) -> list[ReportGroup]:
    """Group ``(programme section code or "", plan section title, item)`` by the programme's sections.

    Own sections keep their codes (the reader compares with the programme's text); items without a
    programme section fall into groups named after their plan section, numbered after the programme's
    last section. Empty sections are left out.
    """
    own = {fold(s.code): ReportGroup(s.code, s.title) for s in programme.sections}
    extra: dict[str, ReportGroup] = {}
    for code, plan_title, item in tagged:
        group = own.get(fold(code)) if code else None
        if group is None:
            key = fold(plan_title) or "-"
            group = extra.setdefault(key, ReportGroup("", plan_title or "Nhiệm vụ khác"))
        group.items.append(item)
    for i, group in enumerate(extra.values(), start=len(programme.sections) + 1):
        group.code = to_roman(i)
    return [g for g in own.values() if g.items] + list(extra.values())
