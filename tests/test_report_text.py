"""A narrative an officer signs: full titles, each task once, its own results, proper citations, and the
văn thư's consistency check."""
from __future__ import annotations

from datetime import date

from tests.factories import add_plan, add_profile, add_units, add_fields
from tthc_desktop.domain.consistency import check_document, text_problems
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.report_text import citation, join_basis, task_title, time_phrase
from tthc_desktop.services import report
from tthc_desktop.storage.models import EvidenceDocument, ProgressEntry

LONG_TITLE = ("Thực hiện đánh giá chất lượng việc giải quyết TTHC theo cơ chế một cửa, một cửa liên thông và mức độ "
              "hài lòng của tổ chức, cá nhân trong quá trình giải quyết TTHC của các cơ quan đơn vị thuộc Sở theo quy "
              "định tại Nghị định số 61/2018/NĐ-CP, Thông tư số 01/2018/TT-VPCP.")


def test_titles_are_whole_and_tidied_only_in_ways_that_keep_the_meaning():
    assert task_title(LONG_TITLE) == LONG_TITLE.rstrip(".") and "…" not in task_title(LONG_TITLE)
    agency = "Sở Nông nghiệp và Phát triển nông thôn"
    assert task_title(f"Công khai TTHC  thuộc thẩm quyền của {agency}.", agency) == "Công khai TTHC thuộc thẩm quyền của Sở"


def test_citations_and_time_phrases():
    assert citation("15/KH-SNNPTNT", date(2024, 2, 5), "Sở Nông nghiệp và Phát triển nông thôn",
                    "Hoạt động kiểm soát TTHC năm 2024.") == (
        "Kế hoạch số 15/KH-SNNPTNT ngày 05/02/2024 của Sở Nông nghiệp và Phát triển nông thôn về hoạt động kiểm "
        "soát TTHC năm 2024")
    assert citation("20/BC-SNNPTNT", None, "", "về kết quả quý I") == "Báo cáo số 20/BC-SNNPTNT về kết quả quý I"
    assert time_phrase("- Định kỳ 3 tháng/lần\n- Đột xuất theo thời điểm yêu cầu.") == (
        "định kỳ 3 tháng/lần; đột xuất theo thời điểm yêu cầu")
    assert time_phrase("-  .") == ""
    assert join_basis("Thực hiện Công văn số 1663/UBND-KSTTHC ngày 05/4/2024", "Sở báo cáo").startswith(
        "Thực hiện Công văn số 1663")
    assert join_basis("Công văn số 1663/UBND-KSTTHC", "Sở báo cáo") == "Thực hiện Công văn số 1663/UBND-KSTTHC; Sở báo cáo"


def test_consistency_check_lists_each_problem_with_its_place():
    problems = check_document(
        [("I.1", "1. Công tác chỉ đạo", "Thực hiện Thực hiện Quyết định số 165/QĐ-UBND."),
         ("I.2", "2. Công tác chỉ đạo", "Xây dựng kế hoạch (thời gian: - … .)."),
         ("I.3", "3. Công bố", "Đã ban hành Kế hoạch số 15/KH-SNNPTNT về X; đã ban hành Kế hoạch số 15/KH-SNNPTNT về X.")],
        doc_code="BC", number_line="Số:   /KH-SNNPTNT", year=2024, cited_plan_year=2023)
    where = [(p.where, p.text.lower()) for p in problems]
    assert any(w == "I.1" and "thực hiện thực hiện" in t for w, t in where)
    assert any(w == "I.2" and "trùng tiêu đề" in t for w, t in where)
    assert any(w == "I.2" and "ngoặc đơn" in t for w, t in where)
    assert any(w == "I.3" and "hai lần" in t for w, t in where)
    assert any(w == "header" and "kh" in t and "bc" in t for w, t in where)
    assert any(w == "basis" and "2023" in t for w, t in where)
    assert text_problems("giải quyết toàn trình trình Giám đốc Sở phê duyệt; 1.150.343 hồ sơ (98,33%)") == []


def _plan(db):
    with db.session() as s:
        add_profile(s)
        units = add_units(s)
        add_fields(s)
        plan = add_plan(s, [("I", "Ban hành các văn bản quản lý nhà nước về kiểm soát TTHC", [
            dict(number="1a", content="Xây dựng, ban hành các văn bản về kiểm soát TTHC năm 2024",
                 lead=["Văn phòng Sở"], time_text="Tháng 02", kind="once", due=date(2024, 2, 29)),
            dict(number="1b", content="Xây dựng, ban hành các văn bản về kiểm soát TTHC năm 2024",
                 lead=["Văn phòng Sở"], time_text="Quý I", kind="once", due=date(2024, 3, 31)),
            dict(number="2", content=LONG_TITLE, lead=["Văn phòng Sở"],
                 time_text="- Định kỳ 3 tháng/lần\n- Đột xuất theo yêu cầu.", kind="recurring", every="quarter"),
        ])], units)
        tasks = {t.number: t.id for t in plan.tasks}
        for t in plan.tasks:
            if t.number in ("1a", "1b"):
                t.parent_number = "1"
        s.add(ProgressEntry(task_id=tasks["1a"], period="2024Q1", status="done",
                            result_text="Đã ban hành văn bản triển khai"))
        s.add(EvidenceDocument(task_id=tasks["1b"], period="2024Q1", number_symbol="15/KH-SNNPTNT",
                               doc_date=date(2024, 2, 5), issuer="Sở Nông nghiệp và Phát triển nông thôn",
                               summary="Hoạt động kiểm soát TTHC năm 2024"))
        s.add(EvidenceDocument(task_id=tasks["1a"], period="2024Q1", number_symbol="15/KH-SNNPTNT",
                               doc_date=date(2024, 2, 5), issuer="Sở Nông nghiệp và Phát triển nông thôn",
                               summary="Hoạt động kiểm soát TTHC năm 2024"))
        s.add(ProgressEntry(task_id=tasks["2"], period="2024Q2", status="in_progress",
                            result_text="Đã khảo sát 120 tổ chức, cá nhân; mức độ hài lòng đạt 98%"))


def test_each_task_once_with_its_own_results_and_whole_title(db):
    _plan(db)
    q1 = {p["key"]: p["text"] for p in report.report_parts(db, Period(2024, "Q1"))}
    lines = [x for x in q1["I.1"].split("\n") if x]
    assert len(lines) == 1 and lines[0].count("Xây dựng, ban hành các văn bản") == 1
    assert lines[0].count("Kế hoạch số 15/KH-SNNPTNT") == 1  # one document cited once
    assert "về hoạt động kiểm soát TTHC năm 2024" in lines[0]
    assert "đã ban hành văn bản triển khai" not in lines[0]  # the citation says it better
    h1 = {p["key"]: p["text"] for p in report.report_parts(db, Period(2024, "H1"))}
    body = "\n".join(h1.values())
    assert LONG_TITLE.rstrip(".") in body and "…" not in body  # whole title, progressed in Q2 only
    assert "Kế hoạch số 15/KH-SNNPTNT" in h1["I.1"]  # progressed in Q1 only: still in the 6-month report
    assert "đã hoàn thành 1 nhiệm vụ, đang triển khai 1 nhiệm vụ" in h1["II"]
    assert "(thời gian" not in h1["III"] and "(định kỳ 3 tháng/lần; đột xuất theo yêu cầu)" in h1["III"]
    document = report.report_document(db, Period(2024, "H1"))
    from tthc_desktop.services.report_checks import document_problems

    assert document_problems(document, Period(2024, "H1")) == []


def test_plan_export_check_finds_the_cited_year_and_a_wrong_type_code(db):
    from sqlalchemy import select

    from tests.factories import build_department
    from tthc_desktop.services.report_checks import plan_problems
    from tthc_desktop.storage.models import Plan

    ids = build_department(db)
    with db.session() as s:
        plan = s.get(Plan, ids["plan"])
        source = s.scalar(select(Plan).where(Plan.kind == "provincial"))
        plan.derived_from_id = source.id  # the 2023 provincial plan behind the 2024 department plan
        plan.number = "12/QĐ-SNNPTNT"
    texts = [p.message() for p in plan_problems(db, ids["plan"])]
    assert any("2023" in t and "2024" in t for t in texts)
    assert any("QĐ" in t and "KH" in t for t in texts)
    with db.session() as s:
        s.get(Plan, ids["plan"]).number = "12"
        s.scalar(select(Plan).where(Plan.kind == "provincial")).year = 2024
    assert plan_problems(db, ids["plan"]) == []
