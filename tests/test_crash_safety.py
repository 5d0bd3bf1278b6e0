"""SIGKILL in the middle of a stream of writes, 50 times: the database always opens, is sound,
and holds every transaction that reported its commit before the kill."""
import os
import random
import signal
import subprocess
import sys

import pytest

from tthc_desktop.services.safety import full_check
from tthc_desktop.storage.database import check_openable, open_database
from tthc_desktop.storage.models import ActivityLog, Setting

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

ZYGOTE = r"""
# Imports once, then forks one writer per round (a fresh interpreter per round would spend most
# of the test importing SQLAlchemy). Protocol on stdout: "pid N", the writer's "ready" and ids,
# then "dead" once the killed writer has been reaped.
import os, sys
from tthc_desktop.storage.database import open_database
from tthc_desktop.storage.models import ActivityLog, Setting

def write_forever(path, i):
    db = open_database(path)
    print("ready", flush=True)
    while True:
        with db.session() as s:  # one transaction: a log row and a setting that must agree
            s.add(ActivityLog(action="ghi", detail=f"giao dịch {i} " + "x" * (i % 700)))
            s.merge(Setting(key="last", value=i))
        print(i, flush=True)
        i += 1

for line in sys.stdin:
    path, first = line.split()
    pid = os.fork()
    if pid == 0:
        try:
            write_forever(path, int(first))
        finally:
            os._exit(1)  # never fall back into the zygote's loop
    print(f"pid {pid}", flush=True)
    os.waitpid(pid, 0)
    print("dead", flush=True)
"""

ROUNDS = 50


def _one_round(zygote, db_path, next_id) -> list[int]:
    zygote.stdin.write(f"{db_path} {next_id}\n")
    zygote.stdin.flush()
    pid = int(zygote.stdout.readline().split()[1])
    assert zygote.stdout.readline().strip() == "ready"  # the database is open
    # The kill comes after a chosen number of reported commits, not after a time: the writer is then
    # somewhere in its next transactions, and how many commits the round proves does not depend on speed.
    committed = [int(zygote.stdout.readline()) for _ in range(random.randint(0, 40))]
    os.kill(pid, signal.SIGKILL)
    # Lines already in the pipe were committed before the kill too.
    for line in iter(zygote.stdout.readline, "dead\n"):
        committed.append(int(line))
    return committed


def test_sigkill_during_writes_never_loses_committed_transactions(tmp_path):
    random.seed(20240314)
    db_path = tmp_path / "crash.sqlite3"
    open_database(db_path).close()
    expected: set[int] = set()
    next_id = 1
    zygote = subprocess.Popen([sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        _rounds(db_path, zygote, expected, next_id)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    assert len(expected) > ROUNDS, "the writer hardly committed anything; the test proved little"


def _rounds(db_path, zygote, expected, next_id) -> None:
    for round_no in range(ROUNDS):
        expected.update(_one_round(zygote, db_path, next_id))
        check_openable(db_path)  # quick_check through a read-only connection
        assert full_check(db_path) == [], f"round {round_no}: integrity problems"
        db = open_database(db_path)
        try:
            with db.session() as s:
                details = [d for (d,) in s.query(ActivityLog.detail).all()]
                last = s.get(Setting, "last")
        finally:
            db.close()
        stored = {int(d.split()[2]) for d in details}
        missing = expected - stored
        assert not missing, f"round {round_no}: committed transactions lost: {sorted(missing)[:10]}"
        if stored:
            assert last is not None and last.value == max(stored), "a transaction was applied in part"
        next_id = max(stored | expected | {next_id - 1}) + 1
