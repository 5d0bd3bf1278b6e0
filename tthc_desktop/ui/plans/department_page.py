"""Kế hoạch của Sở: the department's plans, and "Lập kế hoạch từ kế hoạch của tỉnh" (the editor)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel,
    QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from tthc_desktop.services import derive as derive_service
from tthc_desktop.ui.common.flow_layout import FlowLayout
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body
from tthc_desktop.ui.common.screen_fit import fit_to_screen
from tthc_desktop.ui.plans.plan_editor import PlanEditor
from tthc_desktop.ui.plans.plan_export_dialog import export_plan_files

_FILE = "__file__"


class NewPlanDialog(QDialog):
    """Which provincial plan, last year's plan (optional), the year and the department's name."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Lập kế hoạch từ kế hoạch của tỉnh")
        self.setMinimumWidth(620)
        self._files: dict[str, Path] = {}
        self.source = QComboBox()
        for info in derive_service.list_plans(ctx.db, "provincial"):
            self.source.addItem(f"{info.year} — {info.title[:90]}", info.id)
        self.source.addItem("Chọn tệp kế hoạch của tỉnh…", _FILE)
        self.previous = QComboBox()
        self.previous.addItem("Không dùng", None)
        for info in derive_service.list_department_plans(ctx.db):
            self.previous.addItem(f"{info.year} — {info.title[:90]}", info.id)
        self.previous.addItem("Chọn tệp kế hoạch của Sở năm trước…", _FILE)
        for combo in (self.source, self.previous):  # long plan titles must not squeeze the labels
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(40)
        self.source.activated.connect(lambda: self._maybe_file(self.source, "source"))
        self.previous.activated.connect(lambda: self._maybe_file(self.previous, "previous"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.agency = QLineEdit()
        try:
            from tthc_desktop.services.catalog import get_profile

            profile = get_profile(ctx.db)
            self.agency.setText(profile.name if profile else "")
        except ImportError:
            pass
        form = QFormLayout(self)
        form.addRow("Kế hoạch của tỉnh", self.source)
        form.addRow("Kế hoạch của Sở năm trước", self.previous)
        form.addRow("Năm của kế hoạch", self.year)
        form.addRow("Tên Sở", self.agency)
        form.addRow(QLabel("Chương trình đề xuất giữ/bỏ từng nhiệm vụ kèm lý do; cán bộ xem và quyết định.",
                           wordWrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lập đề xuất")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._sync_year()
        self.source.currentIndexChanged.connect(self._sync_year)

    def _sync_year(self) -> None:
        text = self.source.currentText()
        if text[:4].isdigit():
            self.year.setValue(int(text[:4]))

    def _maybe_file(self, combo: QComboBox, key: str) -> None:
        if combo.currentData() != _FILE:
            return
        from tthc_desktop.ui.common import file_dialogs

        path = file_dialogs.open_file(self, combo.currentText().rstrip("…"))
        if path is None:
            combo.setCurrentIndex(0)
            return
        self._files[key] = Path(path)
        combo.insertItem(combo.count() - 1, Path(path).name, str(path))
        combo.setCurrentIndex(combo.count() - 2)

    def _value(self, combo: QComboBox):
        data = combo.currentData()
        if data == _FILE:
            return None
        return Path(data) if isinstance(data, str) else data

    def choices(self) -> dict:
        return {"provincial": self._value(self.source), "previous": self._value(self.previous),
                "year": self.year.value(), "agency": self.agency.text().strip() or None}

    def _accept(self) -> None:
        if self.choices()["provincial"] is None:
            QMessageBox.warning(self, "Thiếu kế hoạch của tỉnh", "Hãy chọn kế hoạch của tỉnh (trong dữ liệu hoặc một tệp).")
            return
        self.accept()


class PlanEditorDialog(QDialog):
    def __init__(self, ctx, proposal, plan_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Kế hoạch kiểm soát TTHC năm {proposal.year} của {proposal.agency_name}")
        self.editor = PlanEditor(ctx, proposal, plan_id, self)
        close = QPushButton("Đóng")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)  # asks about unsaved changes first
        buttons = FlowLayout()
        buttons.addStretch(1)
        for button in (self.editor.save_button, self.editor.export_button, close):
            buttons.addWidget(button)
        # «Lưu kế hoạch» stays in view; the table and the form above it scroll (150 % on 1366×768)
        fixed_buttons_scroll_body(self, self.editor, buttons, margins=4)
        fit_to_screen(self, 1280, 760)
        from tthc_desktop.ui.common.page_keys import add_save

        add_save(self, lambda: self.editor.save(), "Soạn kế hoạch")

    def reject(self) -> None:
        if self.editor.modified and self.editor.tasks:
            answer = QMessageBox.question(self, "Đóng trình soạn kế hoạch", "Lưu các thay đổi trước khi đóng?",
                                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                          | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and self.editor.save() is None:
                return
        super().reject()


class DepartmentPlanPage(QWidget):
    COLUMNS = ("Năm", "Kế hoạch", "Số nhiệm vụ", "Trạng thái", "Đang theo dõi")

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        from tthc_desktop.ui.common.shortcuts import add_shortcut

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            add_shortcut(self.table, key, self.edit_selected, "Kế hoạch của Sở: mở kế hoạch đang chọn"
                         ).setContext(Qt.ShortcutContext.WidgetShortcut)
        self.new_button = QPushButton("Lập kế hoạch từ kế hoạch của tỉnh…")
        self.new_button.clicked.connect(lambda: self.new_plan())
        self.edit_button = QPushButton("Sửa kế hoạch")
        self.edit_button.clicked.connect(self.edit_selected)
        self.current_button = QPushButton("Đặt làm kế hoạch đang theo dõi")
        self.current_button.clicked.connect(self.make_current)
        self.issue_button = QPushButton("Thông tin ban hành…")
        self.issue_button.setToolTip("Số, ngày, người ký và các đoạn văn (Mục đích, Yêu cầu, Tổ chức thực hiện, Nơi nhận)")
        self.issue_button.clicked.connect(self.edit_issue_info)
        self.export_button = QPushButton("Xuất Word/Excel…")
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button = QPushButton("Xóa")
        self.delete_button.clicked.connect(self.delete_selected)
        self.rules_button = QPushButton("Quy tắc đề xuất…")
        self.rules_button.setToolTip("Ai là «Sở», cơ quan khác, việc riêng của tỉnh, gợi ý sửa lời văn")
        self.rules_button.clicked.connect(self.edit_rules)
        for b, tip in ((self.new_button, "Chương trình đề xuất nhiệm vụ của Sở từ kế hoạch của tỉnh; cán bộ xem, giữ/bỏ, sửa"),
                       (self.edit_button, "Mở kế hoạch đang chọn trong trình soạn (Enter hoặc nhấp đúp)"),
                       (self.current_button, "Trang Theo dõi nhiệm vụ, Tổng quan và Báo cáo dùng kế hoạch này"),
                       (self.export_button, "Ghi kế hoạch đang chọn ra tệp Word và Excel"),
                       (self.delete_button, "Xóa kế hoạch đang chọn cùng tiến độ đã ghi (có hỏi lại)")):
            b.setToolTip(tip)
        # Two rows: seven buttons in one row were squeezed to clipped texts on a 1366 px screen.
        row = FlowLayout()
        for b in (self.new_button, self.edit_button, self.issue_button, self.export_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        second = FlowLayout()
        second.addWidget(self.current_button)
        second.addWidget(self.rules_button)
        second.addStretch(1)
        self.empty = QLabel("Chưa có kế hoạch của Sở. Bấm «Lập kế hoạch từ kế hoạch của tỉnh…» để chương trình đề "
                            "xuất các nhiệm vụ của Sở từ kế hoạch của UBND tỉnh.", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Kế hoạch của Sở</h2>"))
        layout.addLayout(row)
        layout.addLayout(second)
        layout.addWidget(self.empty)
        from tthc_desktop.ui.common.page_keys import FindBar, add_find, add_print

        self.find_bar = FindBar(self.table, "kế hoạch")
        layout.addWidget(self.find_bar)
        layout.addWidget(self.table, 1)
        add_find(self, self.find_bar, "Kế hoạch của Sở")
        add_print(self, self.print_selected, "Kế hoạch của Sở: kế hoạch đang chọn")
        ctx.data_changed.connect(lambda topic: self.refresh() if topic in ("plans", "all", "database") else None)
        self.refresh()

    def refresh(self) -> None:
        plans = derive_service.list_department_plans(self.ctx.db)
        self.table.setRowCount(len(plans))
        for r, info in enumerate(plans):
            values = (str(info.year), info.title, str(info.task_count),
                      "Đã ban hành" if info.status == "issued" else "Dự thảo", "✓" if info.is_current else "")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                self.table.setItem(r, c, item)
        self.empty.setVisible(not plans)
        for b in (self.edit_button, self.current_button, self.issue_button, self.export_button, self.delete_button):
            b.setEnabled(bool(plans))
        if plans and not self.table.selectedItems():
            self.table.selectRow(0)

    def edit_issue_info(self) -> None:
        from tthc_desktop.ui.plans.plan_issue_dialog import PlanIssueDialog

        plan_id = self.selected_plan()
        if plan_id is not None and PlanIssueDialog(self.ctx, plan_id, self).exec() == QDialog.DialogCode.Accepted:
            self.ctx.notify("plans")

    def selected_plan(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def new_plan(self, choices: dict | None = None):
        """Ask for the sources (unless given), propose off the UI thread, open the editor."""
        if choices is None:
            dialog = NewPlanDialog(self.ctx, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            choices = dialog.choices()
        from tthc_desktop.ui.common.workers import run_with_progress, show_error

        db = self.ctx.db
        try:
            proposal = run_with_progress(
                self, lambda p: derive_service.propose(db, choices["provincial"], choices.get("agency"),
                                                       choices.get("previous"), choices.get("year"), carry_own=True),
                title="Lập kế hoạch của Sở", label="Đang đọc kế hoạch và đề xuất…")
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, title="Không lập được đề xuất")
            return None
        return self.open_editor(proposal, None)

    def open_editor(self, proposal, plan_id: int | None):
        dialog = PlanEditorDialog(self.ctx, proposal, plan_id, self)
        dialog.editor.saved.connect(lambda *_: self.refresh())
        dialog.setModal(True)
        dialog.show()
        self._editor_dialog = dialog  # keep a reference; tests drive it directly
        return dialog

    def edit_selected(self):
        plan_id = self.selected_plan()
        if plan_id is None:
            return None
        from tthc_desktop.ui.common.workers import show_error

        try:
            proposal = derive_service.load_department_plan(self.ctx.db, plan_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return None
        return self.open_editor(proposal, plan_id)

    def edit_rules(self) -> None:
        from tthc_desktop.ui.plans.rules_dialog import RulesDialog

        RulesDialog(self.ctx, self).exec()

    def make_current(self) -> None:
        plan_id = self.selected_plan()
        if plan_id is not None:
            derive_service.set_current_plan(self.ctx.db, plan_id)
            self.ctx.notify("plans")

    def print_selected(self):
        """Ctrl+P: the selected plan as it will be issued (its Word file, written to the documents folder)."""
        plan_id = self.selected_plan()
        if plan_id is None:
            return None
        from tthc_desktop.ui.plans.plan_print import print_plan

        return print_plan(self, self.ctx, plan_id)

    def export_selected(self) -> None:
        plan_id = self.selected_plan()
        if plan_id is not None:
            year = int(self.table.item(self.table.currentRow(), 0).text())
            export_plan_files(self, self.ctx, plan_id, year)

    def delete_selected(self) -> None:
        plan_id = self.selected_plan()
        if plan_id is None:
            return
        answer = QMessageBox.question(self, "Xóa kế hoạch", "Xóa kế hoạch này cùng tiến độ và văn bản đã ghi của các "
                                                            "nhiệm vụ? Việc này không hoàn tác được.")
        if answer == QMessageBox.StandardButton.Yes:
            derive_service.delete_department_plan(self.ctx.db, plan_id)
            self.ctx.notify("plans")
