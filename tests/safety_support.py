"""Shared by the issue-12 safety tests: the real `tthc` in a subprocess, small filesystems, digests."""
from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def tthc(*args, timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m tthc_desktop.cli ARGS` from the checkout (its package wins over an installed one)."""
    return subprocess.run([sys.executable, "-m", "tthc_desktop.cli", *map(os.fsdecode, args)], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout,
                          env={**os.environ, **(env or {})})


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def one_sentence(stderr: str) -> bool:
    """What every refusal must look like: something said, no traceback, no Python noise."""
    text = stderr.strip()
    return bool(text) and "Traceback" not in text and "Exception ignored" not in text and "Logging error" not in text


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str = "2m"):
    """A tmpfs of ``size`` mounted at ``folder`` (root only); the test is skipped where mounting is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root on Linux")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {r.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True, capture_output=True)


def fill_disk(folder: Path, leave: int = 0) -> Path:
    """Write a filler file until the filesystem holding ``folder`` has at most ``leave`` bytes free."""
    filler = folder / "filler.bin"
    block = b"\0" * 65536
    with open(filler, "wb") as fh:
        try:
            while True:
                free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
                if free <= leave:
                    break
                fh.write(block[: max(1, min(len(block), free - leave))])
                fh.flush()
        except OSError:
            pass
    return filler
