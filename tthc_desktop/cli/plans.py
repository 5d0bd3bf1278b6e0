"""`tthc plan parse FILE`, `tthc plan import FILE`, `tthc plan list`."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.errors import BadInputError

KIND_LABELS = {"provincial": "của tỉnh", "department": "của Sở"}
SCHEDULE_LABELS = {"once": "một lần", "recurring": "định kỳ", "unspecified": "chưa xác định"}


def register(top, groups) -> None:
    plan = groups.get("plan", "kế hoạch: đọc, nhập, lập kế hoạch của Sở, xuất bản")
    p = plan.add_parser("parse", help="đọc một kế hoạch (.docx, .xlsx, .txt/.md) mà không lưu", parents=[groups.common])
    p.add_argument("file", metavar="TỆP")
    p.add_argument("--year", type=int, metavar="NĂM", help="năm của kế hoạch (mặc định: đọc từ tiêu đề)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_parse)
    p = plan.add_parser("import", help="đọc và lưu kế hoạch của tỉnh vào cơ sở dữ liệu", parents=[groups.common])
    p.add_argument("file", metavar="TỆP")
    p.add_argument("--year", type=int, metavar="NĂM", help="năm của kế hoạch (mặc định: đọc từ tiêu đề)")
    p.add_argument("--kind", choices=("provincial", "department"), default="provincial", help="loại kế hoạch")
    p.add_argument("--replace", action="store_true", help="thay thế nếu tệp này đã được nhập")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_import)
    p = plan.add_parser("list", help="các kế hoạch đã lưu", parents=[groups.common])
    p.add_argument("--kind", choices=("provincial", "department"))
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_list)


def _read(args):
    from tthc_desktop.importers import read_plan

    path = Path(args.file)
    if not path.exists():
        raise BadInputError(f"Không tìm thấy tệp «{path}».")
    return read_plan(path, year=args.year)


def summary_lines(plan) -> list[str]:
    from tthc_desktop.domain.text import format_date

    lines = [plan.title or "(không có tiêu đề)"]
    facts = [f"Cơ quan ban hành: {plan.issuer or 'không rõ'}", f"năm {plan.year}"]
    if plan.decision:
        facts.append(f"số {plan.decision}" + (f" ngày {format_date(plan.decision_date)}" if plan.decision_date else ""))
    lines.append("; ".join(facts) + ".")
    lines.append(f"{len(plan.sections)} mục, {len(plan.tasks)} nhiệm vụ (tệp {plan.source_file}, dạng {plan.format}).")
    for section in plan.sections:
        lines.append(f"{section.code}. {section.title}" if section.code else (section.title or "(ngoài mục)"))
        for task in section.tasks:
            due = ", ".join(format_date(d) for d in task.schedule.dues or [task.schedule.due] if d)
            when = SCHEDULE_LABELS[task.schedule.kind] + (f" hạn {due}" if due else "")
            lead = ", ".join(task.lead) or "chưa rõ"
            lines.append(f"  {task.number}. {task.content[:70]}{'…' if len(task.content) > 70 else ''} "
                         f"— chủ trì: {lead}; thời gian: {when}{' (bản quét, cần kiểm tra)' if task.ocr else ''}")
    if plan.warnings:
        lines.append(f"Cần kiểm tra ({len(plan.warnings)}):")
        lines.extend(f"  - {w}" for w in plan.warnings)
    return lines


def _parse(args, ctx) -> int:
    plan = _read(args)
    if args.json:
        ctx.print_json(plan.to_json())
    else:
        print("\n".join(summary_lines(plan)))
    return 0


def _import(args, ctx) -> int:
    from tthc_desktop.services.plans import import_plan, list_plans

    plan = _read(args)
    plan_id = import_plan(ctx.db, plan, kind=args.kind, year=args.year, replace_duplicate=args.replace)
    stored = next(p for p in list_plans(ctx.db) if p["id"] == plan_id)
    if args.json:
        ctx.print_json({**stored, "warnings": list(plan.warnings)})
    else:
        print(f"Đã lưu kế hoạch {KIND_LABELS[args.kind]} «{plan.title[:80]}» (mã {plan_id}): "
              f"{len(plan.sections)} mục, {len(plan.tasks)} nhiệm vụ.")
        if plan.warnings:
            print(f"Có {len(plan.warnings)} điểm cần kiểm tra; xem bằng «tthc plan parse {args.file}».")
    return 0


def _list(args, ctx) -> int:
    from tthc_desktop.services.plans import list_plans

    plans = list_plans(ctx.db, args.kind)
    if args.json:
        ctx.print_json(plans)
        return 0
    if not plans:
        print("Chưa có kế hoạch nào được lưu.")
    for p in plans:
        print(f"[{p['id']}] {p['year']} · {KIND_LABELS.get(p['kind'], p['kind'])} · {p['title'][:70]} · "
              f"{p['tasks']} nhiệm vụ · {p['source_file'] or 'lập trong chương trình'}")
    return 0
