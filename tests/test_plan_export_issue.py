"""Issuing details of the plan: number/date/signer and text blocks, stored and printed."""
from __future__ import annotations

import json
from datetime import date

import pytest
from docx import Document

from tests.plan_export_data import build_plan
from tthc_desktop.cli.main import run
from tthc_desktop.errors import ValidationError
from tthc_desktop.services.plan_export import export_plan
from tthc_desktop.services.plan_issue import issue_info, save_issue_info


def test_defaults_then_edits_then_reset(db, tmp_path):
    plan_id = build_plan(db)
    info = issue_info(db, plan_id)
    assert info.number == "" and info.doc_date is None and info.customised == set()
    assert info.blocks["reporting"][0]["heading"] == "a) Kỳ báo cáo"
    assert info.blocks["recipients"][-1] == "- Lưu: VT, VP."
    save_issue_info(db, plan_id, number="7", doc_date=date(2024, 3, 1), signer_name="Trần Thị B",
                    blocks={"organisation": ["1. Văn phòng Sở theo dõi."], "recipients": ["- Như trên;", "- Lưu: VT."]})
    info = issue_info(db, plan_id)
    assert (info.number, info.doc_date, info.signer_name) == ("7", date(2024, 3, 1), "Trần Thị B")
    assert info.customised == {"organisation", "recipients"}
    out = tmp_path / "kh.docx"
    export_plan(db, plan_id, docx=out)
    doc = Document(str(out))
    assert doc.tables[0].rows[1].cells[0].text == "Số: 07/KH-SNNPTNT"
    assert "1. Văn phòng Sở theo dõi." in [p.text for p in doc.paragraphs]
    assert doc.tables[1].rows[0].cells[1].paragraphs[-1].text == "Trần Thị B"
    save_issue_info(db, plan_id, blocks={"organisation": None}, number="")
    info = issue_info(db, plan_id)
    assert info.customised == {"recipients"} and info.number == ""
    assert info.blocks["organisation"][0].startswith("1. Trưởng các phòng chuyên môn")


def test_invalid_values_are_refused(db):
    plan_id = build_plan(db)
    with pytest.raises(ValidationError):
        save_issue_info(db, plan_id, number="mười hai")
    with pytest.raises(ValidationError):
        save_issue_info(db, plan_id, blank_month=13)
    with pytest.raises(ValidationError):
        save_issue_info(db, plan_id, blocks={"lời chào": ["x"]})
    assert issue_info(db, plan_id).number == ""


def test_cli_issue(db, database_url, tmp_path, capsys):
    plan_id = build_plan(db)
    db.close()
    texts = tmp_path / "muc-dich.txt"
    texts.write_text("- Mục đích thứ nhất.\n\n- Mục đích thứ hai.\n", encoding="utf-8")
    base = ["--db", database_url]
    assert run(["plan", "issue", str(plan_id), "--number", "12/KH-SNNPTNT", "--date", "05/02/2024",
                "--block", f"purpose={texts}", "--json", *base]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["number"] == "12/KH-SNNPTNT" and data["doc_date"] == "2024-02-05"
    assert data["blocks"]["purpose"] == ["- Mục đích thứ nhất.", "- Mục đích thứ hai."]
    assert run(["plan", "issue", str(plan_id), "--date", "31/02/2024", *base]) == 2
    assert run(["plan", "issue", str(plan_id), "--block", f"purpose={tmp_path / 'none.txt'}", *base]) == 3
    assert run(["plan", "issue", str(plan_id), "--number", "x/y z", *base]) == 4


def test_number_and_date_make_the_plan_issued(db):
    from datetime import date as _date

    from factories import build_department

    from tthc_desktop.services import derive as derive_service
    from tthc_desktop.services.plan_issue import save_issue_info

    build_department(db)
    plan_id = derive_service.list_department_plans(db)[0].id
    status = lambda: next(p.status for p in derive_service.list_department_plans(db) if p.id == plan_id)  # noqa: E731
    save_issue_info(db, plan_id, number="12/KH-SNNPTNT")
    assert status() == "draft"  # a number without a date is not issued yet
    save_issue_info(db, plan_id, doc_date=_date(2024, 2, 5))
    assert status() == "issued"  # «Đã ban hành» on the plan list
    save_issue_info(db, plan_id, doc_date=None)
    assert status() == "draft"
