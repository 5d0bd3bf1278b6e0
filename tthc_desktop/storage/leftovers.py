"""Leftovers of a killed program: half-written copies and locks, removed when the database is opened.

Every temporary file the program makes carries its owner's process id (``….<pid>.part``,
``.tmp-<pid>-…``), and the restore lock holds it in its text. A leftover is stale when that
process is gone, or when the id now belongs to a process younger than the file; one without
an id is stale once it is older than any copy could take.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from pathlib import Path

from tthc_desktop.storage import fs

log = logging.getLogger(__name__)

SUSPEND_FILE = "dang-khoi-phuc.lock"
UNOWNED_STALE_SECONDS = 15 * 60
_PART_PID = re.compile(r"\.(\d+)\.part$")
_TMP_PID = re.compile(r"^\.tmp-(\d+)-")


def part_name(target: Path) -> Path:
    """The temporary name a copy to ``target`` is written under."""
    return target.with_name(f"{target.name}.{os.getpid()}.part")


def evidence_tmp_prefix() -> str:
    return f".tmp-{os.getpid()}-"


def owner_pid(path: Path) -> int | None:
    if path.name == SUSPEND_FILE:
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int(path.read_text(encoding="utf-8").split()[0])
        return None
    match = _PART_PID.search(path.name) or _TMP_PID.match(path.name)
    return int(match[1]) if match else None


def is_stale(path: Path, now: float | None = None) -> bool:
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return False
    pid = owner_pid(path)
    if pid is None:
        return (now or time.time()) - mtime > UNOWNED_STALE_SECONDS
    return not fs.process_started_before(pid, mtime)


def candidates(db_path: Path) -> list[Path]:
    folder = Path(db_path).resolve().parent
    name = Path(db_path).name
    found = [p for p in folder.glob("*.part") if p.name.startswith(name)]
    backups = folder / "backups"
    if backups.is_dir():
        found += list(backups.glob("*.part"))
        found += [backups / SUSPEND_FILE] if (backups / SUSPEND_FILE).exists() else []
    evidence = folder / "evidence"
    if evidence.is_dir():
        found += list(evidence.glob("*/.tmp-*"))
    return found


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove the stale leftovers beside ``db_path``; returns what was removed. Never raises."""
    removed = []
    try:
        for path in candidates(db_path):
            if path.is_file() and is_stale(path):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    except OSError as exc:
        log.warning("could not look for leftovers beside %s: %s", db_path, exc)
    if removed:
        log.info("removed %d leftover file(s) of an interrupted run: %s", len(removed),
                 ", ".join(p.name for p in removed[:10]))
    return removed
