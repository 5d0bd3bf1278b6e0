"""Sửa → Lịch sử thay đổi: every operation that changed the data (who, when, what), and undo of one.

An operation that later ones depend on is refused with the sentence naming them; Sửa → Hoàn tác
(Ctrl+Z outside text fields) undoes the newest operation."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog, QHeaderView, QLabel, QMessageBox, QPushButton, QTableWidget,
    QTableWidgetItem, QWidget,
)

from tthc_desktop.domain.text import format_date
from tthc_desktop.services import history
from tthc_desktop.ui.common.tables import lay_out_list_dialog
from tthc_desktop.ui.common.workers import show_error

COLUMNS = ["Số", "Thời điểm", "Người thực hiện", "Loại", "Nội dung", "Trạng thái"]


def _when(text: str | None) -> str:
    if not text:
        return ""
    from datetime import datetime

    at = datetime.fromisoformat(text)
    return f"{format_date(at.date())} {at:%H:%M}"


def _state(op: dict) -> str:
    if op["undone"]:
        return "Đã hoàn tác"
    return "Hoàn tác được" if op["undoable"] else "Có thao tác sau phụ thuộc"


def undo_operation(parent: QWidget, ctx, op: dict, *, ask: bool = True) -> bool:
    """Undo one operation after asking; the refusal sentence (later operations depend on it) is shown as is."""
    if ask and QMessageBox.question(parent, "Hoàn tác", f"Hoàn tác thao tác «{op['summary']}» "
                                    f"({_when(op['time'])})?") != QMessageBox.StandardButton.Yes:
        return False
    try:
        message = history.undo(ctx.db, op["id"])
    except Exception as exc:  # noqa: BLE001 - one sentence for the officer
        show_error(parent, exc, title="Không hoàn tác được")
        return False
    ctx.notify("all")
    ctx.status_message.emit(message)
    return True


def undo_last(parent: QWidget, ctx) -> bool:
    """Sửa → Hoàn tác: the newest operation not undone yet."""
    op = next((o for o in history.list_operations(ctx.db, limit=20) if not o["undone"]), None)
    if op is None:
        ctx.status_message.emit("Không có thao tác nào để hoàn tác.")
        return False
    return undo_operation(parent, ctx, op)


class HistoryDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Lịch sử thay đổi")
        self.resize(960, 520)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.hint = QLabel("Mỗi dòng là một thao tác đã thay đổi dữ liệu. Thao tác mà các thao tác sau dựa vào "
                           "chỉ hoàn tác được sau khi hoàn tác các thao tác đó.", wordWrap=True)
        self.undo_button = QPushButton("Hoàn tác thao tác này")
        self.undo_button.clicked.connect(self.undo_selected)
        lay_out_list_dialog(self, self.hint, self.table, [self.undo_button])
        self.reload()

    def reload(self) -> None:
        self.ops = history.list_operations(self.ctx.db)
        self.table.setRowCount(len(self.ops))
        grey = QBrush(QColor("#808080"))
        for r, op in enumerate(self.ops):
            values = [f"#{op['id']}", _when(op["time"]), op["user"], op["kind_label"], op["summary"], _state(op)]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if op["undone"]:
                    item.setForeground(grey)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        if self.ops:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.ops[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        op = self.selected()
        self.undo_button.setEnabled(op is not None and not op["undone"])

    def undo_selected(self) -> bool:
        op = self.selected()
        if op is None:
            return False
        done = undo_operation(self, self.ctx, op)
        self.reload()
        return done
