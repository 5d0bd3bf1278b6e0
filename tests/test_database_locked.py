"""A database locked by another process: a clear Vietnamese message after the busy timeout, no hang."""
import sqlite3

import pytest

from tthc_desktop.cli.main import run
from tthc_desktop.errors import DatabaseLockedError
from tthc_desktop.storage import database
from tthc_desktop.storage.models import Setting

pytestmark = pytest.mark.sqlite_only  # SQLite-file behaviour; server mode: tests/test_server_*.py


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)


def test_write_while_another_connection_holds_the_lock(short_timeout, db, db_path):
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program is in the middle of writing
    try:
        with db.engine.connect() as c:  # SQLite gives up after this wait (the message below), never hangs
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 300
        with pytest.raises(DatabaseLockedError) as err:
            with db.session() as s:
                s.add(Setting(key="x", value=1))
        assert "đang bị một chương trình khác khóa" in err.value.message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with db.session() as s:  # works again once the other program lets go
        s.add(Setting(key="x", value=2))


def test_cli_on_a_locked_new_database_exits_cleanly(short_timeout, tmp_path, capsys):
    path = tmp_path / "moi.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code = run(["--db", str(path), "backup"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == DatabaseLockedError.exit_code
    assert "khóa" in err and "Traceback" not in err
