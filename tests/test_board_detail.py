"""Task detail with pytest-qt: record progress, attach an evidence file, open it; unit sheet import preview."""
import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from tthc_desktop.storage.models import ActivityLog, EvidenceDocument, ProgressEntry


@pytest.fixture
def ctx(department_ctx):
    return department_ctx


def test_record_progress_with_evidence_file(qtbot, ctx, db, tmp_path, monkeypatch):
    from tthc_desktop.ui.tracking import task_detail
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    tid = ctx.ids["tasks"]["5"]
    dialog = TaskDetailDialog(ctx, tid)
    qtbot.addWidget(dialog)
    assert "Rà soát, đánh giá TTHC theo kế hoạch của UBND tỉnh" in dialog.header.text()  # provincial source
    assert dialog.period_box.currentData() == "2024Q2"
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findText("Chi cục Thủy lợi"))
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("in_progress"))
    dialog.percent.setValue(60)
    dialog.result.setPlainText("Đã rà soát 12/20 thủ tục")
    dialog.difficulties.setPlainText("Thiếu cán bộ")
    changed = []
    ctx.data_changed.connect(changed.append)
    assert dialog.save_progress()
    assert changed == ["progress"] and dialog.history.rowCount() == 1
    assert dialog.history.item(0, 1).text() == "Chi cục Thủy lợi" and dialog.history.item(0, 3).text() == "60%"

    pdf = tmp_path / "Báo cáo rà soát.pdf"
    pdf.write_bytes(b"%PDF-1.4 bao cao")

    def fake_exec(self):
        self.number.setText("45/BC-CCTL")
        self.issuer.setText("Chi cục Thủy lợi")
        self.summary.setPlainText("Báo cáo kết quả rà soát TTHC")
        self.file = pdf
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(task_detail.EvidenceDialog, "exec", fake_exec)
    dialog.add_evidence()
    assert dialog.evidence.rowCount() == 1 and dialog.evidence.item(0, 0).text() == "45/BC-CCTL"
    with db.read_session() as s:
        doc = s.execute(select(EvidenceDocument)).scalar_one()
        entry = s.execute(select(ProgressEntry)).scalar_one()
        log = s.execute(select(ActivityLog.detail).where(ActivityLog.task_id == tid)).scalars().all()
    assert (entry.status, entry.percent, entry.difficulties) == ("in_progress", 60, "Thiếu cán bộ")
    assert doc.period == "2024Q2" and doc.original_name == "Báo cáo rà soát.pdf"
    stored = db.path.parent / "evidence" / doc.file_path
    assert stored.read_bytes() == pdf.read_bytes()
    assert len(log) == 2 and dialog.activity.rowCount() == 2

    opened = []
    monkeypatch.setattr(task_detail.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    dialog.evidence.selectRow(0)
    dialog.open_evidence()
    assert opened == [str(stored.resolve())]

    # editing: selecting the history row loads it into the form, saving replaces it
    dialog.history.selectRow(0)
    assert dialog.result.toPlainText() == "Đã rà soát 12/20 thủ tục"
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    assert dialog.save_progress() and dialog.history.rowCount() == 1


def test_not_done_without_reason_is_refused_with_a_message(qtbot, ctx, db, monkeypatch):
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    dialog = TaskDetailDialog(ctx, ctx.ids["tasks"]["8"])
    qtbot.addWidget(dialog)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("not_done"))
    assert not dialog.save_progress()
    assert shown and "lý do" in shown[0]
    with db.read_session() as s:
        assert s.execute(select(ProgressEntry)).first() is None


def test_board_imports_a_returned_sheet_after_preview(qtbot, ctx, db, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from tthc_desktop.services import unit_reports
    from tthc_desktop.ui.tracking import unit_sheets_dialog
    from tthc_desktop.ui.tracking.board_page import TaskBoardPage

    files = unit_reports.export_unit_sheets(db, "2024Q2", tmp_path)
    sheet = next(f for f in files if "Thủy lợi" in f.name)
    wb = load_workbook(sheet)
    ws = wb["Phiếu báo cáo"]
    row = next(r for r in range(9, ws.max_row + 1) if ws.cell(row=r, column=10).value)
    ws.cell(row=row, column=5, value="Hoàn thành")
    ws.cell(row=row, column=6, value="Đã rà soát xong 20 thủ tục")
    wb.save(sheet)
    other = next(f for f in unit_reports.export_unit_sheets(db, "2024Q3", tmp_path / "q3") if "Kiểm lâm" in f.name)

    page = TaskBoardPage(ctx)
    qtbot.addWidget(page)
    from tthc_desktop.services.file_routing import UNIT_SHEET, file_kind

    assert file_kind(sheet) == UNIT_SHEET and file_kind(tmp_path / "khong-co.xlsx") != UNIT_SHEET
    seen = []

    def accept(self):
        seen.append((self.table.rowCount(), self.findChildren(unit_sheets_dialog.QLabel)[0].text()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(unit_sheets_dialog.ImportPreviewDialog, "exec", accept)
    page.import_file([sheet, other])
    assert seen[0][0] == 1 and "Quý III năm 2024" in seen[0][1]  # the Q3 file is listed as refused
    with db.read_session() as s:
        e = s.execute(select(ProgressEntry)).scalar_one()
    assert e.status == "done" and e.source == "unit_sheet" and e.result_text == "Đã rà soát xong 20 thủ tục"


def test_completion_date_decides_on_time_or_late(qtbot, db):
    """Recording a past period today: the completion date, not today, decides "Hoàn thành quá hạn"."""
    from datetime import date

    from PySide6.QtCore import QDate

    from factories import build_department
    from tthc_desktop.services import task_info
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    ids = build_department(db)
    ctx = AppContext(db)
    with db.session() as s:
        from tthc_desktop.storage.models import Task

        task = s.get(Task, next(iter(ids["tasks"].values())))
        task.schedule_kind, task.due_date, task.every = "once", date(2024, 2, 29), None
        year, task_id = task.plan.year, task.id
        lead = next(tu.unit_id for tu in task.units if tu.role == "lead")
    dialog = TaskDetailDialog(ctx, task_id)
    qtbot.addWidget(dialog)
    dialog.period_box.setCurrentIndex(dialog.period_box.findData(f"{year}Q1"))
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findData(lead))  # the lead unit's own report settles it
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    dialog.reason.setText("Văn phòng Sở đã kiểm tra văn bản ban hành")  # the office closes it for the lead units
    assert dialog.completed_on.isEnabled()
    dialog.completed_on.setDate(QDate(2024, 2, 20))
    assert dialog.save_progress()
    entry = [p for p in task_info.task_detail(db, task_id).progress if p.period == f"{year}Q1"][0]
    assert entry.status == "done" and entry.completed_on == date(2024, 2, 20)
    dialog.completed_on.setDate(QDate(2024, 3, 10))
    assert dialog.save_progress()
    entry = [p for p in task_info.task_detail(db, task_id).progress if p.period == f"{year}Q1"][0]
    assert entry.status == "done_late"
