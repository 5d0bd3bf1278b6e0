"""Who must act on each task: the units resolved from the plan's words, confirmed by the officer.

The plan keeps its own words (``Task.lead_agencies`` / ``coordinate_agencies``, printed in the
exported plan); ``TaskUnit`` holds the units that report, each with the phrase it came from;
``TaskUnitChoice`` remembers the officer's ticks so re-saving the plan does not undo them.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tthc_desktop.domain import unit_resolution as ur
from tthc_desktop.domain.text import normalize
from tthc_desktop.errors import UsageError, ValidationError
from tthc_desktop.storage.models import AgencyProfile, Rule, Task, TaskUnit, TaskUnitChoice, Unit


@dataclass
class ChecklistItem:
    unit_id: int
    unit: str
    role: str
    phrase: str  # the plan's words; "" when the officer added the unit by hand
    ticked: bool
    proposed: bool  # the program proposed it (unticking it is remembered)

    @property
    def role_label(self) -> str:
        return ur.ROLE_LABELS.get(self.role, self.role)


class Context:
    """The catalog and the rules, read once per session for resolving many tasks."""

    def __init__(self, session):
        units = session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.position, Unit.id)).all()
        self.units = [ur.UnitProfile(u.id, u.name, u.short_name or "", bool(u.handles_dossiers),
                                     bool(u.specialised), bool(u.drafts_legal), tuple(g.name for g in u.groups),
                                     tuple(f.name for f in u.fields)) for u in units]
        rules = session.scalars(select(Rule).where(Rule.active.is_(True), Rule.table.in_(
            ("unit_phrase", "unit_topic", "unit_default"))).order_by(Rule.position, Rule.id)).all()
        defaults = {r.pattern: r.replacement for r in rules if r.table == "unit_default"}
        profile = session.scalars(select(AgencyProfile)).first()
        self.rules = ur.ResolutionRules(
            phrases=[ur.SelectorRule(r.pattern, r.replacement, r.note) for r in rules if r.table == "unit_phrase"],
            topics=[ur.SelectorRule(r.pattern, r.replacement, r.note) for r in rules if r.table == "unit_topic"],
            office_unit=defaults.get("office") or ur.ResolutionRules.office_unit,
            agency_name=profile.name if profile else "")

    def propose(self, task: Task, lead: list[str] | None = None, coordinate: list[str] | None = None):
        text = " ".join([task.content or "", *(task.results or [])])
        return ur.propose(list(task.lead_agencies or []) if lead is None else lead,
                          list(task.coordinate_agencies or []) if coordinate is None else coordinate,
                          text, self.units, self.rules)


def _choices(session, task_id: int) -> dict[tuple[int, str], bool]:
    return {(c.unit_id, c.role): bool(c.ticked)
            for c in session.scalars(select(TaskUnitChoice).where(TaskUnitChoice.task_id == task_id))}


def apply_units(session, task: Task, ctx: Context, lead: list[str] | None = None,
                coordinate: list[str] | None = None) -> None:
    """Rewrite the task's units from the plan's words and the officer's remembered ticks."""
    kept = ur.settle_choices(ctx.propose(task, lead, coordinate), _choices(session, task.id))
    wanted = {(p.unit_id, p.role): p.phrase for p in kept}
    for tu in list(task.units):
        if (tu.unit_id, tu.role) not in wanted:
            task.units.remove(tu)
            session.delete(tu)
        else:
            tu.phrase = wanted[(tu.unit_id, tu.role)]
    have = {(tu.unit_id, tu.role) for tu in task.units}
    for (unit_id, role), phrase in wanted.items():
        if (unit_id, role) not in have:
            task.units.append(TaskUnit(task_id=task.id, unit_id=unit_id, role=role, phrase=phrase))
    session.flush()


def _task(session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
    return task


def checklist(db, task_id: int) -> list[ChecklistItem]:
    """The units proposed for a task and the ones the officer added, each ticked or not."""
    from tthc_desktop.services.rules import ensure_unit_rules

    ensure_unit_rules(db)
    with db.read_session() as s:
        task = _task(s, task_id)
        ctx = Context(s)
        names = {u.id: u.name for u in ctx.units}
        stored = {(tu.unit_id, tu.role): tu.phrase for tu in task.units}
        items: dict[tuple[int, str], ChecklistItem] = {}
        for p in ctx.propose(task):
            items[(p.unit_id, p.role)] = ChecklistItem(p.unit_id, names[p.unit_id], p.role, p.phrase,
                                                       (p.unit_id, p.role) in stored, True)
        for (unit_id, role), phrase in stored.items():
            if (unit_id, role) not in items and unit_id in names:
                items[(unit_id, role)] = ChecklistItem(unit_id, names[unit_id], role, phrase, True, False)
    order = {u.id: i for i, u in enumerate(ctx.units)}
    return sorted(items.values(), key=lambda i: (i.role != "lead", order.get(i.unit_id, 0)))


def set_unit(db, task_id: int, unit_id: int, role: str, ticked: bool) -> list[ChecklistItem]:
    """Tick or untick one unit in one role on a task; the choice is stored and outlives re-resolving."""
    if role not in ur.ROLE_LABELS:
        raise ValidationError(f"Vai trò «{role}» không hợp lệ (chỉ «lead» hoặc «coordinate»).")
    from tthc_desktop.services.rules import ensure_unit_rules

    ensure_unit_rules(db)
    with db.session() as s:
        task = _task(s, task_id)
        if s.get(Unit, unit_id) is None:
            raise UsageError(f"Không có đơn vị mã {unit_id}.")
        choice = s.get(TaskUnitChoice, (task_id, unit_id, role)) or TaskUnitChoice(
            task_id=task_id, unit_id=unit_id, role=role)
        choice.ticked = bool(ticked)
        s.add(choice)
        if ticked:  # one role per unit: ticking one unticks the other
            other = "coordinate" if role == "lead" else "lead"
            opposite = s.get(TaskUnitChoice, (task_id, unit_id, other))
            if opposite is not None:
                opposite.ticked = False
            elif any(tu.unit_id == unit_id and tu.role == other for tu in task.units):
                s.add(TaskUnitChoice(task_id=task_id, unit_id=unit_id, role=other, ticked=False))
        s.flush()
        apply_units(s, task, Context(s))
    return checklist(db, task_id)


def resolve_plan(db, plan_id: int) -> int:
    """Re-resolve every task of a plan (after the catalog or the phrase rules changed); returns the task count."""
    from tthc_desktop.services.rules import ensure_unit_rules

    ensure_unit_rules(db)
    with db.session() as s:
        ctx = Context(s)
        tasks = s.scalars(select(Task).where(Task.plan_id == plan_id)).all()
        for task in tasks:
            apply_units(s, task, ctx)
        return len(tasks)


def follow_catalog(db) -> int:
    """After a unit or a group of the catalog changed: the tracked plan's tasks resolved again from their
    words («Các Chi cục thuộc Sở» now names the new Chi cục), the officer's ticks kept; returns how many
    tasks' units changed."""
    from tthc_desktop.services.rules import ensure_unit_rules
    from tthc_desktop.services.tracking import current_plan_id

    ensure_unit_rules(db)
    with db.session() as s:
        plan_id = current_plan_id(s)
        if plan_id is None:
            return 0
        ctx = Context(s)
        changed = 0
        for task in s.scalars(select(Task).where(Task.plan_id == plan_id)).all():
            before = {(tu.unit_id, tu.role) for tu in task.units}
            apply_units(s, task, ctx)
            changed += before != {(tu.unit_id, tu.role) for tu in task.units}
        return changed


def task_units(db, task_id: int) -> list[dict]:
    """The task's confirmed units: [{"unit", "role", "phrase"}] in catalog order."""
    with db.read_session() as s:
        rows = s.execute(select(Unit.name, TaskUnit.role, TaskUnit.phrase).join(Unit, Unit.id == TaskUnit.unit_id)
                         .where(TaskUnit.task_id == task_id).order_by(Unit.position, Unit.id)).all()
    return [{"unit": n, "role": r, "phrase": normalize(p or "")} for n, r, p in rows]
