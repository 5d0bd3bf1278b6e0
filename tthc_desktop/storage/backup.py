"""Backups of the database file, taken through SQLite's backup API (never a raw copy of a live WAL)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tthc_desktop.paths import companion_dir
from tthc_desktop.storage.database import check_openable, snapshot


def backup_dir(db_path: Path) -> Path:
    return companion_dir(db_path, "backups")


def backup_now(db_path: Path, label: str = "thu-cong") -> Path:
    """A timestamped consistent copy in backups/ beside the database."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir(db_path) / f"{Path(db_path).stem}-{stamp}-{label}.sqlite3"
    return snapshot(Path(db_path), target)
