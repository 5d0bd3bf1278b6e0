"""Reminders in the system tray: on start and once a day while the program runs, a notification of the
deadlines in the next 3 days and the unit reports that are overdue; clicking it opens «Cả năm»,
where the overdue tasks and the units to urge are one click away."""
from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from tthc_desktop.ui.common.background import BackgroundLoader
from tthc_desktop.ui.common.icons import icon

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 30 * 60 * 1000  # the day is looked at every half hour; one notification per day


class TrayReminders(QObject):
    def __init__(self, window, ctx):
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.last_day: date | None = None
        self.lines: list[str] = []
        self.loader = BackgroundLoader(self)
        self.tray = QSystemTrayIcon(icon("app"), self)
        self.tray.setToolTip("TTHC Desktop: nhắc hạn báo cáo và nhiệm vụ")
        menu = QMenu(window)
        menu.addAction("Mở «Cả năm»").triggered.connect(self.open_year)
        self.tray.setContextMenu(menu)
        self.tray.messageClicked.connect(self.open_year)
        self.tray.activated.connect(lambda _reason: self.open_year())
        self.timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()

    def check(self, today: date | None = None) -> None:
        """Once per calendar day: compute off the UI thread, then notify."""
        today = today or date.today()
        if self.last_day == today or self.loader.busy:
            return
        self.last_day = today
        from tthc_desktop.services.year_view import year_overview

        db = self.ctx.db
        self.loader.start(lambda: year_overview(db, today.year, today).reminder_lines(), self._notify,
                          lambda exc: log.warning("tray reminders failed: %s", exc))

    def _notify(self, lines: list[str]) -> None:
        self.lines = lines
        if not lines:
            return
        text = "\n".join(lines[:4]) + (f"\n… và {len(lines) - 4} việc khác" if len(lines) > 4 else "")
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage("Nhắc việc — TTHC Desktop", text, QSystemTrayIcon.MessageIcon.Information, 15000)

    def open_year(self) -> None:
        self.window.showNormal() if self.window.isMinimized() else None
        self.window.raise_()
        self.window.activateWindow()
        self.window.show_page("year")


def install_tray_reminders(window, ctx) -> TrayReminders:
    reminders = TrayReminders(window, ctx)
    QTimer.singleShot(0, reminders.check)
    return reminders
