"""`tthc task list|show|close`, `tthc progress add`, `tthc evidence add`, `tthc units sheets|import|pending|remind|resolve`."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from tthc_desktop.domain import status as st
from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_date, parse_date
from tthc_desktop.errors import UsageError


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"Ngày «{text}» không hợp lệ; hãy ghi dạng dd/mm/yyyy.") from exc


def _status(text: str, allow_missing: bool = False) -> str:
    try:
        return st.parse_status(text, allow_missing=allow_missing)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def register(top, groups) -> None:
    task = groups.get("task", "các nhiệm vụ của kế hoạch đang theo dõi").add_parser(
        "list", help="danh sách nhiệm vụ và trạng thái trong kỳ", parents=[groups.common])
    task.add_argument("--unit", metavar="ĐƠN_VỊ", help="chỉ nhiệm vụ của đơn vị này (tên, tên tắt hoặc mã)")
    task.add_argument("--status", metavar="TRẠNG_THÁI",
                      help="trạng thái: Chưa thực hiện, Đang thực hiện, Hoàn thành, … hoặc mã")
    task.add_argument("--due-before", metavar="NGÀY", help="hạn tiếp theo không muộn hơn ngày này (dd/mm/yyyy)")
    task.add_argument("--period", metavar="KỲ", help="kỳ báo cáo, mặc định là quý hiện tại")
    task.add_argument("--text", default="", metavar="CHỮ", help="tìm trong nội dung (không phân biệt dấu)")
    task.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    task.set_defaults(func=_task_list)

    show = groups.get("task", "các nhiệm vụ của kế hoạch đang theo dõi").add_parser(
        "show", help="một nhiệm vụ: trạng thái trong kỳ và từng đơn vị (đã báo cáo chưa, báo cáo gần nhất)",
        parents=[groups.common])
    show.add_argument("task", metavar="NHIỆM_VỤ", help="số thứ tự nhiệm vụ trong kế hoạch (hoặc #mã)")
    show.add_argument("--period", metavar="KỲ", help="kỳ báo cáo, mặc định là quý hiện tại")
    show.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    show.set_defaults(func=_task_show)

    prog = groups.get("progress", "kết quả thực hiện nhiệm vụ").add_parser(
        "add", help="ghi kết quả thực hiện một nhiệm vụ trong kỳ", parents=[groups.common])
    prog.add_argument("task", metavar="NHIỆM_VỤ", help="số thứ tự nhiệm vụ trong kế hoạch (hoặc #mã)")
    prog.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo: 2024Q1…2024Q4, 2024H1, 2024M9, 2024Y")
    prog.add_argument("--status", required=True, metavar="TRẠNG_THÁI",
                      help="Chưa thực hiện, Đang thực hiện, Hoàn thành, Không thực hiện … hoặc mã")
    prog.add_argument("--note", default="", metavar="NỘI_DUNG", help="kết quả thực hiện")
    prog.add_argument("--percent", type=int, metavar="TỶ_LỆ", help="tỷ lệ hoàn thành, 0–100")
    prog.add_argument("--difficulties", default="", metavar="NỘI_DUNG", help="khó khăn, vướng mắc")
    prog.add_argument("--reason", default="", metavar="LÝ_DO", help="lý do khi không thực hiện")
    prog.add_argument("--expect-version", type=int, default=None, metavar="SỐ",
                   help="chỉ ghi nếu kết quả của kỳ này vẫn ở phiên bản SỐ (0: chưa có); "
                        "nếu đồng nghiệp vừa sửa thì báo xung đột (mã thoát 6), không ghi đè")
    prog.add_argument("--unit", metavar="ĐƠN_VỊ", help="đơn vị báo cáo (bỏ trống: Văn phòng ghi chung)")
    prog.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    prog.set_defaults(func=_progress_add)

    close = groups.get("task", "các nhiệm vụ của kế hoạch đang theo dõi").add_parser(
        "close", help="Văn phòng Sở xác nhận hoàn thành một nhiệm vụ thay các đơn vị chủ trì", parents=[groups.common])
    close.add_argument("task", metavar="NHIỆM_VỤ", help="số thứ tự nhiệm vụ trong kế hoạch (hoặc #mã)")
    close.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo: 2024Q1…2024Q4, 2024H1, 2024M9, 2024Y")
    close.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do xác nhận hoàn thành")
    close.set_defaults(func=_task_close)

    ev = groups.get("evidence", "văn bản, tài liệu chứng minh").add_parser(
        "add", help="thêm văn bản chứng minh cho một nhiệm vụ", parents=[groups.common])
    ev.add_argument("task", metavar="NHIỆM_VỤ", help="số thứ tự nhiệm vụ trong kế hoạch (hoặc #mã)")
    ev.add_argument("file", metavar="TỆP", nargs="?", type=Path, help="tệp văn bản đính kèm (không bắt buộc)")
    ev.add_argument("--number", default="", metavar="SỐ", help="số, ký hiệu văn bản")
    ev.add_argument("--date", metavar="NGÀY", help="ngày ban hành (dd/mm/yyyy)")
    ev.add_argument("--issuer", default="", metavar="CƠ_QUAN", help="cơ quan ban hành")
    ev.add_argument("--summary", default="", metavar="TRÍCH_YẾU", help="trích yếu")
    ev.add_argument("--period", metavar="KỲ", help="kỳ báo cáo của văn bản (không bắt buộc)")
    ev.set_defaults(func=_evidence_add)

    units = groups.get("units", "phiếu báo cáo của các đơn vị")
    sheets = units.add_parser("sheets", help="xuất phiếu báo cáo cho từng đơn vị", parents=[groups.common])
    sheets.add_argument("--period", required=True, metavar="KỲ",
                        help="kỳ báo cáo: 2024Q1…2024Q4, 2024H1, 2024M9, 2024Y")
    sheets.add_argument("--out", required=True, type=Path, metavar="THƯ_MỤC", help="thư mục ghi các phiếu")
    sheets.add_argument("--unit", action="append", metavar="ĐƠN_VỊ", help="chỉ đơn vị này (có thể lặp lại)")
    sheets.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    sheets.set_defaults(func=_unit_sheets)
    pend = units.add_parser("pending", help="đơn vị còn thiếu báo cáo trong kỳ", parents=[groups.common])
    pend.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo: 2024Q1…2024Q4, 2024H1, 2024M9, 2024Y")
    pend.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    pend.set_defaults(func=_units_pending)
    remind = units.add_parser("remind", help="công văn đôn đốc (.docx) và thư nháp (.eml) cho đơn vị còn thiếu báo cáo",
                              parents=[groups.common])
    remind.add_argument("--period", required=True, metavar="KỲ",
                        help="kỳ báo cáo: 2024Q1…2024Q4, 2024H1, 2024M9, 2024Y")
    remind.add_argument("--out", required=True, type=Path, metavar="THƯ_MỤC", help="thư mục ghi văn bản và thư nháp")
    remind.add_argument("--unit", action="append", metavar="ĐƠN_VỊ", help="chỉ đơn vị này (có thể lặp lại)")
    remind.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    remind.set_defaults(func=_units_remind)
    resolve = units.add_parser("resolve", help="đề xuất lại đơn vị của mọi nhiệm vụ từ cách gọi chung trong kế hoạch "
                               "(giữ các lựa chọn đã đánh dấu)", parents=[groups.common])
    resolve.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    resolve.set_defaults(func=_units_resolve)
    imp = units.add_parser("import", help="nhập phiếu báo cáo các đơn vị gửi về", parents=[groups.common])
    imp.add_argument("files", metavar="TỆP", nargs="+", type=Path, help="phiếu báo cáo (.xlsx) các đơn vị gửi về")
    imp.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo: 2024Q1…2024Q4, 2024H1, 2024M9, 2024Y")
    imp.add_argument("--unit", metavar="ĐƠN_VỊ", help="chỉ nhận phiếu của đơn vị này")
    imp.add_argument("--yes", action="store_true", help="ghi vào cơ sở dữ liệu (không có: chỉ xem trước)")
    imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    imp.set_defaults(func=_units_import)


def _task_list(args, ctx) -> int:
    from tthc_desktop.services import tracking

    period = tracking.parse_period(args.period) if args.period else Period.quarter_of(date.today())
    filters = tracking.TaskFilters(unit=args.unit, status=_status(args.status, True) if args.status else None,
                                   due_before=_date(args.due_before) if args.due_before else None, text=args.text)
    rows = tracking.task_rows(ctx.db, period, filters)
    if args.json:
        ctx.print_json({"period": period.code, "tasks": [r.to_json() for r in rows]})
        return 0
    print(f"{period.label}: {len(rows)} nhiệm vụ")
    for r in rows:
        flag = " [QUÁ HẠN]" if r.overdue else f" [còn {r.days_left} ngày]" if r.due_soon else ""
        print(f"{r.number:>5}  {r.status_label:<20} {format_date(r.next_due):<10}{flag}  {r.content[:80]}")
    return 0


def _task_show(args, ctx) -> int:
    from tthc_desktop.services import tracking
    from tthc_desktop.services.task_units import NOT_REPORTED, task_units

    period = tracking.parse_period(args.period) if args.period else Period.quarter_of(date.today())
    shown = task_units(ctx.db, tracking.resolve_task(ctx.db, args.task), period)
    if args.json:
        ctx.print_json(shown.to_json())
        return 0
    r = shown.row
    print(f"Nhiệm vụ {r.number} — {period.label}: {r.status_label}"
          + (f" ({r.progress_text})" if r.progress_text else ""))
    print(r.content)
    for u in shown.units:
        last = (f"báo cáo gần nhất {format_date(u.last_report.date())}, {u.percent}%"
                if u.last_report else "chưa có báo cáo nào")
        mark = f" [{NOT_REPORTED.upper()}]" if u.not_reported else ""
        print(f"  {u.state.name} ({u.role_label}): {u.status_label}; {last}{mark}")
    return 0


def _progress_add(args, ctx) -> int:
    from tthc_desktop.services import tracking

    task_id = tracking.resolve_task(ctx.db, args.task)
    entry = tracking.add_progress(ctx.db, task_id, args.period, _status(args.status), percent=args.percent,
                                  note=args.note, difficulties=args.difficulties, unit=args.unit,
                                  source="cli", reason=args.reason, expected_version=args.expect_version)
    if args.json:
        ctx.print_json({"task_id": task_id, "entry_id": entry, "period": args.period.upper()})
    else:
        print(f"Đã ghi kết quả nhiệm vụ {args.task} kỳ {tracking.parse_period(args.period).label}.")
    return 0


def _evidence_add(args, ctx) -> int:
    from tthc_desktop.services import tracking

    task_id = tracking.resolve_task(ctx.db, args.task)
    tracking.attach_evidence(ctx.db, task_id, args.file, args.number, _date(args.date) if args.date else None,
                             args.issuer, args.summary, args.period)
    print(f"Đã thêm văn bản chứng minh cho nhiệm vụ {args.task}.")
    return 0


def _unit_sheets(args, ctx) -> int:
    from tthc_desktop.services import unit_reports

    files = unit_reports.export_unit_sheets(ctx.db, args.period, args.out, units=args.unit)
    if args.json:
        ctx.print_json({"files": [str(f) for f in files]})
    else:
        for f in files:
            print(f)
        if not files:
            print("Không có đơn vị nào được giao nhiệm vụ trong kế hoạch đang theo dõi; không tạo phiếu nào.")
    return 0


def _units_import(args, ctx) -> int:
    from tthc_desktop.services import unit_reports

    previews = [unit_reports.preview_unit_sheet(ctx.db, f, args.period, args.unit) for f in args.files]
    if args.yes:
        for p in previews:
            unit_reports.apply_unit_sheet(ctx.db, p)
    if args.json:
        ctx.print_json({"applied": bool(args.yes), "files": [p.to_json() for p in previews]})
        return 0
    for p in previews:
        print(p.summary())
        for line in p.lines():
            print("  " + line)
    print("Đã ghi vào cơ sở dữ liệu." if args.yes else "Chỉ xem trước; thêm --yes để ghi.")
    return 0


def _task_close(args, ctx) -> int:
    from tthc_desktop.services import tracking

    task_id = tracking.resolve_task(ctx.db, args.task)
    tracking.close_task(ctx.db, task_id, args.period, args.reason)
    print(f"Văn phòng Sở đã xác nhận hoàn thành nhiệm vụ {args.task} kỳ {tracking.parse_period(args.period).label}.")
    return 0


def _units_pending(args, ctx) -> int:
    from tthc_desktop.services import tracking, unit_followup

    period = tracking.parse_period(args.period)
    rows = unit_followup.pending(ctx.db, period)
    if args.json:
        ctx.print_json(rows)
        return 0
    if not rows:
        print(f"{period.label}: tất cả đơn vị đã gửi đủ báo cáo.")
    for r in rows:
        print(f"{r['unit']}: thiếu {len(r['missing'])} nhiệm vụ ({', '.join(r['missing'])}); "
              f"hạn {format_date(date.fromisoformat(r['deadline']))}")
    return 0


def _units_remind(args, ctx) -> int:
    from tthc_desktop.services import tracking, unit_followup

    period = tracking.parse_period(args.period)
    files = unit_followup.write_reminders(ctx.db, period, args.out, units=args.unit)
    if args.json:
        ctx.print_json({"period": period.code, "files": [str(f) for f in files]})
        return 0
    for f in files:
        print(f)
    if not files:
        print(f"{period.label}: không có đơn vị nào còn thiếu báo cáo; không lập văn bản đôn đốc.")
    return 0


def _units_resolve(args, ctx) -> int:
    from tthc_desktop.errors import ValidationError
    from tthc_desktop.services import tracking, unit_roles

    with ctx.db.read_session() as s:
        plan_id = tracking.current_plan_id(s)
    if plan_id is None:
        raise ValidationError("Chưa có kế hoạch của Sở để theo dõi; hãy lập kế hoạch trước.")
    count = unit_roles.resolve_plan(ctx.db, plan_id)
    if args.json:
        ctx.print_json({"plan": plan_id, "tasks": count})
    else:
        print(f"Đã đề xuất lại đơn vị cho {count} nhiệm vụ của kế hoạch đang theo dõi.")
    return 0
