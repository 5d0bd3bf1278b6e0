"""Optimistic locking for the faces: a save over a colleague's newer change is a conflict, never an overwrite.

Progress entries, the plan editor's tasks and the plan's issuing details, the II.05a/II.06a figure grid,
the report's edited parts, the units and the agency profile: a face reads a row with its ``version``;
it saves with ``expected_version`` (0: "there was no row").
If the row in the database has moved on — or another writer slipped in between our read and our
write (SQLAlchemy's StaleDataError, or the unique key of a row created at the same moment) — nothing
of ours is written and an EditConflictError carries both versions, so the window can show them
side by side and offer «Giữ bản của đồng nghiệp» / «Ghi đè bằng bản của tôi» (save again with
the colleague's version as ``expected_version``).
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tthc_desktop.domain import status as st
from tthc_desktop.errors import EditConflictError
from tthc_desktop.storage.models import Operation


def progress_version(entry) -> dict:
    """What the conflict dialog shows of one progress entry."""
    if entry is None:
        return {"version": 0, "status": "", "status_label": "(chưa có)", "percent": None, "note": "",
                "by": "", "at": None}
    return {"version": entry.version, "status": entry.status, "status_label": st.status_label(entry.status),
            "percent": entry.percent, "note": entry.result_text, "by": entry.updated_by or "một người khác",
            "at": entry.updated_at}


def row_version(row, what: str, fields: dict[str, str], *, by: str = "", at=None, action: str = "sửa") -> dict:
    """What the conflict dialog shows of any row: ``what`` names it («Đơn vị «Chi cục Kiểm lâm»»),
    ``fields`` are its values by label (compared side by side with the officer's); ``row`` None: there is none now."""
    if row is None:
        return {"version": 0, "what": what, "fields": fields, "by": by, "at": at, "action": action}
    return {"version": row.version, "what": what, "fields": fields, "action": action,
            "by": by or getattr(row, "updated_by", "") or "một người khác", "at": at or getattr(row, "updated_at", None)}


def headline(theirs: dict) -> str:
    """«Nhiệm vụ này vừa được … sửa lúc …» (the conflict dialog's first line)."""
    when = f" lúc {theirs['at'].strftime('%H:%M ngày %d/%m/%Y')}" if theirs.get("at") else ""
    return (f"{theirs.get('what') or 'Nhiệm vụ này'} vừa được {theirs.get('by') or 'một người khác'} "
            f"{theirs.get('action') or 'sửa'}{when}")


def compared(row, what: str, theirs: dict[str, str], mine: dict[str, str], **who) -> tuple[dict, dict]:
    """(theirs, mine) for the dialog, keeping only the labels whose values differ (all when none does)."""
    differing = [k for k in theirs.keys() | mine.keys() if theirs.get(k, "") != mine.get(k, "")]
    labels = [k for k in (*theirs, *[k for k in mine if k not in theirs]) if k in differing] or list(theirs)
    return (row_version(row, what, {k: theirs.get(k, "") for k in labels}, **who),
            {"fields": {k: mine.get(k, "") for k in labels}})


def edit_conflict(theirs: dict, mine: dict, detail: str = "") -> EditConflictError:
    """The one sentence of a conflict on any row but a progress entry; ``detail`` adds what the officer should know."""
    notes = [detail] if detail else []
    notes += [f"phiên bản {theirs['version']}"] if theirs.get("version") else []
    extra = f" ({', '.join(notes)})" if notes else ""
    return EditConflictError(f"{headline(theirs)}{extra}: thay đổi của bạn chưa được lưu; hãy xem lại rồi chọn "
                             "giữ bản nào.", mine=mine, theirs=theirs)


def progress_conflict(task_number: str, period_label: str, theirs: dict, mine: dict) -> EditConflictError:
    percent = f", {theirs['percent']}%" if theirs.get("percent") is not None else ""
    return EditConflictError(
        f"{headline(theirs)} (nhiệm vụ {task_number}, {period_label}): bản của đồng nghiệp «{theirs['status_label']}{percent}» (phiên bản {theirs['version']}), "
        f"bản của bạn «{mine['status_label']}» chưa được lưu; hãy xem lại rồi chọn giữ bản nào.",
        mine=mine, theirs=theirs)


def last_writer(s, kind: str | None, table: str, row_id: int) -> tuple[str, object]:
    """Who last changed a row that keeps no ``updated_by`` (units), or deleted one: the newest operation
    of the history (of ``kind``, None: any) that did."""
    recent = select(Operation).where(Operation.undone_at.is_(None))
    recent = recent.where(Operation.kind == kind) if kind else recent
    for op in s.scalars(recent.order_by(Operation.id.desc()).limit(30)):
        if any(c.get("table") == table and c.get("key") == [row_id] for c in op.changes or []):
            return op.user, op.at
    return "", None


def check(expected_version: int | None, current: dict, conflict: Callable[[dict], EditConflictError]) -> None:
    """``None`` means the caller did not read the row first (imports, CLI without --expect-version)."""
    if expected_version is not None and int(expected_version) != current["version"]:
        raise conflict(current)


@contextlib.contextmanager
def checked_session(db, expected_version: int | None, state: Callable[[object], tuple[dict, dict]],
                    unique_keys: tuple[str, ...] = (), detail: str = "",
                    serialise: Callable[[object], None] | None = None) -> Iterator[object]:
    """The write transaction of an edit the officer made on what he read at ``expected_version``.

    ``state(session)`` gives (theirs, mine) as ``compared`` does; the write lock is taken before it
    reads (SQLite), the row's version column catches a writer slipping in after it (server).
    ``serialise(session)``: for rows rewritten by plain DELETE/INSERT, which no version column
    guards — the server's advisory lock, taken before the check."""
    def conflict(theirs: dict) -> EditConflictError:
        return edit_conflict(theirs, state_mine[0], detail)

    def reread() -> dict:
        with db.read_session() as r:
            return state(r)[0]

    state_mine: list[dict] = [{}]
    with raced(reread, conflict, unique_keys), db.session(immediate=True) as s:
        if serialise is not None:
            serialise(s)
        # The rows read for the check are kept referenced: the session's identity map is weak, and the
        # UPDATE must carry the version checked here (a reload would pick up a colleague's newer one).
        checked: list = []
        keep = lambda _session, row: checked.append(row)  # noqa: E731
        event.listen(s, "loaded_as_persistent", keep)
        try:
            if expected_version is not None:
                theirs, state_mine[0] = state(s)
                check(expected_version, theirs, conflict)
        finally:
            event.remove(s, "loaded_as_persistent", keep)
        yield s


PROGRESS_KEYS = ("uq_progress_task_period_unit", "progress_entries.task_id")


@contextlib.contextmanager
def raced(reread: Callable[[], dict], conflict: Callable[[dict], EditConflictError],
          unique_keys: tuple[str, ...] = PROGRESS_KEYS) -> Iterator[None]:
    """A writer that committed between our read and our write: our transaction is rolled back.
    ``unique_keys``: the unique constraint (PostgreSQL) or its first column (SQLite) a row created
    meanwhile breaks."""
    try:
        yield
    except StaleDataError as exc:
        raise conflict(reread()) from exc
    except IntegrityError as exc:
        text = str(exc.orig)  # PostgreSQL names the constraint, SQLite its columns
        if any(key in text for key in unique_keys):
            raise conflict(reread()) from exc
        raise
