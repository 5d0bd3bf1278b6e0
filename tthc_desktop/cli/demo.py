"""`tthc demo [--db PATH] [--force] [--json]`: build the demo database (never the user's own)."""
from __future__ import annotations

from pathlib import Path


def register(top, groups) -> None:
    p = top.add_parser("demo", parents=[groups.common],
                       help="tạo cơ sở dữ liệu mẫu từ kế hoạch của tỉnh và của Sở (dời sang năm hiện tại)")
    p.add_argument("--year", type=int, metavar="NĂM",
                   help="2024: giữ nguyên năm của văn bản gốc (kế hoạch tỉnh 2023, kế hoạch Sở 2024, số liệu quý I, II)")
    p.add_argument("--force", action="store_true", help="tạo lại dù cơ sở dữ liệu mẫu đã có")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_demo)


def _demo(args, ctx) -> int:
    from tthc_desktop.paths import demo_db_path
    from tthc_desktop.services.demo import build_demo

    # Without --db the demo goes to its own file, not to TTHC_DB or the working database.
    path = Path(args.db) if getattr(args, "db", None) else demo_db_path()
    result = build_demo(path, force=args.force, year=args.year)
    if args.json:
        ctx.print_json(result)
        return 0
    provincial = ", ".join(f"{p['decision'] or p['year']} ({p['tasks']} nhiệm vụ)" for p in result["provincial_plans"])
    department = ", ".join(f"năm {p['year']} ({p['tasks']} nhiệm vụ)" for p in result["department_plans"])
    if result["built"]:
        print(f"Đã tạo cơ sở dữ liệu mẫu: {result['path']}")
    else:
        print(f"Cơ sở dữ liệu mẫu đã có sẵn (thêm --force để tạo lại): {result['path']}")
    print(f"Kế hoạch của tỉnh: {provincial}; kế hoạch của Sở: {department}; {result['units']} đơn vị, "
          f"{result['progress_entries']} lượt cập nhật tiến độ, {result['evidence_documents']} văn bản chứng minh, "
          f"{result['form_figures']} dòng số liệu biểu.")
    if result.get("notice"):
        print(result["notice"])
    print(f"Mở bằng: tthc-desktop --db \"{result['path']}\"")
    return 0
