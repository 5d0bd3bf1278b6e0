"""Saving a derived plan: department plan, links, units resolved from the catalogue, current plan."""
from sqlalchemy import select

from tests.conftest import DEMO
from tthc_desktop.services import rules as rules_service
from tthc_desktop.services.derive import (list_department_plans, load_department_plan, new_own_task, propose,
                                          save_department_plan, set_current_plan)
from tthc_desktop.storage.models import Plan, Task, TaskUnit, Unit

AGENCY = "Sở Nông nghiệp và Phát triển nông thôn"


def test_rules_seeded_once_and_editable(db):
    added = rules_service.ensure_rules(db)
    assert added > 20 and rules_service.ensure_rules(db) == 0
    rule = rules_service.add_rule(db, "department_alias", "Sở NNPTNT Quảng Ngãi", note="tên trên con dấu")
    assert any(r.id == rule.id for r in rules_service.list_rules(db, "department_alias"))
    rules_service.update_rule(db, rule.id, active=False)
    rules_service.delete_rule(db, rule.id)
    assert not rules_service.list_rules(db, "department_alias")
    import pytest
    from tthc_desktop.errors import ValidationError

    with pytest.raises(ValidationError):
        rules_service.add_rule(db, "other_agency", "re:(unclosed")


def test_propose_and_save(db):
    proposal = propose(db, DEMO / "qn2023_plan.docx", AGENCY, DEMO / "snn2024_plan.docx", 2024)
    kept = [t for t in proposal.tasks if t.decision == "keep"]
    plan_id = save_department_plan(db, proposal)
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        assert plan.kind == "department" and plan.is_current and plan.year == 2024
        tasks = list(plan.tasks)
        assert len(tasks) == len(kept)
        # Provincial 1a and 2 matched last year's 1a and 1b: they stay lettered rows of task 1.
        assert [(t.number, t.parent_number) for t in tasks][:3] == [("1a", "1"), ("1b", "1"), ("2", None)]
        assert [sec.code for sec in plan.sections][:3] == ["I", "II", "III"]
        office = s.scalars(select(Unit).where(Unit.name == "Văn phòng Sở")).one()
        first = tasks[0]
        roles = {(tu.unit_id, tu.role) for tu in first.units}
        assert (office.id, "lead") in roles
        assert any(role == "coordinate" for _, role in roles)  # the unit group, expanded to units
        assert all(t.decision == "keep" and t.reason for t in tasks)
        assert plan.derived_from_id is not None
        source = s.get(Task, tasks[0].source_task_id)
        assert source.plan_id == plan.derived_from_id and source.number == "1a"
        assert s.scalars(select(TaskUnit)).first() is not None


def test_decision_override_reorder_own_task_and_resave(db):
    proposal = propose(db, DEMO / "qn2023_plan.docx", AGENCY)
    drop_index = next(i for i, t in enumerate(proposal.tasks) if t.decision == "keep")
    own = new_own_task(proposal.tasks[0].section_title, proposal.rules)
    own.content = "Xây dựng và trình Giám đốc Sở phê duyệt Kế hoạch rà soát, đánh giá TTHC năm 2023."
    proposal.tasks.insert(1, own)
    plan_id = save_department_plan(db, proposal, {drop_index: "drop"})
    with db.session() as s:
        tasks = s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)).all()
        assert tasks[0].is_own and tasks[0].number == "1"
        first_id = tasks[0].id
    again = load_department_plan(db, plan_id)
    again.tasks.reverse()
    save_department_plan(db, again, plan_id=plan_id)
    with db.session() as s:
        tasks = s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)).all()
        assert tasks[-1].id == first_id  # edited in place: ids (and progress) survive
        assert tasks[0].number == "1"


def test_current_plan_switch(db):
    p = propose(db, DEMO / "qn2023_plan.docx", AGENCY)
    a = save_department_plan(db, p)
    b = save_department_plan(db, propose(db, DEMO / "qn2023_plan.docx", AGENCY, year=2024))
    infos = {i.id: i for i in list_department_plans(db)}
    assert infos[b].is_current and not infos[a].is_current
    set_current_plan(db, a)
    infos = {i.id: i for i in list_department_plans(db)}
    assert infos[a].is_current and not infos[b].is_current


def test_propose_from_plans_in_the_database(db, capsys):
    import json

    from tthc_desktop.cli.main import run
    from tthc_desktop.services.plans import import_plan

    prov = import_plan(db, DEMO / "qn2023_plan.docx", kind="provincial")
    prev = import_plan(db, DEMO / "snn2024_plan.docx", kind="department")
    proposal = propose(db, prov, AGENCY, prev)
    assert proposal.provincial_plan_id == prov
    assert sum(t.decision == "keep" for t in proposal.tasks) >= 34
    assert any(t.previous_number for t in proposal.tasks)
    code = run(["plan", "derive", str(prov), "--previous", str(prev), "--agency", AGENCY, "--db", getattr(db, "url", None) and db.url.render_as_string(hide_password=False) or str(db.path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["summary"]["tasks"] == 51


def test_cli_save_derived(database_url, capsys):
    import json

    from tthc_desktop.cli.main import run

    code = run(["plan", "save-derived", str(DEMO / "qn2023_plan.docx"), "--agency", AGENCY,
                "--previous", str(DEMO / "snn2024_plan.docx"), "--year", "2024", "--db", database_url, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["year"] == 2024 and out["tasks"] >= 35
