"""Issue 12 (4, 5, 13, 16): read-only media, full disks and odd paths are one sentence each, never a
traceback and never "damaged"; a network drive is warned about; the SQLite version is logged."""
import os
import sys
from pathlib import Path

import pytest

from tests.factories import build_department
from tests.safety_support import digest, fill_disk, one_sentence, remount, small_filesystem, tthc
from tthc_desktop.storage import fs
from tthc_desktop.storage.database import open_database


def _department(path: Path) -> dict:
    db = open_database(path)
    ids = build_department(db)
    db.close()
    return ids


def test_read_only_media_open_for_reading_and_say_nothing_can_be_saved(tmp_path):
    with small_filesystem(tmp_path / "usb", "4m") as disk:
        db_file = disk / "tthc.sqlite3"
        _department(db_file)
        remount(disk, "ro")
        before = digest(db_file)
        r = tthc("--db", db_file, "task", "list", "--period", "2024Q1", "--json")
        assert r.returncode == 0, r.stderr
        assert "chỉ đọc" in r.stderr and "không lưu được" in r.stderr and '"tasks"' in r.stdout or r.stdout.startswith("[")
        assert tthc("--db", db_file, "check").returncode == 0
        r = tthc("--db", db_file, "progress", "add", "1", "--period", "2024Q1", "--status", "done")
        assert r.returncode == 3 and one_sentence(r.stderr) and "chỉ đọc" in r.stderr, r.stderr
        assert "hỏng" not in r.stderr
        r = tthc("--db", db_file, "backup")
        assert r.returncode == 3 and one_sentence(r.stderr), r.stderr
        r = tthc("--db", disk / "moi.sqlite3", "check")  # nowhere to create a new one
        assert r.returncode == 3 and one_sentence(r.stderr) and "chỉ đọc" in r.stderr, r.stderr
        assert digest(db_file) == before
        remount(disk, "rw")


def test_a_full_disk_is_one_sentence_even_when_the_log_cannot_be_written(tmp_path):
    with small_filesystem(tmp_path / "day", "3m") as disk:
        db_file = disk / "tthc.sqlite3"
        _department(db_file)
        assert tthc("--db", db_file, "task", "list", "--period", "2024Q1").returncode == 0  # logs/ exists
        fill_disk(disk, leave=120 * 1024)
        before = digest(db_file)
        for command in (["report", "build", "--period", "2024Q2", "--out", disk / "bao-cao"],
                        ["backup"],
                        ["progress", "add", "1", "--period", "2024Q1", "--status", "done", "--note", "x" * 200]):
            if command[0] == "progress":  # a failed build took its files back: the disk is filled again
                fill_disk(disk)
            r = tthc("--db", db_file, *map(str, command))
            assert r.returncode == 3, (command[:2], r.returncode, r.stderr)
            assert one_sentence(r.stderr) and r.stderr.strip().count("\n") == 0, r.stderr
            assert "Ổ đĩa đã đầy" in r.stderr and "nhật ký" not in r.stderr and "tthc.log" not in r.stderr
        assert digest(db_file) == before


def test_db_path_that_is_a_fifo_or_a_folder_is_refused(tmp_path):
    fifo = tmp_path / "ong.sqlite3"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        r = tthc("--db", target, "check", timeout=20)
        assert r.returncode == 3 and one_sentence(r.stderr), r.stderr


def test_a_file_named_backups_is_a_sentence(tmp_path):
    db_file = tmp_path / "tthc.sqlite3"
    open_database(db_file).close()
    (tmp_path / "backups").write_text("không phải thư mục")
    r = tthc("--db", db_file, "backup")
    assert r.returncode == 3 and one_sentence(r.stderr) and "backups" in r.stderr, r.stderr
    assert tthc("--db", db_file, "check").returncode == 0


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_database_file_is_read_only(tmp_path):
    db_file = tmp_path / "tthc.sqlite3"
    _department(db_file)
    db_file.chmod(0o444)
    assert not fs.can_write(db_file)
    r = tthc("--db", db_file, "progress", "add", "1", "--period", "2024Q1", "--status", "done")
    assert r.returncode == 3 and one_sentence(r.stderr)


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX file names are bytes")
def test_file_names_that_are_not_utf8(tmp_path):
    db_file = tmp_path / "tthc.sqlite3"
    _department(db_file)
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/bi\xean-b\xe1n.pdf"))
    odd.write_bytes(b"%PDF-1.4 noi dung")
    r = tthc("--db", db_file, "evidence", "add", "1", odd, "--number", "12/BB")
    assert r.returncode == 0, r.stderr
    plan = Path(os.fsdecode(bytes(tmp_path) + b"/k\xe9-ho\xe1ch.docx"))
    plan.write_bytes(b"PK\x03\x04 hong")
    r = tthc("--db", db_file, "plan", "import", plan)
    assert r.returncode == 3 and one_sentence(r.stderr), r.stderr
    odd_db = Path(os.fsdecode(bytes(tmp_path) + b"/d\xe9.sqlite3"))  # the database itself
    assert tthc("--db", odd_db, "backup").returncode == 0
    made = next((tmp_path / "backups").glob("d*-thu-cong.sqlite3"))
    r = tthc("--db", odd_db, "restore", made)
    assert r.returncode == 0, r.stderr
    assert tthc("--db", odd_db, "backups").returncode == 0


def test_network_paths_are_recognised_and_warned_about(tmp_path, monkeypatch):
    assert fs.is_network_path(Path(r"\\may-chu\du-lieu\tthc.sqlite3"))
    assert fs.is_network_path(Path("//may-chu/du-lieu/tthc.sqlite3"))
    assert not fs.is_network_path(tmp_path / "tthc.sqlite3")
    monkeypatch.setattr(fs, "_mount_type", lambda path: "cifs")  # a mapped remote share
    db = open_database(tmp_path / "tthc.sqlite3")
    try:
        assert any("ổ mạng" in n for n in db.notices)
    finally:
        db.close()


def test_the_sqlite_version_is_logged(tmp_path):
    import sqlite3

    db_file = tmp_path / "tthc.sqlite3"
    assert tthc("--db", db_file, "check").returncode == 0
    log = (tmp_path / "logs" / "tthc.log").read_text(encoding="utf-8")
    assert f"SQLite {sqlite3.sqlite_version}" in log


def test_the_window_opens_a_read_only_database_and_says_so(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tthc_desktop import app

    db_file = tmp_path / "tthc.sqlite3"
    _department(db_file)
    said = []
    for name in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, _n=name, **k: said.append((_n, a[2]))))
    monkeypatch.setattr(fs, "can_write", lambda path: False)  # as on a write-protected USB stick
    db = app.open_or_explain(db_file)
    try:
        assert db is not None and db.read_only
        assert said and said[0][0] == "warning" and "không lưu được" in said[0][1]
    finally:
        db.close()
