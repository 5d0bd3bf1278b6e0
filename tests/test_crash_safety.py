"""SIGKILL in the middle of a stream of writes, 50 times: the database always opens, is sound,
and holds every transaction that reported its commit before the kill."""
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tthc_desktop.services.safety import full_check
from tthc_desktop.storage.database import check_openable, open_database
from tthc_desktop.storage.models import ActivityLog, Setting

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

WRITER = r"""
import sys
from tthc_desktop.storage.database import open_database
from tthc_desktop.storage.models import ActivityLog, Setting
db = open_database(sys.argv[1])
i = int(sys.argv[2])
print("ready", flush=True)
while True:
    with db.session() as s:  # one transaction: a log row and a setting that must agree
        s.add(ActivityLog(action="ghi", detail=f"giao dịch {i} " + "x" * (i % 700)))
        s.merge(Setting(key="last", value=i))
    print(i, flush=True)
    i += 1
"""

ROUNDS = 50


def _committed_before_kill(proc, deadline: float) -> list[int]:
    committed = []
    proc.stdout.readline()  # "ready": the database is open
    stop_after = time.monotonic() + random.uniform(0.0, 0.25)
    while time.monotonic() < min(stop_after, deadline):
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    # Lines already written to the pipe were committed before the kill too.
    rest = proc.stdout.read()
    committed += [int(x) for x in rest.split()]
    proc.wait()
    return committed


def test_sigkill_during_writes_never_loses_committed_transactions(tmp_path):
    random.seed(20240314)
    db_path = tmp_path / "crash.sqlite3"
    open_database(db_path).close()
    expected: set[int] = set()
    next_id = 1
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    started = time.monotonic()
    for round_no in range(ROUNDS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), str(next_id)],
                                stdout=subprocess.PIPE, text=True, env=env)
        committed = _committed_before_kill(proc, time.monotonic() + 2)
        expected.update(committed)
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
    assert len(expected) > ROUNDS, "the writer hardly committed anything; the test proved little"
    assert time.monotonic() - started < 90
