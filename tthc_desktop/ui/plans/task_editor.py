"""Editing one parsed task before it is saved: number, text, results, lead/coordinate, time and schedule.

Used by the import preview. Edits go straight into the ``PlanTask`` object; ``changed`` tells the
preview to redraw the row.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from tthc_desktop.ui.common.date_edit import DateEdit
from tthc_desktop.ui.common.fit_layout import reflowable
from tthc_desktop.domain.plan import PlanTask, Schedule
from tthc_desktop.domain.text import format_date, normalize

KIND_LABELS = {"once": "Một lần (có hạn)", "recurring": "Định kỳ", "unspecified": "Chưa xác định"}
EVERY_LABELS = {"continuous": "Thường xuyên (báo cáo mỗi quý)", "month": "Hằng tháng", "quarter": "Hằng quý",
                "half_year": "6 tháng một lần", "year": "Hằng năm"}


def schedule_label(schedule: Schedule) -> str:
    if schedule.kind == "once":
        if len(schedule.dues) > 1:  # «Quý II và Quý IV»
            return "Hạn " + ", ".join(format_date(d) for d in schedule.dues)
        return f"Hạn {format_date(schedule.due)}" if schedule.due else "Một lần (chưa có hạn)"
    if schedule.kind == "recurring":
        return {"continuous": "Thường xuyên", "month": "Hằng tháng", "quarter": "Hằng quý",
                "half_year": "6 tháng/lần", "year": "Hằng năm"}.get(schedule.every or "", "Định kỳ")
    return "Chưa xác định"


def _lines(text: str) -> list[str]:
    return [normalize(line) for line in text.split("\n") if normalize(line)]


def _plain(lines: list[str], tip: str, height: int = 56) -> QPlainTextEdit:
    edit = QPlainTextEdit("\n".join(lines))
    edit.setToolTip(tip)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    return edit


class TaskEditor(QWidget):
    changed = Signal()

    def __init__(self, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.year = year
        self.task: PlanTask | None = None
        self._loading = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.number = QLineEdit()
        self.number.setToolTip("Số thứ tự của nhiệm vụ; dòng con a), b) viết liền: 1a, 1b")
        self.number.setMaximumWidth(120)
        self.content = _plain([], "Nội dung công việc", 64)
        self.results = _plain([], "Kết quả/sản phẩm: mỗi dòng một kết quả")
        self.lead = _plain([], "Cơ quan chủ trì: mỗi dòng một cơ quan")
        self.coordinate = _plain([], "Cơ quan phối hợp: mỗi dòng một cơ quan")
        self.to_coordinate = QPushButton("→")
        self.to_lead = QPushButton("←")
        for b, tip in ((self.to_coordinate, "Chuyển cơ quan ở dòng có con trỏ trong ô Chủ trì sang ô Phối hợp"),
                       (self.to_lead, "Chuyển cơ quan ở dòng có con trỏ trong ô Phối hợp sang ô Chủ trì")):
            b.setToolTip(tip)
            b.setFixedWidth(40)
        swap = QVBoxLayout()
        swap.addStretch(1)
        swap.addWidget(self.to_coordinate)
        swap.addWidget(self.to_lead)
        swap.addStretch(1)
        agencies = QGridLayout()
        agencies.addWidget(QLabel("Chủ trì"), 0, 0)
        agencies.addWidget(QLabel("Phối hợp"), 0, 2)
        agencies.addWidget(self.lead, 1, 0)
        agencies.addLayout(swap, 1, 1)
        agencies.addWidget(self.coordinate, 1, 2)
        self.time_text = QLineEdit()
        self.time_text.setMinimumWidth(140)  # «Tháng 02/2023» stays readable; the form reflows instead
        self.time_text.setToolTip("Thời gian thực hiện như ghi trong kế hoạch (giữ nguyên văn)")
        self.reparse = QPushButton("Đọc lại lịch")
        self.reparse.setToolTip("Xác định lại lịch thực hiện từ ô thời gian")
        first_row = QHBoxLayout()
        first_row.addWidget(self.number)
        first_row.addWidget(QLabel("Thời gian"))
        first_row.addWidget(self.time_text, 1)
        first_row.addWidget(self.reparse)
        self.kind = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.setToolTip("Một lần: có hạn hoàn thành; Định kỳ: báo cáo theo chu kỳ; Chưa xác định: cán bộ tự đặt sau")
        self.due = DateEdit()
        self.due.setToolTip("Hạn hoàn thành (nhiệm vụ một lần)")
        self.every = QComboBox()
        for key, label in EVERY_LABELS.items():
            self.every.addItem(label, key)
        self.every.setToolTip("Chu kỳ báo cáo (nhiệm vụ định kỳ)")
        schedule_row = reflowable(QHBoxLayout())
        for w in (self.kind, QLabel("Hạn:"), self.due, QLabel("Chu kỳ:"), self.every):
            schedule_row.addWidget(w)
        schedule_row.addStretch(1)
        form.addRow("Số", first_row)
        form.addRow("Nội dung", self.content)
        form.addRow("Kết quả", self.results)
        form.addRow("Đơn vị", agencies)
        form.addRow("Lịch", schedule_row)
        for edit in (self.number, self.time_text):
            edit.textEdited.connect(self._store)
        for edit in (self.content, self.results, self.lead, self.coordinate):
            edit.textChanged.connect(self._store)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.due.dateChanged.connect(self._store)
        self.every.currentIndexChanged.connect(self._store)
        self.reparse.clicked.connect(self.reparse_time)
        for button in (self.reparse, self.to_coordinate, self.to_lead):
            button.setAutoDefault(False)  # Enter in the dialog means "Lưu", never "move a line"
        self.to_coordinate.clicked.connect(lambda: self._move_line(self.lead, self.coordinate))
        self.to_lead.clicked.connect(lambda: self._move_line(self.coordinate, self.lead))
        self.setEnabled(False)

    def load(self, task: PlanTask | None) -> None:
        self.task = task
        self.setEnabled(task is not None)
        if task is None:
            return
        self._loading = True
        self.number.setText(task.number)
        self.content.setPlainText(task.content)
        self.results.setPlainText("\n".join(task.results))
        self.lead.setPlainText("\n".join(task.lead))
        self.coordinate.setPlainText("\n".join(task.coordinate))
        self.time_text.setText(task.time_text)
        self._show_schedule(task.schedule)
        self._loading = False

    def _show_schedule(self, schedule: Schedule) -> None:
        self.kind.setCurrentIndex(self.kind.findData(schedule.kind))
        due = schedule.due or date(self.year, 12, 31)
        self.due.setDate(QDate(due.year, due.month, due.day))
        self.every.setCurrentIndex(max(0, self.every.findData(schedule.every or "quarter")))
        self._enable_schedule_fields()

    def _enable_schedule_fields(self) -> None:
        kind = self.kind.currentData()
        self.due.setEnabled(kind == "once")
        self.every.setEnabled(kind == "recurring")

    def _kind_changed(self) -> None:
        self._enable_schedule_fields()
        self._store()

    def _store(self, *_args) -> None:
        if self._loading or self.task is None:
            return
        t = self.task
        t.number = normalize(self.number.text()).replace(" ", "")
        t.content = normalize(self.content.toPlainText())
        t.results = _lines(self.results.toPlainText())
        t.lead = _lines(self.lead.toPlainText())
        t.coordinate = _lines(self.coordinate.toPlainText())
        t.time_text = normalize(self.time_text.text())
        kind = self.kind.currentData()
        due = self.due.last_valid() if kind == "once" else None
        # The other dues of «Quý II và Quý IV» stay while the first one is left as read.
        dues = t.schedule.dues if kind == "once" and due == t.schedule.due else []
        t.schedule = Schedule(kind=kind, due=due, every=self.every.currentData() if kind == "recurring" else None,
                              also_reporting=t.schedule.also_reporting, dues=list(dues))
        self.changed.emit()

    def reparse_time(self) -> None:
        if self.task is None:
            return
        from tthc_desktop.domain.schedule import parse_time_text

        self._store()
        self.task.schedule = parse_time_text(self.task.time_text, self.year)
        self._loading = True
        self._show_schedule(self.task.schedule)
        self._loading = False
        self.changed.emit()

    def _move_line(self, source: QPlainTextEdit, target: QPlainTextEdit) -> None:
        cursor = source.textCursor()
        line = normalize(cursor.block().text())
        if not line:
            return
        remaining = source.toPlainText().split("\n")
        del remaining[cursor.blockNumber()]
        source.setPlainText("\n".join(remaining))
        target.setPlainText("\n".join([*_lines(target.toPlainText()), line]))
