"""The start page's few figures, read with one plain sqlite3 connection before SQLAlchemy is imported.

The window shows them (period, deadlines, tasks by status) while the database is then opened and
checked through the ORM; the full dashboard replaces them a moment later. Read-only: a file that
is damaged, locked or newer simply gives no summary, and the normal start-up explains it.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.services.board_rows import CURRENT_PLAN_SQL, read_rows

DEMO_PERIOD_KEY = "demo_period"  # services.demo.PERIOD_KEY, without importing the ORM


@dataclass
class StartSummary:
    period: Period
    unit_deadline: date
    department_deadline: date
    total: int
    counts: dict[str, int] = field(default_factory=dict)  # by status code, "missing" included
    overdue: int = 0
    today: date | None = None
    schema: int = 0  # PRAGMA user_version when read: the rows are only as good as the schema they came from
    rows: list = field(default_factory=list, repr=False)  # board_rows.TaskRow: the dashboard's first load uses them

    @property
    def has_plan(self) -> bool:
        return self.total > 0


def read_start_summary(path: Path, today: date | None = None) -> StartSummary | None:
    today = today or date.today()
    path = Path(path)
    if not path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)) as con:
            cur = con.cursor()
            row = cur.execute("SELECT value FROM settings WHERE key = ?", (DEMO_PERIOD_KEY,)).fetchone()
            stored = json.loads(row[0]) if row and row[0] else None  # settings hold JSON values
            period = Period.parse(stored) if isinstance(stored, str) and stored else Period.quarter_of(today)
            days = cur.execute("SELECT unit_deadline_day, report_deadline_day FROM agency_profile LIMIT 1").fetchone()
            unit_day, dept_day = (days[0] or 16, days[1] or 18) if days else (16, 18)
            schema = cur.execute("PRAGMA user_version").fetchone()[0]
            plan = cur.execute(CURRENT_PLAN_SQL).fetchone()
            rows = read_rows(cur, plan[0], period, today) if plan else []
    except (sqlite3.Error, ValueError, TypeError):
        return None
    counts = {code: 0 for code in st.ALL_LABELS}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return StartSummary(period, period.department_deadline(unit_day), period.department_deadline(dept_day),
                        len(rows), counts, sum(1 for r in rows if r.overdue), today, schema, rows)


def rows_still_good(summary: StartSummary | None, schema: int, period: Period, today: date) -> list | None:
    """The start summary's rows, for the dashboard's first load instead of reading every task again: only
    for the same period and day and when opening the database changed no schema (no upgrade ran)."""
    if summary is None or not summary.rows or summary.schema != schema:
        return None
    return summary.rows if (summary.period, summary.today) == (period, today) else None
