"""The demo database: real seed plans run through the program's own import and derive code.

By default the demo lives in the current year: the seed plans (2023 province, 2024 department)
are moved by whole years so that the plan is this year's, the quarters before the current one
are complete and the current one is in progress (a task overdue by days, one due in a few weeks,
some units' figures not in yet). ``year=2024`` keeps the seed years exactly (Q1 and Q2 2024
figures) for reproducible checks. Built in a temporary folder and copied into place in one step,
so a half-built demo is never left behind. Never written over a database that is not itself a
demo (a ``demo_database`` setting marks the ones this module built).
"""
from __future__ import annotations

import logging
import random
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from tthc_desktop.domain.periods import Period
from tthc_desktop.errors import UsageError
from tthc_desktop.storage.database import Database, open_database, snapshot
from tthc_desktop.storage.models import Plan, Setting, Task, TaskUnit

log = logging.getLogger(__name__)
MARKER = "demo_database"
PERIOD_KEY = "demo_period"  # the period the demo window opens on
NOTICE_KEY = "demo_notice"  # what the start page says about the demo's dates
BUILT_FOR_KEY = "demo_built_for"  # "seed:2024" or "current:2026": a demo of another kind is rebuilt
PROVINCIAL_FILE = "qn2023_plan.docx"
DEPARTMENT_FILE = "snn2024_plan.docx"
DEMO_YEAR = 2024  # the department plan's year in the seed files
SEED = 2024  # the same demo on every machine
REPORTING_UNITS_IN_PROGRESS = 4  # units whose figures for the current quarter are already in


def demo_files() -> tuple[Path, Path]:
    from tthc_desktop.paths import resources_dir

    folder = resources_dir() / "demo"
    return folder / PROVINCIAL_FILE, folder / DEPARTMENT_FILE


def is_demo(path: Path) -> bool:
    """True when ``path`` is a database this module built."""
    import contextlib
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as con:
            row = con.execute("SELECT value FROM settings WHERE key = ?", (MARKER,)).fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0] not in ("false", "null", "0"))


def demo_notice(db: Database) -> str | None:
    """The start page's sentence about the demo's dates (None for a database that is not a demo)."""
    with db.session() as s:
        row = s.get(Setting, NOTICE_KEY)
    return str(row.value) if row and row.value else None


def demo_period(db: Database) -> Period | None:
    with db.session() as s:
        row = s.get(Setting, PERIOD_KEY)
    try:
        return Period.parse(row.value) if row and row.value else None
    except ValueError:
        return None


def _guard(path: Path, force: bool) -> None:
    from tthc_desktop.paths import default_db_path

    if path.resolve() == default_db_path().resolve():
        raise UsageError(f"«{path}» là cơ sở dữ liệu làm việc của bạn; dữ liệu mẫu không bao giờ được ghi vào đó.")
    if path.exists() and path.stat().st_size > 0 and not is_demo(path):
        raise UsageError(f"Tệp «{path}» đã có dữ liệu, không phải cơ sở dữ liệu mẫu, nên không bị ghi đè; "
                         "hãy chọn một tệp khác.")


@dataclass(frozen=True)
class DemoPlan:
    """Which year the demo lives in and how far it has got."""

    year: int
    current: Period  # the quarter in progress
    today: date | None  # None: the seed's own timeline (no deadlines moved around today)

    @property
    def shift(self) -> int:
        return self.year - DEMO_YEAR

    @property
    def key(self) -> str:
        return f"seed:{self.year}" if self.today is None else f"current:{self.current.code}"

    @property
    def quarters(self) -> list[Period]:
        return [Period(self.year, f"Q{q}") for q in range(1, int(self.current.kind[1]) + 1)]

    def notice(self) -> str:
        if self.today is None:
            return (f"Dữ liệu mẫu giữ nguyên năm của văn bản gốc: kế hoạch của tỉnh năm {DEMO_YEAR - 1}, kế hoạch "
                    f"của Sở năm {DEMO_YEAR}, số liệu {Period(DEMO_YEAR, 'Q1').label} và {Period(DEMO_YEAR, 'Q2').label}.")
        return (f"Dữ liệu mẫu năm {self.year}: kế hoạch của tỉnh và của Sở lấy từ văn bản gốc năm {DEMO_YEAR - 1}, "
                f"{DEMO_YEAR}, dời sang năm {self.year - 1}, {self.year}; {self.current.label} đang diễn ra "
                f"(ngày {self.today.day:02d}/{self.today.month:02d}/{self.today.year}).")


def plan_for(year: int | None, today: date | None = None) -> DemoPlan:
    """``year`` None: the current year (today's quarter in progress); the seed year: the seed as it is."""
    if year is None or year != DEMO_YEAR:
        today = today or date.today()
        current = Period.quarter_of(today)
        if year is not None and year != current.year:
            return DemoPlan(year, Period(year, "Q2"), None)
        return DemoPlan(current.year, current, today)
    return DemoPlan(DEMO_YEAR, Period(DEMO_YEAR, "Q2"), None)


def _built_for(path: Path) -> str | None:
    import contextlib
    import json
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as con:
            row = con.execute("SELECT value FROM settings WHERE key = ?", (BUILT_FOR_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    try:
        return json.loads(row[0]) if row else None
    except (TypeError, ValueError):
        return None


def is_current_demo(path: Path, today: date | None = None) -> bool:
    """True when the demo at ``path`` was built for the current quarter (the window's demo lives there)."""
    return _built_for(path) == plan_for(None, today).key


def build_demo(path: Path, *, force: bool = False, progress: Callable | None = None, year: int | None = None,
               today: date | None = None) -> dict:
    """Build the demo at ``path`` when it is missing, of another year or kind, or ``force``; returns a summary."""
    path = Path(path)
    _guard(path, force)
    wanted = plan_for(year, today)
    if path.exists() and path.stat().st_size > 0 and not force and _built_for(path) == wanted.key:
        db = open_database(path)
        try:
            return {**summary(db), "path": str(path), "built": False}
        finally:
            db.close()
    step = progress or (lambda *a, **k: None)
    with tempfile.TemporaryDirectory(prefix="tthc-demo-") as tmp:
        db = open_database(Path(tmp) / "demo.sqlite3")
        try:
            populate(db, step, wanted)
            result = summary(db)
        finally:
            db.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        snapshot(Path(tmp) / "demo.sqlite3", path)
    log.info("demo database built at %s", path)
    return {**result, "path": str(path), "built": True}


def _profile(plan: DemoPlan) -> dict:
    from tthc_desktop.services import admin_units, catalog

    profile = {**catalog.example_profile(), "signer_name": "Nguyễn Văn Minh",
               "office_email": "vanphong.snnptnt@quangngai.gov.vn", "province_email": "kstthc@quangngai.gov.vn"}
    if plan.year >= 2025:  # the department merged in 2025: its name then
        merged = next(d for d in admin_units.departments() if d["name"] == admin_units.current_department(profile["name"]))
        profile.update(name=merged["name"], short_name=merged["short_name"], short_code=merged["short_code"])
    return profile


def populate(db: Database, step: Callable = lambda *a, **k: None, plan: DemoPlan | None = None) -> None:
    from tthc_desktop.services import admin_units, catalog, derive, plans
    from tthc_desktop.services.demo_shift import deadlines_around, shift_plans

    plan = plan or plan_for(DEMO_YEAR)
    provincial_file, department_file = demo_files()
    step(0, 6, "Thông tin cơ quan, đơn vị, lĩnh vực")
    catalog.save_profile(db, **_profile(plan))
    catalog.seed_defaults(db)
    with db.session() as s:
        s.merge(Setting(key=MARKER, value=True))
        s.merge(Setting(key=PERIOD_KEY, value=plan.current.code))
        s.merge(Setting(key=NOTICE_KEY, value=plan.notice()))
        s.merge(Setting(key=BUILT_FOR_KEY, value=plan.key))
    step(1, 6, f"Nhập kế hoạch của tỉnh ({PROVINCIAL_FILE})")
    provincial_id = plans.import_plan(db, provincial_file, kind="provincial")
    step(2, 6, f"Xây dựng kế hoạch của Sở năm {plan.year} (theo {DEPARTMENT_FILE})")
    proposal = derive.propose(db, provincial_id, previous=department_file, year=DEMO_YEAR, carry_own=True)
    department_id = derive.save_department_plan(db, proposal)
    if plan.shift:
        rename = admin_units.modernize_text if plan.year >= 2025 else (lambda text: text)
        shift_plans(db, plan.shift, rename)
    if plan.today is not None:
        deadlines_around(db, department_id, plan.today)
    step(3, 6, "Tiến độ và văn bản chứng minh")
    add_progress(db, department_id, plan)
    step(4, 6, "Số liệu biểu II.05a, II.06a")
    add_figures(db, plan)
    step(6, 6, "Xong")


def _lead_unit(task: Task) -> int | None:
    leads = [tu.unit_id for tu in task.units if tu.role == "lead"]
    return leads[0] if leads else None


def add_progress(db: Database, plan_id: int, plan: DemoPlan) -> None:
    """Earlier quarters complete, the current one under way: one-off tasks due by the period end are done
    (a few late or open), continuous ones carry a note; some have an evidence document. In a current-year
    demo a one-off task due in the current quarter is still being worked on (overdue when its day has passed)."""
    from tthc_desktop.domain.report_text import lower_first, task_title
    from tthc_desktop.services import tracking
    from tthc_desktop.services.catalog import get_profile

    profile = get_profile(db)
    issuer, code = profile.name, profile.short_code or "SNNPTNT"
    rng = random.Random(SEED)
    with db.session() as s:
        tasks = [(t.id, t.number, t.content, t.schedule_kind, t.due_date, t.every, _lead_unit(t))
                 for t in s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position))]
    for period in plan.quarters:
        current = period == plan.current
        as_of = min(period.end, plan.today) if plan.today and current else period.end
        for index, (task_id, number, content, kind, due, _every, unit_id) in enumerate(tasks):
            if current and index % 3 == 2:
                continue  # not every return is in yet for the current quarter
            if plan.today and current and kind == "once" and due and period.start <= due <= period.end:
                tracking.add_progress(db, task_id, period, "in_progress", 70, note="Đang hoàn thiện dự thảo.",
                                      today=as_of)
            elif kind == "once" and due and due <= period.end:
                if due < period.start:
                    continue  # finished in an earlier period
                late = rng.random() < 0.15
                done_on = due + timedelta(days=rng.randint(2, 9)) if late else due - timedelta(days=rng.randint(1, 12))
                status = "done" if done_on <= period.end else "in_progress"
                tracking.add_progress(db, task_id, period, status, 100 if status == "done" else 70,
                                      note="Đã ban hành văn bản triển khai." if status == "done" else "Đang hoàn thiện dự thảo.",
                                      completed_on=done_on if status == "done" else None, today=as_of)
                if status == "done" and rng.random() < 0.7:
                    tracking.attach_evidence(
                        db, task_id, None, number_symbol=f"{rng.randint(10, 480)}/KH-{code}",
                        doc_date=min(done_on, period.end), issuer=issuer,
                        summary=f"triển khai nhiệm vụ {lower_first(task_title(content))}", period=period)
            elif kind == "recurring" or (kind == "once" and due and due > period.end):
                percent = min(95, 25 * (1 if period.kind == "Q1" else 2) + rng.randint(0, 20))
                tracking.add_progress(db, task_id, period, "in_progress", percent,
                                      note="Đã triển khai trong kỳ; tiếp tục thực hiện theo kế hoạch.",
                                      difficulties="" if rng.random() < 0.8 else "Thiếu nhân lực chuyên trách.",
                                      today=as_of)
                if rng.random() < 0.3:
                    tracking.attach_evidence(
                        db, task_id, None, number_symbol=f"{rng.randint(10, 480)}/BC-{code}",
                        doc_date=as_of - timedelta(days=rng.randint(0, 20)), issuer=issuer,
                        summary=f"kết quả thực hiện nhiệm vụ {number} {lower_first(period.label)}", period=period)
            elif index % 4 == 0:
                tracking.add_progress(db, task_id, period, "not_started", 0, today=as_of)


def add_figures(db: Database, plan: DemoPlan) -> None:
    """II.06a and II.05a for the dossier-handling units, each quarter carrying the previous one's pending
    dossiers; in a current-year demo only some units have sent the current quarter's figures."""
    from tthc_desktop.services import catalog, forms

    rng = random.Random(SEED + 1)
    units = [u for u in catalog.list_units(db) if u.handles_dossiers]
    for period in plan.quarters:
        reporting = units[:REPORTING_UNITS_IN_PROGRESS] if plan.today and period == plan.current else units
        for unit in reporting:
            rows_06, rows_05 = {}, {}
            carried = forms.carry_over_values(db, "II.06a", period, unit.id) if period.kind != "Q1" else {}
            carried_05 = forms.carry_over_values(db, "II.05a", period, unit.id) if period.kind != "Q1" else {}
            for row in forms.unit_field_rows(db, unit.id):
                online, direct = rng.randint(5, 90), rng.randint(3, 60)
                previous = carried.get(row.field_id, rng.randint(0, 8))
                received = online + direct + previous
                pending = rng.randint(0, max(1, received // 8))
                solved = received - pending
                late = rng.randint(0, max(0, solved // 25))
                early = rng.randint(0, solved - late)
                pending_late = rng.randint(0, min(2, pending))
                rows_06[row.field_id] = {3: received, 4: online, 5: direct, 6: previous, 7: solved, 8: early,
                                         9: solved - late - early, 10: late, 11: pending, 12: pending - pending_late,
                                         13: pending_late}
                old = carried_05.get(row.field_id, rng.randint(0, 1))
                new = rng.randint(0, 3)
                total = old + new
                about_rules = rng.randint(0, total)
                open_ = rng.randint(0, min(1, total))
                handled = total - open_
                rows_05[row.field_id] = {3: total, 4: old, 5: new, 6: about_rules, 7: total - about_rules, 8: handled,
                                         9: rng.randint(0, handled), 10: open_}
            forms.save_unit_figures(db, "II.06a", period, unit.id, rows_06, source="dữ liệu mẫu")
            forms.save_unit_figures(db, "II.05a", period, unit.id, rows_05, source="dữ liệu mẫu")


def summary(db: Database) -> dict:
    from sqlalchemy import func

    from tthc_desktop.storage.models import EvidenceDocument, FormFigure, ProgressEntry, Unit

    with db.session() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model)) or 0  # noqa: E731
        plans = s.scalars(select(Plan).order_by(Plan.id)).all()
        return {
            "provincial_plans": [{"id": p.id, "year": p.year, "decision": p.number, "tasks": len(p.tasks)}
                                 for p in plans if p.kind == "provincial"],
            "department_plans": [{"id": p.id, "year": p.year, "current": p.is_current, "tasks": len(p.tasks)}
                                 for p in plans if p.kind == "department"],
            "units": count(Unit), "task_units": count(TaskUnit), "progress_entries": count(ProgressEntry),
            "evidence_documents": count(EvidenceDocument), "form_figures": count(FormFigure),
            "period": (s.get(Setting, PERIOD_KEY).value if s.get(Setting, PERIOD_KEY) else None),
            "notice": (s.get(Setting, NOTICE_KEY).value if s.get(Setting, NOTICE_KEY) else None),
        }
