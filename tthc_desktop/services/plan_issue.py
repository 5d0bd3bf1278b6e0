"""Issuing details of the department's plan: number, date, signer and the editable text blocks.

``issue_info`` gives what the plan will print (stored values, or the defaults shaped like the plans
departments issue, with the "Chế độ báo cáo" part generated from the reporting rules);
``save_issue_info`` stores the officer's edits in ``Plan`` and ``Plan.text_blocks``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tthc_desktop.domain.plan_texts import TEXT_BLOCKS
from tthc_desktop.domain.text import format_date
from tthc_desktop.errors import ValidationError
from tthc_desktop.services import conflicts
from tthc_desktop.services.plan_export import build_plan_document
from tthc_desktop.services.history import recorded
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import Plan

_NUMBER = re.compile(r"^\d{1,5}(/[\wĐđ&.\-]+)?$")
KEEP = object()  # "leave this field as it is"


@dataclass
class IssueInfo:
    plan_id: int
    number: str
    doc_date: date | None
    blank_month: int | None
    signer_name: str
    blocks: dict[str, list] = field(default_factory=dict)  # key of TEXT_BLOCKS → paragraphs (reporting: dicts)
    customised: set[str] = field(default_factory=set)  # keys stored by the officer (others are defaults)
    defaults: dict[str, list] = field(default_factory=dict)  # the default wording of every block
    version: int = 0  # the plan row's, saved back as expected_version (optimistic locking)

    def to_json(self) -> dict:
        return {"plan_id": self.plan_id, "number": self.number,
                "doc_date": self.doc_date.isoformat() if self.doc_date else None,
                "blank_month": self.blank_month, "signer_name": self.signer_name,
                "blocks": self.blocks, "customised": sorted(self.customised)}  # defaults: in the editor only


def _blocks(document) -> dict[str, list]:
    return {
        "preamble": [document.preamble],
        "purpose": document.purposes,
        "requirements": document.requirements,
        "reporting": [{"heading": b.heading, "paragraphs": b.paragraphs} for b in document.reporting],
        "organisation": document.organisation,
        "recipients": document.recipients,
    }


def issue_info(db: Database, plan_id: int) -> IssueInfo:
    document = build_plan_document(db, plan_id)
    defaults = _blocks(build_plan_document(db, plan_id, default_texts=True))
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        stored, version = dict(plan.text_blocks or {}), plan.version
    return IssueInfo(plan_id, document.number, document.doc_date, document.blank_month, document.signer_name,
                     _blocks(document), {k for k in TEXT_BLOCKS if stored.get(k)}, defaults, version)


def check_number(number: str) -> str:
    number = (number or "").strip()
    if number and not _NUMBER.match(number):
        raise ValidationError(f"Số văn bản «{number}» không hợp lệ: ghi số (ví dụ 12) hoặc số/ký hiệu "
                              "(12/KH-SNNPTNT), hoặc để trống cho văn thư ghi khi đăng ký.")
    return number


def _shown(value) -> str:
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        return " ".join(v if isinstance(v, str) else " ".join(v.get("paragraphs", [])) for v in value)[:300]
    return "(lời văn mặc định)" if value is None else str(value)


def _issue_state(s, plan, mine: dict) -> tuple[dict, dict]:
    """(theirs, mine) of the fields the officer saves, labelled as the dialog shows them; a plan row keeps
    no time of change, the history does."""
    labels = {"number": "Số văn bản", "doc_date": "Ngày ban hành", "signer_name": "Người ký"}
    stored = dict(plan.text_blocks or {}) if plan is not None else {}
    theirs = {labels[k]: _shown(getattr(plan, k, None) or "") for k in labels if k in mine}
    ours = {labels[k]: _shown(mine[k] or "") for k in labels if k in mine}
    for key, value in (mine.get("blocks") or {}).items():
        label = TEXT_BLOCKS.get(key, key)
        theirs[label], ours[label] = _shown(stored.get(key)), _shown(value or None)
    what = f"Kế hoạch số {plan.number}" if plan is not None and plan.number else "Kế hoạch này"
    at = conflicts.last_writer(s, "plan_edit", "plans", plan.id)[1] if plan is not None else None
    return conflicts.compared(plan, what, theirs, ours, at=at)


@recorded("plan_edit", lambda db, plan_id, **k: f"Sửa thông tin ban hành kế hoạch mã {plan_id}")
def save_issue_info(db: Database, plan_id: int, *, number=KEEP, doc_date=KEEP, blank_month=KEEP,
                    signer_name=KEEP, blocks: dict | None = None, expected_version: int | None = None) -> None:
    """Store the given fields; a block set to None or [] goes back to the default wording.

    ``expected_version``: the plan's version the officer edited (IssueInfo.version); a colleague's
    newer save raises EditConflictError and nothing is written."""
    if number is not KEEP:
        number = check_number(number)
    if blank_month not in (KEEP, None) and not (isinstance(blank_month, int) and 1 <= blank_month <= 12):
        raise ValidationError(f"Tháng ghi sẵn «{blank_month}» không hợp lệ (1–12).")
    unknown = set(blocks or {}) - set(TEXT_BLOCKS) - {"subject"}
    if unknown:
        raise ValidationError(f"Không có phần văn bản «{', '.join(sorted(unknown))}»; các phần: "
                              f"{', '.join(TEXT_BLOCKS)}.")
    given = {k: v for k, v in (("number", number), ("doc_date", doc_date), ("signer_name", signer_name))
             if v is not KEEP}
    state = lambda s: _issue_state(s, s.get(Plan, plan_id), {**given, "blocks": blocks})  # noqa: E731
    with conflicts.checked_session(db, expected_version, state) as s:
        plan = s.get(Plan, plan_id)
        if plan is None or plan.kind != "department":
            raise ValidationError(f"Không có kế hoạch của Sở mã {plan_id}.")
        if number is not KEEP:
            plan.number = number
        if doc_date is not KEEP:
            plan.doc_date = doc_date
        if signer_name is not KEEP:
            plan.signer_name = (signer_name or "").strip()
        stored = dict(plan.text_blocks or {})
        if blank_month is not KEEP:
            stored["blank_month"] = blank_month
        for key, value in (blocks or {}).items():
            if value in (None, "", []):
                stored.pop(key, None)
            else:
                stored[key] = value
        plan.text_blocks = stored
        # A number and a date are what make a plan issued; clearing either makes it a draft again.
        plan.status = "issued" if plan.number and plan.doc_date else "draft"
