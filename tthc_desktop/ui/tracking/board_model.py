"""The task board's table model and its filter proxy (testable without any window).

``SORT_ROLE`` carries real values (dates as ordinals, numbers as numbers, Vietnamese sort keys).
Sorting is done once in Python on those keys by the source model (``TaskFilterProxy.sort``
delegates to it): with ten thousand rows, letting Qt call ``data()`` for every comparison
would take seconds.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_date, sort_key
from tthc_desktop.services.tracking import TaskFilters, row_matches

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = [
    ("section", "Mục"), ("number", "STT"), ("content", "Nội dung công việc"), ("lead", "Chủ trì"),
    ("coordinate", "Phối hợp"), ("schedule", "Thời gian"), ("next_due", "Hạn tiếp theo"),
    ("status", "Trạng thái"), ("percent", "Tỷ lệ"), ("last_update", "Cập nhật"),
]
COL = {key: i for i, (key, _) in enumerate(COLUMNS)}
OVERDUE_BG, SOON_BG, MISSING_BG = QColor("#fde2e1"), QColor("#fff3cd"), QColor("#fbe9d0")
STATUS_ORDER = {"missing": 0, "not_started": 1, "in_progress": 2, "done_late": 3, "done": 4, "not_done": 5}


@lru_cache(maxsize=8)
def flag_icon(kind: str) -> QIcon:
    """A small round badge: "!" red for overdue, "⏰"-like amber clock for due soon, "?" orange for missing."""
    colour, mark = {"overdue": ("#c62828", "!"), "soon": ("#e0a100", "◷"), "missing": ("#ef6c00", "?")}[kind]
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(1, 1, 14, 14)
    p.setPen(QColor("white"))
    font = p.font()
    font.setBold(True)
    font.setPixelSize(11)
    p.setFont(font)
    p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, mark)
    p.end()
    return QIcon(pix)


def number_key(text: str) -> tuple:
    """"2" < "10" < "10a": digits compared as numbers, then the letters."""
    m = re.match(r"(\d+)(.*)", text or "")
    return (int(m[1]), m[2]) if m else (10**9, text or "")


def flag_tip(r, flag: str | None) -> str | None:
    if flag == "overdue":
        return f"Quá hạn {-r.days_left} ngày" if r.days_left is not None and r.days_left < 0 else "Quá hạn"
    if flag == "soon":
        return f"Còn {r.days_left} ngày đến hạn"
    if flag == "missing":
        return "Chưa có báo cáo kết quả trong kỳ này"
    return None


def flag_of(row) -> str | None:
    if row.overdue:
        return "overdue"
    if row.missing:
        return "missing"
    if row.due_soon:
        return "soon"
    return None


class TaskBoardModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    # -- content
    def set_rows(self, rows: list) -> None:
        """Replace every row at once (one reset, not ten thousand inserts)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self._rows[row]

    def rows(self) -> list:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def display(self, r, key: str) -> str:
        if key == "section":
            return r.section_code
        if key == "number":
            return r.number
        if key == "content":
            return r.content
        if key == "lead":
            return "; ".join(r.lead)
        if key == "coordinate":
            return "; ".join(r.coordinate)
        if key == "schedule":
            return r.schedule_text
        if key == "next_due":
            return format_date(r.next_due)
        if key == "status":
            if r.office_note or r.units_total < 2 or r.status in ("done", "done_late"):
                return r.status_label
            return f"{r.status_label} ({r.units_done}/{r.units_total})"
        if key == "percent":
            return f"{r.percent}%"
        if key == "last_update":
            return r.last_update.strftime("%d/%m/%Y %H:%M") if r.last_update else ""
        return ""

    def sort_value(self, r, key: str):
        if key == "section":
            return r.section_position, r.position
        if key == "number":
            return r.section_position, number_key(r.number), r.position
        if key in ("content", "lead", "coordinate", "schedule"):
            return sort_key(self.display(r, key))
        if key == "next_due":
            return r.next_due.toordinal() if r.next_due else date.max.toordinal()
        if key == "status":
            return STATUS_ORDER.get(r.status, 9)
        if key == "percent":
            return r.percent
        if key == "last_update":
            return r.last_update.timestamp() if r.last_update else 0.0
        return 0

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(r, key)
        if role == SORT_ROLE:
            value = self.sort_value(r, key)
            return value if isinstance(value, (int, float)) else repr(value)
        if role == ROW_ROLE:
            return r
        flag = flag_of(r)
        if role == Qt.ItemDataRole.BackgroundRole and flag:
            return QBrush({"overdue": OVERDUE_BG, "soon": SOON_BG, "missing": MISSING_BG}[flag])
        if role == Qt.ItemDataRole.DecorationRole and key == "status" and flag:
            return flag_icon(flag)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "content":
                return r.content
            tip = flag_tip(r, flag)
            if key == "status" and r.progress_text:
                return f"{tip}. {r.progress_text}" if tip else r.progress_text
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("section", "number", "next_due", "percent"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][0]
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [self._rows[i.row()] for i in old]
        decorated = sorted(((self.sort_value(r, key), i) for i, r in enumerate(self._rows)),
                           reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[i] for _, i in decorated]
        where = {id(r): n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(old, [self.index(where[id(r)], i.column()) for r, i in zip(old_rows, old)])
        self.layoutChanged.emit()


class TaskFilterProxy(QSortFilterProxyModel):
    """Text (accent-insensitive), unit, section, status and due-window filters over TaskBoardModel."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._unit: int | None = None
        self._section: str | None = None
        self._status: str | None = None
        self._window: str | None = None
        self._period: Period | None = None
        self._today = date.today()

    def _begin(self) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter() is deprecated there
            self.beginFilterChange()

    def _end(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._begin()
        self._text = text
        self._end()

    def set_unit(self, unit_id: int | None) -> None:
        self._begin()
        self._unit = unit_id
        self._end()

    def set_section(self, code: str | None) -> None:
        self._begin()
        self._section = code or None
        self._end()

    def set_status(self, code: str | None) -> None:
        self._begin()
        self._status = code or None
        self._end()

    def set_due_window(self, window: str | None, period: Period | None = None, today: date | None = None) -> None:
        self._begin()
        self._window = window or None
        self._period = period
        self._today = today or date.today()
        self._end()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802 - Qt API
        r = self.sourceModel().row_at(source_row)
        filters = TaskFilters(section=self._section, status=self._status, due_window=self._window, text=self._text)
        return row_matches(r, filters, self._period or Period.quarter_of(self._today), self._today, self._unit)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)  # the proxy keeps the source order (see module docstring)
        super().sort(-1)

    def row_at(self, proxy_row: int):
        return self.sourceModel().row_at(self.mapToSource(self.index(proxy_row, 0)).row())

    def visible_rows(self) -> list:
        return [self.row_at(i) for i in range(self.rowCount())]
