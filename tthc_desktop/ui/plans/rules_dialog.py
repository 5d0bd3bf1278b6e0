"""Quy tắc đề xuất: the rule tables of the derive engine, edited by the officer.

Names change (departments merge, the district level was abolished in 2025), so who counts as
"the department", which agencies are "others", what is the province's internal work and the
rewording suggestions are data. Every edit is saved at once; "Khôi phục mặc định" puts back
the defaults of the table shown.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from tthc_desktop.services import rules as rules_service
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body
from tthc_desktop.ui.common.screen_fit import fit_to_screen

HELP = ("Mỗi dòng là một cụm từ chương trình tìm trong kế hoạch của tỉnh; gõ có dấu hay không dấu, chữ hoa hay "
        "chữ thường đều được. Cột «Thay bằng» chỉ dùng cho gợi ý sửa lời văn và đơn vị mặc định. Dòng ghi «mẫu có sẵn» "
        "là quy tắc chung của chương trình: bật, tắt được, không sửa chữ.")
BUILT_IN = "re:"  # a built-in pattern (written for the program, not by the officer): shown by its note


HEADERS = ("Cụm từ", "Thay bằng", "Ghi chú", "Dùng")


class RulesDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Quy tắc đề xuất kế hoạch của Sở")
        fit_to_screen(self, 900, 560)
        self._loading = False
        self.table_box = QComboBox()
        for key, label in rules_service.RULE_TABLES.items():
            self.table_box.addItem(label, key)
        self.table_box.currentIndexChanged.connect(self.reload)
        self.grid = QTableWidget(0, len(HEADERS))
        self.grid.setHorizontalHeaderLabels(HEADERS)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.grid.setColumnWidth(2, 220)
        self.grid.itemChanged.connect(self._item_changed)
        add = QPushButton("Thêm quy tắc")
        add.clicked.connect(self.add_rule)
        remove = QPushButton("Xóa quy tắc")
        remove.clicked.connect(self.remove_rule)
        reset = QPushButton("Khôi phục mặc định")
        reset.clicked.connect(self.reset_table)
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(QLabel("Bảng:"))
        row.addWidget(self.table_box, 1)
        buttons = QHBoxLayout()
        for b in (add, remove, reset):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout()  # the body: it scrolls above the fixed buttons on a small screen
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(QLabel(HELP, wordWrap=True))
        layout.addWidget(self.grid, 1)
        fixed_buttons_scroll_body(self, layout, buttons)
        self.reload()

    @property
    def table_key(self) -> str:
        return self.table_box.currentData()

    def reload(self) -> None:
        self._loading = True
        try:
            rows = rules_service.list_rules(self.ctx.db, self.table_key)
            self.grid.setRowCount(len(rows))
            for r, rule in enumerate(rows):
                built_in = rule.pattern.startswith(BUILT_IN)
                shown = f"(mẫu có sẵn) {rule.note or 'quy tắc chung'}" if built_in else rule.pattern
                for c, value in enumerate((shown, rule.replacement, rule.note)):
                    item = QTableWidgetItem(value)
                    item.setData(Qt.ItemDataRole.UserRole, rule.id)
                    if built_in and c == 0:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        item.setToolTip("Quy tắc chung của chương trình; muốn bỏ thì bỏ dấu ở cột «Dùng»")
                    self.grid.setItem(r, c, item)
                check = QTableWidgetItem()
                check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                check.setCheckState(Qt.CheckState.Checked if rule.active else Qt.CheckState.Unchecked)
                check.setData(Qt.ItemDataRole.UserRole, rule.id)
                self.grid.setItem(r, 3, check)
        finally:
            self._loading = False

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        rule_id = item.data(Qt.ItemDataRole.UserRole)
        field = ("pattern", "replacement", "note", "active")[item.column()]
        value = item.checkState() == Qt.CheckState.Checked if field == "active" else item.text()
        try:
            rules_service.update_rule(self.ctx.db, rule_id, **{field: value})
        except Exception as exc:  # noqa: BLE001 - one sentence for the officer, then show the stored value
            from tthc_desktop.ui.common.workers import show_error

            show_error(self, exc)
            self.reload()
            return
        self.ctx.notify("rules")

    def add_rule(self) -> None:
        rule = rules_service.add_rule(self.ctx.db, self.table_key, "cụm từ mới", note="")
        self.reload()
        for r in range(self.grid.rowCount()):
            if self.grid.item(r, 0).data(Qt.ItemDataRole.UserRole) == rule.id:
                self.grid.setCurrentCell(r, 0)
                self.grid.editItem(self.grid.item(r, 0))
        self.ctx.notify("rules")

    def remove_rule(self) -> None:
        items = self.grid.selectedItems()
        ids = sorted({i.data(Qt.ItemDataRole.UserRole) for i in items})
        for rule_id in ids:
            rules_service.delete_rule(self.ctx.db, rule_id)
        if ids:
            self.reload()
            self.ctx.notify("rules")

    def reset_table(self) -> None:
        answer = QMessageBox.question(self, "Khôi phục mặc định",
                                      f"Thay bảng «{self.table_box.currentText()}» bằng các quy tắc mặc định?")
        if answer == QMessageBox.StandardButton.Yes:
            rules_service.reset_rules(self.ctx.db, self.table_key)
            self.reload()
            self.ctx.notify("rules")
