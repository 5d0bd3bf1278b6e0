"""Writing output files so that a crash or a locked file never leaves half a document.

The content goes to a temporary file in the target's own folder (same disk, so the final
``os.replace`` is atomic), is flushed to disk, then replaces the target in one step. If anything
fails before that step, the previous good file is untouched and the temporary file is removed.
"""
from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tthc_desktop.errors import BadInputError, FileLockedError

_LOCKED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY}
RETRY_DELAYS = (0.05, 0.15, 0.3)  # seconds


def locked_message(target: Path) -> str:
    return (f"Tệp đang được mở trong chương trình khác (Word/Excel): «{target.name}»; "
            "hãy đóng tệp đó rồi thử lại, tệp cũ không bị thay đổi.")


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and move the result onto ``target``; return ``target``.

    Raises FileLockedError when the target is open in another program (Windows refuses the
    replace with PermissionError) and BadInputError when the folder cannot be written.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise BadInputError(f"«{target}» là một thư mục, không phải tên tệp cần ghi.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".~{target.stem[:40]}.", suffix=target.suffix + ".tmp", dir=folder)
    except OSError as exc:
        raise BadInputError(f"Không ghi được vào thư mục «{folder}»: hãy chọn thư mục khác.", detail=str(exc)) from exc
    os.close(fd)
    temp = Path(temp_name)
    try:
        write(temp)
        _flush_to_disk(temp)
        _replace(temp, target)
    except BaseException:
        # Interrupted, failed or refused: the previous file stays as it was, no temp file left behind.
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    return target


def _replace(temp: Path, target: Path) -> None:
    # On Windows an antivirus or the search indexer may hold either file for a moment: retry briefly
    # before telling the officer the file is open in Word/Excel.
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(temp, target)
            return
        except OSError as exc:
            if not (isinstance(exc, PermissionError) or exc.errno in _LOCKED_ERRNOS):
                raise
            if delay is None:
                raise FileLockedError(locked_message(target), detail=str(exc)) from exc
            time.sleep(delay)


def _flush_to_disk(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
