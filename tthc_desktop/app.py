"""`tthc-desktop` / `python -m tthc_desktop`: start the window.

Start-up order is chosen for speed: Qt and the database first, the window shown, and nothing
that is not on screen (openpyxl, python-docx, other pages) imported before it appears.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from tthc_desktop import APP_NAME, __version__

log = logging.getLogger("tthc.app")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tthc-desktop", description=f"{APP_NAME}: cửa sổ chương trình.", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    parser.add_argument("file", nargs="?", help="tệp kế hoạch hoặc phiếu báo cáo cần nhập")
    parser.add_argument("--demo", action="store_true", help="mở cơ sở dữ liệu mẫu (không đụng đến dữ liệu thật)")
    parser.add_argument("--db", help="tệp cơ sở dữ liệu (mặc định: TTHC_DB hoặc thư mục dữ liệu)")
    parser.add_argument("--self-test", action="store_true", help="tự kiểm tra bản cài đặt rồi thoát")
    parser.add_argument("--screenshot", metavar="PNG", help="lưu ảnh cửa sổ chính rồi thoát")
    parser.add_argument("--benchmark-startup", nargs="?", const="", metavar="PAGES", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="in số phiên bản rồi thoát")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def _optional(module: str):
    """The safety helper's modules (crash handler, single instance, recovery, auto backup), if present."""
    try:
        return importlib.import_module(f"tthc_desktop.ui.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tthc_desktop.ui.{module}":
            log.exception("optional module %s failed", module)
        return None


def create_application(argv: list[str] | None = None):
    from PySide6.QtCore import QLocale, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QStyleFactory

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "tthc-desktop", *(argv or [])])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("TTHC")
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    from tthc_desktop.ui import translator
    from tthc_desktop.ui.icons import icon

    if not getattr(app, "_tthc_translator", None):
        app._tthc_translator = translator.install(app)
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setStyleSheet(load_style_sheet())
    app.setWindowIcon(icon("app"))
    return app


def load_style_sheet() -> str:
    from tthc_desktop.paths import resources_dir

    try:
        return (resources_dir() / "style.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def database_path(args: argparse.Namespace) -> Path:
    from tthc_desktop.paths import demo_db_path, resolve_db_path

    return demo_db_path() if args.demo else resolve_db_path(args.db)


def ensure_demo(path: Path, parent=None) -> bool:
    """Build the demo database if it is missing (with a progress dialog when it takes a while)."""
    if path.exists() and path.stat().st_size > 0:
        return True
    from tthc_desktop.ui.workers import run_with_progress, show_error

    try:
        from tthc_desktop.services.demo import build_demo

        run_with_progress(parent, lambda p: build_demo(path, progress=p), title="Dữ liệu mẫu",
                          label="Đang tạo cơ sở dữ liệu mẫu từ kế hoạch năm 2023 và 2024…")
    except Exception as exc:
        show_error(parent, exc, title="Không tạo được dữ liệu mẫu")
        return False
    return True


def open_or_explain(path: Path):
    """open_database, or a Vietnamese message box (with recovery for a damaged file) and None."""
    from PySide6.QtWidgets import QMessageBox

    from tthc_desktop.errors import DatabaseDamagedError, TthcError
    from tthc_desktop.storage.database import open_database

    try:
        return open_database(path)
    except DatabaseDamagedError as exc:
        recovery = _optional("recovery_dialog")
        offer = getattr(recovery, "offer_recovery", None) if recovery else None
        if offer is not None and offer(None, path, exc):
            return open_or_explain(path)
        QMessageBox.critical(None, "Không mở được dữ liệu", exc.message)
    except TthcError as exc:
        QMessageBox.critical(None, "Không mở được dữ liệu", exc.message)
    except Exception as exc:
        from tthc_desktop.ui.workers import error_text

        QMessageBox.critical(None, "Không mở được dữ liệu", error_text(exc))
    return None


def first_start(db, args) -> tuple[object, bool]:
    """An empty database: the setup dialog saves a profile, or switches to the demo. Returns (db, is_demo)."""
    from tthc_desktop.services.catalog import has_profile

    if args.demo or has_profile(db):
        return db, args.demo
    from tthc_desktop.ui.setup_dialog import SetupDialog

    dialog = SetupDialog(db)
    dialog.exec()
    if dialog.choice != "demo":
        return db, False
    from tthc_desktop.paths import demo_db_path

    path = demo_db_path()
    if not ensure_demo(path):
        return db, False
    demo = open_or_explain(path)
    if demo is None:
        return db, False
    db.close()
    return demo, True


def _take_screenshot(window, path: str, app) -> None:
    app.processEvents()
    window.grab().save(path)
    print(path)
    window.close()
    app.quit()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from tthc_desktop.selftest import run_self_test

        return run_self_test()
    from tthc_desktop.logs import setup_logging

    path = database_path(args)
    setup_logging(path)
    app = create_application()
    crash = _optional("crash_handler")
    if crash is not None and hasattr(crash, "install"):
        crash.install(path)
    single = _optional("single_instance")
    guard = None
    if single is not None and hasattr(single, "claim") and not args.screenshot:
        guard = single.claim(path, [args.file] if args.file else [])
        if guard is None:  # another window has the file open and got our arguments
            return 0
    if args.demo and not ensure_demo(path):
        return 1
    db = open_or_explain(path)
    if db is None:
        return 5
    if not args.screenshot:
        db, _is_demo = first_start(db, args)
    from tthc_desktop.ui.context import AppContext
    from tthc_desktop.ui.main_window import MainWindow

    ctx = AppContext(db)
    from tthc_desktop.services.demo import demo_period

    if (period := demo_period(db)) is not None:  # the demo's data is from 2024: open on its period
        ctx.set_period(period)
    window = MainWindow(ctx)
    if guard is not None and hasattr(guard, "files_received"):
        guard.files_received.connect(lambda files: [window.open_file(f) for f in files])
    backup = _optional("auto_backup")
    if backup is not None and hasattr(backup, "install_auto_backup"):
        backup.install_auto_backup(window, ctx)
    if args.screenshot:
        from PySide6.QtCore import QTimer

        window.resize(1366, 768)
        window.show()
        QTimer.singleShot(700, lambda: _take_screenshot(window, args.screenshot, app))
    else:
        window.show()
        if args.benchmark_startup is not None:  # benchmarks/: print "shown" at first paint, then quit
            from tthc_desktop.ui.startup_probe import install

            window._startup_probe = install(window, app, args.benchmark_startup)
        if args.file:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: window.open_file(Path(args.file)))
    code = app.exec()
    ctx.db.close()
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
