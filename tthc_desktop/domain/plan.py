"""A plan as read from a file or built in the program: sections of numbered tasks.

These are plain dataclasses shared by importers, the derive engine, exporters and
storage mapping. ``to_json`` gives the shapes of ``cli.md``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SCHEDULE_KINDS = ("once", "recurring", "unspecified")
RECURRENCES = ("month", "quarter", "half_year", "year", "continuous")


@dataclass
class Schedule:
    kind: str = "unspecified"
    due: date | None = None
    every: str | None = None
    # Periodic reporting attached to a one-off task ("Quý I năm 2024, ban hành …; định kỳ báo cáo …").
    also_reporting: bool = False
    # Every due date when the text names several («Quý II và Quý IV»); ``due`` is the first of them.
    dues: list[date] = field(default_factory=list)

    def to_json(self) -> dict:
        data = {"kind": self.kind, "due": self.due.isoformat() if self.due else None, "every": self.every}
        if len(self.dues) > 1:
            data["dues"] = [d.isoformat() for d in self.dues]
        return data


@dataclass
class PlanTask:
    number: str
    content: str
    parent: str | None = None
    results: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    coordinate: list[str] = field(default_factory=list)
    responsible_text: str = ""
    time_text: str = ""
    schedule: Schedule = field(default_factory=Schedule)
    notes: dict[str, str] = field(default_factory=dict)  # unknown extra columns, by header text
    source_row: int | None = None  # 1-based row in the source table / line in the text
    warnings: list[str] = field(default_factory=list)
    # The row's cell texts as read, for the import preview (not part of to_json).
    source_cells: list[str] = field(default_factory=list)
    # Read by character recognition from a scan: every cell is to be checked by the officer.
    ocr: bool = False

    def to_json(self) -> dict:
        data = {
            "number": self.number,
            "parent": self.parent,
            "content": self.content,
            "results": list(self.results),
            "lead": list(self.lead),
            "coordinate": list(self.coordinate),
            "time_text": self.time_text,
            "schedule": self.schedule.to_json(),
        }
        if self.notes:
            data["notes"] = dict(self.notes)
        if self.ocr:
            data["ocr"] = True
        return data


@dataclass
class PlanSection:
    code: str
    title: str
    tasks: list[PlanTask] = field(default_factory=list)
    ocr: bool = False  # the heading was read by character recognition

    def to_json(self) -> dict:
        return {"code": self.code, "title": self.title, "tasks": [t.to_json() for t in self.tasks]}


@dataclass
class ParsedPlan:
    source_file: str = ""
    format: str = ""
    title: str = ""
    issuer: str = ""
    decision: str = ""  # "124/QĐ-UBND" or "12/KH-UBND"
    decision_date: date | None = None
    year: int | None = None
    sections: list[PlanSection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_hash: str = ""
    # Header text of the source table's columns, matching PlanTask.source_cells (not in to_json).
    source_columns: list[str] = field(default_factory=list)

    @property
    def tasks(self) -> list[PlanTask]:
        return [t for s in self.sections for t in s.tasks]

    def to_json(self) -> dict:
        return {
            "source": {"file": self.source_file, "format": self.format},
            "title": self.title,
            "issuer": self.issuer,
            "decision": self.decision,
            "decision_date": self.decision_date.isoformat() if self.decision_date else None,
            "year": self.year,
            "sections": [s.to_json() for s in self.sections],
            "warnings": list(self.warnings),
        }
