"""Form definitions as data: layout, identities, rates, rendering to .xlsx and reading it back."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tthc_desktop.domain.forms import (
    FormDefinitionError, FormRow, FormSheet, load_definition, load_definitions, parse_count, period_dates_text,
)
from tthc_desktop.exporters.forms_xlsx import form_xlsx_bytes
from tthc_desktop.importers.forms_xlsx import period_from_text, read_form_file
from tthc_desktop.paths import forms_dir

DATA = Path(__file__).parent / "data"
# Published province-wide figures for 2021 (forms.md).
Y2021 = {3: 1150343, 4: 69635, 5: 1065067, 6: 15641, 7: 1139324, 8: 114977, 9: 1022796, 10: 1551,
         11: 11019, 12: 10686, 13: 333}


@pytest.fixture(scope="module")
def defs():
    return load_definitions(forms_dir())


def _sheet(d, rows):
    return FormSheet(d, "Quý I năm 2024", period_dates_text(date(2023, 12, 15), date(2024, 3, 14)),
                     "Sở Nông nghiệp và Phát triển nông thôn", "Văn phòng UBND tỉnh", rows,
                     place_date="Quảng Ngãi, ngày      tháng 3 năm 2024", signer_heading="GIÁM ĐỐC", signer_name="Hồ Trọng Phương")


def test_2021_figures_pass_every_hard_identity_and_give_the_published_rates(defs):
    d = defs["II.06a"]
    assert d.check_row("Toàn tỉnh", Y2021) == []
    rates = d.rate_texts(Y2021)
    assert rates["on_time"] == "99,86%"
    assert rates["late"] == "0,14%"


def test_each_broken_identity_is_named_with_both_numbers(defs):
    d = defs["II.06a"]
    broken = {**Y2021, 3: 1150000}
    found = d.check_row("Lâm nghiệp", broken)
    hard = [v for v in found if v.hard]
    assert len(hard) == 1 and hard[0].identity.left == (3,) and hard[0].identity.right == (4, 5, 6)
    msg = hard[0].message()
    assert "Lâm nghiệp" in msg and "(3) = 1.150.000" in msg and "(4) + (5) + (6) = 1.150.343" in msg
    # (3) = (7) + (11) is only a warning
    assert any(not v.hard and v.identity.right == (7, 11) for v in found)


def test_ii05a_identities_and_carry_over(defs):
    d = defs["II.05a"]
    good = {3: 69, 4: 4, 5: 65, 6: 60, 7: 9, 8: 66, 9: 60, 10: 3}
    assert d.check_row("Trồng trọt", good) == []
    assert [v.identity.op for v in d.check_row("x", {**good, 9: 70})] == ["<="]
    assert d.check_carry_over("x", good, {10: 4}) is None
    assert d.check_carry_over("x", good, {10: 5}).left_value == 4


def test_carry_over_rule_of_ii06a(defs):
    d = defs["II.06a"]
    assert d.carried_value({11: 42, 12: 40, 13: 2}) == 42
    v = d.check_carry_over("Thủy lợi", dict(Y2021), {11: 1})
    assert v is not None and v.hard and v.left_value == 15641 and v.right_value == 1


def test_ii06a_layout_is_13_numbered_columns_under_a_three_row_header(defs):
    d = defs["II.06a"]
    assert d.header_depth == 3 and d.numbers == list(range(1, 14))
    top = {c.text: (c.colspan, c.rowspan) for c in d.header_cells if c.row == 0}
    assert top == {"STT": (1, 3), "Lĩnh vực, công việc giải quyết theo cấp": (1, 3), "Số hồ sơ nhận giải quyết": (4, 1),
                   "Số hồ sơ đã giải quyết": (4, 1), "Số hồ sơ đang giải quyết": (3, 1)}


@pytest.mark.parametrize("raw,value", [(None, 0), ("", 0), (12, 12), (3.0, 3), ("1.150.343", 1150343), (" 7 ", 7)])
def test_cell_values(raw, value):
    assert parse_count(raw) == value


@pytest.mark.parametrize("raw", [-1, "-3", 2.5, "abc", "1,5", True])
def test_bad_cell_values(raw):
    with pytest.raises(ValueError):
        parse_count(raw)


def test_a_bad_definition_gives_a_clear_message(tmp_path):
    with pytest.raises(FormDefinitionError, match="đánh số liên tục"):
        load_definition(DATA / "form_broken.json")
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="Không đọc được định nghĩa biểu mẫu «x.json»"):
        load_definition(tmp_path / "x.json")


def test_ii06a_xlsx_read_back(tmp_path, defs):
    d = defs["II.06a"]
    rows = [FormRow("Lâm nghiệp", {c: v // 2 for c, v in Y2021.items()}), FormRow("Thủy lợi", Y2021)]
    path = tmp_path / "II.06a.xlsx"
    path.write_bytes(form_xlsx_bytes(_sheet(d, rows)))
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A6:A8", "B6:B8", "C6:F6", "G6:J6", "K6:M6", "C7:C8", "D7:E7", "F7:F8"} <= merged
    assert [ws.cell(9, c).value for c in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    assert ws.cell(12, 2).value == "Tổng số" and ws.cell(12, 3).value == "=SUM(C10:C11)"
    assert ws.print_title_rows == "$6:$9" and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    cached = openpyxl.load_workbook(path, data_only=True).active
    assert cached.cell(12, 3).value == Y2021[3] + Y2021[3] // 2
    assert "Biểu số II.06a/VPCP/KSTT" in {c.value for c in ws[1]}
    assert any(c.value == "(Từ ngày 15/12/2023 đến ngày 14/3/2024)" for c in ws[3])


def test_a_test_only_form_renders_and_validates_without_code_change(tmp_path):
    d = load_definition(DATA / "form_test_99x.json")
    assert d.header_depth == 3 and d.value_columns == [3, 4, 5, 6]
    path = tmp_path / "t.xlsx"
    path.write_bytes(form_xlsx_bytes(_sheet(d, [FormRow("Thủy sản", {3: 10, 4: 7, 5: 3, 6: 1})])))
    form = read_form_file(path, {d.code: d})
    assert form.code == "TEST.99x" and form.unit_name == "Sở Nông nghiệp và Phát triển nông thôn"
    assert form.period.code == "2024Q1"
    assert [(r.label, r.values) for r in form.rows] == [("Thủy sản", {3: 10, 4: 7, 5: 3, 6: 1})]
    assert form.total == {3: 10, 4: 7, 5: 3, 6: 1}
    assert d.check_row("Thủy sản", {3: 10, 4: 7, 5: 2, 6: 1})[0].identity.name.startswith("Tổng số văn bản")
    assert d.rate_texts({3: 10, 4: 7}) == {"valid": "70,00%"}


@pytest.mark.parametrize("text,code", [("Kỳ báo cáo: Quý I năm 2024", "2024Q1"), ("Kỳ báo cáo: Quý IV năm 2024", "2024Q4"),
                                       ("Kỳ báo cáo: 6 tháng đầu năm 2024", "2024H1"),
                                       ("(Từ ngày 15/3/2024 đến ngày 14/6/2024)", "2024Q2")])
def test_period_written_in_a_file(text, code):
    assert period_from_text(text).code == code


def test_names_that_look_like_formulas_stay_text(tmp_path, defs):
    d = defs["II.06a"]
    path = tmp_path / "f.xlsx"
    path.write_bytes(form_xlsx_bytes(_sheet(d, [FormRow('=HYPERLINK("http://x","y")', {3: 1, 4: 1})])))
    ws = openpyxl.load_workbook(path).active
    assert ws.cell(10, 2).value == '=HYPERLINK("http://x","y")' and ws.cell(10, 2).data_type == "s"


def test_fill_a_province_template_keeps_its_layout(tmp_path, defs):
    from tthc_desktop.exporters.forms_xlsx import fill_province_template

    d = defs["II.06a"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Biểu số II.06a/VPCP/KSTT"
    ws["E2"] = "Kỳ báo cáo: ……"
    ws["E3"] = "(Từ ngày … đến ngày …)"
    ws["K1"] = "Đơn vị báo cáo:"
    ws["K2"] = "Đơn vị nhận báo cáo:"
    ws["A6"] = "TT"
    for c in range(1, 14):
        ws.cell(8, c, c)  # the province numbers its columns 1 … 13 without brackets
    ws["B9"] = "Ví dụ lĩnh vực"
    ws["B12"] = "Tổng số"
    ws["B14"] = "NGƯỜI LẬP BIỂU"
    src = tmp_path / "tinh.xlsx"
    wb.save(src)
    out = fill_province_template(src, _sheet(d, [FormRow("Lâm nghiệp", Y2021), FormRow("Thủy lợi", Y2021)]), tmp_path / "o.xlsx")
    got = openpyxl.load_workbook(out, data_only=True).active
    assert got["E2"].value == "Kỳ báo cáo: Quý I năm 2024" and got["K1"].value.endswith("Sở Nông nghiệp và Phát triển nông thôn")
    assert [got.cell(r, 2).value for r in range(9, 13)] == ["Lâm nghiệp", "Thủy lợi", "Tổng số", None]
    assert got.cell(11, 3).value == 2 * Y2021[3] and got["B14"].value == "NGƯỜI LẬP BIỂU"
    form = read_form_file(out, defs)
    assert form.code == "II.06a" and form.period.code == "2024Q1" and len(form.rows) == 2
