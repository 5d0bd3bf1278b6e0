"""`tthc report build|email`: the quarterly report files and the e-mail draft to the province."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.domain.periods import Period


def register(top, groups) -> None:
    sub = groups.get("report", "báo cáo định kỳ: lập báo cáo và biểu mẫu, thư gửi Văn phòng UBND tỉnh")
    p = sub.add_parser("build", help="ghi báo cáo .docx và biểu II.05a, II.06a (.xlsx, .docx)", parents=[groups.common])
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi (mặc định: thư mục theo ngày cạnh cơ sở dữ liệu)")
    p.add_argument("--strict", action="store_true", help="không lập báo cáo (mã thoát 4) khi còn đơn vị chưa có số liệu")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_build)

    p = sub.add_parser("email", help="thư nháp .eml đính kèm bản báo cáo đã lập (mặc định bản mới nhất)",
                       parents=[groups.common])
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi khi kỳ này chưa lập báo cáo lần nào")
    p.add_argument("--file", metavar="TỆP", help="bản báo cáo cần gửi (mặc định: bản mới nhất, đã sửa hay chưa)")
    p.add_argument("--open", action="store_true", help="mở thư bằng chương trình thư điện tử mặc định")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_email)


def _build(args, ctx) -> int:
    import sys

    from tthc_desktop.services import report
    from tthc_desktop.services.tracking import period_summary

    period = Period.parse(args.period)
    try:
        written, check = report.build_checked_report(ctx.db, period, Path(args.out) if args.out else None,
                                                     strict=args.strict)
    except report.StrictCheckError as exc:
        if args.json:
            ctx.print_json({"period": period.code, "files": [], **exc.check.to_json()})
        else:
            _print_warnings(exc.check.warnings, sys.stderr)
        raise
    if args.json:
        result = {"period": period.code, "files": [str(f) for f in written.files], **check.to_json(),
                  "summary": period_summary(ctx.db, period)}
        result["warnings"] = [*written.notes, *result["warnings"]]  # a kept edited file is said first
        ctx.print_json(result)
    else:
        for note in written.notes:
            print(note)
        for f in written.files:
            print(f)
        _print_warnings(check.warnings, sys.stdout)
    return 0


def _print_warnings(warnings: list[str], stream) -> None:
    for w in warnings:
        stream.write(f"Cảnh báo: {w}\n")


def _email(args, ctx) -> int:
    from tthc_desktop.services import report

    period = Period.parse(args.period)
    eml, files, notes = report.prepare_email(ctx.db, period, Path(args.file) if args.file else None,
                                             Path(args.out) if args.out else None)
    if args.json:
        ctx.print_json({"period": period.code, "files": [str(f) for f in files], "email": str(eml),
                        "warnings": notes})
    else:
        for note in notes:
            print(note)
        print(f"Đã lập thư nháp: {eml} (đính kèm {', '.join(f.name for f in files)})")
    if args.open:
        report.open_with_system(eml)
    return 0
