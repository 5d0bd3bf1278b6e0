"""Windows and dialogs that fit the laptop: never taller or wider than the screen's free area.

``fit_to_screen`` sizes one window to what it would like, capped by the available geometry (the
taskbar excluded) and centred on it. ``ScreenFitter``, installed on the application, does the same
for every window and dialog as it is first shown, so none opens with its buttons under the taskbar.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

FRAME_ALLOWANCE = QSize(16, 40)  # the window manager's title bar and borders around the client area


def available_rect(widget: QWidget | None = None) -> QRect | None:
    """The screen's free area (taskbar excluded); None without a real screen (offscreen rendering)."""
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return None
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_size(wanted: QSize, widget: QWidget | None = None) -> QSize:
    rect = available_rect(widget)
    if rect is None:
        return QSize(wanted)
    room = rect.size() - FRAME_ALLOWANCE
    return QSize(min(wanted.width(), room.width()), min(wanted.height(), room.height()))


def fit_to_screen(widget: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Resize ``widget`` to ``width``×``height`` (default: its current size) within the free screen area."""
    wanted = QSize(width or widget.width(), height or widget.height())
    size = fit_size(wanted, widget)
    minimum = widget.minimumSize()
    if minimum.width() > size.width() or minimum.height() > size.height():
        widget.setMinimumSize(min(minimum.width(), size.width()), min(minimum.height(), size.height()))
    widget.resize(size)
    room = available_rect(widget)
    if widget.isWindow() and room is not None:
        frame = widget.frameGeometry()
        extra = frame.size() - widget.size() if frame.isValid() and widget.isVisible() else FRAME_ALLOWANCE
        x = room.x() + max(0, (room.width() - size.width() - extra.width()) // 2)
        y = room.y() + max(0, (room.height() - size.height() - extra.height()) // 2)
        widget.move(x, y)


class ScreenFitter(QObject):
    """Application event filter: the first show of each window or dialog is capped to the screen."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Show and isinstance(obj, (QDialog, QMainWindow)) and obj.isWindow():
            room = fit_size(QSize(10**6, 10**6), obj)
            if obj.width() > room.width() or obj.height() > room.height():
                fit_to_screen(obj)
        return False


def install(app: QApplication) -> ScreenFitter:
    fitter = ScreenFitter(app)
    app.installEventFilter(fitter)
    return fitter
