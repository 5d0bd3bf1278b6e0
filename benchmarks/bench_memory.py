"""Peak memory of the window on a database with 10.000 tasks, vs the bare window.

Ours: ``python -m tthc_desktop --db big.sqlite3 --benchmark-startup board``: the window opens on
its start page, then the task board is opened and every background load finishes (all
10.000 rows in the model) before it quits.
Baseline: ``benchmarks/bare_window.py`` (QApplication + empty QMainWindow).
Peak = the child's resident-set high-water mark (VmHWM, printed by the child as it quits), so imported
libraries, Qt, the database cache and the models all count. Median of a few runs; reported only.

Run: ``python benchmarks/bench_memory.py [--tasks 10000] [--repeat 3]``.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Result, app_cmd, bare_window_cmd, child_env, print_result, run_window  # noqa: E402


def build_db(path: Path, tasks: int) -> dict:
    from datagen import generate

    from tthc_desktop.domain.periods import Period
    from tthc_desktop.storage.database import open_database

    period = Period.quarter_of(date.today())  # the period the window opens on
    db = open_database(path)
    try:
        return generate(db, tasks=tasks, year=period.year, period=period.code)
    finally:
        db.close()


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def run(quick: bool = False, tasks: int = 10_000, repeat: int = 3) -> Result:
    if quick:
        tasks, repeat = min(tasks, 200), 1
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        db_path = Path(tmp) / "big.sqlite3"
        counts = build_db(db_path, tasks)
        env = child_env(data_dir)
        ours_cmd = app_cmd("--db", str(db_path), "--benchmark-startup", "board")
        ours = [run_window(ours_cmd, env).max_rss_mib for _ in range(repeat)]
        bare = [run_window(bare_window_cmd(), env).max_rss_mib for _ in range(repeat)]
    return Result(
        name="peak memory, window + task board", data=f"{_n(counts['tasks'])} tasks, {_n(counts['progress'])} progress entries, "
                                                     f"{counts['units']} units",
        program=statistics.median(ours), baseline=statistics.median(bare), target=None, unit="MiB",
        baseline_name="bare QMainWindow",
        notes=[f"peak RSS (VmHWM of the child process), median of {repeat} runs each"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print_result(run(args.quick, args.tasks, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
