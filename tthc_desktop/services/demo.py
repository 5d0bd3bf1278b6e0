"""The demo database: real seed plans run through the program's own import and derive code.

Built in a temporary folder and copied into place in one step, so a half-built demo is never
left behind. Never written over a database that is not itself a demo (a ``demo_database``
setting marks the ones this module built).
"""
from __future__ import annotations

import logging
import random
import tempfile
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from tthc_desktop.domain.periods import Period
from tthc_desktop.errors import UsageError
from tthc_desktop.storage.database import Database, open_database, snapshot
from tthc_desktop.storage.models import Plan, Setting, Task, TaskUnit, Unit

log = logging.getLogger(__name__)
MARKER = "demo_database"
PERIOD_KEY = "demo_period"  # the period the demo window opens on (its data is from 2024, not today)
PROVINCIAL_FILE = "qn2023_plan.docx"
DEPARTMENT_FILE = "snn2024_plan.docx"
DEMO_YEAR = 2024
SEED = 2024  # the same demo on every machine


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


def build_demo(path: Path, *, force: bool = False, progress: Callable | None = None) -> dict:
    """Build the demo at ``path`` when it is missing (or ``force``); returns a summary."""
    path = Path(path)
    _guard(path, force)
    if path.exists() and path.stat().st_size > 0 and not force:
        db = open_database(path)
        try:
            return {**summary(db), "path": str(path), "built": False}
        finally:
            db.close()
    step = progress or (lambda *a, **k: None)
    with tempfile.TemporaryDirectory(prefix="tthc-demo-") as tmp:
        db = open_database(Path(tmp) / "demo.sqlite3")
        try:
            populate(db, step)
            result = summary(db)
        finally:
            db.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        snapshot(Path(tmp) / "demo.sqlite3", path)
    log.info("demo database built at %s", path)
    return {**result, "path": str(path), "built": True}


def populate(db: Database, step: Callable = lambda *a, **k: None) -> None:
    from tthc_desktop.services import catalog, derive, plans

    provincial_file, department_file = demo_files()
    step(0, 6, "Thông tin cơ quan, đơn vị, lĩnh vực")
    catalog.save_profile(db, **{**catalog.example_profile(), "signer_name": "Nguyễn Văn Minh",
                                "office_email": "vanphong.snnptnt@quangngai.gov.vn",
                                "province_email": "kstthc@quangngai.gov.vn"})
    catalog.seed_defaults(db)
    for unit in catalog.list_units(db):  # reminders and sheets go to the units' own addresses
        catalog.update_unit(db, unit.id, email=f"{unit.short_name.lower() or unit.id}.snnptnt@quangngai.gov.vn")
    with db.session() as s:
        s.merge(Setting(key=MARKER, value=True))
        s.merge(Setting(key=PERIOD_KEY, value=f"{DEMO_YEAR}Q2"))
    step(1, 6, f"Nhập kế hoạch của tỉnh ({PROVINCIAL_FILE})")
    provincial_id = plans.import_plan(db, provincial_file, kind="provincial")
    step(2, 6, f"Xây dựng kế hoạch của Sở năm {DEMO_YEAR} (theo {DEPARTMENT_FILE})")
    proposal = derive.propose(db, provincial_id, previous=department_file, year=DEMO_YEAR, carry_own=True)
    department_id = derive.save_department_plan(db, proposal)
    step(3, 6, "Tiến độ và văn bản chứng minh")
    add_progress(db, department_id)
    step(4, 6, "Số liệu biểu II.05a, II.06a")
    add_figures(db)
    step(6, 6, "Xong")


def _lead_units(task: Task) -> list[int]:
    return sorted(tu.unit_id for tu in task.units if tu.role == "lead")


# Units that send their returns late or not at all, so the per-unit panel has someone to chase.
SLOW_UNITS = {"Chi cục Phát triển nông thôn": 0.5, "Chi cục Thủy sản": 0.3, "Thanh tra Sở": 0.4, "Văn phòng Sở": 0.15,
              "Chi cục Kiểm lâm": 0.1}


def add_progress(db: Database, plan_id: int) -> None:
    """Q1 complete, Q2 under way, each lead unit reporting for itself: one-off tasks due by the period end
    are done (a few late or open), continuous ones carry a note; some units have not sent Q2 yet."""
    from tthc_desktop.services import tracking

    rng = random.Random(SEED)
    with db.session() as s:
        tasks = [(t.id, t.number, t.content, t.schedule_kind, t.due_date, t.every, _lead_units(t))
                 for t in s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position))]
        names = {u.id: u.name for u in s.scalars(select(Unit))}
    for period in (Period(DEMO_YEAR, "Q1"), Period(DEMO_YEAR, "Q2")):
        for index, (task_id, number, content, kind, due, _every, leads) in enumerate(tasks):
            for unit_id in leads or [None]:
                slow = SLOW_UNITS.get(names.get(unit_id, ""), 0.0)
                if period.kind == "Q2" and rng.random() < slow:
                    continue  # not every return is in yet for the current quarter
                _report(db, tracking, rng, period, task_id, number, content, kind, due, unit_id, index)
        _stamp_returns(db, period, rng)


def _stamp_returns(db: Database, period: Period, rng: random.Random) -> None:
    """The units' returns dated in the days before their deadline (a slow unit's a few days after)."""
    from tthc_desktop.storage.models import ProgressEntry

    deadline = datetime.combine(period.unit_deadline, time(9))
    with db.session() as s:
        entries = s.scalars(select(ProgressEntry).where(ProgressEntry.period == period.code)).all()
        names = {u.id: u.name for u in s.scalars(select(Unit))}
        for e in entries:
            late = rng.random() < SLOW_UNITS.get(names.get(e.unit_id, ""), 0.02)
            e.updated_at = deadline + timedelta(days=rng.randint(1, 5) if late else -rng.randint(0, 10))


def _report(db, tracking, rng, period, task_id, number, content, kind, due, unit_id, index) -> None:
    if kind == "once" and due and due <= period.end:
        if due < period.start:
            return  # finished in an earlier period
        late = rng.random() < 0.15
        done_on = due + timedelta(days=rng.randint(2, 9)) if late else due - timedelta(days=rng.randint(1, 12))
        status = "done" if done_on <= period.end else "in_progress"
        tracking.add_progress(db, task_id, period, status, 100 if status == "done" else 70, unit=unit_id,
                              note="Đã ban hành văn bản triển khai." if status == "done" else "Đang hoàn thiện dự thảo.",
                              completed_on=done_on if status == "done" else None, today=period.end)
        if status == "done" and rng.random() < 0.7:
            tracking.attach_evidence(
                db, task_id, None, number_symbol=f"{rng.randint(10, 480)}/KH-SNNPTNT",
                doc_date=min(done_on, period.end), issuer="Sở Nông nghiệp và Phát triển nông thôn",
                summary=f"Văn bản thực hiện nhiệm vụ {number}: {content[:90]}", period=period)
    elif kind == "recurring" or (kind == "once" and due and due > period.end):
        percent = min(95, 25 * (1 if period.kind == "Q1" else 2) + rng.randint(0, 20))
        tracking.add_progress(db, task_id, period, "in_progress", percent, unit=unit_id,
                              note="Đã triển khai trong kỳ; tiếp tục thực hiện theo kế hoạch.",
                              difficulties="" if rng.random() < 0.8 else "Thiếu nhân lực chuyên trách.",
                              today=period.end)
        if rng.random() < 0.1:
            tracking.attach_evidence(
                db, task_id, None, number_symbol=f"{rng.randint(10, 480)}/BC-SNNPTNT",
                doc_date=period.end - timedelta(days=rng.randint(0, 20)),
                issuer="Sở Nông nghiệp và Phát triển nông thôn",
                summary=f"Báo cáo kết quả thực hiện nhiệm vụ {number} {period.label.lower()}", period=period)
    else:  # no date in the plan: the unit says where it stands
        started = index % 4 != 0
        tracking.add_progress(db, task_id, period, "in_progress" if started else "not_started", 40 if started else 0,
                              unit=unit_id, note="Đang triển khai thực hiện." if started else "", today=period.end)


def add_figures(db: Database) -> None:
    """II.06a and II.05a for the dossier-handling units: Q1, then Q2 carrying Q1's pending dossiers."""
    from tthc_desktop.services import catalog, forms

    rng = random.Random(SEED + 1)
    units = [u for u in catalog.list_units(db) if u.handles_dossiers]
    for quarter in ("Q1", "Q2"):
        period = Period(DEMO_YEAR, quarter)
        for unit in units:
            rows_06, rows_05 = {}, {}
            carried = forms.carry_over_values(db, "II.06a", period, unit.id) if quarter == "Q2" else {}
            carried_05 = forms.carry_over_values(db, "II.05a", period, unit.id) if quarter == "Q2" else {}
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

    from tthc_desktop.storage.models import EvidenceDocument, FormFigure, ProgressEntry

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
        }
