"""The agency names plans use, and matching damaged copies of them (OCR, lost diacritics).

«Céac sé, ban nganh» and «Cac sd, ban nganh» are «Các sở, ban ngành»: names are compared on
folded letters with a similarity ratio; a match that changes the text is returned with a
warning so the officer checks it.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

KNOWN_AGENCIES = (
    "Các sở, ban ngành", "Các sở, ban, ngành", "Các sở, ngành", "Sở, ban ngành", "Các cơ quan, đơn vị",
    "Các cơ quan chuyên môn thuộc UBND tỉnh", "Các cơ quan, đơn vị có liên quan", "UBND cấp huyện",
    "UBND cấp xã", "UBND các huyện, thị xã, thành phố", "Văn phòng UBND tỉnh", "Ủy ban nhân dân tỉnh",
    "Chủ tịch UBND tỉnh", "Trung tâm Phục vụ hành chính công tỉnh", "Bộ phận Một cửa các cấp",
    "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường",
    "Sở Tài nguyên và Môi trường", "Sở Công Thương", "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Ngoại vụ", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh", "Công an tỉnh", "Bảo hiểm xã hội tỉnh",
    "Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh", "Bưu điện tỉnh", "Đài Phát thanh và Truyền hình tỉnh",
    "Báo Quảng Ngãi", "Ban Quản lý Khu kinh tế", "Ban Dân tộc tỉnh", "Văn phòng Sở", "Thanh tra Sở",
)


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9&, ]", "", plain)).strip()


_KNOWN = [(name, _fold(name), len(name.split())) for name in KNOWN_AGENCIES]
_EXACT = {folded: name for name, folded, _ in _KNOWN}


def _prefix(words: list[str], count: int) -> str:
    return " ".join(words[:count])


def correct_name(name: str, vocabulary=()) -> tuple[str, str | None]:
    """(name, warning): a damaged copy of a known agency name replaced by the name, else unchanged."""
    return _correct(name, tuple(vocabulary))


@lru_cache(maxsize=8192)  # the same few names fill every row of a plan
def _correct(name: str, vocabulary: tuple[str, ...]) -> tuple[str, str | None]:
    words = name.split()
    if not words:
        return name, None
    known = _KNOWN + [(v, _fold(v), len(v.split())) for v in vocabulary if v and not v.startswith("re:")]
    glued = _fold(name).replace(" ", "")
    for canonical, folded, count in known:
        # OCR lost a space between two syllables («UBND cấphuyện»): the same letters, one word fewer.
        if count > len(words) and folded.replace(" ", "") == glued:
            return canonical, f"Đã đọc «{name}» là «{canonical}» (chữ bị nhận dạng sai); hãy kiểm tra lại."
    best, best_ratio, best_count = None, 0.0, 0
    for canonical, folded, count in known:
        if count > len(words):
            continue
        head = _fold(_prefix(words, count))
        if head == folded:
            written = _prefix(words, count)
            if written.lower() == canonical.lower() or not name[:1].isupper():
                return name, None
            fixed = f"{canonical} {' '.join(words[count:])}".strip()
            # Diacritics all lost (plain text): nothing guessed. Some wrong (OCR): say so.
            return fixed, None if written.isascii() else \
                f"Đã đọc «{written}» là «{canonical}» (chữ bị nhận dạng sai); hãy kiểm tra lại."
        if len(folded) < 8:
            continue
        matcher = difflib.SequenceMatcher(None, head, folded)
        if matcher.real_quick_ratio() < 0.84 or matcher.quick_ratio() < 0.84:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and count > best_count):
            best, best_ratio, best_count = canonical, ratio, count
    if best is None or best_ratio < 0.84:
        return name, None
    rest = " ".join(words[best_count:])
    fixed = f"{best} {rest}".strip() if rest else best
    if name[:1].islower():
        fixed = fixed[0].lower() + fixed[1:]
    return fixed, f"Đã đọc «{_prefix(words, best_count)}» là «{best}» (chữ bị nhận dạng sai); hãy kiểm tra lại."


_BY_COUNT: dict[int, set[str]] = {}
for _, _folded, _count in _KNOWN:
    _BY_COUNT.setdefault(_count, set()).add(_folded)


@lru_cache(maxsize=8192)
def known_prefix_words(name: str) -> int:
    """How many leading words of ``name`` are a whole known agency name (0 if none)."""
    words = name.split()
    for count in sorted((c for c in _BY_COUNT if c < len(words)), reverse=True):
        if _fold(" ".join(words[:count])).rstrip(",") in _BY_COUNT[count]:
            return count
    return 0
