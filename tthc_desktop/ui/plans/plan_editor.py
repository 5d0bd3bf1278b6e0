"""The editor that turns the proposal into the department's plan (Kế hoạch của Sở → Lập kế hoạch…).

Keyboard: Space or Enter keeps the selected tasks, Delete drops them (then the next row is
selected); Ctrl+Z / Ctrl+Y undo and redo every change (each change stores the whole list,
which is small). Rows are renumbered after every change; drag rows to reorder.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton,
    QSplitter,
    QTableView, QVBoxLayout, QWidget,
)

from tthc_desktop.domain.derive import DerivedTask, number_tasks
from tthc_desktop.services.derive import DerivedPlan, load_department_plan, new_own_task, save_department_plan
from tthc_desktop.ui.common.conflict_dialog import save_checked
from tthc_desktop.ui.common.flow_layout import FlowLayout
from tthc_desktop.ui.plans.plan_export_dialog import export_plan_files
from tthc_desktop.ui.plans.plan_model import FILTERS, DecisionFilter, ProposalModel
from tthc_desktop.ui.plans.plan_task_form import TaskForm
from tthc_desktop.ui.plans.task_units_panel import TaskUnitsPanel


class _Snapshot(QUndoCommand):
    def __init__(self, editor: "PlanEditor", before: list[DerivedTask], after: list[DerivedTask], text: str,
                 rows: tuple[int, int]):
        super().__init__(text)
        self.editor, self.before, self.after, self.rows = editor, before, after, rows

    def redo(self) -> None:
        self.editor._restore(self.after, self.rows[1])

    def undo(self) -> None:
        self.editor._restore(self.before, self.rows[0])


def _unit_names(db) -> list[str]:
    try:
        from tthc_desktop.services.catalog import list_groups, list_units
    except ImportError:
        return []
    return [g.name for g in list_groups(db)] + [u.name for u in list_units(db, active_only=True)]


class PlanEditor(QWidget):
    saved = Signal(int)

    def __init__(self, ctx, proposal: DerivedPlan, plan_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.proposal = proposal
        self.plan_id = plan_id
        self.tasks: list[DerivedTask] = proposal.tasks
        self._baseline = self._read_baseline()
        self.undo_stack = QUndoStack(self)
        self.model = ProposalModel(lambda: self.tasks, self.move_rows, self)
        self.proxy = DecisionFilter(self)
        self.proxy.setSourceModel(self.model)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(180)  # five rows stay in view; on a small screen the editor scrolls instead
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col, width in enumerate((52, 110, 120, 124, 142)):  # headers in bold fit
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(6, 320)
        self.table.viewport().installEventFilter(self)  # «Lý do» narrows with the table (see eventFilter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.form = TaskForm(_unit_names(ctx.db), proposal.year)
        self.form.apply_requested.connect(self.apply_form)
        self.form.accept_one.connect(self.accept_rewording)
        self.form.accept_all.connect(self.accept_all_rewording)

        self.filter_box = QComboBox()
        for key, label in FILTERS.items():
            self.filter_box.addItem(label, key)
        self.filter_box.currentIndexChanged.connect(lambda: self.proxy.set_mode(self.filter_box.currentData()))
        self.search = QLineEdit(placeholderText="Tìm trong nội dung, lý do…")
        self.search.textChanged.connect(self.proxy.set_search)
        self.summary = QLabel()
        buttons = FlowLayout()  # wraps at 125 %/150 % instead of cutting the labels
        self.keep_button = self._button("Giữ (Space)", lambda: self.set_decision("keep"))
        self.drop_button = self._button("Bỏ (Delete)", lambda: self.set_decision("drop"))
        self.add_button = self._button("Thêm nhiệm vụ của Sở", self.add_own_task)
        self.remove_button = self._button("Xóa nhiệm vụ của Sở", self.remove_own_task)
        self.sub_button = self._button("Gộp a), b)", self.toggle_sub_row)
        self.sub_button.setToolTip("Đặt nhiệm vụ này là một dòng a), b)… của nhiệm vụ ngay trên (bấm lần nữa để tách)")
        self.up_button = self._button("Lên", lambda: self.move_current(-1))
        self.down_button = self._button("Xuống", lambda: self.move_current(1))
        undo = self.undo_stack.createUndoAction(self, "Hoàn tác")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "Làm lại")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        self.undo_button = self._button("Hoàn tác", self.undo_stack.undo)
        self.redo_button = self._button("Làm lại", self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        # Laid out by the dialog in its fixed button row, below the part that scrolls
        self.save_button = self._button("Lưu kế hoạch", self.save)
        self.save_button.setToolTip("Lưu kế hoạch (Ctrl+S)")
        self.export_button = self._button("Xuất Word/Excel…", self.export)
        for b in (self.keep_button, self.drop_button, self.add_button, self.remove_button, self.sub_button, self.up_button,
                  self.down_button, self.undo_button, self.redo_button):
            buttons.addWidget(b)

        top = QHBoxLayout()
        top.addWidget(QLabel("Hiện:"))
        top.addWidget(self.filter_box)
        top.addWidget(self.search, 1)
        top.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.form)
        self.units_panel = TaskUnitsPanel(ctx)
        splitter.addWidget(self.units_panel)
        splitter.setSizes([360, 300, 170])
        self.table.selectionModel().currentRowChanged.connect(self._show_units)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        self.table.installEventFilter(self)
        number_tasks(self.tasks)
        self.model.reset()
        self.table.setColumnHidden(4, all(t.similarity is None for t in self.tasks))
        self._update_summary()
        if self.tasks:
            self.select_row(0)

    _KEYS = {Qt.Key.Key_Space: "keep", Qt.Key.Key_Return: "keep", Qt.Key.Key_Enter: "keep",
             Qt.Key.Key_Delete: "drop"}

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        """Space/Enter keep, Delete drops the selected rows of the table (keyboard-driven review); on a narrow
        table «Lý do» gives up width so «Nội dung công việc» is not squeezed to a few letters (both elide,
        the whole text is in the tooltip)."""
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            fixed = sum(self.table.columnWidth(c) for c in range(5) if not self.table.isColumnHidden(c))
            self.table.setColumnWidth(6, max(110, min(320, (event.size().width() - fixed) * 2 // 5)))
        if obj is self.table and event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            decision = self._KEYS.get(Qt.Key(event.key()))
            if decision:
                self.set_decision(decision)
                return True
        return super().eventFilter(obj, event)

    def _button(self, text: str, fn) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(fn)
        return b

    # ---------------------------------------------------------------- selection
    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else None

    def selected_rows(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        current = self.current_row()
        if not rows and current is not None:
            rows = {current}
        return sorted(rows)

    def select_row(self, row: int | None) -> None:
        if row is None or not self.tasks:
            self.form.set_task(None)
            return
        row = max(0, min(row, len(self.tasks) - 1))
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        self.form.set_task(self.tasks[row] if index.isValid() else None)

    def _current_changed(self, current, previous) -> None:
        if previous.isValid() and self.form.dirty:
            self.apply_form(self.proxy.mapToSource(previous).row(), reselect=False)
        self.form.set_task(self.tasks[self.proxy.mapToSource(current).row()] if current.isValid() else None)

    def _show_units(self, current, _previous=None) -> None:
        row = self.proxy.mapToSource(current).row() if current.isValid() else None
        task = self.tasks[row] if row is not None and 0 <= row < len(self.tasks) else None
        saved = task is not None and task.task_id is not None and self.plan_id is not None
        self.units_panel.set_task(task.task_id if saved else None, self.plan_id)

    # ---------------------------------------------------------------- undoable changes
    def _change(self, text: str, fn, row_after: int | None = None) -> None:
        row_before = self.current_row()
        before = [t.clone() for t in self.tasks]
        after = [t.clone() for t in self.tasks]
        fn(after)
        target = row_before if row_after is None else row_after
        self.undo_stack.push(_Snapshot(self, before, after, text, (row_before or 0, target or 0)))

    def _restore(self, tasks: list[DerivedTask], row: int) -> None:
        self.tasks = [t.clone() for t in tasks]
        self.proposal.tasks = self.tasks
        number_tasks(self.tasks)
        self.model.reset()
        self._update_summary()
        self.select_row(row)

    def _update_summary(self) -> None:
        kept = sum(t.decision == "keep" for t in self.tasks)
        waiting = sum(not t.confirmed for t in self.tasks)
        self.summary.setText(f"Giữ {kept} · Bỏ {len(self.tasks) - kept} · Chưa quyết định {waiting}")

    def set_decision(self, decision: str) -> None:
        rows = self.selected_rows()
        if not rows:
            return

        def apply(tasks):
            for r in rows:
                tasks[r].decision, tasks[r].confirmed = decision, True
        next_row = self._next_visible(rows[-1])
        self._change("Giữ nhiệm vụ" if decision == "keep" else "Bỏ nhiệm vụ", apply, next_row)

    def _next_visible(self, row: int) -> int:
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        below = self.proxy.index(index.row() + 1, 0) if index.isValid() else self.proxy.index(-1, 0)
        return self.proxy.mapToSource(below).row() if below.isValid() else row

    def apply_form(self, row: int | None = None, reselect: bool = True) -> None:
        row = self.current_row() if row is None or row is False else row
        if row is None or not self.form.dirty:
            return
        values = self.form.values()

        def apply(tasks):
            t = tasks[row]
            for key, value in values.items():
                setattr(t, key, value)
            t.rewording = []  # the officer wrote the text himself
            t.confirmed = True
        self.form._dirty = False
        self._change("Sửa nhiệm vụ", apply, row if reselect else self.current_row())

    def accept_rewording(self) -> None:
        row = self.current_row()
        if row is None or not self.tasks[row].rewording:
            return

        def apply(tasks):
            tasks[row] = tasks[row].accept_rewording()
        self._change("Nhận gợi ý sửa lời văn", apply, row)

    def accept_all_rewording(self) -> None:
        def apply(tasks):
            for i, t in enumerate(tasks):
                if t.decision == "keep" and t.rewording:
                    tasks[i] = t.accept_rewording()
        self._change("Nhận mọi gợi ý sửa lời văn", apply)

    def add_own_task(self) -> None:
        row = self.current_row()
        at = len(self.tasks) if row is None else row + 1
        title = self.tasks[row].section_title if row is not None else "Nhiệm vụ khác"

        def apply(tasks):
            own = new_own_task(title, self.proposal.rules)
            own.content = "Nhiệm vụ mới của Sở"
            own.confirmed = True
            tasks.insert(at, own)
        self._change("Thêm nhiệm vụ của Sở", apply, at)
        self.form.content.setFocus()
        self.form.content.selectAll()

    def remove_own_task(self) -> None:
        rows = [r for r in self.selected_rows() if self.tasks[r].own]
        if not rows:
            QMessageBox.information(self, "Xóa nhiệm vụ", "Chỉ xóa được nhiệm vụ riêng của Sở; nhiệm vụ của tỉnh thì "
                                                         "chọn «Bỏ».")
            return
        self._change("Xóa nhiệm vụ của Sở", lambda tasks: [tasks.pop(r) for r in reversed(rows)], rows[0])

    def toggle_sub_row(self) -> None:
        """Make the current kept task a lettered row of the kept task above it, or split it off again."""
        row = self.current_row()
        if row is None or self.tasks[row].decision != "keep":
            return
        above = next((i for i in range(row - 1, -1, -1) if self.tasks[i].decision == "keep"), None)
        if above is None:
            return
        grouped = bool(self.tasks[row].parent) and self.tasks[row].parent == self.tasks[above].parent

        def apply(tasks):
            if grouped:
                tasks[row].source_parent = None
                if not any(t.parent == tasks[above].parent for i, t in enumerate(tasks) if i not in (row, above)):
                    tasks[above].source_parent = None
            else:
                key = tasks[above].source_parent or f"manual:{id(tasks[above])}"
                tasks[above].source_parent = key
                tasks[row].source_parent = key
                tasks[row].section_title = tasks[above].section_title
        self._change("Tách dòng a), b)" if grouped else "Gộp thành dòng a), b)", apply, row)

    def move_rows(self, rows: list[int], target: int) -> None:
        """Move the given rows (source indexes) so they sit before ``target``."""
        rows = sorted(r for r in rows if 0 <= r < len(self.tasks))
        if not rows:
            return
        new_at = target - sum(r < target for r in rows)

        def apply(tasks):
            moving = [tasks[r] for r in rows]
            for r in reversed(rows):
                tasks.pop(r)
            at = max(0, min(new_at, len(tasks)))
            # A task moved into another section takes that section (the row above decides).
            neighbour = tasks[at - 1] if at > 0 else (tasks[0] if tasks else None)
            for t in moving:
                if neighbour is not None and t.section_title != neighbour.section_title:
                    t.section_title = neighbour.section_title
                    t.source_parent = None
            tasks[at:at] = moving
        self._change("Chuyển nhiệm vụ", apply, max(0, min(new_at, len(self.tasks) - 1)))

    def move_current(self, step: int) -> None:
        row = self.current_row()
        if row is None:
            return
        target = row + 2 if step > 0 else row - 1
        if 0 <= target <= len(self.tasks):
            self.move_rows([row], target)

    # ---------------------------------------------------------------- save / export
    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean() or self.form.dirty or self.plan_id is None

    def save(self) -> int | None:
        self.apply_form()
        from tthc_desktop.ui.common.workers import show_error

        reasons = self._ask_removal_reasons()
        if reasons is None:
            return None
        try:
            self.proposal.tasks = self.tasks
            saved, plan_id = save_checked(self, lambda expected: save_department_plan(
                self.ctx.db, self.proposal, plan_id=self.plan_id, removal_reasons=reasons, expected_versions=expected),
                self._changed_versions() if self.plan_id is not None else None)
        except Exception as exc:  # noqa: BLE001 - shown to the officer in one sentence
            show_error(self, exc, title="Không lưu được kế hoạch")
            return None
        if not saved:
            self._show_stored_plan()
            return None
        self.plan_id = plan_id
        self._baseline = self._read_baseline()
        self.undo_stack.setClean()
        row = self.current_row()
        self.model.reset()
        if row is not None:
            self.select_row(row)  # an untouched task may now show a colleague's wording
        self._show_units(self.table.currentIndex())
        self.ctx.notify("plans")
        self.ctx.status_message.emit(f"Đã lưu kế hoạch của Sở năm {self.proposal.year}; đây là kế hoạch đang theo dõi.")
        self.saved.emit(self.plan_id)
        return self.plan_id

    def _read_baseline(self) -> dict[int, tuple[int, tuple]]:
        """Each saved task as read: its version and what the officer may change of it."""
        return {t.task_id: (t.version, t.edited_fields()) for t in self.tasks if t.task_id is not None}

    def _changed_versions(self) -> dict[int, int]:
        """{task id: version read} of the tasks changed or deleted since: the only ones the save checks."""
        now = {t.task_id: t.edited_fields() for t in self.tasks if t.task_id is not None}
        return {tid: version for tid, (version, fields) in self._baseline.items() if now.get(tid) != fields}

    def _show_stored_plan(self) -> None:
        """The officer kept the colleague's version: show the plan as stored now (the edits are dropped)."""
        stored = load_department_plan(self.ctx.db, self.plan_id)
        self.undo_stack.clear()
        self._restore(stored.tasks, self.current_row() or 0)
        self._baseline = self._read_baseline()

    def _ask_removal_reasons(self) -> dict[int, str] | None:
        """Before a save takes out tracked tasks that already hold results: say what each holds and ask why
        (None: the officer cancelled). Such tasks are kept as «Không thực hiện», never deleted."""
        from tthc_desktop.services import task_records
        from tthc_desktop.services.decisions import DEFAULT_REMOVAL_REASON

        kept = {t.task_id for t in self.tasks if t.decision == "keep" and t.task_id}
        reasons: dict[int, str] = {}
        for item in task_records.leaving_with_history(self.ctx.db, self.plan_id, kept):
            dropped = next((t for t in self.tasks if t.task_id == item["id"]), None)
            text = (f"Nhiệm vụ {item['number']} («{item['content'][:90]}»):\n"
                    + task_records.holdings_sentence(item["progress"], item["evidence"]) + "\n\nLý do bỏ nhiệm vụ:")
            reason, ok = QInputDialog.getText(self, "Bỏ nhiệm vụ đã có kết quả", text,
                                              text=(dropped.reason if dropped is not None else "") or "")
            if not ok:
                return None
            reasons[item["id"]] = reason.strip() or DEFAULT_REMOVAL_REASON
        return reasons

    def export(self) -> None:
        if self.modified and self.save() is None:
            return
        export_plan_files(self, self.ctx, self.plan_id, self.proposal.year)
