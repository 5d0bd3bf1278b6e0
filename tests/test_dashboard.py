"""Dashboard counts against the data, the painted page, reminders at start."""
from datetime import date, datetime

import pytest
from factories import add_progress as add_entry, build_department
from PySide6.QtWidgets import QMessageBox, QWidget

from tthc_desktop.domain.periods import Period
from tthc_desktop.services import tracking
from tthc_desktop.services.dashboard import dashboard, last_start, reminders

TODAY = date(2024, 4, 10)


@pytest.fixture
def plan(db):
    ids = build_department(db)
    u = ids["units"]
    tracking.add_progress(db, ids["tasks"]["4"], "2024Q1", "done", note="Kế hoạch 12/KH-SNNPTNT đã ban hành",
                          completed_on=date(2024, 2, 19), today=TODAY)
    add_entry(db, ids["tasks"]["3"], "2024Q2", "in_progress", unit_id=u["Văn phòng Sở"])
    add_entry(db, ids["tasks"]["5"], "2024Q2", "done", unit_id=u["Chi cục Thủy lợi"])
    add_entry(db, ids["tasks"]["5"], "2024Q2", "done", unit_id=u["Chi cục Trồng trọt và Bảo vệ thực vật"])
    tracking.add_progress(db, ids["tasks"]["8"], "2024Q2", "Không thực hiện", reason="Chưa có kinh phí", today=TODAY)
    return ids


def test_counts_match_the_data(db, plan):
    d = dashboard(db, TODAY, "2024Q2")
    rows = tracking.task_rows(db, "2024Q2", today=TODAY)
    expected = {}
    for r in rows:
        expected[r.status] = expected.get(r.status, 0) + 1
    assert {k: v for k, v in d.counts.items() if v} == expected
    assert d.total == 8 == sum(d.counts.values())
    # by hand: 4 done (Q1), 5 done by both units, 8 not done, 3 in progress, 2 and 6 missing, 1 and 7 not started
    assert expected == {"done": 2, "not_done": 1, "in_progress": 1, "missing": 2, "not_started": 2}
    assert [r.number for r in d.overdue] == ["1"]
    assert [r.number for r in d.due_soon] == ["7"]


def test_deadlines_completion_and_units_not_reported(db, plan):
    d = dashboard(db, TODAY, "2024Q2")
    assert d.unit_deadline == date(2024, 6, 16) and d.department_deadline == date(2024, 6, 18)
    assert d.days_to_unit_deadline == 67 and d.days_to_department_deadline == 69
    by_unit = {c.label: (c.done, c.total) for c in d.by_unit}
    assert by_unit["Văn phòng Sở"] == (1, 3)  # tasks 1, 3, 4 lead; only 4 finished
    assert by_unit["Chi cục Thủy lợi"] == (1, 1)
    by_section = {c.label.split(".")[0]: (c.done, c.total) for c in d.by_section}
    assert by_section["IV"] == (2, 2) and by_section["I"] == (0, 1)
    assert "Văn phòng Sở" not in d.not_reported and "Chi cục Thủy lợi" not in d.not_reported
    assert "Thanh tra Sở" in d.not_reported and "Chi cục Thủy sản" in d.not_reported


def test_reminders_since_last_start(db, plan):
    r = reminders(db, datetime(2024, 4, 1), TODAY)
    assert [x.number for x in r.newly_overdue] == []  # task 1 fell due in February, before the last start
    r = reminders(db, datetime(2024, 2, 1), TODAY)
    assert "1" in [x.number for x in r.newly_overdue]
    assert r.deadlines == []
    near = reminders(db, datetime(2024, 6, 1), date(2024, 6, 12))
    assert [what for what, _, _ in near.deadlines][0].startswith("Hạn các đơn vị gửi báo cáo Quý II")
    assert any("còn 4 ngày" in m for m in near.messages())


def test_dashboard_page_paints_the_numbers(qtbot, db, plan, tmp_path):
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.tracking.dashboard_page import DashboardPage

    ctx = AppContext(db)
    ctx.set_period(Period(2024, "Q2"))
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.board is not None, timeout=5000)
    assert page.count_labels["missing"].text() == "2" and page.count_labels["done"].text() == "2"
    assert "Quý II năm 2024" in page.title.text()
    assert page.overdue_list.count() >= 1 and "Thanh tra Sở" in page.not_reported.text()
    assert len(page.unit_chart.items) == len(page.board.by_unit)
    page.resize(1200, 900)
    assert not page.grab().isNull()


def test_start_reminders_are_non_blocking(qtbot, db, plan):
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.shell.reminders import show_start_reminders

    window = QWidget()
    qtbot.addWidget(window)
    ctx = AppContext(db)
    loader = show_start_reminders(window, ctx, today=date(2024, 6, 12))
    qtbot.waitUntil(lambda: not loader.busy, timeout=5000)
    box = window.findChild(QMessageBox, "startReminders")
    assert box is not None and box.isVisible() and not box.isModal()
    assert "Hạn các đơn vị" in box.text()
    assert last_start(db) is not None
