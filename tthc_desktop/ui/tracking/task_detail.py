"""Task detail: progress by period (add, edit, delete), each unit's status and report in the period, evidence
documents (add, edit, delete, open), the provincial source, activity log; a task removed from its plan says so and
can be put back."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body, reflowable
from tthc_desktop.ui.common.screen_fit import fit_to_screen
from tthc_desktop.ui.common.date_edit import DateEdit
from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_date
from tthc_desktop.errors import EditConflictError
from tthc_desktop.services import task_info, task_records, tracking
from tthc_desktop.ui.common.conflict_dialog import KEEP_MINE, ConflictDialog
from tthc_desktop.ui.common.tables import record_table
from tthc_desktop.ui.common.workers import show_error
from tthc_desktop.ui.tracking.completion import CompletionPreview
from tthc_desktop.ui.tracking.evidence_dialog import EvidenceDialog
from tthc_desktop.ui.tracking.task_keys import add_task_keys
from tthc_desktop.ui.tracking.task_units_tab import TaskUnitsTab

UNITS_TAB = "Đơn vị thực hiện"


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def period_choices(year: int) -> list[Period]:
    return [Period(year, k) for k in ("Q1", "Q2", "Q3", "Q4", "H1", "M9", "Y")]


class TaskDetailDialog(QDialog):
    def __init__(self, ctx, task_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.task_id = ctx, task_id
        self.setWindowTitle("Chi tiết nhiệm vụ")
        fit_to_screen(self, 980, 680)
        layout = QVBoxLayout()  # the body: it scrolls above the fixed «Đóng» on a small screen
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.header)
        self.removed_bar = QHBoxLayout()
        self.removed_label = QLabel(wordWrap=True)
        self.removed_label.setStyleSheet("color: #8a4b00;")
        self.restore_button = QPushButton("Đưa lại vào kế hoạch")
        self.restore_button.setToolTip("Nhiệm vụ trở lại kế hoạch đang theo dõi với mọi kết quả và văn bản của nó")
        self.restore_button.clicked.connect(self.restore_task)
        self.removed_bar.addWidget(self.removed_label, 1)
        self.removed_bar.addWidget(self.restore_button)
        layout.addLayout(self.removed_bar)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self._build_progress_tab()
        self.units_tab = TaskUnitsTab()
        self.units_tab.update_requested.connect(self.update_unit)
        self.tabs.addTab(self.units_tab, UNITS_TAB)
        self._build_evidence_tab()
        self.activity = record_table(["Thời điểm", "Thay đổi"], wrap=True)
        self.tabs.addTab(self.activity, "Nhật ký thay đổi")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        fixed_buttons_scroll_body(self, layout, close)
        add_task_keys(self)
        self.reload()

    # -- progress
    def _build_progress_tab(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        self.history = record_table(["Kỳ", "Đơn vị", "Trạng thái", "Tỷ lệ", "Kết quả thực hiện", "Khó khăn",
                                     "Cập nhật"], wrap=True)
        self.history.itemSelectionChanged.connect(self._load_selected)
        v.addWidget(self.history, 1)
        form = QFormLayout()
        self.period_box = QComboBox()
        self.unit_box = QComboBox()
        self.status_box = QComboBox()
        for code, label in st.STATUS_LABELS.items():
            self.status_box.addItem(label, code)
        self.percent = QSpinBox(minimum=0, maximum=100, suffix=" %")
        self.result = QPlainTextEdit()
        self.result.setFixedHeight(64)
        self.difficulties = QPlainTextEdit()
        self.difficulties.setFixedHeight(44)
        self.reason = QLineEdit(placeholderText="Bắt buộc khi «Không thực hiện», hoặc khi Văn phòng xác nhận hoàn thành")
        # The day the work was finished decides "Hoàn thành" vs "Hoàn thành quá hạn"; recording a past
        # period today must not make every task late.
        self.completed_on = DateEdit(QDate.currentDate())
        self.completed_on.setToolTip("Ngày hoàn thành thực tế: so với hạn để biết hoàn thành đúng hạn hay quá hạn")
        self.status_box.currentIndexChanged.connect(self._sync_completed_on)
        self.period_box.currentIndexChanged.connect(self._default_completed_on)
        top = reflowable(QHBoxLayout())  # two pairs side by side, one above the other when narrow
        for pair in ((("Kỳ:", self.period_box), ("Đơn vị:", self.unit_box)),
                     (("Trạng thái:", self.status_box), ("Tỷ lệ:", self.percent))):
            half = QHBoxLayout()
            for label, w in pair:
                half.addWidget(QLabel(label))
                half.addWidget(w, 1 if w is self.unit_box else 0)
            wide = pair[1][1] is self.unit_box
            if not wide:
                half.addStretch(1)
            top.addLayout(half, 1 if wide else 0)
        form.addRow(top)
        form.addRow("Kết quả thực hiện:", self.result)
        form.addRow("Khó khăn, vướng mắc:", self.difficulties)
        form.addRow("Lý do không thực hiện:", self.reason)
        form.addRow("Ngày hoàn thành:", self.completed_on)
        self.completion = CompletionPreview(self)
        form.addRow("", self.completion.label)
        self._sync_completed_on()
        save = QPushButton("Lưu kết quả")
        save.setToolTip("Ghi tiến độ của nhiệm vụ cho kỳ và đơn vị đã chọn")
        save.clicked.connect(self.save_progress)
        self.delete_entry_button = QPushButton("Xóa kết quả")
        self.delete_entry_button.setToolTip("Xóa kết quả đang chọn (có thể hoàn tác: Sửa → Hoàn tác)")
        self.delete_entry_button.clicked.connect(self.delete_entry)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(self.delete_entry_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        v.addLayout(form)
        self.tabs.addTab(page, "Tiến độ theo kỳ")

    def _build_evidence_tab(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        self.evidence = record_table(["Số, ký hiệu", "Ngày", "Cơ quan ban hành", "Trích yếu", "Kỳ", "Tệp"],
                                     wrap=True)
        self.evidence.doubleClicked.connect(lambda _i: self.open_evidence())
        v.addWidget(self.evidence, 1)
        row = QHBoxLayout()
        add = QPushButton("Thêm văn bản…")
        add.clicked.connect(self.add_evidence)
        self.open_button = QPushButton("Mở tệp")
        add.setToolTip("Số, ký hiệu, ngày, cơ quan ban hành, trích yếu và tệp của văn bản chứng minh kết quả")
        self.open_button.setToolTip("Mở tệp của văn bản đang chọn (hoặc nhấp đúp vào dòng)")
        self.open_button.clicked.connect(self.open_evidence)
        self.edit_evidence_button = QPushButton("Sửa…")
        self.edit_evidence_button.clicked.connect(self.edit_evidence)
        self.delete_evidence_button = QPushButton("Xóa")
        self.delete_evidence_button.setToolTip("Xóa văn bản đang chọn; tệp được giữ để có thể hoàn tác")
        self.delete_evidence_button.clicked.connect(self.delete_evidence)
        for b in (add, self.edit_evidence_button, self.delete_evidence_button, self.open_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.evidence_page = page
        self.tabs.addTab(page, "Văn bản chứng minh")

    def reload(self) -> None:
        d = self.detail = task_info.task_detail(self.ctx.db, self.task_id)
        esc = lambda t: (t or "").replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
        parts = [f"<b>Nhiệm vụ {esc(d.number)}</b> — {esc(d.section)}", f"<p>{esc(d.content)}</p>",
                 f"<b>Chủ trì:</b> {esc('; '.join(d.lead)) or '—'} &nbsp; <b>Phối hợp:</b> "
                 f"{esc('; '.join(d.coordinate)) or '—'} &nbsp; <b>Thời gian:</b> {esc(d.schedule)}"]
        if d.results:
            parts.append("<b>Kết quả:</b> " + esc("; ".join(d.results)))
        parts.append("<b>Nhiệm vụ của tỉnh:</b> " + (esc(d.source) or "nhiệm vụ riêng của Sở"))
        self.header.setText("<br>".join(parts))
        removal = task_records.removal_of(self.ctx.db, self.task_id)
        self.removed_label.setText(f"Nhiệm vụ đã bỏ khỏi kế hoạch («Không thực hiện»): {removal['reason']}"
                                   if removal else "")
        self.removed_label.setVisible(removal is not None)
        self.restore_button.setVisible(removal is not None)
        if self.period_box.count() == 0:
            self._fill_choices(d)
        _fill(self.history, [[Period.parse(p.period).label, p.unit or "Văn phòng", p.status_label, f"{p.percent}%",
                              p.result or p.reason, p.difficulties,
                              p.updated_at.strftime("%d/%m/%Y %H:%M") if p.updated_at else ""] for p in d.progress])
        _fill(self.evidence, [[e.number_symbol, format_date(e.doc_date), e.issuer, e.summary,
                               Period.parse(e.period).label if e.period else "", e.original_name]
                              for e in d.evidence])
        _fill(self.activity, [[at.strftime("%d/%m/%Y %H:%M") if at else "", text] for at, text in d.activity])
        self.completion.update()
        self._load_units()
        for table in (self.history, self.evidence, self.activity):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.resizeColumnsToContents()
            for c in range(table.columnCount()):
                table.setColumnWidth(c, min(table.columnWidth(c), 320))

    def _fill_choices(self, d) -> None:
        """The periods (shared by the progress form and the units tab, kept in step) and the task's units."""
        units_period = self.units_tab.period_box
        for p in period_choices(d.plan_year):
            self.period_box.addItem(p.label, p.code)
            units_period.addItem(p.label, p.code)
        index = max(0, self.period_box.findData(self.ctx.period.code))
        self.period_box.setCurrentIndex(index)
        units_period.setCurrentIndex(index)
        self.period_box.currentIndexChanged.connect(units_period.setCurrentIndex)
        units_period.currentIndexChanged.connect(self.period_box.setCurrentIndex)
        units_period.currentIndexChanged.connect(lambda _i: self._load_units())
        self.unit_box.addItem("Văn phòng (ghi chung)", None)
        for uid, name in d.unit_choices:
            self.unit_box.addItem(name, uid)

    def _load_units(self) -> None:
        self.units_tab.load(self.ctx.db, self.task_id, Period.parse(self.period_box.currentData()))
        missing = self.units_tab.missing_count()
        self.tabs.setTabText(self.tabs.indexOf(self.units_tab),
                             f"{UNITS_TAB} ({missing} chưa báo cáo)" if missing else UNITS_TAB)

    def update_unit(self, unit_id: int) -> None:
        """«Cập nhật tiến độ của đơn vị»: the progress form for that unit in the period shown, with its entry
        of the period when it has one."""
        period = self.period_box.currentData()
        row = next((i for i, p in enumerate(self.detail.progress) if p.period == period and p.unit_id == unit_id),
                   None)
        self.tabs.setCurrentIndex(0)
        if row is not None:
            self.history.selectRow(row)
            self._load_selected()  # also when that row was already selected
        else:
            self.history.clearSelection()
            self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(unit_id)))
            self.status_box.setCurrentIndex(max(0, self.status_box.findData("not_started")))
            self.percent.setValue(0)
            for box in (self.result, self.difficulties):
                box.clear()
            self.reason.clear()
        self.status_box.setFocus()

    def _load_selected(self) -> None:
        rows = self.history.selectionModel().selectedRows()
        if not rows:
            return
        p = self.detail.progress[rows[0].row()]
        self.period_box.setCurrentIndex(max(0, self.period_box.findData(p.period)))
        self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(p.unit_id)))
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(p.status)))
        self.percent.setValue(p.percent)
        self.result.setPlainText(p.result)
        self.difficulties.setPlainText(p.difficulties)
        self.reason.setText(p.reason)
        if p.completed_on:
            self.completed_on.setDate(QDate(p.completed_on.year, p.completed_on.month, p.completed_on.day))

    def _default_completed_on(self) -> None:
        """A past period's work was finished by that period's end at the latest."""
        code = self.period_box.currentData()
        if code:
            day = min(date.today(), Period.parse(code).end)
            self.completed_on.setDate(QDate(day.year, day.month, day.day))

    def _sync_completed_on(self) -> None:
        self.completed_on.setEnabled(self.status_box.currentData() in st.FINISHED)

    def _completed_on(self):
        if self.status_box.currentData() not in st.FINISHED:
            return None
        return self.completed_on.date().toPython()

    def _seen_version(self) -> int:
        """The version of this period's entry as shown when the task was loaded (0: none yet)."""
        period, unit = self.period_box.currentData(), self.unit_box.currentData()
        seen = next((p for p in self.detail.progress if p.period == period and p.unit_id == unit), None)
        return seen.version if seen else 0

    def save_progress(self) -> bool:
        return self._save(self._seen_version())

    def _save(self, expected_version: int) -> bool:
        try:
            tracking.add_progress(self.ctx.db, self.task_id, self.period_box.currentData(),
                                  self.status_box.currentData(), percent=self.percent.value(),
                                  note=self.result.toPlainText(), difficulties=self.difficulties.toPlainText(),
                                  unit=self.unit_box.currentData(), reason=self.reason.text(),
                                  completed_on=self._completed_on(), expected_version=expected_version)
        except EditConflictError as exc:
            return self._resolve_conflict(exc)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.reload()
        self.ctx.notify("progress")
        return True

    def _resolve_conflict(self, exc) -> bool:
        """A colleague saved first: show both; overwrite only if the officer says so, else show theirs."""
        dialog = ConflictDialog(self, exc)
        dialog.exec()
        if dialog.choice == KEEP_MINE:
            return self._save(exc.theirs["version"])
        self.reload()
        self.ctx.notify("progress")
        return False

    # -- evidence
    def add_evidence(self) -> None:
        dialog = EvidenceDialog(self, Period.parse(self.period_box.currentData() or self.ctx.period.code))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            dialog.save(self.ctx.db, self.task_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.reload()
        self.ctx.notify("evidence")

    def open_evidence(self) -> None:
        rows = self.evidence.selectionModel().selectedRows()
        if not rows:
            return
        item = self.detail.evidence[rows[0].row()]
        path = tracking.evidence_file_by_id(self.ctx.db, item.id)
        if path is None or not path.is_file():
            QMessageBox.information(self, "Không có tệp", "Văn bản này không có tệp đính kèm trong thư mục dữ liệu.")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _selected(self, table, items):
        rows = table.selectionModel().selectedRows()
        return items[rows[0].row()] if rows else None

    def _confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def _changed(self, topic: str) -> None:
        self.reload()
        self.ctx.notify(topic)

    def delete_entry(self) -> None:
        entry = self._selected(self.history, self.detail.progress)
        if entry is None or not self._confirm(
                "Xóa kết quả", f"Xóa kết quả {Period.parse(entry.period).label} của {entry.unit or 'Văn phòng'}? "
                               "Có thể hoàn tác bằng Sửa → Hoàn tác."):
            return
        try:
            task_records.delete_entry(self.ctx.db, entry.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._changed("progress")

    def edit_evidence(self) -> None:
        item = self._selected(self.evidence, self.detail.evidence)
        if item is None:
            return
        dialog = EvidenceDialog(self, Period.parse(item.period or self.ctx.period.code))
        dialog.load(item)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            dialog.save_changes(self.ctx.db, item.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._changed("evidence")

    def delete_evidence(self) -> None:
        item = self._selected(self.evidence, self.detail.evidence)
        label = item and (item.number_symbol or item.original_name or item.summary[:60])
        if item is None or not self._confirm(
                "Xóa văn bản chứng minh", f"Xóa văn bản «{label}»? Tệp đính kèm được giữ lại để có thể hoàn tác."):
            return
        try:
            task_records.delete_evidence(self.ctx.db, item.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._changed("evidence")

    def restore_task(self) -> None:
        try:
            task_records.restore_task(self.ctx.db, self.task_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._changed("plans")
