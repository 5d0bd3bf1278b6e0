"""Paragraph-level Word helpers (Times New Roman, body style, headings, short rules) for every document."""
from __future__ import annotations

import re
import unicodedata
from copy import deepcopy

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
FIRST_LINE_INDENT_CM = 1.0
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_PBDR_SUCCESSORS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_MARKUP = re.compile(r"(\*\*.+?\*\*|\*[^*\s][^*]*?\*)")


def _on(tag: str):
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    return el



def clean_text(text: str) -> str:
    """What Word can hold: no control characters, tabs as spaces, NFC (one code point per letter)."""
    return unicodedata.normalize("NFC", _NOT_XML.sub("", (text or "").replace("\t", " ")))


def add_runs(para: Paragraph, text: str, *, size: float | None = None, bold: bool = False,
             italic: bool = False, markup: bool = False) -> Paragraph:
    """Append text; with ``markup`` "**x**" is bold and "*x*" italic. Newlines become line breaks."""
    text = clean_text(text)
    pieces = _MARKUP.split(text) if markup else [text]
    for piece in pieces:
        if not piece:
            continue
        b, i = bold, italic
        if markup and piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            piece, b = piece[2:-2], True
        elif markup and piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            piece, i = piece[1:-1], True
        for n, line in enumerate(piece.split("\n")):
            run = para.add_run(line)
            if n:
                run._r.insert(0, OxmlElement("w:br"))
            run._r.insert(0, deepcopy(_run_format(b, i, size)))
    return para


# Formatting through python-docx's property setters dominates the time of writing a long document;
# each distinct format is built once that way and its XML copied (the result is identical).
_RUN_FORMATS: dict[tuple, object] = {}
_PARAGRAPH_FORMATS: dict[tuple, object] = {}


def _run_format(bold: bool, italic: bool, size: float | None):
    key = (bool(bold), bool(italic), size)
    if key not in _RUN_FORMATS:
        run = Paragraph(OxmlElement("w:p"), None).add_run("x")
        run.bold = bold or None
        run.italic = italic or None
        run.font.name = FONT
        if size:
            run.font.size = Pt(size)
        _RUN_FORMATS[key] = run._r.rPr
    return _RUN_FORMATS[key]


def _format_paragraph(para: Paragraph, align: str, indent: bool, before: float, after: float,
                      line_spacing: float | None, keep_with_next: bool) -> None:
    fmt = para.paragraph_format
    para.alignment = ALIGN[align]
    fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM) if indent else Cm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line_spacing:
        fmt.line_spacing = line_spacing
    if keep_with_next:
        fmt.keep_with_next = True


def paragraph(container, text: str = "", *, align: str = "justify", bold: bool = False, italic: bool = False,
              size: float | None = None, indent: bool = True, before: float = 0, after: float = 6,
              line_spacing: float | None = None, markup: bool = False, keep_with_next: bool = False) -> Paragraph:
    """One paragraph in ``container`` (document or cell). Body default: justified, first-line indent."""
    para = container.add_paragraph()
    key = (align, bool(indent), before, after, line_spacing, bool(keep_with_next))
    if para._p.pPr is None:
        if key not in _PARAGRAPH_FORMATS:
            sample = Paragraph(OxmlElement("w:p"), None)
            _format_paragraph(sample, *key)
            _PARAGRAPH_FORMATS[key] = sample._p.pPr
        para._p.insert(0, deepcopy(_PARAGRAPH_FORMATS[key]))
    else:
        _format_paragraph(para, *key)
    add_runs(para, text, size=size, bold=bold, italic=italic, markup=markup)
    return para


def body(doc, text: str, *, markup: bool = True, **kw) -> Paragraph:
    """A body paragraph: 14 pt, justified, first-line indent 1 cm, 6 pt after, "**bold**" markup allowed."""
    return paragraph(doc, text, markup=markup, **kw)


def heading(doc, text: str, level: int = 1) -> Paragraph:
    """Level 1 "I. MỤC ĐÍCH, YÊU CẦU" (bold capitals), 2 "1. Mục đích" (bold), 3 "a) Kỳ báo cáo" (italic)."""
    if level == 1:
        return paragraph(doc, text.upper(), bold=True, keep_with_next=True, before=6)
    if level == 2:
        return paragraph(doc, text, bold=True, keep_with_next=True)
    return paragraph(doc, text, italic=True, keep_with_next=True)


def rule(container, width_cm: float, column_cm: float, *, after: float = 0) -> Paragraph:
    """A short centred horizontal line (a bottom border on an empty paragraph) of ``width_cm``."""
    para = container.add_paragraph()
    side = max(0.0, (column_cm - width_cm) / 2)
    fmt = para.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(side), Cm(side)
    fmt.first_line_indent = Cm(0)
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.line_spacing = Pt(2)
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    # Word rejects a file whose pPr children are out of schema order: pBdr goes before these.
    ppr.insert_element_before(borders, *_PBDR_SUCCESSORS)
    run = para.add_run()
    run.font.size = Pt(2)
    return para


def balanced_lines(text: str, width_cm: float, size_pt: float, bold: bool = False) -> str:
    """Break a heading that does not fit on one line into two lines of similar length, at a space."""
    if "\n" in text or estimate_width_cm(text, size_pt, bold) <= width_cm:
        return text
    words = text.split()
    best = min(range(1, len(words)), key=lambda k: max(len(" ".join(words[:k])), len(" ".join(words[k:]))),
               default=0)
    return text if not best else " ".join(words[:best]) + "\n" + " ".join(words[best:])


def estimate_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """Rough printed width of one line of Times New Roman (mean glyph ≈ 0,47 em; bold ≈ 0,5 em)."""
    em = 0.50 if bold else 0.47
    return len(text) * size_pt * em * 2.54 / 72
