"""Round trip with the units: export one report sheet per unit, preview and apply the returned files."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import fold, format_date
from tthc_desktop.domain.unit_resolution import ROLE_LABELS
from tthc_desktop.errors import ValidationError
from tthc_desktop.exporters import unit_sheets as fmt
from tthc_desktop.services import outputs, tracking
from tthc_desktop.services.history import recorded
from tthc_desktop.storage import locks
from tthc_desktop.storage.models import AgencyProfile, PlanSection, ProgressEntry, Setting, Task, TaskUnit, Unit

KEY_SETTING = "unit_sheets.key"


def signing_key(db, *, create: bool = True) -> bytes:
    """A per-database secret: sheets exported by another department's database do not verify here.
    Reading a returned sheet never creates it (``create=False``): without a key no sheet of this
    database exists, and a throw-away key makes every signature fail."""
    if not create:
        with db.read_session() as s:
            row = s.get(Setting, KEY_SETTING)
            return bytes.fromhex(row.value) if row is not None and row.value else secrets.token_bytes(32)
    with db.session() as s:
        row = s.get(Setting, KEY_SETTING)
        if row is None or not row.value:
            row = Setting(key=KEY_SETTING, value=secrets.token_hex(32))
            s.merge(row)
        return bytes.fromhex(row.value)


def build_sheets(db, period: Period, units: list[str] | None = None) -> list[fmt.UnitSheet]:
    wanted = {tracking.resolve_unit(db, u) for u in units} if units else None
    with db.read_session() as s:
        plan_id = tracking.current_plan_id(s)
        if plan_id is None:
            raise ValidationError("Chưa có kế hoạch của Sở để theo dõi; hãy lập kế hoạch trước.")
        profile = s.execute(select(AgencyProfile).limit(1)).scalar()
        links = s.execute(select(TaskUnit.unit_id, TaskUnit.role, Task, PlanSection.code, PlanSection.title)
                          .join(Task, Task.id == TaskUnit.task_id)
                          .outerjoin(PlanSection, PlanSection.id == Task.section_id)
                          .where(Task.plan_id == plan_id).order_by(Task.position, Task.id)).all()
        units_by_id = {u.id: u for u in s.execute(select(Unit).order_by(Unit.position, Unit.id)).scalars()}
        entries = {(e.task_id, e.unit_id): e for e in s.execute(
            select(ProgressEntry).join(Task, Task.id == ProgressEntry.task_id)
            .where(Task.plan_id == plan_id, ProgressEntry.period == period.code)).scalars()}
        exported_at = datetime.now().isoformat(timespec="seconds")
        sheets: dict[int, fmt.UnitSheet] = {}
        for unit_id, role, task, code, title in links:
            if wanted is not None and unit_id not in wanted:
                continue
            unit = units_by_id[unit_id]
            sheet = sheets.get(unit_id)
            if sheet is None:
                sheet = sheets[unit_id] = fmt.UnitSheet(
                    unit_id, unit.name, period.code,
                    f"{period.label} (từ {format_date(period.start)} đến {format_date(period.end)})",
                    format_date(period.department_deadline(profile.unit_deadline_day if profile else 16)),
                    profile.name if profile else "", profile.parent_body if profile else "", exported_at,
                    status_choices=list(st.STATUS_LABELS.values()))
            if any(t.id == task.id for t in sheet.tasks):
                continue  # lead and coordinator of the same task: one row
            e = entries.get((task.id, unit_id))
            sheet.tasks.append(fmt.SheetTask(
                task.id, task.number, task.content, ROLE_LABELS.get(role, role),
                st.schedule_text(task.schedule_kind, task.due_date, task.every, task.time_text),
                section=f"{code}. {title}" if code else "",
                status=st.status_label(e.status) if e else "", result=e.result_text if e else "",
                documents=e.documents_text if e else "", difficulties=e.difficulties if e else "",
                proposals=e.proposals if e else ""))
    order = list(units_by_id)
    return sorted(sheets.values(), key=lambda sh: order.index(sh.unit_id))


def export_unit_sheets(db, period: str | Period, out_dir: Path, units: list[str] | None = None) -> list[Path]:
    period = tracking.parse_period(period)
    key = signing_key(db)
    out_dir = Path(out_dir)
    files = []
    for sheet in build_sheets(db, period, units):
        name = tracking.safe_file_name(f"Phiếu báo cáo {period.code} - {sheet.unit_name}.xlsx")
        files += outputs.write_output(db, out_dir / name, lambda p, sheet=sheet: fmt.write_unit_sheet(sheet, p, key),
                                      kind="unit_sheet", period=period.code).files
    return files


@dataclass
class Change:
    task_id: int
    number: str
    kind: str  # "new" | "changed" | "same" | "blank"
    status: str  # code
    values: dict
    before: dict | None = None
    conflict: str = ""  # why the officer should look before applying


@dataclass
class SheetPreview:
    path: Path
    unit_id: int
    unit_name: str
    period: str
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # rows left out: tasks the unit has no role in now

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.conflict]

    def summary(self) -> str:
        counts = {k: sum(c.kind == k for c in self.changes) for k in ("new", "changed", "same", "blank")}
        return (f"{self.path.name}: {self.unit_name}, {Period.parse(self.period).label} — {counts['new']} mới, "
                f"{counts['changed']} thay đổi, {counts['same']} không đổi, {counts['blank']} để trống, "
                f"{len(self.conflicts)} cần xem lại" + (f", {len(self.warnings)} dòng bỏ qua" if self.warnings else ""))

    def lines(self) -> list[str]:
        words = {"new": "mới", "changed": "thay đổi"}
        out = list(self.warnings)
        for c in self.changes:
            if c.kind in words:
                out.append(f"Nhiệm vụ {c.number}: {words[c.kind]} — {st.status_label(c.status)}"
                           + (f" (lưu ý: {c.conflict})" if c.conflict else ""))
        return out

    def to_json(self) -> dict:
        return {"file": str(self.path), "unit": self.unit_name, "period": self.period, "warnings": self.warnings,
                "changes": [{"task_id": c.task_id, "number": c.number, "kind": c.kind, "status": c.status,
                             "conflict": c.conflict, **c.values} for c in self.changes]}


def _values(entry: ProgressEntry) -> dict:
    return {"result": entry.result_text, "documents": entry.documents_text, "difficulties": entry.difficulties,
            "proposals": entry.proposals}


def preview_unit_sheet(db, path: Path, period: str | Period, unit: str | None = None) -> SheetPreview:
    """Validate a returned sheet against this database and list what applying it would change."""
    from tthc_desktop.importers.unit_sheets import read_unit_sheet

    period = tracking.parse_period(period)
    sheet = read_unit_sheet(Path(path), signing_key(db, create=False))
    name = Path(path).name
    if sheet.period != period.code:
        raise ValidationError(f"Tệp «{name}» là phiếu {Period.parse(sheet.period).label}, không phải "
                              f"{period.label}; không nhập.")
    if unit is not None and tracking.resolve_unit(db, unit) != sheet.unit_id:
        raise ValidationError(f"Tệp «{name}» là phiếu của {sheet.unit_name}, không phải của đơn vị «{unit}»; "
                              "không nhập.")
    if fold(sheet.shown_unit) != fold(sheet.unit_name):
        raise ValidationError(f"Tệp «{name}» ghi đơn vị «{sheet.shown_unit}» nhưng là phiếu xuất cho "
                              f"{sheet.unit_name}; không nhập.")
    with db.read_session() as s:
        plan_id = tracking.current_plan_id(s)
        unit_row = s.get(Unit, sheet.unit_id)
        if unit_row is None or fold(unit_row.name) != fold(sheet.unit_name):
            raise ValidationError(f"Tệp «{name}»: đơn vị «{sheet.unit_name}» không còn trong danh sách đơn vị.")
        mine = set(s.execute(select(TaskUnit.task_id).join(Task, Task.id == TaskUnit.task_id)
                             .where(TaskUnit.unit_id == sheet.unit_id, Task.plan_id == plan_id)).scalars())
        preview = SheetPreview(Path(path), sheet.unit_id, sheet.unit_name, period.code)
        for row in sheet.rows:
            if row.task_id not in mine:
                preview.warnings.append(f"Dòng {row.row}: nhiệm vụ {row.number} không còn giao cho "
                                        f"{sheet.unit_name} (đơn vị không chủ trì, không phối hợp); dòng này không được nhập.")
                continue
            values = {"result": row.result, "documents": row.documents, "difficulties": row.difficulties,
                      "proposals": row.proposals}
            if row.is_blank:
                preview.changes.append(Change(row.task_id, row.number, "blank", "", values))
                continue
            try:
                code = st.parse_status(row.status) if row.status else ("in_progress" if row.result else "not_started")
            except ValueError as exc:
                raise ValidationError(f"Tệp «{name}», dòng {row.row}, cột (5): {exc}") from exc
            if code == "not_done" and not (row.result or row.difficulties):
                raise ValidationError(f"Tệp «{name}», dòng {row.row}: «Không thực hiện» cần ghi lý do ở cột (6).")
            entry = tracking.find_entry(s, row.task_id, period, sheet.unit_id)
            change = Change(row.task_id, row.number, "new", code, values)
            if entry is not None:
                change.before = {"status": entry.status, **_values(entry)}
                same = entry.status == code or (code == "done" and entry.status == "done_late")
                change.kind = "same" if same and _values(entry) == values else "changed"
                if change.kind == "changed":
                    if entry.source != "unit_sheet":
                        change.conflict = f"Văn phòng đã ghi «{st.status_label(entry.status)}» cho đơn vị này"
                    elif entry.updated_at and entry.updated_at.isoformat(timespec="seconds") > sheet.exported_at:
                        change.conflict = "kết quả đã được cập nhật sau khi xuất phiếu"
            preview.changes.append(change)
    return preview


@recorded("unit_sheet", lambda db, preview: f"Nhập phiếu báo cáo «{preview.path.name}» của "
          f"{preview.unit_name} ({Period.parse(preview.period).label})")
def apply_unit_sheet(db, preview: SheetPreview) -> int:
    """Write a previewed sheet in one transaction; returns the number of entries written."""
    period = Period.parse(preview.period)
    written = 0
    with db.session() as s:
        locks.in_transaction(s)  # server mode: one import at a time
        for c in preview.changes:
            if c.kind not in ("new", "changed"):
                continue
            task = s.get(Task, c.task_id)
            tracking.record_progress(s, task, period, c.status, preview.unit_id, note=c.values["result"],
                                     documents=c.values["documents"], difficulties=c.values["difficulties"],
                                     proposals=c.values["proposals"], source="unit_sheet",
                                     reason=c.values["result"] if c.status == "not_done" else "")
            written += 1
        tracking.log_activity(s, None, "unit_sheet", f"Nhập phiếu báo cáo {preview.path.name} của "
                                                     f"{preview.unit_name} ({period.label}): {written} nhiệm vụ")
    return written
