"""Server mode `tthc backup` / `tthc restore`: pg_dump when on PATH, else a logical export the program restores."""
import json
import shutil
import zipfile

import pytest
from factories import build_department
from sqlalchemy import func, select

from tthc_desktop.cli.main import run
from tthc_desktop.errors import DatabaseDamagedError
from tthc_desktop.storage import pg_backup
from tthc_desktop.storage.database import open_database
from tthc_desktop.storage.models import ProgressEntry, Task


@pytest.fixture
def server_db(pg_url):
    db = open_database(pg_url)
    build_department(db)
    yield db
    db.close()


def _tasks(db) -> list[tuple]:
    with db.read_session() as s:
        return [tuple(r) for r in s.execute(select(Task.id, Task.number, Task.content, Task.version).order_by(Task.id))]


def _damage_all_tasks(db) -> None:
    with db.session() as s:
        for t in s.scalars(select(Task)):
            t.content = "đã bị ghi đè"
        s.query(ProgressEntry).delete()


@pytest.mark.parametrize("with_pg_dump", [True, False])
def test_backup_then_restore_brings_the_data_back(server_db, pg_url, capsys, monkeypatch, with_pg_dump):
    if not with_pg_dump:
        monkeypatch.setattr(pg_backup.shutil, "which", lambda name: None)
    elif not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not on PATH")
    before = _tasks(server_db)
    with server_db.read_session() as s:
        entries = s.scalar(select(func.count()).select_from(ProgressEntry))
    assert run(["--db", pg_url, "backup", "--json"]) == 0
    backup = json.loads(capsys.readouterr().out)["backup"]
    assert backup.endswith(".pgdump" if with_pg_dump else ".tthc.zip")
    _damage_all_tasks(server_db)
    assert _tasks(server_db) != before
    assert run(["--db", pg_url, "restore", backup, "--json"]) == 0
    previous = json.loads(capsys.readouterr().out)["previous"]
    server_db.engine.dispose()  # pg_restore recreated the tables under the pooled connections
    assert _tasks(server_db) == before
    with server_db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(ProgressEntry)) == entries
    # the data that was replaced was itself backed up first
    assert previous != backup and pg_backup.Path(previous).is_file()
    with open_database(pg_url).session() as s:  # ids go on after the restored ones
        s.add(ProgressEntry(task_id=before[0][0], period="2030Q1", status="done"))


def test_a_damaged_export_is_refused_before_anything_changes(server_db, tmp_path):
    good = pg_backup.logical_export(server_db, tmp_path / "a.tthc.zip")
    bad = tmp_path / "b.tthc.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            if item == "tables/tasks.jsonl":
                data = data.replace("Văn phòng".encode(), "Văn phong".encode(), 1)
            dst.writestr(item, data)
    before = _tasks(server_db)
    with pytest.raises(DatabaseDamagedError, match="bảng tasks"):
        pg_backup.restore_server(server_db, bad)
    assert _tasks(server_db) == before


def test_backups_lists_the_server_backups(server_db, pg_url, capsys, monkeypatch):
    monkeypatch.setattr(pg_backup.shutil, "which", lambda name: None)
    assert run(["--db", pg_url, "backup", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)["backup"]
    assert run(["--db", pg_url, "backups", "--json"]) == 0
    assert [b["file"] for b in json.loads(capsys.readouterr().out)["backups"]] == [made]


def test_demo_is_not_built_on_a_server(pg_url, capsys):
    assert run(["--db", pg_url, "demo"]) == 2
    assert "tthc db copy" in capsys.readouterr().err


@pytest.mark.server
def test_the_windows_restore_works_on_the_server(server_db, qtbot, monkeypatch, tmp_path):
    """Tệp → Khôi phục in server mode lists the server backups and restores the server, not a local file."""
    from tthc_desktop.services.server import backup_database
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.shell import recovery_dialog as rd

    monkeypatch.setattr(pg_backup.shutil, "which", lambda name: None)  # the logical export, on any machine
    before = _tasks(server_db)
    made = backup_database(server_db)
    _damage_all_tasks(server_db)
    dialog = rd.RestoreDialog(AppContext(server_db))
    qtbot.addWidget(dialog)
    assert [i.path for i in dialog.items] == [made] and dialog.table.item(0, 1).text() == "Thủ công"
    not_ours = tmp_path / "khac.tthc.zip"
    not_ours.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: no manifest
    monkeypatch.setattr(rd.QMessageBox, "warning", lambda *a: None)
    assert dialog.restore(not_ours, confirm=False) is False and _tasks(server_db) != before
    assert dialog.restore(made, confirm=False) is True
    assert _tasks(server_db) == before
    assert dialog.restored.previous.is_file() and dialog.restored.previous != made
    assert not server_db.path.exists()  # no local database file was written in its place
