"""Reading a provincial plan (.docx) vs python-docx merely opening it and walking every table cell.

Ours: ``tthc_desktop.importers.read_plan(path)``: file checks, reading the Word XML, finding the
plan table's header, sections, tasks, sub-rows, schedules and agencies, the preamble, the hash.
Baseline: ``docx.Document(path)`` and ``cell.text`` of every cell of every table.
Both in the same process, runs alternating, after one warm-up call each (imports not counted).

Run: ``python benchmarks/bench_import.py [--file PLAN.docx] [--repeat 15]``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, Result, paired_medians, print_result  # noqa: E402

DEFAULT_PLAN = REPO / "resources" / "demo" / "qn2023_plan.docx"


def walk_cells(path: Path) -> int:
    import docx

    chars = 0
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return chars


def run(quick: bool = False, path: Path = DEFAULT_PLAN, repeat: int = 15) -> Result:
    from tthc_desktop.importers import read_plan

    repeat = 1 if quick else repeat
    plan = read_plan(path)
    tasks = sum(len(s.tasks) for s in plan.sections)
    t_ours, t_bare = paired_medians(lambda: read_plan(path), lambda: walk_cells(path), repeat)
    size_kib = path.stat().st_size / 1024
    return Result(
        name=f"import plan «{path.name}»", data=f"{size_kib:.0f} KiB .docx, {len(plan.sections)} sections, "
                                               f"{tasks} tasks",
        program=t_ours, baseline=t_bare, target=2.0, baseline_name="python-docx open + every table cell",
        notes=[f"median of {repeat} alternating runs each, after one warm-up"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_PLAN)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print_result(run(args.quick, args.file, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
