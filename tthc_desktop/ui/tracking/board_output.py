"""The task board's current view (its filters, its visible columns, its order) printed or saved as Excel."""
from __future__ import annotations

from pathlib import Path

from tthc_desktop.domain.text import format_date
from tthc_desktop.ui.common.page_keys import view_rows


def _title(page) -> tuple[str, str]:
    filters = [box.currentText() for box in (page.unit_box, page.section_box, page.status_box, page.window_box)
               if box.currentData() is not None]
    if page.search.text().strip():
        filters.append(f"có «{page.search.text().strip()}»")
    subtitle = (f"Lọc: {', '.join(filters)} · " if filters else "") + page.count.text() + \
        f" · in ngày {format_date(page.today)}"
    return f"Theo dõi nhiệm vụ — {page.ctx.period.label}", subtitle


def print_board(page):
    from tthc_desktop.ui.common.printing import print_table

    headers, rows = view_rows(page.view)
    title, subtitle = _title(page)
    return print_table(page, title, headers, rows, subtitle)


def export_board_xlsx(page) -> Path | None:
    """«Xuất Excel»: the rows on screen into the officer's documents folder, then «Đã lập …»."""
    from tthc_desktop.services.printing import export_table_xlsx
    from tthc_desktop.services.tracking import safe_file_name
    from tthc_desktop.ui.common.output_dialog import output_folder, show_made
    from tthc_desktop.ui.common.workers import show_error

    headers, rows = view_rows(page.view)
    title, subtitle = _title(page)
    header = page.view.horizontalHeader()
    widths = [max(8, header.sectionSize(c) // 7) for c in sorted(
        (c for c in range(header.count()) if not header.isSectionHidden(c)), key=header.visualIndex)]
    target = output_folder() / safe_file_name(f"Theo doi nhiem vu {page.ctx.period.code}.xlsx")
    try:
        path = export_table_xlsx(target, f"{title} ({subtitle})", headers, rows, widths)
    except Exception as exc:  # noqa: BLE001 - one sentence, never a traceback
        show_error(page, exc, title="Không xuất được danh sách")
        return None
    page.ctx.status_message.emit(f"Đã xuất danh sách nhiệm vụ: {path}")
    show_made(page, f"danh sách {len(rows)} nhiệm vụ", [path])
    return path
