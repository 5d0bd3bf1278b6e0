"""From grids of cell texts to sections and tasks.

Every reader (docx, xlsx, text) produces a RawDocument; this module finds the plan
table's header by its wording, maps columns to roles whatever their order, then walks the
rows: section rows, numbered tasks, lettered sub-rows, page-split continuation rows and
repeated header rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from tthc_desktop.domain.text import fold, from_roman, is_roman, normalize
from tthc_desktop.importers.drafts import Draft
from tthc_desktop.importers.row_kinds import (is_capitals, is_numbering_row, is_repeated_header, key as _key,
                                               section_code, split_heading, totals_text)

# Column roles; "responsible" is one cell naming lead and coordinating units together.
NUMBER, CONTENT, RESULTS, RESPONSIBLE, LEAD, COORDINATE, TIME = (
    "number", "content", "results", "responsible", "lead", "coordinate", "time")


@dataclass
class RawRow:
    cells: list[str]
    merged_up: list[bool]  # cell continues a vertical merge from the row above
    source_row: int
    is_header: bool = False
    bold: bool = False  # every run with text in the row is bold (Word); section rows are often only bold
    merged_left: list[bool] = field(default_factory=list)  # cell is a copy of a merge from the left
    ocr: bool = False  # read by character recognition from a scan: the officer checks it


@dataclass
class RawTable:
    rows: list[RawRow]
    before: list[str] = field(default_factory=list)  # paragraphs just before the table
    after: list[str] = field(default_factory=list)


@dataclass
class RawDocument:
    format: str
    paragraphs: list[str] = field(default_factory=list)  # text before the first table
    tables: list[RawTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# The tags converters leave in text copies of plans; anything else in angle brackets is kept.
HTML_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|div|p|br|li|ul|ol|font|sup|sub|table|tr|td|th|tbody|thead|a)"
                      r"(?:\s[^<>]*)?/?>", re.IGNORECASE)


def clean_cell(text: str | None) -> str:
    """NFC, no HTML residue, no NBSP/soft hyphen, single spaces, no blank lines."""
    if not text:
        return ""
    text = re.sub(r"<\s*(?:br|/p|/li|p|li)\b[^>]*>", "\n", text, flags=re.IGNORECASE)
    text = HTML_TAG.sub("", text)  # converter residue only: «<KH&TC>» in a name is text
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)  # markdown bold
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    from tthc_desktop.domain.agencies import join_parenthesised

    text = join_parenthesised(normalize(text))
    return "\n".join(line for line in text.split("\n") if line.strip())


def classify_header(label: str) -> str | None:
    f = fold(label)
    f = re.sub(r"[^a-z0-9 ]", " ", f)
    f = re.sub(r"\s+", " ", f).strip()
    if not f:
        return None
    if f in ("stt", "tt", "so tt", "so thu tu", "thu tu", "so") or re.fullmatch(r"(?:so )?t ?t", f):
        return NUMBER
    if "chu tri" in f and "phoi hop" in f:  # one column "Đơn vị chủ trì, phối hợp": roles are inline
        return RESPONSIBLE
    if "chu tri" in f:
        return LEAD
    if "phoi hop" in f:
        return COORDINATE
    if re.search(r"\b(?:thoi gian|thoi han|tien do|moc thoi gian)\b", f):
        return TIME
    if re.search(r"\b(?:ket qua|san pham)\b", f):
        return RESULTS
    if re.search(r"\b(?:noi dung|nhiem vu|cong viec|ten nhiem vu)\b", f):
        return CONTENT
    if re.search(r"\b(?:co quan|don vi|phan cong|trach nhiem|thuc hien)\b", f):
        return RESPONSIBLE
    return None


@dataclass
class ColumnMap:
    roles: dict[str, int]  # role -> grid column
    extra: dict[int, str]  # unknown columns: grid column -> header text
    width: int
    labels: list[str] = field(default_factory=list)  # header text of every grid column
    header_texts: set[str] = field(default_factory=set)  # folded cell texts of the header row(s)

    def get(self, cells: list[str], role: str) -> str:
        i = self.roles.get(role)
        return cells[i] if i is not None and i < len(cells) else ""


def _header_score(cells: list[str]) -> int:
    roles = {classify_header(c) for c in cells if c and len(c) < 80}
    return len(roles - {None})


def find_header(rows: list[RawRow]) -> tuple[int, int, ColumnMap] | None:
    """(first header row, number of header rows, column map) of a plan table, or None."""
    for i, row in enumerate(rows[:60]):
        cells = [clean_cell(c) for c in row.cells]
        if _header_score(cells) < 3:
            continue
        labels = list(cells)
        count = 1
        if i + 1 < len(rows):
            below = [clean_cell(c) for c in rows[i + 1].cells]
            below_roles = {classify_header(c) for c in below if c and len(c) < 80}
            number_cell = below[0] if below else ""
            if (below_roles & {LEAD, COORDINATE, RESULTS, TIME, RESPONSIBLE}) and not re.match(r"^\d", number_cell) \
                    and not is_roman(number_cell):
                count = 2
                labels = [f"{a} {b}".strip() if b != a else a
                          for a, b in zip(labels + [""] * (len(below) - len(labels)), below)]
        cmap = build_map(labels)
        cmap.header_texts = {_key(clean_cell(c)) for r in rows[i:i + count] for c in r.cells if _key(clean_cell(c))} | \
            {_key(c) for c in labels if _key(c)}
        # A plan names who does the work or when; "Stt | Nhiệm vụ | Kết quả thực hiện" is a report.
        if {NUMBER, CONTENT} <= cmap.roles.keys() and cmap.roles.keys() & {TIME, RESPONSIBLE, LEAD, COORDINATE}:
            return i, count, cmap
    return None


def looks_like_plan_row(row: RawRow, cmap: ColumnMap) -> bool:
    """A row above the header row (a table converted from PDF) that is a section or task, not letterhead."""
    cells = [clean_cell(c) for c in row.cells]
    number = cmap.get(cells, NUMBER).strip().rstrip(".")
    if len(cells) != cmap.width or not number:
        return False
    numbered = bool(_NUM.match(number) or _DOTTED.match(number) or section_code(number))
    return numbered and bool(cmap.get(cells, CONTENT)) and cmap.get(cells, CONTENT) != number


def build_map(labels: list[str]) -> ColumnMap:
    roles: dict[str, int] = {}
    extra: dict[int, str] = {}
    for col, label in enumerate(labels):
        role = classify_header(label)
        if role is None:
            if label.strip():
                extra[col] = label.strip()
            continue
        if role in roles:
            if labels[roles[role]] != label:  # a second distinct column of the same kind: keep as a note
                extra[col] = label.strip()
            continue
        roles[role] = col
    # "Cơ quan thực hiện" spanning Chủ trì / Phối hợp is not a column of its own.
    if RESPONSIBLE in roles and (LEAD in roles or COORDINATE in roles) and \
            roles[RESPONSIBLE] in (roles.get(LEAD), roles.get(COORDINATE)):
        roles.pop(RESPONSIBLE)
    return ColumnMap(roles, extra, len(labels), [label.strip() for label in labels])


_NUM = re.compile(r"^(\d{1,3})\s*([a-zđ])?\s*[.):]?$")
_LETTER = re.compile(r"^\s*([a-zđ])\s*\)\s*")
_LETTER_NUM = re.compile(r"^([a-zđ])\s*[.)]?$")
_DOTTED = re.compile(r"^(\d{1,3})\.(?:\d{1,2}|[a-zđ])\.?$")
_TEXT_ROLES = (CONTENT, RESULTS, RESPONSIBLE, LEAD, COORDINATE, TIME)


def join_text(first: str, second: str, agencies: bool = False) -> str:
    """Glue a page-split cell back: same sentence → space, new item or sentence → new line."""
    from tthc_desktop.domain.agencies import starts_agency

    if not first:
        return second
    if not second:
        return first
    new_item = re.match(r"^\s*(?:[-–+•*]|[a-zđ]\)|\d+[.)])\s", second) or re.search(r"[.;:!?]$", first.rstrip())
    if new_item or (agencies and starts_agency(second)):
        return f"{first}\n{second}"
    return f"{first} {second}"


class PlanBuilder:
    def __init__(self):
        self.sections: list[tuple[str, str]] = []
        self.drafts: list[Draft] = []
        self.warnings: list[str] = []
        self._seen_sections: dict[str, str] = {}
        self._numbers: set[tuple[int, str]] = set()
        self.header_rows_skipped = 0
        self.columns: list[str] = []
        self._last_base: int | None = None
        self._last_section = -1
        self._table_no = 0
        self._dotted_prefixes: set[str] = set()
        self.skipped: list[int] = []  # source rows left out, each with a warning
        self._row_ocr = False
        self._ocr_sections: set[int] = set()

    # -- sections -------------------------------------------------------------------
    def add_section(self, code: str, title: str) -> None:
        code = code.strip().rstrip(".")
        code = code.upper() if is_roman(code) or len(code) == 1 else code
        if code and code in self._seen_sections:
            self.warnings.append(f"Mục {code} xuất hiện hai lần («{self._seen_sections[code][:50]}» và «{title[:50]}»); "
                                 "các mục được giữ theo thứ tự trong văn bản, hãy kiểm tra lại số mục.")
        elif self.sections and is_roman(code) and is_roman(self.sections[-1][0]) and \
                from_roman(code) != from_roman(self.sections[-1][0]) + 1:
            self.warnings.append(f"Mục {code} đứng ngay sau mục {self.sections[-1][0]}: số mục không liên tục, "
                                 "hãy kiểm tra lại.")
        self._seen_sections[code] = title
        self.sections.append((code, title))
        if self._row_ocr:
            self._ocr_sections.add(len(self.sections) - 1)

    def _section_index(self) -> int:
        if not self.sections:
            self.sections.append(("", ""))
        return len(self.sections) - 1

    # -- tasks ----------------------------------------------------------------------
    def add_task(self, number: str, raw: dict[str, str], notes: dict[str, str], row: int, cells: list[str],
                 parent: str | None = None) -> Draft:
        letter = _LETTER.match(raw.get(RESULTS, "")) or (None if raw.get(RESULTS) else _LETTER.match(raw.get(CONTENT, "")))
        if parent is None and letter and letter.group(1) == "a":
            parent, number = number, number + "a"
        index = self._section_index()
        if (index, number) in self._numbers:
            self.warnings.append(f"Số thứ tự {number} lặp lại trong mục {self.sections[index][0] or '(không tên)'} "
                                 f"({self.where(row).lower()}); hãy kiểm tra lại.")
        self._numbers.add((index, number))
        base = parent or number
        if base.isdigit():
            n, last = int(base), self._last_base
            restarted = n == 1 and index != self._last_section
            if last is not None and n not in (last, last + 1) and not restarted:
                self.warnings.append(f"Nhiệm vụ số {n} đứng sau nhiệm vụ số {last} ({self.where(row).lower()}): số thứ tự không "
                                     "liên tục, hãy kiểm tra lại.")
            self._last_base, self._last_section = n, index
        draft = Draft(number, parent, dict(raw), dict(notes), row, list(cells), section_index=index,
                       ocr=self._row_ocr)
        self.drafts.append(draft)
        return draft

    def add_unnumbered(self, raw: dict[str, str], notes: dict[str, str], merged: set[str], row: int,
                       cells: list[str]) -> None:
        last = self.drafts[-1] if self.drafts else None
        if last is None:
            text = next((v for v in raw.values() if v), "")
            self.warnings.append(f"{self.where(row)} không có số thứ tự và không thuộc nhiệm vụ nào; đã bỏ qua «{text[:60]}».")
            return
        content = raw.get(CONTENT, "")
        letter = _LETTER.match(raw.get(RESULTS, "")) or _LETTER.match(content)
        if letter and (not content or CONTENT in merged or _LETTER.match(content)):
            base = last.parent or last.number
            inherited = {role: last.raw.get(role, "") for role in merged}
            inherited[CONTENT] = last.raw.get(CONTENT, "") if not content or CONTENT in merged else content
            self.add_task(base + letter.group(1), {**raw, **inherited}, notes, row, cells, parent=base)
            return
        own_units = any(raw.get(r) and r not in merged for r in (RESPONSIBLE, LEAD, COORDINATE))
        if (not content or CONTENT in merged) and raw.get(RESULTS) and own_units:
            message = (f"{self.where(row)} không có số thứ tự nhưng có kết quả và đơn vị riêng; đã gộp vào nhiệm vụ "
                       f"{last.number}, hãy tách ra nếu đó là một nhiệm vụ riêng.")
        else:
            message = (f"{self.where(row)} không có số thứ tự, được coi là phần tiếp theo của nhiệm vụ {last.number} "
                       "bị ngắt trang và đã gộp vào nhiệm vụ đó.")
        for role, value in raw.items():
            if role in merged:
                continue
            last.raw[role] = join_text(last.raw.get(role, ""), value, agencies=role in (RESPONSIBLE, LEAD, COORDINATE))
        for key, value in notes.items():
            last.notes[key] = join_text(last.notes.get(key, ""), value)
        last.source_cells = [join_text(a, b) for a, b in zip(last.source_cells, cells)] + \
            cells[len(last.source_cells):]
        last.warnings.append(message)
        last.ocr = last.ocr or self._row_ocr
        self.warnings.append(message)

    # -- a table ----------------------------------------------------------------------
    def where(self, row: RawRow | int) -> str:
        n = row.source_row if isinstance(row, RawRow) else row
        return f"Bảng {self._table_no}, dòng {n}" if self._table_no > 1 else f"Dòng {n}"

    def skip(self, row: RawRow, why: str) -> None:
        self.skipped.append(row.source_row)
        self.warnings.append(f"{self.where(row)}: {why}")

    def add_table(self, table: RawTable, cmap: ColumnMap, start: int, before: list[RawRow] = ()) -> None:
        """The rows from ``start``; ``before`` are plan rows found above the header row."""
        if not self.columns:
            self.columns = list(cmap.labels)
        self._table_no += 1
        num_col = cmap.roles.get(NUMBER, 0)
        self._dotted_prefixes = {m.group(1) for r in table.rows if num_col < len(r.cells)
                                 for m in [_DOTTED.match(clean_cell(r.cells[num_col]).strip())] if m}
        for row in before:
            self.warnings.append(f"{self.where(row)} nằm trên dòng tiêu đề của bảng nhưng có số thứ tự và nội dung; "
                                 "đã đọc như một dòng của kế hoạch.")
        for row in list(before) + table.rows[start:]:
            cells = [clean_cell(c) for c in row.cells] + [""] * max(0, cmap.width - len(row.cells))
            if not any(cells):
                continue
            number = cells[num_col].strip() if num_col < len(cells) else ""
            if is_numbering_row(cells):
                self.header_rows_skipped += 1
                self.skip(row, "dòng đánh số cột «(1), (2), (3)…», đã bỏ qua.")
            elif (row.is_header and not re.match(r"^\d", number)) or \
                    is_repeated_header(cells, number, cmap.header_texts):
                self.header_rows_skipped += 1
                self.skip(row, "dòng tiêu đề bảng lặp lại (sang trang), đã bỏ qua.")
            elif totals_text(cells, number):
                self.skip(row, f"dòng tổng cộng/ghi chú «{totals_text(cells, number)[:50]}» không phải nhiệm vụ, "
                               "đã bỏ qua.")
            else:
                self.add_row(cells, cmap, row)

    def _section(self, cells: list[str], cmap: ColumnMap, row: RawRow, number: str, raw: dict[str, str]):
        """(code, title) when the row is a section heading."""
        values = list(dict.fromkeys(c for c in cells if c))
        own = [raw.get(r) for r in (RESULTS, RESPONSIBLE, LEAD, COORDINATE, TIME) if raw.get(r)]
        if len(values) == 1 and (cmap.width == 1 or cells.count(values[0]) > 1 or not number):
            heading = split_heading(values[0])  # one cell merged across the row: "I. TIÊU ĐỀ"
            if heading:
                return heading
            if row.bold or is_capitals(values[0]):
                return "", values[0]
        title = raw.get(CONTENT) or next((c for c in values if c != number), "")
        plain = not any(v != title for v in own)  # nothing but the title (or a merged copy of it)
        code = section_code(number)
        if code and (plain or len(values) <= 2):
            return code, title
        if number.rstrip(".").isdigit() and plain and title and \
                (is_capitals(title) or (row.bold and number.rstrip(".") in self._dotted_prefixes)):
            return number.rstrip("."), title
        if not number and plain and title and row.bold and len(values) == 1:
            return "", title
        return None

    def add_row(self, cells: list[str], cmap: ColumnMap, row: RawRow) -> None:
        num_col = cmap.roles.get(NUMBER, 0)
        self._row_ocr = row.ocr
        if row.ocr:
            from tthc_desktop.importers.ocr_fixes import fix_cells

            cells = fix_cells(cells, num_col)
        number = cells[num_col].strip() if num_col < len(cells) else ""
        if row.ocr and number and self._last_base is not None and cmap.get(cells, CONTENT) not in ("", number) and \
                not (_NUM.match(number) or _DOTTED.match(number) or _LETTER_NUM.match(number) or is_roman(number)):
            # A task number OCR could not read («+» for «5»): the next in the sequence.
            guess = str(self._last_base + 1)
            self.warnings.append(f"{self.where(row)}: số thứ tự nhận dạng được là «{number[:10]}», đã đọc là {guess} "
                                 "theo thứ tự các nhiệm vụ; hãy kiểm tra lại.")
            number = cells[num_col] = guess
        raw = {role: cmap.get(cells, role) for role in _TEXT_ROLES if role in cmap.roles}
        notes = {label: cells[i] for i, label in cmap.extra.items() if i < len(cells) and cells[i]}
        merged = {role for role, col in cmap.roles.items() if col < len(row.merged_up) and row.merged_up[col]}
        section = None if NUMBER in merged else self._section(cells, cmap, row, number, raw)
        if section:
            code, title = section
            if not code or code.isdigit():  # read as a heading from its type, not from a Roman numeral
                why = "in đậm" if row.bold and not is_capitals(title) else "chữ in hoa"
                self.warnings.append(f"{self.where(row)}: «{(code + ' ' if code else '') + title[:50]}» ({why}, "
                                     "không có đơn vị, thời gian) được hiểu là tên mục, không phải nhiệm vụ.")
            self.add_section(code, title)
            return
        copies = {role for role, col in cmap.roles.items() if col < len(row.merged_left) and row.merged_left[col]}
        if {LEAD, COORDINATE} <= cmap.roles.keys() and COORDINATE in copies and LEAD not in copies:
            # One cell over both Chủ trì and Phối hợp: its own role words decide, read once.
            raw[RESPONSIBLE] = raw.pop(LEAD)
            raw.pop(COORDINATE)
        for role in copies & raw.keys():
            raw[role] = ""
        n = _NUM.match(number)
        dotted = _DOTTED.match(number)
        letter_only = _LETTER_NUM.match(number)
        if n:
            self.add_task(n.group(1) + (n.group(2) or ""), raw, notes, row.source_row, cells,
                          parent=n.group(1) if n.group(2) else None)
        elif dotted:
            # "1.1" under the Arabic section «1» is a task of that section; otherwise a sub-task of task 1.
            top = self.sections and self.sections[-1][0] == dotted.group(1)
            self.add_task(number.rstrip(".)"), raw, notes, row.source_row, cells,
                          parent=None if top else dotted.group(1))
        elif letter_only and self.drafts:  # "a)", "b" in the number column under a task
            last = self.drafts[-1]
            base = last.parent or last.number
            inherited = {role: last.raw.get(role, "") for role in merged}
            if not raw.get(CONTENT):
                inherited[CONTENT] = last.raw.get(CONTENT, "")
            self.add_task(base + letter_only.group(1), {**raw, **inherited}, notes, row.source_row, cells,
                          parent=base)
        elif not number or NUMBER in merged:
            self.add_unnumbered(raw, notes, merged, row.source_row, cells)
        else:
            self.warnings.append(f"{self.where(row)}: không hiểu số thứ tự «{number[:20]}»; dòng được nhập như "
                                 "một nhiệm vụ, hãy kiểm tra lại.")
            self.add_task(number[:20], raw, notes, row.source_row, cells)

    # -- result -----------------------------------------------------------------------
    def finish(self, plan, year: int) -> None:
        from tthc_desktop.domain.plan import PlanSection
        from tthc_desktop.importers.drafts import draft_task

        sections = [PlanSection(code, title, ocr=i in self._ocr_sections) for i, (code, title) in enumerate(self.sections)]
        for d in self.drafts:
            task, warnings = draft_task(d, year)
            plan.warnings.extend(warnings)
            sections[d.section_index].tasks.append(task)
        plan.sections = [s for s in sections if s.tasks or s.code or s.title]
        plan.source_columns = list(self.columns)
        plan.warnings.extend(self.warnings)
