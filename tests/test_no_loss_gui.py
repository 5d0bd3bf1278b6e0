"""Issue 13 through the window, as the officer does it: report versions and «Gửi báo cáo», the plan editor's
dropped tasks and a tracked task taken out and put back, task detail deletions, the history and Ctrl+Z."""
from __future__ import annotations

import email
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from tthc_desktop.domain.periods import Period
from tthc_desktop.services import catalog, history, task_info, tracking
from tthc_desktop.services.demo import build_demo
from tthc_desktop.services.task_records import removal_of
from tthc_desktop.storage.database import open_database
from tthc_desktop.ui.common.context import AppContext

Q1 = Period.parse("2024Q1")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    build_demo(path)
    return path


@pytest.fixture
def ctx(demo_file, tmp_path, qapp, monkeypatch):
    path = tmp_path / "work.sqlite3"
    shutil.copy(demo_file, path)
    db = open_database(path)
    catalog.save_profile(db, province_email="kstthc@quangngai.gov.vn")
    c = AppContext(db)
    c.set_period(Q1)
    c.asked, c.errors = [], []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: c.asked.append(a[2]) or QMessageBox.StandardButton.Yes))
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: c.asked.append(a[2])))
    from tthc_desktop.ui.common import file_dialogs, workers

    monkeypatch.setattr(file_dialogs, "open_in_system", lambda *a, **k: True)
    from tthc_desktop.ui.common import output_dialog

    # the «Đã lập» box tells which edited files were kept: its notes are what the officer is told
    monkeypatch.setattr(output_dialog, "show_made", lambda parent, what, paths, notes=(): c.asked.extend(notes) or "close")
    monkeypatch.setattr(workers, "show_error", lambda parent, exc, **k: c.errors.append(str(exc)))
    for module in ("tthc_desktop.ui.shell.history_dialog", "tthc_desktop.ui.tracking.task_detail"):
        monkeypatch.setattr(f"{module}.show_error", lambda parent, exc, **k: c.errors.append(str(exc)))
    yield c
    db.close()


def shot(widget, tmp_path: Path, name: str) -> Path:
    widget.resize(max(widget.width(), 1100), max(widget.height(), 640))
    path = tmp_path / f"{name}.png"
    assert widget.grab().save(str(path)) and path.stat().st_size > 5000
    return path


def rows_json(ctx, period="2024Q1") -> str:
    return json.dumps([r.to_json() for r in tracking.task_rows(ctx.db, period)], ensure_ascii=False, default=str)


def test_report_versions_and_send_the_chosen_one(qtbot, ctx, tmp_path):
    from tthc_desktop.ui.report.report_parts import ReportTab

    tab = ReportTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    assert tab.versions.list.count() == 0
    tab.build()
    qtbot.waitUntil(lambda: tab.versions.list.count() == 1, timeout=20000)
    first = tab.versions.chosen()
    doc = Document(first)
    doc.add_paragraph("Cán bộ sửa trong Word.")
    doc.save(first)
    edited = first.read_bytes()
    tab.build()
    qtbot.waitUntil(lambda: tab.versions.list.count() == 2, timeout=20000)
    assert first.read_bytes() == edited
    texts = [tab.versions.list.item(i).text() for i in range(2)]
    assert any("Bản 1" in t and "đã sửa ngoài chương trình" in t for t in texts)
    assert any("Bản 2" in t and "mới nhất" in t and "đã sửa" not in t for t in texts)
    assert any("ban-2" in a for a in ctx.asked)  # the officer is told the edited file was kept
    shot(tab, tmp_path, "report-versions")

    # «Gửi báo cáo» attaches the version chosen in the list (here the edited first one), without rebuilding.
    row = next(i for i in range(2) if "Bản 1" in tab.versions.list.item(i).text())
    tab.versions.list.setCurrentRow(row)
    folder = first.parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    tab.send()
    qtbot.waitUntil(lambda: any(p.suffix == ".eml" for p in folder.iterdir()), timeout=20000)
    eml = next(p for p in folder.iterdir() if p.suffix == ".eml")
    msg = email.message_from_bytes(eml.read_bytes())
    attached = {part.get_filename(): part.get_payload(decode=True) for part in msg.walk() if part.get_filename()}
    assert attached[first.name] == edited
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix != ".eml"} == before


def _tracked_task_with_results(ctx, tmp_path) -> int:
    row = next(r for r in tracking.load_rows(ctx.db, Q1) if task_info.task_detail(ctx.db, r.id).progress)
    scan = tmp_path / "QD.pdf"
    scan.write_bytes(b"%PDF-1.4 quyet dinh")
    tracking.attach_evidence(ctx.db, row.id, scan, "15/QĐ-SNNPTNT", summary="Quyết định ban hành", period=Q1)
    return row.id


def test_plan_editor_shows_dropped_tasks_and_keeps_the_history_of_a_task_taken_out(qtbot, ctx, tmp_path,
                                                                                    monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from tthc_desktop.services.derive import list_department_plans, load_department_plan
    from tthc_desktop.ui.plans.department_page import PlanEditorDialog
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    task_id = _tracked_task_with_results(ctx, tmp_path)
    state = task_info.task_detail(ctx.db, task_id)
    plan_id = next(p.id for p in list_department_plans(ctx.db) if p.is_current)
    dialog = PlanEditorDialog(ctx, load_department_plan(ctx.db, plan_id), plan_id)
    qtbot.addWidget(dialog)
    editor = dialog.editor
    dropped = [i for i, t in enumerate(editor.tasks) if t.decision == "drop"]
    assert len(dropped) == 15 and all(editor.tasks[i].source_number for i in dropped)
    grey = editor.model.data(editor.model.index(dropped[0], 5), Qt.ItemDataRole.ForegroundRole)
    assert grey.color().name() == "#777777"
    editor.filter_box.setCurrentIndex(editor.filter_box.findData("drop"))
    assert editor.proxy.rowCount() == 15
    shot(dialog, tmp_path, "plan-editor-dropped")

    # bring one dropped task back, and drop the tracked task that holds results
    editor.filter_box.setCurrentIndex(editor.filter_box.findData("all"))
    editor.select_row(dropped[0])
    editor.set_decision("keep")
    row = next(i for i, t in enumerate(editor.tasks) if t.task_id == task_id)
    editor.select_row(row)
    editor.set_decision("drop")
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda parent, title, label, **k: asked.append(label) or ("Tỉnh giao sở khác.", True)))
    before = len(tracking.load_rows(ctx.db, Q1))
    assert editor.save() == plan_id
    holds = f"Nhiệm vụ này đã có {len(state.progress)} kết quả và {len(state.evidence)} văn bản chứng minh"
    assert len(asked) == 1 and holds in asked[0]
    assert len(tracking.load_rows(ctx.db, Q1)) == before  # one brought back, one taken out
    assert removal_of(ctx.db, task_id)["reason"] == "Tỉnh giao sở khác."
    kept = task_info.task_detail(ctx.db, task_id)
    assert (kept.progress, kept.evidence) == (state.progress, state.evidence)

    from tthc_desktop.ui.tracking.removed_tasks import RemovedTasksDialog

    removed = RemovedTasksDialog(ctx)
    qtbot.addWidget(removed)
    assert [(t["id"], t["reason"], t["progress"]) for t in removed.items] == [
        (task_id, "Tỉnh giao sở khác.", len(state.progress))]
    shot(removed, tmp_path, "removed-tasks")

    detail = TaskDetailDialog(ctx, task_id)
    qtbot.addWidget(detail)
    assert detail.restore_button.isVisibleTo(detail) and "Tỉnh giao sở khác." in detail.removed_label.text()
    shot(detail, tmp_path, "task-detail-removed")
    detail.restore_task()
    assert task_id in {r.id for r in tracking.load_rows(ctx.db, Q1)} and removal_of(ctx.db, task_id) is None
    assert not detail.restore_button.isVisibleTo(detail)
    removed.reload()
    assert removed.items == [] and not removed.restore_button.isEnabled()


def test_task_detail_deletions_history_window_and_ctrl_z(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtTest import QTest

    from tthc_desktop.ui.shell.history_dialog import HistoryDialog
    from tthc_desktop.ui.shell.main_window import MainWindow
    from tthc_desktop.ui.tracking import task_detail
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    task_id = _tracked_task_with_results(ctx, tmp_path)
    before = rows_json(ctx)
    state = task_info.task_detail(ctx.db, task_id)
    k = next(i for i, e in enumerate(state.evidence) if e.file_path)  # the document with a stored file
    stored = tracking.evidence_file_by_id(ctx.db, state.evidence[k].id)
    dialog = TaskDetailDialog(ctx, task_id)
    qtbot.addWidget(dialog)

    # evidence: edit, then delete (the stored file stays for the undo)
    dialog.tabs.setCurrentIndex(1)
    dialog.evidence.selectRow(k)

    def edit_exec(self):
        self.issuer.setText("Sở Nông nghiệp và Phát triển nông thôn")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(task_detail.EvidenceDialog, "exec", edit_exec)
    dialog.edit_evidence()
    k = next(i for i, e in enumerate(dialog.detail.evidence) if e.id == state.evidence[k].id)
    assert dialog.evidence.item(k, 2).text() == "Sở Nông nghiệp và Phát triển nông thôn"
    assert dialog.detail.evidence[k].doc_date is None  # no date was picked: none is invented
    dialog.evidence.selectRow(k)
    dialog.delete_evidence()
    assert dialog.evidence.rowCount() == len(state.evidence) - 1 and stored.is_file()
    shot(dialog, tmp_path, "task-detail-evidence")

    # progress: delete the newest entry
    dialog.tabs.setCurrentIndex(0)
    dialog.history.selectRow(0)
    dialog.delete_entry()
    assert dialog.history.rowCount() == len(state.progress) - 1 and not ctx.errors

    history_dialog = HistoryDialog(ctx)
    qtbot.addWidget(history_dialog)
    summaries = [op["summary"] for op in history_dialog.ops[:3]]
    assert summaries[0].startswith("Xóa kết quả") and summaries[1].startswith("Xóa văn bản chứng minh")
    assert summaries[2].startswith("Sửa văn bản chứng minh")
    shot(history_dialog, tmp_path, "history")
    history_dialog.table.selectRow(2)  # the edit: the deletion after it depends on it
    assert history_dialog.selected()["summary"].startswith("Sửa văn bản chứng minh"), history_dialog.selected()
    assert not history_dialog.undo_selected()
    assert ctx.errors and "#" in ctx.errors[-1] and "Xóa văn bản chứng minh" in ctx.errors[-1]

    # Ctrl+Z in the main window (focus outside any text field) undoes the newest operation, twice
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    # in a text field Ctrl+Z undoes the typing, not an operation
    window.show_page("board")
    search = window.page("board").search
    search.setFocus()
    QTest.keyClicks(search, "abc")
    QTest.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert search.text() == "" and len(task_info.task_detail(ctx.db, task_id).progress) == len(state.progress) - 1
    window.nav.setFocus()
    undo = window.menu_actions["undo"]
    assert undo.shortcut().toString() == "Ctrl+Z" and undo.text() == "&Hoàn tác"
    QTest.keyClick(window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(task_info.task_detail(ctx.db, task_id).progress) == len(state.progress))
    QTest.keyClick(window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(task_info.task_detail(ctx.db, task_id).evidence) == len(state.evidence))
    history_dialog.reload()
    history_dialog.table.selectRow(2)
    assert history_dialog.undo_selected()  # now nothing depends on the edit
    again = task_info.task_detail(ctx.db, task_id)
    assert (again.progress, again.evidence) == (state.progress, state.evidence)
    assert rows_json(ctx) == before and stored.is_file()
    assert [op["undoable"] for op in history.list_operations(ctx.db)[:3]] == [False, False, False]


def test_a_unit_sheet_imported_on_the_board_is_undone_from_the_history_window(qtbot, ctx, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from tthc_desktop.services import unit_reports
    from tthc_desktop.ui.shell.history_dialog import HistoryDialog
    from tthc_desktop.ui.tracking import unit_sheets_dialog
    from tthc_desktop.ui.tracking.board_page import TaskBoardPage

    ctx.set_period(Period.parse("2024Q2"))  # the board takes the sheets of the period it shows
    before = rows_json(ctx, "2024Q2")
    sheet = next(f for f in unit_reports.export_unit_sheets(ctx.db, "2024Q2", tmp_path) if "Văn phòng Sở" in f.name)
    wb = load_workbook(sheet)
    ws = wb["Phiếu báo cáo"]
    for row in [r for r in range(9, ws.max_row + 1) if ws.cell(row=r, column=10).value][:2]:
        ws.cell(row=row, column=5, value="Hoàn thành")
        ws.cell(row=row, column=6, value="Đã hoàn thành (phiếu đơn vị gửi về)")
    wb.save(sheet)
    monkeypatch.setattr(unit_sheets_dialog.ImportPreviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    page = TaskBoardPage(ctx)
    qtbot.addWidget(page)
    page.import_file([sheet])
    assert rows_json(ctx, "2024Q2") != before

    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    op = dialog.ops[0]
    assert op["kind"] == "unit_sheet" and "Văn phòng Sở" in op["summary"] and op["undoable"]
    assert dialog.table.item(0, 3).text() == "Nhập phiếu báo cáo"
    assert dialog.undo_selected() and not ctx.errors
    assert rows_json(ctx, "2024Q2") == before
    assert dialog.table.item(0, 5).text() == "Đã hoàn tác" and not dialog.undo_button.isEnabled()
