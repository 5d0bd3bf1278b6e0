"""Quiet background loading for pages: run a function on the thread pool, get its result on the UI thread.

Unlike ``workers.run_in_background`` there is no dialog: a page shows "Đang tải…" itself and
keeps answering clicks. A newer call supersedes an older one still running (only the last
result is delivered), so typing in a filter or switching periods quickly never shows stale rows.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(int, object, object)  # generation, result, error


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], Any], generation: int, signals: _Signals):
        super().__init__()
        self._fn, self._generation, self._signals = fn, generation, signals

    def run(self) -> None:  # noqa: D401 - Qt API
        try:
            result, error = self._fn(), None
        except BaseException as exc:  # delivered to the UI thread
            result, error = None, exc
        try:
            self._signals.finished.emit(self._generation, result, error)
        except RuntimeError:  # the page was closed while we worked: nobody is waiting for the result
            pass


class BackgroundLoader(QObject):
    """``loader.start(fn, on_done, on_error)``; ``loader.busy`` is True while a call is running."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # Not parented: a running call keeps it alive even if the page goes away first.
        self._signals = _Signals()
        self._signals.finished.connect(self._finished)
        self._generation = 0
        self._running = 0
        self._callbacks: tuple | None = None

    @property
    def busy(self) -> bool:
        return self._running > 0

    def start(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None] | None = None) -> None:
        self._generation += 1
        self._running += 1
        self._callbacks = (on_done, on_error)
        QThreadPool.globalInstance().start(_Call(fn, self._generation, self._signals))

    def _finished(self, generation: int, result: Any, error: BaseException | None) -> None:
        self._running -= 1
        if generation != self._generation or self._callbacks is None:
            return  # superseded by a newer call
        on_done, on_error = self._callbacks
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                from tthc_desktop.ui.common.workers import show_error

                from PySide6.QtWidgets import QWidget

                parent = self.parent()
                show_error(parent if isinstance(parent, QWidget) else None, error)
        else:
            on_done(result)
