"""Keyboard shortcuts that pages add for themselves; Trợ giúp → Phím tắt lists them with their text."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut


def add_shortcut(widget, keys, slot, description: str) -> QShortcut:
    """A page's keyboard shortcut, listed in Trợ giúp → Phím tắt with ``description``."""
    shortcut = QShortcut(QKeySequence(keys), widget, slot)
    shortcut.setWhatsThis(description)
    return shortcut
