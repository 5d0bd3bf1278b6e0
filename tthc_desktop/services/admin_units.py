"""Provinces and departments as named after the 2025 reorganisation (data: resources/admin_units_2025.json),
and the mapping from the names older plans and reports carry (63 provinces; Sở NN&PTNT, Sở TN&MT …).

The setup dialog offers ``setup_choices()``; importing or reusing an older plan maps its names with
``current_department`` / ``current_province`` / ``modernize_text`` (suggestions shown to the officer).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from tthc_desktop.domain.text import fold, sort_key


@dataclass(frozen=True)
class Renamed:
    old: str
    new: str


@lru_cache(maxsize=1)
def _data() -> dict:
    from tthc_desktop.paths import resources_dir

    return json.loads((resources_dir() / "admin_units_2025.json").read_text(encoding="utf-8"))


def provinces() -> list[dict]:
    """The 34 provincial units from 01/7/2025, in Vietnamese order: {"name", "kind", "merged_from"}."""
    return sorted(_data()["provinces"], key=lambda p: sort_key(p["name"]))


def departments() -> list[dict]:
    """The departments (sở) as named after the 2025 merger: {"name", "short_name", "short_code", "merged_from"}."""
    return list(_data()["departments"])


def setup_choices() -> dict:
    """What the setup dialog lists: province names, "UBND tỉnh …" lines, departments with short name and code."""
    return {"provinces": [p["name"] for p in provinces()],
            "parent_bodies": [f"UBND {p['kind']} {p['name']}" for p in provinces()],
            "departments": [{k: d[k] for k in ("name", "short_name", "short_code")} for d in departments()]}


def current_profile(values: dict) -> dict:
    """An agency profile with an older department name (and its short name and code) and province replaced
    by today's: {"name": "Sở Nông nghiệp và Phát triển nông thôn", …} → "Sở Nông nghiệp và Môi trường" …"""
    out = dict(values)
    name = current_department(values.get("name", ""))
    merged = next((d for d in departments() if d["name"] == name), None)
    if merged and name != values.get("name"):
        out.update(name=name, short_name=merged["short_name"], short_code=merged["short_code"])
    if values.get("place_name"):
        out["place_name"] = current_province(values["place_name"])
    return out


def _department_map() -> dict[str, str]:
    out = {}
    for d in departments():
        for old in d["merged_from"]:
            out[fold(old)] = d["name"]
    for short, full in _data().get("short_aliases", {}).items():
        if fold(full) in out:
            out[fold(short)] = out[fold(full)]
    return out


def current_department(name: str) -> str:
    """"Sở Nông nghiệp và Phát triển nông thôn" (or "Sở NN&PTNT") → "Sở Nông nghiệp và Môi trường"; else unchanged."""
    return _department_map().get(fold(name.strip()), name)


def current_province(name: str) -> str:
    """"Kon Tum" → "Quảng Ngãi"; a current or unknown name is returned unchanged."""
    key = fold(re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", name.strip(), flags=re.IGNORECASE))
    for p in provinces():
        if key == fold(p["name"]) or key in (fold(m) for m in p["merged_from"]):
            return p["name"]
    return name


def renamed_departments(text: str) -> list[Renamed]:
    """The old department names that occur in ``text`` and their names now (no change for identities)."""
    found = []
    folded = fold(text or "")
    for d in departments():
        for old in d["merged_from"]:
            if fold(old) != fold(d["name"]) and fold(old) in folded:
                found.append(Renamed(old, d["name"]))
    return found


def modernize_text(text: str) -> str:
    """Replace every old department name (full form, exact spelling) with its current name."""
    for r in sorted(renamed_departments(text), key=lambda r: -len(r.old)):
        text = re.sub(re.escape(r.old), r.new, text, flags=re.IGNORECASE)
    return text
