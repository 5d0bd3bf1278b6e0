"""Thiết lập cơ quan: the agency profile, edited, validated and saved."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea, QVBoxLayout, QWidget

from tthc_desktop.services import catalog
from tthc_desktop.ui.common.conflict_dialog import save_checked
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.common.icons import icon
from tthc_desktop.ui.common.page_keys import add_save
from tthc_desktop.ui.catalog.profile_form import FIELDS, ProfileForm


class ProfilePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Thiết lập cơ quan", objectName="pageTitle"))
        hint = QLabel("Thông tin in trên kế hoạch, báo cáo và thư gửi đơn vị. Mục có dấu (*) là bắt buộc.",
                      objectName="pageHint", wordWrap=True)
        layout.addWidget(hint)
        self.form = ProfileForm(tuple(FIELDS))
        self.form.setMaximumWidth(760)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton(icon("save", light=True), "Lưu")
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip("Lưu thông tin cơ quan (Ctrl+S)")
        self.revert_button = QPushButton("Hoàn tác")
        self.revert_button.setToolTip("Bỏ các thay đổi chưa lưu")
        self.status = QLabel(objectName="pageHint")
        row.addWidget(self.save_button)
        row.addWidget(self.revert_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.refresh)
        add_save(self, self.save, "Thiết lập cơ quan")
        self._saved: dict = {}
        self.refresh()

    def refresh(self) -> None:
        profile = catalog.get_profile(self.ctx.db)
        values = catalog.example_profile() if profile is None else {k: getattr(profile, k) for k in FIELDS}
        if profile is None:
            values = {k: v for k, v in values.items() if k.endswith("_day")}
        self.form.set_values(values)
        self._saved = self.form.values()
        self._version = profile.version if profile is not None else 0  # saved back as expected_version
        self.status.setText("" if profile else "Chưa có thông tin cơ quan: hãy nhập và bấm Lưu.")

    def is_modified(self) -> bool:
        return self.form.values() != self._saved

    def save(self) -> bool:
        values = self.form.validate()
        if values is None:
            return False
        try:
            saved, profile = save_checked(self, lambda expected: catalog.save_profile(
                self.ctx.db, expected_version=expected, **values), self._version)
        except Exception as exc:
            from tthc_desktop.ui.common.workers import error_text

            self.form.show_error(error_text(exc))
            return False
        if not saved:  # the officer keeps the colleague's version: show it
            self.refresh()
            return False
        self._version = profile.version
        self._saved = self.form.values()
        self.status.setText("Đã lưu.")
        self.ctx.notify("profile")
        self.ctx.status_message.emit("Đã lưu thông tin cơ quan.")
        return True

    def can_close(self) -> bool:
        """Asked by the main window before it closes: unsaved edits are saved, dropped or kept."""
        if not self.is_modified():
            return True
        answer = QMessageBox.question(
            self, "Thông tin cơ quan chưa lưu", "Lưu các thay đổi thông tin cơ quan trước khi thoát?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
