"""«Hoàn thành» in the task detail means what it says: 100 %, the day it was finished (today by
default, editable), and the status the program will derive from that day shown before saving."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period


class CompletionPreview:
    """Wires the dialog's status, percent and completion-date fields; ``label`` says what will be stored."""

    def __init__(self, dialog):
        self.dialog = dialog
        self.label = QLabel(wordWrap=True, objectName="completionPreview")
        dialog.status_box.currentIndexChanged.connect(self._status_chosen)
        dialog.completed_on.dateChanged.connect(lambda _d: self.update())

    def _status_chosen(self) -> None:
        d = self.dialog
        if d.status_box.currentData() in st.FINISHED:
            d.percent.setValue(100)
            code = d.period_box.currentData()
            today = date.today()
            day = min(today, Period.parse(code).end) if code else today
            d.completed_on.setDate(QDate(day.year, day.month, day.day))
        self.update()

    def update(self) -> None:
        d = self.dialog
        status = d.status_box.currentData()
        detail = getattr(d, "detail", None)
        if status not in st.FINISHED or detail is None or not d.completed_on.is_valid():
            self.label.clear()
            self.label.hide()
            return
        code = d.period_box.currentData()
        due = detail.due_in(Period.parse(code)) if code else detail.due
        settled, why = st.explain_settled(status, due, d.completed_on.last_valid())
        self.label.setText(why)
        self.label.setStyleSheet("color: #c62828;" if settled == "done_late" else "color: #2e7d32;")
        self.label.show()
