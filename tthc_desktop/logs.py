"""Log files in the data directory: where unexpected errors go instead of the user's screen."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured: Path | None = None


def log_dir(db_path: Path | None = None) -> Path:
    from tthc_desktop.paths import companion_dir, data_dir

    return companion_dir(db_path, "logs") if db_path else (data_dir() / "logs")


def setup_logging(db_path: Path | None = None) -> Path:
    """Send log records to logs/tthc.log (rotating); returns the file. Safe to call again."""
    global _configured
    if _configured is not None:
        return _configured
    try:
        folder = log_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "tthc.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return Path("tthc.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = path
    return path
