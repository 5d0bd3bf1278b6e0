"""Opening the database: refuse newer or damaged files, back up, migrate, then WAL + foreign keys."""
from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tthc_desktop.errors import DatabaseDamagedError, DatabaseLockedError, DatabaseNewerError

log = logging.getLogger(__name__)

# Bump with every migration; stored in PRAGMA user_version so a newer file is recognised
# without reading any table.
SCHEMA_VERSION = 2
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000


LOCKED_MESSAGE = ("Cơ sở dữ liệu đang bị một chương trình khác khóa (có thể một cửa sổ TTHC Desktop khác đang "
                  "ghi); hãy đợi giây lát hoặc đóng chương trình đó rồi thử lại. Thay đổi vừa rồi chưa được lưu.")


def _is_locked(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "locked" in text or "busy" in text


def _read_only_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def inspect_file(path: Path) -> tuple[int, str]:
    """(user_version, quick_check result) read without writing a byte."""
    try:
        with contextlib.closing(_read_only_connection(path)) as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            check = con.execute("PRAGMA quick_check").fetchone()[0]
            return version, check
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseLockedError(
                "Cơ sở dữ liệu đang bị một chương trình khác khóa; hãy đóng chương trình đó rồi thử lại.",
                detail=str(exc),
            ) from exc
        raise DatabaseDamagedError(
            f"Tệp «{path.name}» không phải cơ sở dữ liệu TTHC Desktop hoặc đã bị hỏng.", detail=str(exc)
        ) from exc


def check_openable(path: Path) -> int:
    """Raise if the file is newer than the program or damaged; return its schema version."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    version, check = inspect_file(path)
    if version > SCHEMA_VERSION:
        raise DatabaseNewerError(
            f"Cơ sở dữ liệu «{path.name}» được tạo bởi phiên bản mới hơn của chương trình "
            f"(lược đồ {version}, chương trình hiểu đến {SCHEMA_VERSION}); hãy cập nhật TTHC Desktop. "
            "Tệp không bị thay đổi."
        )
    if check != "ok":
        raise DatabaseDamagedError(
            f"Cơ sở dữ liệu «{path.name}» bị hỏng ({check}); hãy khôi phục từ một bản sao lưu. Tệp không bị thay đổi."
        )
    return version


def _set_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: switching to WAL may itself wait
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def snapshot(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's backup API (safe while another process writes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with contextlib.closing(sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)) as src, contextlib.closing(
        sqlite3.connect(str(tmp))
    ) as dst:
        src.backup(dst)
    tmp.replace(target)
    return target


def _run_migrations(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
        connection.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")


class Database:
    """An open database file: ``session()`` gives a transaction that commits or rolls back whole."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        s = self._sessions()
        try:
            yield s
            s.commit()
        except OperationalError as exc:
            s.rollback()
            if _is_locked(exc):  # another process kept the write lock past BUSY_TIMEOUT_MS
                raise DatabaseLockedError(LOCKED_MESSAGE, detail=str(exc.orig)) from exc
            raise
        except BaseException:
            s.rollback()
            raise
        finally:
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


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if missing) and migrate. Refuses newer or damaged files before writing anything."""
    path = Path(path)
    version = check_openable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if migrate and 0 < version < SCHEMA_VERSION:
        from tthc_desktop.paths import companion_dir

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = companion_dir(path, "backups") / f"{path.stem}-truoc-nang-cap-v{version}-{stamp}.sqlite3"
        snapshot(path, backup)  # a failed copy raises: never migrate without one
        log.info("backed up %s to %s before migrating from schema %s", path, backup, version)
    engine = make_engine(path)
    try:
        if migrate and version < SCHEMA_VERSION:
            _run_migrations(engine)
    except OperationalError as exc:
        engine.dispose()
        if _is_locked(exc):
            raise DatabaseLockedError(LOCKED_MESSAGE, detail=str(exc.orig)) from exc
        raise
    except Exception:
        engine.dispose()
        raise
    return Database(path, engine)
