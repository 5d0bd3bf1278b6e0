"""Every large dialog on a 1366×768 laptop with a 40 px taskbar at 100 %, 125 % and 150 % scaling.

QT_SCALE_FACTOR=1.5 makes that screen 910×485 logical pixels (fonts keep their logical size), so the free
area is emulated through screen_fit's available-geometry hook. For each dialog: it fits the free area, its
action buttons lie in a fixed row outside the scroll area and are fully visible, the body does not scroll
sideways, and nothing in it is squeezed below its minimum size.
"""
import pytest
from factories import build_department
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from tests.conftest import DEMO
from tthc_desktop.domain.periods import Period
from tthc_desktop.services import catalog
from tthc_desktop.ui.common import screen_fit
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.common.fit_layout import ScrollBody, reflow, reflowable

SCALES = {"100": 1.0, "125": 1.25, "150": 1.5}


def free_area(scale: float) -> QRect:
    return QRect(0, 0, int(1366 / scale), int((768 - 40) / scale))


@pytest.fixture
def ctx(db):
    catalog.save_profile(db, **catalog.example_profile())
    ids = build_department(db)
    context = AppContext(db)
    context.set_period(Period(2024, "Q2"))
    context.ids = ids
    return context


def _import_preview(ctx, tmp_path):
    from tthc_desktop.services.plans import read_plan_file
    from tthc_desktop.ui.plans.import_preview import ImportPreviewDialog

    return ImportPreviewDialog(ctx.db, read_plan_file(DEMO / "qn2023_plan.docx")), ["Lưu kế hoạch", "Hủy"]


def _plan_editor(ctx, tmp_path):
    from tthc_desktop.services.derive import propose
    from tthc_desktop.ui.plans.department_page import PlanEditorDialog

    proposal = propose(ctx.db, DEMO / "qn2023_plan.docx", "Sở Nông nghiệp và Phát triển nông thôn", year=2024)
    return PlanEditorDialog(ctx, proposal), ["Lưu kế hoạch", "Xuất Word/Excel…", "Đóng"]


def _task_detail(ctx, tmp_path):
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    return TaskDetailDialog(ctx, ctx.ids["tasks"]["5"]), ["Đóng"]


def _setup(ctx, tmp_path):
    from tthc_desktop.services.database import open_database
    from tthc_desktop.ui.shell.setup_dialog import SetupDialog

    return SetupDialog(open_database(tmp_path / "empty.sqlite3")), ["Lưu và bắt đầu", "Dùng dữ liệu mẫu", "Để sau"]


def _column_mapping(ctx, tmp_path):
    from tthc_desktop.ui.report.column_mapping_dialog import ColumnMappingDialog

    unit = next(iter(ctx.ids["units"].values()))
    return ColumnMappingDialog(ctx, "II.06a", unit), ["Nhập số liệu", "Hủy"]


def _unit_sheets(ctx, tmp_path):
    from tthc_desktop.ui.tracking.unit_sheets_dialog import ImportPreviewDialog

    errors = [f"Tệp «phieu-{i}.xlsx» không phải phiếu báo cáo của chương trình." for i in range(30)]
    return ImportPreviewDialog(None, [], errors), ["Ghi vào cơ sở dữ liệu", "Hủy"]


def _programme(ctx, tmp_path):
    from tthc_desktop.ui.report.programme_dialog import ProgrammeDialog

    return ProgrammeDialog(ctx), ["Lưu", "Xuất báo cáo Word…", "Đóng"]


def _plan_issue(ctx, tmp_path):
    from tthc_desktop.ui.plans.plan_issue_dialog import PlanIssueDialog

    return PlanIssueDialog(ctx, ctx.ids["plan"]), ["Lưu", "Đóng"]


def _rules(ctx, tmp_path):
    from tthc_desktop.ui.plans.rules_dialog import RulesDialog

    return RulesDialog(ctx), ["Thêm quy tắc", "Xóa quy tắc", "Khôi phục mặc định", "Đóng"]


def _unit(ctx, tmp_path):
    from tthc_desktop.ui.catalog.catalog_dialogs import UnitDialog

    groups = [f"Nhóm đơn vị số {i} có tên gọi chung khá dài" for i in range(12)]
    fields = [f"Lĩnh vực số {i}" for i in range(20)]
    return UnitDialog(ctx.db, group_names=groups, field_names=fields), ["Lưu", "Hủy"]


DIALOGS = {"import-preview": _import_preview, "plan-editor": _plan_editor, "task-detail": _task_detail,
           "setup": _setup, "column-mapping": _column_mapping, "unit-sheets": _unit_sheets,
           "programme": _programme, "plan-issue": _plan_issue, "rules": _rules, "unit": _unit}


@pytest.fixture
def screen(monkeypatch, request):
    """The free area of the scale under test, and the screen fitter the application installs at start."""
    free = free_area(SCALES[request.param])
    monkeypatch.setattr(screen_fit, "available_rect", lambda widget=None: free)
    fitter = screen_fit.install(QApplication.instance())
    yield free
    QApplication.instance().removeEventFilter(fitter)


@pytest.fixture
def shown(qtbot):
    """Show a dialog without a modal loop; hidden again at the end, so closing it asks nothing (the plan
    editor asks whether to save an unsaved proposal)."""
    dialogs = []

    def show(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        dialogs.append(dialog)
        return dialog

    yield show
    for dialog in dialogs:
        dialog.hide()
        dialog.close()
        dialog.deleteLater()


def _inside(widget: QWidget, outer: QWidget) -> bool:
    rect = widget.rect().translated(widget.mapTo(outer, widget.rect().topLeft()))
    return outer.rect().contains(rect)


@pytest.mark.parametrize("screen", list(SCALES), indirect=True)
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_fits_the_laptop_at_every_scale(shown, ctx, tmp_path, screen, name):
    dialog, actions = DIALOGS[name](ctx, tmp_path)
    shown(dialog)

    # (1) the window and its frame fit the free area
    room = screen.size() - screen_fit.FRAME_ALLOWANCE
    assert dialog.width() <= room.width() and dialog.height() <= room.height(), name

    # (2) the action buttons are in the fixed row, not in the part that scrolls, and wholly visible
    body = dialog.findChild(ScrollBody)
    assert body is not None, f"{name}: no scrolling body"
    fixed = {b.text(): b for b in dialog.findChildren(QAbstractButton)
             if b.isVisibleTo(dialog) and not body.isAncestorOf(b)}
    for text in actions:
        button = fixed.get(text)
        assert button is not None, f"{name}: «{text}» is not in the fixed button row"
        assert _inside(button, dialog), f"{name}: «{text}» cut off"
        assert button.width() >= button.sizeHint().width() - 2, f"{name}: «{text}» narrower than its text"

    # (3) the body reflows to the width instead of scrolling sideways
    content = body.widget()
    assert not body.horizontalScrollBar().isVisible(), f"{name}: the body scrolls sideways"
    assert content.width() <= body.viewport().width()
    assert content.minimumSizeHint().width() <= body.viewport().width()

    # (4) nothing squeezed: the dialog's own layout and the body get at least their minimum size
    least = dialog.layout().totalMinimumSize()
    assert least.width() <= dialog.width() and least.height() <= dialog.height(), name
    assert content.height() >= content.minimumSizeHint().height(), name
    for label in content.findChildren(QLabel):
        if label.isVisibleTo(content) and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()) - 1, f"{name}: «{label.text()[:40]}» cut"


@pytest.mark.parametrize("screen", ["150"], indirect=True)
def test_plan_editor_at_150_keeps_save_in_view_and_reaches_every_field(shown, ctx, tmp_path, screen):
    dialog = shown(_plan_editor(ctx, tmp_path)[0])
    editor, body = dialog.editor, dialog.findChild(ScrollBody)
    assert editor.form.width() <= body.viewport().width()  # the task form reflowed to the window
    apply = editor.form.apply_button  # «Cập nhật nhiệm vụ», at the bottom of the form
    body.ensureWidgetVisible(apply)
    QApplication.processEvents()
    shown = apply.visibleRegion().boundingRect()
    assert shown.size() == apply.size(), "«Cập nhật nhiệm vụ» can be scrolled to and is wholly visible"
    assert body.verticalScrollBar().value() > 0 and _inside(editor.save_button, dialog)  # «Lưu» did not move


def _pair(label: str, width: int) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel(label))
    edit = QLineEdit()
    edit.setMinimumWidth(width)
    row.addWidget(edit)
    return row


def test_reflow_narrows_only_what_it_must(qtbot):
    body = QWidget()
    qtbot.addWidget(body)
    outer = reflowable(QHBoxLayout(body))
    form = QFormLayout()
    form.addRow("Thư điện tử nhận báo cáo của tỉnh", QLineEdit(minimumWidth=260))
    outer.addLayout(form)
    inner = reflowable(_pair("Tỷ lệ:", 200))
    outer.addLayout(inner)
    wide = body.minimumSizeHint().width()

    assert reflow(body, wide) == []  # room enough: nothing changes
    assert form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.DontWrapRows

    narrowed = reflow(body, wide - 60)  # a little short: labels above the fields are enough
    assert narrowed == [form] and form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows
    assert body.minimumSizeHint().width() <= wide - 60

    narrowed = reflow(body, 320)  # much too narrow: the side-by-side halves stack and the form goes back
    assert outer in narrowed and outer.direction() == QHBoxLayout.Direction.TopToBottom
    assert body.minimumSizeHint().width() <= 320

    reflow(body, wide)  # wide again: everything as it was
    assert outer.direction() == QHBoxLayout.Direction.LeftToRight
    assert form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.DontWrapRows
