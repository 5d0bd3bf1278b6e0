"""Units' templates and returned files through the CLI: validation, replace-on-confirm, carry-over, sums."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from tthc_desktop.cli.main import run
from tthc_desktop.domain.periods import Period
from tthc_desktop.services import catalog, forms

DATA = Path(__file__).parent / "data"
Y2021 = {3: 1150343, 4: 69635, 5: 1065067, 6: 15641, 7: 1139324, 8: 114977, 9: 1022796, 10: 1551,
         11: 11019, 12: 10686, 13: 333}


@pytest.fixture
def office(db):
    catalog.save_profile(db, parent_body="UBND tỉnh Quảng Ngãi", name="Sở Nông nghiệp và Phát triển nông thôn",
                         short_name="Sở NN&PTNT", short_code="SNNPTNT", place_name="Quảng Ngãi",
                         signer_name="Hồ Trọng Phương", province_email="vpubnd@quangngai.gov.vn")
    for name in ("Lâm nghiệp", "Thủy lợi", "Trồng trọt"):
        catalog.add_field(db, name)
    catalog.add_unit(db, "Chi cục Kiểm lâm", handles_dossiers=True, fields=["Lâm nghiệp"])
    catalog.add_unit(db, "Chi cục Thủy lợi", handles_dossiers=True, fields=["Thủy lợi", "Trồng trọt"])
    return db


def _template(database_url, tmp_path, form, period, unit) -> Path:
    out = tmp_path / f"{form}-{unit}-{period}.xlsx"
    assert run(["forms", "template", form, "--period", period, "--unit", unit, "--out", str(out), "--db", database_url]) == 0
    return out


def _fill(path: Path, values_by_field: dict[str, dict[int, int]]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    numbering = next(r for r in range(1, 20) if ws.cell(r, 1).value == "(1)")
    for r in range(numbering + 1, numbering + 20):
        label = ws.cell(r, 2).value
        if label in values_by_field:
            for c, v in values_by_field[label].items():
                ws.cell(r, c, v)
    wb.save(path)
    return path


def test_unit_file_round_trip_and_department_sum(office, db_path, tmp_path, capsys, database_url):
    f1 = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": Y2021})
    half = {c: v // 2 for c, v in Y2021.items()}
    half[3] = half[4] + half[5] + half[6]
    half[7] = half[8] + half[9] + half[10]
    half[11] = half[12] + half[13]
    f2 = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Thủy lợi"), {"Thủy lợi": half, "Trồng trọt": half})
    assert run(["forms", "import", str(f1), str(f2), "--period", "2024Q1", "--db", database_url]) == 0
    totals = forms.department_totals(office, "II.06a", Period.parse("2024Q1"))
    assert totals[3] == Y2021[3] + 2 * half[3]
    rows = {f.name: v for f, v in forms.department_values(office, "II.06a", Period.parse("2024Q1"))}
    assert rows["Lâm nghiệp"][8] == Y2021[8] and rows["Trồng trọt"][8] == half[8]


def test_hard_rule_break_is_rejected_with_exit_4_naming_row_columns_numbers(office, db_path, tmp_path, capsys, database_url):
    bad = {**Y2021, 3: 1150340}
    f = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": bad})
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 4
    err = capsys.readouterr().err
    assert f.name in err and "Lâm nghiệp" in err and "(3) = 1.150.340" in err and "(4) + (5) + (6) = 1.150.343" in err
    assert forms.figures(office, "II.06a", Period.parse("2024Q1"), 1) == {}


def test_received_not_equal_handled_plus_pending_is_accepted_with_a_warning(office, db_path, tmp_path, capsys, database_url):
    gap = {**Y2021, 7: 1139000, 9: 1022472}  # (7) = (8)+(9)+(10) still holds; (3) ≠ (7)+(11)
    f = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": gap})
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 0
    out = capsys.readouterr().out
    assert "Cảnh báo" in out and "(7) + (11)" in out


def test_reimport_asks_before_replacing(office, db_path, tmp_path, capsys, database_url):
    f = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": Y2021})
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 0
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 4
    assert "--replace" in capsys.readouterr().err
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--replace", "--db", database_url]) == 0


def test_wrong_period_and_garbage_files(office, db_path, tmp_path, capsys, database_url):
    f = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": Y2021})
    assert run(["forms", "import", str(f), "--period", "2024Q2", "--db", database_url]) == 4
    assert "Quý I năm 2024" in capsys.readouterr().err
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert run(["forms", "import", str(junk), "--period", "2024Q1", "--db", database_url]) == 3
    ole = tmp_path / "locked.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert run(["forms", "import", str(ole), "--period", "2024Q1", "--db", database_url]) == 3
    assert "mật khẩu" in capsys.readouterr().err


def test_carry_over_q1_to_q2_template(office, db_path, tmp_path, database_url):
    q1 = {"Thủy lợi": {3: 20, 4: 5, 5: 15, 6: 0, 7: 12, 8: 2, 9: 9, 10: 1, 11: 8, 12: 7, 13: 1},
          "Trồng trọt": {3: 9, 4: 1, 5: 8, 6: 0, 7: 6, 8: 0, 9: 6, 10: 0, 11: 3, 12: 3, 13: 0}}
    f = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Thủy lợi"), q1)
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 0
    q2 = _template(database_url, tmp_path, "II.06a", "2024Q2", "Chi cục Thủy lợi")
    ws = openpyxl.load_workbook(q2).active
    carried = {ws.cell(r, 2).value: ws.cell(r, 6).value for r in range(10, 12)}
    assert carried == {"Thủy lợi": 8, "Trồng trọt": 3}
    assert any(c.value == "Kỳ báo cáo: Quý II năm 2024" for c in ws[2])
    # A Q2 file whose "Từ kỳ trước" disagrees with Q1 breaks the hard carry-over rule.
    bad = {"Thủy lợi": {3: 10, 4: 1, 5: 0, 6: 9, 7: 10, 8: 0, 9: 10, 10: 0, 11: 0, 12: 0, 13: 0}}
    _fill(q2, bad)
    assert run(["forms", "import", str(q2), "--period", "2024Q2", "--db", database_url]) == 4


def test_ii05a_template_and_import(office, db_path, tmp_path, database_url):
    f = _fill(_template(database_url, tmp_path, "II.05a", "2024Q1", "Chi cục Kiểm lâm"),
              {"Lâm nghiệp": {3: 5, 4: 0, 5: 5, 6: 4, 7: 1, 8: 5, 9: 5, 10: 0}})
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 0
    assert forms.department_totals(office, "II.05a", Period.parse("2024Q1"))[3] == 5


def test_new_form_definition_works_end_to_end(office, db_path, tmp_path, monkeypatch, database_url):
    folder = tmp_path / "forms"
    folder.mkdir()
    for p in (Path(__file__).resolve().parents[1] / "forms").glob("*.json"):
        shutil.copy(p, folder)
    shutil.copy(DATA / "form_test_99x.json", folder)
    monkeypatch.setattr("tthc_desktop.paths.forms_dir", lambda: folder)
    f = _fill(_template(database_url, tmp_path, "TEST.99x", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": {3: 4, 4: 3, 5: 1, 6: 0}})
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 0
    _fill(f, {"Lâm nghiệp": {3: 4, 4: 3, 5: 2, 6: 0}})
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--replace", "--db", database_url]) == 4


def test_column_mapped_import_is_saved_and_reused(office, database_url, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["THỐNG KÊ HỒ SƠ (hệ thống một cửa)"])
    ws.append(["Lĩnh vực", "Tiếp nhận", "Trực tuyến", "Trực tiếp", "Kỳ trước", "Đã xử lý", "Sớm", "Đúng", "Trễ",
               "Đang xử lý", "Trong hạn", "Quá hạn"])
    ws.append(["Lâm nghiệp", 10, 2, 7, 1, 8, 1, 6, 1, 2, 2, 0])
    ws.append(["Tổng", 10, 2, 7, 1, 8, 1, 6, 1, 2, 2, 0])
    src = tmp_path / "motcua.xlsx"
    wb.save(src)
    sets = [a for n, col in zip(range(3, 14), "BCDEFGHIJKL") for a in ("--set", f"{n}={col}")]
    args = ["forms", "map", str(src), "--form", "II.06a", "--period", "2024Q1", "--unit", "Chi cục Kiểm lâm",
            "--mapping", "Một cửa tỉnh", "--db", database_url]
    assert run(args + ["--field-column", "A", "--first-row", "3"] + sets) == 0
    assert forms.figures(office, "II.06a", Period.parse("2024Q1"), 1)
    # next time the saved mapping is enough
    assert run(args + ["--replace"]) == 0


def test_half_year_carries_over_from_the_previous_year_end(office, db_path, tmp_path):
    unit_id, _ = forms.resolve_unit(office, "Chi cục Kiểm lâm")
    fid = next(f.field_id for f in forms.unit_field_rows(office, unit_id))
    forms.save_unit_figures(office, "II.06a", Period.parse("2023Q4"), unit_id,
                            {fid: {3: 5, 4: 1, 5: 4, 6: 0, 7: 3, 8: 0, 9: 3, 10: 0, 11: 2, 12: 2, 13: 0}})
    assert forms.carry_over_values(office, "II.06a", Period.parse("2024H1"), unit_id) == {fid: 2}
    assert forms.carry_over_values(office, "II.06a", Period.parse("2024Q1"), unit_id) == {fid: 2}


def test_forms_show_prints_the_department_table_and_rates(office, db_path, tmp_path, capsys, database_url):
    f = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": Y2021})
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 0
    capsys.readouterr()
    assert run(["forms", "show", "II.06a", "--period", "2024Q1", "--json", "--db", database_url]) == 0
    import json
    out = json.loads(capsys.readouterr().out)
    assert out["total"]["3"] == Y2021[3] and out["rates"]["on_time"] == "99,86%" and out["rates"]["late"] == "0,14%"
    assert run(["forms", "show", "II.06a", "--period", "2024Q1", "--unit", "Chi cục Kiểm lâm", "--db", database_url]) == 0
    assert "Lâm nghiệp: (3) 1.150.343" in capsys.readouterr().out
    assert run(["forms", "show", "II.99", "--period", "2024Q1", "--db", database_url]) == 2


def test_cli_fill_province_template(office, db_path, tmp_path, capsys, database_url):
    f = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": Y2021})
    assert run(["forms", "import", str(f), "--period", "2024Q1", "--db", database_url]) == 0
    blank = _template(database_url, tmp_path, "II.06a", "2024Q2", "Chi cục Thủy lợi")  # any sheet with the numbered columns
    out = tmp_path / "filled.xlsx"
    assert run(["forms", "fill", str(blank), "--form", "II.06a", "--period", "2024Q1", "--out", str(out),
                "--db", database_url]) == 0
    ws = openpyxl.load_workbook(out, data_only=True).active
    assert ws.cell(10, 2).value == "Lâm nghiệp" and ws.cell(11, 2).value == "Tổng số" and ws.cell(11, 3).value == Y2021[3]
    assert any(c.value == "Kỳ báo cáo: Quý I năm 2024" for c in ws[2])
    junk = tmp_path / "junk.xlsx"
    junk.write_text("x")
    assert run(["forms", "fill", str(junk), "--form", "II.06a", "--period", "2024Q1", "--out", str(out),
                "--db", database_url]) == 3
