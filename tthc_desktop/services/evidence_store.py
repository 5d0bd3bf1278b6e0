"""Storing an evidence file beside the database: a name no other process can take at the same moment,
a copy that is never half a file, names without hidden characters, and a size limit."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from tthc_desktop.domain.text import normalize
from tthc_desktop.errors import BadInputError
from tthc_desktop.storage.leftovers import evidence_tmp_prefix

# Bidi controls can make "hoadon‮fdp.exe" show as "hoadonexe.pdf"; zero-width ones make look-alike names.
HIDDEN = dict.fromkeys(map(ord, "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                "\u2060\u2066\u2067\u2068\u2069\ufeff"), None)
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


def decodable(name: str) -> str:
    """A POSIX name's undecodable bytes (surrogate escapes) as U+FFFD: storable and printable anywhere."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def safe_original_name(name: str) -> str:
    """The name the officer gave, as stored: NFC, no hidden characters, no undecodable bytes."""
    return normalize(decodable(name).translate(HIDDEN))


def check_size(file: Path) -> None:
    size = file.stat().st_size
    if size > MAX_EVIDENCE_BYTES:
        raise BadInputError(f"Tệp «{file.name}» quá lớn để đính kèm ({size // (1024 * 1024)} MB, giới hạn "
                            f"{MAX_EVIDENCE_BYTES // (1024 * 1024)} MB); hãy đính kèm bản nén hoặc bản rút gọn.")


def reserve_name(folder: Path, name: str) -> Path:
    """Create ``name`` (or «name (n)») exclusively: two processes attaching files of the same name at once
    each get their own, instead of both choosing the same free name and overwriting each other."""
    stem, dot, ext = name.rpartition(".")
    for n in range(10_000):
        candidate = folder / (name if n == 0 else (f"{stem} ({n}).{ext}" if dot else f"{name} ({n})"))
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            return candidate
        except FileExistsError:
            continue
        except OSError as exc:
            raise BadInputError(f"Không tạo được tệp đính kèm trong «{folder}»; hãy kiểm tra chỗ trống trên đĩa và "
                                "quyền ghi.", detail=str(exc)) from exc
    raise BadInputError(f"Đã có quá nhiều tệp cùng tên «{name}» cho nhiệm vụ này.")


def copy_into(source: Path, target: Path) -> str:
    """Copy into a temporary file, then replace the reserved ``target`` with it; returns the SHA-256."""
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=evidence_tmp_prefix(), dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInputError(f"Không sao chép được tệp «{source.name}»; hãy kiểm tra quyền đọc tệp và chỗ trống "
                            "trên đĩa.", detail=str(exc)) from exc
    shutil.copystat(source, target, follow_symlinks=True)
    return digest.hexdigest()
