"""Running slow work off the UI thread, with a progress dialog only when it is really slow.

Usage from a page::

    from tthc_desktop.ui.common.workers import run_with_progress, show_error, Cancelled

    try:
        plan = run_with_progress(self, lambda p: read_plan(path, year, p, p.is_cancelled),
                                 title="Nhập kế hoạch", label="Đang đọc tệp…", cancellable=True)
    except Cancelled:
        return
    except Exception as exc:
        show_error(self, exc)
        return

``fn`` receives a :class:`Progress`: call it as ``p(0.4)``, ``p(4, 10)`` or ``p(4, 10, "Bảng 2")``
(any of these from the worker thread) and poll ``p.is_cancelled()``. The dialog appears only when
the work runs longer than ``SHOW_AFTER_MS`` (as in Anki), so quick work never flashes a window.
Database work in ``fn`` must open its own ``db.session()`` (sessions are per thread).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from tthc_desktop.errors import TthcError

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 600
_LIVE: set["Job"] = set()  # a running QThread must not be garbage-collected


class Cancelled(Exception):
    """The officer pressed "Hủy"; nothing was saved by the cancelled work."""


class Progress:
    """Handed to the worker function: thread-safe progress reports and the cancel flag."""

    def __init__(self, emit: Callable[[float, str], None]):
        self._emit = emit
        self._cancel = threading.Event()

    def __call__(self, value: float | int | str = 0, total: float | int | None = None, text: str = "") -> None:
        if isinstance(value, str):  # progress("Đang đọc bảng 2")
            value, text = -1, value
        elif total:
            value = value / total
        elif value > 1:  # a percentage
            value = value / 100
        self._emit(float(value), str(text or ""))

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Thread(QThread):
    progressed = Signal(float, str)

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self.progress = Progress(self.progressed.emit)
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:  # noqa: D401 - QThread API
        try:
            self.result = self._fn(self.progress)
        except BaseException as exc:  # reported on the UI thread
            self.error = exc


class Job(QObject):
    """One piece of background work; ``done`` fires on the UI thread when it has finished."""

    done = Signal()

    def __init__(self, parent: QWidget | None, fn: Callable[[Progress], Any], *, title: str, label: str,
                 cancellable: bool = False, show_after_ms: int | None = None):
        super().__init__(parent)
        self._thread = _Thread(fn)
        self._thread.finished.connect(self._finished)
        self._thread.progressed.connect(self._progressed)
        self.dialog = QProgressDialog(label, "Hủy" if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(380)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.hide()
        self._label = label
        self._timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS if show_after_ms is None else show_after_ms)
        self._timer.timeout.connect(self._show_dialog)
        self.finished = False
        self.dialog_shown = False

    @property
    def progress(self) -> Progress:
        return self._thread.progress

    @property
    def result(self) -> Any:
        return self._thread.result

    @property
    def error(self) -> BaseException | None:
        return self._thread.error

    def cancelled(self) -> bool:
        return self.progress.is_cancelled()

    def start(self) -> "Job":
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        _LIVE.add(self)
        self._timer.start()
        self._thread.start()
        return self

    def cancel(self) -> None:
        self.progress.cancel()
        self.dialog.setLabelText("Đang dừng…")

    def _show_dialog(self) -> None:
        if not self.finished:
            self.dialog_shown = True
            self.dialog.show()

    def _progressed(self, fraction: float, text: str) -> None:
        if fraction >= 0:
            self.dialog.setMaximum(1000)
            self.dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if text and not self.cancelled():
            self.dialog.setLabelText(f"{self._label}\n{text}")

    def _finished(self) -> None:
        self.finished = True
        self._timer.stop()
        self.dialog.hide()
        self.dialog.deleteLater()
        QApplication.restoreOverrideCursor()
        self.done.emit()
        _LIVE.discard(self)

    def wait(self) -> None:
        """Process events until the work has finished (keeps the window painting)."""
        if self.finished:
            return
        loop = QEventLoop()
        self.done.connect(loop.quit)
        if not self.finished:
            loop.exec()


def run_in_background(parent: QWidget | None, fn: Callable[[Progress], Any], *, title: str, label: str,
                      cancellable: bool = False, on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None) -> Job:
    """Start ``fn`` and return at once; ``on_done(result)`` or ``on_error(exc)`` run on the UI thread.

    Without ``on_error`` the error is shown with :func:`show_error`; a cancelled job calls neither.
    """
    job = Job(parent, fn, title=title, label=label, cancellable=cancellable)

    def finish() -> None:
        if job.cancelled():
            return
        if job.error is not None:
            (on_error or (lambda exc: show_error(parent, exc, title=title)))(job.error)
        elif on_done is not None:
            on_done(job.result)

    job.done.connect(finish)
    return job.start()


def run_with_progress(parent: QWidget | None, fn: Callable[[Progress], Any], *, title: str, label: str,
                      cancellable: bool = False) -> Any:
    """Run ``fn`` off the UI thread and return its result; raises its exception, or Cancelled."""
    job = Job(parent, fn, title=title, label=label, cancellable=cancellable).start()
    job.wait()
    if job.cancelled():
        raise Cancelled()
    if job.error is not None:
        raise job.error
    return job.result


def error_text(exc: BaseException) -> str:
    """The Vietnamese sentence for an error; unexpected ones are logged with their traceback."""
    if isinstance(exc, TthcError):
        return exc.message
    from tthc_desktop.services.server import known_fault

    if (fault := known_fault(exc)) is not None:  # server mode: the connection went away during a read
        log.info("server fault: %s", fault.detail)
        return fault.message
    if isinstance(exc, PermissionError):
        return f"Không ghi hoặc đọc được tệp «{getattr(exc, 'filename', '') or ''}»: tệp đang mở trong chương trình khác hoặc không có quyền."
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    from tthc_desktop.logs import setup_logging

    return (f"Đã xảy ra lỗi không mong muốn; chi tiết được ghi vào {setup_logging()}. "
            "Dữ liệu không bị thay đổi.")


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "Không thực hiện được") -> None:
    if isinstance(exc, Cancelled):
        return
    box = QMessageBox.warning if isinstance(exc, TthcError) else QMessageBox.critical
    box(parent, title, error_text(exc))
