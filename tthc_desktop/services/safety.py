"""Restore, recovery of a damaged database and full integrity checks (used by the CLI and the window)."""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tthc_desktop.errors import (
    BadInputError, DatabaseDamagedError, DatabaseLockedError, DatabaseNewerError, StorageUnavailableError, TthcError,
)
from tthc_desktop.storage import backup as backups
from tthc_desktop.storage import fs
from tthc_desktop.storage.database import check_openable, storage_error
from tthc_desktop.storage.leftovers import part_name
from tthc_desktop.storage.schema import schema_problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    previous: Path | None  # the database that was current before, kept as a backup (or set aside)


def full_check(path: Path) -> list[str]:
    """Every problem of ``integrity_check`` and ``foreign_key_check``, read-only; [] when sound."""
    immutable = "&immutable=1" if not fs.can_write(Path(path)) else ""  # read-only media have no room for -shm
    try:
        with contextlib.closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro{immutable}", uri=True,
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
    """Refuse (exit 5) a backup that is empty, not a database, damaged, newer, or whose schema is not
    exactly one this program created; return its schema version."""
    source = Path(source)
    if not source.is_file():
        raise BadInputError(f"Không tìm thấy tệp sao lưu «{source}».")
    if source.stat().st_size == 0:
        raise DatabaseDamagedError(f"Tệp sao lưu «{source.name}» rỗng; không thể khôi phục từ tệp này.")
    try:
        version = check_openable(source)
    except StorageUnavailableError as exc:  # a sound file we may not open in place: it is still usable
        raise BadInputError(exc.message, detail=exc.detail) from exc
    problems = full_check(source)
    if problems:
        raise DatabaseDamagedError(
            f"Tệp sao lưu «{source.name}» bị hỏng ({problems[0]}); không thể khôi phục từ tệp này. Không có gì bị thay đổi."
        )
    with contextlib.closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as con:
        problem = schema_problem(con)
    if problem:
        raise DatabaseDamagedError(
            f"Tệp «{source.name}» không phải bản sao lưu do TTHC Desktop tạo ({problem}); không thể khôi phục từ "
            "tệp này. Không có gì bị thay đổi."
        )
    return version


IN_USE_MESSAGE = ("Cơ sở dữ liệu «{name}» đang được mở trong một cửa sổ TTHC Desktop hoặc chương trình khác; "
                  "hãy đóng chương trình đó rồi khôi phục lại. Không có gì bị thay đổi.")


@contextlib.contextmanager
def exclusive_connection(db_path: Path, timeout: float = 1.0):
    """A connection holding the database's exclusive lock until it is closed.

    It is only granted while no other connection has the file open, and it keeps every other
    process out (they wait, then fail cleanly) from the check through the pre-restore backup to
    the replacement: a write can no longer commit in between and be lost.
    """
    con = sqlite3.connect(os.fsencode(db_path), timeout=timeout, isolation_level=None)
    try:
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        con.execute("COMMIT")  # in exclusive locking mode the lock stays until close
    except sqlite3.OperationalError as exc:
        con.close()
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseLockedError(IN_USE_MESSAGE.format(name=Path(db_path).name), detail=str(exc)) from exc
        raise
    try:
        yield con
    finally:
        con.close()


def ensure_not_in_use(db_path: Path, timeout: float = 1.0) -> None:
    """Raise DatabaseLockedError while any other connection has the file open (a damaged file passes)."""
    if not Path(db_path).exists():
        return
    try:
        with exclusive_connection(db_path, timeout):
            pass
    except sqlite3.DatabaseError:
        pass  # damaged: the caller keeps it aside


def _companions(db_path: Path) -> list[Path]:
    return [Path(str(db_path) + s) for s in ("-wal", "-shm", "-journal")]


def _aside_name(db_path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.hong-{stamp}")
    n = 1
    while aside.exists():
        aside = db_path.with_name(f"{db_path.name}.hong-{stamp}-{n}")
        n += 1
    return aside


def keep_aside(db_path: Path) -> Path:
    """Keep a damaged database (and its -wal/-shm) under a new name WITHOUT removing it from its place:
    a hard link (or a copy), so that a kill at any moment still leaves a database where it was."""
    aside = _aside_name(db_path)
    try:
        os.link(db_path, aside)
    except OSError:
        shutil.copy2(db_path, aside)
    for companion in _companions(db_path):
        if companion.exists():
            shutil.copy2(companion, Path(str(aside) + companion.name[len(db_path.name):]))
    return aside


def _replace_damaged(db_path: Path, source: Path) -> Path | None:
    """Put a complete, verified copy of ``source`` where a damaged (or missing) database is."""
    staged = part_name(db_path.with_name(db_path.name + ".khoi-phuc"))
    backups.consistent_copy(source, staged)  # complete and checked before anything is renamed
    try:
        aside = keep_aside(db_path) if db_path.exists() else None
        for companion in _companions(db_path):  # the damaged file's WAL must not replay into the new one
            companion.unlink(missing_ok=True)
        os.replace(staged, db_path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return aside


def _restore_sound(db_path: Path, source: Path) -> Path:
    """Back up the current database and write ``source`` into it, under one exclusive lock.

    The content is written through SQLite's backup API into the live file: one transaction,
    so a kill leaves the old or the new database, and the file is never renamed away.
    """
    with exclusive_connection(db_path) as con:
        previous = backups.copy_from_connection(con, backups.new_backup_path(db_path, backups.BEFORE_RESTORE))
        if source.parent.resolve() == backups.backup_dir(db_path).resolve():
            backups.protect(db_path, source)
        with contextlib.closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src:
            src.backup(con)
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise DatabaseDamagedError(f"Bản khôi phục không qua được kiểm tra ({check}).")
    return previous


def _current_is_sound(db_path: Path) -> bool:
    """False for a damaged current database; a full disk or missing permission is raised (exit 3)."""
    try:
        check_openable(db_path)
    except DatabaseNewerError:
        return True  # sound, only newer: it is backed up like any other
    except DatabaseDamagedError:
        return False
    return True


def _check_room(db_path: Path, source: Path) -> None:
    if not fs.can_write(db_path):
        raise StorageUnavailableError(fs.READ_ONLY_MESSAGE.format(name=db_path.name) + " Không có gì bị thay đổi.")
    needed = source.stat().st_size + (db_path.stat().st_size if db_path.exists() else 0) + 1024 * 1024
    free = fs.free_bytes(db_path.resolve().parent)
    if free is not None and free < needed:
        raise StorageUnavailableError(
            f"Ổ đĩa đã đầy: khôi phục cần khoảng {needed // (1024 * 1024) + 1} MB trống (bản sao lưu cơ sở dữ liệu "
            f"hiện tại và bản khôi phục) nhưng chỉ còn {free // (1024 * 1024)} MB; không có gì bị thay đổi, hãy "
            "giải phóng chỗ trống rồi thử lại.")


@contextlib.contextmanager
def _storage_guard(db_path: Path):
    """Disk full / permission failures during a restore become one sentence (exit 3)."""
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        mapped = storage_error(db_path, exc)
        if mapped is None:
            raise
        mapped.message = mapped.message.rstrip(".") + "; cơ sở dữ liệu hiện tại vẫn nguyên như trước."
        raise mapped from exc


def restore_backup(db_path: Path, source: Path) -> RestoreResult:
    """Back up the current database, then put a checked copy of ``source`` in its place.

    Automatic backups are suspended meanwhile, and ``source`` is never thinned away afterwards.
    The caller must have closed its own connections to ``db_path``.
    """
    db_path, source = Path(db_path), Path(source)
    check_backup_file(source)  # a newer, damaged or foreign backup is refused before anything is touched
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise BadInputError("Không thể khôi phục cơ sở dữ liệu từ chính nó; hãy chọn một tệp sao lưu.")
    with _storage_guard(db_path):
        _check_room(db_path, source)
        sound = db_path.exists() and db_path.stat().st_size > 0 and _current_is_sound(db_path)
        if not sound:
            ensure_not_in_use(db_path)
        with backups.suspend_auto_backups(db_path):
            if sound:
                previous = _restore_sound(db_path, source)
            else:
                if db_path.exists():
                    log.warning("current database %s is damaged; keeping it aside", db_path)
                if source.parent.resolve() == backups.backup_dir(db_path).resolve():
                    backups.protect(db_path, source)
                previous = _replace_damaged(db_path, source)
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
    """The newest backup that passes every check of ``check_backup_file``."""
    for info in backups.list_backups(db_path):
        if info.size == 0:
            continue
        try:
            check_backup_file(info.path)
        except TthcError:
            continue
        return info.path
    return None


def recover_from_backup(db_path: Path, source: Path) -> RestoreResult:
    """For a database found damaged (or missing): keep it aside, untouched, and restore ``source``."""
    db_path = Path(db_path)
    check_backup_file(source)
    with _storage_guard(db_path):
        _check_room(db_path, Path(source))
        ensure_not_in_use(db_path)
        with backups.suspend_auto_backups(db_path):
            backups.protect(db_path, source)
            aside = _replace_damaged(db_path, Path(source))
    log.info("recovered damaged %s from %s; damaged file kept at %s", db_path, source, aside)
    return RestoreResult(Path(source), aside)
