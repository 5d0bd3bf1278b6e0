"""What the file system lets us do: full disks, read-only media, network drives, owners of leftover files.

SQLite reports a full disk or a read-only medium with the same codes it uses for real damage
in some paths (opening a WAL file needs room for its -shm), so these are told apart here,
before anyone calls a sound file "damaged".
"""
from __future__ import annotations

import errno
import os
import sqlite3
import sys
from pathlib import Path

DISK_FULL_MESSAGE = ("Ổ đĩa đã đầy nên không ghi được; hãy xóa bớt tệp hoặc giải phóng chỗ trống rồi thử lại. "
                     "Dữ liệu đã lưu trước đó không bị thay đổi.")
READ_ONLY_MESSAGE = ("Cơ sở dữ liệu «{name}» nằm ở nơi chỉ đọc (ổ chỉ đọc, thư mục hoặc tệp không có quyền ghi): "
                     "chỉ xem được, không lưu được thay đổi nào.")
NETWORK_MESSAGE = ("Cơ sở dữ liệu «{name}» nằm trên ổ mạng; SQLite không an toàn khi dùng qua mạng (có thể hỏng dữ "
                   "liệu), hãy chép tệp về ổ đĩa của máy này.")

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR = 13, 8, 14, 10
DRIVE_REMOTE = 4
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "fuse.sshfs", "ncpfs"}


def _chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        yield getattr(exc, "orig", None) or exc
        exc = exc.__cause__ or exc.__context__


def is_disk_full(exc: BaseException | None) -> bool:
    """An OSError ENOSPC/EDQUOT or SQLite's "database or disk is full" anywhere in the chain."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in _FULL_ERRNOS:
            return True
        if isinstance(e, sqlite3.Error) and (getattr(e, "sqlite_errorcode", 0) & 0xFF == SQLITE_FULL
                                             or "disk is full" in str(e)):
            return True
    return False


def database_refused_write(exc: BaseException | None) -> bool:
    """SQLite's "attempt to write a readonly database" anywhere in the chain."""
    return any(isinstance(e, sqlite3.Error) and (getattr(e, "sqlite_errorcode", 0) & 0xFF == SQLITE_READONLY
                                                 or "readonly database" in str(e)) for e in _chain(exc))


def denied_file(exc: BaseException | None) -> str | None:
    """The file an OSError of a read-only medium or a missing permission was about, or None."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in _DENIED_ERRNOS:
            return str(e.filename or "")
    return None


def can_write(path: Path) -> bool:
    """True when the database file (if it exists) and its folder can be written: SQLite needs both
    (a rollback journal or -wal/-shm beside the file)."""
    path = Path(path)
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        return False
    if hasattr(os, "statvfs"):
        try:
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return False
        except OSError:
            pass
    return not path.exists() or os.access(path, os.W_OK)


def free_bytes(folder: Path) -> int | None:
    import shutil

    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def is_network_path(path: Path) -> bool:
    """A UNC path, a mapped drive Windows reports as remote, or (elsewhere) an NFS/SMB mount."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_drive_type(text) == DRIVE_REMOTE
    return _mount_type(Path(path)) in _NETWORK_FS


def _windows_drive_type(text: str) -> int:
    import ctypes

    absolute = os.path.abspath(text)
    root = os.path.splitdrive(absolute)[0] + "\\"
    if root.startswith("\\\\"):
        return DRIVE_REMOTE
    return ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))


def _mount_type(path: Path) -> str:
    try:
        target = str(path.resolve().parent)
        best, kind = "", ""
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3:
                    point = parts[1].replace("\\040", " ")
                    if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
                        best, kind = point, parts[2]
        return kind
    except OSError:
        return ""


def process_started_before(pid: int, moment: float) -> bool:
    """True when process ``pid`` is running and started no later than ``moment`` (a file's mtime):
    a leftover is stale when its owner is gone, or when the pid now belongs to a younger process."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_started_before(pid, moment)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    started = _linux_start_time(pid)
    return started is None or started <= moment + 1.0  # without /proc (macOS) a live pid is the owner


def _linux_start_time(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])  # field 22: start time after boot
        with open("/proc/stat", encoding="ascii") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime"))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _windows_process_started_before(pid: int, moment: float) -> bool:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value != 259:  # STILL_ACTIVE
            return False
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *map(ctypes.byref, times)):
            return True
        created = (times[0].dwHighDateTime << 32 | times[0].dwLowDateTime) / 1e7 - 11644473600
        return created <= moment + 1.0
    finally:
        kernel32.CloseHandle(handle)
