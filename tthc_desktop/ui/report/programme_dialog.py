"""Dialog "Báo cáo theo chương trình": define a programme, choose its tasks, write its report.

Open with ``ProgrammeDialog(ctx, parent).exec()``. A programme (e.g. "Nghị quyết 131/NQ-CP") has a
full title, a recipient, the document asking for the report and its own sections; the officer ticks
the plan's tasks that belong to it, gives each its section, picks a period and exports the Word report
(layout of the provincial reports on Nghị quyết 131/NQ-CP).
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tthc_desktop.domain.periods import Period
from tthc_desktop.domain.programme import Programme, ProgrammeSection
from tthc_desktop.errors import TthcError, ValidationError
from tthc_desktop.ui.common.fit_layout import fixed_buttons_scroll_body
from tthc_desktop.ui.common.screen_fit import fit_to_screen

_SECTION_LINE = re.compile(r"^\s*([IVXLC]+|\d+)\s*[.=):]\s*(.+?)\s*$", re.IGNORECASE)
COLUMNS = ("Thuộc", "Số", "Nội dung nhiệm vụ", "Mục của kế hoạch", "Mục của chương trình")


def parse_sections(text: str) -> list[ProgrammeSection]:
    """Lines "I. Về cải cách TTHC" (or "I=…") into sections; any other line is an error."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _SECTION_LINE.match(line)
        if not m:
            raise ValidationError(f"Dòng {n} của danh sách mục «{line.strip()}» cần dạng «I. Tên mục».")
        out.append(ProgrammeSection(m[1].upper(), m[2]))
    return out


class ProgrammeDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Báo cáo theo chương trình")
        fit_to_screen(self, 1000, 700)
        self.name = QComboBox(editable=True)
        self.name.lineEdit().setPlaceholderText("ví dụ: Nghị quyết 131/NQ-CP")
        self.name.currentTextChanged.connect(lambda _: self.load_programme())
        self.full_title = QLineEdit(placeholderText="Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ về …")
        self.recipient = QLineEdit(placeholderText="Văn phòng UBND tỉnh")
        self.basis = QLineEdit(placeholderText="văn bản yêu cầu báo cáo: Công văn số …/UBND-TTHC ngày … của …")
        self.sections = QPlainTextEdit(placeholderText="Mỗi dòng một mục: I. Về cải cách TTHC …")
        self.sections.setFixedHeight(90)
        form = QFormLayout()
        form.addRow("Chương trình:", self.name)
        form.addRow("Tên đầy đủ:", self.full_title)
        form.addRow("Nơi nhận báo cáo:", self.recipient)
        form.addRow("Thực hiện (căn cứ):", self.basis)
        form.addRow("Các mục:", self.sections)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.period = QComboBox()
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        save, export, close = QPushButton("Lưu"), QPushButton("Xuất báo cáo Word…"), QPushButton("Đóng")
        save.clicked.connect(self.save)
        export.clicked.connect(self.export)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Kỳ báo cáo:"))
        bottom.addWidget(self.period)
        bottom.addStretch(1)
        for b in (save, export, close):
            bottom.addWidget(b)
        layout = QVBoxLayout()  # the body: it scrolls above the fixed «Lưu · Xuất · Đóng» on a small screen
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("Nhiệm vụ của kế hoạch đang theo dõi thuộc chương trình (đánh dấu ở cột «Thuộc»):"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        fixed_buttons_scroll_body(self, layout, bottom)
        self._fill_periods()
        self._fill_names()

    def _fill_periods(self) -> None:
        current: Period = self.ctx.period
        for kind in ("Q1", "Q2", "Q3", "Q4", "H1", "M9", "Y"):
            p = Period(current.year, kind)
            self.period.addItem(p.label, p.code)
        self.period.setCurrentIndex(max(0, self.period.findData(current.code)))

    def _fill_names(self) -> None:
        from tthc_desktop.services.programme_report import list_programmes

        self.programmes = {p.name: p for p in list_programmes(self.ctx.db)}
        self.name.blockSignals(True)
        self.name.addItems(list(self.programmes))
        self.name.blockSignals(False)
        self.load_programme()

    def load_programme(self) -> None:
        from tthc_desktop.services.programme_report import programme_tasks

        name = self.name.currentText().strip()
        programme = self.programmes.get(name, Programme(name))
        self.full_title.setText(programme.full_title)
        self.recipient.setText(programme.recipient)
        self.basis.setText(programme.basis)
        for edit in (self.full_title, self.recipient, self.basis):
            edit.setCursorPosition(0)  # show the beginning of long titles
        self.sections.setPlainText("\n".join(f"{s.code}. {s.title}" for s in programme.sections))
        choices = programme_tasks(self.ctx.db, name)
        self.table.setRowCount(len(choices))
        for row, choice in enumerate(choices):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if choice.tagged else Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, choice.id)
            self.table.setItem(row, 0, check)
            for col, text in ((1, choice.number), (2, choice.content), (3, choice.section)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
            self.table.setItem(row, 4, QTableWidgetItem(choice.section_code))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        header = self.table.horizontalHeader()
        self.table.setColumnWidth(3, max(220, header.sectionSizeHint(3)))
        self.table.setColumnWidth(4, header.sectionSizeHint(4) + 12)

    def chosen(self) -> dict[int, str]:
        out = {}
        for row in range(self.table.rowCount()):
            check = self.table.item(row, 0)
            if check.checkState() == Qt.CheckState.Checked:
                code = self.table.item(row, 4)
                out[int(check.data(Qt.ItemDataRole.UserRole))] = code.text().strip().upper() if code else ""
        return out

    def _fail(self, exc: TthcError) -> bool:
        self.error.setText(exc.message)
        self.error.show()
        return False

    def save(self) -> bool:
        from tthc_desktop.services.programme_report import save_programme, set_programme_tasks

        name = self.name.currentText().strip()
        try:
            programme = Programme(name, self.full_title.text().strip(), self.recipient.text().strip(),
                                  self.basis.text().strip(), parse_sections(self.sections.toPlainText()))
            save_programme(self.ctx.db, programme)
            set_programme_tasks(self.ctx.db, name, self.chosen())
        except TthcError as exc:
            return self._fail(exc)
        self.programmes[name] = programme
        if self.name.findText(name) < 0:
            self.name.blockSignals(True)
            self.name.addItem(name)
            self.name.blockSignals(False)
        self.error.hide()
        self.ctx.notify("tasks")
        return True

    def export_to(self, target: Path) -> Path | None:
        from tthc_desktop.services.programme_report import export_programme_report
        from tthc_desktop.ui.common.workers import run_with_progress

        if not self.save():
            return None
        name, period = self.name.currentText().strip(), self.period.currentData()
        try:
            path = run_with_progress(self, lambda p: export_programme_report(self.ctx.db, name, period, target),
                                     title="Báo cáo theo chương trình", label="Đang tạo tệp Word…")
        except TthcError as exc:
            self._fail(exc)
            return None
        except Exception as exc:  # noqa: BLE001 - an unexpected failure is shown in one sentence, logged
            from tthc_desktop.ui.common.workers import show_error

            show_error(self, exc, title="Không xuất được báo cáo")
            return None
        self.ctx.status_message.emit(f"Đã xuất báo cáo {name}: {Path(path).name}")
        return Path(path)

    def export(self) -> None:
        from tthc_desktop.ui.common import file_dialogs

        safe = re.sub(r"[^\w\- ]+", " ", self.name.currentText()).strip() or "chuong trinh"
        target = file_dialogs.save_file(self, "Xuất báo cáo theo chương trình",
                                        f"Bao cao {safe} {self.period.currentData()}.docx", "Tài liệu Word (*.docx)")
        if target is not None:
            self.export_to(Path(target).with_suffix(".docx"))
