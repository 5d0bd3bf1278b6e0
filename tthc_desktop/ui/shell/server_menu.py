"""Tệp → «Kết nối máy chủ của cơ quan…» and «Chuyển dữ liệu lên máy chủ…»."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from tthc_desktop.ui.common.file_dialogs import window_settings
from tthc_desktop.ui.shell.connection_dialog import SETTINGS_GROUP, ConnectionDialog


def _remember_server_mode(active: bool) -> None:
    window_settings().setValue(f"{SETTINGS_GROUP}/active", active)


def _switch_to(window, db) -> None:
    from tthc_desktop.services.server import describe

    window.ctx.db.close()
    window.ctx.db = db
    window.setWindowTitle(f"TTHC Desktop — {describe(db.url.render_as_string()) if db.is_server else db.path.name}")
    window.ctx.notify("all")
    for page in list(window._pages.values()):
        if hasattr(page, "refresh"):
            window._safe_refresh(page)


def connect_to_server(window) -> bool:
    """Work on the office's server from now on (and at the next start)."""
    from tthc_desktop.services.server import open_target
    from tthc_desktop.ui.common.workers import run_with_progress, show_error

    dialog = ConnectionDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    url = dialog.url()
    try:
        db = run_with_progress(window, lambda _p: open_target(url), title="Máy chủ của cơ quan",
                               label="Đang mở dữ liệu trên máy chủ…")
    except Exception as exc:
        show_error(window, exc, title="Không mở được dữ liệu trên máy chủ")
        return False
    _remember_server_mode(True)
    _switch_to(window, db)
    window.statusBar().showMessage(f"Đang làm việc trên máy chủ {db.name}.", 10000)
    return True


def move_to_server(window) -> bool:
    """Copy this machine's whole database to an empty server database (verified), then offer to switch."""
    from tthc_desktop.services.server import copy_between, open_target
    from tthc_desktop.ui.common.workers import run_with_progress, show_error

    if window.ctx.db.is_server:
        QMessageBox.information(window, "Chuyển dữ liệu lên máy chủ", "Chương trình đang làm việc trên máy chủ rồi.")
        return False
    dialog = ConnectionDialog(window, title="Chuyển dữ liệu lên máy chủ", accept_text="Chuyển dữ liệu")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    url, source = dialog.url(), str(window.ctx.db.path)
    try:
        report = run_with_progress(window, lambda _p: copy_between(source, url), title="Chuyển dữ liệu lên máy chủ",
                                   label="Đang chép và kiểm tra từng bảng…")
    except Exception as exc:
        show_error(window, exc, title="Không chuyển được dữ liệu")
        return False
    answer = QMessageBox.question(
        window, "Đã chuyển dữ liệu",
        f"Đã chép {report.rows} dòng của {len(report.counts)} bảng lên máy chủ; số dòng và mã kiểm tra của từng dòng "
        "khớp với dữ liệu trên máy này. Làm việc trên máy chủ từ bây giờ?")
    if answer == QMessageBox.StandardButton.Yes:
        try:
            db = open_target(url)
        except Exception as exc:
            show_error(window, exc, title="Không mở được dữ liệu trên máy chủ")
            return True
        _remember_server_mode(True)
        _switch_to(window, db)
    return True
