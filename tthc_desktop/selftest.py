"""`tthc-desktop --self-test`: prove an installed or bundled copy can start, without touching user data.

Opens a fresh database in a temporary folder (runs the bundled migrations), checks the bundled
resources/ and forms/ folders, the document libraries, builds the main window and every page it
lists, renders it off screen and exits 0; any failure (a page missing from the bundle included)
prints one line and exits 1.
Run headless with QT_QPA_PLATFORM=offscreen.
"""
from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path


def _check_bundle() -> list[str]:
    from tthc_desktop.paths import forms_dir, resources_dir
    from tthc_desktop.storage.database import MIGRATIONS_DIR

    notes = [f"resources: {resources_dir()}", f"forms: {forms_dir()}"]
    if not (MIGRATIONS_DIR / "script.py.mako").is_file() or not list((MIGRATIONS_DIR / "versions").glob("0*.py")):
        raise RuntimeError(f"thiếu các tệp nâng cấp cơ sở dữ liệu trong {MIGRATIONS_DIR}")
    for name in ("openpyxl", "docx"):  # imported lazily by the program, so check the bundle has them
        importlib.import_module(name)
    return notes


def _visit_pages(window, app) -> str:
    """Build every page the window lists: a page that cannot be imported or built fails the test
    (the window itself would only show a placeholder in its place)."""
    from tthc_desktop.ui.shell.pages import PAGES

    for spec in PAGES:
        module = importlib.import_module(f"tthc_desktop.ui.{spec.module}")
        page = getattr(module, spec.cls)(window.ctx)
        page.deleteLater()
        window.show_page(spec.key)
        app.processEvents()
    _wait_for_background_work(app)
    return f", {len(PAGES)}/{len(PAGES)} trang đã mở"


def _wait_for_background_work(app, timeout_s: float = 15.0) -> None:
    """Pages load rows on worker threads: let them finish before the temporary database goes away."""
    import time

    from PySide6.QtCore import QThread, QThreadPool

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        busy = [t for w in app.topLevelWidgets() for t in w.findChildren(QThread) if t.isRunning()]
        try:
            from tthc_desktop.ui.common import workers

            busy += [j for j in getattr(workers, "_LIVE", ()) if getattr(j, "_thread", None) is not None
                     and j._thread.isRunning()]
        except ImportError:
            pass
        if not busy and QThreadPool.globalInstance().activeThreadCount() == 0:
            return
        time.sleep(0.02)
    raise RuntimeError("các tác vụ nền của cửa sổ không kết thúc")


def run_self_test() -> int:
    from PySide6.QtWidgets import QApplication

    with tempfile.TemporaryDirectory(prefix="tthc-selftest-") as tmp:
        os.environ["TTHC_DATA_DIR"] = tmp  # the user's real data is never opened
        os.environ.pop("TTHC_DB", None)
        try:
            app = QApplication.instance() or QApplication(sys.argv[:1])
            notes = _check_bundle()
            from tthc_desktop.storage.database import open_database
            from tthc_desktop.ui.common.context import AppContext

            db = open_database(Path(tmp) / "selftest.sqlite3")
            problems = db.integrity_check()
            if problems:
                raise RuntimeError("; ".join(problems))
            ctx = AppContext(db)
            from tthc_desktop.ui.shell.main_window import MainWindow

            window = MainWindow(ctx)
            what = f"main window {MainWindow.__module__}.{MainWindow.__name__}"
            window.resize(1000, 700)
            window.show()
            app.processEvents()
            what += _visit_pages(window, app)
            shot = window.grab()
            if shot.isNull() or shot.width() < 100:
                raise RuntimeError("không vẽ được cửa sổ")
            out = Path(tmp) / "window.png"
            shot.save(str(out))
            window.close()
            window.deleteLater()
            app.processEvents()
            db.close()
        except Exception as exc:  # the whole point is to report, not to crash
            traceback.print_exc(file=sys.stderr)
            print(f"Tự kiểm tra KHÔNG đạt: {exc}", file=sys.stderr)
            return 1
    print("Tự kiểm tra đạt: " + "; ".join(notes + [what, f"{shot.width()}x{shot.height()} px"]))
    return 0


def main() -> None:
    sys.exit(run_self_test())


if __name__ == "__main__":
    main()
