"""Kế hoạch của tỉnh: the provincial plans imported so far, their tasks, and "Nhập kế hoạch…"."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter,
    QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from tthc_desktop.domain.text import format_date
from tthc_desktop.ui.common import file_dialogs
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.common.icons import icon
from tthc_desktop.ui.common.shortcuts import add_shortcut
from tthc_desktop.ui.common.tables import record_table
from tthc_desktop.ui.plans.task_editor import schedule_label

PLAN_COLUMNS = ("Năm", "Số hiệu", "Tên kế hoạch", "Tệp gốc", "Nhiệm vụ", "Ngày nhập")
TASK_COLUMNS = ("Số", "Nội dung công việc", "Chủ trì", "Phối hợp", "Thời gian", "Lịch")


def _imported_on(text: str | None) -> str:
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:  # SQLite's CURRENT_TIMESTAMP is UTC
        moment = moment.replace(tzinfo=timezone.utc).astimezone()
    return f"{format_date(moment.date())} {moment:%H:%M}"


class ProvincialPlanPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = "provincial"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Kế hoạch của tỉnh", objectName="pageTitle"))
        top = QHBoxLayout()
        hint = QLabel("Nhập kế hoạch kiểm soát TTHC của UBND tỉnh từ tệp Word, Excel hoặc văn bản; "
                      "có thể kéo thả tệp vào cửa sổ.", objectName="pageHint", wordWrap=True)
        top.addWidget(hint, 1)
        self.import_button = QPushButton(icon("import", light=True), "Nhập kế hoạch…")
        self.import_button.setProperty("primary", True)
        self.import_button.setToolTip("Chọn tệp kế hoạch của tỉnh để xem trước và lưu (Ctrl+O)")
        self.delete_button = QPushButton(icon("delete"), "Xóa")
        self.delete_button.setToolTip("Xóa kế hoạch đang chọn khỏi cơ sở dữ liệu (có hỏi lại)")
        top.addWidget(self.import_button)
        top.addWidget(self.delete_button)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical)
        self.plans = record_table(PLAN_COLUMNS)
        self.plans.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.plans.itemSelectionChanged.connect(self._plan_selected)
        self.tasks = QTreeWidget()
        self.tasks.setHeaderLabels(TASK_COLUMNS)
        self.tasks.setUniformRowHeights(True)
        for column, width in enumerate((84, 380, 180, 180, 110)):
            self.tasks.setColumnWidth(column, width)
        split.addWidget(self.plans)
        split.addWidget(self.tasks)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        from tthc_desktop.ui.common.page_keys import FindBar, add_find, add_print, view_rows
        from tthc_desktop.ui.common.printing import print_table

        self.find_bar = FindBar(self.plans, "kế hoạch")
        layout.addWidget(self.find_bar)
        layout.addWidget(split, 1)
        add_find(self, self.find_bar, "Kế hoạch của tỉnh")
        add_print(self, lambda: print_table(self, "Kế hoạch của tỉnh", *view_rows(self.plans)),
                  "Kế hoạch của tỉnh: danh sách kế hoạch")
        self.empty = QLabel("Chưa có kế hoạch nào của tỉnh. Bấm «Nhập kế hoạch…» hoặc kéo thả tệp .docx/.xlsx vào đây.",
                            objectName="pageHint")
        layout.addWidget(self.empty)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.delete_button.clicked.connect(self.delete_selected)
        add_shortcut(self.plans, QKeySequence(Qt.Key.Key_Delete), self.delete_selected, "Kế hoạch của tỉnh: xóa kế hoạch đang chọn")
        self.refresh()

    # ------------------------------------------------------------------ list
    def refresh(self, select_id: int | None = None) -> None:
        from tthc_desktop.services.plans import list_plans

        current = select_id if select_id is not None else self.selected_plan_id()
        rows = list_plans(self.ctx.db, self.kind)
        self.plans.setRowCount(len(rows))
        for r, plan in enumerate(rows):
            values = (str(plan["year"]), plan["decision"] or "", plan["title"] or "", plan["source_file"] or "",
                      str(plan["tasks"]), _imported_on(plan.get("imported_at")))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c in (0, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, plan["id"])
                self.plans.setItem(r, c, item)
        self.plans.resizeColumnsToContents()
        self.plans.setColumnWidth(2, max(self.plans.columnWidth(2), 300))
        self.plans.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(not rows)
        self.delete_button.setEnabled(bool(rows))
        target = next((r for r, p in enumerate(rows) if p["id"] == current), 0 if rows else None)
        if target is not None:
            self.plans.selectRow(target)
        else:
            self.tasks.clear()

    def selected_plan_id(self) -> int | None:
        row = self.plans.currentRow()
        if row < 0 or self.plans.item(row, 0) is None:
            return None
        return self.plans.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def _plan_selected(self) -> None:
        from tthc_desktop.services.plans import load_parsed_plan

        self.tasks.clear()
        plan_id = self.selected_plan_id()
        if plan_id is None:
            return
        parsed = load_parsed_plan(self.ctx.db, plan_id)
        for section in parsed.sections:
            top = QTreeWidgetItem([section.code, section.title])
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tasks.addTopLevelItem(top)
            for task in section.tasks:
                values = (task.number, task.content, "; ".join(task.lead), "; ".join(task.coordinate),
                          task.time_text.replace("\n", " "), schedule_label(task.schedule))
                item = QTreeWidgetItem(top, list(values))
                for c, value in enumerate(values):
                    item.setToolTip(c, value)
        self.tasks.expandAll()

    # ------------------------------------------------------------------ import
    def import_file(self, path: Path | None = None) -> int | None:
        """File dialog (unless ``path``) → read off the UI thread → preview → save. Returns the plan id."""
        from tthc_desktop.ui.plans.import_preview import ImportPreviewDialog, read_plan_with_progress
        from tthc_desktop.ui.common.workers import Cancelled, show_error

        if path is None:
            path = file_dialogs.open_file(self, "Chọn tệp kế hoạch của tỉnh", file_dialogs.PLAN_FILTER, key="plan")
            if path is None:
                return None
        path = Path(path)
        try:
            parsed = read_plan_with_progress(self, path)
        except Cancelled:
            return None
        except Exception as exc:
            file_dialogs.remove_recent_file(path)  # «Tệp gần đây» keeps only files that could be read
            show_error(self, exc, title="Không đọc được kế hoạch")
            return None
        file_dialogs.add_recent_file(path)
        dialog = ImportPreviewDialog(self.ctx.db, parsed, kind=self.kind, parent=self)
        if not dialog.exec() or dialog.saved_plan_id is None:
            return None
        self.refresh(select_id=dialog.saved_plan_id)
        self.ctx.notify("plans")
        self.ctx.status_message.emit(
            f"Đã lưu kế hoạch {parsed.decision or parsed.source_file}: {len(parsed.tasks)} nhiệm vụ.")
        return dialog.saved_plan_id

    def delete_selected(self) -> None:
        from tthc_desktop.services.plans import delete_plan

        plan_id = self.selected_plan_id()
        if plan_id is None:
            return
        row = self.plans.currentRow()
        name = self.plans.item(row, 1).text() or self.plans.item(row, 3).text()
        answer = QMessageBox.question(
            self, "Xóa kế hoạch", f"Xóa kế hoạch «{name}» và các nhiệm vụ của nó khỏi cơ sở dữ liệu?\n"
            "Kế hoạch của Sở đã xây dựng từ kế hoạch này vẫn được giữ.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        delete_plan(self.ctx.db, plan_id)
        self.refresh()
        self.ctx.notify("plans")
