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
