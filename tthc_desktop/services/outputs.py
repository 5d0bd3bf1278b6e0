"""Generated files are versioned, never overwritten once the officer has touched them.

Every file the program writes is recorded with its SHA-256. A later build into the same place
replaces the newest version only if it is still exactly what the program wrote and is not open
in Word/Excel; otherwise the next version is written beside it («…-ban-2.docx») and a sentence
says so. Nothing here deletes a file.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from tthc_desktop.checksums import file_sha256
from tthc_desktop.domain.text import format_date
from tthc_desktop.errors import FileLockedError
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import OutputFile

_VERSION = re.compile(r"^(?P<stem>.*)-ban-(?P<n>\d+)$")


@dataclass
class Written:
    """What a build wrote: the files, and a sentence for each file it kept instead of replacing."""

    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Written") -> "Written":
        self.files += other.files
        self.notes += other.notes
        return self


@dataclass
class Version:
    path: Path
    number: int
    written_at: datetime | None
    modified_at: datetime
    edited: bool  # changed outside the program since it was written (or not written by it)

    def to_json(self) -> dict:
        return {"path": str(self.path), "version": self.number, "edited": self.edited,
                "written_at": self.written_at.isoformat(sep=" ", timespec="seconds") if self.written_at else None,
                "modified_at": self.modified_at.isoformat(sep=" ", timespec="seconds")}


def base_and_number(path: Path) -> tuple[Path, int]:
    """``Bao-cao-ban-3.docx`` → (``Bao-cao.docx``, 3); a name without a version is version 1."""
    m = _VERSION.match(path.stem)
    if m:
        return path.with_name(m["stem"] + path.suffix), int(m["n"])
    return path, 1


def version_path(base: Path, number: int) -> Path:
    return base if number <= 1 else base.with_name(f"{base.stem}-ban-{number}{base.suffix}")


def existing_versions(base: Path) -> list[tuple[int, Path]]:
    """The versions of ``base`` present in its folder, oldest first."""
    found = [(1, base)] if base.exists() else []
    if base.parent.is_dir():
        for p in base.parent.glob(f"{glob_escape(base.stem)}-ban-*{base.suffix}"):
            b, n = base_and_number(p)
            if b.name == base.name and n > 1:
                found.append((n, p))
    return sorted(found)


def glob_escape(text: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", text)


def is_open_elsewhere(path: Path) -> bool:
    """Word and Excel leave an owner file «~$…» beside a document they have open; Windows also refuses writing."""
    name = path.name
    if any((path.parent / f"~${n}").exists() for n in (name, name[1:], name[2:]) if n):
        return True
    if sys.platform.startswith("win") and path.exists():
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            return True
    return False


def _recorded(db: Database, path: Path) -> OutputFile | None:
    with db.session() as s:
        return s.scalars(select(OutputFile).where(OutputFile.path == str(path.resolve()))
                         .order_by(OutputFile.id.desc())).first()


def is_untouched(db: Database, path: Path) -> bool:
    """True when the file is exactly what the program last wrote there."""
    record = _recorded(db, path)
    return record is not None and path.exists() and file_sha256(path) == record.sha256


def choose_target(db: Database, target: Path) -> tuple[Path, str]:
    """Where to write ``target`` now, and the sentence to tell the officer when it is not ``target`` itself."""
    base = Path(target)
    versions = existing_versions(base)
    if not versions:
        return base, ""
    number, newest = versions[-1]
    if is_untouched(db, newest) and not is_open_elsewhere(newest):
        return newest, ""
    why = "đang được mở trong chương trình khác" if is_open_elsewhere(newest) else "đã được sửa sau khi chương trình ghi"
    chosen = version_path(base, number + 1)
    return chosen, f"Tệp «{newest.name}» {why} nên được giữ nguyên; bản mới ghi vào «{chosen.name}»."


def write_outputs(db: Database, jobs: list[tuple[Path, Callable[[Path], Path | None], str]], *,
                  period: str = "") -> Written:
    """Several files of one build (``(target, write, kind)`` each), all or nothing: when one fails (a full
    disk), the files this build newly created are removed again and nothing is recorded."""
    done: list[tuple[Path, str, bool]] = []  # (path written, kind, existed before)
    written = Written()
    try:
        for target, write, kind in jobs:
            chosen, note = choose_target(db, Path(target))
            existed = chosen.exists()
            chosen, note = _write_chosen(chosen, note, write)
            done.append((chosen, kind, existed))
            written.add(Written([chosen], [note] if note else []))
    except BaseException:
        for path, _kind, existed in done:
            if not existed:
                path.unlink(missing_ok=True)
        replaced = [(path, kind) for path, kind, existed in done if existed]
        if replaced:  # rewritten in place: its record must follow, or it would look edited outside next time
            _record_all(db, replaced, period)
        raise
    _record_all(db, [(path, kind) for path, kind, _ in done], period)
    return written


def _record_all(db: Database, files: list[tuple[Path, str]], period: str) -> None:
    with db.session() as s:
        for path, kind in files:
            s.add(OutputFile(path=str(Path(path).resolve()), kind=kind, period=period, sha256=file_sha256(Path(path)),
                             written_at=datetime.now()))


def _write_chosen(chosen: Path, note: str | None, write: Callable[[Path], Path | None]) -> tuple[Path, str | None]:
    try:
        write(chosen)
    except FileLockedError:  # Windows refused the replace: the file was opened between the check and the write
        base, number = base_and_number(chosen)
        newer = version_path(base, max(n for n, _ in existing_versions(base) or [(number, chosen)]) + 1)
        write(newer)
        note = f"Tệp «{chosen.name}» đang được mở trong chương trình khác nên được giữ nguyên; bản mới ghi vào «{newer.name}»."
        chosen = newer
    return chosen, note


def write_output(db: Database, target: Path, write: Callable[[Path], Path | None], *, kind: str,
                 period: str = "") -> Written:
    """Write through ``write(path)`` (an exporter) into ``target`` or its next version, and record the hash."""
    return write_outputs(db, [(Path(target), write, kind)], period=period)


def record(db: Database, path: Path, *, kind: str, period: str = "") -> None:
    _record_all(db, [(Path(path), kind)], period)


def versions(db: Database, period: str, kind: str = "report") -> list[Version]:
    """Every version of the period's files of ``kind`` still on disk, oldest first."""
    with db.session() as s:
        rows = s.scalars(select(OutputFile).where(OutputFile.period == period, OutputFile.kind == kind)
                         .order_by(OutputFile.id)).all()
    latest: dict[str, OutputFile] = {}
    for row in rows:
        latest[row.path] = row
    bases = {base_and_number(Path(p))[0] for p in latest}
    out = []
    for base in sorted(bases):
        for number, path in existing_versions(base):
            row = latest.get(str(path.resolve()))
            out.append(Version(path, number, row.written_at if row else None,
                               datetime.fromtimestamp(os.path.getmtime(path)),
                               row is None or file_sha256(path) != row.sha256))
    return sorted(out, key=lambda v: (v.modified_at, v.number))


def newest(db: Database, period: str, kind: str) -> Path | None:
    found = versions(db, period, kind)
    return found[-1].path if found else None


def describe(v: Version, *, with_folder: bool = False) -> str:
    """«Bản 2 · 01/12/2026 08:30 · Bao-cao-…-ban-2.docx · đã sửa ngoài chương trình» (the folder too when the
    period's versions sit in several dated folders)."""
    when = v.modified_at
    name = f"{v.path.parent.name}/{v.path.name}" if with_folder else v.path.name
    text = f"Bản {v.number} · {format_date(when.date())} {when:%H:%M} · {name}"
    return text + (" · đã sửa ngoài chương trình" if v.edited else "")
