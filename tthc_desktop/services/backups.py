"""Backups for both faces: the window's automatic and manual copies, and the list a restore chooses from.

The copies themselves are made by ``storage.backup`` (a consistent snapshot through SQLite's backup
API, thinned recent/daily/weekly/monthly); restore and recovery are in ``services.safety``.
"""
from __future__ import annotations

from tthc_desktop.storage.backup import (
    DEFAULT_POLICY,
    AutoBackupPolicy,
    BackupInfo,
    backup_dir,
    backup_now,
    list_backups,
    maybe_auto_backup,
    parse_backup_name,
)

__all__ = ["DEFAULT_POLICY", "AutoBackupPolicy", "BackupInfo", "backup_dir", "backup_now",
           "list_backups", "maybe_auto_backup", "parse_backup_name"]

