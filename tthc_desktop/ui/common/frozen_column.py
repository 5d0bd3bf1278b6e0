"""A table's first column kept in place while the other columns scroll sideways (Qt's "frozen column").

A second view over the same model shows only column 0 and lies over the table's own first column;
the two scroll together vertically and share the selection, row heights and header height.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QEvent, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView
from shiboken6 import isValid


class FrozenColumn(QTableView):
    def __init__(self, table: QTableView):
        super().__init__(table)
        self.table = table
        self.setObjectName("frozenColumn")
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.setSelectionBehavior(table.selectionBehavior())
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTableView#frozenColumn { border-right: 2px solid #b0b8c0; background: white; }")
        self.setWordWrap(table.wordWrap())
        table.viewport().stackUnder(self)
        table.horizontalHeader().sectionResized.connect(self._column_resized)
        table.verticalHeader().sectionResized.connect(lambda row, _old, size: self.setRowHeight(row, size))
        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        table.model().modelReset.connect(self.sync)
        table.model().columnsInserted.connect(lambda *_: self.sync())
        table.model().rowsInserted.connect(lambda *_: self.sync())
        self._watcher = _ResizeWatcher(self)
        table.installEventFilter(self._watcher)
        self.sync()

    def _alive(self) -> bool:
        return isValid(self) and isValid(self.table)  # the model's signals can outlive the table at shutdown

    def sync(self) -> None:
        """Only column 0 shown, the same sizes as the table's."""
        if not self._alive():
            return
        model = self.table.model()
        for c in range(model.columnCount()):
            self.setColumnHidden(c, c != 0)
        if model.columnCount():
            self.setColumnWidth(0, self.table.columnWidth(0))
        for r in range(model.rowCount()):
            self.setRowHeight(r, self.table.rowHeight(r))
        self.place()

    def _column_resized(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            self.setColumnWidth(0, size)
            self.place()

    def place(self) -> None:
        if not self._alive():
            return
        t = self.table
        self.horizontalHeader().setFixedHeight(t.horizontalHeader().height())
        self.setGeometry(t.verticalHeader().width() + t.frameWidth(), t.frameWidth(), t.columnWidth(0),
                         t.viewport().height() + t.horizontalHeader().height())
        self.setVisible(t.model().columnCount() > 1)


class _ResizeWatcher(QObject):
    def __init__(self, frozen: FrozenColumn):
        super().__init__(frozen)
        self.frozen = frozen

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.frozen.place()
        return False
