"""Board rows, progress, evidence files and the activity log through services.tracking."""
from datetime import date

import pytest
from factories import add_progress as add_entry, build_department
from sqlalchemy import select

from tthc_desktop.errors import BadInputError, UsageError, ValidationError
from tthc_desktop.services import tracking
from tthc_desktop.storage.models import ActivityLog, EvidenceDocument, ProgressEntry

TODAY = date(2024, 4, 10)  # early in Q2 2024


@pytest.fixture
def plan(db):
    return build_department(db)


def rows_by_number(db, period="2024Q2", **filters):
    return {r.number: r for r in tracking.task_rows(db, period, tracking.TaskFilters(**filters), today=TODAY)}


def test_rows_carry_sections_units_schedules_and_state(db, plan):
    rows = rows_by_number(db)
    assert list(rows) == ["1", "2", "3", "4", "5", "6", "7", "8"]
    r4 = rows["4"]
    assert (r4.section_code, r4.lead, r4.coordinate) == ("IV", ["Văn phòng Sở"], ["Chi cục Trồng trọt và Bảo vệ thực vật"])
    assert r4.schedule_text == "Hạn 20/02/2024" and r4.overdue and r4.status == "not_started"
    assert rows["2"].status == "missing" and rows["2"].schedule_text == "Thường xuyên"
    assert rows["7"].due_soon == 30 and rows["7"].days_left == 20
    assert rows["8"].next_due is None and not rows["8"].overdue


def test_filters_unit_status_text_due(db, plan):
    assert set(rows_by_number(db, unit="thanh tra so")) == {"1", "6"}
    # the half-yearly task 6 owes its note in Q2 (June) but not in Q1
    assert set(rows_by_number(db, status="missing")) == {"2", "3", "6"}
    assert set(rows_by_number(db, "2024Q1", status="missing")) == {"2", "3"}
    assert set(rows_by_number(db, text="ra soat")) == {"4", "5"}
    assert set(rows_by_number(db, due_before=date(2024, 3, 1))) == {"1", "4"}
    assert set(rows_by_number(db, due_window="overdue")) == {"1", "4"}
    with pytest.raises(UsageError):
        rows_by_number(db, unit="Sở Tài chính")


def test_progress_is_recorded_replaced_and_logged(db, plan):
    tid = plan["tasks"]["4"]
    first = tracking.add_progress(db, tid, "2024Q1", "Đang thực hiện", percent=50, note="Đang dự thảo", today=TODAY)
    again = tracking.add_progress(db, tid, "2024Q1", "hoan thanh", note="Kế hoạch 12/KH-SNNPTNT",
                                  completed_on=date(2024, 2, 19), today=TODAY)
    assert first == again  # one entry per task, period and unit
    with db.read_session() as s:
        e = s.get(ProgressEntry, first)
        assert (e.status, e.percent, e.result_text) == ("done", 100, "Kế hoạch 12/KH-SNNPTNT")
        log = s.execute(select(ActivityLog.detail).where(ActivityLog.task_id == tid)).scalars().all()
    assert any("Đang thực hiện → Hoàn thành" in line for line in log)
    assert rows_by_number(db)["4"].status == "done" and not rows_by_number(db)["4"].overdue


def test_done_after_due_becomes_done_late_and_not_done_needs_reason(db, plan):
    tracking.add_progress(db, plan["tasks"]["1"], "2024Q1", "done", note="Đã ban hành", completed_on=date(2024, 3, 5),
                          today=TODAY)
    assert rows_by_number(db, "2024Q1")["1"].status == "done_late"
    with pytest.raises(ValidationError, match="lý do"):
        tracking.add_progress(db, plan["tasks"]["5"], "2024Q2", "Không thực hiện", today=TODAY)
    with pytest.raises(UsageError):
        tracking.add_progress(db, plan["tasks"]["5"], "2024Q2", "xong", today=TODAY)


def test_recurring_task_missing_in_a_new_period(db, plan):
    tid = plan["tasks"]["3"]
    tracking.add_progress(db, tid, "2024Q1", "Đang thực hiện", note="Niêm yết 45 TTHC", today=date(2024, 3, 1))
    q1 = rows_by_number(db, "2024Q1")["3"]
    q2 = rows_by_number(db, "2024Q2")["3"]
    assert q1.status == "in_progress" and not q1.missing
    assert q2.status == "missing" and q2.status_label == "Thiếu báo cáo"


def test_evidence_file_is_copied_inside_the_evidence_folder(db, plan, tmp_path):
    source = tmp_path / "..\\..\\QĐ 124 công bố.pdf"
    source.write_bytes(b"%PDF-1.4 test")
    tid = plan["tasks"]["1"]
    eid = tracking.attach_evidence(db, tid, source, "124/QĐ-UBND", date(2024, 2, 20), "UBND tỉnh",
                                   "Công bố danh mục TTHC", "2024Q1")
    with db.read_session() as s:
        doc = s.get(EvidenceDocument, eid)
        stored = tracking.evidence_file(db, doc)
    root = (db.path.parent / "evidence").resolve()
    assert root in stored.parents and stored.read_bytes() == b"%PDF-1.4 test"
    assert "/" not in stored.name and "\\" not in stored.name and doc.sha256
    second = tracking.attach_evidence(db, tid, source, "125/QĐ-UBND")
    with db.read_session() as s:
        assert tracking.evidence_file(db, s.get(EvidenceDocument, second)) != stored
    with pytest.raises(BadInputError):
        tracking.attach_evidence(db, tid, tmp_path / "khong-co.pdf", "1/KH")


def test_safe_file_name():
    assert tracking.safe_file_name("../../etc/passwd") == "passwd"
    assert tracking.safe_file_name("CON.txt") == "tep_CON.txt"
    assert tracking.safe_file_name('a<b>:"c".docx') == "a_b_c_.docx"


def test_resolve_task_by_number_or_id(db, plan):
    assert tracking.resolve_task(db, "7") == plan["tasks"]["7"]
    assert tracking.resolve_task(db, f"#{plan['tasks']['2']}") == plan["tasks"]["2"]
    with pytest.raises(UsageError):
        tracking.resolve_task(db, "99")


def test_units_entries_combine_into_task_status(db, plan):
    tid, units = plan["tasks"]["5"], plan["units"]
    add_entry(db, tid, "2024Q2", "done", unit_id=units["Chi cục Thủy lợi"])
    row = rows_by_number(db)["5"]  # one of its two lead units: not done yet
    assert (row.status, row.progress_text) == ("in_progress", "1/2 đơn vị đã báo cáo hoàn thành")
    add_entry(db, tid, "2024Q2", "done", unit_id=units["Chi cục Trồng trọt và Bảo vệ thực vật"])
    assert rows_by_number(db)["5"].status == "done"


def test_no_plan_gives_no_rows(db):
    assert tracking.task_rows(db, "2024Q1") == []
