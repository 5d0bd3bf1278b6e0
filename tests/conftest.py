import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "resources" / "demo"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets its own data and documents directories and no inherited TTHC_DB."""
    monkeypatch.setenv("TTHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TTHC_OUTPUT_DIR", str(tmp_path / "documents"))  # never the real Documents\\TTHC
    monkeypatch.delenv("TTHC_DB", raising=False)


# -- no modal dialog may wait for a click that never comes ------------------------------------------
class UnexpectedDialog(AssertionError):
    """A modal dialog opened in a test that did not patch it: offscreen, it would wait forever."""


_STATIC_DIALOGS = {
    "QMessageBox": ("information", "warning", "critical", "question", "about", "aboutQt"),
    "QFileDialog": ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory",
                    "getOpenFileUrl", "getOpenFileUrls", "getSaveFileUrl", "getExistingDirectoryUrl"),
    "QInputDialog": ("getText", "getMultiLineText", "getItem", "getInt", "getDouble"),
}


def _static_text(args, kwargs) -> str:
    """The title and text of a static dialog call: (parent, title, text, …) or (parent, caption, dir, …)."""
    words = [a for a in args[1:3] if isinstance(a, str)]
    words += [str(kwargs[k]) for k in ("title", "caption", "text", "label") if k in kwargs]
    return " — ".join(words) or "(không có tiêu đề)"


def _dialog_text(dialog) -> str:
    from PySide6.QtWidgets import QLabel, QMessageBox

    words = [dialog.windowTitle()]
    if isinstance(dialog, QMessageBox):
        words += [dialog.text(), dialog.informativeText()]
    else:
        words += [label.text() for label in dialog.findChildren(QLabel)[:3]]
    return " — ".join(w for w in words if w) or type(dialog).__name__


@pytest.fixture(autouse=True)
def _no_unexpected_dialogs(request, monkeypatch):
    """Fail a test at once, with the dialog's text, when it opens a modal dialog it did not patch.

    Patched before the test runs, so a test's own ``monkeypatch.setattr(QMessageBox, "question", …)`` or
    ``setattr(SomeDialog, "exec", …)`` wins. A test that drives real modal dialogs from a timer is marked
    ``drives_dialogs``. The failure is also kept for teardown, in case Qt swallowed the raise in a slot.
    """
    if request.node.get_closest_marker("drives_dialogs"):
        yield
        return
    from PySide6 import QtWidgets

    opened: list[str] = []

    def refuse(what: str):
        opened.append(what)
        raise UnexpectedDialog(f"Hộp thoại không mong đợi trong kiểm thử: {what}")

    for cls_name, names in _STATIC_DIALOGS.items():
        cls = getattr(QtWidgets, cls_name)
        for name in names:
            if hasattr(cls, name):
                monkeypatch.setattr(cls, name, staticmethod(
                    lambda *a, _n=f"{cls_name}.{name}", **k: refuse(f"{_n}: {_static_text(a, k)}")))
    for cls_name in ("QDialog", "QMessageBox", "QFileDialog", "QInputDialog", "QProgressDialog"):
        cls = getattr(QtWidgets, cls_name)
        monkeypatch.setattr(cls, "exec", lambda self, _n=cls_name: refuse(f"{_n}.exec: {_dialog_text(self)}"))
    yield
    report = getattr(request.node, "rep_call", None)
    if opened and report is not None and report.passed:
        pytest.fail("Hộp thoại không mong đợi trong kiểm thử: " + "; ".join(opened), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


# -- databases and plan files ---------------------------------------------------------------------
@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """An empty database migrated to the newest schema once per run; tests get copies of it."""
    from tthc_desktop.storage.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).close()
    assert not Path(str(path) + "-wal").exists()  # closed cleanly: the one file is the whole database
    return path


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.sqlite3"


SERVER_URL = os.environ.get("TTHC_TEST_DATABASE_URL", "")


def fresh_server_database(url: str) -> str:
    """Empty the server database (drop and recreate its public schema) so each test starts clean."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def database_url(db_path, migrated_template) -> str:
    """What `--db` gets: the SQLite file (a copy of the migrated template), or (TTHC_TEST_DATABASE_URL set)
    an emptied PostgreSQL database."""
    if SERVER_URL:
        return fresh_server_database(SERVER_URL)
    shutil.copyfile(migrated_template, db_path)
    return str(db_path)


@pytest.fixture
def pg_url() -> str:
    """Tests that need PostgreSQL whatever the run: skipped without TTHC_TEST_DATABASE_URL."""
    if not SERVER_URL:
        pytest.skip("TTHC_TEST_DATABASE_URL is not set (see README: tests on PostgreSQL)")
    return fresh_server_database(SERVER_URL)


@pytest.fixture
def db(database_url):
    from tthc_desktop.storage.database import open_database

    database = open_database(database_url)
    yield database
    database.close()


@pytest.fixture(scope="session")
def plans() -> Path:
    """The folder of plan files and text copies built by tests/fixtures (once per run)."""
    from tests.fixtures import plan_folder

    return plan_folder()


def pytest_collection_modifyitems(config, items):
    """With TTHC_TEST_DATABASE_URL, tests on the `db`/`database_url` fixtures (no Qt) are marked `server`:
    `pytest -m server` is the second, PostgreSQL run of the storage/services/CLI tests."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"db", "database_url", "pg_url"} and not names & {"qtbot", "qapp"} \
                and not item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.server)



def pytest_sessionfinish(session, exitstatus):
    """Tear Qt down while the QApplication still exists, not in PySide's interpreter-exit sweep.

    PySide's shutdown sweep over leftover wrapped objects is where Qt programs crash on exit
    (the known PySide shutdown crashes); closing and deleting what the tests left behind here
    keeps a green run from ending in a crash after every test has passed.
    """
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone(5000)
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()


@pytest.fixture(scope="session")
def demo_2024_file(tmp_path_factory) -> Path:
    """The reproducible demo (`tthc demo --year 2024`), built once a run: copy it before writing (demo_2024)."""
    from tthc_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo-2024") / "demo.sqlite3"
    build_demo(path, year=2024)
    return path


@pytest.fixture
def demo_2024(demo_2024_file, tmp_path) -> Path:
    """This test's own copy of the 2024 demo database."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_2024_file, path)
    return path


@pytest.fixture
def demo_2024_ctx(demo_2024):
    """The window's context on this test's copy of the 2024 demo, in Quý II."""
    from tthc_desktop.domain.periods import Period
    from tthc_desktop.storage.database import open_database
    from tthc_desktop.ui.common.context import AppContext

    db = open_database(demo_2024)
    context = AppContext(db)
    context.set_period(Period(2024, "Q2"))
    yield context
    db.close()


@pytest.fixture
def two_handles(database_url):
    """Two officers on one database (two windows, or the window and the CLI): (first, second, ids), the
    department built through the first."""
    from tests.factories import build_department
    from tthc_desktop.storage.database import open_database

    first = open_database(database_url)
    ids = build_department(first)
    second = open_database(database_url)
    yield first, second, ids
    second.close()
    first.close()


@pytest.fixture
def answer_conflict(monkeypatch):
    """``shown = answer_conflict("mine" | "theirs")``: the conflict dialog answers without showing itself;
    ``shown["texts"]`` are the texts it held."""
    from tthc_desktop.ui.common import conflict_dialog

    def install(choice: str) -> dict:
        shown: dict = {}

        def decide(dialog):
            shown["texts"] = [w.text() for w in dialog.findChildren(conflict_dialog.QLabel)]
            dialog.choice = choice
            return 0

        monkeypatch.setattr(conflict_dialog.ConflictDialog, "exec", decide)
        return shown

    return install


@pytest.fixture
def department_ctx(db, qapp):
    """The window's context on the test department (tests/factories.build_department), in Quý II 2024;
    ``.ids`` holds the factory's ids."""
    from tests.factories import build_department
    from tthc_desktop.domain.periods import Period
    from tthc_desktop.ui.common.context import AppContext

    ids = build_department(db)
    context = AppContext(db)
    context.set_period(Period(2024, "Q2"))
    context.ids = ids
    return context
