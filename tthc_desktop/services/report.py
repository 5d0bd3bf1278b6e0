"""The quarterly report: parts pre-filled from tracked work and form figures, officer's edits, files, e-mail draft.

The outline (parts, headings, which plan sections feed which part, sentence templates)
is data in ``resources/report/outline.json``. A plan section goes to the part whose
keyword it matches most specifically, unless ``PlanSection.report_part`` says otherwise.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import blank_document_date, fold, format_date, format_number
from tthc_desktop.exporters.report_docx import ReportDocument, ReportPart
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import (
    AgencyProfile, EvidenceDocument, OverdueReason, PlanSection, ProgressEntry, ReportDraft, Task,
)

log = logging.getLogger(__name__)
FORMS = ("II.05a", "II.06a")
_DOC_KINDS = {"KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "QD": "Quyết định", "TB": "Thông báo",
              "TTr": "Tờ trình", "CT": "Chỉ thị", "HD": "Hướng dẫn"}


@lru_cache(maxsize=1)
def outline() -> dict:
    from tthc_desktop.paths import resources_dir

    return json.loads((resources_dir() / "report" / "outline.json").read_text(encoding="utf-8"))


def _profile(db: Database) -> AgencyProfile:
    with db.session() as s:
        return s.scalar(select(AgencyProfile)) or AgencyProfile(name="Sở", short_name="", parent_body="",
                                                                province_office="Văn phòng UBND tỉnh",
                                                                signer_title="GIÁM ĐỐC", short_code="")


def _words(db: Database, period: Period) -> dict[str, str]:
    p = _profile(db)
    label = period.label
    return {"agency": p.name or "Sở", "agency_short": p.short_name or p.name or "Sở",
            "office": p.province_office or "Văn phòng UBND tỉnh", "period": label,
            "period_lower": label[0].lower() + label[1:], "start": format_date(period.start),
            "end": format_date(period.end)}


def _fill(template: str, words: dict) -> str:
    class Blank(dict):
        def __missing__(self, key):
            return ""

    return template.format_map(Blank(words))


def part_for_section(title: str, parts: list[dict]) -> str | None:
    """The outline part whose keyword matches the section title most specifically (longest keyword)."""
    folded = fold(title)
    best, best_len = None, 0
    for part in parts:
        for kw in part.get("keywords", []):
            if fold(kw) in folded and len(kw) > best_len:
                best, best_len = part["key"], len(kw)
    return best


def _evidence_text(e: EvidenceDocument) -> str:
    number = (e.number_symbol or "").strip()
    code = number.split("/", 1)[1].split("-", 1)[0] if "/" in number else ""
    kind = _DOC_KINDS.get(code, "Văn bản")
    text = f"{kind} số {number}" if number else kind
    if e.doc_date:
        text += f" ngày {format_date(e.doc_date)}"
    if e.issuer:
        text += f" của {e.issuer}"
    if e.summary:
        text += f" {e.summary.strip().rstrip('.')}"
    return text


def _in_period(e: EvidenceDocument, period: Period) -> bool:
    if e.period:
        return e.period == period.code
    return bool(e.doc_date and period.contains(e.doc_date))


def _short(text: str, limit: int = 220) -> str:
    text = " ".join((text or "").split()).rstrip(".;:")
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


_STATUS_WORDS = {"done": "đã hoàn thành", "done_late": "đã hoàn thành (chậm so với kế hoạch)",
                 "in_progress": "đang triển khai thực hiện", "not_done": "chưa thực hiện được"}


def _task_line(task: Task, period: Period) -> str | None:
    entries = [p for p in task.progress if p.period == period.code]
    results = []
    for p in entries:
        text = (p.result_text or "").strip().rstrip(".") or _STATUS_WORDS.get(p.status, "")
        if text and text not in results:
            results.append(text)
        if p.documents_text and p.documents_text.strip() not in results:
            results.append(p.documents_text.strip().rstrip("."))
    docs = [_evidence_text(e) for e in task.evidence if _in_period(e, period)]
    if not results and not docs:
        return None
    line = f"- {_short(task.content)}: " + "; ".join(results)
    if docs:
        line += ("; " if results else "") + "đã ban hành " + "; ".join(docs)
    return line + "."


def _current_plan_id(s) -> int | None:
    from tthc_desktop.services.tracking import current_plan_id

    return current_plan_id(s)


def _figures_text(db: Database, part: dict, period: Period, words: dict) -> list[str]:
    from tthc_desktop.services import forms

    d = forms.get_definition(part["form"])
    rows = forms.department_values(db, d.code, period)
    if not rows:
        return [_fill(part.get("no_figures", ""), words)] if part.get("no_figures") else []
    total = d.total([v for _, v in rows])
    values = dict(words, **{f"c{c}": format_number(total[c]) for c in d.value_columns})
    values.update({f"rate_{k}": v for k, v in d.rate_texts(total).items()})
    extra = forms.extras(db, d.code, period)
    named = [(x["label"], extra.get(x["key"], 0)) for x in d.extras if extra.get(x["key"])]
    values["channels"] = ("; trong đó: " + ", ".join(f"{lbl[0].lower()}{lbl[1:]} {format_number(n)}" for lbl, n in named)
                          if named else "")
    return [_fill(part["figures"], values)]


def _overdue_lines(s, period: Period) -> list[str]:
    rows = s.scalars(select(OverdueReason).where(OverdueReason.period == period.code)).all()
    lines = [f"- Nguyên nhân hồ sơ quá hạn: {r.reason.strip().rstrip('.')} ({format_number(r.dossier_count)} hồ sơ)."
             for r in rows if r.reason.strip()]
    letters = sum(r.apology_letters for r in rows)
    if letters:
        lines.append(f"- Đã gửi {format_number(letters)} văn bản xin lỗi tổ chức, cá nhân do giải quyết hồ sơ quá hạn.")
    return lines


def _next_tasks(s, plan_id: int | None, period: Period) -> list[str]:
    if plan_id is None:
        return []
    nxt = period.quarters[-1].next()  # after 6 months, 9 months or the year: the following quarter
    last = date(nxt.year + (nxt.last_month == 12), nxt.last_month % 12 + 1, 1) - timedelta(days=1)
    lines = []
    for t in s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)).all():
        due_soon = t.due_date is not None and period.end < t.due_date <= last
        periodic = t.schedule_kind == "recurring" and t.every not in (None, "continuous")
        if due_soon or periodic:
            when = t.time_text.replace("\n", " ").strip() or (format_date(t.due_date) if t.due_date else "")
            lines.append(f"- {_short(t.content)}" + (f" (thời gian: {when})" if when else "") + ".")
    continuous = s.scalar(select(Task.id).where(Task.plan_id == plan_id, Task.every == "continuous").limit(1))
    if continuous:
        lines.append("- Tiếp tục thực hiện các nhiệm vụ thường xuyên theo Kế hoạch hoạt động kiểm soát thủ tục hành chính.")
    return lines


def auto_texts(db: Database, period: Period) -> dict[str, str]:
    """The pre-filled text of every part, before the officer's edits."""
    from tthc_desktop.services import forms
    from tthc_desktop.services.tracking import period_summary

    o = outline()
    words = _words(db, period)
    texts: dict[str, list[str]] = {p["key"]: [] for p in o["parts"]}
    for part in o["parts"]:
        if part.get("form"):
            texts[part["key"]] += _figures_text(db, part, period, words)
    s = db.read_session()
    try:
        plan_id = _current_plan_id(s)
        tasks = selectinload(PlanSection.tasks)  # with progress and evidence: one query each, not one per task
        sections = s.scalars(select(PlanSection).where(PlanSection.plan_id == plan_id)
                             .options(tasks.selectinload(Task.progress), tasks.selectinload(Task.evidence))
                             .order_by(PlanSection.position)).all() if plan_id else []
        for section in sections:
            key = section.report_part or part_for_section(section.title, o["parts"])
            if key not in texts:
                continue
            texts[key] += [line for line in (_task_line(t, period) for t in section.tasks) if line]
        for part in (p for p in o["parts"] if p.get("form")):
            if forms.get_definition(part["form"]).raw.get("overdue"):
                texts[part["key"]] += _overdue_lines(s, period)
            texts[part["key"]] += [f"- {unit + ', ' if unit else ''}lĩnh vực {name}: {note.strip().rstrip('.')}."
                                   for unit, name, note in forms.gap_explanations(db, part["form"], period)]
        entries = s.scalars(select(ProgressEntry).join(Task).where(ProgressEntry.period == period.code,
                                                                   Task.plan_id == plan_id)).all() if plan_id else []
        difficulties = sorted({e.difficulties.strip() for e in entries if e.difficulties.strip()})
        reasons = sorted({e.not_done_reason.strip() for e in entries if e.not_done_reason.strip()})
        proposals = sorted({e.proposals.strip() for e in entries if e.proposals.strip()})
        next_lines = _next_tasks(s, plan_id, period)
    finally:
        s.close()
    for part in o["parts"]:
        key, source = part["key"], part.get("source")
        if source == "sections" and not texts[key]:
            texts[key] = [_fill(o.get("empty_part", ""), words)]
        elif source == "assessment":
            counts = period_summary(db, period)  # tasks, not progress entries: two units on one task count once
            texts[key] = ["1. Ưu điểm",
                          f"Trong kỳ, {words['agency_short']} đã hoàn thành {counts['done']} nhiệm vụ, đang triển khai "
                          f"{counts['in_progress']} nhiệm vụ theo Kế hoạch; các phòng, cơ quan, đơn vị thuộc Sở "
                          "thực hiện nghiêm túc việc tiếp nhận, giải quyết thủ tục hành chính.",
                          "2. Tồn tại, hạn chế", *([f"- {x}" for x in difficulties] or ["Không có."]),
                          "3. Nguyên nhân", *([f"- {x}" for x in reasons] or ["Không có."])]
        elif source == "next_tasks":
            texts[key] = next_lines or ["Tiếp tục thực hiện các nhiệm vụ theo Kế hoạch."]
        elif source == "proposals":
            texts[key] = [f"- {x}" for x in proposals] or ["Không có."]
    return {k: "\n".join(v) for k, v in texts.items()}


def report_parts(db: Database, period: Period) -> list[dict]:
    """[{key, heading, level, auto, text, edited}] in outline order; ``text`` is the officer's edit when saved."""
    autos = auto_texts(db, period)
    with db.session() as s:
        drafts = {d.part_key: d.text for d in s.scalars(select(ReportDraft).where(ReportDraft.period == period.code))}
    out = []
    for part in outline()["parts"]:
        key = part["key"]
        edited = key in drafts
        out.append({"key": key, "heading": part["heading"], "level": part.get("level", 2), "auto": autos.get(key, ""),
                    "text": drafts[key] if edited else autos.get(key, ""), "edited": edited})
    return out


def save_part(db: Database, period: Period, key: str, text: str) -> None:
    """Keep the officer's text of one part for the period (an empty text brings back the pre-filled one)."""
    with db.session() as s:
        s.execute(delete(ReportDraft).where(ReportDraft.period == period.code, ReportDraft.part_key == key))
        if text.strip():
            s.add(ReportDraft(period=period.code, part_key=key, text=text))


def report_document(db: Database, period: Period) -> ReportDocument:
    from tthc_desktop.services import forms

    o, p, words = outline(), _profile(db), _words(db, period)
    code = f"/BC-{p.short_code}" if p.short_code else "/BC"
    return ReportDocument(
        parent_body=p.parent_body or "", agency=p.name or "", number_line=f"Số:      {code}",
        place_date=blank_document_date(period.year, p.place_name, period.last_month),
        title=o["title"], subject=_fill(o["subject"], words), recipient=words["office"],
        opening=_fill(o["opening"], words),
        parts=[ReportPart(x["key"], x["heading"], x["level"], x["text"]) for x in report_parts(db, period)],
        closing=_fill(o["closing"], words), recipients=list(o.get("recipients", [])),
        signer_title=p.signer_title or "GIÁM ĐỐC", signer_name=p.signer_name or "", signer_prefix=p.signer_prefix or "",
        signer_deputy_title=p.signer_deputy_title or "",
        annexes=[forms.department_sheet(db, c, period) for c in FORMS],
        annex_note=_fill(o.get("annex_note", ""), dict(words, short_code=p.short_code or "", year=period.year,
                                                       month=period.last_month)))


def output_folder(db: Database, period: Period) -> Path:
    from tthc_desktop.paths import companion_dir

    return companion_dir(db.path, "outputs") / f"{period.code}_{date.today().isoformat()}"


def report_file_name(period: Period) -> str:
    return f"Bao-cao-KSTTHC-{period.code}.docx"


def build_report(db: Database, period: Period, out_dir: Path | None = None) -> list[Path]:
    """Write the report .docx, II.05a/II.06a as .xlsx and .docx into ``out_dir`` (default: a dated folder)."""
    from tthc_desktop.exporters.forms_docx import write_form_docx
    from tthc_desktop.exporters.forms_xlsx import write_form_xlsx
    from tthc_desktop.exporters.report_docx import write_report_docx
    from tthc_desktop.services import forms

    folder = Path(out_dir) if out_dir else output_folder(db, period)
    document = report_document(db, period)
    written = [write_report_docx(document, folder / report_file_name(period))]
    sheets = {c: forms.department_sheet(db, c, period) for c in FORMS}
    written += [write_form_xlsx(sheets[c], folder / f"{c}.xlsx") for c in FORMS]
    written += [write_form_docx(sheets[c], folder / f"{c}.docx") for c in FORMS]
    log.info("report %s written to %s", period.code, folder)
    return written


def email_subject(db: Database, period: Period) -> str:
    p = _profile(db)
    label = period.label
    return (f"Báo cáo tình hình, kết quả thực hiện công tác kiểm soát TTHC {label[0].lower()}{label[1:]} – "
            f"{p.name or 'Sở'}")


def email_recipients(db: Database) -> list[str]:
    """The province's addresses from the profile; checked before anything is written."""
    from tthc_desktop.errors import ValidationError

    p = _profile(db)
    to = [x.strip() for x in (p.province_email or "").replace(";", ",").split(",") if x.strip()]
    if not to:
        raise ValidationError("Chưa có địa chỉ thư điện tử của Văn phòng UBND tỉnh trong hồ sơ cơ quan; "
                              "hãy nhập ở mục Thiết lập cơ quan.")
    return to


def make_email_draft(db: Database, period: Period, files: list[Path]) -> Path:
    """An unsent .eml to the province's address with the report and both forms attached, beside the files."""
    from tthc_desktop.exporters.eml_draft import write_eml

    p = _profile(db)
    to = email_recipients(db)
    attach = [Path(f) for f in files if Path(f).suffix.lower() == ".xlsx" or Path(f).name == report_file_name(period)]
    body = (f"Kính gửi: {p.province_office or 'Văn phòng UBND tỉnh'},\n\n"
            f"{p.name or 'Sở'} gửi báo cáo tình hình, kết quả thực hiện công tác kiểm soát thủ tục hành chính "
            f"{period.label[0].lower()}{period.label[1:]} kèm theo Biểu số II.05a/VPCP/KSTT và Biểu số II.06a/VPCP/KSTT "
            "(tệp đính kèm).\n\nTrân trọng./.\n\n"
            f"{p.name or ''}\n{p.office_email or ''}\n")
    target = Path(attach[0]).parent / f"Gui-bao-cao-{period.code}.eml" if attach else output_folder(db, period) / "draft.eml"
    return write_eml(target, to=to, subject=email_subject(db, period), body=body, attachments=attach,
                     sender=(p.office_email or "").split(",")[0].strip())


def open_with_system(path: Path) -> bool:
    """Open a file with its default program; if that fails, open the folder holding it. True when something opened."""
    for target in (Path(path), Path(path).parent):
        try:
            if sys.platform.startswith("win"):
                os.startfile(str(target))  # type: ignore[attr-defined]
            else:
                opener = "open" if sys.platform == "darwin" else "xdg-open"
                subprocess.Popen([opener, str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return True
        except OSError:
            continue
    return False
