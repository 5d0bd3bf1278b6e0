"""`tthc period PERIOD --json`: the dates of a reporting period."""
from __future__ import annotations

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_date


def register(top, groups) -> None:
    p = top.add_parser("period", help="ngày bắt đầu, kết thúc và hạn gửi của một kỳ báo cáo", parents=[groups.common])
    p.add_argument("period", metavar="KỲ", help="2024Q1 … 2024Q4, 2024H1, 2024M9, 2024Y")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=_period)


def _period(args, ctx) -> int:
    period = Period.parse(args.period)
    if args.json:
        ctx.print_json(period.to_json())
    else:
        print(f"{period.label}: từ {format_date(period.start)} đến {format_date(period.end)}; "
              f"các đơn vị gửi báo cáo trước {format_date(period.unit_deadline)}.")
    return 0
