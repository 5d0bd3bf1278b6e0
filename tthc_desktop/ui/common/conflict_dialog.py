"""A save over a colleague's newer change: both versions side by side, and the officer chooses."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from tthc_desktop.services.conflicts import headline

KEEP_THEIRS = "theirs"
KEEP_MINE = "mine"


def _when(value) -> str:
    return value.strftime("%H:%M %d/%m/%Y") if value else ""


class ConflictDialog(QDialog):
    """``choice`` is KEEP_THEIRS (nothing saved, the colleague's version shown) or KEEP_MINE (save again)."""

    def __init__(self, parent: QWidget | None, error):
        super().__init__(parent)
        self.setWindowTitle("Đồng nghiệp vừa sửa nhiệm vụ này")
        self.choice = KEEP_THEIRS
        mine, theirs = error.mine, error.theirs
        layout = QVBoxLayout(self)
        head = QLabel(headline(theirs) + "; thay đổi của bạn chưa được lưu. Hãy chọn giữ bản nào.")
        head.setWordWrap(True)
        head.setObjectName("conflictHeading")
        layout.addWidget(head)
        grid = QGridLayout()
        grid.addWidget(QLabel(""), 0, 0)
        grid.addWidget(QLabel(f"<b>Bản của đồng nghiệp</b> (phiên bản {theirs.get('version', '')})"), 0, 1)
        grid.addWidget(QLabel("<b>Bản của bạn</b> (chưa lưu)"), 0, 2)
        rows = [("Người sửa", theirs.get("by", ""), "bạn"),
                ("Lúc", _when(theirs.get("at")), ""),
                ("Trạng thái", theirs.get("status_label", ""), mine.get("status_label", "")),
                ("Tỷ lệ", _percent(theirs.get("percent")), _percent(mine.get("percent"))),
                ("Kết quả", theirs.get("note", ""), mine.get("note", ""))]
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
