"""Server mode for the faces (CLI and window): copy between modes, check a connection, who is writing."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.errors import BadInputError
from tthc_desktop.storage.engines import is_server_url, server_version
from tthc_desktop.storage.who import login_of_url


def current_user(db=None) -> str:
    """Who does what (history, conflict messages): the server login in server mode, else the OS user."""
    return login_of_url(db.engine.url if db is not None else None)


def check_connection(target: str) -> str:
    """«Kiểm tra kết nối»: the server's version, or a ServerConnectError with one sentence."""
    return server_version(target)


def _open_source(target: str):
    from tthc_desktop.storage.database import open_database

    if not is_server_url(target) and not Path(target).is_file():
        raise BadInputError(f"Không tìm thấy cơ sở dữ liệu nguồn «{target}».")
    return open_database(target)


def copy_between(source: str, dest: str):
    """The whole database from ``source`` into the empty ``dest`` (file or URL), verified; returns a CopyReport."""
    from tthc_desktop.storage.copy import copy_database
    from tthc_desktop.storage.database import open_database

    src = _open_source(source)
    try:
        dst = open_database(dest)
        try:
            return copy_database(src, dst)
        finally:
            dst.close()
    finally:
        src.close()


def known_fault(exc: BaseException):
    """The one-sentence error for a server fault that escaped as a driver error (None for anything else)."""
    from sqlalchemy.exc import DBAPIError

    from tthc_desktop.errors import ServerConnectError
    from tthc_desktop.storage.engines import LOST_MESSAGE, is_connection_failure

    if isinstance(exc, DBAPIError) and is_connection_failure(exc):
        return ServerConnectError(LOST_MESSAGE, detail=str(exc.orig))
    if isinstance(exc, ConnectionError) and any(getattr(frame, "tb_frame", None) and "pg8000" in
                                                frame.tb_frame.f_code.co_filename for frame in _frames(exc)):
        return ServerConnectError(LOST_MESSAGE, detail=str(exc))  # pg8000 let a reset socket through as it is
    return None


def _frames(exc: BaseException):
    tb = exc.__traceback__
    while tb is not None:
        yield tb
        tb = tb.tb_next


# --- the connection dialog: URLs and the credential store ------------------------------------------

KEYRING_SERVICE = "TTHC Desktop"


def build_url(host: str, port: int, database: str, user: str, password: str = "") -> str:
    from sqlalchemy.engine import URL

    url = URL.create("postgresql+pg8000", username=user.strip() or None, password=password or None,
                     host=host.strip(), port=int(port), database=database.strip())
    return url.render_as_string(hide_password=False)


def describe(target) -> str:
    """What the window's title and dialogs show: host:port/db for a server (never the password), else the file."""
    from tthc_desktop.storage.engines import display_name, parse_server_url

    return display_name(parse_server_url(str(target))) if is_server_url(str(target)) else Path(target).name


def _account(host: str, port: int, database: str, user: str) -> str:
    return f"{user}@{host}:{port}/{database}"


def stored_password(host: str, port: int, database: str, user: str) -> str:
    """The password kept in the Windows credential store (keyring), or "" (none, or no store here)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, _account(host, port, database, user)) or ""
    except Exception:  # noqa: BLE001 - no credential store on this machine: ask each time
        return ""


def store_password(host: str, port: int, database: str, user: str, password: str | None) -> bool:
    """Keep (or with None forget) the password; False when this machine has no credential store."""
    try:
        import keyring

        account = _account(host, port, database, user)
        if password is None:
            try:
                keyring.delete_password(KEYRING_SERVICE, account)
            except keyring.errors.PasswordDeleteError:
                pass
        else:
            keyring.set_password(KEYRING_SERVICE, account, password)
        return True
    except Exception:  # noqa: BLE001 - reported to the officer as "will be asked each time"
        return False


def with_stored_password(target: str) -> str:
    """A server URL without a password gets the stored one, if any."""
    if not is_server_url(target):
        return target
    from tthc_desktop.storage.engines import parse_server_url

    url = parse_server_url(target)
    if url.password:
        return target
    password = stored_password(url.host, url.port or 5432, url.database, url.username or "")
    return url.set(password=password).render_as_string(hide_password=False) if password else target


def resolve_target(cli_value=None):
    """--db (a file or a URL), else TTHC_DB, else the per-user file; with its local folder path."""
    from tthc_desktop.storage.engines import local_path, resolve_target as resolve

    target = resolve(cli_value)
    return target, local_path(target)


def backup_database(db) -> Path:
    """«Sao lưu ngay» on either engine: a SQLite snapshot, or pg_dump / the logical export on a server."""
    if getattr(db, "is_server", False):
        from tthc_desktop.storage.pg_backup import backup_server

        return backup_server(db)
    from tthc_desktop.storage.backup import backup_now

    return backup_now(db.path)


def backups_of(db) -> list:
    """The backups a restore can choose from (storage.backup.BackupInfo), newest first, on either engine."""
    if getattr(db, "is_server", False):
        from tthc_desktop.storage.pg_backup import server_backup_infos

        return server_backup_infos(db.path)
    from tthc_desktop.storage.backup import list_backups

    return list_backups(db.path)


def check_backup(db, source: Path) -> None:
    """Refuse a file the restore could not use, before anything is closed or changed."""
    if getattr(db, "is_server", False):
        from tthc_desktop.storage.pg_backup import check_server_backup

        check_server_backup(source)
        return
    from tthc_desktop.services.safety import check_backup_file

    check_backup_file(source)


def restore_database(db, source: Path):
    """Replace the data with ``source`` (the current data backed up first): a SQLite file under an exclusive
    lock (``db`` is closed first and must be opened again), or every table on the server in one transaction
    (``db`` stays usable). Returns safety.RestoreResult."""
    from tthc_desktop.services.safety import RestoreResult, restore_backup

    if getattr(db, "is_server", False):
        from tthc_desktop.storage.pg_backup import restore_server

        return RestoreResult(Path(source), restore_server(db, Path(source)))
    db.close()  # the engine reconnects on demand if the restore fails
    return restore_backup(db.path, Path(source))


def open_target(target):
    from tthc_desktop.storage.database import open_database

    return open_database(with_stored_password(str(target)) if is_server_url(str(target)) else target)
