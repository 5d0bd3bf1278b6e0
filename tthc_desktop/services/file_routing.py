"""Which import takes a file the officer opened or dropped on the window: one rule for every face."""
from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from tthc_desktop.domain.text import fold
from tthc_desktop.domain.workbook_layout import META_SHEET

PLAN_SUFFIXES = frozenset({".docx", ".xlsx", ".xlsm", ".txt", ".md"})
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})

PLAN = "plan"
UNIT_SHEET = "unit_sheet"
FORM = "form"


def file_kind(path: Path) -> str | None:
    """``UNIT_SHEET`` (a unit's returned report sheet), ``FORM`` (a filled II.05a/II.06a), ``PLAN``, or None.

    Cheap checks on the workbook's XML (no openpyxl): the importer that takes the file checks it fully.
    """
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        if is_unit_sheet(path):
            return UNIT_SHEET
        if is_form_workbook(path):
            return FORM
    return PLAN if suffix in PLAN_SUFFIXES else None


def is_unit_sheet(path: Path) -> bool:
    """Does the workbook carry the hidden sheet of a unit report sheet?"""
    try:
        with zipfile.ZipFile(path) as z:
            return f'name="{META_SHEET}"'.encode() in z.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


_FORM_LABEL = re.compile(r"^bieu(?: mau)?(?: so)?:? ii\.0\d[a-z]/vpcp/kstt$")


def is_form_workbook(path: Path) -> bool:
    """Cheap check (no openpyxl): a cell holding exactly a form label such as "Biểu số II.06a/VPCP/KSTT".

    A plan retyped in Excel may mention the forms inside a task's text, never as a cell of its own.
    """
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n == "xl/sharedStrings.xml" or n.startswith("xl/worksheets/sheet")]
            for name in names[:6]:
                data = z.read(name)[:4_000_000].decode("utf-8", "replace")
                for text in re.findall(r"<t[^>]*>([^<]{6,60})</t>", data):
                    if _FORM_LABEL.match(fold(html.unescape(text)).strip()):
                        return True
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    return False


