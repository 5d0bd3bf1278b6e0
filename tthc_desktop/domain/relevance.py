"""Which provincial tasks a department keeps, and why (domain.md, seed 000 → seed 002).

The rule tables are data (``AgencyRules``), seeded from resources/rules/default_rules.json
and editable in the program. The engine reads the responsible-units cell line by line:
agencies named before the first role word take that role ("Sở Tư pháp chủ trì"), a
"phối hợp với X" names coordinators, and text after the role word is description. Then:

* the department (by name or short name) or the departments collectively ("các sở, ban
  ngành", "cơ quan chuyên môn thuộc UBND tỉnh", "các cơ quan, đơn vị" …) lead → keep, lead;
* they coordinate → keep, coordinate, unless the task text is the province's internal job,
  or another named agency (not the province office that drafts the plan) leads and the
  department is not named itself;
* they are absent → drop.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field

from tthc_desktop.domain.plan import PlanTask

# Role words on folded text, longest first. "phoi hop voi" introduces partners.
_LEAD_WORDS = ("trien khai thuc hien", "to chuc thuc hien", "chu tri", "thuc hien", "tham dinh", "tiep nhan",
               "chiu trach nhiem", "xay dung")
_COORD_WORDS = ("co y kien", "phoi hop", "theo doi", "huong dan", "tong hop", "kiem soat", "don doc", "tham gia")
_ROLE_WORDS = sorted([(w, "lead") for w in _LEAD_WORDS] + [(w, "coordinate") for w in _COORD_WORDS],
                     key=lambda item: -len(item[0]))
_ROLE_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(w) for w, _ in _ROLE_WORDS) + r")(?![a-z0-9])")


def fold_aligned(text: str) -> str:
    """Lower-case, accent-free text with one character per input character (positions map back)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower() if len(base.lower()) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=2048)
def phrase_regex(pattern: str) -> re.Pattern:
    """A rule pattern as a regex on folded text: "re:…" is a raw regex, anything else a phrase."""
    if pattern.startswith("re:"):
        return re.compile(pattern[3:])
    words = [w for w in re.split(r"[\s,\-–]+", fold_aligned(pattern.strip())) if w]
    body = r"[\s,\-–]+".join(re.escape(w) for w in words)
    return re.compile(r"(?<![a-z0-9])" + body + r"(?![a-z0-9])")


@dataclass
class RuleEntry:
    pattern: str
    replacement: str = ""
    note: str = ""

    @property
    def regex(self) -> re.Pattern:
        return phrase_regex(self.pattern)


@dataclass
class AgencyRules:
    """The rule tables for one department; ``tables`` keys are the ``rules.table`` values."""

    agency_name: str
    aliases: list[str] = field(default_factory=list)           # the department itself
    collective: list[str] = field(default_factory=list)        # "các sở, ban ngành" …
    province_office: list[str] = field(default_factory=list)   # who drafts the plan
    other_agencies: list[str] = field(default_factory=list)
    internal_work: list[RuleEntry] = field(default_factory=list)
    role_qualifiers: list[str] = field(default_factory=list)   # "được giao chủ trì soạn thảo văn bản"
    rewording: list[RuleEntry] = field(default_factory=list)
    office_unit: str = "Văn phòng Sở"
    default_group: str = "Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"

    @classmethod
    def from_tables(cls, agency_name: str, tables: dict[str, list[dict]], extra_aliases=()) -> "AgencyRules":
        def patterns(name):
            return [r["pattern"] for r in tables.get(name, []) if r.get("active", True)]

        def entries(name):
            return [RuleEntry(r["pattern"], r.get("replacement", ""), r.get("note", ""))
                    for r in tables.get(name, []) if r.get("active", True)]

        units = {r["pattern"]: r.get("replacement", "") for r in tables.get("unit_default", [])}
        aliases = name_aliases(agency_name) + [a for a in extra_aliases if a] + patterns("department_alias")
        return cls(
            agency_name=agency_name,
            aliases=list(dict.fromkeys(aliases)),
            collective=patterns("department_collective"),
            province_office=patterns("province_office"),
            other_agencies=patterns("other_agency"),
            internal_work=entries("internal_work"),
            role_qualifiers=patterns("role_qualifier"),
            rewording=entries("rewording"),
            office_unit=units.get("office") or cls.office_unit,
            default_group=units.get("group") or cls.default_group,
        )


def _initials(words: str) -> str:
    return "".join(w[0].upper() for w in words.split() if w)


def name_aliases(agency_name: str) -> list[str]:
    """"Sở Nông nghiệp và Phát triển nông thôn" → itself, "Sở NN&PTNT", "Sở NN và PTNT",
    "Sở Nông nghiệp và PTNT", "SNNPTNT"."""
    name = " ".join(agency_name.split())
    if not name:
        return []
    out = [name]
    m = re.match(r"^(Sở|Ban|Văn phòng|Thanh tra|Công an|Cục)\s+(.+)$", name, re.IGNORECASE)
    if m:
        head, rest = m.group(1), m.group(2)
        parts = [p for p in re.split(r"\s+và\s+|,\s*", rest) if p]
        if len(parts) > 1:
            inits = [_initials(p) for p in parts]
            out += [f"{head} {'&'.join(inits)}", f"{head} {' và '.join(inits)}",
                    f"{head} {' và '.join(parts[:-1])} và {inits[-1]}",
                    _initials(head) + "".join(inits)]
        elif len(rest.split()) > 1:
            out.append(f"{head} {_initials(rest)}")
    return list(dict.fromkeys(out))


@dataclass
class Mention:
    """Who a piece of the responsible-units cell names, in which role."""

    text: str
    role: str  # lead | coordinate
    self_names: list[str] = field(default_factory=list)
    collective: list[str] = field(default_factory=list)
    province_office: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)

    @property
    def department(self) -> bool:
        return bool(self.self_names or self.collective)


def _find(patterns: list[str], folded: str, original: str) -> tuple[list[str], str]:
    """Matched original snippets, and the folded text with those spans blanked out."""
    found = []
    for p in patterns:
        for m in phrase_regex(p).finditer(folded):
            found.append(original[m.start():m.end()])
            folded = folded[:m.start()] + " " * (m.end() - m.start()) + folded[m.end():]
    return found, folded


def classify(text: str, role: str, rules: AgencyRules) -> Mention:
    folded = fold_aligned(text)
    mention = Mention(text=text.strip(" ,;.-"), role=role)
    mention.self_names, folded = _find(rules.aliases, folded, text)
    mention.collective, folded = _find(rules.collective, folded, text)
    mention.province_office, folded = _find(rules.province_office, folded, text)
    mention.others, _ = _find(rules.other_agencies, folded, text)
    return mention


def mentions(task: PlanTask, rules: AgencyRules) -> list[Mention]:
    """Agencies of a task with their roles: from the cell text when it has role words, else the lists.

    The cell is split by the importer's own splitter (domain.agencies.responsible_pairs), with the
    department's names protected so role words inside them do not count.
    """
    from tthc_desktop.domain.agencies import responsible_pairs

    text = task.responsible_text or ""
    if text.strip() and _ROLE_RE.search(fold_aligned(text)):
        protect = [phrase_regex(p) for p in rules.aliases + rules.collective + rules.province_office]
        vocabulary = rules.aliases + rules.collective + rules.province_office + rules.other_agencies
        pieces, _ = responsible_pairs(text, protect=protect, vocabulary=vocabulary,
                                      qualifiers=[phrase_regex(p) for p in rules.role_qualifiers])
    else:
        pieces = [(a, "lead") for a in task.lead] + [(a, "coordinate") for a in task.coordinate]
        if not pieces and text.strip():
            pieces = [(line, "lead") for line in text.split("\n") if line.strip()]
    return [classify(t, r, rules) for t, r in pieces if t.strip(" ,;.-()")]


@dataclass
class Relevance:
    decision: str  # keep | drop
    role: str      # lead | coordinate | ""
    reason: str
    matched: list[str] = field(default_factory=list)


def _quote(items: list[str], limit: int = 2) -> str:
    uniq = list(dict.fromkeys(i.strip(" ,;.") for i in items if i.strip(" ,;.")))
    return ", ".join(f"«{i}»" for i in uniq[:limit])


def _names(ms: list[Mention], attr: str) -> list[str]:
    return [n for m in ms for n in getattr(m, attr)]


def _short(text: str) -> str:
    text = re.sub(r"\([^()]*\)?", "", text).split(";")[0]
    text = " ".join(text.split()).strip(" ,;.-:")
    return text if len(text) <= 70 else text[:67].rsplit(" ", 1)[0] + "…"


def _agencies(ms: list[Mention], attr: str) -> list[str]:
    """The cell's own wording of the agencies that matched ``attr`` (for reasons)."""
    return [_short(m.text) for m in ms if getattr(m, attr)]


def judge(task: PlanTask, rules: AgencyRules) -> Relevance:
    """keep/drop, the department's role and one Vietnamese sentence saying why."""
    ms = mentions(task, rules)
    lead = [m for m in ms if m.role == "lead"]
    coord = [m for m in ms if m.role == "coordinate"]
    dept_lead = [m for m in lead if m.department]
    if dept_lead:
        named = _names(dept_lead, "self_names")
        if named:
            return Relevance("keep", "lead", f"Giữ: {_quote(named)} được giao chủ trì thực hiện.", named)
        coll = _names(dept_lead, "collective")
        return Relevance("keep", "lead", f"Giữ: {_quote(coll)} (trong đó có Sở) chủ trì thực hiện.", coll)
    dept_coord = [m for m in coord if m.department]
    leaders_office = _agencies(lead, "province_office")
    leaders_other = _agencies([m for m in lead if not m.province_office], "others")
    leader_text = _quote(leaders_office + leaders_other) or "cơ quan khác"
    if dept_coord:
        named = _names(dept_coord, "self_names")
        coll = _names(dept_coord, "collective")
        if named:
            return Relevance("keep", "coordinate", f"Giữ: Sở được nêu tên ({_quote(named)}) là cơ quan phối hợp.",
                             named)
        if leaders_other and not leaders_office:
            return Relevance("drop", "", f"Bỏ: {_quote(leaders_other)} chủ trì, {_quote(coll, 1)} chỉ phối hợp "
                                         f"khi được yêu cầu.", leaders_other)
        # Sub-rows share the content and differ by their result ("b) … kiện toàn …").
        for text in [task.content or ""] + list(task.results or []):
            folded_text = fold_aligned(text)
            for entry in rules.internal_work:
                if entry.regex.search(folded_text):
                    what = entry.note or entry.pattern
                    return Relevance("drop", "", f"Bỏ: đây là việc riêng của tỉnh ({what}) do {leader_text} chủ trì, "
                                                 f"Sở chỉ phối hợp khi được yêu cầu.", [what])
        who = f"{leader_text} chủ trì, " if lead else ""
        return Relevance("keep", "coordinate", f"Giữ: {who}{_quote(coll, 1)} phối hợp nên Sở thực hiện phần "
                                               f"việc của mình.", coll)
    if not ms:
        return Relevance("keep", "lead", "Giữ để xem xét: không xác định được cơ quan thực hiện nhiệm vụ này.")
    named = _quote(leaders_office + leaders_other + _agencies(coord, "province_office") + _agencies(coord, "others"))
    named = named or _quote([m.text for m in ms])
    return Relevance("drop", "", f"Bỏ: nhiệm vụ giao cho {named}, không giao cho Sở hay các sở, ban ngành.")
