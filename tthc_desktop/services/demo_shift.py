"""Moving the demo's seed plans (2023 province, 2024 department) into another year.

Every date and every year the plans speak of moves by whole years ("năm 2024" → "năm 2026",
"Quý I/2024" → "Quý I/2026"); dates inside citations of legal documents ("Thông tư số 01/2023/TT-VPCP
ngày 05/4/2023") stay. From 2025 the department's own old name becomes its merged name. To make the
current quarter look like one in progress, the plan's last one-off tasks are given deadlines around
today: one a few days past (overdue by days), one a few weeks ahead.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from tthc_desktop.domain.text import fold, format_date
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import Plan, PlanSection, Task

_YEAR_WORDS = re.compile(r"((?:năm|Năm|NĂM)\s+)(\d{4})\b")
_TIME_YEARS = re.compile(r"(?<![\d/])(\d{4})\b|(?<=/)(\d{4})\b")
FIRST_PLAN_YEAR = 2023  # the provincial seed plan's year: earlier years in the texts are citations
OVERDUE_DAYS = 6
DUE_SOON_DAYS = 24


def shift_date(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02 in a year without it
        return day.replace(year=day.year + years, day=28)


def shift_years_in_text(text: str, years: int, *, time_text: bool = False, since: int = FIRST_PLAN_YEAR) -> str:
    """"năm 2024" → "năm 2026" for the plans' own years (``since`` on: "Luật … năm 2020" stays); in a time
    cell every such year moves ("Trước ngày 20/02/2024")."""
    if not text or not years:
        return text
    if time_text:
        return _TIME_YEARS.sub(lambda m: str(int(m.group(0)) + years) if since <= int(m.group(0)) < 2100
                               else m.group(0), text)
    return _YEAR_WORDS.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + years}"
                           if since <= int(m.group(2)) < 2100 else m.group(0), text)


def shift_plans(db: Database, years: int, rename) -> None:
    """Move every plan, section and task by ``years``; ``rename`` maps old agency names in texts."""
    with db.session() as s:
        for plan in s.scalars(select(Plan)):
            plan.year += years
            plan.doc_date = shift_date(plan.doc_date, years)
            plan.title = rename(shift_years_in_text(plan.title, years))
            plan.issuer = rename(plan.issuer)
        for section in s.scalars(select(PlanSection)):
            section.title = rename(shift_years_in_text(section.title, years))
        for t in s.scalars(select(Task)):
            t.content = rename(shift_years_in_text(t.content, years))
            t.results = [rename(shift_years_in_text(r, years)) for r in t.results or []]
            t.time_text = shift_years_in_text(t.time_text, years, time_text=True)
            t.due_date = shift_date(t.due_date, years)
            t.responsible_text = rename(t.responsible_text)
            t.lead_agencies = [rename(a) for a in t.lead_agencies or []]
            t.coordinate_agencies = [rename(a) for a in t.coordinate_agencies or []]
            t.search_text = fold(" ".join([t.content, *t.results, *t.lead_agencies, *t.coordinate_agencies]))


def deadlines_around(db: Database, plan_id: int, today: date) -> list[int]:
    """The department plan's last two one-off tasks that are not lettered sub-rows: one due OVERDUE_DAYS
    ago, one due in DUE_SOON_DAYS (within the plan's year); returns their ids."""
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        tasks = s.scalars(select(Task).where(Task.plan_id == plan_id, Task.schedule_kind == "once",
                                             Task.parent_number.is_(None), Task.due_date.is_not(None))
                          .order_by(Task.due_date, Task.position)).all()
        targets = [today - timedelta(days=OVERDUE_DAYS),
                   min(today + timedelta(days=DUE_SOON_DAYS), date(plan.year, 12, 31))]
        moved = []
        for task, due in zip(reversed(tasks[-2:]), targets):
            if due.year != plan.year:
                continue
            task.due_date = due
            task.time_text = f"Trước ngày {format_date(due)}"
            moved.append(task.id)
        return moved
