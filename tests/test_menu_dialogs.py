"""The plan-issue and programme dialogs are reachable from the window."""
from PySide6.QtWidgets import QDialog

from tthc_desktop.ui.common.context import AppContext


def test_programme_dialog_from_report_menu(qtbot, db, monkeypatch):
    from tthc_desktop.ui.report import programme_dialog
    from tthc_desktop.ui.shell.main_window import MainWindow

    opened = []
    monkeypatch.setattr(programme_dialog.ProgrammeDialog, "exec", lambda self: opened.append(self) or 0)
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.menu_actions["programme"].trigger()
    assert len(opened) == 1 and isinstance(opened[0], QDialog)


def test_issue_dialog_from_department_page(qtbot, db, monkeypatch):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from factories import build_department

    from tthc_desktop.ui.plans import plan_issue_dialog
    from tthc_desktop.ui.plans.department_page import DepartmentPlanPage

    build_department(db)
    opened = []
    monkeypatch.setattr(plan_issue_dialog.PlanIssueDialog, "exec", lambda self: opened.append(self) or 0)
    page = DepartmentPlanPage(AppContext(db))
    qtbot.addWidget(page)
    assert page.issue_button.isEnabled()
    page.issue_button.click()
    assert len(opened) == 1
