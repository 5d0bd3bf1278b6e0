"""The plan editor's optimistic check: the versions of the tasks the officer changed or deleted, not the whole plan.

The editor sends ``expected_versions`` {task id: version read} for the rows it changed or deleted.
A save is refused (EditConflictError, nothing written) when one of those rows moved on, when a
colleague added a task to the plan, or removed one the officer kept. Rows the officer did not
touch are not checked: the save keeps their stored wording and only renumbers them.
"""
from __future__ import annotations

from tthc_desktop.domain.derive import DerivedTask
from tthc_desktop.errors import EditConflictError
from tthc_desktop.services import conflicts
from tthc_desktop.storage.models import Plan, Task


def _fields_of_row(t: Task) -> dict[str, str]:
    return {"Nội dung": t.content, "Kết quả": "; ".join(t.results or []), "Chủ trì": ", ".join(t.lead_agencies or []),
            "Phối hợp": ", ".join(t.coordinate_agencies or []), "Thời gian": t.time_text,
            "Quyết định": "Giữ" if (t.decision or "keep") == "keep" else "Bỏ"}


def _fields_of_edit(d: DerivedTask) -> dict[str, str]:
    return {"Nội dung": d.content, "Kết quả": "; ".join(d.results), "Chủ trì": ", ".join(d.lead),
            "Phối hợp": ", ".join(d.coordinate), "Thời gian": d.time_text,
            "Quyết định": "Giữ" if d.decision == "keep" else "Bỏ"}


def _one(s, task_id: int, row: Task | None, mine: DerivedTask | None, action: str) -> tuple[dict, dict]:
    by, at = ("", None) if row is not None else conflicts.last_writer(s, None, "tasks", task_id)
    number = row.number if row is not None else (mine.number if mine is not None else str(task_id))
    theirs, ours = conflicts.compared(row, f"Nhiệm vụ {number}", _fields_of_row(row) if row is not None else {},
                                      _fields_of_edit(mine) if mine is not None else {}, by=by, at=at, action=action)
    return {**theirs, "task_id": task_id}, ours


def find(s, plan: Plan, tasks: list[DerivedTask], expected: dict[int, int]) -> list[tuple[dict, dict]]:
    """(theirs, mine) of every task that stops the save, in plan order."""
    current = {t.id: t for t in plan.tasks}
    mine = {d.task_id: d for d in tasks if d.task_id is not None}
    found = []
    for task_id, seen in expected.items():
        row = current.get(task_id)
        if (row.version if row is not None else 0) != int(seen):
            found.append(_one(s, task_id, row, mine.get(task_id), "sửa" if row is not None and seen else
                              "thêm" if row is not None else "xóa"))
    for task_id, row in current.items():
        if task_id not in mine and task_id not in expected:
            found.append(_one(s, task_id, row, None, "thêm"))
    for task_id, d in mine.items():
        if d.decision == "keep" and task_id not in current and task_id not in expected:
            found.append(_one(s, task_id, None, d, "bỏ"))
    return found


def conflict(found: list[tuple[dict, dict]], expected: dict[int, int]) -> EditConflictError:
    """One sentence about the first task; «Ghi đè» saves again over every version now stored."""
    theirs, mine = found[0]
    override = {**expected, **{t["task_id"]: t["version"] for t, _ in found}}
    theirs = {**theirs, "override": override, "title": "Đồng nghiệp vừa sửa kế hoạch này"}
    others = f"cùng {len(found) - 1} nhiệm vụ khác của kế hoạch" if len(found) > 1 else ""
    return conflicts.edit_conflict(theirs, mine, others)


def after_race(db, plan_id: int, tasks: list[DerivedTask], expected: dict[int, int]) -> EditConflictError:
    """A colleague's save committed between our check and our write (server): say what it changed."""
    with db.read_session() as s:
        plan = s.get(Plan, plan_id)
        found = find(s, plan, tasks, expected) if plan is not None else []
        if found:
            return conflict(found, expected)
    return conflicts.edit_conflict({**conflicts.row_version(None, "Kế hoạch này", {}), "override": expected}, {})
