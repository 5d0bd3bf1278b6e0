"""The rule tables of the derive engine, kept in the database so the officer can edit them.

Seeded from resources/rules/default_rules.json the first time they are needed; after that
the database is the truth (names change: departments merge, district level is abolished).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, select

from tthc_desktop.domain.relevance import AgencyRules
from tthc_desktop.domain.text import normalize
from tthc_desktop.errors import ValidationError
from tthc_desktop.storage.database import Database
from tthc_desktop.storage.models import AgencyProfile, Rule, Setting

# table key → what the rules editor calls it
RULE_TABLES = {
    "department_alias": "Tên khác của Sở",
    "department_collective": "Cách gọi chung các sở (Sở có trong đó)",
    "province_office": "Cơ quan soạn kế hoạch của tỉnh",
    "other_agency": "Cơ quan khác",
    "internal_work": "Việc riêng của tỉnh",
    "role_qualifier": "Cụm từ không phải vai trò",
    "rewording": "Gợi ý sửa lời văn",
    "unit_default": "Đơn vị mặc định trong Sở",
    "unit_phrase": "Cách gọi chung các đơn vị thuộc Sở",
    "unit_topic": "Từ ngữ cho biết đơn vị liên quan",
}
_SEEDED_KEY = "rules.seeded_version"
UNIT_RULES_FILE = "unit_phrases.json"  # its tables reach databases seeded before they existed, once
_UNIT_SEEDED_KEY = "rules.unit_phrases_seeded"


@dataclass
class RuleInfo:
    id: int
    table: str
    pattern: str
    replacement: str = ""
    note: str = ""
    position: int = 0
    active: bool = True

    def as_dict(self) -> dict:
        return {"pattern": self.pattern, "replacement": self.replacement, "note": self.note, "active": self.active}


@lru_cache(maxsize=1)
def default_document() -> dict:
    from tthc_desktop.paths import resources_dir

    return json.loads((resources_dir() / "rules" / "default_rules.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def unit_rules_document() -> dict:
    from tthc_desktop.paths import resources_dir

    return json.loads((resources_dir() / "rules" / UNIT_RULES_FILE).read_text(encoding="utf-8"))


def default_tables() -> dict[str, list[dict]]:
    tables = {**default_document()["tables"], **unit_rules_document()["tables"]}
    return {k: [dict(r) for r in v] for k, v in tables.items()}


def ensure_unit_rules(db: Database) -> None:
    """Seed the unit phrase and topic tables into a database whose rules were seeded before they existed."""
    ensure_rules(db)
    with db.session() as s:
        if s.get(Setting, _UNIT_SEEDED_KEY) is not None:
            return
        for table, rows in unit_rules_document()["tables"].items():
            if s.scalar(select(func.count()).select_from(Rule).where(Rule.table == table)):
                continue
            for pos, row in enumerate(rows):
                s.add(Rule(table=table, pattern=row["pattern"], replacement=row.get("replacement", ""),
                           note=row.get("note", ""), position=pos, active=row.get("active", True)))
        s.add(Setting(key=_UNIT_SEEDED_KEY, value=unit_rules_document().get("version", 1)))


def default_agency_rules(agency_name: str, extra_aliases=()) -> AgencyRules:
    """The rules without a database (``tthc plan derive`` needs none)."""
    return AgencyRules.from_tables(agency_name, default_tables(), extra_aliases)


def _info(r: Rule) -> RuleInfo:
    return RuleInfo(r.id, r.table, r.pattern, r.replacement or "", r.note or "", r.position, bool(r.active))


def ensure_rules(db: Database) -> int:
    """Seed the rules table once (returns how many rows were added; 0 when already seeded)."""
    version = default_document().get("version", 1)
    with db.session() as s:
        seeded = s.get(Setting, _SEEDED_KEY)
        if seeded is not None:
            return 0
        added = 0
        if not s.scalar(select(func.count()).select_from(Rule)):
            for table, rows in default_tables().items():
                for pos, row in enumerate(rows):
                    s.add(Rule(table=table, pattern=row["pattern"], replacement=row.get("replacement", ""),
                               note=row.get("note", ""), position=pos, active=row.get("active", True)))
                    added += 1
        s.add(Setting(key=_SEEDED_KEY, value=version))
    return added


def load_tables(db: Database) -> dict[str, list[dict]]:
    ensure_rules(db)
    tables: dict[str, list[dict]] = {k: [] for k in RULE_TABLES}
    with db.session() as s:
        for r in s.scalars(select(Rule).order_by(Rule.table, Rule.position, Rule.id)):
            tables.setdefault(r.table, []).append(_info(r).as_dict())
    return tables


def load_agency_rules(db: Database, agency_name: str | None = None) -> AgencyRules:
    """The department's rules; its name and short name come from the profile unless given."""
    extra: list[str] = []
    with db.session() as s:
        profile = s.scalars(select(AgencyProfile)).first()
        if profile is not None:
            agency_name = agency_name or profile.name
            if profile.short_name:
                extra.append(profile.short_name)
    if not agency_name:
        raise ValidationError("Chưa có tên Sở: hãy nhập thông tin cơ quan trước khi lập kế hoạch.")
    return AgencyRules.from_tables(agency_name, load_tables(db), extra)


def list_rules(db: Database, table: str | None = None) -> list[RuleInfo]:
    ensure_rules(db)
    with db.session() as s:
        q = select(Rule).order_by(Rule.table, Rule.position, Rule.id)
        if table:
            q = q.where(Rule.table == table)
        return [_info(r) for r in s.scalars(q)]


def _check(table: str, pattern: str) -> str:
    if table not in RULE_TABLES:
        raise ValidationError(f"Không có bảng quy tắc «{table}».")
    pattern = normalize(pattern)
    if not pattern:
        raise ValidationError("Quy tắc cần có cụm từ cần tìm.")
    if pattern.startswith("re:"):
        try:
            re.compile(pattern[3:])
        except re.error as exc:
            raise ValidationError(f"Biểu thức «{pattern}» không hợp lệ (lỗi ở ký tự thứ {(exc.pos or 0) + 4}).") from exc
    return pattern


def add_rule(db: Database, table: str, pattern: str, replacement: str = "", note: str = "",
             active: bool = True) -> RuleInfo:
    pattern = _check(table, pattern)
    ensure_rules(db)
    with db.session() as s:
        pos = s.scalar(select(func.max(Rule.position)).where(Rule.table == table))
        row = Rule(table=table, pattern=pattern, replacement=normalize(replacement), note=normalize(note),
                   position=(pos or 0) + 1, active=active)
        s.add(row)
        s.flush()
        return _info(row)


def update_rule(db: Database, rule_id: int, **changes) -> RuleInfo:
    with db.session() as s:
        row = s.get(Rule, rule_id)
        if row is None:
            raise ValidationError(f"Không có quy tắc mã số {rule_id}.")
        if "pattern" in changes:
            row.pattern = _check(row.table, changes["pattern"])
        for key in ("replacement", "note"):
            if key in changes:
                setattr(row, key, normalize(changes[key]))
        if "active" in changes:
            row.active = bool(changes["active"])
        if "position" in changes:
            row.position = int(changes["position"])
        s.flush()
        return _info(row)


def delete_rule(db: Database, rule_id: int) -> None:
    with db.session() as s:
        row = s.get(Rule, rule_id)
        if row is None:
            raise ValidationError(f"Không có quy tắc mã số {rule_id}.")
        s.delete(row)


def reset_rules(db: Database, table: str | None = None) -> int:
    """Put back the default rows of one table (or all); the officer's rows there are removed."""
    ensure_rules(db)
    defaults = default_tables()
    tables = [table] if table else list(defaults)
    added = 0
    with db.session() as s:
        for name in tables:
            for r in s.scalars(select(Rule).where(Rule.table == name)):
                s.delete(r)
            for pos, row in enumerate(defaults.get(name, [])):
                s.add(Rule(table=name, pattern=row["pattern"], replacement=row.get("replacement", ""),
                           note=row.get("note", ""), position=pos, active=row.get("active", True)))
                added += 1
    return added
