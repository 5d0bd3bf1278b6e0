"""Menus of the main window: Tệp (import, recent files, backup, restore, check, data folder, quit),
Sửa (Hoàn tác, Lịch sử thay đổi), Xem (pages, refresh) and Trợ giúp (shortcuts, about)."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QAction, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from tthc_desktop import APP_NAME, __version__
from tthc_desktop.ui.common import file_dialogs
from tthc_desktop.ui.common.icons import icon

log = logging.getLogger(__name__)


def _action(window: QMainWindow, text: str, slot, shortcut: str | QKeySequence | None = None, tip: str = "",
            icon_name: str = "") -> QAction:
    action = QAction(icon(icon_name) if icon_name else QIcon(), text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window) -> dict[str, QAction]:
    bar = window.menuBar()
    acts: dict[str, QAction] = {}
    file_menu = bar.addMenu("&Tệp")
    acts["import"] = _action(window, "&Nhập kế hoạch của tỉnh…", window.import_plan, QKeySequence.StandardKey.Open,
                             "Đọc kế hoạch của UBND tỉnh từ tệp Word, Excel hoặc văn bản", "import")
    file_menu.addAction(acts["import"])
    recent = file_menu.addMenu(icon("recent"), "Tệp &gần đây")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    acts["recent_menu"] = recent.menuAction()
    file_menu.addSeparator()
    acts["backup"] = _action(window, "&Sao lưu ngay", lambda: backup_now(window), "Ctrl+B",
                             "Chép toàn bộ dữ liệu sang một tệp sao lưu trong thư mục dữ liệu", "backup")
    acts["restore"] = _action(window, "&Khôi phục từ bản sao lưu…", lambda: restore_from_backup(window), None,
                              "Thay dữ liệu hiện tại bằng một bản sao lưu (dữ liệu hiện tại được sao lưu trước)", "restore")
    acts["check"] = _action(window, "&Kiểm tra dữ liệu", lambda: check_data(window), None,
                            "Kiểm tra tính toàn vẹn của cơ sở dữ liệu", "check")
    acts["folder"] = _action(window, "Mở thư mục &dữ liệu", lambda: file_dialogs.open_in_system(window.ctx.db_path.parent),
                             None, "Mở thư mục chứa cơ sở dữ liệu, bản sao lưu và tệp đính kèm", "folder")
    acts["output_folder"] = _action(window, "Thư mục lưu &văn bản…", lambda: _choose_output(window), None,
                                    "Chọn thư mục ghi báo cáo, kế hoạch, biểu mẫu và phiếu (mặc định Documents\\TTHC)",
                                    "folder")
    for key in ("backup", "restore", "check", "folder", "output_folder"):
        file_menu.addAction(acts[key])
    file_menu.addSeparator()
    acts["server"] = _action(window, "Kết nối &máy chủ của cơ quan…", lambda: _server_menu().connect_to_server(window),
                             None, "Làm việc trên cơ sở dữ liệu PostgreSQL dùng chung của cơ quan")
    acts["move_to_server"] = _action(window, "Chuyển dữ liệu lên máy chủ…",
                                     lambda: _server_menu().move_to_server(window), None,
                                     "Chép toàn bộ dữ liệu trên máy này lên một cơ sở dữ liệu trống của máy chủ")
    file_menu.addAction(acts["server"])
    file_menu.addAction(acts["move_to_server"])
    file_menu.addSeparator()
    acts["quit"] = _action(window, "T&hoát", window.close, "Ctrl+Q", "Đóng chương trình", "quit")
    file_menu.addAction(acts["quit"])

    edit_menu = bar.addMenu("&Sửa")
    acts["undo"] = _action(window, "&Hoàn tác", lambda: _undo_last(window), QKeySequence.StandardKey.Undo,
                           "Hoàn tác thao tác gần nhất đã thay đổi dữ liệu (nhập, ghi kết quả, văn bản, danh mục…)",
                           "undo")
    acts["history"] = _action(window, "&Lịch sử thay đổi…", lambda: _history_dialog(window), "Ctrl+H",
                              "Các thao tác đã thay đổi dữ liệu: ai, khi nào, làm gì; hoàn tác từng thao tác", "history")
    acts["removed"] = _action(window, "Nhiệm vụ đã &bỏ khỏi kế hoạch…", lambda: _removed_tasks(window), None,
                              "Nhiệm vụ «Không thực hiện» vẫn giữ kết quả, văn bản; xem hoặc đưa lại vào kế hoạch")
    for key in ("undo", "history", "removed"):
        edit_menu.addAction(acts[key])

    from tthc_desktop.ui.shell.pages import PAGES

    view_menu = bar.addMenu("&Xem")
    for number, spec in enumerate(PAGES, start=1):
        acts[f"page:{spec.key}"] = _action(window, spec.title, lambda k=spec.key: window.show_page(k),
                                           f"Ctrl+{number}", spec.purpose, spec.icon)
        view_menu.addAction(acts[f"page:{spec.key}"])
    view_menu.addSeparator()
    acts["period_prev"] = _action(window, "Kỳ báo cáo &trước", lambda: window.ctx.set_period(window.ctx.period.previous()),
                                  "Alt+PgUp", "Chuyển mọi trang sang kỳ báo cáo trước")
    acts["period_next"] = _action(window, "Kỳ báo cáo &sau", lambda: window.ctx.set_period(window.ctx.period.next()),
                                  "Alt+PgDown", "Chuyển mọi trang sang kỳ báo cáo sau")
    acts["period_pick"] = _action(window, "&Chọn kỳ báo cáo…", lambda: (window.period_combo.setFocus(),
                                                                       window.period_combo.showPopup()),
                                  "Ctrl+K", "Mở danh sách kỳ báo cáo ở thanh trạng thái")
    for key in ("period_prev", "period_next", "period_pick"):
        view_menu.addAction(acts[key])
    view_menu.addSeparator()
    acts["refresh"] = _action(window, "&Làm mới", window.refresh_current, QKeySequence.StandardKey.Refresh,
                              "Đọc lại dữ liệu của trang đang xem", "refresh")
    view_menu.addAction(acts["refresh"])

    report_menu = bar.addMenu("&Báo cáo")
    acts["programme"] = _action(window, "Báo cáo theo &chương trình…", lambda: _programme_dialog(window), None,
                                "Gắn nhiệm vụ với một chương trình (ví dụ Nghị quyết 131/NQ-CP) và lập báo cáo tiến độ",
                                "report")
    report_menu.addAction(acts["programme"])

    help_menu = bar.addMenu("Trợ &giúp")
    acts["shortcuts"] = _action(window, "&Phím tắt", lambda: show_shortcuts(window), QKeySequence.StandardKey.HelpContents,
                                "Danh sách phím tắt", "keyboard")
    acts["about"] = _action(window, "&Giới thiệu", lambda: show_about(window), None,
                            f"Phiên bản và mục đích của {APP_NAME}", "help")
    help_menu.addAction(acts["shortcuts"])
    help_menu.addAction(acts["about"])
    return acts


def _undo_last(window) -> None:
    from tthc_desktop.ui.shell.history_dialog import undo_last

    undo_last(window, window.ctx)


def _history_dialog(window) -> None:
    from tthc_desktop.ui.shell.history_dialog import HistoryDialog

    HistoryDialog(window.ctx, window).exec()


def _removed_tasks(window) -> None:
    from tthc_desktop.ui.tracking.removed_tasks import RemovedTasksDialog

    RemovedTasksDialog(window.ctx, window).exec()


def _choose_output(window) -> None:
    from tthc_desktop.ui.common.output_dialog import choose_output_folder

    folder = choose_output_folder(window)
    if folder is not None:
        window.statusBar().showMessage(f"Báo cáo, kế hoạch và biểu mẫu sẽ được ghi vào {folder}", 10000)


def _programme_dialog(window) -> None:
    from tthc_desktop.ui.report.programme_dialog import ProgrammeDialog

    ProgrammeDialog(window.ctx, window).exec()


def _fill_recent(window, menu) -> None:
    menu.clear()
    files = file_dialogs.recent_files()
    if not files:
        menu.addAction("(chưa có tệp nào)").setEnabled(False)
        return
    for number, path in enumerate(files, start=1):
        action = menu.addAction(f"&{number}  {path.name}")
        action.setToolTip(str(path))
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _c=False, p=path: window.open_file(p))
    menu.addSeparator()
    menu.addAction("Xóa danh sách").triggered.connect(file_dialogs.clear_recent_files)


def _server_menu():
    from tthc_desktop.ui.shell import server_menu  # imports SQLAlchemy: only when chosen, not before first paint

    return server_menu


def backup_now(window) -> Path | None:
    from tthc_desktop.services.server import backup_database
    from tthc_desktop.ui.common.workers import run_with_progress, show_error

    try:
        path = run_with_progress(window, lambda _p: backup_database(window.ctx.db), title="Sao lưu",
                                 label="Đang sao lưu dữ liệu…")
    except Exception as exc:
        show_error(window, exc, title="Không sao lưu được")
        return None
    window.statusBar().showMessage(f"Đã sao lưu vào {path}", 10000)
    return path


def reopen_database(window) -> None:
    """After a restore: open the file again (a server connection stays open) and let every page reload."""
    from tthc_desktop.services.database import open_database

    if not window.ctx.db.is_server:
        path = window.ctx.db_path
        window.ctx.db.close()
        window.ctx.db = open_database(path)
    window.ctx.notify("all")
    for page in list(window._pages.values()):
        if hasattr(page, "refresh"):
            window._safe_refresh(page)


def restore_from_backup(window) -> None:
    from tthc_desktop.ui.shell.recovery_dialog import restore_dialog  # lists backups with their kinds and dates

    if restore_dialog(window, window.ctx):
        reopen_database(window)


def check_data(window) -> list[str]:
    from tthc_desktop.ui.common.workers import run_with_progress, show_error

    try:
        problems = run_with_progress(window, lambda _p: window.ctx.db.integrity_check(), title="Kiểm tra dữ liệu",
                                     label="Đang kiểm tra cơ sở dữ liệu…")
    except Exception as exc:
        show_error(window, exc, title="Không kiểm tra được")
        return ["error"]
    if problems:
        from tthc_desktop.services.safety import describe_problems

        QMessageBox.warning(window, "Kiểm tra dữ liệu",
                            "Cơ sở dữ liệu có lỗi:\n" + "\n".join(describe_problems(problems, 10)) +
                            "\n\nHãy dùng Tệp → Khôi phục từ bản sao lưu.")
    else:
        QMessageBox.information(window, "Kiểm tra dữ liệu", f"Cơ sở dữ liệu «{window.ctx.db_path.name}» không có lỗi.")
    return problems


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(keys, what) generated from the window's own actions and the shortcuts of its pages.

    Only what lives in the main window counts (not a dialog that was opened once and is gone from
    the screen); one line per action, its keys joined («Return, Enter»).
    """
    found: list[tuple[QKeySequence, str]] = []
    for action in window.findChildren(QAction):
        if action.parent() is window:  # the menus' actions, not a widget's private ones
            found += [(sequence, action.text()) for sequence in action.shortcuts()]
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if isinstance(owner, QWidget) and owner.window() is window:
            found += [(shortcut.key(), shortcut.whatsThis())]
    keys_of: dict[str, list[str]] = {}
    for sequence, label in found:
        keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        text = label.replace("&", "").rstrip("…").strip()
        if keys and text and keys not in keys_of.setdefault(text, []):
            keys_of[text].append(keys)
    return [(", ".join(keys), text) for text, keys in keys_of.items()]


def shortcuts_dialog(window):
    """Trợ giúp → Phím tắt: every page is built first so its own keys are listed too."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

    from tthc_desktop.ui.common.tables import record_table

    for spec_key in list(window._containers):
        window.page(spec_key)  # pages add their own shortcuts when built
    rows = shortcut_rows(window) + [("Enter", "Hộp thoại: đồng ý"), ("Esc", "Hộp thoại: đóng, không lưu")]
    dialog = QDialog(window)
    dialog.setWindowTitle("Phím tắt")
    table = record_table(["Phím", "Việc"])
    table.setRowCount(len(rows))
    from PySide6.QtWidgets import QTableWidgetItem

    for r, (keys, text) in enumerate(rows):
        table.setItem(r, 0, QTableWidgetItem(keys))
        table.setItem(r, 1, QTableWidgetItem(text))
    table.resizeColumnToContents(0)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("Các phím tắt của chương trình (lấy từ chính các lệnh trong menu và trong các trang):"))
    layout.addWidget(table, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    from tthc_desktop.ui.common.screen_fit import fit_to_screen

    fit_to_screen(dialog, 720, 640)
    return dialog


def show_shortcuts(window) -> None:
    shortcuts_dialog(window).exec()


def about_text() -> str:
    return (f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Kế hoạch, theo dõi và báo cáo kiểm soát thủ tục hành chính của một Sở: nhập kế hoạch của UBND tỉnh, "
            "xây dựng kế hoạch của Sở, theo dõi nhiệm vụ của các đơn vị, lập báo cáo định kỳ và các biểu "
            "II.05a, II.06a (Thông tư 01/2020/TT-VPCP).</p>"
            "<p>Chạy trên máy, không cần mạng. Dữ liệu được lưu trong một tệp và sao lưu tự động.</p>")


def show_about(window) -> None:
    QMessageBox.about(window, f"Giới thiệu {APP_NAME}", about_text() + f"<p>Dữ liệu: {window.ctx.db_path}</p>")
