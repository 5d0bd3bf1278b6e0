"""Unit round trip end to end through the CLI: export, fill with openpyxl, import; tampered files refused."""
import json
import shutil
import subprocess
import sys

import pytest
from factories import build_department
from openpyxl import load_workbook
from sqlalchemy import func, select

from tthc_desktop.storage.models import ProgressEntry


def tthc(*args):
    return subprocess.run([sys.executable, "-m", "tthc_desktop.cli", *args], capture_output=True, text=True,
                          encoding="utf-8")


def entries(db):
    with db.read_session() as s:
        return s.execute(select(func.count()).select_from(ProgressEntry)).scalar()


def data_rows(ws):
    """(row, task number, hidden id) of the task rows."""
    return [(r, ws.cell(row=r, column=1).value, ws.cell(row=r, column=10).value)
            for r in range(9, ws.max_row + 1) if ws.cell(row=r, column=10).value]


@pytest.fixture
def exported(db, database_url, tmp_path):
    ids = build_department(db)
    out = tmp_path / "phieu"
    r = tthc("--db", database_url, "units", "sheets", "--period", "2024Q2", "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    files = [p for p in map(__import__("pathlib").Path, json.loads(r.stdout)["files"])]
    return ids, {p.stem.split(" - ", 1)[1]: p for p in files}


def test_export_one_workbook_per_unit_with_its_tasks(exported):
    ids, files = exported
    assert set(files) == set(ids["units"])  # every unit has at least one task in the factory plan
    wb = load_workbook(files["Thanh tra Sở"])
    ws = wb["Phiếu báo cáo"]
    assert ws["A3"].value == "PHIẾU BÁO CÁO KẾT QUẢ THỰC HIỆN" and "Thanh tra Sở" in ws["A5"].value
    assert [n for _, n, _ in data_rows(ws)] == ["1", "6"]
    assert ws.column_dimensions["J"].hidden and wb["_ma"].sheet_state == "veryHidden"
    headers = [ws.cell(row=7, column=c).value for c in range(1, 10)]
    assert "Kết quả thực hiện" in headers and "Khó khăn, vướng mắc" in headers and "Đề xuất, kiến nghị" in headers


def test_fill_import_preview_then_apply(db, database_url, exported, tmp_path):
    ids, files = exported
    wb = load_workbook(files["Văn phòng Sở"])
    ws = wb["Phiếu báo cáo"]
    rows = {n: r for r, n, _ in data_rows(ws)}
    ws.cell(row=rows["4"], column=5, value="Hoàn thành")
    ws.cell(row=rows["4"], column=6, value="Đã ban hành Kế hoạch rà soát TTHC năm 2024")
    ws.cell(row=rows["4"], column=7, value="Kế hoạch số 12/KH-SNNPTNT ngày 15/02/2024")
    ws.cell(row=rows["3"], column=5, value="dang thuc hien")
    ws.cell(row=rows["3"], column=8, value="Thiếu nhân lực")
    filled = tmp_path / "vp.xlsx"
    wb.save(filled)

    preview = tthc("--db", database_url, "units", "import", str(filled), "--period", "2024Q2", "--json")
    assert preview.returncode == 0, preview.stderr
    changes = {c["number"]: c for c in json.loads(preview.stdout)["files"][0]["changes"]}
    assert changes["4"]["kind"] == "new" and changes["4"]["status"] == "done" and changes["1"]["kind"] == "blank"
    assert entries(db) == 0  # preview writes nothing

    r = tthc("--db", database_url, "units", "import", str(filled), "--period", "2024Q2", "--yes")
    assert r.returncode == 0, r.stderr
    with db.read_session() as s:
        got = {(e.task_id, e.unit_id): e for e in s.execute(select(ProgressEntry)).scalars()}
    vp = ids["units"]["Văn phòng Sở"]
    e4 = got[(ids["tasks"]["4"], vp)]
    assert e4.status == "done_late" and e4.documents_text.startswith("Kế hoạch số 12") and e4.source == "unit_sheet"
    assert got[(ids["tasks"]["3"], vp)].difficulties == "Thiếu nhân lực"
    assert len(got) == 2

    again = tthc("--db", database_url, "units", "import", str(filled), "--period", "2024Q2", "--json")
    assert {c["kind"] for c in json.loads(again.stdout)["files"][0]["changes"]} == {"same", "blank"}


def test_other_unit_other_period_and_tampered_ids_rejected_with_exit_4(db, database_url, exported, tmp_path):
    ids, files = exported
    before = entries(db)
    sheet = files["Chi cục Thủy sản"]
    wb = load_workbook(sheet)
    ws = wb["Phiếu báo cáo"]
    ws.cell(row=data_rows(ws)[0][0], column=6, value="Đã thực hiện")
    filled = tmp_path / "ts.xlsx"
    wb.save(filled)

    other_unit = tthc("--db", database_url, "units", "import", str(filled), "--period", "2024Q2",
                      "--unit", "Chi cục Kiểm lâm", "--yes")
    assert other_unit.returncode == 4 and "Chi cục Thủy sản" in other_unit.stderr and "Traceback" not in other_unit.stderr

    renamed = load_workbook(filled)
    renamed["Phiếu báo cáo"]["A5"] = "Đơn vị: Chi cục Kiểm lâm"
    renamed.save(tmp_path / "renamed.xlsx")
    r = tthc("--db", database_url, "units", "import", str(tmp_path / "renamed.xlsx"), "--period", "2024Q2", "--yes")
    assert r.returncode == 4 and "Chi cục Kiểm lâm" in r.stderr

    wrong_period = tthc("--db", database_url, "units", "import", str(filled), "--period", "2024Q3", "--yes")
    assert wrong_period.returncode == 4 and "Quý II năm 2024" in wrong_period.stderr

    tampered = load_workbook(filled)
    tws = tampered["Phiếu báo cáo"]
    row = data_rows(tws)[0][0]
    tws.cell(row=row, column=10, value=ids["tasks"]["8"])  # someone else's task id
    tampered.save(tmp_path / "tampered.xlsx")
    r = tthc("--db", database_url, "units", "import", str(filled), str(tmp_path / "tampered.xlsx"),
             "--period", "2024Q2", "--yes")
    assert r.returncode == 4 and f"dòng {row}" in r.stderr and "Traceback" not in r.stderr

    forged = load_workbook(filled)
    forged["_ma"]["B3"] = ids["units"]["Chi cục Kiểm lâm"]
    forged.save(tmp_path / "forged.xlsx")
    r = tthc("--db", database_url, "units", "import", str(tmp_path / "forged.xlsx"), "--period", "2024Q2", "--yes")
    assert r.returncode == 4 and "chữ ký" in r.stderr

    assert entries(db) == before  # nothing changed by any refused file


def test_sheet_from_another_database_and_not_a_sheet(db, database_url, exported, tmp_path):
    _, files = exported
    other_db = tmp_path / "khac.sqlite3"
    shutil.copy(files["Văn phòng Sở"], tmp_path / "vp.xlsx")
    from tthc_desktop.storage.database import open_database
    d2 = open_database(other_db)
    build_department(d2)
    d2.close()
    r = tthc("--db", str(other_db), "units", "import", str(tmp_path / "vp.xlsx"), "--period", "2024Q2")
    assert r.returncode == 4 and "chữ ký" in r.stderr
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    r = tthc("--db", database_url, "units", "import", str(junk), "--period", "2024Q2")
    assert r.returncode == 3
