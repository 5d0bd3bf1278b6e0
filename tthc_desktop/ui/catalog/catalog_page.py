"""Danh mục: the department's units, unit groups and fields, with accent-insensitive search."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from tthc_desktop.services import catalog
from tthc_desktop.ui.catalog.catalog_dialogs import FieldDialog, GroupDialog, UnitDialog
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.common.icons import icon
from tthc_desktop.ui.common.shortcuts import add_shortcut
from tthc_desktop.ui.common.tables import record_table

UNIT_COLUMNS = ("Đơn vị", "Viết tắt", "Thư điện tử", "Giải quyết TTHC", "Lĩnh vực", "Nhóm")
GROUP_COLUMNS = ("Nhóm đơn vị", "Số đơn vị", "Các đơn vị")
FIELD_COLUMNS = ("Lĩnh vực", "Cấp", "Đang dùng")


def _item(text: str, row_id: int | None = None, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if row_id is not None:
        item.setData(Qt.ItemDataRole.UserRole, row_id)
    item.setToolTip(tip or text)
    return item


class CatalogPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Danh mục: đơn vị, lĩnh vực", objectName="pageTitle"))
        top = QHBoxLayout()
        self.search = QLineEdit(placeholderText="Tìm (gõ không dấu cũng được)…", clearButtonEnabled=True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setToolTip("Tìm theo tên, tên viết tắt, thư điện tử, nhóm hoặc lĩnh vực (Ctrl+F)")
        self.search.textChanged.connect(self.refresh)
        top.addWidget(self.search, 1)
        self.add_button = QPushButton(icon("add"), "Thêm…")
        self.edit_button = QPushButton(icon("edit"), "Sửa…")
        self.delete_button = QPushButton(icon("delete"), "Xóa")
        self.defaults_button = QPushButton("Thêm danh mục mẫu")
        self.add_button.setToolTip("Thêm một dòng vào danh mục đang xem (Ctrl+N)")
        self.edit_button.setToolTip("Sửa dòng đang chọn (Enter hoặc bấm đúp)")
        self.delete_button.setToolTip("Xóa dòng đang chọn (Delete), có hỏi lại")
        self.defaults_button.setToolTip("Thêm các đơn vị, nhóm và lĩnh vực mẫu còn thiếu; không sửa dòng đã có")
        for button in (self.add_button, self.edit_button, self.delete_button, self.defaults_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.units = record_table(UNIT_COLUMNS)
        self.groups = record_table(GROUP_COLUMNS)
        self.fields = record_table(FIELD_COLUMNS)
        self.tabs.addTab(self.units, "Đơn vị thuộc Sở")
        self.tabs.addTab(self.groups, "Nhóm đơn vị")
        self.tabs.addTab(self.fields, "Lĩnh vực")
        layout.addWidget(self.tabs, 1)
        self.count = QLabel(objectName="pageHint")
        layout.addWidget(self.count)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.defaults_button.clicked.connect(self.add_defaults)
        self.tabs.currentChanged.connect(lambda _i: self._update_count())
        for table in (self.units, self.groups, self.fields):
            table.doubleClicked.connect(lambda _i: self.edit())
            table.itemSelectionChanged.connect(self._update_buttons)
        add_shortcut(self, QKeySequence.StandardKey.Find, self.search.setFocus, "Danh mục: tìm đơn vị, lĩnh vực")
        add_shortcut(self, QKeySequence.StandardKey.New, self.add, "Danh mục: thêm đơn vị, nhóm hoặc lĩnh vực")
        from tthc_desktop.ui.common.page_keys import add_print, view_rows
        from tthc_desktop.ui.common.printing import print_table

        add_print(self, lambda: print_table(self, self.tabs.tabText(self.tabs.currentIndex()),
                                            *view_rows(self.tabs.currentWidget())), "Danh mục: danh sách đang xem")
        add_shortcut(self.tabs, QKeySequence(Qt.Key.Key_Delete), self.delete, "Danh mục: xóa dòng đang chọn")
        add_shortcut(self.tabs, QKeySequence(Qt.Key.Key_Return), self.edit, "Danh mục: sửa dòng đang chọn")
        self.refresh()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        text = self.search.text()
        db = self.ctx.db
        self._fill(self.units, [
            (u.id, [u.name, u.short_name, u.email, "Có" if u.handles_dossiers else "", ", ".join(u.fields),
                    "; ".join(u.groups)], not u.active)
            for u in catalog.list_units(db, search=text)])
        self._fill(self.groups, [
            (g.id, [g.name, str(len(g.units)), ", ".join(g.units)], False) for g in catalog.list_groups(db, search=text)])
        self._fill(self.fields, [
            (f.id, [f.name, f.level, "Có" if f.active else "Không"], not f.active)
            for f in catalog.list_fields(db, search=text)])
        self._update_count()
        self._update_buttons()

    def _fill(self, table: QTableWidget, rows) -> None:
        table.setRowCount(len(rows))
        for r, (row_id, values, greyed) in enumerate(rows):
            for c, value in enumerate(values):
                item = _item(value, row_id if c == 0 else None)
                if greyed:
                    item.setForeground(Qt.GlobalColor.gray)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        for c in range(table.columnCount() - 1):
            table.setColumnWidth(c, min(table.columnWidth(c), 360))

    def _update_count(self) -> None:
        table = self.current_table()
        what = ("đơn vị", "nhóm", "lĩnh vực")[self.tabs.currentIndex()]
        suffix = " phù hợp với tìm kiếm" if self.search.text().strip() else ""
        self.count.setText(f"{table.rowCount()} {what}{suffix}")

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def current_table(self) -> QTableWidget:
        return (self.units, self.groups, self.fields)[self.tabs.currentIndex()]

    def selected_id(self) -> int | None:
        table = self.current_table()
        row = table.currentRow()
        if row < 0 or not table.selectionModel().hasSelection():
            return None
        return table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def select_row(self, row_id: int) -> None:
        table = self.current_table()
        for r in range(table.rowCount()):
            if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == row_id:
                table.selectRow(r)
                return

    # ------------------------------------------------------------------ actions
    def _dialog(self, row_id: int | None):
        db = self.ctx.db
        index = self.tabs.currentIndex()
        if index == 0:
            unit = catalog.get_unit(db, row_id) if row_id else None
            return UnitDialog(db, unit, group_names=[g.name for g in catalog.list_groups(db)],
                              field_names=[f.name for f in catalog.list_fields(db)], parent=self)
        if index == 1:
            group = next((g for g in catalog.list_groups(db) if g.id == row_id), None)
            return GroupDialog(db, group, unit_names=[u.name for u in catalog.list_units(db)], parent=self)
        field = next((f for f in catalog.list_fields(db) if f.id == row_id), None)
        return FieldDialog(db, field, parent=self)

    def _run_dialog(self, row_id: int | None) -> None:
        dialog = self._dialog(row_id)
        if dialog.exec():
            self.refresh()
            self.select_row(dialog.result_value.id)
            self._units_followed(getattr(dialog.result_value, "tasks_changed", 0))

    def _units_followed(self, changed: int | None) -> None:
        self.ctx.notify("units")
        if changed:
            self.ctx.notify("tasks")
            self.ctx.status_message.emit(f"Đơn vị thực hiện của {changed} nhiệm vụ đã đổi theo danh mục mới "
                                         "(Sửa → Hoàn tác để quay lại).")

    def add(self) -> None:
        self._run_dialog(None)

    def edit(self) -> None:
        row_id = self.selected_id()
        if row_id is not None:
            self._run_dialog(row_id)

    def delete(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        db = self.ctx.db
        table = self.current_table()
        name = table.item(table.currentRow(), 0).text()
        index = self.tabs.currentIndex()
        if index == 0:
            usage = catalog.unit_usage(db, row_id)
            extra = ""
            if usage["tasks"] or usage["figures"]:
                extra = (f"\n\nĐơn vị đang được giao {usage['tasks']} nhiệm vụ và có {usage['figures']} dòng số liệu biểu; "
                         "các phân công và số liệu này sẽ bị xóa theo. Nếu đơn vị chỉ ngừng hoạt động, hãy sửa và bỏ chọn "
                         "«Đang hoạt động».")
            question, remove = f"Xóa đơn vị «{name}»?{extra}", catalog.delete_unit
        elif index == 1:
            question, remove = f"Xóa nhóm «{name}»? Các đơn vị trong nhóm không bị xóa.", catalog.delete_group
        else:
            used = catalog.field_usage(db, row_id)
            extra = f"\n\nLĩnh vực có {used} dòng số liệu biểu; số liệu này sẽ bị xóa theo." if used else ""
            question, remove = f"Xóa lĩnh vực «{name}»?{extra}", catalog.delete_field
        answer = QMessageBox.question(self, "Xóa khỏi danh mục", question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        changed = remove(db, row_id)
        self.refresh()
        self._units_followed(changed)

    def add_defaults(self) -> None:
        added = catalog.seed_defaults(self.ctx.db)
        self.refresh()
        self.ctx.notify("units")
        self.ctx.status_message.emit(
            f"Đã thêm {added['units']} đơn vị, {added['groups']} nhóm, {added['fields']} lĩnh vực mẫu còn thiếu.")
