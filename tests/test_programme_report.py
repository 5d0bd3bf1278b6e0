"""Programme reports (seed 001 layout): tagging, results for a period, grouping, Word layout, CLI."""
from __future__ import annotations

import json
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tests.factories import add_progress, build_department
from tthc_desktop.cli.main import run
from tthc_desktop.domain.programme import Programme, ProgrammeSection
from tthc_desktop.errors import ValidationError
from tthc_desktop.services.programme_report import (
    NO_RESULT,
    build_programme_report,
    export_programme_report,
    list_programmes,
    save_programme,
    tag_task,
    untag_task,
)
from tthc_desktop.storage.models import EvidenceDocument

NAME = "Nghị quyết 131/NQ-CP"


@pytest.fixture
def tagged(db):
    ids = build_department(db)
    save_programme(db, Programme(
        NAME, "Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ về đẩy mạnh cải cách TTHC",
        "Văn phòng UBND tỉnh", "Công văn số 1663/VPCP-KSTT ngày 15/3/2023 của Văn phòng Chính phủ",
        [ProgrammeSection("I", "Về cải cách TTHC"), ProgrammeSection("II", "Về nâng cao hiệu quả thực thi TTHC"),
         ProgrammeSection("III", "Hiện đại hóa phương thức chỉ đạo, điều hành")]))
    t, u = ids["tasks"], ids["units"]
    tag_task(db, t["5"], NAME, "II")
    tag_task(db, t["2"], NAME, "I")
    tag_task(db, t["8"], NAME)  # no programme section: grouped under its plan section
    tag_task(db, t["6"], "nghi quyet 131/nq-cp", "II")  # accent-insensitive tag
    add_progress(db, t["5"], "2024Q1", "in_progress", unit_id=u["Chi cục Thủy lợi"], text="Đã rà soát 5 TTHC.")
    add_progress(db, t["5"], "2024Q1", "done", unit_id=u["Chi cục Trồng trọt và Bảo vệ thực vật"],
                 text="- Hoàn thành rà soát lĩnh vực trồng trọt.")
    add_progress(db, t["5"], "2024Q2", "done", unit_id=u["Chi cục Thủy lợi"], text="Trình phương án đơn giản hóa.")
    add_progress(db, t["6"], "2024Q1", "in_progress")
    with db.session() as s:
        s.add(EvidenceDocument(task_id=t["2"], period="2024Q1", number_symbol="25/BC-SNNPTNT",
                               doc_date=date(2024, 3, 10), issuer="Sở NN&PTNT", summary="báo cáo đánh giá tác động"))
    return ids


def test_groups_follow_the_programme_sections_then_plan_sections(db, tagged):
    report = build_programme_report(db, NAME, "2024Q1")
    assert [(g.code, g.title) for g in report.groups] == [
        ("I", "Về cải cách TTHC"), ("II", "Về nâng cao hiệu quả thực thi TTHC"),
        ("IV", "Tổ chức thực hiện cơ chế một cửa, một cửa liên thông")]
    assert [[i.plan_number for i in g.items] for g in report.groups] == [["2"], ["5", "6"], ["8"]]
    assert report.period_label == "Quý I năm 2024" and report.recipient == "Văn phòng UBND tỉnh"


def test_results_for_the_period(db, tagged):
    items = {i.plan_number: i for g in build_programme_report(db, NAME, "2024Q1").groups for i in g.items}
    assert items["5"].result.split("\n") == [
        "- Chi cục Trồng trọt và Bảo vệ thực vật: Hoàn thành rà soát lĩnh vực trồng trọt.",
        "- Chi cục Thủy lợi: Đã rà soát 5 TTHC."]
    assert items["2"].result == "Văn bản số 25/BC-SNNPTNT ngày 10/03/2024 của Sở NN&PTNT báo cáo đánh giá tác động."
    assert items["6"].result == "Đang thực hiện."  # an entry without text reports its status
    assert items["8"].result == NO_RESULT
    six_months = {i.plan_number: i for g in build_programme_report(db, NAME, "2024H1").groups for i in g.items}
    assert "Trình phương án đơn giản hóa." in six_months["5"].result  # H1 covers Q1 and Q2


def test_untag_and_unknown_programme(db, tagged):
    untag_task(db, tagged["tasks"]["8"], NAME)
    report = build_programme_report(db, NAME, "2024Q1")
    assert [g.code for g in report.groups] == ["I", "II"]
    with pytest.raises(ValidationError):
        build_programme_report(db, "Chỉ thị 27/CT-TTg", "2024Q1")
    assert [p.name for p in list_programmes(db)] == [NAME]


def test_word_layout_like_seed_001(db, tagged, tmp_path):
    out = export_programme_report(db, NAME, "2024Q1", tmp_path / "bc.docx")
    doc = Document(str(out))
    body, annex = doc.sections
    assert body.orientation == WD_ORIENT.PORTRAIT and annex.orientation == WD_ORIENT.LANDSCAPE
    left = doc.tables[0].rows[1].cells[0]
    lines = [p.text for p in left.paragraphs]
    assert lines[0].replace(" ", "") == "Số:/SNNPTNT-VP"
    assert " ".join(lines[1:]) == "V/v báo cáo kết quả triển khai Nghị quyết 131/NQ-CP quý I năm 2024"
    texts = [p.text for p in doc.paragraphs]
    assert "Kính gửi: Văn phòng UBND tỉnh" in texts
    opening = next(t for t in texts if t.startswith("Thực hiện Công văn số 1663"))
    assert "Sở Nông nghiệp và Phát triển nông thôn báo cáo kết quả triển khai" in opening
    assert opening.endswith("quý I năm 2024 theo Phụ lục đính kèm.")
    assert "Kính báo cáo Văn phòng UBND tỉnh xem xét, tổng hợp./." in texts
    assert any(t.startswith("(Kèm theo Công văn số") and "SNNPTNT-VP" in t for t in texts)
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Stt", "Nhiệm vụ/nội dung công việc", "Kết quả thực hiện"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    section_row = table.rows[1]
    assert len(section_row._tr.tc_lst) == 2 and section_row.cells[1].text == "Về cải cách TTHC"
    numbers = [r.cells[0].text for r in table.rows[1:]]
    assert numbers == ["I", "1", "II", "2", "3", "IV", "4"]  # tasks numbered through the report


def test_cli_define_tag_report_list(db, database_url, tmp_path, capsys):
    build_department(db)
    db.close()
    base = ["--db", database_url]
    assert run(["programme", "define", NAME, "--title", "Nghị quyết số 131/NQ-CP", "--section", "I=Về cải cách TTHC",
                *base]) == 0
    assert run(["programme", "tag", "4", NAME, "--section", "I", *base]) == 0
    out = tmp_path / "bc131.docx"
    assert run(["programme", "report", NAME, "--period", "2024Q1", "--out", str(out), "--number", "7",
                "--date", "20/03/2024", *base]) == 0
    doc = Document(str(out))
    assert doc.tables[0].rows[1].cells[0].paragraphs[0].text == "Số: 07/SNNPTNT-VP"
    assert doc.tables[0].rows[1].cells[1].text == "Quảng Ngãi, ngày 20 tháng 3 năm 2024"
    capsys.readouterr()
    assert run(["programme", "list", "--json", *base]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["name"] == NAME and listed[0]["sections"] == [{"code": "I", "title": "Về cải cách TTHC"}]


def test_cli_errors(db, database_url, tmp_path, capsys):
    build_department(db)
    db.close()
    base = ["--db", database_url]
    out = tmp_path / "x.docx"
    assert run(["programme", "report", "Không có", "--period", "2024Q1", "--out", str(out), *base]) == 4
    assert "Chưa có nhiệm vụ nào" in capsys.readouterr().err
    assert run(["programme", "report", NAME, "--period", "2024Q7", "--out", str(out), *base]) == 2
    assert run(["programme", "report", NAME, "--period", "2024Q1", "--out", str(tmp_path / "x.pdf"), *base]) == 2
    assert run(["programme", "define", NAME, "--section", "sai", *base]) == 2
    assert not out.exists()
