"""`plan show`: one plan with every task, and bringing a dropped provincial task back into the plan."""
from __future__ import annotations

from sqlalchemy import select

from tthc_desktop.domain.derive import number_tasks
from tthc_desktop.errors import ValidationError
from tthc_desktop.services import decisions, task_records
from tthc_desktop.services.history import recorded
from tthc_desktop.storage.models import Plan, PlanDecision

BROUGHT_BACK = "Cán bộ đưa lại vào kế hoạch của Sở"


def _header(plan: Plan) -> dict:
    return {"id": plan.id, "kind": plan.kind, "year": plan.year, "title": plan.title, "issuer": plan.issuer,
            "number": plan.number, "status": plan.status, "is_current": bool(plan.is_current),
            "derived_from_id": plan.derived_from_id}


def show_plan(db, plan_id: int) -> dict:
    """Every task of a plan by section; a department plan's tasks carry decision, reason and role, and its
    dropped provincial tasks are listed too (``"decision": "drop"``)."""
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None or plan.kind not in ("provincial", "department"):
            raise ValidationError(f"Không có kế hoạch mã {plan_id} trong cơ sở dữ liệu.")
        head = _header(plan)
        kind = plan.kind
    if kind == "provincial":
        from tthc_desktop.services.plans import load_parsed_plan

        parsed = load_parsed_plan(db, plan_id)
        head["sections"] = [{"code": sec.code, "title": sec.title, "tasks": [t.to_json() for t in sec.tasks]}
                            for sec in parsed.sections]
        return head
    from tthc_desktop.services.derive import load_department_plan

    proposal = load_department_plan(db, plan_id)
    with db.session() as s:
        proposed = {(r.source_section, r.source_number): (r.proposed_decision, r.proposed_reason, r.proposed_role)
                    for r in s.scalars(select(PlanDecision).where(PlanDecision.plan_id == plan_id))}
    codes = {title: code for code, title in number_tasks([t.clone() for t in proposal.tasks])}
    sections: list[dict] = []
    for t in proposal.tasks:
        if not sections or sections[-1]["title"] != t.section_title:
            sections.append({"code": codes.get(t.section_title, ""), "title": t.section_title, "tasks": []})
        item = t.to_json()
        item.update({"id": t.task_id if t.decision == "keep" else None, "own": t.own})
        first = proposed.get((t.source_section or "", t.source_number or ""))
        if first is not None:  # what the program proposed, and whether the officer changed it
            item.update({"proposed_decision": first[0], "proposed_reason": first[1],
                         "changed": (first[0], first[2]) != (t.decision, t.role) or first[1] != t.reason})
        sections[-1]["tasks"].append(item)
    kept = sum(t.decision == "keep" for t in proposal.tasks)
    head["sections"] = sections
    head["summary"] = {"tasks": len(proposal.tasks), "keep": kept, "drop": len(proposal.tasks) - kept}
    head["removed_tasks"] = task_records.removed_tasks(db, plan_id)
    return head


def _keep_summary(db, plan_id: int, number: str) -> str:
    return f"Đưa nhiệm vụ {number} của tỉnh trở lại kế hoạch mã {plan_id}"


@recorded("plan_edit", _keep_summary)
def keep_dropped(db, plan_id: int, number: str) -> int:
    """Bring a dropped provincial task (by its number in the province's plan) back as a tracked task."""
    from tthc_desktop.services.derive import load_department_plan, save_department_plan

    with db.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None or plan.kind != "department":
            raise ValidationError(f"Không có kế hoạch của Sở mã số {plan_id}.")
        row = decisions.find_decision(s, plan_id, number)
        if row.decision != "drop":
            raise ValidationError(f"Nhiệm vụ {number} của tỉnh đã có trong kế hoạch của Sở.")
        key, current = (row.source_section, row.source_number), bool(plan.is_current)
    proposal = load_department_plan(db, plan_id)
    task = next(t for t in proposal.tasks
                if t.decision == "drop" and (t.source_section or "", t.source_number or "") == key)
    task.decision, task.reason = "keep", f"{BROUGHT_BACK} (trước đó bỏ vì: {row.reason})" if row.reason else BROUGHT_BACK
    task.role = task.role or "lead"
    if task.source is not None and not task.content:
        task.content = task.source.content
    save_department_plan(db, proposal, plan_id=plan_id, set_current=current)
    return task.task_id


def find_plan_task(db, plan_id: int, number: str) -> int:
    """A tracked task of the plan by its number in the department's plan."""
    from tthc_desktop.storage.models import Task

    with db.session() as s:
        found = s.scalars(select(Task.id).where(Task.plan_id == plan_id, Task.number == number.strip())).all()
    if len(found) != 1:
        raise ValidationError(f"Kế hoạch mã {plan_id} không có nhiệm vụ số «{number}».")
    return found[0]
