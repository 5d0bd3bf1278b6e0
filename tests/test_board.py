"""The task board: model and proxy without any window, then the page with pytest-qt."""
from datetime import date

import pytest
from factories import build_department
from PySide6.QtCore import Qt

from tthc_desktop.services import tracking
from tthc_desktop.ui.tracking.board_model import COL, ROW_ROLE, SORT_ROLE, TaskBoardModel, TaskFilterProxy

TODAY = date(2024, 4, 10)


@pytest.fixture
def plan(db):
    return build_department(db)


@pytest.fixture
def proxy(qapp, db, plan):
    model = TaskBoardModel()
    model.set_rows(tracking.load_rows(db, "2024Q2", TODAY))
    p = TaskFilterProxy()
    p.setSourceModel(model)
    p._keep = model
    return p


def numbers(proxy):
    return [r.number for r in proxy.visible_rows()]


def test_model_shows_rows_and_roles_without_a_window(proxy):
    model = proxy.sourceModel()
    assert model.rowCount() == 8 and model.columnCount() == len(COL)
    i = model.index(3, COL["next_due"])
    assert model.data(i) == "20/02/2024" and model.data(i, SORT_ROLE) == date(2024, 2, 20).toordinal()
    assert model.data(model.index(3, COL["percent"]), SORT_ROLE) == 0
    assert model.data(i, ROW_ROLE).number == "4"
    assert model.headerData(COL["content"], Qt.Orientation.Horizontal) == "Nội dung công việc"


def test_overdue_and_due_soon_marked_by_colour_and_icon(proxy):
    model = proxy.sourceModel()
    row = {model.row_at(i).number: i for i in range(model.rowCount())}
    overdue = model.index(row["4"], COL["status"])
    soon = model.index(row["7"], COL["status"])
    plain = model.index(row["8"], COL["status"])
    assert model.data(overdue, Qt.ItemDataRole.BackgroundRole) is not None
    assert not model.data(overdue, Qt.ItemDataRole.DecorationRole).isNull()
    assert "Quá hạn" in model.data(overdue, Qt.ItemDataRole.ToolTipRole)
    assert model.data(soon, Qt.ItemDataRole.BackgroundRole).color() != model.data(
        overdue, Qt.ItemDataRole.BackgroundRole).color()
    assert not model.data(soon, Qt.ItemDataRole.DecorationRole).isNull()
    assert model.data(plain, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(plain, Qt.ItemDataRole.DecorationRole) is None


def test_accent_insensitive_text_filter(proxy):
    proxy.set_text("ra soat")
    assert numbers(proxy) == ["4", "5"]
    proxy.set_text("RÀ SOÁT, ĐÁNH GIÁ")
    assert numbers(proxy) == ["4", "5"]
    proxy.set_text("niem yet")
    assert numbers(proxy) == ["3"]
    proxy.set_text("")
    assert len(numbers(proxy)) == 8


def test_unit_section_status_and_due_window_filters(proxy, plan):
    proxy.set_unit(plan["units"]["Thanh tra Sở"])
    assert numbers(proxy) == ["1", "6"]
    proxy.set_unit(None)
    proxy.set_section("IV")
    assert numbers(proxy) == ["4", "5"]
    proxy.set_section(None)
    proxy.set_status("missing")
    assert numbers(proxy) == ["2", "3", "6"]
    proxy.set_status(None)
    proxy.set_due_window("overdue", None, TODAY)
    assert numbers(proxy) == ["1", "4"]
    proxy.set_due_window("30", None, TODAY)
    assert numbers(proxy) == ["7"]


def test_sorting_by_real_dates_numbers_and_vietnamese_text(db, plan, qapp):
    tracking.add_progress(db, plan["tasks"]["5"], "2024Q2", "Đang thực hiện", percent=40, today=TODAY)
    tracking.add_progress(db, plan["tasks"]["7"], "2024Q2", "Đang thực hiện", percent=5, today=TODAY)
    model = TaskBoardModel()
    model.set_rows(tracking.load_rows(db, "2024Q2", TODAY))
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL["next_due"], Qt.SortOrder.AscendingOrder)
    dated = [r for r in proxy.visible_rows() if r.next_due]
    assert [r.next_due for r in dated] == sorted(r.next_due for r in dated)
    assert numbers(proxy)[:2] == ["4", "1"]  # 20/02 before 29/02, whatever the text says
    proxy.sort(COL["percent"], Qt.SortOrder.DescendingOrder)
    assert numbers(proxy)[:2] == ["5", "7"]  # 40 % > 5 %, not "5" > "40" as text
    proxy.sort(COL["content"], Qt.SortOrder.AscendingOrder)
    contents = [r.content for r in proxy.visible_rows()]
    assert [c.split()[0] for c in contents] == ["Công", "Đánh", "Đôn", "Số", "Thực", "Thực", "Xây", "Xây"]
    proxy.set_text("ra soat")  # the filter keeps the sort order
    assert [r.content[:9] for r in proxy.visible_rows()] == ["Thực hiện", "Xây dựng "]


def test_number_sort_is_numeric(qapp):
    from tthc_desktop.ui.tracking.board_model import number_key
    assert sorted(["10", "2", "1b", "1a"], key=number_key) == ["1a", "1b", "2", "10"]


def test_board_page_loads_off_thread_filters_and_remembers_columns(qtbot, db, plan, monkeypatch):
    from tthc_desktop.ui.tracking.board_page import TaskBoardPage
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.domain.periods import Period

    ctx = AppContext(db)
    ctx.set_period(Period(2024, "Q2"))
    page = TaskBoardPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=5000)
    page.search.setText("ra soat")
    assert page.proxy.rowCount() == 2 and "Hiển thị 2/8" in page.count.text()
    page.unit_box.setCurrentIndex(page.unit_box.findData(plan["units"]["Chi cục Thủy lợi"]))
    assert [r.number for r in page.proxy.visible_rows()] == ["5"]

    page.columns_menu.actions()[COL["coordinate"]].setChecked(False)
    page.view.horizontalHeader().resizeSection(COL["content"], 333)
    page._save_header()
    again = TaskBoardPage(ctx)
    qtbot.addWidget(again)
    assert again.view.horizontalHeader().isSectionHidden(COL["coordinate"])
    assert again.view.horizontalHeader().sectionSize(COL["content"]) == 333
    assert not again.columns_menu.actions()[COL["coordinate"]].isChecked()

    opened = []
    monkeypatch.setattr(again, "open_task", opened.append)
    qtbot.waitUntil(lambda: again.model.rowCount() == 8, timeout=5000)
    again.view.doubleClicked.emit(again.proxy.index(0, 1))
    assert opened == [again.proxy.row_at(0).id]


def test_benchmark_runs_and_board_agrees_with_plain_sql(qapp, capsys):
    """A small run of benchmarks/bench_board.py: it exits 1 when the board and sqlite3 disagree."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_board.py"
    spec = importlib.util.spec_from_file_location("bench_board", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--tasks", "300", "--entries", "3000", "--repeat", "1"]) == 0
    assert "| board open + text filter" in capsys.readouterr().out


def test_window_and_cli_share_one_filter_where_3_finds_3a(qapp, db, plan):
    from tthc_desktop.storage.models import Task

    with db.session() as s:
        s.get(Task, plan["tasks"]["3"]).number = "3a"
        s.get(Task, plan["tasks"]["4"]).number = "13"
    model = TaskBoardModel()
    model.set_rows(tracking.load_rows(db, "2024Q2", TODAY))
    p = TaskFilterProxy()
    p.setSourceModel(model)
    p.set_text("3")
    cli = [r.number for r in tracking.task_rows(db, "2024Q2", tracking.TaskFilters(text="3"), today=TODAY)]
    assert numbers(p) == cli and "3a" in cli and "13" not in cli
