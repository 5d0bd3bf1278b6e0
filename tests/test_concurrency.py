"""Issue 12 (6, 7): processes racing on the same entry or the same file name. Six real `tthc` processes
are released together (forked from one process that imported everything, waiting for a start file) to record the progress of
one task in one period, or to attach six different files that share a name."""
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.factories import build_department
from tests.safety_support import REPO
from tthc_desktop.storage.database import open_database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process start-up timing")

# The full-size variants (over a minute each) run on request: TTHC_HEAVY_TESTS=1 python -m pytest -m slow …
HEAVY = pytest.mark.skipif(not os.environ.get("TTHC_HEAVY_TESTS"), reason="full-size variant: set TTHC_HEAVY_TESTS=1")

ZYGOTE = r"""
# Imports once, then for every line (a JSON list of argument lists) forks one racer per list. The
# racers wait for the start file, run `tthc` and exit; the zygote answers with their exit codes and stderr.
import json, os, sys, tempfile, time
from tthc_desktop.cli.main import build_parser, run
import tthc_desktop.services.tracking, tthc_desktop.storage.database, sqlalchemy.orm
build_parser()
for line in sys.stdin:
    go, commands = json.loads(line)
    children = []
    for argv in commands:
        err = tempfile.NamedTemporaryFile(delete=False, suffix=".err")
        pid = os.fork()
        if pid == 0:
            os.dup2(err.fileno(), 2)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            while not os.path.exists(go):
                time.sleep(0.0002)
            code = 1
            try:
                code = run(argv)
            finally:
                sys.stderr.flush()
                os._exit(code)
        children.append((pid, err.name))
    answer = []
    for pid, name in children:
        _, status = os.waitpid(pid, 0)
        with open(name, encoding="utf-8", errors="replace") as fh:
            answer.append([os.waitstatus_to_exitcode(status), fh.read()])
        os.unlink(name)
    print(json.dumps(answer), flush=True)
"""
PROCESSES = 6


@pytest.fixture
def zygote():
    proc = subprocess.Popen([sys.executable, "-c", ZYGOTE], cwd=REPO, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    yield proc
    proc.stdin.close()
    proc.wait(timeout=30)


def _race(zygote, commands: list[list[str]], go: Path) -> list[tuple[int, str]]:
    zygote.stdin.write(json.dumps([str(go), commands]) + "\n")
    zygote.stdin.flush()
    time.sleep(0.3)  # the racers are forked and wait
    go.touch()
    answer = json.loads(zygote.stdout.readline())
    go.unlink()
    return answer


@pytest.fixture
def department(tmp_path):
    path = tmp_path / "dua.sqlite3"
    db = open_database(path)
    ids = build_department(db)
    db.close()
    return path, ids


def _progress_rounds(zygote, path: Path, ids: dict, rounds: int, go: Path) -> None:
    for round_no in range(rounds):
        period = f"2024Q{round_no % 4 + 1}" if round_no < 4 else f"{2020 + round_no // 4}Q{round_no % 4 + 1}"
        unit = [] if round_no % 2 == 0 else ["--unit", "Thanh tra Sở"]
        results = _race(zygote, [["--db", str(path), "progress", "add", "1", "--period", period, "--status", "in_progress",
                          "--note", f"tiến trình {n}", *unit] for n in range(PROCESSES)], go)
        assert [code for code, _ in results] == [0] * PROCESSES, [err for code, err in results if code]
        with sqlite3.connect(path) as con:
            keys = Counter(con.execute("SELECT task_id, period, unit_id FROM progress_entries").fetchall())
        con.close()
        assert max(keys.values()) == 1, f"round {round_no}: duplicate entries {[k for k, n in keys.items() if n > 1]}"
        assert (ids["tasks"]["1"], period, ids["units"]["Thanh tra Sở"] if unit else None) in keys


def _evidence_rounds(zygote, path: Path, tmp: Path, rounds: int, go: Path) -> None:
    uploads: dict[str, bytes] = {}
    for round_no in range(rounds):
        commands = []
        for n in range(PROCESSES):
            folder = tmp / f"nguoi-{round_no}-{n}"
            folder.mkdir()
            data = f"biên bản {round_no}-{n} ".encode() * (2000 + 97 * n)
            (folder / "Biên bản.pdf").write_bytes(data)
            uploads[hashlib.sha256(data).hexdigest()] = data
            commands.append(["--db", str(path), "evidence", "add", "1", str(folder / "Biên bản.pdf"),
                             "--number", f"{round_no}-{n}/BB"])
        results = _race(zygote, commands, go)
        assert [code for code, _ in results] == [0] * PROCESSES, [err for code, err in results if code]
    with sqlite3.connect(path) as con:
        records = con.execute("SELECT file_path, sha256 FROM evidence_documents").fetchall()
    con.close()
    root = path.parent / "evidence"
    assert len(records) == len(uploads) == len({p for p, _ in records}), "two records share one stored file"
    for stored, recorded in records:
        actual = hashlib.sha256((root / stored).read_bytes()).hexdigest()
        assert actual == recorded, f"{stored} was overwritten by another upload"
    assert {h for _, h in records} == set(uploads), "an upload is missing"


def test_racing_processes_keep_one_entry_and_every_file(department, zygote, tmp_path):
    path, ids = department
    _progress_rounds(zygote, path, ids, 3, tmp_path / "go")
    _evidence_rounds(zygote, path, tmp_path, 3, tmp_path / "go")


@pytest.mark.slow
@HEAVY
def test_racing_processes_twenty_rounds(department, zygote, tmp_path):
    path, ids = department
    _progress_rounds(zygote, path, ids, 20, tmp_path / "go")
    _evidence_rounds(zygote, path, tmp_path, 20, tmp_path / "go")


def test_duplicate_office_entries_of_an_older_program_are_merged_on_upgrade(tmp_path):
    """Before the office entry was unique, a race could leave two; the upgrade keeps the newest of them."""
    import shutil

    path = tmp_path / "cu.sqlite3"
    shutil.copy(Path(__file__).parent / "fixtures" / "db" / "schema-1.sqlite3", path)  # as the first release wrote it
    with sqlite3.connect(path) as con:
        task = con.execute("SELECT id FROM tasks ORDER BY id DESC LIMIT 1").fetchone()[0]
        con.execute("DELETE FROM progress_entries")
        for day, text in ((1, "cũ"), (3, "mới nhất"), (2, "giữa")):
            con.execute("INSERT INTO progress_entries (task_id, period, unit_id, status, percent, result_text, "
                        "documents_text, difficulties, proposals, not_done_reason, source, updated_at) "
                        "VALUES (?, '2024Q1', NULL, 'in_progress', 10, ?, '', '', '', '', 'typed', ?)",
                        (task, text, f"2024-03-0{day} 00:00:00"))
    con.close()
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*) FROM progress_entries").fetchone()[0] == 3
    con.close()
    open_database(path).close()
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT result_text FROM progress_entries").fetchall()
    con.close()
    assert rows == [("mới nhất",)]
