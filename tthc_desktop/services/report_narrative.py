"""The sentences of the report's parts that come from tracked tasks: results, overdue dossiers, next tasks.

Each task appears once (lettered sub-rows of one task with the same title are one item), with its
full title, what the department itself recorded for the period (progress notes and documents
issued, cited «Kế hoạch số … ngày … của … về …»), for a 6-month, 9-month or annual report every
task progressed in any of its quarters.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.report_text import citation, task_title, time_phrase, unique_clauses
from tthc_desktop.domain.text import fold, format_date, format_number
from tthc_desktop.storage.models import EvidenceDocument, OverdueReason, Task, Unit

STATUS_WORDS = {"done": "đã hoàn thành", "done_late": "đã hoàn thành (chậm so với kế hoạch)",
                "in_progress": "đang triển khai thực hiện", "not_done": "chưa thực hiện được"}
# Phrases a note may use that a cited document says better.
_GENERIC_ISSUED = ("da ban hanh van ban trien khai", "da ban hanh van ban")


def period_codes(period: Period) -> set[str]:
    """The stored periods a report covers: itself and, for a cumulative period, its quarters."""
    return {period.code, *(q.code for q in period.quarters)}


def in_period(e: EvidenceDocument, period: Period) -> bool:
    if e.period:
        return e.period in period_codes(period)
    return bool(e.doc_date and period.contains(e.doc_date))


def task_groups(tasks: list[Task]) -> list[list[Task]]:
    """Tasks in plan order, lettered sub-rows of one task with the same title together."""
    groups: list[list[Task]] = []
    index: dict[tuple[str, str], list[Task]] = {}
    for t in tasks:
        key = (t.parent_number or t.number or f"#{t.id}", fold(task_title(t.content)))
        if t.parent_number and key in index:
            index[key].append(t)
            continue
        group = [t]
        index[key] = group
        groups.append(group)
    return groups


def group_line(group: list[Task], period: Period, agency: str) -> str | None:
    """"- <full title>: <results>; đã ban hành <citations>." or None when nothing was recorded in the period."""
    codes = period_codes(period)
    entries = sorted((p for t in group for p in t.progress if p.period in codes), key=lambda p: (p.period, p.id))
    clauses = [p.result_text for p in entries]
    clauses += [p.documents_text for p in entries]
    docs = [e for t in group for e in t.evidence if in_period(e, period)]
    cited = unique_clauses([citation(e.number_symbol, e.doc_date, e.issuer, e.summary) for e in docs])
    if cited:
        clauses = [c for c in clauses if fold(c).strip(" .") not in _GENERIC_ISSUED]
    if entries and not unique_clauses(clauses) and not cited:
        clauses = [STATUS_WORDS.get(entries[-1].status, "")]
    kept = unique_clauses(clauses)
    kept = [k for k in kept if not any(fold(k) in fold(c) for c in cited)]
    if cited:
        kept.append("đã ban hành " + "; ".join(cited))
    if not kept:
        return None
    body = "; ".join(k[:1].lower() + k[1:] if not k.split(" ", 1)[0].isupper() else k for k in kept)
    return f"- {task_title(group[0].content, agency)}: {body}."


def period_statuses(tasks: list[Task], period: Period) -> dict[int, str]:
    """Task id → its latest recorded status in the period (tasks without a note are left out)."""
    codes = period_codes(period)
    out = {}
    for t in tasks:
        entries = sorted((p for p in t.progress if p.period in codes), key=lambda p: (p.period, p.id))
        if entries:
            out[t.id] = entries[-1].status
    return out


def overdue_lines(s, period: Period) -> list[str]:
    """The period's late dossiers with the reasons the units gave, and apology letters sent."""
    rows = s.scalars(select(OverdueReason).where(OverdueReason.period.in_(period_codes(period)))).all()
    lines = []
    for r in rows:
        if not r.reason.strip():
            continue
        unit = s.get(Unit, r.unit_id) if r.unit_id else None
        who = f"{unit.name}: " if unit else ""
        count = f"{format_number(r.dossier_count)} hồ sơ quá hạn, " if r.dossier_count else ""
        lines.append(f"- {who}{count}nguyên nhân: {r.reason.strip().rstrip('.')}.")
    letters = sum(r.apology_letters for r in rows)
    if letters:
        lines.append(f"- Đã gửi {format_number(letters)} văn bản xin lỗi tổ chức, cá nhân do giải quyết hồ sơ quá hạn.")
    return list(dict.fromkeys(lines))


def next_task_lines(s, plan_id: int | None, period: Period, agency: str) -> list[str]:
    """Part III: tasks due in the following quarter and the periodic ones, each once."""
    if plan_id is None:
        return []
    nxt = period.quarters[-1].next()
    last = date(nxt.year + (nxt.last_month == 12), nxt.last_month % 12 + 1, 1) - timedelta(days=1)
    tasks = s.scalars(select(Task).where(Task.plan_id == plan_id, Task.decision != "drop")
                      .order_by(Task.position)).all()
    lines = []
    for group in task_groups(tasks):
        t = group[0]
        # every due of the group counts: «Quý II và Quý IV» is due again in the next quarter after Quý III
        dues = [d for x in group for d in ([date.fromisoformat(v) for v in x.dues or []] or [x.due_date]) if d]
        due = min((d for d in dues if period.end < d <= last), default=None)
        due_soon = due is not None
        periodic = t.schedule_kind == "recurring" and t.every not in (None, "continuous")
        if not (due_soon or periodic):
            continue
        when = f"thời hạn: {format_date(due)}" if due_soon else time_phrase(t.time_text)
        lines.append(f"- {task_title(t.content, agency)}" + (f" ({when})" if when else "") + ".")
    if any(t.every == "continuous" for t in tasks):
        lines.append("- Tiếp tục thực hiện các nhiệm vụ thường xuyên theo Kế hoạch hoạt động kiểm soát thủ tục "
                     "hành chính.")
    return lines
