"""A plain DB-API cursor for the few hot read paths, on SQLite or PostgreSQL with the same SQL.

The SQL is written for SQLite (``?`` parameters, ``NOT INDEXED`` hints); on PostgreSQL (pg8000's
``format`` style) the marks become ``%s`` and the SQLite-only hints are dropped. Values come back
as each driver gives them: use ``as_date`` / ``as_datetime`` for date columns.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the start page reads its counts with these helpers before SQLAlchemy is imported
    from sqlalchemy.orm import Session


class RawCursor:
    def __init__(self, session: "Session"):
        connection = session.connection()
        self.server = connection.dialect.name == "postgresql"
        self._cur = connection.connection.driver_connection.cursor()

    def execute(self, sql: str, params=()):
        if self.server:
            sql = sql.replace(" NOT INDEXED", "").replace("?", "%s")
        self._cur.execute(sql, tuple(params))
        return self._cur

    def close(self) -> None:
        self._cur.close()


def as_date(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(value)


def as_datetime(value) -> datetime | None:
    if not value:
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
