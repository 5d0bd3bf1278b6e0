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


ZYGOTE = r"""
# Imports once; for every line (a JSON argument list) forks a child that runs `tthc` with it. Answers
# with the child's exit code, stderr and peak memory (ru_maxrss from wait4, KiB on Linux).
import json, os, sys, tempfile
from tthc_desktop.cli.main import build_parser, run
import openpyxl, docx, lxml.etree, sqlalchemy.orm, tthc_desktop.services.plans, tthc_desktop.services.forms
build_parser()
print("ready", flush=True)
for line in sys.stdin:
    argv = json.loads(line)
    err = tempfile.NamedTemporaryFile(delete=False, suffix=".err")
    pid = os.fork()
    if pid == 0:
        os.dup2(err.fileno(), 2)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        code = 1
        try:
            code = run(argv)
        finally:
            sys.stderr.flush()
            os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    with open(err.name, encoding="utf-8", errors="replace") as fh:
        stderr = fh.read()
    os.unlink(err.name)
    print(json.dumps([os.waitstatus_to_exitcode(status), stderr, usage.ru_maxrss]), flush=True)
"""


class Zygote:
    """`tthc` commands forked from one process that imported everything once (fast, and each child's
    own peak memory is measured)."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", ZYGOTE], cwd=REPO, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def run(self, *args, timeout: float = 10) -> tuple[int, str, int]:
        """(exit code, stderr, peak resident memory in bytes); a command running past ``timeout`` fails."""
        import json
        import select

        self.proc.stdin.write(json.dumps([os.fsdecode(a) for a in args]) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.proc.kill()
            raise AssertionError(f"`tthc {' '.join(map(str, args))}` ran longer than {timeout} s")
        code, stderr, maxrss = json.loads(self.proc.stdout.readline())
        return code, stderr, maxrss * 1024

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
