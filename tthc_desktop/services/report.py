"""The quarterly report: parts pre-filled from tracked work and form figures, officer's edits, files, e-mail draft.

The outline (parts, headings, which plan sections feed which part, sentence templates)
is data in ``resources/report/outline.json``. A plan section goes to the part whose
keyword it matches most specifically, unless ``PlanSection.report_part`` says otherwise.
"""
from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import blank_document_date, fold, format_date, format_number
from tthc_desktop.errors import ValidationError
from tthc_desktop.exporters.report_docx import ReportDocument, ReportPart
from tthc_desktop.services import conflicts, outputs
from tthc_desktop.services.history import recorded
from tthc_desktop.services.outputs import Written
from tthc_desktop.storage import locks
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import AgencyProfile, PlanSection, ReportDraft, Task

log = logging.getLogger(__name__)
FORMS = ("II.05a", "II.06a")


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


UNKNOWN_FIGURE = "(chưa xác định)"  # a figure the period cannot know, outside an optional clause


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


def _current_plan_id(s) -> int | None:
    from tthc_desktop.services.tracking import current_plan_id

    return current_plan_id(s)


def _figures_text(db: Database, part: dict, period: Period, words: dict, found=None) -> list[str]:
    """The figures sentence of a part; whose figures are missing is said where they would be, and
    nothing is asserted about a count nobody entered."""
    from tthc_desktop.services.period_figures import period_extras, period_figures

    found = found or period_figures(db, part["form"], period)
    d, missing = found.definition, found.missing_text()
    if not found.has_figures:
        return [missing or _fill(part.get("no_figures", ""), words)]
    total = d.total([v for _, v in found.rows])
    unknown = [f"c{c}" for c in d.value_columns if total[c] is None]
    values = dict(words, **{f"c{c}": UNKNOWN_FIGURE if total[c] is None else format_number(total[c])
                            for c in d.value_columns})
    values.update({f"rate_{k}": v for k, v in d.rate_texts(total).items()})
    extra = period_extras(db, d.code, period)
    named = [(x["label"], extra.get(x["key"], 0)) for x in d.extras if extra.get(x["key"])]
    values["channels"] = ("; trong đó: " + ", ".join(f"{lbl[0].lower()}{lbl[1:]} {format_number(n)}" for lbl, n in named)
                          if named else "")
    return [_fill(_known_clauses(part["figures"], unknown), values)] + ([missing] if missing else [])


def _known_clauses(template: str, unknown: list[str]) -> str:
    """A ``[[…]]`` clause of a figures sentence is said only when every figure in it is known; its brackets go."""
    def keep(match: re.Match) -> str:
        return "" if any("{" + key + "}" in match[1] for key in unknown) else match[1]

    return re.sub(r"\[\[(.*?)\]\]", keep, template)


def auto_texts(db: Database, period: Period, figures: dict | None = None) -> dict[str, str]:
    """The pre-filled text of every part, before the officer's edits (``figures``: the forms' PeriodFigures
    by code when the caller already has them)."""
    from tthc_desktop.services import forms
    from tthc_desktop.services import report_narrative as N
    from tthc_desktop.services.tracking import period_summary

    o = outline()
    words = _words(db, period)
    agency = _profile(db).name or ""
    texts: dict[str, list[str]] = {p["key"]: [] for p in o["parts"]}
    for part in o["parts"]:
        if part.get("form"):
            texts[part["key"]] += _figures_text(db, part, period, words, (figures or {}).get(part["form"]))
    s = db.read_session()
    try:
        plan_id = _current_plan_id(s)
        tasks = selectinload(PlanSection.tasks)  # with progress and evidence: one query each, not one per task
        sections = s.scalars(select(PlanSection).where(PlanSection.plan_id == plan_id)
                             .options(tasks.selectinload(Task.progress), tasks.selectinload(Task.evidence))
                             .order_by(PlanSection.position)).all() if plan_id else []
        kept = [t for section in sections for t in section.tasks if t.decision != "drop"]
        for section in sections:
            key = section.report_part or part_for_section(section.title, o["parts"])
            if key not in texts:
                continue
            groups = N.task_groups([t for t in section.tasks if t.decision != "drop"])
            texts[key] += [line for line in (N.group_line(g, period, agency) for g in groups) if line]
        for part in (p for p in o["parts"] if p.get("form")):
            if forms.get_definition(part["form"], period).raw.get("overdue"):
                texts[part["key"]] += N.overdue_lines(s, period)
            texts[part["key"]] += [f"- {unit + ', ' if unit else ''}lĩnh vực {name}: {note.strip().rstrip('.')}."
                                   for unit, name, note in forms.gap_explanations(db, part["form"], period)]
        codes = N.period_codes(period)
        entries = [e for t in kept for e in t.progress if e.period in codes]
        difficulties = sorted({e.difficulties.strip() for e in entries if e.difficulties.strip()})
        reasons = sorted({e.not_done_reason.strip() for e in entries if e.not_done_reason.strip()})
        proposals = sorted({e.proposals.strip() for e in entries if e.proposals.strip()})
        next_lines = N.next_task_lines(s, plan_id, period, agency)
    finally:
        s.close()
    for part in o["parts"]:
        key, source = part["key"], part.get("source")
        if source == "sections" and not texts[key]:
            texts[key] = [_fill(o.get("empty_part", ""), words)]
        elif source == "assessment":
            texts[key] = ["1. Ưu điểm", _progress_sentence(period_summary(db, period), words),
                          "2. Tồn tại, hạn chế", *([f"- {x}" for x in difficulties] or ["Không có."]),
                          "3. Nguyên nhân", *([f"- {x}" for x in reasons] or ["Không có."])]
        elif source == "next_tasks":
            texts[key] = next_lines or ["Tiếp tục thực hiện các nhiệm vụ theo Kế hoạch."]
        elif source == "proposals":
            texts[key] = [f"- {x}" for x in proposals] or ["Không có."]
    return {k: "\n".join(v) for k, v in texts.items()}


def _progress_sentence(summary: dict[str, int], words: dict) -> str:
    """How many tasks were finished and under way: tasks settled over their lead units, as on the board."""
    reported = summary["tasks"] - summary["not_reported"]
    if not summary["tasks"] or not reported:
        return "Chưa có báo cáo tiến độ thực hiện nhiệm vụ của các đơn vị trong kỳ."
    done, going = summary["done"], summary["in_progress"]
    said = [f"đã hoàn thành {done} nhiệm vụ" if done else "", f"đang triển khai {going} nhiệm vụ" if going else ""]
    said = [x for x in said if x]
    if not said:
        return f"Trong kỳ, {words['agency_short']} đã cập nhật tiến độ {reported} nhiệm vụ theo Kế hoạch."
    return f"Trong kỳ, {words['agency_short']} {', '.join(said)} theo Kế hoạch."


def report_parts(db: Database, period: Period, figures: dict | None = None) -> list[dict]:
    """[{key, heading, level, auto, text, edited}] in outline order; ``text`` is the officer's edit when saved."""
    autos = auto_texts(db, period, figures)
    with db.session() as s:
        drafts = {d.part_key: (d.text, d.version)
                  for d in s.scalars(select(ReportDraft).where(ReportDraft.period == period.code))}
    out = []
    for part in outline()["parts"]:
        key = part["key"]
        text, version = drafts.get(key, ("", 0))
        edited = bool(text.strip())  # a part brought back to the pre-filled text keeps its row (and version)
        out.append({"key": key, "heading": part["heading"], "level": part.get("level", 2), "auto": autos.get(key, ""),
                    "text": text if edited else autos.get(key, ""), "edited": edited, "version": version})
    return out


DRAFT_KEYS = ("uq_report_draft_part", "report_drafts.period")  # a part first edited by two officers at once


def _draft(s, period: Period, key: str) -> ReportDraft | None:
    return s.scalars(select(ReportDraft).where(ReportDraft.period == period.code, ReportDraft.part_key == key)).first()


def _shown_draft(text: str) -> str:
    return text if text.strip() else "(nội dung tự động)"


@recorded("report", lambda db, period, key, text, **k: f"Sửa phần {key} của báo cáo {period.label}")
def save_part(db: Database, period: Period, key: str, text: str, *, expected_version: int | None = None) -> int:
    """Keep the officer's text of one part for the period (an empty text brings back the pre-filled one);
    returns the part's new version. ``expected_version``: the version the officer edited (0: never
    edited); a colleague's newer save raises EditConflictError and nothing is written."""
    heading = next((p["heading"] for p in outline()["parts"] if p["key"] == key), key)

    def state(s):
        row = _draft(s, period, key)
        return conflicts.compared(row, f"Phần «{heading}» của báo cáo {period.label}",
                                  {"Nội dung": _shown_draft(row.text if row else "")}, {"Nội dung": _shown_draft(text)})

    with conflicts.checked_session(db, expected_version, state, DRAFT_KEYS) as s:
        row = _draft(s, period, key)
        if row is None:
            if not text.strip():
                return 0
            row = ReportDraft(period=period.code, part_key=key)
            s.add(row)
        row.text = text if text.strip() else ""
        s.flush()
        return row.version



def report_document(db: Database, period: Period, figures: dict | None = None) -> ReportDocument:
    from tthc_desktop.services import forms

    o, p, words = outline(), _profile(db), _words(db, period)
    code = f"/BC-{p.short_code}" if p.short_code else "/BC"
    return ReportDocument(
        parent_body=p.parent_body or "", agency=p.name or "", number_line=f"Số:      {code}", author=p.name or "",
        place_date=blank_document_date(period.year, p.place_name, period.last_month),
        title=o["title"], subject=_fill(o["subject"], words), recipient=words["office"],
        opening=_fill(o["opening"], words),
        parts=[ReportPart(x["key"], x["heading"], x["level"], x["text"]) for x in report_parts(db, period, figures)],
        closing=_fill(o["closing"], words), recipients=list(o.get("recipients", [])),
        signer_title=p.signer_title or "GIÁM ĐỐC", signer_name=p.signer_name or "", signer_prefix=p.signer_prefix or "",
        signer_deputy_title=p.signer_deputy_title or "",
        annexes=[forms.department_sheet(db, c, period, (figures or {}).get(c)) for c in FORMS],
        annex_note=_fill(o.get("annex_note", ""), dict(words, short_code=p.short_code or "", year=period.year,
                                                       month=period.last_month)))


def output_folder(db: Database, period: Period) -> Path:
    from tthc_desktop.paths import companion_dir

    return companion_dir(db.path, "outputs") / f"{period.code}_{date.today().isoformat()}"


def report_file_name(period: Period) -> str:
    return f"Bao-cao-KSTTHC-{period.code}.docx"


def build_report(db: Database, period: Period, out_dir: Path | None = None, *, strict: bool = False) -> list[Path]:
    return build_checked_report(db, period, out_dir, strict=strict)[0].files


def build_checked_report(db: Database, period: Period, out_dir: Path | None = None, *,
                         strict: bool = False) -> tuple[Written, object]:
    """Write the report .docx, II.05a/II.06a as .xlsx and .docx into ``out_dir`` (default: a dated folder);
    (what was written, the ReportCheck made before writing).

    A file there that the officer edited (or has open) is kept: the next version is written and noted.
    ``strict``: refuse (exit 4, nothing written) when any unit's figures are missing."""
    from tthc_desktop.exporters.forms_docx import write_form_docx
    from tthc_desktop.exporters.forms_xlsx import write_form_xlsx
    from tthc_desktop.exporters.report_docx import write_report_docx
    from tthc_desktop.services.report_checks import check_report

    folder = Path(out_dir) if out_dir else output_folder(db, period)
    from tthc_desktop.services.period_figures import period_figures

    with locks.shared(db):  # server mode: no import changes the figures while they are read
        figures = {c: period_figures(db, c, period) for c in FORMS}  # computed once for the text, forms and check
        document = report_document(db, period, figures)
    check = check_report(db, period, document, figures)
    if strict and check.has_missing:
        units = list(dict.fromkeys(m["unit"] for m in check.missing))
        raise StrictCheckError(f"Chưa đủ số liệu {period.label} của: {', '.join(units)}; chưa lập báo cáo "
                               "(bỏ --strict để lập báo cáo ghi rõ phần còn thiếu).", check)
    sheets = {sheet.definition.code: sheet for sheet in document.annexes}  # the annexes are the forms
    jobs = [(folder / report_file_name(period), lambda p: write_report_docx(document, p), "report")]
    jobs += [(folder / f"{c}.xlsx", lambda p, c=c: write_form_xlsx(sheets[c], p), "form") for c in FORMS]
    jobs += [(folder / f"{c}.docx", lambda p, c=c: write_form_docx(sheets[c], p), "form_docx") for c in FORMS]
    written = outputs.write_outputs(db, jobs, period=period.code)
    log.info("report %s written to %s", period.code, folder)
    return written, check


class StrictCheckError(ValidationError):
    """--strict and figures are missing: exit 4; the check says what is missing."""

    def __init__(self, message: str, check) -> None:
        super().__init__(message)
        self.check = check


def latest_files(db: Database, period: Period, report_file: Path | None = None) -> list[Path]:
    """What «Gửi báo cáo» attaches: the chosen report version (default the newest, edited or not) and the
    newest version of each form workbook; empty when nothing was built yet for the period."""
    report_file = Path(report_file) if report_file else outputs.newest(db, period.code, "report")
    if report_file is None:
        return []
    if not report_file.is_file():
        raise ValidationError(f"Không tìm thấy tệp báo cáo «{report_file}».")
    forms_by_name: dict[str, Path] = {}
    for v in outputs.versions(db, period.code, "form"):
        forms_by_name[outputs.base_and_number(v.path)[0].name] = v.path
    return [report_file, *forms_by_name.values()]


def prepare_email(db: Database, period: Period, report_file: Path | None = None,
                  out_dir: Path | None = None) -> tuple[Path, list[Path], list[str]]:
    """«Gửi báo cáo»: the draft attaching the chosen report version (default the newest, edited or not)
    and the newest forms; the report is built only when the period has none yet. (eml, files, notes)"""
    email_recipients(db)
    files, notes = latest_files(db, period, report_file), []
    if not files:
        built = build_checked_report(db, period, out_dir)[0]
        files, notes = built.files, built.notes
    return make_email_draft(db, period, files), files, notes


def email_subject(db: Database, period: Period) -> str:
    p = _profile(db)
    label = period.label
    return (f"Báo cáo tình hình, kết quả thực hiện công tác kiểm soát TTHC {label[0].lower()}{label[1:]} – "
            f"{p.name or 'Sở'}")


def email_recipients(db: Database) -> list[str]:
    """The province's addresses from the profile; checked before anything is written."""
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
    attach = [Path(f) for f in files if Path(f).suffix.lower() == ".xlsx"
              or outputs.base_and_number(Path(f))[0].name == report_file_name(period)]
    body = (f"Kính gửi: {p.province_office or 'Văn phòng UBND tỉnh'},\n\n"
            f"{p.name or 'Sở'} gửi báo cáo tình hình, kết quả thực hiện công tác kiểm soát thủ tục hành chính "
            f"{period.label[0].lower()}{period.label[1:]} kèm theo Biểu số II.05a/VPCP/KSTT và Biểu số II.06a/VPCP/KSTT "
            "(tệp đính kèm).\n\nTrân trọng./.\n\n"
            f"{p.name or ''}\n{p.office_email or ''}\n")
    target = Path(attach[0]).parent / f"Gui-bao-cao-{period.code}.eml" if attach else output_folder(db, period) / "draft.eml"
    return outputs.write_output(
        db, target, lambda path: write_eml(path, to=to, subject=email_subject(db, period), body=body,
                                           attachments=attach, sender=(p.office_email or "").split(",")[0].strip()),
        kind="email", period=period.code).files[0]


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
