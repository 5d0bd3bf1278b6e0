"""Reading a 5-page scanned PDF plan (200 dpi page pictures) vs Tesseract on the same page images.

Ours: ``tthc_desktop.importers.read_plan(path)``: each page rendered at 300 dpi, deskewed,
thresholded, the table found from its ruling lines, one Tesseract (vie) pass per page, words
placed into cells, corrections, then the table logic.
Baseline: ``pytesseract.image_to_string(image, lang="vie")`` on each 200 dpi page image (text only,
no table). Both run Tesseract single-threaded (OMP_THREAD_LIMIT=1).

Run: ``python benchmarks/bench_pdf_scanned.py [--repeat 1]``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Result, paired_medians, quick_repeat_main  # noqa: E402
from pdf_data import digital_pdf, page_images, scanned_pdf  # noqa: E402


def bare_ocr(images: list[Path]) -> int:
    import pytesseract
    from PIL import Image

    return sum(len(pytesseract.image_to_string(Image.open(p), lang="vie")) for p in images)


def run(quick: bool = False, repeat: int = 1) -> Result:
    from tthc_desktop.importers import read_plan

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pages = 1 if quick else 5
    source = digital_pdf(1, 3) if quick else digital_pdf(8, 30)
    path, images = scanned_pdf(source, pages), page_images(source, pages)
    plan = read_plan(path)
    # The read above was the warm-up (it also made the imports); OCR needs no other.
    t_ours, t_bare = paired_medians(lambda: read_plan(path), lambda: bare_ocr(images), 1 if quick else repeat,
                                    warmup=0)
    return Result(
        name="import scanned PDF plan (OCR)", data=f"{pages} pages at 200 dpi, {len(plan.tasks)} tasks read",
        program=t_ours, baseline=t_bare, target=3.0, baseline_name="tesseract (vie) on the page images",
        notes=[f"median of {1 if quick else repeat} alternating runs after a warm-up; Tesseract single-threaded"])


def main(argv: list[str] | None = None) -> int:
    return quick_repeat_main(__doc__.splitlines()[0], run, 1, argv)


if __name__ == "__main__":
    sys.exit(main())
