"""Printing with a preview (QPrintPreviewDialog): HTML views of lists and of written documents.

Every preview goes through ``preview_html``; tests replace ``QPrintPreviewDialog.exec`` and read
``last_preview`` (the document that would have been printed).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter
from PySide6.QtWidgets import QWidget

last_preview: dict = {}


def preview_html(parent: QWidget | None, title: str, html: str, landscape: bool = True) -> QPrintPreviewDialog:
    document = QTextDocument()
    document.setHtml(html)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Xem trước khi in — {title}")
    dialog.paintRequested.connect(document.print_)
    from tthc_desktop.ui.common.screen_fit import fit_to_screen

    fit_to_screen(dialog, 1200, 760)
    last_preview.clear()
    last_preview.update(title=title, html=html, document=document)
    dialog.exec()
    return dialog


def print_table(parent: QWidget | None, title: str, headers: list[str], rows: list[list[str]], subtitle: str = ""):
    from tthc_desktop.services.printing import table_html

    return preview_html(parent, title, "<html><body>" + table_html(headers, rows, title, subtitle) + "</body></html>")


def print_file(parent: QWidget | None, path: Path) -> QPrintPreviewDialog | None:
    """A written .docx/.xlsx: read (through LibreOffice when installed) off the UI thread, then previewed."""
    from tthc_desktop.services.printing import file_html
    from tthc_desktop.ui.common.workers import run_with_progress, show_error

    try:
        html = run_with_progress(parent, lambda _p: file_html(Path(path)), title="In", label=f"Đang chuẩn bị «{Path(path).name}»…")
    except Exception as exc:  # noqa: BLE001 - one sentence, never a traceback
        show_error(parent, exc, title="Không in được")
        return None
    return preview_html(parent, Path(path).name, html, landscape=Path(path).suffix.lower() != ".docx")
