"""Reading a 20-page digital PDF plan vs pdfplumber's own ``extract_tables`` on every page.

Ours: ``tthc_desktop.importers.read_plan(path)``: tables from the ruling lines, cells and merges,
wrapped lines joined, preamble, sections, tasks, schedules, agencies.
Baseline: ``pdfplumber.open(path)`` and ``page.extract_tables()`` of every page (text per cell only).
The PDF is a plan .docx printed by LibreOffice (benchmarks/pdf_data.py, cached in the temp folder).

Run: ``python benchmarks/bench_pdf_digital.py [--repeat 5]``.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Result, paired_medians, quick_repeat_main  # noqa: E402
from pdf_data import digital_pdf, page_count  # noqa: E402


def bare_tables(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(t) for page in pdf.pages for t in page.extract_tables())


def run(quick: bool = False, repeat: int = 5) -> Result:
    from tthc_desktop.importers import read_plan

    path = digital_pdf(1, 3) if quick else digital_pdf(8, 30)
    repeat = 1 if quick else repeat
    plan = read_plan(path)
    t_ours, t_bare = paired_medians(lambda: read_plan(path), lambda: bare_tables(path), repeat)
    return Result(
        name="import digital PDF plan", data=f"{page_count(path)} pages, {len(plan.sections)} sections, "
                                             f"{len(plan.tasks)} tasks",
        program=t_ours, baseline=t_bare, target=2.0, baseline_name="pdfplumber extract_tables, every page",
        notes=[f"median of {repeat} alternating runs each, after one warm-up"])


def main(argv: list[str] | None = None) -> int:
    return quick_repeat_main(__doc__.splitlines()[0], run, 5, argv)


if __name__ == "__main__":
    sys.exit(main())
