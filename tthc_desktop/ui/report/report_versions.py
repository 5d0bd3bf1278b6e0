"""The versions of the period's report already written: when, and whether the officer edited them in Word.

«Gửi báo cáo» attaches the one chosen here (the newest by default) instead of building the report again."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class ReportVersions(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel("Các bản báo cáo đã lập của kỳ (chọn bản cần gửi):")
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.list.itemDoubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        from tthc_desktop.services import outputs

        chosen = self.chosen()
        self.list.clear()
        versions = sorted(outputs.versions(self.ctx.db, self.ctx.period.code, "report"),
                          key=lambda v: v.modified_at, reverse=True)
        several = len({v.path.parent for v in versions}) > 1
        for v in versions:
            newest = " · mới nhất" if v is versions[0] else ""
            item = QListWidgetItem(outputs.describe(v, with_folder=several) + newest)
            item.setData(Qt.ItemDataRole.UserRole, str(v.path))
            item.setToolTip(str(v.path))
            self.list.addItem(item)
            if chosen is not None and v.path == chosen:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.title.setVisible(bool(versions))
        self.list.setVisible(bool(versions))

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _open(self, item: QListWidgetItem) -> None:
        from tthc_desktop.ui.common.file_dialogs import open_in_system

        open_in_system(Path(item.data(Qt.ItemDataRole.UserRole)))
