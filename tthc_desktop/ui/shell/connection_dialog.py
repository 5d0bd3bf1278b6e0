"""«Máy chủ của cơ quan»: where the office's PostgreSQL is, tested before use, remembered for next time."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tthc_desktop.errors import TthcError
from tthc_desktop.services import server
from tthc_desktop.ui.common.file_dialogs import window_settings

SETTINGS_GROUP = "may-chu"


class ConnectionDialog(QDialog):
    """``url()`` after acceptance; the password goes to the credential store only if «Lưu mật khẩu» is ticked."""

    def __init__(self, parent: QWidget | None = None, *, title: str = "Kết nối máy chủ của cơ quan",
                 accept_text: str = "Kết nối"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel("Dữ liệu dùng chung nằm trên máy chủ PostgreSQL của cơ quan; hãy hỏi bộ phận CNTT các thông "
                       "tin dưới đây.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit()
        self.host.setPlaceholderText("ví dụ: 10.0.0.5 hoặc may-chu-so")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("tthc")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Lưu mật khẩu trong kho mật khẩu của Windows")
        self.remember.setToolTip("Bỏ chọn: chương trình hỏi mật khẩu mỗi lần kết nối.")
        for label, widget in (("Máy chủ", self.host), ("Cổng", self.port), ("Cơ sở dữ liệu", self.database),
                              ("Người dùng", self.user), ("Mật khẩu", self.password)):
            form.addRow(label, widget)
        form.addRow("", self.remember)
        layout.addLayout(form)
        self.test_button = QPushButton("Kiểm tra kết nối")
        self.test_button.clicked.connect(self.test_connection)
        layout.addWidget(self.test_button)
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("connectionResult")
        layout.addWidget(self.outcome)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._restore()

    def url(self) -> str:
        return server.build_url(self.host.text(), self.port.value(), self.database.text(), self.user.text(),
                                self.password.text())

    def _missing(self) -> str:
        for label, widget in (("tên máy chủ", self.host), ("tên cơ sở dữ liệu", self.database),
                              ("tên người dùng", self.user)):
            if not widget.text().strip():
                return f"Hãy nhập {label}."
        return ""

    def test_connection(self) -> bool:
        problem = self._missing()
        if problem:
            self.outcome.setText(problem)
            return False
        try:
            version = server.check_connection(self.url())
        except TthcError as exc:
            self.outcome.setText(f"✗ {exc.message}")
            return False
        self.outcome.setText(f"✓ Kết nối được: PostgreSQL {version.split()[0]} tại "
                            f"{self.host.text().strip()}:{self.port.value()}.")
        return True

    def _accept(self) -> None:
        if not self.test_connection():
            return
        key = (self.host.text().strip(), self.port.value(), self.database.text().strip(), self.user.text().strip())
        kept = server.store_password(*key, self.password.text() if self.remember.isChecked() else None)
        if self.remember.isChecked() and not kept:
            self.outcome.setText("Máy này không có kho mật khẩu; chương trình sẽ hỏi mật khẩu mỗi lần.")
        self._save()
        self.accept()

    def _settings(self):
        settings = window_settings()  # beside the data, like the window's other remembered choices
        settings.beginGroup(SETTINGS_GROUP)
        return settings

    def _save(self) -> None:
        s = self._settings()
        for key, value in (("host", self.host.text().strip()), ("port", self.port.value()),
                           ("database", self.database.text().strip()), ("user", self.user.text().strip()),
                           ("remember", self.remember.isChecked())):
            s.setValue(key, value)

    def _restore(self) -> None:
        s = self._settings()
        self.host.setText(str(s.value("host", "")))
        self.port.setValue(int(s.value("port", 5432)))
        self.database.setText(str(s.value("database", "tthc")))
        self.user.setText(str(s.value("user", "")))
        self.remember.setChecked(str(s.value("remember", "false")).lower() == "true")
        if self.remember.isChecked() and self.host.text():
            self.password.setText(server.stored_password(self.host.text(), self.port.value(), self.database.text(),
                                                         self.user.text()))
