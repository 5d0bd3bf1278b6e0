"""The Báo cáo định kỳ page: the entry grid flags broken identities as the officer types; parts stay editable."""
from __future__ import annotations

import pytest

from tests.factories import build_department
from tthc_desktop.domain.periods import Period
from tthc_desktop.services import forms, report
from tthc_desktop.ui.report.form_grid import HARD, WARN

Q1, Q2 = Period.parse("2024Q1"), Period.parse("2024Q2")


@pytest.fixture
def page(qtbot, db, monkeypatch):
    from tthc_desktop.ui.report import report_page
    from tthc_desktop.ui.common.context import AppContext
    from tthc_desktop.ui.report.report_page import ReportPage

    shown = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(report_page.QMessageBox, name, staticmethod(lambda *a, **k: shown.append(a)))

    ids = build_department(db)
    ctx = AppContext(db)
    ctx.set_period(Q2)
    p = ReportPage(ctx)
    qtbot.addWidget(p)
    p.ids, p.shown = ids, shown
    return p


def _select(page, form: str, unit: str) -> None:
    f = page.figures
    f.form_box.setCurrentIndex(f.form_box.findData(form))
    f.unit_box.setCurrentIndex(f.unit_box.findText(unit))


def _row(grid, name: str) -> int:
    return next(r for r, (_, n) in enumerate(grid.fields) if n == name)


def _type(grid, row: int, values: dict[int, int]) -> None:
    for k, v in values.items():
        grid.table.item(row, grid.column_of(k)).setText(str(v))


def test_grid_flags_a_broken_identity_as_the_officer_types(page):
    _select(page, "II.06a", "Chi cục Kiểm lâm")
    grid = page.figures.grid
    r = _row(grid, "Lâm nghiệp")
    _type(grid, r, {3: 10, 4: 2, 5: 8, 6: 0, 7: 9, 8: 1, 9: 7, 10: 1, 11: 1, 12: 1, 13: 0})
    assert not grid.violations() and "khớp" in grid.summary.text()
    grid.table.item(r, grid.column_of(5)).setText("7")  # now (3)=10 but (4)+(5)+(6)=9
    cell = grid.table.item(r, grid.column_of(3))
    assert cell.background().color() == HARD
    assert "Số hồ sơ nhận giải quyết phải bằng" in cell.toolTip() and "(4) + (5) + (6) = 9" in cell.toolTip()
    assert "Lỗi:" in grid.summary.text() and "Lâm nghiệp" in grid.summary.text()
    assert grid.has_errors()
    total = grid.table.item(len(grid.fields), grid.column_of(5))
    assert total.text() == "7"
    assert not page.figures.save()  # refused while a hard rule is broken
    assert "sai quy tắc" in page.shown[-1][2]


def test_gap_is_a_warning_and_saving_works(page, db):
    _select(page, "II.06a", "Chi cục Kiểm lâm")
    grid = page.figures.grid
    r = _row(grid, "Lâm nghiệp")
    _type(grid, r, {3: 10, 4: 2, 5: 8, 6: 0, 7: 8, 8: 1, 9: 6, 10: 1, 11: 1, 12: 1, 13: 0})
    assert grid.table.item(r, grid.column_of(7)).background().color() == WARN
    assert not grid.has_errors() and "Cảnh báo:" in grid.summary.text()
    grid.table.item(r, grid.table.columnCount() - 1).setText("01 hồ sơ bị trả lại")
    assert page.figures.overdue_box.isVisibleTo(page)
    page.figures.overdue_reason.setText("Chờ ý kiến liên ngành")
    page.figures.apology_letters.setValue(1)
    assert page.figures.save()
    text = {p["key"]: p for p in report.report_parts(db, Q2)}["I.6"]["text"]
    assert "Chi cục Kiểm lâm: 1 hồ sơ quá hạn, nguyên nhân: Chờ ý kiến liên ngành" in text and "01 hồ sơ bị trả lại" in text and "Đã gửi 1 văn bản xin lỗi" in text
    fid = grid.fields[r][0]
    unit = page.ids["units"]["Chi cục Kiểm lâm"]
    assert forms.figures(db, "II.06a", Q2, unit)[fid][3] == 10
    assert forms.explanations(db, "II.06a", Q2, unit) == {fid: "01 hồ sơ bị trả lại"}


def test_carry_over_is_prefilled_from_previous_period(page, db):
    unit = page.ids["units"]["Chi cục Thủy lợi"]
    fid = next(f.field_id for f in forms.unit_field_rows(db, None) if f.name == "Thủy lợi")
    forms.save_unit_figures(db, "II.06a", Q1, unit, {fid: {3: 20, 4: 5, 5: 15, 6: 0, 7: 12, 8: 2, 9: 9, 10: 1,
                                                           11: 8, 12: 7, 13: 1}})
    _select(page, "II.06a", "Chi cục Thủy lợi")
    grid = page.figures.grid
    assert grid.table.item(_row(grid, "Thủy lợi"), grid.column_of(6)).text() == "8"


def test_report_tab_keeps_edits(page, db, qtbot):
    page.tabs.setCurrentWidget(page.report)
    tab = page.report
    assert tab.parts.count() == len(report.outline()["parts"])
    tab.parts.setCurrentRow(1)
    tab.editor.setPlainText("Văn bản đã sửa.")
    tab.parts.setCurrentRow(2)
    assert {p["key"]: p for p in report.report_parts(db, Q2)}["I.1"]["text"] == "Văn bản đã sửa."
    assert "✎" in tab.parts.item(1).text()


def test_importing_units_files_from_the_page_asks_before_replacing(page, db, tmp_path):
    import openpyxl

    unit = page.ids["units"]["Chi cục Thủy sản"]
    out = forms.write_template(db, "II.05a", Q2, unit, tmp_path / "ts.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    r = next(r for r in range(10, 20) if ws.cell(r, 2).value == "Thủy sản")
    for c, v in {3: 4, 4: 0, 5: 4, 6: 3, 7: 1, 8: 4, 9: 4, 10: 0}.items():
        ws.cell(r, c, v)
    wb.save(out)
    asked = []
    lines = page.figures.import_files([out], ask=lambda text: asked.append(text) or False)
    assert lines[0].startswith("Đã nhập") and not asked
    lines = page.figures.import_files([out], ask=lambda text: asked.append(text) or False)
    assert asked and "Đã có số liệu II.05a" in asked[0] and lines == []
    lines = page.figures.import_files([out], ask=lambda text: True)
    assert lines[0].startswith("Đã nhập")


def test_switching_unit_offers_to_save_to_the_unit_that_was_typed(page, db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tthc_desktop.ui.report import report_page

    asked = []
    monkeypatch.setattr(report_page.QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes))
    _select(page, "II.06a", "Chi cục Thủy sản")
    grid = page.figures.grid
    r = _row(grid, "Thủy sản")
    _type(grid, r, {3: 3, 4: 1, 5: 2, 6: 0, 7: 3, 8: 0, 9: 3, 10: 0, 11: 0, 12: 0, 13: 0})
    fid = grid.fields[r][0]
    _select(page, "II.06a", "Chi cục Kiểm lâm")
    assert asked and "Chi cục Thủy sản" in asked[0]
    assert forms.figures(db, "II.06a", Q2, page.ids["units"]["Chi cục Thủy sản"])[fid][3] == 3
    assert not forms.figures(db, "II.06a", Q2, page.ids["units"]["Chi cục Kiểm lâm"])


def test_templates_for_every_unit_handling_dossiers(page, tmp_path, monkeypatch):
    from tthc_desktop.ui.common import output_dialog

    made = []
    monkeypatch.setattr(output_dialog, "show_made", lambda parent, what, paths, notes=(): made.append((what, paths)) or "close")
    _select(page, "II.05a", "Toàn Sở (tổng hợp các đơn vị)")
    page.figures.export_templates()
    folder = tmp_path / "documents" / "Bieu trong 2024Q2"  # the officer's documents folder, not the data folder
    names = sorted(p.name for p in folder.glob("*.xlsx"))
    assert made and made[0][0] == "5 biểu II.05a trống Quý II năm 2024" and sorted(made[0][1]) == sorted(folder.glob("*.xlsx"))
    assert len(names) == 5 and all(n.startswith("II.05a 2024Q2 Chi cục") for n in names)


def test_the_report_tab_lists_missing_figures_before_building(page):
    """Nothing entered for Q2 yet: the tab names the units whose figures are missing; once a unit's figures
    are saved it is no longer listed."""
    tab = page.report
    tab.refresh()
    texts = [tab.checks.item(i).text() for i in range(tab.checks.count())]
    assert not tab.checks.isHidden() and any("Chưa có số liệu" in t and "Chi cục Kiểm lâm" in t for t in texts)
    fields = {f.name: f.field_id for f in forms.unit_field_rows(page.ctx.db, None)}
    unit = page.ids["units"]["Chi cục Kiểm lâm"]
    row = {3: 10, 4: 2, 5: 8, 6: 0, 7: 9, 8: 1, 9: 7, 10: 1, 11: 1, 12: 1, 13: 0}
    forms.save_unit_figures(page.ctx.db, "II.06a", Q2, unit, {fid: row for fid in fields.values()})
    tab.refresh()
    texts = [tab.checks.item(i).text() for i in range(tab.checks.count())]
    assert not any("II.06a" in t and "Chi cục Kiểm lâm" in t for t in texts)


def test_cancel_keeps_the_typed_figures_on_screen(page, db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tthc_desktop.ui.report import report_page

    buttons = []
    monkeypatch.setattr(report_page.QMessageBox, "question",
                        staticmethod(lambda *a, **k: buttons.append(a[3]) or QMessageBox.StandardButton.Cancel))
    _select(page, "II.06a", "Chi cục Thủy sản")
    grid = page.figures.grid
    r = _row(grid, "Thủy sản")
    _type(grid, r, {3: 3, 4: 1, 5: 2, 6: 0, 7: 3, 8: 0, 9: 3, 10: 0, 11: 0, 12: 0, 13: 0})
    _select(page, "II.06a", "Chi cục Kiểm lâm")
    assert buttons and buttons[0] & QMessageBox.StandardButton.Cancel  # «Lưu số liệu?» offers «Hủy»
    assert page.figures.unit_box.currentText() == "Chi cục Thủy sản"  # stayed on the unit being typed
    assert grid.table.item(r, grid.column_of(3)).text() == "3" and page.figures.dirty
    assert not forms.figures(db, "II.06a", Q2, page.ids["units"]["Chi cục Thủy sản"])  # nothing saved
