"""The "Ban hành kế hoạch" dialog: edit number, date and wording; defaults stay defaults."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from tests.plan_export_data import build_plan
from tthc_desktop.services.plan_issue import issue_info
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.plans.plan_issue_dialog import PlanIssueDialog, text_to_blocks


def _dialog(qtbot, db):
    plan_id = build_plan(db)
    ctx = AppContext(db)
    dialog = PlanIssueDialog(ctx, plan_id)
    qtbot.addWidget(dialog)
    return dialog, ctx, plan_id


def test_edit_and_save(qtbot, db, tmp_path):
    dialog, ctx, plan_id = _dialog(qtbot, db)
    assert dialog.blank_date.isChecked() and not dialog.date.isEnabled()
    assert dialog.states["purpose"].text() == "Đang dùng lời văn mặc định."
    dialog.number.setText("9")
    dialog.blank_date.setChecked(False)
    dialog.date.setDate(QDate(2024, 2, 5))
    dialog.editors["purpose"].setPlainText("- Mục đích do Văn phòng soạn.\n\n- Mục đích thứ hai.")
    assert dialog.states["purpose"].text().startswith("✎")
    with qtbot.waitSignal(ctx.data_changed):
        assert dialog.save()
    info = issue_info(db, plan_id)
    assert (info.number, info.doc_date) == ("9", date(2024, 2, 5))
    assert info.blocks["purpose"] == ["- Mục đích do Văn phòng soạn.", "- Mục đích thứ hai."]
    assert info.customised == {"purpose"}  # untouched parts stay "default"


def test_reset_restores_default_and_errors_show_inline(qtbot, db):
    dialog, _, plan_id = _dialog(qtbot, db)
    dialog.editors["recipients"].setPlainText("- Như trên;")
    dialog.reset_block("recipients")
    assert dialog.states["recipients"].text() == "Đang dùng lời văn mặc định."
    dialog.number.setText("số sai")
    assert not dialog.save()
    assert dialog.error.isVisibleTo(dialog) and "không hợp lệ" in dialog.error.text()
    assert issue_info(db, plan_id).number == ""


def test_reporting_text_round_trip():
    blocks = text_to_blocks("reporting", "a) Kỳ báo cáo\n- Hằng quý.\nb) Nội dung báo cáo\n- Theo đề cương.")
    assert blocks == [{"heading": "a) Kỳ báo cáo", "paragraphs": ["- Hằng quý."]},
                      {"heading": "b) Nội dung báo cáo", "paragraphs": ["- Theo đề cương."]}]
