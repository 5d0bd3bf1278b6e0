from tthc_desktop.domain.relevance import RuleEntry
from tthc_desktop.domain.rewording import apply_edits, apply_text, diff_segments, suggest, suggest_text

RULES = [RuleEntry("Văn phòng UBND tỉnh", "Văn phòng Sở", "nội bộ"),
         RuleEntry("các sở, ban ngành", "các phòng, cơ quan, đơn vị thuộc Sở"),
         RuleEntry("trên địa bàn tỉnh", "của Sở")]


def test_suggestions_are_spans_and_nothing_changes_until_applied():
    text = "Các sở, ban ngành thực hiện rà soát TTHC trên địa bàn tỉnh."
    edits = suggest_text(text, RULES)
    assert [(e.old, e.new) for e in edits] == [("Các sở, ban ngành", "Các phòng, cơ quan, đơn vị thuộc Sở"),
                                               ("trên địa bàn tỉnh", "của Sở")]
    assert text == "Các sở, ban ngành thực hiện rà soát TTHC trên địa bàn tỉnh."
    assert apply_text(text, edits) == "Các phòng, cơ quan, đơn vị thuộc Sở thực hiện rà soát TTHC của Sở."
    assert apply_text(text, edits[1:]) == "Các sở, ban ngành thực hiện rà soát TTHC của Sở."


def test_matching_ignores_accents_and_keeps_case_of_the_sentence():
    edits = suggest_text("phối hợp với van phong UBND tinh", RULES)
    assert edits[0].old == "van phong UBND tinh" and edits[0].new == "văn phòng Sở"


def test_year_numbers_move_to_the_plan_year_in_time_cells_and_running_text():
    fields = {"content": "Ban hành kế hoạch năm 2023 theo Nghị định 63/2010/NĐ-CP ngày 14/10/2023.",
              "results": ["Báo cáo năm 2023."], "time_text": "Trước ngày 20/02/2023"}
    edits = suggest(fields, [], source_year=2023, target_year=2024)
    new = apply_edits(fields, edits)
    assert new["content"] == "Ban hành kế hoạch năm 2024 theo Nghị định 63/2010/NĐ-CP ngày 14/10/2023."
    assert new["results"] == ["Báo cáo năm 2024."]
    assert new["time_text"] == "Trước ngày 20/02/2024"


def test_accept_per_item_of_a_list_field():
    fields = {"results": ["Văn phòng UBND tỉnh tổng hợp.", "Các sở, ban ngành báo cáo."]}
    edits = suggest(fields, RULES)
    assert {e.index for e in edits} == {0, 1}
    new = apply_edits(fields, [e for e in edits if e.index == 1])
    assert new["results"] == ["Văn phòng UBND tỉnh tổng hợp.", "Các phòng, cơ quan, đơn vị thuộc Sở báo cáo."]


def test_diff_segments():
    text = "Văn phòng UBND tỉnh chủ trì."
    segs = diff_segments(text, suggest_text(text, RULES))
    assert segs == [("change", "Văn phòng UBND tỉnh", "Văn phòng Sở"), ("same", " chủ trì.", "")]


def test_a_proper_name_that_goes_on_is_left_alone():
    text = "Nâng cao chất lượng giải quyết TTHC trên địa bàn tỉnh Quảng Ngãi và trên địa bàn tỉnh để làm."
    edits = suggest_text(text, RULES)
    assert len(edits) == 1 and edits[0].start > text.index("Quảng Ngãi")
