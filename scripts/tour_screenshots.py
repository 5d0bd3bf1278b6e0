"""Screenshots of every window and dialog on the demo, as seen on a 1366×768 laptop with a taskbar.

Run under an X server with a window manager and a 40 px bottom panel, e.g.::

    Xvfb :99 -screen 0 1366x768x24 & DISPLAY=:99 openbox & DISPLAY=:99 tint2 &
    DISPLAY=:99 python scripts/tour_screenshots.py /tmp/tour

Each shot is the whole screen (window frame and panel included); a dialog whose body scrolls (125 %/150 %,
``QT_SCALE_FACTOR``) is shot again scrolled to the end (``NAME-end.png``). For every window the script prints
whether its frame lies inside the free screen area, whether its body scrolls sideways, and lists buttons
outside the scrolling part that are cut off or hidden.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an installed copy


def settle(app, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def check(widget) -> list[str]:
    """Problems a user would see: the frame outside the free area, buttons not fully inside the window."""
    from PySide6.QtWidgets import QAbstractButton

    from PySide6.QtWidgets import QScrollArea

    from tthc_desktop.ui.common.fit_layout import ScrollBody

    problems = []
    room = widget.screen().availableGeometry()
    if widget.devicePixelRatio() % 1:  # 728 px / 1.5 = 485.3: a maximized window rounds to 486 logical px
        room = room.adjusted(0, 0, 1, 1)
    frame = widget.frameGeometry()
    if not room.contains(frame):
        problems.append(f"frame {frame.getRect()} outside free area {room.getRect()}")
    bodies = widget.findChildren(ScrollBody)
    for body in bodies:
        if body.horizontalScrollBar().isVisible():
            problems.append(f"body scrolls sideways ({body.widget().width()} > {body.viewport().width()})")
    inside = widget.rect()
    for button in widget.findChildren(QAbstractButton):
        if not button.isVisibleTo(widget) or not button.text():
            continue
        if any(area.isAncestorOf(button) for area in widget.findChildren(QScrollArea)):
            continue  # in a part that scrolls (a dialog's body, a page): reached by scrolling, never squeezed
        top_left = button.mapTo(widget, button.rect().topLeft())
        rect = button.rect().translated(top_left)
        if not inside.contains(rect):
            problems.append(f"button «{button.text()}» cut off at {rect.getRect()}")
        hint = button.sizeHint()
        if button.width() + 2 < hint.width():
            problems.append(f"button «{button.text()}» narrower than its text ({button.width()} < {hint.width()})")
    return problems


def shoot(app, widget, out: Path, name: str) -> None:
    from PySide6.QtGui import QGuiApplication

    widget.show()
    widget.raise_()
    widget.activateWindow()
    settle(app)
    QGuiApplication.primaryScreen().grabWindow(0).save(str(out / f"{name}.png"))
    problems = check(widget)
    from tthc_desktop.ui.common.fit_layout import ScrollBody

    body = widget.findChild(ScrollBody)
    if body is not None and body.verticalScrollBar().isVisible():  # at 150 %: the end of the body, buttons unmoved
        body.verticalScrollBar().setValue(body.verticalScrollBar().maximum())
        settle(app, 0.3)
        QGuiApplication.primaryScreen().grabWindow(0).save(str(out / f"{name}-end.png"))
        problems += check(widget)
        body.verticalScrollBar().setValue(0)
    print(f"{name}: {'OK' if not problems else '; '.join(problems)}")


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tour")
    out.mkdir(parents=True, exist_ok=True)
    os.environ["TTHC_DATA_DIR"] = tempfile.mkdtemp(prefix="tthc-tour-")
    os.environ.pop("TTHC_DB", None)
    os.environ.setdefault("TTHC_OUTPUT_DIR", os.path.join(os.environ["TTHC_DATA_DIR"], "Documents", "TTHC"))
    from tthc_desktop.app import create_application, ensure_demo
    from tthc_desktop.paths import demo_db_path, resources_dir
    from tthc_desktop.services.demo import demo_period
    from tthc_desktop.services.database import open_database
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.shell.main_window import MainWindow

    app = create_application()
    from tthc_desktop.ui.common import screen_fit

    screen_fit.install(app)  # as tthc_desktop.app.main does once the window is on screen
    ensure_demo(demo_db_path())
    db = open_database(demo_db_path())
    ctx = AppContext(db)
    ctx.set_period(demo_period(db))
    window = MainWindow(ctx)
    window.showMaximized()
    settle(app, 1.0)
    from tthc_desktop.ui.shell.pages import PAGES

    for spec in PAGES:
        window.show_page(spec.key)
        settle(app, 1.2)
        shoot(app, window, out, f"page-{spec.key}")
    for name, make in dialogs(ctx, window):
        try:
            widget = make()
        except Exception as exc:  # noqa: BLE001 - report and go on with the others
            print(f"{name}: could not open ({exc!r})")
            continue
        shoot(app, widget, out, name)
        widget.close()
        settle(app, 0.2)
    return 0


def dialogs(ctx, window):
    """(name, factory) of every dialog, built on the demo without blocking."""
    from PySide6.QtWidgets import QMessageBox

    from tthc_desktop.paths import resources_dir

    def import_preview():
        from tthc_desktop.services.plans import read_plan_file
        from tthc_desktop.ui.plans.import_preview import ImportPreviewDialog

        return ImportPreviewDialog(ctx.db, read_plan_file(resources_dir() / "demo" / "qn2023_plan.docx"), parent=window)

    def plan_editor():
        from tthc_desktop.services import derive as derive_service
        from tthc_desktop.ui.plans.department_page import PlanEditorDialog

        plan_id = derive_service.list_plans(ctx.db, "department")[0].id
        return PlanEditorDialog(ctx, derive_service.load_department_plan(ctx.db, plan_id), plan_id, window)

    def first_task():
        from tthc_desktop.services import tracking

        rows = tracking.load_rows(ctx.db, ctx.period, __import__("datetime").date.today())
        return next(r.id for r in rows if r.overdue or r.missing)

    def task_detail():
        from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

        dialog = TaskDetailDialog(ctx, first_task(), window)
        dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))  # «Hoàn thành»: 100 %, the day, why
        return dialog

    def evidence():
        from tthc_desktop.ui.tracking.task_detail import EvidenceDialog

        return EvidenceDialog(window, ctx.period)

    def new_plan():
        from tthc_desktop.ui.plans.department_page import NewPlanDialog

        return NewPlanDialog(ctx, window)

    def issue():
        from tthc_desktop.services import derive as derive_service
        from tthc_desktop.ui.plans.plan_issue_dialog import PlanIssueDialog

        return PlanIssueDialog(ctx, derive_service.list_plans(ctx.db, "department")[0].id, window)

    def rules():
        from tthc_desktop.ui.plans.rules_dialog import RulesDialog

        return RulesDialog(ctx, window)

    def setup():
        from tthc_desktop.services.database import open_database
        from tthc_desktop.ui.shell.setup_dialog import SetupDialog

        return SetupDialog(open_database(Path(os.environ["TTHC_DATA_DIR"]) / "empty.sqlite3"), window)

    def programme():
        from tthc_desktop.ui.report.programme_dialog import ProgrammeDialog

        return ProgrammeDialog(ctx, window)

    def mapping():
        from tthc_desktop.services.catalog import list_units
        from tthc_desktop.ui.report.column_mapping_dialog import ColumnMappingDialog

        return ColumnMappingDialog(ctx, "II.06a", list_units(ctx.db, active_only=True)[0].id, window)

    def unit():
        from tthc_desktop.services.catalog import list_fields, list_groups, list_units
        from tthc_desktop.ui.catalog.catalog_dialogs import UnitDialog

        first = list_units(ctx.db, active_only=True)[0]
        return UnitDialog(ctx.db, first, group_names=[g.name for g in list_groups(ctx.db)],
                          field_names=[f.name for f in list_fields(ctx.db)], parent=window)

    def unit_sheets():
        from tthc_desktop.ui.tracking.unit_sheets_dialog import ImportPreviewDialog

        refused = [f"«phieu-{i}.xlsx»: tệp không phải phiếu báo cáo của chương trình." for i in range(1, 13)]
        return ImportPreviewDialog(window, [], refused)

    def restore():
        from tthc_desktop.ui.shell.recovery_dialog import RestoreDialog

        return RestoreDialog(ctx, window)

    def shortcuts():
        from tthc_desktop.ui.shell.main_menus import shortcuts_dialog

        return shortcuts_dialog(window)

    def made():
        from tthc_desktop.ui.common.output_dialog import made_box, output_folder

        folder = output_folder(f"Bao cao {ctx.period.code}")
        names = ("Bao-cao-KSTTHC-2024Q2.docx", "II.05a.xlsx", "II.06a.xlsx", "II.05a.docx", "II.06a.docx")
        return made_box(window, f"báo cáo {ctx.period.label}", [folder / n for n in names])[0]

    def about():
        from tthc_desktop.ui.shell.main_menus import about_text

        return QMessageBox(QMessageBox.Icon.Information, "Giới thiệu", about_text(), QMessageBox.StandardButton.Ok, window)

    return [("import-preview", import_preview), ("plan-editor", plan_editor), ("task-detail", task_detail),
            ("evidence", evidence), ("new-plan", new_plan), ("plan-issue", issue), ("rules", rules),
            ("setup", setup), ("programme", programme), ("column-mapping", mapping), ("unit", unit),
            ("unit-sheets", unit_sheets), ("restore", restore),
            ("shortcuts", shortcuts), ("made", made), ("about", about)]


if __name__ == "__main__":
    sys.exit(main())
