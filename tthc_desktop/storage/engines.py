"""Server mode: a SQLAlchemy URL instead of a file, the same models and Alembic history on PostgreSQL.

``--db`` / ``TTHC_DB`` take either a SQLite path or ``postgresql+pg8000://user[:pw]@host[:port]/db``.
Everything a server database keeps on disk (logs, outputs, evidence, backups) lives in a local
folder named after the server and database, so ``companion_dir(db.path, …)`` works unchanged.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from tthc_desktop.errors import DatabaseNewerError, ServerConnectError, UsageError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10
MIGRATION_LOCK_KEY = 0x77686331  # pg_advisory_xact_lock key: one migrating process at a time
LOST_MESSAGE = ("Mất kết nối tới máy chủ cơ sở dữ liệu; thay đổi vừa rồi chưa được lưu. "
                "Hãy kiểm tra mạng rồi thử lại (chương trình tự kết nối lại ở thao tác sau).")


def is_server_url(target) -> bool:
    return isinstance(target, str) and bool(re.match(r"^postgres(ql)?(\+\w+)?://", target.strip()))


def parse_server_url(target: str) -> URL:
    """Only pg8000 (pure Python, BSD): ``postgresql://`` is read as ``postgresql+pg8000://``."""
    try:
        url = make_url(target.strip())
    except ArgumentError as exc:
        raise UsageError(f"Địa chỉ máy chủ «{target}» không đúng dạng postgresql+pg8000://người_dùng@máy:cổng/tên_csdl.",
                         detail=str(exc)) from exc
    if url.get_backend_name() != "postgresql" or url.get_driver_name() not in ("pg8000", "psycopg2", ""):
        raise UsageError(f"Chỉ hỗ trợ máy chủ PostgreSQL qua pg8000 (postgresql+pg8000://…), không dùng được «{target}».")
    url = url.set(drivername="postgresql+pg8000")
    if not url.host or not url.database:
        raise UsageError("Địa chỉ máy chủ cần có tên máy và tên cơ sở dữ liệu: postgresql+pg8000://người_dùng@máy/tên_csdl.")
    return url


def display_name(url: URL) -> str:
    """host:port/db, never the password."""
    return f"{url.host}:{url.port or 5432}/{url.database}"


def resolve_target(cli_value: str | os.PathLike | None = None) -> str | Path:
    """--db, then TTHC_DB, then the per-user file; a URL stays a string (Path would eat its '//')."""
    from tthc_desktop.paths import resolve_db_path

    for value in (cli_value, os.environ.get("TTHC_DB")):
        if value and is_server_url(str(value)):
            return str(value).strip()
        if value:
            break
    return resolve_db_path(cli_value)


def local_path(target: str | Path) -> Path:
    """A SQLite file is its own path; a server gets a stand-in path in the data folder (files beside it)."""
    if not is_server_url(str(target)):
        return Path(target)
    from tthc_desktop.paths import data_dir

    url = parse_server_url(str(target))
    name = re.sub(r"[^\w.-]+", "_", f"{url.host}-{url.port or 5432}-{url.database}")
    folder = data_dir() / "may-chu" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{url.database}.may-chu"


def _pg_code(exc: BaseException) -> str:
    arg = exc.args[0] if exc.args else None
    return arg.get("C", "") if isinstance(arg, dict) else ""


def connect_error(exc: BaseException, url: URL) -> ServerConnectError:
    """One sentence per cause: wrong password, unknown host, refused, no database, lost connection."""
    orig = getattr(exc, "orig", exc)
    cause = orig.__cause__ or orig.__context__
    code = _pg_code(orig)
    where = f"«{url.host}:{url.port or 5432}»"
    if code in ("28P01", "28000"):
        msg = f"Máy chủ {where} từ chối đăng nhập: sai tên người dùng «{url.username}» hoặc mật khẩu."
    elif code == "3D000":
        msg = f"Máy chủ {where} không có cơ sở dữ liệu «{url.database}»; hãy nhờ bộ phận CNTT tạo trước."
    elif cause is not None and "gaierror" in type(cause).__name__:
        msg = f"Không tìm thấy máy chủ «{url.host}»; hãy kiểm tra tên máy chủ và kết nối mạng."
    elif isinstance(cause, ConnectionRefusedError):
        msg = f"Máy chủ {where} không nhận kết nối; hãy kiểm tra cổng và xem máy chủ PostgreSQL có đang chạy không."
    elif isinstance(cause, TimeoutError) or "timeout" in str(orig).lower() and "can't create" in str(orig).lower():
        msg = f"Máy chủ {where} không trả lời sau {CONNECT_TIMEOUT_S} giây; hãy kiểm tra kết nối mạng."
    else:
        msg = LOST_MESSAGE
    return ServerConnectError(msg, detail=str(orig))


def is_connection_failure(exc: BaseException) -> bool:
    """The server or the network went away (not a constraint or SQL error)."""
    if isinstance(exc, (ConnectionError, TimeoutError)):  # pg8000 lets a reset socket through as it is
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        orig = exc.orig
    else:
        orig = exc
    import pg8000.exceptions as pge

    if isinstance(orig, pge.InterfaceError):
        return True
    return _pg_code(orig).startswith(("08", "57P"))  # connection exception, admin shutdown


def user_error_for(exc: BaseException, target) -> ServerConnectError | None:
    """A connection failure of a server database as its one sentence (None for anything else)."""
    if not is_server_url(str(target or "")) or not is_connection_failure(exc):
        return None
    return connect_error(exc, parse_server_url(str(target)))


def _mark_disconnects(context) -> None:
    """pg8000's own test misses "terminating connection" (57P…) and some socket errors: without this the
    dead connection would go back to the pool and the session's closing rollback would fail again."""
    if not context.is_disconnect and is_connection_failure(context.original_exception):
        context.is_disconnect = True


def make_server_engine(url: URL) -> Engine:
    # pool_pre_ping: after the server came back, the next action reconnects instead of failing again.
    engine = create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4,
                           connect_args={"timeout": CONNECT_TIMEOUT_S, "application_name": "TTHC Desktop"})
    event.listen(engine, "handle_error", _mark_disconnects)
    return engine


def known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tthc_desktop.storage.database import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}


def server_revision(connection) -> str | None:
    exists = connection.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar_one()
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() if exists else None


def _migrate(engine: Engine, url: URL, migrate: bool) -> None:
    from alembic import command
    from alembic.config import Config

    from tthc_desktop.storage.database import MIGRATIONS_DIR

    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        revision = server_revision(connection)
        if revision is not None and revision not in known_revisions():
            raise DatabaseNewerError(
                f"Cơ sở dữ liệu «{display_name(url)}» trên máy chủ được tạo bởi phiên bản mới hơn của chương trình "
                f"(lược đồ {revision}); hãy cập nhật TTHC Desktop. Dữ liệu không bị thay đổi.")
        if not migrate:
            return
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def open_server_database(target: str, *, migrate: bool = True):
    """Connect, refuse a newer schema (exit 5), migrate under an advisory lock; connection faults exit 3."""
    from tthc_desktop.storage.server_database import ServerDatabase

    url = parse_server_url(target)
    engine = make_server_engine(url)
    try:
        _migrate(engine, url, migrate)
    except DBAPIError as exc:
        engine.dispose()
        raise connect_error(exc, url) from exc
    except BaseException:
        engine.dispose()
        raise
    return ServerDatabase(url, engine, local_path(target))


def server_version(target: str) -> str:
    """«Kiểm tra kết nối»: the server's version string, or a ServerConnectError sentence."""
    url = parse_server_url(target)
    engine = make_server_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(text("SHOW server_version")).scalar_one()
    except DBAPIError as exc:
        raise connect_error(exc, url) from exc
    finally:
        engine.dispose()


@contextlib.contextmanager
def translated_faults(url: URL) -> Iterator[None]:
    """Connection loss becomes one sentence (exit 3), whatever statement it interrupted."""
    try:
        yield
    except (DBAPIError, ConnectionError, TimeoutError) as exc:
        if is_connection_failure(exc):
            raise connect_error(exc, url) from exc
        raise
