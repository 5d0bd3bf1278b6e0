"""Who is writing: the server login in server mode, the OS user name on this machine."""
from __future__ import annotations

import getpass
import os


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment (services, containers)
        return os.environ.get("USERNAME") or os.environ.get("USER") or ""


def login_of_url(url) -> str:
    if url is not None and url.get_backend_name() == "postgresql" and url.username:
        return url.username
    return os_user()


def login_of_statement(context) -> str:
    """Column default: SQLAlchemy passes the execution context, which knows the engine's URL."""
    return login_of_url(getattr(getattr(context, "engine", None), "url", None))
