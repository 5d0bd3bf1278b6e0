"""Form figures: stored per unit × lĩnh vực × period, validated by the form definitions, summed for the department."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, insert, select

from tthc_desktop.domain.forms import (
    FormDefinition, FormDefinitionError, FormSheet, Violation, group_rows, load_versions, period_dates_text,
    version_in_force,
)
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import blank_document_date, fold, sort_key
from tthc_desktop.errors import BadInputError, TthcError, UsageError, ValidationError
from tthc_desktop.services import conflicts, figure_versions, outputs
from tthc_desktop.services.history import recorded
from tthc_desktop.storage import locks
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import AgencyProfile, Field, FormFigure, OverdueReason, Unit


class AlreadyStoredError(ValidationError):
    """A unit's figures for the period exist; replacing them needs the officer's confirmation."""


@lru_cache(maxsize=4)
def _load(directory: str) -> dict[str, list[FormDefinition]]:
    return load_versions(Path(directory))


def _versions(directory: Path | None = None) -> dict[str, list[FormDefinition]]:
    from tthc_desktop.paths import forms_dir

    try:
        return _load(str(directory or forms_dir()))
    except FormDefinitionError as exc:
        raise BadInputError(str(exc)) from exc


def definitions(directory: Path | None = None) -> dict[str, FormDefinition]:
    """Every form by code, in its newest version."""
    return {code: versions[-1] for code, versions in _versions(directory).items()}


def get_definition(code: str, period: Period | None = None, directory: Path | None = None) -> FormDefinition:
    """A form's definition: the version in force on the last day of ``period`` (the newest without one)."""
    found = _versions(directory)
    for key, versions in found.items():
        if fold(key) == fold(code):
            return version_in_force(versions, period.end) if period else versions[-1]
    raise UsageError(f"Không có biểu mẫu «{code}»; các biểu hiện có: {', '.join(sorted(found))}.")


@dataclass
class FieldRow:
    field_id: int
    name: str
    level: str


def _field_rows(fields) -> list[FieldRow]:
    ordered = sorted((f for f in fields if f.active), key=lambda f: (f.position or 0, sort_key(f.name)))
    return [FieldRow(f.id, f.name, f.level) for f in ordered]


def unit_field_rows(db: Database, unit_id: int | None) -> list[FieldRow]:
    """The lĩnh vực rows of a unit's form: the fields it handles, or every active field when none is set."""
    with db.session() as s:
        unit = s.get(Unit, unit_id) if unit_id else None
        fields = list(unit.fields) if unit and unit.fields else s.scalars(select(Field)).all()
        return _field_rows(fields)


def resolve_unit(db: Database, name_or_id) -> tuple[int, str]:
    with db.session() as s:
        units = s.scalars(select(Unit)).all()
        for u in units:
            if u.id == name_or_id or (isinstance(name_or_id, str) and fold(name_or_id) in (fold(u.name), fold(u.short_name))):
                return u.id, u.name
    raise ValidationError(f"Không có đơn vị «{name_or_id}» trong danh mục đơn vị của Sở.")


def figures(db: Database, code: str, period: Period, unit_id: int | None) -> dict[int, dict[int, int]]:
    """{field_id: {column: value}} stored for one unit (or the department's own rows when unit_id is None)."""
    with db.session() as s:
        rows = s.scalars(select(FormFigure).where(FormFigure.form_code == code, FormFigure.period == period.code,
                                                  FormFigure.unit_id.is_(None) if unit_id is None
                                                  else FormFigure.unit_id == unit_id)).all()
        return {r.field_id: {int(k): int(v) for k, v in (r.values or {}).items() if str(k).isdigit()} for r in rows}


def stored_extras(db: Database, code: str, period: Period, unit_id: int) -> dict[int, dict[str, int]]:
    """Per lĩnh vực, the named (non-column) values a unit entered, e.g. overdue-dossier counts."""
    with db.read_session() as s:
        rows = s.scalars(select(FormFigure).where(FormFigure.form_code == code, FormFigure.period == period.code,
                                                  FormFigure.unit_id == unit_id)).all()
        return {r.field_id: {k: v for k, v in (r.values or {}).items() if not str(k).isdigit()} for r in rows}


def explanations(db: Database, code: str, period: Period, unit_id: int | None) -> dict[int, str]:
    with db.session() as s:
        rows = s.scalars(select(FormFigure).where(FormFigure.form_code == code, FormFigure.period == period.code,
                                                  FormFigure.unit_id == unit_id)).all()
        return {r.field_id: r.explanation for r in rows if r.explanation}


def preceding_periods(period: Period) -> list[Period]:
    """Whose closing figures open ``period``: the quarter before; for 6/9 months and the year, which all
    start on 15/12, the previous year (its annual report, else its fourth quarter)."""
    if period.is_quarter:
        return [period.previous()]
    return [Period(period.year - 1, "Y"), Period(period.year - 1, "Q4")]


def previous_figures(db: Database, code: str, period: Period, unit_id: int | None) -> dict[int, dict[int, int]] | None:
    """The unit's rows at the end of the preceding period, or None when nothing was stored for it."""
    for before in preceding_periods(period):
        prev = figures(db, code, before, unit_id)
        if prev:
            return prev
    return None


def carry_over_values(db: Database, code: str, period: Period, unit_id: int | None) -> dict[int, int]:
    """{field_id: value} for the carry-over column ("Từ kỳ trước") from the previous period."""
    d = get_definition(code, period)
    prev = previous_figures(db, code, period, unit_id) or {}
    return {fid: d.carried_value(vals) for fid, vals in prev.items()} if d.carry_over else {}


def validate(d: FormDefinition, rows: list[tuple[str, dict[int, int], dict[int, int] | None]]) -> tuple[list[Violation], list[Violation]]:
    """(hard, warnings) for rows of (lĩnh vực, values, previous period's values or None)."""
    hard: list[Violation] = []
    warnings: list[Violation] = []
    for label, values, previous in rows:
        found = d.check_row(label, values)
        carried = d.check_carry_over(label, values, previous)
        if carried:
            found.append(carried)
        for v in found:
            (hard if v.hard else warnings).append(v)
    return hard, warnings


def check_unit_figures(db: Database, code: str, period: Period, unit_id: int | None, rows: dict[int, dict],
                       what: str = "") -> list[Violation]:
    """Every hard identity of the rows (ValidationError on the first broken one); returns the warnings."""
    d = get_definition(code, period)
    previous = previous_figures(db, code, period, unit_id) or {}
    with db.session() as s:
        names = {f.id: f.name for f in s.scalars(select(Field)).all()}
    checks = []
    for fid, values in rows.items():
        if fid not in names:
            raise ValidationError(f"Không có lĩnh vực mã số {fid}.")
        numeric = {int(k): int(v) for k, v in values.items() if str(k).isdigit()}
        checks.append((names[fid], numeric, previous.get(fid) if previous else None))
    hard, warnings = validate(d, checks)
    if hard:
        prefix = f"{what}: " if what else ""
        raise ValidationError(prefix + hard[0].message() + (f" (và {len(hard) - 1} lỗi khác)" if len(hard) > 1 else ""))
    return warnings


def store_unit_figures(s, code: str, period: Period, unit_id: int | None, rows: dict[int, dict], *,
                       source: str, notes: dict[int, str] | None = None, replace: bool = True) -> None:
    """Write checked rows inside the caller's transaction (replacing the unit's rows of the period)."""
    locks.in_transaction(s)  # server mode: imports and typed figures one at a time, not during a report
    cond = figure_versions.grid(code, period, unit_id)
    version = figure_versions.version_in(s, code, period, unit_id)
    if version and not replace:
        unit_name = s.get(Unit, unit_id).name if unit_id else "Sở"
        raise AlreadyStoredError(
            f"Đã có số liệu {code} kỳ {period.label} của «{unit_name}»; nhập lại sẽ thay thế số liệu cũ: "
            "hãy xác nhận (dòng lệnh: thêm --replace).")
    s.execute(delete(FormFigure).where(*cond))
    if rows:  # the table, not the mapped class: the ORM would number every new row's version 1
        s.execute(insert(FormFigure.__table__), [
            {"form_code": code, "period": period.code, "unit_id": unit_id, "field_id": fid,
             "values": {str(k): int(v) for k, v in values.items()}, "explanation": (notes or {}).get(fid, ""),
             "source": source[:200], "version": version + 1} for fid, values in rows.items()])


@recorded("forms", lambda db, code, period, *a, **k: f"Lưu số liệu biểu {code} {period.label}")
def save_unit_figures(db: Database, code: str, period: Period, unit_id: int | None, rows: dict[int, dict],
                      *, source: str = "typed", notes: dict[int, str] | None = None, replace: bool = True,
                      what: str = "", expected_version: int | None = None) -> list[Violation]:
    """Replace a unit's rows for a period after checking every hard identity; returns the warnings.

    ``rows`` maps field_id to values by column number (string keys allowed for supplementary figures).
    ``expected_version``: the grid's version the officer typed over (figure_versions.grid_version, 0:
    empty); a colleague's newer save raises EditConflictError and nothing is written.
    """
    code = get_definition(code, period).code
    warnings = check_unit_figures(db, code, period, unit_id, rows, what)
    with conflicts.checked_session(db, expected_version, lambda s: figure_versions.state(s, code, period, unit_id, rows),
                                   figure_versions.UNIQUE_KEYS, serialise=locks.in_transaction) as s:
        store_unit_figures(s, code, period, unit_id, rows, source=source, notes=notes, replace=replace)
    return warnings


def department_values(db: Database, code: str, period: Period) -> list[tuple[FieldRow, dict[int, int]]]:
    """The department's rows: per lĩnh vực, the sum over the units that have figures for the period
    (for 6 months, 9 months and the year: computed from the quarters unless entered directly)."""
    from tthc_desktop.services.period_figures import period_figures

    return period_figures(db, code, period).rows


def department_totals(db: Database, code: str, period: Period) -> dict[int, int]:
    return get_definition(code, period).total([values for _, values in department_values(db, code, period)])


def _profile(db: Database) -> AgencyProfile:
    with db.session() as s:
        return s.scalar(select(AgencyProfile)) or AgencyProfile(name="", province_office="Văn phòng UBND tỉnh",
                                                                signer_title="GIÁM ĐỐC")


def signer_heading(profile: AgencyProfile) -> str:
    prefix = (profile.signer_prefix or "").strip()
    title = (profile.signer_title or "GIÁM ĐỐC").upper()
    lines = [f"{prefix} {title}".strip()]
    if prefix and profile.signer_deputy_title:
        lines.append(profile.signer_deputy_title.upper())
    return "\n".join(lines)


def department_sheet(db: Database, code: str, period: Period, found=None) -> FormSheet:
    """The department's form for the period, in the layout in force then, saying whose figures are missing."""
    from tthc_desktop.services.period_figures import period_figures

    figures_ = found or period_figures(db, code, period)
    d, p = figures_.definition, _profile(db)
    rows = group_rows([(f.name, f.level, values) for f, values in figures_.rows], d.levels)
    return FormSheet(d, period.label, period_dates_text(period.start, period.end), p.name or "…",
                     p.province_office or "Văn phòng UBND tỉnh", rows,
                     place_date=blank_document_date(period.year, p.place_name, period.last_month),
                     signer_heading=signer_heading(p), signer_name=p.signer_name or "",
                     missing_note=figures_.missing_text(), author=p.name or "")


def unit_template_sheet(db: Database, code: str, period: Period, unit_id: int) -> FormSheet:
    """A unit's blank form: its lĩnh vực rows, "Từ kỳ trước" already filled from the previous period."""
    d = get_definition(code, period)
    p = _profile(db)
    with db.session() as s:
        unit_name = s.get(Unit, unit_id).name
    carried = carry_over_values(db, code, period, unit_id)
    col = d.carry_over.column if d.carry_over else None
    fields = [(f.name, f.level, {col: carried[f.field_id]} if col and f.field_id in carried else {})
              for f in unit_field_rows(db, unit_id)]
    return FormSheet(d, period.label, period_dates_text(period.start, period.end), unit_name,
                     p.name or "Văn phòng Sở", group_rows(fields, d.levels),
                     place_date=blank_document_date(period.year, p.place_name, period.last_month),
                     signer_heading="THỦ TRƯỞNG ĐƠN VỊ")


def write_template(db: Database, code: str, period: Period, unit, out: Path) -> Path:
    from tthc_desktop.exporters.forms_xlsx import write_form_xlsx

    unit_id, _ = resolve_unit(db, unit)
    sheet = unit_template_sheet(db, get_definition(code, period).code, period, unit_id)
    return outputs.write_output(db, Path(out), lambda p: write_form_xlsx(sheet, p), kind="form_template",
                                period=period.code).files[0]


def fill_province_template(db: Database, code: str, period: Period, template: Path, out: Path) -> Path:
    """The department's figures written into a blank form the province sent, its formatting kept."""
    from tthc_desktop.exporters import forms_xlsx as writer
    from tthc_desktop.importers.forms_xlsx import check_xlsx_container

    check_xlsx_container(Path(template))
    sheet = department_sheet(db, get_definition(code, period).code, period)
    return writer.fill_province_template(Path(template), sheet, Path(out))


@dataclass
class ImportResult:
    file: str
    code: str
    unit: str
    rows: int
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"file": self.file, "form": self.code, "unit": self.unit, "rows": self.rows, "warnings": self.warnings}


@dataclass
class PreparedForm:
    """A returned form read and checked, not yet written."""

    result: ImportResult
    unit_id: int
    period: Period
    rows: dict[int, dict[int, int]]


def prepare_form_file(db: Database, path: Path, period: Period) -> PreparedForm:
    """Read and validate one returned form, writing nothing; raises ValidationError (exit 4) naming file,
    row, columns and numbers, or BadInputError (exit 3)."""
    from tthc_desktop.importers.forms_xlsx import read_form_file

    path = Path(path)
    form = read_form_file(path, definitions())
    d = definitions()[form.code]
    name = path.name
    if form.period is not None and form.period != period:
        raise ValidationError(f"Tệp «{name}» là báo cáo {form.period.label}, không phải {period.label}.")
    if not form.unit_name:
        raise ValidationError(f"Tệp «{name}» không ghi «Đơn vị báo cáo»; không biết số liệu của đơn vị nào.")
    unit_id, unit_name = resolve_unit(db, form.unit_name)
    with db.session() as s:
        by_fold = {fold(f.name): f.id for f in s.scalars(select(Field)).all()}
    rows: dict[int, dict[int, int]] = {}
    for row in form.rows:
        fid = by_fold.get(fold(row.label))
        if fid is None:
            raise ValidationError(f"Tệp «{name}», dòng {row.sheet_row}: lĩnh vực «{row.label}» không có trong danh mục lĩnh vực.")
        if fid in rows:
            raise ValidationError(f"Tệp «{name}»: lĩnh vực «{row.label}» xuất hiện hai lần.")
        rows[fid] = row.values
    if form.total is not None:
        stated = {c: form.total.get(c, 0) for c in d.value_columns}
        if form.total and (bad := d.check_total(list(rows.values()), stated)):
            raise ValidationError(f"Tệp «{name}»: " + bad[0].message())
    warnings = check_unit_figures(db, d.code, period, unit_id, rows, what=f"Tệp «{name}»")
    result = ImportResult(name, d.code, unit_name, len(rows), [f"Tệp «{name}»: {w.message()}" for w in warnings])
    return PreparedForm(result, unit_id, period, rows)


def import_form_file(db: Database, path: Path, period: Period, *, replace: bool = False) -> ImportResult:
    """Read, validate and store one returned form."""
    results, errors = import_form_files(db, [Path(path)], period, replace=replace)
    if errors:
        raise errors[0][1]
    return results[0]


@recorded("forms_import", lambda db, paths, period, **k: "Nhập biểu số liệu " + ", ".join(
    f"«{Path(p).name}»" for p in paths) + f" {period.label}")
def import_form_files(db: Database, paths: list[Path], period: Period, *, replace: bool = False
                      ) -> tuple[list[ImportResult], list[tuple[Path, TthcError]]]:
    """Every file is read and checked first; only when all pass are they written, in one transaction.
    Returns (results, []) or ([], [(file, error) …]) with nothing written."""
    prepared, errors = [], []
    for path in paths:
        try:
            prepared.append(prepare_form_file(db, Path(path), period))
        except TthcError as exc:
            errors.append((Path(path), exc))
    seen: dict[tuple[str, int], str] = {}
    for p in prepared:
        key = (p.result.code, p.unit_id)
        if key in seen:
            errors.append((Path(p.result.file), ValidationError(
                f"Tệp «{p.result.file}» và «{seen[key]}» đều là biểu {p.result.code} của «{p.result.unit}»; "
                "hãy chỉ nhập một tệp cho mỗi đơn vị.")))
        seen[key] = p.result.file
    if errors:
        return [], errors
    try:
        with db.session(immediate=True) as s:
            for p in prepared:
                store_unit_figures(s, p.result.code, period, p.unit_id, p.rows, source=p.result.file,
                                   replace=replace)
    except AlreadyStoredError as exc:
        return [], [(Path(p.result.file), exc)]
    return [p.result for p in prepared], []


def overdue_note(db: Database, period: Period, unit_id: int) -> tuple[str, int]:
    """(reasons for late dossiers, apology letters sent) recorded for a unit in the period."""
    with db.session() as s:
        rows = s.scalars(select(OverdueReason).where(OverdueReason.period == period.code,
                                                     OverdueReason.unit_id == unit_id)).all()
        return "\n".join(r.reason for r in rows if r.reason), sum(r.apology_letters for r in rows)


@recorded("forms", lambda db, period, *a, **k: f"Ghi lý do trễ hạn {period.label}")
def save_overdue_note(db: Database, period: Period, unit_id: int, reason: str, apology_letters: int,
                      dossier_count: int = 0) -> None:
    """Replace the unit's note on late dossiers for the period (the narrative quotes it in part I.6)."""
    from tthc_desktop.domain.text import normalize

    if apology_letters < 0 or dossier_count < 0:
        raise ValidationError("Số hồ sơ và số văn bản xin lỗi phải là số không âm.")
    with db.session() as s:
        s.execute(delete(OverdueReason).where(OverdueReason.period == period.code, OverdueReason.unit_id == unit_id))
        if normalize(reason) or apology_letters:
            s.add(OverdueReason(period=period.code, unit_id=unit_id, reason=normalize(reason),
                                dossier_count=int(dossier_count), apology_letters=int(apology_letters)))


def gap_explanations(db: Database, code: str, period: Period) -> list[tuple[str, str, str]]:
    """(unit, lĩnh vực, explanation) typed for warning identities in the period."""
    with db.session() as s:
        rows = s.scalars(select(FormFigure).where(FormFigure.form_code == code, FormFigure.period == period.code,
                                                  FormFigure.explanation != "")).all()
        return [(r.unit.name if r.unit else "", r.field.name, r.explanation) for r in rows]
