"""Scanned PDF plans: page pictures → clean binary images → ruling lines → cells → Tesseract words.

Each page is rendered at 300 dpi (an upscale of the usual 200 dpi scans), median-filtered,
deskewed (the angle whose horizontal projection profile is sharpest) and thresholded (Otsu).
The table is found without OpenCV, from projection profiles of the binary image: a pixel row
mostly ink is a horizontal ruling line, a pixel column mostly ink within the table a vertical
one; a separator missing between two cells is a merge. The lines are then erased and the page
read once by Tesseract (Vietnamese); its words fall into the cells by position, exactly as a
digital PDF's words do (importers.pdf_cells). Every row read this way is flagged ``ocr``.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from tthc_desktop.errors import BadInputError
from tthc_desktop.importers.pdf_cells import Box, Word
from tthc_desktop.importers.table_logic import RawDocument

DPI = 300


def tesseract_command() -> str | None:
    """Tesseract next to the program (the Windows bundle), named by TTHC_TESSERACT, or on PATH."""
    import sys

    candidates = [os.environ.get("TTHC_TESSERACT", "")]
    base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    candidates += [str(base / "tesseract" / "tesseract.exe"), str(base / "tesseract" / "tesseract")]
    for c in candidates:
        if c and Path(c).is_file():
            if (Path(c).parent / "tessdata").is_dir():  # a bundled engine brings its own language data
                os.environ.setdefault("TESSDATA_PREFIX", str(Path(c).parent / "tessdata"))
            return c
    return shutil.which("tesseract")


def ocr_available() -> str | None:
    """None when OCR works here, else the one sentence saying why not."""
    try:
        import pytesseract
    except ImportError:
        return "máy này chưa có thư viện nhận dạng chữ (pytesseract)"
    cmd = tesseract_command()
    if not cmd:
        return "máy này chưa cài phần mềm nhận dạng chữ Tesseract"
    pytesseract.pytesseract.tesseract_cmd = cmd
    try:
        if "vie" not in pytesseract.get_languages(config=""):
            return "Tesseract trên máy này chưa có dữ liệu tiếng Việt (vie.traineddata)"
    except (pytesseract.TesseractError, OSError) as exc:
        return f"không chạy được Tesseract ({str(exc)[:60]})"
    return None


# -- image preparation ------------------------------------------------------------------------------
def otsu(gray) -> int:
    import numpy as np

    hist = np.bincount(gray.ravel(), minlength=256).astype(float)
    total = hist.sum()
    cum, cum_mean = np.cumsum(hist), np.cumsum(hist * np.arange(256))
    w0, w1 = cum, total - cum
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (cum_mean[-1] * w0 / total - cum_mean) ** 2 / (w0 * w1)
    return int(np.nanargmax(between[:-1]))


def skew_angle(image) -> float:
    """Degrees to rotate by so text lines are level (searched within ±3°)."""
    import numpy as np
    from PIL import Image, ImageFilter

    small = image.filter(ImageFilter.MedianFilter(3)).reduce(4)
    ink = np.asarray(small) < otsu(np.asarray(small))
    mask = Image.fromarray((ink * 255).astype("uint8"))
    best, best_score = 0.0, -1.0
    for tenth in range(-30, 31, 3):
        profile = np.asarray(mask.rotate(tenth / 10, resample=Image.NEAREST)).sum(axis=1, dtype=float)
        score = float((np.diff(profile) ** 2).sum())
        if score > best_score:
            best, best_score = tenth / 10, score
    return best


def prepare(image):
    """(greyscale page, ink mask) at 300 dpi, deskewed and thresholded (Otsu).

    The median filter (against scan speckle) is applied to the image Tesseract reads, not to
    the one the lines are found in: it would wipe out one-pixel ruling lines.
    """
    import numpy as np
    from PIL import Image

    gray = image.convert("L")
    angle = skew_angle(gray)
    if abs(angle) >= 0.2:
        gray = gray.rotate(angle, resample=Image.BICUBIC, fillcolor=255, expand=False)
    pixels = np.asarray(gray)
    return gray, pixels < otsu(pixels)


# -- ruling lines and cells ------------------------------------------------------------------------
def _runs(flags) -> list[tuple[int, int]]:
    out, start = [], None
    for i, f in enumerate(list(flags) + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i))
            start = None
    return out


def _long_runs(ink, axis: int, length: int):
    """Per pixel row (axis=1) or column (axis=0): how many places start a run of ``length`` ink pixels.

    Ruling lines are long unbroken runs; text, however dense, is not (a letter stem is short).
    """
    import numpy as np

    a = ink if axis == 1 else ink.T
    cs = np.concatenate([np.zeros((a.shape[0], 1), dtype=np.int32), np.cumsum(a, axis=1, dtype=np.int32)], axis=1)
    full = (cs[:, length:] - cs[:, :-length]) == length
    return full.sum(axis=1)


def find_cells(ink) -> tuple[Box | None, list[Box], list[tuple[int, int]], list[tuple[int, int]]]:
    """(table box, cell boxes, horizontal line bands, vertical line bands) from projection profiles."""
    height, width = ink.shape
    run = DPI // 4
    rows = _long_runs(ink, 1, run)
    hbands = [b for b in _runs(rows > 0.4 * width) if b[1] - b[0] < 15]
    if len(hbands) < 2:
        return None, [], [], []
    top, bottom = hbands[0][0], hbands[-1][1]
    cols = _long_runs(ink[top:bottom], 0, run)
    vbands = [b for b in _runs(cols > 0.3 * (bottom - top)) if b[1] - b[0] < 15]
    if len(vbands) < 2:
        return None, [], hbands, vbands
    ys = [(a + b) / 2 for a, b in hbands]
    xs = [(a + b) / 2 for a, b in vbands]

    def vertical_at(c: int, r: int) -> bool:  # is there a separator at vbands[c] across row band r
        a, b = vbands[c]
        y0, y1 = int(ys[r]) + 6, int(ys[r + 1]) - 6
        return y1 <= y0 or ink[y0:y1, max(a - 2, 0):b + 2].any(axis=1).mean() > 0.6

    def horizontal_at(r: int, c: int) -> bool:  # a separator at hbands[r] across column band c
        a, b = hbands[r]
        x0, x1 = int(xs[c]) + 6, int(xs[c + 1]) - 6
        return x1 <= x0 or ink[max(a - 2, 0):b + 2, x0:x1].any(axis=0).mean() > 0.6

    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            if c > 0 and not vertical_at(c, r):
                owner[(r, c)] = owner[(r, c - 1)]
            elif r > 0 and not horizontal_at(r, c) and owner.get((r - 1, c)) is not None:
                owner[(r, c)] = owner[(r - 1, c)]
            else:
                owner[(r, c)] = (r, c)
    spans: dict[tuple[int, int], list[int]] = {}
    for (r, c), o in owner.items():
        span = spans.setdefault(o, [r, c, r, c])
        span[2], span[3] = max(span[2], r), max(span[3], c)
    boxes = [(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]) for r0, c0, r1, c1 in spans.values()]
    return (xs[0], ys[0], xs[-1], ys[-1]), boxes, hbands, vbands


def erase_lines(gray, hbands, vbands, box: Box | None):
    import numpy as np
    from PIL import Image

    pixels = np.array(gray)
    if box is not None:
        x0, y0, x1, y1 = (int(v) for v in box)
        for a, b in hbands:
            pixels[max(a - 2, 0):b + 2, max(x0 - 3, 0):x1 + 3] = 255
        for a, b in vbands:
            pixels[max(y0 - 3, 0):y1 + 3, max(a - 2, 0):b + 2] = 255
    return Image.fromarray(pixels)


def ocr_words(image) -> list[Word]:
    import pytesseract

    # Tesseract's OpenMP threads slow a page down three times over on a small machine.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image, lang="vie", config="--psm 4", output_type=pytesseract.Output.DICT)
    words = []
    for text, conf, x, y, w, h in zip(data["text"], data["conf"], data["left"], data["top"], data["width"],
                                      data["height"]):
        if text.strip() and float(conf) >= 0:
            words.append(Word(text.strip(), float(x), float(x + w), float(y), float(y + h)))
    return words


def read_page(image) -> tuple[Box | None, list[Box], list[Word]]:
    from PIL import ImageFilter

    gray, ink = prepare(image)
    box, cells, hbands, vbands = find_cells(ink)
    clean = erase_lines(gray, hbands, vbands, box).filter(ImageFilter.MedianFilter(3))
    return box, cells, ocr_words(clean)


def read_scanned(path: Path, pages, progress=None, is_cancelled=None) -> RawDocument:
    """A PDF whose pages are all pictures, read by OCR; BadInputError when OCR is not available."""
    from tthc_desktop.importers.pdf_reader import add_items, page_items

    missing = ocr_available()
    if missing:
        raise BadInputError(f"Tệp «{path.name}» là bản quét (ảnh), cần nhận dạng chữ (OCR) nhưng {missing}; "
                            "hãy cài Tesseract có tiếng Việt, hoặc xin bản Word/PDF có chữ.")
    doc = RawDocument(format="pdf")
    for i, page in enumerate(pages):
        if is_cancelled and is_cancelled():
            raise BadInputError("Đã hủy việc nhận dạng chữ theo yêu cầu.")
        if progress:
            progress(i, len(pages), f"Nhận dạng chữ trang {i + 1}/{len(pages)}…")
        image = page.to_image(resolution=DPI).original
        box, cells, words = read_page(image)
        tables = [(box, cells)] if box is not None and len(cells) > 1 else []
        add_items(doc, page_items(words, tables, ocr=True, gap=DPI / 4))
        if progress:
            progress(i + 1, len(pages), f"Đã nhận dạng {i + 1}/{len(pages)} trang")
    doc.warnings.append(f"Tệp «{path.name}» là bản quét: chữ được nhận dạng tự động (OCR) trên {len(pages)} trang; "
                        "mọi ô đều được đánh dấu để cán bộ kiểm tra lại với bản gốc.")
    return doc
