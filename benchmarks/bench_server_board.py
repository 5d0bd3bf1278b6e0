"""Task board open + text filter on 10.000 tasks: PostgreSQL (server mode) vs SQLite, each vs its raw query.

The same generated database as bench_board.py (10.000 tasks, 100.000 progress entries) is built in
SQLite, then copied to PostgreSQL with the program's own ``db copy`` (verified). On each engine:

* ours: ``tracking.load_rows`` + TaskBoardModel + TaskFilterProxy + the filter "ra soat";
* raw: one driver-level query (sqlite3 / pg8000) returning the same columns, then the filtered one.

Prints a ratio table. The server database given is EMPTIED (its public schema is dropped) first.
Run: ``python benchmarks/bench_server_board.py --url postgresql+pg8000://user:pw@127.0.0.1:5432/bench``
(or set TTHC_BENCH_DATABASE_URL) ``[--tasks N] [--entries M] [--repeat R]``. Not run by the tests.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_board import PLAIN, build, ours, plain_sqlite, timed  # noqa: E402

PLAIN_PG = PLAIN.replace("group_concat(u.name, '; ')", "string_agg(u.name, '; ')").replace("?", "%s")


def plain_pg(url, period: str, needle: str) -> int:
    import pg8000.dbapi

    con = pg8000.dbapi.connect(user=url.username, password=url.password, host=url.host, port=url.port or 5432,
                               database=url.database)
    try:
        cur = con.cursor()
        cur.execute(PLAIN_PG.format(extra=""), (period,))
        all_rows = cur.fetchall()
        cur.execute(PLAIN_PG.format(extra="AND t.search_text LIKE %s"), (period, f"%{needle}%"))
        filtered = cur.fetchall()
    finally:
        con.close()
    assert all_rows
    return len(filtered)


def empty_server(target: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(target)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("TTHC_BENCH_DATABASE_URL"))
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("a PostgreSQL URL is needed: --url or TTHC_BENCH_DATABASE_URL")
    from PySide6.QtWidgets import QApplication

    from tthc_desktop.storage.copy import copy_database
    from tthc_desktop.storage.database import open_database
    from tthc_desktop.storage.engines import parse_server_url

    app = QApplication.instance() or QApplication([])  # noqa: F841 - models need an application
    period, needle, today = "2024Q2", "ra soat", date(2024, 5, 2)
    url = parse_server_url(args.url)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TTHC_DATA_DIR", str(Path(tmp) / "data"))
        path = Path(tmp) / "bench.sqlite3"
        build(path, args.tasks, args.entries)
        lite = open_database(path)
        empty_server(args.url)
        server = open_database(args.url)
        copy_database(lite, server)
        counts = {name: ours(db, period, needle, today) for name, db in (("sqlite", lite), ("pg", server))}
        raw = {"sqlite": plain_sqlite(path, period, needle), "pg": plain_pg(url, period, needle)}
        if len(set(counts.values()) | set(raw.values())) != 1:
            print(f"mismatch: board {counts}, raw {raw}", file=sys.stderr)
            return 1
        t = {"ours sqlite": timed(lambda: ours(lite, period, needle, today), args.repeat),
             "raw sqlite": timed(lambda: plain_sqlite(path, period, needle), args.repeat),
             "ours pg": timed(lambda: ours(server, period, needle, today), args.repeat),
             "raw pg": timed(lambda: plain_pg(url, period, needle), args.repeat)}
        version = server.engine.connect().exec_driver_sql("SHOW server_version").scalar()
        lite.close()
        server.close()
    thousands = lambda n: f"{n:,}".replace(",", ".")  # noqa: E731 - Vietnamese digit grouping
    print(f"Board open + text filter «{needle}», {thousands(args.tasks)} tasks, {thousands(args.entries)} progress "
          f"entries, {counts['sqlite']} matches; PostgreSQL {version} on {url.host}; median of {args.repeat}.\n")
    print("| engine | ours (ms) | raw query (ms) | ours / raw | vs SQLite (ours) |")
    print("|---|---|---|---|---|")
    for engine, label in (("sqlite", "SQLite (this machine)"), ("pg", "PostgreSQL (server mode)")):
        o, r = t[f"ours {engine}"], t[f"raw {engine}"]
        print(f"| {label} | {o * 1000:.0f} | {r * 1000:.0f} | {o / r:.2f}× | {o / t['ours sqlite']:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
