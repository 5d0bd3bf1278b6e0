"""The "Báo cáo theo chương trình" dialog: define, tick tasks, export."""
from __future__ import annotations

from docx import Document
from PySide6.QtCore import Qt

from tests.factories import build_department
from tthc_desktop.domain.periods import Period
from tthc_desktop.services.programme_report import list_programmes, programme_tasks
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.report.programme_dialog import ProgrammeDialog, parse_sections

NAME = "Nghị quyết 131/NQ-CP"


def test_define_tick_save_and_export(qtbot, db, tmp_path):
    build_department(db)
    ctx = AppContext(db)
    ctx.set_period(Period(2024, "Q1"))
    dialog = ProgrammeDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.period.currentData() == "2024Q1"
    dialog.name.setEditText(NAME)
    dialog.full_title.setText("Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ")
    dialog.sections.setPlainText("I. Về cải cách TTHC\nII. Về thực thi TTHC")
    rows = {dialog.table.item(r, 1).text(): r for r in range(dialog.table.rowCount())}
    dialog.table.item(rows["2"], 0).setCheckState(Qt.CheckState.Checked)
    dialog.table.item(rows["5"], 0).setCheckState(Qt.CheckState.Checked)
    dialog.table.item(rows["5"], 4).setText("ii")
    out = dialog.export_to(tmp_path / "bc.docx")
    assert out is not None and out.exists()
    tagged = {c.number: c.section_code for c in programme_tasks(db, NAME) if c.tagged}
    assert tagged == {"2": "", "5": "II"}
    assert [p.name for p in list_programmes(db)] == [NAME]
    table = Document(str(out)).tables[-1]
    assert [r.cells[0].text for r in table.rows] == ["Stt", "II", "1", "III", "2"]
    # Unticking removes the tag; bad section lines are refused inline without saving.
    dialog.table.item(rows["2"], 0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.save()
    assert {c.number for c in programme_tasks(db, NAME) if c.tagged} == {"5"}
    dialog.sections.setPlainText("Về cải cách TTHC")
    assert not dialog.save() and "cần dạng" in dialog.error.text()


def test_parse_sections():
    assert [(s.code, s.title) for s in parse_sections("I. A\n\nii= B\n3) C")] == [("I", "A"), ("II", "B"), ("3", "C")]
