"""The demo database: real plans through the program's own import/derive code, progress and figures."""
import sqlite3

import pytest

from tthc_desktop.cli.main import run
from tthc_desktop.errors import UsageError
from tthc_desktop.services.demo import build_demo, is_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    return path, build_demo(path, year=2024)


def test_demo_content(demo):
    path, result = demo
    assert result["built"] and is_demo(path)
    assert [(p["decision"], p["year"], p["tasks"]) for p in result["provincial_plans"]] == [("124/QĐ-UBND", 2023, 51)]
    (department,) = result["department_plans"]
    assert department["current"] and department["year"] == 2024 and department["tasks"] >= 30
    with sqlite3.connect(path) as con:
        units = {r[0] for r in con.execute("SELECT name FROM units")}
        assert "Văn phòng Sở" in units and len(units) == 12
        office_tasks = con.execute(
            "SELECT count(*) FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id "
            "WHERE u.name = 'Văn phòng Sở' AND t.plan_id = ?", (department["id"],)).fetchone()[0]
        assert office_tasks >= 30  # task units resolved from the plan's wording
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
    assert build_demo(path, year=2024)["built"] is False and path.stat().st_mtime_ns == before
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


def test_the_default_demo_lives_in_the_current_year(tmp_path):
    """Built as on 01/12/2026: the plans are moved to 2025/2026, Q4 2026 is in progress (a task overdue
    by days, one due within weeks, some units' figures not in), and the start page says so."""
    from datetime import date

    from tthc_desktop.domain.periods import Period
    from tthc_desktop.services.demo import demo_notice, demo_period
    from tthc_desktop.services.period_figures import period_figures
    from tthc_desktop.storage.database import open_database

    today = date(2026, 12, 1)
    path = tmp_path / "demo-now.sqlite3"
    result = build_demo(path, today=today)
    assert [p["year"] for p in result["provincial_plans"]] == [2025]
    assert [p["year"] for p in result["department_plans"]] == [2026]
    db = open_database(path)
    try:
        assert demo_period(db) == Period(2026, "Q4")
        assert "2026" in demo_notice(db) and "Quý IV năm 2026 đang diễn ra" in demo_notice(db)
        with sqlite3.connect(path) as con:
            dues = [date.fromisoformat(d) for (d,) in con.execute(
                "SELECT due_date FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.kind = 'department' "
                "AND t.schedule_kind = 'once'")]
            periods = {r[0] for r in con.execute("SELECT DISTINCT period FROM progress_entries")}
            name = con.execute("SELECT name FROM agency_profile").fetchone()[0]
            contents = " ".join(r[0] for r in con.execute("SELECT content FROM tasks"))
        overdue = [(today - d).days for d in dues if d < today and (today - d).days < 30]
        ahead = [(d - today).days for d in dues if d >= today]
        assert overdue == [6] and ahead and max(ahead) <= 31
        assert min(dues).year == 2026 and "năm 2024" not in contents
        assert "QPPL năm 2020" in contents  # a law's year is a citation, not the plan's year
        assert periods == {"2026Q1", "2026Q2", "2026Q3", "2026Q4"}
        assert name == "Sở Nông nghiệp và Môi trường"
        q4 = period_figures(db, "II.06a", Period(2026, "Q4"))
        assert q4.has_figures and q4.missing  # some units' figures are not in yet
        assert not period_figures(db, "II.06a", Period(2026, "Q3")).missing
    finally:
        db.close()
    # Another day in another year: the existing demo is of another year, so it is rebuilt.
    again = build_demo(path, today=date(2027, 2, 10))
    assert again["built"] and [p["year"] for p in again["department_plans"]] == [2027]


def test_the_window_rebuilds_a_demo_of_another_quarter(tmp_path):
    from datetime import date

    from tthc_desktop.services.demo import is_current_demo

    path = tmp_path / "demo.sqlite3"
    build_demo(path, year=2024)
    assert not is_current_demo(path)  # the seed-year demo is not the window's current-year demo
    build_demo(path, today=date(2026, 12, 1))
    assert is_current_demo(path, today=date(2026, 12, 10)) and not is_current_demo(path, today=date(2026, 12, 20))
