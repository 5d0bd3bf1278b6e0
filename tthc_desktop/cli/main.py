"""Entry point of `tthc`: argument parsing, the database context and the never-a-traceback rule."""
from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from tthc_desktop import __version__
from tthc_desktop.errors import TthcError, UsageError
from tthc_desktop.logs import log_written, setup_logging

log = logging.getLogger("tthc")

# Each module defines register(top_level_subparsers, groups) and handlers taking (args, ctx).
COMMAND_MODULES = ("period", "database", "forms", "tracking", "plan_export", "derive", "report", "programme", "plans", "demo",
                   "history", "db_copy")


# argparse looks its messages up through the module-level gettext alias `_` at call time; the ones a user
# can meet (help headings, syntax errors) are given in Vietnamese, anything else stays as argparse has it.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "giá trị %(value)r không hợp lệ (chọn một trong: %(choices)s)",
    "the following arguments are required: %s": "còn thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu các tham số: %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là: %(matches)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "tham số %r không dùng được ở đây",
}
_argparse_gettext = argparse._


def _argparse_vi(message: str) -> str:
    return _ARGPARSE_VI.get(message) or _argparse_gettext(message)


argparse._ = _argparse_vi


class VietnameseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(f"Lệnh không đúng cú pháp: {message}. Xem «{self.prog} --help».")


class CommandGroups:
    """Second-level commands shared by several modules (`tthc plan parse`, `tthc plan derive` …)."""

    def __init__(self, top, common: argparse.ArgumentParser):
        self._top = top
        self._common = common
        self._groups: dict[str, argparse._SubParsersAction] = {}

    def get(self, name: str, help_text: str):
        if name not in self._groups:
            parser = self._top.add_parser(name, help=help_text, parents=[self._common])
            self._groups[name] = parser.add_subparsers(dest=f"{name}_command", metavar="LỆNH", required=True)
        return self._groups[name]

    @property
    def common(self) -> argparse.ArgumentParser:
        return self._common


class Context:
    """What a command handler needs: the database path, opened lazily, and JSON output."""

    def __init__(self, args: argparse.Namespace):
        from tthc_desktop.storage.engines import is_server_url, local_path, resolve_target

        self.args = args
        # A file path, or a postgresql+pg8000:// URL (server mode); db_path is then the local stand-in.
        self.db_target = resolve_target(getattr(args, "db", None))
        self.server = is_server_url(self.db_target)
        self.db_path: Path = local_path(self.db_target)
        self._db = None

    @property
    def db(self):
        if self._db is None:
            from tthc_desktop.storage.database import open_database

            self._db = open_database(self.db_target)
            for notice in self._db.notices:  # read-only medium, network drive
                sys.stderr.write(f"Lưu ý: {notice}\n")
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    @staticmethod
    def print_json(data) -> None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def build_parser() -> argparse.ArgumentParser:
    common = VietnameseArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="TỆP",
                        help="tệp cơ sở dữ liệu, hoặc máy chủ postgresql+pg8000://người_dùng@máy:cổng/tên_csdl "
                             "(mặc định: TTHC_DB hoặc thư mục dữ liệu)")
    parser = VietnameseArgumentParser(
        prog="tthc",
        description="TTHC Desktop: kế hoạch, theo dõi và báo cáo kiểm soát thủ tục hành chính.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"TTHC Desktop {__version__}",
                        help="in số phiên bản rồi thoát")
    top = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseArgumentParser)
    groups = CommandGroups(top, common)
    for name in COMMAND_MODULES:
        importlib.import_module(f"tthc_desktop.cli.{name}").register(top, groups)
    return parser


def run(argv: list[str] | None = None) -> int:
    ctx = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        handler: Callable | None = getattr(args, "func", None)
        if handler is None:
            parser.print_help()
            return 2
        ctx = Context(args)
        setup_logging(ctx.db_path)
        return int(handler(args, ctx) or 0)
    except TthcError as exc:
        # The detail is technical and usually English (OSError, zipfile …): the log keeps it, the user gets the sentence.
        sys.stderr.write(exc.message.rstrip() + "\n")
        log.info("exit %s: %s %s", exc.exit_code, exc.message, exc.detail)
        return exc.exit_code
    except BrokenPipeError:
        # `tthc … | head` closed the pipe: not an error of the program. Silence the final flush.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu.\n")
        return 130
    except Exception as exc:
        from tthc_desktop.storage.engines import user_error_for

        known = user_error_for(exc, ctx.db_target if ctx else None)
        if known is not None:  # the server went away during a read: one sentence, never a traceback
            sys.stderr.write(known.message + "\n")
            log.info("exit %s: %s %s", known.exit_code, known.message, known.detail)
            return known.exit_code
        return _unexpected(exc, argv, ctx)
    finally:
        if ctx is not None:
            with contextlib.suppress(Exception):
                ctx.close()


def _unexpected(exc: Exception, argv, ctx) -> int:
    """A full disk or a read-only folder met outside the database layer is the user's sentence too;
    anything else goes to the log, and the message mentions the log only if it could be written."""
    from tthc_desktop.storage.database import storage_error

    mapped = storage_error(ctx.db_path if ctx else Path("tthc.sqlite3"), exc)
    if mapped is not None:
        log.info("exit %s: %s (%s)", mapped.exit_code, mapped.message, exc)
        sys.stderr.write(mapped.message + "\n")
        return mapped.exit_code
    log_file = setup_logging(ctx.db_path if ctx else None)
    log.exception("unexpected error in tthc %s", argv)
    where = f"; chi tiết được ghi vào {log_file}" if log_written() else ""
    sys.stderr.write(f"Đã xảy ra lỗi không mong muốn{where}. Dữ liệu không bị thay đổi.\n")
    return 1


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")  # non-UTF-8 file names
    sys.exit(run())
