"""A tracked task's records: editing and deleting its progress entries and evidence, and taking the task
out of its plan («Không thực hiện») without losing them.

A removed task moves to a holding plan (kind ``removed``) tied to its plan, so every list, report and
sheet that reads the plan's tasks leaves it out, while its detail, entries and evidence stay; a
``TaskRemoval`` row remembers where it was and why. Deleting evidence keeps the stored file: the
deletion is an operation in the history and its undo needs the file back.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from tthc_desktop.domain.text import normalize
from tthc_desktop.errors import UsageError, ValidationError
from tthc_desktop.services.history import recorded, recording, task_label
from tthc_desktop.storage.models import EvidenceDocument, Plan, PlanSection, ProgressEntry, Task, TaskRemoval

REMOVED_KIND = "removed"
KEEP = object()


# ---------------------------------------------------------------- inside a transaction
def _holder(s, plan: Plan) -> Plan:
    holder = s.scalars(select(Plan).where(Plan.kind == REMOVED_KIND, Plan.derived_from_id == plan.id)).first()
    if holder is None:
        holder = Plan(kind=REMOVED_KIND, year=plan.year, title=f"Nhiệm vụ không thực hiện — {plan.title}",
                      issuer=plan.issuer, derived_from_id=plan.id, text_blocks={}, warnings=[])
        s.add(holder)
        s.flush()
    return holder


def set_aside(s, task: Task, reason: str) -> None:
    """Take ``task`` out of its plan, keeping its entries, evidence and log."""
    plan = task.plan
    s.add(TaskRemoval(task_id=task.id, plan_id=plan.id, section_id=task.section_id, position=task.position,
                      reason=normalize(reason), removed_at=datetime.now()))
    task.plan_id = _holder(s, plan).id
    task.section_id = None
    s.flush()
    s.expire(plan, ["tasks"])


def put_back(s, task_id: int) -> Task:
    removal = s.get(TaskRemoval, task_id)
    if removal is None:
        raise ValidationError(f"Nhiệm vụ mã {task_id} không nằm trong danh sách nhiệm vụ đã bỏ.")
    task = s.get(Task, task_id)
    task.plan_id = removal.plan_id
    task.section_id = removal.section_id if removal.section_id and s.get(PlanSection, removal.section_id) else None
    task.position = removal.position
    s.delete(removal)
    s.flush()
    return task


def removed_ids(s, plan_id: int) -> set[int]:
    return set(s.scalars(select(TaskRemoval.task_id).where(TaskRemoval.plan_id == plan_id)))


def delete_holders(s, plan_id: int) -> None:
    for holder in s.scalars(select(Plan).where(Plan.kind == REMOVED_KIND, Plan.derived_from_id == plan_id)):
        s.delete(holder)


# ---------------------------------------------------------------- services
def holdings(db, task_id: int) -> tuple[int, int]:
    """(progress entries, evidence documents) the task holds."""
    with db.session() as s:
        task = s.get(Task, task_id)
        if task is None:
            raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
        return len(task.progress), len(task.evidence)


def leaving_with_history(db, plan_id: int | None, kept_ids: set[int]) -> list[dict]:
    """The plan's tracked tasks that a save without ``kept_ids`` would take out and that hold progress or
    evidence: [{id, number, content, progress, evidence}] — the editor asks about these first."""
    if plan_id is None:
        return []
    with db.session() as s:
        tasks = s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)).all()
        return [{"id": t.id, "number": t.number, "content": t.content, "progress": len(t.progress),
                 "evidence": len(t.evidence)}
                for t in tasks if t.id not in kept_ids and (t.progress or t.evidence)]


def holdings_sentence(progress: int, evidence: int) -> str:
    """«Nhiệm vụ này đã có 3 kết quả và 1 văn bản chứng minh…», or "" when it holds nothing."""
    parts = ([f"{progress} kết quả"] if progress else []) + ([f"{evidence} văn bản chứng minh"] if evidence else [])
    if not parts:
        return ""
    return (f"Nhiệm vụ này đã có {' và '.join(parts)}; nhiệm vụ sẽ được chuyển sang «Không thực hiện» "
            "và giữ nguyên các kết quả, văn bản đó (có thể khôi phục lại).")


@recorded("task_remove", lambda db, task_id, reason="": f"Bỏ {task_label(db, task_id)} khỏi kế hoạch"
          + (f": {normalize(reason)[:80]}" if normalize(reason) else ""))
def remove_task(db, task_id: int, reason: str) -> None:
    """Mark a tracked task «Không thực hiện» and take it out of its plan, keeping everything it holds."""
    if not normalize(reason):
        raise ValidationError("Hãy ghi lý do bỏ nhiệm vụ khỏi kế hoạch.")
    with db.session() as s:
        task = s.get(Task, task_id)
        if task is None:
            raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
        if s.get(TaskRemoval, task_id) is not None:
            raise ValidationError(f"Nhiệm vụ {task.number} đã được bỏ khỏi kế hoạch rồi.")
        set_aside(s, task, reason)


@recorded("task_restore", lambda db, task_id: f"Khôi phục {task_label(db, task_id)} vào kế hoạch")
def restore_task(db, task_id: int) -> None:
    with db.session() as s:
        put_back(s, task_id)


def removed_tasks(db, plan_id: int) -> list[dict]:
    """The plan's removed tasks: [{id, number, content, reason, removed_at, progress, evidence}]."""
    with db.session() as s:
        out = []
        for removal in s.scalars(select(TaskRemoval).where(TaskRemoval.plan_id == plan_id)
                                 .order_by(TaskRemoval.position)):
            t = s.get(Task, removal.task_id)
            out.append({"id": t.id, "number": t.number, "content": t.content, "reason": removal.reason,
                        "removed_at": removal.removed_at.isoformat(sep=" ", timespec="seconds"),
                        "progress": len(t.progress), "evidence": len(t.evidence)})
        return out


def removed_in_current_plan(db) -> list[dict]:
    from tthc_desktop.services.tracking import current_plan_id

    with db.session() as s:
        plan_id = current_plan_id(s)
    return removed_tasks(db, plan_id) if plan_id is not None else []


def removal_of(db, task_id: int) -> dict | None:
    with db.session() as s:
        r = s.get(TaskRemoval, task_id)
        return None if r is None else {"reason": r.reason, "removed_at": r.removed_at, "plan_id": r.plan_id}


# ---------------------------------------------------------------- progress entries
def _existing(s, model, row_id: int, what: str):
    row = s.get(model, row_id)
    if row is None:
        raise UsageError(f"Không có {what} mã {row_id}.")
    return row


def _entry_label(db, entry_id: int) -> str:
    with db.session() as s:
        e = s.get(ProgressEntry, entry_id)
        if e is None:
            return f"mã {entry_id}"
        from tthc_desktop.domain.periods import Period

        return f"nhiệm vụ {e.task.number}, {Period.parse(e.period).label}"


@recorded("progress", lambda db, entry_id: f"Xóa kết quả {_entry_label(db, entry_id)}")
def delete_entry(db, entry_id: int) -> None:
    with db.session() as s:
        s.delete(_existing(s, ProgressEntry, entry_id, "kết quả thực hiện"))


# ---------------------------------------------------------------- evidence
def _evidence_label(db, evidence_id: int) -> str:
    with db.session() as s:
        d = s.get(EvidenceDocument, evidence_id)
        if d is None:
            return f"mã {evidence_id}"
        return f"«{d.number_symbol or d.original_name or d.summary[:60]}» của nhiệm vụ {d.task.number}"


@recorded("evidence", lambda db, evidence_id, **k: f"Sửa văn bản chứng minh {_evidence_label(db, evidence_id)}")
def update_evidence(db, evidence_id: int, *, number_symbol: str | None = None, doc_date: date | None = KEEP,
                    issuer: str | None = None, summary: str | None = None, period: str | None = None) -> None:
    with db.session() as s:
        doc = _existing(s, EvidenceDocument, evidence_id, "văn bản chứng minh")
        for attr, value in (("number_symbol", number_symbol), ("issuer", issuer), ("summary", summary)):
            if value is not None:
                setattr(doc, attr, normalize(value))
        if period is not None:
            from tthc_desktop.services.tracking import parse_period

            doc.period = parse_period(period).code if period else ""
        if doc_date is not KEEP:
            doc.doc_date = doc_date
        if not (doc.number_symbol or doc.summary or doc.file_path):
            raise ValidationError("Văn bản chứng minh cần có số, ký hiệu, trích yếu hoặc tệp đính kèm.")


@recorded("evidence", lambda db, evidence_id: f"Xóa văn bản chứng minh {_evidence_label(db, evidence_id)}")
def delete_evidence(db, evidence_id: int) -> None:
    """Delete the record; its stored file stays so that undoing the deletion gives it back."""
    with db.session() as s:
        doc = _existing(s, EvidenceDocument, evidence_id, "văn bản chứng minh")
        if doc.file_path and recording(db) is not None:
            recording(db).files.append(doc.file_path)
        s.delete(doc)
