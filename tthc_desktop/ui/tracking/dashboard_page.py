"""Tổng quan: the reporting period at a glance (deadlines, counts, overdue and due-soon tasks,
completion by unit and by section as painted bars, units that have not reported, each unit's returns)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tthc_desktop.domain import status as st
from tthc_desktop.domain.text import format_date
from tthc_desktop.services.dashboard import Completion, dashboard
from tthc_desktop.ui.common.background import BackgroundLoader
from tthc_desktop.ui.tracking.board_model import flag_icon
from tthc_desktop.ui.tracking.unit_panel import UnitReportsPanel
from tthc_desktop.ui.common.workers import show_error

STATUS_COLOURS = {"not_started": "#9e9e9e", "in_progress": "#1f77b4", "done": "#2e7d32", "done_late": "#7cb342",
                  "not_done": "#6d4c41", "missing": "#ef6c00"}


class BarChart(QWidget):
    """Horizontal bars "label · done/total (percent)", painted, so no QtCharts dependency."""

    ROW = 26

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[Completion] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: list[Completion]) -> None:
        self.items = list(items)
        self.setFixedHeight(max(1, len(self.items)) * self.ROW + 8)
        # names that do not fit are elided on the bars; the tooltip has them whole
        self.setToolTip("\n".join(f"{i.label}: {i.done}/{i.total}" for i in self.items))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(420, max(1, len(self.items)) * self.ROW + 8)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.items:
            p.setPen(QColor("#777"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Chưa có dữ liệu")
            return
        width = self.width()
        label_w = int(width * 0.42)
        value_w = 120
        bar_w = max(40, width - label_w - value_w - 16)
        metrics = p.fontMetrics()
        for i, item in enumerate(self.items):
            y = 4 + i * self.ROW
            p.setPen(QColor("#222"))
            label = metrics.elidedText(item.label, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(0, y, label_w - 8, self.ROW - 4), Qt.AlignmentFlag.AlignVCenter, label)
            track = QRectF(label_w, y + 5, bar_w, self.ROW - 14)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#e6e9ed"))
            p.drawRoundedRect(track, 3, 3)
            ratio = item.ratio
            colour = "#2e7d32" if ratio >= 0.8 else "#f0a202" if ratio >= 0.4 else "#c62828"
            p.setBrush(QColor(colour))
            p.drawRoundedRect(QRectF(track.x(), track.y(), track.width() * ratio, track.height()), 3, 3)
            p.setPen(QColor("#222"))
            p.drawText(QRectF(label_w + bar_w + 8, y, value_w, self.ROW - 4), Qt.AlignmentFlag.AlignVCenter,
                       f"{item.done}/{item.total} ({round(ratio * 100)}%)")
        p.end()


def _card(title: str, value: str, colour: str) -> tuple[QFrame, QLabel]:
    frame = QFrame(objectName="dashCard")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setStyleSheet(f"#dashCard {{ border-left: 5px solid {colour}; background: white; }}")
    v = QVBoxLayout(frame)
    v.setContentsMargins(10, 6, 10, 6)
    number = QLabel(value)
    number.setStyleSheet(f"font-size: 20pt; font-weight: bold; color: {colour};")
    caption = QLabel(title, wordWrap=True)
    v.addWidget(number)
    v.addWidget(caption)
    return frame, number


class DashboardPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = date.today()
        self.board = None
        self.loader = BackgroundLoader(self)
        self._build()
        ctx.data_changed.connect(lambda _topic: self.refresh())
        ctx.period_changed.connect(lambda _code: self.refresh())
        self.refresh()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        self.demo_notice = QLabel(wordWrap=True, objectName="demoNotice")
        self.demo_notice.setStyleSheet("background: #fff8e1; border: 1px solid #f0c36d; padding: 6px;")
        self.demo_notice.hide()
        layout.addWidget(self.demo_notice)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.subtitle = QLabel()
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        deadlines = QHBoxLayout()
        self.unit_deadline, self.unit_days = _card("Hạn các đơn vị gửi báo cáo về Văn phòng Sở", "", "#1f5f8b")
        self.dept_deadline, self.dept_days = _card("Hạn Sở gửi báo cáo Văn phòng UBND tỉnh", "", "#6a1b9a")
        self.unit_caption = self.unit_deadline.findChildren(QLabel)[1]
        self.dept_caption = self.dept_deadline.findChildren(QLabel)[1]
        deadlines.addWidget(self.unit_deadline)
        deadlines.addWidget(self.dept_deadline)
        layout.addLayout(deadlines)
        counts = QGridLayout()
        self.count_labels: dict[str, QLabel] = {}
        for i, (code, label) in enumerate(st.ALL_LABELS.items()):
            frame, number = _card(label, "0", STATUS_COLOURS[code])
            counts.addWidget(frame, 0, i)
            self.count_labels[code] = number
        layout.addLayout(counts)
        lists = QHBoxLayout()
        self.overdue_box, self.overdue_list = self._list_box("Nhiệm vụ quá hạn")
        self.soon_box, self.soon_list = self._list_box("Nhiệm vụ sắp đến hạn (30 ngày)")
        lists.addWidget(self.overdue_box)
        lists.addWidget(self.soon_box)
        layout.addLayout(lists)
        charts = QHBoxLayout()
        unit_box = QGroupBox("Mức độ hoàn thành theo đơn vị chủ trì")
        self.unit_chart = BarChart()
        QVBoxLayout(unit_box).addWidget(self.unit_chart, 0, Qt.AlignmentFlag.AlignTop)  # beside a longer chart: top, not centred
        section_box = QGroupBox("Mức độ hoàn thành theo mục của kế hoạch")
        self.section_chart = BarChart()
        QVBoxLayout(section_box).addWidget(self.section_chart, 0, Qt.AlignmentFlag.AlignTop)  # beside a longer chart: top, not centred
        charts.addWidget(unit_box)
        charts.addWidget(section_box)
        layout.addLayout(charts)
        self.not_reported_box = QGroupBox("Đơn vị chưa gửi báo cáo kỳ này")
        self.not_reported = QLabel(wordWrap=True)
        QVBoxLayout(self.not_reported_box).addWidget(self.not_reported)
        layout.addWidget(self.not_reported_box)
        self.unit_panel = UnitReportsPanel(self.ctx)
        layout.addWidget(self.unit_panel)
        layout.addStretch(1)
        from tthc_desktop.ui.common.page_keys import add_print

        add_print(self, self.print_overdue, "Tổng quan: danh sách nhiệm vụ quá hạn")

    def print_overdue(self):
        from tthc_desktop.ui.common.printing import print_table

        rows = [[r.number, r.content, format_date(r.next_due), "thiếu báo cáo kỳ này" if r.missing else
                 (f"quá {-r.days_left} ngày" if r.days_left is not None and r.days_left < 0 else "")]
                for r in (self.board.overdue if self.board else [])]
        return print_table(self, f"Nhiệm vụ quá hạn — {self.ctx.period.label}", ["STT", "Nội dung", "Hạn", "Tình trạng"],
                           rows, f"{len(rows)} nhiệm vụ, in ngày {format_date(self.today)}")

    def _list_box(self, title: str) -> tuple[QGroupBox, QListWidget]:
        box = QGroupBox(title)
        lw = QListWidget()
        lw.setWordWrap(True)
        lw.setMinimumHeight(150)
        lw.itemDoubleClicked.connect(lambda item: self.open_task(item.data(Qt.ItemDataRole.UserRole)))
        QVBoxLayout(box).addWidget(lw)
        return box, lw

    def refresh(self) -> None:
        from tthc_desktop.services.demo import demo_notice

        db, period, today = self.ctx.db, self.ctx.period, date.today()
        notice = demo_notice(db)
        self.demo_notice.setText(notice or "")
        self.demo_notice.setVisible(bool(notice))
        self.today = today
        self.subtitle.setText("Đang tính…")
        rows = self.ctx.take_start_rows(period, today)  # at start-up: the rows the start page already read
        self.loader.start(lambda: dashboard(db, today, period, rows), self.show_dashboard,
                          lambda exc: (self.subtitle.setText("Không tính được tổng quan."), show_error(self, exc)))

    def show_dashboard(self, d) -> None:
        self.board = d
        p = d.period
        self.title.setText(f"Tổng quan — {p.label}")
        self.subtitle.setText(f"Kỳ báo cáo từ {format_date(p.start)} đến {format_date(p.end)} · {d.total} nhiệm vụ"
                              if d.has_plan else "Chưa có kế hoạch của Sở để theo dõi: hãy lập kế hoạch trước.")
        for card, caption, day, left, what in (
                (self.unit_days, self.unit_caption, d.unit_deadline, d.days_to_unit_deadline,
                 "Hạn các đơn vị gửi báo cáo về Văn phòng Sở"),
                (self.dept_days, self.dept_caption, d.department_deadline, d.days_to_department_deadline,
                 "Hạn Sở gửi báo cáo Văn phòng UBND tỉnh")):
            card.setText(format_date(day))
            when = "hôm nay" if left == 0 else f"còn {left} ngày" if left > 0 else f"đã qua {-left} ngày"
            caption.setText(f"{what} ({when})")
        for code, label in self.count_labels.items():
            label.setText(str(d.counts.get(code, 0)))
        self._fill(self.overdue_list, d.overdue, "overdue")
        self._fill(self.soon_list, d.due_soon, "soon")
        self.overdue_box.setTitle(f"Nhiệm vụ quá hạn ({len(d.overdue)})")
        self.soon_box.setTitle(f"Nhiệm vụ sắp đến hạn trong 30 ngày ({len(d.due_soon)})")
        self.unit_chart.set_items(d.by_unit)
        self.section_chart.set_items(d.by_section)
        self.not_reported_box.setTitle(f"Đơn vị chưa gửi báo cáo kỳ này ({len(d.not_reported)})")
        if d.not_reported:
            self.not_reported.setText("; ".join(d.not_reported))
        elif not d.has_plan or not d.total:
            self.not_reported.setText("Chưa có nhiệm vụ nào giao cho đơn vị trong kỳ này.")
        elif any(f.missing for f in d.units):
            owing = sum(1 for f in d.units if f.missing)
            self.not_reported.setText(f"Các đơn vị đều đã gửi báo cáo; {owing} đơn vị còn thiếu báo cáo một số "
                                      "nhiệm vụ (xem «Tình hình báo cáo của các đơn vị»).")
        else:
            self.not_reported.setText("Tất cả đơn vị đã gửi đủ báo cáo các nhiệm vụ phải báo cáo.")
        self.unit_panel.set_items(d.units)

    @staticmethod
    def _fill(widget: QListWidget, rows: list, flag: str) -> None:
        widget.clear()
        for r in rows[:200]:
            if r.days_left is None:
                when = "thiếu báo cáo kỳ này"
            elif r.days_left < 0:
                when = f"hạn {format_date(r.next_due)}, quá {-r.days_left} ngày"
            else:
                when = f"hạn {format_date(r.next_due)}, còn {r.days_left} ngày"
            if r.missing:
                when = "thiếu báo cáo kỳ này, đã quá hạn gửi" if flag == "overdue" else "thiếu báo cáo kỳ này"
            # the board's mark: «!» for everything overdue, a missing report included
            item = QListWidgetItem(flag_icon(flag), f"{r.number}. {r.content} — {when}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(r.content)
            widget.addItem(item)
        if not rows:
            widget.addItem(QListWidgetItem("Không có."))

    def open_task(self, task_id) -> None:
        if task_id is None:
            return
        from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

        TaskDetailDialog(self.ctx, task_id, self).exec()
