"""PDF plans: digital (LibreOffice print of a .docx) and scanned (the same pages as pictures)."""
import shutil

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
