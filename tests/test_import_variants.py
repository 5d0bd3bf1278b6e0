"""Plan files built here the way offices produce them: other column orders, other header words,
NFD text, legacy TCVN3/VNI encodings, page-split rows."""
import unicodedata
from datetime import date

from docx import Document
from docx.oxml.ns import qn

from tests.fixtures.builders import build_docx
from tthc_desktop.importers import read_plan

HEADER = ["STT", "Nội dung công việc", "Kết quả", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
ROWS = [
    ["I", "Kiểm soát TTHC"],
    ["1", "Xây dựng kế hoạch kiểm soát TTHC.", "Kế hoạch của UBND tỉnh.", "Văn phòng UBND tỉnh",
     "Các sở, ban ngành", "Quý I"],
    ["2", "Công khai TTHC.", "- Niêm yết.\n- Đăng tải.", "Các sở, ban ngành", "Văn phòng UBND tỉnh",
     "Thường xuyên"],
]


def test_columns_in_another_order_and_unknown_column_kept(tmp_path):
    order = [5, 0, 3, 1, 4, 2]
    header = [HEADER[i] for i in order] + ["Ghi chú"]
    rows = [ROWS[0]] + [[r[i] for i in order] + ["ưu tiên"] for r in ROWS[1:]]
    rows[0] = ["", "I", "Kiểm soát TTHC", "", "", "", ""]
    plan = read_plan(build_docx(tmp_path / "p.docx", header, rows, section_merge=False))
    t1, t2 = plan.tasks
    assert (t1.number, t1.content, t1.lead, t1.coordinate) == ("1", "Xây dựng kế hoạch kiểm soát TTHC.",
                                                               ["Văn phòng UBND tỉnh"], ["Các sở, ban ngành"])
    assert t1.schedule.due == date(2024, 3, 31)
    assert t2.results == ["Niêm yết.", "Đăng tải."] and t2.schedule.every == "continuous"
    assert t1.notes == {"Ghi chú": "ưu tiên"}


def test_different_header_wording_and_single_responsible_column(tmp_path):
    header = ["TT", "Nhiệm vụ", "Sản phẩm", "Đơn vị thực hiện", "Tiến độ"]
    rows = [["I", "Chung"], ["1", "Rà soát TTHC.", "Báo cáo.", "- Sở Tư pháp chủ trì.\n- Các sở phối hợp.", "Tháng 5"]]
    plan = read_plan(build_docx(tmp_path / "h.docx", header, rows))
    task = plan.tasks[0]
    assert task.lead == ["Sở Tư pháp"] and task.coordinate == ["Các sở"] and task.results == ["Báo cáo."]
    assert task.schedule.due == date(2024, 5, 31) and plan.year == 2024


def test_nfd_text_is_normalised(tmp_path):
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    rows = [[nfd(c) for c in r] for r in ROWS]
    plan = read_plan(build_docx(tmp_path / "n.docx", [nfd(h) for h in HEADER], rows))
    assert plan.sections[0].title == "Kiểm soát TTHC"
    assert plan.tasks[0].content == unicodedata.normalize("NFC", "Xây dựng kế hoạch kiểm soát TTHC.")
    assert plan.tasks[1].schedule.every == "continuous" and plan.tasks[0].lead == ["Văn phòng UBND tỉnh"]


# Real TCVN3 (ABC) text as typed with .VnTime fonts, and VNI-Windows text, with their Unicode meaning.
TCVN3 = {
    "Néi dung c«ng viÖc": "Nội dung công việc",
    "Thêi gian thùc hiÖn": "Thời gian thực hiện",
    "C¬ quan chñ tr×": "Cơ quan chủ trì",
    "X©y dùng kÕ ho¹ch": "Xây dựng kế hoạch",
    "V¨n phßng UBND tØnh": "Văn phòng UBND tỉnh",
    "Th\u00adêng xuyªn": "Thường xuyên",
}


def test_tcvn3_runs_in_vntime_font_are_converted(tmp_path):
    header = ["STT", "Néi dung c«ng viÖc", "C¬ quan chñ tr×", "Thêi gian thùc hiÖn"]
    rows = [["1", "X©y dùng kÕ ho¹ch", "V¨n phßng UBND tØnh", "Th\u00adêng xuyªn"]]
    plan = read_plan(build_docx(tmp_path / "t.docx", header, rows, font=".VnTime"), year=2020)
    task = plan.tasks[0]
    assert task.content == "Xây dựng kế hoạch" and task.lead == ["Văn phòng UBND tỉnh"]
    assert task.time_text == "Thường xuyên" and task.schedule.every == "continuous"
    assert any("TCVN3" in w for w in plan.warnings)


def test_vntimeh_means_capitals(tmp_path):
    header = ["STT", "Néi dung c«ng viÖc", "C¬ quan chñ tr×", "Thêi gian thùc hiÖn"]
    rows = [["I", "kiÓm so¸t tthc"], ["1", "X©y dùng kÕ ho¹ch", "V¨n phßng UBND tØnh", "Quý I"]]
    path = build_docx(tmp_path / "h.docx", header, rows, font=".VnTime")
    d = Document(path)
    run = d.tables[0].rows[1].cells[1].paragraphs[0].runs[-1]
    run.font.name = ".VnTimeH"
    run._r.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:hAnsi"), ".VnTimeH")
    d.save(path)
    assert read_plan(path, year=2021).sections[0].title == "KIỂM SOÁT TTHC"


def test_legacy_text_files_are_detected(tmp_path):
    lines = ["STT\tNội dung công việc\tCơ quan chủ trì\tThời gian thực hiện",
             "1\tXây dựng kế hoạch hoạt động\tVăn phòng UBND tỉnh\tThường xuyên"]
    tcvn = ("STT\tNéi dung c«ng viÖc\tC¬ quan chñ tr×\tThêi gian thùc hiÖn\n"
            "1\tX©y dùng kÕ ho¹ch ho¹t ®éng\tV¨n phßng UBND tØnh\tTh\u00adêng xuyªn\n")
    (tmp_path / "t.txt").write_bytes(tcvn.encode("cp1252"))
    vni = ("STT\tNoäi dung coâng vieäc\tCô quan chuû trì\tThôøi gian thöïc hieän\n"
           "1\tXaây döïng keá hoaïch hoaït ñoäng\tVaên phoøng UBND tænh\tThöôøng xuyeân\n")
    (tmp_path / "v.txt").write_bytes(vni.encode("cp1252"))
    for name, label in (("t.txt", "TCVN3"), ("v.txt", "VNI")):
        plan = read_plan(tmp_path / name, year=2022)
        task = plan.tasks[0]
        assert (task.content, task.lead, task.time_text) == ("Xây dựng kế hoạch hoạt động", ["Văn phòng UBND tỉnh"],
                                                             "Thường xuyên"), name
        assert any(label in w for w in plan.warnings)
    assert lines  # the Unicode meaning of both files


def test_vni_runs_in_docx(tmp_path):
    header = ["STT", "Noäi dung coâng vieäc", "Cô quan chuû trì", "Thôøi gian thöïc hieän"]
    rows = [["1", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Sôû Ngoaïi vuï", "Quyù II"]]
    plan = read_plan(build_docx(tmp_path / "v.docx", header, rows, font="VNI-Times"), year=2024)
    task = plan.tasks[0]
    assert task.content == "Cộng hòa xã hội chủ nghĩa Việt Nam" and task.lead == ["Sở Ngoại vụ"]
    assert task.schedule.due == date(2024, 6, 30)


def test_continuation_row_and_repeated_header_are_merged(tmp_path):
    rows = [ROWS[0], ["1", "Xây dựng dự thảo Quyết định công bố của", "- Tờ trình.", "Văn phòng UBND tỉnh", "", ""],
            HEADER, ["", "Chủ tịch UBND tỉnh.", "- Quyết định.", "", "Các sở, ban ngành", "Quý II"],
            ["2", "Việc khác.", "", "Sở Nội vụ", "", "Tháng 3"]]
    plan = read_plan(build_docx(tmp_path / "c.docx", HEADER, rows))
    assert [t.number for t in plan.tasks] == ["1", "2"]
    t1 = plan.tasks[0]
    assert t1.content == "Xây dựng dự thảo Quyết định công bố của Chủ tịch UBND tỉnh."
    assert t1.results == ["Tờ trình.", "Quyết định."] and t1.coordinate == ["Các sở, ban ngành"]
    assert t1.schedule.due == date(2024, 6, 30)
    assert any("ngắt trang" in w for w in t1.warnings) and any("ngắt trang" in w for w in plan.warnings)


def test_xlsx_retyped_in_another_order(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Kế hoạch số 12/KH-UBND"])
    ws.append(["KẾ HOẠCH KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2022"])
    ws.append(["Thời gian", "STT", "Nội dung", "Cơ quan, đơn vị thực hiện"])
    ws.append([None, "II", "Công khai"])
    ws.merge_cells("C4:D4")
    ws.append(["Quý IV", 1, "Công bố TTHC.", "- UBND cấp huyện.\n- Văn phòng UBND tỉnh phối hợp."])
    wb.save(tmp_path / "p.xlsx")
    plan = read_plan(tmp_path / "p.xlsx")
    assert plan.decision == "12/KH-UBND" and plan.year == 2022
    assert plan.sections[0].code == "II"
    task = plan.tasks[0]
    assert (task.number, task.lead, task.coordinate) == ("1", ["UBND cấp huyện"], ["Văn phòng UBND tỉnh"])
    assert task.schedule.due == date(2022, 12, 31)


def test_national_header_table_before_the_plan(tmp_path):
    d = Document()
    head = d.add_table(rows=1, cols=2)
    head.rows[0].cells[0].text = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 15/KH-UBND"
    head.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQuảng Trị, ngày 10 tháng 02 năm 2025"
    for text in ("KẾ HOẠCH", "Kiểm soát thủ tục hành chính năm 2025", "Thực hiện Quyết định số 99/QĐ-TTg."):
        d.add_paragraph(text)
    t = d.add_table(rows=0, cols=4)
    for r in (["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"],
              ["1", "Việc một.", "Văn phòng UBND tỉnh", "Tháng 3"], ["3", "Việc ba.", "Sở Nội vụ", "Tháng 4"]):
        for cell, value in zip(t.add_row().cells, r):
            cell.text = value
    d.save(tmp_path / "qt.docx")
    plan = read_plan(tmp_path / "qt.docx")
    assert (plan.decision, plan.decision_date, plan.year) == ("15/KH-UBND", date(2025, 2, 10), 2025)
    assert plan.issuer == "UBND tỉnh Quảng Trị"
    assert plan.title == "KẾ HOẠCH Kiểm soát thủ tục hành chính năm 2025"
    assert any("số thứ tự không liên tục" in w for w in plan.warnings)


def test_markdown_pipe_table(tmp_path):
    (tmp_path / "p.md").write_text(
        "# KẾ HOẠCH\n\nKiểm soát thủ tục hành chính năm 2026\n\n"
        "| STT | Nội dung | Kết quả | Cơ quan thực hiện | Thời gian |\n|---|---|---|---|---|\n"
        "| **I** | **Chung** | | | |\n"
        "| 1 | Rà soát TTHC. | <p>- Báo cáo.</p><p>- Quyết định.</p> | Sở Tư pháp chủ trì | Quý III |\n",
        encoding="utf-8")
    plan = read_plan(tmp_path / "p.md")
    assert plan.format == "md" and plan.year == 2026 and plan.sections[0].title == "Chung"
    task = plan.tasks[0]
    assert task.results == ["Báo cáo.", "Quyết định."] and task.lead == ["Sở Tư pháp"]
    assert task.schedule.due == date(2026, 9, 30)


def test_xlsx_tcvn3_without_font_and_unreadable_time(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Néi dung c«ng viÖc", "C¬ quan chñ tr×", "Thêi gian thùc hiÖn"])
    ws.append([1, "X©y dùng kÕ ho¹ch ho¹t ®éng", "V¨n phßng UBND tØnh", "Th\u00adêng xuyªn"])
    ws.append([2, "KiÓm tra", "Së Néi vô", "Sím nhÊt cã thÓ"])
    wb.save(tmp_path / "cu.xlsx")
    plan = read_plan(tmp_path / "cu.xlsx", year=2019)
    assert plan.tasks[0].content == "Xây dựng kế hoạch hoạt động" and plan.tasks[1].lead == ["Sở Nội vụ"]
    assert any("TCVN3" in w for w in plan.warnings)
    assert any("Nhiệm vụ 2: không hiểu thời gian «Sớm nhất có thể»" in w for w in plan.warnings)


def test_unicode_text_in_a_vntime_run_is_left_alone(tmp_path):
    header = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [["1", "Đánh giá tác động", "Sở Tư pháp", "Tháng 4"]]
    plan = read_plan(build_docx(tmp_path / "u.docx", header, rows, font=".VnTime"), year=2024)
    assert plan.tasks[0].content == "Đánh giá tác động" and plan.tasks[0].lead == ["Sở Tư pháp"]
    assert plan.tasks[0].time_text == "Tháng 4" and not any("TCVN3" in w for w in plan.warnings)


def test_sub_rows_lettered_in_the_number_or_content_column(tmp_path):
    header = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [["1", "Ban hành văn bản:", "", ""],
            ["a", "Kế hoạch rà soát.", "Văn phòng UBND tỉnh", "Tháng 2"],
            ["b", "Kế hoạch kiểm tra.", "Sở Nội vụ", "Tháng 3"],
            ["c", "Kế hoạch truyền thông.", "Sở Thông tin và Truyền thông", "Tháng 4"],
            ["2", "Rà soát TTHC.", "Các sở, ban ngành", "Quý II"],
            ["", "a) Rà soát lĩnh vực đất đai.", "Sở Tài nguyên và Môi trường", "Quý III"],
            ["2.2", "Rà soát lĩnh vực xây dựng.", "Sở Xây dựng", "Quý IV"]]
    plan = read_plan(build_docx(tmp_path / "s.docx", header, rows), year=2024)
    assert len(plan.sections) == 1 and plan.sections[0].code == ""
    numbers = [(t.number, t.parent) for t in plan.tasks]
    assert numbers == [("1", None), ("1a", "1"), ("1b", "1"), ("1c", "1"), ("2", None), ("2a", "2"), ("2.2", "2")]
    assert plan.tasks[3].lead == ["Sở Thông tin và Truyền thông"] and plan.tasks[3].schedule.due == date(2024, 4, 30)
    assert plan.tasks[5].content == "Rà soát lĩnh vực đất đai." and plan.tasks[5].schedule.due == date(2024, 9, 30)


def test_header_words():
    from tthc_desktop.importers.table_logic import classify_header

    assert [classify_header(h) for h in ("Số TT", "Nhiệm vụ cụ thể", "Sản phẩm đầu ra", "Đơn vị chủ trì, phối hợp",
                                         "Cơ quan chủ trì thực hiện", "Đơn vị phối hợp", "Thời hạn hoàn thành",
                                         "Ghi chú")] == \
        ["number", "content", "results", "responsible", "lead", "coordinate", "time", None]
