"""`--benchmark-startup`: tell a benchmark when the main window has painted, then quit.

Prints ``shown`` (flushed) at the window's first paint, the moment a person would see it (the
real main window, its areas saying "Đang mở dữ liệu…" while the database opens), then ``ready``
once the start page's data is on screen: its early figures (read without the ORM) or, without
them, the attached start page with its background loads done.
With page keys (``--benchmark-startup board``) it then opens those pages one after another,
waits until their background loads are done, prints ``settled`` and quits, so a memory
benchmark sees the window holding its data. Nothing here runs in normal use.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer

GIVE_UP_MS = 60_000  # a window that never paints must not hang a benchmark run


class StartupProbe(QObject):
    def __init__(self, window, app, pages: list[str]):
        super().__init__(window)
        self.window, self.app, self.pages = window, app, list(pages)
        self._shown = False
        self._ready = False
        self._quiet_polls = 0
        window.installEventFilter(self)
        QTimer.singleShot(GIVE_UP_MS, self._give_up)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if not self._shown and obj is self.window and event.type() == QEvent.Type.Paint:
            self._shown = True
            print("shown", flush=True)
            QTimer.singleShot(0, self._wait_until_ready)
        return False

    def data_on_screen(self) -> None:
        """The start page's figures painted (before the ORM is loaded): "ready"."""
        if not self._ready:
            self._ready = True
            print("ready", flush=True)

    def _loaders_busy(self) -> bool:
        from tthc_desktop.ui.common.background import BackgroundLoader

        return QThreadPool.globalInstance().activeThreadCount() > 0 or any(
            loader.busy for loader in self.window.findChildren(BackgroundLoader))

    def _wait_until_ready(self) -> None:
        if getattr(self.window, "ctx", None) is None or self._loaders_busy():
            QTimer.singleShot(5, self._wait_until_ready)
            return
        if not self._ready:
            self._ready = True
            print("ready", flush=True)
        self._next_page()

    def _next_page(self) -> None:
        if not self.pages:
            self._wait_until_quiet()
            return
        key = self.pages.pop(0)
        try:
            self.window.show_page(key)
        except (ValueError, StopIteration):
            print(f"unknown page {key}", file=sys.stderr, flush=True)
        self._quiet_polls = 0
        QTimer.singleShot(50, self._wait_until_quiet)

    def _wait_until_quiet(self) -> None:
        # Background loaders deliver their rows through queued signals: quiet means no worker
        # thread busy for a few polls in a row, so the last delivery has been handled too.
        self._quiet_polls = 0 if self._loaders_busy() else self._quiet_polls + 1
        if self._quiet_polls < 3:
            QTimer.singleShot(50, self._wait_until_quiet)
        elif self.pages:
            self._next_page()
        else:
            print("settled", flush=True)
            peak = peak_memory_kib()
            if peak:
                print(f"peak_kib {peak}", flush=True)
            self.window.close()
            self.app.quit()

    def _give_up(self) -> None:
        print("timeout", file=sys.stderr, flush=True)
        self.app.exit(3)


def peak_memory_kib() -> int | None:
    """This process's resident-set high-water mark (Linux VmHWM: the image after exec only)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def install(window, app, pages: str | None) -> StartupProbe:
    keys = [p.strip() for p in (pages or "").split(",") if p.strip()]
    return StartupProbe(window, app, keys)
