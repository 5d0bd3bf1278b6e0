"""Plain text and markdown copies of a plan: tab-celled blocks, tab/pipe-separated rows, list layout.

Text copied out of Word puts each cell on a line starting with a tab and separates rows
by blank lines (seed 000); converters give one row per line with tabs or pipes and HTML
residue (seeds 002, 003); an OCR'd letter lists numbered tasks with labelled lines
("Cơ quan chủ trì thực hiện:", "Sản phẩm:" …) whose diacritics may be lost (seed 004).
The list layout is turned into a synthetic table so one set of row rules applies.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from tthc_desktop.domain.text import fold
from tthc_desktop.importers import guard
from tthc_desktop.importers.legacy_encoding import ENCODING_NAMES, convert, detect
from tthc_desktop.importers.table_logic import RawDocument, RawRow, RawTable, _header_score, clean_cell


def decode(data: bytes) -> str:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path, progress=None, is_cancelled=None) -> RawDocument:
    text = decode(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    doc = RawDocument(format="md" if path.suffix.lower() in (".md", ".markdown") else "txt")
    encoding = detect(text)
    if encoding:
        text = convert(text, encoding)
        doc.warnings.append(f"Văn bản dùng bảng mã cũ {ENCODING_NAMES[encoding]}; đã chuyển sang Unicode, "
                            "hãy soát lại chữ có dấu.")
    lines = text.split("\n")
    if not any(line.strip() for line in lines):
        raise guard._refuse(path, "tệp rỗng, không có nội dung.")
    start = _find_header_line(lines)
    if start is not None:
        kind, i = start
        doc.paragraphs = lines[:i]
        rows = _tab_blocks(lines[i:]) if kind == "blocks" else _delimited_rows(lines[i:], kind)
        guard.check_cells(path, sum(len(r) for r in rows))
        doc.tables.append(RawTable([RawRow(cells, [False] * len(cells), n + 1) for n, cells in enumerate(rows)]))
    else:
        table, preamble, warnings = read_list_layout(lines)
        doc.paragraphs = preamble
        doc.warnings.extend(warnings)
        if table is not None:
            doc.tables.append(table)
    if progress:
        progress(1, 1)
    return doc


def _split(line: str, kind: str) -> list[str]:
    if kind == "pipe":
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return line.split("\t")


def _find_header_line(lines: list[str]) -> tuple[str, int] | None:
    for i, line in enumerate(lines):
        if line.startswith("\t") and line.count("\t") == 1:
            block = []
            for nxt in lines[i:i + 12]:
                if not nxt.strip():
                    break
                if nxt.startswith("\t"):
                    block.append(nxt.strip())
            if _header_score(block) >= 3:
                return "blocks", i
        for kind in ("tab", "pipe"):
            if (kind == "tab" and line.count("\t") >= 2) or (kind == "pipe" and line.count("|") >= 3):
                if _header_score([clean_cell(c) for c in _split(line, kind)]) >= 3:
                    return kind, i
    return None


def _tab_blocks(lines: list[str]) -> list[list[str]]:
    """Rows separated by blank lines; a cell starts on a line beginning with a tab."""
    rows: list[list[str]] = []
    cur: list[str] = []
    cell: str | None = None
    for line in lines + [""]:
        if not line.strip() and not line.startswith("\t"):
            if cell is not None:
                cur.append(cell)
                cell = None
            if cur:
                rows.append(cur)
                cur = []
            continue
        if line.startswith("\t"):
            if cell is not None:
                cur.append(cell)
            cell = line[1:].rstrip()
        else:
            cell = line.rstrip() if cell is None else cell + "\n" + line.rstrip()
    return rows


def _delimited_rows(lines: list[str], kind: str) -> list[list[str]]:
    rows = []
    for line in lines:
        if kind == "pipe":
            if not line.strip().startswith("|") or re.fullmatch(r"[\s|:\-]+", line):
                continue
        elif "\t" not in line:
            continue
        rows.append(_split(line, kind))
    return rows


# -- list layout (seed 004) ---------------------------------------------------------------
LABELS = {
    "lead": ("co quan chu tri thuc hien", "co quan chu tri", "don vi chu tri"),
    "coordinate": ("co quan phoi hop", "don vi phoi hop"),
    "results": ("san pham", "ket qua"),
    "time": ("thoi gian thuc hien", "thoi gian"),
}
_JUNK = re.compile(r"^[\s,’'`_.;:]*")
_ITEM = re.compile(r"^(\d{1,2}\s*[.)]|[LlI|]\s*[.)]?)\s+([A-ZĐÀ-Ỹ]\S*.*)$")
_BULLET = re.compile(r"^([-–+*•])\s*(.*)$")
_END = re.compile(r"^(?:kinh g[a-z]{1,3}\b|noi nh[a-z]{1,3}\s*:)")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def classify_label(text: str) -> str | None:
    """Which labelled line "Co quan chu tri thyc hién" is, tolerant of OCR damage."""
    # The label is what precedes ":"; OCR turns "m" into "rn".
    head = _letters(text.split(":", 1)[0] if ":" in text[:45] else text[:45]).replace("rn", "m")
    best, best_score = None, 0.0
    for role, variants in LABELS.items():
        for variant in variants:
            v = variant.replace(" ", "")
            score = difflib.SequenceMatcher(None, head[: len(v) + 3], v).ratio()
            if score > best_score:
                best, best_score = role, score
    return best if best_score >= 0.72 else None


def _item_number(token: str, expected: int) -> int | None:
    if token.isdigit():
        return int(token)
    return 1 if expected == 1 else None  # OCR reads a leading "1." as "L." or "I."


def read_list_layout(lines: list[str]) -> tuple[RawTable | None, list[str], list[str]]:
    header = ["STT", "Nội dung công việc", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
    cols = {"content": 1, "results": 2, "lead": 3, "coordinate": 4, "time": 5}
    rows: list[list[str]] = []
    warnings: list[str] = []
    preamble: list[str] = []
    expected = 1
    current: list[str] | None = None
    field: str | None = None
    parent_number = parent_content = ""
    subs = 0
    for raw in lines:
        line = _JUNK.sub("", raw).strip()
        if not line:
            continue
        if current is not None and _END.match(fold(line)):
            break
        if current is not None and re.search(r"\s(?:kinh g[a-z]{1,3})\s", fold(line)):
            line = line[: re.search(r"\s(?:kinh g[a-z]{1,3})\s", fold(line)).start()]
        m = _ITEM.match(line)
        token = m.group(1).rstrip(".) ") if m else ""
        number = _item_number(token, expected) if m else None
        if m and number == expected and not classify_label(m.group(2)):
            if not token.isdigit():
                warnings.append(f"Số thứ tự «{token}» của nhiệm vụ đầu tiên được đọc là {number} "
                                "(lỗi nhận dạng chữ).")
            current = [str(number), m.group(2), "", "", "", ""]
            rows.append(current)
            parent_number, subs, field, expected = str(number), 0, "content", expected + 1
            continue
        if current is None:
            preamble.append(raw)
            continue
        b = _BULLET.match(line)
        body = b.group(2) if b else line
        label = classify_label(body) if b else None
        if label:
            value = body.split(":", 1)[1].strip() if ":" in body else ""
            field = label
            current[cols[label]] = value
        elif b and b.group(1) in "-–" and current[1]:
            # "- Quyết định sửa đổi …" followed by its own labelled lines: a sub-task of the item,
            # numbered 10a, 10b …; it keeps the item's wording in front of its own.
            subs += 1
            if subs == 1:
                parent_content = current[1]
                current[0], current[1] = parent_number + "a", f"{parent_content}\n- {body}"
            else:
                current = [parent_number + "abcdefgh"[min(subs, 8) - 1], f"{parent_content}\n- {body}",
                           "", "", "", ""]
                rows.append(current)
            field = "content"
        elif field:
            col = cols[field]
            sep = "\n" if b else " "
            current[col] = f"{current[col]}{sep}{'- ' + body if b and field != 'content' else line}".strip() \
                if current[col] else (("- " + body) if b and field != "content" else line)
    if not rows:
        return None, preamble, warnings
    table = RawTable([RawRow(header, [False] * 6, 0)] + [RawRow(r, [False] * 6, i + 1) for i, r in enumerate(rows)])
    return table, preamble, warnings
