"""Báo cáo định kỳ: the figures of forms II.05a/II.06a per unit (tab "Số liệu") and the narrative report (tab "Báo cáo")."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from tthc_desktop.errors import TthcError
from tthc_desktop.services import figure_versions
from tthc_desktop.ui.common.conflict_dialog import save_checked
from tthc_desktop.ui.common.flow_layout import FlowLayout
from tthc_desktop.ui.report.form_grid import FormGrid
from tthc_desktop.ui.report.report_parts import ReportTab
from tthc_desktop.ui.common.workers import show_error

DEPARTMENT = -1  # unit combo entry for the department's sums (read-only)
HINT = ("Kéo thả các tệp Excel đơn vị gửi về vào đây để nhập. Ô đỏ: sai quy tắc bắt buộc; "
        "ô vàng: chênh lệch cần giải trình; ô xanh: lấy từ kỳ trước.")


class FiguresTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setAcceptDrops(True)
        self.form_box = QComboBox()
        self.unit_box = QComboBox()
        self.unit_box.setMinimumWidth(260)
        self.save_button = QPushButton("Lưu số liệu")
        self.import_button = QPushButton("Nhập tệp đơn vị gửi…")
        self.template_button = QPushButton("Xuất biểu trống cho đơn vị…")
        self.mapping_button = QPushButton("Nhập từ hệ thống một cửa…")
        self.save_button.setToolTip("Lưu số liệu đã gõ của đơn vị đang chọn (Ctrl+S)")
        self.import_button.setToolTip("Nhập các tệp biểu II.05a, II.06a các đơn vị gửi về (có thể kéo thả tệp vào đây)")
        self.template_button.setToolTip("Ghi biểu trống của kỳ này cho đơn vị đang chọn, hoặc cho mọi đơn vị giải quyết TTHC")
        self.mapping_button.setToolTip("Nhập số liệu từ tệp Excel xuất ra từ hệ thống một cửa, chọn cột tương ứng")
        from PySide6.QtCore import Qt

        from tthc_desktop.ui.common.page_keys import add_save

        add_save(self, self.save, "Báo cáo định kỳ: số liệu đang nhập").setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Two rows: on a 1366 px screen one row squeezed the form name and clipped the buttons.
        top = QHBoxLayout()
        self.form_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for w in (QLabel("Biểu:"), self.form_box, QLabel("Đơn vị:"), self.unit_box):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.save_button)
        actions = FlowLayout()
        for b in (self.import_button, self.template_button, self.mapping_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.grid = FormGrid(self)
        self.overdue_box = QWidget()
        self.overdue_label = QLabel()
        self.overdue_reason = QLineEdit()
        self.overdue_reason.setPlaceholderText("Nguyên nhân hồ sơ giải quyết quá hạn (nếu có)")
        self.apology_letters = QSpinBox()
        self.apology_letters.setRange(0, 1_000_000)
        ol = QHBoxLayout(self.overdue_box)
        ol.setContentsMargins(0, 0, 0, 0)
        for w in (self.overdue_label, self.overdue_reason, QLabel("Số văn bản xin lỗi đã gửi:"), self.apology_letters):
            ol.addWidget(w)
        ol.setStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.hint)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.overdue_box)
        self.dirty = False
        self._loaded: tuple | None = None  # (form code, unit id, period, unit name) shown in the grid
        self._version = 0  # the grid's version as loaded, saved back as expected_version
        self.form_box.currentIndexChanged.connect(self.reload)
        self.unit_box.currentIndexChanged.connect(self.reload)
        self.grid.changed.connect(self._mark_dirty)
        self.overdue_reason.textEdited.connect(self._mark_dirty)
        self.apology_letters.valueChanged.connect(self._mark_dirty)
        self.save_button.clicked.connect(self.save)
        self.import_button.clicked.connect(self.choose_files)
        self.template_button.clicked.connect(self.export_templates)
        self.mapping_button.clicked.connect(self.map_import)

    # ---- loading ----
    def refresh(self) -> None:
        from tthc_desktop.services import catalog, forms

        self.form_box.blockSignals(True)
        self.unit_box.blockSignals(True)
        code, unit = self.form_box.currentData(), self.unit_box.currentData()
        self.form_box.clear()
        for c, d in sorted(forms.definitions().items()):
            self.form_box.addItem(f"{d.form_label} – {d.short_name}" + ("" if d.confirmed else
                                                                        " (chưa đối chiếu văn bản gốc)"), c)
        self.unit_box.clear()
        self.unit_box.addItem("Toàn Sở (tổng hợp các đơn vị)", DEPARTMENT)
        units = catalog.list_units(self.ctx.db, active_only=True)
        for u in sorted(units, key=lambda u: not u.handles_dossiers):
            self.unit_box.addItem(u.name, u.id)
        for box, value in ((self.form_box, code or "II.06a"), (self.unit_box, unit)):
            i = box.findData(value)
            box.setCurrentIndex(i if i >= 0 else (1 if box is self.unit_box and box.count() > 1 else 0))
        self.form_box.blockSignals(False)
        self.unit_box.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        from tthc_desktop.services import forms

        code, unit_id = self.form_box.currentData(), self.unit_box.currentData()
        if code is None or unit_id is None:
            return
        if not self.offer_save():  # «Hủy»: stay on the figures being typed
            for box, value in ((self.form_box, self._loaded[0]), (self.unit_box, self._loaded[1])):
                box.blockSignals(True)
                box.setCurrentIndex(max(0, box.findData(value)))
                box.blockSignals(False)
            return
        period = self.ctx.period
        d = forms.get_definition(code, period)
        self._loaded = (d.code, unit_id, period, self.unit_box.currentText())
        if unit_id == DEPARTMENT:
            from tthc_desktop.services.period_figures import period_figures

            found = period_figures(self.ctx.db, d.code, period)
            rows = found.rows
            self.grid.load(d, [(f.field_id, f.name) for f, _ in rows], {f.field_id: v for f, v in rows}, None, {},
                           read_only=True)
            self.hint.setText(found.missing_text() or HINT)
        else:
            self.hint.setText(HINT)
            fields = [(f.field_id, f.name) for f in forms.unit_field_rows(self.ctx.db, unit_id)]
            values = forms.figures(self.ctx.db, d.code, period, unit_id)
            for fid, extra in self._stored_extras(d.code, unit_id).items():
                values.setdefault(fid, {}).update(extra)
            self._version = figure_versions.grid_version(self.ctx.db, d.code, period, unit_id)
            self.grid.load(d, fields, values, forms.previous_figures(self.ctx.db, d.code, period, unit_id),
                           forms.explanations(self.ctx.db, d.code, period, unit_id))
        overdue = d.raw.get("overdue")
        self.overdue_box.setVisible(bool(overdue) and unit_id != DEPARTMENT)
        if overdue and unit_id != DEPARTMENT:
            self.overdue_label.setText(overdue.get("label", "") + ":")
            reason, letters = forms.overdue_note(self.ctx.db, period, unit_id)
            self.overdue_reason.setText(reason)
            self.apology_letters.blockSignals(True)
            self.apology_letters.setValue(letters)
            self.apology_letters.blockSignals(False)
        self.save_button.setEnabled(unit_id != DEPARTMENT)
        self.dirty = False

    def _stored_extras(self, code: str, unit_id: int) -> dict[int, dict[str, int]]:
        from tthc_desktop.services import forms

        return forms.stored_extras(self.ctx.db, code, self.ctx.period, unit_id)

    def _mark_dirty(self) -> None:
        self.dirty = True

    def offer_save(self) -> bool:
        """Typed figures not yet saved: ask before the grid shows another form, unit or period.

        False when the officer chose «Hủy» (or the save failed): the grid keeps what was typed.
        """
        if self.dirty and self._loaded and self._loaded[1] != DEPARTMENT:
            code, _, period, unit_name = self._loaded
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(self, "Lưu số liệu?", f"Số liệu {code} {period.label} của «{unit_name}» "
                                          "vừa nhập chưa được lưu. Lưu lại?",
                                          buttons.Yes | buttons.No | buttons.Cancel, buttons.Yes)
            if answer in (buttons.Cancel, buttons.Escape) or (answer == buttons.Yes and not self.save()):
                return False
        self.dirty = False
        return True

    # ---- actions ----
    def save(self) -> bool:
        from tthc_desktop.services import forms

        if not self._loaded or self._loaded[1] in (None, DEPARTMENT):
            return False
        code, unit_id, period, unit_name = self._loaded
        if self.grid.has_errors():
            QMessageBox.warning(self, "Chưa lưu được", "Số liệu còn sai quy tắc bắt buộc (ô màu đỏ); hãy sửa rồi lưu lại.")
            return False
        try:
            rows, notes = self.grid.rows(), self.grid.notes()
            saved, _ = save_checked(self, lambda expected: forms.save_unit_figures(
                self.ctx.db, code, period, unit_id, rows, notes=notes, source="typed", replace=True,
                expected_version=expected), self._version)
            if not saved:  # the officer keeps the colleague's figures: show them
                self.dirty = False
                self.reload()
                return False
            self._version = figure_versions.grid_version(self.ctx.db, code, period, unit_id)
            overdue = forms.get_definition(code, period).raw.get("overdue")
            if overdue:
                late = sum(v.get(c, 0) for v in rows.values() for c in overdue.get("columns", []))
                forms.save_overdue_note(self.ctx.db, period, unit_id, self.overdue_reason.text(),
                                        self.apology_letters.value(), late)
        except TthcError as exc:
            show_error(self, exc)
            return False
        self.dirty = False
        self.ctx.notify("forms")
        self.ctx.status_message.emit(f"Đã lưu số liệu {code} {period.label} của «{unit_name}».")
        return True

    def choose_files(self) -> None:
        from tthc_desktop.ui.common.file_dialogs import EXCEL_FILTER, open_files

        files = open_files(self, "Chọn các tệp biểu mẫu đơn vị gửi về", EXCEL_FILTER, key="forms")
        if files:
            self.import_files(files)

    def import_files(self, files: list[Path], *, ask=None) -> list[str]:
        """Import each file; a unit already imported is replaced only after the officer agrees."""
        from tthc_desktop.services import forms

        ask = ask or (lambda text: QMessageBox.question(self, "Thay thế số liệu?", text) == QMessageBox.StandardButton.Yes)
        done, failed = [], []
        for path in files:
            try:
                try:
                    result = forms.import_form_file(self.ctx.db, Path(path), self.ctx.period)
                except forms.AlreadyStoredError as exc:
                    if not ask(exc.message.split(":")[0] + ". Thay thế bằng số liệu trong tệp này?"):
                        continue
                    result = forms.import_form_file(self.ctx.db, Path(path), self.ctx.period, replace=True)
                done.append(f"Đã nhập «{result.file}»: {result.code} của «{result.unit}», {result.rows} lĩnh vực.")
                done += [f"Cảnh báo: {w}" for w in result.warnings]
            except TthcError as exc:
                failed.append(f"Không nhập: {exc.message}")
        if done or failed:
            self.ctx.notify("forms")
            self.reload()
            box = QMessageBox.warning if failed else QMessageBox.information
            box(self, "Nhập biểu mẫu", "\n".join(failed + done))
        return failed + done

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if any(u.toLocalFile().lower().endswith((".xlsx", ".xlsm")) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.toLocalFile().lower().endswith((".xlsx", ".xlsm"))]
        event.acceptProposedAction()
        self.import_files(files)

    def export_templates(self) -> list[Path]:
        """Blank forms into «Bieu trong <kỳ>» of the officer's documents folder, then «Đã lập …»."""
        from tthc_desktop.services import catalog, forms
        from tthc_desktop.services.tracking import safe_file_name
        from tthc_desktop.ui.common.output_dialog import output_folder, show_made

        code, unit_id = self.form_box.currentData(), self.unit_box.currentData()
        units = [u for u in catalog.list_units(self.ctx.db, active_only=True)
                 if (u.id == unit_id) or (unit_id == DEPARTMENT and u.handles_dossiers)]
        written = []
        try:
            folder = output_folder(f"Bieu trong {self.ctx.period.code}")
            for u in units:
                name = f"{code} {self.ctx.period.code} {(u.short_name or u.name).replace('/', '-')}.xlsx"
                written.append(forms.write_template(self.ctx.db, code, self.ctx.period, u.id,
                                                    folder / safe_file_name(name)))
        except (TthcError, OSError) as exc:
            show_error(self, exc)
            return []
        self.ctx.status_message.emit(f"Đã ghi {len(units)} biểu trống vào {folder}.")
        show_made(self, f"{len(written)} biểu {code} trống {self.ctx.period.label}", written)
        return written

    def map_import(self) -> None:
        from tthc_desktop.ui.report.column_mapping_dialog import ColumnMappingDialog

        unit_id = self.unit_box.currentData()
        if unit_id in (None, DEPARTMENT):
            QMessageBox.information(self, "Chọn đơn vị", "Hãy chọn đơn vị có số liệu cần nhập.")
            return
        dialog = ColumnMappingDialog(self.ctx, self.form_box.currentData(), unit_id, self)
        if dialog.exec():
            self.ctx.notify("forms")
            self.reload()


class ReportPage(QWidget):
    """Báo cáo định kỳ for ``ctx.period``."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget(self)
        self.figures = FiguresTab(ctx)
        self.report = ReportTab(ctx)
        self.tabs.addTab(self.figures, "Số liệu")
        self.tabs.addTab(self.report, "Báo cáo")
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)
        ctx.period_changed.connect(lambda _code: self.refresh())
        ctx.data_changed.connect(self._data_changed)
        from tthc_desktop.ui.common.page_keys import add_print
        from tthc_desktop.ui.report.report_print import print_report

        add_print(self, lambda: print_report(self), "Báo cáo định kỳ: báo cáo của kỳ đã lập")
        self.refresh()

    def import_files(self, files: list[Path], **kwargs) -> list[str]:
        """Filled II.05a/II.06a workbooks (dropped on the window or chosen): import them for ctx.period."""
        self.tabs.setCurrentWidget(self.figures)
        return self.figures.import_files(files, **kwargs)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.report:
            self.report.refresh()

    def _data_changed(self, topic: str) -> None:
        if topic != "forms" and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        p = self.ctx.period
        self.title.setText(f"Báo cáo định kỳ – {p.label} (từ {p.start:%d/%m/%Y} đến {p.end:%d/%m/%Y})")
        try:
            self.figures.refresh()
            if self.tabs.currentWidget() is self.report:
                self.report.refresh()
        except TthcError as exc:
            show_error(self, exc)
