"""Dialog "Ban hành kế hoạch": number, date, signer and the wording of each part of the plan.

Open with ``PlanIssueDialog(ctx, plan_id, parent).exec()``. Each part is edited as plain text, one
paragraph per line ("**chữ đậm**" allowed); in "Chế độ báo cáo" a line such as "a) Kỳ báo cáo" starts a
point. A part left as its default wording is stored as "default", so it follows later changes of the
reporting rules or the office's e-mail address.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tthc_desktop.ui.common.conflict_dialog import save_checked
from tthc_desktop.ui.common.date_edit import DateEdit
from tthc_desktop.domain.plan_texts import TEXT_BLOCKS
from tthc_desktop.errors import TthcError
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body
from tthc_desktop.ui.common.screen_fit import fit_to_screen

_POINT = re.compile(r"^[a-zđ]\)\s+\S", re.IGNORECASE)


def blocks_to_text(key: str, value: list) -> str:
    if key != "reporting":
        return "\n".join(str(v) for v in value)
    lines: list[str] = []
    for block in value:
        if isinstance(block, dict):
            if block.get("heading"):
                lines.append(block["heading"])
            lines.extend(block.get("paragraphs", []))
        else:
            lines.append(str(block))
    return "\n".join(lines)


def text_to_blocks(key: str, text: str) -> list:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if key != "reporting":
        return lines
    blocks: list[dict] = []
    for line in lines:
        # A short "a) …" line without a final full stop is the title of a point, not a paragraph.
        if _POINT.match(line) and len(line) <= 80 and not line.endswith((".", ";", ":")):
            blocks.append({"heading": line, "paragraphs": []})
        else:
            if not blocks:
                blocks.append({"heading": "", "paragraphs": []})
            blocks[-1]["paragraphs"].append(line)
    return blocks


class PlanIssueDialog(QDialog):
    def __init__(self, ctx, plan_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.plan_id = ctx, plan_id
        self.setWindowTitle("Ban hành kế hoạch: số, ngày, người ký và lời văn")
        fit_to_screen(self, 900, 640)
        self.number = QLineEdit(placeholderText="để trống cho văn thư ghi khi đăng ký (ví dụ 12 hoặc 12/KH-SNNPTNT)")
        self.blank_date = QCheckBox("Để trống ngày cho văn thư ghi")
        self.date = DateEdit()
        self.blank_date.toggled.connect(lambda on: self.date.setEnabled(not on))
        self.blank_month = QSpinBox(minimum=0, maximum=12, specialValueText="không ghi")
        self.blank_month.setToolTip("Tháng in sẵn khi để trống ngày: «ngày    tháng 02 năm 2024»")
        self.signer = QLineEdit()
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(self.blank_date)
        date_row.addWidget(QLabel("Tháng in sẵn:"))
        date_row.addWidget(self.blank_month)
        date_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Số văn bản:", self.number)
        form.addRow("Ngày ban hành:", date_row)
        form.addRow("Người ký:", self.signer)
        self.tabs = QTabWidget()
        self.editors: dict[str, QPlainTextEdit] = {}
        self.states: dict[str, QLabel] = {}
        for key, label in TEXT_BLOCKS.items():
            self.tabs.addTab(self._block_tab(key), label)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")
        buttons.accepted.connect(self.save_and_close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout()  # the body: it scrolls above the fixed «Lưu · Đóng» on a small screen
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("Lời văn (mỗi dòng một đoạn; **chữ đậm**):"))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        fixed_buttons_scroll_body(self, layout, buttons)
        self.load()

    def _block_tab(self, key: str) -> QWidget:
        page = QWidget()
        editor = QPlainTextEdit()
        editor.setTabChangesFocus(True)
        state = QLabel()
        reset = QPushButton("Khôi phục lời văn mặc định")
        reset.clicked.connect(lambda: self.reset_block(key))
        editor.textChanged.connect(lambda: self._show_state(key))
        row = QHBoxLayout()
        row.addWidget(state, 1)
        row.addWidget(reset)
        box = QVBoxLayout(page)
        box.addWidget(editor, 1)
        box.addLayout(row)
        self.editors[key], self.states[key] = editor, state
        return page

    def load(self) -> None:
        from tthc_desktop.services.plan_issue import issue_info

        info = issue_info(self.ctx.db, self.plan_id)
        self.info = info
        self.number.setText(info.number)
        self.blank_date.setChecked(info.doc_date is None)
        when = info.doc_date
        self.date.setDate(QDate(when.year, when.month, when.day) if when else QDate.currentDate())
        self.date.setEnabled(when is not None)
        self.blank_month.setValue(info.blank_month or 0)
        self.signer.setText(info.signer_name)
        for key, editor in self.editors.items():
            editor.setPlainText(blocks_to_text(key, info.blocks.get(key, [])))

    def default_text(self, key: str) -> str:
        return blocks_to_text(key, self.info.defaults.get(key, []))

    def _show_state(self, key: str) -> None:
        same = self.editors[key].toPlainText().strip() == self.default_text(key).strip()
        self.states[key].setText("Đang dùng lời văn mặc định." if same else "✎ Lời văn đã sửa (khác mặc định).")

    def reset_block(self, key: str) -> None:
        self.editors[key].setPlainText(self.default_text(key))

    def values(self) -> dict:
        """What ``save_issue_info`` receives; blocks equal to their default are stored as default (None)."""
        blocks = {}
        for key, editor in self.editors.items():
            text = editor.toPlainText()
            blocks[key] = None if text.strip() == self.default_text(key).strip() else text_to_blocks(key, text)
        when = None if self.blank_date.isChecked() else self.date.date().toPython()
        return {"number": self.number.text(), "doc_date": when, "blank_month": self.blank_month.value() or None,
                "signer_name": self.signer.text(), "blocks": blocks}

    def save(self) -> bool:
        from tthc_desktop.services.plan_issue import save_issue_info

        values = self.values()
        try:
            saved, _ = save_checked(self, lambda expected: save_issue_info(
                self.ctx.db, self.plan_id, expected_version=expected, **values), self.info.version)
        except (TthcError, ValueError) as exc:  # ValueError: the date field's own sentence
            self.error.setText(getattr(exc, "message", str(exc)))
            self.error.show()
            return False
        self.error.hide()
        self.load()  # the colleague's version when the officer kept it, else ours with its new version
        if not saved:
            return False
        self.ctx.notify("plans")
        self.ctx.status_message.emit("Đã lưu số, ngày và lời văn của kế hoạch.")
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()
