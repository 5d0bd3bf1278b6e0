import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = SHARED / "fixtures"
SEEDS = SHARED / "seeds"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets its own data and documents directories and no inherited TTHC_DB."""
    monkeypatch.setenv("TTHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TTHC_OUTPUT_DIR", str(tmp_path / "documents"))  # never the real Documents\\TTHC
    monkeypatch.delenv("TTHC_DB", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path):
    from tthc_desktop.storage.database import open_database

    database = open_database(db_path)
    yield database
    database.close()


def seed_file(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


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
