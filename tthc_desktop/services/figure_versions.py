"""The version of one unit's II.05a/II.06a grid for a period (optimistic locking of the figure grid).

A save replaces the grid's rows, so a row's own version would start again at 1: every save writes
all the grid's rows at one version, one above the grid's highest, and that is the grid's version.
"""
from __future__ import annotations

from sqlalchemy import func, select

from tthc_desktop.domain.periods import Period
from tthc_desktop.services import conflicts
from tthc_desktop.storage.models import Field, FormFigure, Unit

UNIQUE_KEYS = ("uq_form_figure_cell", "form_figures.form_code")  # a grid first saved by two officers at once


def grid(code: str, period: Period, unit_id: int | None) -> tuple:
    return (FormFigure.form_code == code, FormFigure.period == period.code,
            FormFigure.unit_id.is_(None) if unit_id is None else FormFigure.unit_id == unit_id)


def version_in(s, code: str, period: Period, unit_id: int | None) -> int:
    """0: nothing stored yet."""
    return s.scalar(select(func.max(FormFigure.version)).where(*grid(code, period, unit_id))) or 0


def grid_version(db, code: str, period: Period, unit_id: int | None) -> int:
    with db.read_session() as s:
        return version_in(s, code, period, unit_id)


def _shown(values: dict) -> str:
    columns = sorted((int(k), v) for k, v in (values or {}).items() if str(k).isdigit())
    return " · ".join(f"cột {k}: {v}" for k, v in columns)


def state(s, code: str, period: Period, unit_id: int | None, rows: dict[int, dict]) -> tuple[dict, dict]:
    """(theirs, mine) by lĩnh vực, only the ones whose figures differ."""
    stored = s.scalars(select(FormFigure).where(*grid(code, period, unit_id))).all()
    newest = max(stored, key=lambda r: r.version, default=None)
    names = {f.id: f.name for f in s.scalars(select(Field))}
    unit = s.get(Unit, unit_id).name if unit_id else "Sở"
    theirs = {names.get(r.field_id, str(r.field_id)): _shown(r.values) for r in stored}
    mine = {names.get(fid, str(fid)): _shown({str(k): v for k, v in values.items()}) for fid, values in rows.items()}
    return conflicts.compared(newest, f"Số liệu biểu {code} {period.label} của «{unit}»", theirs, mine)
