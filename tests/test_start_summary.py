"""The start page's figures read without the ORM: the same counts as the dashboard, and no SQLAlchemy."""
import subprocess
import sys
from datetime import date

import pytest
from factories import add_progress, build_department

from tthc_desktop.domain.periods import Period
from tthc_desktop.services.dashboard import dashboard
from tthc_desktop.services.start_summary import read_start_summary

# The start page reads the SQLite file with sqlite3 before SQLAlchemy is loaded.
pytestmark = pytest.mark.sqlite_only


def test_summary_matches_the_dashboard(db, db_path):
    ids = build_department(db)
    add_progress(db, ids["tasks"]["5"], "2024Q2", "in_progress", percent=40)
    today = date(2024, 5, 20)
    summary = read_start_summary(db_path, today)
    period = Period.quarter_of(today)
    board = dashboard(db, today, period)
    assert summary.period == period and summary.total == board.total > 0
    assert summary.counts == board.counts and summary.overdue == len(board.overdue)
    assert (summary.unit_deadline, summary.department_deadline) == (board.unit_deadline, board.department_deadline)


def test_no_summary_for_a_missing_or_foreign_file(tmp_path):
    assert read_start_summary(tmp_path / "none.sqlite3") is None
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert read_start_summary(junk) is None


def test_summary_does_not_import_sqlalchemy(db_path, db):
    build_department(db)
    code = ("import sys; from tthc_desktop.services.start_summary import read_start_summary; "
            f"s = read_start_summary(__import__('pathlib').Path({str(db_path)!r})); "
            "print(s.total, 'sqlalchemy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    total, imported = out.stdout.split()
    assert int(total) > 0 and imported == "False"


def test_window_shows_the_summary_then_the_real_page(qtbot, db, db_path):
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.shell.main_window import MainWindow

    build_department(db)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    view = window.show_start_summary(read_start_summary(db_path, date(2024, 5, 20)))
    assert view is not None and view.isVisibleTo(window)
    painted = []
    view.on_painted.append(lambda: painted.append(True))
    view.grab()
    assert painted == [True]
    window.attach(AppContext(db))
    assert window._summary_view is None
    qtbot.waitUntil(lambda: window.page("dashboard").isVisibleTo(window))


def test_the_dashboards_first_load_takes_over_the_summarys_rows_only_while_they_still_hold(db, db_path):
    from tthc_desktop.services.database import SCHEMA_VERSION
    from tthc_desktop.services.start_summary import rows_still_good

    ids = build_department(db)
    add_progress(db, ids["tasks"]["5"], "2024Q2", "in_progress", percent=40)
    today = date(2024, 5, 20)
    summary = read_start_summary(db_path, today)
    period = summary.period
    rows = rows_still_good(summary, SCHEMA_VERSION, period, today)
    assert rows is summary.rows and len(rows) == summary.total
    taken, read = dashboard(db, today, period, rows), dashboard(db, today, period)
    assert taken.to_json() == read.to_json()  # the same dashboard, without reading every task again
    assert rows_still_good(summary, SCHEMA_VERSION - 1, period, today) is None  # the file was upgraded since
    assert rows_still_good(summary, SCHEMA_VERSION, period.next(), today) is None
    assert rows_still_good(summary, SCHEMA_VERSION, period, date(2024, 5, 21)) is None
    assert rows_still_good(None, SCHEMA_VERSION, period, today) is None
