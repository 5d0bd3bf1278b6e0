"""Nhập từ hệ thống một cửa: pick the file, see its first rows, map its columns to the form's columns once."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from tthc_desktop.errors import TthcError
from tthc_desktop.ui.common.dialog_buttons import accept_cancel
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body, reflowable
from tthc_desktop.ui.common.screen_fit import fit_to_screen
from tthc_desktop.ui.common.workers import show_error

LETTERS = [chr(65 + i) for i in range(26)] + [f"A{chr(65 + i)}" for i in range(14)]


class ColumnMappingDialog(QDialog):
    def __init__(self, ctx, form_code: str, unit_id: int, parent: QWidget | None = None):
        from tthc_desktop.services import column_mapping, forms

        super().__init__(parent)
        self.ctx, self.unit_id = ctx, unit_id
        self.definition = forms.get_definition(form_code)
        self.setWindowTitle(f"Nhập số liệu {self.definition.code} từ tệp thống kê của hệ thống một cửa")
        self.path: Path | None = None
        self.file_label = QLabel("Chưa chọn tệp.")
        pick = QPushButton("Chọn tệp…")
        pick.clicked.connect(self.choose_file)
        self.preview = QTableWidget(0, 0)
        self.preview.setMinimumHeight(160)
        self.name_box = QComboBox()
        self.name_box.setEditable(True)
        for m in column_mapping.list_mappings(ctx.db, self.definition.code):
            self.name_box.addItem(m["name"], m)
        if not self.name_box.count():
            self.name_box.setEditText("Hệ thống một cửa của tỉnh")
        self.name_box.currentIndexChanged.connect(self._apply_saved)
        self.field_col = self._letter_box(allow_none=False)
        self.first_row = QSpinBox()
        self.first_row.setRange(1, 1000)
        self.first_row.setValue(2)
        self.col_boxes: dict[int, QComboBox] = {}
        # Three columns read top to bottom, so on a narrow window they stack into one list in the same order
        grid = reflowable(QHBoxLayout())
        numbers = list(self.definition.value_columns)
        per_column = -(-len(numbers) // 3)
        for start in range(0, len(numbers), per_column):
            column = QFormLayout()
            for number in numbers[start:start + per_column]:
                col = self.definition.column(number)
                box = self._letter_box(allow_none=True)
                self.col_boxes[number] = box
                label = QLabel(f"({number}) {col.label}")
                label.setToolTip(" › ".join(col.path + (col.label,)))
                column.addRow(label, box)
            grid.addLayout(column, 1)
        form = QFormLayout()
        form.addRow("Tên bảng ghép cột (dùng lại các kỳ sau):", self.name_box)
        form.addRow("Cột tên lĩnh vực:", self.field_col)
        form.addRow("Dòng số liệu đầu tiên:", self.first_row)
        buttons = accept_cancel(self, "Nhập số liệu", self.run_import)
        top = QHBoxLayout()
        top.addWidget(pick)
        top.addWidget(self.file_label, 1)
        layout = QVBoxLayout()  # the body: it scrolls above the fixed «Nhập số liệu · Hủy» on a small screen
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addLayout(form)
        layout.addWidget(QLabel("Cột của biểu ← cột trong tệp:"))
        layout.addLayout(grid)
        fixed_buttons_scroll_body(self, layout, buttons)
        fit_to_screen(self, 900, 640)
        self._apply_saved()

    def _letter_box(self, allow_none: bool) -> QComboBox:
        box = QComboBox()
        if allow_none:
            box.addItem("—", "")
        for letter in LETTERS:
            box.addItem(letter, letter)
        return box

    def _apply_saved(self) -> None:
        m = self.name_box.currentData()
        if not m:
            return
        self.field_col.setCurrentIndex(max(0, self.field_col.findData(m.get("field_column", "A"))))
        self.first_row.setValue(int(m.get("first_row", 2)))
        for number, box in self.col_boxes.items():
            box.setCurrentIndex(max(0, box.findData(m.get("columns", {}).get(str(number), ""))))

    def choose_file(self) -> None:
        from tthc_desktop.ui.common.file_dialogs import EXCEL_FILTER, open_file

        path = open_file(self, "Chọn tệp thống kê xuất từ hệ thống một cửa", EXCEL_FILTER, key="forms")
        if path:
            self.load_file(path)

    def load_file(self, path: Path) -> None:
        from tthc_desktop.services import column_mapping

        try:
            rows = column_mapping.preview(path)
        except TthcError as exc:
            show_error(self, exc)
            return
        self.path = Path(path)
        self.file_label.setText(str(path))
        width = max((len(r) for r in rows), default=0)
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        self.preview.setHorizontalHeaderLabels(LETTERS[:width])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(value))

    def mapping(self) -> dict:
        return {"field_column": self.field_col.currentData(), "first_row": self.first_row.value(),
                "columns": {str(n): b.currentData() for n, b in self.col_boxes.items() if b.currentData()}}

    def run_import(self) -> None:
        from tthc_desktop.services import column_mapping, forms

        if self.path is None:
            QMessageBox.information(self, "Chưa chọn tệp", "Hãy chọn tệp thống kê cần nhập.")
            return
        try:
            saved = column_mapping.save_mapping(self.ctx.db, self.name_box.currentText(), self.definition.code,
                                                self.mapping())
            try:
                result = column_mapping.import_with_mapping(self.ctx.db, self.path, saved, self.ctx.period, self.unit_id)
            except forms.AlreadyStoredError as exc:
                if QMessageBox.question(self, "Thay thế số liệu?", exc.message.split(":")[0] + ". Thay thế?") != \
                        QMessageBox.StandardButton.Yes:
                    return
                result = column_mapping.import_with_mapping(self.ctx.db, self.path, saved, self.ctx.period,
                                                            self.unit_id, replace=True)
        except TthcError as exc:
            show_error(self, exc)
            return
        text = f"Đã nhập {result.rows} lĩnh vực của «{result.unit}»."
        if result.warnings:
            text += "\n" + "\n".join(result.warnings)
        QMessageBox.information(self, "Đã nhập số liệu", text)
        self.accept()
