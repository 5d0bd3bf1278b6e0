"""The task detail's «Đơn vị thực hiện» on the demo: each unit's own status (the board's rule), whether it reported,
its latest report, the «Chưa báo cáo» mark, and double-click to record that unit's progress; ``tthc task show``."""
import json
import re

import pytest

from tthc_desktop.cli.main import run
from tthc_desktop.domain import status as st
from tthc_desktop.services import tracking

DATE = re.compile(r"^\d{2}/\d{2}/\d{4}( \(.+\))?$")


@pytest.fixture
def copy(demo_2024):
    return demo_2024


@pytest.fixture
def ctx(demo_2024_ctx):
    return demo_2024_ctx


def board_row(ctx, number, period="2024Q2"):
    return next(r for r in tracking.load_rows(ctx.db, period) if r.number == number)


def table_rows(dialog):
    t = dialog.units_tab.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def open_detail(qtbot, ctx, task_id):
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    dialog = TaskDetailDialog(ctx, task_id)
    qtbot.addWidget(dialog)
    return dialog


def test_each_unit_shows_its_own_status_report_and_the_missing_mark(qtbot, ctx):
    row = board_row(ctx, "20")  # recurring, seven lead units, some without a Q2 report
    dialog = open_detail(qtbot, ctx, row.id)
    rows = table_rows(dialog)
    assert [r[0] for r in rows] == [u.name for u in row.units]  # every linked unit, in the board's order
    assert [r[1] for r in rows] == ["Chủ trì" if u.role == "lead" else "Phối hợp" for u in row.units]
    assert [r[2] for r in rows] == [st.status_label(u.status) for u in row.units]  # the board's per-unit status
    missing = [u.name for u in row.units if u.role == "lead" and not u.reported]
    assert missing and len(missing) < len(row.units)
    for r, u in zip(rows, row.units):
        assert r[3] == ("Đã báo cáo" if u.reported else "Chưa báo cáo")
        assert DATE.match(r[4]) and r[5].endswith("%")  # every unit of this task reported in some quarter
        assert r[4].endswith("(Quý I năm 2024)") != u.reported  # a missing unit's latest report is Q1's
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.units_tab)) == f"Đơn vị thực hiện ({len(missing)} chưa báo cáo)"
    assert row.status_label in dialog.units_tab.summary.text() and row.progress_text in dialog.units_tab.summary.text()
    marked = dialog.units_tab.table.item([r[0] for r in rows].index(missing[0]), 3)
    assert marked.font().bold() and "chưa gửi" in marked.toolTip()

    dialog.units_tab.period_box.setCurrentIndex(dialog.units_tab.period_box.findData("2024Q1"))
    assert dialog.period_box.currentData() == "2024Q1"  # one period for the form and the units
    q1 = board_row(ctx, "20", "2024Q1")
    assert [r[3] for r in table_rows(dialog)] == ["Đã báo cáo" if u.reported else "Chưa báo cáo" for u in q1.units]
    assert [r[3] for r in table_rows(dialog)] != [r[3] for r in rows]


def test_a_unit_done_earlier_owes_nothing_and_a_coordinator_is_never_chased(qtbot, ctx):
    row = board_row(ctx, "1a")  # one-off, its lead unit reported it done in Q1
    dialog = open_detail(qtbot, ctx, row.id)
    rows = {r[0]: r for r in table_rows(dialog)}
    done = next(u for u in row.units if u.role == "lead")
    assert (done.status, done.reported) == ("done", False)
    assert rows[done.name][2] == "Hoàn thành" and rows[done.name][3] == "—"
    assert rows[done.name][4].endswith("(Quý I năm 2024)") and rows[done.name][5] == "100%"
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.units_tab)) == "Đơn vị thực hiện"
    late = board_row(ctx, "28")  # one-off: leads done, done late, one still in progress without a Q2 report
    rows = {r[0]: r for r in table_rows(open_detail(qtbot, ctx, late.id))}
    assert {rows[u.name][2] for u in late.units} == {"Hoàn thành", "Hoàn thành quá hạn", "Đang thực hiện"}
    open_lead = next(u for u in late.units if u.status == "in_progress" and not u.reported)
    assert rows[open_lead.name][3] == "Chưa báo cáo"
    coordinated = board_row(ctx, "5")
    other = open_detail(qtbot, ctx, coordinated.id)
    never = [r for r in table_rows(other) if r[1] == "Phối hợp"]
    assert never and all(r[2] == "Chưa thực hiện" and r[3] == "—" and r[4] == r[5] == "" for r in never)


def test_double_click_records_that_units_progress_and_the_table_follows(qtbot, ctx):
    row = board_row(ctx, "28")
    dialog = open_detail(qtbot, ctx, row.id)
    names = [r[0] for r in table_rows(dialog)]
    lead = next(u for u in row.units if u.status == "in_progress" and not u.reported)
    dialog.tabs.setCurrentWidget(dialog.units_tab)
    dialog.units_tab.table.cellDoubleClicked.emit(names.index(lead.name), 0)
    assert dialog.tabs.currentIndex() == 0  # «Tiến độ theo kỳ», with that unit and the period shown
    assert dialog.unit_box.currentData() == lead.unit_id and dialog.period_box.currentData() == "2024Q2"
    assert dialog.result.toPlainText() == ""  # a unit without an entry this period starts from an empty form
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    dialog.percent.setValue(100)
    dialog.result.setPlainText("Đã hoàn thành rà soát")
    assert dialog.save_progress()
    after = {r[0]: r for r in table_rows(dialog)}[lead.name]
    assert after[2].startswith("Hoàn thành") and after[3] == "Đã báo cáo" and after[5] == "100%"
    assert not after[4].endswith(")")  # its latest report is now this period's
    settled = board_row(ctx, "28")
    assert settled.status in st.FINISHED and settled.status_label in dialog.units_tab.summary.text()
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.units_tab)) == "Đơn vị thực hiện"

    reported = next(u for u in board_row(ctx, "20").units if u.reported)
    other = open_detail(qtbot, ctx, board_row(ctx, "20").id)
    other.units_tab.table.selectRow([r[0] for r in table_rows(other)].index(reported.name))
    other.units_tab.update_button.click()  # the button does what the double click does
    entry = next(p for p in other.detail.progress if p.unit_id == reported.unit_id and p.period == "2024Q2")
    assert other.unit_box.currentData() == reported.unit_id
    assert other.status_box.currentData() == entry.status and other.percent.value() == entry.percent
    assert other.result.toPlainText() == entry.result  # its entry of the period, ready to edit


def test_task_show_json_adds_each_units_report_and_task_list_keeps_its_keys(copy, capsys):
    assert run(["--db", str(copy), "task", "show", "20", "--period", "2024Q2", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert run(["--db", str(copy), "task", "list", "--period", "2024Q2", "--json"]) == 0
    listed = next(t for t in json.loads(capsys.readouterr().out)["tasks"] if t["number"] == "20")
    assert all(set(u) == {"unit", "role", "status", "reported"} for u in listed["units"])  # cli.md, unchanged
    assert [{k: u[k] for k in ("unit", "role", "status", "reported")} for u in shown["units"]] == listed["units"]
    assert shown["status"] == listed["status"] and shown["period"] == "2024Q2"
    missing = [u for u in shown["units"] if u["must_report"] and not u["reported"]]
    assert missing and all(u["last_period"] == "2024Q1" and u["last_report"].startswith("2024-") for u in missing)
    assert all(isinstance(u["percent"], int) for u in shown["units"])
    assert run(["--db", str(copy), "task", "show", "20", "--period", "2024Q2"]) == 0
    text = capsys.readouterr().out
    assert text.count("[CHƯA BÁO CÁO]") == len(missing) and "Nhiệm vụ 20 — Quý II năm 2024" in text
    assert run(["--db", str(copy), "task", "show", "999"]) == 2
    assert "Không có nhiệm vụ số «999»" in capsys.readouterr().err
