"""Which internal units a task's responsible-units cell concerns, as a proposal the officer confirms.

A plan names units one by one ("Văn phòng Sở") or by a collective phrase ("Các phòng, cơ quan,
đơn vị thuộc Sở có liên quan"). A collective phrase goes through the phrase rules (data, editable)
to a *selector*; the selector picks units by what the catalog says they do: handle TTHC, draft
legal documents, be a phòng chuyên môn, belong to a group, hold a lĩnh vực, or by the topic
rules matched on the task's own words (PAKN, hồ sơ, một cửa, số hoá → the units handling TTHC).

Selector grammar: alternatives separated by "|", the first one that picks any unit wins.
One alternative is ``all``, ``tthc``, ``drafting``, ``specialised``, ``field``, ``topic``,
``group:<name>``, ``name:<words in the unit name>`` or ``unit:<unit name>``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from tthc_desktop.domain.text import fold, normalize

ROLE_LABELS = {"lead": "Chủ trì", "coordinate": "Phối hợp"}  # a unit's role on a task, as the plans say it


@dataclass(frozen=True)
class UnitProfile:
    """What decides whether a phrase concerns a unit."""

    id: int
    name: str
    short_name: str = ""
    handles_tthc: bool = False
    specialised: bool = False
    drafts_legal: bool = False
    groups: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class SelectorRule:
    pattern: str  # words as the plan writes them; matched accent- and case-insensitively
    select: str
    note: str = ""


@dataclass(frozen=True)
class Proposal:
    unit_id: int
    role: str  # lead | coordinate
    phrase: str  # the plan's words this came from
    ticked: bool = True  # proposed as ticked; the focal-point office as coordinator is proposed unticked


@dataclass
class ResolutionRules:
    phrases: list[SelectorRule] = field(default_factory=list)
    topics: list[SelectorRule] = field(default_factory=list)
    office_unit: str = "Văn phòng Sở"  # the focal point that collects the reports
    agency_name: str = ""  # its words in a task ("… Nông nghiệp và Phát triển nông thôn") name no lĩnh vực


def _clean(name: str) -> str:
    return fold(re.sub(r"[.;:,\s]+$", "", normalize(name)))


def _has(haystack: str, needle: str) -> bool:
    return bool(needle) and re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", haystack) is not None


def find_unit(name: str, units: list[UnitProfile]) -> UnitProfile | None:
    """A unit named on its own: "Văn phòng Sở", "VP", "Văn phòng Sở kiểm soát." (longest name contained)."""
    key = _clean(name)
    if not key:
        return None
    for u in units:
        if key in (_clean(u.name), _clean(u.short_name)):
            return u
    contained = [u for u in units if _has(key, _clean(u.name))]
    if contained and not key.startswith("cac "):
        return max(contained, key=lambda u: len(u.name))
    return None


def phrase_rule(phrase: str, rules: ResolutionRules) -> SelectorRule | None:
    """The longest phrase rule whose words occur in the phrase."""
    key = _clean(phrase)
    found = [r for r in rules.phrases if _has(key, fold(r.pattern))]
    return max(found, key=lambda r: len(r.pattern)) if found else None


def _task_words(text: str, rules: ResolutionRules) -> str:
    words = fold(text)
    if rules.agency_name:
        name = fold(re.sub(r"^\s*(?:sở|so)\s+", "", rules.agency_name, flags=re.IGNORECASE))
        words = words.replace(name, " ")
        # "Sở Nông ngành và Phát triển nông thôn" (a typo in a plan) still names the department.
        tail = re.escape(" ".join(name.split()[-2:]))
        words = re.sub(rf"(?<![a-z0-9])so(?:\s+\S+){{0,6}}?\s+{tail}(?![a-z0-9])", " ", words)
    return words


def _pick(alternative: str, task_words: str, units: list[UnitProfile], rules: ResolutionRules,
          *, allow_topic: bool = True) -> list[UnitProfile]:
    kind, _, arg = alternative.strip().partition(":")
    kind, arg = fold(kind), fold(arg)
    if kind == "all":
        return list(units)
    if kind == "tthc":
        return [u for u in units if u.handles_tthc]
    if kind == "drafting":
        return [u for u in units if u.drafts_legal]
    if kind == "specialised":
        return [u for u in units if u.specialised]
    if kind == "group":
        return [u for u in units if any(fold(g) == arg for g in u.groups)]
    if kind == "name":
        return [u for u in units if _has(fold(u.name), arg)]
    if kind == "unit":
        return [u for u in units if fold(u.name) == arg or fold(u.short_name) == arg]
    if kind == "field":
        return [u for u in units if any(_has(task_words, fold(f)) for f in u.fields)]
    if kind == "topic" and allow_topic:
        chosen: dict[int, UnitProfile] = {}
        for rule in rules.topics:
            if _has(task_words, fold(rule.pattern)):
                for u in select_units(rule.select, task_words, units, rules, allow_topic=False):
                    chosen.setdefault(u.id, u)
        return [u for u in units if u.id in chosen]
    return []


def select_units(selector: str, task_words: str, units: list[UnitProfile], rules: ResolutionRules,
                 *, allow_topic: bool = True) -> list[UnitProfile]:
    """The units a selector picks for a task (its folded words), in catalog order."""
    for alternative in selector.split("|"):
        picked = _pick(alternative, task_words, units, rules, allow_topic=allow_topic)
        if picked:
            return picked
    return []


def resolve_name(name: str, task_text: str, units: list[UnitProfile], rules: ResolutionRules) -> list[UnitProfile]:
    """One name from a plan cell → the units it concerns (empty: an agency outside the department)."""
    unit = find_unit(name, units)
    if unit is not None:
        return [unit]
    rule = phrase_rule(name, rules)
    if rule is None:
        return [u for u in units if any(_clean(g) == _clean(name) for g in u.groups)]
    return select_units(rule.select, _task_words(task_text, rules), units, rules)


def propose(lead: list[str], coordinate: list[str], task_text: str, units: list[UnitProfile],
            rules: ResolutionRules) -> list[Proposal]:
    """(unit, role, phrase) proposals for one task; a unit named on its own keeps that role only."""
    named = {"lead": set(), "coordinate": set()}
    picked: dict[str, list[tuple[UnitProfile, str]]] = {"lead": [], "coordinate": []}
    for role, names in (("lead", lead), ("coordinate", coordinate)):
        for name in names:
            found = resolve_name(name, task_text, units, rules)
            if len(found) == 1 and find_unit(name, units) is not None:
                named[role].add(found[0].id)
            picked[role] += [(u, normalize(name)) for u in found]
    out: list[Proposal] = []
    seen: set[int] = set()
    office = fold(rules.office_unit)
    for role in ("lead", "coordinate"):
        other = named["coordinate" if role == "lead" else "lead"]
        for unit, phrase in picked[role]:
            if unit.id in seen or (unit.id in other and unit.id not in named[role]):
                continue
            seen.add(unit.id)
            # The office coordinating a task others lead is the focal point receiving their reports.
            focal = role == "coordinate" and fold(unit.name) == office and bool(picked["lead"])
            out.append(Proposal(unit.id, role, phrase, ticked=not focal))
    return out


def settle_choices(proposals: list[Proposal], choices: dict[tuple[int, str], bool]) -> list[Proposal]:
    """The units a task keeps: the proposal, with the officer's ticks and unticks applied."""
    kept = [p for p in proposals if choices.get((p.unit_id, p.role), p.ticked)]
    have = {(p.unit_id, p.role) for p in proposals}
    kept += [Proposal(uid, role, "", True) for (uid, role), on in choices.items() if on and (uid, role) not in have]
    by_unit: dict[int, Proposal] = {}
    for p in kept:  # lead wins when the officer ticked both roles
        if p.unit_id not in by_unit or p.role == "lead":
            by_unit[p.unit_id] = p
    return [p for p in kept if by_unit[p.unit_id] is p]
