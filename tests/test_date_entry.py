"""Typed dates (domain rule and the one date field), and «Hoàn thành» that means what it says."""
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import parse_date
from tthc_desktop.storage.models import ProgressEntry


@pytest.mark.parametrize("text, expected", [
    ("15/2/2023", date(2023, 2, 15)), ("15/02/2023", date(2023, 2, 15)), ("15022023", date(2023, 2, 15)),
    ("15-02-2023", date(2023, 2, 15)), ("15.2.2023", date(2023, 2, 15)), ("2023-02-15", date(2023, 2, 15)),
    ("15/2/23", date(2023, 2, 15)), ("29/2/2024", date(2024, 2, 29)),
])
def test_parse_date_accepts_what_people_type(text, expected):
    assert parse_date(text) == expected


def test_parse_date_short_form_takes_the_given_year_and_refuses_without_it():
    assert parse_date("15/2", default_year=2026) == date(2026, 2, 15)
    assert parse_date("1502", default_year=2026) == date(2026, 2, 15)
    with pytest.raises(ValueError):
        parse_date("15/2")


@pytest.mark.parametrize("text, words", [
    ("31/2/2023", "chỉ có 28 ngày"), ("30/02/2024", "chỉ có 29 ngày"), ("15/13/2023", "tháng 13"),
    ("abc", "không phải là ngày"), ("", "Chưa nhập ngày"),
])
def test_parse_date_refuses_impossible_dates_with_a_sentence(text, words):
    with pytest.raises(ValueError, match=words):
        parse_date(text)


def _type(qtbot, field, text):
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)
    field.line.editingFinished.emit()


@pytest.mark.parametrize("text", ["15/2/2023", "15022023", "15-02-2023"])
def test_date_field_reads_typed_forms(qtbot, text):
    from tthc_desktop.ui.common.date_edit import DateEdit

    field = DateEdit(QDate(2020, 1, 1))
    qtbot.addWidget(field)
    seen = []
    field.dateChanged.connect(seen.append)
    _type(qtbot, field, text)
    assert field.date() == QDate(2023, 2, 15) and field.is_valid()
    assert field.text() == "15/02/2023" and seen[-1] == QDate(2023, 2, 15)


def test_date_field_short_form_is_this_year(qtbot):
    from tthc_desktop.ui.common.date_edit import DateEdit

    field = DateEdit(QDate(2020, 1, 1))
    qtbot.addWidget(field)
    _type(qtbot, field, "15/2")
    assert field.date().toPython() == date(date.today().year, 2, 15)


def test_date_field_impossible_date_is_red_with_a_sentence_and_not_moved(qtbot):
    from tthc_desktop.ui.common.date_edit import DateEdit

    field = DateEdit(QDate(2023, 3, 1))
    qtbot.addWidget(field)
    field.show()
    _type(qtbot, field, "31/02/2023")
    assert not field.is_valid() and "28 ngày" in field.error_text()
    assert field.message.isVisible() and "c62828" in field.line.styleSheet()
    assert field.text() == "31/02/2023"  # what was typed stays: no silent change to another day
    with pytest.raises(ValueError, match="28 ngày"):
        field.date()
    assert field.last_valid() == date(2023, 3, 1)
    field.setDate(QDate(2023, 2, 28))
    assert field.is_valid() and not field.message.isVisible()


def test_date_field_calendar_pick(qtbot):
    from tthc_desktop.ui.common.date_edit import DateEdit

    field = DateEdit(QDate(2023, 3, 1))
    qtbot.addWidget(field)
    field.calendar.clicked.emit(QDate(2023, 3, 9))
    assert field.text() == "09/03/2023"


def test_explain_settled():
    assert st.explain_settled("done", date(2024, 3, 31), date(2024, 3, 31))[0] == "done"
    code, why = st.explain_settled("done", date(2024, 3, 31), date(2024, 4, 2))
    assert code == "done_late" and "sau hạn 31/03/2024 2 ngày" in why


@pytest.fixture
def ctx(department_ctx):
    return department_ctx


def test_finishing_on_time_stays_on_time(qtbot, ctx, db):
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    from tthc_desktop.storage.models import TaskUnit

    dialog = TaskDetailDialog(ctx, ctx.ids["tasks"]["5"])  # due 30/09/2024; period Q2/2024
    qtbot.addWidget(dialog)
    assert dialog.percent.value() == 0
    with db.read_session() as s:
        lead = s.scalars(select(TaskUnit.unit_id).where(TaskUnit.task_id == ctx.ids["tasks"]["5"],
                                                        TaskUnit.role == "lead")).first()
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findData(lead))  # a lead unit reports its own work done
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    assert dialog.percent.value() == 100
    assert dialog.completed_on.date().toPython() == min(date.today(), Period(2024, "Q2").end)
    assert "Sẽ ghi «Hoàn thành»" in dialog.completion.label.text()
    assert dialog.save_progress()
    with db.read_session() as s:
        entry = s.execute(select(ProgressEntry)).scalar_one()
    assert (entry.status, entry.percent) == ("done", 100)


def test_finishing_after_the_due_date_says_so_before_saving(qtbot, ctx):
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    dialog = TaskDetailDialog(ctx, ctx.ids["tasks"]["5"])
    qtbot.addWidget(dialog)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    dialog.completed_on.setText("5/10/2024")
    assert "«Hoàn thành quá hạn»" in dialog.completion.label.text()
    assert "sau hạn 30/09/2024 5 ngày" in dialog.completion.label.text()


def test_bad_completion_date_stops_the_save(qtbot, ctx, db, monkeypatch):
    from tthc_desktop.ui.tracking import task_detail
    from tthc_desktop.ui.tracking.task_detail import TaskDetailDialog

    shown = []
    monkeypatch.setattr(task_detail, "show_error", lambda _w, exc, **_k: shown.append(str(exc)))
    dialog = TaskDetailDialog(ctx, ctx.ids["tasks"]["5"])
    qtbot.addWidget(dialog)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    dialog.completed_on.setText("31/06/2024")
    assert not dialog.save_progress()
    assert shown and "30 ngày" in shown[0]
    with db.read_session() as s:
        assert s.execute(select(ProgressEntry)).first() is None
