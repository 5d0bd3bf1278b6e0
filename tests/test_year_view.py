"""«Cả năm»: the year's deadlines, tasks by status and unit × section completion on the demo, clickable
through to the tasks; the tray reminders of the next 3 days."""
from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from tthc_desktop.domain.periods import Period
from tthc_desktop.services.year_view import year_overview

TODAY = date(2024, 5, 20)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from tthc_desktop.services.database import open_database
    from tthc_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    build_demo(path, year=2024)
    db = open_database(path)
    yield db
    db.close()


def test_overview_of_the_demo_year(demo_db):
    o = year_overview(demo_db, 2024, TODAY)
    kinds = {d.kind for d in o.deadlines}
    assert kinds == {"task", "unit", "department"}
    assert [d.day for d in o.deadlines] == sorted(d.day for d in o.deadlines)
    q1 = next(d for d in o.deadlines if d.kind == "unit" and "Quý I năm" in d.label)
    assert q1.day == date(2024, 3, 16) and q1.state in ("overdue", "done")
    q3 = next(d for d in o.deadlines if d.kind == "department" and "Quý III" in d.label)
    assert q3.state == "open"
    tasks = [d for d in o.deadlines if d.kind == "task"]
    assert tasks and all(len(d.task_ids) == 1 for d in tasks)
    assert sum(len(v) for v in o.by_status.values()) == len(o.tasks) > 0
    cells = list(o.cells.values())
    assert sum(c.total for c in cells) >= len(o.tasks)  # a task with two lead units counts for each
    assert all(0 <= c.done <= c.total == len(c.task_ids) for c in cells)


def test_reminders_within_three_days(demo_db):
    o = year_overview(demo_db, 2024, date(2024, 6, 14))
    soon = o.soon(3)
    assert [d.day for d in soon] == [date(2024, 6, 16)]  # the units' Q2 deadline, not the department's on the 18th
    lines = o.reminder_lines()
    assert any("còn 2 ngày" in line for line in lines)
    assert any("đã quá hạn 16/03/2024" in line for line in lines) == (o.overdue_unit_reports() != [])


def test_empty_database_has_no_plan(db):
    o = year_overview(db, 2024, TODAY)
    assert not o.has_plan and not o.tasks and not o.cells
    assert all(d.kind != "task" for d in o.deadlines)


@pytest.fixture
def page(demo_db, qtbot, monkeypatch):
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.tracking import year_page

    monkeypatch.setattr(year_page, "date", type("FixedDate", (date,), {"today": staticmethod(lambda: TODAY)}))
    ctx = AppContext(demo_db)
    ctx.set_period(Period(2024, "Q2"))
    widget = year_page.YearPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    qtbot.waitUntil(lambda: widget.overview is not None, timeout=20_000)
    return widget


def test_year_page_paints_and_clicks_through(page, monkeypatch, tmp_path):
    opened, lists = [], []
    monkeypatch.setattr(page, "open_task", lambda task_id: opened.append(task_id))
    monkeypatch.setattr(QDialog, "exec", lambda self: lists.append(self) or 0)
    image = page.grab()  # paints the timeline, the bars and the heat-map (their click areas too)
    image.save(str(tmp_path / "year.png"))
    assert page.deadline_list.count() == len(page.overview.deadlines)
    assert page.timeline._hits and page.heat_map._hits and page.status_bars._hits
    task = next(d for d in page.overview.deadlines if d.kind == "task")
    assert page.timeline.click_first(task.label) and opened == task.task_ids
    assert page.status_bars.click_first("Đang thực hiện")
    in_progress = page.overview.by_status["in_progress"]
    assert lists[-1].list.count() == len(in_progress) > 1
    unit = page.overview.units[0]
    cell = next(c for (u, _s), c in page.overview.cells.items() if u == unit)
    assert page.heat_map.click_first(unit)
    assert opened[-1] in cell.task_ids or lists[-1].list.count() == len(cell.task_ids)


def test_year_page_print(page, monkeypatch):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from tthc_desktop.ui.common import printing

    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: 0)
    page.print_view()
    assert "Hạn các đơn vị báo cáo Quý II năm 2024" in printing.last_preview["html"]


def test_tray_reminder_once_a_day(page, monkeypatch, qtbot):
    from PySide6.QtWidgets import QMainWindow

    from tthc_desktop.ui.shell.tray import TrayReminders

    window = QMainWindow()
    qtbot.addWidget(window)
    shown = []
    window.show_page = lambda key: shown.append(key)
    tray = TrayReminders(window, page.ctx)
    tray.check(date(2024, 6, 14))
    qtbot.waitUntil(lambda: bool(tray.lines), timeout=20_000)
    assert any("Hạn các đơn vị báo cáo Quý II năm 2024" in line for line in tray.lines)
    tray.lines = []
    tray.check(date(2024, 6, 14))  # the same day: no second notification
    assert not tray.loader.busy and tray.lines == []
    tray.open_year()
    assert shown == ["year"]
