"""`tthc check`, `tthc backup`, `tthc restore FILE`."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.errors import BadInputError, DatabaseDamagedError


def register(top, groups) -> None:
    p = top.add_parser("check", help="kiểm tra toàn vẹn cơ sở dữ liệu", parents=[groups.common])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_check)
    p = top.add_parser("backup", help="sao lưu cơ sở dữ liệu (an toàn khi chương trình đang chạy)", parents=[groups.common])
    p.set_defaults(func=_backup)
    p = top.add_parser("restore", help="khôi phục từ một bản sao lưu", parents=[groups.common])
    p.add_argument("file", metavar="TỆP")
    p.set_defaults(func=_restore)


def _check(args, ctx) -> int:
    from tthc_desktop.storage.database import check_openable

    check_openable(ctx.db_path)
    problems = ctx.db.integrity_check()
    if args.json:
        ctx.print_json({"database": str(ctx.db_path), "ok": not problems, "problems": problems})
    if problems:
        raise DatabaseDamagedError("Cơ sở dữ liệu bị hỏng: " + "; ".join(problems[:5]))
    if not args.json:
        print(f"Cơ sở dữ liệu {ctx.db_path} nguyên vẹn.")
    return 0


def _backup(args, ctx) -> int:
    from tthc_desktop.storage.backup import backup_now

    ctx.db  # opens (and migrates) first: refuses newer or damaged files
    target = backup_now(ctx.db_path)
    print(f"Đã sao lưu vào {target}")
    return 0


def _restore(args, ctx) -> int:
    from tthc_desktop.services.safety import restore_backup

    source = Path(args.file)
    if not source.is_file():
        raise BadInputError(f"Không tìm thấy tệp sao lưu «{source}».")
    kept = restore_backup(ctx.db_path, source)
    print(f"Đã khôi phục từ {source}; cơ sở dữ liệu trước đó được giữ tại {kept}.")
    return 0
