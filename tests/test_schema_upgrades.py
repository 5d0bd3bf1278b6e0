"""Databases as officers have them, one per released schema (tests/fixtures/db), open with the current
code: upgraded to the newest revision, with a backup first, every fact kept, the schema the same as a
new database's, and writable afterwards."""
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from tests.factories import DEPARTMENT_2024, FIELD_NAMES, UNIT_NAMES
from tests.fixtures import old_databases as old
from tthc_desktop.storage.database import MIGRATIONS_DIR, SCHEMA_VERSION, open_database
from tthc_desktop.storage.models import (AgencyProfile, EvidenceDocument, Field, FormFigure, Plan, ProgressEntry,
                                         Setting, Task, Unit)

FILES = sorted(old.FOLDER.glob("schema-*.sqlite3"), key=lambda p: int(p.stem.split("-")[1]))


def _version(path: Path) -> int:
    return int(path.stem.split("-")[1])


def _head() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg).get_current_head()


def _schema(path: Path) -> dict:
    with closing(sqlite3.connect(path)) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {
            "columns": {t: sorted(r[1:6] for r in con.execute(f"PRAGMA table_info('{t}')")) for t in tables},
            "indexes": sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")),
        }


def test_a_file_for_each_released_schema_from_the_first():
    versions = [_version(p) for p in FILES]
    assert versions == list(old.RELEASED) and versions[0] == 1 and versions[-1] <= SCHEMA_VERSION


@pytest.mark.parametrize("original", FILES, ids=lambda p: p.stem)
def test_old_database_upgrades_and_keeps_everything(original, tmp_path, migrated_template):
    path = tmp_path / "tthc.sqlite3"
    shutil.copyfile(original, path)
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == _version(original)

    db = open_database(path)
    try:
        backups = list(tmp_path.glob("backups/*truoc-nang-cap*"))
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA user_version").scalar_one() == SCHEMA_VERSION
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() == _head()
        assert db.integrity_check() == []
        _check_facts(db)
        with db.session() as s:  # still a working database: the officer records the next quarter
            task = s.query(Task).join(Plan).filter(Plan.kind == "department", Task.number == "3").one()
            s.add(ProgressEntry(task_id=task.id, period="2024Q3", status="in_progress", result_text="Đã niêm yết."))
        with db.read_session() as s:
            assert s.query(ProgressEntry).count() == len(old.PROGRESS) + 1
    finally:
        db.close()
    assert _schema(path) == _schema(migrated_template)
    if _version(original) < SCHEMA_VERSION:
        assert backups, "an old database was upgraded without a backup first"


def _check_facts(db) -> None:
    with db.read_session() as s:
        provincial = s.query(Plan).filter_by(kind="provincial", source_file_name="qn2023_plan.docx").one()
        assert provincial.title.startswith(old.PROVINCIAL_TITLE_START) and provincial.number == "124/QĐ-UBND"
        assert [t.number for t in provincial.tasks] == ["1a", "1b"] + [str(n) for n in range(2, 51)]
        assert len(provincial.sections) == 13
        assert s.query(AgencyProfile).one().name == "Sở Nông nghiệp và Phát triển nông thôn"
        assert [u.name for u in s.query(Unit).order_by(Unit.position)] == UNIT_NAMES
        assert [f.name for f in s.query(Field).order_by(Field.position)] == FIELD_NAMES
        department = s.query(Plan).filter_by(kind="department").one()
        assert department.is_current and department.year == 2024
        expected = [(spec["number"], spec["content"], spec.get("due"), sorted(spec.get("lead", [])),
                     sorted(spec.get("coordinate", []))) for _, _, specs in DEPARTMENT_2024 for spec in specs]
        assert [(t.number, t.content, t.due_date,
                 sorted(tu.unit.name for tu in t.units if tu.role == "lead"),
                 sorted(tu.unit.name for tu in t.units if tu.role == "coordinate")) for t in department.tasks] == expected
        linked = {t.number: t.source_task.number for t in department.tasks if t.source_task is not None}
        assert linked == {spec["number"]: spec["source"] for _, _, specs in DEPARTMENT_2024 for spec in specs
                          if "source" in spec}
        entries = s.query(ProgressEntry).order_by(ProgressEntry.id).all()
        assert [(e.task.number, e.period, e.unit.name if e.unit else None, e.status, e.percent, e.result_text,
                 e.completed_on) for e in entries] == old.PROGRESS
        evidence = s.query(EvidenceDocument).one()
        assert (evidence.task.number, evidence.period, evidence.number_symbol, evidence.doc_date, evidence.issuer,
                evidence.summary) == old.EVIDENCE
        figure = s.query(FormFigure).one()
        assert (figure.form_code, figure.period, figure.unit.name, figure.field.name, figure.values) == old.FIGURE
        assert s.get(Setting, old.SETTING[0]).value == old.SETTING[1]
