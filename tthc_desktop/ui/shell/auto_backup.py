"""Automatic backups for the window: on start, every few minutes while data changes, and on close,
where a quick integrity check runs first (a damaged database is never backed up over good copies)."""
from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from tthc_desktop.services.backups import DEFAULT_POLICY, AutoBackupPolicy, maybe_auto_backup

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60_000  # the policy decides whether a backup is due; the timer only asks


class AutoBackup(QObject):
    """Owned by the main window; call ``at_start()`` once, ``at_exit()`` happens on close."""

    def __init__(self, window, ctx, policy: AutoBackupPolicy = DEFAULT_POLICY, check_every_ms: int = CHECK_EVERY_MS):
        super().__init__(window)
        self.ctx = ctx
        self.policy = policy
        self.last_backup = None
        self.exit_check: str | None = None
        self._done_exit = False
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(lambda: self.run("interval"))
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.at_exit)

    def run(self, reason: str):
        try:
            path = maybe_auto_backup(self.ctx.db_path, datetime.now(), reason=reason, policy=self.policy)
        except Exception:  # a backup problem must never interrupt the officer's work
            log.exception("automatic backup (%s) failed", reason)
            return None
        if path is not None:
            self.last_backup = path
            if hasattr(self.ctx, "status_message"):
                self.ctx.status_message.emit(f"Đã tự động sao lưu ({datetime.now():%H:%M}).")
        return path

    def at_start(self) -> None:
        self.run("start")
        self.timer.start()

    def at_exit(self) -> None:
        if self._done_exit:
            return
        self._done_exit = True
        self.timer.stop()
        try:
            self.exit_check = self.ctx.db.quick_check()
        except Exception as exc:
            self.exit_check = str(exc)
        if self.exit_check != "ok":
            log.error("quick_check on exit failed for %s: %s; no automatic backup taken",
                      self.ctx.db_path, self.exit_check)
            return
        self.run("exit")

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Close:
            # After the window's own closeEvent: it may have ignored the close (unsaved changes).
            # ``self`` as context: nothing runs if the window (and this controller) is gone by then.
            QTimer.singleShot(0, self, self._after_close)
        return False

    def _after_close(self) -> None:
        window = self.parent()
        if window is None or not window.isVisible():
            self.at_exit()


def install_auto_backup(main_window, ctx, policy: AutoBackupPolicy = DEFAULT_POLICY,
                        check_every_ms: int = CHECK_EVERY_MS) -> AutoBackup:
    """Back up now (if anything changed since the last backup), then on a timer and on close."""
    controller = AutoBackup(main_window, ctx, policy, check_every_ms)
    main_window._auto_backup = controller  # keep it alive with the window
    controller.at_start()
    return controller
