"""`tthc task list`, `tthc progress add`, `tthc evidence add` through the real command line."""
import json
import subprocess
import sys

import pytest
from factories import build_department
from sqlalchemy import select

from tthc_desktop.storage.models import EvidenceDocument, ProgressEntry


def tthc(*args):
    return subprocess.run([sys.executable, "-m", "tthc_desktop.cli", *args], capture_output=True, text=True,
                          encoding="utf-8")


@pytest.fixture
def plan(db):
    return build_department(db)


def test_task_list_json_with_filters(database_url, plan):
    r = tthc("--db", database_url, "task", "list", "--period", "2024Q2", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    tasks = {t["number"]: t for t in data["tasks"]}
    assert data["period"] == "2024Q2" and len(tasks) == 8
    t4 = tasks["4"]
    assert t4["lead"] == ["Văn phòng Sở"] and t4["schedule"] == {"kind": "once", "due": "2024-02-20", "every": None,
                                                                 "text": "Hạn 20/02/2024"}
    assert t4["next_due"] == "2024-02-20" and t4["status"] == "not_started"
    r = tthc("--db", database_url, "task", "list", "--period", "2024Q2", "--unit", "Thanh tra", "--json")
    assert [t["number"] for t in json.loads(r.stdout)["tasks"]] == ["1", "6"]
    r = tthc("--db", database_url, "task", "list", "--period", "2024Q2", "--status", "thieu bao cao", "--json")
    assert [t["number"] for t in json.loads(r.stdout)["tasks"]] == ["2", "3", "6"]
    r = tthc("--db", database_url, "task", "list", "--period", "2024Q2", "--due-before", "25/02/2024", "--json")
    assert [t["number"] for t in json.loads(r.stdout)["tasks"]] == ["4"]


def test_progress_add_then_listed(db, database_url, plan):
    r = tthc("--db", database_url, "progress", "add", "7", "--period", "2024Q2", "--status", "Đang thực hiện",
             "--note", "Đã công khai 3 kết quả trả lời", "--percent", "30")
    assert r.returncode == 0, r.stderr
    assert "Quý II năm 2024" in r.stdout
    r = tthc("--db", database_url, "task", "list", "--period", "2024Q2", "--status", "in_progress", "--json")
    tasks = json.loads(r.stdout)["tasks"]
    assert [(t["number"], t["percent"]) for t in tasks] == [("7", 30)]
    with db.read_session() as s:
        e = s.execute(select(ProgressEntry)).scalar_one()
    assert e.source == "cli" and e.result_text == "Đã công khai 3 kết quả trả lời"


@pytest.mark.parametrize("args, code, words", [
    (["progress", "add", "99", "--period", "2024Q2", "--status", "done"], 2, "Không có nhiệm vụ"),
    (["progress", "add", "7", "--period", "2024Q5", "--status", "done"], 2, "không hợp lệ"),
    (["progress", "add", "7", "--period", "2024Q2", "--status", "xong"], 2, "Trạng thái"),
    (["progress", "add", "7", "--period", "2024Q2", "--status", "khong thuc hien"], 4, "lý do"),
    (["task", "list", "--unit", "Sở Tài chính"], 2, "Không có đơn vị"),
])
def test_bad_input_is_one_sentence_and_changes_nothing(db, database_url, plan, args, code, words):
    r = tthc("--db", database_url, *args)
    assert r.returncode == code and words in r.stderr and "Traceback" not in r.stderr
    with db.read_session() as s:
        assert s.execute(select(ProgressEntry)).first() is None


def test_evidence_add_copies_the_file(db, db_path, plan, tmp_path, database_url):
    doc = tmp_path / "KH 12.pdf"
    doc.write_bytes(b"%PDF test")
    r = tthc("--db", database_url, "evidence", "add", "4", str(doc), "--number", "12/KH-SNNPTNT",
             "--date", "15/02/2024", "--issuer", "Sở NN&PTNT", "--summary", "Kế hoạch rà soát TTHC 2024",
             "--period", "2024Q1")
    assert r.returncode == 0, r.stderr
    with db.read_session() as s:
        e = s.execute(select(EvidenceDocument)).scalar_one()
    assert e.number_symbol == "12/KH-SNNPTNT" and e.doc_date.isoformat() == "2024-02-15"
    assert (db.path.parent / "evidence" / e.file_path).read_bytes() == b"%PDF test"
    r = tthc("--db", database_url, "evidence", "add", "4", str(tmp_path / "khong-co.pdf"), "--number", "1")
    assert r.returncode == 3 and "không tồn tại" in r.stderr
