from datetime import date

import pytest

from tthc_desktop.domain.schedule import parse_time_text

CASES = [
    ("Tháng 02", 2023, "once", date(2023, 2, 28), None),
    ("Tháng 2/2025", 2025, "once", date(2025, 2, 28), None),
    ("Tháng 02/2024", 2023, "once", date(2024, 2, 29), None),
    ("Quý I", 2023, "once", date(2023, 3, 31), None),
    ("Quý IV/2025", 2025, "once", date(2025, 12, 31), None),
    ("Quý II năm 2024", 2023, "once", date(2024, 6, 30), None),
    ("Quý IV/2025 hoặc đột xuất", 2025, "once", date(2025, 12, 31), None),
    ("Trước ngày 20/02/2024.", 2024, "once", date(2024, 2, 20), None),
    ("Trước 30/9/2025", 2025, "once", date(2025, 9, 30), None),
    ("Hoàn thành trước 30/4/2025", 2025, "once", date(2025, 4, 30), None),
    ("Năm 2023", 2023, "once", date(2023, 12, 31), None),
    ("Trong năm", 2025, "once", date(2025, 12, 31), None),
    ("Thường xuyên", 2023, "recurring", None, "continuous"),
    ("Thường xuyên trong năm", 2023, "recurring", None, "continuous"),
    ("Hàng quý/năm", 2023, "recurring", None, "quarter"),
    ("Định kỳ 3 tháng/lần", 2023, "recurring", None, "quarter"),
    ("Quý I, Quý II, Quý III và 1 năm", 2025, "recurring", None, "quarter"),
    ("Định kỳ 06 tháng và cuối năm", 2023, "recurring", None, "half_year"),
    ("Định kỳ hằng tháng trong năm", 2024, "recurring", None, "month"),
    ("Theo kế hoạch", 2023, "unspecified", None, None),
    ("Theo lộ trình Kế hoạch", 2023, "unspecified", None, None),
    ("Theo Kế hoạch của Cục Kiểm soát TTHC", 2025, "unspecified", None, None),
    ("Định kỳ theo quy định", 2023, "unspecified", None, None),
    ("- Định kỳ 3 tháng/lần.\n- Đột xuất theo thời điểm yêu cầu.", 2023, "recurring", None, "quarter"),
    ("- Định kỳ theo quy định.\n- Đột xuất theo thời điểm yêu cầu.", 2023, "unspecified", None, None),
    # OCR copies without diacritics.
    ("Quy Il ndm 2024.", 2024, "once", date(2024, 6, 30), None),
    ("DPinh ky hang thang trong nam.", 2024, "recurring", None, "month"),
    ("Thudng xuyén trong nim; dinh ky bao cio két qua thuc hién.", 2024, "recurring", None, "continuous"),
    ("Theo Kế hoạch số 140/KH-UBND ngày 14/10/2021 của UBND tỉnh", 2024, "unspecified", None, None),
]


@pytest.mark.parametrize("text,year,kind,due,every", CASES)
def test_time_expressions(text, year, kind, due, every):
    schedule = parse_time_text(text, year)
    assert (schedule.kind, schedule.due, schedule.every) == (kind, due, every)


def test_one_off_with_periodic_reporting():
    s = parse_time_text("Quý I năm 2024, ban hành các Kế hoạch; định kỳ báo cáo kết quả thực hiện", 2024)
    assert (s.kind, s.due, s.also_reporting) == ("once", date(2024, 3, 31), True)


def test_strongest_line_wins_and_empty_is_unspecified():
    assert parse_time_text("- Đột xuất.\n- Tháng 5", 2023).due == date(2023, 5, 31)
    assert parse_time_text("", 2023).kind == "unspecified"


# Issue 16: phrases once read wrongly with no warning.
MULTI = [
    ("Trước ngày 15 tháng 02 năm 2025", 2025, [date(2025, 2, 15)]),
    ("6 tháng đầu năm", 2025, [date(2025, 6, 30)]),
    ("6 tháng cuối năm", 2025, [date(2025, 12, 31)]),
    ("Quý II và Quý IV", 2025, [date(2025, 6, 30), date(2025, 12, 31)]),
    ("Quý I, III/2026", 2025, [date(2026, 3, 31), date(2026, 9, 30)]),
    ("Từ tháng 3 đến tháng 6/2025", 2025, [date(2025, 6, 30)]),
    ("Từ ngày 01/3 đến ngày 15/6/2025", 2025, [date(2025, 6, 15)]),
    ("Tháng 6 và tháng 12 hằng năm", 2025, [date(2025, 6, 30), date(2025, 12, 31)]),
    ("tháng 6, tháng 12", 2024, [date(2024, 6, 30), date(2024, 12, 31)]),
    ("Trong năm 2026", 2025, [date(2026, 12, 31)]),
]


@pytest.mark.parametrize("text,year,dues", MULTI)
def test_due_dates_of_issue_16_phrases(text, year, dues):
    s = parse_time_text(text, year)
    assert (s.kind, s.due, s.dues or [s.due]) == ("once", dues[0], dues)
    if len(dues) > 1:
        assert s.to_json()["dues"] == [d.isoformat() for d in dues]
    else:
        assert set(s.to_json()) == {"kind", "due", "every"}


def test_not_understood_is_unspecified_with_a_warning(tmp_path):
    from tests.fixtures.plan_shapes import HEADER, docx_plan
    from tthc_desktop.domain.schedule import time_text_understood
    from tthc_desktop.importers import read_plan

    assert parse_time_text("Sau khi Bộ ban hành thông tư", 2025).kind == "unspecified"
    assert not time_text_understood("Sau khi Bộ ban hành thông tư", 2025)
    plan = read_plan(docx_plan(tmp_path / "t.docx", HEADER, [["1", "Việc.", "", "Sở Y tế", "", "Sau khi Bộ ban hành"]]))
    assert plan.tasks[0].schedule.kind == "unspecified"
    assert any("không hiểu thời gian «Sau khi Bộ ban hành»" in w for w in plan.tasks[0].warnings)


def test_several_dues_follow_a_shifted_year():
    from tthc_desktop.domain.derive import shift_schedule

    s = shift_schedule(parse_time_text("Quý II và Quý IV", 2024), 1)
    assert s.dues == [date(2025, 6, 30), date(2025, 12, 31)] and s.due == date(2025, 6, 30)


def test_preview_editor_keeps_several_dues_until_the_first_is_changed(qtbot):
    from PySide6.QtCore import QDate

    from tthc_desktop.domain.plan import PlanTask
    from tthc_desktop.ui.plans.task_editor import TaskEditor, schedule_label

    task = PlanTask("1", "Việc.", time_text="Quý II và Quý IV", schedule=parse_time_text("Quý II và Quý IV", 2025))
    assert schedule_label(task.schedule) == "Hạn 30/06/2025, 31/12/2025"
    editor = TaskEditor(2025)
    qtbot.addWidget(editor)
    editor.load(task)
    editor.content.setPlainText("Việc đã sửa.")
    assert task.content == "Việc đã sửa." and task.schedule.dues == [date(2025, 6, 30), date(2025, 12, 31)]
    editor.due.setDate(QDate(2025, 9, 30))
    assert task.schedule.due == date(2025, 9, 30) and task.schedule.dues == []
