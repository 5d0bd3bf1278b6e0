"""Exporting the units' report sheets and importing the returned ones with a preview before anything is written."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tthc_desktop.domain import status as st
from tthc_desktop.services import unit_reports
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body
from tthc_desktop.ui.common.screen_fit import fit_to_screen
from tthc_desktop.ui.common.workers import error_text, run_with_progress, show_error

KIND_LABELS = {"new": "Mới", "changed": "Thay đổi", "same": "Không đổi", "blank": "Để trống"}


def export_sheets(parent: QWidget, ctx) -> list[Path]:
    """One sheet per unit into «Phieu don vi <kỳ>» of the officer's documents folder, then «Đã lập …»."""
    from tthc_desktop.ui.common.output_dialog import output_folder, show_made

    period = ctx.period
    try:
        folder = output_folder(f"Phieu don vi {period.code}")
        files = run_with_progress(parent, lambda _p: unit_reports.export_unit_sheets(ctx.db, period, folder),
                                  title="Xuất phiếu báo cáo", label="Đang tạo phiếu cho từng đơn vị…")
    except Exception as exc:
        show_error(parent, exc)
        return []
    ctx.status_message.emit(f"Đã tạo {len(files)} phiếu báo cáo {period.label} trong thư mục {folder}")
    show_made(parent, f"{len(files)} phiếu báo cáo {period.label} cho các đơn vị", files)
    return files


class ImportPreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, previews: list, errors: list[str]):
        super().__init__(parent)
        self.setWindowTitle("Xem trước phiếu báo cáo của các đơn vị")
        fit_to_screen(self, 900, 520)
        layout = QVBoxLayout()  # the body: a long list of files and refusals scrolls above the fixed buttons
        layout.setContentsMargins(0, 0, 0, 0)
        summary = "\n".join(p.summary() for p in previews)
        if errors:
            summary += "\n\nKhông nhập:\n" + "\n".join(f"• {e}" for e in errors)
        info = QLabel(summary, wordWrap=True)
        layout.addWidget(info)
        rows = [(p, c) for p in previews for c in p.changes if c.kind != "blank"]
        table = QTableWidget(len(rows), 6)
        table.setHorizontalHeaderLabels(["Đơn vị", "Nhiệm vụ", "Thay đổi", "Trạng thái mới", "Kết quả thực hiện",
                                         "Cần xem lại"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (p, c) in enumerate(rows):
            before = st.status_label(c.before["status"]) + " → " if c.before and c.kind == "changed" else ""
            values = [p.unit_name, c.number, KIND_LABELS[c.kind], before + st.status_label(c.status),
                      c.values["result"], c.conflict]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c.conflict:
                    item.setBackground(QColor("#fff3cd"))
                table.setItem(r, col, item)
        table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnsToContents()
        layout.addWidget(table, 1)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Ghi vào cơ sở dữ liệu")
        ok.setEnabled(any(c.kind in ("new", "changed") for p in previews for c in p.changes))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fixed_buttons_scroll_body(self, layout, buttons)


def import_sheets(parent: QWidget, ctx, paths: list[Path]) -> bool:
    """Preview every file (refused ones listed with their reason), apply the valid ones on confirmation."""
    previews, errors = [], []
    for path in paths:
        try:
            previews.append(unit_reports.preview_unit_sheet(ctx.db, path, ctx.period))
        except Exception as exc:
            errors.append(error_text(exc))
    if not previews:
        QMessageBox.warning(parent, "Không nhập được phiếu báo cáo", "\n".join(errors))
        return False
    dialog = ImportPreviewDialog(parent, previews, errors)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        written = sum(unit_reports.apply_unit_sheet(ctx.db, p) for p in previews)
    except Exception as exc:
        show_error(parent, exc)
        return False
    ctx.status_message.emit(f"Đã ghi kết quả {written} nhiệm vụ từ {len(previews)} phiếu báo cáo.")
    return True
