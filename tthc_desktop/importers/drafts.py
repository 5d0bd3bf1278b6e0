"""A task while its rows are read (raw cell texts by column role), and the PlanTask it becomes:
units split, results listed, the time text read as a schedule, every doubt a warning."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

@dataclass
class Draft:
    """A task while rows are still being read: raw cell texts by role, finished by ``draft_task``."""

    number: str
    parent: str | None
    raw: dict[str, str]
    notes: dict[str, str]
    source_row: int
    source_cells: list[str]
    warnings: list[str] = field(default_factory=list)
    section_index: int = 0
    ocr: bool = False



def draft_task(d: Draft, year: int):
    """(PlanTask, plan-level warnings) of a finished draft."""
    from tthc_desktop.domain.agencies import split_responsible, split_results
    from tthc_desktop.domain.plan import PlanTask
    from tthc_desktop.domain.schedule import parse_time_text, time_text_understood
    from tthc_desktop.importers.table_logic import CONTENT, COORDINATE, LEAD, RESPONSIBLE, RESULTS, TIME

    raw = d.raw
    results_text, content = raw.get(RESULTS, ""), raw.get(CONTENT, "")
    if d.parent and d.number[-1:].isalpha():  # the sub-row's own "b)" marker goes
        marker = re.compile(rf"^\s*{re.escape(d.number[-1])}\s*\)\s*")
        results_text = marker.sub("", results_text, count=1)
        content = marker.sub("", content, count=1)
    task = PlanTask(number=d.number, content=content, parent=d.parent)
    task.results = split_results(results_text)
    warnings: list[str] = []
    if LEAD in raw or COORDINATE in raw:
        lead_a, coord_a, w1 = split_responsible(raw.get(LEAD, ""))
        lead_b, coord_b, w2 = split_responsible(raw.get(COORDINATE, ""), default="coordinate")
        # The column decides the role; role words inside the cell only get stripped.
        task.lead = _unique(lead_a + coord_a)
        task.coordinate = _unique([a for a in lead_b + coord_b if a not in task.lead])
        warnings = [w for w in w1 + w2 if "Không nhận ra" not in w]
        parts = []
        if raw.get(LEAD):
            parts.append(f"Chủ trì: {raw[LEAD]}")
        if raw.get(COORDINATE):
            parts.append(f"Phối hợp: {raw[COORDINATE]}")
        task.responsible_text = "\n".join(parts)
    else:
        task.lead, task.coordinate, warnings = split_responsible(raw.get(RESPONSIBLE, ""))
        task.responsible_text = raw.get(RESPONSIBLE, "")
    task.time_text = raw.get(TIME, "")
    task.schedule = parse_time_text(task.time_text, year)
    if not time_text_understood(task.time_text, year):
        warnings.append(f"không hiểu thời gian «{task.time_text[:40]}», lịch để «chưa xác định»; "
                        "hãy chọn lịch cho nhiệm vụ.")
    if not task.content:
        warnings.append("dòng không có nội dung công việc.")
    task.notes = d.notes
    task.source_row = d.source_row
    task.source_cells = d.source_cells
    task.ocr = d.ocr
    said = [f"Nhiệm vụ {d.number}: {w}" for w in warnings]
    task.warnings = d.warnings + said
    return task, said


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out
