"""The «… · Hủy» button row of a dialog, named in Vietnamese."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def accept_cancel(dialog: QDialog, accept_text: str, on_accept: Callable[[], object] | None = None) -> QDialogButtonBox:
    """«accept_text · Hủy»: the first runs ``on_accept`` (default: the dialog's accept), «Hủy» rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(accept_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
