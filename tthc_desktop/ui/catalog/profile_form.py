"""The agency-profile form shared by the first-start dialog and the Thiết lập cơ quan page."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from tthc_desktop.errors import ValidationError
from tthc_desktop.services import catalog

# key: (label, tooltip, placeholder)
FIELDS = {
    "parent_body": ("Cơ quan chủ quản", "Dòng trên cùng của quốc hiệu bên trái, ví dụ UBND tỉnh Quảng Ngãi", "UBND tỉnh …"),
    "name": ("Tên cơ quan (*)", "Tên đầy đủ của Sở, in trên văn bản và báo cáo", "Sở …"),
    "short_name": ("Tên gọi tắt", "Tên ngắn dùng trong giao diện và nhận diện trong kế hoạch của tỉnh", "Sở NN&PTNT"),
    "short_code": ("Chữ viết tắt trong số ký hiệu", "Phần sau dấu gạch trong số văn bản, ví dụ 12/KH-SNNPTNT", "SNNPTNT"),
    "place_name": ("Địa danh", "Địa danh ghi trước ngày tháng của văn bản: «Quảng Ngãi, ngày … »", "Quảng Ngãi"),
    "signer_title": ("Chức danh người ký", "In hoa trên chữ ký, ví dụ GIÁM ĐỐC", "GIÁM ĐỐC"),
    "signer_prefix": ("Ký thay (KT.)", "Để trống nếu Giám đốc ký; «KT.» khi Phó Giám đốc ký thay", "KT."),
    "signer_deputy_title": ("Chức danh người ký thay", "Ví dụ PHÓ GIÁM ĐỐC (khi ký thay)", "PHÓ GIÁM ĐỐC"),
    "signer_name": ("Họ tên người ký", "Họ và tên in dưới chữ ký", "Nguyễn Văn A"),
    "office_email": ("Thư điện tử Văn phòng Sở", "Nơi các đơn vị gửi báo cáo; nhiều địa chỉ cách nhau bằng dấu chấm phẩy",
                     "vanphong@….gov.vn"),
    "province_email": ("Thư điện tử nhận báo cáo của tỉnh", "Hộp thư của Văn phòng UBND tỉnh nhận báo cáo của Sở",
                       "kstthc@….gov.vn"),
    "province_office": ("Cơ quan nhận báo cáo", "Cơ quan tổng hợp báo cáo của tỉnh", "Văn phòng UBND tỉnh"),
    "unit_deadline_day": ("Hạn đơn vị báo cáo (ngày)", "Ngày trong tháng cuối kỳ các đơn vị gửi báo cáo về Văn phòng Sở", ""),
    "report_deadline_day": ("Hạn Sở báo cáo tỉnh (ngày)", "Ngày trong tháng cuối kỳ Sở gửi báo cáo về tỉnh (do tỉnh quy định)", ""),
}
SETUP_FIELDS = ("parent_body", "name", "short_name", "short_code", "place_name", "signer_title", "signer_name",
                "office_email", "province_email")


class ProfileForm(QWidget):
    def __init__(self, keys=tuple(FIELDS), parent: QWidget | None = None):
        super().__init__(parent)
        self.keys = tuple(keys)
        self.editors: dict[str, QLineEdit | QSpinBox] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in self.keys:
            label, tip, placeholder = FIELDS[key]
            if key.endswith("_day"):
                editor = QSpinBox(minimum=1, maximum=28)
            else:
                editor = QLineEdit(placeholderText=placeholder)
                editor.textEdited.connect(lambda _t, e=editor: self._clear_mark(e))
            editor.setToolTip(tip)
            editor.setObjectName(key)
            self.editors[key] = editor
            caption = QLabel(label)
            caption.setToolTip(tip)
            caption.setBuddy(editor)
            form.addRow(caption, editor)
        self.error = QLabel(objectName="errorLabel", wordWrap=True)
        self.error.hide()
        form.addRow(self.error)
        self._offer_current_names()

    def _offer_current_names(self) -> None:
        """Completers with the departments as named after the 2025 merger and the 34 provinces; picking a
        department fills its short name and code when those are still empty or were filled the same way."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QCompleter

        from tthc_desktop.services.admin_units import setup_choices

        choices = setup_choices()
        self._departments = {d["name"]: d for d in choices["departments"]}
        lists = {"name": list(self._departments), "place_name": choices["provinces"],
                 "parent_body": choices["parent_bodies"]}
        for key, items in lists.items():
            editor = self.editors.get(key)
            if isinstance(editor, QLineEdit):
                completer = QCompleter(items, editor)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                editor.setCompleter(completer)
        if isinstance(self.editors.get("name"), QLineEdit):
            self.editors["name"].textChanged.connect(self._department_chosen)

    def _department_chosen(self, text: str) -> None:
        chosen = self._departments.get(text.strip())
        if not chosen:
            return
        for key in ("short_name", "short_code"):
            editor = self.editors.get(key)
            if isinstance(editor, QLineEdit):
                editor.setText(chosen[key])

    def set_values(self, values: dict) -> None:
        for key, editor in self.editors.items():
            if key not in values or values[key] is None:
                continue
            if isinstance(editor, QSpinBox):
                editor.setValue(int(values[key]))
            else:
                editor.setText(str(values[key]))

    def values(self) -> dict:
        return {k: (e.value() if isinstance(e, QSpinBox) else e.text()) for k, e in self.editors.items()}

    def _clear_mark(self, editor: QWidget) -> None:
        if editor.property("invalid"):
            editor.setProperty("invalid", False)
            editor.style().polish(editor)
            self.error.hide()

    def validate(self) -> dict | None:
        """The cleaned values, or None after marking the first wrong field and saying why."""
        values = self.values()
        for key in self.keys:
            try:
                catalog.validate_profile({key: values[key]})
            except ValidationError as exc:
                self.show_error(exc.message, key)
                return None
        self.error.hide()
        return catalog.validate_profile(values)

    def show_error(self, message: str, key: str | None = None) -> None:
        self.error.setText(message)
        self.error.show()
        if key in self.editors:
            editor = self.editors[key]
            editor.setProperty("invalid", True)
            editor.style().polish(editor)
            editor.setFocus()
