from datetime import date

import pytest

from tthc_desktop.domain.periods import Period, PeriodError, quarters_between


@pytest.mark.parametrize(
    "code,label,start,end,deadline",
    [
        ("2024Q1", "Quý I năm 2024", "2023-12-15", "2024-03-14", "2024-03-16"),
        ("2024Q2", "Quý II năm 2024", "2024-03-15", "2024-06-14", "2024-06-16"),
        ("2024Q3", "Quý III năm 2024", "2024-06-15", "2024-09-14", "2024-09-16"),
        ("2025Q4", "Quý IV năm 2025", "2025-09-15", "2025-12-14", "2025-12-16"),
        ("2024H1", "6 tháng đầu năm 2024", "2023-12-15", "2024-06-14", "2024-06-16"),
        ("2024M9", "9 tháng năm 2024", "2023-12-15", "2024-09-14", "2024-09-16"),
        ("2024Y", "Năm 2024", "2023-12-15", "2024-12-14", "2024-12-16"),
    ],
)
def test_period_dates(code, label, start, end, deadline):
    p = Period.parse(code)
    assert p.to_json() == {"period": code, "label": label, "start": start, "end": end, "unit_deadline": deadline}


@pytest.mark.parametrize("bad", ["2024Q5", "2024Q0", "Q1", "2024H2", "", "abcd", "2024 Q1x"])
def test_bad_period_codes(bad):
    with pytest.raises(PeriodError):
        Period.parse(bad)


def test_quarter_of_crosses_year_boundary():
    assert Period.quarter_of(date(2024, 12, 15)).code == "2025Q1"
    assert Period.quarter_of(date(2024, 12, 14)).code == "2024Q4"
    assert Period.quarter_of(date(2024, 1, 1)).code == "2024Q1"
    assert Period.quarter_of(date(2024, 3, 15)).code == "2024Q2"


def test_previous_and_next():
    assert Period.parse("2024Q1").previous().code == "2023Q4"
    assert Period.parse("2023Q4").next().code == "2024Q1"
    assert [q.code for q in Period.parse("2024M9").quarters] == ["2024Q1", "2024Q2", "2024Q3"]


def test_quarters_between():
    assert [p.code for p in quarters_between(date(2024, 1, 1), date(2024, 7, 1))] == ["2024Q1", "2024Q2", "2024Q3"]
