"""Block-style letters from .docx as from .txt, legacy capitals, text kept verbatim (issue 16, part 5)."""
from datetime import date

from docx import Document
from docx.oxml.ns import qn

from tests.fixtures.plan_shapes import HEADER, docx_plan, letter_docx, letter_lines
from tthc_desktop.importers import read_plan


def _shape(plan):
    return [(t.number, t.content, t.results, t.lead, t.coordinate, t.time_text, t.schedule.to_json())
            for t in plan.tasks]


def test_block_letter_docx_reads_like_its_text_copy(tmp_path):
    (tmp_path / "l.txt").write_text("\n".join(letter_lines()), encoding="utf-8")
    text = read_plan(tmp_path / "l.txt")
    doc = read_plan(letter_docx(tmp_path / "l.docx"))
    assert doc.format == "docx" and len(doc.tasks) == 3
    assert _shape(doc) == _shape(text)
    t1, t2, t3 = doc.tasks
    assert t1.lead == ["Văn phòng UBND tỉnh"] and t1.coordinate == ["Các sở, ban ngành", "UBND cấp huyện"]
    assert t2.schedule.due == date(2025, 2, 15) and t2.results == ["Kế hoạch rà soát.", "Báo cáo kết quả rà soát."]
    assert t3.schedule.dues == [date(2025, 6, 30), date(2025, 12, 31)]
    assert doc.year == 2025


def _legacy_run_docx(path, title, font):
    d = Document()
    run = d.add_paragraph().add_run(title)
    run.font.name = font
    run._r.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:hAnsi"), font)
    t = d.add_table(rows=2, cols=4)
    for cell, text in zip(t.rows[0].cells, ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện"]):
        cell.text = text
    for cell, text in zip(t.rows[1].cells, ["1", "Việc một.", "Sở Tư pháp", "Quý I"]):
        cell.text = text
    d.save(path)
    return path


def test_legacy_capitals_in_titles(tmp_path):
    # Typed with Caps Lock in a .VnTime run: plain capitals, toned letters in TCVN3's only (lower) codes.
    plan = read_plan(_legacy_run_docx(tmp_path / "t.docx", "KÕ HO¹CH HO¹T §éNG KIÓM SO¸T TTHC N¡M 2025", ".VnTime"))
    assert plan.title == "KẾ HOẠCH HOẠT ĐỘNG KIỂM SOÁT TTHC NĂM 2025" and plan.year == 2025
    plan = read_plan(_legacy_run_docx(tmp_path / "h.docx", "kÕ ho¹ch ho¹t ®éng n¨m 2025", ".VnTimeH"))
    assert plan.title == "KẾ HOẠCH HOẠT ĐỘNG NĂM 2025"
    plan = read_plan(_legacy_run_docx(tmp_path / "v.docx", "KEÁ HOAÏCH HOAÏT ÑOÄNG NAÊM 2025", "VNI-Times"))
    assert plan.title == "KẾ HOẠCH HOẠT ĐỘNG NĂM 2025"


def test_text_is_kept_verbatim(tmp_path):
    rows = [["1", "Xây dựng kế hoạch.", "- Báo cáo:\n+ Báo cáo quý;\n+ Báo cáo năm.",
             "Phòng Kế hoạch & Tài chính <KH&TC>", "", "Quý I"]]
    path = docx_plan(tmp_path / "v.docx", HEADER, rows)
    d = Document(str(path))
    para = d.tables[0].rows[1].cells[1].paragraphs[0]
    para.text = ""
    para.add_run("Dòng một").add_break()
    para.add_run("dòng hai.")
    d.save(str(path))
    task = read_plan(path).tasks[0]
    assert task.content == "Dòng một dòng hai."
    assert task.lead == ["Phòng Kế hoạch & Tài chính <KH&TC>"]
    assert task.results == ["Báo cáo:", "+ Báo cáo quý;", "+ Báo cáo năm."]
