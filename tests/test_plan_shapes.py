"""Table shapes the importer must read without silent loss (issue 16, part 1)."""
from tests.fixtures.plan_shapes import HEADER, Bold, HeaderAgain, Merged, docx_plan
from tthc_desktop.importers import read_plan


def _task(plan, number):
    return next(t for t in plan.tasks if t.number == number)


def test_arabic_sections_with_capital_titles_and_dotted_tasks(tmp_path):
    rows = [["1", "BAN HÀNH VĂN BẢN"],
            ["1.1", "Ban hành kế hoạch kiểm soát TTHC.", "Kế hoạch.", "Văn phòng UBND tỉnh", "Các sở", "Tháng 01"],
            ["1.2", "Nội dung công việc về thời gian thực hiện", "Kết quả", "Cơ quan chủ trì", "Cơ quan phối hợp",
             "Quý I"],
            ["2", "CÔNG KHAI TTHC"],
            HeaderAgain(),
            ["2.1", "Niêm yết TTHC.", "Niêm yết.", "Các sở", "", "Thường xuyên"],
            ["2.2", "Nội dung công việc", "Kết quả", "Cơ quan chủ trì", "", "Thời gian thực hiện"]]
    plan = read_plan(docx_plan(tmp_path / "a.docx", HEADER, rows))
    assert [(s.code, s.title) for s in plan.sections] == [("1", "BAN HÀNH VĂN BẢN"), ("2", "CÔNG KHAI TTHC")]
    assert [[t.number for t in s.tasks] for s in plan.sections] == [["1.1", "1.2"], ["2.1", "2.2"]]
    assert all(t.parent is None for t in plan.tasks)
    # Numbered rows whose words look like the header are tasks; the real repeat is skipped and said.
    assert _task(plan, "2.2").content == "Nội dung công việc"
    assert [w for w in plan.warnings if "tiêu đề bảng lặp lại" in w] == ["Dòng 6: dòng tiêu đề bảng lặp lại "
                                                                         "(sang trang), đã bỏ qua."]


def test_section_as_one_merged_cell_in_every_numbering(tmp_path):
    rows = [Merged("I. BAN HÀNH VĂN BẢN"),
            ["1", "Việc một.", "", "Sở Tư pháp", "", "Quý I"],
            Merged("Phần II: Công khai TTHC"),
            ["2", "Việc hai.", "", "Sở Nội vụ", "", "Quý II"],
            Merged("B. KIỂM TRA"),
            ["3", "Việc ba.", "", "Sở Tài chính", "", "Quý III"],
            Merged("Rà soát thủ tục", bold=True),
            ["4", "Việc bốn.", "", "Sở Y tế", "", "Quý IV"]]
    plan = read_plan(docx_plan(tmp_path / "m.docx", HEADER, rows))
    assert [(s.code, s.title, [t.number for t in s.tasks]) for s in plan.sections] == [
        ("I", "BAN HÀNH VĂN BẢN", ["1"]), ("Phần II", "Công khai TTHC", ["2"]), ("B", "KIỂM TRA", ["3"]),
        ("", "Rà soát thủ tục", ["4"])]


def test_bold_only_sections_over_dotted_tasks(tmp_path):
    rows = [Bold(["1", "Ban hành văn bản"]),
            ["1.1", "Việc một.", "", "Sở Tư pháp", "", "Quý I"],
            Bold(["", "Công khai thủ tục"]),
            ["2.1", "Việc hai.", "", "Sở Nội vụ", "", "Quý II"],
            ["3", "Việc ba không in đậm.", "", "", "", ""]]
    plan = read_plan(docx_plan(tmp_path / "b.docx", HEADER, rows))
    assert [(s.code, s.title) for s in plan.sections] == [("1", "Ban hành văn bản"), ("", "Công khai thủ tục")]
    assert [t.number for t in plan.tasks] == ["1.1", "2.1", "3"]
    said = [w for w in plan.warnings if "được hiểu là tên mục" in w]
    assert [w.split(":")[0] for w in said] == ["Dòng 2", "Dòng 4"] and "(in đậm" in said[0]


def test_totals_and_notes_rows_are_skipped_with_a_warning(tmp_path):
    rows = [["I", "Chung"], ["1", "Việc một.", "", "Sở Tư pháp", "", "Quý I"],
            ["", "Tổng cộng: 1 nhiệm vụ", "", "", "", ""], ["Ghi chú: các sở báo cáo trước ngày 15."]]
    plan = read_plan(docx_plan(tmp_path / "t.docx", HEADER, rows))
    assert [t.number for t in plan.tasks] == ["1"] and plan.tasks[0].content == "Việc một."
    skipped = [w for w in plan.warnings if "tổng cộng/ghi chú" in w]
    assert [w.split(":")[0] for w in skipped] == ["Dòng 4", "Dòng 5"]


def test_rows_before_the_first_header_row_are_kept(tmp_path):
    # A table converted from PDF: the header row sits below the first sections.
    rows_before = [["I", "Ban hành văn bản"], ["1", "Việc một.", "", "Sở Tư pháp", "", "Quý I"],
                   ["II", "Công khai"], ["2", "Việc hai.", "", "Sở Nội vụ", "", "Quý II"]]
    after = [["III", "Kiểm tra"], ["3", "Việc ba.", "", "Sở Y tế", "", "Quý III"]]
    path = docx_plan(tmp_path / "x.docx", HEADER, rows_before + after, header_at=len(rows_before))
    plan = read_plan(path)
    assert [s.code for s in plan.sections] == ["I", "II", "III"]
    assert [t.number for t in plan.tasks] == ["1", "2", "3"]
    assert plan.tasks[1].lead == ["Sở Nội vụ"]
    assert sum("nằm trên dòng tiêu đề" in w for w in plan.warnings) == 4


def test_flagged_header_repeat_is_skipped_but_numbered_flagged_row_is_not(tmp_path):
    rows = [["1", "Việc một.", "", "Sở Tư pháp", "", "Quý I"], HeaderAgain(flag=True),
            ["2", "Việc hai.", "", "Sở Nội vụ", "", "Quý II"]]
    plan = read_plan(docx_plan(tmp_path / "f.docx", HEADER, rows, flag_first_header=True))
    assert [t.number for t in plan.tasks] == ["1", "2"]
    assert sum("tiêu đề bảng lặp lại" in w for w in plan.warnings) == 1


def test_qn2023_reads_every_row():
    from pathlib import Path

    plan = read_plan(Path(__file__).resolve().parents[1] / "resources/demo/qn2023_plan.docx")
    assert len(plan.sections) + len(plan.tasks) == 64  # 13 section rows, 51 task rows (1a, 1b, 2 … 50)
    assert not [w for w in plan.warnings if "bỏ qua" in w or "gộp" in w]
