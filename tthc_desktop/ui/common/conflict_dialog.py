"""A save over a colleague's newer change: both versions side by side, and the officer chooses."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from tthc_desktop.errors import EditConflictError
from tthc_desktop.services.conflicts import headline

KEEP_THEIRS = "theirs"
KEEP_MINE = "mine"


def _when(value) -> str:
    return value.strftime("%H:%M %d/%m/%Y") if value else ""


def _compared(mine: dict, theirs: dict) -> list[tuple[str, str, str]]:
    """(label, theirs, mine) rows: a row's ``fields`` (services.conflicts.row_version), else a progress entry."""
    if "fields" in theirs or "fields" in mine:
        a, b = theirs.get("fields") or {}, mine.get("fields") or {}
        labels = list(a) + [k for k in b if k not in a]
        return [(label, a.get(label, ""), b.get(label, "")) for label in labels]
    return [("Trạng thái", theirs.get("status_label", ""), mine.get("status_label", "")),
            ("Tỷ lệ", _percent(theirs.get("percent")), _percent(mine.get("percent"))),
            ("Kết quả", theirs.get("note", ""), mine.get("note", ""))]


class ConflictDialog(QDialog):
    """``choice`` is KEEP_THEIRS (nothing saved, the colleague's version shown) or KEEP_MINE (save again)."""

    def __init__(self, parent: QWidget | None, error):
        super().__init__(parent)
        mine, theirs = error.mine, error.theirs
        self.setWindowTitle(theirs.get("title") or "Đồng nghiệp vừa sửa nhiệm vụ này")
        self.choice = KEEP_THEIRS
        layout = QVBoxLayout(self)
        head = QLabel(headline(theirs) + "; thay đổi của bạn chưa được lưu. Hãy chọn giữ bản nào.")
        head.setWordWrap(True)
        head.setObjectName("conflictHeading")
        layout.addWidget(head)
        grid = QGridLayout()
        grid.addWidget(QLabel(""), 0, 0)
        grid.addWidget(QLabel(f"<b>Bản của đồng nghiệp</b> (phiên bản {theirs.get('version', '')})"), 0, 1)
        grid.addWidget(QLabel("<b>Bản của bạn</b> (chưa lưu)"), 0, 2)
        rows = [("Người sửa", theirs.get("by", ""), "bạn"), ("Lúc", _when(theirs.get("at")), ""),
                *_compared(mine, theirs)]
        for r, (label, a, b) in enumerate(rows, start=1):
            grid.addWidget(QLabel(label), r, 0)
            for c, value in ((1, a), (2, b)):
                cell = QLabel(value or "—")
                cell.setWordWrap(True)
                cell.setMinimumWidth(220)
                grid.addWidget(cell, r, c)
        layout.addLayout(grid)
        buttons = QDialogButtonBox()
        self.keep_theirs = buttons.addButton("Giữ bản của đồng nghiệp", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_mine = buttons.addButton("Ghi đè bằng bản của tôi", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_theirs.setDefault(True)  # the safe choice: nothing of the colleague's is lost by Enter
        self.keep_mine.clicked.connect(self._mine)
        self.keep_theirs.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _mine(self) -> None:
        self.choice = KEEP_MINE
        self.accept()


def _percent(value) -> str:
    return "" if value is None else f"{value}%"


def save_checked(parent: QWidget | None, save: Callable, expected):
    """``save(expected)`` and, on a colleague's newer save, the officer's choice: «Ghi đè bằng bản của tôi»
    saves again over the version shown (``theirs["override"]`` — the plan editor's versions by task — or
    ``theirs["version"]``).

    Returns (True, result) when saved, (False, None) when the officer kept the colleague's version (the
    caller shows it); other errors propagate."""
    while True:
        try:
            return True, save(expected)
        except EditConflictError as exc:
            dialog = ConflictDialog(parent, exc)
            dialog.exec()
            if dialog.choice != KEEP_MINE:
                return False, None
            expected = exc.theirs.get("override", exc.theirs["version"])
