"""The narrative report: parts filled from tracked work and the forms, edits kept per period, files written."""
from __future__ import annotations

import json
from datetime import date

import docx
import openpyxl
import pytest
from sqlalchemy import select

from tests.factories import build_department
from tthc_desktop.cli.main import run
from tthc_desktop.domain.periods import Period
from tthc_desktop.services import forms, report
from tthc_desktop.storage.models import AgencyProfile, EvidenceDocument, OverdueReason, ProgressEntry

Q1 = Period.parse("2024Q1")
Y2021 = {3: 1150343, 4: 69635, 5: 1065067, 6: 15641, 7: 1139324, 8: 114977, 9: 1022796, 10: 1551,
         11: 11019, 12: 10686, 13: 333}


@pytest.fixture
def dept(db):
    ids = build_department(db)
    with db.session() as s:
        s.scalar(select(AgencyProfile)).province_email = "vpubnd@quangngai.gov.vn"
        s.add(EvidenceDocument(task_id=ids["tasks"]["1"], period="2024Q1", number_symbol="12/KH-SNNPTNT",
                               doc_date=date(2024, 2, 5), issuer="Sở Nông nghiệp và Phát triển nông thôn",
                               summary="về hoạt động kiểm soát thủ tục hành chính năm 2024"))
        s.add(ProgressEntry(task_id=ids["tasks"]["4"], period="2024Q1", status="done",
                            result_text="Đã trình Giám đốc Sở phê duyệt Kế hoạch rà soát",
                            difficulties="Một số đơn vị gửi báo cáo chậm", proposals="Đề nghị tập huấn nghiệp vụ"))
        s.add(OverdueReason(period="2024Q1", reason="Hồ sơ phải lấy ý kiến liên ngành", dossier_count=3,
                            apology_letters=3))
    fields = {f.name: f.field_id for f in forms.unit_field_rows(db, None)}
    forms.save_unit_figures(db, "II.06a", Q1, ids["units"]["Chi cục Kiểm lâm"], {fields["Lâm nghiệp"]: Y2021})
    forms.save_unit_figures(db, "II.05a", Q1, ids["units"]["Chi cục Kiểm lâm"],
                            {fields["Lâm nghiệp"]: {3: 69, 4: 0, 5: 69, 6: 60, 7: 9, 8: 69, 9: 69, 10: 0,
                                                    "kenh_don_thu": 5, "kenh_he_thong": 34, "kenh_truc_tiep": 30}})
    return ids


def _text(path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_sections_map_to_report_parts():
    parts = report.outline()["parts"]
    assert report.part_for_section("Ban hành các văn bản quản lý nhà nước về kiểm soát thủ tục hành chính (TTHC)", parts) == "I.1"
    assert report.part_for_section("Kiểm soát việc ban hành quy định TTHC", parts) == "I.2"
    assert report.part_for_section("Công bố, công khai TTHC", parts) == "I.3"
    assert report.part_for_section("Tiếp nhận và xử lý phản ánh, kiến nghị về TTHC", parts) == "I.5"
    assert report.part_for_section("Thực hiện TTHC trên môi trường điện tử", parts) == "I.8"
    assert report.part_for_section("Kiểm tra hoạt động kiểm soát TTHC và việc thực hiện cơ chế một cửa, một cửa liên thông", parts) == "I.9"


def test_parts_are_prefilled_from_tasks_and_figures(dept, db):
    parts = {p["key"]: p for p in report.report_parts(db, Q1)}
    assert "Kế hoạch số 12/KH-SNNPTNT ngày 05/02/2024" in parts["I.1"]["text"]
    assert ": đã trình Giám đốc Sở phê duyệt" in parts["I.4"]["text"]
    i6 = parts["I.6"]["text"]
    assert "99,86%" in i6 and "0,14%" in i6 and "1.150.343" in i6
    assert "xin lỗi" in i6 and "liên ngành" in i6
    assert "qua đơn thư 5" in parts["I.5"]["text"] and "69 phản ánh" in parts["I.5"]["text"]
    assert "tập huấn" in parts["IV"]["text"] and "chậm" in parts["II"]["text"]
    nxt = parts["III"]["text"]
    assert "Công khai kết quả trả lời phản ánh" in nxt  # once, due 30/04/2024 (next quarter)
    assert "niêm yết" in nxt  # quarterly
    assert "Xây dựng, ban hành các văn bản" not in nxt  # due in February: not next period


def test_edits_are_kept_per_period_and_used_in_export(dept, db, tmp_path):
    report.save_part(db, Q1, "I.1", "Nội dung do cán bộ sửa cho quý I.")
    assert {p["key"]: p for p in report.report_parts(db, Q1)}["I.1"]["edited"]
    assert not {p["key"]: p for p in report.report_parts(db, Period.parse("2024Q2"))}["I.1"]["edited"]
    files = report.build_report(db, Q1, tmp_path / "out")
    assert [f.name for f in files] == ["Bao-cao-KSTTHC-2024Q1.docx", "II.05a.xlsx", "II.06a.xlsx", "II.05a.docx", "II.06a.docx"]
    text = _text(files[0])
    assert "Nội dung do cán bộ sửa cho quý I." in text
    assert "Kính gửi: Văn phòng UBND tỉnh" in text and "99,86%" in text and "0,14%" in text
    assert "quý I năm 2024" in text and "Số:      /BC-SNNPTNT" in text
    d = docx.Document(str(files[0]))
    assert d.sections[0].orientation == 0 and len(d.sections) == 3 and d.sections[2].orientation == 1
    annex = d.tables[-1]  # the II.06a annex table
    assert annex.rows[3].cells[12].text == "(13)" and annex.rows[-1].cells[2].text == "1.150.343"
    report.save_part(db, Q1, "I.1", "")
    assert not {p["key"]: p for p in report.report_parts(db, Q1)}["I.1"]["edited"]


def test_xlsx_outputs_hold_department_totals(dept, db, tmp_path):
    files = report.build_report(db, Q1, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "II.06a.xlsx", data_only=True).active
    total_row = next(r for r in range(10, 30) if ws.cell(r, 2).value == "Tổng số")
    assert [ws.cell(total_row, c).value for c in range(3, 14)] == [Y2021[c] for c in range(3, 14)]
    assert len(files) == 5


def test_cli_report_build(dept, db_path, tmp_path, capsys):
    assert run(["report", "build", "--period", "2024Q1", "--out", str(tmp_path / "o"), "--json", "--db", str(db_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["files"]) == 5 and all((tmp_path / "o").joinpath(f.split("/")[-1]).exists() for f in out["files"])


def test_default_folder_is_dated_under_the_data_directory(dept, db):
    files = report.build_report(db, Q1)
    assert files[0].parent.parent.name == "outputs" and files[0].parent.name.startswith("2024Q1_")
