"""The main window: navigation to every area, the period in the status bar, menus, drag-and-drop."""
from __future__ import annotations

import importlib
import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
    QStackedWidget, QVBoxLayout, QWidget,
)

from tthc_desktop import APP_NAME, __version__
from tthc_desktop.domain.periods import Period, days_until
from tthc_desktop.domain.text import format_date
from tthc_desktop.services.file_routing import FORM, PLAN_SUFFIXES, UNIT_SHEET, file_kind
from tthc_desktop.ui.common import file_dialogs
from tthc_desktop.ui.common.context import AppContext
from tthc_desktop.ui.common.icons import icon
from tthc_desktop.ui.shell.pages import PAGES, PageSpec, fallback_page

log = logging.getLogger(__name__)
MIN_SIZE = QSize(1024, 640)  # fits a 1366×768 laptop with the taskbar


class MainWindow(QMainWindow):
    """``MainWindow(ctx)``; or ``MainWindow()`` shown at once, then ``attach(ctx)`` once the database is open.

    Before ``attach`` the window has its navigation, menus and status bar, the areas say
    "Đang mở dữ liệu…", and everything that needs the database is disabled: start-up paints the
    window before SQLAlchemy is even imported.
    """

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(MIN_SIZE)
        self.setAcceptDrops(True)
        self._pages: dict[str, QWidget] = {}
        self._containers: dict[str, QWidget] = {}
        self._pending_files: list[Path] = []
        self._loading = QLabel("Đang mở dữ liệu…", objectName="loadingLabel")
        self._loading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.nav = QListWidget(objectName="navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(250)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.stack = QStackedWidget()
        for number, spec in enumerate(PAGES, start=1):
            item = QListWidgetItem(icon(spec.icon, light=True), spec.title)
            item.setToolTip(f"{spec.purpose} (Ctrl+{number})")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            container = QWidget()
            QVBoxLayout(container).setContentsMargins(14, 10, 14, 8)
            self._containers[spec.key] = container
            self.stack.addWidget(container)
        self.nav.currentRowChanged.connect(self._row_changed)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)

        self._build_status_bar()
        from tthc_desktop.ui.shell.main_menus import build_menus

        self.menu_actions = build_menus(self)
        self._restore_window_state()
        start = file_dialogs.window_settings().value("window/page", "dashboard", str)
        start = start if start in self._containers else "dashboard"
        if ctx is None:
            for key, action in self.menu_actions.items():
                action.setEnabled(key == "quit" or key.startswith("page:"))
            self.nav.setCurrentRow([s.key for s in PAGES].index(start))
        else:
            self.attach(ctx, start)

    def attach(self, ctx: AppContext, start: str | None = None) -> None:
        """The database is open: fill the status bar, enable the menus, build the page on screen."""
        if self.ctx is not None:
            raise RuntimeError("MainWindow.attach: a database is already attached")
        self.ctx = ctx
        self.setWindowTitle(f"{APP_NAME} — {ctx.db_path.name}")
        ctx.period_changed.connect(self._period_changed)
        ctx.data_changed.connect(self._data_changed)
        ctx.show_unit_tasks.connect(lambda unit_id: self.show_page("board").show_unit(unit_id))
        ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._fill_periods()
        self.period_combo.setEnabled(True)
        self._update_deadline()
        for action in self.menu_actions.values():
            action.setEnabled(True)
        self._loading.hide()
        self._loading.setParent(None)
        self.show_page(start or self.current_key or "dashboard")
        for path in self._pending_files:  # files handed over while the database was opening
            QTimer.singleShot(0, self, lambda p=path: self.open_file(p))
        self._pending_files = []

    # ------------------------------------------------------------------ pages
    @property
    def current_key(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def spec(self, key: str) -> PageSpec:
        return next(s for s in PAGES if s.key == key)

    def page(self, key: str) -> QWidget:
        """The page widget, imported and built the first time it is needed."""
        if key not in self._pages:
            spec = self.spec(key)
            module_name = f"tthc_desktop.ui.{spec.module}"
            try:
                module = importlib.import_module(module_name)
                widget = getattr(module, spec.cls)(self.ctx)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    log.exception("page %s failed to import", key)
                widget = fallback_page(spec) if exc.name == module_name else fallback_page(
                    spec, "Không mở được trang này do thiếu một thành phần của chương trình; chi tiết đã ghi vào nhật ký.")
            except Exception:
                log.exception("page %s failed to load", key)
                widget = fallback_page(spec, "Không mở được trang này; chi tiết đã ghi vào nhật ký của chương trình.")
            self._pages[key] = widget
            self._containers[key].layout().addWidget(widget)
        return self._pages[key]

    def show_page(self, key: str) -> QWidget:
        index = [s.key for s in PAGES].index(key)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # _row_changed builds and shows it
        if self.ctx is None:  # pages are built once the database is open
            return self._containers[key]
        return self.page(key)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = PAGES[row].key
        if self.ctx is None:  # still opening the database: the area says so
            self._containers[key].layout().addWidget(self._loading)
            self.stack.setCurrentIndex(row)
            return
        already = key in self._pages
        page = self.page(key)
        self.stack.setCurrentIndex(row)
        file_dialogs.window_settings().setValue("window/page", key)
        if already and hasattr(page, "refresh"):
            self._safe_refresh(page)

    def _safe_refresh(self, page: QWidget) -> None:
        try:
            page.refresh()
        except Exception as exc:  # a page must never take the window down
            from tthc_desktop.ui.common.workers import show_error

            show_error(self, exc, title="Không làm mới được trang")

    def refresh_current(self) -> None:
        if self.current_key in self._pages:
            self._safe_refresh(self._pages[self.current_key])

    # ------------------------------------------------------------------ status bar
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(True)
        self.period_combo = QComboBox()
        self.period_combo.setToolTip("Kỳ báo cáo đang làm việc: các trang hiển thị tiến độ và số liệu của kỳ này")
        self.period_combo.setMinimumContentsLength(18)
        self.deadline_label = QLabel(objectName="deadlineLabel")
        self.deadline_label.setToolTip("Hạn các đơn vị gửi báo cáo về Văn phòng Sở (ngày 16 tháng cuối kỳ)")
        bar.addPermanentWidget(QLabel("Kỳ báo cáo:"))
        bar.addPermanentWidget(self.period_combo)
        bar.addPermanentWidget(self.deadline_label)
        self.period_combo.setEnabled(False)  # filled by attach() from the database
        self.period_combo.currentIndexChanged.connect(self._period_chosen)

    def _fill_periods(self) -> None:
        current = self.ctx.period
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for year in sorted({current.year - 1, current.year, current.year + 1} | self._plan_years()):
            for kind in ("Q1", "Q2", "H1", "Q3", "M9", "Q4", "Y"):
                p = Period(year, kind)
                self.period_combo.addItem(p.label, p.code)
        self.period_combo.setCurrentIndex(self.period_combo.findData(current.code))
        self.period_combo.blockSignals(False)

    def _plan_years(self) -> set[int]:
        """Years of the department's plans: last year's reports stay reachable from the period list."""
        from tthc_desktop.services.plans import department_plan_years

        try:
            return department_plan_years(self.ctx.db)
        except Exception:  # the status bar must not stop the window from opening
            log.exception("plan years not readable")
            return set()

    def _period_chosen(self, index: int) -> None:
        code = self.period_combo.itemData(index)
        if code:
            self.ctx.set_period(Period.parse(code))

    def _period_changed(self, code: str) -> None:
        if self.period_combo.currentData() != code:
            index = self.period_combo.findData(code)
            if index < 0:
                self._fill_periods()
            else:
                self.period_combo.blockSignals(True)
                self.period_combo.setCurrentIndex(index)
                self.period_combo.blockSignals(False)
        self._update_deadline()

    def unit_deadline(self):
        """The 16th of the period's last month, or the day set in the agency profile."""
        from tthc_desktop.services.catalog import get_profile

        try:
            profile = get_profile(self.ctx.db)
        except Exception:  # the status bar must not stop the window from opening
            log.exception("profile not readable")
            profile = None
        day = getattr(profile, "unit_deadline_day", None)
        return self.ctx.period.department_deadline(day) if day else self.ctx.period.unit_deadline

    def deadline_text(self) -> str:
        deadline = self.unit_deadline()
        days = days_until(deadline)
        when = (f"còn {days} ngày" if days > 0 else "hôm nay" if days == 0 else f"đã quá {-days} ngày")
        return f"Hạn đơn vị báo cáo: {format_date(deadline)} ({when})"

    def _update_deadline(self) -> None:
        days = days_until(self.unit_deadline())
        self.deadline_label.setText(self.deadline_text())
        self.deadline_label.setProperty("urgent", 0 <= days <= 5)
        self.deadline_label.style().polish(self.deadline_label)

    def _data_changed(self, topic: str) -> None:
        if topic in ("all", "plans", "database"):
            self._fill_periods()
        if topic in ("all", "profile", "database"):
            self.setWindowTitle(f"{APP_NAME} — {self.ctx.db_path.name}")
            self._update_deadline()

    # ------------------------------------------------------------------ files
    def import_plan(self, path: Path | None = None) -> None:
        """Kế hoạch của tỉnh → Nhập kế hoạch… (Ctrl+O); with ``path`` skips the file dialog."""
        page = self.show_page("provincial")
        if hasattr(page, "import_file"):
            page.import_file(path)

    def open_file(self, path: str | Path) -> None:
        """A file dropped on the window or given on the command line, routed to the right import."""
        path = Path(path)
        if self.ctx is None:
            self._pending_files.append(path)
            return
        if not path.is_file():
            QMessageBox.warning(self, "Không mở được tệp", f"Không tìm thấy tệp «{path}».")
            return
        kind = file_kind(path)
        if kind is None:
            QMessageBox.warning(self, "Không nhận dạng được tệp",
                                f"Tệp «{path.name}» không phải kế hoạch (.docx, .xlsx, .txt) hay phiếu báo cáo (.xlsx).")
            return
        file_dialogs.add_recent_file(path)
        if kind == UNIT_SHEET:
            self.show_page("board").import_file(path)
        elif kind == FORM:
            self.show_page("report").import_files([path])
        else:
            self.import_plan(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self.ctx is not None and any(Path(u.toLocalFile()).suffix.lower() in PLAN_SUFFIXES for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        # Finish the drop first: a modal preview inside dropEvent would freeze the source window.
        for path in paths:
            QTimer.singleShot(0, lambda p=path: self.open_file(p))

    # ------------------------------------------------------------------ window state
    def _restore_window_state(self) -> None:
        settings = file_dialogs.window_settings()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 720)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        for page in self._pages.values():
            can_close = getattr(page, "can_close", None)
            if can_close is not None and not can_close():
                event.ignore()
                return
        settings = file_dialogs.window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.sync()
        super().closeEvent(event)
