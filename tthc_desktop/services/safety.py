"""Restore: back up the current file first, then put a checked copy of the backup in place."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.storage.backup import backup_now
from tthc_desktop.storage.database import check_openable, snapshot


def restore_backup(db_path: Path, source: Path) -> Path:
    """Returns the backup of the database that was current before the restore."""
    check_openable(source)  # a newer or damaged backup is refused before anything is touched
    kept = backup_now(db_path, label="truoc-khoi-phuc") if Path(db_path).exists() else Path()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    snapshot(source, Path(db_path))
    return kept
