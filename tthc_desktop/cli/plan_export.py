"""`tthc plan export PLAN_ID --docx OUT --xlsx OUT`: issue the department's plan as Word and Excel."""
from __future__ import annotations

from pathlib import Path


def register(top, groups) -> None:
    plan = groups.get("plan", "kế hoạch: đọc, lập, xuất")
    p = plan.add_parser("export", help="xuất kế hoạch của Sở ra Word (.docx) và/hoặc Excel (.xlsx)",
                        parents=[groups.common])
    p.add_argument("plan_id", metavar="PLAN_ID", type=int, help="số hiệu kế hoạch của Sở trong cơ sở dữ liệu")
    p.add_argument("--docx", type=Path, metavar="TỆP.docx", help="tệp Word: thân kế hoạch và phụ lục")
    p.add_argument("--xlsx", type=Path, metavar="TỆP.xlsx", help="tệp Excel: bảng phụ lục in khổ A4 ngang")
    p.add_argument("--json", action="store_true", help="in danh sách tệp đã ghi dạng JSON")
    p.set_defaults(func=_export)


def _export(args, ctx) -> int:
    from tthc_desktop.services.plan_export import export_plan

    written = export_plan(ctx.db, args.plan_id, docx=args.docx, xlsx=args.xlsx)
    if args.json:
        ctx.print_json({"plan_id": args.plan_id, "files": [str(p) for p in written]})
    else:
        for path in written:
            print(f"Đã ghi {path}")
    return 0
