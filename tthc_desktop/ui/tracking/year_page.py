"""Cả năm: the year's deadlines in time (plan tasks, unit reports, the department's reports), tasks by
status and completion by unit × section; every picture opens the tasks behind what is clicked."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFrame, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QScrollArea,
    QSpinBox, QVBoxLayout, QWidget,
)

from tthc_desktop.domain.text import format_date
from tthc_desktop.services.year_view import year_overview
from tthc_desktop.ui.common.background import BackgroundLoader
from tthc_desktop.ui.common.workers import show_error
from tthc_desktop.ui.tracking.year_charts import STATE_COLOURS, STATE_LABELS, HeatMap, StatusBars, Timeline


def dot(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


class TaskListDialog(QDialog):
    """The tasks behind a clicked dot, bar or cell; Enter or a double click opens one."""

    def __init__(self, page, title: str, task_ids: list[int]):
        super().__init__(page)
        self.page = page
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        for task_id in task_ids:
            number, content, status = page.overview.tasks.get(task_id, ("?", "", ""))
            item = QListWidgetItem(f"{number}. {content} — {status}")
            item.setData(Qt.ItemDataRole.UserRole, task_id)
            item.setToolTip(content)
            self.list.addItem(item)
        self.list.itemActivated.connect(lambda item: page.open_task(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(QLabel(f"{len(task_ids)} nhiệm vụ — nhấp đúp (hoặc Enter) để mở:"))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        from tthc_desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 760, 480)


class YearPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.overview = None
        self.loader = BackgroundLoader(self)
        self._build()
        ctx.data_changed.connect(lambda _topic: self.refresh())
        ctx.period_changed.connect(lambda _code: self._follow_period())
        self.refresh()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel(objectName="pageTitle")
        self.year_box = QSpinBox(minimum=2000, maximum=2100, value=self.ctx.period.year, prefix="Năm ")
        self.year_box.valueChanged.connect(lambda _y: self.refresh())
        head.addWidget(self.title, 1)
        head.addWidget(self.year_box)
        outer.addLayout(head)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 6, 0)
        time_box = QGroupBox("Các hạn trong năm")
        tv = QVBoxLayout(time_box)
        self.timeline = Timeline()
        tv.addWidget(self.timeline)
        legend = QHBoxLayout()
        for state in ("overdue", "soon", "open", "done", "late", "past"):
            swatch = QLabel()
            swatch.setPixmap(dot(STATE_COLOURS[state]).pixmap(12, 12))
            legend.addWidget(swatch)
            legend.addWidget(QLabel(STATE_LABELS[state]))
            legend.addSpacing(10)
        legend.addWidget(QLabel("· vạch đỏ: hôm nay · bấm một chấm để xem nhiệm vụ"))
        legend.addStretch(1)
        tv.addLayout(legend)
        self.deadline_list = QListWidget()
        self.deadline_list.setMinimumHeight(150)
        self.deadline_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.deadline_list.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole line is in the tooltip
        self.deadline_list.itemActivated.connect(
            lambda item: self.show_tasks(item.text(), item.data(Qt.ItemDataRole.UserRole) or []))
        tv.addWidget(self.deadline_list)
        layout.addWidget(time_box)
        charts = QHBoxLayout()
        status_box = QGroupBox("Nhiệm vụ theo trạng thái (cả năm)")
        self.status_bars = StatusBars()
        QVBoxLayout(status_box).addWidget(self.status_bars, 0, Qt.AlignmentFlag.AlignTop)
        heat_box = QGroupBox("Mức hoàn thành: đơn vị chủ trì × mục của kế hoạch")
        self.heat_map = HeatMap()
        QVBoxLayout(heat_box).addWidget(self.heat_map, 0, Qt.AlignmentFlag.AlignTop)
        charts.addWidget(status_box, 2)
        charts.addWidget(heat_box, 5)
        layout.addLayout(charts)
        layout.addStretch(1)
        for picture in (self.timeline, self.status_bars, self.heat_map):
            picture.chosen.connect(self.show_tasks)
        from tthc_desktop.ui.common.page_keys import add_print

        add_print(self, self.print_deadlines, "Cả năm: danh sách các hạn")

    def _follow_period(self) -> None:
        if self.year_box.value() != self.ctx.period.year:
            self.year_box.setValue(self.ctx.period.year)  # refreshes

    def refresh(self) -> None:
        db, year, today = self.ctx.db, self.year_box.value(), date.today()
        self.title.setText(f"Cả năm {year}: đang tính…")
        self.loader.start(lambda: year_overview(db, year, today), self.show_overview,
                          lambda exc: (self.title.setText("Không tính được."), show_error(self, exc)))

    def show_overview(self, overview) -> None:
        self.overview = overview
        o = overview
        late = sum(1 for d in o.deadlines if d.state == "overdue")
        self.title.setText(f"Cả năm {o.year}: {len(o.tasks)} nhiệm vụ · {late} hạn đã quá" if o.has_plan else
                           f"Cả năm {o.year}: chưa có kế hoạch của Sở đang theo dõi")
        self.timeline.set_overview(o)
        self.status_bars.set_counts(o.by_status)
        self.heat_map.set_overview(o)
        self.deadline_list.clear()
        for d in o.deadlines:
            item = QListWidgetItem(dot(STATE_COLOURS[d.state]),
                                   f"{format_date(d.day)} — {d.label} ({STATE_LABELS[d.state]}: {d.why})")
            item.setData(Qt.ItemDataRole.UserRole, d.task_ids)
            item.setToolTip(item.text())
            self.deadline_list.addItem(item)

    def show_tasks(self, title: str, task_ids: list[int]) -> QDialog | None:
        if not task_ids:
            return None
        if len(task_ids) == 1:
            return self.open_task(task_ids[0])
        dialog = TaskListDialog(self, title, task_ids)
        dialog.exec()
        return dialog

    def open_task(self, task_id: int):
        from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

        dialog = TaskDetailDialog(self.ctx, task_id, self)
        dialog.exec()
        return dialog

    def print_deadlines(self):
        from tthc_desktop.ui.common.printing import print_table

        rows = [[format_date(d.day), d.label, STATE_LABELS[d.state], d.why] for d in (self.overview.deadlines
                                                                                     if self.overview else [])]
        return print_table(self, f"Các hạn trong năm {self.year_box.value()}", ["Ngày", "Hạn", "Tình trạng", "Ghi chú"],
                           rows, f"in ngày {format_date(date.today())}")
