"""The department's plan proposed from the province's: decisions, wording, units, numbering.

``derive_plan`` walks the provincial tasks, asks the rules (relevance.py) whether the
department keeps each one, and — when last year's department plan is given — matches the
task with last year's tasks (similarity.py) to propose last year's decision, wording,
units and schedule. Rewording suggestions are attached as edits, never applied here.
"""
from __future__ import annotations

import calendar
import copy
from dataclasses import dataclass, field, replace
from datetime import date

from tthc_desktop.domain.plan import ParsedPlan, PlanTask, Schedule
from tthc_desktop.domain.relevance import AgencyRules, judge
from tthc_desktop.domain.renumber import renumber, task_kinds
from tthc_desktop.domain.rewording import Edit, apply_edits, suggest
from tthc_desktop.domain.similarity import best_matches

MATCH_THRESHOLD = 0.35  # below: not the same task
FOLLOW_THRESHOLD = 0.5  # at or above: last year's decision wins over the rules


@dataclass
class DerivedTask:
    source_section: str | None
    source_number: str | None
    section_title: str
    decision: str                 # keep | drop
    reason: str
    role: str                     # lead | coordinate
    content: str
    results: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)          # as the department's plan writes them
    coordinate: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)    # internal units / groups to link
    coordinate_units: list[str] = field(default_factory=list)
    time_text: str = ""
    schedule: Schedule = field(default_factory=Schedule)
    rewording: list[Edit] = field(default_factory=list)
    similarity: float | None = None
    previous_number: str | None = None
    rule_decision: str = ""
    own: bool = False
    source_parent: str | None = None
    number: str = ""
    parent: str | None = None
    task_id: int | None = None    # the saved task, when editing a saved plan
    version: int = 0              # the saved task's version as read (optimistic locking)
    confirmed: bool = False       # the officer accepted or rejected the proposal himself
    source: PlanTask | None = field(default=None, repr=False, compare=False)

    def clone(self) -> "DerivedTask":
        """A copy whose lists can be edited without touching this task (undo snapshots)."""
        return replace(self, results=list(self.results), lead=list(self.lead), coordinate=list(self.coordinate),
                       lead_units=list(self.lead_units), coordinate_units=list(self.coordinate_units),
                       rewording=list(self.rewording), schedule=copy.copy(self.schedule))

    def edited_fields(self) -> tuple:
        """What the officer edits in the plan editor: a row whose tuple changed is checked against its version."""
        return (self.section_title, self.decision, self.reason, self.role, self.content, tuple(self.results),
                tuple(self.lead), tuple(self.coordinate), tuple(self.lead_units), tuple(self.coordinate_units),
                self.time_text, self.schedule, self.source_parent)

    def text_fields(self) -> dict:
        return {"content": self.content, "results": list(self.results), "time_text": self.time_text}

    def accept_rewording(self, edits: list[Edit] | None = None) -> "DerivedTask":
        """A copy with the given edits (all when None) applied and removed from the suggestions."""
        chosen = list(self.rewording if edits is None else edits)
        new = apply_edits(self.text_fields(), chosen)
        rest = [e for e in self.rewording if e not in chosen]
        return replace(self, content=new["content"], results=new["results"], time_text=new["time_text"],
                       rewording=rest)

    def to_json(self, *, show_department: bool | None = None) -> dict:
        """Shape of ``plan parse`` tasks plus the proposal fields (cli.md ``plan derive``).

        Dropped tasks show the province's own wording and agencies (why it was dropped)."""
        dept = self.decision == "keep" if show_department is None else show_department
        src = self.source
        use_src = not dept and src is not None
        return {
            "number": self.number,
            "parent": self.parent,
            "content": src.content if use_src else self.content,
            "results": list(src.results if use_src else self.results),
            "lead": list(src.lead if use_src else self.lead),
            "coordinate": list(src.coordinate if use_src else self.coordinate),
            "time_text": src.time_text if use_src else self.time_text,
            "schedule": (src.schedule if use_src else self.schedule).to_json(),
            "source_section": self.source_section,
            "source_number": self.source_number,
            "decision": self.decision,
            "reason": self.reason,
            "role": self.role,
            "similarity": self.similarity,
            "previous_number": self.previous_number,
            "rewording": [e.to_json() for e in self.rewording],
        }


def _task_text(t: PlanTask) -> str:
    return " ".join([t.content or ""] + list(t.results or []))


def _shift_date(d: date, years: int) -> date:
    y = d.year + years
    # A month-end due date stays a month end (28/02 → 29/02 in a leap year).
    if d.day == calendar.monthrange(d.year, d.month)[1]:
        return date(y, d.month, calendar.monthrange(y, d.month)[1])
    return date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def shift_schedule(s: Schedule, years: int) -> Schedule:
    if not years or s.due is None:
        return copy.copy(s)
    return replace(s, due=_shift_date(s.due, years), dues=[_shift_date(d, years) for d in s.dues])


def default_units(role: str, rules: AgencyRules) -> tuple[list[str], list[str]]:
    """Who inside the department does a task: the office leads what the province's office
    leads (the department coordinates), the units lead what the departments lead."""
    if role == "lead":
        return [rules.default_group], [rules.office_unit]
    return [rules.office_unit], [rules.default_group]


def _parent_of(t: PlanTask) -> str | None:
    return t.parent


def derive_plan(provincial: ParsedPlan, agency: AgencyRules, previous: ParsedPlan | None = None,
                year: int | None = None, *, carry_own: bool = False) -> list[DerivedTask]:
    """One DerivedTask per provincial task (kept and dropped), numbered; with ``carry_own``
    last year's tasks that match no provincial task are appended as the department's own."""
    year = year or provincial.year or date.today().year
    src_year = provincial.year or year
    rows: list[tuple[str, str, PlanTask]] = [(s.code, s.title, t) for s in provincial.sections for t in s.tasks]
    prev_tasks: list[tuple[str, PlanTask]] = []
    if previous is not None:
        prev_tasks = [(s.title, t) for s in previous.sections for t in s.tasks]
    matches = best_matches([_task_text(t) for _, _, t in rows], [_task_text(t) for _, t in prev_tasks],
                           MATCH_THRESHOLD) if prev_tasks else {}
    prev_year = (previous.year if previous is not None else None) or year
    out: list[DerivedTask] = []
    for i, (code, title, task) in enumerate(rows):
        rel = judge(task, agency)
        role = rel.role or "coordinate"
        lead_units, coord_units = default_units(role, agency)
        d = DerivedTask(
            source_section=code, source_number=task.number, section_title=title, decision=rel.decision,
            reason=rel.reason, role=role, content=task.content, results=list(task.results),
            lead=list(lead_units), coordinate=list(coord_units), lead_units=lead_units,
            coordinate_units=coord_units, time_text=task.time_text,
            schedule=shift_schedule(task.schedule, year - src_year), rule_decision=rel.decision,
            source_parent=_parent_of(task), source=task,
        )
        d.rewording = suggest(d.text_fields(), agency.rewording, source_year=src_year, target_year=year)
        m = matches.get(i)
        if m is not None:
            _, prev = prev_tasks[m.target]
            d.similarity, d.previous_number = m.score, prev.number
            strong = m.score >= FOLLOW_THRESHOLD
            if strong or rel.decision == "keep":
                _take_previous(d, prev, year, prev_year)
                if strong and rel.decision == "drop":
                    d.decision = "keep"
                    d.reason = (f"Giữ như năm trước: kế hoạch của Sở năm {prev_year} có nhiệm vụ {prev.number} "
                                f"giống {round(m.score * 100)}% (theo quy tắc thì bỏ vì {_lower(rel.reason)}).")
                else:
                    d.reason = (f"{rel.reason[:-1]}; năm {prev_year} Sở có nhiệm vụ {prev.number} giống "
                                f"{round(m.score * 100)}%.")
        elif prev_tasks:
            d.reason = f"{rel.reason[:-1]}; kế hoạch năm {prev_year} của Sở không có nhiệm vụ tương tự."
        out.append(d)
    if carry_own and prev_tasks:
        used = {m.target for m in matches.values()}
        for j, (title, prev) in enumerate(prev_tasks):
            if j in used:
                continue
            d = DerivedTask(source_section=None, source_number=None, section_title=title, decision="keep",
                            reason=f"Nhiệm vụ riêng của Sở năm {prev_year} (nhiệm vụ {prev.number}), không có "
                                   f"trong kế hoạch của tỉnh.", role="lead", content=prev.content, own=True,
                            previous_number=prev.number)
            _take_previous(d, prev, year, prev_year)
            _insert_own(out, d)
    number_tasks(out)
    return out


def _insert_own(tasks: list[DerivedTask], own: DerivedTask) -> None:
    """After the last task of the section with the same title, else at the end."""
    from tthc_desktop.domain.text import fold

    same = [i for i, t in enumerate(tasks) if fold(t.section_title) == fold(own.section_title)]
    if same:
        own.section_title = tasks[same[-1]].section_title
        tasks.insert(same[-1] + 1, own)
    else:
        tasks.append(own)


def _lower(reason: str) -> str:
    text = reason.split(":", 1)[-1].strip().rstrip(".")
    return text if text.startswith("«") else text[:1].lower() + text[1:]


def _take_previous(d: DerivedTask, prev: PlanTask, year: int, prev_year: int) -> None:
    d.content, d.results = prev.content, list(prev.results)
    d.lead, d.coordinate = list(prev.lead), list(prev.coordinate)
    d.lead_units, d.coordinate_units = list(prev.lead), list(prev.coordinate)
    d.time_text = prev.time_text
    d.schedule = shift_schedule(prev.schedule, year - prev_year)
    if prev.parent:
        # Last year's a)/b) rows of one task stay lettered rows of one task when they follow each other.
        d.source_parent = f"previous:{prev.parent}"
    # Last year's wording is the department's own: only its year numbers are suggested for change.
    d.rewording = suggest(d.text_fields(), [], source_year=prev_year, target_year=year)


def number_tasks(tasks: list[DerivedTask]) -> list[tuple[str, str]]:
    """Department numbers for the kept tasks in list order; dropped tasks get "".

    Returns the department's sections as (code, title) in order."""
    kept = [t for t in tasks if t.decision == "keep"]
    # Rows of one section sharing a parent key (the province's "1" of 1a/1b, last year's, or one the
    # officer set) are the lettered rows of one task.
    items = [(t.section_title, t.source_parent) for t in kept]
    kinds = task_kinds(items)
    labels = renumber(kinds)
    sections: list[tuple[str, str]] = []
    li = 0
    for t in tasks:
        if t.decision != "keep":
            t.number, t.parent = "", None
    for kind, label in zip(kinds, labels):
        if kind == "section":
            sections.append((label.number, kept[li].section_title))
            continue
        kept[li].number, kept[li].parent = label.number, label.parent
        li += 1
    return sections


def derived_to_json(provincial: ParsedPlan, tasks: list[DerivedTask], agency_name: str, year: int,
                    previous: ParsedPlan | None = None, *, accept_rewording: bool = True) -> dict:
    """The ``plan derive`` document: the shape of ``plan parse`` with the proposal fields."""
    if accept_rewording:
        tasks = [t.accept_rewording() if t.decision == "keep" else t for t in tasks]
    codes = {title: code for code, title in number_tasks(tasks)}
    sections: list[dict] = []
    for t in tasks:
        key = t.section_title
        if not sections or sections[-1]["title"] != key:
            sections.append({"code": codes.get(key, ""), "title": key,
                             "source_code": t.source_section, "tasks": []})
        sections[-1]["tasks"].append(t.to_json())
    kept = sum(t.decision == "keep" for t in tasks)
    return {
        "source": {"file": provincial.source_file, "format": provincial.format},
        "title": f"KẾ HOẠCH Hoạt động kiểm soát thủ tục hành chính năm {year} của {agency_name}",
        "issuer": agency_name,
        "decision": "",
        "year": year,
        "derived_from": {"decision": provincial.decision, "year": provincial.year, "title": provincial.title,
                         "issuer": provincial.issuer},
        "previous": ({"file": previous.source_file, "year": previous.year} if previous is not None else None),
        "summary": {"tasks": len(tasks), "keep": kept, "drop": len(tasks) - kept},
        "sections": sections,
        "warnings": list(provincial.warnings),
    }
