"""`tthc programme …`: define a programme, tag tasks with it, and write its progress report."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.errors import UsageError


def register(top, groups) -> None:
    sub = groups.get("programme", "chương trình (Nghị quyết 131/NQ-CP …): gắn nhiệm vụ, báo cáo tiến độ")
    p = sub.add_parser("report", help="báo cáo kết quả thực hiện một chương trình trong một kỳ (Word)",
                       parents=[groups.common])
    p.add_argument("name", metavar="TÊN", help="tên chương trình, ví dụ \"Nghị quyết 131/NQ-CP\"")
    p.add_argument("--period", required=True, metavar="KỲ", help="2024Q1 … 2024Q4, 2024H1, 2024M9, 2024Y")
    p.add_argument("--out", required=True, type=Path, metavar="TỆP.docx")
    p.add_argument("--number", default="", metavar="SỐ", help="số công văn (bỏ trống để văn thư ghi khi đăng ký)")
    p.add_argument("--date", default="", metavar="dd/mm/yyyy", help="ngày ban hành (bỏ trống để văn thư ghi)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_report)

    p = sub.add_parser("tag", help="gắn một nhiệm vụ của kế hoạch với chương trình", parents=[groups.common])
    p.add_argument("task", metavar="NHIỆM_VỤ", help="số nhiệm vụ trong kế hoạch đang theo dõi (\"7\", \"1a\") hoặc #mã")
    p.add_argument("name", metavar="TÊN")
    p.add_argument("--section", default=None, metavar="MỤC", help="mục của chương trình (I, II …)")
    p.add_argument("--remove", action="store_true", help="bỏ gắn thay vì gắn")
    p.set_defaults(func=_tag)

    p = sub.add_parser("define", help="khai báo tên đầy đủ, nơi nhận, căn cứ và các mục của chương trình",
                       parents=[groups.common])
    p.add_argument("name", metavar="TÊN")
    p.add_argument("--title", default="", metavar="TÊN", help="tên đầy đủ: \"Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ về …\"")
    p.add_argument("--recipient", default="", metavar="NƠI_NHẬN", help="nơi nhận báo cáo (mặc định: Văn phòng UBND tỉnh)")
    p.add_argument("--basis", default="", metavar="VĂN_BẢN", help="văn bản yêu cầu báo cáo (câu \"Thực hiện …\")")
    p.add_argument("--section", action="append", default=[], metavar="MÃ=TÊN", help="một mục, ví dụ \"I=Về cải cách TTHC\"")
    p.set_defaults(func=_define)

    p = sub.add_parser("list", help="các chương trình đã khai báo hoặc đã gắn", parents=[groups.common])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_list)


def _report(args, ctx) -> int:
    from tthc_desktop.domain.text import parse_date
    from tthc_desktop.services.programme_report import export_programme_report

    try:
        when = parse_date(args.date) if args.date else None
    except ValueError as exc:
        raise UsageError(f"Ngày ban hành «{args.date}» không hợp lệ; dùng dạng dd/mm/yyyy.") from exc
    path = export_programme_report(ctx.db, args.name, args.period, args.out, number=args.number, doc_date=when)
    if args.json:
        ctx.print_json({"programme": args.name, "period": args.period.upper(), "file": str(path)})
    else:
        print(f"Đã ghi {path}")
    return 0


def _tag(args, ctx) -> int:
    from tthc_desktop.services.programme_report import tag_task, untag_task
    from tthc_desktop.services.tracking import resolve_task

    task_id = resolve_task(ctx.db, args.task)
    if args.remove:
        untag_task(ctx.db, task_id, args.name)
        print(f"Đã bỏ gắn nhiệm vụ {args.task} khỏi «{args.name}».")
    else:
        tag_task(ctx.db, task_id, args.name, args.section)
        print(f"Đã gắn nhiệm vụ {args.task} với «{args.name}»" + (f", mục {args.section}." if args.section else "."))
    return 0


def _define(args, ctx) -> int:
    from tthc_desktop.domain.programme import Programme, ProgrammeSection
    from tthc_desktop.services.programme_report import save_programme

    sections = []
    for spec in args.section:
        code, sep, title = spec.partition("=")
        if not sep or not code.strip() or not title.strip():
            raise UsageError(f"Mục «{spec}» không đúng dạng MÃ=TÊN (ví dụ \"I=Về cải cách TTHC\").")
        sections.append(ProgrammeSection(code.strip(), title.strip()))
    save_programme(ctx.db, Programme(args.name.strip(), args.title.strip(), args.recipient.strip(),
                                     args.basis.strip(), sections))
    print(f"Đã lưu chương trình «{args.name.strip()}» ({len(sections)} mục).")
    return 0


def _list(args, ctx) -> int:
    from tthc_desktop.services.programme_report import list_programmes

    programmes = list_programmes(ctx.db)
    if args.json:
        ctx.print_json([p.to_json() for p in programmes])
    else:
        for p in programmes:
            print(f"{p.name}: {len(p.sections)} mục" + (f" — {p.full_title}" if p.full_title else ""))
    return 0
