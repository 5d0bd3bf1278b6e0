"""Returned files are untrusted: every damaged or odd file is refused with exit 3/4 and nothing is stored."""
from __future__ import annotations

import io
import random
import zipfile

import openpyxl
import pytest

from tests.test_forms_import import Y2021, _fill, _template, office  # noqa: F401  (fixture)
from tthc_desktop.cli.main import run
from tthc_desktop.domain.periods import Period
from tthc_desktop.services import forms


def _import(database_url, path) -> int:
    return run(["forms", "import", str(path), "--period", "2024Q1", "--db", database_url])


def test_mutated_files_are_refused_cleanly(office, database_url, tmp_path, capsys):  # noqa: F811
    good = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": Y2021})
    data = good.read_bytes()
    rng = random.Random(6)
    for i in range(30):
        blob = bytearray(data)
        if i % 3 == 0:
            blob = blob[: rng.randrange(10, len(blob))]
        else:
            for _ in range(rng.randrange(1, 40)):
                blob[rng.randrange(len(blob))] = rng.randrange(256)
        bad = tmp_path / f"m{i}.xlsx"
        bad.write_bytes(bytes(blob))
        assert _import(database_url, bad) in (0, 3, 4)
        assert "Traceback" not in capsys.readouterr().err
    forms_stored = forms.figures(office, "II.06a", Period.parse("2024Q1"), forms.resolve_unit(office, "Chi cục Kiểm lâm")[0])
    assert all(set(v) == set(range(3, 14)) for v in forms_stored.values())


def test_zip_bomb_and_wrong_content(office, database_url, tmp_path, capsys):  # noqa: F811
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (210 * 1024 * 1024))
    assert _import(database_url, bomb) == 3
    assert "quá lớn" in capsys.readouterr().err
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Bảng gì đó", 1, 2])
    wb.save(plain)
    assert _import(database_url, plain) == 3
    assert "mã biểu" in capsys.readouterr().err


@pytest.mark.parametrize("value,fragment", [(-5, "số âm"), ("mười", "không phải số nguyên"), (2.5, "không phải số nguyên")])
def test_bad_cells_name_row_and_column(office, database_url, tmp_path, capsys, value, fragment):  # noqa: F811
    path = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": {**Y2021, 8: value}})
    assert _import(database_url, path) == 4
    err = capsys.readouterr().err
    assert "Lâm nghiệp" in err and "cột (8)" in err and fragment in err


def test_unknown_unit_or_field(office, database_url, tmp_path, capsys):  # noqa: F811
    path = _fill(_template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm"), {"Lâm nghiệp": Y2021})
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["K1"] = "- Đơn vị báo cáo: Chi cục Không Có"
    wb.save(path)
    assert _import(database_url, path) == 4
    assert "Chi cục Không Có" in capsys.readouterr().err
    ws["K1"] = "- Đơn vị báo cáo: Chi cục Kiểm lâm"
    ws["B10"] = "Lĩnh vực lạ"
    wb.save(path)
    assert _import(database_url, path) == 4
    assert "Lĩnh vực lạ" in capsys.readouterr().err


def test_a_dtd_inside_the_sheet_is_refused(office, database_url, tmp_path, capsys):  # noqa: F811
    good = _template(database_url, tmp_path, "II.06a", "2024Q1", "Chi cục Kiểm lâm")
    src = zipfile.ZipFile(good)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1)
            dst.writestr(item, data)
    bad = tmp_path / "dtd.xlsx"
    bad.write_bytes(out.getvalue())
    assert _import(database_url, bad) == 3
