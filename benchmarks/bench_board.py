"""Opening the task board and applying a text filter, against the same query in plain sqlite3.

Builds a database with 10.000 tasks and 100.000 progress entries (migrated schema, realistic
Vietnamese texts), then times, in the same run:

* ours: ``tracking.load_rows`` (what the board's background loader runs) + TaskBoardModel +
  TaskFilterProxy + the accent-insensitive filter "ra soat";
* plain: one sqlite3 query returning the same columns (section, number, content, lead and
  coordinating units, status in the period, last update) for every task, then the same query
  restricted with ``search_text LIKE '%ra soat%'``.

Prints one Markdown table row. Target: ratio ≤ 3×.
Run: ``python benchmarks/bench_board.py [--tasks N] [--entries M] [--repeat R]``.
"""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tthc_desktop.domain.text import fold  # noqa: E402

VERBS = ["Rà soát, đánh giá", "Xây dựng, ban hành", "Công bố, công khai", "Tiếp nhận, xử lý", "Kiểm tra việc",
         "Số hóa hồ sơ", "Đôn đốc thực hiện", "Niêm yết công khai", "Đánh giá tác động", "Tổng hợp báo cáo"]
OBJECTS = ["thủ tục hành chính lĩnh vực trồng trọt", "quy trình nội bộ giải quyết TTHC", "phản ánh, kiến nghị",
           "dịch vụ công trực tuyến toàn trình", "kết quả giải quyết hồ sơ", "văn bản quy phạm pháp luật",
           "cơ chế một cửa, một cửa liên thông", "kế hoạch kiểm soát TTHC năm 2024"]
UNITS = ["Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ", "Chi cục Kiểm lâm",
         "Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Chăn nuôi và Thú y", "Chi cục Thủy sản", "Chi cục Thủy lợi",
         "Chi cục Phát triển nông thôn", "Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản",
         "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn"]
PERIODS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024H1", "2024M9", "2024Y"]
STATUSES = ["not_started", "in_progress", "done", "done_late", "not_done"]


def build(path: Path, n_tasks: int, n_entries: int, seed: int = 7) -> None:
    from tthc_desktop.storage.database import open_database

    open_database(path).close()  # the real migrated schema
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO agency_profile (id, name, report_deadline_day, unit_deadline_day, parent_body, "
                "short_name, short_code, place_name, signer_name, signer_title, signer_prefix, signer_deputy_title, "
                "office_email, province_email, province_office, updated_at) VALUES (1, 'Sở NN&PTNT', 18, 16, '', '', "
                "'', '', '', '', '', '', '', '', '', ?)", (datetime.now(),))
    con.executemany("INSERT INTO units (id, name, short_name, email, handles_dossiers, position, active) "
                    "VALUES (?, ?, '', '', 0, ?, 1)", [(i + 1, u, i) for i, u in enumerate(UNITS)])
    con.execute("INSERT INTO plans (id, kind, year, title, issuer, number, signer_name, source_file_name, "
                "source_hash, source_format, status, is_current, text_blocks, warnings, created_at) "
                "VALUES (1, 'department', 2024, 'Kế hoạch 2024', '', '', '', '', '', '', 'issued', 1, '{}', '[]', ?)",
                (datetime.now(),))
    sections = 13
    con.executemany("INSERT INTO plan_sections (id, plan_id, code, title, position, report_part) "
                    "VALUES (?, 1, ?, ?, ?, '')",
                    [(i + 1, f"S{i + 1}", f"Mục {i + 1}", i) for i in range(sections)])
    tasks, links = [], []
    for i in range(n_tasks):
        content = f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} (nhiệm vụ {i + 1})"
        kind = rnd.choice(["once", "once", "recurring", "unspecified"])
        due = date(2024, 1, 1) + timedelta(days=rnd.randrange(365)) if kind == "once" else None
        every = rnd.choice(["quarter", "continuous", "half_year"]) if kind == "recurring" else None
        tasks.append((i + 1, 1, i * sections // n_tasks + 1, i, str(i + 1), content, "[]", "", '["Văn phòng Sở"]',
                      "[]", "", kind, due, every, "{}", "keep", "", "", 0, "[]", fold(content), datetime.now()))
        lead = rnd.randrange(len(UNITS)) + 1
        links.append((i + 1, lead, "lead"))
        coord = rnd.randrange(len(UNITS)) + 1
        if coord != lead:
            links.append((i + 1, coord, "coordinate"))
    con.executemany("INSERT INTO tasks (id, plan_id, section_id, position, number, content, results, "
                    "responsible_text, lead_agencies, coordinate_agencies, time_text, schedule_kind, due_date, every, "
                    "notes, decision, reason, role, is_own, programmes, search_text, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", tasks)
    con.executemany("INSERT INTO task_units (task_id, unit_id, role) VALUES (?,?,?)", links)
    entries, seen = [], set()
    start = datetime(2024, 1, 1)
    while len(entries) < n_entries:
        key = (rnd.randrange(n_tasks) + 1, rnd.choice(PERIODS), rnd.randrange(len(UNITS)) + 1)
        if key in seen:
            continue
        seen.add(key)
        entries.append((*key, rnd.choice(STATUSES), rnd.randrange(101), "Đã triển khai theo kế hoạch", "", "", "",
                        "", "unit_sheet", start + timedelta(minutes=rnd.randrange(500000))))
    con.executemany("INSERT INTO progress_entries (task_id, period, unit_id, status, percent, result_text, "
                    "documents_text, difficulties, proposals, not_done_reason, source, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", entries)
    con.commit()
    con.close()


PLAIN = """
SELECT t.id, s.code, s.title, t.number, t.content, t.schedule_kind, t.due_date, t.every,
  (SELECT group_concat(u.name, '; ') FROM task_units tu JOIN units u ON u.id = tu.unit_id
     WHERE tu.task_id = t.id AND tu.role = 'lead'),
  (SELECT group_concat(u.name, '; ') FROM task_units tu JOIN units u ON u.id = tu.unit_id
     WHERE tu.task_id = t.id AND tu.role = 'coordinate'),
  (SELECT p.status FROM progress_entries p WHERE p.task_id = t.id AND p.period = ?
     ORDER BY p.updated_at DESC LIMIT 1),
  (SELECT max(p.updated_at) FROM progress_entries p WHERE p.task_id = t.id)
FROM tasks t LEFT JOIN plan_sections s ON s.id = t.section_id
WHERE t.plan_id = 1 {extra} ORDER BY t.position
"""


def plain_sqlite(path: Path, period: str, needle: str) -> int:
    con = sqlite3.connect(path)
    try:
        all_rows = con.execute(PLAIN.format(extra=""), (period,)).fetchall()
        filtered = con.execute(PLAIN.format(extra="AND t.search_text LIKE ?"), (period, f"%{needle}%")).fetchall()
    finally:
        con.close()
    assert all_rows
    return len(filtered)


def ours(db, period: str, needle: str, today: date) -> int:
    from tthc_desktop.services.tracking import load_rows
    from tthc_desktop.ui.tracking.board_model import TaskBoardModel, TaskFilterProxy

    model = TaskBoardModel()
    model.set_rows(load_rows(db, period, today))
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text(needle)
    return proxy.rowCount()


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from tthc_desktop.storage.database import open_database

    app = QApplication.instance() or QApplication([])  # noqa: F841 - models need an application
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        build(path, args.tasks, args.entries)
        db = open_database(path)
        period, needle, today = "2024Q2", "ra soat", date(2024, 5, 2)
        found = ours(db, period, needle, today)  # warm-up, and the two must agree
        expected = plain_sqlite(path, period, needle)
        if found != expected:
            print(f"mismatch: board shows {found} rows, sqlite3 finds {expected}", file=sys.stderr)
            return 1
        t_ours = timed(lambda: ours(db, period, needle, today), args.repeat)
        t_plain = timed(lambda: plain_sqlite(path, period, needle), args.repeat)
        db.close()
    ratio = t_ours / t_plain
    print("| benchmark | data | ours (ms) | plain sqlite3 (ms) | ratio | target |")
    print("|---|---|---|---|---|---|")
    thousands = lambda n: f"{n:,}".replace(",", ".")  # noqa: E731 - Vietnamese digit grouping
    data = f"{thousands(args.tasks)} tasks, {thousands(args.entries)} progress entries"
    print(f"| board open + text filter «{needle}» | {data}, {found} matches | {t_ours * 1000:.0f} | "
          f"{t_plain * 1000:.0f} | {ratio:.2f}× | ≤ 3× {'✓' if ratio <= 3 else '✗'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
