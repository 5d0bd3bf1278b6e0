"""`tthc check`, `tthc backup`, `tthc restore FILE`, `tthc backups`."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.errors import DatabaseDamagedError, ValidationError


def register(top, groups) -> None:
    p = top.add_parser("check", help="kiểm tra toàn vẹn cơ sở dữ liệu (đầy đủ, kể cả khóa ngoại)",
                       parents=[groups.common])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_check)
    p = top.add_parser("backup", help="sao lưu cơ sở dữ liệu (an toàn khi chương trình đang chạy)",
                       parents=[groups.common])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_backup)
    p = top.add_parser("restore", help="khôi phục từ một bản sao lưu (sao lưu tệp hiện tại trước)",
                       parents=[groups.common])
    p.add_argument("file", metavar="TỆP")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_restore)
    p = top.add_parser("backups", help="liệt kê các bản sao lưu", parents=[groups.common])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_list)


def _check(args, ctx) -> int:
    from tthc_desktop.services.evidence_check import evidence_problems
    from tthc_desktop.services.safety import describe_problems, full_check
    from tthc_desktop.storage.database import check_openable

    if ctx.server:  # a newer server schema is refused (exit 5) by opening it
        problems = ctx.db.integrity_check()
    else:
        check_openable(ctx.db_path)  # newer or damaged: exit 5 before anything is written
        ctx.db  # a missing file is created and migrated (cli.md)
        problems = full_check(ctx.db_path)
    files = [] if problems else evidence_problems(ctx.db)
    if args.json:
        ctx.print_json({"database": str(ctx.db_path), "ok": not problems and not files, "problems": problems,
                        "evidence_problems": files})
    if problems:
        raise DatabaseDamagedError(
            "Cơ sở dữ liệu bị hỏng: " + "; ".join(describe_problems(problems)) + ". Hãy khôi phục từ một bản sao lưu.",
            detail="; ".join(problems[:20]),
        )
    if files:
        more = f" (và {len(files) - 3} tệp khác)" if len(files) > 3 else ""
        raise ValidationError("Cơ sở dữ liệu nguyên vẹn nhưng tệp chứng minh có vấn đề: " + "; ".join(files[:3]) + more
                              + ". Hãy đính kèm lại các tệp này.", detail="; ".join(files[:50]))
    if not args.json:
        print(f"Cơ sở dữ liệu {ctx.db.name if ctx.server else ctx.db_path} nguyên vẹn; các tệp chứng minh đầy đủ và "
              "khớp mã băm.")
    return 0


def _backup(args, ctx) -> int:
    from tthc_desktop.storage.backup import backup_now

    ctx.db  # opens (and migrates) first: refuses newer or damaged files
    if ctx.server:
        from tthc_desktop.storage.pg_backup import backup_server

        target = backup_server(ctx.db)  # pg_dump, or the logical export when pg_dump is missing
    else:
        target = backup_now(ctx.db_path)
    if args.json:
        ctx.print_json({"database": str(ctx.db_path), "backup": str(target)})
    else:
        print(f"Đã sao lưu vào {target}")
    return 0


def _restore(args, ctx) -> int:
    from tthc_desktop.services.safety import restore_backup

    if ctx.server:
        return _restore_server(args, ctx)
    # ctx.db is not opened: a damaged current database must still be restorable.
    result = restore_backup(ctx.db_path, Path(args.file))
    if args.json:
        ctx.print_json({"database": str(ctx.db_path), "restored_from": str(result.source),
                        "previous": str(result.previous) if result.previous else None})
    elif result.previous:
        print(f"Đã khôi phục từ {result.source}; cơ sở dữ liệu trước đó được giữ tại {result.previous}.")
    else:
        print(f"Đã khôi phục từ {result.source}.")
    return 0


def _restore_server(args, ctx) -> int:
    from tthc_desktop.storage.pg_backup import restore_server

    previous = restore_server(ctx.db, Path(args.file))
    if args.json:
        ctx.print_json({"database": ctx.db.name, "restored_from": str(Path(args.file)), "previous": str(previous)})
    else:
        print(f"Đã khôi phục từ {args.file}; dữ liệu trước đó trên máy chủ được giữ tại {previous}.")
    return 0


def _list(args, ctx) -> int:
    from tthc_desktop.storage.backup import list_backups

    if ctx.server:
        return _list_server(args, ctx)
    items = list_backups(ctx.db_path)
    if args.json:
        ctx.print_json({"database": str(ctx.db_path), "backups": [b.to_json() for b in items]})
        return 0
    if not items:
        print("Chưa có bản sao lưu nào.")
    for b in items:
        mark = " (đã dùng để khôi phục, luôn giữ lại)" if b.protected else ""
        print(f"{b.created:%d/%m/%Y %H:%M:%S}  {b.kind_label:<20} {b.size // 1024:>6} KB  {b.path.name}{mark}")
    return 0


def _list_server(args, ctx) -> int:
    from tthc_desktop.storage.pg_backup import list_server_backups

    items = list_server_backups(ctx.db_path)
    if args.json:
        ctx.print_json({"database": ctx.db.name, "backups": [{"file": str(p), "name": p.name, "size": p.stat().st_size}
                                                              for p in items]})
        return 0
    if not items:
        print("Chưa có bản sao lưu nào.")
    for p in items:
        print(f"{p.stat().st_size // 1024:>6} KB  {p.name}")
    return 0
