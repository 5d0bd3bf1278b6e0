"""An export killed mid-write (SIGKILL, a real process) never leaves a half file and never destroys
the previous good one: exporters write through exporters.atomic.write_atomically."""
import os
import random
import signal
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

WRITER = r"""
import io, sys
from pathlib import Path
import openpyxl
from tthc_desktop.exporters.atomic import write_atomically
target, version, complete = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
for n in range(complete + 1):
    def save(tmp, v=version, last=n == complete):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws["A1"] = v
        for r in range(2, 2500):
            ws.append([f"Nhiệm vụ {r} của phiên bản {v}", r, v, "Văn phòng Sở"])
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
        with open(tmp, "wb") as fh:
            fh.write(data[: len(data) // 2])
            if last:  # half the workbook is on disk: say so and wait for the kill
                fh.flush()
                print("mid-write", flush=True)
                sys.stdin.readline()
            fh.write(data[len(data) // 2:])
    write_atomically(target, save)
    print(version, flush=True)
    version += 1
"""


def _version(path):
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        ws = wb.active
        value = ws["A1"].value
        rows = ws.max_row
    finally:
        wb.close()
    return value, rows


def test_killed_export_leaves_previous_or_new_complete_file(tmp_path):
    random.seed(7)
    target = tmp_path / "bao-cao.xlsx"
    version = 1
    kills_mid_write = 0
    rounds = 12
    for _round in range(rounds):
        # Some whole exports, then one killed with half its workbook written: where the kill lands is
        # chosen by the test, not by how fast the machine writes.
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(version), str(random.randint(0, 1))],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        done = [int(line) for line in iter(proc.stdout.readline, "mid-write\n")]
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.stdout.read() == ""
        proc.wait()
        proc.stdin.close()
        if target.exists():
            value, rows = _version(target)  # a complete workbook, never a torn one
            assert rows == 2499
            assert value >= max(done, default=0) and value <= version + len(done)
        else:
            assert not done and version == 1
        leftovers = [p for p in tmp_path.iterdir() if p != target]
        kills_mid_write += bool(leftovers)  # the temp file of the write that was killed
        for p in leftovers:
            assert p.name.startswith(".~") and p.suffix == ".tmp"
            p.unlink()
        version = (max(done) + 1) if done else version
    assert kills_mid_write == rounds, "a kill mid-write left no temporary file: where did the half workbook go?"
