"""The main window: every page reachable, period and deadline in the status bar, menus, file routing."""
from datetime import date

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from tthc_desktop import __version__
from tthc_desktop.domain.periods import Period
from tthc_desktop.services import catalog
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.shell.main_window import MainWindow
from tthc_desktop.ui.shell.pages import PAGES


@pytest.fixture
def window(qtbot, db):
    catalog.save_profile(db, **catalog.example_profile())
    catalog.seed_defaults(db)
    ctx = AppContext(db)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_every_page_opens(window):
    assert window.nav.count() == len(PAGES) == 8
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Tổng quan", "Cả năm", "Kế hoạch của tỉnh", "Kế hoạch của Sở", "Theo dõi nhiệm vụ", "Báo cáo định kỳ",
                      "Danh mục: đơn vị, lĩnh vực", "Thiết lập cơ quan"]
    for row, spec in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        assert window.stack.currentIndex() == row and window.current_key == spec.key
        assert window.page(spec.key).isVisible()
    assert type(window.page("catalog")).__name__ == "CatalogPage"
    assert type(window.page("profile")).__name__ == "ProfilePage"
    assert type(window.page("provincial")).__name__ == "ProvincialPlanPage"
    window.menu_actions["page:catalog"].trigger()  # Ctrl+7
    assert window.current_key == "catalog"


def test_status_bar_period_and_deadline(window):
    ctx = window.ctx
    assert window.period_combo.currentData() == ctx.period.code
    index = window.period_combo.findData(f"{ctx.period.year}H1")
    window.period_combo.setCurrentIndex(index)
    assert ctx.period == Period(ctx.period.year, "H1")
    deadline = date(ctx.period.year, 6, 16)
    days = (deadline - date.today()).days
    text = window.deadline_label.text()
    assert text.startswith("Hạn đơn vị báo cáo: 16/06/")
    assert (f"còn {days} ngày" in text) if days > 0 else (f"đã quá {-days} ngày" in text or "hôm nay" in text)
    ctx.set_period(Period.parse("2024Q1"))  # set elsewhere: the combo follows
    assert window.period_combo.currentText() == "Quý I năm 2024"
    assert "16/03/2024" in window.deadline_label.text() and "đã quá" in window.deadline_label.text()
    catalog.save_profile(ctx.db, unit_deadline_day=12)
    ctx.notify("profile")
    assert "12/03/2024" in window.deadline_label.text()


def test_about_and_shortcuts(window, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from tthc_desktop.ui.shell.main_menus import shortcut_rows

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append((self.windowTitle(), self)) or 0)
    window.menu_actions["about"].trigger()
    assert shown[0][0] == "Giới thiệu TTHC Desktop" and __version__ in shown[0][1]
    window.menu_actions["shortcuts"].trigger()
    assert shown[1][0] == "Phím tắt"

    rows = shortcut_rows(window)
    keys = {k for k, _ in rows}
    for wanted in ("Ctrl+O", "Ctrl+Q", "Ctrl+B", "Ctrl+1", "Ctrl+8", "F5", "Ctrl+F", "Ctrl+S", "Ctrl+P", "F1"):
        assert any(wanted in k.split(", ") for k in keys), wanted
    texts = [t for _, t in rows]
    assert "Danh mục: thêm đơn vị, nhóm hoặc lĩnh vực" in texts  # the pages' own shortcuts too
    assert len(texts) == len(set(texts))  # one line per command
    assert ("Return, Enter", "Theo dõi nhiệm vụ: mở chi tiết nhiệm vụ đang chọn") in rows
    # a dialog opened and closed once leaves nothing behind in the list
    from tthc_desktop.ui.shell.main_menus import shortcuts_dialog

    before = len(rows)
    from tthc_desktop.ui.common.shortcuts import add_shortcut

    stale = QDialog(window)
    add_shortcut(stale, "Ctrl+Alt+J", lambda: None, "Hộp thoại đã đóng")
    assert len(shortcut_rows(window)) == before
    from PySide6.QtWidgets import QTableWidget

    assert shortcuts_dialog(window).findChild(QTableWidget).rowCount() == before + 2
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Tệp", "&Sửa", "&Xem", "&Báo cáo", "Trợ &giúp"]
    file_items = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert file_items == ["Nhập kế hoạch của tỉnh…", "Tệp gần đây", "Sao lưu ngay", "Khôi phục từ bản sao lưu…",
                          "Kiểm tra dữ liệu", "Mở thư mục dữ liệu", "Thư mục lưu văn bản…",
                          "Kết nối máy chủ của cơ quan…", "Chuyển dữ liệu lên máy chủ…", "Thoát"]


def test_backup_and_check_from_the_menu(window, monkeypatch):
    from tthc_desktop.storage.backup import list_backups

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    window.menu_actions["backup"].trigger()
    assert len(list_backups(window.ctx.db_path)) == 1
    window.menu_actions["check"].trigger()
    assert "không có lỗi" in shown[0]


def test_dropped_files_are_routed(window, tmp_path, monkeypatch, qtbot):
    opened = []
    page = window.page("provincial")
    monkeypatch.setattr(page, "import_file", lambda path=None: opened.append(path))
    plan = tmp_path / "kh.docx"
    plan.write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(plan))])
    event = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: opened == [plan])
    assert window.current_key == "provincial"
    from tthc_desktop.ui.common.file_dialogs import recent_files

    assert recent_files() == []  # listed only once the plan page has read the file (see test_recent_files_*)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    window.open_file(tmp_path / "khong-co.docx")
    assert "Không tìm thấy tệp" in warned[0]


def test_window_state_is_remembered(qtbot, db):
    ctx = AppContext(db)
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.resize(1100, 700)
    first.show_page("catalog")
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    from tthc_desktop.ui.common.file_dialogs import window_settings

    assert window_settings().value("window/geometry") is not None
    # the offscreen screen is small, so Qt clamps the width; the height fits and comes back as saved
    assert second.current_key == "catalog" and second.size().height() == 700
    assert second.minimumSize().width() <= 1366 and second.minimumSize().height() <= 768


def test_workbooks_routed_by_what_they_are(window, tmp_path, monkeypatch, plans):
    from tthc_desktop.domain.periods import Period
    from tthc_desktop.services import forms
    from tthc_desktop.services.file_routing import is_form_workbook

    unit = catalog.find_unit(window.ctx.db, "Chi cục Kiểm lâm")
    form = forms.write_template(window.ctx.db, "II.06a", Period.parse("2024Q1"), unit.id, tmp_path / "bieu.xlsx")
    assert is_form_workbook(form) and not is_form_workbook(plans / "qn2023_plan.xlsx")
    calls = []
    report = window.page("report")
    monkeypatch.setattr(report, "import_files", lambda files, **k: calls.append(("report", files)), raising=False)
    plan_page = window.page("provincial")
    monkeypatch.setattr(plan_page, "import_file", lambda path=None: calls.append(("plan", path)))
    window.open_file(form)
    window.open_file(plans / "qn2023_plan.xlsx")
    assert calls == [("report", [form]), ("plan", plans / "qn2023_plan.xlsx")]
    assert window.current_key == "provincial"


@pytest.mark.drives_dialogs
def test_made_dialog_offers_file_folder_and_print(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tthc_desktop.ui.common import file_dialogs, output_dialog, printing

    opened, printed = [], []
    monkeypatch.setattr(file_dialogs, "open_in_system", lambda p: opened.append(p))
    monkeypatch.setattr(printing, "print_file", lambda parent, path: printed.append(path))
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"x")

    def press(text):
        box = QApplication.activeModalWidget()
        assert box.windowTitle() == "Đã lập báo cáo Quý I"
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(50, lambda: press("Mở thư mục"))
    assert output_dialog.show_made(None, "báo cáo Quý I", [target]) == "folder" and opened == [tmp_path]
    QTimer.singleShot(50, lambda: press("Mở tệp"))
    assert output_dialog.show_made(None, "báo cáo Quý I", target) == "file" and opened[-1] == target
    QTimer.singleShot(50, lambda: press("In…"))
    assert output_dialog.show_made(None, "báo cáo Quý I", target) == "print" and printed == [target]



def test_restore_from_backup_reopens_the_database(window, monkeypatch):
    from tthc_desktop.storage.backup import list_backups
    from tthc_desktop.ui.shell import main_menus, recovery_dialog

    main_menus.backup_now(window)
    catalog.add_unit(window.ctx.db, "Ban Quản lý dự án")
    backup = list_backups(window.ctx.db_path)[0].path

    def restore(win, ctx):
        dialog = recovery_dialog.RestoreDialog(ctx, win)
        return dialog.restore(backup, confirm=False)

    monkeypatch.setattr(recovery_dialog, "restore_dialog", restore)
    seen = []
    window.ctx.data_changed.connect(seen.append)
    window.menu_actions["restore"].trigger()
    assert "all" in seen and catalog.find_unit(window.ctx.db, "Ban Quản lý dự án") is None
    assert len(catalog.list_units(window.ctx.db)) == 12


def test_recent_files_keep_only_files_that_were_read(window, tmp_path, monkeypatch):
    from tthc_desktop.ui.common import file_dialogs
    from tthc_desktop.ui.plans import provincial_page

    monkeypatch.setattr(provincial_page, "show_error", lambda *a, **k: None, raising=False)
    from tthc_desktop.ui.common import workers

    monkeypatch.setattr(workers, "show_error", lambda *a, **k: None)
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a Word file")
    file_dialogs.add_recent_file(broken)  # listed once, from an earlier try
    window.open_file(broken)
    assert broken.resolve() not in file_dialogs.recent_files()
