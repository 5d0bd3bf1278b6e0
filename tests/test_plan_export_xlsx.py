"""The plan's annex as Excel: print settings, merges, repeated headers, safe text; and the CLI."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from tests.plan_export_data import FORMULA_RESULT, GROUP, build_plan
from tthc_desktop.cli.main import run
from tthc_desktop.exporters import atomic
from tthc_desktop.exporters.xlsx_common import safe_text, write_cell
from tthc_desktop.services.plan_export import export_plan


@pytest.fixture
def sheet(db, tmp_path):
    plan_id = build_plan(db)
    out = tmp_path / "phu-luc.xlsx"
    export_plan(db, plan_id, xlsx=out)
    return out, openpyxl.load_workbook(out).active


def test_print_ready_a4_landscape_fit_to_width_titles_frozen(sheet):
    _, ws = sheet
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$5:$6"
    assert ws.freeze_panes == "A7"


def test_header_section_and_subrow_merges(sheet):
    _, ws = sheet
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A5:A6", "B5:B6", "C5:C6", "D5:E5", "F5:F6"} <= merged
    assert ws["D5"].value == "Đơn vị thực hiện" and (ws["D6"].value, ws["E6"].value) == ("Chủ trì", "Phối hợp")
    assert ws["A7"].value == "I" and "B7:F7" in merged and ws["B7"].font.b
    # Task 1 (sub-rows a, b): number and content merged down over rows 8–9.
    assert {"A8:A9", "B8:B9"} <= merged
    assert ws["A8"].value == "1" and ws["C8"].value.startswith("a) ") and ws["C9"].value.startswith("b) ")
    assert ws["E8"].value == GROUP
    assert ws["A10"].value == "II" and ws["A11"].value == "2"
    assert ws["A2"].value.startswith("NỘI DUNG HOẠT ĐỘNG KIỂM SOÁT TTHC NĂM 2024 CỦA SỞ NÔNG NGHIỆP")


def test_fonts_borders_wrap(sheet):
    _, ws = sheet
    for ref in ("A5", "B8", "C11", "F12"):
        cell = ws[ref]
        assert cell.font.name == "Times New Roman"
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
        assert cell.alignment.wrap_text
    assert ws.row_dimensions[11].height > ws.row_dimensions[12].height  # four results need more room


def test_formula_like_text_is_stored_as_text(sheet):
    path, ws = sheet
    results = ws["C11"].value.split("\n")
    assert f"- {FORMULA_RESULT}" in results and "- +84 điện thoại" in results
    assert "- @ghi chú" in results  # the control character is gone
    assert ws["C12"].value == FORMULA_RESULT and ws["C12"].data_type == "s" and ws["C12"].quotePrefix
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_write_cell_neutralises_formulas(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, text in enumerate(["=1+2", "+SUM(A1)", "-2", "@cmd", "bình thường"], start=1):
        write_cell(ws, row, 1, text)
    write_cell(ws, 6, 1, 1234)
    out = tmp_path / "t.xlsx"
    wb.save(out)
    back = openpyxl.load_workbook(out).active
    assert [back.cell(r, 1).value for r in range(1, 7)] == ["=1+2", "+SUM(A1)", "-2", "@cmd", "bình thường", 1234]
    assert all(back.cell(r, 1).data_type == "s" for r in range(1, 6))
    assert back["A1"].quotePrefix
    assert safe_text("a\x00b\tc\x1f") == "ab c"


def test_cli_exports_both_files(db, database_url, tmp_path, capsys):
    plan_id = build_plan(db)
    db.close()
    docx, xlsx = tmp_path / "out" / "kh.docx", tmp_path / "out" / "kh.xlsx"
    code = run(["plan", "export", str(plan_id), "--db", database_url, "--docx", str(docx), "--xlsx", str(xlsx)])
    assert code == 0
    assert docx.stat().st_size > 0 and xlsx.stat().st_size > 0
    assert "Đã ghi" in capsys.readouterr().out


def test_cli_errors_have_exit_codes_and_keep_old_file(db, database_url, tmp_path, capsys, monkeypatch):
    plan_id = build_plan(db)
    db.close()
    assert run(["plan", "export", "999", "--db", database_url, "--docx", str(tmp_path / "a.docx")]) == 2
    assert "Không có kế hoạch số 999" in capsys.readouterr().err
    target = tmp_path / "open.xlsx"
    target.write_bytes(b"previous good file")

    def locked(src, dst):
        raise PermissionError(13, "used by another process")

    monkeypatch.setattr(atomic.os, "replace", locked)
    assert run(["plan", "export", str(plan_id), "--db", database_url, "--xlsx", str(target)]) == 3
    assert "đang được mở trong chương trình khác" in capsys.readouterr().err
    assert target.read_bytes() == b"previous good file"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".tmp")) == ["open.xlsx"]
