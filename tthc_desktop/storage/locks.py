"""Advisory locks for the writes several officers must not interleave (server mode only).

Imports (plans, unit form files, unit progress sheets) take ``pg_advisory_xact_lock`` inside their
own transaction: two imports run one after the other, and the lock goes with the commit or the
rollback. Finalising a report holds the same key *shared* while it reads: several officers may
build reports at once, but no import changes the figures half-way through one. On SQLite the
single-writer lock already serialises writes, so these do nothing there.
"""
from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator

from sqlalchemy import text

IMPORTS = "tthc:imports"


def key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def _is_server(bind) -> bool:
    return bind.dialect.name == "postgresql"


def in_transaction(session, name: str = IMPORTS) -> None:
    """Wait for, then hold until commit/rollback, the exclusive lock ``name``."""
    if _is_server(session.get_bind()):
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key(name)})


@contextlib.contextmanager
def shared(db, name: str = IMPORTS) -> Iterator[None]:
    """Hold ``name`` shared for the block (a connection of its own, released even on error)."""
    if not _is_server(db.engine):
        yield
        return
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock_shared(:k)"), {"k": key(name)})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock_shared(:k)"), {"k": key(name)})
            conn.commit()
