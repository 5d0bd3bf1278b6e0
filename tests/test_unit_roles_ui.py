"""The window: the plan editor's units checklist and the dashboard's per-unit reporting panel, on the demo."""
import pytest
from PySide6.QtCore import Qt

from tthc_desktop.services import tracking, unit_roles

GROUP = "Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"


@pytest.fixture
def ctx(demo_2024_ctx):
    return demo_2024_ctx


def children(tree, heading):
    for p in range(tree.topLevelItemCount()):
        parent = tree.topLevelItem(p)
        if parent.text(0) == heading:
            return [parent.child(c) for c in range(parent.childCount())]
    return []


def test_plan_editor_checklist_ticks_are_stored_per_task(qtbot, ctx):
    from tthc_desktop.services.derive import load_department_plan
    from tthc_desktop.ui.plans.plan_editor import PlanEditor

    with ctx.db.read_session() as s:
        plan_id = tracking.current_plan_id(s)
    editor = PlanEditor(ctx, load_department_plan(ctx.db, plan_id), plan_id)
    qtbot.addWidget(editor)
    row = next(i for i, t in enumerate(editor.tasks) if t.number == "12")
    editor.select_row(row)
    leads = children(editor.units_panel.tree, "Chủ trì")
    assert len(leads) >= 3 and all(c.text(1) == GROUP and c.checkState(0) == Qt.CheckState.Checked for c in leads)
    office = children(editor.units_panel.tree, "Phối hợp")
    assert [c.text(0) for c in office] == ["Văn phòng Sở"] and office[0].checkState(0) == Qt.CheckState.Unchecked
    name = leads[0].text(0)
    leads[0].setCheckState(0, Qt.CheckState.Unchecked)
    task_id = editor.tasks[row].task_id
    stored = {(i.unit, i.role): i.ticked for i in unit_roles.checklist(ctx.db, task_id)}
    assert stored[(name, "lead")] is False
    editor.select_row(0)
    editor.select_row(row)  # shown again from the database
    again = {c.text(0): c.checkState(0) for c in children(editor.units_panel.tree, "Chủ trì")}
    assert again[name] == Qt.CheckState.Unchecked
    assert (name, "lead") not in editor.units_panel.checked_units()
    editor.units_panel.resolve_button.click()  # re-proposing the whole plan keeps it too
    assert {(i.unit, i.role): i.ticked for i in unit_roles.checklist(ctx.db, task_id)}[(name, "lead")] is False
    assert editor.save() == plan_id  # re-saving the plan keeps the officer's choice
    assert {(i.unit, i.role): i.ticked for i in unit_roles.checklist(ctx.db, task_id)}[(name, "lead")] is False


def test_dashboard_unit_panel_opens_the_units_tasks_on_the_board(qtbot, ctx):
    from tthc_desktop.ui.tracking.board_page import TaskBoardPage
    from tthc_desktop.ui.tracking.dashboard_page import DashboardPage

    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.board is not None, timeout=10000)
    panel = page.unit_panel
    assert panel.table.rowCount() == 12 and panel.remind_button.isEnabled()
    row = next(i for i, f in enumerate(panel.items) if f.unit == "Thanh tra Sở")
    assert panel.table.item(row, 3).text() == str(len(panel.items[row].missing))
    board = TaskBoardPage(ctx)
    qtbot.addWidget(board)
    ctx.show_unit_tasks.connect(board.show_unit)  # what the shell does
    with qtbot.waitSignal(ctx.show_unit_tasks) as signal:
        panel.table.cellDoubleClicked.emit(row, 0)
    unit_id = signal.args[0]
    qtbot.waitUntil(lambda: board.model.rowCount() > 0, timeout=10000)
    shown = {r.number for r in board.proxy.visible_rows()}
    expected = {r.number for r in tracking.load_rows(ctx.db, "2024Q2") if unit_id in r.unit_ids}
    assert shown == expected and 0 < len(shown) < board.model.rowCount()
