"""Every provincial task's decision is data kept with the department plan.

Saving a plan writes one ``PlanDecision`` per task of the proposal, kept or dropped, with the
reason, the role and what the program first proposed; a dropped task keeps its proposal in
``payload`` so the officer can bring it back later and it becomes a tracked task.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from tthc_desktop.domain.derive import DerivedTask
from tthc_desktop.domain.plan import PlanTask, Schedule
from tthc_desktop.errors import ValidationError
from tthc_desktop.storage.models import Plan, PlanDecision

DEFAULT_REMOVAL_REASON = "Bỏ khỏi kế hoạch khi sửa kế hoạch."


def payload(d: DerivedTask) -> dict:
    src = d.source
    return {
        "section_title": d.section_title, "content": d.content, "results": list(d.results), "lead": list(d.lead),
        "coordinate": list(d.coordinate), "lead_units": list(d.lead_units),
        "coordinate_units": list(d.coordinate_units), "time_text": d.time_text,
        "schedule": {"kind": d.schedule.kind, "due": d.schedule.due.isoformat() if d.schedule.due else None,
                     "every": d.schedule.every},
        "similarity": d.similarity, "previous_number": d.previous_number, "rule_decision": d.rule_decision,
        "own": d.own, "source_parent": d.source_parent, "number": d.number, "parent": d.parent,
        "source": None if src is None else {
            "number": src.number, "content": src.content, "parent": src.parent, "results": list(src.results),
            "lead": list(src.lead), "coordinate": list(src.coordinate), "responsible_text": src.responsible_text,
            "time_text": src.time_text},
    }


def from_payload(row: PlanDecision) -> DerivedTask:
    p = dict(row.payload or {})
    sched = p.get("schedule") or {}
    d = DerivedTask(
        source_section=row.source_section or None, source_number=row.source_number or None,
        section_title=p.get("section_title", ""), decision=row.decision, reason=row.reason,
        role=row.role or "lead", content=p.get("content", row.content), results=list(p.get("results") or []),
        lead=list(p.get("lead") or []), coordinate=list(p.get("coordinate") or []),
        lead_units=list(p.get("lead_units") or []), coordinate_units=list(p.get("coordinate_units") or []),
        time_text=p.get("time_text", ""),
        schedule=Schedule(sched.get("kind") or "unspecified",
                          date.fromisoformat(sched["due"]) if sched.get("due") else None, sched.get("every")),
        similarity=p.get("similarity"), previous_number=p.get("previous_number"),
        rule_decision=p.get("rule_decision", ""), own=bool(p.get("own")), source_parent=p.get("source_parent"),
        number=p.get("number", ""), parent=p.get("parent"), task_id=row.task_id, confirmed=True)
    if p.get("source"):
        d.source = PlanTask(**p["source"])
    return d


def write_decisions(s, plan: Plan, tasks: list[DerivedTask], sources: dict[tuple[str, str], int],
                    set_aside: set[int] = frozenset(),
                    proposed: dict[tuple[str, str], tuple[str, str, str]] | None = None) -> None:
    """Replace the plan's decision rows by the proposal's, keeping what the program first proposed."""
    old = {(r.source_section, r.source_number): r for r in
           s.scalars(select(PlanDecision).where(PlanDecision.plan_id == plan.id))}
    s.execute(delete(PlanDecision).where(PlanDecision.plan_id == plan.id))
    for pos, d in enumerate(tasks):
        if d.own and not d.source_number:
            continue
        key = (d.source_section or "", d.source_number or "")
        first = old.get(key)
        decision, reason, role = (first.proposed_decision, first.proposed_reason, first.proposed_role) if first \
            else (proposed or {}).get(key, (d.decision, d.reason or "", d.role or ""))
        s.add(PlanDecision(
            plan_id=plan.id, position=pos, source_section=key[0], source_number=key[1],
            source_task_id=sources.get(key),
            task_id=d.task_id if d.decision == "keep" or d.task_id in set_aside else None,
            decision=d.decision, reason=d.reason or "", role=d.role or "",
            proposed_decision=decision, proposed_reason=reason, proposed_role=role,
            content=(d.source.content if d.source is not None else d.content),
            payload=payload(d) if d.decision == "drop" else {}))


def merge_dropped(s, plan: Plan, kept: list[DerivedTask]) -> list[DerivedTask]:
    """The saved plan's tasks with its dropped provincial tasks put back in the proposal's order."""
    rows = s.scalars(select(PlanDecision).where(PlanDecision.plan_id == plan.id)).all()
    position = {r.task_id: r.position for r in rows if r.task_id is not None and r.decision == "keep"}
    placed: list[tuple[float, int, DerivedTask]] = []
    last = -1.0
    for i, d in enumerate(kept):
        # A task without a decision row (the department's own) stays right after the task it followed.
        last = float(position[d.task_id]) if d.task_id in position else last + 1e-3
        placed.append((last, i, d))
    placed += [(float(r.position), -1, from_payload(r)) for r in rows if r.decision == "drop"]
    return [d for _, _, d in sorted(placed, key=lambda x: (x[0], x[1]))]


# ---------------------------------------------------------------- reading
def dropped(db, plan_id: int) -> list[dict]:
    """The provincial tasks left out of the plan, with the reason: [{section, number, content, reason}]."""
    with db.session() as s:
        return [{"source_section": r.source_section, "source_number": r.source_number, "content": r.content,
                 "reason": r.reason, "role": r.role}
                for r in s.scalars(select(PlanDecision).where(PlanDecision.plan_id == plan_id,
                                                              PlanDecision.decision == "drop")
                                   .order_by(PlanDecision.position))]


def find_decision(s, plan_id: int, number: str) -> PlanDecision:
    """A decision by the provincial task's number: «II.3», «II 3» or «3» when only one section has a 3."""
    text = number.strip().replace(" ", ".")
    section, _, num = text.rpartition(".") if "." in text else ("", "", text)
    rows = s.scalars(select(PlanDecision).where(PlanDecision.plan_id == plan_id)).all()
    found = [r for r in rows if r.source_number.lower() == num.lower()
             and (not section or r.source_section.lower() == section.lower())]
    if not found:
        raise ValidationError(f"Kế hoạch mã {plan_id} không có nhiệm vụ nào của tỉnh số «{number}».")
    if len(found) > 1:
        where = ", ".join(f"{r.source_section}.{r.source_number}" for r in found)
        raise ValidationError(f"Có nhiều nhiệm vụ của tỉnh số «{number}» ({where}); hãy ghi kèm mục, ví dụ «II.3».")
    return found[0]
