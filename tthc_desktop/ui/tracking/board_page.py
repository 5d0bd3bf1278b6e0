"""Theo dõi nhiệm vụ: the task board with its filters, remembered columns, and the unit sheet round trip."""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tthc_desktop.domain import status as st
from tthc_desktop.services import tracking
from tthc_desktop.ui.common.background import BackgroundLoader
from tthc_desktop.ui.tracking.board_model import COL, COLUMNS, TaskBoardModel, TaskFilterProxy
from tthc_desktop.ui.common.file_dialogs import window_settings
from tthc_desktop.ui.common.workers import show_error

log = logging.getLogger(__name__)
HEADER_KEY = "board/header"
# Sized so the status column is on screen in a 1366 px wide window without scrolling.
DEFAULT_WIDTHS = {"section": 40, "number": 40, "content": 272, "lead": 130, "coordinate": 110, "schedule": 100,
                  "next_due": 112, "status": 140, "percent": 48, "last_update": 105}


class TaskBoardPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = date.today()
        self._pending_unit: int | None = None  # asked for before the unit list was loaded
        self.model = TaskBoardModel(self)
        self.proxy = TaskFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.loader = BackgroundLoader(self)
        self._build()
        self._restore_header()
        ctx.data_changed.connect(lambda _topic: self.refresh())
        ctx.period_changed.connect(lambda _code: self.refresh())
        self.refresh()

    # -- layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = QHBoxLayout()
        self.title = QLabel(objectName="pageTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        title.addWidget(self.title, 1)
        export = QPushButton("Xuất phiếu cho đơn vị…")
        export.clicked.connect(self.export_sheets)
        imp = QPushButton("Nhập phiếu đơn vị gửi về…")
        imp.clicked.connect(lambda: self.import_file(None))
        export.setToolTip("Một tệp Excel cho mỗi đơn vị với các nhiệm vụ của đơn vị trong kỳ đang chọn, để đơn vị điền kết quả")
        imp.setToolTip("Đọc các phiếu đơn vị đã điền, xem trước thay đổi rồi mới ghi (có thể kéo thả tệp vào cửa sổ)")
        title.addWidget(export)
        title.addWidget(imp)
        layout.addLayout(title)

        bar = QHBoxLayout()
        self.search = QLineEdit(placeholderText="Tìm nội dung (gõ không dấu cũng được)…", clearButtonEnabled=True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.textChanged.connect(self._update_count)
        self.unit_box = QComboBox(minimumContentsLength=10)
        self.section_box = QComboBox(minimumContentsLength=8)
        self.status_box = QComboBox()
        self.status_box.addItem("Mọi trạng thái", None)
        for code, label in st.ALL_LABELS.items():
            self.status_box.addItem(label, code)
        self.window_box = QComboBox()
        self.window_box.addItem("Mọi thời hạn", None)
        for code in st.DUE_WINDOWS:
            self.window_box.addItem(st.DUE_WINDOW_LABELS[code], code)
        self.unit_box.currentIndexChanged.connect(lambda: self.proxy.set_unit(self.unit_box.currentData()))
        self.section_box.currentIndexChanged.connect(lambda: self.proxy.set_section(self.section_box.currentData()))
        self.status_box.currentIndexChanged.connect(lambda: self.proxy.set_status(self.status_box.currentData()))
        self.window_box.currentIndexChanged.connect(
            lambda: self.proxy.set_due_window(self.window_box.currentData(), self.ctx.period, self.today))
        for box in (self.unit_box, self.section_box, self.status_box, self.window_box):
            box.currentIndexChanged.connect(self._update_count)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.columns_button = QToolButton(text="Cột…", popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self.columns_button)
        self.columns_button.setMenu(self.columns_menu)
        self.status_box.setMinimumContentsLength(12)
        self.window_box.setMinimumContentsLength(11)
        self.search.setMinimumWidth(170)
        bar.addWidget(self.search, 2)
        for label, box in (("Đơn vị:", self.unit_box), ("Mục:", self.section_box), ("Trạng thái:", self.status_box),
                           ("Thời hạn:", self.window_box)):
            bar.addWidget(QLabel(label))
            bar.addWidget(box, 1)
        bar.addWidget(self.columns_button)
        layout.addLayout(bar)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(40)
        self.view.doubleClicked.connect(self._open_index)
        from tthc_desktop.ui.common.shortcuts import add_shortcut

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            add_shortcut(self.view, key, self._open_current, "Theo dõi nhiệm vụ: mở chi tiết nhiệm vụ đang chọn"
                         ).setContext(Qt.ShortcutContext.WidgetShortcut)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self._save_header)
        header.sectionResized.connect(lambda *_: self._save_timer.start())
        header.sectionMoved.connect(lambda *_: self._save_timer.start())
        layout.addWidget(self.view, 1)
        foot = QHBoxLayout()
        self.count = QLabel()
        legend = QLabel("● đỏ, dấu «!»: quá hạn · ● vàng, dấu «◷»: sắp đến hạn · ● cam, dấu «?»: thiếu báo cáo kỳ này")
        legend.setStyleSheet("color: #555;")
        foot.addWidget(self.count, 1)
        foot.addWidget(legend)
        layout.addLayout(foot)
        for i, (key, label) in enumerate(COLUMNS):
            action = QAction(label, self.columns_menu, checkable=True, checked=True)
            action.toggled.connect(lambda on, col=i: self._toggle_column(col, on))
            self.columns_menu.addAction(action)

    def _toggle_column(self, column: int, visible: bool) -> None:
        self.view.horizontalHeader().setSectionHidden(column, not visible)
        self._save_timer.start()

    def _restore_header(self) -> None:
        header = self.view.horizontalHeader()
        for key, width in DEFAULT_WIDTHS.items():
            header.resizeSection(COL[key], width)
        state = window_settings().value(HEADER_KEY)
        if state is not None:
            header.restoreState(state)
        for i, action in enumerate(self.columns_menu.actions()):
            action.blockSignals(True)
            action.setChecked(not header.isSectionHidden(i))
            action.blockSignals(False)

    def _save_header(self) -> None:
        settings = window_settings()
        settings.setValue(HEADER_KEY, self.view.horizontalHeader().saveState())
        settings.sync()

    # -- data
    def refresh(self) -> None:
        period = self.ctx.period
        self.today = date.today()
        self.title.setText(f"Theo dõi nhiệm vụ — {period.label}")
        self.count.setText("Đang tải danh sách nhiệm vụ…")
        db, today = self.ctx.db, self.today
        self.loader.start(lambda: self._load(db, period, today), self._loaded,
                          lambda exc: (self.count.setText("Không tải được danh sách."), show_error(self, exc)))

    @staticmethod
    def _load(db, period, today):
        from tthc_desktop.services.catalog import list_units

        rows = tracking.load_rows(db, period, today)
        return rows, [(u.id, u.name) for u in list_units(db, active_only=True)]

    def _loaded(self, result) -> None:
        rows, units = result
        self.proxy.set_due_window(self.window_box.currentData(), self.ctx.period, self.today)
        self.model.set_rows(rows)  # one reset: the view lays out once
        self._fill_box(self.unit_box, "Mọi đơn vị", [(uid, name) for uid, name in units])
        if self._pending_unit is not None:
            self.show_unit(self._pending_unit)
        sections = list(dict.fromkeys((r.section_code, f"{r.section_code}. {r.section_title}") for r in rows))
        self._fill_box(self.section_box, "Mọi mục", sections)
        sort_column = self.view.horizontalHeader().sortIndicatorSection()
        if 0 <= sort_column < len(COLUMNS):
            self.proxy.sort(sort_column, self.view.horizontalHeader().sortIndicatorOrder())
        self._update_count()

    @staticmethod
    def _fill_box(box: QComboBox, everything: str, items: list[tuple]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for data, label in items:
            box.addItem(label, data)
        box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)
        box.blockSignals(False)
        box.currentIndexChanged.emit(box.currentIndex())

    def show_unit(self, unit_id: int) -> None:
        """Only the tasks of one unit (opened from the units' reporting panel)."""
        self._pending_unit = unit_id
        index = self.unit_box.findData(unit_id)
        if index >= 0:
            self.unit_box.setCurrentIndex(index)
            self._pending_unit = None

    def _update_count(self, *_args) -> None:
        total = self.model.rowCount()
        if not total and not self.loader.busy:
            self.count.setText("Chưa có kế hoạch của Sở để theo dõi.")
            return
        shown = self.proxy.rowCount()
        overdue = sum(1 for r in self.proxy.visible_rows() if r.overdue) if shown <= 20000 else 0
        self.count.setText(f"Hiển thị {shown}/{total} nhiệm vụ · {overdue} quá hạn")

    def _open_index(self, index) -> None:
        self.open_task(self.proxy.row_at(index.row()).id)

    def _open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._open_index(index)

    def open_task(self, task_id: int) -> None:
        from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

        dialog = TaskDetailDialog(self.ctx, task_id, self)
        dialog.exec()

    # -- unit sheets
    def export_sheets(self) -> None:
        from tthc_desktop.ui.tracking.unit_sheets_dialog import export_sheets

        export_sheets(self, self.ctx)

    def import_file(self, path: Path | list[Path] | None) -> None:
        from tthc_desktop.ui.tracking.unit_sheets_dialog import import_sheets

        if path is None:
            from tthc_desktop.ui.common.file_dialogs import open_files

            paths = open_files(self, "Chọn phiếu báo cáo các đơn vị gửi về", "Excel (*.xlsx)", key="unit-sheets")
        else:
            paths = list(path) if isinstance(path, list) else [Path(path)]
        if paths and import_sheets(self, self.ctx, paths):
            self.ctx.notify("progress")
