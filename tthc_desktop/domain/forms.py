"""Statistical forms (II.05a, II.06a …) read from their definition files, and their arithmetic.

A definition is data (``forms/*.json``): the column tree with its merges and numbering,
the identities (hard or warning), the carry-over rule, the rates the narrative quotes,
the footer and the Excel anchors. Everything here is computed from the definition, so a
new or corrected form is a data edit.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tthc_desktop.domain.text import fold, format_number, format_percent, normalize


class FormDefinitionError(ValueError):
    """A definition file that cannot be used (message in Vietnamese)."""


@dataclass(frozen=True)
class Column:
    number: int
    label: str
    role: str  # "stt" | "label" | "value"
    width: float | None = None
    path: tuple[str, ...] = ()  # labels of the ancestors, outermost first


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int  # 0-based header row
    col: int  # 0-based column position
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Identity:
    kind: str  # "hard" | "warning"
    name: str
    left: tuple[int, ...]
    op: str  # "=" | "<="
    right: tuple[int, ...]

    def holds(self, values: dict[int, int | None]) -> tuple[bool, int, int]:
        """A column that cannot be known (None: not derivable for the period) leaves nothing to check."""
        if any(values.get(c) is None and c in values for c in self.left + self.right):
            return True, 0, 0
        lhs = sum(values.get(c, 0) for c in self.left)
        rhs = sum(values.get(c, 0) for c in self.right)
        return (lhs == rhs if self.op == "=" else lhs <= rhs), lhs, rhs

    def columns_text(self, side: tuple[int, ...]) -> str:
        return " + ".join(f"({c})" for c in side)


@dataclass(frozen=True)
class Violation:
    identity: Identity
    row: str  # the lĩnh vực, or "Tổng số"
    left_value: int
    right_value: int

    @property
    def hard(self) -> bool:
        return self.identity.kind == "hard"

    @property
    def columns(self) -> tuple[int, ...]:
        return self.identity.left + self.identity.right

    def message(self) -> str:
        i = self.identity
        relation = "phải bằng" if i.op == "=" else "không được lớn hơn"
        if i.kind == "warning":
            relation = "chưa bằng" if i.op == "=" else "vượt"
        return (f"Dòng «{self.row}»: {i.columns_text(i.left)} = {format_number(self.left_value)} {relation} "
                f"{i.columns_text(i.right)} = {format_number(self.right_value)} (quy tắc: {i.name}).")


@dataclass(frozen=True)
class Rate:
    key: str
    name: str
    numerator: tuple[int, ...]
    denominator: tuple[int, ...]

    def text(self, values: dict[int, int | None]) -> str:
        if any(values.get(c) is None and c in values for c in self.numerator + self.denominator):
            return ""
        num = sum(values.get(c, 0) for c in self.numerator)
        den = sum(values.get(c, 0) for c in self.denominator)
        return format_percent(num, den)


@dataclass(frozen=True)
class CarryOver:
    column: int
    previous_column: int
    kind: str
    name: str


@dataclass
class FormDefinition:
    code: str
    version: str
    form_label: str
    legal_basis: str
    title: str
    unit_of_measure: str
    short_name: str
    columns: list[Column]
    header_cells: list[HeaderCell]
    header_depth: int
    identities: list[Identity]
    carry_over: CarryOver | None
    rates: list[Rate]
    extras: list[dict]
    total_label: str
    group_by: str
    footer: dict
    excel: dict
    source: Path | None = None
    raw: dict = field(default_factory=dict, repr=False)
    effective_from: date | None = None  # the first day the layout is in force (None: since the circular)
    effective_until: date | None = None  # the last day (None: still in force)
    levels: tuple[str, ...] = ()  # the cấp headings the rows are grouped under, in order
    confirmed: bool = True  # False: the layout was not checked against the official appendix

    def in_force(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until)

    @property
    def value_columns(self) -> list[int]:
        return [c.number for c in self.columns if c.role == "value"]

    @property
    def numbers(self) -> list[int]:
        return [c.number for c in self.columns]

    def column(self, number: int) -> Column:
        return next(c for c in self.columns if c.number == number)

    def position(self, number: int) -> int:
        """0-based position of a numbered column in the table."""
        return self.numbers.index(number)

    # ---- arithmetic ----
    def check_row(self, row: str, values: dict[int, int]) -> list[Violation]:
        out = []
        for ident in self.identities:
            ok, lhs, rhs = ident.holds(values)
            if not ok:
                out.append(Violation(ident, row, lhs, rhs))
        return out

    def check_carry_over(self, row: str, values: dict[int, int], previous: dict[int, int] | None) -> Violation | None:
        if self.carry_over is None or previous is None:
            return None
        co = self.carry_over
        ident = Identity(co.kind, co.name, (co.column,), "=", (co.previous_column,))
        have, before = values.get(co.column, 0), previous.get(co.previous_column, 0)
        if have != before:
            return Violation(ident, row, have, before)
        return None

    def carried_value(self, previous: dict[int, int] | None) -> int | None:
        if self.carry_over is None or previous is None:
            return None
        return int(previous.get(self.carry_over.previous_column, 0))

    def total(self, rows: list[dict[int, int | None]]) -> dict[int, int | None]:
        """Column sums; a column some row cannot know (None) is unknown (None) in the total too."""
        return {c: None if any(c in r and r[c] is None for r in rows) else sum(int(r.get(c, 0)) for r in rows)
                for c in self.value_columns}

    def check_total(self, rows: list[dict[int, int]], stated: dict[int, int]) -> list[Violation]:
        """The Tổng số row of a file must be the column sums."""
        computed = self.total(rows)
        out = []
        for c in self.value_columns:
            if computed[c] is not None and int(stated.get(c, 0)) != computed[c]:
                ident = Identity("hard", f"Dòng {self.total_label} phải bằng tổng các dòng lĩnh vực của cột ({c})",
                                 (c,), "=", (c,))
                out.append(Violation(ident, self.total_label, int(stated.get(c, 0)), computed[c]))
        return out

    def rate_texts(self, values: dict[int, int]) -> dict[str, str]:
        return {r.key: r.text(values) for r in self.rates}


# ---- cell values ----
_GROUPED = re.compile(r"^\d{1,3}([.\s\u00a0]\d{3})+$")


def parse_count(raw) -> int:
    """A cell of a form: blank = 0, a non-negative whole number, "1.150.343" accepted; ValueError otherwise."""
    if raw is None:
        return 0
    if isinstance(raw, bool):
        raise ValueError("giá trị logic")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not math.isfinite(raw) or raw != int(raw):
            raise ValueError(f"{raw} không phải số nguyên")
        value = int(raw)
    else:
        text = normalize(str(raw)).strip()
        if text in ("", "-"):
            return 0
        if _GROUPED.match(text):
            text = re.sub(r"[.\s\u00a0]", "", text)
        if not re.fullmatch(r"-?\d{1,12}", text):
            raise ValueError(f"«{text[:40]}» không phải số nguyên")
        value = int(text)
    if value < 0:
        raise ValueError(f"{value} là số âm")
    if value > 10**12:
        raise ValueError(f"{value} quá lớn")
    return value


# ---- loading ----
def _layout(nodes: list[dict], depth: int) -> tuple[list[Column], list[HeaderCell]]:
    columns: list[Column] = []
    cells: list[HeaderCell] = []

    def leaves(node: dict) -> int:
        kids = node.get("children") or []
        return sum(leaves(k) for k in kids) if kids else 1

    def walk(node: dict, row: int, col: int, path: tuple[str, ...]) -> int:
        label = normalize(str(node.get("label", "")))
        kids = node.get("children") or []
        if kids:
            width = leaves(node)
            cells.append(HeaderCell(label, row, col, 1, width))
            c = col
            for kid in kids:
                c = walk(kid, row + 1, c, path + (label,))
            return c
        number = node.get("number")
        if not isinstance(number, int):
            raise FormDefinitionError(f"Cột «{label}» không có số thứ tự cột (number).")
        cells.append(HeaderCell(label, row, col, depth - row, 1))
        role = node.get("role", "value")
        if role not in ("stt", "label", "value"):
            raise FormDefinitionError(f"Cột ({number}) có vai trò «{role}» không hợp lệ.")
        columns.append(Column(number, label, role, node.get("width"), path))
        return col + 1

    col = 0
    for node in nodes:
        col = walk(node, 0, col, ())
    return columns, cells


def _depth(nodes: list[dict]) -> int:
    return max((1 + _depth(n.get("children") or []) for n in nodes), default=0)


def _ints(value, where: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, int) for v in value):
        raise FormDefinitionError(f"{where}: cần một danh sách số cột.")
    return tuple(value)


def definition_from_dict(data: dict, source: Path | None = None) -> FormDefinition:
    where = f"Định nghĩa biểu mẫu «{source.name if source else data.get('code', '?')}»"
    for key in ("code", "title", "columns", "identities"):
        if key not in data:
            raise FormDefinitionError(f"{where} thiếu mục «{key}».")
    try:
        depth = _depth(data["columns"])
        columns, cells = _layout(data["columns"], depth)
    except FormDefinitionError as exc:
        raise FormDefinitionError(f"{where}: {exc}") from exc
    except (TypeError, AttributeError) as exc:
        raise FormDefinitionError(f"{where}: mục «columns» sai cấu trúc.") from exc
    numbers = [c.number for c in columns]
    if numbers != list(range(1, len(numbers) + 1)):
        raise FormDefinitionError(f"{where}: các cột phải được đánh số liên tục 1, 2, 3 … theo thứ tự (đang là {numbers}).")
    if [c.role for c in columns].count("label") != 1:
        raise FormDefinitionError(f"{where}: cần đúng một cột tên lĩnh vực (role = label).")
    value_cols = {c.number for c in columns if c.role == "value"}

    def known(cols: tuple[int, ...], what: str) -> tuple[int, ...]:
        bad = [c for c in cols if c not in value_cols]
        if bad:
            raise FormDefinitionError(f"{where}: {what} dùng cột {bad} không phải cột số liệu.")
        return cols

    identities = []
    for i, item in enumerate(data["identities"], 1):
        kind, op = item.get("kind"), item.get("op", "=")
        if kind not in ("hard", "warning") or op not in ("=", "<=") or not item.get("name"):
            raise FormDefinitionError(f"{where}: quy tắc thứ {i} cần kind (hard/warning), op (= hoặc <=) và name.")
        identities.append(Identity(kind, normalize(item["name"]),
                                   known(_ints(item.get("left"), f"{where}, quy tắc {i}"), f"quy tắc {i}"), op,
                                   known(_ints(item.get("right"), f"{where}, quy tắc {i}"), f"quy tắc {i}")))
    carry = None
    if data.get("carry_over"):
        co = data["carry_over"]
        known((co.get("column"), co.get("previous_column")) if all(
            isinstance(co.get(k), int) for k in ("column", "previous_column")) else (0,), "carry_over")
        carry = CarryOver(co["column"], co["previous_column"], co.get("kind", "hard"), normalize(co.get("name", "")))
    rates = [Rate(r["key"], normalize(r["name"]), known(_ints(r.get("numerator"), where), "rates"),
                  known(_ints(r.get("denominator"), where), "rates")) for r in data.get("rates", [])]
    rows = data.get("rows", {})
    try:
        effective = [date.fromisoformat(data[k]) if data.get(k) else None for k in ("effective_from", "effective_until")]
    except (TypeError, ValueError) as exc:
        raise FormDefinitionError(f"{where}: ngày hiệu lực phải có dạng YYYY-MM-DD.") from exc
    return FormDefinition(
        code=str(data["code"]), version=str(data.get("version", "")),
        form_label=normalize(data.get("form_label", f"Biểu số {data['code']}")),
        legal_basis=normalize(data.get("legal_basis", "")), title=normalize(data["title"]),
        unit_of_measure=normalize(data.get("unit_of_measure", "")),
        short_name=normalize(data.get("short_name", data["title"])),
        columns=columns, header_cells=cells, header_depth=depth, identities=identities, carry_over=carry,
        rates=rates, extras=list(data.get("extras", [])), total_label=rows.get("total_label", "Tổng số"),
        group_by=rows.get("group_by", ""), footer=data.get("footer", {}), excel=data.get("excel", {}),
        source=source, raw=data, effective_from=effective[0], effective_until=effective[1],
        levels=tuple(normalize(x) for x in rows.get("levels", [])), confirmed=data.get("confirmed", True) is not False,
    )


def load_definition(path: Path) -> FormDefinition:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormDefinitionError(f"Không đọc được định nghĩa biểu mẫu «{Path(path).name}»: {exc}.") from exc
    if not isinstance(data, dict):
        raise FormDefinitionError(f"Định nghĩa biểu mẫu «{Path(path).name}» phải là một đối tượng JSON.")
    return definition_from_dict(data, Path(path))


def load_versions(directory: Path) -> dict[str, list[FormDefinition]]:
    """Every ``*.json`` of a folder: by form code, its versions oldest first."""
    found: dict[str, list[FormDefinition]] = {}
    for path in sorted(Path(directory).glob("*.json")):
        d = load_definition(path)
        found.setdefault(d.code, []).append(d)
    for versions in found.values():
        versions.sort(key=lambda d: (d.effective_from or date.min, d.version))
    return found


def load_definitions(directory: Path) -> dict[str, FormDefinition]:
    """Every ``*.json`` of a folder, by form code: the newest version of each."""
    return {code: versions[-1] for code, versions in load_versions(directory).items()}


def version_in_force(versions: list[FormDefinition], day: date) -> FormDefinition:
    """The version in force on ``day``; before the first one, the oldest, after the last, the newest."""
    for d in versions:
        if d.in_force(day):
            return d
    return versions[0] if versions[0].effective_from and day < versions[0].effective_from else versions[-1]


def find_code(text: str, definitions: dict[str, FormDefinition]) -> str | None:
    """Which form a text such as "Biểu số II.06a/VPCP/KSTT" names."""
    folded = fold(text)
    for code in sorted(definitions, key=len, reverse=True):
        if fold(definitions[code].form_label) in folded or re.search(rf"(?<![\w.]){re.escape(fold(code))}(?![\w])", folded):
            return code
    return None


@dataclass
class FormRow:
    """One printed row: a lĩnh vực (values by column number; a missing column prints blank) or a heading."""

    label: str
    values: dict[int, int] = field(default_factory=dict)
    heading: bool = False  # a cấp heading row grouping the lĩnh vực under it


@dataclass
class FormSheet:
    """Everything needed to print one form for one unit (or the department) and one period."""

    definition: FormDefinition
    period_label: str  # "Quý I năm 2024"
    period_dates: str  # "(Từ ngày 15/12/2023 đến ngày 14/3/2024)"
    reporting_unit: str
    receiving_unit: str
    rows: list[FormRow]
    place_date: str = ""
    signer_heading: str = "THỦ TRƯỞNG ĐƠN VỊ"
    signer_name: str = ""
    missing_note: str = ""  # "Chưa có số liệu của: …" printed under the table
    author: str = ""  # the department, in the file's properties

    @property
    def data_rows(self) -> list[FormRow]:
        return [r for r in self.rows if not r.heading]

    def totals(self) -> dict[int, int]:
        return self.definition.total([r.values for r in self.data_rows])

    def footer_lines(self, side: str) -> list[str]:
        subst = {"place_date": self.place_date, "signer_heading": self.signer_heading, "signer_name": self.signer_name}
        return [re.sub(r"\{(\w+)\}", lambda m: subst.get(m[1], ""), line) for line in self.definition.footer.get(side, [])]


def period_dates_text(start, end) -> str:
    """"(Từ ngày 15/12/2023 đến ngày 14/3/2024)", the way the forms print it."""
    return f"(Từ ngày {start.day}/{start.month}/{start.year} đến ngày {end.day}/{end.month}/{end.year})"


def group_rows(fields: list[tuple[str, str, dict[int, int]]], levels: tuple[str, ...] = ()) -> list[FormRow]:
    """(name, level, values) → rows.

    With the definition's ``levels`` the lĩnh vực are grouped under the cấp headings in that order, each under
    the heading its level names ("tỉnh" → "Cấp tỉnh"; no level → the first); a cấp with no lĩnh vực is left
    out, and when every lĩnh vực falls under one cấp no heading is printed. Without ``levels``, a heading
    precedes each cấp only when more than one is present.
    """
    if levels:
        def heading_of(level: str) -> str:
            folded = fold(level)
            return next((h for h in levels if folded and (folded in fold(h) or fold(h) in folded)),
                        levels[0] if not folded else level)

        used = list(dict.fromkeys(heading_of(lvl) for _, lvl, _ in fields))
        if len(used) <= 1:
            return [FormRow(name, values) for name, _, values in fields]
        order = [h for h in levels if h in used] + [h for h in used if h not in levels]
        out: list[FormRow] = []
        for h in order:
            mine = [FormRow(name, values) for name, lvl, values in fields if heading_of(lvl) == h]
            out += [FormRow(h, heading=True)] + mine if mine else []
        return out
    found = []
    for _, level, _ in fields:
        if level not in found:
            found.append(level)
    if len(found) <= 1 or found == [""]:
        return [FormRow(name, values) for name, _, values in fields]
    out = []
    for level in found:
        out.append(FormRow(level or "Khác", heading=True))
        out += [FormRow(name, values) for name, lvl, values in fields if lvl == level]
    return out
