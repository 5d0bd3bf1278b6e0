"""Two officers edit the same department plan in the plan editor: only the tasks one changed (or deleted) are
checked; a stale one is a conflict that writes nothing, a colleague's change to another task is kept.
On PostgreSQL (TTHC_TEST_DATABASE_URL) these run again as the `server` variants."""
import pytest
from factories import build_department

from tthc_desktop.errors import EditConflictError
from tthc_desktop.services.derive import list_department_plans, load_department_plan, save_department_plan
from tthc_desktop.services.task_info import task_detail
from tthc_desktop.storage.database import open_database


@pytest.fixture
def two(two_handles):
    first, second, ids = two_handles
    return first, second, next(p.id for p in list_department_plans(first) if p.is_current), ids


def _edit(db, plan_id, task_id, content):
    """Open the plan in the editor, change one task's wording: (proposal, expected versions of the change)."""
    proposal = load_department_plan(db, plan_id)
    task = next(t for t in proposal.tasks if t.task_id == task_id)
    seen = task.version
    task.content = content
    return proposal, {task_id: seen}


def _content(db, task_id):
    return task_detail(db, task_id).content


def test_a_task_saved_over_a_colleagues_newer_save_is_a_conflict(two):
    mine, colleague, plan_id, ids = two
    task = ids["tasks"]["7"]
    my_plan, my_change = _edit(mine, plan_id, task, "Nội dung tôi sửa")
    their_plan, their_change = _edit(colleague, plan_id, task, "Nội dung đồng nghiệp sửa")
    save_department_plan(colleague, their_plan, plan_id=plan_id, expected_versions=their_change)
    with pytest.raises(EditConflictError) as info:
        save_department_plan(mine, my_plan, plan_id=plan_id, expected_versions=my_change)
    exc = info.value
    assert exc.message.startswith("Nhiệm vụ ") and " vừa được " in exc.message and " sửa lúc " in exc.message
    assert exc.theirs["fields"]["Nội dung"] == "Nội dung đồng nghiệp sửa"
    assert exc.mine["fields"]["Nội dung"] == "Nội dung tôi sửa"
    assert _content(mine, task) == "Nội dung đồng nghiệp sửa"
    # «Ghi đè bằng bản của tôi»
    save_department_plan(mine, my_plan, plan_id=plan_id, expected_versions=exc.theirs["override"])
    assert _content(colleague, task) == "Nội dung tôi sửa"


def test_a_colleagues_change_to_another_task_is_neither_a_conflict_nor_lost(two):
    mine, colleague, plan_id, ids = two
    mine_task, their_task = ids["tasks"]["7"], ids["tasks"]["4"]
    my_plan, my_change = _edit(mine, plan_id, mine_task, "Tôi sửa nhiệm vụ này")
    their_plan, their_change = _edit(colleague, plan_id, their_task, "Đồng nghiệp sửa nhiệm vụ kia")
    save_department_plan(colleague, their_plan, plan_id=plan_id, expected_versions=their_change)
    save_department_plan(mine, my_plan, plan_id=plan_id, expected_versions=my_change)
    assert _content(colleague, mine_task) == "Tôi sửa nhiệm vụ này"
    assert _content(colleague, their_task) == "Đồng nghiệp sửa nhiệm vụ kia"
    # the editor's copy now shows the colleague's wording, and the next save goes over the new versions
    assert next(t for t in my_plan.tasks if t.task_id == their_task).content == "Đồng nghiệp sửa nhiệm vụ kia"
    again = next(t for t in my_plan.tasks if t.task_id == mine_task)
    again.content = "Tôi sửa lần hai"
    save_department_plan(mine, my_plan, plan_id=plan_id, expected_versions={mine_task: again.version})
    assert _content(colleague, mine_task) == "Tôi sửa lần hai"


def test_deleting_a_task_a_colleague_just_changed_is_a_conflict(two):
    mine, colleague, plan_id, ids = two
    task = ids["tasks"]["7"]
    my_plan = load_department_plan(mine, plan_id)
    mine_row = next(t for t in my_plan.tasks if t.task_id == task)
    mine_row.decision = "drop"  # the officer drops the task …
    their_plan, their_change = _edit(colleague, plan_id, task, "Đồng nghiệp vừa bổ sung")
    save_department_plan(colleague, their_plan, plan_id=plan_id, expected_versions=their_change)
    with pytest.raises(EditConflictError):  # … that a colleague just reworded
        save_department_plan(mine, my_plan, plan_id=plan_id, expected_versions={task: mine_row.version})
    assert _content(mine, task) == "Đồng nghiệp vừa bổ sung"


def test_a_task_a_colleague_added_meanwhile_is_not_silently_dropped(two):
    mine, colleague, plan_id, ids = two
    from tthc_desktop.services.derive import new_own_task

    my_plan, my_change = _edit(mine, plan_id, ids["tasks"]["7"], "Tôi sửa")
    their_plan = load_department_plan(colleague, plan_id)
    own = new_own_task(their_plan.tasks[-1].section_title)
    own.content = "Nhiệm vụ đồng nghiệp thêm"
    their_plan.tasks.append(own)
    save_department_plan(colleague, their_plan, plan_id=plan_id, expected_versions={})
    with pytest.raises(EditConflictError) as info:
        save_department_plan(mine, my_plan, plan_id=plan_id, expected_versions=my_change)
    assert " thêm" in info.value.message and info.value.theirs["fields"]["Nội dung"] == "Nhiệm vụ đồng nghiệp thêm"
    contents = [t.content for t in load_department_plan(mine, plan_id).tasks]
    assert "Nhiệm vụ đồng nghiệp thêm" in contents and "Tôi sửa" not in contents


def test_without_versions_the_save_is_as_before(two):
    """The CLI and plan_view.save_plan do not read first: last writer wins, as they always did."""
    mine, colleague, plan_id, ids = two
    task = ids["tasks"]["7"]
    my_plan, _ = _edit(mine, plan_id, task, "Tôi")
    their_plan, _ = _edit(colleague, plan_id, task, "Đồng nghiệp")
    save_department_plan(colleague, their_plan, plan_id=plan_id)
    save_department_plan(mine, my_plan, plan_id=plan_id)
    assert _content(colleague, task) == "Tôi"


def test_a_writer_slipping_in_between_check_and_write_is_caught(pg_url, monkeypatch):
    """Server: the task changes after our version check, before our UPDATE; the version column catches it.
    (On SQLite nobody can slip in: the save takes the write lock before it reads.)"""
    from sqlalchemy import create_engine, update

    from tthc_desktop.services import plan_conflicts
    from tthc_desktop.storage.models import Task

    db = open_database(pg_url)
    ids = build_department(db)
    plan_id = next(p.id for p in list_department_plans(db) if p.is_current)
    task = ids["tasks"]["7"]
    mine, change = _edit(db, plan_id, task, "Tôi")
    other = create_engine(pg_url)
    real = plan_conflicts.find

    def colleague_commits_right_after_the_check(*args):
        found = real(*args)
        with other.begin() as c:
            c.execute(update(Task).where(Task.id == task).values(content="Đồng nghiệp", version=Task.version + 1))
        return found

    monkeypatch.setattr(plan_conflicts, "find", colleague_commits_right_after_the_check)
    with pytest.raises(EditConflictError):
        save_department_plan(db, mine, plan_id=plan_id, expected_versions=change)
    monkeypatch.setattr(plan_conflicts, "find", real)
    other.dispose()
    assert _content(db, task) == "Đồng nghiệp"
    db.close()
