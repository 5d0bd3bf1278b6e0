"""Collective phrases resolve, through the phrase rules shipped as data, to the units the task concerns."""
import pytest

from tthc_desktop.domain import unit_resolution as ur
from tthc_desktop.services.rules import unit_rules_document

GROUP = "Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"
UNITS = [
    ur.UnitProfile(1, "Văn phòng Sở", "VP", drafts_legal=True, groups=(GROUP,)),
    ur.UnitProfile(2, "Thanh tra Sở", "TTr", groups=(GROUP,)),
    ur.UnitProfile(3, "Phòng Tổ chức cán bộ", "TCCB", specialised=True, groups=(GROUP,)),
    ur.UnitProfile(4, "Chi cục Kiểm lâm", handles_tthc=True, drafts_legal=True, groups=(GROUP,), fields=("Lâm nghiệp",)),
    ur.UnitProfile(5, "Chi cục Thủy sản", handles_tthc=True, groups=(GROUP,), fields=("Thủy sản",)),
    ur.UnitProfile(6, "Trung tâm Nước sạch", groups=(GROUP,)),
]


@pytest.fixture(scope="module")
def rules():
    tables = unit_rules_document()["tables"]
    return ur.ResolutionRules(
        phrases=[ur.SelectorRule(r["pattern"], r["replacement"]) for r in tables["unit_phrase"]],
        topics=[ur.SelectorRule(r["pattern"], r["replacement"]) for r in tables["unit_topic"]],
        agency_name="Sở Nông nghiệp và Phát triển nông thôn")


def names(units):
    return [u.name for u in units]


@pytest.mark.parametrize("phrase, task, expected", [
    (GROUP, "Tiếp nhận, trả lời phản ánh, kiến nghị (PAKN) của người dân", ["Chi cục Kiểm lâm", "Chi cục Thủy sản"]),
    (GROUP, "Triển khai số hoá hồ sơ, kết quả giải quyết TTHC", ["Chi cục Kiểm lâm", "Chi cục Thủy sản"]),
    (GROUP, "Đánh giá tác động TTHC trong dự thảo văn bản quy phạm pháp luật", ["Văn phòng Sở", "Chi cục Kiểm lâm"]),
    (GROUP, "Rà soát TTHC lĩnh vực thủy sản", ["Chi cục Thủy sản"]),
    (GROUP, "Tổ chức tập huấn nghiệp vụ", ["Phòng Tổ chức cán bộ"]),
    (GROUP, "Nội dung chung không nêu gì riêng", ["Chi cục Kiểm lâm", "Chi cục Thủy sản"]),
    ("Các đơn vị thực hiện TTHC", "Tuyên truyền", ["Chi cục Kiểm lâm", "Chi cục Thủy sản"]),
    ("Các phòng, cơ quan, đơn vị có thẩm quyền tiếp nhận, giải quyết TTHC", "x", ["Chi cục Kiểm lâm", "Chi cục Thủy sản"]),
    ("Các Chi cục", "x", ["Chi cục Kiểm lâm", "Chi cục Thủy sản"]),
    ("Các phòng, cơ quan, đơn vị thuộc Sở", "x", [u.name for u in UNITS]),
    ("Văn phòng Sở kiểm soát.", "x", ["Văn phòng Sở"]),
    ("UBND cấp huyện", "x", []),
])
def test_phrase_resolves_by_the_task_words(rules, phrase, task, expected):
    assert names(ur.resolve_name(phrase, task, UNITS, rules)) == expected


def test_the_departments_own_name_names_no_field(rules):
    text = "Công khai TTHC thuộc thẩm quyền của Sở Nông ngành và Phát triển nông thôn"
    fields = ur.select_units("field", ur._task_words(text, rules), UNITS, rules)
    assert fields == []


def test_proposal_keeps_explicit_roles_and_leaves_the_focal_office_unticked(rules):
    proposals = ur.propose([GROUP], ["Văn phòng Sở"], "Xử lý phản ánh, kiến nghị", UNITS, rules)
    got = {(p.unit_id, p.role): (p.phrase, p.ticked) for p in proposals}
    assert got == {(4, "lead"): (GROUP, True), (5, "lead"): (GROUP, True), (1, "coordinate"): ("Văn phòng Sở", False)}
    # named on its own as lead, the office is not also a coordinator through the group
    lead_office = ur.propose(["Văn phòng Sở"], ["Các phòng, cơ quan, đơn vị thuộc Sở"], "x", UNITS, rules)
    assert [(p.unit_id, p.role) for p in lead_office if p.unit_id == 1] == [(1, "lead")]


def test_officer_choices_win_over_the_proposal(rules):
    proposals = ur.propose([GROUP], ["Văn phòng Sở"], "hồ sơ", UNITS, rules)
    kept = ur.settle_choices(proposals, {(5, "lead"): False, (1, "coordinate"): True, (2, "coordinate"): True})
    assert sorted((p.unit_id, p.role) for p in kept) == [(1, "coordinate"), (2, "coordinate"), (4, "lead")]
