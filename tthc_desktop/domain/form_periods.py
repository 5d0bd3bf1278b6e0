"""Cumulative periods (6 months, 9 months, year) of a form, taken from its quarters.

The rule is data in the definition's ``"cumulative"`` block: columns in ``first`` take the first
quarter's value (carried in from before the period), columns in ``last`` the last quarter's (still
pending at its end), ``derived`` columns are the sum of other columns of the result, and every other
value column is the sum over the quarters.
"""
from __future__ import annotations

from tthc_desktop.domain.forms import FormDefinition


def _rule(d: FormDefinition) -> tuple[set[int], set[int], dict[int, tuple[int, ...]]]:
    rule = d.raw.get("cumulative") or {}
    derived = {int(k): tuple(int(c) for c in v) for k, v in (rule.get("derived") or {}).items()}
    return set(rule.get("first", [])), set(rule.get("last", [])), derived


def cumulate(d: FormDefinition, quarters: list[dict[int, int]]) -> dict[int, int]:
    """One lĩnh vực's figures for a cumulative period from its quarters' figures, oldest first."""
    if not quarters:
        raise ValueError("no quarter to cumulate")
    first, last, derived = _rule(d)
    out: dict[int, int] = {}
    for c in d.value_columns:
        if c in first:
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
            if int(entered.get(c, 0)) != int(computed.get(c, 0))]
