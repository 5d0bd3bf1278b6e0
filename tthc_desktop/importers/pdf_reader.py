"""PDF plans: digital PDFs read with pdfplumber (tables from their ruling lines), scanned PDFs
(pages that are only pictures) through OCR (importers.ocr). Both give the same RawDocument
grids as a .docx, so one set of table rules applies.
"""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.errors import BadInputError
from tthc_desktop.importers import guard
from tthc_desktop.importers.pdf_cells import Box, Word, grid_rows, lines_of, paragraph_lines
from tthc_desktop.importers.table_logic import RawDocument, RawTable

MAX_PAGES = 300
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
             "intersection_tolerance": 3}


def _words(page) -> list[Word]:
    out = []
    for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname"]):
        out.append(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], "bold" in w["fontname"].lower()))
    return out


def _inside(w: Word, box: Box) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def has_text_layer(page) -> bool:
    return len(page.chars) > 20


def page_items(words: list[Word], tables: list[tuple[Box, list[Box]]], ocr: bool, gap: float):
    """("text", line) and ("table", rows) items of a page, top to bottom."""
    items = []
    outside = [w for w in words if not any(_inside(w, bbox) for bbox, _ in tables)]
    for bbox, cells in tables:
        items.append((bbox[1], "table", grid_rows(cells, [w for w in words if _inside(w, bbox)], ocr=ocr)))
    for line_words in lines_of(outside):
        for text in paragraph_lines(line_words, gap):
            items.append((line_words[0].top, "text", text))
    return [(kind, value) for _, kind, value in sorted(items, key=lambda item: item[0])]


def add_items(doc: RawDocument, items) -> None:
    for kind, value in items:
        if kind == "table":
            table = RawTable(value)
            table.before = list(doc.paragraphs[-6:]) if not doc.tables else list(doc.tables[-1].after[-6:])
            doc.tables.append(table)
        elif not doc.tables:
            doc.paragraphs.append(value)
        else:
            doc.tables[-1].after.append(value)


def read_pdf(path: Path, progress=None, is_cancelled=None) -> RawDocument:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
        pages = pdf.pages
    except (PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as exc:
        raise guard._refuse(path, "tệp PDF bị hỏng hoặc không đọc được.", detail=str(exc)) from exc
    except Exception as exc:  # pdfminer raises its own types for encrypted or broken files
        if "encrypt" in type(exc).__name__.lower() or "password" in str(exc).lower():
            raise guard._refuse(path, "tệp PDF được bảo vệ bằng mật khẩu; hãy bỏ mật khẩu rồi lưu lại.") from exc
        raise guard._refuse(path, "tệp PDF bị hỏng hoặc không đọc được.", detail=str(exc)) from exc
    with pdf:
        if len(pages) > MAX_PAGES:
            raise guard._refuse(path, f"tệp PDF có {len(pages)} trang, quá dài để là một kế hoạch "
                                      f"(giới hạn {MAX_PAGES} trang).")
        doc = RawDocument(format="pdf")
        scanned = [i for i, page in enumerate(pages) if not has_text_layer(page)]
        if scanned and len(scanned) == len(pages):
            from tthc_desktop.importers.ocr import read_scanned

            return read_scanned(path, pages, progress, is_cancelled)
        cells = 0
        for i, page in enumerate(pages):
            if is_cancelled and is_cancelled():
                break
            if i in scanned:
                doc.warnings.append(f"Trang {i + 1} của tệp PDF là ảnh quét, không có chữ; trang này chưa được đọc.")
                continue
            found = page.find_tables(_SETTINGS)
            tables = [(t.bbox, list(t.cells)) for t in found if len(t.cells) > 1]
            cells += sum(len(c) for _, c in tables)
            guard.check_cells(path, cells)
            add_items(doc, page_items(_words(page), tables, ocr=False, gap=18.0))
            if progress:
                progress(i + 1, len(pages))
    if not doc.tables and not any(p.strip() for p in doc.paragraphs):
        raise BadInputError(f"Tệp «{path.name}» không có chữ nào đọc được.")
    return doc
