"""Checks before a file is parsed: what it really is, and limits against oversized or hostile files.

Every refusal is a BadInputError with one Vietnamese sentence; nothing is parsed past a
failed check. The kind is decided from the bytes, not the extension, so a renamed .doc
or a picture saved as .docx is recognised for what it is.
"""
from __future__ import annotations

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
MAX_CELLS = 200_000  # cells any reader may expand (the streaming limit is xml_limits.MAX_CELLS)

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
    """"docx", "xlsx", "pdf" or "text"; raises BadInputError for anything that cannot be a plan."""
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
    if head.startswith(b"%PDF-"):
        return "pdf"
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
# Corrupt deflate streams raised zlib.error, malformed sheets a ParseError inside openpyxl, a merged
# range over a whole sheet hung openpyxl for minutes and a huge w:gridSpan exhausted the Word reader:
# every member is decompressed and checked here first, XML parts by a streaming parse (xml_limits).

MAX_CELL_CHARS = 10_000  # one cell or paragraph; longer text is cut with a warning


def verify_members(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Every member decompresses with a matching checksum; XML parts are UTF-8, well-formed, declare no
    DTD (Office files never do: that is how external entities and entity bombs come in), and stay
    within the table and text limits."""
    from lxml import etree

    from tthc_desktop.importers import xml_limits

    totals = xml_limits.Totals()  # cells, rows and text count over the whole file
    for info in infos:
        if info.is_dir():
            continue
        if not info.filename.lower().endswith(xml_limits.XML_SUFFIXES):
            read_member(path, zf, info.filename)
            continue
        try:
            xml_limits.scan_part(zf, info, totals, MAX_MEMBER_BYTES)
        except xml_limits.LimitExceeded as exc:
            raise _refuse(path, exc.why, detail=f"{info.filename}: {exc.detail}") from exc
        except etree.XMLSyntaxError as exc:
            raise _refuse(path, "nội dung tệp bị hỏng (XML không hợp lệ).", detail=f"{info.filename}: {exc}") from exc
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as exc:
            raise _refuse(path, "tệp bị hỏng hoặc không trọn vẹn.", detail=f"{info.filename}: {exc}") from exc


def cap_long_texts(raw) -> None:
    """Cut any paragraph or cell of a read document longer than MAX_CELL_CHARS, with a warning each."""
    def cap(text: str, where: str) -> str:
        if len(text) <= MAX_CELL_CHARS:
            return text
        raw.warnings.append(f"{where} dài {len(text)} ký tự; chỉ giữ {MAX_CELL_CHARS} ký tự đầu, hãy soát lại.")
        return text[:MAX_CELL_CHARS]

    raw.paragraphs = [cap(p, "Một đoạn văn") for p in raw.paragraphs]
    for table in raw.tables:
        for row in table.rows:
            row.cells = [cap(c, f"Ô ở dòng {row.source_row}") for c in row.cells]


def load_workbook(path: Path, **options):
    """openpyxl on the file's bytes, after ``sniff``: the content decides, not the extension (a sheet saved
    as .docx), and whatever openpyxl raises on a damaged package (no xl/styles.xml …) is one sentence."""
    import io

    from openpyxl import load_workbook as openpyxl_load

    try:
        return openpyxl_load(io.BytesIO(Path(path).read_bytes()), **options)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises KeyError, IndexError, TypeError … on damaged parts
        raise _refuse(Path(path), "tệp Excel bị hỏng hoặc thiếu thành phần (có thể đã được lưu lại bằng chương "
                                  "trình khác); hãy mở bằng Excel và lưu lại thành .xlsx.", detail=repr(exc)) from exc
