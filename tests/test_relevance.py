"""Rule decisions on hand-made tasks: who leads, who coordinates, internal work, aliases."""
import pytest

from tthc_desktop.domain.plan import PlanTask
from tthc_desktop.domain.relevance import AgencyRules, judge, name_aliases
from tthc_desktop.services.rules import default_tables

AGENCY = "Sở Nông nghiệp và Phát triển nông thôn"


@pytest.fixture(scope="module")
def rules():
    return AgencyRules.from_tables(AGENCY, default_tables())


def task(responsible="", content="Thực hiện nhiệm vụ kiểm soát TTHC.", lead=(), coordinate=(), results=()):
    return PlanTask(number="1", content=content, responsible_text=responsible, lead=list(lead),
                    coordinate=list(coordinate), results=list(results))


def test_departments_lead(rules):
    r = judge(task("- Các sở, ban ngành chủ trì.\n- UBND cấp huyện phối hợp."), rules)
    assert (r.decision, r.role) == ("keep", "lead")
    assert "Các sở, ban ngành" in r.reason


def test_another_department_leads_and_departments_only_coordinate(rules):
    r = judge(task("- Sở Tư pháp thẩm định.\n- Các sở, ban ngành được giao chủ trì soạn thảo văn bản phối hợp."), rules)
    assert r.decision == "drop"
    assert "Sở Tư pháp" in r.reason


def test_province_office_leads_departments_coordinate(rules):
    r = judge(task("- Văn phòng UBND tỉnh chủ trì.\n- Các sở, ban ngành liên quan phối hợp."), rules)
    assert (r.decision, r.role) == ("keep", "coordinate")
    assert "Văn phòng UBND tỉnh" in r.reason


def test_named_department_coordinating_is_kept_even_under_another_leader(rules):
    r = judge(task("- Sở Tài chính chủ trì.\n- Sở NN&PTNT; Cục Thuế tỉnh phối hợp."), rules)
    assert (r.decision, r.role) == ("keep", "coordinate")
    r = judge(task("- Sở Nông nghiệp và PTNT chủ trì."), rules)
    assert (r.decision, r.role) == ("keep", "lead")


def test_no_role_words_means_everyone_leads(rules):
    r = judge(task("- Các sở, ban ngành.\n- UBND cấp huyện.\n- UBND cấp xã."), rules)
    assert (r.decision, r.role) == ("keep", "lead")


def test_departments_absent(rules):
    r = judge(task("- Công an tỉnh chủ trì.\n- UBND cấp huyện phối hợp."), rules)
    assert r.decision == "drop"
    assert "Công an tỉnh" in r.reason


def test_internal_work_of_the_province_is_dropped(rules):
    r = judge(task("- Văn phòng UBND tỉnh chủ trì.\n- Các cơ quan, đơn vị có liên quan phối hợp.",
                   content="Xây dựng và trình ban hành quyết định thành lập Đoàn kiểm tra định kỳ."), rules)
    assert r.decision == "drop"
    assert "việc riêng của tỉnh" in r.reason


def test_internal_work_pattern_does_not_drop_what_departments_lead(rules):
    r = judge(task("- Các sở, ban ngành chủ trì.", content="Tự kiểm tra nội bộ, kiểm tra định kỳ tại đơn vị."), rules)
    assert r.decision == "keep"


def test_accent_insensitive(rules):
    r = judge(task("- Van phong UBND tinh chu tri.\n- Cac so, ban nganh phoi hop."), rules)
    assert (r.decision, r.role) == ("keep", "coordinate")


def test_partner_after_phoi_hop_voi_is_coordinator_not_leader(rules):
    r = judge(task("- Sở Ngoại vụ chủ trì, phối hợp với Văn phòng UBND tỉnh thực hiện tổng hợp trên cơ sở đề nghị "
                   "của các cơ quan, đơn vị.\n- Các sở, ban ngành phối hợp."), rules)
    assert r.decision == "drop"
    r = judge(task("- Sở Thông tin và Truyền thông phối hợp với Văn phòng UBND tỉnh chủ trì.\n"
                   "- Các sở, ban ngành và địa phương phối hợp."), rules)
    assert (r.decision, r.role) == ("keep", "coordinate")


def test_labelled_two_column_cells(rules):
    r = judge(task("Chủ trì: Văn phòng UBND tỉnh\nPhối hợp: - Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh; "
                   "- UBND cấp huyện; - UBND cấp xã."), rules)
    assert (r.decision, r.role) == ("keep", "coordinate")
    assert "UBND cấp huyện" not in r.reason.split("phối hợp")[0]


def test_lists_are_used_without_cell_text(rules):
    r = judge(task(lead=["Sở Tài chính"], coordinate=["Các sở, ban ngành"]), rules)
    assert r.decision == "drop"
    r = judge(task(lead=["Các cơ quan chuyên môn thuộc UBND tỉnh"]), rules)
    assert (r.decision, r.role) == ("keep", "lead")


def test_unknown_agencies_keep_for_review(rules):
    r = judge(task(""), rules)
    assert r.decision == "keep" and "xem xét" in r.reason


def test_aliases_of_a_department_name():
    aliases = name_aliases(AGENCY)
    assert "Sở NN&PTNT" in aliases
    assert "Sở Nông nghiệp và PTNT" in aliases
    assert "SNNPTNT" in aliases
    assert name_aliases("Sở Tư pháp") == ["Sở Tư pháp", "Sở TP"]


def test_rules_are_data(rules):
    tables = default_tables()
    tables["department_collective"] = []  # an office that removed every collective phrase
    strict = AgencyRules.from_tables(AGENCY, tables)
    assert judge(task("- Các sở, ban ngành chủ trì."), strict).decision == "drop"
    assert judge(task("- Các sở, ban ngành chủ trì."), rules).decision == "keep"
