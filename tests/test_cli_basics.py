import json
import subprocess
import sys


def tthc(*args, env=None):
    return subprocess.run([sys.executable, "-m", "tthc_desktop.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env)


def test_version():
    r = tthc("--version")
    assert r.returncode == 0 and "0." in r.stdout


def test_period_json():
    r = tthc("period", "2024Q1", "--json")
    assert r.returncode == 0
    assert json.loads(r.stdout) == {"period": "2024Q1", "label": "Quý I năm 2024", "start": "2023-12-15",
                                    "end": "2024-03-14", "unit_deadline": "2024-03-16"}


def test_bad_period_exit_2_in_vietnamese():
    r = tthc("period", "2024Q5")
    assert r.returncode == 2 and "không hợp lệ" in r.stderr and "Traceback" not in r.stderr


def test_unknown_command_exit_2():
    r = tthc("khong-co-lenh")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_check_and_backup(tmp_path):
    db = tmp_path / "a.sqlite3"
    assert tthc("--db", str(db), "check").returncode == 0
    r = tthc("backup", "--db", str(db))
    assert r.returncode == 0
    assert list((tmp_path / "backups").glob("a-*.sqlite3"))
