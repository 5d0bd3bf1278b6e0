"""The read-only list tables of the window: whole rows selected one at a time, no row numbers."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QTableWidget, QVBoxLayout, QWidget,
)


def record_table(headers: Sequence[str], *, wrap: bool = False, parent=None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def lay_out_list_dialog(dialog: QDialog, hint: QWidget, table: QTableWidget, actions: Sequence[QWidget]) -> None:
    """A list dialog's layout: the hint, the table, then its action buttons left and «Đóng» right."""
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
    close.rejected.connect(dialog.reject)
    row = QHBoxLayout()
    for widget in actions:
        row.addWidget(widget)
    row.addStretch(1)
    row.addWidget(close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(hint)
    layout.addWidget(table, 1)
    layout.addLayout(row)
