"""An open PostgreSQL database with the same interface as storage.database.Database."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import Session

from tthc_desktop.storage.database import Database
from tthc_desktop.storage.engines import display_name, translated_faults


class ServerDatabase(Database):
    """``path`` is the local stand-in (logs, outputs, evidence sit beside it); ``url`` is the server."""

    is_server = True

    def __init__(self, url: URL, engine: Engine, path: Path):
        super().__init__(path, engine)
        self.url = url
        self.name = display_name(url)

    @contextlib.contextmanager
    def session(self, *, immediate: bool = False) -> Iterator[Session]:
        # A write that failed half-way is rolled back by the server; the sentence says it was not saved.
        # ``immediate`` is SQLite's write lock taken before reading; on the server, row versions, unique
        # indexes and advisory locks keep concurrent writers apart instead.
        with translated_faults(self.url), super().session() as s:
            yield s

    def quick_check(self) -> str:
        with translated_faults(self.url), self.engine.connect() as c:
            c.execute(text("SELECT 1"))
        return "ok"

    def integrity_check(self) -> list[str]:
        """The server guarantees page integrity and foreign keys; reachable and readable is what we check."""
        from tthc_desktop.storage.models import Base

        problems = []
        with translated_faults(self.url), self.engine.connect() as c:
            for table in Base.metadata.sorted_tables:
                try:
                    c.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
                except Exception as exc:  # noqa: BLE001 - reported, not raised: this is the check
                    problems.append(f"Bảng {table.name}: {exc}")
                    c.rollback()
        return problems
