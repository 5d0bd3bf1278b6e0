"""Responsible-unit and result cells split into lists.

"- Văn phòng UBND tỉnh chủ trì.\\n- Các sở, ban ngành liên quan phối hợp." gives lead
["Văn phòng UBND tỉnh"] and coordinate ["Các sở, ban ngành liên quan"]. Role words are
found on folded text so OCR copies without diacritics work too; commas split a list only
where an agency name starts, because names such as "Các sở, ban ngành" contain commas.
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

from tthc_desktop.domain.text import normalize

# Folded role phrases, longest first so "trien khai thuc hien" wins over "thuc hien".
_LEAD_ROLES = ("trien khai thuc hien", "to chuc thuc hien", "chu tri", "thuc hien", "tham dinh",
               "chiu trach nhiem", "tiep nhan")
_WEAK_ROLES = ("tiep nhan",)
_LEVEL_WORDS = ("tinh", "huyen", "xa", "so", "pho", "thi")
_COORD_ROLES = ("(co y kien)", "co y kien", "phoi hop", "theo doi", "huong dan", "tong hop", "kiem soat",
                "don doc", "tham gia")
_ROLES = sorted([(r, "lead") for r in _LEAD_ROLES] + [(r, "coordinate") for r in _COORD_ROLES],
                key=lambda item: -len(item[0]))
_ROLE_RE = re.compile(r"(?<![a-z])(" + "|".join(re.escape(r) for r, _ in _ROLES) + r")(?![a-z])")
_ROLE_KIND = dict(_ROLES)

# Words an agency name starts with (folded, first word or two).
_HEADS = ("so", "ubnd", "uy ban", "van phong", "cong an", "cuc", "chi cuc", "kho bac", "trung tam", "bao hiem",
          "dai", "bao", "ban", "phong", "thanh tra", "bo", "cac", "co quan", "hoi", "toa an", "vien", "bo phan",
          "don vi", "chu tich", "thu truong", "giam doc", "tinh doan", "lien doan", "mat tran", "hdnd", "s0", "sd",
          "s&", "s6", "so", "ubmttq", "vien kiem sat", "doanh nghiep", "ngan hang", "buu dien", "tong cong ty",
          "truong", "benh vien")
_HEAD_RE = re.compile(r"(?:" + "|".join(re.escape(h) for h in sorted(set(_HEADS), key=len, reverse=True)) + r")(?![a-z])")
_JUXTAPOSED = re.compile(r"(\b(?:tỉnh|huyện|xã|tinh|huyen|xa))\s+(?=(?:Sở|Văn phòng|Công an|Cục|Kho bạc|Ban|UBND|Ủy ban|Trung tâm|"
                         r"Bảo hiểm|Đài|Báo)\b)")
_BULLET = re.compile(r"^\s*(?:[-–—+•*·]|\d+[.)]|[a-zđ]\))\s*")
_TAGS = re.compile(r"</?(?:b|i|u|em|strong|span|div|p|br|li|ul|ol|font|sup|sub|table|tr|td|th|a)(?:\s[^<>]*)?/?>",
                   re.IGNORECASE)  # converter residue; «<KH&TC>» in a name is kept
_LIST_FORM = re.compile(r"^(?P<title>[^:]*?)\b(?:các|cac)\s+(?P<head>[A-ZĐÂƯỦ][^\s:]*(?:\s+[a-zđ][^\s:]*)?)\s*:\s*(?P<items>.+)$",
                        re.IGNORECASE)


@lru_cache(maxsize=4096)  # called once per character of every cell of an imported plan
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base) == 1 else ch.lower()


def fold_aligned(text: str) -> str:
    """Folded text with exactly one character per input character, so positions map back."""
    return "".join(_fold_char(c) for c in text)


def _clean_name(name: str) -> str:
    name = re.sub(r"\([^()]*\)", "", name)  # "(Trung tâm … trực thuộc Sở Ngoại vụ)", "(theo kế hoạch)"
    name = name.split("(")[0]  # a parenthesis left open by a role word inside it
    name = re.sub(r"\s+", " ", name).strip(" ,;.:-–+")
    folded = fold_aligned(name)
    for tail in (" duoc giao", " duoc", " cung", " va", " thi"):
        if folded.endswith(tail):
            name = name[: -len(tail)].rstrip(" ,;")
            folded = fold_aligned(name)
    return name


def starts_agency(text: str) -> bool:
    stripped = text.lstrip()
    if not stripped or not (stripped[0].isupper() or stripped[:4].upper() == "UBND"):
        return False
    return bool(_HEAD_RE.match(fold_aligned(stripped)))


def split_agency_list(text: str) -> list[str]:
    """"Các sở, ban ngành; UBND cấp huyện và Công an tỉnh" → three agencies."""
    text = normalize(_TAGS.sub(" ", text)).replace("\n", "; ")
    m = _LIST_FORM.match(text)
    if m and starts_agency(m.group("head")):
        head = m.group("head").strip()
        head = head[0].upper() + head[1:]
        items = re.split(r"\s*[,;]\s*|\s+và\s+|\s+va\s+", m.group("items"))
        return [f"{head} {_clean_name(i)}" for i in items if _clean_name(i)]
    parts: list[str] = []
    start = 0
    # "Văn phòng UBND tỉnh Sở Thông tin và Truyền thông": two names with only a space between.
    text = _JUXTAPOSED.sub(lambda m: m.group(1) + "; ", text)
    for sep in re.finditer(r";|,|\s+(?:và|va|[-–])\s+", text):
        after = text[sep.end():]
        if sep.group().strip() == ";" or starts_agency(after):
            parts.append(text[start:sep.start()])
            start = sep.end()
    parts.append(text[start:])
    return [n for n in (_clean_name(p) for p in parts) if n]


def _split_juxtaposed(name: str) -> list[str]:
    """"Các sở, ban ngành UBND cấp huyện" (a line break lost) → the two names."""
    from tthc_desktop.domain.agency_names import known_prefix_words

    count = known_prefix_words(name)
    words = name.split()
    if count and starts_agency(" ".join(words[count:])):
        return [" ".join(words[:count]).rstrip(","), *_split_juxtaposed(" ".join(words[count:]))]
    return [name]


def _is_role_here(line: str, folded: str, m: re.Match) -> bool:
    # Capitalised "Kiểm soát" is part of a name ("Trung tâm Phục vụ - Kiểm soát TTHC");
    # "thực hiện TTHC" describes a unit ("các đơn vị thực hiện TTHC") rather than assigning a role.
    first = line[m.start()]
    if first.isupper() and m.group(1) not in ("chu tri", "phoi hop"):
        return False
    if m.group(1) == "thuc hien" and re.match(r"\s+(?:tthc|thu tuc)", folded[m.end():]):
        return False
    if m.group(1) in _WEAK_ROLES:
        # "Văn phòng UBND tỉnh tiếp nhận, phân loại …" names its agency; "cơ quan có thẩm quyền
        # tiếp nhận …" does not: the verb counts only right after a proper name or a level word.
        before = line[: m.start()].split()
        return bool(before) and (before[-1][:1].isupper() or fold_aligned(before[-1]) in _LEVEL_WORDS)
    return True


# "Chủ trì:", "Cơ quan chủ trì thực hiện:", "Đơn vị phối hợp:" … label the lines that follow.
_LABEL = re.compile(r"^\s*(?:(?:co quan|don vi|cac don vi|cac co quan)\s+)?(chu tri|phoi hop|thuc hien)"
                    r"(?:\s+(?:thuc hien|chinh|thuc hien chinh))?\s*:\s*")
# "được giao chủ trì soạn thảo văn bản": a role word that describes which agencies are meant.
_QUALIFIER_BEFORE = re.compile(r"(?:duoc giao|duoc phan cong|duoc)\s*$")


def _roles_in(line: str, folded: str, start: int, end: int) -> list[re.Match]:
    return [m for m in _ROLE_RE.finditer(folded, start, end) if _is_role_here(line, folded, m)]


def _line_roles(line: str, default: str, folded: str | None = None) -> list[tuple[str, str]]:
    """(agency text, role) pairs of one line: the role word follows the agencies it applies to.

    ``folded`` is the line folded with protected names blanked (their role words do not count).
    """
    out: list[tuple[str, str]] = []
    folded = folded if folded is not None else fold_aligned(line)
    pos = 0
    while pos < len(line):
        found = _roles_in(line, folded, pos, len(line))
        if not found:
            rest = line[pos:]
            if rest.strip(" .;,"):
                out.append((rest, default))
            break
        m = found[0]
        before = line[pos:m.start()]
        kind = _ROLE_KIND[m.group(1)]
        clause_end = line.find(";", m.end())
        clause_end = clause_end if clause_end >= 0 else len(line)
        later = [r for r in found[1:] if r.start() < clause_end]
        # The role word ending the clause wins over one inside a qualifier:
        # "Các sở, ban ngành được giao chủ trì soạn thảo văn bản phối hợp" → coordinate.
        if later and not line[later[-1].end():clause_end].strip(" .,") and _ROLE_KIND[later[-1].group(1)] != kind:
            between = line[m.end():later[-1].start()]
            # "phối hợp và thực hiện" is one compound role: its first word says how the agencies take part.
            compound = fold_aligned(between).strip(" ,") in ("va", "")
            if not compound and (_QUALIFIER_BEFORE.search(folded[:m.start()]) or not (
                    " voi " in f" {fold_aligned(between)} " or any(starts_agency(p) for p in re.split(r",|\svà\s", between)))):
                kind = _ROLE_KIND[later[-1].group(1)]
                m = later[-1]
                later = []
        if m.group(1) == "phoi hop" and folded.startswith(" voi ", m.end()):
            # "X phối hợp với Y chủ trì": X and Y share the role named after them.
            nxt = next((r for r in later if r.start() > m.end()), None)
            if nxt and _ROLE_KIND[nxt.group(1)] == "lead":
                kind = "lead"
                partners = line[m.end() + 5:nxt.start()]
                if starts_agency(partners):
                    out.append((partners, kind))
                    m = nxt
        if before.strip(" .;,(") and not fold_aligned(before).strip().endswith(" voi"):
            out.append((before, kind))
        # After the role word comes description; a "phối hợp với X" names coordinators, ", Y phối hợp"
        # names the next agency with its own role, a ";" starts a new clause with its own agencies.
        tail = line[m.end():clause_end]
        nxt_agency = re.match(r"^\s*(?:,|và|va)\s*", tail)
        if nxt_agency and starts_agency(tail[nxt_agency.end():]) and \
                _roles_in(line, folded, m.end() + nxt_agency.end(), clause_end):
            pos = m.end() + nxt_agency.end()
            continue
        with_m = re.search(r"(?<![a-z])(?:phoi hop voi|cung voi)\s+", fold_aligned(tail))
        if with_m:
            partners = tail[with_m.end():]
            stop = _ROLE_RE.search(fold_aligned(partners))
            partners = partners[: stop.start()] if stop else partners
            partners = re.split(r"\s+(?:tổ chức|để|trong|trên|theo)\s+", partners)[0]
            if starts_agency(partners):
                out.append((partners, "coordinate"))
        if clause_end >= len(line):
            break
        pos = clause_end + 1
    return out


def responsible_pairs(text: str, default: str = "lead", protect=(), vocabulary=(),
                      qualifiers=()) -> tuple[list[tuple[str, str]], list[str]]:
    """The one splitter of responsible-units text (parse and derive): (agency, role) pairs and warnings.

    Lines under a label («Chủ trì:», «Phối hợp:», «Cơ quan chủ trì thực hiện:», «Đơn vị phối hợp:»)
    take its role until the next label; elsewhere the role word after the agencies decides, and
    ``default`` applies without one. ``protect`` are regexes on folded text (names holding a role
    word); ``qualifiers`` regexes of phrases that only describe agencies («được giao chủ trì soạn
    thảo văn bản»), cut out; ``vocabulary`` extra known names for correcting OCR damage, each
    correction a warning.
    """
    from tthc_desktop.domain.agency_names import correct_name

    pairs: list[tuple[str, str]] = []
    warnings: list[str] = []
    text = join_parenthesised(normalize(_TAGS.sub("\n", text or "")))
    label_role: str | None = None
    for raw in text.split("\n"):
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        folded = fold_aligned(line)
        label = _LABEL.match(folded)
        if label:
            label_role = "coordinate" if label.group(1) == "phoi hop" else "lead"
            line, folded = line[label.end():], folded[label.end():]
            if not line.strip():
                continue
        for pattern in qualifiers:
            for m in reversed(list(pattern.finditer(folded))):
                line, folded = line[:m.start()] + line[m.end():], folded[:m.start()] + folded[m.end():]
        for pattern in protect:
            folded = pattern.sub(lambda m: " " * (m.end() - m.start()), folded)
        chunks = [(line, label_role)] if label_role else _line_roles(line, default, folded)
        for chunk, role in chunks:
            for raw_name in split_agency_list(chunk):
                corrected, fixed = correct_name(raw_name, vocabulary)
                if fixed:
                    warnings.append(fixed)
                for piece in _split_juxtaposed(corrected):
                    # each name of «Các sở, ban ngành UBND cấphuyện» is checked on its own
                    name, fixed = correct_name(piece, vocabulary) if piece != corrected else (piece, None)
                    if fixed:
                        warnings.append(fixed)
                    if len(name) > 160:
                        warnings.append(f"Không tách được tên cơ quan trong «{name[:60]}…»; hãy kiểm tra lại.")
                    if all(name != n for n, _ in pairs):
                        pairs.append((name, role))
    if text.strip() and not pairs:
        warnings.append(f"Không nhận ra cơ quan thực hiện trong «{text[:60]}».")
    return pairs, warnings


def join_parenthesised(text: str) -> str:
    """Line breaks inside "( … )" (left by converters around <i> tags) become spaces."""
    if "\n" in text and "(" in text:  # otherwise there is no line break inside parentheses
        text = _join_inside_parentheses(text)
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))


def _join_inside_parentheses(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        depth += (ch == "(") - (ch == ")" and depth > 0)
        out.append(" " if ch == "\n" and depth else ch)
    return "".join(out)


def split_responsible(text: str, default: str = "lead") -> tuple[list[str], list[str], list[str]]:
    """(lead, coordinate, warnings) from a responsible-units cell; no role word → ``default``."""
    pairs, warnings = responsible_pairs(text, default)
    return ([n for n, r in pairs if r == "lead"], [n for n, r in pairs if r == "coordinate"], warnings)


def split_results(text: str) -> list[str]:
    """Result/product cell → items; bullets "- ", "+", line breaks and <li>/<p> residue separate items."""
    text = re.sub(r"</?(?:li|p|ul|ol|br)\b[^>]*>", "\n", text or "", flags=re.IGNORECASE)
    text = normalize(_TAGS.sub("", text))
    # "- A. - B." typed on one line (seed 002 task 12).
    text = re.sub(r"(?<=[.;])[ \t]+[-–+][ \t]+(?=[A-ZĐÀ-Ỹ])", "\n- ", text)
    items: list[str] = []
    dashes = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        bulleted = bool(re.match(r"^[-–—+•*·]\s*", line))
        # "+" under a "- …" item is a sub-item and keeps its mark; alone it is the list's bullet.
        sub_item = line.startswith("+") and dashes
        dashes = dashes or bool(re.match(r"^[-–—]", line))
        line = line if sub_item else re.sub(r"^[-–—+•*·]\s*", "", line).strip()
        if not line:
            continue
        # A line without a bullet that continues an unfinished item is the same item.
        if items and not bulleted and not re.search(r"[.;:!?]$", items[-1]) and line[:1].islower():
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
    return items
