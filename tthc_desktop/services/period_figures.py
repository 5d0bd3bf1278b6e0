"""A form's figures for one period, per unit and lĩnh vực, and what is missing.

A quarter's figures are what the units entered. Six months, nine months and the year are computed
from the stored quarters (domain.form_periods); a unit that entered a cumulative period directly
keeps its own figures, and a disagreement with its quarters is a warning. A unit that handles
dossiers but has no figures is *missing*, never zero: the department's rows sum only what exists
and the caller says whose figures are absent.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tthc_desktop.domain.form_periods import cumulate, differences
from tthc_desktop.domain.forms import FormDefinition
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_number, sort_key
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import AgencyProfile, Field, FormFigure, Unit


@dataclass(frozen=True)
class Missing:
    unit: str
    form: str
    field: str | None  # None: the unit (or the department) has no lĩnh vực set at all
    quarters: tuple[str, ...] = ()  # for a cumulative period: the quarters without figures

    def to_json(self) -> dict:
        return {"unit": self.unit, "form": self.form, "field": self.field}


@dataclass
class PeriodFigures:
    definition: FormDefinition
    period: Period
    by_unit: dict[int | None, dict[int, dict[int, int]]]  # unit → lĩnh vực → column → value
    rows: list  # [(FieldRow, values)], the department's sums over the units with figures
    missing: list[Missing] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_columns: set[int] = field(default_factory=set)  # blank for the period: not derivable from the quarters

    @property
    def has_figures(self) -> bool:
        return bool(self.rows)

    def missing_units(self) -> list[str]:
        return list(dict.fromkeys(m.unit for m in self.missing))

    def missing_text(self) -> str:
        """"Chưa có số liệu của: Chi cục Kiểm lâm; Chi cục Thủy sản (lĩnh vực Thủy sản)." or "", and which
        columns are left blank because the quarters cannot give them."""
        blank = ""
        if self.unknown_columns:
            columns = _columns(sorted(self.unknown_columns))
            blank = (f"{columns[0].upper()}{columns[1:]} để trống: không tính được từ số liệu các quý "
                     "(có số chuyển tiếp giữa các quý).")
        if not self.missing:
            return blank
        return (self._missing_units_text() + (" " + blank if blank else "")).strip()

    def _missing_units_text(self) -> str:
        parts = []
        for unit in self.missing_units():
            fields = [m.field for m in self.missing if m.unit == unit and m.field]
            whole = fields == [] or set(fields) == set(self._unit_fields.get(unit, fields))
            parts.append(unit if whole else f"{unit} (lĩnh vực {', '.join(fields)})")
        return "Chưa có số liệu của: " + "; ".join(parts) + "."

    _unit_fields: dict[str, list[str]] = field(default_factory=dict, repr=False)


def _columns(numbers: list[int]) -> str:
    """"cột (6), (7)"."""
    return ("cột " if len(numbers) == 1 else "các cột ") + ", ".join(f"({c})" for c in numbers)


def _stored(s, code: str, periods: list[str]) -> dict[tuple[str, int | None], dict[int, dict[int, int]]]:
    out: dict[tuple[str, int | None], dict[int, dict[int, int]]] = {}
    for r in s.scalars(select(FormFigure).where(FormFigure.form_code == code, FormFigure.period.in_(periods))):
        values = {int(k): int(v or 0) for k, v in (r.values or {}).items() if str(k).isdigit()}
        out.setdefault((r.period, r.unit_id), {})[r.field_id] = values
    return out


def _expected(s) -> dict[int, list[int]]:
    """Units that report the forms (handle dossiers) → the lĩnh vực ids they report (all active ones when
    a unit has none set)."""
    units = s.scalars(select(Unit).where(Unit.active.is_(True), Unit.handles_dossiers.is_(True))
                      .options(selectinload(Unit.fields))).all()
    every: list[int] | None = None
    out = {}
    for u in units:
        own = [f.id for f in u.fields if f.active]
        if not own and every is None:
            every = [f.id for f in sorted(s.scalars(select(Field).where(Field.active.is_(True))).all(),
                                          key=lambda f: (f.position, sort_key(f.name)))]
        out[u.id] = own or every
    return out


def _cumulative(d: FormDefinition, period: Period, stored, unit_id, unit: str, field_names: dict[int, str],
                warnings: list[str]) -> tuple[dict[int, dict[int, int]], dict[int, tuple[str, ...]]]:
    """(figures by lĩnh vực, lĩnh vực → quarters lacking) for one unit and a cumulative period."""
    quarters = period.quarters
    per_quarter = [stored.get((q.code, unit_id), {}) for q in quarters]
    fields = set().union(*per_quarter) | set(stored.get((period.code, unit_id), {}))
    computed, lacking = {}, {}
    for fid in fields:
        absent = tuple(q.label for q, got in zip(quarters, per_quarter) if fid not in got)
        if absent:
            lacking[fid] = absent
        else:
            computed[fid] = cumulate(d, [got[fid] for got in per_quarter])
    direct = stored.get((period.code, unit_id))
    if not direct:
        return computed, lacking
    for fid, values in direct.items():
        if fid in computed:
            for col, entered, summed in differences(values, computed[fid], d.value_columns):
                warnings.append(
                    f"{d.code} {period.label}, {unit}, lĩnh vực {field_names.get(fid, fid)}: cột ({col}) nhập trực "
                    f"tiếp {format_number(entered)}, tính từ các quý {format_number(summed)}; dùng số nhập trực tiếp.")
    return dict(direct), {}


def period_figures(db: Database, code: str, period: Period) -> PeriodFigures:
    from tthc_desktop.services.forms import _field_rows, get_definition

    d = get_definition(code, period)
    codes = [period.code] + ([q.code for q in period.quarters] if not period.is_quarter else [])
    with db.session() as s:
        stored = _stored(s, d.code, codes)
        expected = _expected(s)
        all_fields = s.scalars(select(Field)).all()
        field_names = {f.id: f.name for f in all_fields}
        units = {u.id: u.name for u in s.scalars(select(Unit))}
        profile = s.scalar(select(AgencyProfile))
        agency = (profile.name if profile else "") or "Sở"
    unit_ids = list(expected) + [u for u in dict.fromkeys(k[1] for k in stored) if u not in expected]
    result = PeriodFigures(d, period, {}, [])
    label = lambda uid: units.get(uid, agency) if uid is not None else agency  # noqa: E731
    for uid in unit_ids:
        name = label(uid)
        if period.is_quarter:
            values, lacking = stored.get((period.code, uid), {}), {}
        else:
            values, lacking = _cumulative(d, period, stored, uid, name, field_names, result.warnings)
        if values:
            result.by_unit[uid] = values
        wanted = expected.get(uid, [])
        result._unit_fields[name] = [field_names[f] for f in wanted]
        for fid in wanted:
            if fid not in values:
                result.missing.append(Missing(name, d.code, field_names[fid], lacking.get(fid, ())))
        if values and not period.is_quarter:
            unknown = sorted({c for row in values.values() for c, v in row.items() if v is None})
            if unknown:
                result.unknown_columns.update(unknown)
                result.warnings.append(
                    f"{d.code} {period.label}, {name}: {_columns(unknown)} không tính được từ các quý vì có số chuyển "
                    f"tiếp từ quý trước sang quý sau (được tính ở cả hai quý); để trống, hãy nhập trực tiếp số liệu "
                    f"{period.label} của đơn vị.")
            for fid, row in values.items():
                for v in d.check_row(field_names.get(fid, str(fid)), row):
                    if v.hard:
                        result.warnings.append(
                            f"{d.code} {period.label}, {name}: {v.message()} Số liệu này cộng từ các quý; số chuyển "
                            "tiếp giữa hai quý được tính ở cả hai quý: nếu cần số chính xác, hãy nhập trực tiếp "
                            f"số liệu {period.label}.")
    if not expected and not stored:
        result.missing.append(Missing(agency, d.code, None))
    for unit in result.missing_units():
        mine = [m for m in result.missing if m.unit == unit]
        fields = [m.field for m in mine if m.field]
        quarters = list(dict.fromkeys(q for m in mine for q in m.quarters))
        where = f" (lĩnh vực {', '.join(fields)})" if fields else ""
        when = f"; thiếu số liệu {', '.join(quarters)}" if quarters else ""
        result.warnings.append(f"Chưa có số liệu {d.code} {period.label} của {unit}{where}{when}.")
    sums: dict[int, dict[int, int | None]] = {}
    for values in result.by_unit.values():
        for fid, row in values.items():
            acc = sums.setdefault(fid, {c: 0 for c in d.value_columns})
            for c in d.value_columns:
                if acc[c] is not None:  # one unit's unknown column leaves the department's unknown
                    acc[c] = None if c in row and row[c] is None else acc[c] + int(row.get(c, 0))
    result.rows = [(row, sums[row.field_id]) for row in _field_rows([f for f in all_fields if f.id in sums])]
    return result


def period_extras(db: Database, code: str, period: Period) -> dict[str, int]:
    """Supplementary figures (PAKN by channel) of the units, summed; a cumulative period adds its quarters
    for the units that did not enter it directly."""
    with db.session() as s:
        rows = s.scalars(select(FormFigure).where(FormFigure.form_code == code,
                                                  FormFigure.period.in_([period.code] + [q.code for q in period.quarters]))).all()
        direct = {r.unit_id for r in rows if r.period == period.code}
        out: dict[str, int] = {}
        for r in rows:
            if r.period != period.code and r.unit_id in direct:
                continue
            for k, v in (r.values or {}).items():
                if not str(k).isdigit():
                    out[k] = out.get(k, 0) + int(v or 0)
        return out
