"""Pages that print right: the Word and Excel properties behind an unsplit signature block, unclipped cells
and no cấp heading alone at the foot of a page; file properties; the form version in force for a period."""
from __future__ import annotations

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from tthc_desktop.domain.forms import FormSheet, group_rows, period_dates_text
from tthc_desktop.domain.periods import Period
from tthc_desktop.exporters.forms_docx import write_form_docx
from tthc_desktop.exporters.forms_xlsx import write_form_xlsx
from tthc_desktop.exporters.text_metrics import EXCEL_MAX_ROW_PT, column_text_pt, height_pt, wrap_count
from tthc_desktop.services import forms

LONG = "Quản lý chất lượng nông lâm sản và thủy sản, an toàn thực phẩm nông sản trên địa bàn tỉnh"


def _sheet(code: str, period: Period, count: int = 40, missing: str = "") -> FormSheet:
    d = forms.get_definition(code, period)
    levels = ("tỉnh", "huyện", "xã")
    fields = [(f"{LONG} {i}" if i % 7 == 3 else f"Lĩnh vực số {i}", levels[i * 3 // count],
               {c: i + c for c in d.value_columns}) for i in range(count)]
    return FormSheet(d, period.label, period_dates_text(period.start, period.end),
                     "Sở Nông nghiệp và Phát triển nông thôn", "Văn phòng UBND tỉnh", group_rows(fields, d.levels),
                     place_date="Quảng Ngãi, ngày      tháng 6 năm 2024", signer_heading="GIÁM ĐỐC",
                     signer_name="Nguyễn Văn Minh", missing_note=missing, author="Sở Nông nghiệp và Phát triển nông thôn")


def test_the_form_in_force_for_the_period():
    assert forms.get_definition("II.06a", Period(2024, "Q2")).levels == ("Cấp tỉnh", "Cấp huyện", "Cấp xã")
    assert forms.get_definition("II.06a", Period(2025, "Q2")).levels == ("Cấp tỉnh", "Cấp huyện", "Cấp xã")
    assert forms.get_definition("II.06a", Period(2025, "Q3")).levels == ("Cấp tỉnh", "Cấp xã")  # ends 14/9/2025
    assert forms.get_definition("II.06a", Period(2026, "Q1")).levels == ("Cấp tỉnh", "Cấp xã")
    headings_2024 = [r.label for r in _sheet("II.06a", Period(2024, "Q2")).rows if r.heading]
    assert headings_2024 == ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]
    d26 = forms.get_definition("II.06a", Period(2026, "Q1"))
    rows = group_rows([("Trồng trọt", "tỉnh", {}), ("Chứng thực", "xã", {}), ("Thủy lợi", "", {})], d26.levels)
    assert [(r.label, r.heading) for r in rows] == [("Cấp tỉnh", True), ("Trồng trọt", False), ("Thủy lợi", False),
                                                   ("Cấp xã", True), ("Chứng thực", False)]
    assert not forms.get_definition("II.05a").confirmed and forms.get_definition("II.06a").confirmed


@pytest.fixture
def xlsx(tmp_path):
    sheet = _sheet("II.06a", Period(2024, "Q2"), missing="Chưa có số liệu của: Chi cục Thủy sản.")
    path = write_form_xlsx(sheet, tmp_path / "II.06a.xlsx")
    return sheet, openpyxl.load_workbook(path).active


def test_excel_fits_one_page_wide_with_print_area_and_titles(xlsx):
    _, ws = xlsx
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.page_setup.orientation == "landscape"
    assert ws.print_area.endswith(f"$M${ws.max_row}")  # the signature block is inside the print area
    assert ws.print_title_rows.replace("$", "") == "6:9"


def test_excel_row_heights_hold_the_wrapped_text_up_to_409_pt(xlsx):
    _, ws = xlsx
    label_col = ws.column_dimensions["B"].width
    checked = 0
    for r in range(10, ws.max_row + 1):
        text = ws.cell(r, 2).value
        if isinstance(text, str) and text and ws.cell(r, 1).value is not None:
            need = height_pt(wrap_count(text, column_text_pt(label_col), 11, ws.cell(r, 2).font.b), 11)
            assert ws.row_dimensions[r].height >= min(need, EXCEL_MAX_ROW_PT) - 0.01, (r, text)
            checked += 1
    assert checked >= 40
    long_rows = [r for r in range(10, ws.max_row + 1) if str(ws.cell(r, 2).value or "").startswith(LONG)]
    assert long_rows and all(ws.row_dimensions[r].height >= 2 * 12 for r in long_rows)  # two lines at least
    title = ws["D1"].value
    width = sum(ws.column_dimensions[c].width for c in "DEFGHIJ")
    assert ws.row_dimensions[1].height >= height_pt(wrap_count(title, column_text_pt(width), 13, True), 13) - 0.01


def test_excel_breaks_keep_headings_and_the_signature_with_rows(xlsx):
    _, ws = xlsx
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "40 rows do not fit on one landscape page"
    headings = {r for r in range(10, ws.max_row + 1) if ws.cell(r, 1).value in ("I", "II", "III")}
    assert not headings & set(breaks)  # a page never ends on a cấp heading
    total = next(r for r in range(10, ws.max_row + 1) if ws.cell(r, 2).value == "Tổng số")
    assert ws.cell(total + 1, 1).value.startswith("Chưa có số liệu của")
    assert not [b for b in breaks if total - 2 <= b < ws.max_row]  # last rows, total, note and signature together


def test_word_form_keeps_the_signature_with_the_last_rows(tmp_path):
    sheet = _sheet("II.06a", Period(2024, "Q2"), count=30)
    doc = docx.Document(str(write_form_docx(sheet, tmp_path / "II.06a.docx")))
    form, signature = doc.tables[0], doc.tables[-1]
    assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in form._tbl.tr_lst)
    for row in form.rows[-2:]:  # Kinh tế … and Tổng số go with the signature
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    headings = [row for row in form.rows if row.cells[0].text in ("I", "II", "III")]
    assert len(headings) == 3
    assert all(p.paragraph_format.keep_with_next for row in headings for c in row.cells for p in c.paragraphs)
    assert signature._tbl.tr_lst[0].trPr.find(qn("w:cantSplit")) is not None
    before = signature._tbl.getprevious()
    assert before.tag == qn("w:p") and docx.text.paragraph.Paragraph(before, None).paragraph_format.keep_with_next
    props = doc.core_properties
    assert props.language == "vi-VN" and props.author == "Sở Nông nghiệp và Phát triển nông thôn"
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang is not None and lang.get(qn("w:val")) == "vi-VN"


def test_ii05a_files_say_their_layout_is_not_confirmed(tmp_path):
    sheet = _sheet("II.05a", Period(2024, "Q2"), count=5)
    doc = docx.Document(str(write_form_docx(sheet, tmp_path / "II.05a.docx")))
    footers = {p.text for s in doc.sections for f in (s.footer, s.first_page_footer) for p in f.paragraphs}
    assert any("chưa đối chiếu văn bản gốc" in t for t in footers)
    ws = openpyxl.load_workbook(write_form_xlsx(sheet, tmp_path / "II.05a.xlsx")).active
    assert "chưa đối chiếu văn bản gốc" in ws.oddFooter.left.text
    ws6 = openpyxl.load_workbook(write_form_xlsx(_sheet("II.06a", Period(2024, "Q2"), count=5),
                                                 tmp_path / "II.06a.xlsx")).active
    assert not (ws6.oddFooter.left.text or "")


def test_a_form_with_nothing_entered_prints_no_zero_totals(tmp_path):
    d = forms.get_definition("II.06a", Period(2024, "Q3"))
    sheet = FormSheet(d, "Quý III năm 2024", "(…)", "Sở", "Văn phòng UBND tỉnh", [],
                      missing_note="Chưa có số liệu của: Chi cục Kiểm lâm.")
    ws = openpyxl.load_workbook(write_form_xlsx(sheet, tmp_path / "x.xlsx")).active
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Tổng số")
    assert all(ws.cell(total, c).value is None for c in range(3, 14))
    table = docx.Document(str(write_form_docx(sheet, tmp_path / "x.docx"))).tables[0]
    assert [c.text for c in table.rows[-1].cells[2:]] == [""] * 11


def test_report_signature_and_properties(tmp_path):
    from tthc_desktop.exporters.report_docx import ReportDocument, ReportPart, write_report_docx

    doc_model = ReportDocument("UBND tỉnh Quảng Ngãi", "Sở Nông nghiệp và Môi trường", "Số:      /BC-SNNMT",
                               "Quảng Ngãi, ngày      tháng 6 năm 2026", "BÁO CÁO", "Tình hình …", "Văn phòng UBND tỉnh",
                               "Mở đầu.", [ReportPart("II", "II. ĐÁNH GIÁ CHUNG", 1, "1. Ưu điểm\nĐã làm tốt.")],
                               "Kết.", ["- Như trên;", "- Lưu: VT, VP."], author="Sở Nông nghiệp và Môi trường")
    doc = docx.Document(str(write_report_docx(doc_model, tmp_path / "bc.docx")))
    assert doc.core_properties.author == "Sở Nông nghiệp và Môi trường" and doc.core_properties.language == "vi-VN"
    sub = next(p for p in doc.paragraphs if p.text == "1. Ưu điểm")
    assert all(r.bold for r in sub.runs) and sub.paragraph_format.keep_with_next
    closing = next(p for p in doc.paragraphs if p.text == "Kết.")
    assert closing.paragraph_format.keep_with_next
    assert doc.tables[-1]._tbl.tr_lst[0].trPr.find(qn("w:cantSplit")) is not None


def test_text_metrics_are_times_new_roman_widths():
    # Times New Roman: the digits are half an em, a space a quarter; bold is wider.
    from tthc_desktop.exporters.text_metrics import SAFETY, text_width_pt

    assert text_width_pt("0123456789", 10) == pytest.approx(50 * SAFETY)
    assert text_width_pt(" ", 12) == pytest.approx(3 * SAFETY)
    assert text_width_pt("Quản lý", 12, bold=True) > text_width_pt("Quản lý", 12)
    assert wrap_count("một hai ba", 1000, 12) == 1 and wrap_count("một hai ba", 20, 12) == 3


def test_plan_annex_never_ends_a_page_on_a_section_row(db, tmp_path):
    """Excel: the row breaks never fall right after a section row or inside a task's a), b) rows; Word: the
    section rows keep with the next row and never split."""
    from tests.plan_export_data import build_plan
    from tthc_desktop.domain.text import is_roman
    from tthc_desktop.services.plan_export import export_plan

    plan_id = build_plan(db)
    export_plan(db, plan_id, xlsx=tmp_path / "a.xlsx", docx=tmp_path / "a.docx")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    sections = {r for r in range(7, ws.max_row + 1) if is_roman(str(ws.cell(r, 1).value or ""))}
    assert sections and not sections & {b.id for b in ws.row_breaks.brk}
    merged_groups = [rng for rng in ws.merged_cells.ranges if rng.min_col == 1 and rng.max_row > rng.min_row]
    for b in ws.row_breaks.brk:
        assert not any(g.min_row <= b < g.max_row for g in merged_groups)
    assert ws.print_area
    table = docx.Document(str(tmp_path / "a.docx")).tables[-1]
    section_rows = [row for row in table.rows if is_roman(row.cells[0].text.strip())]
    assert section_rows
    for row in section_rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


def test_page_breaks_move_a_section_row_to_the_next_page():
    from openpyxl import Workbook

    from tthc_desktop.exporters.xlsx_common import setup_print
    from tthc_desktop.exporters.xlsx_pages import keep_together

    def sheet():
        ws = Workbook().active
        for c in "ABCDEF":
            ws.column_dimensions[c].width = 25
        for r in range(1, 61):
            ws.cell(r, 1, f"dòng {r}")
            ws.row_dimensions[r].height = 18 if r in (1, 2) else 50
        setup_print(ws, title_rows=(1, 2))
        return ws

    free = keep_together(sheet(), first_row=3, title_rows=(1, 2), last_row=60, keep_with_next=[],
                         keep_block=(60, 60))
    sections = [s - 1 for s in free]  # rows that would end a page: make them section rows
    starts = keep_together(ws := sheet(), first_row=3, title_rows=(1, 2), last_row=60, keep_with_next=sections,
                           keep_block=(58, 60))
    breaks = {b.id for b in ws.row_breaks.brk}
    assert free and not breaks & set(sections)
    assert all(s - 1 not in sections for s in starts) and starts[-1] <= 58
