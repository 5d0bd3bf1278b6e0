"""The plan editor driven like the officer does: keyboard accept/reject, undo, filter, own task, save."""
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.conftest import DEMO
from tthc_desktop.services.derive import list_department_plans, propose
from tthc_desktop.storage.models import Task

AGENCY = "Sở Nông nghiệp và Phát triển nông thôn"


@pytest.fixture
def ctx(db):
    from tthc_desktop.ui.common.context import AppContext

    return AppContext(db)


@pytest.fixture
def editor(ctx, qtbot):
    from tthc_desktop.ui.plans.plan_editor import PlanEditor

    proposal = propose(ctx.db, DEMO / "qn2023_plan.docx", AGENCY, year=2024)
    widget = PlanEditor(ctx, proposal)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def row_of(editor, number):
    return next(i for i, t in enumerate(editor.tasks) if t.source_number == number)


def test_keyboard_accept_and_reject_with_undo(editor, qtbot):
    five = row_of(editor, "5")  # Sở Tư pháp leads: proposed drop
    assert editor.tasks[five].decision == "drop"
    editor.select_row(five)
    qtbot.keyClick(editor.table, Qt.Key.Key_Space)
    assert editor.tasks[five].decision == "keep" and editor.tasks[five].confirmed
    assert editor.current_row() == five + 1  # moves on to the next task
    assert editor.tasks[five].number  # renumbered as a kept task
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert editor.tasks[five + 1].decision == "drop" and editor.tasks[five + 1].number == ""
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert editor.tasks[five].decision == "drop" and not editor.tasks[five].confirmed
    editor.undo_stack.redo()
    assert editor.tasks[five].decision == "keep"


def test_filter_by_decision(editor):
    editor.filter_box.setCurrentIndex(editor.filter_box.findData("drop"))
    visible = editor.proxy.rowCount()
    assert 0 < visible == sum(t.decision == "drop" for t in editor.tasks)
    editor.filter_box.setCurrentIndex(editor.filter_box.findData("undecided"))
    editor.select_row(editor.proxy.mapToSource(editor.proxy.index(0, 0)).row())
    editor.set_decision("drop")
    assert editor.proxy.rowCount() == len(editor.tasks) - 1  # the decided task left the "undecided" view


def test_rewording_accept_per_task_and_all(editor):
    one = row_of(editor, "1a")
    editor.select_row(one)
    assert editor.tasks[one].rewording
    editor.accept_rewording()
    assert not editor.tasks[one].rewording and "2024" in editor.tasks[one].content
    editor.accept_all_rewording()
    assert not any(t.rewording for t in editor.tasks if t.decision == "keep")
    editor.undo_stack.undo()
    assert any(t.rewording for t in editor.tasks if t.decision == "keep")


def test_own_task_edit_move_and_save(editor, ctx, qtbot):
    editor.select_row(0)
    editor.add_own_task()
    own = editor.current_row()
    assert editor.tasks[own].own and editor.tasks[own].number == "2"
    editor.form.content.setPlainText("Xây dựng Kế hoạch rà soát, đánh giá TTHC năm 2024 của Sở.")
    editor.form.results.setPlainText("Kế hoạch của Sở.")
    editor.form.kind.setCurrentIndex(editor.form.kind.findData("once"))
    editor.apply_form()
    assert editor.tasks[own].content.startswith("Xây dựng Kế hoạch")
    editor.move_rows([own], 0)
    assert editor.tasks[0].own and editor.tasks[0].number == "1"
    plan_id = editor.save()
    assert plan_id and not editor.modified
    with ctx.db.session() as s:
        first = s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)).first()
        assert first.is_own and first.results == ["Kế hoạch của Sở."] and first.schedule_kind == "once"
    assert list_department_plans(ctx.db)[0].is_current


def test_page_lists_and_reopens(ctx, qtbot, editor):
    from tthc_desktop.ui.plans.department_page import DepartmentPlanPage

    editor.save()
    page = DepartmentPlanPage(ctx)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1
    page.table.selectRow(0)
    dialog = page.edit_selected()
    assert dialog.editor.tasks and all(t.confirmed for t in dialog.editor.tasks)
    assert sum(t.source is not None for t in dialog.editor.tasks) >= 30  # the province's wording, side by side
    dialog.editor.undo_stack.setClean()
    dialog.done(0)


def test_export_button_writes_word_and_excel(editor, ctx, tmp_path, monkeypatch):
    from tthc_desktop.services.catalog import example_profile, save_profile
    from tthc_desktop.ui.common import file_dialogs

    save_profile(ctx.db, **example_profile())
    target = tmp_path / "ke hoach.docx"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: target)
    from tthc_desktop.ui.common import output_dialog

    made = []
    monkeypatch.setattr(output_dialog, "show_made", lambda parent, what, paths, notes=(): made.append((what, paths)) or "close")
    from tthc_desktop.ui.plans.plan_export_dialog import PlanExportDialog

    def answer(dialog):
        dialog.choose_button.click()  # «Chọn…»: the system's save dialog
        assert dialog.target() == target
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PlanExportDialog, "exec", answer)
    editor.export()  # saves first, then exports
    assert editor.plan_id is not None
    assert target.is_file() and target.with_suffix(".xlsx").is_file()
    assert made == [("kế hoạch năm 2024", [target, target.with_suffix(".xlsx")])]  # «Đã lập kế hoạch năm 2024»


def test_rules_dialog_edits_are_saved(ctx, qtbot):
    from PySide6.QtCore import Qt as QtNs

    from tthc_desktop.services.rules import list_rules
    from tthc_desktop.ui.plans.rules_dialog import RulesDialog

    dialog = RulesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.table_box.setCurrentIndex(dialog.table_box.findData("internal_work"))
    before = len(list_rules(ctx.db, "internal_work"))
    dialog.add_rule()
    row = dialog.grid.rowCount() - 1
    dialog.grid.item(row, 0).setText("bình xét thi đua")
    dialog.grid.item(row, 3).setCheckState(QtNs.CheckState.Unchecked)
    rules = list_rules(ctx.db, "internal_work")
    assert len(rules) == before + 1
    assert rules[-1].pattern == "bình xét thi đua" and not rules[-1].active


def test_drag_and_drop_reorders_through_the_filter_model(editor):
    from PySide6.QtCore import QModelIndex

    last = len(editor.tasks) - 1
    moving = editor.tasks[last]
    source = editor.proxy.index(last, 0)
    mime = editor.proxy.mimeData([source])
    accepted = editor.proxy.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert accepted is False  # the editor moved the row itself; the view must not delete anything
    assert editor.tasks[0].content == moving.content and len(editor.tasks) == last + 1
    assert editor.tasks[0].section_title == editor.tasks[1].section_title  # joined the section it was dropped in
    assert editor.tasks[0].number in ("", "1")
    editor.undo_stack.undo()
    assert editor.tasks[last].content == moving.content


def test_new_plan_from_the_page(ctx, qtbot):
    from tthc_desktop.ui.plans.department_page import DepartmentPlanPage, NewPlanDialog

    page = DepartmentPlanPage(ctx)
    qtbot.addWidget(page)
    dialog = page.new_plan({"provincial": DEMO / "qn2023_plan.docx", "previous": DEMO / "snn2024_plan.docx",
                            "year": 2024, "agency": AGENCY})
    assert dialog is not None
    editor = dialog.editor
    assert any(t.own for t in editor.tasks)  # last year's own tasks are offered too
    assert editor.save()
    assert page.table.rowCount() == 1
    dialog.done(0)
    choose = NewPlanDialog(ctx)
    qtbot.addWidget(choose)
    assert choose.source.count() == 2  # the provincial plan imported when saving, and "Chọn tệp…"
    assert choose.choices()["provincial"] == editor.proposal.provincial_plan_id


def test_group_and_split_lettered_rows(editor):
    three = row_of(editor, "3")
    four = row_of(editor, "4")
    editor.select_row(four)
    editor.toggle_sub_row()
    assert (editor.tasks[three].number, editor.tasks[four].number) == ("3a", "3b")
    assert editor.tasks[four].parent == "3"
    editor.select_row(four)
    editor.toggle_sub_row()
    assert (editor.tasks[three].number, editor.tasks[four].number) == ("3", "4")
