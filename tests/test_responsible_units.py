"""One responsible-units splitter for parse and derive (issue 16, part 2)."""
from pathlib import Path

import pytest

from tests.fixtures.plan_shapes import HEADER, docx_plan
from tthc_desktop.domain.agencies import split_responsible
from tthc_desktop.domain.relevance import AgencyRules, judge, mentions
from tthc_desktop.importers import read_plan
from tthc_desktop.services.rules import default_tables

AGENCY = "Sở Nông nghiệp và Phát triển nông thôn"
ONE_COLUMN = ["STT", "Nội dung công việc", "Kết quả", "Cơ quan, đơn vị thực hiện", "Thời gian thực hiện"]


@pytest.fixture(scope="module")
def rules():
    return AgencyRules.from_tables(AGENCY, default_tables())


def _roles(task, rules):
    return [(m.text, m.role) for m in mentions(task, rules)]


def test_labelled_cells_keep_every_agency_and_derive_agrees(tmp_path, rules):
    cells = ["Chủ trì: Sở Tư pháp, Sở Nội vụ\nPhối hợp: Sở Y tế, Sở Tài chính\nCông an tỉnh",
             "Cơ quan chủ trì thực hiện: Văn phòng UBND tỉnh.\nĐơn vị phối hợp: Các sở, ban ngành; UBND cấp huyện."]
    rows = [["1", "Việc một.", "Báo cáo.", cells[0], "Quý I"], ["2", "Việc hai.", "Báo cáo.", cells[1], "Quý II"]]
    plan = read_plan(docx_plan(tmp_path / "l.docx", ONE_COLUMN, rows))
    t1, t2 = plan.tasks
    assert (t1.lead, t1.coordinate) == (["Sở Tư pháp", "Sở Nội vụ"], ["Sở Y tế", "Sở Tài chính", "Công an tỉnh"])
    assert (t2.lead, t2.coordinate) == (["Văn phòng UBND tỉnh"], ["Các sở, ban ngành", "UBND cấp huyện"])
    for t in (t1, t2):  # derive reads the cell with the same splitter
        assert [n for n, r in _roles(t, rules) if r == "lead"] == t.lead
        assert [n for n, r in _roles(t, rules) if r == "coordinate"] == t.coordinate


def test_role_word_ending_the_line_wins_over_one_in_a_qualifier(rules):
    text = "- Sở Tư pháp thẩm định.\n- Các sở, ban ngành được giao chủ trì soạn thảo văn bản phối hợp."
    assert split_responsible(text)[:2] == (["Sở Tư pháp"], ["Các sở, ban ngành"])
    assert split_responsible("Sở Tư pháp chủ trì, Sở Nội vụ phối hợp.")[:2] == (["Sở Tư pháp"], ["Sở Nội vụ"])
    assert split_responsible("Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tổ chức thực hiện.")[:2] == \
        (["Sở Tư pháp"], ["Sở Nội vụ"])


def test_qn2023_task_5_roles_in_parse_and_derive(rules):
    plan = read_plan(Path(__file__).resolve().parents[1] / "resources/demo/qn2023_plan.docx")
    t5 = next(t for t in plan.tasks if t.number == "5")
    assert (t5.lead, t5.coordinate) == (["Sở Tư pháp"], ["Các sở, ban ngành"])
    assert _roles(t5, rules) == [("Sở Tư pháp", "lead"), ("Các sở, ban ngành", "coordinate")]
    assert judge(t5, rules).decision == "drop"  # another named agency leads; the departments only help


def test_every_line_of_a_coordinate_column_coordinates(tmp_path, rules):
    rows = [["1", "Rà soát TTHC.", "Báo cáo.", "Văn phòng UBND tỉnh", "Sở Tư pháp\nSở Nông nghiệp và PTNT\nSở Y tế",
             "Quý II"]]
    plan = read_plan(docx_plan(tmp_path / "c.docx", HEADER, rows))
    task = plan.tasks[0]
    assert task.coordinate == ["Sở Tư pháp", "Sở Nông nghiệp và PTNT", "Sở Y tế"]
    assert dict(_roles(task, rules))["Sở Nông nghiệp và PTNT"] == "coordinate"
    assert (judge(task, rules).decision, judge(task, rules).role) == ("keep", "coordinate")


def test_ocr_damaged_agency_names_are_matched_and_said(tmp_path, rules):
    rows = [["1", "Rà soát TTHC.", "Báo cáo.", "Céac sé, ban nganh va UBND cép huyén", "Van phong UBND tinh",
             "Quý II"]]
    plan = read_plan(docx_plan(tmp_path / "o.docx", HEADER, rows))
    task = plan.tasks[0]
    assert task.lead == ["Các sở, ban ngành", "UBND cấp huyện"] and task.coordinate == ["Văn phòng UBND tỉnh"]
    fuzzy = [w for w in task.warnings if w.startswith("Nhiệm vụ 1: Đã đọc")]
    assert len(fuzzy) == 2 and "«Céac sé, ban nganh» là «Các sở, ban ngành»" in fuzzy[0]
    assert (judge(task, rules).decision, judge(task, rules).role) == ("keep", "lead")
    # A clean name close to another known one is left alone.
    assert split_responsible("Sở Nội vụ; Sở Y tế")[:2] == (["Sở Nội vụ", "Sở Y tế"], [])


def test_a_compound_role_keeps_its_first_word():
    """«… phối hợp và thực hiện» (qn2023 task 34): the agencies coordinate; «chủ trì và thực hiện» leads."""
    from tthc_desktop.domain.agencies import responsible_pairs

    pairs, _ = responsible_pairs("- Sở, ban ngành và UBND cấp huyện, cấp xã phối hợp và thực hiện.")
    assert pairs and all(role == "coordinate" for _, role in pairs)
    pairs, _ = responsible_pairs("Sở Tư pháp chủ trì và thực hiện")
    assert pairs == [("Sở Tư pháp", "lead")]
