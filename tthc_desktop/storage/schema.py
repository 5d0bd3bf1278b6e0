"""Is a SQLite file one this program created? Its Alembic revision must be known, and its schema
(tables, columns, foreign keys, indexes, triggers, views) exactly the one our migrations build.

A restore that accepted a foreign file, or a real database with one extra trigger, would break
every later command or delete data on the next write; the user_version alone says nothing.
"""
from __future__ import annotations

import contextlib
import re
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision\s*(?::\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    """Every Alembic revision this program's migrations define."""
    found = set()
    for file in VERSIONS_DIR.glob("*.py"):
        match = _REVISION.search(file.read_text(encoding="utf-8"))
        if match:
            found.add(match[1])
    return frozenset(found)


def stored_revisions(con: sqlite3.Connection) -> list[str] | None:
    """The rows of alembic_version, or None when the table is missing."""
    has = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
    if not has:
        return None
    try:
        return [str(r[0]) for r in con.execute("SELECT version_num FROM alembic_version").fetchall()]
    except sqlite3.DatabaseError:
        return ["?"]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_of(con: sqlite3.Connection) -> dict:
    """A comparable description of every schema object (SQLite's internal tables excluded)."""
    objects = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                          "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
    shape: dict = {}
    for kind, name, table, sql in objects:
        key = (kind, name)
        if kind == "table":
            columns = con.execute(f"PRAGMA table_xinfo({_quote(name)})").fetchall()
            keys = sorted(con.execute(f"PRAGMA foreign_key_list({_quote(name)})").fetchall())
            shape[key] = (tuple(columns), tuple(keys), _normal(sql))
        elif kind == "index":
            info = con.execute(f"PRAGMA index_xinfo({_quote(name)})").fetchall()
            shape[key] = (table, tuple(info), _normal(sql))
        else:  # trigger, view
            shape[key] = (table, _normal(sql))
    return shape


def _normal(sql: str | None) -> str:
    return _SPACE.sub(" ", sql or "").strip()


@lru_cache(maxsize=8)
def reference_schema(revision: str) -> dict:
    """The schema a fresh database migrated to ``revision`` has (built once per process, in a temp folder)."""
    from sqlalchemy import create_engine

    from tthc_desktop.storage.database import run_migrations

    with tempfile.TemporaryDirectory(prefix="tthc-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        engine = create_engine(f"sqlite:///{path}")
        try:
            run_migrations(engine, revision)
        finally:
            engine.dispose()
        with contextlib.closing(sqlite3.connect(path)) as con:
            return schema_of(con)


def schema_problem(con: sqlite3.Connection) -> str:
    """"" when the schema is exactly one our migrations created; else a short Vietnamese reason."""
    revisions = stored_revisions(con)
    if revisions is None:
        return "không có thông tin phiên bản lược đồ của TTHC Desktop"
    if len(revisions) != 1 or revisions[0] not in known_revisions():
        return "phiên bản lược đồ không do chương trình này tạo"
    actual = schema_of(con)
    expected = reference_schema(revisions[0])
    if actual == expected:
        return ""
    extra = sorted(set(actual) - set(expected))
    missing = sorted(set(expected) - set(actual))
    changed = sorted(k for k in set(actual) & set(expected) if actual[k] != expected[k])
    _names = {"table": "bảng", "index": "chỉ mục", "trigger": "trigger", "view": "view"}
    for label, items in (("có thêm", extra), ("thiếu", missing), ("khác cấu trúc ở", changed)):
        if items:
            kind, name = items[0]
            return f"{label} {_names.get(kind, kind)} «{name}» so với lược đồ chương trình tạo ra"
    return "lược đồ khác với lược đồ chương trình tạo ra"
