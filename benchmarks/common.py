"""What every benchmark shares: timing, child processes, the machine description, one result row.

Each benchmark module has ``run(quick=False) -> Result`` (``quick``: tiny sizes and one
repetition, for the smoke test) and a ``main()`` printing its Markdown row.
"""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TABLE_HEAD = ("| benchmark | data | program | baseline | ratio | target |\n"
              "|---|---|---|---|---|---|")


@dataclass
class Result:
    name: str
    data: str  # what it ran on
    program: float  # seconds, or MiB when unit == "MiB"
    baseline: float
    target: float | None  # highest acceptable ratio; None: reported only
    unit: str = "s"
    baseline_name: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.program / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target

    def value(self, v: float) -> str:
        return f"{v:.0f} MiB" if self.unit == "MiB" else f"{v * 1000:.0f} ms"

    def row(self) -> str:
        if self.target is None:
            target = "reported"
        else:
            target = f"≤ {self.target:g}× {'✓' if self.met else '✗ missed'}"
        baseline = self.value(self.baseline) + (f" ({self.baseline_name})" if self.baseline_name else "")
        return (f"| {self.name} | {self.data} | {self.value(self.program)} | {baseline} | "
                f"{self.ratio:.2f}× | {target} |")


def median_time(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """Median wall time of ``fn`` in seconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def paired_medians(ours: Callable[[], object], baseline: Callable[[], object], repeat: int,
                   warmup: int = 1) -> tuple[float, float]:
    """Median times of two functions run alternately, so a busy machine slows both alike."""
    for _ in range(warmup):
        ours()
        baseline()
    a, b = [], []
    for _ in range(max(1, repeat)):
        for fn, times in ((ours, a), (baseline, b)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(a), statistics.median(b)


def child_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TTHC_DATA_DIR"] = str(data_dir)
    env.pop("TTHC_DB", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


@dataclass
class ChildRun:
    shown: float  # seconds from spawning the process to its "shown" line
    max_rss_mib: float  # the child's resident-set high-water mark
    output: list[str]
    ready: float | None = None  # spawn → "ready" (database attached, start page filled), if printed


def run_window(cmd: list[str], env: dict[str, str], timeout: float = 120.0) -> ChildRun:
    """Start a window process that prints "shown" at its first paint (and later quits by itself).

    The parent clocks spawn → "shown" (interpreter start, imports, database, window, first paint),
    then reaps the child with wait4 to read that one child's peak RSS.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(REPO), text=True)
    shown = ready = None
    lines = []
    deadline = t0 + timeout
    try:
        for line in proc.stdout:
            lines.append(line.rstrip())
            if shown is None and line.strip() == "shown":
                shown = time.perf_counter() - t0
            if ready is None and line.strip() == "ready":
                ready = time.perf_counter() - t0
            if time.perf_counter() > deadline:
                break
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    except BaseException:
        proc.kill()
        raise
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    if shown is None or proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {proc.returncode}, output {lines}): {err[-2000:]}")
    # ru_maxrss of a forked child also counts the parent's image before exec, so the child's own
    # VmHWM ("peak_kib N", printed as it quits) is preferred; both are in KiB.
    peak = next((int(x.split()[1]) for x in lines if x.startswith("peak_kib ")), usage.ru_maxrss)
    return ChildRun(shown, peak / 1024, lines, ready)


def bare_window_cmd(*extra: str) -> list[str]:
    return [sys.executable, str(REPO / "benchmarks" / "bare_window.py"), *extra]


def app_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "tthc_desktop", *args]


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))} ({platform.system()} {platform.release()})"
    except OSError:
        pass
    try:
        import PySide6

        pyside = PySide6.__version__
    except ImportError:
        pyside = "not installed"
    import sqlalchemy

    return {"CPU": cpu, "Cores": str(os.cpu_count()), "RAM": ram, "OS": os_name,
            "Python": platform.python_version(), "PySide6": pyside, "SQLAlchemy": sqlalchemy.__version__,
            "Qt platform": os.environ.get("QT_QPA_PLATFORM", "")}


def print_result(result: Result) -> None:
    print(TABLE_HEAD)
    print(result.row())
    for note in result.notes:
        print(f"- {note}")


def quick_repeat_main(description: str, run: Callable[[bool, int], Result], repeat: int, argv=None) -> int:
    """``bench_x.py [--repeat N] [--quick]`` for a benchmark whose ``run(quick, repeat)`` gives one row."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print_result(run(args.quick, args.repeat))
    return 0
