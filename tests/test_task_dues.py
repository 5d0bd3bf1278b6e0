"""A one-off task with several due dates («Quý II và Quý IV»): stored with the plan, and the next one owed."""
from datetime import date

from tthc_desktop.domain.plan import ParsedPlan, PlanSection, PlanTask
from tthc_desktop.domain.schedule import parse_time_text
from tthc_desktop.services import plans, tracking


def _plan() -> ParsedPlan:
    schedule = parse_time_text("Quý II và Quý IV", 2024)
    task = PlanTask(number="1", content="Rà soát, đánh giá thủ tục hành chính", lead=["Văn phòng Sở"],
                    time_text="Quý II và Quý IV", schedule=schedule)
    return ParsedPlan(title="Kế hoạch thử", year=2024, sections=[PlanSection("I", "Rà soát", [task])])


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
