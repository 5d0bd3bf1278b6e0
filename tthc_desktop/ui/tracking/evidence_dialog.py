"""«Thêm/Sửa văn bản chứng minh»: số/ký hiệu, ngày, cơ quan ban hành, trích yếu and an optional file."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget,
)

from tthc_desktop.domain.periods import Period
from tthc_desktop.services import task_records, tracking
from tthc_desktop.ui.common.date_edit import DateEdit
from tthc_desktop.ui.common.dialog_buttons import accept_cancel


class EvidenceDialog(QDialog):
    """Số/ký hiệu, ngày, cơ quan ban hành, trích yếu and an optional file."""

    def __init__(self, parent: QWidget | None, period: Period):
        super().__init__(parent)
        self.setWindowTitle("Thêm văn bản chứng minh")
        self.file: Path | None = None
        form = QFormLayout(self)
        self.number = QLineEdit(placeholderText="Ví dụ: 12/KH-SNNPTNT")
        self.doc_date = DateEdit(QDate.currentDate())
        self.issuer = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(70)
        self.file_label = QLabel("(chưa chọn tệp)")
        choose = self.choose_button = QPushButton("Chọn tệp…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(choose)
        form.addRow("Số, ký hiệu:", self.number)
        form.addRow("Ngày ban hành:", self.doc_date)
        form.addRow("Cơ quan ban hành:", self.issuer)
        form.addRow("Trích yếu:", self.summary)
        form.addRow("Tệp đính kèm:", row)
        self.period = period
        form.addRow(accept_cancel(self, "Lưu"))

    def _choose(self) -> None:
        from tthc_desktop.ui.common import file_dialogs

        name = file_dialogs.open_file(self, "Chọn tệp văn bản",
                                      "Văn bản (*.pdf *.docx *.doc *.xlsx *.xls *.jpg *.png);;Mọi tệp (*)", key="evidence")
        if name:
            self.file = Path(name)
            self.file_label.setText(self.file.name)

    def load(self, item) -> None:
        """Edit an existing document: its text fields (the stored file stays as it is)."""
        self.setWindowTitle("Sửa văn bản chứng minh")
        self.number.setText(item.number_symbol)
        self._dated = item.doc_date is not None  # a document without a date keeps none unless one is picked
        if item.doc_date:
            self.doc_date.setDate(QDate(item.doc_date.year, item.doc_date.month, item.doc_date.day))
        self.doc_date.dateChanged.connect(lambda _d: setattr(self, "_dated", True))
        self.issuer.setText(item.issuer)
        self.summary.setPlainText(item.summary)
        self.file_label.setText(item.original_name or "(không có tệp)")
        self.choose_button.setEnabled(False)

    def save_changes(self, db, evidence_id: int) -> None:
        d = self.doc_date.date()
        task_records.update_evidence(db, evidence_id, number_symbol=self.number.text(),
                                     doc_date=date(d.year(), d.month(), d.day()) if self._dated else None,
                                     issuer=self.issuer.text(),
                                     summary=self.summary.toPlainText())

    def save(self, db, task_id: int) -> int:
        d = self.doc_date.date()
        return tracking.attach_evidence(db, task_id, self.file, self.number.text(), date(d.year(), d.month(), d.day()),
                                        self.issuer.text(), self.summary.toPlainText(), self.period)
