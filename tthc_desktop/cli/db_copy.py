"""`tthc db copy SOURCE DEST`: move a whole database between this machine (SQLite) and the office server."""
from __future__ import annotations

from pathlib import Path


def register(top, groups) -> None:
    db = groups.get("db", "cơ sở dữ liệu: chuyển giữa máy này và máy chủ của cơ quan")
    p = db.add_parser("copy", help="sao chép toàn bộ cơ sở dữ liệu (SQLite ↔ PostgreSQL), kiểm tra từng dòng",
                      parents=[groups.common])
    p.add_argument("source", metavar="NGUỒN", help="tệp .sqlite3 hoặc postgresql+pg8000://…")
    p.add_argument("dest", metavar="ĐÍCH", help="tệp .sqlite3 hoặc postgresql+pg8000://… (phải trống)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_copy)


def _copy(args, ctx) -> int:
    from tthc_desktop.services.server import copy_between

    report = copy_between(args.source, args.dest)
    if args.json:
        ctx.print_json({"source": _shown(args.source), "dest": _shown(args.dest), **report.to_json()})
    else:
        print(f"Đã sao chép {report.rows} dòng của {len(report.counts)} bảng"
              f"{f' và {report.files} tệp minh chứng' if report.files else ''}; "
              "số dòng và mã kiểm tra của từng dòng khớp với nguồn.")
    return 0


def _shown(target: str) -> str:
    from tthc_desktop.storage.engines import display_name, is_server_url, parse_server_url

    return display_name(parse_server_url(target)) if is_server_url(target) else str(Path(target))
