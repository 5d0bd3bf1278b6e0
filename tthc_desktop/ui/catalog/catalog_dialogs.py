"""Add/edit dialogs for a unit, a unit group and a field (lĩnh vực)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QVBoxLayout, QWidget,
)

from tthc_desktop.errors import TthcError
from tthc_desktop.ui.common.conflict_dialog import save_checked
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body
from tthc_desktop.ui.common.screen_fit import fit_to_screen


def checklist(names: list[str], checked: list[str], tip: str) -> QListWidget:
    box = QListWidget()
    box.setToolTip(tip)
    for name in names:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked)
        box.addItem(item)
    box.setMinimumHeight(min(24 * max(len(names), 3), 200))
    return box


def checked_names(box: QListWidget) -> list[str]:
    return [box.item(i).text() for i in range(box.count()) if box.item(i).checkState() == Qt.CheckState.Checked]


class _CatalogDialog(QDialog):
    """A form with OK (Enter) / Hủy (Esc); ``commit()`` writes and may raise a TthcError shown inline."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        self.layout_ = QVBoxLayout()  # the body: it scrolls above the fixed «Lưu · Hủy» on a small screen
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = QLabel(objectName="errorLabel", wordWrap=True)
        self.error.hide()
        self.result_value = None

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        fixed_buttons_scroll_body(self, self.layout_, buttons)
        fit_to_screen(self, 640, self.sizeHint().height())

    def _save(self) -> None:
        try:
            self.result_value = self.commit()
        except TthcError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()

    def commit(self):  # pragma: no cover - overridden
        raise NotImplementedError


class UnitDialog(_CatalogDialog):
    def __init__(self, db, unit=None, *, group_names: list[str], field_names: list[str], parent=None):
        super().__init__("Sửa đơn vị" if unit else "Thêm đơn vị", parent)
        self.db, self.unit = db, unit
        self.name = QLineEdit(unit.name if unit else "", placeholderText="Chi cục …")
        self.name.setToolTip("Tên đầy đủ như trong kế hoạch của Sở")
        self.short_name = QLineEdit(unit.short_name if unit else "", placeholderText="CCKL")
        self.short_name.setToolTip("Tên ngắn dùng trong bảng theo dõi và tên tệp gửi đơn vị")
        self.email = QLineEdit(unit.email if unit else "", placeholderText="chicuc@….gov.vn")
        self.email.setToolTip("Hộp thư nhận phiếu báo cáo; nhiều địa chỉ cách nhau bằng dấu chấm phẩy")
        self.handles = QCheckBox("Tiếp nhận, giải quyết hồ sơ TTHC (báo cáo biểu II.05a, II.06a)")
        self.handles.setChecked(bool(unit and unit.handles_dossiers))
        self.specialised = QCheckBox("Là phòng chuyên môn, nghiệp vụ của Sở")
        self.specialised.setChecked(bool(unit and unit.specialised))
        self.drafts = QCheckBox("Soạn thảo văn bản quy phạm pháp luật có quy định TTHC")
        self.drafts.setChecked(bool(unit and unit.drafts_legal))
        for box in (self.handles, self.specialised, self.drafts):
            box.setToolTip("Quyết định cách gọi chung trong kế hoạch («các đơn vị thực hiện TTHC», «các phòng chuyên "
                           "môn» …) có gồm đơn vị này không")
        self.active = QCheckBox("Đang hoạt động")
        self.active.setChecked(True if unit is None else unit.active)
        self.active.setToolTip("Bỏ chọn khi đơn vị giải thể hoặc sáp nhập; dữ liệu cũ vẫn được giữ")
        self.groups = checklist(group_names, unit.groups if unit else [], "Các nhóm tên gọi chung đơn vị thuộc về")
        self.fields = checklist(field_names, unit.fields if unit else [], "Các lĩnh vực đơn vị giải quyết TTHC")
        for label, widget in (("Tên đơn vị (*)", self.name), ("Tên viết tắt", self.short_name),
                              ("Thư điện tử", self.email), ("", self.handles), ("", self.specialised),
                              ("", self.drafts), ("", self.active),
                              ("Thuộc nhóm", self.groups), ("Lĩnh vực", self.fields)):
            self.form.addRow(label, widget)
        self.finish_layout()

    def commit(self):
        from tthc_desktop.services import catalog

        values = dict(name=self.name.text(), short_name=self.short_name.text(), email=self.email.text(),
                      handles_dossiers=self.handles.isChecked(), active=self.active.isChecked(),
                      specialised=self.specialised.isChecked(), drafts_legal=self.drafts.isChecked(),
                      groups=checked_names(self.groups), fields=checked_names(self.fields))
        if self.unit is None:
            return catalog.add_unit(self.db, **values)
        saved, info = save_checked(self, lambda expected: catalog.update_unit(
            self.db, self.unit.id, expected_version=expected, **values), self.unit.version)
        return info if saved else catalog.get_unit(self.db, self.unit.id)  # the page shows the colleague's version


class GroupDialog(_CatalogDialog):
    def __init__(self, db, group=None, *, unit_names: list[str], parent=None):
        super().__init__("Sửa nhóm đơn vị" if group else "Thêm nhóm đơn vị", parent)
        self.db, self.group = db, group
        self.name = QLineEdit(group.name if group else "", placeholderText="Các phòng, cơ quan, đơn vị thuộc Sở …")
        self.name.setToolTip("Cách kế hoạch gọi chung nhiều đơn vị; khi gặp tên này, nhiệm vụ được giao cho các đơn vị đã chọn")
        self.units = checklist(unit_names, group.units if group else [], "Các đơn vị thuộc nhóm")
        self.form.addRow("Tên nhóm (*)", self.name)
        self.form.addRow("Đơn vị", self.units)
        self.finish_layout()

    def commit(self):
        from tthc_desktop.services import catalog

        if self.group is None:
            return catalog.add_group(self.db, self.name.text(), checked_names(self.units))
        return catalog.update_group(self.db, self.group.id, name=self.name.text(), units=checked_names(self.units))


class FieldDialog(_CatalogDialog):
    def __init__(self, db, field=None, parent=None):
        super().__init__("Sửa lĩnh vực" if field else "Thêm lĩnh vực", parent)
        self.db, self.field = db, field
        self.name = QLineEdit(field.name if field else "", placeholderText="Trồng trọt")
        self.name.setToolTip("Tên lĩnh vực như trong danh mục TTHC; là một dòng của biểu II.05a, II.06a")
        self.level = QLineEdit(field.level if field else "", placeholderText="cấp tỉnh")
        self.level.setToolTip("Cấp giải quyết (để trống nếu không chia theo cấp)")
        self.active = QCheckBox("Đang dùng")
        self.active.setChecked(True if field is None else field.active)
        self.form.addRow("Tên lĩnh vực (*)", self.name)
        self.form.addRow("Cấp", self.level)
        self.form.addRow("", self.active)
        self.finish_layout()

    def commit(self):
        from tthc_desktop.services import catalog

        if self.field is None:
            return catalog.add_field(self.db, self.name.text(), level=self.level.text(), active=self.active.isChecked())
        return catalog.update_field(self.db, self.field.id, name=self.name.text(), level=self.level.text(),
                                    active=self.active.isChecked())
