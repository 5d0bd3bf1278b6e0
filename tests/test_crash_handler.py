"""Crash handler: unexpected exceptions are logged, shown calmly, and the program goes on."""
import sqlite3
import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from tthc_desktop.errors import BadInputError
from tthc_desktop.ui.shell import crash_handler
from tthc_desktop.ui.shell.crash_handler import CrashDialog, install_crash_handler


@pytest.fixture
def handler(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: shown.append(self) or 0)
    h = install_crash_handler(qapp, tmp_path / "logs")
    h.shown = shown
    yield h
    h.uninstall()


def test_exception_in_slot_is_logged_and_shown_and_app_continues(qtbot, handler, tmp_path):
    def boom():
        raise ValueError("hỏng ở đây")

    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: bool(handler.shown), timeout=3000)
    dialog = handler.shown[0]
    assert "lỗi không mong muốn" in dialog.report.summary and "tiếp tục" in dialog.report.summary
    assert "ValueError: hỏng ở đây" in dialog.report.details and "Thời điểm:" in dialog.report.details
    logs = list((tmp_path / "logs").glob("loi-*.txt"))
    assert len(logs) == 1 and "boom" in logs[0].read_text(encoding="utf-8")
    dialog.copy_details()
    assert "ValueError" in QGuiApplication.clipboard().text()
    assert dialog.copy_button.text() == "Đã sao chép"
    assert [b.text() for b in (dialog.copy_button, dialog.folder_button)] == ["Đã sao chép", "Mở thư mục nhật ký"]
    ran = []
    QTimer.singleShot(0, lambda: ran.append(True))  # the event loop is still alive
    qtbot.waitUntil(lambda: bool(ran), timeout=2000)


def test_worker_thread_exception_is_shown_from_gui_thread(qtbot, handler):
    def work():
        raise RuntimeError("trong luồng nền")

    t = threading.Thread(target=work, name="xuat-bao-cao")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: bool(handler.shown), timeout=3000)
    assert "luồng nền «xuat-bao-cao»" in handler.shown[0].report.details


def test_known_error_shows_its_own_sentence(qtbot, handler):
    sys.excepthook(BadInputError, BadInputError("Tệp «a.docx» không đọc được."), None)
    qtbot.waitUntil(lambda: bool(handler.shown), timeout=3000)
    assert handler.shown[0].report.summary.startswith("Tệp «a.docx» không đọc được.")


def test_fatal_database_error_closes_and_storms_are_limited(qtbot, handler, monkeypatch):
    exits = []
    monkeypatch.setattr(handler.app, "exit", lambda code=0: exits.append(code))
    for _ in range(6):
        sys.excepthook(KeyError, KeyError("x"), None)
    qtbot.wait(50)
    assert len(handler.shown) == crash_handler.MAX_DIALOGS_PER_MINUTE and len(handler.reports) == 6
    sys.excepthook(sqlite3.DatabaseError, sqlite3.DatabaseError("database disk image is malformed"), None)
    qtbot.waitUntil(lambda: bool(exits), timeout=3000)
    assert handler.shown[-1].report.fatal and exits == [1]


def test_install_for_a_database_logs_beside_it(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(CrashDialog, "exec", lambda self: 0)
    h = crash_handler.install(tmp_path / "du-lieu" / "tthc.sqlite3")
    try:
        assert h.log_dir == (tmp_path / "du-lieu" / "logs").resolve()
        report = h.handle(ZeroDivisionError("chia cho 0"))
        assert report.log_file.parent == h.log_dir and report.log_file.exists()
    finally:
        h.uninstall()
