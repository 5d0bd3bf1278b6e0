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
    return folder if folder and Path(folder).is_dir() else str(Path.home())


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


def clear_recent_files() -> None:
    window_settings().remove("recent/files")


def open_in_system(path: str | Path) -> bool:
    """Open a file with Word/Excel, or a folder in Explorer ("Mở tệp", "Mở thư mục chứa tệp")."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_written(parent: QWidget | None, paths: list[Path] | Path, title: str = "Đã lưu tệp") -> str:
    """After an export: the files written, with "Mở tệp", "Mở thư mục chứa tệp" and "Đóng".

    Returns "file", "folder" or "close" (what the officer chose), for tests.
    """
    from PySide6.QtWidgets import QMessageBox

    paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    if not paths:
        return "close"
    box = QMessageBox(QMessageBox.Icon.Information, title,
                      "Đã ghi:\n" + "\n".join(f"• {p.name}" for p in paths[:12]) +
                      (f"\n… và {len(paths) - 12} tệp khác" if len(paths) > 12 else "") + f"\n\nThư mục: {paths[0].parent}",
                      QMessageBox.StandardButton.NoButton, parent)
    open_file_button = box.addButton("Mở tệp" if len(paths) == 1 else "Mở tệp đầu tiên", QMessageBox.ButtonRole.AcceptRole)
    open_folder_button = box.addButton("Mở thư mục chứa tệp", QMessageBox.ButtonRole.ActionRole)
    close_button = box.addButton("Đóng", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_file_button)
    box.setEscapeButton(close_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_file_button:
        open_in_system(paths[0])
        return "file"
    if clicked is open_folder_button:
        open_in_system(paths[0].parent)
        return "folder"
    return "close"
