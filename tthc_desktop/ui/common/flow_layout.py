"""A row of buttons that wraps onto a second line when the window is narrow (125 %/150 % scaling on a
1366 px screen) instead of squeezing every label until it is cut off. Qt's "flow layout" example."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QSizePolicy, QWidgetItem


class FlowLayout(QLayout):
    """``addWidget`` and ``addStretch`` like a QHBoxLayout; items keep their size hint and wrap."""

    def __init__(self, parent=None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self._breaks: set[int] = set()  # after a stretch the rest goes to the right end of its line
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def addWidget(self, widget) -> None:  # noqa: N802 - Qt API
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def addStretch(self, _stretch: int = 0) -> None:  # noqa: N802 - QHBoxLayout's name
        self._breaks.add(len(self._items))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = sum(i.sizeHint().width() for i in self._items) + self.spacing() * max(0, len(self._items) - 1)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        lines: list[list] = [[]]
        x, space = 0, self.spacing()
        for index, item in enumerate(self._items):
            if item.widget() is not None and not item.widget().isVisibleTo(self.parentWidget()):
                continue
            w = item.sizeHint().width()
            if lines[-1] and x + w > rect.width():
                lines.append([])
                x = 0
            lines[-1].append((index, item))
            x += w + space
        y = rect.y()
        for line in lines:
            height = max((item.sizeHint().height() for _, item in line), default=0)
            if move:
                right = [(i, it) for i, it in line if any(b <= i for b in self._breaks)]
                left = [(i, it) for i, it in line if (i, it) not in right]
                x = rect.x()
                for _, item in left:
                    item.setGeometry(QRect(QPoint(x, y), item.sizeHint()))
                    x += item.sizeHint().width() + space
                x = rect.right() + 1 - sum(it.sizeHint().width() + space for _, it in right) + space
                for _, item in right:
                    item.setGeometry(QRect(QPoint(max(x, rect.x()), y), item.sizeHint()))
                    x += item.sizeHint().width() + space
            y += height + space
        return y - rect.y() - space if lines and lines[0] else 0
