"""The lower half of the plan editor: the provincial task beside the department's version.

The left side is read-only (what the province wrote, the proposal and its reason, the
rewording suggestions as a diff); the right side edits the department's wording, units
and schedule. ``values()`` returns the edited fields; the editor turns them into an undoable change.
"""
from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QMenu, QPlainTextEdit, QPushButton,
    QTextBrowser, QToolButton, QVBoxLayout, QWidget,
)

from tthc_desktop.ui.common.date_edit import DateEdit
from tthc_desktop.ui.common.fit_layout import reflowable
from tthc_desktop.domain.derive import DerivedTask
from tthc_desktop.domain.plan import Schedule
from tthc_desktop.domain.rewording import diff_segments

KINDS = [("once", "Một lần, có hạn"), ("recurring", "Định kỳ"), ("unspecified", "Chưa xác định (theo kế hoạch)")]
EVERY = [("continuous", "Thường xuyên"), ("month", "Hằng tháng"), ("quarter", "Hằng quý"),
         ("half_year", "6 tháng một lần"), ("year", "Hằng năm")]
FIELD_NAMES = {"content": "Nội dung", "results": "Kết quả", "time_text": "Thời gian"}


def _split_names(text: str) -> list[str]:
    return [n.strip() for n in text.replace("\n", ";").split(";") if n.strip()]


def diff_html(task: DerivedTask) -> str:
    """Suggestions as struck-out old words and green new words, field by field."""
    if not task.rewording:
        return "<i>Không có gợi ý sửa lời văn.</i>"
    parts = []
    fields = task.text_fields()
    for name, label in FIELD_NAMES.items():
        value = fields[name]
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, text in items:
            edits = [e for e in task.rewording if e.field == name and e.index == index]
            if not edits:
                continue
            pieces = []
            for kind, old, new in diff_segments(text, edits):
                if kind == "same":
                    pieces.append(html.escape(old))
                else:
                    pieces.append(f"<s style='color:#a33'>{html.escape(old)}</s>&nbsp;→&nbsp;"
                                  f"<b style='color:#1b5e20'>{html.escape(new)}</b>")
            parts.append(f"<p><b>{label}:</b> {''.join(pieces)}</p>")
    return "".join(parts)


def source_html(task: DerivedTask) -> str:
    src = task.source
    head = f"<p><b>Đề xuất:</b> {html.escape(task.reason)}</p>"
    if src is None:
        return head + "<p><i>Nhiệm vụ riêng của Sở (không có trong kế hoạch của tỉnh).</i></p>"
    results = "".join(f"<li>{html.escape(r)}</li>" for r in src.results)
    agencies = html.escape(src.responsible_text or "; ".join(src.lead + src.coordinate)).replace("\n", "<br>")
    return (head + f"<p><b>Nhiệm vụ {html.escape(task.source_section or '')}.{html.escape(src.number)} của tỉnh:</b> "
            f"{html.escape(src.content)}</p><p><b>Kết quả:</b></p><ul>{results}</ul>"
            f"<p><b>Cơ quan thực hiện:</b><br>{agencies}</p><p><b>Thời gian:</b> {html.escape(src.time_text)}</p>")


class TaskForm(QWidget):
    edited = Signal()
    accept_one = Signal()
    accept_all = Signal()
    apply_requested = Signal()

    def __init__(self, unit_names: list[str], year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self._dirty = False
        self.year = year
        left = QVBoxLayout()
        self.source_view = QTextBrowser()
        self.diff_view = QTextBrowser()
        self.diff_view.setMaximumHeight(140)
        self.accept_one_button = QPushButton("Nhận gợi ý sửa lời văn")
        self.accept_all_button = QPushButton("Nhận gợi ý cho mọi nhiệm vụ giữ lại")
        self.accept_one_button.clicked.connect(self.accept_one)
        self.accept_all_button.clicked.connect(self.accept_all)
        src_box = QGroupBox("Kế hoạch của tỉnh và đề xuất")
        QVBoxLayout(src_box).addWidget(self.source_view)
        diff_box = QGroupBox("Gợi ý sửa lời văn cho Sở")
        diff_layout = QVBoxLayout(diff_box)
        diff_layout.addWidget(self.diff_view)
        row = reflowable(QHBoxLayout())
        row.addWidget(self.accept_one_button)
        row.addWidget(self.accept_all_button)
        diff_layout.addLayout(row)
        left.addWidget(src_box, 3)
        left.addWidget(diff_box, 2)

        dept_box = QGroupBox("Nhiệm vụ trong kế hoạch của Sở")
        form = QFormLayout(dept_box)
        self.content = QPlainTextEdit()
        self.results = QPlainTextEdit()
        self.results.setPlaceholderText("Mỗi dòng một kết quả")
        self.lead = QLineEdit()
        self.coordinate = QLineEdit()
        for edit in (self.lead, self.coordinate):
            edit.setPlaceholderText("Tên đơn vị, cách nhau bằng dấu ;")
        self.time_text = QLineEdit()
        for edit in (self.content, self.results, self.source_view, self.diff_view):
            edit.setMinimumHeight(48)  # three lines: the whole editor fits 1366×768 at 100 % without scrolling
        for edit in (self.lead, self.coordinate, self.time_text):
            edit.setMinimumWidth(200)  # a narrow window stacks the form below the province's task instead
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.due = DateEdit()
        self.every = QComboBox()
        for key, label in EVERY:
            self.every.addItem(label, key)
        sched = reflowable(QHBoxLayout())
        sched.addWidget(self.kind)
        sched.addWidget(self.due)
        sched.addWidget(self.every)
        self.apply_button = QPushButton("Cập nhật nhiệm vụ")
        self.apply_button.clicked.connect(self.apply_requested)
        form.addRow("Nội dung công việc", self.content)
        form.addRow("Kết quả công việc", self.results)
        form.addRow("Chủ trì", self._with_menu(self.lead, unit_names))
        form.addRow("Phối hợp", self._with_menu(self.coordinate, unit_names))
        form.addRow("Thời gian (như in)", self.time_text)
        form.addRow("Hạn / lịch theo dõi", sched)
        form.addRow("", self.apply_button)
        for w in (self.content, self.results):
            w.textChanged.connect(self._changed)
        for w in (self.lead, self.coordinate, self.time_text):
            w.textEdited.connect(self._changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.every.currentIndexChanged.connect(self._changed)
        self.due.dateChanged.connect(self._changed)

        layout = reflowable(QHBoxLayout(self))  # the province's task above the department's when narrow
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(dept_box, 1)
        self.set_task(None)

    def _with_menu(self, edit: QLineEdit, names: list[str]) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QToolButton(text="Thêm…")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for name in names:
            menu.addAction(name, lambda n=name, e=edit: self._append(e, n))
        button.setMenu(menu)
        button.setEnabled(bool(names))
        row.addWidget(button)
        return box

    def _append(self, edit: QLineEdit, name: str) -> None:
        names = _split_names(edit.text())
        if name not in names:
            edit.setText("; ".join(names + [name]))
            self._changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.due.setEnabled(kind == "once")
        self.every.setEnabled(kind == "recurring")
        self._changed()

    def _changed(self, *_) -> None:
        if not self._loading:
            self._dirty = True
            self.edited.emit()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_task(self, task: DerivedTask | None) -> None:
        self._loading = True
        try:
            enabled = task is not None
            for w in (self.content, self.results, self.lead, self.coordinate, self.time_text, self.kind, self.due,
                      self.every, self.apply_button):
                w.setEnabled(enabled)
            self.accept_one_button.setEnabled(bool(task and task.rewording))
            if task is None:
                self.source_view.setHtml("<i>Chọn một nhiệm vụ trong bảng.</i>")
                self.diff_view.clear()
                for w in (self.content, self.results):
                    w.setPlainText("")
                for w in (self.lead, self.coordinate, self.time_text):
                    w.setText("")
                return
            self.source_view.setHtml(source_html(task))
            self.diff_view.setHtml(diff_html(task))
            self.content.setPlainText(task.content)
            self.results.setPlainText("\n".join(task.results))
            self.lead.setText("; ".join(task.lead))
            self.coordinate.setText("; ".join(task.coordinate))
            self.time_text.setText(task.time_text)
            for edit in (self.lead, self.coordinate, self.time_text):
                edit.setCursorPosition(0)  # a long list of units shows its start in a narrow field
            self.kind.setCurrentIndex(max(0, self.kind.findData(task.schedule.kind)))
            due = task.schedule.due or date(self.year, 12, 31)
            self.due.setDate(QDate(due.year, due.month, due.day))
            self.every.setCurrentIndex(max(0, self.every.findData(task.schedule.every or "continuous")))
            self.due.setEnabled(task.schedule.kind == "once")
            self.every.setEnabled(task.schedule.kind == "recurring")
        finally:
            self._loading = False
            self._dirty = False

    def values(self) -> dict:
        kind = self.kind.currentData()
        schedule = Schedule(kind, self.due.last_valid() if kind == "once" else None,
                            self.every.currentData() if kind == "recurring" else None)
        lead, coordinate = _split_names(self.lead.text()), _split_names(self.coordinate.text())
        return {
            "content": self.content.toPlainText().strip(),
            "results": [r.strip() for r in self.results.toPlainText().split("\n") if r.strip()],
            "lead": lead, "coordinate": coordinate, "lead_units": list(lead), "coordinate_units": list(coordinate),
            "time_text": self.time_text.text().strip(),
            "schedule": schedule,
        }
