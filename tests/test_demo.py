"""The demo database: real plans through the program's own import/derive code, progress and figures."""
import json
import sqlite3

import pytest

from tthc_desktop.cli.main import run
from tthc_desktop.errors import UsageError
from tthc_desktop.services.demo import build_demo, is_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    return path, build_demo(path)


def test_demo_content(demo):
    path, result = demo
    assert result["built"] and is_demo(path)
    assert [(p["decision"], p["year"], p["tasks"]) for p in result["provincial_plans"]] == [("124/QĐ-UBND", 2023, 51)]
    (department,) = result["department_plans"]
    assert department["current"] and department["year"] == 2024 and department["tasks"] >= 30
    with sqlite3.connect(path) as con:
        units = {r[0] for r in con.execute("SELECT name FROM units")}
        assert "Văn phòng Sở" in units and len(units) == 12
        office_leads = con.execute(
            "SELECT count(*) FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id "
            "WHERE u.name = 'Văn phòng Sở' AND tu.role = 'lead' AND t.plan_id = ?", (department["id"],)).fetchone()[0]
        named_lead = sum("Văn phòng Sở" in json.loads(r[0]) for r in con.execute(
            "SELECT lead_agencies FROM tasks WHERE plan_id = ?", (department["id"],)))
        assert office_leads == named_lead >= 10  # task units resolved from the plan's wording
        statuses = {r[0] for r in con.execute("SELECT DISTINCT status FROM progress_entries WHERE period = '2024Q1'")}
        assert {"done", "in_progress"} <= statuses
        assert con.execute("SELECT count(*) FROM evidence_documents").fetchone()[0] > 0
        forms = dict(con.execute("SELECT form_code, count(*) FROM form_figures WHERE period='2024Q2' GROUP BY form_code"))
        assert forms["II.06a"] > 0 and forms["II.05a"] > 0
        assert con.execute("SELECT value FROM settings WHERE key='demo_period'").fetchone()[0] == '"2024Q2"'


def test_demo_figures_carry_over_and_hold_identities(demo):
    from tthc_desktop.domain.periods import Period
    from tthc_desktop.services import forms
    from tthc_desktop.storage.database import open_database

    db = open_database(demo[0])
    try:
        q1 = forms.department_totals(db, "II.06a", Period(2024, "Q1"))
        q2 = forms.department_totals(db, "II.06a", Period(2024, "Q2"))
        assert q2[6] == q1[11]  # "từ kỳ trước" = pending at the end of Q1
        assert q1[3] == q1[4] + q1[5] + q1[6] and q1[7] == q1[8] + q1[9] + q1[10] and q1[11] == q1[12] + q1[13]
    finally:
        db.close()


def test_demo_is_not_rebuilt_and_never_overwrites_other_data(demo, tmp_path, monkeypatch):
    path, _ = demo
    before = path.stat().st_mtime_ns
    assert build_demo(path)["built"] is False and path.stat().st_mtime_ns == before
    other = tmp_path / "that-cua-toi.sqlite3"
    assert run(["--db", str(other), "check"]) == 0  # a real (empty) database
    original = other.read_bytes()
    with pytest.raises(UsageError):
        build_demo(other, force=True)
    assert other.read_bytes() == original
    monkeypatch.setenv("TTHC_DATA_DIR", str(tmp_path / "data"))
    from tthc_desktop.paths import default_db_path

    with pytest.raises(UsageError, match="cơ sở dữ liệu làm việc"):
        build_demo(default_db_path(), force=True)


def test_cli_demo_goes_to_its_own_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TTHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TTHC_DB", str(tmp_path / "working.sqlite3"))
    assert run(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Đã tạo cơ sở dữ liệu mẫu" in out and "124/QĐ-UBND (51 nhiệm vụ)" in out
    assert (tmp_path / "data" / "demo.sqlite3").exists() and not (tmp_path / "working.sqlite3").exists()
    assert run(["demo"]) == 0 and "đã có sẵn" in capsys.readouterr().out
    assert run(["demo", "--db", str(tmp_path / "working.sqlite3"), "--json"]) == 0
