"""Screenshots of the window shell for docs/: main window on the demo, import preview, setup dialog.

Run: ``python scripts/shell_screenshots.py`` (offscreen; uses a temporary data folder).
For a check under a real X server: ``xvfb-run -a -s "-screen 0 1366x768x24" python -m tthc_desktop --demo
--screenshot docs/main-window-xvfb.png``.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"


def settle(app, rounds: int = 30) -> None:
    import time

    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    os.environ["TTHC_DATA_DIR"] = tempfile.mkdtemp(prefix="tthc-shots-")
    os.environ.pop("TTHC_DB", None)
    from tthc_desktop.app import create_application, ensure_demo
    from tthc_desktop.importers import read_plan
    from tthc_desktop.paths import demo_db_path, resources_dir
    from tthc_desktop.services.demo import demo_period
    from tthc_desktop.storage.database import open_database
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.plans.import_preview import ImportPreviewDialog
    from tthc_desktop.ui.shell.main_window import MainWindow
    from tthc_desktop.ui.shell.setup_dialog import SetupDialog

    app = create_application()
    DOCS.mkdir(exist_ok=True)
    ensure_demo(demo_db_path())
    db = open_database(demo_db_path())
    ctx = AppContext(db)
    ctx.set_period(demo_period(db))
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    window.show_page("dashboard")
    settle(app)
    window.grab().save(str(DOCS / "main-window.png"))
    window.show_page("provincial")
    settle(app)
    window.grab().save(str(DOCS / "provincial-plans.png"))
    window.show_page("catalog")
    settle(app)
    window.grab().save(str(DOCS / "catalog.png"))

    parsed = read_plan(resources_dir() / "demo" / "qn2023_plan.docx")
    empty = open_database(Path(os.environ["TTHC_DATA_DIR"]) / "preview.sqlite3")
    preview = ImportPreviewDialog(empty, parsed)
    preview.resize(1366, 768)
    preview.show()
    preview.select_task("22")
    settle(app)
    preview.grab().save(str(DOCS / "import-preview.png"))
    setup = SetupDialog(empty)
    setup.show()
    settle(app)
    setup.grab().save(str(DOCS / "setup-dialog.png"))
    for name in ("main-window", "provincial-plans", "catalog", "import-preview", "setup-dialog"):
        print(DOCS / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
