"""The same keys on every page: Ctrl+F finds in the page's list, Ctrl+P prints it, Ctrl+S saves and says
«Đã lưu». Each key is a page shortcut with its description, so Trợ giúp → Phím tắt lists it."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTableView, QTableWidget, QWidget

from tthc_desktop.domain.text import fold
from tthc_desktop.ui.common.shortcuts import add_shortcut


def view_rows(view: QAbstractItemView, visible_only: bool = True) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of what the table shows: visible columns, rows not hidden, display text."""
    model = view.model()
    header = view.horizontalHeader() if isinstance(view, QTableView) else None
    columns = [c for c in range(model.columnCount()) if header is None or not header.isSectionHidden(c)]
    if header is not None:
        columns.sort(key=header.visualIndex)
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    rows = []
    for r in range(model.rowCount()):
        if visible_only and isinstance(view, QTableView) and view.isRowHidden(r):
            continue
        rows.append([str(model.index(r, c).data() or "") for c in columns])
    return headers, rows


class FindBar(QLineEdit):
    """Ctrl+F on a page without a search field: a filter line above its table that hides the other rows."""

    def __init__(self, table: QTableWidget, what: str, parent: QWidget | None = None):
        super().__init__(parent, placeholderText=f"Tìm {what} (gõ không dấu cũng được)…", clearButtonEnabled=True)
        self.table = table
        self.setObjectName("findBar")
        self.textChanged.connect(self.apply)
        self.hide()

    def apply(self, *_args) -> int:
        """Hide the rows without the text; returns how many are shown."""
        needle = fold(self.text())
        shown = 0
        for r in range(self.table.rowCount()):
            cells = (self.table.item(r, c) for c in range(self.table.columnCount()))
            match = not needle or any(item is not None and needle in fold(item.text()) for item in cells)
            self.table.setRowHidden(r, not match)
            shown += match
        return shown

    def open(self) -> None:
        self.show()
        self.setFocus()
        self.selectAll()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.hide()
            self.table.setFocus()
            return
        super().keyPressEvent(event)


def add_find(page: QWidget, target: QLineEdit | FindBar, title: str):
    """Ctrl+F: focus ``target`` (the page's search field, or its FindBar)."""
    def go() -> None:
        if isinstance(target, FindBar):
            target.open()
        else:
            target.setFocus()
            target.selectAll()

    page.find = go
    return add_shortcut(page, QKeySequence.StandardKey.Find, go, f"{title}: tìm")


def _described(verb: str, what: str) -> str:
    """«Tổng quan: danh sách quá hạn» + «in» → «Tổng quan: in danh sách quá hạn»."""
    where, _, thing = what.partition(": ")
    return f"{where}: {verb} {thing}" if thing else f"{where}: {verb}"


def add_print(page: QWidget, fn: Callable[[], object], what: str):
    page.print_view = fn
    return add_shortcut(page, QKeySequence.StandardKey.Print, fn, _described("in (xem trước)", what))


def add_save(page: QWidget, fn: Callable[[], object], what: str):
    """Ctrl+S: ``fn`` saves (returns something falsy on failure) and the page says «Đã lưu»."""
    def go() -> None:
        result = fn()
        if result is not None and result is not False:
            show_saved(page)

    page.save_now = go
    return add_shortcut(page, QKeySequence.StandardKey.Save, go, _described("lưu", what))


def show_saved(widget: QWidget, text: str = "Đã lưu") -> QLabel:
    """A small «Đã lưu» note over the bottom of the window for a few seconds: a save is confirmed without a click."""
    host = widget.window()
    note = host.findChild(QLabel, "savedNotice")
    if note is None:
        note = QLabel(host, objectName="savedNotice")
        note.setStyleSheet("background: #2e7d32; color: white; padding: 6px 14px; border-radius: 4px; font-weight: bold;")
        note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        note._timer = QTimer(note, singleShot=True, interval=2500)
        note._timer.timeout.connect(note.hide)
    note.setText(f"✓ {text}")
    note.adjustSize()
    note.move((host.width() - note.width()) // 2, host.height() - note.height() - 36)
    note.raise_()
    note.show()
    note._timer.start()
    return note
