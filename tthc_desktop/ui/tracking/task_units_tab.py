"""The task detail's «Đơn vị thực hiện»: every unit linked to the task with its own status in the chosen
period (the board's rule, from ``services.task_units``), whether it reported, its latest report, and a
«Chưa báo cáo» mark on a lead unit that still owes this period's report. Double-click (or the button)
hands the unit to the progress form of the detail."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget,
)

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_date
from tthc_desktop.services.task_units import NOT_REPORTED, TaskUnits, UnitLine, task_units
from tthc_desktop.ui.common.tables import record_table

HEADERS = ["Đơn vị", "Vai trò", "Trạng thái trong kỳ", "Báo cáo kỳ này", "Báo cáo gần nhất", "Tỷ lệ"]
REPORTED_COLUMN = 3
MISSING_BG = QColor("#fbe9d0")
MISSING_FG = QColor("#a33a00")


def _reported_cell(line: UnitLine) -> tuple[str, str]:
    """(text, tooltip) of the «Báo cáo kỳ này» column."""
    if line.state.reported:
        return "Đã báo cáo", "Đơn vị đã gửi báo cáo của kỳ này"
    if line.not_reported:
        return NOT_REPORTED.capitalize(), "Đơn vị chủ trì phải báo cáo kỳ này nhưng chưa gửi"
    if line.state.role != "lead":
        return "—", "Đơn vị phối hợp không bắt buộc báo cáo"
    return "—", "Kỳ này đơn vị không phải báo cáo (đã hoàn thành, hoặc Văn phòng Sở đã xác nhận)"


def _last_report(line: UnitLine, period: Period) -> str:
    if line.last_report is None:
        return ""
    text = format_date(line.last_report.date())
    if line.last_period and line.last_period != period.code:
        text += f" ({Period.parse(line.last_period).label})"
    return text


class TaskUnitsTab(QWidget):
    """``update_requested(unit_id)``: the officer wants to record this unit's progress."""

    update_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.shown: TaskUnits | None = None
        self.period_box = QComboBox()
        self.period_box.setToolTip("Kỳ báo cáo (cùng kỳ với ô «Kỳ» của tab Tiến độ theo kỳ)")
        self.summary = QLabel(wordWrap=True)
        self.table = record_table(HEADERS)
        self.table.setToolTip("Nhấp đúp vào một đơn vị để cập nhật tiến độ của đơn vị đó")
        self.table.cellDoubleClicked.connect(lambda row, _col: self.request_update(row))
        self.table.itemSelectionChanged.connect(self._sync_button)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)  # the unit's name takes the room, the short columns fit their text
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.update_button = QPushButton("Cập nhật tiến độ của đơn vị…")
        self.update_button.setToolTip("Mở tab Tiến độ theo kỳ với đơn vị đang chọn và kỳ này")
        self.update_button.clicked.connect(lambda: self.request_update(self._selected_row()))
        top = QHBoxLayout()
        top.addWidget(QLabel("Kỳ:"))
        top.addWidget(self.period_box)
        top.addWidget(self.summary, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.update_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._sync_button()

    def load(self, db, task_id: int, period: Period, today: date | None = None) -> TaskUnits:
        shown = self.shown = task_units(db, task_id, period, today)
        row = shown.row
        self.summary.setText(f"Trạng thái nhiệm vụ: <b>{row.status_label}</b>"
                             + (f" — {row.progress_text}" if row.progress_text else ""))
        self.table.setRowCount(len(shown.units))
        for r, line in enumerate(shown.units):
            reported, tip = _reported_cell(line)
            values = [line.state.name, line.role_label, line.status_label, reported, _last_report(line, period),
                      f"{line.percent}%" if line.percent is not None else ""]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(tip if c == REPORTED_COLUMN else value)
                if line.not_reported:
                    item.setBackground(MISSING_BG)
                self.table.setItem(r, c, item)
            if line.not_reported:
                mark = self.table.item(r, REPORTED_COLUMN)
                mark.setForeground(MISSING_FG)
                font = QFont(mark.font())
                font.setBold(True)
                mark.setFont(font)
        self.table.resizeRowsToContents()
        if not shown.units:
            self.summary.setText(self.summary.text() + " · Nhiệm vụ chưa gắn đơn vị nào (xem Lập kế hoạch → "
                                                       "«Đơn vị phải thực hiện, báo cáo»).")
        self._sync_button()
        return shown

    def missing_count(self) -> int:
        return sum(u.not_reported for u in self.shown.units) if self.shown else 0

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _sync_button(self) -> None:
        self.update_button.setEnabled(self._selected_row() >= 0)

    def request_update(self, row: int) -> None:
        if self.shown is not None and 0 <= row < len(self.shown.units):
            self.update_requested.emit(self.shown.units[row].state.unit_id)
