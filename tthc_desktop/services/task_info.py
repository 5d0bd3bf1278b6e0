"""Everything the task detail shows: the task, the provincial task it came from, progress by period,
evidence documents and the activity log."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.errors import UsageError
from tthc_desktop.storage.models import ActivityLog, EvidenceDocument, Plan, ProgressEntry, Task, TaskUnit, Unit


@dataclass
class ProgressItem:
    id: int
    period: str
    unit_id: int | None
    unit: str  # "" for the office's own entry
    status: str
    percent: int
    result: str
    documents: str
    difficulties: str
    proposals: str
    reason: str
    source: str
    updated_at: datetime | None
    completed_on: date | None = None
    version: int = 0  # saved back as expected_version (optimistic locking)
    updated_by: str = ""

    @property
    def status_label(self) -> str:
        return st.status_label(self.status)


@dataclass
class EvidenceItem:
    id: int
    period: str
    number_symbol: str
    doc_date: date | None
    issuer: str
    summary: str
    file_path: str
    original_name: str


@dataclass
class TaskDetail:
    id: int
    number: str
    section: str
    content: str
    results: list[str]
    lead: list[str]
    coordinate: list[str]
    time_text: str
    schedule: str
    kind: str
    plan_year: int
    unit_choices: list[tuple[int, str]]  # the task's units, for recording a unit's progress
    source: str = ""  # "Kế hoạch … (124/QĐ-UBND), nhiệm vụ 1a: …"
    reason: str = ""
    progress: list[ProgressItem] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    activity: list[tuple[datetime, str]] = field(default_factory=list)
    due: date | None = None  # a one-off task's due date: finishing after it is «Hoàn thành quá hạn»
    dues: tuple = ()  # its several due dates, when the plan names more than one

    def due_in(self, period: Period) -> date | None:
        """The due date a completion recorded for ``period`` is measured against."""
        return st.period_due(self.due, self.dues, period)


def task_detail(db, task_id: int) -> TaskDetail:
    with db.read_session() as s:
        t = s.get(Task, task_id)
        if t is None:
            raise UsageError(f"Không có nhiệm vụ mã {task_id}.")
        units = s.execute(select(TaskUnit.role, Unit.id, Unit.name).join(Unit, Unit.id == TaskUnit.unit_id)
                          .where(TaskUnit.task_id == task_id).order_by(Unit.position)).all()
        lead = [n for role, _, n in units if role == "lead"] or list(t.lead_agencies or [])
        coordinate = [n for role, _, n in units if role == "coordinate"] or list(t.coordinate_agencies or [])
        detail = TaskDetail(
            t.id, t.number, f"{t.section.code}. {t.section.title}" if t.section else "", t.content,
            list(t.results or []), lead, coordinate, t.time_text,
            st.schedule_text(t.schedule_kind, t.due_date, t.every, t.time_text), t.schedule_kind, t.plan.year,
            list(dict.fromkeys((uid, n) for _, uid, n in units)), reason=t.reason,
            due=t.due_date if t.schedule_kind != "recurring" else None,
            dues=tuple(date.fromisoformat(d) for d in t.dues or []) if t.schedule_kind != "recurring" else ())
        if t.source_task_id:
            src = s.get(Task, t.source_task_id)
            plan = s.get(Plan, src.plan_id)
            ref = f"{plan.title}" + (f" ({plan.number})" if plan.number else "")
            detail.source = f"{ref}, nhiệm vụ {src.number}: {src.content}"
        names = dict(s.execute(select(Unit.id, Unit.name)).all())
        entries = s.execute(select(ProgressEntry).where(ProgressEntry.task_id == task_id)).scalars().all()
        entries.sort(key=lambda e: (st.safe_period_order(e.period), names.get(e.unit_id, "")), reverse=True)
        detail.progress = [ProgressItem(e.id, e.period, e.unit_id, names.get(e.unit_id, "") if e.unit_id else "",
                                        e.status, e.percent, e.result_text, e.documents_text, e.difficulties,
                                        e.proposals, e.not_done_reason, e.source, e.updated_at, e.completed_on,
                                        e.version, e.updated_by)
                           for e in entries]
        docs = s.execute(select(EvidenceDocument).where(EvidenceDocument.task_id == task_id)
                         .order_by(EvidenceDocument.doc_date.desc(), EvidenceDocument.id.desc())).scalars()
        detail.evidence = [EvidenceItem(d.id, d.period, d.number_symbol, d.doc_date, d.issuer, d.summary,
                                        d.file_path, d.original_name) for d in docs]
        detail.activity = [(a.at, a.detail) for a in s.execute(
            select(ActivityLog).where(ActivityLog.task_id == task_id).order_by(ActivityLog.at.desc(),
                                                                               ActivityLog.id.desc())).scalars()]
    return detail
