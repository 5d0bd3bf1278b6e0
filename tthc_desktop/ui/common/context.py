"""What every page of the window shares: the open database and a signal when data changes."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from tthc_desktop.domain.periods import Period

if TYPE_CHECKING:  # the window imports this module before its first paint: no SQLAlchemy yet
    from tthc_desktop.services.database import Database


class AppContext(QObject):
    """Passed to every page as ``page = SomePage(ctx)``; pages call services with ``ctx.db``.

    ``data_changed`` is emitted (with a short topic such as "plans", "tasks", "progress",
    "forms", "profile", "units") after a page commits a change, so other pages refresh.
    """

    data_changed = Signal(str)
    period_changed = Signal(str)
    status_message = Signal(str)
    show_unit_tasks = Signal(int)  # a unit id: the shell opens the board filtered to that unit

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self._period = Period.quarter_of(date.today())
        self._start_rows = None  # (summary, schema): the start summary's rows, taken once by the dashboard

    def keep_start_rows(self, summary, schema: int) -> None:
        self._start_rows = (summary, schema)

    def take_start_rows(self, period: Period, today: date) -> list | None:
        """The start summary's rows when they still describe ``period`` on ``today``; given out once."""
        from tthc_desktop.services.start_summary import rows_still_good

        kept, self._start_rows = self._start_rows, None
        return rows_still_good(kept[0], kept[1], period, today) if kept else None

    @property
    def db_path(self) -> Path:
        return self.db.path

    @property
    def period(self) -> Period:
        return self._period

    def set_period(self, period: Period) -> None:
        if period != self._period:
            self._period = period
            self.period_changed.emit(period.code)

    def notify(self, topic: str) -> None:
        self.data_changed.emit(topic)
