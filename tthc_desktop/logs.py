"""Log files in the data directory: where unexpected errors go instead of the user's screen.

Logging must never become the error: on a full disk or a read-only folder the handler stays
silent (no "--- Logging error ---" traceback on stderr) and the program goes on.
"""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

_configured: Path | None = None


class QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that gives up silently when it cannot be written."""

    def handleError(self, record) -> None:  # noqa: N802 - logging API
        self.failed = True


def log_dir(db_path: Path | None = None) -> Path:
    from tthc_desktop.paths import companion_dir, data_dir

    return companion_dir(db_path, "logs") if db_path else (data_dir() / "logs")


def log_written() -> bool:
    """False when no log file could be opened, or writing it failed (full disk)."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, QuietRotatingFileHandler)]
    return bool(handlers) and not any(getattr(h, "failed", False) for h in handlers)


def _quiet_unraisable(unraisable) -> None:
    # e.g. "Exception ignored in ZipFile.__del__" after an export failed on a full disk: the
    # export's own error already told the user; this one goes to the log only.
    logging.getLogger("tthc").debug("ignored in %r: %s", unraisable.object, unraisable.exc_value)


def setup_logging(db_path: Path | None = None) -> Path:
    """Send log records to logs/tthc.log (rotating); returns the file. Safe to call again."""
    global _configured
    sys.unraisablehook = _quiet_unraisable
    logging.raiseExceptions = False  # a failing handler must never print a traceback
    if _configured is not None:
        return _configured
    try:
        folder = log_dir(db_path)
        path = folder / "tthc.log"
        handler = QuietRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8",
                                           errors="backslashreplace")
    except Exception:  # noqa: BLE001 - no log folder (read-only, full, a file of that name): run without a log
        return Path("tthc.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = path
    return path
