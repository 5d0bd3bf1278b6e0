"""`tthc plan export PLAN_ID --docx OUT --xlsx OUT` and `tthc plan issue PLAN_ID …` (number, date, texts)."""
from __future__ import annotations

from pathlib import Path


def register(top, groups) -> None:
    plan = groups.get("plan", "kế hoạch: đọc, lập, xuất")
    p = plan.add_parser("export", help="xuất kế hoạch của Sở ra Word (.docx) và/hoặc Excel (.xlsx)",
                        parents=[groups.common])
    p.add_argument("plan_id", metavar="MÃ_KẾ_HOẠCH", type=int, help="số hiệu kế hoạch của Sở trong cơ sở dữ liệu")
    p.add_argument("--docx", type=Path, metavar="TỆP.docx", help="tệp Word: thân kế hoạch và phụ lục")
    p.add_argument("--xlsx", type=Path, metavar="TỆP.xlsx", help="tệp Excel: bảng phụ lục in khổ A4 ngang")
    p.add_argument("--json", action="store_true", help="in danh sách tệp đã ghi dạng JSON")
    p.set_defaults(func=_export)
    register_issue(plan, groups)


def _export(args, ctx) -> int:
    import sys

    from tthc_desktop.services.plan_export import export_plan
    from tthc_desktop.services.report_checks import plan_problems

    written = export_plan(ctx.db, args.plan_id, docx=args.docx, xlsx=args.xlsx)
    warnings = [f"Kiểm tra văn bản – {p.message()}" for p in plan_problems(ctx.db, args.plan_id)]
    if args.json:
        ctx.print_json({"plan_id": args.plan_id, "files": [str(p) for p in written], "warnings": warnings})
    else:
        for path in written:
            print(f"Đã ghi {path}")
        for w in warnings:
            sys.stderr.write(f"Cảnh báo: {w}\n")
    return 0


def register_issue(plan, groups) -> None:
    p = plan.add_parser("issue", help="số, ngày, người ký và các phần văn bản của kế hoạch của Sở (xem hoặc sửa)",
                        parents=[groups.common])
    p.add_argument("plan_id", metavar="MÃ_KẾ_HOẠCH", type=int)
    p.add_argument("--number", default=None, metavar="SỐ", help="số văn bản (12 hoặc 12/KH-SNNPTNT); \"\" để văn thư ghi")
    p.add_argument("--date", default=None, metavar="dd/mm/yyyy", help="ngày ban hành; \"\" để văn thư ghi")
    p.add_argument("--blank-month", type=int, default=None, metavar="THÁNG",
                   help="tháng in sẵn khi để trống ngày (\"ngày    tháng 02 năm 2024\"); 0 để bỏ")
    p.add_argument("--signer", default=None, metavar="HỌ_TÊN", help="họ tên người ký (mặc định: theo thông tin cơ quan)")
    p.add_argument("--block", action="append", default=[], metavar="PHẦN=TỆP.txt",
                   help="thay một phần văn bản bằng nội dung tệp (mỗi dòng một đoạn): preamble, purpose, "
                        "requirements, reporting, organisation, recipients")
    p.add_argument("--reset", action="append", default=[], metavar="PHẦN", help="trả một phần về mặc định")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_issue)


def _issue(args, ctx) -> int:
    from tthc_desktop.domain.text import parse_date
    from tthc_desktop.errors import BadInputError, UsageError
    from tthc_desktop.services.plan_issue import KEEP, issue_info, save_issue_info

    changes: dict = {}
    if args.number is not None:
        changes["number"] = args.number
    if args.date is not None:
        try:
            changes["doc_date"] = parse_date(args.date) if args.date.strip() else None
        except ValueError as exc:
            raise UsageError(f"Ngày ban hành «{args.date}» không hợp lệ; dùng dạng dd/mm/yyyy.") from exc
    if args.blank_month is not None:
        changes["blank_month"] = args.blank_month or None
    if args.signer is not None:
        changes["signer_name"] = args.signer
    blocks: dict = {key: None for key in args.reset}
    for spec in args.block:
        key, sep, file = spec.partition("=")
        if not sep or not key.strip() or not file.strip():
            raise UsageError(f"«{spec}» không đúng dạng PHẦN=TỆP.txt.")
        try:
            text = Path(file.strip()).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInputError(f"Không đọc được tệp «{file.strip()}» (cần văn bản UTF-8).", detail=str(exc)) from exc
        blocks[key.strip()] = [line.strip() for line in text.splitlines() if line.strip()]
    if changes or blocks:
        save_issue_info(ctx.db, args.plan_id, blocks=blocks or None,
                        **{k: changes.get(k, KEEP) for k in ("number", "doc_date", "blank_month", "signer_name")})
    info = issue_info(ctx.db, args.plan_id)
    if args.json:
        ctx.print_json(info.to_json())
    else:
        from tthc_desktop.domain.text import format_date

        print(f"Kế hoạch {info.plan_id}: số «{info.number or '(để trống)'}», ngày "
              f"{format_date(info.doc_date) or '(để trống)'}, người ký {info.signer_name or '(chưa có)'}.")
        print("Các phần đã sửa: " + (", ".join(sorted(info.customised)) or "không (dùng mặc định)") + ".")
    return 0
