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
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
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


def _line_roles(line: str, default: str) -> list[tuple[str, str]]:
    """(agency text, role) pairs of one line: the role word follows the agencies it applies to."""
    out: list[tuple[str, str]] = []
    folded = fold_aligned(line)
    pos = 0
    while pos < len(line):
        m = _ROLE_RE.search(folded, pos)
        while m and not _is_role_here(line, folded, m):
            m = _ROLE_RE.search(folded, m.end())
        if not m:
            rest = line[pos:]
            if rest.strip(" .;,"):
                out.append((rest, default))
            break
        before = line[pos:m.start()]
        kind = _ROLE_KIND[m.group(1)]
        clause_end = line.find(";", m.end())
        clause_end = clause_end if clause_end >= 0 else len(line)
        if m.group(1) == "phoi hop" and folded.startswith(" voi ", m.end()):
            # "X phối hợp với Y chủ trì": X and Y share the role named after them.
            later = _ROLE_RE.search(folded, m.end(), clause_end)
            while later and not _is_role_here(line, folded, later):
                later = _ROLE_RE.search(folded, later.end(), clause_end)
            if later and _ROLE_KIND[later.group(1)] == "lead":
                kind = "lead"
                partners = line[m.end() + 5:later.start()]
                if starts_agency(partners):
                    out.append((partners, kind))
                    m = later
        if before.strip(" .;,(") and not fold_aligned(before).strip().endswith(" voi"):
            out.append((before, kind))
        # After the role word comes description; a "phối hợp với X" names coordinators,
        # a ";" starts a new clause with its own agencies.
        tail_end = line.find(";", m.end())
        tail = line[m.end(): tail_end if tail_end >= 0 else len(line)]
        with_m = re.search(r"(?<![a-z])(?:phoi hop voi|cung voi)\s+", fold_aligned(tail))
        if with_m:
            partners = tail[with_m.end():]
            stop = _ROLE_RE.search(fold_aligned(partners))
            partners = partners[: stop.start()] if stop else partners
            partners = re.split(r"\s+(?:tổ chức|để|trong|trên|theo)\s+", partners)[0]
            if starts_agency(partners):
                out.append((partners, "coordinate"))
        if tail_end < 0:
            break
        pos = tail_end + 1
    return out


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
    lead: list[str] = []
    coordinate: list[str] = []
    warnings: list[str] = []
    text = join_parenthesised(normalize(_TAGS.sub("\n", text or "")))
    for raw in text.split("\n"):
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        for chunk, role in _line_roles(line, default):
            for name in split_agency_list(chunk):
                if len(name) > 160:
                    warnings.append(f"Không tách được tên cơ quan trong «{name[:60]}…»; hãy kiểm tra lại.")
                target = lead if role == "lead" else coordinate
                if name not in lead and name not in coordinate:
                    target.append(name)
    if text.strip() and not lead and not coordinate:
        warnings.append(f"Không nhận ra cơ quan thực hiện trong «{text[:60]}».")
    return lead, coordinate, warnings


def split_results(text: str) -> list[str]:
    """Result/product cell → items; bullets "- ", "+", line breaks and <li>/<p> residue separate items."""
    text = re.sub(r"</?(?:li|p|ul|ol|br)\b[^>]*>", "\n", text or "", flags=re.IGNORECASE)
    text = normalize(_TAGS.sub("", text))
    # "- A. - B." typed on one line (seed 002 task 12).
    text = re.sub(r"(?<=[.;])\s+[-–+]\s+(?=[A-ZĐÀ-Ỹ])", "\n- ", text)
    items: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        bulleted = bool(re.match(r"^[-–—+•*·]\s*", line))
        line = re.sub(r"^[-–—+•*·]\s*", "", line).strip()
        if not line:
            continue
        # A line without a bullet that continues an unfinished item is the same item.
        if items and not bulleted and not re.search(r"[.;:!?]$", items[-1]) and line[:1].islower():
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
    return items
