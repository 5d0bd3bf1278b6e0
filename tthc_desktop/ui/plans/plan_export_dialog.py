"""«Xuất kế hoạch của Sở»: where the Word file goes (the Excel file is written beside it) and whether to add the
annex of the province's tasks the department left out, with the reason for each — the same service as
``tthc plan export --dropped-annex``. The choice is remembered on this PC."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QWidget,
)

from tthc_desktop.ui.common import file_dialogs
from tthc_desktop.ui.common.dialog_buttons import accept_cancel

ANNEX_SETTING = "plan_export/dropped_annex"
ANNEX_TEXT = "Kèm phụ lục nhiệm vụ không thực hiện (và lý do)"
NO_DROPPED_TIP = "Kế hoạch này không bỏ nhiệm vụ nào của tỉnh nên không có phụ lục này."


class PlanExportDialog(QDialog):
    def __init__(self, parent: QWidget | None, target: Path, dropped_count: int):
        super().__init__(parent)
        self.setWindowTitle("Xuất kế hoạch của Sở")
        self.setMinimumWidth(620)
        self.path = QLineEdit(str(target))
        choose = self.choose_button = QPushButton("Chọn…")
        choose.setToolTip("Chọn thư mục và tên tệp Word")
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        self.annex = QCheckBox(ANNEX_TEXT)
        if dropped_count:
            self.annex.setChecked(file_dialogs.window_settings().value(ANNEX_SETTING, False, bool))
            self.annex.setToolTip(f"Thêm phụ lục «Nhiệm vụ của tỉnh không đưa vào kế hoạch của Sở»: {dropped_count} "
                                  "nhiệm vụ, mỗi nhiệm vụ kèm lý do (trong tệp Word và tệp Excel)")
        else:
            self.annex.setEnabled(False)
            self.annex.setToolTip(NO_DROPPED_TIP)
        form = QFormLayout(self)
        form.addRow("Tệp Word:", where)
        form.addRow("", QLabel("Bảng phụ lục Excel (.xlsx) được ghi bên cạnh, cùng tên.", wordWrap=True))
        form.addRow("", self.annex)
        form.addRow(accept_cancel(self, "Xuất"))

    def _choose(self) -> None:
        current = self.target()
        chosen = file_dialogs.save_file(self, "Xuất kế hoạch của Sở", current.name if current else "Ke hoach KSTTHC.docx",
                                        "Tài liệu Word (*.docx)")
        if chosen is not None:
            self.path.setText(str(Path(chosen).with_suffix(".docx")))

    def target(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text).with_suffix(".docx") if text else None

    def with_annex(self) -> bool:
        return self.annex.isEnabled() and self.annex.isChecked()

    def accept(self) -> None:
        target = self.target()
        if target is None or not target.parent.is_dir():
            QMessageBox.warning(self, "Chưa chọn tệp", "Hãy chọn một thư mục có sẵn và tên tệp Word để xuất kế hoạch.")
            return
        if self.annex.isEnabled():
            file_dialogs.window_settings().setValue(ANNEX_SETTING, self.annex.isChecked())
        file_dialogs.remember_folder("export", target)
        super().accept()


def export_plan_files(parent: QWidget, ctx, plan_id: int, year: int) -> list[Path]:
    """Ask where to write the .docx (the .xlsx goes beside it) and whether to add the dropped-task annex, then
    write both off the UI thread."""
    from tthc_desktop.services.decisions import dropped
    from tthc_desktop.services.plan_export import export_plan
    from tthc_desktop.ui.common.output_dialog import show_made
    from tthc_desktop.ui.common.workers import run_with_progress, show_error

    suggested = Path(file_dialogs.last_folder("export")) / f"Ke hoach KSTTHC {year}.docx"
    dialog = PlanExportDialog(parent, suggested, len(dropped(ctx.db, plan_id)))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    docx, annex = dialog.target(), dialog.with_annex()
    xlsx = docx.with_suffix(".xlsx")
    try:
        files = run_with_progress(parent, lambda p: export_plan(ctx.db, plan_id, docx, xlsx, dropped_annex=annex),
                                  title="Xuất kế hoạch", label="Đang tạo tệp Word và Excel…")
    except Exception as exc:  # noqa: BLE001
        show_error(parent, exc, title="Không xuất được kế hoạch")
        return []
    ctx.status_message.emit("Đã xuất: " + ", ".join(Path(f).name for f in files))
    show_made(parent, f"kế hoạch năm {year}", list(files))
    return list(files)
