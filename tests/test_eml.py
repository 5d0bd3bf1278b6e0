"""The e-mail draft: RFC 5322 with MIME attachments, unsent, to the province's address."""
from __future__ import annotations

import email
import io
from email import policy

import docx
import openpyxl

from tests.test_report import Q1, dept  # noqa: F401  (fixture)
from tthc_desktop.cli.main import run
from tthc_desktop.services import report


def test_eml_parses_with_recipient_subject_and_three_attachments(dept, db, tmp_path):  # noqa: F811
    files = report.build_report(db, Q1, tmp_path)
    eml = report.make_email_draft(db, Q1, files)
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["To"] == "vpubnd@quangngai.gov.vn"
    assert msg["Subject"].startswith("Báo cáo") and "quý I năm 2024 – Sở Nông nghiệp và Phát triển nông thôn" in msg["Subject"]
    assert msg["X-Unsent"] == "1"
    body = msg.get_body(("plain",)).get_content()
    assert "Kính gửi: Văn phòng UBND tỉnh" in body
    attachments = list(msg.iter_attachments())
    names = sorted(a.get_filename() for a in attachments)
    assert names == ["Bao-cao-KSTTHC-2024Q1.docx", "II.05a.xlsx", "II.06a.xlsx"]
    for a in attachments:
        data = a.get_content()
        if a.get_filename().endswith(".docx"):
            assert "BÁO CÁO" in "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        else:
            assert openpyxl.load_workbook(io.BytesIO(data)).active.title.startswith("II.0")


def test_cli_email_without_address_is_refused(database_url, db, tmp_path, capsys):
    assert run(["report", "email", "--period", "2024Q1", "--out", str(tmp_path / "o"), "--db", database_url]) == 4
    assert "thư điện tử" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()  # nothing written
