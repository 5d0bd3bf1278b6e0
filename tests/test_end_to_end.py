"""The officer's year through the window alone, on a fresh database.

Only the native file dialogs, the "open with Word/Explorer" call and message boxes are replaced;
everything else is clicks, keys, typed texts and chosen combo items. Each step saves what the
officer sees to ``test-artifacts/e2e/NN-step.png`` (look at them after a change to the window).
"""
from __future__ import annotations

import os
import email
from email import policy
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QFileDialog, QMessageBox, QPushButton, QTableWidget, QWidget

from tests.conftest import DEMO, REPO

ARTIFACTS = REPO / "test-artifacts" / "e2e"
PROVINCE_EMAIL = "kstthc@quangngai.gov.vn"
PLAN_YEAR = 2024


class Driver:
    """Clicks, keys and screenshots; ``when_modal`` answers a dialog opened with exec()."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.errors: list[BaseException] = []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shot(self, widget: QWidget, name: str) -> Path:
        QApplication.processEvents()
        path = ARTIFACTS / f"{name}.png"
        assert widget.grab().save(str(path))
        return path

    def click(self, button) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def button(self, parent: QWidget, text: str) -> QPushButton:
        found = [b for b in parent.findChildren(QPushButton) if b.text() == text and b.isVisible()]
        assert len(found) == 1, f"{text!r}: {[b.text() for b in parent.findChildren(QPushButton)]}"
        return found[0]

    def type_into(self, editor, text: str) -> None:
        editor.setFocus()
        editor.selectAll()
        self.qtbot.keyClick(editor, Qt.Key.Key_Delete)
        for char in text:  # QTest.keyClicks aborts on non-Latin letters: send the typed text itself
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

    def type_cell(self, table, row: int, column: int, text: str) -> None:
        """Select the cell, type over it and press Enter, as in a spreadsheet."""
        table.setCurrentCell(row, column)
        self.focus(table)
        self.qtbot.keyClicks(table, text[0])  # any key opens the cell editor with that key
        editor = QApplication.focusWidget()
        assert editor is not table, "the cell did not open for typing"
        self.qtbot.keyClicks(editor, text[1:])
        self.qtbot.keyClick(editor, Qt.Key.Key_Return)
        # the delegate commits on a queued call
        self.qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState, timeout=3000)
        assert table.item(row, column).text() == text

    def focus(self, widget: QWidget) -> None:
        """Keys reach shortcuts only in the active window (offscreen, closing a dialog activates nothing)."""
        widget.window().activateWindow()
        self.qtbot.waitUntil(widget.window().isActiveWindow, timeout=3000)
        widget.setFocus()
        self.qtbot.waitUntil(widget.hasFocus, timeout=3000)

    def when_modal(self, cls, action) -> None:
        """Run ``action(dialog)`` once a modal ``cls`` is on screen; a failing action closes the dialog."""
        def poll(tries=[0]):
            w = QApplication.activeModalWidget()
            if isinstance(w, cls) and w.isVisible():
                try:
                    action(w)
                except BaseException as exc:  # reported by check(); the dialog must not block the test
                    self.errors.append(exc)
                    if w.isVisible():
                        w.done(0)
                return
            tries[0] += 1
            if tries[0] < 1000:
                QTimer.singleShot(10, poll)
            else:
                self.errors.append(AssertionError(f"{cls.__name__} never appeared"))
        QTimer.singleShot(0, poll)

    def check(self) -> None:
        if self.errors:
            raise self.errors[0]


def go(window, key: str, d: Driver) -> QWidget:
    """Click the area in the navigation list, as the officer does."""
    from tthc_desktop.ui.shell.pages import PAGES

    row = [s.key for s in PAGES].index(key)
    rect = window.nav.visualItemRect(window.nav.item(row))
    d.qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_key == key
    return window.page(key)


@pytest.fixture
def patched(monkeypatch, tmp_path):
    """Native dialogs answered from ``answers``; message boxes recorded (and answered Yes)."""
    from tthc_desktop.ui.common import file_dialogs

    answers: dict[str, object] = {}
    shown: list[tuple[str, str]] = []
    opened: list[Path] = []

    def show(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Yes
    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(show))
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: answers.pop("open"))
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: answers.pop("save"))
    from tthc_desktop.ui.common import output_dialog

    monkeypatch.setattr(output_dialog, "show_made", lambda parent, what, paths, notes=(): opened.extend(
        [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]) or "close")
    monkeypatch.setattr(file_dialogs, "open_in_system", lambda path: opened.append(Path(path)) or True)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(answers.pop("open")), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(p) for p in answers.pop("open_many")], "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(answers.pop("folder"))))
    return answers, shown, opened


@pytest.mark.drives_dialogs  # the Driver answers the setup, preview and export dialogs as they open
def test_the_officers_year_through_the_window(qtbot, tmp_path, patched):
    from tthc_desktop import app
    from tthc_desktop.services.catalog import has_profile
    from tthc_desktop.storage.database import open_database
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.shell.main_window import MainWindow
    from tthc_desktop.ui.shell.setup_dialog import SetupDialog

    answers, shown, opened = patched
    d = Driver(qtbot)
    out = tmp_path / "out"
    out.mkdir()

    # 01 first start: the agency profile in the setup dialog, the sample units ticked
    db_path = tmp_path / "tthc.sqlite3"
    db = open_database(db_path)

    def setup(dialog: SetupDialog) -> None:
        form = dialog.form.editors
        d.type_into(form["name"], "Sở Nông nghiệp và Phát triển nông thôn")
        d.type_into(form["short_code"], "SNNPTNT")
        d.type_into(form["province_email"], PROVINCE_EMAIL)
        assert dialog.seed.isChecked() and dialog.save_button.isDefault()
        d.shot(dialog, "01-setup")
        d.qtbot.keyClick(form["province_email"], Qt.Key.Key_Return)  # Enter = «Lưu và bắt đầu»
    d.when_modal(SetupDialog, setup)
    db, is_demo = app.first_start(db, app.parse_args(["--db", str(db_path)]))
    d.check()
    assert not is_demo and has_profile(db)

    # the program's own look (style sheet, Qt's buttons in Vietnamese), undone for the tests that follow
    from tthc_desktop.ui.common import translator

    qapp = QApplication.instance()
    old_sheet = qapp.styleSheet()
    vietnamese = translator.install(qapp)
    qapp.setStyleSheet(app.load_style_sheet())
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    try:
        _walk(window, ctx, d, answers, shown, opened, out)
    finally:
        # let background loads (board, dashboard) and report jobs end before the database closes
        from PySide6.QtCore import QThreadPool

        from tthc_desktop.ui.common import workers

        QThreadPool.globalInstance().waitForDone(30_000)
        for job in list(workers._LIVE):
            job.wait()
        QApplication.processEvents()
        for dialog in window.findChildren(QDialog):
            dialog.done(0)
        window.close()
        db.close()
        qapp.removeTranslator(vietnamese)
        qapp.setStyleSheet(old_sheet)


def _walk(window, ctx, d: Driver, answers, shown, opened, out: Path) -> None:
    from openpyxl import load_workbook

    # 02 the units made by the setup, in Danh mục
    catalog = go(window, "catalog", d)
    tables = [t for t in catalog.findChildren(QTableWidget) if t.isVisible()]
    assert tables and tables[0].rowCount() >= 5
    d.shot(window, "02-catalog")

    # 03 the province's plan through the import preview
    provincial = go(window, "provincial", d)
    assert provincial.empty.isVisible()
    answers["open"] = DEMO / "qn2023_plan.docx"
    from tthc_desktop.ui.plans.import_preview import ImportPreviewDialog

    def preview(dialog: ImportPreviewDialog) -> None:
        assert "51 nhiệm vụ" in dialog.summary.text()
        assert dialog.decision.text() == "124/QĐ-UBND" and dialog.year.value() == 2023
        d.shot(dialog, "03-import-preview")
        d.click(dialog.save_button)
    d.when_modal(ImportPreviewDialog, preview)
    d.click(provincial.import_button)
    d.check()
    assert provincial.plans.rowCount() == 1 and provincial.plans.item(0, 4).text() == "51"
    assert not provincial.empty.isVisible() and provincial.tasks.topLevelItemCount() >= 3
    assert "51 nhiệm vụ" in window.statusBar().currentMessage()
    d.shot(window, "04-provincial")

    # 05 derive the department's plan, last year's plan chosen as a file
    department = go(window, "department", d)
    from tthc_desktop.ui.plans.department_page import NewPlanDialog

    def new_plan(dialog: NewPlanDialog) -> None:
        assert dialog.source.currentText().startswith("2023 — ")
        answers["open"] = DEMO / "snn2024_plan.docx"
        dialog.previous.setFocus()
        d.qtbot.keyClick(dialog.previous, Qt.Key.Key_End)  # «Chọn tệp kế hoạch của Sở năm trước…»
        assert dialog.previous.currentText() == "snn2024_plan.docx"
        d.type_into(dialog.year.lineEdit(), str(PLAN_YEAR))
        d.shot(dialog, "05-new-plan")
        d.click(d.button(dialog, "Lập đề xuất"))
    d.when_modal(NewPlanDialog, new_plan)
    d.click(department.new_button)
    d.check()
    editor_dialog = department._editor_dialog
    qtbot = d.qtbot
    qtbot.waitExposed(editor_dialog)
    editor = editor_dialog.editor
    total = len(editor.tasks)
    assert total > 40 and any(t.own for t in editor.tasks)
    # review with the keyboard: Space keeps, Delete drops, each moving to the next task
    editor.table.setFocus()
    editor.select_row(0)
    for _ in range(total):
        task = editor.tasks[editor.current_row()]
        qtbot.keyClick(editor.table, Qt.Key.Key_Space if task.decision == "keep" else Qt.Key.Key_Delete)
    kept = sum(t.decision == "keep" for t in editor.tasks)
    assert editor.summary.text() == f"Giữ {kept} · Bỏ {total - kept} · Chưa quyết định 0"
    d.click(editor.add_button)
    d.type_into(editor.form.content, "Tập huấn nghiệp vụ kiểm soát TTHC cho cán bộ đầu mối các đơn vị")
    d.type_into(editor.form.lead, "Văn phòng Sở")
    d.click(editor.form.apply_button)
    own = editor.tasks[editor.current_row()]
    assert own.own and own.content.startswith("Tập huấn") and editor.summary.text().startswith(f"Giữ {kept + 1} ")
    d.shot(editor_dialog, "06-plan-editor")
    d.click(editor.save_button)
    assert department.table.rowCount() == 1 and department.table.item(0, 4).text() == "✓"

    # 07 export the plan: Word and Excel beside each other
    from tthc_desktop.ui.plans.plan_export_dialog import PlanExportDialog

    def export(dialog: PlanExportDialog) -> None:
        answers["save"] = out / "Ke hoach KSTTHC 2024.docx"
        d.click(dialog.choose_button)
        assert dialog.annex.isEnabled() and not dialog.annex.isChecked()  # the province's dropped tasks: optional
        d.shot(dialog, "07-plan-export")
        d.click(d.button(dialog, "Xuất"))
    d.when_modal(PlanExportDialog, export)
    opened.clear()
    d.click(editor.export_button)
    d.check()
    docx, xlsx = out / "Ke hoach KSTTHC 2024.docx", out / "Ke hoach KSTTHC 2024.xlsx"
    assert docx.is_file() and xlsx.is_file()
    assert opened == [docx, xlsx]  # «Đã xuất kế hoạch» with «Mở tệp», «Mở thư mục chứa tệp»
    import docx as python_docx

    text = "\n".join(p.text for p in python_docx.Document(str(docx)).paragraphs)
    assert "KẾ HOẠCH" in text.upper()
    body = "\n".join(c.text for t in python_docx.Document(str(docx)).tables for r in t.rows for c in r.cells)
    assert "Tập huấn nghiệp vụ kiểm soát TTHC" in body
    sheet = load_workbook(xlsx).active
    assert sheet.max_row > kept
    qtbot.keyClick(editor.table, Qt.Key.Key_Escape)  # saved: Esc closes without asking
    assert not editor_dialog.isVisible()
    assert department.table.rowCount() == 1
    d.focus(department.table)
    qtbot.keyClick(department.table, Qt.Key.Key_Return)  # Enter reopens the plan in the editor
    assert department._editor_dialog is not editor_dialog and department._editor_dialog.isVisible()
    # the saved plan reopens with its kept tasks and, greyed, the province's tasks it left out (issue 13)
    assert sum(t.decision == "keep" for t in department._editor_dialog.editor.tasks) == kept + 1
    qtbot.keyClick(department._editor_dialog.editor.table, Qt.Key.Key_Escape)
    assert not department._editor_dialog.isVisible()
    d.shot(window, "07-department")

    # 08 the board for Q1 of the plan's year, chosen in the status bar
    combo = window.period_combo
    combo.setCurrentIndex(combo.findData(f"{PLAN_YEAR}Q1"))
    assert ctx.period.code == f"{PLAN_YEAR}Q1"
    d.focus(window.nav)
    qtbot.keyClick(window.nav, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)  # Xem → Kỳ báo cáo sau
    assert ctx.period.code == f"{PLAN_YEAR}Q2" and combo.currentText() == f"Quý II năm {PLAN_YEAR}"
    qtbot.keyClick(window.nav, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert ctx.period.code == f"{PLAN_YEAR}Q1" and combo.currentText() == f"Quý I năm {PLAN_YEAR}"
    board = go(window, "board", d)
    qtbot.waitUntil(lambda: board.count.text().startswith("Hiển thị"), timeout=10_000)
    rows = board.proxy.rowCount()
    assert rows == kept + 1 and board.count.text().startswith(f"Hiển thị {rows}/{rows} nhiệm vụ")
    d.shot(window, "08-board")

    # 09 progress and one evidence document in the task detail
    from tthc_desktop.ui.tracking.task_detail import EvidenceDialog, TaskDetailDialog

    evidence_file = out / "12-KH-SNNPTNT.pdf"
    evidence_file.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    def detail(dialog: TaskDetailDialog) -> None:
        dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
        d.type_into(dialog.percent.lineEdit(), "100")
        d.type_into(dialog.result, "Đã ban hành Kế hoạch rà soát, đánh giá TTHC năm 2024")
        d.click(d.button(dialog, "Lưu kết quả"))
        assert dialog.history.rowCount() == 1 and dialog.history.item(0, 2).text().startswith("Hoàn thành")
        d.shot(dialog, "09-task-progress")
        dialog.tabs.setCurrentWidget(dialog.evidence_page)

        def add(ev: EvidenceDialog) -> None:
            d.type_into(ev.number, "12/KH-SNNPTNT")
            ev.doc_date.setDate(QDate(2024, 2, 15))
            d.type_into(ev.issuer, "Sở Nông nghiệp và Phát triển nông thôn")
            d.type_into(ev.summary, "Kế hoạch rà soát, đánh giá TTHC năm 2024")
            answers["open"] = evidence_file
            d.click(d.button(ev, "Chọn tệp…"))
            assert ev.file_label.text() == evidence_file.name
            d.click(d.button(ev, "Lưu"))
        d.when_modal(EvidenceDialog, add)
        d.click(d.button(dialog, "Thêm văn bản…"))
        assert dialog.evidence.rowCount() == 1 and dialog.evidence.item(0, 5).text() == evidence_file.name
        d.shot(dialog, "10-task-evidence")
        d.qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    d.when_modal(TaskDetailDialog, detail)
    first_id = board.proxy.row_at(0).id
    qtbot.mouseClick(board.view.viewport(), Qt.MouseButton.LeftButton, pos=board.view.visualRect(board.proxy.index(0, 2)).center())
    d.focus(board.view)
    qtbot.keyClick(board.view, Qt.Key.Key_Return)  # Enter opens the task, as a double click does
    d.check()
    qtbot.waitUntil(lambda: any(r.status in ("done", "done_late") for r in board.proxy.visible_rows()), timeout=10_000)

    # 11 unit sheets out, one filled in Excel, back in through the board
    from tthc_desktop.ui.tracking.unit_sheets_dialog import ImportPreviewDialog as SheetPreview

    sheets = Path(os.environ["TTHC_OUTPUT_DIR"]) / f"Phieu don vi {PLAN_YEAR}Q1"  # the documents folder, not asked
    opened.clear()
    d.click(d.button(board, "Xuất phiếu cho đơn vị…"))
    files = sorted(sheets.glob("*.xlsx"))
    assert files and sorted(opened) == files  # «Đã lập …» with «Mở tệp», «Mở thư mục», «In»
    assert window.statusBar().currentMessage().startswith(f"Đã tạo {len(files)} phiếu báo cáo Quý I năm {PLAN_YEAR}")
    filled = None
    for path in files:
        wb = load_workbook(path)
        ws = wb["Phiếu báo cáo"]
        rows_with_id = [r for r in range(9, ws.max_row + 1)
                        if ws.cell(row=r, column=10).value not in (None, "", first_id, str(first_id))]
        if rows_with_id:
            filled_id = int(ws.cell(row=rows_with_id[0], column=10).value)
            ws.cell(row=rows_with_id[0], column=5, value="Đang thực hiện")
            ws.cell(row=rows_with_id[0], column=6, value="Đã rà soát 5/12 thủ tục")
            wb.save(path)
            filled = path
            break
    assert filled is not None
    answers["open_many"] = [filled]

    def sheet_preview(dialog: SheetPreview) -> None:
        assert dialog.table.rowCount() >= 1
        assert any(dialog.table.item(r, 3).text().endswith("Đang thực hiện") for r in range(dialog.table.rowCount()))
        d.shot(dialog, "11-unit-sheet-preview")
        d.click(d.button(dialog, "Ghi vào cơ sở dữ liệu"))
    d.when_modal(SheetPreview, sheet_preview)
    d.click(d.button(board, "Nhập phiếu đơn vị gửi về…"))
    d.check()
    assert window.statusBar().currentMessage().startswith("Đã ghi kết quả 1 nhiệm vụ từ 1 phiếu")
    qtbot.waitUntil(lambda: any(r.id == filled_id and r.status == "in_progress" for r in board.proxy.visible_rows()),
                    timeout=10_000)
    d.shot(window, "12-board-after-sheet")

    # 13 II.06a figures: one broken identity flagged as typed, then fixed and saved
    report = go(window, "report", d)
    figures = report.figures
    figures.form_box.setCurrentIndex(figures.form_box.findData("II.06a"))
    figures.unit_box.setCurrentIndex(1)  # the first unit handling dossiers
    grid = figures.grid
    assert grid.fields, "the unit has lĩnh vực to report"
    row = 0
    values = {3: 10, 4: 2, 5: 8, 6: 0, 7: 9, 8: 1, 9: 7, 10: 1, 11: 1, 12: 1, 13: 0}
    for key, value in values.items():
        d.type_cell(grid.table, row, grid.column_of(key), str(value))
    assert "Đúng:" in grid.summary.text()
    d.type_cell(grid.table, row, grid.column_of(5), "7")  # (3) = 10 but (4) + (5) + (6) = 9
    assert grid.table.item(row, grid.column_of(5)).text() == "7"
    assert grid.has_errors() and "Lỗi:" in grid.summary.text()
    assert "(4) + (5) + (6) = 9" in grid.table.item(row, grid.column_of(3)).toolTip()
    grid.table.setCurrentCell(row, grid.column_of(3))  # the officer goes back to the red cell to read why
    grid.table.scrollToItem(grid.table.item(row, 0))
    d.shot(window, "13-figures-broken")
    d.click(figures.save_button)
    assert shown[-1][0] == "Chưa lưu được"
    d.type_cell(grid.table, row, grid.column_of(5), "8")
    assert not grid.has_errors() and "Đúng:" in grid.summary.text()
    d.click(figures.save_button)
    assert window.statusBar().currentMessage().startswith("Đã lưu số liệu II.06a")
    d.shot(window, "14-figures-fixed")

    # 15 the Q1 report, then the e-mail draft to the province
    report.tabs.tabBar().setCurrentIndex(1)
    tab = report.report
    assert tab.parts.count() > 3
    tab.parts.setCurrentRow(6)  # «6. Tình hình, kết quả giải quyết thủ tục hành chính»: the figures in words
    assert "10 hồ sơ" in tab.editor.toPlainText()  # the figures typed above, in words
    d.shot(window, "15-report")
    opened.clear()
    d.click(tab.build_button)
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    folder = opened[-1].parent
    assert folder.is_dir() and folder.parent == Path(os.environ["TTHC_OUTPUT_DIR"])
    names = {p.name for p in folder.iterdir()}
    assert {f"Bao-cao-KSTTHC-{PLAN_YEAR}Q1.docx", "II.05a.xlsx", "II.06a.xlsx"} <= names
    for name in ("II.05a.xlsx", "II.06a.xlsx"):
        load_workbook(folder / name)
    assert python_docx.Document(str(folder / f"Bao-cao-KSTTHC-{PLAN_YEAR}Q1.docx")).paragraphs
    assert window.statusBar().currentMessage().startswith("Đã lập báo cáo Quý I")
    d.shot(window, "16-report-built")
    opened.clear()
    d.click(tab.send_button)
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    eml = next(p for p in opened if p.suffix == ".eml")
    assert eml.suffix == ".eml" and eml.is_file()
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert PROVINCE_EMAIL in message["To"] and "kiểm soát TTHC" in message["Subject"]
    attached = sorted(part.get_filename() for part in message.iter_attachments())
    assert attached == sorted([f"Bao-cao-KSTTHC-{PLAN_YEAR}Q1.docx", "II.05a.xlsx", "II.06a.xlsx"])

    # 17 the dashboard at the end of the quarter's work
    window.statusBar().clearMessage()  # a person sees it go after 8 s; the README picture need not show a temp path
    dashboard = go(window, "dashboard", d)
    qtbot.waitUntil(lambda: dashboard.subtitle.text().startswith("Kỳ báo cáo từ"), timeout=10_000)
    assert dashboard.title.text() == f"Tổng quan — Quý I năm {PLAN_YEAR}"
    assert dashboard.count_labels["in_progress"].text() == "1" and dashboard.count_labels["done_late"].text() == "1"
    d.shot(window, "17-dashboard")
    assert not [t for t, _ in shown if t.startswith("Không")], shown
