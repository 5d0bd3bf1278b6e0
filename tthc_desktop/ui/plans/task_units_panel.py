"""The units a task concerns, as a checklist the officer confirms: lead / coordinate, with the plan's phrase.

Each tick is stored at once for the task (services.unit_roles) and survives re-saving the plan; the
plan itself keeps its own wording («Các phòng, cơ quan, đơn vị thuộc Sở có liên quan»).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from tthc_desktop.domain.unit_resolution import ROLE_LABELS
from tthc_desktop.services import unit_roles



class TaskUnitsPanel(QGroupBox):
    changed = Signal(int)  # task id whose units changed

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__("Đơn vị phải thực hiện, báo cáo (đánh dấu để xác nhận)", parent)
        self.ctx = ctx
        self.task_id: int | None = None
        self.plan_id: int | None = None
        self._loading = False
        self.hint = QLabel(wordWrap=True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Đơn vị", "Theo cụm từ trong kế hoạch"])
        self.tree.setRootIsDecorated(True)
        self.tree.itemChanged.connect(self._item_changed)
        self.resolve_button = QPushButton("Đề xuất lại cho cả kế hoạch")
        self.resolve_button.setToolTip("Tính lại đơn vị của mọi nhiệm vụ từ cách gọi chung và danh mục đơn vị "
                                       "(giữ các lựa chọn đã đánh dấu)")
        self.resolve_button.clicked.connect(self.resolve_all)
        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.set_task(None)

    def set_task(self, task_id: int | None, plan_id: int | None = None) -> None:
        self.task_id = task_id
        self.plan_id = plan_id if task_id is not None else None
        self.resolve_button.setEnabled(self.plan_id is not None)
        self._loading = True
        try:
            self.tree.clear()
            if task_id is None:
                self.hint.setText("Lưu kế hoạch để xác nhận các đơn vị của nhiệm vụ này.")
                return
            items = unit_roles.checklist(self.ctx.db, task_id)
            ticked = sum(i.ticked for i in items)
            self.hint.setText(f"{ticked} đơn vị được giao. Bỏ đánh dấu đơn vị không liên quan; chương trình ghi nhớ "
                              "lựa chọn này khi lưu lại kế hoạch.")
            for role, heading in ROLE_LABELS.items():
                mine = [i for i in items if i.role == role]
                if not mine:
                    continue
                parent = QTreeWidgetItem(self.tree, [heading, ""])
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for i in mine:
                    child = QTreeWidgetItem(parent, [i.unit, i.phrase or "(thêm tay)"])
                    child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    child.setCheckState(0, Qt.CheckState.Checked if i.ticked else Qt.CheckState.Unchecked)
                    child.setData(0, Qt.ItemDataRole.UserRole, (i.unit_id, i.role))
                parent.setExpanded(True)
            self.tree.resizeColumnToContents(0)
        finally:
            self._loading = False

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if self._loading or column != 0 or not data or self.task_id is None:
            return
        from tthc_desktop.ui.common.workers import show_error

        unit_id, role = data
        try:
            unit_roles.set_unit(self.ctx.db, self.task_id, unit_id, role, item.checkState(0) == Qt.CheckState.Checked)
        except Exception as exc:  # noqa: BLE001 - one sentence for the officer
            show_error(self, exc, title="Không lưu được đơn vị của nhiệm vụ")
        self.set_task(self.task_id, self.plan_id)  # ticking one role unticks the other
        self.ctx.notify("tasks")
        self.changed.emit(self.task_id)

    def resolve_all(self) -> None:
        if self.plan_id is None:
            return
        from tthc_desktop.ui.common.workers import show_error

        try:
            count = unit_roles.resolve_plan(self.ctx.db, self.plan_id)
        except Exception as exc:  # noqa: BLE001 - one sentence for the officer
            show_error(self, exc, title="Không đề xuất lại được đơn vị")
            return
        self.set_task(self.task_id, self.plan_id)
        self.ctx.notify("tasks")
        self.ctx.status_message.emit(f"Đã đề xuất lại đơn vị cho {count} nhiệm vụ.")

    def checked_units(self) -> list[tuple[str, str]]:
        """(unit, role) of the ticked rows, as shown."""
        out = []
        for p in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(p)
            for c in range(parent.childCount()):
                child = parent.child(c)
                if child.checkState(0) == Qt.CheckState.Checked:
                    out.append((child.text(0), child.data(0, Qt.ItemDataRole.UserRole)[1]))
        return out
