"""Checks before a file is parsed: what it really is, and limits against oversized or hostile files.

Every refusal is a BadInputError with one Vietnamese sentence; nothing is parsed past a
failed check. The kind is decided from the bytes, not the extension, so a renamed .doc
or a picture saved as .docx is recognised for what it is.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from tthc_desktop.errors import BadInputError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 120 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members big enough to matter
MAX_CELLS = 200_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _refuse(path: Path, why: str, detail: str = "") -> BadInputError:
    return BadInputError(f"Không đọc được tệp «{path.name}»: {why}", detail=detail)


def sniff(path: Path) -> str:
    """"docx", "xlsx" or "text"; raises BadInputError for anything that cannot be a plan."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadInputError(f"Không mở được tệp «{path}»; hãy kiểm tra đường dẫn.", detail=str(exc)) from exc
    if not path.is_file():
        raise BadInputError(f"«{path}» không phải là một tệp.")
    if size == 0:
        raise _refuse(path, "tệp rỗng, không có nội dung.")
    if size > MAX_FILE_BYTES:
        raise _refuse(path, f"tệp quá lớn ({size // (1024 * 1024)} MB, giới hạn {MAX_FILE_BYTES // (1024 * 1024)} MB).")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise BadInputError(f"Không mở được tệp «{path.name}»; có thể tệp đang bị chương trình khác khóa.",
                            detail=str(exc)) from exc
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    for magic, name in _IMAGES.items():
        if head.startswith(magic):
            raise _refuse(path, f"đây là tệp ảnh {name}, không phải văn bản kế hoạch; hãy dùng tệp Word, Excel "
                                "hoặc văn bản đã nhận dạng chữ.")
    if head.startswith(b"%PDF"):
        raise _refuse(path, "tệp PDF chưa được hỗ trợ; hãy mở bằng Word rồi lưu thành .docx, hoặc chép nội "
                            "dung ra tệp .txt.")
    if head.startswith(b"{\\rtf"):
        raise _refuse(path, "tệp RTF chưa được hỗ trợ; hãy mở bằng Word rồi lưu thành .docx.")
    if size > MAX_TEXT_BYTES:
        raise _refuse(path, "tệp văn bản quá lớn để là một kế hoạch.")
    if not head.strip():
        raise _refuse(path, "tệp rỗng, không có nội dung.")
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise _refuse(path, "tệp không phải Word (.docx), Excel (.xlsx) hay văn bản thuần.")
    return "text"


def _ole_kind(path: Path) -> str:
    data = path.read_bytes()
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise _refuse(path, "tệp được bảo vệ bằng mật khẩu; hãy mở bằng Word/Excel, bỏ mật khẩu rồi lưu lại.")
    if _utf16("WordDocument") in data:
        raise _refuse(path, "đây là tệp Word 97-2003 (.doc); hãy mở bằng Word và lưu thành .docx.")
    if _utf16("Workbook") in data or _utf16("Book") in data:
        raise _refuse(path, "đây là tệp Excel 97-2003 (.xls); hãy mở bằng Excel và lưu thành .xlsx.")
    raise _refuse(path, "tệp Office cũ không xác định được loại; hãy lưu lại thành .docx hoặc .xlsx.")


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            check_zip(path, infos)
            names = {i.filename for i in infos}
            if any(i.flag_bits & 0x1 for i in infos):
                raise _refuse(path, "tệp nén được mã hóa bằng mật khẩu.")
            verify_members(path, zf, infos)
    except zipfile.BadZipFile as exc:
        raise _refuse(path, "tệp bị hỏng hoặc không trọn vẹn (cấu trúc nén không hợp lệ).", detail=str(exc)) from exc
    except (OSError, EOFError, ValueError) as exc:
        raise _refuse(path, "tệp bị hỏng hoặc không trọn vẹn.", detail=str(exc)) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        raise _refuse(path, "tệp Word thiếu phần nội dung chính (word/document.xml), có thể đã bị hỏng.")
    if "mimetype" in names:
        raise _refuse(path, "đây là tệp OpenDocument (.odt/.ods); hãy lưu lại thành .docx hoặc .xlsx.")
    raise _refuse(path, "tệp nén này không phải tài liệu Word (.docx) hay Excel (.xlsx).")


def check_zip(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Member count, total uncompressed size and compression ratio limits (zip bombs)."""
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _refuse(path, f"tệp chứa quá nhiều thành phần ({len(infos)}), có thể là tệp độc hại.")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > 5 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise _refuse(path, "tệp có thành phần giải nén quá lớn so với kích thước tệp (nghi là tệp "
                                "«bom nén»), nên không được mở.", detail=f"{info.filename}: {info.file_size} bytes")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(path, "nội dung giải nén của tệp vượt giới hạn cho phép (nghi là tệp «bom nén»).",
                      detail=f"total {total} bytes")


def read_member(path: Path, zf: zipfile.ZipFile, name: str) -> bytes:
    """A zip member read with a hard cap, whatever its header claims."""
    try:
        with zf.open(name) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    except KeyError:
        return b""
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise _refuse(path, "tệp bị hỏng hoặc không trọn vẹn.", detail=f"{name}: {exc}") from exc
    if len(data) > MAX_MEMBER_BYTES:
        raise _refuse(path, "nội dung giải nén của tệp vượt giới hạn cho phép (nghi là tệp «bom nén»).")
    return data


def check_cells(path: Path, count: int) -> None:
    if count > MAX_CELLS:
        raise _refuse(path, f"bảng có quá nhiều ô ({count}, giới hạn {MAX_CELLS}).")


# --- checks of every member before any reader sees the file --------------------------------------
# Added by the data-safety work (tests/test_fuzz_import.py): corrupt deflate streams raised zlib.error,
# malformed sheets xml.etree ParseError inside openpyxl, a merged range over a whole sheet hung
# openpyxl for minutes, and a non-numeric or huge w:gridSpan broke or exhausted the Word reader.

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]*)"')
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_WORD_SPAN = re.compile(rb'<w:(gridSpan|gridBefore|gridAfter)\b[^>]*?\bw:val="([^"]*)"')
MAX_WORD_SPAN = 63  # Word tables have at most 63 columns


def _cell_index(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref)
    if not match:
        return None
    col = 0
    for ch in match[1].upper():
        col = col * 26 + ord(ch) - 64
    return int(match[2]), col


def merged_area(xml: bytes) -> int:
    """Cells covered by the merged ranges of one worksheet (readers expand each of them)."""
    total = 0
    for m in _MERGE_REF.finditer(xml):
        ends = [_cell_index(p) for p in m[1].decode("ascii", "replace").split(":")]
        if not ends or None in ends or len(ends) > 2:
            return MAX_CELLS + 1  # an unreadable range: refuse rather than guess
        (r1, c1), (r2, c2) = ends[0], ends[-1]
        total += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
    return total


def verify_members(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Every member decompresses with a matching checksum; XML parts are well-formed, declare no DTD
    (Office files never do: that is how external entities and entity bombs come in), and stay
    within the table limits."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    merged = 0
    for info in infos:
        if info.is_dir():
            continue
        data = read_member(path, zf, info.filename)
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        if _DTD.search(data):
            raise _refuse(path, "tệp chứa khai báo DOCTYPE/ENTITY mà tài liệu Office không bao giờ dùng "
                                "(nghi là tệp độc hại), nên không được mở.", detail=info.filename)
        try:
            etree.fromstring(data, parser=parser)
        except etree.XMLSyntaxError as exc:
            raise _refuse(path, "nội dung tệp bị hỏng (XML không hợp lệ).", detail=f"{info.filename}: {exc}") from exc
        if info.filename.startswith("xl/worksheets/"):
            merged += merged_area(data)
        elif info.filename.startswith("word/"):
            for m in _WORD_SPAN.finditer(data):
                if not m[2].isdigit() or int(m[2]) > MAX_WORD_SPAN:
                    raise _refuse(path, "bảng trong tệp Word có ô gộp không hợp lệ (tệp bị hỏng).",
                                  detail=f"{info.filename}: {m[1].decode()}={m[2][:20]!r}")
    if merged > MAX_CELLS:
        raise _refuse(path, f"bảng có vùng ô gộp quá lớn ({merged} ô, giới hạn {MAX_CELLS}).")
