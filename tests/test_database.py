import hashlib
import sqlite3
import subprocess
import sys

import pytest

from tthc_desktop.errors import DatabaseNewerError
from tthc_desktop.storage.database import SCHEMA_VERSION, open_database
from tthc_desktop.storage.models import Base


def test_migrates_empty_file_to_all_tables(db_path):
    db = open_database(db_path)
    with sqlite3.connect(db_path) as con:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    db.close()


@pytest.mark.sqlite_only
def test_foreign_keys_on(db):
    with db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_reopen_is_idempotent(db_path):
    open_database(db_path).close()
    open_database(db_path).close()


def _newer_db(path):
    with sqlite3.connect(path) as con:
        con.execute("create table x (a)")
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 7}")
    con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_schema_is_refused_untouched(db_path):
    digest = _newer_db(db_path)
    with pytest.raises(DatabaseNewerError):
        open_database(db_path)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest


def test_cli_check_exit_5_on_newer(db_path):
    digest = _newer_db(db_path)
    r = subprocess.run([sys.executable, "-m", "tthc_desktop.cli", "--db", str(db_path), "check"],
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 5
    assert "phiên bản mới hơn" in r.stderr and "Traceback" not in r.stderr
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
