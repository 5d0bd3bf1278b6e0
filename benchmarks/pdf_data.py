"""The PDF plans the PDF benchmarks read: a .docx plan (tests.fixtures.plan_shapes) printed by
LibreOffice, and its first pages rasterised at 200 dpi and wrapped as an image-only PDF."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from common import REPO  # noqa: F401  (puts the repository on sys.path)

CACHE = Path(tempfile.gettempdir()) / "tthc_bench_pdf"
WIDTHS = [1.2, 6.0, 3.5, 2.6, 2.8, 2.4]


def digital_pdf(sections: int, per_section: int) -> Path:
    from tests.fixtures.plan_shapes import HEADER, docx_plan, pdf_source_rows, to_pdf

    CACHE.mkdir(exist_ok=True)
    pdf = CACHE / f"plan_{sections}x{per_section}.pdf"
    if not pdf.exists():
        source = docx_plan(CACHE / f"plan_{sections}x{per_section}.docx", HEADER, pdf_source_rows(sections, per_section),
                           widths_cm=WIDTHS)
        to_pdf(source, CACHE)
    return pdf


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def page_images(pdf: Path, pages: int, dpi: int = 200) -> list[Path]:
    out = CACHE / f"{pdf.stem}_{pages}p_{dpi}"
    out.mkdir(exist_ok=True)
    if not list(out.glob("p*.png")):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", str(pages), str(pdf),
                        str(out / "p")], check=True, capture_output=True, timeout=300)
    return sorted(out.glob("p*.png"))


def scanned_pdf(pdf: Path, pages: int) -> Path:
    from PIL import Image

    out = CACHE / f"{pdf.stem}_scan_{pages}p.pdf"
    if not out.exists():
        images = [Image.open(p).convert("L") for p in page_images(pdf, pages)]
        images[0].save(out, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return out
