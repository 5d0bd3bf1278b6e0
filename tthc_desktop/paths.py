"""Where things live: the per-user data directory and the bundled resources/forms."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "TTHC Desktop"
APP_AUTHOR = "TTHC"
_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """appdirs' per-user data directory (%LOCALAPPDATA% on Windows); TTHC_DATA_DIR overrides it."""
    override = os.environ.get("TTHC_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import appdirs

        path = Path(appdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "tthc.sqlite3"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite3"


def resolve_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """--db, then TTHC_DB, then the per-user data directory."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get("TTHC_DB")
    if env:
        return Path(env)
    return default_db_path()


def companion_dir(db_path: Path, name: str) -> Path:
    """Backups, logs, evidence files and outputs sit beside the database they belong to."""
    path = Path(db_path).resolve().parent / name
    if path.is_dir():
        return path
    from tthc_desktop.errors import StorageUnavailableError

    try:
        path.mkdir(parents=True, exist_ok=True)  # several processes may create it at once: that is fine
    except FileExistsError:
        pass  # a file of that name: said below
    except OSError as exc:
        raise StorageUnavailableError(f"Không tạo được thư mục «{path}»; hãy kiểm tra chỗ trống trên ổ đĩa và quyền "
                                      "ghi.", detail=str(exc)) from exc
    if not path.is_dir():
        raise StorageUnavailableError(f"«{name}» bên cạnh cơ sở dữ liệu là một tệp chứ không phải thư mục; hãy đổi "
                                      f"tên tệp đó ({path}) rồi thử lại.")
    return path


def _bundled(name: str) -> Path:
    candidates = []
    if getattr(sys, "_MEIPASS", None):
        candidates.append(Path(sys._MEIPASS) / name)
    candidates += [_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name]
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError(f"Thiếu thư mục dữ liệu của chương trình: {name}")


def resources_dir() -> Path:
    return _bundled("resources")


def forms_dir() -> Path:
    return _bundled("forms")
