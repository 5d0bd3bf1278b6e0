import pytest

from conftest import DEMO
from tthc_desktop.errors import ValidationError
from tthc_desktop.importers import read_plan
from tthc_desktop.services.plans import delete_plan, import_plan, list_plans, load_parsed_plan
from tthc_desktop.storage.models import Plan, Task


def test_import_store_and_reload(db):
    plan_id = import_plan(db, DEMO / "qn2023_plan.docx")
    [summary] = list_plans(db)
    assert summary["id"] == plan_id and summary["tasks"] == 51 and summary["decision"] == "124/QĐ-UBND"
    assert summary["source_file"] == "qn2023_plan.docx" and len(summary["source_hash"]) == 64
    with db.session() as s:
        task = s.query(Task).filter_by(plan_id=plan_id, number="22").one()
        assert task.lead_agencies == ["Sở Ngoại vụ"] and task.schedule_kind == "recurring"
        assert task.every == "continuous" and "ngoai vu" not in task.search_text
        assert "tieng nuoc ngoai" in task.search_text and task.responsible_text.startswith("- Các sở")
        assert s.get(Plan, plan_id).year == 2023
    again = load_parsed_plan(db, plan_id)
    original = read_plan(DEMO / "qn2023_plan.docx")
    assert [(s.code, s.title) for s in again.sections] == [(s.code, s.title) for s in original.sections]
    assert [t.to_json() for t in again.tasks] == [t.to_json() for t in original.tasks]


def test_same_file_twice_is_detected(db, plans):
    import_plan(db, plans / "qt2025_plan.docx")
    with pytest.raises(ValidationError, match="Tệp này đã được nhập"):
        import_plan(db, plans / "qt2025_plan.docx")
    assert len(list_plans(db)) == 1
    second = import_plan(db, plans / "qt2025_plan.docx", replace_duplicate=True)
    assert [p["id"] for p in list_plans(db)] == [second]


def test_edited_preview_is_saved_and_plans_deleted(db):
    parsed = read_plan(DEMO / "snn2024_plan.docx")
    parsed.tasks[0].lead = ["Văn phòng Sở", "Thanh tra Sở"]
    plan_id = import_plan(db, parsed, kind="department")
    assert load_parsed_plan(db, plan_id).tasks[0].lead == ["Văn phòng Sở", "Thanh tra Sở"]
    assert list_plans(db, "provincial") == [] and len(list_plans(db, "department")) == 1
    delete_plan(db, plan_id)
    assert list_plans(db) == []
    with db.session() as s:
        assert s.query(Task).count() == 0


def test_duplicate_numbers_refused(db):
    parsed = read_plan(DEMO / "qn2023_plan.docx")
    parsed.sections[0].tasks[1].number = "1a"
    with pytest.raises(ValidationError, match="cùng số 1a"):
        import_plan(db, parsed)
    assert list_plans(db) == []
