"""The window's plan export: «Kèm phụ lục nhiệm vụ không thực hiện (và lý do)» adds the annex of the province's
dropped tasks (the service ``tthc plan export --dropped-annex`` uses), is remembered, and is off for a plan that
dropped nothing."""
import pytest
from docx import Document
from factories import build_department
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog

from tthc_desktop.services import decisions, tracking

TITLE = "NHIỆM VỤ CỦA TỈNH KHÔNG ĐƯA VÀO KẾ HOẠCH CỦA SỞ"


@pytest.fixture
def ctx(demo_2024_ctx):
    return demo_2024_ctx


@pytest.fixture
def made(monkeypatch):
    from tthc_desktop.ui.common import output_dialog

    shown = []
    monkeypatch.setattr(output_dialog, "show_made", lambda parent, what, paths, notes=(): shown.append(paths) or "close")
    return shown


def answer_with(monkeypatch, target, tick: bool | None, seen: list):
    """The export dialog as the officer fills it: the file, the annex box ticked or not (None: left alone)."""
    from tthc_desktop.ui.plans.plan_export_dialog import PlanExportDialog

    def exec_(dialog):
        seen.append((dialog.annex.isEnabled(), dialog.annex.isChecked(), dialog.annex.toolTip()))
        dialog.path.setText(str(target))
        if tick is not None:
            dialog.annex.setChecked(tick)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PlanExportDialog, "exec", exec_)


def docx_text(path):
    doc = Document(str(path))
    return ("\n".join(p.text for p in doc.paragraphs),
            "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells))


def test_ticked_the_annex_lists_the_dropped_tasks_with_reasons_unticked_it_does_not(qtbot, ctx, tmp_path,
                                                                                    monkeypatch, made):
    from tthc_desktop.ui.plans.plan_export_dialog import export_plan_files

    with ctx.db.read_session() as s:
        plan_id = tracking.current_plan_id(s)
    dropped = decisions.dropped(ctx.db, plan_id)
    assert dropped
    seen: list = []
    with_annex = tmp_path / "ke hoach kem phu luc.docx"
    answer_with(monkeypatch, with_annex, True, seen)
    assert export_plan_files(None, ctx, plan_id, 2024) == [with_annex, with_annex.with_suffix(".xlsx")]
    assert seen[-1][:2] == (True, False)  # optional, off until the officer ticks it
    assert f"{len(dropped)} nhiệm vụ" in seen[-1][2]
    paragraphs, cells = docx_text(with_annex)
    assert TITLE in paragraphs
    assert dropped[0]["content"] in cells and dropped[0]["reason"] in cells
    assert len(load_workbook(with_annex.with_suffix(".xlsx"))["Nhiệm vụ không đưa vào"]["A"]) >= len(dropped)

    without = tmp_path / "ke hoach.docx"
    answer_with(monkeypatch, without, None, seen)  # the box comes back ticked: remembered on this PC
    export_plan_files(None, ctx, plan_id, 2024)
    assert seen[-1][:2] == (True, True)
    answer_with(monkeypatch, without, False, seen)
    export_plan_files(None, ctx, plan_id, 2024)
    paragraphs, cells = docx_text(next(p for p in made[-1] if p.suffix == ".docx"))
    assert TITLE not in paragraphs and not any(d["reason"] in cells for d in dropped)
    assert "Nhiệm vụ không đưa vào" not in load_workbook(made[-1][-1]).sheetnames
    answer_with(monkeypatch, without, None, seen)
    export_plan_files(None, ctx, plan_id, 2024)
    assert seen[-1][:2] == (True, False)  # unticked is remembered too


def test_a_plan_that_dropped_nothing_has_the_box_off_with_the_reason(qtbot, db, tmp_path, monkeypatch, made):
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.plans import plan_export_dialog
    from tthc_desktop.ui.plans.plan_export_dialog import NO_DROPPED_TIP, PlanExportDialog, export_plan_files

    ids = build_department(db)
    assert decisions.dropped(db, ids["plan"]) == []
    from tthc_desktop.ui.common import file_dialogs

    file_dialogs.window_settings().setValue(plan_export_dialog.ANNEX_SETTING, True)  # ticked for another plan
    seen: list = []

    def exec_(dialog):
        seen.append((dialog.annex.isEnabled(), dialog.annex.isChecked(), dialog.annex.toolTip(), dialog.with_annex()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PlanExportDialog, "exec", exec_)
    assert export_plan_files(None, AppContext(db), ids["plan"], 2024) == []  # «Hủy» writes nothing
    assert seen == [(False, False, NO_DROPPED_TIP, False)]
    assert not list(tmp_path.rglob("*.docx")) and made == []
