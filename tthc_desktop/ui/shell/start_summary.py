"""What the start page shows while the database is opened: the period, its two deadlines and the tasks
by status, from ``services.start_summary`` (one sqlite3 query, before SQLAlchemy is imported)."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import days_until
from tthc_desktop.domain.text import format_date

COLOURS = {"not_started": "#9e9e9e", "in_progress": "#1f77b4", "done": "#2e7d32", "done_late": "#7cb342",
           "not_done": "#6d4c41", "missing": "#ef6c00"}


def _when(day) -> str:
    left = days_until(day)
    return "hôm nay" if left == 0 else f"còn {left} ngày" if left > 0 else f"đã qua {-left} ngày"


class StartSummaryView(QWidget):
    """Painted once with the figures; calls ``on_painted`` callbacks at that first paint (start-up probe)."""

    def __init__(self, summary, parent: QWidget | None = None):
        super().__init__(parent)
        self.on_painted: list = []
        self._painted = False
        layout = QVBoxLayout(self)
        title = QLabel(f"Tổng quan — {summary.period.label}")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(QLabel(
            f"{summary.total} nhiệm vụ · {summary.overdue} quá hạn · đang mở đầy đủ dữ liệu…" if summary.has_plan
            else "Chưa có kế hoạch của Sở để theo dõi · đang mở dữ liệu…"))
        layout.addWidget(QLabel(
            f"Hạn các đơn vị gửi báo cáo về Văn phòng Sở: <b>{format_date(summary.unit_deadline)}</b> "
            f"({_when(summary.unit_deadline)}) &nbsp;·&nbsp; Hạn Sở gửi báo cáo Văn phòng UBND tỉnh: "
            f"<b>{format_date(summary.department_deadline)}</b> ({_when(summary.department_deadline)})"))
        grid = QGridLayout()
        for i, (code, label) in enumerate(st.ALL_LABELS.items()):
            frame = QFrame(objectName="dashCard")
            frame.setStyleSheet(f"#dashCard {{ border-left: 5px solid {COLOURS[code]}; background: white; }}")
            v = QVBoxLayout(frame)
            number = QLabel(str(summary.counts.get(code, 0)))
            number.setStyleSheet(f"font-size: 20pt; font-weight: bold; color: {COLOURS[code]};")
            v.addWidget(number)
            v.addWidget(QLabel(label))
            grid.addWidget(frame, 0, i)
        layout.addLayout(grid)
        layout.addStretch(1)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            for callback in self.on_painted:
                callback()
