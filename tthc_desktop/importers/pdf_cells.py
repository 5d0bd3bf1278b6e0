"""From positioned words and a table's cell boxes to the reader grid (RawRow), for digital and
scanned PDFs alike.

A PDF has no cells, only ruling lines and words: a cell box that spans several grid columns
is a horizontal merge (its text copied and flagged, as Word's gridSpan), one spanning rows a
vertical merge. Lines inside a cell are joined back where the layout wrapped them: a line
ends by a wrap when the next line's first word would not have fitted after it. Two agency names
joined that way («Các sở, ban ngành UBND cấp huyện») are told apart by the units splitter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tthc_desktop.importers.table_logic import RawRow

_NEW_ITEM = re.compile(r"^(?:[-–—+•*]|[a-zđ]\)|\d{1,2}[.)])(?:\s|$)")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _cluster(values: list[float], tolerance: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(edges: list[float], value: float, tolerance: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value)) if edges else 0


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by their vertical centres, each line left to right.

    Centres rather than tops: «vụ» has no ascender, so its box starts lower than «Xây»'s.
    """
    lines: list[list[Word]] = []
    centre = lambda w: (w.top + w.bottom) / 2  # noqa: E731
    for w in sorted(words, key=lambda w: (centre(w), w.x0)):
        height = max(w.bottom - w.top, 1.0)
        if lines:
            last = lines[-1]
            mid = sum(centre(x) for x in last) / len(last)
            tall = max(max(x.bottom - x.top for x in last), height)
            if abs(centre(w) - mid) < 0.45 * tall:
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def cell_text(words: list[Word], box: Box) -> str:
    """The text of one cell with layout wraps joined and real line breaks kept."""
    lines = lines_of(words)
    if not lines:
        return ""
    left_pad = max(1.0, min(line[0].x0 for line in lines) - box[0])
    right = box[2] - left_pad  # the text area ends as far from the border as it starts
    out = " ".join(w.text for w in lines[0])
    for prev, line in zip(lines, lines[1:]):
        text = " ".join(w.text for w in line)
        space = max(1.0, (prev[-1].x1 - prev[-1].x0) / max(len(prev[-1].text), 1) * 0.6)
        first = line[0]
        wrapped = prev[-1].x1 + space + (first.x1 - first.x0) > right - 1.0
        if _NEW_ITEM.match(text) or not wrapped:
            out += "\n" + text
        elif len(prev) == 1 and prev[0].x1 > right - 2.5 * space:
            out += text  # one word wider than the cell, broken inside it («ST» / «T»)
        else:
            out += " " + text
    return out


def grid_rows(boxes: list[Box], words: list[Word], start_row: int = 1, ocr: bool = False,
              tolerance: float = 2.0) -> list[RawRow]:
    """RawRows of one table given its cell boxes (a merged cell is one box) and the page's words."""
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    ncols, nrows = max(len(xs) - 1, 1), max(len(ys) - 1, 1)
    texts = [[""] * ncols for _ in range(nrows)]
    up = [[False] * ncols for _ in range(nrows)]
    left = [[False] * ncols for _ in range(nrows)]
    bold = [[True] * ncols for _ in range(nrows)]
    inside: dict[int, list[Word]] = {i: [] for i in range(len(boxes))}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        for i, b in enumerate(boxes):
            if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]:
                inside[i].append(w)
                break
    for i, b in enumerate(boxes):
        c0, c1 = _index(xs, b[0], tolerance), _index(xs, b[2], tolerance)
        r0, r1 = _index(ys, b[1], tolerance), _index(ys, b[3], tolerance)
        text = cell_text(inside[i], b)
        is_bold = all(w.bold for w in inside[i])
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if r >= nrows or c >= ncols:
                    continue
                texts[r][c] = text if r == r0 else ""
                up[r][c], left[r][c] = r > r0, r == r0 and c > c0
                bold[r][c] = is_bold
    rows = []
    for r in range(nrows):
        filled = [texts[r][c] for c in range(ncols) if texts[r][c]]
        row_bold = bool(filled) and all(bold[r][c] for c in range(ncols) if texts[r][c])
        rows.append(RawRow(texts[r], up[r], start_row + r, bold=row_bold, merged_left=left[r], ocr=ocr))
    return rows


def paragraph_lines(words: list[Word], gap: float) -> list[str]:
    """Text outside tables as lines; a wide gap (the two columns of a letterhead) splits a line."""
    out: list[str] = []
    for line in lines_of(words):
        part = [line[0]]
        for prev, w in zip(line, line[1:]):
            if w.x0 - prev.x1 > gap:
                out.append(" ".join(x.text for x in part))
                part = []
            part.append(w)
        out.append(" ".join(x.text for x in part))
    return out
