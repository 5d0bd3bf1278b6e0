"""Table model of the plan editor: one row per proposed task, drag to reorder, filter by decision."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QByteArray, QMimeData, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from tthc_desktop.domain.derive import DerivedTask
from tthc_desktop.domain.text import fold
from tthc_desktop.domain.unit_resolution import ROLE_LABELS

COLUMNS = ("STT", "Nguồn (tỉnh)", "Quyết định", "Vai trò của Sở", "Giống năm trước", "Nội dung công việc", "Lý do")
MIME = "application/x-tthc-plan-rows"
FILTERS = {"all": "Tất cả nhiệm vụ", "keep": "Giữ", "drop": "Bỏ", "undecided": "Chưa quyết định"}
_KEEP = QColor("#1b5e20")
_DROP = QColor("#8e2424")


def decision_label(t: DerivedTask) -> str:
    word = "Giữ" if t.decision == "keep" else "Bỏ"
    return f"{word} ✓" if t.confirmed else f"{word} (đề xuất)"


def source_label(t: DerivedTask) -> str:
    if t.own or not t.source_number:
        return "Nhiệm vụ riêng của Sở"
    return f"{t.source_section}.{t.source_number}" if t.source_section else t.source_number


class ProposalModel(QAbstractTableModel):
    """Rows are ``tasks()`` (the editor's list); moves are handed to ``on_move(rows, target)``."""

    def __init__(self, tasks: Callable[[], list[DerivedTask]], on_move: Callable[[list[int], int], None],
                 parent=None):
        super().__init__(parent)
        self._tasks = tasks
        self._on_move = on_move

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._tasks())

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def task(self, row: int) -> DerivedTask:
        return self._tasks()[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        t = self.task(index.row())
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return t.number or "—"
            if col == 1:
                return source_label(t)
            if col == 2:
                return decision_label(t)
            if col == 3:
                return ROLE_LABELS.get(t.role, "")
            if col == 4:
                return f"{round(t.similarity * 100)}%" if t.similarity is not None else ""
            if col == 5:
                return t.content if role == Qt.ItemDataRole.ToolTipRole else " ".join(t.content.split())[:240]
            if col == 6:
                return t.reason
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return QBrush(_KEEP if t.decision == "keep" else _DROP)
        if role == Qt.ItemDataRole.ForegroundRole and t.decision == "drop":
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.FontRole and col == 2 and t.confirmed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return t
        return None

    # ---------------------------------------------------------------- drag and drop
    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self):  # noqa: N802
        return [MIME]

    def mimeData(self, indexes):  # noqa: N802
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(MIME, QByteArray(",".join(map(str, rows)).encode()))
        return data

    def dropMimeData(self, data, action, row, column, parent):  # noqa: N802
        if not data.hasFormat(MIME):
            return False
        rows = [int(r) for r in bytes(data.data(MIME)).decode().split(",") if r]
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        self._on_move(rows, target)
        # The editor moved the rows itself; returning False stops the view from deleting the originals.
        return False

    def reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()


class DecisionFilter(QSortFilterProxyModel):
    """Shows all rows, kept, dropped or not yet decided by the officer; plus a text search."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.mode = "all"
        self.search = ""

    def _refilter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9 deprecates invalidateFilter()
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def set_mode(self, mode: str) -> None:
        self._refilter(lambda: setattr(self, "mode", mode))

    def set_search(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "search", fold(text)))

    def filterAcceptsRow(self, row, parent):  # noqa: N802
        t: DerivedTask = self.sourceModel().task(row)
        if self.mode == "keep" and t.decision != "keep":
            return False
        if self.mode == "drop" and t.decision != "drop":
            return False
        if self.mode == "undecided" and t.confirmed:
            return False
        if self.search:
            hay = fold(" ".join([t.content, t.reason, t.number, source_label(t)] + t.results))
            return self.search in hay
        return True
