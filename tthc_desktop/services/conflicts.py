"""Optimistic locking for the faces: a save over a colleague's newer change is a conflict, never an overwrite.

A face reads a row with its ``version``; it saves with ``expected_version`` (0: "there was no row").
If the row in the database has moved on — or another writer slipped in between our read and our
write (SQLAlchemy's StaleDataError, or the unique key of a row created at the same moment) — nothing
of ours is written and an EditConflictError carries both versions, so the window can show them
side by side and offer «Giữ bản của đồng nghiệp» / «Ghi đè bằng bản của tôi» (save again with
the colleague's version as ``expected_version``).
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tthc_desktop.domain import status as st
from tthc_desktop.errors import EditConflictError


def progress_version(entry) -> dict:
    """What the conflict dialog shows of one progress entry."""
    if entry is None:
        return {"version": 0, "status": "", "status_label": "(chưa có)", "percent": None, "note": "",
                "by": "", "at": None}
    return {"version": entry.version, "status": entry.status, "status_label": st.status_label(entry.status),
            "percent": entry.percent, "note": entry.result_text, "by": entry.updated_by or "một người khác",
            "at": entry.updated_at}


def headline(theirs: dict) -> str:
    """«Nhiệm vụ này vừa được … sửa lúc …» (the conflict dialog's first line)."""
    when = theirs["at"].strftime("%H:%M ngày %d/%m/%Y") if theirs.get("at") else "vừa rồi"
    return f"Nhiệm vụ này vừa được {theirs.get('by') or 'một người khác'} sửa lúc {when}"


def progress_conflict(task_number: str, period_label: str, theirs: dict, mine: dict) -> EditConflictError:
    percent = f", {theirs['percent']}%" if theirs.get("percent") is not None else ""
    return EditConflictError(
        f"{headline(theirs)} (nhiệm vụ {task_number}, {period_label}): bản của đồng nghiệp «{theirs['status_label']}{percent}» (phiên bản {theirs['version']}), "
        f"bản của bạn «{mine['status_label']}» chưa được lưu; hãy xem lại rồi chọn giữ bản nào.",
        mine=mine, theirs=theirs)


def check(expected_version: int | None, current: dict, conflict: Callable[[dict], EditConflictError]) -> None:
    """``None`` means the caller did not read the row first (imports, CLI without --expect-version)."""
    if expected_version is not None and int(expected_version) != current["version"]:
        raise conflict(current)


@contextlib.contextmanager
def raced(reread: Callable[[], dict], conflict: Callable[[dict], EditConflictError]) -> Iterator[None]:
    """A writer that committed between our read and our write: our transaction is rolled back."""
    try:
        yield
    except StaleDataError as exc:
        raise conflict(reread()) from exc
    except IntegrityError as exc:
        text = str(exc.orig)  # PostgreSQL names the constraint, SQLite its columns
        if "uq_progress_task_period_unit" in text or "progress_entries.task_id" in text:
            raise conflict(reread()) from exc
        raise
