"""The painted pictures of «Cả năm» (QPainter: QtCharts is not part of PySide6-Essentials).

``Timeline``: the twelve months, one lane each for plan tasks, unit reports and the department's
reports, a dot per deadline coloured by how it stands, today as a red line. ``StatusBars``: tasks by
status. ``HeatMap``: completion of each lead unit × plan section. Each emits ``chosen(title, task_ids)``
when clicked, so the page can open the tasks behind what was clicked.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from tthc_desktop.domain import status as st
from tthc_desktop.domain.text import format_date

STATE_COLOURS = {"done": "#2e7d32", "late": "#7cb342", "overdue": "#c62828", "soon": "#f0a202", "open": "#1f77b4",
                 "past": "#9e9e9e"}
STATE_LABELS = {"done": "đã xong", "late": "xong sau hạn", "overdue": "quá hạn", "soon": "sắp đến hạn (30 ngày)",
                "open": "còn xa", "past": "đã qua"}
STATUS_COLOURS = {"not_started": "#9e9e9e", "in_progress": "#1f77b4", "done": "#2e7d32", "done_late": "#7cb342",
                  "not_done": "#6d4c41", "missing": "#ef6c00"}
LANES = (("task", "Nhiệm vụ có hạn"), ("unit", "Đơn vị báo cáo Sở"), ("department", "Sở báo cáo tỉnh"))
MONTHS = ("Th1", "Th2", "Th3", "Th4", "Th5", "Th6", "Th7", "Th8", "Th9", "Th10", "Th11", "Th12")


class _Clickable(QWidget):
    chosen = Signal(str, list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self._hits: list[tuple[QRectF, str, str, list]] = []  # rect, tooltip, title, task ids

    def _hit(self, pos) -> tuple | None:
        return next((h for h in self._hits if h[0].contains(QPointF(pos))), None)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        hit = self._hit(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit and hit[3] else Qt.CursorShape.ArrowCursor)
        if hit:
            QToolTip.showText(event.globalPosition().toPoint(), hit[1], self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        hit = self._hit(event.position())
        if hit and hit[3]:
            self.chosen.emit(hit[2], list(hit[3]))

    def click_first(self, title_part: str) -> bool:
        """For tests and keyboard users: act as if the first item whose title has ``title_part`` was clicked."""
        hit = next((h for h in self._hits if title_part in h[2] and h[3]), None)
        if hit:
            self.chosen.emit(hit[2], list(hit[3]))
        return hit is not None


class Timeline(_Clickable):
    LANE_H = 44
    LEFT = 130
    TOP = 26

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.overview = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.TOP + self.LANE_H * len(LANES) + 10)

    def set_overview(self, overview) -> None:
        self.overview = overview
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(900, self.height())

    def _x(self, day: date) -> float:
        start = date(day.year, 1, 1)
        days = (date(day.year, 12, 31) - start).days + 1
        return self.LEFT + (self.width() - self.LEFT - 12) * ((day - start).days + 0.5) / days

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._hits = []
        o = self.overview
        if o is None:
            p.end()
            return
        width = self.width()
        for m in range(12):
            x0, x1 = self._x(date(o.year, m + 1, 1)), self._x(date(o.year + (m == 11), 1 if m == 11 else m + 2, 1))
            if m == 11:
                x1 = width - 12
            if m % 2 == 0:
                p.fillRect(QRectF(x0, self.TOP, x1 - x0, self.LANE_H * len(LANES)), QColor("#f4f6f8"))
            p.setPen(QColor("#555"))
            p.drawText(QRectF(x0, 4, x1 - x0, self.TOP - 6), Qt.AlignmentFlag.AlignCenter, MONTHS[m])
        for i, (kind, label) in enumerate(LANES):
            y = self.TOP + i * self.LANE_H
            p.setPen(QColor("#222"))
            p.drawText(QRectF(4, y, self.LEFT - 10, self.LANE_H), Qt.AlignmentFlag.AlignVCenter, label)
            p.setPen(QPen(QColor("#d0d5da"), 1))
            p.drawLine(QPointF(self.LEFT, y + self.LANE_H / 2), QPointF(width - 12, y + self.LANE_H / 2))
            same_day: dict[date, int] = {}
            for d in (d for d in o.deadlines if d.kind == kind and d.day.year == o.year):
                stack = same_day.get(d.day, 0)
                same_day[d.day] = stack + 1
                centre = QPointF(self._x(d.day), y + self.LANE_H / 2 + (stack % 3 - 1) * 9 * (stack > 0))
                p.setPen(QPen(QColor("white"), 1.5))
                p.setBrush(QColor(STATE_COLOURS[d.state]))
                p.drawEllipse(centre, 7, 7)
                rect = QRectF(centre.x() - 8, centre.y() - 8, 16, 16)
                tip = f"{format_date(d.day)} — {d.label}\n{STATE_LABELS[d.state]}: {d.why}"
                self._hits.append((rect, tip, d.label, d.task_ids))
        bottom = self.TOP + self.LANE_H * len(LANES)
        p.setPen(QPen(QColor("#c62828"), 2))
        if o.today.year == o.year:
            x = self._x(o.today)
            p.drawLine(QPointF(x, self.TOP - 4), QPointF(x, bottom))
            p.drawText(QRectF(x + 3, bottom - 16, 90, 16), Qt.AlignmentFlag.AlignLeft,
                       f"hôm nay {o.today.day}/{o.today.month}")
        else:  # another year: today is off the axis, on the side it lies
            after = o.today.year > o.year
            text = f"hôm nay {format_date(o.today)} →" if after else f"← hôm nay {format_date(o.today)}"
            p.drawText(QRectF(self.LEFT, bottom - 16, width - self.LEFT - 14, 16),
                       Qt.AlignmentFlag.AlignRight if after else Qt.AlignmentFlag.AlignLeft, text)
        p.end()


class StatusBars(_Clickable):
    ROW = 26

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.counts: dict[str, list[int]] = {}
        self.setFixedHeight(self.ROW * len(st.ALL_LABELS) + 8)

    def set_counts(self, by_status: dict[str, list[int]]) -> None:
        self.counts = by_status
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._hits = []
        total = max(1, max((len(v) for v in self.counts.values()), default=1))
        label_w, value_w = 150, 44
        bar_w = max(40, self.width() - label_w - value_w - 8)
        for i, (code, label) in enumerate(st.ALL_LABELS.items()):
            ids = self.counts.get(code, [])
            y = 4 + i * self.ROW
            p.setPen(QColor("#222"))
            p.drawText(QRectF(0, y, label_w - 6, self.ROW - 4), Qt.AlignmentFlag.AlignVCenter, label)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#e6e9ed"))
            p.drawRoundedRect(QRectF(label_w, y + 5, bar_w, self.ROW - 14), 3, 3)
            p.setBrush(QColor(STATUS_COLOURS.get(code, "#777")))
            p.drawRoundedRect(QRectF(label_w, y + 5, bar_w * len(ids) / total, self.ROW - 14), 3, 3)
            p.setPen(QColor("#222"))
            p.drawText(QRectF(label_w + bar_w + 6, y, value_w, self.ROW - 4), Qt.AlignmentFlag.AlignVCenter, str(len(ids)))
            self._hits.append((QRectF(0, y, self.width(), self.ROW), f"{label}: {len(ids)} nhiệm vụ (bấm để xem)",
                               f"Nhiệm vụ «{label}»", ids))
        p.end()


def heat_colour(ratio: float) -> QColor:
    """Red (nothing finished) through amber to green (everything finished)."""
    low, mid, high = QColor("#f8d7d5"), QColor("#ffe9a8"), QColor("#9fd4a3")
    a, b, t = (low, mid, ratio * 2) if ratio < 0.5 else (mid, high, ratio * 2 - 1)
    return QColor(int(a.red() + (b.red() - a.red()) * t), int(a.green() + (b.green() - a.green()) * t),
                  int(a.blue() + (b.blue() - a.blue()) * t))


class HeatMap(_Clickable):
    ROW = 26
    LEFT = 230
    HEAD = 26

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.overview = None

    def set_overview(self, overview) -> None:
        self.overview = overview
        self.setFixedHeight(self.HEAD + self.ROW * max(1, len(overview.units)) + 6)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        self._hits = []
        o = self.overview
        if o is None or not o.sections:
            p.setPen(QColor("#777"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Chưa có nhiệm vụ giao cho đơn vị")
            p.end()
            return
        col_w = max(34.0, (self.width() - self.LEFT - 4) / len(o.sections))
        metrics = p.fontMetrics()
        for c, section in enumerate(o.sections):
            x = self.LEFT + c * col_w
            code = section.split(".")[0]
            p.setPen(QColor("#222"))
            p.drawText(QRectF(x, 0, col_w, self.HEAD - 4), Qt.AlignmentFlag.AlignCenter, code)
            self._hits.append((QRectF(x, 0, col_w, self.HEAD), section, section, []))
        for r, unit in enumerate(o.units):
            y = self.HEAD + r * self.ROW
            p.setPen(QColor("#222"))
            name = metrics.elidedText(unit, Qt.TextElideMode.ElideRight, self.LEFT - 8)
            p.drawText(QRectF(0, y, self.LEFT - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter, name)
            if name != unit:
                self._hits.append((QRectF(0, y, self.LEFT - 8, self.ROW), unit, unit, []))
            for c, section in enumerate(o.sections):
                cell = o.cells.get((unit, section))
                rect = QRectF(self.LEFT + c * col_w + 1, y + 1, col_w - 2, self.ROW - 2)
                if cell is None:
                    p.fillRect(rect, QColor("#fafafa"))
                    continue
                p.fillRect(rect, heat_colour(cell.ratio))
                p.setPen(QColor("#222"))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{cell.done}/{cell.total}")
                tip = f"{unit} — {section}\n{cell.done}/{cell.total} nhiệm vụ hoàn thành ({round(cell.ratio * 100)}%)"
                self._hits.append((rect, tip, f"{unit} — mục {section.split('.')[0]}", cell.task_ids))
        p.end()
