"""Deterministic mutations of the fixture plans for tests/test_fuzz_import.py.

The plans are the demo plans and the files tests/fixtures builds from them (byte-for-byte
reproducible, so an id always names the same bytes).

Each case is (case_id, description, bytes, suffix). The id says how to rebuild it:
``<fixture>:<mutation>:<seed>``, so a failing case can be regenerated with ``build_case(case_id)``.
"""
from __future__ import annotations

import io
import random
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from tests.fixtures import plan_folder
from tests.fixtures.builders import PLAN_FILES

XXE_MARKER = "BI-MAT-XXE-7f3a"


@lru_cache(maxsize=None)
def _members(name: str) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(plan_folder() / name) as zf:
        return tuple((i.filename, zf.read(i.filename)) for i in zf.infolist())


def _main_part(name: str) -> str:
    return "word/document.xml" if name.endswith(".docx") else "xl/worksheets/sheet1.xml"


def rezip(members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def _replace(members, part: str, data: bytes):
    return [(n, data if n == part else d) for n, d in members]


@lru_cache(maxsize=None)
def _deflated_zeros(size: int) -> bytes:
    """A zip holding one member of ``size`` zero bytes, compressed once and reused."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("bomb", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)
    return buf.getvalue()


def _with_bomb(members, part: str, size: int) -> bytes:
    """``members`` with ``part`` replaced by ``size`` zero bytes, by splicing the precompressed member."""
    with zipfile.ZipFile(io.BytesIO(_deflated_zeros(size))) as bomb_zip:
        info = bomb_zip.infolist()[0]
        raw = bomb_zip.fp
        raw.seek(info.header_offset)
        header = raw.read(30)
        name_len, extra_len = int.from_bytes(header[26:28], "little"), int.from_bytes(header[28:30], "little")
        raw.seek(info.header_offset + 30 + name_len + extra_len)
        compressed = raw.read(info.compress_size)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            if name != part:
                zf.writestr(name, data)
                continue
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.file_size, zi.compress_size, zi.CRC = info.file_size, info.compress_size, info.CRC
            zi.header_offset = out.tell()
            out.write(zi.FileHeader(zip64=info.file_size > 0xFFFFFFFF))
            out.write(compressed)
            zf.filelist.append(zi)
            zf.NameToInfo[name] = zi
            zf.start_dir = out.tell()
    return out.getvalue()


# --- the mutations: f(name, original_bytes, rng) -> bytes ------------------------------------------

def m_truncate(name, data, r):
    return data[: r.randrange(1, len(data))]


def m_truncate_head(name, data, r):
    return data[: r.randrange(1, 400)]


def m_flip_bytes(name, data, r):
    out = bytearray(data)
    for _ in range(r.randint(1, 24)):
        out[r.randrange(len(out))] ^= 1 << r.randrange(8)
    return bytes(out)


def m_flip_directory(name, data, r):
    """Flips in the central directory and end record: sizes, offsets, flags, names."""
    out = bytearray(data)
    start = max(0, len(out) - 2200)
    for _ in range(r.randint(1, 6)):
        out[r.randrange(start, len(out))] = r.randrange(256)
    return bytes(out)


def m_swap_members(name, data, r):
    members = list(_members(name))
    i, j = r.sample(range(len(members)), 2)
    (a, da), (b, db) = members[i], members[j]
    members[i], members[j] = (a, db), (b, da)
    return rezip(members)


def m_swap_main(name, data, r):
    members = list(_members(name))
    main = _main_part(name)
    other = r.choice([n for n, _ in members if n != main])
    contents = dict(members)
    return rezip([(n, contents[other] if n == main else contents[main] if n == other else d) for n, d in members])


def m_remove_member(name, data, r):
    members = list(_members(name))
    members.pop(r.randrange(len(members)))
    return rezip(members)


def m_remove_essentials(name, data, r):
    essential = ["[Content_Types].xml", "_rels/.rels", _main_part(name),
                 "word/_rels/document.xml.rels" if name.endswith("docx") else "xl/_rels/workbook.xml.rels",
                 "word/styles.xml" if name.endswith("docx") else "xl/workbook.xml"]
    drop = set(r.sample(essential, r.randint(1, 2)))
    return rezip([(n, d) for n, d in _members(name) if n not in drop])


def m_stored_and_renamed(name, data, r):
    main = _main_part(name)
    new = r.choice([main.upper(), main + ".bak", main.replace(".xml", "2.xml")])
    return rezip([(new if n == main else n, d) for n, d in _members(name)], zipfile.ZIP_STORED)


def _main_xml(name) -> bytes:
    return dict(_members(name))[_main_part(name)]


def m_xml_truncate(name, data, r):
    xml = _main_xml(name)
    return rezip(_replace(_members(name), _main_part(name), xml[: r.randrange(1, len(xml))]))


def m_xml_garble(name, data, r):
    xml = bytearray(_main_xml(name))
    for _ in range(r.randint(1, 8)):
        at = r.randrange(len(xml))
        junk = bytes(r.choice([0, 1, 7, 0x1F, 0x3C, 0x3E, 0x26, 0xC3, 0xFF, 0xFE, 0x80]) for _ in range(r.randint(1, 12)))
        xml[at: at + r.randint(0, 12)] = junk
    return rezip(_replace(_members(name), _main_part(name), bytes(xml)))


_NUMERIC_ATTR = re.compile(rb'((?:w:val|w:w|r|ref|s|t|spans|w:gridSpan|w:vMerge|w:type)=")([^"]*)(")')
_EXTREMES = [b"-1", b"0", b"99999999", b"2147483648", b"abc", b"", b"A1:XFD1048576", b"restart", b"ZZZZ0",
             b"1e309", b"\xc3\xa9", b"A0", b"-5:3"]


def m_xml_attributes(name, data, r):
    xml = _main_xml(name)
    hits = list(_NUMERIC_ATTR.finditer(xml))
    chosen = {m.start() for m in r.sample(hits, min(len(hits), r.randint(1, 20)))}
    out, last = [], 0
    for m in hits:
        if m.start() in chosen:
            out += [xml[last: m.start()], m.group(1), r.choice(_EXTREMES), m.group(3)]
            last = m.end()
    out.append(xml[last:])
    return rezip(_replace(_members(name), _main_part(name), b"".join(out)))


def m_xml_structure(name, data, r):
    """Unbalanced or duplicated elements: rows, cells, paragraphs cut and pasted elsewhere."""
    xml = _main_xml(name)
    tags = [m.start() for m in re.finditer(rb"<(?:w:tr|w:tc|w:p|row|c|w:gridCol|mergeCell)[ >/]", xml)]
    a, b = sorted(r.sample(tags, 2))
    piece = xml[a:b]
    action = r.choice(["cut", "dup", "move"])
    if action == "cut":
        xml = xml[:a] + xml[b:]
    elif action == "dup":
        xml = xml[:b] + piece * r.randint(2, 5) + xml[b:]
    else:
        c = r.choice(tags)
        xml = xml[:c] + piece + xml[c:]
    return rezip(_replace(_members(name), _main_part(name), xml))


def m_xml_huge_merge(name, data, r):
    """Excel: a merged range or dimension covering the whole sheet; Word: absurd spans and merges."""
    xml = _main_xml(name)
    if name.endswith(".xlsx"):
        ref = r.choice([b"A1:XFD1048576", b"A1:ZZ99999", b"B2:A1", b"A1:A1", b"XFD1048576:XFD1048576"])
        if b"<mergeCells" in xml:
            xml = re.sub(rb'<mergeCell ref="[^"]*"', b'<mergeCell ref="' + ref + b'"', xml, count=1)
        else:
            xml = xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="' + ref + b'"/></mergeCells>')
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', xml, count=1)
    else:
        span = r.choice([b"0", b"-3", b"63", b"100000", b"x"])
        xml = xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="' + span + b'"/>', r.randint(1, 30))
        xml = xml.replace(b"<w:tcPr>", b'<w:tcPr><w:vMerge w:val="restart"/>', r.randint(0, 30))
    return rezip(_replace(_members(name), _main_part(name), xml))


def m_xml_deep(name, data, r):
    depth = r.choice([300, 5000, 100000])
    tag = b"w:p" if name.endswith("docx") else b"row"
    nest = b"<" + tag + b">" * 1
    xml = _main_xml(name)
    body = b"<w:body>" if name.endswith("docx") else b"<sheetData>"
    deep = (b"<" + tag + b">") * depth + (b"</" + tag + b">") * depth
    return rezip(_replace(_members(name), _main_part(name), xml.replace(body, body + deep, 1))) if nest else data


def m_xxe(name, data, r, secret: Path | None = None):
    """An external entity pointing at a local file, used inside a cell's text."""
    target = (secret or Path("/etc/hostname")).resolve().as_uri().encode()
    xml = _main_xml(name)
    decl_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    root = re.search(rb"<([\w:]+)[ >]", xml[decl_end:]).group(1)
    doctype = b'<!DOCTYPE ' + root + b' [<!ENTITY xxe SYSTEM "' + target + b'">]>'
    xml = xml[:decl_end] + doctype + xml[decl_end:]
    if name.endswith("docx"):
        xml = xml.replace(b"<w:t>", b"<w:t>&xxe;", r.randint(1, 5))
        xml = re.sub(rb"(<w:t [^>]*>)", rb"\1&xxe;", xml, count=r.randint(1, 5))
    else:
        xml = re.sub(rb"(<is><t[^>]*>)", rb"\1&xxe;", xml, count=r.randint(1, 5))
        xml = re.sub(rb"(<v>)", rb"\1&xxe;", xml, count=1)
    return rezip(_replace(_members(name), _main_part(name), xml))


def m_billion_laughs(name, data, r):
    xml = _main_xml(name)
    decl_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    root = re.search(rb"<([\w:]+)[ >]", xml[decl_end:]).group(1)
    ents = b'<!ENTITY l0 "haha">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10))
    xml = xml[:decl_end] + b"<!DOCTYPE " + root + b" [" + ents + b"]>" + xml[decl_end:]
    if name.endswith("docx"):
        xml = xml.replace(b"<w:t>", b"<w:t>&l9;", 1)
    else:
        xml = re.sub(rb"(<is><t[^>]*>)", rb"\1&l9;", xml, count=1)
    return rezip(_replace(_members(name), _main_part(name), xml))


def m_bomb_member(name, data, r):
    size = r.choice([130 << 20, 8 << 20])
    return _with_bomb(_members(name), _main_part(name), size)


def m_bomb_side_member(name, data, r):
    part = r.choice([n for n, _ in _members(name) if n != _main_part(name)])
    return _with_bomb(_members(name), part, 64 << 20)


def m_many_members(name, data, r):
    members = list(_members(name)) + [(f"customXml/x{i}.xml", b"<a/>") for i in range(r.choice([1000, 6000]))]
    return rezip(members, zipfile.ZIP_STORED)


def m_encrypted_flag(name, data, r):
    out = bytearray(data)
    for m in re.finditer(rb"PK\x01\x02", out):  # general-purpose flag of every central directory entry
        out[m.start() + 8] |= 0x01
        if r.random() < 0.3:
            break
    return bytes(out)


def m_not_office(name, data, r):
    choice = r.randrange(6)
    if choice == 0:
        return rezip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<a/>")])
    if choice == 1:
        return rezip([])
    if choice == 2:
        return b"\x89PNG\r\n\x1a\n" + bytes(r.randrange(256) for _ in range(500))
    if choice == 3:
        return b"%PDF-1.7\n" + data[:2000]
    if choice == 4:
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + data[:1000]
    return bytes(r.randrange(256) for _ in range(r.randint(1, 3000)))


MUTATIONS = {
    "truncate": (m_truncate, 4),
    "truncate_head": (m_truncate_head, 2),
    "flip": (m_flip_bytes, 6),
    "flip_dir": (m_flip_directory, 4),
    "swap": (m_swap_members, 4),
    "swap_main": (m_swap_main, 3),
    "remove": (m_remove_member, 4),
    "remove_essential": (m_remove_essentials, 3),
    "renamed": (m_stored_and_renamed, 1),
    "xml_truncate": (m_xml_truncate, 6),
    "xml_garble": (m_xml_garble, 8),
    "xml_attrs": (m_xml_attributes, 10),
    "xml_structure": (m_xml_structure, 8),
    "xml_merge": (m_xml_huge_merge, 4),
    "xml_deep": (m_xml_deep, 2),
    "xxe": (m_xxe, 3),
    "laughs": (m_billion_laughs, 1),
    "bomb": (m_bomb_member, 2),
    "bomb_side": (m_bomb_side_member, 1),
    "many": (m_many_members, 1),
    "encrypted": (m_encrypted_flag, 1),
    "not_office": (m_not_office, 3),
}


def case_ids() -> list[str]:
    return [f"{name}:{m}:{seed}" for name in sorted(PLAN_FILES) for m, (_, n) in MUTATIONS.items() for seed in range(n)]


def build_case(case_id: str, secret: Path | None = None) -> tuple[bytes, str]:
    """(bytes, suffix) of a case; ``secret`` is the file the XXE cases try to read."""
    name, mutation, seed = case_id.split(":")
    fn = MUTATIONS[mutation][0]
    rng = random.Random(f"{case_id}")
    data = (plan_folder() / name).read_bytes()
    out = fn(name, data, rng, secret) if fn is m_xxe else fn(name, data, rng)
    return out, Path(name).suffix
