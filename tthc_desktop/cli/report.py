"""`tthc report build|email`: the quarterly report files and the e-mail draft to the province."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.domain.periods import Period


def register(top, groups) -> None:
    sub = groups.get("report", "báo cáo định kỳ: lập báo cáo và biểu mẫu, thư gửi Văn phòng UBND tỉnh")
    p = sub.add_parser("build", help="ghi báo cáo .docx và biểu II.05a, II.06a (.xlsx, .docx)", parents=[groups.common])
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi (mặc định: thư mục theo ngày cạnh cơ sở dữ liệu)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_build)

    p = sub.add_parser("email", help="lập báo cáo và thư nháp .eml có đính kèm", parents=[groups.common])
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--out", metavar="THƯ_MỤC")
    p.add_argument("--open", action="store_true", help="mở thư bằng chương trình thư điện tử mặc định")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_email)


def _build(args, ctx) -> int:
    from tthc_desktop.services import report

    from tthc_desktop.services.tracking import period_summary

    files = report.build_report(ctx.db, Period.parse(args.period), Path(args.out) if args.out else None)
    if args.json:
        ctx.print_json({"period": Period.parse(args.period).code, "files": [str(f) for f in files],
                        "summary": period_summary(ctx.db, Period.parse(args.period))})
    else:
        for f in files:
            print(f)
    return 0


def _email(args, ctx) -> int:
    from tthc_desktop.services import report

    period = Period.parse(args.period)
    report.email_recipients(ctx.db)
    files = report.build_report(ctx.db, period, Path(args.out) if args.out else None)
    eml = report.make_email_draft(ctx.db, period, files)
    if args.json:
        ctx.print_json({"period": period.code, "files": [str(f) for f in files], "email": str(eml)})
    else:
        print(f"Đã lập thư nháp: {eml}")
    if args.open:
        report.open_with_system(eml)
    return 0
