"""The same keys on every page (Ctrl+F finds, Ctrl+P prints with a preview, Ctrl+S saves and says «Đã lưu»),
every output ending in «Đã lập …», and the window fitting a 1366×768 screen with its taskbar."""

import pytest
from factories import build_department
from PySide6.QtCore import QRect, Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox

from tthc_desktop.domain.periods import Period
from tthc_desktop.services import catalog
from tthc_desktop.ui.common import output_dialog, printing
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, db, monkeypatch):
    catalog.save_profile(db, **catalog.example_profile())
    build_department(db)
    ctx = AppContext(db)
    ctx.set_period(Period(2024, "Q2"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: 0)  # never blocks
    printing.last_preview.clear()
    return win


def _press(qtbot, window, key_name):
    keys = {"find": Qt.Key.Key_F, "print": Qt.Key.Key_P, "save": Qt.Key.Key_S}
    qtbot.keyClick(window.focusWidget() or window, keys[key_name], Qt.KeyboardModifier.ControlModifier)


def _show(qtbot, window, key):
    page = window.show_page(key)
    loader = getattr(page, "loader", None)
    if loader is not None:
        qtbot.waitUntil(lambda: not loader.busy, timeout=20_000)
    page.setFocus()
    return page


@pytest.mark.parametrize("key", ["provincial", "department", "board", "catalog"])
def test_ctrl_f_finds_on_every_list_page(qtbot, window, key):
    page = _show(qtbot, window, key)
    _press(qtbot, window, "find")
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit) and focused.isVisible() and page.isAncestorOf(focused)


def test_find_bar_hides_rows_without_the_text(qtbot, window):
    page = _show(qtbot, window, "department")
    _press(qtbot, window, "find")
    page.find_bar.setText("khong co trong ke hoach nao")
    assert all(page.table.isRowHidden(r) for r in range(page.table.rowCount()))
    page.find_bar.setText("ke hoach")  # folded: «Kế hoạch …»
    assert not page.table.isRowHidden(0)
    qtbot.keyClick(page.find_bar, Qt.Key.Key_Escape)
    assert not page.find_bar.isVisible() and not page.table.isRowHidden(0)


@pytest.mark.parametrize("key, words", [
    ("dashboard", "Nhiệm vụ quá hạn"), ("year", "Các hạn trong năm"), ("provincial", "Kế hoạch của tỉnh"),
    ("board", "Theo dõi nhiệm vụ — Quý II năm 2024"), ("catalog", "Đơn vị thuộc Sở"),
])
def test_ctrl_p_previews_each_page(qtbot, window, key, words):
    _show(qtbot, window, key)
    _press(qtbot, window, "print")
    assert words in printing.last_preview.get("html", "")


def test_board_print_is_the_current_filter(qtbot, window):
    page = _show(qtbot, window, "board")
    page.search.setText("ra soat")
    shown = page.proxy.rowCount()
    assert 0 < shown < page.model.rowCount()
    _press(qtbot, window, "print")
    html = printing.last_preview["html"]
    assert html.count("<tr>") == shown + 1 and "có «ra soat»" in html


def test_plan_and_report_print_through_their_documents(qtbot, window, monkeypatch):
    from tthc_desktop.services import printing as printing_service

    monkeypatch.setattr(printing_service, "converter", lambda: None)  # the plain HTML view (no LibreOffice)
    _show(qtbot, window, "department")
    _press(qtbot, window, "print")
    assert "KẾ HOẠCH" in printing.last_preview["html"].upper() and printing.last_preview["title"].endswith(".docx")
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(title))
    printing.last_preview.clear()
    _show(qtbot, window, "report")
    _press(qtbot, window, "print")
    assert shown == ["Chưa có báo cáo để in"] and not printing.last_preview  # build first


def test_ctrl_s_saves_and_says_so(qtbot, window):
    page = _show(qtbot, window, "profile")
    page.form.editors["signer_name"].setText("Lê Thị C")
    page.form.editors["signer_name"].setFocus()
    _press(qtbot, window, "save")
    assert catalog.get_profile(window.ctx.db).signer_name == "Lê Thị C"
    note = window.findChild(QLabel, "savedNotice")
    assert note is not None and note.isVisible() and "Đã lưu" in note.text()


def test_task_detail_keys(qtbot, window, monkeypatch):
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    ids = [r.id for r in __import__("tthc_desktop.services.tracking", fromlist=["x"]).load_rows(
        window.ctx.db, window.ctx.period)]
    dialog = TaskDetailDialog(window.ctx, ids[0], window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("in_progress"))
    dialog.percent.setValue(30)
    dialog.percent.setFocus()
    qtbot.keyClick(dialog.percent, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.history.rowCount() == 1 and dialog.findChild(QLabel, "savedNotice").isVisible()
    qtbot.keyClick(dialog.percent, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printing.last_preview["title"].startswith("Tiến độ nhiệm vụ") and "30%" in printing.last_preview["html"]
    qtbot.keyClick(dialog.percent, Qt.Key.Key_Escape)
    assert not dialog.isVisible()  # Esc closes the dialog


def test_plan_editor_ctrl_s(qtbot, window):
    from tthc_desktop.services import derive as derive_service
    from tthc_desktop.ui.plans.department_page import PlanEditorDialog

    plan_id = derive_service.list_department_plans(window.ctx.db)[0].id
    dialog = PlanEditorDialog(window.ctx, derive_service.load_department_plan(window.ctx.db, plan_id), plan_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    saved = []
    dialog.editor.save = lambda: saved.append(True) or plan_id
    dialog.editor.setFocus()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved == [True] and dialog.findChild(QLabel, "savedNotice").isVisible()
    dialog.editor.undo_stack.setClean()
    dialog.done(0)


@pytest.fixture
def made(monkeypatch):
    calls = []
    monkeypatch.setattr(output_dialog, "show_made", lambda parent, what, paths, notes=(): calls.append((what, list(paths))) or "close")
    return calls


def test_board_excel_of_the_current_view(qtbot, window, made, tmp_path):
    from openpyxl import load_workbook

    page = _show(qtbot, window, "board")
    page.search.setText("ra soat")
    path = page.export_xlsx()
    assert made == [(f"danh sách {page.proxy.rowCount()} nhiệm vụ", [path])]
    assert path.parent == tmp_path / "documents"
    ws = load_workbook(path).active
    assert ws.cell(3, 3).value == "Nội dung công việc" and ws.max_row == 3 + page.proxy.rowCount()


def test_unit_sheets_end_in_the_made_dialog(qtbot, window, made, tmp_path):
    page = _show(qtbot, window, "board")
    from tthc_desktop.ui.tracking.unit_sheets_dialog import export_sheets

    files = export_sheets(page, window.ctx)
    assert files and made[-1][1] == files and "phiếu báo cáo Quý II năm 2024" in made[-1][0]
    assert all(f.parent == tmp_path / "documents" / "Phieu don vi 2024Q2" for f in files)


def test_report_build_ends_in_the_made_dialog(qtbot, window, made, tmp_path):
    page = _show(qtbot, window, "report")
    page.tabs.setCurrentWidget(page.report)
    page.report.build()
    qtbot.waitUntil(lambda: bool(made), timeout=30_000)
    what, files = made[0]
    assert what == "báo cáo Quý II năm 2024"
    assert files[0].name == "Bao-cao-KSTTHC-2024Q2.docx" and files[0].parent == tmp_path / "documents" / "Bao cao 2024Q2"


def test_windows_fit_the_free_screen_area(qtbot, window, monkeypatch):
    from tthc_desktop.ui.common import screen_fit
    from tthc_desktop.ui.plans.import_preview import ImportPreviewDialog
    from tthc_desktop.importers import read_plan
    from tthc_desktop.paths import resources_dir

    free = QRect(0, 0, 1366, 728)  # 1366×768 with a 40 px taskbar
    monkeypatch.setattr(screen_fit, "available_rect", lambda widget=None: free)
    dialog = ImportPreviewDialog(window.ctx.db, read_plan(resources_dir() / "demo" / "qn2023_plan.docx"), parent=window)
    qtbot.addWidget(dialog)
    assert dialog.height() + screen_fit.FRAME_ALLOWANCE.height() <= free.height()
    assert dialog.minimumSizeHint().height() <= free.height() - screen_fit.FRAME_ALLOWANCE.height()
    window.resize(1366, 900)
    screen_fit.ScreenFitter().eventFilter(window, __import__("PySide6.QtGui", fromlist=["QShowEvent"]).QShowEvent())
    assert window.height() <= free.height()
