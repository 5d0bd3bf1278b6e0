"""Issue 12, restore: no committed write lost (1), a full disk moves nothing (2), a damaged database is
never renamed away before its replacement is complete and no empty one appears where one existed (3),
foreign or booby-trapped backups (8) and databases of a newer program (9) are refused untouched."""
import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.factories import build_department
from tests.safety_support import digest, fill_disk, one_sentence, small_filesystem, tthc
from tthc_desktop.errors import DatabaseDamagedError, DatabaseMissingError, DatabaseNewerError
from tthc_desktop.services import safety
from tthc_desktop.storage import backup as bk
from tthc_desktop.storage.database import SCHEMA_VERSION, open_database
from tthc_desktop.storage.models import Setting

# Files, leftovers and SQLite's own checks: the PostgreSQL run has its own tests for these.
pytestmark = pytest.mark.sqlite_only


def _set(db, key, value):
    with db.session() as s:
        s.merge(Setting(key=key, value=value))


def _settings(path: Path) -> dict:
    with sqlite3.connect(path) as con:
        rows = {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM settings").fetchall()}
    con.close()
    return rows


# --- 1: a write between the check and the replacement ----------------------------------------------

def test_a_write_during_restore_either_waits_out_or_is_kept(db, db_path, monkeypatch):
    _set(db, "phiên", "cũ")
    source = bk.backup_now(db_path)  # in backups/: restore marks it protected after its pre-restore backup
    _set(db, "phiên", "mới")
    db.close()
    outcome = {}
    real_protect = bk.protect

    def protect_then_write(db_file, backup):
        # Another program commits after the pre-restore backup and before the replacement.
        con = sqlite3.connect(db_file, timeout=0.3)
        try:
            con.execute("INSERT INTO settings(key, value) VALUES ('chen-ngang', '1')")
            con.commit()
            outcome["committed"] = True
        except sqlite3.OperationalError as exc:
            outcome["committed"] = False
            outcome["error"] = str(exc)
        finally:
            con.close()
        real_protect(db_file, backup)

    monkeypatch.setattr(bk, "protect", protect_then_write)
    result = safety.restore_backup(db_path, source)
    kept = "chen-ngang" in _settings(result.previous) or "chen-ngang" in _settings(db_path)
    assert outcome["committed"] is False or kept, "a write reported committed is in neither database"
    assert outcome["committed"] is False and "locked" in outcome["error"]  # held out by the exclusive lock
    assert _settings(db_path)["phiên"] == "cũ" and _settings(result.previous)["phiên"] == "mới"


# --- 2 & 4: full disk --------------------------------------------------------------------------------

def test_restore_on_a_nearly_full_disk_moves_nothing_and_says_so(tmp_path):
    with small_filesystem(tmp_path / "o-nho", "3m") as disk:
        db_file = disk / "tthc.sqlite3"
        db = open_database(db_file)
        build_department(db)
        _set(db, "k", "trước")
        db.close()
        source = bk.backup_now(db_file)
        before = digest(db_file)
        filler = fill_disk(disk, leave=40 * 1024)
        r = tthc("--db", db_file, "restore", source)
        assert r.returncode == 3, r.stderr
        assert one_sentence(r.stderr) and "Ổ đĩa đã đầy" in r.stderr and "không có gì bị thay đổi" in r.stderr
        assert digest(db_file) == before
        assert not list(disk.glob("*.hong-*")) and db_file.exists()
        filler.unlink()
        r = tthc("--db", db_file, "check")
        assert r.returncode == 0, r.stderr
        assert _settings(db_file)["k"] == "trước"


def test_a_sound_database_on_a_full_disk_is_not_called_damaged(tmp_path):
    with small_filesystem(tmp_path / "day", "3m") as disk:
        db_file = disk / "tthc.sqlite3"
        db = open_database(db_file)
        build_department(db)
        db.close()
        for suffix in ("-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
        before = digest(db_file)
        filler = fill_disk(disk)
        for command in (["check"], ["progress", "add", "1", "--period", "2024Q1", "--status", "done"]):
            r = tthc("--db", db_file, *command)
            assert r.returncode == 3, (command, r.returncode, r.stderr)
            assert one_sentence(r.stderr) and "đầy" in r.stderr and "hỏng" not in r.stderr.replace("không hỏng", "")
        assert digest(db_file) == before and not list(disk.glob("*.hong-*"))
        filler.unlink()
        assert tthc("--db", db_file, "check").returncode == 0


# --- 3: damaged current database -------------------------------------------------------------------

def test_restore_over_a_damaged_database_never_leaves_the_place_empty(db, db_path, monkeypatch):
    good = bk.backup_now(db_path)
    db.close()
    db_path.write_bytes(b"\x13" * 8192)
    seen = []
    real_replace = os.replace

    def replace_and_look(src, dst):
        seen.append(Path(db_path).exists())  # at every rename the database file is still there
        if Path(dst) == db_path:
            raise OSError(28, "No space left on device")  # the kill/failure at the worst moment
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_and_look)
    with pytest.raises(Exception):
        safety.restore_backup(db_path, good)
    monkeypatch.setattr(os, "replace", real_replace)
    assert all(seen) and db_path.read_bytes() == b"\x13" * 8192
    result = safety.restore_backup(db_path, good)
    assert result.previous.read_bytes() == b"\x13" * 8192 and db_path.exists()
    open_database(db_path).close()


def test_no_empty_database_is_created_where_one_existed(db, db_path):
    build_department(db)
    backup = bk.backup_now(db_path)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseMissingError) as err:
        open_database(db_path)
    assert backup.name in err.value.message and "khôi phục" in err.value.message
    r = tthc("--db", db_path, "task", "list", "--period", "2024Q1")
    assert r.returncode == 5 and one_sentence(r.stderr) and "tthc restore" in r.stderr
    assert not db_path.exists()
    assert tthc("--db", db_path, "restore", backup).returncode == 0
    assert tthc("--db", db_path, "check").returncode == 0


def test_a_fresh_folder_still_gets_a_new_database(tmp_path):
    r = tthc("--db", tmp_path / "moi" / "tthc.sqlite3", "check")
    assert r.returncode == 0, r.stderr


# --- 8: foreign and booby-trapped backups ----------------------------------------------------------

def _variant(good: Path, target: Path, sql: str) -> Path:
    target.write_bytes(good.read_bytes())
    with sqlite3.connect(target) as con:
        con.executescript(sql)
    con.close()
    return target


@pytest.mark.parametrize("name, sql", [
    ("trigger", "CREATE TRIGGER xoa AFTER INSERT ON activity_log BEGIN DELETE FROM progress_entries; END;"),
    ("view", "CREATE VIEW v AS SELECT * FROM tasks;"),
    ("index", "CREATE INDEX ix_la ON tasks(content);"),
    ("table", "CREATE TABLE them(x);"),
    ("column", "ALTER TABLE tasks ADD COLUMN la TEXT;"),
    ("dropped", "DROP INDEX ix_progress_entries_period;"),
])
def test_a_real_database_with_one_change_is_refused(db, db_path, tmp_path, name, sql):
    build_department(db)
    good = bk.backup_now(db_path)
    db.close()
    before = digest(db_path)
    bad = _variant(good, tmp_path / f"{name}.sqlite3", sql)
    with pytest.raises(DatabaseDamagedError, match="không phải bản sao lưu do TTHC Desktop tạo"):
        safety.restore_backup(db_path, bad)
    assert digest(db_path) == before


def test_foreign_sqlite_files_are_refused_by_the_cli(db_path, tmp_path):
    open_database(db_path).close()
    before = digest(db_path)
    only_alembic = tmp_path / "alembic.sqlite3"
    with sqlite3.connect(only_alembic) as con:
        con.executescript("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
                          "INSERT INTO alembic_version VALUES ('0001_initial');")
    con.close()
    empty_v1 = tmp_path / "rong.sqlite3"
    with sqlite3.connect(empty_v1) as con:
        con.execute("PRAGMA user_version=1")
        con.execute("CREATE TABLE t(x)")
        con.execute("DROP TABLE t")
    con.close()
    for bad in (only_alembic, empty_v1):
        r = tthc("--db", db_path, "restore", bad)
        assert r.returncode == 5 and one_sentence(r.stderr), (bad.name, r.stderr)
        assert digest(db_path) == before
    assert tthc("--db", db_path, "check").returncode == 0


def test_an_older_schema_backup_is_still_accepted(db, db_path, tmp_path):
    """A backup taken by the previous version (revision 0001, user_version 1) is the one it created."""
    from sqlalchemy import create_engine

    from tthc_desktop.storage.database import run_migrations

    old = tmp_path / "cu.sqlite3"
    engine = create_engine(f"sqlite:///{old}")
    run_migrations(engine, "0001_initial")
    engine.dispose()
    with sqlite3.connect(old) as con:
        con.execute("PRAGMA user_version=1")
    con.close()
    db.close()
    safety.restore_backup(db_path, old)
    open_database(db_path).close()  # migrated forward after the restore


# --- 9: a database of a newer program --------------------------------------------------------------

@pytest.mark.parametrize("user_version", [0, 1, SCHEMA_VERSION])
def test_an_unknown_alembic_revision_is_newer_and_untouched(db_path, user_version):
    open_database(db_path).close()
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE alembic_version SET version_num = '0099_tuong_lai'")
        con.execute(f"PRAGMA user_version={user_version}")
    con.close()
    before = digest(db_path)
    with pytest.raises(DatabaseNewerError):
        open_database(db_path)
    for command in (["check"], ["progress", "add", "1", "--period", "2024Q1", "--status", "done"]):
        r = tthc("--db", db_path, *command)
        assert r.returncode == 5 and one_sentence(r.stderr) and "mới hơn" in r.stderr, r.stderr
    assert digest(db_path) == before
