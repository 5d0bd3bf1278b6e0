"""Unexpected exceptions in the window: logged with context to logs/, shown as a calm Vietnamese
dialog ("Sao chép chi tiết", "Mở thư mục nhật ký"), and the program keeps running when it safely can.

Exceptions raised in Qt slots reach ``sys.excepthook``; those of worker threads reach
``threading.excepthook`` and are shown from the GUI thread through a queued signal.
"""
from __future__ import annotations

import logging
import platform
import sqlite3
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QVBoxLayout)

from tthc_desktop import __version__
from tthc_desktop.errors import TthcError

log = logging.getLogger("tthc.crash")
MAX_DIALOGS_PER_MINUTE = 3  # a failing paint or timer slot must not bury the user in dialogs


@dataclass
class CrashReport:
    summary: str  # one Vietnamese sentence for the dialog
    details: str  # context and traceback, also written to the log file
    log_file: Path | None
    fatal: bool


def _is_fatal(exc: BaseException) -> bool:
    """Errors after which continuing could damage data: the program then offers to close."""
    if isinstance(exc, MemoryError | SystemError | RecursionError):
        return True
    return isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc).lower()


class CrashDialog(QDialog):
    def __init__(self, report: CrashReport, log_dir: Path, parent=None):
        super().__init__(parent)
        self.report = report
        self.log_dir = log_dir
        self.setWindowTitle("Đã xảy ra lỗi")
        layout = QVBoxLayout(self)
        text = QLabel(report.summary)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        self.details = QPlainTextEdit(report.details)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(160)
        self.details.setVisible(False)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        self.show_button = QPushButton("Xem chi tiết")
        self.show_button.clicked.connect(self._toggle_details)
        self.copy_button = QPushButton("Sao chép chi tiết")
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton("Mở thư mục nhật ký")
        self.folder_button.clicked.connect(self.open_log_folder)
        for b in (self.show_button, self.copy_button, self.folder_button):
            row.addWidget(b)
        row.addStretch(1)
        buttons = QDialogButtonBox()
        close = buttons.addButton("Thoát chương trình" if report.fatal else "Tiếp tục làm việc",
                                  QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(560, 180)

    def _toggle_details(self) -> None:
        self.details.setVisible(not self.details.isVisible())
        self.show_button.setText("Ẩn chi tiết" if self.details.isVisible() else "Xem chi tiết")
        self.adjustSize()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report.details)
        self.copy_button.setText("Đã sao chép")

    def open_log_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_dir)))


class CrashHandler(QObject):
    """Installed once per application; ``handle()`` may be called from any thread."""

    _report_ready = Signal(object)

    def __init__(self, app: QApplication, log_dir: Path):
        super().__init__(app)
        self.app = app
        self.log_dir = Path(log_dir)
        self.reports: list[CrashReport] = []
        self._shown: list[float] = []
        self._showing = False
        self._previous = (sys.excepthook, threading.excepthook)
        self._report_ready.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self._sys_hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _sys_hook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc, tb)
            return
        self.handle(exc, tb, where="cửa sổ chính")

    def _thread_hook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread else "?"
        self.handle(args.exc_value, args.exc_traceback, where=f"luồng nền «{name}»")

    def handle(self, exc: BaseException, tb=None, where: str = "") -> CrashReport:
        report = self._record(exc, tb, where)
        self.reports.append(report)
        # Straight to the GUI thread's queue: a dialog is never built inside a worker thread.
        self._report_ready.emit(report)
        return report

    def _record(self, exc: BaseException, tb, where: str) -> CrashReport:
        now = datetime.now()
        lines = "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))
        context = (
            f"Thời điểm: {now:%d/%m/%Y %H:%M:%S}\nNơi xảy ra: {where}\nLuồng: {threading.current_thread().name}\n"
            f"TTHC Desktop {__version__}; Python {platform.python_version()}; {platform.platform()}; "
            f"Qt {qVersion()}\n"
        )
        details = context + "\n" + lines
        log_file = None
        try:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            log_file = self.log_dir / f"loi-{now:%Y%m%d-%H%M%S-%f}.txt"
            log_file.write_text(details, encoding="utf-8")
        except OSError:
            pass
        log.error("unexpected error in %s\n%s", where, details)
        fatal = _is_fatal(exc)
        if isinstance(exc, TthcError):
            summary = exc.message
        else:
            summary = ("Chương trình gặp một lỗi không mong muốn và đã ghi lại chi tiết vào nhật ký. "
                       "Dữ liệu đã lưu không bị ảnh hưởng; thao tác vừa làm có thể chưa hoàn tất.")
        if fatal:
            summary += " Để bảo vệ dữ liệu, chương trình cần đóng lại; hãy mở lại sau đó."
        else:
            summary += " Anh/chị có thể tiếp tục làm việc."
        return CrashReport(summary, details, log_file, fatal)

    def _show(self, report: CrashReport) -> None:
        now = time.monotonic()
        self._shown = [t for t in self._shown if now - t < 60]
        if self._showing or (len(self._shown) >= MAX_DIALOGS_PER_MINUTE and not report.fatal):
            return  # already logged; one dialog at a time
        self._shown.append(now)
        self._showing = True
        try:
            dialog = CrashDialog(report, self.log_dir, self.app.activeWindow())
            dialog.exec()
        except Exception:  # never let the handler itself crash the program
            log.exception("could not show the error dialog")
        finally:
            self._showing = False
        if report.fatal:
            self.app.exit(1)


def install_crash_handler(app: QApplication, log_dir: Path) -> CrashHandler:
    handler = CrashHandler(app, log_dir)
    handler.install()
    app._tthc_crash_handler = handler
    return handler


def install(db_path: Path) -> CrashHandler:
    """app.py's hook: logs go to logs/ beside the database."""
    from tthc_desktop.logs import log_dir

    return install_crash_handler(QApplication.instance(), log_dir(db_path))
