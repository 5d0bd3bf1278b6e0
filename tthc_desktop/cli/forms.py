"""`tthc forms template|import|show|fill|map`: units' blank forms, importing returned forms, the department's figures."""
from __future__ import annotations

import sys
from pathlib import Path

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.text import format_number
from tthc_desktop.errors import UsageError


def register(top, groups) -> None:
    sub = groups.get("forms", "biểu mẫu II.05a, II.06a: biểu trống cho đơn vị, nhập biểu đã điền, xem số liệu")
    p = sub.add_parser("template", help="biểu trống của một đơn vị cho một kỳ", parents=[groups.common])
    p.add_argument("form", metavar="BIỂU", help="II.05a hoặc II.06a")
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--unit", required=True, metavar="ĐƠN_VỊ")
    p.add_argument("--out", required=True, metavar="TỆP.xlsx")
    p.set_defaults(func=_template)

    p = sub.add_parser("import", help="nhập các biểu đơn vị gửi về (kiểm tra mọi quy tắc)", parents=[groups.common])
    p.add_argument("files", nargs="+", metavar="TỆP")
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--replace", action="store_true", help="thay thế số liệu đã nhập trước của cùng đơn vị, cùng kỳ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_import)

    p = sub.add_parser("show", help="số liệu tổng hợp của Sở (hoặc của một đơn vị) trong kỳ", parents=[groups.common])
    p.add_argument("form", metavar="BIỂU")
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--unit", metavar="ĐƠN_VỊ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_show)

    p = sub.add_parser("fill", help="điền số liệu tổng hợp của Sở vào biểu mẫu trống do tỉnh gửi", parents=[groups.common])
    p.add_argument("template", metavar="MẪU.xlsx")
    p.add_argument("--form", required=True, metavar="BIỂU")
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--out", required=True, metavar="TỆP.xlsx")
    p.set_defaults(func=_fill)

    p = sub.add_parser("map", help="nhập số liệu thống kê từ hệ thống một cửa theo bảng ghép cột đã lưu",
                       parents=[groups.common])
    p.add_argument("file", metavar="TỆP")
    p.add_argument("--form", required=True, metavar="BIỂU")
    p.add_argument("--period", required=True, metavar="KỲ")
    p.add_argument("--unit", required=True, metavar="ĐƠN_VỊ")
    p.add_argument("--mapping", required=True, metavar="TÊN", help="tên bảng ghép cột (lưu lại để dùng các kỳ sau)")
    p.add_argument("--field-column", metavar="CỘT", help="cột chứa tên lĩnh vực, ví dụ B")
    p.add_argument("--first-row", type=int, metavar="DÒNG", help="dòng số liệu đầu tiên")
    p.add_argument("--set", action="append", default=[], metavar="SỐ=CỘT", help="ví dụ 3=D (cột (3) lấy từ cột D)")
    p.add_argument("--replace", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_map)


def _template(args, ctx) -> int:
    from tthc_desktop.services import forms

    path = forms.write_template(ctx.db, args.form, Period.parse(args.period), args.unit, Path(args.out))
    print(f"Đã ghi biểu trống: {path}")
    return 0


def _fill(args, ctx) -> int:
    from tthc_desktop.services import forms

    path = forms.fill_province_template(ctx.db, args.form, Period.parse(args.period), Path(args.template),
                                        Path(args.out))
    print(f"Đã điền biểu mẫu của tỉnh: {path}")
    return 0


def _import(args, ctx) -> int:
    from tthc_desktop.services import forms

    # All or nothing: every file is checked first, and one bad file means none is written.
    results, rejected = forms.import_form_files(ctx.db, [Path(n) for n in args.files], Period.parse(args.period),
                                                replace=args.replace)
    errors = [{"file": path.name, "error": exc.message, "exit_code": exc.exit_code} for path, exc in rejected]
    if args.json:
        ctx.print_json({"imported": [r.to_json() for r in results], "rejected": errors})
    else:
        for r in results:
            print(f"Đã nhập {r.code} của «{r.unit}» từ «{r.file}»: {r.rows} lĩnh vực.")
            for w in r.warnings:
                print(f"Cảnh báo: {w}")
    for e in errors:
        sys.stderr.write(e["error"].rstrip() + "\n")
    if errors and len(args.files) > 1:
        sys.stderr.write("Không tệp nào được nhập; hãy sửa các tệp trên rồi nhập lại cả đợt.\n")
    return max((e["exit_code"] for e in errors), default=0)


def _show(args, ctx) -> int:
    from tthc_desktop.services import forms
    from tthc_desktop.services.period_figures import period_figures

    period = Period.parse(args.period)
    found = period_figures(ctx.db, forms.get_definition(args.form, period).code, period)
    d = found.definition
    names = {f.field_id: f.name for f in forms.unit_field_rows(ctx.db, None)}
    if args.unit:
        unit_id, unit_name = forms.resolve_unit(ctx.db, args.unit)
        rows = [(names.get(fid, str(fid)), vals) for fid, vals in found.by_unit.get(unit_id, {}).items()]
        missing = [m for m in found.missing if m.unit == unit_name]
    else:
        unit_name, missing = "Sở", found.missing
        rows = [(f.name, vals) for f, vals in found.rows]
    total = d.total([v for _, v in rows])
    if args.json:
        ctx.print_json({"form": d.code, "version": d.version, "confirmed": d.confirmed, "period": period.code,
                        "unit": unit_name,
                        "rows": [{"field": n, "values": {str(c): v.get(c, 0) for c in d.value_columns}} for n, v in rows],
                        # nothing entered is not zero: no totals and no rates then
                        "total": {str(c): total[c] if rows else None for c in d.value_columns},
                        "rates": d.rate_texts(total) if rows else {},
                        "missing": [m.to_json() for m in missing], "warnings": found.warnings})
        return 0
    print(f"{d.form_label} – {period.label} – {unit_name}")
    if not d.confirmed:
        print("Lưu ý: bố cục mặc định, chưa đối chiếu văn bản gốc.")
    for n, v in rows + ([(d.total_label, total)] if rows else []):
        print(f"{n}: " + "; ".join(f"({c}) " + ("(chưa xác định)" if c in v and v[c] is None else format_number(v.get(c, 0)))
                                   for c in d.value_columns))
    if rows:
        for r in d.rates:
            print(f"{r.name}: {r.text(total)}")
    for w in found.warnings if not args.unit else [w for w in found.warnings if unit_name in w]:
        print(f"Cảnh báo: {w}")
    return 0


def _map(args, ctx) -> int:
    from tthc_desktop.services import column_mapping

    period = Period.parse(args.period)
    overrides = {}
    for item in args.set:
        number, _, column = item.partition("=")
        if not number.strip().isdigit() or not column.strip():
            raise UsageError(f"«{item}» không đúng dạng SỐ=CỘT (ví dụ 3=D).")
        overrides[int(number)] = column.strip().upper()
    mapping = column_mapping.resolve_mapping(ctx.db, args.mapping, args.form, columns=overrides,
                                             field_column=args.field_column, first_row=args.first_row)
    result = column_mapping.import_with_mapping(ctx.db, Path(args.file), mapping, period, args.unit,
                                                replace=args.replace)
    if args.json:
        ctx.print_json(result.to_json())
    else:
        print(f"Đã nhập {result.code} của «{result.unit}» từ «{result.file}»: {result.rows} lĩnh vực "
              f"(bảng ghép cột «{args.mapping}»).")
        for w in result.warnings:
            print(f"Cảnh báo: {w}")
    return 0
