"""Workbooks: hidden rows and columns, merged ranges, formulas (issue 16, part 3)."""
from datetime import date

from tests.fixtures.plan_shapes import HEADER, docx_plan, xlsx_plan
from tthc_desktop.importers import read_plan

LAST_YEAR = ["STT", "Nội dung công việc", "Kết quả", "Cơ quan chủ trì", "Cơ quan phối hợp",
             "Thời gian thực hiện năm 2024", "Thời gian thực hiện"]


def test_hidden_column_of_last_years_times_is_not_read(tmp_path):
    rows = [["I", "Chung"]] + [[str(n), f"Việc {n}.", "Báo cáo.", "Sở Tư pháp", "", f"Tháng {n} năm 2024",
                                f"Tháng {n} năm 2025"] for n in range(1, 6)]
    plan = read_plan(xlsx_plan(tmp_path / "h.xlsx", LAST_YEAR, rows, hidden_columns=["F"]))
    assert [t.schedule.due for t in plan.tasks] == [date(2025, n, 1).replace(day=28 if n == 2 else 30 if n == 4
                                                                                 else 31) for n in range(1, 6)]
    assert [t.time_text for t in plan.tasks][0] == "Tháng 1 năm 2025"
    assert any("cột ẩn (F)" in w for w in plan.warnings)


def test_hidden_rows_are_left_out_and_said(tmp_path):
    rows = [["1", "Việc một.", "", "Sở Tư pháp", "", "Quý I"], ["2", "Việc cũ đã bỏ.", "", "Sở Nội vụ", "", "Quý II"],
            ["3", "Việc ba.", "", "Sở Y tế", "", "Quý III"]]
    plan = read_plan(xlsx_plan(tmp_path / "r.xlsx", HEADER, rows, hidden_rows=[6]))
    assert [t.number for t in plan.tasks] == ["1", "3"]
    assert any("dòng ẩn (6)" in w for w in plan.warnings)


def test_totals_row_at_the_end_of_a_sheet_is_not_a_task_and_formulas_give_cached_values(tmp_path):
    rows = [["1", "Việc một.", "", "Sở Tư pháp", "", "Quý I"], ["2", "Việc hai.", "", "Sở Nội vụ", "", ""],
            ["", "Tổng cộng", "", "", "", ""]]
    path = xlsx_plan(tmp_path / "f.xlsx", HEADER, rows, formulas={"F6": ('"Quý "&amp;"II"', "Quý II")})
    plan = read_plan(path)
    assert [t.number for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[1].time_text == "Quý II" and plan.tasks[1].schedule.due == date(2025, 6, 30)
    assert any("Tổng cộng" in w and "Dòng 7" in w for w in plan.warnings)


def test_merged_cell_over_lead_and_coordinate_is_read_once(tmp_path):
    rows = [["1", "Việc một.", "", "Sở Tư pháp chủ trì, Sở Nội vụ phối hợp", "", "Quý I"]]
    path = xlsx_plan(tmp_path / "m.xlsx", HEADER, rows, merges=["D5:E5"])
    task = read_plan(path).tasks[0]
    assert (task.lead, task.coordinate) == (["Sở Tư pháp"], ["Sở Nội vụ"])


def test_plan_on_the_second_sheet(tmp_path):
    rows = [["1", "Việc một.", "", "Sở Tư pháp", "", "Quý I"]]
    plan = read_plan(xlsx_plan(tmp_path / "s.xlsx", HEADER, rows, second_sheet=True))
    assert [t.number for t in plan.tasks] == ["1"] and plan.year == 2025


def test_word_cell_spanning_lead_and_coordinate_is_read_once(tmp_path):
    from docx import Document

    path = docx_plan(tmp_path / "w.docx", HEADER, [["1", "Việc một.", "", "", "", "Quý I"]])
    d = Document(str(path))
    row = d.tables[0].rows[1]
    cell = row.cells[3].merge(row.cells[4])
    cell.text = "Sở Tư pháp chủ trì, Sở Nội vụ phối hợp"
    d.save(str(path))
    task = read_plan(path).tasks[0]
    assert (task.lead, task.coordinate) == (["Sở Tư pháp"], ["Sở Nội vụ"])
