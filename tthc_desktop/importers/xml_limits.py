"""The limits of an Office file checked on its parsed XML, streaming, before any library expands it.

Regexes on bytes missed legal spellings (``ref='…'``, ``ref = "…"``, another namespace prefix
than ``w:``, UTF-16 parts), and sizes counted after openpyxl had loaded a sheet came after the
minutes and gigabytes. Here every XML part is read once with lxml's iterparse: its encoding and
DTD are checked at the first element, cells, rows, merged areas, spans and text are counted as
they stream by, and parsing stops at the first limit passed. Elements are dropped as soon as
they end, so memory stays flat whatever the part's size.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

MAX_CELLS = 200_000
MAX_ROWS = 100_000  # rows written, and the highest row number any cell or row claims
MAX_GRID = 3_000_000  # highest row × highest column: what readers iterate over
MAX_TEXT_CHARS = 10_000_000  # all text of one file
MAX_WORD_SPAN = 63  # Word tables have at most 63 columns
XML_SUFFIXES = (".xml", ".rels", ".vml")

_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_SPAN_VALUE = re.compile(r"^[0-9]{1,3}$")
_VMERGE_VALUES = {"restart", "continue"}
_ENCODING = re.compile(r"""\bencoding\s*=\s*["']([^"']*)["']""")


class LimitExceeded(Exception):
    """Why a part is refused: ``why`` is the Vietnamese end of the sentence, ``detail`` technical."""

    def __init__(self, why: str, detail: str = ""):
        super().__init__(why)
        self.why = why
        self.detail = detail


@dataclass
class Totals:
    """Counts over every part of one file."""

    cells: int = 0
    rows: int = 0
    merged: int = 0
    text: int = 0


def cell_index(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref.strip())
    if not match:
        return None
    col = 0
    for ch in match[1].upper():
        col = col * 26 + ord(ch) - 64
    return int(match[2]), col


class _CappedReader:
    """A zip member as a stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, stream, limit: int, part: str):
        self.stream, self.limit, self.read_bytes, self.part = stream, limit, 0, part
        self.prefix = b""  # bytes already read, given out again first

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            data, self.prefix = self.prefix, b""
            return data
        data = self.stream.read(size if size is not None and size >= 0 else self.limit + 1)
        if self.read_bytes == 0:
            _check_encoding(data, self.part)
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            raise LimitExceeded("nội dung giải nén của tệp vượt giới hạn cho phép (nghi là tệp «bom nén»).")
        return data


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(elem, name: str) -> str | None:
    """An attribute by local name, whatever its namespace prefix (``w:val``, ``x:val``, ``val``)."""
    for key, value in elem.attrib.items():
        if key == name or key.endswith("}" + name):
            return value
    return None


def _check_encoding(head: bytes, part: str) -> None:
    """Only UTF-8 parts are read (what Word and Excel write): a UTF-16/32 byte order mark, NUL bytes of a
    BOM-less wide encoding, or another declared encoding is refused before parsing."""
    declared = ""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        declared = "UTF-16/UTF-32"
    if not declared and head.startswith(b"<?xml"):
        end = head.find(b"?>")
        match = _ENCODING.search(head[:end if end > 0 else 200].decode("ascii", "replace"))
        if match and match[1].upper().replace("_", "-") not in ("UTF-8", "UTF8"):
            declared = match[1][:20]
    if declared:
        raise LimitExceeded(f"phần «{part}» của tệp dùng bảng mã {declared} thay vì UTF-8 mà Word/Excel luôn dùng "
                            "(tệp bị sửa hoặc độc hại), nên không được mở.")


def _check_prolog(elem, part: str) -> None:
    info = elem.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise LimitExceeded("tệp chứa khai báo DOCTYPE/ENTITY mà tài liệu Office không bao giờ dùng "
                            "(nghi là tệp độc hại), nên không được mở.", part)


class _SheetCounter:
    """Cells, rows, merged areas and the grid readers will walk, for one worksheet."""

    def __init__(self, totals: Totals):
        self.totals, self.max_row, self.max_col, self.last_row = totals, 0, 0, 0
        self.handlers = {"c": self.cell, "row": self.row, "mergeCell": self.merge}

    def cell(self, elem) -> None:
        self.totals.cells += 1
        if self.totals.cells > MAX_CELLS:
            raise LimitExceeded(f"bảng có quá nhiều ô (hơn {MAX_CELLS}).")
        ref = elem.get("r")  # unqualified, as openpyxl reads it
        if ref is not None:
            where = cell_index(ref)
            if where is None:
                raise LimitExceeded("bảng có địa chỉ ô không hợp lệ (tệp bị hỏng).", ref[:40])
            self._reach(*where)

    def row(self, elem) -> None:
        self.totals.rows += 1
        number = elem.get("r")
        if number is not None:
            if not number.strip().isascii() or not number.strip().isdigit():
                raise LimitExceeded("bảng có số dòng không hợp lệ (tệp bị hỏng).", number[:40])
            self.last_row = int(number)
        else:
            self.last_row += 1
        self._reach(self.last_row, 1)
        if self.totals.rows > MAX_ROWS:
            raise LimitExceeded(f"bảng có quá nhiều dòng (hơn {MAX_ROWS}).")

    def merge(self, elem) -> None:
        self.totals.merged += _merged_area(elem.get("ref") or "")
        if self.totals.merged > MAX_CELLS:
            raise LimitExceeded(f"bảng có vùng ô gộp quá lớn (hơn {MAX_CELLS} ô).")

    def _reach(self, row: int, col: int) -> None:
        if row > self.max_row or col > self.max_col:
            self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
            if self.max_row > MAX_ROWS or self.max_row * self.max_col > MAX_GRID:
                raise LimitExceeded(f"bảng trải quá rộng (đến dòng {self.max_row}, cột {self.max_col}), có thể là "
                                    "tệp độc hại.")


def _merged_area(ref: str) -> int:
    ends = [cell_index(p) for p in ref.split(":")]
    if not ref.strip() or None in ends or len(ends) > 2:
        raise LimitExceeded("bảng có vùng ô gộp không hợp lệ (tệp bị hỏng).", ref[:40])
    (r1, c1), (r2, c2) = ends[0], ends[-1]
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


class _WordCounter:
    """Table cells, rows, spans and vertical merges of a Word part."""

    def __init__(self, totals: Totals):
        self.totals, self.grid_columns = totals, 0
        self.handlers = {"tc": self.cell, "tr": self.row, "gridSpan": self.span, "gridBefore": self.span,
                         "gridAfter": self.span, "vMerge": self.vmerge, "gridCol": self.grid_column,
                         "tblGrid": self.grid}

    def cell(self, elem) -> None:
        self.totals.cells += 1
        if self.totals.cells > MAX_CELLS:
            raise LimitExceeded(f"bảng có quá nhiều ô (hơn {MAX_CELLS}).")

    def row(self, elem) -> None:
        self.totals.rows += 1
        if self.totals.rows > MAX_ROWS:
            raise LimitExceeded(f"bảng có quá nhiều dòng (hơn {MAX_ROWS}).")

    def span(self, elem) -> None:
        value = (_attr(elem, "val") or "").strip()
        if not _SPAN_VALUE.match(value) or int(value) > MAX_WORD_SPAN:
            raise LimitExceeded("bảng trong tệp Word có ô gộp không hợp lệ (tệp bị hỏng).",
                                f"{_local(elem.tag)}={value[:20]!r}")

    def vmerge(self, elem) -> None:
        value = _attr(elem, "val")
        if value is not None and value.strip() not in _VMERGE_VALUES:
            raise LimitExceeded("bảng trong tệp Word có ô gộp không hợp lệ (tệp bị hỏng).", f"vMerge={value[:20]!r}")

    def grid_column(self, elem) -> None:
        self.grid_columns += 1
        if self.grid_columns > MAX_WORD_SPAN:
            raise LimitExceeded("bảng trong tệp Word có quá nhiều cột (tệp bị hỏng).")

    def grid(self, elem) -> None:
        self.grid_columns = 0


def _too_much_text() -> LimitExceeded:
    return LimitExceeded(f"tệp chứa quá nhiều chữ (hơn {MAX_TEXT_CHARS // 1_000_000} triệu ký tự), có thể là "
                         "tệp độc hại.")


SMALL_PART = 1024 * 1024  # parsed whole (fast, in C); larger parts are streamed


def scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, totals: Totals, max_bytes: int) -> None:
    """Parse one XML part, raising LimitExceeded (or lxml's XMLSyntaxError) at the first problem."""
    from lxml import etree

    name = info.filename
    if name.startswith("xl/worksheets/"):
        handlers = _SheetCounter(totals).handlers
    elif name.startswith("word/"):
        handlers = _WordCounter(totals).handlers
    else:
        handlers = {}
    options = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                   remove_comments=True, remove_pis=True)
    with zf.open(info) as raw:
        stream = _CappedReader(raw, max_bytes, name)
        head = stream.read(SMALL_PART + 1)
        if len(head) <= SMALL_PART:
            root = etree.fromstring(head, parser=etree.XMLParser(**options))
            _check_prolog(root, name)
            # Small parts: only the counted elements are visited (a Python call per element of a
            # style sheet would slow every import), their text is measured in one go.
            for elem in root.iter([f"{{*}}{tag}" for tag in handlers]) if handlers else ():
                handlers[_local(elem.tag)](elem)
            totals.text += len(etree.tostring(root, method="text", encoding="unicode"))
            if totals.text > MAX_TEXT_CHARS:
                raise _too_much_text()
            return
        stream.prefix = head
        _stream(etree.iterparse(stream, events=("end",), **options), name, handlers, totals)


def _stream(events, part: str, handlers: dict, totals: Totals) -> None:
    """Every element as it ends: counted, then its finished previous siblings are dropped, so memory
    stays flat (one pending sibling per level) whatever the part's size."""
    first = True
    for _event, elem in events:
        if first:
            _check_prolog(elem, part)
            first = False
        tag = elem.tag
        handler = handlers.get(tag[tag.rfind("}") + 1:])
        if handler is not None:
            handler(elem)
        text = elem.text
        if text:  # Office keeps its text in elements (w:t, t, v); tails are layout whitespace
            totals.text += len(text)
            if totals.text > MAX_TEXT_CHARS:
                raise _too_much_text()
        previous = elem.getprevious()
        if previous is not None:
            elem.getparent().remove(previous)
        if len(elem):
            elem.clear(keep_tail=True)
