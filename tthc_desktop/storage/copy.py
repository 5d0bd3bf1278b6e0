"""`tthc db copy`: a whole database from SQLite to PostgreSQL or back, verified row by row.

Both ends are opened (and migrated) with the same models, so every table has the same columns.
Rows go in foreign-key order inside ONE destination transaction; before it commits, every
table's count and the checksum of every row are compared with the source, and anything
different rolls the whole copy back. The logical backup of server mode (storage.pg_backup)
uses the same row encoding.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, Table, func, insert, select, text, update
from sqlalchemy.engine import Connection

from tthc_desktop.errors import ValidationError
from tthc_desktop.storage.models import Base

CHUNK = 1000


def tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)  # parents before children


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def encode_row(table: Table, row) -> dict:
    """A row as JSON-ready values (dates as ISO text), keyed by column name."""
    return {c.name: _plain(row._mapping[c]) for c in table.columns}


def decode_row(table: Table, data: dict) -> dict:
    """Back to column values; a column missing from ``data`` (an older export) takes its default."""
    out = {}
    for c in table.columns:
        if c.name not in data:
            continue
        value = data[c.name]
        if isinstance(value, str) and isinstance(c.type, DateTime):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(c.type, Date):
            value = date.fromisoformat(value)
        out[c.name] = value
    return out


def row_checksum(encoded: dict) -> str:
    return hashlib.sha256(json.dumps(encoded, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def read_rows(conn: Connection, table: Table):
    """Every row, in primary-key order, as encoded dicts (streamed)."""
    query = select(table).order_by(*table.primary_key.columns)
    for row in conn.execution_options(yield_per=CHUNK).execute(query):
        yield encode_row(table, row)


def table_digest(conn: Connection, table: Table) -> tuple[int, list[str]]:
    sums = [row_checksum(r) for r in read_rows(conn, table)]
    return len(sums), sums


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def insert_rows(conn: Connection, table: Table, rows) -> int:
    """Insert encoded rows; a column pointing into its own table is filled in afterwards (any row order)."""
    later = _self_references(table)
    stamped = [c.name for c in table.columns if c.onupdate is not None]  # keep updated_at/_by as copied
    pending: list[dict] = []
    batch: list[dict] = []
    count = 0
    for data in rows:
        values = decode_row(table, data)
        if later and any(values[c] is not None for c in later):
            pending.append({c: values[c] for c in later + stamped} | {"_pk": values["id"]})
            values = values | {c: None for c in later}
        batch.append(values)
        count += 1
        if len(batch) >= CHUNK:
            conn.execute(insert(table), batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
    for p in pending:
        conn.execute(update(table).where(table.c.id == p.pop("_pk")).values(**p))
    return count


def reset_sequences(conn: Connection) -> None:
    """PostgreSQL: explicit ids leave the serial sequences behind; move each past the largest id."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement in (True, "auto"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                              f"coalesce((SELECT max(id) FROM \"{table.name}\"), 0) + 1, false)"))


def non_empty_tables(conn: Connection) -> list[str]:
    return [t.name for t in tables() if conn.execute(select(func.count()).select_from(t)).scalar_one()]


@dataclass
class CopyReport:
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def to_json(self) -> dict:
        return {"tables": self.counts, "rows": self.rows, "evidence_files": self.files, "verified": True}


def verify(dest: Connection, expected: dict[str, tuple[int, list[str]]]) -> None:
    """Counts and every row's checksum equal, table by table; otherwise ValidationError (nothing kept)."""
    for table in tables():
        count, sums = table_digest(dest, table)
        want_count, want_sums = expected[table.name]
        if count != want_count:
            raise ValidationError(f"Sao chép không khớp: bảng {table.name} có {count} dòng ở đích, "
                                  f"{want_count} dòng ở nguồn; đích không bị thay đổi.")
        bad = next((i for i, (a, b) in enumerate(zip(sums, want_sums)) if a != b), None)
        if bad is not None:
            raise ValidationError(f"Sao chép không khớp: dòng thứ {bad + 1} của bảng {table.name} khác với nguồn; "
                                  "đích không bị thay đổi.")


def copy_database(source_db, dest_db) -> CopyReport:
    """Copy every table of ``source_db`` into the empty ``dest_db`` (open Database objects)."""
    report = CopyReport()
    with source_db.engine.connect() as src, dest_db.engine.begin() as dst:
        filled = non_empty_tables(dst)
        if filled:
            raise ValidationError(f"Cơ sở dữ liệu đích «{describe(dest_db)}» đã có dữ liệu (bảng "
                                  f"{', '.join(filled[:5])}); chỉ sao chép vào một cơ sở dữ liệu trống.")
        expected = {}
        for table in tables():
            expected[table.name] = table_digest(src, table)
            report.counts[table.name] = insert_rows(dst, table, read_rows(src, table))
        reset_sequences(dst)
        verify(dst, expected)  # inside the transaction: a mismatch rolls everything back
    report.files = _copy_evidence(Path(source_db.path), Path(dest_db.path))
    return report


def _copy_evidence(source_path: Path, dest_path: Path) -> int:
    """Evidence files live beside the database: they go to the destination's folder too."""
    src = source_path.resolve().parent / "evidence"
    dst = dest_path.resolve().parent / "evidence"
    if not src.is_dir() or src == dst:
        return 0
    shutil.copytree(src, dst, dirs_exist_ok=True)
    return sum(1 for p in dst.rglob("*") if p.is_file())


def describe(db) -> str:
    return getattr(db, "name", None) or str(db.path)
