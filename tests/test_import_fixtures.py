"""The real plans: the demo .docx files, the copies built from them (.xlsx, text layouts) and the other
province's plan and letters built by tests/fixtures."""
import json
import subprocess
import sys
import zipfile
from datetime import date

import pytest

from conftest import DEMO
from tthc_desktop.importers import read_plan


@pytest.fixture(scope="module")
def qn_docx():
    return read_plan(DEMO / "qn2023_plan.docx")


def _task(plan, number, section=None):
    return next(t for s in plan.sections if section in (None, s.code) for t in s.tasks if t.number == number)


def test_qn2023_docx_sections_tasks_and_preamble(qn_docx):
    plan = qn_docx
    assert len(plan.sections) == 13
    assert [s.code for s in plan.sections][-1] == "XIII"
    numbers = [t.number for t in plan.tasks]
    assert numbers == ["1a", "1b"] + [str(n) for n in range(2, 51)]
    assert _task(plan, "1a").parent == "1" and _task(plan, "2").parent is None
    assert plan.decision == "124/QĐ-UBND" and plan.year == 2023 and plan.decision_date == date(2023, 1, 30)
    assert plan.issuer == "UBND tỉnh Quảng Ngãi"
    assert plan.title.startswith("KẾ HOẠCH HOẠT ĐỘNG KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2023")
    assert len(plan.source_hash) == 64 and plan.source_file == "qn2023_plan.docx"


def test_qn2023_docx_schedules_and_agencies(qn_docx):
    plan = qn_docx
    t1a = _task(plan, "1a")
    assert t1a.time_text == "Tháng 02"
    assert t1a.schedule.to_json() == {"kind": "once", "due": "2023-02-28", "every": None}
    assert t1a.results[0].startswith("Quyết định của Chủ tịch UBND tỉnh ban hành các kế hoạch")
    assert t1a.lead == ["Văn phòng UBND tỉnh"] and t1a.coordinate == ["Các sở, ban ngành liên quan"]
    assert _task(plan, "1b").schedule.to_json() == {"kind": "once", "due": "2023-12-31", "every": None}
    assert _task(plan, "3").schedule.to_json() == {"kind": "recurring", "due": None, "every": "continuous"}
    assert _task(plan, "43").schedule.to_json() == {"kind": "recurring", "due": None, "every": "half_year"}
    assert _task(plan, "50").schedule.every == "quarter"
    assert _task(plan, "11").schedule.kind == "unspecified"
    assert _task(plan, "22").lead == ["Sở Ngoại vụ"]
    t2 = _task(plan, "2")
    assert t2.lead == ["Các sở, ban ngành", "UBND cấp huyện", "UBND cấp xã"] and t2.coordinate == []
    assert t2.source_cells[0] == "2"


def test_qn2023_xlsx_matches_docx(qn_docx, plans):
    xlsx = read_plan(plans / "qn2023_plan.xlsx")
    assert xlsx.format == "xlsx" and xlsx.decision == "124/QĐ-UBND" and xlsx.year == 2023
    assert [(s.code, s.title) for s in xlsx.sections] == [(s.code, s.title) for s in qn_docx.sections]
    assert [(t.number, t.parent, t.schedule.to_json(), t.lead, t.coordinate) for t in xlsx.tasks] == \
        [(t.number, t.parent, t.schedule.to_json(), t.lead, t.coordinate) for t in qn_docx.tasks]


def test_qt2025_two_row_header_duplicate_section_page_splits(plans):
    plan = read_plan(plans / "qt2025_plan.docx")
    assert [s.code for s in plan.sections] == ["I", "II", "III", "IV", "VI", "V", "VI", "VII", "VIII"]
    assert [len(s.tasks) for s in plan.sections] == [2, 6, 3, 5, 9, 1, 3, 3, 3]
    assert any("Mục VI xuất hiện hai lần" in w for w in plan.warnings)
    assert sum("ngắt trang" in w for w in plan.warnings) >= 2
    first = plan.sections[2].tasks[0]  # III.1, split across a page
    assert "Tổng hợp kết quả rà soát" in first.content and "UBND cấp huyện: Thực hiện rà soát" in first.content
    assert first.schedule.due == date(2025, 8, 31)
    assert plan.sections[0].tasks[0].results == []  # no result column in this plan
    assert plan.year == 2025 and plan.issuer == "UBND tỉnh Quảng Trị"


def test_snn2024_lead_coordinate_columns_repeated_headers():
    plan = read_plan(DEMO / "snn2024_plan.docx")
    assert [t.number for t in plan.tasks] == ["1a", "1b"] + [str(n) for n in range(2, 38)]
    t4 = _task(plan, "4")
    assert "TTHC mới ban hành" in t4.content and t4.time_text == "Thường xuyên"
    t15 = _task(plan, "15")
    assert len(t15.results) == 2 and any("15" in w for w in plan.warnings if "kết quả và đơn vị riêng" in w)
    assert _task(plan, "1b").lead == ["Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"]
    assert _task(plan, "1b").coordinate == ["Văn phòng Sở"]  # "Văn phòng Sở kiểm soát." without the role word
    assert _task(plan, "7").schedule.due == date(2024, 2, 20)
    assert plan.year == 2024


@pytest.mark.parametrize("copy,fixture", [("qn2023_plan.txt", "qn2023_plan.docx"),
                                          ("snn2024_plan.txt", "snn2024_plan.docx"),
                                          ("qt2025_plan.txt", "qt2025_plan.docx")])
def test_text_copy_parses_like_its_document(plans, copy, fixture):
    text = read_plan(plans / copy)
    doc = read_plan(plans / fixture)
    assert text.format == "txt"
    assert [s.code for s in text.sections] == [s.code for s in doc.sections]
    assert [(t.number, t.content, t.results, t.lead, t.coordinate, t.time_text, t.schedule.to_json())
            for t in text.tasks] == \
        [(t.number, t.content, t.results, t.lead, t.coordinate, t.time_text, t.schedule.to_json()) for t in doc.tasks]


def test_ocr_letter_list_layout(plans):
    plan = read_plan(plans / "ocr_letter.txt")
    numbers = [t.number for t in plan.tasks]
    assert numbers == [str(n) for n in range(1, 10)] + ["10a", "10b"] + [str(n) for n in range(11, 17)]
    assert any("«L»" in w for w in plan.warnings)
    first = plan.tasks[0]
    assert first.lead == ["Văn phòng UBND tỉnh"] and first.coordinate == ["Các sở, ban ngành", "UBND cấp huyện"]
    assert "Đã đọc «Cac sd, ban nganh» là «Các sở, ban ngành» (chữ bị nhận dạng sai); hãy kiểm tra lại." in first.warnings[0]
    assert first.results and first.schedule.due == date(2024, 3, 31) and first.schedule.also_reporting
    t10a, t10b = plan.tasks[9], plan.tasks[10]
    assert t10a.parent == t10b.parent == "10"
    assert t10a.schedule.due == date(2024, 6, 30) and t10b.schedule.due == date(2024, 9, 30)
    assert t10a.lead == ["Văn phòng UBND tỉnh"] and t10a.results
    assert plan.tasks[3].schedule.every == "month"  # "DPinh ky hang thang trong nam"
    assert "Kinh" not in plan.tasks[-1].time_text
    assert plan.year == 2024


def test_cli_parse_json_shape():
    out = subprocess.run([sys.executable, "-m", "tthc_desktop.cli", "plan", "parse",
                          str(DEMO / "qn2023_plan.docx"), "--json"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["source"] == {"file": "qn2023_plan.docx", "format": "docx"}
    assert data["decision"] == "124/QĐ-UBND" and data["year"] == 2023 and len(data["sections"]) == 13
    task = data["sections"][0]["tasks"][0]
    assert set(task) >= {"number", "parent", "content", "results", "lead", "coordinate", "time_text", "schedule"}
    assert task["schedule"] == {"kind": "once", "due": "2023-02-28", "every": None}
    assert "source_cells" not in task


def test_docx_import_parses_each_part_once_and_reads_each_cell_once(monkeypatch):
    """What keeps a plan's import fast, counted instead of timed (the timing is benchmarks/bench_import.py):
    the file check parses every XML part once, the reader parses document.xml and styles.xml once more,
    python-docx is not used, and every cell that starts a merge is read exactly once."""
    import collections

    import docx
    import lxml.etree

    from tthc_desktop.importers import docx_reader

    path = DEMO / "qn2023_plan.docx"
    with zipfile.ZipFile(path) as zf:
        parts = {zf.read(n): n for n in zf.namelist() if n.endswith((".xml", ".rels"))}
    w = docx_reader.W
    cells = [tc for tc in lxml.etree.fromstring(next(d for d, n in parts.items() if n == "word/document.xml")).iter(w + "tc")
             if tc.find(f"{w}tcPr/{w}vMerge") is None or tc.find(f"{w}tcPr/{w}vMerge").get(w + "val") == "restart"]

    parsed, read = collections.Counter(), []
    real_parse, real_cell = lxml.etree.fromstring, docx_reader._Reader.cell_text
    monkeypatch.setattr(lxml.etree, "fromstring",
                        lambda data, *a, **k: parsed.update([parts.get(data, "?")]) or real_parse(data, *a, **k))
    monkeypatch.setattr(docx_reader._Reader, "cell_text", lambda self, tc: read.append(tc) or real_cell(self, tc))
    monkeypatch.setattr(docx, "Document", lambda *a, **k: pytest.fail("python-docx used to read a plan"))
    plan = read_plan(path)
    assert len(plan.tasks) == 51
    assert parsed == collections.Counter({**dict.fromkeys(parts.values(), 1), "word/document.xml": 2, "word/styles.xml": 2})
    assert len(read) == len(cells) == len({id(tc) for tc in read}) > 200
