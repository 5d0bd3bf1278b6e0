"""Files that cannot be a plan: one Vietnamese sentence, exit code 3, nothing written."""
import struct
import subprocess
import sys
import zipfile

import pytest
from docx import Document

from conftest import DEMO
from tthc_desktop.errors import BadInputError
from tthc_desktop.importers import guard, read_plan


def _ole(path, names):
    """A minimal OLE2 compound file whose directory holds the given stream names."""
    header = bytearray(512)
    header[:8] = guard.OLE_MAGIC
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    entries = bytearray()
    for name in ["Root Entry", *names]:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entry = bytearray(128)
        entry[: len(raw)] = raw
        struct.pack_into("<H", entry, 64, len(raw))
        entry[66] = 5 if name == "Root Entry" else 2
        entries += entry
    path.write_bytes(bytes(header) + bytes(entries) + b"\x00" * 512)
    return path


def _encrypted(tmp_path):
    return _ole(tmp_path / "matkhau.docx", ["EncryptionInfo", "EncryptedPackage"])


def _corrupt(tmp_path):
    data = (DEMO / "qn2023_plan.docx").read_bytes()
    path = tmp_path / "hong.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _empty(tmp_path):
    path = tmp_path / "rong.docx"
    path.write_bytes(b"")
    return path


def _no_tables(tmp_path):
    d = Document()
    d.add_paragraph("KẾ HOẠCH năm 2024")
    d.add_paragraph("Chỉ có đoạn văn, không có bảng.")
    d.save(tmp_path / "khongbang.docx")
    return tmp_path / "khongbang.docx"


def _no_plan_table(tmp_path):
    d = Document()
    t = d.add_table(rows=2, cols=3)
    for cell, text in zip(t.rows[0].cells, ["Họ tên", "Chức vụ", "Điện thoại"]):
        cell.text = text
    d.save(tmp_path / "danhba.docx")
    return tmp_path / "danhba.docx"


def _doc_renamed(tmp_path):
    return _ole(tmp_path / "cu.docx", ["WordDocument", "1Table"])


def _png_renamed(tmp_path):
    path = tmp_path / "anh.docx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return path


def _zip_bomb(tmp_path):
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b" " * (8 * 1024 * 1024))
    return path


def _oversized(tmp_path):
    path = tmp_path / "lon.docx"
    with open(path, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(guard.MAX_FILE_BYTES + 1)  # sparse: instant to create
    return path


BAD = {"encrypted": (_encrypted, "mật khẩu"), "corrupt": (_corrupt, "hỏng"), "empty": (_empty, "rỗng"),
       "no_tables": (_no_tables, "không có bảng"), "no_plan_table": (_no_plan_table, "bảng kế hoạch"),
       "doc_renamed": (_doc_renamed, "97-2003"), "png_renamed": (_png_renamed, "ảnh PNG"),
       "zip_bomb": (_zip_bomb, "bom nén"), "oversized": (_oversized, "quá lớn")}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_files_raise_one_vietnamese_sentence(tmp_path, kind):
    make, words = BAD[kind]
    with pytest.raises(BadInputError) as info:
        read_plan(make(tmp_path))
    message = info.value.message
    assert words in message and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("kind", ["encrypted", "zip_bomb", "png_renamed", "no_tables"])
def test_cli_exit_3_and_database_untouched(tmp_path, kind):
    db = tmp_path / "db.sqlite3"
    path = BAD[kind][0](tmp_path)
    for command in (["plan", "parse", str(path), "--json"], ["plan", "import", str(path)]):
        out = subprocess.run([sys.executable, "-m", "tthc_desktop.cli", "--db", str(db), *command],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 3, out.stderr
        assert out.stdout == "" and "Traceback" not in out.stderr
        assert BAD[kind][1] in out.stderr
    from tthc_desktop.services.plans import list_plans
    from tthc_desktop.storage.database import open_database

    database = open_database(db)
    try:
        assert list_plans(database) == []
    finally:
        database.close()


def test_cell_count_limit(monkeypatch):
    monkeypatch.setattr(guard, "MAX_CELLS", 50)
    with pytest.raises(BadInputError, match="quá nhiều ô"):
        read_plan(DEMO / "qn2023_plan.docx")


def test_content_decides_not_extension(tmp_path):
    path = tmp_path / "ke_hoach.txt"
    path.write_bytes((DEMO / "qn2023_plan.docx").read_bytes())
    assert read_plan(path).format == "docx"


def test_a_progress_report_is_not_a_plan(plans):
    with pytest.raises(BadInputError, match="không có bảng kế hoạch"):
        read_plan(plans / "progress_report.txt")
