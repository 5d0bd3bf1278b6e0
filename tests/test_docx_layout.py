"""Shared Word building blocks: numbers and dates of the header block, deep form headers, sections."""
from __future__ import annotations

from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tthc_desktop.exporters import docx_layout as L


def test_number_and_place_date_lines():
    assert L.number_line("5", "KH", "SNNPTNT") == "Số: 05/KH-SNNPTNT"
    assert L.number_line("12/KH-SNNPTNT", "KH", "SNNPTNT") == "Số: 12/KH-SNNPTNT"
    assert L.number_line("", "", "SNNPTNT-VP").replace(" ", "") == "Số:/SNNPTNT-VP"
    assert L.place_date_line("Quảng Ngãi", date(2024, 2, 5), 2024) == "Quảng Ngãi, ngày 05 tháng 02 năm 2024"
    blank = L.place_date_line("Quảng Ngãi", None, 2024, 2)
    assert blank.startswith("Quảng Ngãi, ngày ") and blank.endswith("tháng 02 năm 2024")


def test_balanced_lines_split_long_names_evenly():
    text = "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"
    assert L.balanced_lines(text, 6.0, 13, bold=True) == "SỞ NÔNG NGHIỆP VÀ\nPHÁT TRIỂN NÔNG THÔN"
    assert L.balanced_lines("SỞ TƯ PHÁP", 6.0, 13, bold=True) == "SỞ TƯ PHÁP"


def test_deep_form_header_with_numbering_row_and_total_row(tmp_path):
    doc = L.new_document()
    L.start_section(doc, "BIỂU", landscape=True)
    cols = [L.Column(str(i), 2.0, "center") for i in range(5)]
    header = [L.HeaderCell("STT", 0, 0, rowspan=3), L.HeaderCell("Lĩnh vực", 0, 1, rowspan=3),
              L.HeaderCell("Số hồ sơ nhận", 0, 2, colspan=3), L.HeaderCell("Tổng số", 1, 2, rowspan=2),
              L.HeaderCell("Trong đó", 1, 3, colspan=2), L.HeaderCell("Trực tuyến", 2, 3),
              L.HeaderCell("Trực tiếp", 2, 4)]
    writer = L.TableWriter(doc, cols, header_cells=header, numbering_row=True)
    row = writer.add_row(["", "", "3", "1", "2"])
    writer.merge_across(row, 0, 1, "Tổng số", align="center")
    L.start_section(doc, "Tiếp theo", landscape=False)
    out = tmp_path / "f.docx"
    doc.save(out)
    back = Document(str(out))
    table = back.tables[0]
    assert writer.header_rows == 4
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is not None for r in table.rows[:4])
    assert [c.text for c in table.rows[2].cells] == ["STT", "Lĩnh vực", "Tổng số", "Trực tuyến", "Trực tiếp"]
    assert [c.text for c in table.rows[0].cells][2:] == ["Số hồ sơ nhận"] * 3
    assert [c.text for c in table.rows[3].cells] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    assert table.rows[4].cells[0].text == "Tổng số" and len(table.rows[4]._tr.tc_lst) == 4
    orientations = [s.orientation for s in back.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]


PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u"]


def schema_order_errors(element) -> list[str]:
    """Children of pPr/tblPr/rPr out of the order Word requires (Word calls such files corrupt)."""
    errors = []
    for tag, order in (("pPr", PPR_ORDER), ("tblPr", TBLPR_ORDER), ("rPr", RPR_ORDER)):
        for parent in element.iter(qn(f"w:{tag}")):
            names = [child.tag.split("}")[1] for child in parent]
            ranks = [order.index(n) for n in names if n in order]
            if ranks != sorted(ranks):
                errors.append(f"{tag}: {names}")
    return errors


def test_generated_documents_keep_word_schema_order(db, tmp_path):
    from tests.plan_export_data import build_plan
    from tthc_desktop.services.plan_export import export_plan

    out = tmp_path / "kh.docx"
    export_plan(db, build_plan(db), docx=out)
    doc = Document(str(out))
    parts = [doc.element] + [s.header._element for s in doc.sections] + [doc.styles.element]
    assert [e for part in parts for e in schema_order_errors(part)] == []
