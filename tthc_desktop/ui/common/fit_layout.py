"""Dialogs whose action buttons never leave the screen, and bodies that reflow instead of scrolling sideways.

``fixed_buttons_scroll_body`` lays a dialog out as a scrolling body above a fixed button row, so at
125 %/150 % on a 1366×768 laptop «Lưu» and «Đóng» stay visible while the form scrolls. Inside the body,
when the scroll area is narrower than the body needs, layouts are narrowed one at a time until it fits:
first every QFormLayout puts its labels above the fields, then each box layout or splitter marked
``reflowable`` (innermost first) turns from side-by-side to one above the other; then any narrowing
that a later one made needless is undone.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout, QFormLayout, QLabel, QLayout, QScrollArea, QSizePolicy, QSplitter, QVBoxLayout, QWidget,
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
        elif widget.layout() is not None:
            walk(widget.layout())
        else:  # a tab widget and the like: their pages are child widgets, not layout items
            for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
                visit(child)

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
    """Make Qt forget the size hints it cached for the changed part now, not on the next event loop turn,
    so the body's new minimum width can be read at once: every layout in the body, and every widget from
    the changed one up to the body (each caches its hints in its parent's layout)."""
    for layout in body.findChildren(QLayout):
        layout.invalidate()
    widget = item if isinstance(item, QWidget) else item.parentWidget()
    while widget is not None:
        widget.updateGeometry()
        if widget is body:
            break
        widget = widget.parentWidget()


def reflow(body: QWidget, width: int) -> list[QObject]:
    """Narrow as few of ``body``'s layouts as make it fit ``width`` (the cheapest first: forms put their labels
    above the fields, then the innermost rows stack before the big side-by-side parts) and return those narrowed. Some stay wide when it still does not fit: it then scrolls sideways."""
    found = _reflowables(body)
    items = [i for i in found if isinstance(i, QFormLayout)] + [i for i in reversed(found) if not isinstance(i, QFormLayout)]
    for item in items:
        _set_narrow(item, False)
        _touch(item, body)

    def fits() -> bool:
        return body.minimumSizeHint().width() <= width

    narrowed = []
    for item in items:
        if fits():
            break
        _set_narrow(item, True)
        _touch(item, body)
        narrowed.append(item)
    for item in reversed(narrowed[:-1]):  # a later, bigger change may have made an earlier one needless
        _set_narrow(item, False)
        _touch(item, body)
        if fits():
            narrowed.remove(item)
        else:
            _set_narrow(item, True)
            _touch(item, body)
    return narrowed


def _least_height(body: QWidget, width: int) -> int:
    """The height ``body`` needs at ``width`` so nothing is squeezed. Qt's own minimum-height-for-width takes a
    tab widget's or group box's *preferred* height as soon as one wrapped label sits in it, which would make
    a dialog scroll that fits; here only wrapped labels and wrapping layouts (a button FlowLayout) count by
    their height for the width, every other widget by its minimum."""
    layout = body.layout()
    if not isinstance(layout, QBoxLayout) or layout.direction() != QBoxLayout.Direction.TopToBottom:
        return layout.totalMinimumHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() \
            else body.minimumSizeHint().height()
    margins = layout.contentsMargins()
    inner = width - margins.left() - margins.right()
    heights = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = item.widget()
        if item.isEmpty():
            continue
        if item.hasHeightForWidth() and (widget is None or isinstance(widget, QLabel)):
            heights.append(max(item.minimumSize().height(), item.heightForWidth(inner)))
        else:
            heights.append(item.minimumSize().height())
    return sum(heights) + layout.spacing() * max(0, len(heights) - 1) + margins.top() + margins.bottom()


class ScrollBody(QScrollArea):
    """A frameless scroll area that gives its body the viewport's width (reflowing it to fit) and the
    viewport's height, or the body's minimum height for that width when taller: a list in the body fills
    the window, and the body scrolls only when its fields would otherwise be squeezed. Sideways only as a
    last resort, when even the narrowed body is wider than the viewport."""

    def __init__(self, body: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setWidget(body)
        self._width = -1
        body.installEventFilter(self)
        self.viewport().installEventFilter(self)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """What the body would like, uncapped (QScrollArea caps at 36×24 lines): the dialog opens at its natural
        size and the screen fitter, not the scroll area, decides when that is too big."""
        hint = self.widget().sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if (obj is self.viewport() and event.type() == QEvent.Type.Resize) or (
                obj is self.widget() and event.type() == QEvent.Type.LayoutRequest):
            self._place()
        return False

    def _place(self) -> None:
        body = self.widget()
        bar = self.verticalScrollBar()
        room = self.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
        if room != self._width:  # reserve room for the vertical bar the body may soon need
            self._width = room
            reflow(body, room)
        width = max(self.viewport().width(), body.minimumSizeHint().width())
        room, least = self.viewport().height(), _least_height(body, width)
        if least > room:  # it scrolls anyway: let lists and editors open up by half a screen more
            layout = body.layout()
            wanted = layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() \
                else body.sizeHint().height()
            least = max(least, min(wanted, least + room // 2))
        body.resize(width, max(room, least))


def fixed_buttons_scroll_body(dialog: QWidget, body: QWidget | QLayout, buttons: QWidget | QLayout,
                              margins: int | None = None) -> QScrollArea:
    """Lay ``dialog`` out as ``body`` (scrolling, reflowing) above ``buttons`` (always in view)."""
    if isinstance(body, QLayout):
        holder = QWidget()
        holder.setLayout(body)
        body = holder
    area = ScrollBody(body)
    layout = QVBoxLayout(dialog)
    if margins is not None:
        layout.setContentsMargins(margins, margins, margins, margins)
    layout.addWidget(area, 1)
    if isinstance(buttons, QLayout):
        layout.addLayout(buttons)
    else:
        layout.addWidget(buttons)
    return area
