"""Ctrl+P on Báo cáo định kỳ: the period's report as written by «Lập báo cáo» (its .docx, in the
officer's documents folder), through the print preview."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def report_file(ctx):
    from tthc_desktop.services.report import report_file_name
    from tthc_desktop.ui.common.output_dialog import output_folder

    return output_folder(f"Bao cao {ctx.period.code}") / report_file_name(ctx.period)


def print_report(page):
    from tthc_desktop.ui.common.printing import print_file

    path = report_file(page.ctx)
    if not path.is_file():
        QMessageBox.information(page, "Chưa có báo cáo để in",
                                f"Chưa lập báo cáo {page.ctx.period.label}: bấm «Lập báo cáo» ở thẻ «Báo cáo» trước.")
        return None
    return print_file(page, path)
