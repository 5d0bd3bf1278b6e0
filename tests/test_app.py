"""`tthc-desktop`: the demo window starts, shows real content, and leaves the working database alone."""
import os
import subprocess
import sys

import pytest

from tthc_desktop.app import parse_args


def test_arguments():
    args = parse_args(["--demo", "ke-hoach.docx"])
    assert args.demo and args.file == "ke-hoach.docx" and args.db is None
    assert parse_args(["--db", "x.sqlite3", "--screenshot", "a.png"]).screenshot == "a.png"


@pytest.mark.slow  # ~2 s alone, a real process start; more on a loaded machine
def test_demo_window_screenshot_in_a_fresh_process(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TTHC_DATA_DIR": str(tmp_path / "data")}
    env.pop("TTHC_DB", None)
    shot = tmp_path / "main.png"
    done = subprocess.run([sys.executable, "-m", "tthc_desktop", "--demo", "--screenshot", str(shot)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 20_000
    assert (tmp_path / "data" / "demo.sqlite3").exists()
    assert not (tmp_path / "data" / "tthc.sqlite3").exists()  # the working database was never created
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)


def test_first_start_runs_setup_or_switches_to_demo(qtbot, db, monkeypatch):
    from tthc_desktop import app
    from tthc_desktop.services import catalog
    from tthc_desktop.ui.shell import setup_dialog

    choices = iter(["later", "demo"])
    monkeypatch.setattr(setup_dialog.SetupDialog, "exec", lambda self: setattr(self, "choice", next(choices)))
    args = parse_args([])
    same, is_demo = app.first_start(db, args)
    assert same is db and not is_demo
    demo_db, is_demo = app.first_start(db, args)
    try:
        assert is_demo and demo_db is not db and catalog.get_profile(demo_db).short_code == "SNNMT"  # the current-year demo: merged name
        assert demo_db.path.name == "demo.sqlite3"
    finally:
        demo_db.close()
    catalog.save_profile(db, **catalog.example_profile())
    assert app.first_start(db, args) == (db, False)  # a profile exists: no dialog


def test_newer_database_explained_not_opened(qtbot, tmp_path, monkeypatch):
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from tthc_desktop import app

    newer = tmp_path / "moi.sqlite3"
    with sqlite3.connect(newer) as con:
        con.execute("PRAGMA user_version=99")
        con.execute("CREATE TABLE x (a)")
    before = newer.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app.open_or_explain(newer) is None
    assert "phiên bản mới hơn" in shown[0] and newer.read_bytes() == before


def test_window_paints_before_sqlalchemy_is_imported(tmp_path):
    """Start-up speed: everything up to the first paint of the main window stays free of SQLAlchemy."""
    code = ("import sys\n"
            "from tthc_desktop import app\n"
            "qt = app.create_application()\n"
            "from tthc_desktop.ui.shell import crash_handler, single_instance\n"
            "from tthc_desktop.ui.shell.main_window import MainWindow\n"
            "w = MainWindow(); w.show(); qt.processEvents()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'openpyxl', 'docx')))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TTHC_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_window_shown_first_then_attached(qtbot, db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tthc_desktop.services import catalog
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.shell.main_window import MainWindow

    catalog.save_profile(db, **catalog.example_profile())
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.ctx is None and window._loading.text() == "Đang mở dữ liệu…" and window._loading.isVisible()
    assert not window.menu_actions["backup"].isEnabled() and window.menu_actions["quit"].isEnabled()
    assert not window.period_combo.isEnabled() and window._pages == {}
    window.open_file(db.path.parent / "ke-hoach.docx")  # handed over while opening: kept for later
    assert window._pending_files
    ctx = AppContext(db)
    window.attach(ctx)
    assert window.ctx is ctx and window.current_key in window._pages and not window._loading.isVisible()
    assert window.menu_actions["backup"].isEnabled() and window.period_combo.currentData() == ctx.period.code
    assert window.deadline_label.text().startswith("Hạn đơn vị báo cáo:") and not window._pending_files
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    qtbot.waitUntil(lambda: bool(warned))  # the handed-over file is opened now (here: it does not exist)
    assert "ke-hoach.docx" in warned[0]
    with pytest.raises(RuntimeError):
        window.attach(ctx)
