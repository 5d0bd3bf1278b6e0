"""Cumulative periods (6 months, 9 months, year) of a form, taken from its quarters.

The rule is data in the definition's ``"cumulative"`` block: columns in ``first`` take the first
quarter's value (carried in from before the period), columns in ``last`` the last quarter's (still
pending at its end), ``derived`` columns are the sum of other columns of the result, and every other
value column is the sum over the quarters. Columns in ``split`` divide the period's whole intake (by
content, say); summing them over the quarters counts an item carried from one quarter into the next
in both, so they are the quarters' sum only when no later quarter carried anything in (its
``carried_in`` column is 0); otherwise they are unknown (None): printed blank and named, never a
number nobody entered, until the unit enters the cumulative period directly.
"""
from __future__ import annotations

from tthc_desktop.domain.forms import FormDefinition


def _rule(d: FormDefinition) -> tuple[set[int], set[int], dict[int, tuple[int, ...]]]:
    rule = d.raw.get("cumulative") or {}
    derived = {int(k): tuple(int(c) for c in v) for k, v in (rule.get("derived") or {}).items()}
    return set(rule.get("first", [])), set(rule.get("last", [])), derived


def split_rule(d: FormDefinition) -> tuple[tuple[int, ...], int | None]:
    """(the columns that split the intake, the column of what a quarter carried in) of ``"split"``."""
    split = (d.raw.get("cumulative") or {}).get("split") or {}
    return tuple(int(c) for c in split.get("columns", ())), split.get("carried_in")


def cumulate(d: FormDefinition, quarters: list[dict[int, int]]) -> dict[int, int | None]:
    """One lĩnh vực's figures for a cumulative period from its quarters' figures, oldest first."""
    if not quarters:
        raise ValueError("no quarter to cumulate")
    first, last, derived = _rule(d)
    split, carried_in = split_rule(d)
    unknown = set(split) if carried_in is not None and any(int(q.get(carried_in, 0)) for q in quarters[1:]) else set()
    out: dict[int, int | None] = {}
    for c in d.value_columns:
        if c in unknown:
            out[c] = None
        elif c in first:
            out[c] = int(quarters[0].get(c, 0))
        elif c in last:
            out[c] = int(quarters[-1].get(c, 0))
        elif c not in derived:
            out[c] = sum(int(q.get(c, 0)) for q in quarters)
    for c, parts in derived.items():
        out[c] = sum(out.get(p, 0) for p in parts)
    return out


def differences(entered: dict[int, int], computed: dict[int, int], columns: list[int]) -> list[tuple[int, int, int]]:
    """(column, entered, from the quarters) where a directly entered cumulative figure disagrees."""
    return [(c, int(entered.get(c, 0)), int(computed.get(c, 0))) for c in columns
            if computed.get(c, 0) is not None and int(entered.get(c, 0)) != int(computed.get(c, 0))]
