"""A .docx read straight from its XML: paragraphs before the tables, and every table as a grid.

Reading document.xml with lxml is several times faster than walking python-docx cell
objects, and it sees what python-docx hides: horizontally merged cells (gridSpan, the
title repeated in every grid column), vertical merges (vMerge, flagged so sub-rows can be
told from page-split rows) and each run's font, which reveals legacy encodings.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from tthc_desktop.importers import guard
from tthc_desktop.importers.legacy_encoding import (ENCODING_NAMES, convert, detect, font_encoding,
                                                    looks_unicode_vietnamese)
from tthc_desktop.importers.table_logic import RawDocument, RawRow, RawTable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "t"
_SDT, _SDT_CONTENT = W + "sdt", W + "sdtContent"
_SOFT_BREAK = "\x0b"


def _attr(el, name: str) -> str | None:
    return el.get(W + name) if el is not None else None


def _run_font(run_pr, fallback: str | None) -> str | None:
    if run_pr is None:
        return fallback
    fonts = run_pr.find(W + "rFonts")
    if fonts is None:
        return fallback
    return _attr(fonts, "ascii") or _attr(fonts, "hAnsi") or fallback


class _Reader:
    def __init__(self, styles_font: dict[str, str], default_font: str | None):
        self.styles_font = styles_font
        self.default_font = default_font
        self.converted: set[str] = set()
        self.trust_legacy_fonts = True
        self.weight = [0, 0]  # characters in bold / plain runs since the last reset (a row's boldness)

    def vote(self, body) -> None:
        """Legacy font names are trusted only if their runs mostly hold legacy bytes, not Unicode
        Vietnamese (a document retyped in Unicode but still styled .VnTime)."""
        legacy = unicode = 0
        for p in body.iter(_P):
            ppr = p.find(W + "pPr")
            style = _attr(ppr.find(W + "pStyle"), "val") if ppr is not None else None
            para_font = self.styles_font.get(style or "", self.default_font)
            for run in p.iter(_R):
                if font_encoding(_run_font(run.find(W + "rPr"), para_font)):
                    text = "".join(t.text or "" for t in run.iter(_T))
                    if looks_unicode_vietnamese(text):
                        unicode += 1
                    elif detect(text + " ") or any(ord(ch) > 127 for ch in text):
                        legacy += 1
        self.trust_legacy_fonts = legacy >= unicode

    def paragraph_text(self, p) -> str:
        ppr = p.find(W + "pPr")
        style = _attr(ppr.find(W + "pStyle"), "val") if ppr is not None else None
        para_font = self.styles_font.get(style or "", self.default_font)
        parts: list[str] = []
        for run in p.iter(_R):
            font = _run_font(run.find(W + "rPr"), para_font)
            encoding = font_encoding(font) if self.trust_legacy_fonts else None
            chunk: list[str] = []
            for child in run:
                tag = child.tag
                if tag == _T:
                    chunk.append(child.text or "")
                elif tag in (W + "tab", W + "ptab"):
                    chunk.append(" ")
                elif tag in (W + "br", W + "cr"):
                    chunk.append("\n" if _attr(child, "type") == "page" else _SOFT_BREAK)
                elif tag == W + "noBreakHyphen":
                    chunk.append("-")
            text = "".join(chunk)
            # A legacy font over text already in Unicode (retyped later) is left alone.
            if encoding and text.strip() and not looks_unicode_vietnamese(text):
                self.converted.add(ENCODING_NAMES[encoding])
                text = convert(text, encoding)
            if text.strip():
                self.weight[0 if _is_bold(run.find(W + "rPr")) else 1] += len(text.strip())
            parts.append(text)
        # A soft line break inside a sentence (Shift+Enter before a lower-case word) is a space;
        # before a new item or a capitalised name it separates lines.
        return re.sub(_SOFT_BREAK + r"(?=[ \t]*[a-zđà-ỹ])", " ", "".join(parts)).replace(_SOFT_BREAK, "\n")

    def cell_text(self, tc) -> str:
        return "\n".join(self.paragraph_text(p) for p in tc.iter(_P))

    def table(self, tbl, counter: list[int]) -> RawTable:
        rows: list[RawRow] = []
        for index, tr in enumerate(_children(tbl, _TR)):
            trpr = tr.find(W + "trPr")
            self.weight = [0, 0]
            cells: list[str] = []
            merged: list[bool] = []
            left: list[bool] = []
            before = trpr.find(W + "gridBefore") if trpr is not None else None
            for _ in range(int(_attr(before, "val") or 0)):
                cells.append("")
                merged.append(False)
                left.append(False)
            for tc in _children(tr, _TC):
                tcpr = tc.find(W + "tcPr")
                span = int(_attr(tcpr.find(W + "gridSpan"), "val") or 1) if tcpr is not None else 1
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                continued = vmerge is not None and _attr(vmerge, "val") in (None, "continue")
                text = "" if continued else self.cell_text(tc)
                cells.extend([text] * max(span, 1))
                merged.extend([continued] * max(span, 1))
                left.extend([False] + [True] * (max(span, 1) - 1))
            counter[0] += len(cells)
            is_header = trpr is not None and trpr.find(W + "tblHeader") is not None and \
                _attr(trpr.find(W + "tblHeader"), "val") not in ("0", "false")
            rows.append(RawRow(cells, merged, index + 1, is_header, bold=self.weight[0] > 0 and not self.weight[1],
                               merged_left=left))
        return RawTable(rows)


def _is_bold(run_pr) -> bool:
    b = run_pr.find(W + "b") if run_pr is not None else None
    return b is not None and _attr(b, "val") not in ("0", "false")


def _children(el, tag: str):
    """Direct children with ``tag``, looking through content controls (w:sdt)."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)


def _styles(zf: zipfile.ZipFile, path: Path) -> tuple[dict[str, str], str | None]:
    from lxml import etree

    data = guard.read_member(path, zf, "word/styles.xml")
    if not data:
        return {}, None
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, huge_tree=False))
    default = None
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    default = _run_font(defaults, None)
    own: dict[str, str | None] = {}
    parent: dict[str, str] = {}
    for style in root.iter(W + "style"):
        sid = _attr(style, "styleId") or ""
        own[sid] = _run_font(style.find(W + "rPr"), None)
        based = _attr(style.find(W + "basedOn"), "val")
        if based:
            parent[sid] = based
    fonts: dict[str, str] = {}
    for sid in own:  # a title style based on one in .VnTimeH draws in .VnTimeH too
        seen, cur = set(), sid
        while cur in own and not own[cur] and cur in parent and cur not in seen:
            seen.add(cur)
            cur = parent[cur]
        if own.get(cur):
            fonts[sid] = own[cur]
    return fonts, fonts.get("Normal", default)


def read_docx(path: Path, progress=None, is_cancelled=None) -> RawDocument:
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as zf:
            data = guard.read_member(path, zf, "word/document.xml")
            styles_font, default_font = _styles(zf, path)
    except zipfile.BadZipFile as exc:
        raise guard._refuse(path, "tệp bị hỏng hoặc không trọn vẹn.", detail=str(exc)) from exc
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise guard._refuse(path, "nội dung tệp Word bị hỏng (XML không hợp lệ).", detail=str(exc)) from exc
    body = root.find(W + "body")
    if body is None:
        raise guard._refuse(path, "tệp Word không có phần nội dung.")
    reader = _Reader(styles_font, default_font)
    if b".Vn" in data or b"VNI" in data or font_encoding(default_font) or \
            any(font_encoding(f) for f in styles_font.values()):
        reader.vote(body)
    doc = RawDocument(format="docx")
    counter = [0]
    blocks = list(_blocks(body))
    for i, block in enumerate(blocks):
        if is_cancelled and is_cancelled():
            break
        if block.tag == _P:
            text = reader.paragraph_text(block)
            if not doc.tables:
                doc.paragraphs.append(text)
            else:
                doc.tables[-1].after.append(text)
        else:
            table = reader.table(block, counter)
            table.before = list(doc.paragraphs[-6:]) if not doc.tables else list(doc.tables[-1].after[-6:])
            doc.tables.append(table)
            guard.check_cells(path, counter[0])
        if progress:
            progress(i + 1, len(blocks))
    for name in sorted(reader.converted):
        doc.warnings.append(f"Văn bản dùng bảng mã cũ {name}; đã chuyển sang Unicode, hãy soát lại chữ có dấu.")
    return doc


def _blocks(body):
    for child in body:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
