"""`tthc history`, `tthc undo ID`, `tthc plan show|keep|remove-task|restore-task`,
`tthc progress delete`, `tthc evidence delete|edit`: the decisions kept with a plan, and every change reversible."""
from __future__ import annotations

from tthc_desktop.domain.text import parse_date
from tthc_desktop.errors import UsageError


def register(top, groups) -> None:
    p = top.add_parser("history", help="lịch sử các thao tác đã thay đổi dữ liệu (mới nhất trước)",
                       parents=[groups.common])
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_history)
    p = top.add_parser("undo", help="hoàn tác một thao tác trong lịch sử", parents=[groups.common])
    p.add_argument("id", type=int, metavar="SỐ", help="số của thao tác (xem «tthc history»)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_undo)

    plan = groups.get("plan", "kế hoạch: đọc, lập, xuất")
    p = plan.add_parser("show", help="một kế hoạch với mọi nhiệm vụ, kể cả nhiệm vụ của tỉnh đã bỏ và lý do",
                        parents=[groups.common])
    p.add_argument("plan_id", type=int, metavar="MÃ")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_show)
    p = plan.add_parser("keep", help="đưa một nhiệm vụ của tỉnh đã bỏ trở lại kế hoạch của Sở",
                        parents=[groups.common])
    p.add_argument("plan_id", type=int, metavar="MÃ")
    p.add_argument("number", metavar="SỐ", help="số nhiệm vụ trong kế hoạch của tỉnh, ví dụ «II.3» hoặc «3»")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_keep)
    p = plan.add_parser("remove-task", help="bỏ một nhiệm vụ khỏi kế hoạch (giữ nguyên kết quả, văn bản)",
                        parents=[groups.common])
    p.add_argument("task_id", type=int, metavar="MÃ_NHIỆM_VỤ")
    p.add_argument("--reason", required=True, metavar="LÝ_DO")
    p.set_defaults(func=_remove)
    p = plan.add_parser("restore-task", help="đưa nhiệm vụ đã bỏ trở lại kế hoạch", parents=[groups.common])
    p.add_argument("task_id", type=int, metavar="MÃ_NHIỆM_VỤ")
    p.set_defaults(func=_restore)

    p = groups.get("progress", "kết quả thực hiện nhiệm vụ").add_parser(
        "delete", help="xóa một kết quả thực hiện (hoàn tác được)", parents=[groups.common])
    p.add_argument("entry_id", type=int, metavar="MÃ_KẾT_QUẢ")
    p.set_defaults(func=_delete_entry)
    ev = groups.get("evidence", "văn bản, tài liệu chứng minh")
    p = ev.add_parser("delete", help="xóa một văn bản chứng minh (tệp được giữ để hoàn tác)", parents=[groups.common])
    p.add_argument("evidence_id", type=int, metavar="MÃ_VĂN_BẢN")
    p.set_defaults(func=_delete_evidence)
    p = ev.add_parser("edit", help="sửa số, ngày, cơ quan ban hành, trích yếu của văn bản chứng minh",
                      parents=[groups.common])
    p.add_argument("evidence_id", type=int, metavar="MÃ_VĂN_BẢN")
    p.add_argument("--number", metavar="SỐ")
    p.add_argument("--date", metavar="NGÀY", help="dd/mm/yyyy")
    p.add_argument("--issuer", metavar="CƠ_QUAN")
    p.add_argument("--summary", metavar="TRÍCH_YẾU")
    p.set_defaults(func=_edit_evidence)


def _history(args, ctx) -> int:
    from tthc_desktop.services import history

    ops = history.list_operations(ctx.db)
    if args.json:
        ctx.print_json([{k: op[k] for k in ("id", "time", "kind", "summary", "user", "undoable")} for op in ops])
        return 0
    if not ops:
        print("Chưa có thao tác nào.")
    for op in ops:
        mark = "đã hoàn tác" if op["undone"] else ("hoàn tác được" if op["undoable"] else "không hoàn tác được")
        print(f"#{op['id']:<5} {op['time']}  {op['user']:<12} {op['summary']}  [{mark}]")
    return 0


def _undo(args, ctx) -> int:
    from tthc_desktop.services import history

    message = history.undo(ctx.db, args.id)
    if args.json:
        ctx.print_json({"id": args.id, "undone": True, "message": message})
    else:
        print(message)
    return 0


def _show(args, ctx) -> int:
    from tthc_desktop.services import plan_view

    data = plan_view.show_plan(ctx.db, args.plan_id)
    if args.json:
        ctx.print_json(data)
        return 0
    print(f"{data['title']} (mã {data['id']}, năm {data['year']})")
    for sec in data["sections"]:
        print(f"{sec['code']}. {sec['title']}" if sec["code"] else sec["title"])
        for t in sec["tasks"]:
            if t.get("decision") == "drop":
                print(f"   [bỏ] {t['source_section']}.{t['source_number']} {t['content'][:70]} — {t['reason']}")
            else:
                print(f"  {t['number']:>4}. {t['content'][:80]}")
    for t in data.get("removed_tasks", []):
        print(f"  [không thực hiện] {t['number']}. {t['content'][:70]} — {t['reason']}")
    return 0


def _keep(args, ctx) -> int:
    from tthc_desktop.services import plan_view

    task_id = plan_view.keep_dropped(ctx.db, args.plan_id, args.number)
    if args.json:
        ctx.print_json({"plan_id": args.plan_id, "task_id": task_id})
    else:
        print(f"Đã đưa nhiệm vụ {args.number} của tỉnh trở lại kế hoạch (mã nhiệm vụ {task_id}).")
    return 0


def _remove(args, ctx) -> int:
    from tthc_desktop.services import task_records

    task_records.remove_task(ctx.db, args.task_id, args.reason)
    print(f"Đã bỏ nhiệm vụ mã {args.task_id} khỏi kế hoạch; các kết quả và văn bản của nhiệm vụ vẫn được giữ.")
    return 0


def _restore(args, ctx) -> int:
    from tthc_desktop.services import task_records

    task_records.restore_task(ctx.db, args.task_id)
    print(f"Đã đưa nhiệm vụ mã {args.task_id} trở lại kế hoạch.")
    return 0


def _delete_entry(args, ctx) -> int:
    from tthc_desktop.services import task_records

    task_records.delete_entry(ctx.db, args.entry_id)
    print(f"Đã xóa kết quả mã {args.entry_id}; có thể hoàn tác bằng «tthc undo».")
    return 0


def _delete_evidence(args, ctx) -> int:
    from tthc_desktop.services import task_records

    task_records.delete_evidence(ctx.db, args.evidence_id)
    print(f"Đã xóa văn bản chứng minh mã {args.evidence_id}; tệp đính kèm được giữ để có thể hoàn tác.")
    return 0


def _edit_evidence(args, ctx) -> int:
    from tthc_desktop.services import task_records

    changes = {k: v for k, v in (("number_symbol", args.number), ("issuer", args.issuer),
                                 ("summary", args.summary)) if v is not None}
    if args.date is not None:
        try:
            changes["doc_date"] = parse_date(args.date) if args.date else None
        except ValueError as exc:
            raise UsageError(f"Ngày «{args.date}» không hợp lệ; hãy ghi dạng dd/mm/yyyy.") from exc
    task_records.update_evidence(ctx.db, args.evidence_id, **changes)
    print(f"Đã sửa văn bản chứng minh mã {args.evidence_id}.")
    return 0
