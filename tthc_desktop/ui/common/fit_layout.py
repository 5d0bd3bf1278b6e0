"""Dialogs whose action buttons never leave the screen, and bodies that reflow instead of scrolling sideways.

``fixed_buttons_scroll_body`` lays a dialog out as a scrolling body above a fixed button row, so at
125 %/150 % on a 1366×768 laptop «Lưu» and «Đóng» stay visible while the form scrolls. Inside the body,
when the scroll area is narrower than the body needs, layouts are narrowed one at a time (outermost
first) until it fits: every QFormLayout puts its labels above the fields, a box layout or splitter
marked ``reflowable`` turns from side-by-side to one above the other.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QBoxLayout, QFormLayout, QLayout, QScrollArea, QSizePolicy, QSplitter, QVBoxLayout, QWidget,
)

_MARK = "tthcReflowable"
_WIDE = "tthcWide"  # the layout's own wide form (a form may wrap its long rows already)


def reflowable(item: QBoxLayout | QSplitter):
    """Mark a side-by-side layout or splitter as one that may go top-to-bottom when there is no room."""
    item.setProperty(_MARK, True)
    return item


def _reflowables(body: QWidget) -> list[QObject]:
    found: list[QObject] = []

    def walk(layout: QLayout | None) -> None:
        if layout is None:
            return
        if isinstance(layout, QFormLayout) or layout.property(_MARK):
            found.append(layout)
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item.layout() is not None:
                walk(item.layout())
            elif item.widget() is not None:
                visit(item.widget())

    def visit(widget: QWidget) -> None:
        if isinstance(widget, QScrollArea):
            return  # a nested scroll area takes care of its own content
        if isinstance(widget, QSplitter):
            if widget.property(_MARK):
                found.append(widget)
            for i in range(widget.count()):
                visit(widget.widget(i))
        walk(widget.layout())

    visit(body)
    return found


def _set_narrow(item: QObject, narrow: bool) -> None:
    if isinstance(item, QFormLayout):
        if item.property(_WIDE) is None:
            item.setProperty(_WIDE, int(item.rowWrapPolicy().value))
        wide = QFormLayout.RowWrapPolicy(item.property(_WIDE))
        item.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows if narrow else wide)
    elif isinstance(item, QSplitter):
        item.setOrientation(Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal)
    elif isinstance(item, QBoxLayout):
        item.setDirection(QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight)


def _touch(item: QObject, body: QWidget) -> None:
    """Let every widget from the changed layout up to ``body`` drop its cached size hints now, not on the
    next event loop turn, so the body's new minimum width can be read at once."""
    widget = item if isinstance(item, QWidget) else item.parentWidget()
    while widget is not None:
        widget.updateGeometry()
        if widget is body:
            break
        widget = widget.parentWidget()


def reflow(body: QWidget, width: int) -> int:
    """Narrow as few of ``body``'s layouts as make it fit ``width``; the number narrowed."""
    items = _reflowables(body)
    for item in items:
        _set_narrow(item, False)
        _touch(item, body)
    narrowed = 0
    for item in items:
        if body.minimumSizeHint().width() <= width:
            break
        _set_narrow(item, True)
        _touch(item, body)
        narrowed += 1
    return narrowed


class _Reflower(QObject):
    """On every resize of the scroll area's viewport, reflow the body to the viewport's width."""

    def __init__(self, area: QScrollArea):
        super().__init__(area)
        self.area = area
        self.width = -1

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and self.area.widget() is not None:
            width = self._room()
            if width != self.width:
                self.width = width
                reflow(self.area.widget(), width)
        return False

    def _room(self) -> int:
        """The viewport's width, less the vertical scroll bar the body may soon need."""
        bar = self.area.verticalScrollBar()
        spare = 0 if bar.isVisible() else bar.sizeHint().width()
        return self.area.viewport().width() - spare


def scroll_body(body: QWidget) -> QScrollArea:
    """``body`` in a frameless scroll area that reflows it to its width; scrolls sideways only as a last resort."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    area.setWidget(body)
    area.viewport().installEventFilter(_Reflower(area))
    return area


def fixed_buttons_scroll_body(dialog: QWidget, body: QWidget | QLayout, buttons: QWidget | QLayout,
                              margins: int | None = None) -> QScrollArea:
    """Lay ``dialog`` out as ``body`` (scrolling, reflowing) above ``buttons`` (always in view)."""
    if isinstance(body, QLayout):
        holder = QWidget()
        holder.setLayout(body)
        body = holder
    area = scroll_body(body)
    layout = QVBoxLayout(dialog)
    if margins is not None:
        layout.setContentsMargins(margins, margins, margins, margins)
    layout.addWidget(area, 1)
    if isinstance(buttons, QLayout):
        layout.addLayout(buttons)
    else:
        layout.addWidget(buttons)
    return area
