"""`tthc plan derive PLAN --agency NAME [--previous OWN_PLAN] [--year N] --json` and `tthc plan save-derived`."""
from __future__ import annotations

from tthc_desktop.errors import BadInputError


def register(top, groups) -> None:
    plan = groups.get("plan", "kế hoạch: đọc, lập kế hoạch của Sở, xuất bản")
    p = plan.add_parser("derive", help="đề xuất kế hoạch của Sở từ kế hoạch của tỉnh (không lưu)",
                        parents=[groups.common])
    _common_args(p)
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_derive)
    s = plan.add_parser("save-derived", help="lập và lưu kế hoạch của Sở (giữ các đề xuất, đặt làm kế hoạch đang theo dõi)",
                        parents=[groups.common])
    _common_args(s)
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=_save)


def _common_args(p) -> None:
    p.add_argument("plan", metavar="KẾ_HOẠCH", help="tệp kế hoạch của tỉnh (.docx, .xlsx, .txt) hoặc mã số trong CSDL")
    p.add_argument("--agency", metavar="TÊN_SỞ", help="tên đầy đủ của Sở, ví dụ «Sở Nông nghiệp và Phát triển nông thôn»")
    p.add_argument("--previous", metavar="KẾ_HOẠCH_NĂM_TRƯỚC", help="kế hoạch của Sở năm trước (tệp hoặc mã số)")
    p.add_argument("--year", type=int, metavar="NĂM", help="năm của kế hoạch (mặc định: năm của kế hoạch tỉnh)")
    p.add_argument("--carry-own", action="store_true", help="đưa cả nhiệm vụ riêng của Sở năm trước vào đề xuất")


def _source(value):
    return int(value) if value is not None and str(value).isdigit() else value


def _propose(args, ctx, db):
    from tthc_desktop.services.derive import propose

    try:
        return propose(db, _source(args.plan), args.agency, _source(args.previous), args.year,
                       carry_own=args.carry_own)
    except (OSError, ValueError, KeyError) as exc:
        raise BadInputError("Không đọc được tệp kế hoạch; tệp hỏng hoặc không đúng loại.", detail=str(exc)) from exc


def _derive(args, ctx) -> int:
    from tthc_desktop.errors import UsageError

    needs_db = str(args.plan).isdigit() or (args.previous is not None and str(args.previous).isdigit())
    # Without --agency the name (and rules) come from an existing database; never create one just for that.
    needs_db = needs_db or (not args.agency and ctx.db_path.is_file())
    if not args.agency and not needs_db:
        raise UsageError("Cần tên Sở: thêm --agency \"Sở …\" (hoặc khai báo thông tin cơ quan trong chương trình).")
    proposal = _propose(args, ctx, ctx.db if needs_db else None)
    data = proposal.to_json()
    if args.json:
        ctx.print_json(data)
        return 0
    s = data["summary"]
    print(f"{data['title']}: giữ {s['keep']}, bỏ {s['drop']} trong {s['tasks']} nhiệm vụ.")
    for sec in data["sections"]:
        for t in sec["tasks"]:
            mark = t["number"] or "—"
            print(f"[{t['decision']:4}] {t['source_section'] or ''}.{t['source_number'] or ''} → {mark}: {t['reason']}")
    return 0


def _save(args, ctx) -> int:
    from tthc_desktop.services.derive import save_department_plan

    proposal = _propose(args, ctx, ctx.db)
    plan_id = save_department_plan(ctx.db, proposal)
    kept = sum(t.decision == "keep" for t in proposal.tasks)
    if args.json:
        ctx.print_json({"plan_id": plan_id, "year": proposal.year, "tasks": kept})
    else:
        print(f"Đã lưu kế hoạch của Sở năm {proposal.year} (mã số {plan_id}) với {kept} nhiệm vụ; "
              f"đây là kế hoạch đang theo dõi.")
    return 0
