"""The import preview: tree beside source cells, warnings marked, fixes applied, saved once (or replaced)."""
from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.conftest import DEMO
from tthc_desktop.domain.plan import ParsedPlan, PlanSection, PlanTask, Schedule
from tthc_desktop.services import plans
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.plans.import_preview import WARN_BRUSH, ImportPreviewDialog, read_plan_with_progress


def hand_made_plan() -> ParsedPlan:
    t1 = PlanTask("1", "Ban hành kế hoạch kiểm soát TTHC", lead=["Văn phòng UBND tỉnh", "Các sở, ban ngành"],
                  time_text="Tháng 02", schedule=Schedule("once", date(2024, 2, 29)),
                  source_cells=["1", "Ban hành kế hoạch kiểm soát TTHC", "Kế hoạch", "VP UBND tỉnh chủ trì", "Tháng 02"])
    t2 = PlanTask("2", "Rà soát TTHC", lead=["Các sở, ban ngành"], time_text="Theo kế hoạch",
                  warnings=["Dòng 7 không có số thứ tự; đã gộp vào nhiệm vụ 2."],
                  source_cells=["2", "Rà soát TTHC", "", "Các sở, ban ngành", "Theo kế hoạch"])
    return ParsedPlan(source_file="kh2024.docx", format="docx", title="Kế hoạch kiểm soát TTHC năm 2024",
                      issuer="UBND tỉnh Quảng Ngãi", decision="165/QĐ-UBND", year=2024, source_hash="ab" * 32,
                      sections=[PlanSection("I", "Ban hành văn bản", [t1]), PlanSection("II", "Rà soát", [t2])],
                      warnings=["Dòng 7 không có số thứ tự; đã gộp vào nhiệm vụ 2."])


def test_tree_cells_and_warnings(qtbot, db):
    dialog = ImportPreviewDialog(db, hand_made_plan())
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 2
    first, second = dialog.tree.topLevelItem(0).child(0), dialog.tree.topLevelItem(1).child(0)
    assert first.text(0) == "1" and first.text(5) == "Hạn 29/02/2024"
    assert second.background(1) == WARN_BRUSH and "Dòng 7" in second.toolTip(0)
    assert second.text(5) == "Chưa xác định"
    assert "2 mục, 2 nhiệm vụ; 1 dòng có cảnh báo" in dialog.summary.text()
    assert dialog.cells.rowCount() == 5 and dialog.cells.item(3, 1).text() == "VP UBND tỉnh chủ trì"
    dialog._warning_clicked(dialog.warnings.item(0))  # clicking a warning selects its row
    assert dialog.task_of(dialog.tree.currentItem()).number == "2"
    assert not dialog.task_warning.isHidden() and "Dòng 7" in dialog.task_warning.text()


def test_fix_number_split_and_schedule_then_save(qtbot, db):
    parsed = hand_made_plan()
    dialog = ImportPreviewDialog(db, parsed)
    qtbot.addWidget(dialog)
    dialog.select_task("1")
    editor = dialog.editor
    cursor = editor.lead.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)  # on "Các sở, ban ngành"
    editor.lead.setTextCursor(cursor)
    editor.to_coordinate.click()
    assert parsed.tasks[0].lead == ["Văn phòng UBND tỉnh"] and parsed.tasks[0].coordinate == ["Các sở, ban ngành"]
    dialog.select_task("2")
    editor.number.setText("2a")
    editor.number.textEdited.emit("2a")
    editor.kind.setCurrentIndex(editor.kind.findData("recurring"))
    editor.every.setCurrentIndex(editor.every.findData("half_year"))
    assert dialog.tree.currentItem().text(0) == "2a" and dialog.tree.currentItem().text(5) == "6 tháng/lần"
    editor.time_text.setText("Quý III")
    editor.reparse_time()
    assert parsed.tasks[1].schedule.kind == "once" and parsed.tasks[1].schedule.due == date(2024, 9, 30)
    dialog.decision.setText("166/QĐ-UBND")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = plans.load_parsed_plan(db, dialog.saved_plan_id)
    assert stored.decision == "166/QĐ-UBND" and [t.number for t in stored.tasks] == ["1", "2a"]
    assert stored.tasks[0].coordinate == ["Các sở, ban ngành"]


def test_duplicate_file_asks_before_replacing(qtbot, db, monkeypatch):
    first = plans.import_plan(db, hand_made_plan())
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (asked.append(a[2]), next(answers))[1])
    dialog = ImportPreviewDialog(db, hand_made_plan())
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.saved_plan_id is None and [p["id"] for p in plans.list_plans(db)] == [first]
    assert "đã được nhập" in asked[0]
    dialog.save()
    assert dialog.saved_plan_id is not None and len(plans.list_plans(db)) == 1  # replaced, not doubled


def test_duplicate_numbers_are_refused_with_a_message(qtbot, db, monkeypatch):
    parsed = hand_made_plan()
    parsed.sections[0].tasks.append(PlanTask("1", "Trùng số"))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    dialog = ImportPreviewDialog(db, parsed)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.saved_plan_id is None and "cùng số 1" in shown[0] and plans.list_plans(db) == []


def test_real_plan_read_off_thread_and_saved_from_the_page(qtbot, db, monkeypatch):
    from tthc_desktop.ui.plans.provincial_page import ProvincialPlanPage

    ctx = AppContext(db)
    page = ProvincialPlanPage(ctx)
    qtbot.addWidget(page)
    assert not page.empty.isHidden()
    seen = {}

    def fake_exec(dialog):
        seen["sections"] = dialog.tree.topLevelItemCount()
        seen["tasks"] = len(dialog.parsed.tasks)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ImportPreviewDialog, "exec", fake_exec)
    plan_id = page.import_file(DEMO / "qn2023_plan.docx")
    assert seen == {"sections": 13, "tasks": 51} and plan_id is not None
    assert page.plans.rowCount() == 1 and page.plans.item(0, 1).text() == "124/QĐ-UBND"
    assert page.plans.item(0, 4).text() == "51" and page.tasks.topLevelItemCount() == 13


def test_bad_file_gives_one_vietnamese_sentence(qtbot, tmp_path):
    from tthc_desktop.errors import BadInputError

    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BadInputError) as exc:
        read_plan_with_progress(None, bad)
    assert "hong.docx" in exc.value.message


def test_escape_asks_before_dropping_edits(qtbot, db, monkeypatch):
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    dialog = ImportPreviewDialog(db, hand_made_plan())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.content.setPlainText("Ban hành kế hoạch (đã sửa)")
    dialog.reject()
    assert dialog.isVisible()  # said No: still open
    dialog.reject()
    assert not dialog.isVisible() and plans.list_plans(db) == []


def test_changing_the_year_moves_due_dates_not_hand_set_ones(qtbot, db):
    parsed = hand_made_plan()
    parsed.sections[0].tasks.append(PlanTask("1b", "Kế hoạch truyền thông", time_text="Quý IV",
                                             schedule=Schedule("once", date(2024, 12, 31))))
    dialog = ImportPreviewDialog(db, parsed)
    qtbot.addWidget(dialog)
    dialog.select_task("1b")
    dialog.editor.kind.setCurrentIndex(dialog.editor.kind.findData("unspecified"))  # set by hand
    dialog.year.setValue(2025)
    first, second = parsed.tasks[0], parsed.tasks[1]
    assert first.schedule.due == date(2025, 2, 28) and second.schedule.kind == "unspecified"
    assert dialog.tree.topLevelItem(0).child(0).text(5) == "Hạn 28/02/2025"
