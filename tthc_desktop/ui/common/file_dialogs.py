"""Window-only settings (QSettings), file dialogs that remember their last folder, recent files.

Business settings live in the database; only what belongs to this PC's window goes here:
geometry, last folders, recent files. The file sits in the data directory so tests and
portable installs keep it beside their data.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

PLAN_FILTER = ("Kế hoạch (*.docx *.xlsx *.xlsm *.pdf *.txt *.md);;Word (*.docx);;Excel (*.xlsx *.xlsm);;PDF (*.pdf);;"
               "Văn bản (*.txt *.md)")
EXCEL_FILTER = "Excel (*.xlsx *.xlsm)"
WORD_FILTER = "Word (*.docx)"
MAX_RECENT = 8


def window_settings() -> QSettings:
    from tthc_desktop.paths import data_dir

    return QSettings(str(data_dir() / "cua-so.ini"), QSettings.Format.IniFormat)


def last_folder(key: str) -> str:
    folder = window_settings().value(f"folders/{key}", "", str)
    if folder and Path(folder).is_dir():
        return folder
    from tthc_desktop.ui.common.output_dialog import output_folder

    return str(output_folder())  # the officer's documents folder, not the program's hidden data folder


def remember_folder(key: str, path: str | Path) -> None:
    window_settings().setValue(f"folders/{key}", str(Path(path).parent))


def open_file(parent: QWidget | None, title: str, file_filter: str = PLAN_FILTER, key: str = "import") -> Path | None:
    """The system's own open dialog, starting in the folder used last time for ``key``."""
    name, _ = QFileDialog.getOpenFileName(parent, title, last_folder(key), file_filter)
    if not name:
        return None
    remember_folder(key, name)
    return Path(name)


def open_files(parent: QWidget | None, title: str, file_filter: str, key: str = "import") -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, title, last_folder(key), file_filter)
    if names:
        remember_folder(key, names[0])
    return [Path(n) for n in names]


def save_file(parent: QWidget | None, title: str, suggested_name: str, file_filter: str, key: str = "export") -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(Path(last_folder(key)) / suggested_name), file_filter)
    if not name:
        return None
    remember_folder(key, name)
    return Path(name)


def choose_folder(parent: QWidget | None, title: str, key: str = "export") -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, last_folder(key))
    if not folder:
        return None
    window_settings().setValue(f"folders/{key}", folder)
    return Path(folder)


def recent_files() -> list[Path]:
    values = window_settings().value("recent/files", [], list) or []
    return [Path(v) for v in values if v and Path(v).exists()]


def add_recent_file(path: str | Path) -> None:
    path = str(Path(path).resolve())
    values = [v for v in (window_settings().value("recent/files", [], list) or []) if v != path]
    window_settings().setValue("recent/files", [path, *values][:MAX_RECENT])


def remove_recent_file(path: str | Path) -> None:
    """A file whose import failed leaves «Tệp gần đây»."""
    path = str(Path(path).resolve())
    values = [v for v in (window_settings().value("recent/files", [], list) or []) if v != path]
    window_settings().setValue("recent/files", values)


def clear_recent_files() -> None:
    window_settings().remove("recent/files")


def open_in_system(path: str | Path) -> bool:
    """Open a file with Word/Excel, or a folder in Explorer ("Mở tệp", "Mở thư mục")."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
