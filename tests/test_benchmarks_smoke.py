"""The benchmarks still run (tiny sizes, one repetition): no timing is asserted here."""
from __future__ import annotations

import importlib
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))


@pytest.mark.parametrize("name", ["bench_startup", "bench_import", "bench_report", "bench_memory",
                                  "bench_pdf_digital", "bench_pdf_scanned"])
def test_benchmark_runs_and_gives_a_row(name):
    import shutil

    if name.startswith("bench_pdf") and not (shutil.which("soffice") and shutil.which("pdftoppm")):
        pytest.skip("LibreOffice and pdftoppm make the PDF benchmarks' files")
    if name == "bench_pdf_scanned":
        from tthc_desktop.importers.ocr import ocr_available

        if ocr_available():
            pytest.skip("Tesseract with Vietnamese data is not installed")
    result = importlib.import_module(name).run(quick=True)
    assert result.program > 0 and result.baseline > 0
    row = result.row()
    assert row.startswith(f"| {result.name} |") and row.count("|") == 7


def test_run_all_writes_the_table(tmp_path):
    run_all = importlib.import_module("run_all")
    out = tmp_path / "benchmarks.md"
    assert run_all.main(["--quick", "--only", "board", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "| CPU |" in text and "| PySide6 |" in text
    assert "board open" in text and "## Results" in text
