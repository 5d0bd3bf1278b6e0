"""Numbering of a department plan: sections I, II …; tasks 1, 2 … ; a), b) sub-rows.

Rows are described by their kind only, so the editor (a list of rows the officer drags
around) and the services (tasks read from the database) share one rule:

* ``"section"`` gets the next Roman numeral;
* ``"task"`` gets the next number;
* ``"sub"`` is another lettered part of the task above it: that task becomes "1a", the
  sub-row "1b", both with parent "1". A ``"sub"`` with no task above starts a new number.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tthc_desktop.domain.text import sub_letter, to_roman

KINDS = ("section", "task", "sub")


@dataclass(frozen=True)
class Label:
    number: str            # "IV", "12", "1a"
    parent: str | None     # "1" for "1a", else None

    @property
    def display(self) -> str:
        """What the STT cell shows: "1", or "a)" for a sub-row after the first."""
        if self.parent is None:
            return self.number
        return f"{self.number[len(self.parent):]})"


def renumber(kinds: Sequence[str], *, restart_per_section: bool = False, first_task: int = 1) -> list[Label]:
    """Labels for rows of the given kinds, in order (see the module text)."""
    labels: list[Label] = []
    sections = 0
    task_no = first_task - 1
    group_start: int | None = None  # index of the first row of the current task
    group_size = 0
    for i, kind in enumerate(kinds):
        if kind not in KINDS:
            raise ValueError(f"unknown row kind {kind!r}")
        if kind == "section":
            sections += 1
            if restart_per_section:
                task_no = first_task - 1
            labels.append(Label(to_roman(sections), None))
            group_start = None
            continue
        if kind == "sub" and group_start is not None:
            if group_size == 1:  # the task above becomes "a)"
                parent = labels[group_start].number
                labels[group_start] = Label(parent + sub_letter(0), parent)
            parent = labels[group_start].parent
            labels.append(Label(parent + sub_letter(group_size), parent))
            group_size += 1
            continue
        task_no += 1
        labels.append(Label(str(task_no), None))
        group_start, group_size = i, 1
    return labels


def task_kinds(items: Sequence[tuple[str, str | None]]) -> list[str]:
    """Kinds for tasks given as (section key, parent key): consecutive rows with the same
    non-empty parent key in the same section are sub-rows of one task; a section change adds
    a section row. Returns kinds including the section rows, in order."""
    kinds: list[str] = []
    last_section = object()
    last_parent: str | None = None
    for section, parent in items:
        if section != last_section:
            kinds.append("section")
            last_section, last_parent = section, None
        if parent and parent == last_parent:
            kinds.append("sub")
        else:
            kinds.append("task")
        last_parent = parent
    return kinds
