"""PDF plans: digital (LibreOffice print of a .docx) and scanned (the same pages as pictures)."""
import os
import shutil
from pathlib import Path

import pytest

from tests.fixtures.plan_shapes import HEADER, docx_plan, pdf_source_rows, scanned_pdf, to_pdf
from tthc_desktop.importers import read_plan

WIDTHS = [1.2, 6.0, 3.5, 2.6, 2.8, 2.4]
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")


def _units(plan):
    return [(t.number, t.parent, t.schedule.to_json(), t.lead, t.coordinate) for t in plan.tasks]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("pdf")
    source = docx_plan(tmp / "plan.docx", HEADER, pdf_source_rows(3, 7), widths_cm=WIDTHS)
    return source, to_pdf(source, tmp)


@needs_soffice
def test_digital_pdf_parses_like_its_docx(printed):
    source, pdf = printed
    doc, from_pdf = read_plan(source), read_plan(pdf)
    assert from_pdf.format == "pdf" and len(from_pdf.tasks) == 21
    assert [(s.code, s.title) for s in from_pdf.sections] == [(s.code, s.title) for s in doc.sections]
    assert _units(from_pdf) == _units(doc)
    assert [t.content for t in from_pdf.tasks] == [t.content for t in doc.tasks]
    assert (from_pdf.title, from_pdf.year, from_pdf.issuer) == (doc.title, doc.year, doc.issuer)
    assert not any(t.ocr for t in from_pdf.tasks)


def test_cli_parses_a_pdf_to_json(printed, capsys):
    import json

    from tthc_desktop.cli.main import run

    assert run(["plan", "parse", str(printed[1]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["format"] == "pdf" and len([t for s in data["sections"] for t in s["tasks"]]) == 21


def test_broken_pdf_is_one_sentence(tmp_path):
    from tthc_desktop.errors import BadInputError

    bad = tmp_path / "hỏng.pdf"
    bad.write_bytes(b"%PDF-1.4\n%broken beyond repair\n")
    with pytest.raises(BadInputError) as err:
        read_plan(bad)
    assert "hỏng.pdf" in str(err.value) and "\n" not in str(err.value)


def _has_tesseract():
    from tthc_desktop.importers.ocr import ocr_available

    return ocr_available() is None


needs_ocr = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("soffice")),
                               reason="pdftoppm or LibreOffice is not installed")


@pytest.fixture(scope="module")
def scanned(printed):
    if not _has_tesseract():
        pytest.skip("Tesseract with Vietnamese data (tesseract-ocr, tesseract-ocr-vie) is not installed")
    return scanned_pdf(printed[1], printed[1].with_name("scan.pdf"), dpi=200)


@pytest.fixture(scope="module")
def ocr_read(scanned):
    calls = []
    plan = read_plan(scanned, progress=lambda *args: calls.append(args))
    return plan, calls


@needs_ocr
def test_scanned_pdf_parses_through_ocr(printed, ocr_read):
    doc, (plan, calls) = read_plan(printed[0]), ocr_read
    pages = calls[-1][1]
    assert pages >= 2 and calls[-1][:2] == (pages, pages)  # one report before and after every page
    assert len(calls) == 2 * pages and "trang 1/" in calls[0][2]
    expected = {t.number: t.schedule.to_json() for t in doc.tasks}
    right = sum(1 for t in plan.tasks if expected.get(t.number) == t.schedule.to_json())
    assert right >= 0.9 * len(doc.tasks)
    units = {t.number: (t.lead, t.coordinate) for t in doc.tasks}
    assert sum(1 for t in plan.tasks if units.get(t.number) == (t.lead, t.coordinate)) >= 0.9 * len(doc.tasks)
    assert len(plan.tasks) <= len(doc.tasks) + 1
    assert plan.tasks and all(t.ocr for t in plan.tasks)  # every cell is for the officer to check
    assert all(s.ocr for s in plan.sections)
    assert [s.code for s in plan.sections] == ["I", "II", "III"]
    assert any("bản quét" in w for w in plan.warnings)
    assert plan.year == 2025


def test_scanned_pdf_without_tesseract_is_one_sentence_and_exit_3(printed, tmp_path, monkeypatch, capsys):
    from PIL import Image

    from tthc_desktop.cli.main import run
    from tthc_desktop.importers import ocr

    scan = tmp_path / "scan.pdf"
    Image.new("L", (850, 1100), 255).save(scan, "PDF", resolution=100.0)
    monkeypatch.setattr(ocr, "tesseract_command", lambda: None)
    assert run(["plan", "parse", str(scan), "--json"]) == 3
    err = capsys.readouterr().err.strip()
    assert "Tesseract" in err and "scan.pdf" in err and len(err.splitlines()) == 1


def test_ocr_corrections_against_the_vocabulary():
    from tthc_desktop.importers.ocr_fixes import fix_cells, fix_heading, fix_number, fix_text

    assert [fix_number(t) for t in ("Il", "l", "IV.", "1O", "l2", "5", "1.2")] == ["II", "I", "IV", "10", "12", "5",
                                                                                 "1.2"]
    assert fix_heading("HI. RÀ SOÁT") == "III. RÀ SOÁT" and fix_heading("IL BAN HÀNH") == "I. BAN HÀNH"
    assert fix_text("Trước ngày 15/O2/2O25") == "Trước ngày 15/02/2025"
    assert fix_text("Các sở,ban ngành; UBNDcấp huyện") == "Các sở, ban ngành; UBND cấp huyện"
    assert fix_cells(["Il. KIỂM TRA", "Il. KIỂM TRA"], 0) == ["II. KIỂM TRA", "II. KIỂM TRA"]


def test_a_space_ocr_lost_inside_a_known_name_is_put_back_with_a_warning():
    from tthc_desktop.domain.agencies import responsible_pairs

    pairs, warnings = responsible_pairs("Các sở, ban ngành UBND cấphuyện", default="coordinate")
    assert pairs == [("Các sở, ban ngành", "coordinate"), ("UBND cấp huyện", "coordinate")]
    assert warnings == ["Đã đọc «UBND cấphuyện» là «UBND cấp huyện» (chữ bị nhận dạng sai); hãy kiểm tra lại."]
    assert responsible_pairs("Sở Tưpháp")[0] == [("Sở Tư pháp", "lead")]
    assert responsible_pairs("UBND cấp huyện")[1] == []  # a right name is left alone, without a warning


def test_table_found_from_ruling_lines_without_opencv():
    import numpy as np

    from tthc_desktop.importers.ocr import find_cells

    ink = np.zeros((900, 1200), dtype=bool)
    for y in (100, 300, 500, 800):
        ink[y:y + 3, 100:1100] = True
    for x in (100, 400, 1100):
        ink[100:800, x:x + 3] = True
    ink[300:800, 700:703] = True  # the first row spans the last two columns
    for y in range(320, 480, 30):  # dense text must not look like a line
        ink[y:y + 20, 120:380:4] = True
    box, cells, _, _ = find_cells(ink)
    assert box == (101.5, 101.5, 1101.5, 801.5)
    assert len(cells) == 8  # row 1: two cells (no separator at x=700); rows 2 and 3: three each


def test_ocr_is_cancelled_between_pages(scanned):
    from tthc_desktop.errors import BadInputError

    with pytest.raises(BadInputError, match="hủy"):
        read_plan(scanned, is_cancelled=lambda: True)


@needs_ocr
def test_preview_marks_ocr_cells_until_checked(ocr_read, qtbot, tmp_path):
    from tthc_desktop.ui.plans.import_preview import CHECK_COLUMN, COLUMNS, OCR_BRUSH, ImportPreviewDialog

    plan = ocr_read[0]
    dialog = ImportPreviewDialog(None, plan)
    qtbot.addWidget(dialog)
    assert dialog.tree.headerItem().text(len(COLUMNS)) == CHECK_COLUMN
    task = plan.tasks[1]
    item = dialog._items[id(task)]
    assert item.background(len(COLUMNS)).color() == OCR_BRUSH.color()
    assert "chưa kiểm tra" in dialog.summary.text()
    dialog.select_task(task.number)
    assert dialog.cells.item(1, 1).background().color() == OCR_BRUSH.color()
    dialog.set_checked(task)
    assert id(task) in dialog.checked
    assert item.background(len(COLUMNS)).color() != OCR_BRUSH.color()
    assert f"{len(plan.tasks) - 1} dòng chưa kiểm tra" in dialog.summary.text()
    dialog.resize(1300, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot = Path(os.environ.get("TTHC_SHOT_DIR", tmp_path)) / "ocr_preview.png"
    assert dialog.grab().save(str(shot)) and shot.stat().st_size > 10_000


@needs_soffice
def test_pdf_with_a_two_row_merged_header(tmp_path):
    from tests.fixtures.plan_shapes import two_row_header_docx

    source = two_row_header_docx(tmp_path / "h2.docx", pdf_source_rows(2, 3))
    doc, from_pdf = read_plan(source), read_plan(to_pdf(source, tmp_path))
    assert from_pdf.source_columns[3:5] == ["Cơ quan thực hiện Chủ trì", "Cơ quan thực hiện Phối hợp"]
    assert _units(from_pdf) == _units(doc) and len(doc.tasks) == 6
    assert [(s.code, s.title) for s in from_pdf.sections] == [(s.code, s.title) for s in doc.sections]
