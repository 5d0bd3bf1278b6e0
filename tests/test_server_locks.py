"""Imports and report finalisation take advisory locks on PostgreSQL (nothing special on SQLite)."""
import threading

from factories import build_department
from sqlalchemy import create_engine, text

from tthc_desktop.domain.periods import Period
from tthc_desktop.services import forms, report
from tthc_desktop.storage import locks
from tthc_desktop.storage.database import open_database


def _free(pg_url) -> bool:
    """Could another officer's import start now?"""
    engine = create_engine(pg_url)
    with engine.begin() as c:
        free = c.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": locks.key(locks.IMPORTS)}).scalar_one()
    engine.dispose()
    return free


def test_an_import_holds_the_lock_until_it_commits(pg_url):
    db = open_database(pg_url)
    try:
        with db.session() as s:
            locks.in_transaction(s)
            assert not _free(pg_url)
        assert _free(pg_url)
    finally:
        db.close()


def test_figures_wait_while_a_report_is_being_finalised(pg_url, tmp_path, monkeypatch):
    db = open_database(pg_url)
    try:
        ids = build_department(db)
        unit = ids["units"]["Chi cục Kiểm lâm"]
        field = forms.unit_field_rows(db, unit)[0].field_id
        seen = {}
        real = report.report_document
        saved = threading.Event()

        def slow_document(*args):
            # an import started now must wait for the report, not change its figures half-way
            worker = threading.Thread(target=lambda: (forms.save_unit_figures(
                db, "II.06a", Period.parse("2024Q1"), unit, {field: {3: 1, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0,
                                                                      10: 0, 11: 0, 12: 0, 13: 0}}), saved.set()))
            worker.start()
            seen["blocked"] = not saved.wait(1.0)
            seen["worker"] = worker
            return real(*args)

        monkeypatch.setattr(report, "report_document", slow_document)
        report.build_report(db, Period.parse("2024Q1"), tmp_path / "out")
        seen["worker"].join(10)
        assert seen["blocked"] and saved.is_set()
        assert forms.figures(db, "II.06a", Period.parse("2024Q1"), unit)
    finally:
        db.close()


def test_nothing_special_on_sqlite(db_path):
    db = open_database(db_path)
    try:
        with db.session() as s:
            locks.in_transaction(s)  # no advisory locks in SQLite: a no-op, not an error
        with locks.shared(db):
            pass
    finally:
        db.close()
