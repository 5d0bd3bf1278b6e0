"""One date field for every date the officer types (issue, completion, evidence, due dates).

The text is read by ``domain.text.parse_date`` as the officer types («15/2/2023», «15022023»,
«15-02-2023», «15/2» for this year); a calendar button picks a day with the mouse. A date that
does not exist gets a red border and one sentence under the field; ``date()`` then raises
ValueError with that sentence, so a save shows it instead of storing another day.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QVBoxLayout, QWidget, QWidgetAction,
)

from tthc_desktop.domain.text import format_date, parse_date

INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; border-radius: 2px; }"


def _as_date(value: QDate | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, QDate):
        return value.toPython() if value.isValid() else None
    return value


class DateEdit(QWidget):
    """``DateEdit(QDate.currentDate())``; ``date()`` → QDate, ``setDate(QDate | date)``, ``dateChanged``."""

    dateChanged = Signal(QDate)  # noqa: N815 - same name as QDateEdit's, so callers need not change

    def __init__(self, value: QDate | date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._date: date = _as_date(value) or date.today()
        self._error = ""
        self.line = QLineEdit(self, placeholderText="ngày/tháng/năm")
        self.line.setToolTip("Gõ ngày theo dạng 15/02/2023, 15/2/2023, 15022023 hoặc 15/2 (năm nay); "
                             "hoặc bấm nút lịch để chọn")
        self.line.setMaxLength(12)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.button = QToolButton(self, text="▾", toolTip="Chọn ngày trên lịch")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setObjectName("dateButton")
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; } "
                                  "QToolButton { padding: 0 6px; }")  # the ▾ is its only arrow
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(lambda: self.calendar.setSelectedDate(QDate(self._date)))
        self.calendar.clicked.connect(lambda day: (menu.close(), self.setDate(day)))
        self.button.setMenu(menu)
        self.message = QLabel(self, wordWrap=True, objectName="dateError")
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line, 1)
        row.addWidget(self.button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)
        self.setFocusProxy(self.line)
        self.setMaximumWidth(self.line.minimumWidth() + 150)  # a date, not a paragraph: no full-width field
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._finished)
        self.line.setText(format_date(self._date))

    # -- reading
    def is_valid(self) -> bool:
        return not self._error

    def error_text(self) -> str:
        return self._error

    def date(self) -> QDate:
        """The date on screen; ValueError (the sentence shown under the field) while the text is not a date."""
        if self._error:
            raise ValueError(self._error)
        return QDate(self._date)

    def last_valid(self) -> date:
        """The last date the field held: what a live editor keeps while the text on screen is not a date."""
        return self._date

    def text(self) -> str:
        return self.line.text()

    # -- writing
    def setDate(self, value: QDate | date) -> None:  # noqa: N802 - same name as QDateEdit's
        day = _as_date(value)
        if day is None:
            return
        self.line.setText(format_date(day))
        self._set_error("")
        self._accept(day)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming, for tests and paste
        self.line.setText(text)
        self._typed(text)
        self._finished()

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 - Qt API
        super().setEnabled(enabled)
        if not enabled and self._error:  # a disabled field is not read: drop its complaint
            self.setDate(self._date)

    # -- typing
    def _parse(self, text: str) -> date:
        return parse_date(text, default_year=date.today().year)

    def _typed(self, text: str) -> None:
        """While typing, only a finished-looking text is judged; the red border waits for editingFinished."""
        try:
            day = self._parse(text)
        except ValueError:
            return
        self._set_error("")
        self._accept(day)

    def _finished(self) -> None:
        text = self.line.text()
        try:
            day = self._parse(text)
        except ValueError as exc:
            self._set_error(str(exc))
            return
        self._set_error("")
        self.line.setText(format_date(day))  # same day, written out in full: «15/2» → «15/02/2026»
        self._accept(day)

    def _accept(self, day: date) -> None:
        if day != self._date:
            self._date = day
            self.dateChanged.emit(QDate(day))

    def _set_error(self, text: str) -> None:
        self._error = text
        self.line.setStyleSheet(INVALID_STYLE if text else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))
