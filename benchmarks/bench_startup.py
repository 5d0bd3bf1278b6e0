"""Start-up: process start → main window painted on the demo database, vs a bare PySide6 QMainWindow.

Ours: ``python -m tthc_desktop --demo --benchmark-startup`` (the real entry point: logging, crash
handler, single-instance guard, the main window); it prints "shown" at the main window's first
paint (navigation, menus, status bar, the start page's area saying "Đang mở dữ liệu…"), then
"ready" once the start page's data is on screen (its period, deadlines and tasks by status, read
without the ORM); the time to "ready" is the row «start-up to data on screen».
Baseline: ``python benchmarks/bare_window.py``: QApplication + QMainWindow, "shown" at first paint.
The parent clocks spawn → "shown" for both, alternating runs, after one untimed warm-up run each.
The demo database is built once beforehand (not part of the start time). A third process, the
bare window importing SQLAlchemy and the ORM models first, shows the floor those imports set.

Run: ``python benchmarks/bench_startup.py [--repeat 7]``.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Result, app_cmd, bare_window_cmd, child_env, quick_repeat_main, run_window  # noqa: E402


FLOOR_IMPORTS = "sqlalchemy.orm,tthc_desktop.storage.models"


def build_demo_db(data_dir: Path) -> dict:
    """The demo database where ``--demo`` looks for it under ``data_dir``."""
    import os

    from tthc_desktop.paths import demo_db_path
    from tthc_desktop.services.demo import build_demo

    before = os.environ.get("TTHC_DATA_DIR")
    os.environ["TTHC_DATA_DIR"] = str(data_dir)
    try:
        return build_demo(demo_db_path()) or {}
    finally:
        if before is None:
            os.environ.pop("TTHC_DATA_DIR", None)
        else:
            os.environ["TTHC_DATA_DIR"] = before


FINDINGS = """\
Profiled with pyinstrument and cProfile (stage timings on an idle machine): Python + Qt start and the
application object ≈ 75 ms (what the bare window also pays); the crash handler and single-instance
guard ≈ 20 ms; importing SQLAlchemy and the ORM models ≈ 190–240 ms; the first-run check and demo
period ≈ 40–70 ms (the ORM's first mapper configuration is part of it); the main window with its
start page ≈ 60 ms. The SQLAlchemy imports alone cost about 3–4× the bare window (the floor above),
so the start order is: Qt, then the real main window (navigation, menus, status bar) painted; in the
next event-loop turn the start page's figures (period, deadlines, tasks by status) are read with one
plain sqlite3 connection and the same row code as the task board (services.board_rows, no ORM) and
painted; only then is SQLAlchemy imported, the database opened and checked (newer, damaged, locked,
first start) and the pages filled. Nothing before the start page's figures are on screen imports
SQLAlchemy, openpyxl or python-docx (tests/test_app.py and tests/test_start_summary.py check it)."""

def measure(quick: bool, repeat: int) -> dict:
    """Alternating runs of ours and the bare window: spawn → "shown" and → "ready" (data on screen)."""
    repeat = 1 if quick else max(5, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        info = build_demo_db(data_dir)
        env = child_env(data_dir)
        ours_cmd, bare_cmd = app_cmd("--demo", "--benchmark-startup"), bare_window_cmd()
        run_window(ours_cmd, env)  # warm-up: bytecode, file cache, first backup of the day
        run_window(bare_cmd, env)
        ours, ready, bare, floor = [], [], [], []
        for _ in range(repeat):
            run = run_window(ours_cmd, env)
            ours.append(run.shown)
            if run.ready is not None:
                ready.append(run.ready)
            bare.append(run_window(bare_cmd, env).shown)
            if not quick:
                floor.append(run_window(bare_cmd + ["--import", FLOOR_IMPORTS], env).shown)
    dept = [p["tasks"] for p in info.get("department_plans", [])]
    prov = [p["tasks"] for p in info.get("provincial_plans", [])]
    data = (f"demo database (provincial plan {sum(prov)} tasks, department plan {sum(dept)} tasks, "
            f"{info.get('progress_entries', 0)} progress entries)")
    return {"repeat": repeat, "ours": ours, "ready": ready, "bare": bare, "floor": floor, "data": data}


def run(quick: bool = False, repeat: int = 7) -> Result:
    m = measure(quick, repeat)
    ours, ready, bare, floor = m["ours"], m["ready"], m["bare"], m["floor"]
    notes = [f"median of {m['repeat']} alternating runs each (spawn → first paint), after one warm-up; "
             f"ours {min(ours) * 1000:.0f}–{max(ours) * 1000:.0f} ms, bare {min(bare) * 1000:.0f}–{max(bare) * 1000:.0f} ms"]
    if ready:
        notes.append(f"the window is painted before SQLAlchemy is imported; the start page's data is on screen at "
                     f"{statistics.median(ready) * 1000:.0f} ms ({statistics.median(ready) / statistics.median(bare):.2f}× "
                     "bare; its own row below)")
    if floor:
        notes.append(f"the bare window that first imports what the program needs before it can open the database "
                     f"({FLOOR_IMPORTS}) takes {statistics.median(floor) * 1000:.0f} ms "
                     f"({statistics.median(floor) / statistics.median(bare):.2f}× bare): the floor for any start-up "
                     "that opens the database through SQLAlchemy before the window is painted")
    return Result(
        name="start-up to main window shown", data=m["data"], program=statistics.median(ours),
        baseline=statistics.median(bare), target=2.0, baseline_name="bare PySide6 QMainWindow",
        notes=notes)


def run_data(quick: bool = False, repeat: int = 7) -> Result:
    """Spawn → the start page's data on screen ("ready"), against the bare window's first paint."""
    m = measure(quick, repeat)
    ready, bare = m["ready"], m["bare"]
    if not ready:
        raise RuntimeError("the program never printed \"ready\"")
    return Result(
        name="start-up to data on screen", data=m["data"], program=statistics.median(ready),
        baseline=statistics.median(bare), target=3.0, baseline_name="bare PySide6 QMainWindow",
        notes=[f"median of {m['repeat']} alternating runs each, after one warm-up; ours {min(ready) * 1000:.0f}–"
               f"{max(ready) * 1000:.0f} ms to data, bare {min(bare) * 1000:.0f}–{max(bare) * 1000:.0f} ms to first paint",
               "«data on screen» = the start page's period, deadlines and tasks by status painted: read with one "
               "plain sqlite3 connection (services.start_summary) right after the window's first paint, before "
               "SQLAlchemy is imported; the database is then opened and checked through the ORM and the full "
               "dashboard replaces those figures"])


def main(argv: list[str] | None = None) -> int:
    return quick_repeat_main(__doc__.splitlines()[0], run, 7, argv)


if __name__ == "__main__":
    sys.exit(main())
