"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC, VNI-Windows) → Unicode.

Old Word files keep such text as Latin-1 characters shown with .VnTime / VNI-Times
fonts, so a run's font name says which table applies. Plain text has no font, so the
encoding is guessed from character statistics (see ``detect``).
"""
from __future__ import annotations

import re
import unicodedata

# TCVN3 (ABC): one byte per precomposed lowercase letter; capitals with tones do not exist
# (.VnTimeH fonts draw the lowercase codes as capitals).
_TCVN3_LOWER = (
    "àµ ả¶ ã· á¸ ạ¹ ă¨ ằ» ẳ¼ ẵ½ ắ¾ ặÆ â© ầÇ ẩÈ ẫÉ ấÊ ậË đ® èÌ ẻÎ ẽÏ éÐ ẹÑ êª ềÒ ểÓ ễÔ ếÕ ệÖ "
    "ì× ỉØ ĩÜ íÝ ịÞ òß ỏá õâ óã ọä ô« ồå ổæ ỗç ốè ộé ơ¬ ờê ởë ỡì ớí ợî ùï ủñ ũò úó ụô ư\u00ad ừõ "
    "ửö ữ÷ ứø ựù ỳú ỷû ỹü ýý ỵþ Ă¡ Â¢ Đ§ Ê£ Ô¤ Ơ¥ Ư¦"
)
TCVN3_MAP = {pair[1]: pair[0] for pair in _TCVN3_LOWER.split()}

# VNI-Windows: base letter followed by mark characters.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS_LOWER = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT, "â": _CIRC, "ê": _BREVE,
    "á": _CIRC + _ACUTE, "à": _CIRC + _GRAVE, "å": _CIRC + _HOOK, "ã": _CIRC + _TILDE, "ä": _CIRC + _DOT,
    "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}
VNI_MARKS = {**_VNI_MARKS_LOWER, **{k.upper(): v for k, v in _VNI_MARKS_LOWER.items()}}
_VNI_SINGLE_LOWER = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
VNI_SINGLE = {**_VNI_SINGLE_LOWER, **{k.upper(): v.upper() for k, v in _VNI_SINGLE_LOWER.items()}}
_VNI_BASES = set("aeiouyAEIOUYôöÔÖ")
_BREVE_MARKS = set("êéèúüëÊÉÈÚÜË")

_VIETNAMESE = re.compile(r"[\u1ea0-\u1ef9ơưđăĐƠƯĂ]")
_TCVN3_SIGNS = set("µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞß«¬\u00ad¡¢§£¤¥¦")
_LETTER = re.compile(r"[^\W\d_]")
_VNI_TONES = set("øùûõïØÙÛÕÏ")


def tcvn3_to_unicode(text: str, capitals: bool = False) -> str:
    out = "".join(TCVN3_MAP.get(ch, ch) for ch in text)
    return out.upper() if capitals else out


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        base = VNI_SINGLE.get(ch, ch) if ch in "ôöÔÖ" else ch
        if ch in _VNI_BASES and nxt in VNI_MARKS and (nxt not in _BREVE_MARKS or ch in "aA"):
            out.append(unicodedata.normalize("NFC", base + VNI_MARKS[nxt]))
            i += 2
            continue
        out.append(VNI_SINGLE.get(ch, ch))
        i += 1
    return "".join(out)


def font_encoding(font_name: str | None) -> str | None:
    """"tcvn3", "tcvn3-caps", "vni" or None from a Word font name."""
    if not font_name:
        return None
    name = font_name.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3-caps" if name.endswith("H") else "tcvn3"
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI "):
        return "vni"
    return None


def _capitals_line(line: str) -> bool:
    """A title typed in capitals: its plain letters are upper case, so the legacy letters are too
    (TCVN3 has no upper-case toned letters; «KÕ HO¹CH» in a .VnTime run is «KẾ HOẠCH»)."""
    letters = [c for c in line if "A" <= c <= "Z" or "a" <= c <= "z"]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def convert(text: str, encoding: str | None) -> str:
    if encoding in ("tcvn3", "tcvn3-caps"):
        out = tcvn3_to_unicode(text, capitals=encoding == "tcvn3-caps")
    elif encoding == "vni":
        out = vni_to_unicode(text)
    else:
        return text
    return "\n".join(new.upper() if _capitals_line(old) else new for old, new in zip(text.split("\n"), out.split("\n")))


def looks_unicode_vietnamese(text: str) -> bool:
    return bool(_VIETNAMESE.search(text))


def detect(text: str) -> str | None:
    """Guess a legacy encoding of text with no font information, or None for Unicode text."""
    sample = text[:200_000]
    vietnamese = len(_VIETNAMESE.findall(sample))
    if vietnamese > len(sample) * 0.01:  # plainly Unicode Vietnamese: no need to count letters
        return None
    letters = len(_LETTER.findall(sample))
    if not letters or vietnamese > letters * 0.01:
        return None
    # VNI writes tones as ø ù û õ ï after the vowel: frequent, and almost always after a vowel.
    marks = [i for i, ch in enumerate(sample) if ch in _VNI_TONES]
    if len(marks) > letters * 0.03:
        after_vowel = sum(1 for i in marks if i and sample[i - 1] in _VNI_BASES)
        if after_vowel >= 0.8 * len(marks):
            return "vni"
    signs = sum(1 for ch in sample if ch in _TCVN3_SIGNS)
    if signs > letters * 0.03:
        return "tcvn3"
    return None


ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC)", "tcvn3-caps": "TCVN3 (ABC)", "vni": "VNI-Windows"}
