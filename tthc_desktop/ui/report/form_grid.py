"""Số liệu: the entry grid of a form for one unit × lĩnh vực in the selected period, checked as the officer types."""
from __future__ import annotations

import textwrap
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from tthc_desktop.domain.forms import FormDefinition, Violation, parse_count
from tthc_desktop.domain.text import format_number

HARD = QColor("#f8c9c4")
WARN = QColor("#fff1b8")
CARRIED = QColor("#e8f1fb")
TOTAL = QColor("#eeeeee")
EXPLAIN_HEADER = "Giải trình chênh lệch"


def column_header(number: int, label: str, path: tuple[str, ...], ambiguous: bool) -> str:
    """«(4) Đã giải quyết / Tổng số»: a label used by several columns («Tổng số») is shown with its group."""
    if ambiguous and path:
        group = "\n".join(textwrap.wrap(path[-1], 22))
        return f"({number}) {group}\n{label}"
    return f"({number})\n{label}"


class FormGrid(QWidget):
    """Rows: lĩnh vực + Tổng số; columns: the form's numbered value columns, supplementary figures, explanation.

    ``violations()`` gives what is wrong now; ``rows()`` the values to store. ``changed`` is emitted on every edit.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(self)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        from tthc_desktop.ui.common.frozen_column import FrozenColumn

        self.frozen = FrozenColumn(self.table)  # the lĩnh vực names stay on screen while the figures scroll
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.definition: FormDefinition | None = None
        self.fields: list[tuple[int, str]] = []
        self.previous: dict[int, dict[int, int]] | None = None
        self.read_only = False
        self._filling = False
        self._bad_cells: dict[tuple[int, int], str] = {}
        self._violations: list[Violation] = []
        self.table.itemChanged.connect(self._on_item_changed)

    # ---- layout ----
    def _value_keys(self) -> list:
        d = self.definition
        return list(d.value_columns) + [x["key"] for x in d.extras]

    def column_of(self, key) -> int:
        return 1 + self._value_keys().index(key)

    def load(self, definition: FormDefinition, fields: list[tuple[int, str]], values: dict[int, dict],
             previous: dict[int, dict[int, int]] | None, notes: dict[int, str], *, read_only: bool = False) -> None:
        """Show ``fields`` [(field_id, name)] with stored ``values``; an unfilled carry-over cell takes the previous value."""
        self._filling = True
        self.definition, self.fields, self.previous, self.read_only = definition, fields, previous, read_only
        d = definition
        keys = self._value_keys()
        headers = ["Lĩnh vực"]
        labels = [d.column(k).label for k in keys if isinstance(k, int)]
        for k in keys:
            if isinstance(k, int):
                col = d.column(k)
                headers.append(column_header(k, col.label, col.path, labels.count(col.label) > 1))
            else:
                headers.append(next(x["label"] for x in d.extras if x["key"] == k))
        headers.append(EXPLAIN_HEADER)
        t = self.table
        t.clear()
        t.setColumnCount(len(headers))
        t.setRowCount(len(fields) + 1)
        t.setHorizontalHeaderLabels(headers)
        for i, k in enumerate(keys, start=1):
            if isinstance(k, int):
                col = d.column(k)
                t.horizontalHeaderItem(i).setToolTip(" › ".join(col.path + (col.label,)))
        t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        carry = d.carry_over.column if d.carry_over else None
        for r, (fid, name) in enumerate(fields):
            label = QTableWidgetItem(name)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            t.setItem(r, 0, label)
            stored = values.get(fid, {})
            for c, k in enumerate(keys, start=1):
                raw = stored.get(k, stored.get(str(k)))
                item = QTableWidgetItem("" if raw is None else format_number(int(raw)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if raw is None and k == carry and previous and fid in previous:
                    item.setText(format_number(d.carried_value(previous[fid])))
                    item.setData(Qt.ItemDataRole.UserRole, "carried")
                if read_only:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                t.setItem(r, c, item)
            note = QTableWidgetItem(notes.get(fid, ""))
            note.setToolTip("Lý do số hồ sơ nhận giải quyết khác tổng đã giải quyết và đang giải quyết "
                            "(trả lại, rút hồ sơ, chờ bổ sung …)")
            if read_only:
                note.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            t.setItem(r, len(headers) - 1, note)
        total_row = len(fields)
        bold = QFont()
        bold.setBold(True)
        for c in range(len(headers)):
            item = QTableWidgetItem(d.total_label if c == 0 else "")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setFont(bold)
            item.setBackground(QBrush(TOTAL))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter if c else
                                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            t.setItem(total_row, c, item)
        t.resizeColumnsToContents()
        t.setColumnWidth(len(headers) - 1, max(220, t.columnWidth(len(headers) - 1)))
        t.resizeRowsToContents()
        self.frozen.sync()
        self._filling = False
        self.recheck()

    # ---- reading ----
    def row_values(self, r: int) -> tuple[dict, dict[tuple[int, int], str]]:
        values: dict = {}
        bad: dict[tuple[int, int], str] = {}
        for c, k in enumerate(self._value_keys(), start=1):
            item = self.table.item(r, c)
            try:
                values[k] = parse_count(item.text() if item else "")
            except ValueError as exc:
                bad[(r, c)] = f"Ô này phải là số nguyên không âm ({exc})."
        return values, bad

    def rows(self) -> dict[int, dict]:
        return {fid: self.row_values(r)[0] for r, (fid, _) in enumerate(self.fields)}

    def notes(self) -> dict[int, str]:
        col = self.table.columnCount() - 1
        return {fid: self.table.item(r, col).text().strip() for r, (fid, _) in enumerate(self.fields)
                if self.table.item(r, col) and self.table.item(r, col).text().strip()}

    def violations(self) -> list[Violation]:
        return list(self._violations)

    def has_errors(self) -> bool:
        return bool(self._bad_cells) or any(v.hard for v in self._violations)

    # ---- checking ----
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.data(Qt.ItemDataRole.UserRole) == "carried":
            item.setData(Qt.ItemDataRole.UserRole, None)
        self.recheck()
        self.changed.emit()

    def recheck(self) -> None:
        """Recompute totals, mark every cell of a broken identity, and summarise the rules broken."""
        d = self.definition
        if d is None:
            return
        self._filling = True
        t = self.table
        keys = self._value_keys()
        self._bad_cells, self._violations = {}, []
        marks: dict[tuple[int, int], tuple[QColor, list[str]]] = {}
        numeric_rows = []
        for r, (fid, name) in enumerate(self.fields):
            values, bad = self.row_values(r)
            self._bad_cells.update(bad)
            numeric = {k: v for k, v in values.items() if isinstance(k, int)}
            numeric_rows.append(numeric)
            found = d.check_row(name, numeric)
            carried = d.check_carry_over(name, numeric, (self.previous or {}).get(fid)) if self.previous else None
            if carried:
                found.append(carried)
            for v in found:
                self._violations.append(v)
                cols = v.identity.left if v.identity.left == v.identity.right else v.columns
                for k in dict.fromkeys(cols):
                    colour, tips = marks.get((r, keys.index(k) + 1), (WARN, []))
                    marks[(r, keys.index(k) + 1)] = (HARD if v.hard else colour, tips + [v.message()])
        totals = d.total(numeric_rows)
        for c, k in enumerate(keys, start=1):
            if isinstance(k, int):
                t.item(len(self.fields), c).setText(format_number(totals[k]))
            else:
                t.item(len(self.fields), c).setText(format_number(sum(self.row_values(r)[0][k] for r in range(len(self.fields)))))
        for r in range(len(self.fields)):
            for c in range(1, len(keys) + 1):
                item = t.item(r, c)
                if (r, c) in self._bad_cells:
                    item.setBackground(QBrush(HARD))
                    item.setToolTip(self._bad_cells[(r, c)])
                elif (r, c) in marks:
                    colour, tips = marks[(r, c)]
                    item.setBackground(QBrush(colour))
                    item.setToolTip("\n".join(tips))
                elif item.data(Qt.ItemDataRole.UserRole) == "carried":
                    item.setBackground(QBrush(CARRIED))
                    item.setToolTip("Lấy từ số đang giải quyết cuối kỳ trước.")
                else:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        self._filling = False
        self._summarise()

    def _summarise(self) -> None:
        hard = [v for v in self._violations if v.hard]
        warn = [v for v in self._violations if not v.hard]
        error, warning = "<b style='color:#b00020'>Lỗi:</b>", "<b style='color:#8a6d00'>Cảnh báo:</b>"
        lines = [f"{error} {escape(text)}" for text in list(self._bad_cells.values())[:3]]
        lines += [f"{error} {escape(v.message())}" for v in hard[:5]]
        lines += [f"{warning} {escape(v.message())} Ghi lý do ở cột «{EXPLAIN_HEADER}»." for v in warn[:5]]
        more = len(self._bad_cells) + len(hard) + len(warn) - len(lines)
        if more > 0:
            lines.append(f"… và {more} vấn đề khác.")
        self.summary.setText("<br>".join(lines) if lines else "<b style='color:#2e7d32'>Đúng:</b> số liệu khớp các quy tắc của biểu.")
