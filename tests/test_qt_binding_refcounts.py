"""The pinned PySide6 must not leak or drop references to None/True/False on ordinary calls.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call of a method returning
void; a window session then aborted ("none_dealloc") after some thousands of calls.
"""
import sys

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget


def _delta(fn, n=500):
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(n):
        fn()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    return [a - b for a, b in zip(after, before)]


def test_void_methods_keep_none_alive(qtbot):
    widget, button, action = QWidget(), QPushButton("x"), QAction("y")
    qtbot.addWidget(widget)
    qtbot.addWidget(button)
    for call in (lambda: widget.setEnabled(True), action.trigger, lambda: action.setText("z"), widget.isVisible):
        assert all(abs(d) < 50 for d in _delta(call)), call
