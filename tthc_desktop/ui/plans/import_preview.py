"""Import preview: the plan as read, beside the source cells, with every doubt marked, fixable before saving.

``read_plan_with_progress`` reads the file off the UI thread; ``ImportPreviewDialog`` shows the
section/task tree, the cells each task came from and an editor; "Lưu kế hoạch" stores it through
``services.plans.import_plan`` (asking before replacing a file imported earlier).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QSpinBox, QSplitter, QTableWidget, QTableWidgetItem,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from tthc_desktop.domain.plan import ParsedPlan, PlanTask
from tthc_desktop.domain.text import format_date, normalize
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body, reflowable
from tthc_desktop.ui.common.screen_fit import fit_to_screen
from tthc_desktop.ui.common.icons import icon
from tthc_desktop.ui.plans.task_editor import TaskEditor, schedule_label

COLUMNS = ("Số", "Nội dung công việc", "Chủ trì", "Phối hợp", "Thời gian", "Lịch")
CHECK_COLUMN = "Đã kiểm tra"  # only for plans read by OCR: every cell is for the officer to check
WARN_BRUSH = QBrush(QColor("#fff1c2"))
OCR_BRUSH = QBrush(QColor("#e9e1fb"))
UNSET_BRUSH = QBrush(QColor("#fbe3e1"))
SECTION_BRUSH = QBrush(QColor("#e6edf2"))
TASK_ROLE = Qt.ItemDataRole.UserRole


def read_plan_with_progress(parent: QWidget | None, path: Path, year: int | None = None) -> ParsedPlan:
    """read_plan off the UI thread with a progress dialog (shown if slow) and "Hủy"; raises Cancelled."""
    from tthc_desktop.ui.common.workers import run_with_progress

    def work(progress):
        from tthc_desktop.services.plans import read_plan_file

        return read_plan_file(path, year, progress, progress.is_cancelled)

    return run_with_progress(parent, work, title="Nhập kế hoạch", label=f"Đang đọc «{path.name}»…", cancellable=True)


def _short(items: list[str], limit: int = 80) -> str:
    text = "; ".join(items)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ImportPreviewDialog(QDialog):
    """``saved_plan_id`` is set after a successful save."""

    def __init__(self, db, parsed: ParsedPlan, *, kind: str = "provincial", parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.parsed, self.kind = db, parsed, kind
        self.saved_plan_id: int | None = None
        self.edited = False
        self.ocr = any(t.ocr for t in parsed.tasks)
        self.checked: set[int] = set()  # OCR'd tasks the officer ticked «đã kiểm tra»
        self._hand_edited: set[int] = set()  # tasks whose schedule the officer set: a new year leaves them alone
        self.setWindowTitle(f"Xem trước kế hoạch — {parsed.source_file}")
        fit_to_screen(self, 1300, 760)
        layout = QVBoxLayout()  # the body: it scrolls above the fixed «Lưu kế hoạch · Hủy» row
        layout.setContentsMargins(0, 0, 0, 0)

        head = reflowable(QHBoxLayout())
        meta = QFormLayout()
        self.title = QLineEdit(parsed.title)
        self.title.setToolTip("Tên kế hoạch như trong văn bản")
        self.decision = QLineEdit(parsed.decision)
        self.decision.setMinimumWidth(150)
        self.decision.setToolTip("Số, ký hiệu của quyết định/kế hoạch, ví dụ 124/QĐ-UBND")
        self.issuer = QLineEdit(parsed.issuer)
        self.year = QSpinBox(minimum=2000, maximum=2100)
        self.year.setValue(parsed.year or 2000)
        self.year.setToolTip("Năm của kế hoạch: dùng để tính hạn «Tháng 02», «Quý IV» …")
        row = QHBoxLayout()
        row.addWidget(self.decision, 1)
        row.addWidget(QLabel("Năm"))
        row.addWidget(self.year)
        row.addStretch(1)
        meta.addRow("Tên kế hoạch", self.title)
        meta.addRow("Số hiệu", row)
        meta.addRow("Cơ quan ban hành", self.issuer)  # its own row: beside the number it was cut to «UBND»
        head.addLayout(meta, 3)
        self.warnings = QListWidget()
        self.warnings.setToolTip("Những điều chương trình chưa chắc chắn; bấm vào một dòng để xem nhiệm vụ đó")
        self.warnings.setMaximumHeight(84)
        self.warnings.itemClicked.connect(self._warning_clicked)
        head.addWidget(self.warnings, 4)
        layout.addLayout(head)
        self.summary = QLabel(objectName="pageHint", wordWrap=True)
        layout.addWidget(self.summary)

        split = reflowable(QSplitter(Qt.Orientation.Horizontal))
        self.tree = QTreeWidget()
        columns = COLUMNS + ((CHECK_COLUMN,) if self.ocr else ())
        self.tree.setColumnCount(len(columns))
        self.tree.setHeaderLabels(columns)
        self.tree.setAlternatingRowColors(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumWidth(260)  # number and the start of the content; the editor beside it reflows first
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((92, 330, 170, 150, 110, 100, 90)):
            self.tree.setColumnWidth(column, width)
        if self.ocr:  # the tick right after the number, where the eye starts each row
            self.tree.header().moveSection(len(COLUMNS), 1)
            self.tree.headerItem().setToolTip(len(COLUMNS), "Đánh dấu từng dòng đã so với bản quét gốc")
        self.tree.currentItemChanged.connect(self._selected)
        self.tree.itemChanged.connect(self._check_changed)
        split.addWidget(self.tree)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(6, 0, 0, 0)
        cells_box = QGroupBox("Ô trong tệp gốc")
        cells_layout = QVBoxLayout(cells_box)
        self.cells = QTableWidget(0, 2)
        self.cells.setHorizontalHeaderLabels(("Cột", "Nội dung đã đọc"))
        self.cells.verticalHeader().setVisible(False)
        self.cells.horizontalHeader().setStretchLastSection(True)
        self.cells.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cells.setWordWrap(True)
        self.cells.setColumnWidth(0, 52)
        self.cells.setToolTip("Nội dung từng ô của dòng trong tệp, để so với phần chương trình đã hiểu")
        cells_layout.addWidget(self.cells)
        self.task_warning = QLabel(objectName="errorLabel", wordWrap=True)
        cells_layout.addWidget(self.task_warning)
        edit_box = QGroupBox("Sửa nhiệm vụ")
        edit_layout = QVBoxLayout(edit_box)
        self.editor = TaskEditor(parsed.year or self.year.value())
        self.editor.changed.connect(self._task_edited)
        edit_layout.addWidget(self.editor)
        right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(cells_box)
        right_split.addWidget(edit_box)
        right_split.setSizes([230, 420])
        side.addWidget(right_split)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 540])
        self.split = split
        layout.addWidget(split, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Lưu kế hoạch")
        self.save_button.setToolTip("Lưu kế hoạch với các sửa đổi (Ctrl+S)")
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.body = fixed_buttons_scroll_body(self, layout, buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.year.valueChanged.connect(self._year_changed)
        for edit in (self.title, self.decision, self.issuer):
            edit.setCursorPosition(0)
        self._fill()

    # ------------------------------------------------------------------ tree
    def _fill(self) -> None:
        self.tree.clear()
        self._items: dict[int, QTreeWidgetItem] = {}
        self._tasks_by_id: dict[int, PlanTask] = {}
        for section in self.parsed.sections:
            top = QTreeWidgetItem([section.code, section.title])
            top.setFirstColumnSpanned(True)
            for c in range(len(COLUMNS)):
                top.setBackground(c, OCR_BRUSH if section.ocr else SECTION_BRUSH)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setToolTip(0, section.title)
            self.tree.addTopLevelItem(top)
            for task in section.tasks:
                item = QTreeWidgetItem(top)
                item.setData(0, TASK_ROLE, id(task))
                self._items[id(task)] = item
                self._tasks_by_id[id(task)] = task
                self._paint(item, task)
        self.tree.expandAll()
        self.warnings.clear()
        for text in self.parsed.warnings:
            self.warnings.addItem(QListWidgetItem(icon("warning"), text))
        if not self.parsed.warnings:
            self.warnings.addItem("Không có cảnh báo: mọi dòng đều đọc được rõ ràng.")
        self._update_summary()
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self.tree.setCurrentItem(first.child(0))

    def _paint(self, item: QTreeWidgetItem, task: PlanTask) -> None:
        values = (task.number, task.content, _short(task.lead), _short(task.coordinate), task.time_text.replace("\n", " "),
                  schedule_label(task.schedule))
        self.tree.blockSignals(True)
        for c in range(self.tree.columnCount()):
            item.setBackground(c, QBrush())
        for c, value in enumerate(values):
            item.setText(c, value)
            item.setToolTip(c, value if c != 1 else task.content)
        if task.ocr:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = id(task) in self.checked
            item.setCheckState(len(COLUMNS), Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            item.setToolTip(len(COLUMNS), "Đánh dấu khi đã so các ô của dòng này với bản quét gốc")
            if not checked:
                for c in range(len(COLUMNS) + 1):
                    item.setBackground(c, OCR_BRUSH)
        self.tree.blockSignals(False)
        if task.schedule.kind == "unspecified":
            item.setBackground(5, UNSET_BRUSH)
            item.setToolTip(5, "Chưa xác định được thời hạn từ ô thời gian; hãy chọn lịch cho nhiệm vụ này.")
        if task.warnings:
            for c in range(len(COLUMNS)):
                item.setBackground(c, WARN_BRUSH)
            item.setIcon(0, icon("warning"))
            item.setToolTip(0, "\n".join(task.warnings))
        else:
            item.setIcon(0, icon(""))

    def _update_summary(self) -> None:
        tasks = self.parsed.tasks
        doubtful = sum(1 for t in tasks if t.warnings)
        unset = sum(1 for t in tasks if t.schedule.kind == "unspecified")
        ocr = [t for t in tasks if t.ocr]
        scanned = (f" Bản quét đọc bằng nhận dạng chữ: {len(ocr) - len(self.checked)} dòng chưa kiểm tra (tô tím), "
                   f"{len(self.checked)} dòng đã kiểm tra." if ocr else "")
        self.summary.setText(
            f"Tệp «{self.parsed.source_file}»: {len(self.parsed.sections)} mục, {len(tasks)} nhiệm vụ; "
            f"{doubtful} dòng có cảnh báo (tô vàng), {unset} nhiệm vụ chưa xác định lịch (ô lịch tô đỏ).{scanned} "
            "Chọn một dòng để xem ô gốc và sửa.")

    def _check_changed(self, item: QTreeWidgetItem, column: int) -> None:
        task = self.task_of(item)
        if task is None or column != len(COLUMNS) or not task.ocr:
            return
        if item.checkState(column) == Qt.CheckState.Checked:
            self.checked.add(id(task))
        else:
            self.checked.discard(id(task))
        self._paint(item, task)
        self._update_summary()

    def set_checked(self, task: PlanTask, checked: bool = True) -> None:
        """Tick «đã kiểm tra» for an OCR'd task (as the officer does with the check box)."""
        self._items[id(task)].setCheckState(len(COLUMNS), Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def task_of(self, item: QTreeWidgetItem | None) -> PlanTask | None:
        if item is None or item.data(0, TASK_ROLE) is None:
            return None
        return self._tasks_by_id.get(item.data(0, TASK_ROLE))

    def _selected(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        task = self.task_of(item)
        self.editor.load(task)
        cells = task.source_cells if task else []
        self.cells.setRowCount(len(cells))
        for r, text in enumerate(cells):
            self.cells.setItem(r, 0, QTableWidgetItem(str(r + 1)))
            cell = QTableWidgetItem(text)
            cell.setToolTip(text + ("\n(chữ nhận dạng từ bản quét: hãy so với bản gốc)" if task.ocr else ""))
            if task.ocr and id(task) not in self.checked:
                cell.setBackground(OCR_BRUSH)
            self.cells.setItem(r, 1, cell)
        self.cells.resizeRowsToContents()
        if task is not None and task.source_row:
            self.cells.setToolTip(f"Dòng {task.source_row} của bảng trong tệp gốc")
        self.task_warning.setText("\n".join(task.warnings) if task else "")
        self.task_warning.setVisible(bool(task and task.warnings))

    def _task_edited(self) -> None:
        item = self.tree.currentItem()
        task = self.task_of(item)
        if task is not None:
            self.edited = True
            self._hand_edited.add(id(task))
            self._paint(item, task)
            self._update_summary()

    def _warning_clicked(self, entry: QListWidgetItem) -> None:
        for task_id, task in self._tasks_by_id.items():
            if entry.text() in task.warnings:
                self.tree.setCurrentItem(self._items[task_id])
                self.tree.scrollToItem(self._items[task_id])
                return

    def _year_changed(self, year: int) -> None:
        """A corrected year moves every due date read from the time texts ("Tháng 02", "Quý IV")."""
        from tthc_desktop.domain.schedule import parse_time_text

        self.editor.year = year
        for task_id, task in self._tasks_by_id.items():
            if task_id not in self._hand_edited and task.time_text:
                task.schedule = parse_time_text(task.time_text, year)
                self._paint(self._items[task_id], task)
        self.editor.load(self.task_of(self.tree.currentItem()))
        self._update_summary()

    def select_task(self, number: str) -> PlanTask | None:
        for task_id, task in self._tasks_by_id.items():
            if task.number == number:
                self.tree.setCurrentItem(self._items[task_id])
                return task
        return None

    def reject(self) -> None:
        """Esc / Hủy: nothing is saved; edits made in the preview are only dropped after asking."""
        if self.edited and self.saved_plan_id is None:
            answer = QMessageBox.question(self, "Bỏ kế hoạch chưa lưu", "Các sửa đổi trong bản xem trước chưa được lưu. Bỏ đi?",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    # ------------------------------------------------------------------ save
    def save(self) -> None:
        from tthc_desktop.errors import TthcError
        from tthc_desktop.services import plans
        from tthc_desktop.ui.common.workers import show_error

        p = self.parsed
        p.title, p.decision, p.issuer = normalize(self.title.text()), normalize(self.decision.text()), normalize(self.issuer.text())
        p.year = self.year.value()
        replace = False
        duplicate = plans.find_duplicate(self.db, p.source_hash, self.kind)
        if duplicate is not None:
            when = duplicate.get("imported_at") or ""
            day = format_date(_iso_date(when)) if when else ""
            answer = QMessageBox.question(
                self, "Tệp đã được nhập",
                f"Tệp «{p.source_file}» đã được nhập{(' ngày ' + day) if day else ''} "
                f"(kế hoạch «{_short([duplicate.get('title') or ''], 90)}», {duplicate.get('tasks', 0)} nhiệm vụ).\n\n"
                "Thay thế kế hoạch đã nhập bằng bản này?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
            replace = True
        try:
            self.saved_plan_id = plans.import_plan(self.db, p, kind=self.kind, replace_duplicate=replace)
        except TthcError as exc:
            show_error(self, exc, title="Chưa lưu được kế hoạch")
            return
        self.accept()


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
