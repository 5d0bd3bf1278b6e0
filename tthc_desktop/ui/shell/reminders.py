"""The start-up notice: what became overdue since the last start and reporting deadlines within 7 days.

Computed off the UI thread and shown in a non-modal box, so the window is usable at once.
"""
from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tthc_desktop.services.dashboard import last_start, remember_start, reminders
from tthc_desktop.ui.common.background import BackgroundLoader

log = logging.getLogger(__name__)


def _compute(db, today: date):
    since = last_start(db)
    result = reminders(db, since, today)
    remember_start(db)
    return result


def show_start_reminders(main_window: QWidget, ctx, today: date | None = None) -> BackgroundLoader:
    """Called once by the main window after it is shown; returns the loader (tests wait on ``busy``)."""
    loader = BackgroundLoader(main_window)
    db, day = ctx.db, today or date.today()

    def done(result) -> None:
        lines = result.messages()
        if not lines:
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Nhắc việc", "\n".join(f"• {line}" for line in lines),
                          QMessageBox.StandardButton.Ok, main_window)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.button(QMessageBox.StandardButton.Ok).setText("Đã biết")
        box.setObjectName("startReminders")
        box.show()
        main_window.setProperty("start_reminders", lines)
        ctx.status_message.emit(lines[0])

    loader.start(lambda: _compute(db, day), done, lambda exc: log.warning("reminders failed: %s", exc))
    return loader
