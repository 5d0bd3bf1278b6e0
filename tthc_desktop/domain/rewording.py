"""Rewording a provincial task for the department, as suggestions the officer accepts.

Each suggestion is an ``Edit``: which field (and list item), the span in the original
text, the old and the new words, and the rule's note. Nothing is changed until the caller
applies the edits it accepted (``apply_edits``), so the diff can be shown word by word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tthc_desktop.domain.relevance import RuleEntry, fold_aligned, phrase_regex

TEXT_FIELDS = ("content", "results", "time_text")
_NAME_GOES_ON = re.compile(r"[ \t]+(\w)")


@dataclass(frozen=True)
class Edit:
    field: str             # content | results | time_text | lead | coordinate
    index: int | None      # item of a list field, else None
    start: int
    end: int
    old: str
    new: str
    note: str = ""

    def to_json(self) -> dict:
        return {"field": self.field, "index": self.index, "old": self.old, "new": self.new, "note": self.note}


def _match_case(old: str, new: str) -> str:
    if not new or not old:
        return new
    if old[0].isupper():
        return new[0].upper() + new[1:]
    if old[0].islower() and not new.split()[0][1:2].isupper():
        return new[0].lower() + new[1:]
    return new


def _year_regex(source_year: int, time_cell: bool) -> re.Pattern:
    if time_cell:  # every year number of a time cell moves: "Tháng 02/2024", "Trước 30/4/2024"
        return re.compile(rf"(?<!\d){source_year}(?!\d)")
    # In running text only the plan's own year ("… năm 2024"), not the dates of cited documents.
    return re.compile(rf"(?<=nam ){source_year}(?!\d)")


def suggest_text(text: str, rules: Sequence[RuleEntry], *, field: str = "content", index: int | None = None,
                 source_year: int | None = None, target_year: int | None = None) -> list[Edit]:
    """Non-overlapping edits for one text, rules in table order (earlier rules win)."""
    if not text:
        return []
    folded = fold_aligned(text)
    taken: list[tuple[int, int]] = []
    edits: list[Edit] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    if source_year and target_year and source_year != target_year:
        for m in _year_regex(source_year, field == "time_text").finditer(folded):
            taken.append((m.start(), m.end()))
            edits.append(Edit(field, index, m.start(), m.end(), m.group(), str(target_year), "năm của kế hoạch"))
    if field != "time_text":
        for rule in rules:
            if not rule.replacement and not rule.pattern.startswith("re:"):
                continue
            for m in phrase_regex(rule.pattern).finditer(folded):
                if m.end() == m.start() or not free(m.start(), m.end()):
                    continue
                goes_on = _NAME_GOES_ON.match(text, m.end())
                if goes_on and goes_on.group(1).isupper():
                    continue  # "trên địa bàn tỉnh Quảng Ngãi": a proper name continues, leave it
                old = text[m.start():m.end()]
                new = m.expand(rule.replacement) if rule.pattern.startswith("re:") else rule.replacement
                new = _match_case(old, new)
                if new == old:
                    continue
                taken.append((m.start(), m.end()))
                edits.append(Edit(field, index, m.start(), m.end(), old, new, rule.note))
    return sorted(edits, key=lambda e: e.start)


def suggest(fields: dict[str, str | list[str]], rules: Sequence[RuleEntry], *, source_year: int | None = None,
            target_year: int | None = None) -> list[Edit]:
    """Edits for a task's text fields: {"content": str, "results": [str], "time_text": str}."""
    out: list[Edit] = []
    for name, value in fields.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                out += suggest_text(item, rules, field=name, index=i, source_year=source_year, target_year=target_year)
        else:
            out += suggest_text(value or "", rules, field=name, source_year=source_year, target_year=target_year)
    return out


def apply_text(text: str, edits: Iterable[Edit]) -> str:
    """The text with the given edits (all of one field/item) applied, right to left."""
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        if text[e.start:e.end] == e.old:
            text = text[:e.start] + e.new + text[e.end:]
    return text


def apply_edits(fields: dict[str, str | list[str]], edits: Iterable[Edit]) -> dict[str, str | list[str]]:
    """New field values with the accepted edits applied; fields without edits are returned as they are."""
    edits = list(edits)
    out: dict[str, str | list[str]] = {}
    for name, value in fields.items():
        mine = [e for e in edits if e.field == name]
        if isinstance(value, list):
            out[name] = [apply_text(item, [e for e in mine if e.index == i]) for i, item in enumerate(value)]
        else:
            out[name] = apply_text(value or "", [e for e in mine if e.index is None])
    return out


def diff_segments(text: str, edits: Iterable[Edit]) -> list[tuple[str, str, str]]:
    """("same", text, "") / ("change", old, new) pieces in order, for showing a diff."""
    out: list[tuple[str, str, str]] = []
    pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        if e.start < pos:
            continue
        if e.start > pos:
            out.append(("same", text[pos:e.start], ""))
        out.append(("change", e.old, e.new))
        pos = e.end
    if pos < len(text):
        out.append(("same", text[pos:], ""))
    return out
