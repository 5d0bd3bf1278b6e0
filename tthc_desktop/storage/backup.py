"""Backups of the database file: consistent snapshots, automatic schedule, Anki-style thinning.

A backup is always taken through SQLite's backup API (never a raw copy of a live WAL file),
verified, and stored as a self-contained file (rollback journal, no -wal/-shm companions) named
``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<kind>.sqlite3`` in backups/ beside the database.
Only automatic backups are ever thinned; manual, pre-restore and pre-upgrade copies are kept,
and so is any backup a restore was made from (it is listed in ``giu-lai.json``).
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tthc_desktop.errors import TthcError
from tthc_desktop.paths import companion_dir
from tthc_desktop.storage.leftovers import SUSPEND_FILE, is_stale, part_name

log = logging.getLogger(__name__)

AUTO = "tu-dong"
MANUAL = "thu-cong"
BEFORE_RESTORE = "truoc-khoi-phuc"
KIND_LABELS = {AUTO: "Tự động", MANUAL: "Thủ công", BEFORE_RESTORE: "Trước khi khôi phục"}
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"-(?P<stamp>\d{8}-\d{6}(?:-\d{6})?)-(?P<kind>[a-z0-9-]+)\.sqlite3$")
_UPGRADE_NAME = re.compile(r"-truoc-nang-cap-v\d+-(?P<stamp>\d{8}-\d{6})\.sqlite3$")
PROTECTED_FILE = "giu-lai.json"
STATE_FILE = "tu-dong.json"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    kind: str
    size: int
    protected: bool = False

    @property
    def kind_label(self) -> str:
        if self.kind.startswith("truoc-nang-cap"):
            return "Trước khi nâng cấp"
        return KIND_LABELS.get(self.kind, self.kind)

    def to_json(self) -> dict:
        return {"file": str(self.path), "name": self.path.name, "created": self.created.isoformat(timespec="seconds"),
                "kind": self.kind, "kind_label": self.kind_label, "size": self.size, "protected": self.protected}


@dataclass(frozen=True)
class AutoBackupPolicy:
    """When to take an automatic backup and which automatic backups to keep. Pure: no files."""

    interval_minutes: int = 15
    keep_recent: int = 10
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12

    def is_due(self, now: datetime, last_backup: datetime | None, changed: bool, reason: str = "interval") -> bool:
        """``reason`` is "start", "exit" or "interval"; nothing is due when nothing changed."""
        if not changed:
            return False
        if last_backup is None or reason in ("start", "exit"):
            return True
        return now - last_backup >= timedelta(minutes=self.interval_minutes)

    def to_keep(self, created: list[datetime]) -> set[datetime]:
        """The newest ``keep_recent`` times, plus the newest time of each of the last N days, weeks, months."""
        ordered = sorted(set(created), reverse=True)
        keep = set(ordered[: self.keep_recent])
        buckets = (
            (self.keep_daily, lambda t: t.date()),
            (self.keep_weekly, lambda t: t.isocalendar()[:2]),
            (self.keep_monthly, lambda t: (t.year, t.month)),
        )
        for count, bucket_of in buckets:
            seen: list = []
            for t in ordered:
                bucket = bucket_of(t)
                if bucket in seen:
                    continue
                if len(seen) >= count:
                    break
                seen.append(bucket)
                keep.add(t)
        return keep


DEFAULT_POLICY = AutoBackupPolicy()


def backup_dir(db_path: Path) -> Path:
    return companion_dir(db_path, "backups")


def parse_backup_name(name: str) -> tuple[datetime, str] | None:
    match = _NAME.search(name)
    if match and not match["kind"].startswith("truoc-nang-cap"):
        stamp = match["stamp"]
        fmt = STAMP_FORMAT if stamp.count("-") == 2 else "%Y%m%d-%H%M%S"
        try:
            return datetime.strptime(stamp, fmt), match["kind"]
        except ValueError:
            return None
    match = _UPGRADE_NAME.search(name)
    if match:
        version = re.search(r"truoc-nang-cap-v(\d+)", name)[1]
        return datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"), f"truoc-nang-cap-v{version}"
    return None


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_bytes().decode("utf-8", "surrogateescape"))
    except (OSError, ValueError):
        return default


def _write_json(path: Path, data) -> None:
    tmp = part_name(path)
    # surrogateescape: a backup's name may hold the undecodable bytes of a POSIX file name
    tmp.write_bytes(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8", "surrogateescape"))
    os.replace(tmp, path)


def protected_names(db_path: Path) -> set[str]:
    return set(_read_json(backup_dir(db_path) / PROTECTED_FILE, []))


def protect(db_path: Path, backup: Path) -> None:
    """Never thin ``backup`` away (used for the file a restore was made from)."""
    names = protected_names(db_path) | {Path(backup).name}
    _write_json(backup_dir(db_path) / PROTECTED_FILE, sorted(names))


def list_backups(db_path: Path) -> list[BackupInfo]:
    """All recognisable backups of this database, newest first."""
    folder = backup_dir(db_path)
    stem = Path(db_path).stem
    keep = protected_names(db_path)
    found = []
    for path in folder.glob(f"{stem}-*.sqlite3"):
        parsed = parse_backup_name(path.name)
        if parsed is None or not path.name.startswith(stem + "-"):
            continue
        with contextlib.suppress(OSError):
            found.append(BackupInfo(path, parsed[0], parsed[1], path.stat().st_size, path.name in keep))
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def consistent_copy(source: Path, target: Path) -> Path:
    """Copy ``source`` through the backup API into a verified, self-contained ``target`` (temp file + replace)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True,
                                            timeout=5)) as src:
        return copy_from_connection(src, target)


def copy_from_connection(con: sqlite3.Connection, target: Path) -> Path:
    """A verified self-contained copy of the database behind ``con`` (temp file, quick_check, then replace)."""
    tmp = part_name(target)
    tmp.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(os.fsencode(tmp))) as dst:
            con.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one file, readable without -wal/-shm
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"snapshot failed quick_check: {check}")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def new_backup_path(db_path: Path, kind: str, now: datetime | None = None) -> Path:
    now = now or datetime.now()
    folder = backup_dir(db_path)
    target = folder / f"{Path(db_path).stem}-{now.strftime(STAMP_FORMAT)}-{kind}.sqlite3"
    while target.exists():  # two backups in the same microsecond (fast tests, clock steps)
        now += timedelta(microseconds=1)
        target = folder / f"{Path(db_path).stem}-{now.strftime(STAMP_FORMAT)}-{kind}.sqlite3"
    return target


def backup_now(db_path: Path, label: str = MANUAL, now: datetime | None = None) -> Path:
    """A timestamped consistent copy in backups/ beside the database (safe while the window is open)."""
    return consistent_copy(Path(db_path), new_backup_path(db_path, label, now))


def thin_backups(db_path: Path, policy: AutoBackupPolicy = DEFAULT_POLICY) -> list[Path]:
    """Delete automatic backups the policy no longer keeps; returns what was deleted."""
    autos = [b for b in list_backups(db_path) if b.kind == AUTO and not b.protected]
    keep = policy.to_keep([b.created for b in autos])
    removed = []
    for b in autos:
        if b.created not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    return removed


# --- automatic backups -------------------------------------------------------------------------

def _suspend_file(db_path: Path) -> Path:
    return backup_dir(db_path) / SUSPEND_FILE


def auto_backups_suspended(db_path: Path) -> bool:
    """A restore is running; the lock of a restore that was killed (its process gone) does not count."""
    flag = _suspend_file(db_path)
    return flag.exists() and not is_stale(flag)


@contextlib.contextmanager
def suspend_auto_backups(db_path: Path):
    """While a restore runs, no automatic backup is taken (from this or any other process)."""
    flag = _suspend_file(db_path)
    flag.write_text(f"{os.getpid()} {datetime.now().isoformat()}\n", encoding="utf-8")
    try:
        yield
    finally:
        flag.unlink(missing_ok=True)


def _signature(db_path: Path) -> list:
    """Changes show as a new size/mtime of the database or its WAL file."""
    sig = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(str(db_path) + suffix)
            sig.append([st.st_size, st.st_mtime_ns])
        except OSError:
            sig.append(None)
    return sig


def maybe_auto_backup(db_path: Path, now: datetime | None = None, reason: str = "interval",
                      policy: AutoBackupPolicy = DEFAULT_POLICY) -> Path | None:
    """Take an automatic backup if the policy says one is due; returns it, or None.

    Called on start, on exit and from a timer. Never raises for a backup that could not be made
    (it is logged): a failing backup must not stop the officer's work.
    """
    db_path = Path(db_path)
    now = now or datetime.now()
    try:
        if not db_path.exists() or db_path.stat().st_size == 0 or auto_backups_suspended(db_path):
            return None
        state_path = backup_dir(db_path) / STATE_FILE
    except (OSError, TthcError) as exc:  # backups/ unusable (a file of that name, no permission)
        log.warning("automatic backup of %s not possible: %s", db_path, exc)
        return None
    state = _read_json(state_path, {})
    last = state.get("last")
    last_time = datetime.fromisoformat(last) if last else None
    changed = _signature(db_path) != state.get("signature")
    if not policy.is_due(now, last_time, changed, reason):
        return None
    try:
        target = backup_now(db_path, AUTO, now)
    except (OSError, sqlite3.Error, TthcError) as exc:
        log.warning("automatic backup of %s failed: %s", db_path, exc)
        return None
    # Taken after the copy: reading the file may checkpoint the WAL without changing any data.
    try:
        _write_json(state_path, {"last": now.isoformat(), "signature": _signature(db_path)})
    except OSError as exc:
        log.warning("could not record the automatic backup of %s: %s", db_path, exc)
    removed = thin_backups(db_path, policy)
    log.info("automatic backup (%s) %s; thinned %d", reason, target.name, len(removed))
    return target
