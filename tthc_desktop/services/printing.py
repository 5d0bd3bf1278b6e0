"""What the window prints and the board's «Xuất Excel»: written documents as HTML, a table as .xlsx.

A .docx/.xlsx is printed through LibreOffice's HTML conversion when ``soffice`` is installed (its
layout is the closest to Word's), else through a plain HTML view of its paragraphs and tables.
"""
from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from tthc_desktop.errors import UsageError

CONVERT_TIMEOUT_S = 90


def converter() -> str | None:
    """The LibreOffice command, when installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (Path(r"C:\Program Files\LibreOffice\program\soffice.exe"),
                      Path(r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")):
        if candidate.is_file():
            return str(candidate)
    return None


def file_html(path: Path, use_converter: bool = True) -> str:
    """A written .docx/.xlsx as HTML for the print preview; UsageError for any other file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".xlsx", ".xlsm"):
        raise UsageError(f"Không in được tệp «{path.name}»: chỉ in được tệp Word (.docx) và Excel (.xlsx).")
    if not path.is_file():
        raise UsageError(f"Không tìm thấy tệp «{path}».")
    command = converter() if use_converter else None
    if command:
        converted = _converted_html(command, path)
        if converted:
            return converted
    return _docx_html(path) if suffix == ".docx" else _xlsx_html(path)


def _converted_html(command: str, path: Path) -> str | None:
    with tempfile.TemporaryDirectory(prefix="tthc-in-") as tmp:
        profile = Path(tmp) / "profile"
        try:
            subprocess.run([command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                            "html", "--outdir", tmp, str(path)], capture_output=True, timeout=CONVERT_TIMEOUT_S,
                           check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        out = Path(tmp) / f"{path.stem}.html"
        return out.read_text(encoding="utf-8", errors="replace") if out.is_file() else None


def _docx_html(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    parts = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(block, document)
            align = {1: "center", 2: "right", 3: "justify"}.get(int(p.alignment or 0), "left")
            bold = any(r.bold for r in p.runs) and all(r.bold or not r.text.strip() for r in p.runs)
            text = html.escape(p.text)
            parts.append(f'<p align="{align}">{"<b>" + text + "</b>" if bold and text else text}</p>')
        elif tag == "tbl":
            rows = [[c.text for c in row.cells] for row in Table(block, document).rows]
            parts.append(table_html(rows[0] if rows else [], rows[1:]))
    return _page("".join(parts))


def _xlsx_html(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(str(path), read_only=True, data_only=True)
    parts = []
    for sheet in book.worksheets:
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        rows = [r for r in rows if any(v.strip() for v in r)]
        parts.append(f"<h3>{html.escape(sheet.title)}</h3>" + table_html(rows[0] if rows else [], rows[1:]))
    book.close()
    return _page("".join(parts))


def table_html(headers: list[str], rows: list[list[str]], title: str = "", subtitle: str = "") -> str:
    """One bordered table (the board's print view and the fallback for documents)."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    top = (f"<h2>{html.escape(title)}</h2>" if title else "") + (f"<p>{html.escape(subtitle)}</p>" if subtitle else "")
    return (f'{top}<table border="1" cellspacing="0" cellpadding="3" width="100%">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _page(body: str) -> str:
    return ('<html><head><meta charset="utf-8"><style>body { font-family: "Times New Roman"; font-size: 12pt; }'
            " th { background: #eee; }</style></head><body>" + body + "</body></html>")


def export_table_xlsx(path: Path, title: str, headers: list[str], rows: list[list],
                      widths: list[int] | None = None) -> Path:
    """«Xuất Excel» of a list on screen (the board's current view)."""
    from tthc_desktop.exporters.table_xlsx import write_table_xlsx

    return write_table_xlsx(Path(path), title, headers, rows, widths)
