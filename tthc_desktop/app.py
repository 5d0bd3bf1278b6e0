"""`tthc-desktop` / `python -m tthc_desktop`: start the window.

Start-up order is chosen for speed: Qt first and the main window painted at once (its areas
saying "Đang mở dữ liệu…"); in the next event-loop turn SQLAlchemy is imported, the database
opened and checked (newer, damaged, locked, first start) and the window attached to it. Nothing
that is not on screen (openpyxl, python-docx, other pages) is imported before it appears.
"""
from __future__ import annotations

import argparse
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
    parser.add_argument("--db", help="tệp cơ sở dữ liệu, hoặc máy chủ postgresql+pg8000://người_dùng@máy:cổng/tên_csdl "
                                     "(mặc định: TTHC_DB, máy chủ đã chọn lần trước, hoặc thư mục dữ liệu)")
    parser.add_argument("--self-test", action="store_true", help="tự kiểm tra bản cài đặt rồi thoát")
    parser.add_argument("--screenshot", metavar="PNG", help="lưu ảnh cửa sổ chính rồi thoát")
    parser.add_argument("--benchmark-startup", nargs="?", const="", metavar="PAGES", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="in số phiên bản rồi thoát")
    args, _qt_args = parser.parse_known_args(argv)
    return args


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
    from tthc_desktop.ui.common import translator
    from tthc_desktop.ui.common.icons import icon

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


def server_target(args: argparse.Namespace) -> str | None:
    """Server mode: a URL in --db / TTHC_DB, or the office server chosen last time (QSettings)."""
    if args.demo:
        return None
    given = args.db or os.environ.get("TTHC_DB", "")
    if given:
        return given if "://" in given else None
    from tthc_desktop.ui.common.file_dialogs import window_settings

    s = window_settings()
    if str(s.value("may-chu/active", "false")).lower() != "true" or not s.value("may-chu/host"):
        return None
    from tthc_desktop.services.server import build_url

    return build_url(str(s.value("may-chu/host")), int(s.value("may-chu/port", 5432)),
                     str(s.value("may-chu/database", "tthc")), str(s.value("may-chu/user", "")))


def ensure_demo(path: Path, parent=None) -> bool:
    """Build the demo database if it is missing or of another quarter (the demo lives in the current one),
    with a progress dialog when it takes a while."""
    from tthc_desktop.services.demo import build_demo, is_current_demo

    if path.exists() and path.stat().st_size > 0 and is_current_demo(path):
        return True
    from tthc_desktop.ui.common.workers import run_with_progress, show_error

    try:
        run_with_progress(parent, lambda p: build_demo(path, progress=p), title="Dữ liệu mẫu",
                          label="Đang tạo cơ sở dữ liệu mẫu (kế hoạch mẫu dời sang năm hiện tại)…")
    except Exception as exc:
        show_error(parent, exc, title="Không tạo được dữ liệu mẫu")
        return False
    return True


def open_or_explain(path: Path, parent=None):
    """open_database, or a Vietnamese message box (with recovery for a damaged file) and None."""
    from PySide6.QtWidgets import QMessageBox

    from tthc_desktop.errors import DatabaseDamagedError, TthcError
    from tthc_desktop.services.server import open_target
    from tthc_desktop.ui.shell.recovery_dialog import offer_recovery

    try:
        db = open_target(path)  # a file, or a server URL (its stored password added)
        if db.notices:  # read-only medium (nothing can be saved), network drive
            QMessageBox.warning(parent, "Lưu ý về dữ liệu", "\n\n".join(db.notices))
        return db
    except DatabaseDamagedError as exc:
        if offer_recovery(parent, path, exc):
            return open_or_explain(path, parent)
        QMessageBox.critical(parent, "Không mở được dữ liệu", exc.message)
    except TthcError as exc:
        QMessageBox.critical(parent, "Không mở được dữ liệu", exc.message)
    except Exception as exc:
        from tthc_desktop.ui.common.workers import error_text

        QMessageBox.critical(parent, "Không mở được dữ liệu", error_text(exc))
    return None


def first_start(db, args) -> tuple[object, bool]:
    """An empty database: the setup dialog saves a profile, or switches to the demo. Returns (db, is_demo)."""
    from tthc_desktop.services.catalog import has_profile

    if args.demo or has_profile(db):
        return db, args.demo
    from tthc_desktop.ui.shell.setup_dialog import SetupDialog

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


def open_context(path: Path, args: argparse.Namespace, parent=None) -> tuple[object | None, int]:
    """Build the demo if asked, open and check the database, run the first-start setup.

    Returns (AppContext, 0), or (None, exit code) after the user has been told why.
    """
    if args.demo and not ensure_demo(path, parent):
        return None, 1
    db = open_or_explain(path, parent)
    if db is None:
        return None, 5
    if not args.screenshot:
        db, _is_demo = first_start(db, args)
    from tthc_desktop.services.demo import demo_period
    from tthc_desktop.ui.common.context import AppContext

    ctx = AppContext(db)
    if (period := demo_period(db)) is not None:  # open on the demo's current quarter
        ctx.set_period(period)
    return ctx, 0


def after_first_paint(window, fn, fallback_ms: int = 500):
    """Call ``fn`` in the event-loop turn after ``window`` first paints, so the window is on screen
    before the slow part of start-up; after ``fallback_ms`` anyway (a minimised window never paints)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self):
            super().__init__(window)
            self.done = False
            window.installEventFilter(self)
            QTimer.singleShot(fallback_ms, self, self.fire)

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
            if not self.done and obj is window and event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, self, self.fire)
            return False

        def fire(self) -> None:
            if not self.done:
                self.done = True
                window.removeEventFilter(self)
                fn()

    return FirstPaint()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from tthc_desktop.selftest import run_self_test

        return run_self_test()
    from tthc_desktop.logs import setup_logging

    path = database_path(args)
    app = create_application()
    target = server_target(args)
    if target is not None:  # server mode: logs, outputs and evidence in the server's local folder
        from tthc_desktop.services.server import describe, resolve_target

        target, path = resolve_target(target)
    setup_logging(path)
    from tthc_desktop.ui.shell import crash_handler, single_instance

    crash_handler.install(path)
    guard = None
    if not args.screenshot:
        guard = single_instance.claim(path, [args.file] if args.file else [])
        if guard is None:  # another window has the file open and got our arguments
            return 0
    from PySide6.QtCore import QTimer

    from tthc_desktop.ui.shell.main_window import MainWindow

    window = MainWindow()  # painted before SQLAlchemy is imported; attach() below fills it
    window.setWindowTitle(f"{APP_NAME} — {describe(target) if target else path.name}")
    if guard is not None:
        guard.files_received.connect(lambda files: [window.open_file(f) for f in files])
    if args.screenshot:
        window.resize(1366, 768)
    window.show()
    if args.benchmark_startup is not None:  # benchmarks/: print "shown" at first paint, "ready" once filled
        from tthc_desktop.ui.shell.startup_probe import install

        window._startup_probe = install(window, app, args.benchmark_startup)

    start_summary = []  # the start page's summary, whose rows the dashboard's first load takes over

    def load() -> None:
        try:
            ctx, code = open_context(target or path, args, window)
            if ctx is None:
                app.exit(code)
                return
            if start_summary and ctx.db_path.resolve() == path.resolve():
                from tthc_desktop.services.database import SCHEMA_VERSION

                ctx.keep_start_rows(start_summary.pop(), SCHEMA_VERSION)  # a file that was upgraded will not match
            window.attach(ctx)
            ctx.take_start_rows(None, None)  # not taken while attaching: not kept for later either
            from tthc_desktop.ui.shell.auto_backup import install_auto_backup
            from tthc_desktop.ui.shell.reminders import show_start_reminders

            install_auto_backup(window, ctx)
            if not args.screenshot and args.benchmark_startup is None:
                window._start_reminders = show_start_reminders(window, ctx)
                from tthc_desktop.ui.shell.tray import install_tray_reminders

                window._tray_reminders = install_tray_reminders(window, ctx)
        except Exception:
            from PySide6.QtWidgets import QMessageBox

            log.exception("start-up failed")
            QMessageBox.critical(window, "Không mở được dữ liệu",
                                 "Chương trình không mở được dữ liệu; chi tiết đã ghi vào nhật ký của chương trình.")
            app.exit(1)
            return
        if args.screenshot:
            QTimer.singleShot(700, lambda: _take_screenshot(window, args.screenshot, app))
        elif args.file:
            window.open_file(Path(args.file))

    def summary_then_load() -> None:
        """The start page's figures from one sqlite3 query, painted, and only then the ORM and the pages."""
        from tthc_desktop.services.start_summary import read_start_summary
        from tthc_desktop.ui.common import screen_fit

        app._tthc_fitter = screen_fit.install(app)  # from now on no dialog opens taller than the free screen

        summary = read_start_summary(path) if not args.screenshot else None
        view = window.show_start_summary(summary)
        if view is not None:  # the start page is the dashboard: its first load takes these rows over
            start_summary.append(summary)
        if view is None:
            load()
            return
        if getattr(window, "_startup_probe", None) is not None:
            view.on_painted.append(window._startup_probe.data_on_screen)
        window._loading_after_summary = after_first_paint(view, load)

    window._opening = after_first_paint(window, summary_then_load)
    code = app.exec()
    if window.ctx is not None:
        window.ctx.db.close()
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
