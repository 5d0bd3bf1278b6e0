"""Refuse to write a SQLite file on a network share: SQLite's locking and WAL need one host.

A UNC path (``\\\\server\\share\\…``), a mapped drive whose type is remote (GetDriveTypeW), or on
Linux a CIFS/NFS mount is a network path. Opening such a file read-only stays allowed; writing
is refused with a sentence pointing to server mode.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

from tthc_desktop.errors import BadInputError

DRIVE_REMOTE = 4
NETWORK_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "fuse.sshfs", "9p", "davfs", "fuse.rclone"}
REFUSAL = ("Tệp «{name}» nằm trên ổ mạng; SQLite không ghi an toàn qua mạng (nhiều máy cùng ghi sẽ làm hỏng dữ "
           "liệu). Hãy dùng chế độ «Máy chủ của cơ quan» (PostgreSQL) để cùng làm việc, hoặc chép tệp về máy này.")


def _drive_type(root: str) -> int:
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)


def _mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8") as f:
            return [(parts[1].replace("\\040", " "), parts[2]) for parts in (line.split() for line in f) if len(parts) > 2]
    except OSError:
        return []


def is_network_path(path: str | os.PathLike) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return True  # UNC, whatever the OS says
    if sys.platform == "win32":
        drive = PureWindowsPath(os.path.abspath(text)).drive
        if drive.startswith("\\\\"):
            return True
        return bool(drive) and _drive_type(drive + "\\") == DRIVE_REMOTE
    resolved = str(Path(text).resolve())
    best = max((m for m in _mounts() if resolved == m[0] or resolved.startswith(m[0].rstrip("/") + "/")),
               key=lambda m: len(m[0]), default=None)
    return best is not None and best[1] in NETWORK_FS


def refuse_network_write(path: str | os.PathLike) -> None:
    if is_network_path(path):
        raise BadInputError(REFUSAL.format(name=str(path)))
