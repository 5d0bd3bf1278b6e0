"""Run every benchmark and write ``docs/benchmarks.md`` (one command: ``python benchmarks/run_all.py``).

Each row is a ratio against a baseline measured in the same run on the same machine, so the
ratios stay comparable across machines even when the milliseconds do not.
Options: ``--quick`` (tiny sizes, one repetition: checks that everything still runs),
``--only startup,import`` and ``--out FILE``.
"""
from __future__ import annotations

import argparse
import compileall
import importlib
import subprocess
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, TABLE_HEAD, Result, machine  # noqa: E402

MODULES = {"startup": "bench_startup", "startup-data": "bench_startup:run_data", "import": "bench_import",
           "report": "bench_report", "memory": "bench_memory", "board": "bench_board", "pdf": "bench_pdf_digital",
           "ocr": "bench_pdf_scanned"}


def board_result(quick: bool) -> Result:
    """The task-board benchmark (its own script): run it and read its Markdown row."""
    cmd = [sys.executable, str(REPO / "benchmarks" / "bench_board.py")]
    if quick:
        cmd += ["--tasks", "300", "--entries", "1000", "--repeat", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=str(REPO), timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"bench_board.py exit {done.returncode}: {done.stderr.strip()[-800:]}")
    row = [ln for ln in done.stdout.splitlines() if ln.startswith("|") and not ln.startswith("|---")][-1]
    cells = [c.strip() for c in row.strip("|").split("|")]
    name, data, ours_ms, plain_ms, _ratio, target = cells[:6]
    limit = float(target.split("≤")[1].split("×")[0].strip()) if "≤" in target else None
    return Result(name=name, data=data, program=float(ours_ms) / 1000, baseline=float(plain_ms) / 1000,
                  target=limit, baseline_name="the same rows from one plain sqlite3 query",
                  notes=["run by its own script, benchmarks/bench_board.py (tracking)"])


def run_one(key: str, quick: bool) -> Result:
    if key == "board":
        return board_result(quick)
    module_name, _, function = MODULES[key].partition(":")
    return getattr(importlib.import_module(module_name), function or "run")(quick=quick)


def render(results: list[tuple[str, Result | None, str, float]], info: dict[str, str], quick: bool) -> str:
    when = datetime.now(timezone.utc).strftime("%d/%m/%Y %H:%M UTC")
    lines = ["# Benchmarks", "",
             f"Written by `python benchmarks/run_all.py` on {when}{' (--quick: sizes too small to mean anything)' if quick else ''}.",
             "Every figure is a ratio against a baseline measured in the same run on the same machine; "
             "times are medians, memory is peak resident set size. The program's modules are compiled to "
             "bytecode first, as the installed program ships them. On this shared 2-core machine the same commit "
             "measures up to about ±15 % apart from one run to the next: a row near its target can fall on "
             "either side of it.", "",
             "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += ["", "## Results", "", TABLE_HEAD]
    for key, result, error, _secs in results:
        lines.append(result.row() if result else f"| {key} | — | — | — | — | failed: {error.splitlines()[-1][:200]} |")
    lines += ["", "## How each one is measured", ""]
    for key, result, error, secs in results:
        module_name, _, function = MODULES[key].partition(":")
        module = None if function else sys.modules.get(module_name)  # a second row of a module: its notes only
        doc = (module.__doc__ or "").strip() if module else ""
        lines.append(f"### {result.name if result else key}")
        lines.append("")
        if doc:
            lines += [ln for ln in doc.splitlines()[1:] if not ln.startswith("Run:")]
        for note in (result.notes if result else [f"failed: {error}"]):
            lines.append(f"- {note}")
        lines.append(f"- benchmark wall time (with data generation): {secs:.1f} s")
        findings = getattr(module, "FINDINGS", "")
        if findings:
            lines += ["", "**Findings.** " + " ".join(findings.split())]
        lines.append("")
    return "\n".join(lines).replace("\n\n\n", "\n\n").rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repetition")
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(MODULES))
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    keys = [k.strip() for k in args.only.split(",") if k.strip()] or list(MODULES)
    unknown = [k for k in keys if k not in MODULES]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    # The installed program ships compiled modules; without this a machine that never writes .pyc files
    # (PYTHONDONTWRITEBYTECODE) compiles every changed module again in each timed start.
    compileall.compile_dir(str(REPO / "tthc_desktop"), quiet=1)
    results = []
    for key in keys:
        t0 = time.perf_counter()
        print(f"… {key}", file=sys.stderr, flush=True)
        try:
            result, error = run_one(key, args.quick), ""
            print(result.row(), flush=True)
        except Exception:
            result, error = None, traceback.format_exc()
            print(f"{key} failed:\n{error}", file=sys.stderr, flush=True)
        results.append((key, result, error, time.perf_counter() - t0))
    text = render(results, machine(), args.quick)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    print(f"written {args.out}", file=sys.stderr)
    return 1 if any(r is None for _, r, _, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
