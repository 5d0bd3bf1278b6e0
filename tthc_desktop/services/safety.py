"""Restore, recovery of a damaged database and full integrity checks (used by the CLI and the window)."""
from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tthc_desktop.errors import BadInputError, DatabaseDamagedError, DatabaseLockedError, TthcError
from tthc_desktop.storage import backup as backups
from tthc_desktop.storage.database import check_openable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    previous: Path | None  # the database that was current before, kept as a backup (or set aside)


def full_check(path: Path) -> list[str]:
    """Every problem of ``integrity_check`` and ``foreign_key_check``, read-only; [] when sound."""
    try:
        with contextlib.closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                                timeout=5)) as con:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
            fk = con.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    problems = [] if rows == ["ok"] else rows
    problems += [f"Khóa ngoại hỏng: bảng {r[0]}, dòng {r[1]}" for r in fk]
    return problems


FOREIGN_KEY_PREFIX = "Khóa ngoại hỏng"


def describe_problems(problems: list[str], limit: int = 5) -> list[str]:
    """Lines for the officer: broken foreign keys as they are, SQLite's English integrity lines as a count."""
    keys = [p for p in problems if p.startswith(FOREIGN_KEY_PREFIX)]
    other = len(problems) - len(keys)
    if other:
        log.warning("integrity problems: %s", "; ".join(p for p in problems if not p.startswith(FOREIGN_KEY_PREFIX)))
    return keys[:limit] + ([f"{other} lỗi về cấu trúc tệp (chi tiết ghi trong nhật ký)"] if other else [])


def check_backup_file(source: Path) -> int:
    """Refuse (exit 5) a backup that is empty, not a database, damaged or newer; return its schema version."""
    source = Path(source)
    if not source.is_file():
        raise BadInputError(f"Không tìm thấy tệp sao lưu «{source}».")
    if source.stat().st_size == 0:
        raise DatabaseDamagedError(f"Tệp sao lưu «{source.name}» rỗng; không thể khôi phục từ tệp này.")
    try:
        version = check_openable(source)
    except DatabaseLockedError:
        raise
    problems = full_check(source)
    if problems:
        raise DatabaseDamagedError(
            f"Tệp sao lưu «{source.name}» bị hỏng ({problems[0]}); không thể khôi phục từ tệp này. Không có gì bị thay đổi."
        )
    if version == 0 and not _has_table(source, "alembic_version"):
        raise DatabaseDamagedError(
            f"Tệp «{source.name}» không phải bản sao lưu của TTHC Desktop; không có gì bị thay đổi."
        )
    return version


def _has_table(path: Path, name: str) -> bool:
    with contextlib.closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as con:
        return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


IN_USE_MESSAGE = ("Cơ sở dữ liệu «{name}» đang được mở trong một cửa sổ TTHC Desktop hoặc chương trình khác; "
                  "hãy đóng chương trình đó rồi khôi phục lại. Không có gì bị thay đổi.")


def ensure_not_in_use(db_path: Path, timeout: float = 1.0) -> None:
    """Raise DatabaseLockedError while any other connection has the file open.

    Replacing a database under an open connection loses that program's later writes (POSIX) or
    fails half-way (Windows); an exclusive-mode lock is only granted when nobody else is connected.
    """
    if not Path(db_path).exists():
        return
    try:
        con = sqlite3.connect(str(db_path), timeout=timeout, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        con.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseLockedError(IN_USE_MESSAGE.format(name=Path(db_path).name), detail=str(exc)) from exc
    except sqlite3.DatabaseError:
        pass  # damaged: the caller sets it aside
    finally:
        con.close()


def _companions(db_path: Path) -> list[Path]:
    return [Path(str(db_path) + s) for s in ("-wal", "-shm", "-journal")]


def set_aside(db_path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm) out of the way without writing into it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.hong-{stamp}")
    n = 1
    while aside.exists():
        aside = db_path.with_name(f"{db_path.name}.hong-{stamp}-{n}")
        n += 1
    os.replace(db_path, aside)
    for companion in _companions(db_path):
        if companion.exists():
            os.replace(companion, Path(str(aside) + companion.name[len(db_path.name):]))
    return aside


def _put_in_place(source: Path, db_path: Path) -> None:
    tmp = db_path.with_name(db_path.name + ".khoi-phuc")
    backups.consistent_copy(source, tmp)
    for companion in _companions(db_path):
        companion.unlink(missing_ok=True)
    os.replace(tmp, db_path)


def restore_backup(db_path: Path, source: Path) -> RestoreResult:
    """Back up the current database, then put a checked copy of ``source`` in its place.

    Automatic backups are suspended meanwhile, and ``source`` is never thinned away afterwards.
    The caller must have closed its own connections to ``db_path``.
    """
    db_path, source = Path(db_path), Path(source)
    check_backup_file(source)  # a newer or damaged backup is refused before anything is touched
    if source.resolve() == db_path.resolve():
        raise BadInputError("Không thể khôi phục cơ sở dữ liệu từ chính nó; hãy chọn một tệp sao lưu.")
    ensure_not_in_use(db_path)
    with backups.suspend_auto_backups(db_path):
        previous = None
        if db_path.exists() and db_path.stat().st_size > 0:
            try:
                check_openable(db_path)
                previous = backups.backup_now(db_path, backups.BEFORE_RESTORE)
            except (TthcError, sqlite3.Error, OSError) as exc:
                if isinstance(exc, DatabaseLockedError):
                    raise
                log.warning("current database %s is unreadable (%s); setting it aside", db_path, exc)
                previous = set_aside(db_path)
        if source.parent.resolve() == backups.backup_dir(db_path).resolve():
            backups.protect(db_path, source)
        _put_in_place(source, db_path)
        _record_in_history(db_path, source, previous)
    log.info("restored %s from %s; previous kept at %s", db_path, source, previous)
    return RestoreResult(source, previous)


def _record_in_history(db_path: Path, source: Path, previous: Path | None) -> None:
    from tthc_desktop.services import history
    from tthc_desktop.storage.database import open_database

    db = open_database(db_path)  # migrates a backup from an older version, as opening it next would
    try:
        history.record_restore(db, source, previous)
    finally:
        db.close()


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup that opens, passes the quick check and is not newer than the program."""
    for info in backups.list_backups(db_path):
        if info.size == 0:
            continue
        try:
            check_openable(info.path)
        except TthcError:
            continue
        return info.path
    return None


def recover_from_backup(db_path: Path, source: Path) -> RestoreResult:
    """For a database found damaged: set it aside (renamed, untouched) and restore ``source``."""
    db_path = Path(db_path)
    check_backup_file(source)
    ensure_not_in_use(db_path)
    with backups.suspend_auto_backups(db_path):
        aside = set_aside(db_path) if db_path.exists() else None
        backups.protect(db_path, source)
        _put_in_place(Path(source), db_path)
    log.info("recovered damaged %s from %s; damaged file kept at %s", db_path, source, aside)
    return RestoreResult(Path(source), aside)
