"""One history of the changes to the data, each of which can be undone.

A service wraps a change in ``with operation(db, kind, summary):``. The tables are read before and
after; the rows that differ are stored with the operation, so undoing it puts those rows back
exactly, whatever code made the change (ORM cascades, bulk updates, link tables). An operation can
be undone only while no later operation depends on its effects: one that changed the same rows,
points at a row it created, or removed a row its undo would need.
"""
from __future__ import annotations

import contextlib
import functools
import getpass
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, DateTime, and_, delete, insert, select, update

from tthc_desktop.domain.text import format_date
from tthc_desktop.errors import ValidationError
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import Base, Operation

# The history itself and the record of written files are not the officer's data.
UNTRACKED = {"operations", "output_files"}
KIND_LABELS = {
    "plan_import": "Nhập kế hoạch", "plan_save": "Lưu kế hoạch", "plan_edit": "Sửa kế hoạch",
    "unit_sheet": "Nhập phiếu báo cáo", "forms_import": "Nhập biểu số liệu", "forms": "Số liệu biểu",
    "progress": "Kết quả thực hiện", "evidence": "Văn bản chứng minh", "catalog": "Danh mục",
    "profile": "Thông tin cơ quan", "rules": "Bảng quy tắc", "report": "Nội dung báo cáo", "restore": "Khôi phục",
    "task_remove": "Bỏ nhiệm vụ", "task_restore": "Khôi phục nhiệm vụ", "demo": "Dữ liệu mẫu",
}


def _tables():
    return [t for t in Base.metadata.sorted_tables if t.name not in UNTRACKED]


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _typed(column, value):
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def _pk(table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _rows(connection, table, key: list | None = None, where: dict | None = None) -> list[dict]:
    """Rows with JSON-safe values (all, the one with primary key ``key``, or those matching ``where``
    {column: value}). SQLite's own values are read as stored (text, numbers): ten times faster than typed
    rows, and what is written back is then exactly what was there."""
    if key is not None:
        where = dict(zip(_pk(table), key))
    if connection.dialect.name == "sqlite":
        sql, params = f'SELECT * FROM "{table.name}"', ()
        if where:
            sql += " WHERE " + " AND ".join(f'"{c}" = ?' for c in where)
            params = tuple(where.values())
        result = connection.exec_driver_sql(sql, params)
        names = list(result.keys())
        return [dict(zip(names, row)) for row in result.fetchall()]
    query = select(table) if not where else select(table).where(and_(*(table.c[c] == v for c, v in where.items())))
    return [{k: _plain(v) for k, v in row.items()} for row in connection.execute(query).mappings()]


def snapshot(connection, scope: dict | None = None) -> dict[str, dict[str, dict]]:
    """{table: {key as JSON: row with JSON-safe values}} for every tracked table; ``scope`` {table: {column:
    value}} limits a table to the rows an operation can touch (one task's entries, not a hundred thousand)."""
    out = {}
    for table in _tables():
        pk = _pk(table)
        rows = _rows(connection, table, where=(scope or {}).get(table.name))
        out[table.name] = {json.dumps([values[c] for c in pk]): values for values in rows}
    return out


def diff(before: dict, after: dict) -> list[dict]:
    changes = []
    for table in _tables():
        old, new = before.get(table.name, {}), after.get(table.name, {})
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                changes.append({"table": table.name, "key": json.loads(key), "before": old.get(key),
                                "after": new.get(key)})
    return changes


@dataclass
class Recording:
    """Handed to the body of ``operation``: it may refine the summary once it knows the counts."""

    kind: str
    summary: str
    files: list[str]


_active = threading.local()  # per thread: a background import and a click on the window are two operations
_one_at_a_time = threading.RLock()  # so that one operation's rows never include another thread's changes


def recording(db: Database) -> Recording | None:
    """The operation being recorded on ``db`` by this thread, if any."""
    return getattr(_active, "by_db", {}).get(id(db))


def _set_recording(db: Database, rec: Recording | None) -> None:
    if not hasattr(_active, "by_db"):
        _active.by_db = {}
    if rec is None:
        _active.by_db.pop(id(db), None)
    else:
        _active.by_db[id(db)] = rec


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


@contextlib.contextmanager
def operation(db: Database, kind: str, summary: str, scope: dict | None = None):
    """Record the changes made inside the block as one operation (nested blocks join the outer one);
    ``scope``: as for ``snapshot``, the only rows of those tables the block may change."""
    if recording(db) is not None:
        yield recording(db)
        return
    rec = Recording(kind, summary, [])
    with _one_at_a_time:
        with db.engine.connect() as c:
            before = snapshot(c, scope)
        _set_recording(db, rec)
        try:
            yield rec
        finally:
            _set_recording(db, None)
        with db.engine.connect() as c:
            changes = diff(before, snapshot(c, scope))
        if changes:
            with db.session() as s:
                s.add(Operation(at=datetime.now(), user=current_user(), kind=rec.kind, summary=_storable(rec.summary),
                                changes=changes, files=rec.files))


def _storable(text: str) -> str:
    """A file name the OS gave in bytes that are not UTF-8 (kept by Python as surrogates) shown with «�»."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def recorded(kind: str, describe: Callable[..., str], scope: Callable[..., dict] | None = None):
    """Decorate a service ``fn(db, …)``: its changes become one operation summarised by ``describe(db, …)``;
    ``scope(db, …)`` names the rows it can change (see ``snapshot``) when reading whole tables would be slow."""
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(db, *args, **kwargs):
            if recording(db) is not None:
                return fn(db, *args, **kwargs)
            with operation(db, kind, describe(db, *args, **kwargs), scope(db, *args, **kwargs) if scope else None):
                return fn(db, *args, **kwargs)
        return wrapper
    return decorate


def one_task(db: Database, task_id, *_args, **_kwargs) -> dict:
    """The scope of an operation on one task's progress or evidence: its own rows of the large tables."""
    task = {"task_id": int(task_id)}
    return {"progress_entries": task, "evidence_documents": task, "activity_log": task, "tasks": {"id": int(task_id)},
            "task_units": task}


def task_label(db: Database, task_id) -> str:
    """«nhiệm vụ 3» for summaries (the task's number in its plan)."""
    from tthc_desktop.storage.models import Task

    with db.session() as s:
        task = s.get(Task, int(task_id)) if str(task_id).isdigit() else None
        return f"nhiệm vụ {task.number}" if task is not None and task.number else f"nhiệm vụ mã {task_id}"


@contextlib.contextmanager
def unrecorded(db: Database):
    """Changes that start a history rather than belong to one (building the demo database)."""
    previous = recording(db)
    _set_recording(db, Recording("", "", []))
    try:
        yield
    finally:
        _set_recording(db, previous)


def record_restore(db: Database, source, previous) -> None:
    """A restore from a backup replaces the whole file, history included: the restored history says so, and
    where the data of before went (undoing it means restoring that copy, not replaying rows)."""
    where = f"; dữ liệu trước đó được giữ trong «{previous.name}»" if previous is not None else ""
    with db.session() as s:
        s.add(Operation(at=datetime.now(), user=current_user(), kind="restore", changes=[],
                        summary=_storable(f"Khôi phục dữ liệu từ bản sao lưu «{source.name}»{where}"),
                        files=[str(previous)] if previous is not None else []))


# ---------------------------------------------------------------- dependencies
def _key(change: dict) -> tuple[str, str]:
    return change["table"], json.dumps(change["key"])


def _references(change: dict, side: str) -> set[tuple[str, str]]:
    """Rows the ``before``/``after`` row points at through its foreign keys."""
    row = change.get(side)
    if not row:
        return set()
    table = Base.metadata.tables[change["table"]]
    out = set()
    for fk in table.foreign_keys:
        value = row.get(fk.parent.name)
        if value is not None and len(fk.column.table.primary_key.columns) == 1:
            out.add((fk.column.table.name, json.dumps([value])))
    return out


class _Effects:
    def __init__(self, op: Operation):
        changes = op.changes or []
        self.keys = {_key(c) for c in changes}
        self.created = {_key(c) for c in changes if c["before"] is None}
        self.deleted = {_key(c) for c in changes if c["after"] is None}
        self.needs = set().union(*(_references(c, "before") for c in changes)) if changes else set()
        self.points_at = set().union(*(_references(c, "after") for c in changes)) if changes else set()

    def depends_on(self, earlier: "_Effects") -> bool:
        return bool(self.keys & earlier.keys or self.points_at & earlier.created or self.deleted & earlier.needs)


def dependents(s, op: Operation) -> list[Operation]:
    """The later operations, not undone, that depend on ``op``'s effects (directly or through each other)."""
    later = s.scalars(select(Operation).where(Operation.id > op.id, Operation.undone_at.is_(None))
                      .order_by(Operation.id)).all()
    blocking = [_Effects(op)]
    found = []
    for other in later:
        effects = _Effects(other)
        if any(effects.depends_on(b) for b in blocking):
            found.append(other)
            blocking.append(effects)
    return found


def _drifted(connection, op: Operation) -> bool:
    """True when a row the operation left behind is no longer as it left it (changed without the history)."""
    for change in op.changes or []:
        table = Base.metadata.tables[change["table"]]
        found = _rows(connection, table, change["key"])
        now = found[0] if found else None
        if now != change["after"]:
            return True
    return False


def _match(table, key: list):
    return and_(*(c == v for c, v in zip(table.primary_key.columns, key)))


# ---------------------------------------------------------------- listing and undo
def _label(op: Operation) -> str:
    when = f"{format_date(op.at.date())} {op.at:%H:%M}" if op.at else ""
    return f"#{op.id} «{op.summary}» ({when})"


def list_operations(db: Database, limit: int = 200) -> list[dict]:
    """Newest first: [{id, time, kind, summary, user, undoable, undone}]."""
    with db.session() as s:
        ops = s.scalars(select(Operation).order_by(Operation.id.desc()).limit(limit)).all()
        c = s.connection()
        out = []
        for op in ops:
            undoable = (op.kind != "restore" and op.undone_at is None and not dependents(s, op)
                        and not _drifted(c, op))
            out.append({"id": op.id, "time": op.at.isoformat(sep=" ", timespec="seconds") if op.at else None,
                        "kind": op.kind, "kind_label": KIND_LABELS.get(op.kind, op.kind), "summary": op.summary,
                        "user": op.user, "undoable": undoable, "undone": op.undone_at is not None})
    return out


def undo(db: Database, operation_id: int) -> str:
    """Put back the rows as they were before the operation; returns the sentence to show."""
    with db.session() as s:
        op = s.get(Operation, operation_id)
        if op is None:
            raise ValidationError(f"Không có thao tác số {operation_id} trong lịch sử.")
        if op.undone_at is not None:
            raise ValidationError(f"Thao tác {_label(op)} đã được hoàn tác rồi.")
        if op.kind == "restore":
            copy = f"bản sao lưu «{op.files[0]}»" if op.files else "bản sao lưu trước khi khôi phục"
            raise ValidationError(f"Thao tác {_label(op)} thay cả tệp dữ liệu nên không hoàn tác trong lịch sử được; "
                                  f"để quay lại dữ liệu trước đó, hãy khôi phục {copy}.")
        later = dependents(s, op)
        if later:
            names = "; ".join(_label(x) for x in later)
            raise ValidationError(f"Không hoàn tác được thao tác {_label(op)} vì các thao tác sau dựa trên kết quả "
                                  f"của nó: {names}; hãy hoàn tác các thao tác đó trước.")
        c = s.connection()
        if _drifted(c, op):
            raise ValidationError(f"Không hoàn tác được thao tác {_label(op)} vì dữ liệu liên quan đã thay đổi "
                                  "sau đó.")
        _apply_reverse(c, op.changes or [])
        op.undone_at = datetime.now()
        return f"Đã hoàn tác thao tác {_label(op)}."


def _apply_reverse(connection, changes: list[dict]) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")  # rows come back in any order
    order = {t.name: i for i, t in enumerate(_tables())}
    by_order = sorted(changes, key=lambda c: order[c["table"]])
    for change in reversed(by_order):  # created rows go first, children before parents
        if change["before"] is None:
            _write(connection, Base.metadata.tables[change["table"]], "delete", change["key"], None)
    for change in by_order:
        if change["before"] is not None:
            kind = "insert" if change["after"] is None else "update"
            _write(connection, Base.metadata.tables[change["table"]], kind, change["key"], change["before"])


def _write(connection, table, kind: str, key: list, values: dict | None) -> None:
    if connection.dialect.name != "sqlite":
        typed = {k: _typed(table.c[k], v) for k, v in (values or {}).items()}
        statement = {"delete": lambda: delete(table).where(_match(table, key)),
                     "insert": lambda: insert(table).values(**typed),
                     "update": lambda: update(table).where(_match(table, key)).values(**typed)}[kind]()
        connection.execute(statement)
        return
    where = " AND ".join(f'"{c}" = ?' for c in _pk(table))
    if kind == "delete":
        connection.exec_driver_sql(f'DELETE FROM "{table.name}" WHERE {where}', tuple(key))
        return
    names = list(values)
    quoted = [f'"{n}"' for n in names]
    if kind == "insert":
        sql = f'INSERT INTO "{table.name}" ({", ".join(quoted)}) VALUES ({", ".join("?" for _ in names)})'
        connection.exec_driver_sql(sql, tuple(values[n] for n in names))
    else:
        sql = f'UPDATE "{table.name}" SET {", ".join(q + " = ?" for q in quoted)} WHERE {where}'
        connection.exec_driver_sql(sql, tuple(values[n] for n in names) + tuple(key))
