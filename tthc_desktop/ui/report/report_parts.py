"""Báo cáo định kỳ → Báo cáo: the narrative parts, pre-filled and editable per period; Lập / Gửi báo cáo."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout,
    QWidget,
)

from tthc_desktop.ui.common.conflict_dialog import save_checked
from tthc_desktop.ui.common.workers import run_in_background
from tthc_desktop.ui.report.report_versions import ReportVersions


class ReportTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.parts = QListWidget()
        self.checks = QListWidget()
        self.checks.setWordWrap(True)
        self.checks.setMaximumHeight(120)
        self.checks.setToolTip("Số liệu còn thiếu và những chỗ cần sửa trong văn bản; bấm đúp để mở phần liên quan")
        self.checks_title = QLabel()
        self.editor = QPlainTextEdit()
        self.state = QLabel()
        self.reset_button = QPushButton("Khôi phục nội dung tự động")
        self.build_button = QPushButton("Lập báo cáo")
        self.send_button = QPushButton("Gửi báo cáo")
        self.reset_button.setToolTip("Bỏ phần đã sửa tay, dùng lại nội dung chương trình tự viết từ tiến độ và số liệu")
        self.build_button.setToolTip("Ghi báo cáo (Word) và biểu II.05a, II.06a (Excel, Word) của kỳ rồi mở thư mục chứa tệp")
        self.send_button.setToolTip("Tạo thư nháp (.eml) gửi Văn phòng UBND tỉnh, kèm bản báo cáo đang chọn (mặc định bản "
                                    "mới nhất, kể cả bản đã sửa trong Word) và hai biểu; chưa có bản nào thì lập trước")
        self.versions = ReportVersions(ctx, self)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.state)
        rl.addWidget(self.editor, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.parts)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([400, 900])
        self.parts.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.build_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.checks_title)
        layout.addWidget(self.checks)
        layout.addWidget(split, 1)
        layout.addWidget(self.versions)
        layout.addLayout(buttons)
        self._data: list[dict] = []
        self._current: str | None = None
        self.parts.currentRowChanged.connect(self._show_part)
        self.checks.itemDoubleClicked.connect(self._go_to_problem)
        self.reset_button.clicked.connect(self.reset_part)
        self.build_button.clicked.connect(self.build)
        self.send_button.clicked.connect(self.send)

    def refresh(self) -> None:
        from tthc_desktop.services import report

        self.commit_edit()
        self._data = report.report_parts(self.ctx.db, self.ctx.period)
        row = max(0, self.parts.currentRow())
        self.parts.blockSignals(True)
        self.parts.clear()
        for p in self._data:
            item = QListWidgetItem(("    " if p["level"] > 1 else "") + p["heading"] + ("  ✎" if p["edited"] else ""))
            self.parts.addItem(item)
        self.parts.blockSignals(False)
        self._current = None
        self.parts.setCurrentRow(min(row, len(self._data) - 1))
        self.versions.refresh()
        self.show_checks()

    def show_checks(self) -> None:
        """What building the report would warn about: missing figures first, then the text's problems."""
        from tthc_desktop.services.report_checks import check_report

        check = check_report(self.ctx.db, self.ctx.period)
        self.checks.clear()
        for text in check.figure_warnings:
            self.checks.addItem(QListWidgetItem(f"⚠ {text}"))
        for problem in check.problems:
            item = QListWidgetItem(f"✎ {problem.message()}")
            item.setData(Qt.ItemDataRole.UserRole, problem.where)
            self.checks.addItem(item)
        count = self.checks.count()
        self.checks_title.setText(f"Cần xem trước khi lập báo cáo ({count}):" if count
                                  else "Đủ số liệu của các đơn vị; không thấy lỗi trình bày.")
        self.checks.setVisible(bool(count))

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        row = next((i for i, p in enumerate(self._data) if p["key"] == key), None)
        if row is not None:
            self.parts.setCurrentRow(row)
            self.editor.setFocus()

    def _show_part(self, row: int) -> None:
        self.commit_edit()
        if not 0 <= row < len(self._data):
            return
        p = self._data[row]
        self._current = p["key"]
        self.editor.setPlainText(p["text"])
        self.state.setText(f"{p['heading']} – " + ("đã sửa, lưu riêng cho kỳ này" if p["edited"]
                                                  else "nội dung tự động từ tiến độ nhiệm vụ và số liệu biểu mẫu"))

    def commit_edit(self) -> None:
        """Keep what the officer typed in the part being left (only when it differs from what was shown)."""
        from tthc_desktop.services import report

        if self._current is None:
            return
        p = next(x for x in self._data if x["key"] == self._current)
        text = self.editor.toPlainText()
        if text != p["text"]:
            if not self._save_part(p, "" if text == p["auto"] else text):
                return
            p["text"], p["edited"] = text, text != p["auto"]
            item = self.parts.item(self._data.index(p))
            if item:
                item.setText(("    " if p["level"] > 1 else "") + p["heading"] + ("  ✎" if p["edited"] else ""))

    def _save_part(self, part: dict, text: str) -> bool:
        """Save over the version shown; when a colleague saved first and the officer keeps theirs, show it."""
        from tthc_desktop.services import report

        db, period = self.ctx.db, self.ctx.period
        saved, version = save_checked(
            self, lambda expected: report.save_part(db, period, part["key"], text, expected_version=expected),
            part.get("version", 0))
        if not saved:
            self._current = None  # nothing of the officer's to keep: the colleague's text is read again
            self.refresh()
            return False
        part["version"] = version
        return True

    def reset_part(self) -> None:
        if self._current is None:
            return
        part = next(x for x in self._data if x["key"] == self._current)
        if self._save_part(part, ""):
            self._current = None
            self.refresh()

    def _run(self, with_email: bool) -> None:
        from tthc_desktop.services import report

        from tthc_desktop.errors import TthcError
        from tthc_desktop.ui.common.workers import show_error

        self.commit_edit()
        db, period = self.ctx.db, self.ctx.period
        if with_email:
            try:
                report.email_recipients(db)
            except TthcError as exc:
                show_error(self, exc, title="Chưa gửi được báo cáo")
                return

        from tthc_desktop.ui.common.output_dialog import output_folder

        chosen = self.versions.chosen()
        folder = output_folder(f"Bao cao {period.code}")

        def work(_progress):
            if with_email:
                eml, files, notes = report.prepare_email(db, period, chosen, folder)
                return files, eml, notes
            built = report.build_checked_report(db, period, folder)[0]
            return built.files, None, built.notes

        def done(result) -> None:
            from tthc_desktop.ui.common.file_dialogs import open_in_system
            from tthc_desktop.ui.common.output_dialog import show_made

            files, eml, notes = result
            self.versions.refresh()
            if eml is not None:
                self.ctx.status_message.emit(f"Đã tạo thư nháp {period.label}, đính kèm «{files[0].name}»")
                if not open_in_system(eml):
                    open_in_system(files[0].parent)
            else:
                self.ctx.status_message.emit(f"Đã lập báo cáo {period.label}: {files[0].parent}")
                show_made(self, f"báo cáo {period.label}", files, notes)

        run_in_background(self, work, title="Lập báo cáo", label=f"Đang lập báo cáo {period.label}…", on_done=done)

    def build(self) -> None:
        self._run(False)

    def send(self) -> None:
        self._run(True)
