"""The window's side of the optimistic check beyond progress entries: the plan editor's save over a colleague's
newer save of the same task opens the conflict dialog; «Giữ bản của đồng nghiệp» shows theirs, «Ghi đè» saves ours."""
import pytest
from factories import build_department

from tthc_desktop.domain.periods import Period
from tthc_desktop.services.derive import list_department_plans, load_department_plan, save_department_plan
from tthc_desktop.services.task_info import task_detail
from tthc_desktop.storage.database import open_database


@pytest.fixture
def ctx(db, qapp):
    from tthc_desktop.ui.common.context import AppContext

    c = AppContext(db)
    c.ids = build_department(db)
    c.set_period(Period(2024, "Q2"))
    c.plan_id = next(p.id for p in list_department_plans(db) if p.is_current)
    return c


@pytest.mark.parametrize("choice", ["theirs", "mine"])
def test_plan_editor_save_over_a_colleagues_newer_save_asks_which_to_keep(qtbot, ctx, db, database_url,
                                                                          answer_conflict, choice):
    from tthc_desktop.ui.plans.plan_editor import PlanEditor

    task = ctx.ids["tasks"]["7"]
    editor = PlanEditor(ctx, load_department_plan(db, ctx.plan_id), ctx.plan_id)  # the officer opens the plan …
    qtbot.addWidget(editor)
    colleague = open_database(database_url)  # … a colleague, on another computer, rewords the same task
    theirs = load_department_plan(colleague, ctx.plan_id)
    row = next(t for t in theirs.tasks if t.task_id == task)
    seen, row.content = row.version, "Đồng nghiệp đã sửa"
    save_department_plan(colleague, theirs, plan_id=ctx.plan_id, expected_versions={task: seen})
    colleague.close()
    editor.select_row(next(i for i, t in enumerate(editor.tasks) if t.task_id == task))
    editor.form.content.setPlainText("Tôi sửa")
    shown = answer_conflict(choice)
    saved = editor.save()
    assert "Đồng nghiệp đã sửa" in shown["texts"] and "Tôi sửa" in shown["texts"]
    assert any(t.startswith("Nhiệm vụ ") and " vừa được " in t for t in shown["texts"])
    stored = task_detail(db, task).content
    in_editor = next(t for t in editor.tasks if t.task_id == task).content
    if choice == "theirs":
        assert saved is None and stored == in_editor == "Đồng nghiệp đã sửa"
        assert editor.undo_stack.count() == 0
    else:
        assert saved == ctx.plan_id and stored == in_editor == "Tôi sửa"
        editor.form.content.setPlainText("Tôi sửa lần nữa")  # the next save goes over the version just saved
        assert editor.save() == ctx.plan_id and task_detail(db, task).content == "Tôi sửa lần nữa"
