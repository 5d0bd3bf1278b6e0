"""Sửa → Nhiệm vụ đã bỏ khỏi kế hoạch: the tracked tasks taken out («Không thực hiện») with what they hold,
their detail (entries and evidence kept) and «Đưa lại vào kế hoạch»."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QHeaderView, QLabel, QPushButton, QTableWidgetItem, QWidget,
)

from tthc_desktop.services import task_records
from tthc_desktop.ui.common.tables import lay_out_list_dialog, record_table
from tthc_desktop.ui.common.workers import show_error

COLUMNS = ["Số", "Nội dung", "Lý do bỏ", "Kết quả", "Văn bản"]


class RemovedTasksDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Nhiệm vụ đã bỏ khỏi kế hoạch")
        self.resize(900, 420)
        self.hint = QLabel(wordWrap=True)
        self.table = record_table(COLUMNS, wrap=True)
        self.table.doubleClicked.connect(lambda _i: self.open_detail())
        self.detail_button = QPushButton("Xem chi tiết")
        self.detail_button.clicked.connect(self.open_detail)
        self.restore_button = QPushButton("Đưa lại vào kế hoạch")
        self.restore_button.clicked.connect(self.restore)
        lay_out_list_dialog(self, self.hint, self.table, [self.detail_button, self.restore_button])
        self.reload()

    def reload(self) -> None:
        self.items = task_records.removed_in_current_plan(self.ctx.db)
        self.hint.setText("Các nhiệm vụ đã có kết quả hoặc văn bản chứng minh được giữ lại khi bỏ khỏi kế hoạch "
                          "(«Không thực hiện»)." if self.items else "Kế hoạch đang theo dõi không có nhiệm vụ nào bị bỏ.")
        self.table.setRowCount(len(self.items))
        for r, t in enumerate(self.items):
            for c, value in enumerate([t["number"], t["content"], t["reason"], str(t["progress"]), str(t["evidence"])]):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 50), (2, 300), (3, 70), (4, 70)):
            self.table.setColumnWidth(column, width)
        self.table.resizeRowsToContents()
        for b in (self.detail_button, self.restore_button):
            b.setEnabled(bool(self.items))
        if self.items:
            self.table.selectRow(0)

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def open_detail(self) -> None:
        from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

        item = self.selected()
        if item is not None:
            TaskDetailDialog(self.ctx, item["id"], self).exec()
            self.reload()

    def restore(self) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            task_records.restore_task(self.ctx.db, item["id"])
        except Exception as exc:  # noqa: BLE001 - one sentence for the officer
            show_error(self, exc)
            return
        self.ctx.notify("plans")
        self.ctx.status_message.emit(f"Đã đưa nhiệm vụ {item['number']} trở lại kế hoạch.")
        self.reload()
