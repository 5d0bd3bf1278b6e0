"""Issue 12 (13, 14, 15, 16): leftovers of a killed program are cleaned on start (a dead owner's lock no
longer stops automatic backups); `forms import GOOD BAD` writes nothing; line breaks in the profile are
refused and never break the e-mail; evidence files: size limit, hidden characters, `tthc check` hashes."""
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.factories import build_department
from tests.safety_support import one_sentence, tthc
from tthc_desktop.cli.main import run
from tthc_desktop.domain.periods import Period
from tthc_desktop.errors import BadInputError, ValidationError
from tthc_desktop.services import catalog, evidence_store, forms, tracking
from tthc_desktop.storage import backup as bk
from tthc_desktop.storage.database import open_database

# Files, leftovers and SQLite's own checks: the PostgreSQL run has its own tests for these.
pytestmark = pytest.mark.sqlite_only


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


# --- 14: leftovers ---------------------------------------------------------------------------------

def test_stale_leftovers_are_removed_on_start_and_live_ones_kept(db, db_path):
    db.close()
    dead = _dead_pid()
    backups = db_path.parent / "backups"
    backups.mkdir(exist_ok=True)
    (db_path.parent / "evidence" / "3").mkdir(parents=True)
    stale = [backups / f"{db_path.stem}-20240101-000000-000000-tu-dong.sqlite3.{dead}.part",
             db_path.with_name(f"{db_path.name}.khoi-phuc.{dead}.part"),
             db_path.parent / "evidence" / "3" / f".tmp-{dead}-abcd"]
    for path in stale:
        path.write_bytes(b"nua chung")
    lock = backups / "dang-khoi-phuc.lock"
    lock.write_text(f"{dead} {datetime.now().isoformat()}\n", encoding="utf-8")
    assert not bk.auto_backups_suspended(db_path), "a dead restore's lock must not suspend backups"
    mine = backups / f"x.sqlite3.{os.getpid()}.part"  # a copy this (live) process is writing
    mine.write_bytes(b"dang ghi")
    open_database(db_path).close()
    assert not any(p.exists() for p in stale) and not lock.exists()
    assert mine.exists()
    assert bk.maybe_auto_backup(db_path, reason="start") is not None


def test_a_lock_whose_pid_now_belongs_to_a_younger_process_is_stale(db_path):
    from tthc_desktop.storage.leftovers import is_stale

    open_database(db_path).close()
    lock = db_path.parent / "backups" / "dang-khoi-phuc.lock"
    lock.parent.mkdir(exist_ok=True)
    lock.write_text(f"{os.getpid()} x\n", encoding="utf-8")
    os.utime(lock, (time.time() - 3600, time.time() - 3600))  # written before this process started
    assert is_stale(lock)
    os.utime(lock, None)
    assert not is_stale(lock)


# --- 15: forms import all or nothing ---------------------------------------------------------------

@pytest.fixture
def office(db):
    catalog.save_profile(db, parent_body="UBND tỉnh Quảng Ngãi", name="Sở Nông nghiệp và Phát triển nông thôn",
                         short_name="Sở NN&PTNT", short_code="SNNPTNT", place_name="Quảng Ngãi",
                         signer_name="Hồ Trọng Phương", province_email="vpubnd@quangngai.gov.vn")
    for name in ("Lâm nghiệp", "Thủy lợi"):
        catalog.add_field(db, name)
    catalog.add_unit(db, "Chi cục Kiểm lâm", handles_dossiers=True, fields=["Lâm nghiệp"])
    catalog.add_unit(db, "Chi cục Thủy lợi", handles_dossiers=True, fields=["Thủy lợi"])
    return db


def _form(db_path, tmp_path, unit, field, values) -> Path:
    out = tmp_path / f"{unit}.xlsx"
    assert run(["forms", "template", "II.06a", "--period", "2024Q1", "--unit", unit, "--out", str(out),
                "--db", str(db_path)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    numbering = next(r for r in range(1, 20) if ws.cell(r, 1).value == "(1)")
    row = next(r for r in range(numbering + 1, numbering + 20) if ws.cell(r, 2).value == field)
    for column, value in values.items():
        ws.cell(row, column, value)
    wb.save(out)
    return out


GOOD = {3: 1150343, 4: 69635, 5: 1065067, 6: 15641, 7: 1139324, 8: 114977, 9: 1022796, 10: 1551,
        11: 11019, 12: 10686, 13: 333}


def test_forms_import_good_and_bad_writes_nothing(office, db_path, tmp_path, capsys):
    good = _form(db_path, tmp_path, "Chi cục Kiểm lâm", "Lâm nghiệp", GOOD)
    bad = _form(db_path, tmp_path, "Chi cục Thủy lợi", "Thủy lợi", {**GOOD, 3: 11})
    for replace in ([], ["--replace"]):
        assert run(["forms", "import", str(good), str(bad), "--period", "2024Q1", "--db", str(db_path),
                    *replace]) == 4
        err = capsys.readouterr().err
        assert bad.name in err and "Không tệp nào được nhập" in err
        assert forms.figures(office, "II.06a", Period.parse("2024Q1"), 1) == {}
    assert run(["forms", "import", str(good), "--period", "2024Q1", "--db", str(db_path)]) == 0
    assert forms.figures(office, "II.06a", Period.parse("2024Q1"), 1)


# --- 13: line breaks in the profile ----------------------------------------------------------------

@pytest.mark.parametrize("brk", ["\n", "\r", "\u2028"])
def test_profile_line_breaks_are_refused_on_save(db, brk):
    with pytest.raises(ValidationError, match="một dòng"):
        catalog.save_profile(db, name=f"Sở Nông nghiệp{brk}Bcc: ke-gian@x.vn")


def test_an_old_profile_with_a_line_break_still_gives_a_sound_email(db, db_path, tmp_path):
    import email
    import email.policy
    import sqlite3

    ids = build_department(db)
    catalog.save_profile(db, province_email="kstthc@quangngai.gov.vn")
    db.close()
    with sqlite3.connect(db_path) as con:  # saved by an older version, which did not check
        con.execute("UPDATE agency_profile SET name = ?", ("Sở Nông nghiệp\u2028và PTNT\r\nBcc: x@y.vn",))
    con.close()
    r = tthc("--db", db_path, "report", "email", "--period", "2024Q1", "--out", tmp_path / "thu", "--json")
    assert r.returncode == 0, r.stderr
    eml = next((tmp_path / "thu").rglob("*.eml"))
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert "Bcc" not in message and ids
    assert "Sở Nông nghiệp và PTNT Bcc: x@y.vn" in message["Subject"]


# --- 16: evidence files ----------------------------------------------------------------------------

def test_evidence_names_drop_hidden_characters_and_are_nfc(db, tmp_path):
    import unicodedata

    ids = build_department(db)
    odd = tmp_path / unicodedata.normalize("NFD", "Biên bản\u202egpj.exe\u200b.pdf")
    odd.write_bytes(b"%PDF")
    doc_id = tracking.attach_evidence(db, ids["tasks"]["1"], odd)
    from tthc_desktop.storage.models import EvidenceDocument

    with db.session() as s:
        doc = s.get(EvidenceDocument, doc_id)
        for name in (doc.file_path, doc.original_name):
            assert name == unicodedata.normalize("NFC", name)
            assert not any(ch in name for ch in "\u202e\u200b")


def test_evidence_over_the_limit_is_refused(db, tmp_path):
    ids = build_department(db)
    big = tmp_path / "ban-ghi-hinh.mp4"
    with open(big, "wb") as fh:
        fh.truncate(evidence_store.MAX_EVIDENCE_BYTES + 1)  # sparse: no real 200 MB written
    with pytest.raises(BadInputError, match="quá lớn"):
        tracking.attach_evidence(db, ids["tasks"]["1"], big)
    assert not (db.path.parent / "evidence" / str(ids["tasks"]["1"])).exists() or \
        not any((db.path.parent / "evidence" / str(ids["tasks"]["1"])).iterdir())


def test_check_verifies_every_stored_evidence_file(db, db_path, tmp_path):
    ids = build_department(db)
    files = []
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(name.encode() * 100)
        tracking.attach_evidence(db, ids["tasks"]["1"], tmp_path / name)
        files.append(db_path.parent / "evidence" / str(ids["tasks"]["1"]) / name)
    db.close()
    assert tthc("--db", db_path, "check").returncode == 0
    files[0].write_bytes(b"da bi sua")
    files[1].unlink()
    r = tthc("--db", db_path, "check")
    assert r.returncode == 4 and one_sentence(r.stderr), r.stderr
    assert "a.pdf" in r.stderr and "mã băm" in r.stderr and "Thiếu" in r.stderr and "b.pdf" in r.stderr
