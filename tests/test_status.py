from datetime import date

import pytest

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period

Q1, Q2, Q3 = Period(2024, "Q1"), Period(2024, "Q2"), Period(2024, "Q3")
N = st.Note


def test_parse_status_vietnamese_accent_insensitive_and_codes():
    assert st.parse_status("Hoàn thành") == "done"
    assert st.parse_status("hoan thanh qua han") == "done_late"
    assert st.parse_status("DANG THUC HIEN") == "in_progress"
    assert st.parse_status("not_done") == "not_done"
    assert st.parse_status("thieu bao cao", allow_missing=True) == "missing"
    with pytest.raises(ValueError, match="không hợp lệ"):
        st.parse_status("xong rồi")
    with pytest.raises(ValueError):
        st.parse_status("thieu bao cao")


def test_settle_done_after_due_is_done_late():
    assert st.settle_status("done", date(2024, 2, 20), date(2024, 2, 21)) == "done_late"
    assert st.settle_status("done", date(2024, 2, 20), date(2024, 2, 20)) == "done"
    assert st.settle_status("in_progress", date(2024, 2, 20), date(2024, 3, 1)) == "in_progress"


def test_next_due_once_and_recurring():
    assert st.next_due("once", date(2024, 2, 29), None, date(2024, 1, 5)) == date(2024, 2, 29)
    # quarterly: the units' deadline of the quarter whose window holds today
    assert st.next_due("recurring", None, "quarter", date(2024, 1, 5)) == date(2024, 3, 16)
    assert st.next_due("recurring", None, "continuous", date(2024, 3, 15)) == date(2024, 6, 16)
    # half-yearly: June and December only
    assert st.next_due("recurring", None, "half_year", date(2024, 7, 1)) == date(2024, 12, 16)
    assert st.next_due("recurring", None, "month", date(2024, 2, 3)) == date(2024, 2, 29)
    # past the plan's year nothing more is owed
    assert st.next_due("recurring", None, "quarter", date(2024, 12, 20), year=2024) is None
    assert st.next_due("unspecified", None, None, date(2024, 1, 1)) is None


def test_one_off_overdue_unless_done_and_status_carries_over():
    due = date(2024, 2, 20)
    s = st.evaluate("once", due, None, [], Q1, date(2024, 2, 21))
    assert s.overdue and s.status == "not_started" and s.days_left == -1
    done = st.evaluate("once", due, None, [N("2024Q1", "done")], Q2, date(2024, 4, 1))
    assert done.status == "done" and not done.overdue
    not_done = st.evaluate("once", due, None, [N("2024Q1", "not_done")], Q1, date(2024, 3, 1))
    assert not not_done.overdue
    # a later period's note does not leak into an earlier period
    early = st.evaluate("once", due, None, [N("2024Q2", "done")], Q1, date(2024, 3, 1))
    assert early.status == "not_started" and early.overdue


def test_due_soon_windows():
    s7 = st.evaluate("once", date(2024, 5, 10), None, [], Q2, date(2024, 5, 5))
    s30 = st.evaluate("once", date(2024, 5, 30), None, [], Q2, date(2024, 5, 5))
    far = st.evaluate("once", date(2024, 9, 30), None, [], Q2, date(2024, 5, 5))
    done = st.evaluate("once", date(2024, 5, 10), None, [N("2024Q2", "done")], Q2, date(2024, 5, 5))
    assert (s7.due_soon, s30.due_soon, far.due_soon, done.due_soon) == (7, 30, None, None)
    assert st.in_due_window(s7, "7", Q2, date(2024, 5, 5)) and st.in_due_window(s30, "30", Q2, date(2024, 5, 5))
    assert not st.in_due_window(s30, "7", Q2, date(2024, 5, 5))


def test_recurring_missing_in_new_period_and_overdue_after_unit_deadline():
    notes = [N("2024Q1", "in_progress")]
    q1 = st.evaluate("recurring", None, "quarter", notes, Q1, date(2024, 3, 10), 2024)
    assert q1.status == "in_progress" and not q1.missing
    q2 = st.evaluate("recurring", None, "quarter", notes, Q2, date(2024, 3, 20), 2024)
    assert q2.status == "missing" and q2.missing and not q2.overdue and q2.label == "Thiếu báo cáo"
    late = st.evaluate("recurring", None, "quarter", notes, Q2, date(2024, 6, 17), 2024)
    assert late.missing and late.overdue
    # a period that has not started yet is not missing
    q3 = st.evaluate("recurring", None, "quarter", notes, Q3, date(2024, 3, 20), 2024)
    assert q3.status == "not_started" and not q3.missing


def test_half_yearly_only_owes_june_and_december():
    s = st.evaluate("recurring", None, "half_year", [], Q1, date(2024, 3, 1), 2024)
    assert not s.missing
    s2 = st.evaluate("recurring", None, "half_year", [], Q2, date(2024, 4, 1), 2024)
    assert s2.missing


def test_units_notes_combine():
    assert st.combine([N("2024Q1", "done", 1), N("2024Q1", "done_late", 2)]) == "done_late"
    assert st.combine([N("2024Q1", "done", 1), N("2024Q1", "not_started", 2)]) == "in_progress"
    assert st.combine([N("2024Q1", "done", 1), N("2024Q1", "not_started", None)]) == "not_started"


def test_schedule_text():
    assert st.schedule_text("once", date(2024, 2, 20), None) == "Hạn 20/02/2024"
    assert st.schedule_text("recurring", None, "continuous") == "Thường xuyên"
    assert st.schedule_text("recurring", None, "quarter") == "Định kỳ hằng quý"
    assert st.schedule_text("unspecified", None, None, "Theo kế hoạch") == "Theo kế hoạch"
