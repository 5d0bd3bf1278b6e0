"""Reporting periods (Nghị định 09/2019/NĐ-CP as applied in seed 002).

A quarter runs from the 15th of the month before it to the 14th of its last month
(Q1 2024 = 15/12/2023 – 14/03/2024). Six months, nine months and the year all start
on 15/12 of the previous year. Units report to the office by the 16th of the period's
last month.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tthc_desktop.domain.text import to_roman
from tthc_desktop.errors import UsageError

_PERIOD_RE = re.compile(r"^(\d{4})(Q[1-4]|H1|M9|Y)$")
UNIT_DEADLINE_DAY = 16


class PeriodError(UsageError, ValueError):
    """A period code that does not exist (message in Vietnamese; the CLI exits 2)."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "Q1".."Q4", "H1", "M9", "Y"

    @classmethod
    def parse(cls, code: str) -> "Period":
        m = _PERIOD_RE.match((code or "").strip().upper())
        if not m or not 1900 < int(m[1]) < 2200:
            raise PeriodError(
                f"Kỳ báo cáo «{code}» không hợp lệ: dùng dạng 2024Q1…2024Q4, 2024H1 (6 tháng), 2024M9 (9 tháng) hoặc 2024Y."
            )
        return cls(int(m[1]), m[2])

    @classmethod
    def quarter_of(cls, day: date) -> "Period":
        """The quarter whose reporting window contains ``day`` (20/12/2024 belongs to Q1 2025)."""
        year = day.year + 1 if (day.month, day.day) >= (12, 15) else day.year
        for q in range(1, 5):
            p = cls(year, f"Q{q}")
            if p.start <= day <= p.end:
                return p
        raise AssertionError("unreachable: quarters cover the year")

    @property
    def code(self) -> str:
        return f"{self.year}{self.kind}"

    def __str__(self) -> str:
        return self.code

    @property
    def is_quarter(self) -> bool:
        return self.kind.startswith("Q")

    @property
    def last_month(self) -> int:
        return {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "M9": 9, "Y": 12}[self.kind]

    @property
    def start(self) -> date:
        if self.kind in ("Q1", "H1", "M9", "Y"):
            return date(self.year - 1, 12, 15)
        return date(self.year, self.last_month - 3, 15)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, 14)

    @property
    def unit_deadline(self) -> date:
        return date(self.year, self.last_month, UNIT_DEADLINE_DAY)

    def department_deadline(self, day_of_month: int) -> date:
        """The department's deadline to the province: a configurable day of the period's last month."""
        day = max(1, min(int(day_of_month), 28 if self.last_month == 2 else 30))
        return date(self.year, self.last_month, day)

    @property
    def label(self) -> str:
        if self.is_quarter:
            return f"Quý {to_roman(int(self.kind[1]))} năm {self.year}"
        return {"H1": f"6 tháng đầu năm {self.year}", "M9": f"9 tháng năm {self.year}", "Y": f"Năm {self.year}"}[self.kind]

    @property
    def quarters(self) -> list["Period"]:
        """The quarters a cumulative period covers (itself for a quarter)."""
        if self.is_quarter:
            return [self]
        count = {"H1": 2, "M9": 3, "Y": 4}[self.kind]
        return [Period(self.year, f"Q{i}") for i in range(1, count + 1)]

    def previous(self) -> "Period":
        """The period before: Q1 → Q4 of the previous year; for H1/M9/Y the same kind one year earlier."""
        if self.is_quarter:
            q = int(self.kind[1])
            return Period(self.year, f"Q{q - 1}") if q > 1 else Period(self.year - 1, "Q4")
        return Period(self.year - 1, self.kind)

    def next(self) -> "Period":
        if self.is_quarter:
            q = int(self.kind[1])
            return Period(self.year, f"Q{q + 1}") if q < 4 else Period(self.year + 1, "Q1")
        return Period(self.year + 1, self.kind)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def to_json(self) -> dict:
        return {
            "period": self.code,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "unit_deadline": self.unit_deadline.isoformat(),
        }


def days_until(target: date, today: date | None = None) -> int:
    return (target - (today or date.today())).days


def quarters_between(first: date, last: date) -> list[Period]:
    """Every quarter whose window overlaps [first, last]."""
    out: list[Period] = []
    p = Period.quarter_of(first)
    while p.start <= last:
        out.append(p)
        p = p.next()
        if len(out) > 400:
            break
    return out

