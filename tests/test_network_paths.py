"""A SQLite file on a network share is refused for writing, pointing to server mode; reading stays allowed."""
import sqlite3

import pytest

from tthc_desktop.cli.main import run
from tthc_desktop.errors import BadInputError
from tthc_desktop.storage import network_paths
from tthc_desktop.storage.database import inspect_file, open_database


@pytest.mark.parametrize("path", [r"\\may-chu\TTHC\tthc.sqlite3", "//may-chu/TTHC/tthc.sqlite3"])
def test_unc_paths_are_network(path):
    assert network_paths.is_network_path(path)


def test_local_paths_are_not(tmp_path):
    assert not network_paths.is_network_path(tmp_path / "tthc.sqlite3")
    assert not network_paths.is_network_path(r"\\?\C:\TTHC\tthc.sqlite3")


def test_a_mapped_drive_of_remote_type(monkeypatch):
    monkeypatch.setattr(network_paths.sys, "platform", "win32")
    monkeypatch.setattr(network_paths.os.path, "abspath", lambda p: p)
    monkeypatch.setattr(network_paths, "_drive_type", lambda root: 4 if root == "Z:\\" else 3)
    assert network_paths.is_network_path(r"Z:\TTHC\tthc.sqlite3")
    assert not network_paths.is_network_path(r"C:\TTHC\tthc.sqlite3")


def test_a_cifs_mount_on_linux(tmp_path, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(network_paths, "_mounts", lambda: [("/", "ext4"), (str(share.resolve()), "cifs")])
    assert network_paths.is_network_path(share / "tthc.sqlite3")
    assert not network_paths.is_network_path(tmp_path / "tthc.sqlite3")


def test_writing_is_refused_with_a_sentence_reading_is_allowed(tmp_path, monkeypatch, capsys):
    share = tmp_path / "share"
    share.mkdir()
    existing = share / "tthc.sqlite3"
    open_database(existing).close()  # made while the folder was still local
    monkeypatch.setattr(network_paths, "_mounts", lambda: [(str(share.resolve()), "cifs")])
    with pytest.raises(BadInputError, match="Máy chủ của cơ quan"):
        open_database(share / "moi.sqlite3")
    assert not (share / "moi.sqlite3").exists()
    assert run(["--db", str(existing), "progress", "add", "1", "--period", "2024Q1", "--status", "done"]) == 3
    assert "ổ mạng" in capsys.readouterr().err
    assert inspect_file(existing)[1] == "ok"  # read-only opening is allowed
    with sqlite3.connect(f"{existing.as_uri()}?mode=ro", uri=True) as con:
        assert con.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
