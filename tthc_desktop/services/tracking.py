"""Tracking the department plan: the task board rows, recording progress, evidence files, activity log.

``task_rows`` reads with plain column queries (no ORM objects) because the board loads up to
ten thousand tasks and a hundred thousand progress entries at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import fold, format_date, normalize
from tthc_desktop.errors import BadInputError, UsageError, ValidationError
from tthc_desktop.paths import companion_dir
from tthc_desktop.services import conflicts, evidence_store
from tthc_desktop.services.board_rows import TaskRow, read_rows
from tthc_desktop.services.history import one_task, recorded, task_label
from tthc_desktop.storage.raw import RawCursor
from tthc_desktop.storage.models import (
    ActivityLog,
    EvidenceDocument,
    Plan,
    ProgressEntry,
    Task,
    Unit,
)


@dataclass
class TaskFilters:
    unit: int | str | None = None  # unit id or (accent-insensitive) name
    status: str | None = None  # a status code, or "missing"
    section: str | None = None  # section code
    due_before: date | None = None
    due_window: str | None = None  # one of status.DUE_WINDOWS
    text: str = ""


def current_plan_id(session) -> int | None:
    """The tracked department plan: the one marked current, else the newest."""
    q = select(Plan.id).where(Plan.kind == "department").order_by(Plan.is_current.desc(), Plan.year.desc(),
                                                                  Plan.id.desc())
    return session.execute(q.limit(1)).scalar()


def parse_period(code: str | Period) -> Period:
    if isinstance(code, Period):
        return code
    return Period.parse(code)


def load_rows(db, period: str | Period, today: date | None = None) -> list[TaskRow]:
    """Every task of the current plan with its state in ``period`` (empty without a department plan)."""
    period = parse_period(period)
    today = today or date.today()
    with db.read_session() as s:
        plan_id = current_plan_id(s)
        if plan_id is None:
            return []
        # Plain DB-API cursor: the ORM's per-row processing costs more than the queries themselves here.
        return read_rows(RawCursor(s), plan_id, period, today)


def number_matches(number: str, needle: str) -> bool:
    """Task "3" is found by "3", and so are its lettered sub-rows "3a", "3b"; "13" is not."""
    number = fold(number)
    return number == needle or (number.startswith(needle) and number[len(needle):].isalpha())


def row_matches(row: TaskRow, f: TaskFilters, period: Period, today: date, unit_id: int | None = None) -> bool:
    """The board filter: one rule for the window's board and ``tthc task list``."""
    if unit_id is not None and unit_id not in row.unit_ids:
        return False
    if f.status and row.status != f.status:
        return False
    if f.section and row.section_code != f.section:
        return False
    if f.due_before and not (row.next_due and row.next_due <= f.due_before):
        return False
    if f.due_window and not st.in_due_window(row.state(), f.due_window, period, today):
        return False
    if f.text:
        needle = fold(f.text)
        if needle not in row.search and not number_matches(row.number, needle):
            return False
    return True


def task_rows(db, period: str | Period, filters: TaskFilters | None = None, today: date | None = None) -> list[TaskRow]:
    period = parse_period(period)
    today = today or date.today()
    f = filters or TaskFilters()
    unit_id = resolve_unit(db, f.unit) if f.unit not in (None, "") else None
    return [r for r in load_rows(db, period, today) if row_matches(r, f, period, today, unit_id)]


def summarise(rows: list[TaskRow]) -> dict[str, int]:
    """Task counts of a period: the same numbers in the report, on the dashboard and from ``tthc task list``."""
    return {"tasks": len(rows), "done": sum(r.status in st.FINISHED for r in rows),
            "in_progress": sum(r.status == "in_progress" for r in rows), "overdue": sum(r.overdue for r in rows),
            "not_reported": sum(r.status == st.MISSING for r in rows)}


def period_summary(db, period: str | Period, today: date | None = None) -> dict[str, int]:
    return summarise(load_rows(db, period, today))


def resolve_unit(db, ref: int | str) -> int:
    """A unit id from an id, a name or a short name (accent-insensitive; a unique prefix is enough)."""
    with db.read_session() as s:
        units = s.execute(select(Unit.id, Unit.name, Unit.short_name)).all()
    if isinstance(ref, int) or str(ref).isdigit():
        if any(u.id == int(ref) for u in units):
            return int(ref)
    key = fold(str(ref))
    exact = [u.id for u in units if key in (fold(u.name), fold(u.short_name))]
    found = exact or [u.id for u in units if fold(u.name).startswith(key) or key in fold(u.name)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(f"Không có đơn vị «{ref}» trong danh sách đơn vị của Sở.")
    raise UsageError(f"Tên đơn vị «{ref}» khớp với nhiều đơn vị; hãy ghi đầy đủ hơn.")


def resolve_task(db, ref: str | int) -> int:
    """A task id from its number in the current plan ("7", "1a") or from "#id" / a bare id."""
    text = str(ref).strip()
    with db.read_session() as s:
        plan_id = current_plan_id(s)
        if plan_id is None:
            raise ValidationError("Chưa có kế hoạch của Sở để theo dõi; hãy lập kế hoạch trước.")
        found = s.execute(select(Task.id).where(Task.plan_id == plan_id, func.lower(Task.number) == text.lower())
                          ).scalars().all()
        if len(found) == 1:
            return found[0]
        ident = text.lstrip("#")
        if ident.isdigit():
            tid = s.execute(select(Task.id).where(Task.id == int(ident), Task.plan_id == plan_id)).scalar()
            if tid:
                return tid
    raise UsageError(f"Không có nhiệm vụ số «{text}» trong kế hoạch đang theo dõi.")


def log_activity(s, task_id: int | None, action: str, detail: str) -> None:
    s.add(ActivityLog(task_id=task_id, action=action, detail=detail, at=datetime.now()))


def _known(status: str) -> bool:
    try:
        st.parse_status(status)
        return True
    except ValueError:
        return False


@recorded("progress", lambda db, task_id, period, status, *a, **k: f"Ghi kết quả {task_label(db, task_id)} "
          f"{parse_period(period).label}: {st.status_label(st.parse_status(status)) if _known(status) else status}",
          scope=one_task)
def add_progress(db, task_id: int, period: str | Period, status: str, percent: int | None = None, note: str = "",
                 difficulties: str = "", unit: int | str | None = None, source: str = "manual", *,
                 documents: str = "", proposals: str = "", reason: str = "", completed_on: date | None = None,
                 today: date | None = None, expected_version: int | None = None) -> int:
    """Record (or replace) the progress of a task in a period, for the office or one unit; returns the entry id.

    ``expected_version``: the entry's version the officer saw (0: none yet); a colleague's newer save
    raises EditConflictError (services.conflicts) and nothing is written."""
    period = parse_period(period)
    try:
        code = st.parse_status(status)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    unit_id = resolve_unit(db, unit) if unit not in (None, "") else None
    number = [str(task_id)]
    mine = {"status": code, "status_label": st.status_label(code), "percent": percent, "note": normalize(note)}

    def conflict(theirs: dict):
        return conflicts.progress_conflict(number[0], period.label, theirs, mine)

    def reread() -> dict:
        with db.read_session() as r:
            return conflicts.progress_version(find_entry(r, task_id, period, unit_id))

    # The write lock before the first read: two processes recording the same entry at once then
    # run one after the other (the second updates the first's entry) instead of both inserting.
    with conflicts.raced(reread, conflict), db.session(immediate=True) as s:
        task = s.get(Task, task_id)
        if task is None:
            raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
        number[0] = task.number
        # Kept referenced: the session's identity map is weak, and the UPDATE must carry the version
        # checked here (a reload inside record_progress would pick up a colleague's newer one).
        seen = find_entry(s, task.id, period, unit_id)
        conflicts.check(expected_version, conflicts.progress_version(seen), conflict)
        entry = record_progress(s, task, period, code, unit_id, percent=percent, note=note,
                                difficulties=difficulties, documents=documents, proposals=proposals,
                                reason=reason, source=source, completed_on=completed_on, today=today)
        return entry.id


def close_task(db, task_id: int, period: str | Period, reason: str, today: date | None = None) -> int:
    """The office closes a task for its units (shown as «Văn phòng Sở xác nhận hoàn thành: <lý do>»)."""
    if not normalize(reason):
        raise ValidationError("Hãy ghi lý do Văn phòng Sở xác nhận hoàn thành nhiệm vụ.")
    return add_progress(db, task_id, period, "done", note=reason, source="office_close", today=today)


def find_entry(s, task_id: int, period: Period, unit_id: int | None) -> ProgressEntry | None:
    # NULL never equals NULL in SQL, so the office's own entry (no unit) needs IS NULL.
    q = select(ProgressEntry).where(ProgressEntry.task_id == task_id, ProgressEntry.period == period.code,
                                    ProgressEntry.unit_id.is_(None) if unit_id is None
                                    else ProgressEntry.unit_id == unit_id)
    return s.execute(q).scalar()


def record_progress(s, task: Task, period: Period, code: str, unit_id: int | None, *, percent: int | None = None,
                    note: str = "", difficulties: str = "", documents: str = "", proposals: str = "",
                    reason: str = "", source: str = "manual", completed_on: date | None = None,
                    today: date | None = None) -> ProgressEntry:
    """Insert or update one progress entry inside the caller's transaction, with an activity-log line."""
    if percent is not None and not 0 <= int(percent) <= 100:
        raise ValidationError(f"Tỷ lệ hoàn thành phải từ 0 đến 100, không phải {percent}.")
    if code == "not_done" and not normalize(reason or note):
        raise ValidationError(f"Nhiệm vụ {task.number}: trạng thái «Không thực hiện» cần ghi rõ lý do.")
    today = today or date.today()
    if unit_id is None and code in st.FINISHED and not normalize(reason or note):
        leads = sum(tu.role == "lead" for tu in task.units)
        if leads:
            raise ValidationError(f"Nhiệm vụ {task.number} có {leads} đơn vị chủ trì: để Văn phòng Sở xác nhận "
                                  "hoàn thành thay các đơn vị, hãy ghi lý do.")
    if code in st.FINISHED:
        if completed_on is None and period.start <= today:
            completed_on = min(today, period.end)
        due = None
        if task.schedule_kind != "recurring":
            due = st.period_due(task.due_date, [date.fromisoformat(d) for d in task.dues or []], period)
        code = st.settle_status(code, due, completed_on or today)
    entry = find_entry(s, task.id, period, unit_id)
    before = st.status_label(entry.status) if entry else None
    if entry is None:
        entry = ProgressEntry(task_id=task.id, period=period.code, unit_id=unit_id)
        s.add(entry)
    entry.status = code
    entry.percent = int(percent) if percent is not None else (100 if code in st.FINISHED else entry.percent or 0)
    entry.result_text = normalize(note)
    entry.difficulties = normalize(difficulties)
    entry.documents_text = normalize(documents)
    entry.proposals = normalize(proposals)
    entry.not_done_reason = normalize(reason or (note if code == "not_done" else ""))
    entry.source = source
    entry.completed_on = completed_on if code in st.FINISHED else None
    entry.updated_at = datetime.now()
    who = s.get(Unit, unit_id).name if unit_id else "Văn phòng (đầu mối)"
    change = f"{before} → {st.status_label(code)}" if before else st.status_label(code)
    text = f" — {entry.result_text[:120]}" if entry.result_text else ""
    log_activity(s, task.id, "progress", f"{period.label}, {who}: {change}{text}")
    s.flush()
    return entry


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


def safe_file_name(name: str) -> str:
    """A file name that stays inside its folder on Windows and Linux (no separators, no dots-only, no device
    names), NFC, without bidi-control or zero-width characters, and encodable whatever the file system."""
    name = evidence_store.decodable(name).translate(evidence_store.HIDDEN)
    base = _UNSAFE.sub("_", normalize(Path(name.replace("\\", "/")).name)).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    if not stem or stem.upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                    *(f"LPT{i}" for i in range(10))}:
        stem = "tep" + (f"_{stem}" if stem else "")
    return (stem[:120] + (f".{ext[:12]}" if ext else "")) or "tep"


@recorded("evidence", lambda db, task_id, file=None, number_symbol="", *a, **k: "Thêm văn bản chứng minh "
          f"{number_symbol or (Path(file).name if file else '')} cho {task_label(db, task_id)}", scope=one_task)
def attach_evidence(db, task_id: int, file: Path | None, number_symbol: str = "", doc_date: date | None = None,
                    issuer: str = "", summary: str = "", period: str | Period | None = None) -> int:
    """Record an evidence document; an attached file is copied under the evidence folder beside the database."""
    code = parse_period(period).code if period else ""
    if file is None and not (normalize(number_symbol) or normalize(summary)):
        raise ValidationError("Văn bản chứng minh cần có số, ký hiệu, trích yếu hoặc tệp đính kèm.")
    stored, original, digest = "", "", ""
    if file is not None:
        file = Path(file)
        if not file.is_file():
            raise BadInputError(f"Không đọc được tệp «{file}»: tệp không tồn tại.")
        evidence_store.check_size(file)
        root = companion_dir(db.path, "evidence").resolve()
        folder = (root / str(int(task_id))).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        target = evidence_store.reserve_name(folder, safe_file_name(file.name))
        if root not in target.resolve().parents:
            target.unlink(missing_ok=True)
            raise BadInputError(f"Tên tệp «{file.name}» không hợp lệ.")
        try:
            digest = evidence_store.copy_into(file, target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        stored, original = target.relative_to(root).as_posix(), evidence_store.safe_original_name(file.name)
    try:
        with db.session() as s:
            if s.get(Task, task_id) is None:
                raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
            doc = EvidenceDocument(task_id=task_id, period=code, number_symbol=normalize(number_symbol),
                                   doc_date=doc_date, issuer=normalize(issuer), summary=normalize(summary),
                                   file_path=stored, original_name=original, sha256=digest)
            s.add(doc)
            s.flush()
            label = doc.number_symbol or original or doc.summary[:60]
            log_activity(s, task_id, "evidence", f"Thêm văn bản {label}" +
                         (f" ngày {format_date(doc_date)}" if doc_date else ""))
            return doc.id
    except BaseException:
        if stored:
            (companion_dir(db.path, "evidence") / stored).unlink(missing_ok=True)
        raise


def evidence_file_by_id(db, evidence_id: int) -> Path | None:
    """The stored copy of evidence record ``evidence_id`` (None when it has no file)."""
    with db.read_session() as s:
        return evidence_file(db, s.get(EvidenceDocument, evidence_id))


def evidence_file(db, evidence: EvidenceDocument) -> Path | None:
    """The stored copy of an evidence file (None when the record has no file)."""
    if not evidence.file_path:
        return None
    root = companion_dir(db.path, "evidence").resolve()
    path = (root / evidence.file_path).resolve()
    return path if root in path.parents else None

