"""Recovery of a damaged database and "Khôi phục từ bản sao lưu…".

``offer_recovery`` is shown when the database fails its check on opening: it offers the newest good
backup, sets the damaged file aside under a new name (never writing into it) and restores.
``restore_dialog`` lists the backups (newest first, with their kinds) for a chosen restore.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QTableWidgetItem, QVBoxLayout)

from tthc_desktop.services import backups, safety, server
from tthc_desktop.ui.common.tables import record_table

log = logging.getLogger(__name__)


def _describe(path: Path) -> str:
    parsed = backups.parse_backup_name(path.name)
    if parsed is None:
        return f"«{path.name}»"
    created, kind = parsed
    label = backups.BackupInfo(path, created, kind, 0).kind_label.lower()
    return f"«{path.name}» (sao lưu {label} lúc {created:%H:%M ngày %d/%m/%Y})"


def _error_text(exc: BaseException) -> str:
    # A non-TthcError's own text is English (OSError, sqlite3): the details go to the log only.
    return getattr(exc, "message", None) or "Đã xảy ra lỗi không mong muốn; chi tiết được ghi vào nhật ký."


class RecoveryDialog(QDialog):
    """The database is damaged: restore the newest good backup, choose another, or quit."""

    def __init__(self, db_path: Path, problem: str, parent=None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.backup = safety.newest_good_backup(self.db_path)
        self.result_info: safety.RestoreResult | None = None
        self.setWindowTitle("Dữ liệu bị hỏng")
        layout = QVBoxLayout(self)
        text = (f"{problem}\n\nChương trình sẽ không ghi gì vào tệp bị hỏng. Tệp đó sẽ được đổi tên và "
                "giữ lại trong cùng thư mục để có thể gửi đi kiểm tra.")
        if self.backup is not None:
            text += f"\n\nBản sao lưu tốt gần nhất: {_describe(self.backup)}."
        else:
            text += "\n\nKhông tìm thấy bản sao lưu nào còn tốt bên cạnh cơ sở dữ liệu; hãy chọn một tệp sao lưu."
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.restore_button = QPushButton("Khôi phục bản sao lưu này")
        self.restore_button.setEnabled(self.backup is not None)
        self.restore_button.clicked.connect(lambda: self.recover(self.backup))
        self.choose_button = QPushButton("Chọn bản sao lưu khác…")
        self.choose_button.clicked.connect(self.choose)
        self.quit_button = QPushButton("Thoát")
        self.quit_button.clicked.connect(self.reject)
        row.addWidget(self.restore_button)
        row.addWidget(self.choose_button)
        row.addStretch(1)
        row.addWidget(self.quit_button)
        layout.addLayout(row)
        if self.backup is not None:
            self.restore_button.setDefault(True)
        self.resize(620, 220)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Chọn bản sao lưu", str(backups.backup_dir(self.db_path)),
                                              "Bản sao lưu (*.sqlite3);;Mọi tệp (*)")
        if name:
            self.recover(Path(name))

    def recover(self, source: Path | None) -> bool:
        if source is None:
            return False
        try:
            self.result_info = safety.recover_from_backup(self.db_path, source)
        except Exception as exc:
            log.exception("recovery from %s failed", source)
            QMessageBox.warning(self, "Không khôi phục được", _error_text(exc))
            return False
        aside = self.result_info.previous
        QMessageBox.information(
            self, "Đã khôi phục",
            f"Đã khôi phục dữ liệu từ {_describe(source)}."
            + (f"\nTệp bị hỏng được giữ tại «{aside}»." if aside else ""))
        self.accept()
        return True


def offer_recovery(parent, db_path: Path, exc: BaseException) -> bool:
    """app.py's hook for a damaged database: True when a backup was restored (open it again)."""
    dialog = RecoveryDialog(db_path, _error_text(exc), parent)
    try:
        dialog.exec()
        return dialog.result_info is not None
    finally:
        # Shown before the main window exists: destroy it now rather than leave a parentless
        # dialog for PySide's shutdown sweep, which crashes on it.
        dialog.deleteLater()


class RestoreDialog(QDialog):
    """Tệp → Khôi phục từ bản sao lưu…: pick a backup; the current data is backed up first."""

    COLUMNS = ("Thời điểm", "Loại", "Dung lượng", "Tệp")

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.restored: safety.RestoreResult | None = None
        self.setWindowTitle("Khôi phục từ bản sao lưu")
        layout = QVBoxLayout(self)
        note = QLabel("Chọn bản sao lưu cần khôi phục. Dữ liệu hiện tại sẽ được sao lưu trước, nên có thể quay lại.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.items = server.backups_of(ctx.db)
        self.table = record_table(self.COLUMNS)
        self.table.setRowCount(len(self.items))
        for row, info in enumerate(self.items):
            kind = info.kind_label + (" (đã khôi phục từ bản này)" if info.protected else "")
            size = f"{max(1, info.size // 1024)} KB"
            for col, value in enumerate((f"{info.created:%d/%m/%Y %H:%M:%S}", kind, size, info.path.name)):
                cell = QTableWidgetItem(value)
                if col == 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        if self.items:
            self.table.selectRow(0)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.restore_button = QPushButton("Khôi phục bản đã chọn")
        self.restore_button.setEnabled(bool(self.items))
        self.restore_button.clicked.connect(self._restore_selected)
        other = QPushButton("Chọn tệp khác…")
        other.clicked.connect(self._choose_file)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        row.addWidget(self.restore_button)
        row.addWidget(other)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(760, 420)

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()].path if rows else None

    def _restore_selected(self) -> None:
        self.restore(self.selected())

    def _choose_file(self) -> None:
        kinds = ("Bản sao lưu máy chủ (*.tthc.zip *.pgdump)" if self.ctx.db.is_server
                 else "Bản sao lưu (*.sqlite3)")
        name, _ = QFileDialog.getOpenFileName(self, "Chọn bản sao lưu", str(backups.backup_dir(self.ctx.db_path)),
                                              f"{kinds};;Mọi tệp (*)")
        if name:
            self.restore(Path(name))

    def restore(self, source: Path | None, confirm: bool = True) -> bool:
        if source is None:
            return False
        where = (f"dữ liệu trên máy chủ «{self.ctx.db.name}» (mọi người dùng chung máy chủ sẽ thấy dữ liệu đã khôi phục)"
                 if self.ctx.db.is_server else "dữ liệu hiện tại")
        if confirm and QMessageBox.question(
                self, "Khôi phục dữ liệu",
                f"Thay toàn bộ {where} bằng {_describe(source)}?\n"
                "Dữ liệu hiện tại sẽ được sao lưu trước khi khôi phục.") != QMessageBox.StandardButton.Yes:
            return False
        try:
            server.check_backup(self.ctx.db, source)  # refuse a bad file before closing anything
            self.restored = server.restore_database(self.ctx.db, source)
        except Exception as exc:
            log.exception("restore from %s failed", source)
            QMessageBox.warning(self, "Không khôi phục được", _error_text(exc))
            return False
        self.accept()
        return True


def restore_dialog(window, ctx) -> bool:
    """main_menus' hook: True when the database file was replaced (the caller reopens it)."""
    dialog = RestoreDialog(ctx, window)
    dialog.exec()
    return dialog.restored is not None
