"""`tthc db copy`: SQLite → PostgreSQL → SQLite gives the same `task list` and `forms show`; verified, refusing."""
import json
import sqlite3

import pytest

from tthc_desktop.cli.main import run
from tthc_desktop.errors import ValidationError
from tthc_desktop.services.demo import build_demo
from tthc_desktop.services.server import copy_between
from tthc_desktop.storage import copy as cp
from tthc_desktop.storage.database import open_database


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:  # built once for the module, still inside the test's own folders
        mp.setenv("TTHC_DATA_DIR", str(folder / "data"))
        build_demo(folder / "demo.sqlite3", year=2024)
    return folder / "demo.sqlite3"


def _views(target, capsys) -> list[str]:
    out = []
    for args in (["task", "list", "--json"], ["task", "list", "--period", "2024Q2", "--status", "done", "--json"],
                 ["forms", "show", "II.06a", "--period", "2024Q1", "--json"],
                 ["forms", "show", "II.05a", "--period", "2024Q2", "--json"]):
        assert run(["--db", str(target), *args]) == 0, capsys.readouterr().err
        out.append(capsys.readouterr().out)
    return out


def test_copy_to_server_and_back_shows_the_same(demo_file, pg_url, tmp_path, capsys):
    before = _views(demo_file, capsys)
    assert json.loads(before[0])["tasks"] and json.loads(before[2])
    assert run(["db", "copy", str(demo_file), pg_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] and report["rows"] > 500 and report["tables"]["progress_entries"] > 0
    assert _views(pg_url, capsys) == before
    back = tmp_path / "back.sqlite3"
    assert run(["db", "copy", pg_url, str(back)]) == 0
    capsys.readouterr()
    assert _views(back, capsys) == before
    # a second copy onto the now filled server is refused and changes nothing there
    assert run(["db", "copy", str(demo_file), pg_url]) == 4
    assert "đã có dữ liệu" in capsys.readouterr().err
    assert _views(pg_url, capsys) == before


def test_server_ids_continue_after_a_copy(demo_file, pg_url):
    copy_between(str(demo_file), pg_url)
    db = open_database(pg_url)
    try:
        from tthc_desktop.storage.models import Unit

        with db.session() as s:  # a serial sequence left at 1 would collide with the copied ids
            s.add(Unit(name="Đơn vị thêm sau khi chuyển"))
    finally:
        db.close()


def test_sqlite_to_sqlite_copy_counts_every_table(demo_file, tmp_path):
    dest = tmp_path / "copy.sqlite3"
    report = copy_between(str(demo_file), str(dest))
    with sqlite3.connect(demo_file) as a, sqlite3.connect(dest) as b:
        for table in cp.tables():
            n = a.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
            assert b.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0] == n == report.counts[table.name]
    assert report.counts["tasks"] > 50


def test_a_differing_row_rolls_the_whole_copy_back(demo_file, tmp_path, monkeypatch):
    real = cp.decode_row

    def tamper(table, data):
        values = real(table, data)
        if table.name == "tasks" and values["id"] == 3:
            values["content"] += " (sửa lén)"
        return values

    monkeypatch.setattr(cp, "decode_row", tamper)
    dest = tmp_path / "copy.sqlite3"
    with pytest.raises(ValidationError, match="dòng thứ 3 của bảng tasks"):
        copy_between(str(demo_file), str(dest))
    with sqlite3.connect(dest) as b:
        assert b.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0


def test_missing_source_is_one_sentence_exit_3(tmp_path, capsys):
    assert run(["db", "copy", str(tmp_path / "khong-co.sqlite3"), str(tmp_path / "b.sqlite3")]) == 3
    assert "Không tìm thấy" in capsys.readouterr().err
    assert not (tmp_path / "b.sqlite3").exists()
