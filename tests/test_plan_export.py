"""The department plan as Word: read back with python-docx (layout, header block, annex table)."""
from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tests.plan_export_data import GROUP, build_plan
from tthc_desktop.errors import UsageError, ValidationError
from tthc_desktop.exporters.plan_docx import ANNEX_WIDTHS_CM
from tthc_desktop.services.plan_export import build_plan_document, export_plan
from tthc_desktop.storage.models import Plan


def _export(db, tmp_path, **kw):
    plan_id = build_plan(db, **kw)
    out = tmp_path / "ke-hoach.docx"
    assert export_plan(db, plan_id, docx=out) == [out]
    return Document(str(out))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_portrait_body_then_landscape_annex_starting_with_a_paragraph(db, tmp_path):
    doc = _export(db, tmp_path)
    body, annex = doc.sections
    assert body.orientation == WD_ORIENT.PORTRAIT and body.page_width < body.page_height
    assert annex.orientation == WD_ORIENT.LANDSCAPE and annex.page_width > annex.page_height
    assert [round(m.cm, 2) for m in (body.top_margin, body.bottom_margin, body.left_margin, body.right_margin)] == [2, 2, 3, 2]
    # The element right after the section break must be a paragraph (LibreOffice drops the landscape otherwise).
    elements = list(doc.element.body.iterchildren())
    brk = next(i for i, el in enumerate(elements) if el.tag == qn("w:p") and el.find(".//" + qn("w:sectPr")) is not None)
    assert elements[brk + 1].tag == qn("w:p")
    assert "".join(t.text or "" for t in elements[brk + 1].iter(qn("w:t"))) == "Phụ lục"


def test_fonts_page_numbers_and_body_indent(db, tmp_path):
    doc = _export(db, tmp_path)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    first = doc.sections[0]
    assert first.different_first_page_header_footer  # no number on page 1
    assert "PAGE" in first.header._element.xml and "PAGE" not in first.first_page_header._element.xml
    preamble = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện"))
    assert round(preamble.paragraph_format.first_line_indent.cm, 2) == 1
    assert preamble.alignment == 3  # justified


def test_header_block_blank_registration_and_preamble(db, tmp_path):
    doc = _export(db, tmp_path, text_blocks={"blank_month": 2})
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert "UBND TỈNH QUẢNG NGÃI" in left.text and "SỞ NÔNG NGHIỆP" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text and "Độc lập - Tự do - Hạnh phúc" in right.text
    number, place = header.rows[1].cells
    assert number.text.replace(" ", "") == "Số:/KH-SNNPTNT"
    assert place.text.startswith("Quảng Ngãi, ngày ") and place.text.endswith("tháng 02 năm 2024")
    assert all(r.italic for r in place.paragraphs[0].runs)
    texts = _texts(doc)
    assert "KẾ HOẠCH" in texts
    preamble = next(t for t in texts if t.startswith("Thực hiện"))
    assert "Quyết định số 165/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh Quảng Ngãi" in preamble
    assert any(t.startswith("(Kèm theo Kế hoạch số") and "/KH-SNNPTNT ngày" in t for t in texts)


def test_filled_number_date_and_signature(db, tmp_path):
    doc = _export(db, tmp_path, number="5", doc_date=date(2024, 2, 5),
                  profile={"signer_prefix": "KT.", "signer_deputy_title": "Phó Giám đốc", "signer_name": "Nguyễn Văn A"})
    number, place = doc.tables[0].rows[1].cells
    assert number.text == "Số: 05/KH-SNNPTNT"
    assert place.text == "Quảng Ngãi, ngày 05 tháng 02 năm 2024"
    assert any(t == "(Kèm theo Kế hoạch số 05/KH-SNNPTNT ngày 05/02/2024 của Sở Nông nghiệp và Phát triển nông thôn)"
               for t in _texts(doc))
    signature = doc.tables[1]
    recipients, signer = signature.rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert recipients.paragraphs[0].runs[0].bold and recipients.paragraphs[0].runs[0].italic
    assert recipients.paragraphs[-1].text == "- Lưu: VT, VP."
    lines = [p.text for p in signer.paragraphs if p.text]
    assert lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]
    assert all(r.bold for p in signer.paragraphs for r in p.runs if r.text)


def test_reporting_regime_is_generated_and_text_blocks_override_defaults(db, tmp_path):
    doc = _export(db, tmp_path, text_blocks={"purpose": ["- Mục đích riêng của Sở."], "recipients": "- Như trên;\n- Lưu: VT."})
    texts = _texts(doc)
    assert "- Mục đích riêng của Sở." in texts
    assert not any("Đẩy mạnh việc công bố" in t for t in texts)  # the default purpose was replaced
    deadline = next(t for t in texts if t.startswith("Định kỳ báo cáo kết quả"))
    assert "chậm nhất vào ngày 16 của tháng cuối quý" in deadline and "vanphong@snn.example.vn" in deadline
    periods = next(t for t in texts if "Báo cáo định kỳ hằng quý" in t)
    assert "quý I từ 15/12/2023 đến 14/3/2024" in periods
    assert any("II.05a/VPCP/KSTT" in t and "II.06a/VPCP/KSTT" in t for t in texts)
    assert [p.text for p in doc.tables[1].rows[0].cells[0].paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]


def test_annex_table_headers_sections_merges_and_widths(db, tmp_path):
    doc = _export(db, tmp_path)
    table = doc.tables[-1]
    rows = table.rows
    for header in rows[:2]:
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert rows[2]._tr.trPr is None or rows[2]._tr.trPr.find(qn("w:tblHeader")) is None
    assert [c.text for c in rows[0].cells] == ["STT", "Nội dung công việc", "Kết quả công việc", "Đơn vị thực hiện",
                                               "Đơn vị thực hiện", "Thời gian thực hiện"]
    assert [c.text for c in rows[1].cells][3:5] == ["Chủ trì", "Phối hợp"]
    # Section row: code, then the title merged across the other five columns, bold.
    tcs = rows[2]._tr.tc_lst
    assert len(tcs) == 2 and tcs[1].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "5"
    assert rows[2].cells[1].text == "Ban hành các văn bản về kiểm soát TTHC"
    assert all(r.bold for r in rows[2].cells[1].paragraphs[0].runs)
    # Task 1 has sub-rows a) and b): STT and content merged vertically, letters on the results.
    a, b = rows[3], rows[4]
    assert a.cells[0].text == "1" and b.cells[0]._tc is a.cells[0]._tc
    assert b.cells[1]._tc is a.cells[1]._tc
    assert a.cells[2].text == "a) Kế hoạch rà soát, đánh giá TTHC của Sở"
    assert b.cells[2].text == "b) Các văn bản triển khai của các Chi cục"
    assert (a.cells[4].text, b.cells[3].text, b.cells[4].text) == (GROUP, "Chi cục Kiểm lâm", "Văn phòng Sở")
    assert (a.cells[5].text, b.cells[5].text) == ("Tháng 02/2024", "Quý I")
    # Fixed widths: layout fixed, and every cell carries its column's width.
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = list(ANNEX_WIDTHS_CM)
    assert [round(c.width.cm, 2) for c in table.columns] == widths
    assert [round(c.width.cm, 2) for c in rows[6].cells] == widths
    assert sum(ANNEX_WIDTHS_CM) <= 26.2  # fits the landscape text width
    sizes = {r.font.size.pt for row in rows for cell in row.cells for p in cell.paragraphs for r in p.runs if r.text}
    assert sizes == {12}


def test_units_resolved_from_task_units_else_plan_wording(db, tmp_path):
    plan_id = build_plan(db)
    document = build_plan_document(db, plan_id)
    tasks = {t.number: t for s in document.sections for t in s.tasks}
    assert tasks["1a"].coordinate_units == [GROUP]  # the group covers exactly the linked units
    assert tasks["1b"].lead_units == ["Chi cục Kiểm lâm"]  # linked unit wins over loose wording
    assert tasks["2"].lead_units == ["Chi cục Thủy sản"]  # no links: the plan's wording
    assert tasks["3"].lead_units == ["Thanh tra Sở"]
    assert document.task_count() == 3


def test_errors_write_nothing(db, tmp_path):
    plan_id = build_plan(db)
    out = tmp_path / "x.docx"
    with pytest.raises(UsageError):
        export_plan(db, 999, docx=out)
    with pytest.raises(UsageError):
        export_plan(db, plan_id, docx=tmp_path / "x.doc")
    with pytest.raises(UsageError):
        export_plan(db, plan_id)
    with db.session() as s:
        provincial = s.query(Plan).filter_by(kind="provincial").one().id
        empty = Plan(kind="department", year=2025)
        s.add(empty)
        s.flush()
        empty_id = empty.id
    with pytest.raises(UsageError):
        export_plan(db, provincial, docx=out)
    with pytest.raises(ValidationError):
        export_plan(db, empty_id, docx=out)
    assert list(tmp_path.glob("*.docx")) == []


def test_annex_rows_letters_go_where_the_sub_rows_differ():
    from tthc_desktop.domain.plan_document import PlanTaskRow, annex_rows, results_text

    shared = annex_rows([PlanTaskRow("4a", "Xây dựng văn bản", "4", ["Kế hoạch"]),
                         PlanTaskRow("4b", "", "4", ["b) Văn bản triển khai"]),
                         PlanTaskRow("5", "Rà soát", None, ["Báo cáo", "Phương án"])])
    assert [(r.number, r.content, r.results, r.span, r.content_span) for r in shared] == [
        ("4", "Xây dựng văn bản", "a) Kế hoạch", 2, 2), ("", "", "b) Văn bản triển khai", 0, 0),
        ("5", "Rà soát", "- Báo cáo\n- Phương án", 1, 1)]
    own = annex_rows([PlanTaskRow("6a", "Niêm yết tại trụ sở", "6"), PlanTaskRow("6b", "Đăng tải trên Cổng", "6")])
    assert [(r.number, r.content, r.span, r.content_span) for r in own] == [
        ("6", "a) Niêm yết tại trụ sở", 2, 1), ("", "b) Đăng tải trên Cổng", 0, 1)]
    assert results_text(["- Đã có gạch", "+ dấu cộng", "Không gạch"]) == "- Đã có gạch\n+ dấu cộng\n- Không gạch"


def test_office_unit_name_comes_from_the_unit_list(db):
    from tthc_desktop.storage.models import Unit

    plan_id = build_plan(db)
    with db.session() as s:
        s.query(Unit).filter_by(name="Văn phòng Sở").one().name = "Văn phòng Sở Nông nghiệp và Môi trường"
    document = build_plan_document(db, plan_id)
    deadline = document.reporting[-1].paragraphs[0]
    assert "(qua Văn phòng Sở Nông nghiệp và Môi trường)" in deadline
    assert document.organisation[1].startswith("2. Văn phòng Sở Nông nghiệp và Môi trường theo dõi")
