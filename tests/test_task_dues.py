"""A one-off task with several due dates («Quý II và Quý IV»): stored with the plan, and the next one owed."""
from datetime import date

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.plan import ParsedPlan, PlanSection, PlanTask
from tthc_desktop.domain.schedule import parse_time_text
from tthc_desktop.services import plans, tracking


def _plan() -> ParsedPlan:
    schedule = parse_time_text("Quý II và Quý IV", 2024)
    task = PlanTask(number="1", content="Rà soát, đánh giá thủ tục hành chính", lead=["Văn phòng Sở"],
                    time_text="Quý II và Quý IV", schedule=schedule)
    return ParsedPlan(title="Kế hoạch thử", year=2024, sections=[PlanSection("I", "Rà soát", [task])])


def _tracked(db) -> tuple[int, date, date]:
    """The one-task plan tracked as the department's: (task id, its Quý II due, its Quý IV due)."""
    parsed = _plan()
    plans.import_plan(db, parsed, kind="department")
    first, last = parsed.sections[0].tasks[0].schedule.dues
    return tracking.load_rows(db, "2024Q1", today=date(2024, 1, 2))[0].id, first, last


def test_several_dues_survive_saving_and_reading_back(db):
    parsed = _plan()
    assert len(parsed.sections[0].tasks[0].schedule.dues) == 2
    plan_id = plans.import_plan(db, parsed, kind="provincial")
    again = plans.load_parsed_plan(db, plan_id).sections[0].tasks[0].schedule
    assert again.dues == parsed.sections[0].tasks[0].schedule.dues and again.due == again.dues[0]


def test_the_board_owes_the_next_due_and_shows_them_all(db):
    parsed = _plan()
    first, last = parsed.sections[0].tasks[0].schedule.dues
    plans.import_plan(db, parsed, kind="department")
    before = tracking.load_rows(db, "2024Q2", today=date(2024, 5, 2))[0]
    assert before.next_due == first and "; " in before.schedule_text
    after = tracking.load_rows(db, "2024Q3", today=date(2024, 8, 1))[0]
    assert after.next_due == last and not after.overdue  # the second due is still ahead
    assert after.to_json()["schedule"]["dues"] == [first.isoformat(), last.isoformat()]


def test_each_due_is_settled_by_the_notes_of_its_own_periods(db):
    """«Quý II và Quý IV»: done in Q2 is the first delivery only; Q4 owes the second one."""
    task_id, first, last = _tracked(db)
    tracking.add_progress(db, task_id, "2024Q2", "done", note="Đã rà soát đợt 1", today=date(2024, 6, 20))
    q2 = tracking.load_rows(db, "2024Q2", today=date(2024, 12, 1))[0]
    assert q2.status == "done" and not q2.overdue and q2.next_due == first
    q4 = tracking.load_rows(db, "2024Q4", today=date(2024, 12, 1))[0]
    assert q4.status == "not_started" and q4.next_due == last and q4.due_soon == 30
    year = tracking.load_rows(db, "2024Y", today=date(2025, 1, 5))[0]
    assert year.status == "not_started" and year.overdue  # the year's delivery (Quý IV) never came
    tracking.add_progress(db, task_id, "2024Q4", "done", note="Đã rà soát đợt 2", today=date(2024, 12, 20))
    assert tracking.load_rows(db, "2024Q4", today=date(2024, 12, 21))[0].status == "done"
    assert tracking.load_rows(db, "2024Y", today=date(2025, 1, 5))[0].status == "done"
    assert tracking.load_rows(db, "2024Q2", today=date(2025, 1, 5))[0].status == "done"  # Q2 still reads done


def test_finishing_is_measured_against_the_periods_own_due(db):
    """Done on 20/12 for Quý IV is on time (due 31/12), though after the first due (30/06)."""
    from tthc_desktop.services.task_info import task_detail

    task_id, _, _ = _tracked(db)
    detail = task_detail(db, task_id)
    assert detail.due_in(Period.parse("2024Q2")) == date(2024, 6, 30)
    assert detail.due_in(Period.parse("2024Q4")) == date(2024, 12, 31)
    tracking.add_progress(db, task_id, "2024Q4", "done", note="Xong", completed_on=date(2024, 12, 20))
    tracking.add_progress(db, task_id, "2024Q3", "done", note="Xong muộn", completed_on=date(2024, 7, 20))
    q3, q4 = (tracking.load_rows(db, p, today=date(2024, 12, 21))[0].status for p in ("2024Q3", "2024Q4"))
    assert q4 == "done" and q3 == "done"  # Quý III answers for the Quý IV due too: 20/7 is before it
    tracking.add_progress(db, task_id, "2024Q2", "done", note="Xong muộn", completed_on=date(2024, 7, 2))
    assert tracking.load_rows(db, "2024Q2", today=date(2024, 12, 21))[0].status == "done_late"


def test_the_due_a_period_answers_for():
    from tthc_desktop.domain.status import owed_due

    dues = (date(2024, 5, 15), date(2024, 11, 15))
    owed = {code: owed_due(dues, Period.parse(code)) for code in
            ("2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024H1", "2024M9", "2024Y", "2025Q1")}
    assert owed == {"2024Q1": dues[0], "2024Q2": dues[0], "2024Q3": dues[1], "2024Q4": dues[1],
                    "2024H1": dues[0], "2024M9": dues[0], "2024Y": dues[1], "2025Q1": dues[1]}


def test_the_report_names_the_second_delivery_among_next_quarters_tasks(db):
    from tthc_desktop.services import report_narrative

    plan_id = plans.import_plan(db, _plan(), kind="department")
    with db.read_session() as s:
        q3 = report_narrative.next_task_lines(s, plan_id, Period.parse("2024Q3"), "Sở")
        q1 = report_narrative.next_task_lines(s, plan_id, Period.parse("2024Q1"), "Sở")
    assert len(q3) == 1 and "31/12/2024" in q3[0]
    assert len(q1) == 1 and "30/06/2024" in q1[0]


def test_the_years_timeline_shows_each_delivery_as_it_stands(db):
    from tthc_desktop.services.year_view import year_overview

    task_id, first, last = _tracked(db)
    tracking.add_progress(db, task_id, "2024Q2", "done", note="Đợt 1 xong", today=date(2024, 6, 20))
    o = year_overview(db, 2024, date(2024, 12, 1))
    tasks = [(d.day, d.state) for d in o.deadlines if d.kind == "task"]
    assert tasks == [(first, "done"), (last, "soon")]  # the Quý II delivery done, the Quý IV one due in 30 days


def test_a_later_delivery_seen_from_an_earlier_quarter_has_only_its_own_notes(db):
    task_id, first, last = _tracked(db)
    tracking.add_progress(db, task_id, "2024Q1", "in_progress", note="Đang rà soát đợt 1", today=date(2024, 3, 1))
    row = tracking.load_rows(db, "2024Q1", today=date(2024, 3, 2))[0]
    assert row.status == "in_progress" and row.due_states == ((first, "in_progress"), (last, "not_started"))
