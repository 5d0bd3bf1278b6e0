"""Backups: automatic schedule, thinning, restore (current kept, restored-from never rotated), recovery."""
import hashlib
import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from tthc_desktop.errors import BadInputError, DatabaseDamagedError, DatabaseNewerError
from tthc_desktop.services import safety
from tthc_desktop.storage import backup as bk
from tthc_desktop.storage.database import SCHEMA_VERSION, open_database
from tthc_desktop.storage.models import Setting

pytestmark = pytest.mark.sqlite_only  # SQLite-file behaviour; server mode: tests/test_server_*.py


def _set(db, key, value):
    with db.session() as s:
        s.merge(Setting(key=key, value=value))


def _get(path, key):
    with sqlite3.connect(path) as con:
        row = con.execute("select value from settings where key=?", (key,)).fetchone()
    con.close()
    if row is None:
        return None
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tthc(*args):
    return subprocess.run([sys.executable, "-m", "tthc_desktop.cli", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8")


# --- policy (pure) -------------------------------------------------------------------------------

def test_policy_due_only_when_changed_and_interval_passed():
    p = bk.AutoBackupPolicy(interval_minutes=15)
    t0 = datetime(2024, 3, 1, 8, 0)
    assert p.is_due(t0, None, changed=True)
    assert not p.is_due(t0 + timedelta(hours=5), t0, changed=False)
    assert not p.is_due(t0 + timedelta(minutes=14), t0, changed=True)
    assert p.is_due(t0 + timedelta(minutes=15), t0, changed=True)
    assert p.is_due(t0 + timedelta(minutes=1), t0, changed=True, reason="exit")
    assert not p.is_due(t0 + timedelta(minutes=1), t0, changed=False, reason="start")


def test_policy_thinning_keeps_recent_daily_weekly_monthly():
    p = bk.AutoBackupPolicy(keep_recent=10, keep_daily=7, keep_weekly=4, keep_monthly=12)
    now = datetime(2025, 6, 30, 18, 0)
    times = [now - timedelta(hours=3 * i) for i in range(8 * 365)]  # two years, every 3 hours
    keep = p.to_keep(times)
    assert set(sorted(times, reverse=True)[:10]) <= keep
    days = {t.date() for t in keep}
    for d in range(7):  # the newest backup of each of the last 7 days
        day = (now - timedelta(days=d)).date()
        assert max(t for t in times if t.date() == day) in keep
    months = {(t.year, t.month) for t in keep}
    assert len(months) == 12 and (2024, 7) in months and (2024, 6) not in months
    assert len(keep) <= 10 + 7 + 4 + 12
    assert len(days) >= 7


# --- automatic backups on files ------------------------------------------------------------------

def test_auto_backup_on_change_only_and_thinned(db, db_path):
    t = datetime(2024, 1, 1, 8, 0)
    first = bk.maybe_auto_backup(db_path, t, reason="start")
    assert first and first.exists()
    assert bk.maybe_auto_backup(db_path, t + timedelta(hours=1)) is None  # nothing changed
    _set(db, "a", 1)
    assert bk.maybe_auto_backup(db_path, t + timedelta(minutes=5)) is None  # too soon
    second = bk.maybe_auto_backup(db_path, t + timedelta(minutes=20))
    assert second and _get(second, "a") == 1
    policy = bk.AutoBackupPolicy(keep_recent=3, keep_daily=1, keep_weekly=0, keep_monthly=0)
    for i in range(8):
        _set(db, "a", i)
        bk.maybe_auto_backup(db_path, t + timedelta(hours=1 + i), reason="exit", policy=policy)
    autos = [b for b in bk.list_backups(db_path) if b.kind == bk.AUTO]
    assert len(autos) == 3
    assert _get(autos[0].path, "a") == 7


def test_manual_backups_never_thinned(db, db_path):
    manual = bk.backup_now(db_path)
    policy = bk.AutoBackupPolicy(keep_recent=1, keep_daily=0, keep_weekly=0, keep_monthly=0)
    for i in range(4):
        _set(db, "x", i)
        bk.maybe_auto_backup(db_path, datetime(2024, 1, 1) + timedelta(days=i), reason="exit", policy=policy)
    kinds = [b.kind for b in bk.list_backups(db_path)]
    assert manual.exists() and kinds.count(bk.AUTO) == 1 and kinds.count(bk.MANUAL) == 1


def test_backup_is_self_contained_and_consistent(db, db_path):
    _set(db, "k", "giá trị")
    target = bk.backup_now(db_path)
    assert not (target.parent / (target.name + "-wal")).exists()
    with sqlite3.connect(target) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert _get(target, "k") == "giá trị"


def test_suspended_while_restoring(db, db_path):
    with bk.suspend_auto_backups(db_path):
        assert bk.maybe_auto_backup(db_path, datetime.now(), reason="start") is None
    assert bk.maybe_auto_backup(db_path, datetime.now(), reason="start") is not None


# --- restore ---------------------------------------------------------------------------------------

def test_restore_keeps_current_and_restored_from_is_never_rotated(db, db_path):
    _set(db, "phiên", "cũ")
    old = bk.backup_now(db_path, bk.AUTO, datetime(2024, 1, 1, 8))
    _set(db, "phiên", "mới")
    db.close()
    result = safety.restore_backup(db_path, old)
    assert _get(db_path, "phiên") == "cũ"
    assert result.previous.exists() and _get(result.previous, "phiên") == "mới"
    assert "truoc-khoi-phuc" in result.previous.name
    policy = bk.AutoBackupPolicy(keep_recent=1, keep_daily=0, keep_weekly=0, keep_monthly=0)
    db2 = open_database(db_path)
    for i in range(5):
        _set(db2, "n", i)
        bk.maybe_auto_backup(db_path, datetime(2024, 2, 1) + timedelta(days=i), reason="exit", policy=policy)
    db2.close()
    assert old.exists(), "the backup restored from was rotated away"
    assert result.previous.exists()
    assert any(b.protected and b.path == old for b in bk.list_backups(db_path))


def test_restore_refuses_damaged_or_newer_and_changes_nothing(db, db_path, tmp_path):
    _set(db, "k", 1)
    db.close()
    before = _digest(db_path)
    damaged = tmp_path / "hong.sqlite3"
    good = bk.backup_now(db_path)
    data = bytearray(good.read_bytes())
    for page in range(1, len(data) // 4096):  # every b-tree page header after the first page
        data[page * 4096: page * 4096 + 8] = b"\x0d\xff\xff\x7f\xff\xff\xff\xff"
    damaged.write_bytes(bytes(data))
    newer = tmp_path / "moi.sqlite3"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as con:
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.close()
    garbage = tmp_path / "rac.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    n_backups = len(bk.list_backups(db_path))
    for bad, err in ((damaged, DatabaseDamagedError), (newer, DatabaseNewerError), (garbage, DatabaseDamagedError)):
        with pytest.raises(err):
            safety.restore_backup(db_path, bad)
    with pytest.raises(BadInputError):
        safety.restore_backup(db_path, tmp_path / "khong-co.sqlite3")
    assert _digest(db_path) == before and len(bk.list_backups(db_path)) == n_backups
    for bad in (damaged, newer, garbage):
        r = tthc("--db", db_path, "restore", bad)
        assert r.returncode == 5, r.stderr
        assert "Traceback" not in r.stderr and r.stderr.strip()
    assert _digest(db_path) == before


def test_cli_backup_restore_backups_check(tmp_path):
    db_file = tmp_path / "cli.sqlite3"
    r = tthc("--db", db_file, "backup", "--json")
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)["backup"]
    r = tthc("--db", db_file, "backups", "--json")
    listed = json.loads(r.stdout)["backups"]
    assert [b["file"] for b in listed] == [made] and listed[0]["kind"] == "thu-cong"
    assert "Thủ công" in tthc("--db", db_file, "backups").stdout
    r = tthc("--db", db_file, "restore", made)
    assert r.returncode == 0 and "Đã khôi phục" in r.stdout
    assert tthc("--db", db_file, "check").returncode == 0


def test_check_exit_5_on_damaged_and_foreign_keys(tmp_path):
    db_file = tmp_path / "fk.sqlite3"
    open_database(db_file).close()
    with sqlite3.connect(db_file) as con:
        con.execute("PRAGMA foreign_keys=OFF")
        cols = [r[1] for r in con.execute("PRAGMA table_info(activity_log)")]
        assert "task_id" in cols
        con.execute("insert into activity_log(at, task_id, action, detail) values ('2024-01-01', 999, 'x', '')")
    con.close()
    r = tthc("--db", db_file, "check", "--json")
    assert r.returncode == 5 and "Khóa ngoại" in r.stdout and "Traceback" not in r.stderr


def test_newest_good_backup_skips_damaged_and_recovery_sets_damaged_aside(db, db_path):
    _set(db, "k", "tốt")
    good = bk.backup_now(db_path, now=datetime(2024, 1, 1))
    newer_bad = bk.backup_now(db_path, now=datetime(2024, 1, 2))
    newer_bad.write_bytes(b"\0" * 200 + newer_bad.read_bytes()[200:])
    db.close()
    assert safety.newest_good_backup(db_path) == good
    with open(db_path, "r+b") as f:  # damage the live database
        f.seek(0)
        f.write(b"garbage header!!")
    damaged_digest = _digest(db_path)
    result = safety.recover_from_backup(db_path, good)
    assert result.previous.exists() and _digest(result.previous) == damaged_digest
    assert ".hong-" in result.previous.name
    assert _get(db_path, "k") == "tốt"
    open_database(db_path).close()


def test_restore_over_damaged_current_sets_it_aside(db, db_path):
    good = bk.backup_now(db_path)
    db.close()
    db_path.write_bytes(b"\x13" * 8192)
    result = safety.restore_backup(db_path, good)
    assert ".hong-" in result.previous.name and result.previous.read_bytes() == b"\x13" * 8192
    open_database(db_path).close()


def test_restore_refused_while_another_program_has_the_database_open(db, db_path):
    from tthc_desktop.errors import DatabaseLockedError

    _set(db, "k", "đang mở")
    good = bk.backup_now(db_path)
    other = open_database(db_path)  # e.g. the window is still open
    with other.session() as s:
        s.get(Setting, "k")
    db.close()
    n = len(bk.list_backups(db_path))
    with pytest.raises(DatabaseLockedError) as err:
        safety.restore_backup(db_path, good)
    assert "đang được mở" in err.value.message and len(bk.list_backups(db_path)) == n
    r = tthc("--db", db_path, "restore", good)
    assert r.returncode == DatabaseLockedError.exit_code and "Traceback" not in r.stderr
    other.close()
    assert safety.restore_backup(db_path, good).previous is not None
