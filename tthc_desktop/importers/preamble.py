"""Title, issuer, decision number, date and year from the text before the plan table."""
from __future__ import annotations

import re
from datetime import date

from tthc_desktop.domain.text import fold, normalize

_ATTACHED = re.compile(
    r"\(\s*(?:Ban hành\s+)?kèm theo\s+(Quyết định|Kế hoạch|Công văn|Văn bản)\s+số\s*:?\s*([^\s,;()]*)"
    r"(?:\s+ngày\s+([^()]*?))?(?:\s+của\s+([^()]+))?\)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\b(\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9&]+)+)\b")
_PLAN_NUMBER = re.compile(r"(?:Kế hoạch|Quyết định)\s+số\s*:?\s*(\d{1,5}/[A-ZĐ][\wĐ&-]+)", re.IGNORECASE)
_SO_LINE = re.compile(r"^\s*Số\s*:\s*(\d{1,5}/[\wĐ&-]+)", re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})")
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_ISSUER = re.compile(r"(?:UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN)\s+(tỉnh|thành phố|TỈNH|THÀNH PHỐ)\s+"
                     r"([A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:[ \t]+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})")
_YEAR_TITLE = re.compile(r"(?:ke hoach|kiem soat|nhiem vu|cai cach|thu tuc)[^.]{0,200}?\bnam\s+((?:19|20)\d{2})")
_ISSUED_BY = re.compile(r"(?:^|[;.]\s*)((?:Sở|UBND|Ủy ban nhân dân|Văn phòng|Ban)\s[^;:.()\n]{3,90}?)\s+ban hành\s+(?:Kế hoạch|kế hoạch)",
                        re.MULTILINE)
_PLACE_DATE = re.compile(r"^\s*([A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}),\s*ngày\b")


def _date_from(text: str) -> date | None:
    for pattern in (_DMY, _LONG_DATE):
        m = pattern.search(text or "")
        if m:
            try:
                return date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                continue
    return None


def _short_issuer(text: str) -> str:
    text = re.sub(r"^(?:Chủ tịch|CHỦ TỊCH)\s+", "", text.strip())
    text = re.sub(r"^(?:Ủy ban nhân dân|ỦY BAN NHÂN DÂN|Uỷ ban nhân dân)\b", "UBND", text)
    m = _ISSUER.search(text)
    if m:
        return f"UBND {m.group(1).lower()} {m.group(2).title() if m.group(2).isupper() else m.group(2)}"
    return text.strip(" .")


def read_preamble(lines: list[str], plan) -> None:
    """Fill title, issuer, decision, decision_date and year of ``plan`` from preamble lines."""
    lines = [normalize(re.sub(r"</?[a-zA-Z][^>]*>|[#*]+", " ", part)) for line in lines for part in line.split("\n")]
    lines = [line for line in lines if line]
    text = "\n".join(lines)
    issuer = ""
    m = _ATTACHED.search(text)
    attached = m is not None
    if m:
        # The annex names its own document; a blank number means it is still to be registered.
        plan.decision = m.group(2) if _NUMBER.fullmatch(m.group(2) or "") else ""
        plan.decision_date = _date_from(m.group(3) or "")
        if m.group(4):
            issuer = _short_issuer(m.group(4))
    if not attached:
        # The document's own "Số: 12/KH-UBND" (blank when unregistered), else a standalone
        # "Kế hoạch số …" line; numbers cited in the body ("Thực hiện Quyết định số …") are not its own.
        own = next((line for line in lines[:20] if re.match(r"^\s*Số\s*:", line, re.IGNORECASE)), None)
        if own is not None:
            so = _SO_LINE.match(own)
            plan.decision = so.group(1) if so and _NUMBER.fullmatch(so.group(1)) else ""
        else:
            for line in lines:
                so = _PLAN_NUMBER.match(line.strip())
                if so and _NUMBER.fullmatch(so.group(1)):
                    plan.decision = so.group(1)
                    break
    if not issuer:
        by = _ISSUED_BY.search(text)
        if by:
            issuer = _short_issuer(by.group(1))
    if plan.decision_date is None:
        for line in lines[:15]:
            if _PLACE_DATE.match(line):
                plan.decision_date = _date_from(line)
                break
    plan.title = _title(lines)
    place = next((p.group(1) for p in map(_PLACE_DATE.match, lines[:15]) if p), "")
    if not issuer or re.fullmatch(r"UBND (?:tỉnh|thành phố)", issuer):
        found = _ISSUER.search(text)
        if found:
            issuer = _short_issuer(found.group(0))
        elif place:
            issuer = f"{issuer or 'UBND tỉnh'} {place}"
        elif lines and re.match(r"ubnd tinh ([a-z]+ [a-z]+)", fold(lines[0])):
            # OCR without diacritics: "UBND TiNH QUANG NGAI" — the name as written.
            issuer = "UBND tỉnh " + re.match(r"ubnd tinh ([a-z]+ [a-z]+)", fold(lines[0])).group(1).title()
    plan.issuer = issuer
    folded = fold(plan.title) + "\n" + fold(" ".join(lines))
    y = _YEAR_TITLE.search(folded)
    if y:
        plan.year = int(y.group(1))
    elif plan.decision_date:
        plan.year = plan.decision_date.year


def _title(lines: list[str]) -> str:
    for i, line in enumerate(lines[:25]):
        if re.match(r"^\s*V/v\b", line):  # a letter's subject line, possibly wrapped
            nxt = lines[i + 1] if i + 1 < len(lines) and not re.search(r"[:.]$", line) and len(lines[i + 1]) < 60 else ""
            return f"{line.strip()} {nxt.strip()}".strip()
    for i, line in enumerate(lines):
        f = fold(line)
        if f in ("ke hoach", "ke hoach:"):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            return f"{line.strip(':')} {nxt}".strip()
    for line in lines:
        if fold(line).startswith("ke hoach") and len(line) > 12 and line[:8].isupper():
            return line
    for line in lines:
        if fold(line).startswith(("noi dung", "ke hoach")) and len(line) < 250:
            return line
    return lines[0][:250] if lines else ""
