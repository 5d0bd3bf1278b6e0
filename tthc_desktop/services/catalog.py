"""The department's own catalogue: agency profile, internal units, unit groups and fields (lĩnh vực).

Everything is returned as plain dataclasses (or a detached AgencyProfile with scalar columns only)
so callers never touch a lazy relationship outside a session. Names are compared accent- and
case-insensitively, so "chi cuc kiem lam" finds "Chi cục Kiểm lâm".
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from tthc_desktop.domain.text import fold, has_line_break, normalize, one_line, sort_key
from tthc_desktop.errors import ValidationError
from tthc_desktop.services import catalog_conflicts, conflicts
from tthc_desktop.services.history import recorded
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import AgencyProfile, Field, FormFigure, TaskUnit, Unit, UnitGroup

PROFILE_FIELDS = (
    "parent_body", "name", "short_name", "short_code", "place_name", "signer_name", "signer_title",
    "signer_prefix", "signer_deputy_title", "office_email", "province_email", "province_office",
    "report_deadline_day", "unit_deadline_day",
)
_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[A-Za-z]{2,}$")
_CODE = re.compile(r"^[A-Za-zĐđ0-9&.\-]+$")


@dataclass
class UnitInfo:
    id: int
    name: str
    short_name: str = ""
    email: str = ""
    handles_dossiers: bool = False  # receives and resolves TTHC
    active: bool = True
    position: int = 0
    specialised: bool = False  # phòng chuyên môn
    drafts_legal: bool = False  # drafts legal documents
    groups: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    version: int = 0  # saved back as expected_version (optimistic locking)
    tasks_changed: int = 0  # after a save: the tracked plan's tasks whose units followed the change


@dataclass
class GroupInfo:
    id: int
    name: str
    units: list[str] = field(default_factory=list)
    tasks_changed: int = 0  # after a save: the tracked plan's tasks whose units followed the change


def _resolved_by(info: UnitInfo) -> tuple:
    """What the plan's words are resolved by: the name, being active, the groups, the lĩnh vực, the roles."""
    return (info.name, info.active, sorted(info.groups), sorted(info.fields), info.handles_dossiers,
            info.specialised, info.drafts_legal)


def _followed(db: Database, info):
    """``info`` with the count of the tracked plan's tasks whose units followed the catalog change (the
    resolving is part of the same recorded operation: one undo puts both back)."""
    from tthc_desktop.services.unit_roles import follow_catalog

    info.tasks_changed = follow_catalog(db)
    return info


@dataclass
class FieldInfo:
    id: int
    name: str
    level: str = ""
    active: bool = True
    position: int = 0


@lru_cache(maxsize=1)
def defaults() -> dict:
    """resources/defaults.json: the example profile, units, groups and fields of a Sở NN&PTNT."""
    from tthc_desktop.paths import resources_dir

    return json.loads((resources_dir() / "defaults.json").read_text(encoding="utf-8"))


def example_profile() -> dict:
    return dict(defaults()["profile_example"])


# ---------------------------------------------------------------- validation helpers
def split_emails(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,\s]+", value or "") if p.strip()]


def check_emails(value: str, label: str) -> str:
    """Returns the addresses joined by "; " or raises ValidationError naming the bad one."""
    addresses = split_emails(value)
    for address in addresses:
        if not _EMAIL.match(address):
            raise ValidationError(f"Địa chỉ thư điện tử «{address}» ở mục «{label}» không đúng dạng (ví dụ: vanphong@snn.gov.vn).")
    return "; ".join(addresses)


def _required_name(value: str, what: str) -> str:
    name = normalize(value)
    if not name:
        raise ValidationError(f"Chưa nhập tên {what}.")
    return name


# ---------------------------------------------------------------- agency profile
def get_profile(db: Database) -> AgencyProfile | None:
    with db.session() as s:
        return s.scalars(select(AgencyProfile).order_by(AgencyProfile.id)).first()


def has_profile(db: Database) -> bool:
    return get_profile(db) is not None


def validate_profile(values: dict) -> dict:
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Thông tin cơ quan không có mục «{sorted(unknown)[0]}».")
    clean: dict = {}
    for key, value in values.items():
        if key.endswith("_day"):
            try:
                day = int(value)
            except (TypeError, ValueError):
                raise ValidationError(f"Ngày hạn báo cáo «{value}» phải là một số từ 1 đến 28.") from None
            if not 1 <= day <= 28:
                raise ValidationError(f"Ngày hạn báo cáo {day} phải nằm trong khoảng 1 đến 28.")
            clean[key] = day
        elif key.endswith("_email"):
            label = "Thư điện tử của Văn phòng" if key == "office_email" else "Thư điện tử nhận báo cáo của tỉnh"
            clean[key] = check_emails(str(value or ""), label)
        else:
            text = str(value or "")
            if has_line_break(text):  # each is one line of a heading or an e-mail header
                shown = one_line(text)
                raise ValidationError(f"Thông tin cơ quan «{shown[:60]}» chỉ được ghi trên một dòng; hãy bỏ dấu "
                                      "xuống dòng.")
            clean[key] = normalize(text)
    if "name" in clean and not clean["name"]:
        raise ValidationError("Chưa nhập tên cơ quan (ví dụ: Sở Nông nghiệp và Phát triển nông thôn).")
    if clean.get("short_code") and not _CODE.match(clean["short_code"]):
        raise ValidationError(
            f"Chữ viết tắt «{clean['short_code']}» dùng trong số ký hiệu văn bản chỉ gồm chữ, số, dấu gạch ngang (ví dụ: SNNPTNT)."
        )
    return clean


def _unit_name(db: Database, unit_id: int) -> str:
    with db.session() as s:
        unit = s.get(Unit, unit_id)
        return unit.name if unit is not None else f"mã {unit_id}"


def _first_profile(s) -> AgencyProfile | None:
    return s.scalars(select(AgencyProfile).order_by(AgencyProfile.id)).first()


@recorded("profile", lambda db, **f: "Sửa thông tin cơ quan")
def save_profile(db: Database, *, expected_version: int | None = None, **fields) -> AgencyProfile:
    """Create or update the single profile row; raises ValidationError on a bad value, nothing written.

    ``expected_version``: the profile's version the officer edited (0: none yet); a colleague's newer
    save raises EditConflictError and nothing is written."""
    clean = validate_profile(fields)

    state = lambda s: catalog_conflicts.profile_state(_first_profile(s), clean)  # noqa: E731
    with conflicts.checked_session(db, expected_version, state) as s:
        profile = _first_profile(s)
        if profile is None:
            if not clean.get("name"):
                raise ValidationError("Chưa nhập tên cơ quan (ví dụ: Sở Nông nghiệp và Phát triển nông thôn).")
            profile = AgencyProfile()
            s.add(profile)
        for key, value in clean.items():
            setattr(profile, key, value)
        s.flush()
        s.refresh(profile)
        return profile


# ---------------------------------------------------------------- units
def _unit_info(u: Unit) -> UnitInfo:
    return UnitInfo(
        id=u.id, name=u.name, short_name=u.short_name or "", email=u.email or "",
        handles_dossiers=bool(u.handles_dossiers), active=bool(u.active), position=u.position or 0,
        specialised=bool(u.specialised), drafts_legal=bool(u.drafts_legal),
        groups=sorted((g.name for g in u.groups), key=sort_key),
        fields=[f.name for f in sorted(u.fields, key=lambda f: (f.position, sort_key(f.name)))],
        version=u.version,
    )


def _matches(search: str, *values: str) -> bool:
    needle = fold(search)
    return not needle or any(needle in fold(v) for v in values)


def list_units(db: Database, *, active_only: bool = False, search: str = "") -> list[UnitInfo]:
    """Units in the order of the department's organisation chart (position), then alphabetical."""
    with db.session() as s:
        units = s.scalars(select(Unit)).all()
        out = [_unit_info(u) for u in units if (u.active or not active_only)]
    out = [u for u in out if _matches(search, u.name, u.short_name, u.email, *u.groups, *u.fields)]
    return sorted(out, key=lambda u: (u.position, sort_key(u.name)))


def get_unit(db: Database, unit_id: int) -> UnitInfo:
    with db.session() as s:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise ValidationError(f"Không có đơn vị mã số {unit_id}.")
        return _unit_info(unit)


def find_unit(db: Database, name: str) -> UnitInfo | None:
    """A unit by name or short name, ignoring accents and case."""
    key = fold(name)
    for unit in list_units(db):
        if key and key in (fold(unit.name), fold(unit.short_name)):
            return unit
    return None


def _by_name_or_id(s, model, values, what: str) -> list:
    rows = s.scalars(select(model)).all()
    by_fold = {fold(r.name): r for r in rows}
    by_id = {r.id: r for r in rows}
    out = []
    for v in values or ():
        row = by_id.get(v) if isinstance(v, int) else by_fold.get(fold(v))
        if row is None:
            raise ValidationError(f"Không có {what} «{v}» trong danh mục.")
        if row not in out:
            out.append(row)
    return out


def _check_unique(s, model, name: str, own_id: int | None, what: str) -> None:
    for row in s.scalars(select(model)).all():
        if row.id != own_id and fold(row.name) == fold(name):
            raise ValidationError(f"Đã có {what} «{row.name}» trong danh mục.")


@recorded("catalog", lambda db, name, **k: f"Thêm đơn vị «{name}»")
def add_unit(db: Database, name: str, *, short_name: str = "", email: str = "", handles_dossiers: bool = False,
             groups=(), fields=(), active: bool = True, position: int | None = None, specialised: bool = False,
             drafts_legal: bool = False) -> UnitInfo:
    name = _required_name(name, "đơn vị")
    email = check_emails(email, f"Thư điện tử của {name}")
    with db.session() as s:
        _check_unique(s, Unit, name, None, "đơn vị")
        if position is None:
            position = (s.scalar(select(func.max(Unit.position))) or 0) + 1
        unit = Unit(name=name, short_name=normalize(short_name), email=email, handles_dossiers=bool(handles_dossiers),
                    active=bool(active), position=position, specialised=bool(specialised),
                    drafts_legal=bool(drafts_legal))
        member_of = _by_name_or_id(s, UnitGroup, groups, "nhóm đơn vị")
        handled = _by_name_or_id(s, Field, fields, "lĩnh vực")
        s.add(unit)
        unit.groups, unit.fields = member_of, handled
        s.flush()
        info = _unit_info(unit)
    return _followed(db, info)


@recorded("catalog", lambda db, unit_id, **k: f"Sửa đơn vị «{_unit_name(db, unit_id)}»")
def update_unit(db: Database, unit_id: int, *, expected_version: int | None = None, **changes) -> UnitInfo:
    """``expected_version``: the unit's version the officer edited; a colleague's newer save (or the unit
    deleted meanwhile) raises EditConflictError and nothing is written."""
    allowed = {"name", "short_name", "email", "handles_dossiers", "active", "position", "groups", "fields",
               "specialised", "drafts_legal"}
    if set(changes) - allowed:
        raise ValidationError(f"Đơn vị không có mục «{sorted(set(changes) - allowed)[0]}».")
    with conflicts.checked_session(db, expected_version, lambda s: catalog_conflicts.unit_state(s, unit_id, changes, _unit_info)) as s:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise ValidationError(f"Không có đơn vị mã số {unit_id}.")
        resolved_by = _resolved_by(_unit_info(unit))
        if "name" in changes:
            unit.name = _required_name(changes["name"], "đơn vị")
            _check_unique(s, Unit, unit.name, unit.id, "đơn vị")
        if "short_name" in changes:
            unit.short_name = normalize(changes["short_name"])
        if "email" in changes:
            unit.email = check_emails(changes["email"], f"Thư điện tử của {unit.name}")
        for flag in ("handles_dossiers", "active", "specialised", "drafts_legal"):
            if flag in changes:
                setattr(unit, flag, bool(changes[flag]))
        if "position" in changes:
            unit.position = int(changes["position"])
        links = (set(unit.groups), set(unit.fields))
        if "groups" in changes:
            unit.groups = _by_name_or_id(s, UnitGroup, changes["groups"], "nhóm đơn vị")
        if "fields" in changes:
            unit.fields = _by_name_or_id(s, Field, changes["fields"], "lĩnh vực")
        if links != (set(unit.groups), set(unit.fields)):
            flag_modified(unit, "position")  # link tables only: the unit's version must move on all the same
        s.flush()
        info = _unit_info(unit)
    # Only what the plan's words are resolved by: an e-mail or a short name moves no task.
    return _followed(db, info) if resolved_by != _resolved_by(info) else info


def unit_usage(db: Database, unit_id: int) -> dict[str, int]:
    """How many task assignments and form rows would go with the unit (shown before deleting)."""
    with db.session() as s:
        tasks = s.scalar(select(func.count()).select_from(TaskUnit).where(TaskUnit.unit_id == unit_id)) or 0
        figures = s.scalar(select(func.count()).select_from(FormFigure).where(FormFigure.unit_id == unit_id)) or 0
    return {"tasks": tasks, "figures": figures}


@recorded("catalog", lambda db, unit_id: f"Xóa đơn vị «{_unit_name(db, unit_id)}»")
def delete_unit(db: Database, unit_id: int) -> int:
    """Returns how many of the tracked plan's tasks changed units (see ``_followed``)."""
    from tthc_desktop.services.unit_roles import follow_catalog

    with db.session() as s:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise ValidationError(f"Không có đơn vị mã số {unit_id}.")
        s.delete(unit)
    return follow_catalog(db)


# ---------------------------------------------------------------- unit groups
def list_groups(db: Database, *, search: str = "") -> list[GroupInfo]:
    with db.session() as s:
        out = [
            GroupInfo(g.id, g.name, [u.name for u in sorted(g.units, key=lambda u: (u.position, sort_key(u.name)))])
            for g in s.scalars(select(UnitGroup)).all()
        ]
    return sorted([g for g in out if _matches(search, g.name, *g.units)], key=lambda g: sort_key(g.name))


@recorded("catalog", lambda db, name, *a, **k: f"Thêm nhóm đơn vị «{name}»")
def add_group(db: Database, name: str, units=()) -> GroupInfo:
    name = _required_name(name, "nhóm đơn vị")
    with db.session() as s:
        _check_unique(s, UnitGroup, name, None, "nhóm đơn vị")
        group = UnitGroup(name=name)
        members = _by_name_or_id(s, Unit, units, "đơn vị")
        s.add(group)
        group.units = members
        s.flush()
        info = GroupInfo(group.id, group.name, [u.name for u in group.units])
    return _followed(db, info)


@recorded("catalog", lambda db, group_id, **k: f"Sửa nhóm đơn vị mã {group_id}")
def update_group(db: Database, group_id: int, *, name: str | None = None, units=None) -> GroupInfo:
    with db.session() as s:
        group = s.get(UnitGroup, group_id)
        if group is None:
            raise ValidationError(f"Không có nhóm đơn vị mã số {group_id}.")
        if name is not None:
            group.name = _required_name(name, "nhóm đơn vị")
            _check_unique(s, UnitGroup, group.name, group.id, "nhóm đơn vị")
        if units is not None:
            group.units = _by_name_or_id(s, Unit, units, "đơn vị")
        s.flush()
        info = GroupInfo(group.id, group.name, [u.name for u in group.units])
    return _followed(db, info)


@recorded("catalog", lambda db, group_id: f"Xóa nhóm đơn vị mã {group_id}")
def delete_group(db: Database, group_id: int) -> int:
    """Returns how many of the tracked plan's tasks changed units (see ``_followed``)."""
    from tthc_desktop.services.unit_roles import follow_catalog

    with db.session() as s:
        group = s.get(UnitGroup, group_id)
        if group is None:
            raise ValidationError(f"Không có nhóm đơn vị mã số {group_id}.")
        s.delete(group)
    return follow_catalog(db)


# ---------------------------------------------------------------- fields (lĩnh vực)
def list_fields(db: Database, *, active_only: bool = False, search: str = "") -> list[FieldInfo]:
    """Fields in form-row order (position), then alphabetical."""
    with db.session() as s:
        out = [FieldInfo(f.id, f.name, f.level or "", bool(f.active), f.position or 0) for f in s.scalars(select(Field))]
    out = [f for f in out if (f.active or not active_only) and _matches(search, f.name, f.level)]
    return sorted(out, key=lambda f: (f.position, sort_key(f.name)))


@recorded("catalog", lambda db, name, **k: f"Thêm lĩnh vực «{name}»")
def add_field(db: Database, name: str, *, level: str = "", active: bool = True, position: int | None = None) -> FieldInfo:
    name = _required_name(name, "lĩnh vực")
    with db.session() as s:
        _check_unique(s, Field, name, None, "lĩnh vực")
        if position is None:
            position = (s.scalar(select(func.max(Field.position))) or 0) + 1
        row = Field(name=name, level=normalize(level), active=bool(active), position=position)
        s.add(row)
        s.flush()
        return FieldInfo(row.id, row.name, row.level, row.active, row.position)


@recorded("catalog", lambda db, field_id, **k: f"Sửa lĩnh vực mã {field_id}")
def update_field(db: Database, field_id: int, *, name: str | None = None, level: str | None = None,
                 active: bool | None = None, position: int | None = None) -> FieldInfo:
    with db.session() as s:
        row = s.get(Field, field_id)
        if row is None:
            raise ValidationError(f"Không có lĩnh vực mã số {field_id}.")
        if name is not None:
            row.name = _required_name(name, "lĩnh vực")
            _check_unique(s, Field, row.name, row.id, "lĩnh vực")
        if level is not None:
            row.level = normalize(level)
        if active is not None:
            row.active = bool(active)
        if position is not None:
            row.position = int(position)
        s.flush()
        return FieldInfo(row.id, row.name, row.level, row.active, row.position)


def field_usage(db: Database, field_id: int) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(FormFigure).where(FormFigure.field_id == field_id)) or 0


@recorded("catalog", lambda db, field_id: f"Xóa lĩnh vực mã {field_id}")
def delete_field(db: Database, field_id: int) -> None:
    with db.session() as s:
        row = s.get(Field, field_id)
        if row is None:
            raise ValidationError(f"Không có lĩnh vực mã số {field_id}.")
        s.delete(row)


# ---------------------------------------------------------------- defaults
def seed_defaults(db: Database) -> dict[str, int]:
    """Add the default fields, unit groups and units that are missing (matched by folded name).

    Idempotent: existing rows, including ones the officer edited, are left alone.
    Returns how many of each were added.
    """
    data = defaults()
    added = {"fields": 0, "groups": 0, "units": 0}
    with db.session() as s:
        fields = {fold(f.name): f for f in s.scalars(select(Field))}
        for pos, name in enumerate(data["fields"], start=1):
            if fold(name) not in fields:
                fields[fold(name)] = Field(name=name, position=pos)
                s.add(fields[fold(name)])
                added["fields"] += 1
        groups = {fold(g.name): g for g in s.scalars(select(UnitGroup))}
        group_rows = []
        for name in data["groups"]:
            if fold(name) not in groups:
                groups[fold(name)] = UnitGroup(name=name)
                s.add(groups[fold(name)])
                added["groups"] += 1
            group_rows.append(groups[fold(name)])
        units = {fold(u.name) for u in s.scalars(select(Unit))}
        for pos, spec in enumerate(data["units"], start=1):
            if fold(spec["name"]) in units:
                continue
            unit = Unit(name=spec["name"], short_name=spec.get("short_name", ""),
                        handles_dossiers=bool(spec.get("handles_dossiers")), position=pos,
                        specialised=bool(spec.get("specialised")), drafts_legal=bool(spec.get("drafts_legal")))
            unit.groups = [group_rows[i] for i in spec.get("groups", [])]
            unit.fields = [fields[fold(n)] for n in spec.get("fields", [])]
            s.add(unit)
            added["units"] += 1
    return added
