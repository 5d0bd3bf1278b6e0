"""A task's status settles over the units that must act; the report and ``task list`` count the same tasks."""
import json
from datetime import date

import pytest
from factories import add_plan, add_profile, add_units, build_department

from tthc_desktop.cli.main import run
from tthc_desktop.errors import ValidationError
from tthc_desktop.services import report, tracking

TODAY = date(2024, 5, 10)
LEADS = ["Chi cục Kiểm lâm", "Chi cục Thủy sản", "Chi cục Thủy lợi"]
SECTIONS = [("I", "Rà soát, đơn giản hóa TTHC", [
    dict(number="1", content="Rà soát quy định, TTHC thuộc lĩnh vực quản lý", lead=LEADS,
         coordinate=["Thanh tra Sở"], kind="once", due=date(2024, 6, 30)),
    dict(number="2", content="Cập nhật, công khai TTHC", lead=["Văn phòng Sở"], kind="once", due=date(2024, 6, 30)),
])]


@pytest.fixture
def three(db):
    with db.session() as s:
        add_profile(s)
        units = add_units(s)
        plan = add_plan(s, SECTIONS, units)
        return {"units": {n: u.id for n, u in units.items()}, "tasks": {t.number: t.id for t in plan.tasks}}


def row(db, number="1", period="2024Q2"):
    return {r.number: r for r in tracking.task_rows(db, period, today=TODAY)}[number]


def report_unit(db, ids, unit, status="Hoàn thành", period="2024Q2", task="1"):
    tracking.add_progress(db, ids["tasks"][task], period, status, unit=ids["units"][unit], note="Đã thực hiện",
                          completed_on=date(2024, 5, 2), today=TODAY)


def test_three_lead_units_settle_the_task_together(db, database_url, three):
    assert (row(db).status, row(db).progress_text) == ("not_started", "0/3 đơn vị đã báo cáo hoàn thành")
    report_unit(db, three, "Chi cục Kiểm lâm")
    r = row(db)
    assert (r.status, r.status_label, r.progress_text) == ("in_progress", "Đang thực hiện",
                                                           "1/3 đơn vị đã báo cáo hoàn thành")
    report_unit(db, three, "Thanh tra Sở")  # the coordinator's «Hoàn thành» changes nothing
    assert (row(db).status, row(db).units_done) == ("in_progress", 1)
    report_unit(db, three, "Chi cục Thủy sản")
    assert row(db).progress_text == "2/3 đơn vị đã báo cáo hoàn thành" and row(db).status == "in_progress"
    report_unit(db, three, "Chi cục Thủy lợi")
    assert (row(db).status, row(db).units_done, row(db).units_total) == ("done", 3, 3)
    units = {u["unit"]: u for u in row(db).to_json()["units"]}
    assert units["Thanh tra Sở"] == {"unit": "Thanh tra Sở", "role": "coordinate", "status": "done", "reported": True}
    assert units["Chi cục Kiểm lâm"]["role"] == "lead" and units["Chi cục Kiểm lâm"]["reported"]


def test_a_unit_done_in_q1_still_counts_in_q2(db, database_url, three):
    report_unit(db, three, "Chi cục Kiểm lâm", period="2024Q1")
    report_unit(db, three, "Chi cục Thủy sản")
    report_unit(db, three, "Chi cục Thủy lợi")
    assert row(db).status == "done"
    assert row(db, period="2024Q1").status == "in_progress"


def test_a_coordinator_alone_never_closes_the_task(db, database_url, three):
    report_unit(db, three, "Thanh tra Sở")
    assert (row(db).status, row(db).units_done) == ("not_started", 0)


def test_office_closes_with_a_reason_and_the_reason_shows(db, database_url, three, capsys):
    report_unit(db, three, "Chi cục Kiểm lâm")
    with pytest.raises(ValidationError, match="hãy ghi lý do"):
        tracking.add_progress(db, three["tasks"]["1"], "2024Q2", "done", today=TODAY)
    assert row(db).status == "in_progress"  # the refused close changed nothing
    assert run(["--db", database_url, "task", "close", "1", "--period", "2024Q2",
                "--reason", "Đã ban hành Quyết định 45/QĐ-SNNPTNT thay các Chi cục"]) == 0
    r = row(db)
    assert r.status == "done"
    assert r.progress_text == "Văn phòng Sở xác nhận hoàn thành: Đã ban hành Quyết định 45/QĐ-SNNPTNT thay các Chi cục"
    capsys.readouterr()
    assert run(["--db", database_url, "task", "list", "--period", "2024Q2", "--json"]) == 0
    listed = {t["number"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert listed["1"]["status"] == "done" and "Văn phòng Sở xác nhận hoàn thành" in listed["1"]["progress"]


def test_task_list_unit_returns_only_its_tasks(db, database_url, three, capsys):
    assert run(["--db", database_url, "task", "list", "--period", "2024Q2", "--unit", "Thanh tra Sở", "--json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert [t["number"] for t in tasks] == ["1"]
    assert {u["unit"]: u["role"] for u in tasks[0]["units"]} == {**{n: "lead" for n in LEADS},
                                                                "Thanh tra Sở": "coordinate"}


def counts_from_task_list(rows: list[dict]) -> dict:
    return {"tasks": len(rows), "done": sum(r["status"] in ("done", "done_late") for r in rows),
            "in_progress": sum(r["status"] == "in_progress" for r in rows),
            "overdue": sum(r["overdue"] for r in rows), "not_reported": sum(r["status"] == "missing" for r in rows)}


def test_report_summary_equals_task_list_counts(db, database_url, tmp_path, capsys):
    ids = build_department(db)
    for unit in ("Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Thủy lợi"):  # task 5: both its lead units
        tracking.add_progress(db, ids["tasks"]["5"], "2024Q2", "done", unit=unit, note="Đã rà soát xong")
    tracking.add_progress(db, ids["tasks"]["3"], "2024Q2", "in_progress", unit="Văn phòng Sở")
    capsys.readouterr()
    assert run(["--db", database_url, "task", "list", "--period", "2024Q2", "--json"]) == 0
    listed = counts_from_task_list(json.loads(capsys.readouterr().out)["tasks"])
    assert run(["--db", database_url, "report", "build", "--period", "2024Q2", "--out", str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary == listed
    assert summary["done"] == 1 and summary["tasks"] == 8  # one task, though two units reported it done
    from tthc_desktop.domain.periods import Period

    texts = "\n".join(report.auto_texts(db, Period(2024, "Q2")).values())
    assert f"đã hoàn thành {summary['done']} nhiệm vụ, đang triển khai {summary['in_progress']} nhiệm vụ" in texts


def test_units_resolve_replaces_an_old_full_expansion_and_keeps_ticks(db, database_url, capsys):
    """A plan saved before the phrase rules linked every unit of the group; `tthc units resolve` proposes again."""
    from tthc_desktop.services import unit_roles
    from tthc_desktop.storage.models import Task, TaskUnit, Unit

    with db.session() as s:
        add_profile(s)
        units = add_units(s)
        for name, u in units.items():
            u.handles_dossiers = name.startswith("Chi cục")
        group = "Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"
        plan = add_plan(s, [("I", "PAKN", [dict(number="1", content="Tiếp nhận, xử lý phản ánh, kiến nghị",
                                                 lead=[group], coordinate=["Văn phòng Sở"])])], units)
        task = plan.tasks[0]
        for u in units.values():  # the old expansion: everyone leads
            if u.name != "Văn phòng Sở":
                s.add(TaskUnit(task_id=task.id, unit_id=u.id, role="lead"))
        task_id, kiem_lam = task.id, units["Chi cục Kiểm lâm"].id

    def leads():
        with db.read_session() as s:
            return sorted(s.get(Unit, tu.unit_id).name for tu in s.get(Task, task_id).units if tu.role == "lead")

    assert "Thanh tra Sở" in leads()
    assert run(["--db", database_url, "units", "resolve", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"] == 1
    chi_cuc = sorted(n for n in units if n.startswith("Chi cục"))
    assert leads() == chi_cuc  # PAKN: the units handling TTHC
    unit_roles.set_unit(db, task_id, kiem_lam, "lead", False)
    assert run(["--db", database_url, "units", "resolve"]) == 0
    assert leads() == [n for n in chi_cuc if n != "Chi cục Kiểm lâm"]  # the officer's untick is kept
