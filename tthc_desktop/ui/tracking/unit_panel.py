"""«Tình hình báo cáo của các đơn vị»: per unit, the tasks to report, reported, missing, late, the deadline.

Double-clicking a unit opens its tasks on the board (through ``AppContext.show_unit_tasks``, which the
shell connects); «Đôn đốc…» writes a công văn đôn đốc and an e-mail draft for every unit still missing.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from tthc_desktop.domain.text import format_date
from tthc_desktop.services import unit_followup
from tthc_desktop.ui.common.workers import run_with_progress, show_error

HEADERS = ["Đơn vị", "Phải báo cáo", "Đã báo cáo", "Còn thiếu", "Gửi sau hạn", "Hạn gửi"]
MISSING_BG = QColor("#fbe9d0")


class UnitReportsPanel(QGroupBox):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__("Tình hình báo cáo của các đơn vị", parent)
        self.ctx = ctx
        self.items: list[unit_followup.UnitFollowUp] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(220)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_unit(row))
        self.table.setToolTip("Nhấp đúp để xem các nhiệm vụ của đơn vị trên bảng theo dõi")
        self.summary = QLabel(wordWrap=True)
        self.remind_button = QPushButton("Đôn đốc…")
        self.remind_button.setToolTip("Lập công văn đôn đốc (.docx) và thư nháp (.eml, kèm phiếu báo cáo) cho các đơn "
                                      "vị còn thiếu báo cáo")
        self.remind_button.clicked.connect(self.remind)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.remind_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def set_items(self, items: list[unit_followup.UnitFollowUp]) -> None:
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for row, f in enumerate(self.items):
            values = [f.unit, len(f.must_report), len(f.reported), len(f.missing), len(f.late), format_date(f.deadline)]
            for col, value in enumerate(values):
                cell = QTableWidgetItem(str(value))
                if col:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if f.missing:
                    cell.setBackground(MISSING_BG)
                self.table.setItem(row, col, cell)
            self.table.item(row, 3).setToolTip(", ".join(f.missing) or "Không thiếu")
            self.table.item(row, 4).setToolTip(", ".join(f.late) or "Không có")
        missing = [f for f in self.items if f.missing]
        self.summary.setText(f"{len(missing)}/{len(self.items)} đơn vị còn thiếu báo cáo." if self.items
                             else "Chưa có đơn vị nào được giao nhiệm vụ.")
        self.remind_button.setEnabled(bool(missing))

    def open_unit(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.ctx.show_unit_tasks.emit(self.items[row].unit_id)

    def remind(self) -> None:
        from tthc_desktop.ui.common import file_dialogs

        folder = file_dialogs.choose_folder(self, "Chọn thư mục lưu công văn đôn đốc", key="unit-reminders")
        if folder is None:
            return
        db, period, today = self.ctx.db, self.ctx.period, date.today()
        try:
            files = run_with_progress(self, lambda _p: unit_followup.write_reminders(db, period, Path(folder), today),
                                      title="Đôn đốc các đơn vị", label="Đang lập công văn đôn đốc…")
        except Exception as exc:  # noqa: BLE001 - one sentence for the officer
            show_error(self, exc)
            return
        self.ctx.status_message.emit(f"Đã lập công văn đôn đốc {period.label} trong thư mục {folder}")
        file_dialogs.show_written(self, files, title=f"Đã lập {len(files)} tệp đôn đốc {period.label}")
