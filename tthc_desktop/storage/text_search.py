"""Vietnamese text on both engines, behind one function: accent-insensitive search and dictionary order.

SQLite: the program's own ``fold`` registered as an SQL function, and its own ``sort_key`` in Python.
PostgreSQL: ``lower(unaccent(…))`` (the unaccent extension, created when the login may) and the ICU
collation ``vi-x-icu``; a server without them gets the same Python fold/sort, so the answer is
the same everywhere, only slower.
"""
from __future__ import annotations

import logging
import weakref

from sqlalchemy import func, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from tthc_desktop.domain.text import fold, sort_key

log = logging.getLogger(__name__)

ICU_COLLATION = "vi-x-icu"
_features: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> (unaccent, vi-x-icu)


def _server_features(session: Session) -> tuple[bool, bool]:
    """(unaccent usable, vi-x-icu present), looked up once per engine."""
    engine = session.get_bind()
    known = _features.get(engine)
    if known is None:
        with engine.connect() as c:
            has_unaccent = bool(c.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")).scalar())
            if not has_unaccent:
                try:
                    c.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
                    c.commit()
                    has_unaccent = True
                except Exception as exc:  # noqa: BLE001 - not installed or not allowed: fold in Python
                    c.rollback()
                    log.info("unaccent unavailable (%s); folding in Python", exc)
            has_icu = bool(c.execute(text("SELECT 1 FROM pg_collation WHERE collname = :n"),
                                     {"n": ICU_COLLATION}).scalar())
        known = _features[engine] = (has_unaccent, has_icu)
    return known


def _sqlite_ready(session: Session) -> None:
    """The program's fold as SQL function ``tthc_fold`` on this session's own connection (cheap, idempotent)."""
    session.connection().connection.driver_connection.create_function("tthc_fold", 1, fold, deterministic=True)


def find(session: Session, column: InstrumentedAttribute, needle: str = "", *, where=()) -> list:
    """Rows of ``column``'s entity whose ``column`` contains ``needle`` ignoring accents and case
    (all rows for an empty needle), in Vietnamese dictionary order of ``column``."""
    entity = column.class_
    query = select(entity).where(*where)
    folded = fold(needle)
    server = session.get_bind().dialect.name == "postgresql"
    if server:
        has_unaccent, has_icu = _server_features(session)
        if folded and has_unaccent:
            query = query.where(func.lower(func.unaccent(column)).contains(folded, autoescape=True))
            folded = ""
        if has_icu:
            query = query.order_by(column.collate(ICU_COLLATION), entity.id)
            rows = list(session.scalars(query))
            return [r for r in rows if not folded or folded in fold(getattr(r, column.key))]
    elif folded:
        _sqlite_ready(session)
        query = query.where(func.tthc_fold(column).contains(folded, autoescape=True))
        folded = ""
    rows = [r for r in session.scalars(query) if not folded or folded in fold(getattr(r, column.key))]
    return sorted(rows, key=lambda r: sort_key(getattr(r, column.key)))
