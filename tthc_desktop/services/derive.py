"""Derive the department's plan from the province's, and save it as the plan being tracked.

``propose`` works with or without a database (the CLI needs none); ``save_department_plan``
writes the plan the officer accepted: kept and own tasks, their sections and numbers,
decision/reason/role, links to the provincial tasks, and the internal units resolved by
``services.unit_roles`` (the phrase rules, the catalog, the officer's remembered ticks).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from tthc_desktop.domain.derive import DerivedTask, derive_plan, derived_to_json, number_tasks
from tthc_desktop.domain.plan import ParsedPlan, PlanSection as ParsedSection, PlanTask
from tthc_desktop.domain.relevance import AgencyRules
from tthc_desktop.domain.text import fold, normalize
from tthc_desktop.errors import BadInputError, ValidationError
from tthc_desktop.services import decisions as plan_decisions, plan_conflicts, rules as rules_service, task_records, unit_roles
from tthc_desktop.services.history import recorded
from tthc_desktop.services.plans import stored_dues, stored_schedule
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import Plan, PlanSection, Task, Unit


@dataclass
class DerivedPlan:
    provincial: ParsedPlan
    agency_name: str
    year: int
    tasks: list[DerivedTask]
    previous: ParsedPlan | None = None
    provincial_plan_id: int | None = None
    provincial_path: Path | None = None
    rules: AgencyRules | None = field(default=None, repr=False)
    # What the program proposed for each provincial task, by (section, number): kept to tell the officer's changes.
    proposed: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict, repr=False)

    def to_json(self, *, accept_rewording: bool = True) -> dict:
        return derived_to_json(self.provincial, self.tasks, self.agency_name, self.year, self.previous,
                               accept_rewording=accept_rewording)

    def renumber(self) -> list[tuple[str, str]]:
        return number_tasks(self.tasks)


def read_any_plan(db: Database | None, source, year: int | None = None) -> tuple[ParsedPlan, int | None, Path | None]:
    """A plan given as a ParsedPlan, a plan id in the database, or a file path."""
    if isinstance(source, ParsedPlan):
        return source, None, None
    if isinstance(source, int):
        if db is None:
            raise ValidationError("Cần cơ sở dữ liệu để đọc kế hoạch theo mã số.")
        from tthc_desktop.services.plans import load_parsed_plan

        return load_parsed_plan(db, source), source, None
    path = Path(source)
    if not path.is_file():
        raise BadInputError(f"Không tìm thấy tệp «{path}».")
    from tthc_desktop.importers import read_plan

    return read_plan(path, year=year), None, path


def propose(db: Database | None, provincial, agency_name: str | None = None, previous=None,
            year: int | None = None, *, carry_own: bool = False) -> DerivedPlan:
    """The proposal for every provincial task (kept and dropped), not saved."""
    prov, prov_id, prov_path = read_any_plan(db, provincial)
    prev = read_any_plan(db, previous)[0] if previous is not None else None
    if not prov.tasks:
        raise BadInputError("Không tìm thấy nhiệm vụ nào trong kế hoạch của tỉnh.")
    if db is not None:
        agency = rules_service.load_agency_rules(db, agency_name)
    else:
        if not agency_name:
            raise ValidationError("Cần tên Sở (--agency) để lập kế hoạch.")
        agency = rules_service.default_agency_rules(agency_name)
    year = year or prov.year or date.today().year
    tasks = derive_plan(prov, agency, prev, year, carry_own=carry_own)
    proposed = {(t.source_section or "", t.source_number or ""): (t.decision, t.reason, t.role)
                for t in tasks if t.source_number}
    return DerivedPlan(prov, agency.agency_name, year, tasks, prev, prov_id, prov_path, agency, proposed)


def new_own_task(section_title: str, rules: AgencyRules | None = None) -> DerivedTask:
    """An empty task of the department's own, led by its units."""
    group = rules.default_group if rules else AgencyRules.default_group
    office = rules.office_unit if rules else AgencyRules.office_unit
    return DerivedTask(source_section=None, source_number=None, section_title=section_title, decision="keep",
                       reason="Nhiệm vụ riêng của Sở.", role="lead", content="", lead=[group], coordinate=[office],
                       lead_units=[group], coordinate_units=[office], own=True)


# ---------------------------------------------------------------- saving
def _source_task_ids(session, plan_id: int | None) -> dict[tuple[str, str], int]:
    if plan_id is None:
        return {}
    out = {}
    for t in session.scalars(select(Task).where(Task.plan_id == plan_id)):
        code = t.section.code if t.section is not None else ""
        out[(code, t.number)] = t.id
    return out


def _import_provincial(db: Database, proposal: DerivedPlan) -> int | None:
    """The provincial plan's id in the database (imported now if it came from a file)."""
    if proposal.provincial_plan_id is not None or proposal.provincial_path is None:
        return proposal.provincial_plan_id
    try:
        from tthc_desktop.services.plans import find_duplicate, import_plan
    except ImportError:
        return None
    existing = find_duplicate(db, proposal.provincial.source_hash, "provincial") \
        if proposal.provincial.source_hash else None
    if existing:
        proposal.provincial_plan_id = existing["id"]
    else:
        proposal.provincial_plan_id = import_plan(db, proposal.provincial, kind="provincial")
    return proposal.provincial_plan_id


@recorded("plan_save", lambda db, proposal, *a, **k: f"Lưu kế hoạch của Sở năm {k.get('year') or proposal.year}")
def save_department_plan(db: Database, proposal: DerivedPlan, decisions: dict[int, str] | None = None,
                         year: int | None = None, *, plan_id: int | None = None, set_current: bool = True,
                         title: str | None = None, removal_reasons: dict[int, str] | None = None,
                         expected_versions: dict[int, int] | None = None) -> int:
    """Write the kept tasks (in the proposal's order, renumbered) as a department plan, and every
    task's decision (kept or dropped, reason, role) beside it.

    ``decisions`` overrides proposal decisions by task index. With ``plan_id`` the existing
    plan is updated in place: tasks keep their ids (and so their progress and evidence); a task
    left out that already holds progress or evidence is not deleted but set aside as removed,
    with its reason from ``removal_reasons`` (by task id).

    ``expected_versions`` (the plan editor): {task id: version read} of the tasks the officer changed
    or deleted; a colleague's newer save of one of them raises EditConflictError (services.plan_conflicts)
    and nothing is written; the tasks not listed keep their stored wording. None: no check (CLI, imports)."""
    try:
        return _save_department_plan(db, proposal, decisions, year, plan_id, set_current, title, removal_reasons,
                                     expected_versions)
    except StaleDataError as exc:  # server: a colleague's save committed between our check and our write
        if expected_versions is None or plan_id is None:
            raise
        raise plan_conflicts.after_race(db, plan_id, proposal.tasks, expected_versions) from exc


def _save_department_plan(db, proposal, decisions, year, plan_id, set_current, title, removal_reasons,
                          expected) -> int:
    for i, decision in (decisions or {}).items():
        if decision not in ("keep", "drop"):
            raise ValidationError(f"Quyết định «{decision}» không hợp lệ (chỉ «keep» hoặc «drop»).")
        proposal.tasks[i].decision = decision
    year = year or proposal.year
    sections = proposal.renumber()
    kept = [t for t in proposal.tasks if t.decision == "keep"]
    if not kept:
        raise ValidationError("Kế hoạch của Sở chưa có nhiệm vụ nào được giữ.")
    for t in kept:
        if not normalize(t.content):
            raise ValidationError(f"Nhiệm vụ {t.number} chưa có nội dung.")
    _ensure_catalog(db)
    derived_from = _import_provincial(db, proposal)
    with db.session(immediate=True) as s:
        plan = s.get(Plan, plan_id) if plan_id else None
        if plan_id and plan is None:
            raise ValidationError(f"Không có kế hoạch mã số {plan_id}.")
        checked = list(plan.tasks) if plan is not None else []  # noqa: F841 - the weak identity map keeps
        # the versions checked only while the rows are referenced (else a reload reads a colleague's newer one)
        if plan is not None and expected is not None:
            found = plan_conflicts.find(s, plan, proposal.tasks, expected)
            if found:
                raise plan_conflicts.conflict(found, expected)
        if plan is None:
            plan = Plan(kind="department", year=year, issuer=proposal.agency_name, status="draft", text_blocks={},
                        warnings=[])
            s.add(plan)
        plan.year = year
        plan.title = title or plan.title or (f"Kế hoạch hoạt động kiểm soát thủ tục hành chính năm {year} "
                                             f"của {proposal.agency_name}")
        plan.derived_from_id = derived_from if derived_from is not None else plan.derived_from_id
        s.flush()
        old_sections = list(plan.sections)
        section_rows = {}
        for pos, (code, sec_title) in enumerate(sections):
            row = old_sections[pos] if pos < len(old_sections) else PlanSection(plan=plan)
            row.code, row.title, row.position = code, sec_title, pos
            s.add(row)
            section_rows[sec_title] = row
        for extra in old_sections[len(sections):]:
            s.delete(extra)
        sources = _source_task_ids(s, derived_from)
        removed = task_records.removed_ids(s, plan.id)
        for d in kept:
            if d.task_id in removed:  # a removed task the officer keeps again comes back with its history
                task_records.put_back(s, d.task_id)
        s.flush()
        s.expire(plan, ["tasks"])
        existing = {t.id: t for t in plan.tasks}
        resolver = unit_roles.Context(s)
        keep_ids, kept_rows = set(), []
        for pos, d in enumerate(kept):
            row = existing.get(d.task_id or -1)
            if row is not None and expected is not None and d.task_id not in expected:
                _renumber_untouched(s, row, d, pos, section_rows.get(d.section_title))
                _adopt(d, row)
            else:
                row = row or Task(plan=plan)
                _fill_task(row, d, pos, section_rows.get(d.section_title), sources)
            s.add(row)
            s.flush()
            keep_ids.add(row.id)
            d.task_id = row.id
            unit_roles.apply_units(s, row, resolver, list(d.lead_units), list(d.coordinate_units))
            kept_rows.append((d, row))
        set_aside = set()
        for tid, row in existing.items():
            if tid in keep_ids:
                continue
            if row.progress or row.evidence:
                reason = (removal_reasons or {}).get(tid) or _dropped_reason(proposal, tid)
                task_records.set_aside(s, row, reason)
                set_aside.add(tid)
            else:
                s.delete(row)
        s.flush()
        plan_decisions.write_decisions(s, plan, proposal.tasks, sources, set_aside, proposal.proposed)
        if set_current:
            s.execute(update(Plan).where(Plan.kind == "department", Plan.id != plan.id).values(is_current=False))
            plan.is_current = True
        s.flush()
        for d, row in kept_rows:  # what the editor saves over next time
            d.version = row.version
        return plan.id


def _dropped_reason(proposal: DerivedPlan, task_id: int) -> str:
    d = next((t for t in proposal.tasks if t.task_id == task_id), None)
    return (d.reason if d is not None and d.decision == "drop" and d.reason else "") or \
        plan_decisions.DEFAULT_REMOVAL_REASON


def _ensure_catalog(db: Database) -> None:
    rules_service.ensure_unit_rules(db)
    with db.session() as s:
        has_units = s.scalars(select(Unit.id).limit(1)).first() is not None
    if not has_units:
        try:
            from tthc_desktop.services.catalog import seed_defaults
        except ImportError:
            return
        seed_defaults(db)


def _place_task(row: Task, d: DerivedTask, pos: int, section) -> None:
    row.section = section
    row.position = pos
    row.number, row.parent_number = d.number, d.parent


def _renumber_untouched(s, row: Task, d: DerivedTask, pos: int, section) -> None:
    """A task the officer did not change keeps its stored wording (a colleague's, maybe) and its version:
    its new place and number are written past the version column, so that renumbering the plan is not
    a change a colleague editing this task would be stopped by."""
    place = {"position": pos, "number": d.number, "parent_number": d.parent,
             "section_id": section.id if section is not None else None}
    moved = {k: v for k, v in place.items() if getattr(row, k) != v}
    if moved:
        s.execute(update(Task.__table__).where(Task.__table__.c.id == row.id).values(**moved))
        for key, value in moved.items():
            set_committed_value(row, key, value)
        s.expire(row, ["section"])


def _adopt(d: DerivedTask, row: Task) -> None:
    """The editor's copy of a task it did not change takes the stored wording (a colleague's, maybe)."""
    d.content, d.results, d.time_text = row.content, list(row.results or []), row.time_text
    d.lead, d.coordinate = list(row.lead_agencies or []), list(row.coordinate_agencies or [])
    d.lead_units, d.coordinate_units = list(d.lead), list(d.coordinate)
    d.schedule, d.reason, d.role = stored_schedule(row), row.reason, row.role or "lead"


def _fill_task(row: Task, d: DerivedTask, pos: int, section, sources) -> None:
    _place_task(row, d, pos, section)
    row.content = normalize(d.content)
    row.results = [normalize(r) for r in d.results if normalize(r)]
    row.lead_agencies = list(d.lead)
    row.coordinate_agencies = list(d.coordinate)
    row.responsible_text = "\n".join([f"- {a} chủ trì." for a in d.lead] + [f"- {a} phối hợp." for a in d.coordinate])
    row.time_text = d.time_text
    row.schedule_kind, row.due_date, row.every = d.schedule.kind, d.schedule.due, d.schedule.every
    row.dues = stored_dues(d.schedule)
    row.decision, row.reason, row.role, row.is_own = d.decision, d.reason, d.role, d.own
    row.source_task_id = sources.get((d.source_section or "", d.source_number or "")) if d.source_number else None
    notes = dict(row.notes or {})
    notes.update({"source_section": d.source_section, "source_number": d.source_number,
                  "similarity": d.similarity, "previous_number": d.previous_number})
    row.notes = notes
    row.search_text = fold(" ".join([row.content] + row.results + row.lead_agencies + row.coordinate_agencies))


# ---------------------------------------------------------------- reading back
@dataclass
class PlanInfo:
    id: int
    year: int
    title: str
    status: str
    is_current: bool
    task_count: int
    derived_from_id: int | None
    number: str = ""


def list_department_plans(db: Database) -> list[PlanInfo]:
    return list_plans(db, "department")


def list_plans(db: Database, kind: str) -> list[PlanInfo]:
    """Plans of one kind ("provincial" or "department"), newest first, for choosing a source."""
    with db.session() as s:
        plans = s.scalars(select(Plan).where(Plan.kind == kind).order_by(Plan.year.desc(), Plan.id.desc()))
        return [PlanInfo(p.id, p.year, p.title, p.status, bool(p.is_current), len(p.tasks), p.derived_from_id,
                         p.number or "") for p in plans]


@recorded("plan_edit", lambda db, plan_id: f"Chọn kế hoạch mã {plan_id} để theo dõi")
def set_current_plan(db: Database, plan_id: int) -> None:
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None or plan.kind != "department":
            raise ValidationError(f"Không có kế hoạch của Sở mã số {plan_id}.")
        s.execute(update(Plan).where(Plan.kind == "department").values(is_current=False))
        plan.is_current = True


@recorded("plan_edit", lambda db, plan_id: f"Xóa kế hoạch của Sở mã {plan_id}")
def delete_department_plan(db: Database, plan_id: int) -> None:
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None or plan.kind != "department":
            raise ValidationError(f"Không có kế hoạch của Sở mã số {plan_id}.")
        task_records.delete_holders(s, plan.id)
        s.delete(plan)


def load_department_plan(db: Database, plan_id: int) -> DerivedPlan:
    """A saved department plan as a proposal again, to edit it in the editor."""
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None or plan.kind != "department":
            raise ValidationError(f"Không có kế hoạch của Sở mã số {plan_id}.")
        tasks: list[DerivedTask] = []
        parsed = ParsedPlan(title=plan.title, issuer=plan.issuer, year=plan.year)
        for t in plan.tasks:
            title = t.section.title if t.section is not None else ""
            notes = t.notes or {}
            d = DerivedTask(source_section=notes.get("source_section"), source_number=notes.get("source_number"),
                            section_title=title, decision=t.decision or "keep", reason=t.reason, role=t.role or "lead",
                            content=t.content, results=list(t.results or []), lead=list(t.lead_agencies or []),
                            coordinate=list(t.coordinate_agencies or []),
                            lead_units=list(t.lead_agencies or []), coordinate_units=list(t.coordinate_agencies or []),
                            time_text=t.time_text, schedule=stored_schedule(t),
                            similarity=notes.get("similarity"), previous_number=notes.get("previous_number"),
                            own=t.is_own, source_parent=t.parent_number, number=t.number, parent=t.parent_number,
                            task_id=t.id, version=t.version, confirmed=True)
            src = t.source_task
            if src is not None:  # shown beside the department's wording in the editor
                d.source = PlanTask(number=src.number, content=src.content, parent=src.parent_number,
                                    results=list(src.results or []), lead=list(src.lead_agencies or []),
                                    coordinate=list(src.coordinate_agencies or []),
                                    responsible_text=src.responsible_text, time_text=src.time_text)
            if not parsed.sections or parsed.sections[-1].title != title:
                parsed.sections.append(ParsedSection(t.section.code if t.section else "", title))
            parsed.sections[-1].tasks.append(PlanTask(number=t.number, content=t.content, parent=t.parent_number))
            tasks.append(d)
        tasks = plan_decisions.merge_dropped(s, plan, tasks)
        name = plan.issuer
        year = plan.year
        derived_from = plan.derived_from_id
    proposal = DerivedPlan(parsed, name, year, tasks, provincial_plan_id=derived_from)
    try:
        proposal.rules = rules_service.load_agency_rules(db, name or None)
    except ValidationError:
        proposal.rules = None
    return proposal
