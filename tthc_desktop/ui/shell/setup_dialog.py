"""First start on an empty database: the agency profile in a few lines, or the demo."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from tthc_desktop import APP_NAME
from tthc_desktop.services import catalog
from tthc_desktop.services.database import Database
from tthc_desktop.ui.catalog.profile_form import SETUP_FIELDS, ProfileForm
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body
from tthc_desktop.ui.common.screen_fit import fit_to_screen


class SetupDialog(QDialog):
    """``choice`` after exec(): "saved" (profile and catalogue written), "demo" or "later"."""

    def _offer_names(self) -> None:
        """Typing offers the 34 provinces and the departments as named since the 2025 merger; choosing a
        department fills its short name and code when those are still empty."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QCompleter

        from tthc_desktop.services.admin_units import setup_choices

        choices = setup_choices()
        editors = self.form.editors
        by_name = {d["name"]: d for d in choices["departments"]}
        for key, names in (("parent_body", choices["parent_bodies"]), ("name", list(by_name)),
                           ("place_name", choices["provinces"])):
            if key in editors:
                completer = QCompleter(names, editors[key])
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                editors[key].setCompleter(completer)

        def fill_codes(name: str) -> None:
            chosen = by_name.get(name)
            for key in ("short_name", "short_code"):
                if chosen and key in editors and not editors[key].text():
                    editors[key].setText(chosen[key])

        if "name" in editors:
            editors["name"].completer().activated[str].connect(fill_codes)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.choice = "later"
        self.setWindowTitle(f"Bắt đầu sử dụng {APP_NAME}")
        self.setMinimumWidth(620)
        layout = QVBoxLayout()  # the body: it scrolls above the fixed buttons on a small screen
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "<b>Thông tin cơ quan</b><br>Các thông tin này được in trên kế hoạch, báo cáo và dùng để nhận ra "
            "nhiệm vụ của Sở trong kế hoạch của tỉnh. Có thể sửa lại bất cứ lúc nào ở mục «Thiết lập cơ quan».",
            wordWrap=True)
        layout.addWidget(intro)
        self.form = ProfileForm(SETUP_FIELDS)  # empty with examples as placeholders: no province's real names as values
        self._offer_names()
        layout.addWidget(self.form)
        self.seed = QCheckBox("Tạo sẵn danh mục đơn vị, nhóm đơn vị và lĩnh vực mẫu (sửa được sau)")
        self.seed.setToolTip("Các đơn vị và lĩnh vực của một Sở Nông nghiệp và Phát triển nông thôn; "
                             "có thể sửa, xóa ở mục «Danh mục: đơn vị, lĩnh vực»")
        self.seed.setChecked(True)
        layout.addWidget(self.seed)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lưu và bắt đầu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Lưu thông tin cơ quan (Enter)")
        self.demo_button = QPushButton("Dùng dữ liệu mẫu")
        self.demo_button.setToolTip("Mở một cơ sở dữ liệu mẫu riêng để làm quen; dữ liệu thật không bị ảnh hưởng")
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        later = buttons.addButton("Để sau", QDialogButtonBox.ButtonRole.RejectRole)
        later.setToolTip("Bỏ qua lúc này (Esc)")
        self.save_button.clicked.connect(self.save)
        self.demo_button.clicked.connect(self.use_demo)
        later.clicked.connect(self.reject)
        fixed_buttons_scroll_body(self, layout, buttons)
        fit_to_screen(self, 640, self.sizeHint().height())  # not Qt's two thirds of the screen: all of it if needed
        self.form.editors["name"].setFocus()

    def save(self) -> None:
        values = self.form.validate()
        if values is None:
            return
        if not values.get("name"):
            self.form.show_error("Chưa nhập tên cơ quan.", "name")
            return
        try:
            catalog.save_profile(self.db, **values)
            if self.seed.isChecked():
                catalog.seed_defaults(self.db)
        except Exception as exc:
            from tthc_desktop.ui.common.workers import error_text

            self.form.show_error(error_text(exc))
            return
        self.choice = "saved"
        self.accept()

    def use_demo(self) -> None:
        self.choice = "demo"
        self.accept()
