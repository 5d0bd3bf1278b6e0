"""Opening the database: refuse newer or damaged files, back up, migrate, then WAL + foreign keys.

A sound file the disk cannot give room or permission for is not "damaged": that is a sentence
(exit 3) and nothing is moved; on read-only media the file is opened immutable for reading.
A missing file is created only where the folder shows no sign of an earlier database.
"""
from __future__ import annotations

import contextlib
import glob
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from tthc_desktop.errors import (
    BadInputError, DatabaseDamagedError, DatabaseLockedError, DatabaseMissingError, DatabaseNewerError,
    StorageUnavailableError, TthcError,
)
from tthc_desktop.storage import fs
from tthc_desktop.storage.schema import known_revisions, stored_revisions

log = logging.getLogger(__name__)

# Bump with every migration; stored in PRAGMA user_version so a newer file is recognised
# without reading any table.
SCHEMA_VERSION = 6
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000


LOCKED_MESSAGE = ("Cơ sở dữ liệu đang bị một chương trình khác khóa (có thể một cửa sổ TTHC Desktop khác đang "
                  "ghi); hãy đợi giây lát hoặc đóng chương trình đó rồi thử lại. Thay đổi vừa rồi chưa được lưu.")


def _is_locked(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "locked" in text or "busy" in text


def _uri(path: Path, *, immutable: bool = False) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def _read_only_connection(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(_uri(path, immutable=immutable), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def unavailable_message(path: Path, exc: BaseException | None = None) -> str:
    """Why a sound file cannot be opened or written: a full disk, or no permission."""
    free = fs.free_bytes(Path(path).resolve().parent)
    if fs.is_disk_full(exc) or (free is not None and free < 1024 * 1024):
        return (f"Không mở được cơ sở dữ liệu «{Path(path).name}» vì ổ đĩa đã đầy (SQLite cần chỗ cho tệp tạm bên "
                "cạnh); tệp không hỏng và không bị thay đổi, hãy giải phóng chỗ trống rồi thử lại.")
    return (f"Không mở được cơ sở dữ liệu «{Path(path).name}» vì không có quyền ghi vào tệp hoặc thư mục chứa nó; "
            "tệp không hỏng và không bị thay đổi, hãy kiểm tra quyền truy cập rồi thử lại.")


def inspect_file(path: Path, *, immutable: bool = False) -> tuple[int, str, list[str] | None]:
    """(user_version, quick_check result, Alembic revisions) read without writing a byte."""
    try:
        with contextlib.closing(_read_only_connection(path, immutable=immutable)) as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            check = con.execute("PRAGMA quick_check").fetchone()[0]
            return version, check, stored_revisions(con)
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseLockedError(
                "Cơ sở dữ liệu đang bị một chương trình khác khóa; hãy đóng chương trình đó rồi thử lại.",
                detail=str(exc),
            ) from exc
        if not immutable and _is_sqlite_file(path):
            # Opening a WAL file needs room and permission for its -shm: read the file itself to tell.
            try:
                sound = inspect_file(path, immutable=True)[1] == "ok"
            except TthcError:
                sound = False
            if sound:
                raise StorageUnavailableError(unavailable_message(path, exc), detail=str(exc)) from exc
        raise DatabaseDamagedError(
            f"Tệp «{path.name}» không phải cơ sở dữ liệu TTHC Desktop hoặc đã bị hỏng.", detail=str(exc)
        ) from exc


def _refuse_special(path: Path) -> None:
    if path.exists() and not path.is_file():
        raise BadInputError(f"«{path}» không phải tệp cơ sở dữ liệu (là thư mục hoặc tệp đặc biệt); "
                            "hãy chọn một tệp .sqlite3.")


def check_openable(path: Path) -> int:
    """Raise if the file is newer than the program or damaged; return its schema version."""
    path = Path(path)
    _refuse_special(path)
    if not path.exists() or path.stat().st_size == 0:
        return 0
    version, check, revisions = inspect_file(path, immutable=not fs.can_write(path))
    unknown = [r for r in revisions or () if r not in known_revisions()]
    if version > SCHEMA_VERSION or unknown:
        raise DatabaseNewerError(
            f"Cơ sở dữ liệu «{path.name}» được tạo bởi phiên bản mới hơn của chương trình "
            f"(lược đồ {unknown[0] if unknown else version}, chương trình hiểu đến {SCHEMA_VERSION}); "
            "hãy cập nhật TTHC Desktop. Tệp không bị thay đổi."
        )
    if check != "ok":
        raise DatabaseDamagedError(
            f"Cơ sở dữ liệu «{path.name}» bị hỏng ({check}); hãy khôi phục từ một bản sao lưu. Tệp không bị thay đổi."
        )
    return version


def signs_of_earlier_use(path: Path) -> list[Path]:
    """Files that show a database lived at ``path`` before: its backups, a set-aside copy, its WAL, a
    restore's temporary file. (Not logs or evidence/: every first command writes a log, and databases
    sharing a folder share evidence/.)"""
    path = Path(path)
    folder = path.resolve().parent
    found = [p for p in (Path(str(path) + "-wal"),) if p.exists()]
    name, stem = glob.escape(path.name), glob.escape(path.stem)
    found += sorted(folder.glob(f"{name}.hong-*")) + sorted(folder.glob(f"{name}.khoi-phuc*"))
    backups = folder / "backups"
    if backups.is_dir():
        found += sorted(backups.glob(f"{stem}-*.sqlite3"), reverse=True)
    return found


def refuse_missing(path: Path) -> None:
    """Never create an empty database where one existed: say so and point at the recovery."""
    signs = signs_of_earlier_use(path)
    if not signs:
        return
    backups = [p for p in signs if p.suffix == ".sqlite3" and p.parent.name == "backups"]
    hint = (f"hãy khôi phục từ bản sao lưu mới nhất («tthc restore \"{backups[0]}\"» hoặc mục Khôi phục trong "
            "cửa sổ)") if backups else f"hãy khôi phục từ «{signs[0].name}» hoặc một bản sao lưu"
    raise DatabaseMissingError(
        f"Không thấy cơ sở dữ liệu «{path.name}» dù thư mục dữ liệu cho thấy nó đã được dùng ({signs[0].name}); "
        f"chương trình không tự tạo cơ sở dữ liệu trống thay thế, {hint}.",
        detail=", ".join(str(p) for p in signs[:5]),
    )


def _set_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: switching to WAL may itself wait
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _set_read_only_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    # The DB-API connection is made from the file system's bytes: a non-UTF-8 file name still opens.
    if read_only:
        uri = _uri(path, immutable=True)
        connect = lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)  # noqa: E731
    else:
        name = os.fsencode(Path(path))
        connect = lambda: sqlite3.connect(name, check_same_thread=False)  # noqa: E731
    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, future=True)
    event.listen(engine, "connect", _set_read_only_pragmas if read_only else _set_pragmas)
    return engine


def snapshot(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's backup API (safe while another process writes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.part")
    with contextlib.closing(sqlite3.connect(os.fsencode(source), timeout=BUSY_TIMEOUT_MS / 1000)) as src, \
            contextlib.closing(sqlite3.connect(os.fsencode(tmp))) as dst:
        src.backup(dst)
    tmp.replace(target)
    return target


def run_migrations(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        if revision == "head":
            connection.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")


def storage_error(path: Path, exc: BaseException) -> TthcError | None:
    """The sentence for a failed write that is not the program's fault: locked, disk full, read-only."""
    if _is_locked(exc):
        return DatabaseLockedError(LOCKED_MESSAGE, detail=str(getattr(exc, "orig", exc)))
    if fs.is_disk_full(exc):
        return StorageUnavailableError(fs.DISK_FULL_MESSAGE, detail=str(getattr(exc, "orig", exc)))
    if fs.database_refused_write(exc):
        return StorageUnavailableError(fs.READ_ONLY_MESSAGE.format(name=Path(path).name),
                                       detail=str(getattr(exc, "orig", exc)))
    denied = fs.denied_file(exc)
    if denied is not None:
        return StorageUnavailableError(f"Không ghi hoặc đọc được «{Path(denied).name or denied}»: ổ chỉ đọc hoặc không có "
                                       "quyền ghi; hãy chọn nơi khác hoặc kiểm tra quyền truy cập.", detail=str(exc))
    return None


class Database:
    """An open database file: ``session()`` gives a transaction that commits or rolls back whole."""

    is_server = False  # storage.server_database.ServerDatabase: the same interface on PostgreSQL

    def __init__(self, path: Path, engine: Engine, *, read_only: bool = False):
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self.notices: list[str] = []  # warnings for the officer (read-only medium, network drive)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self, *, immediate: bool = False) -> Iterator[Session]:
        """``immediate``: take the write lock before the first read (read-then-write races)."""
        s = self._sessions()
        try:
            if immediate:
                if self.read_only:
                    raise StorageUnavailableError(fs.READ_ONLY_MESSAGE.format(name=self.path.name))
                s.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield s
            s.commit()
        except (DBAPIError, sqlite3.Error, OSError) as exc:
            with contextlib.suppress(Exception):  # on a full disk the rollback may fail too
                s.rollback()
            mapped = storage_error(self.path, exc)
            if mapped is not None:
                raise mapped from exc
            raise
        except BaseException:
            with contextlib.suppress(Exception):
                s.rollback()
            raise
        finally:
            with contextlib.suppress(Exception):
                s.close()

    def read_session(self) -> Session:
        return self._sessions()

    def quick_check(self) -> str:
        with self.engine.connect() as c:
            return c.exec_driver_sql("PRAGMA quick_check").scalar_one()

    def integrity_check(self) -> list[str]:
        with self.engine.connect() as c:
            rows = [r[0] for r in c.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            fk = c.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        problems = [] if rows == ["ok"] else rows
        problems += [f"Khóa ngoại hỏng: bảng {r[0]}, dòng {r[1]}" for r in fk]
        return problems

    def close(self) -> None:
        self.engine.dispose()


_announced: set[str] = set()


def _announce(path: Path, db: Database) -> None:
    """Once per file and process: the SQLite version in the log, a warning for a network drive."""
    if fs.is_network_path(path):
        db.notices.append(fs.NETWORK_MESSAGE.format(name=path.name))
    key = str(path)
    if key not in _announced:
        _announced.add(key)
        log.info("opened %s with SQLite %s%s", path, sqlite3.sqlite_version, " (read-only)" if db.read_only else "")
        for notice in db.notices:
            log.warning("%s", notice)


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if missing) and migrate. Refuses newer or damaged files before writing anything."""
    from tthc_desktop.storage.engines import is_server_url, open_server_database

    if is_server_url(path):  # server mode (issue 17): a postgresql+pg8000:// URL
        return open_server_database(str(path), migrate=migrate)
    from tthc_desktop.storage.network_paths import refuse_network_write

    refuse_network_write(path)  # issue 17: never write SQLite over SMB/NFS
    path = Path(path)
    _refuse_special(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists:
        refuse_missing(path)
        folder = path.resolve().parent
        if folder.is_dir() and not fs.can_write(path):
            raise StorageUnavailableError(f"Không tạo được cơ sở dữ liệu «{path.name}»: thư mục «{folder}» chỉ đọc "
                                          "hoặc không có quyền ghi; hãy chọn thư mục khác.")
    version = check_openable(path)
    if exists and not fs.can_write(path):
        if migrate and version < SCHEMA_VERSION:
            raise StorageUnavailableError(
                f"Cơ sở dữ liệu «{path.name}» cần được nâng cấp cho phiên bản này nhưng nằm ở nơi chỉ đọc; "
                "hãy chép tệp sang thư mục ghi được rồi mở lại. Tệp không bị thay đổi.")
        db = Database(path, make_engine(path, read_only=True), read_only=True)
        db.notices.append(fs.READ_ONLY_MESSAGE.format(name=path.name))
        _announce(path, db)
        return db
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from tthc_desktop.storage.leftovers import clean_leftovers

        clean_leftovers(path)
        if migrate and 0 < version < SCHEMA_VERSION:
            from tthc_desktop.paths import companion_dir

            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = companion_dir(path, "backups") / f"{path.stem}-truoc-nang-cap-v{version}-{stamp}.sqlite3"
            snapshot(path, backup)  # a failed copy raises: never migrate without one
            log.info("backed up %s to %s before migrating from schema %s", path, backup, version)
    except (OSError, sqlite3.Error) as exc:
        mapped = storage_error(path, exc)
        raise (mapped or StorageUnavailableError(unavailable_message(path, exc), detail=str(exc))) from exc
    engine = make_engine(path)
    try:
        if migrate and version < SCHEMA_VERSION:
            run_migrations(engine)
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        engine.dispose()
        mapped = storage_error(path, exc)
        if mapped is not None:
            raise mapped from exc
        raise
    except Exception:
        engine.dispose()
        raise
    db = Database(path, engine)
    _announce(path, db)
    return db
