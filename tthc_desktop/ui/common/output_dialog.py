"""Where the program's documents go, and the one dialog every output ends in.

Documents go to a visible folder the officer chose once (default ``Documents\\TTHC``), never to the
hidden data folder. ``show_made`` says «Đã lập …» and offers «Mở tệp», «Mở thư mục», «In», «Đóng».
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QMessageBox, QWidget

from tthc_desktop.ui.common import file_dialogs

SETTING = "folders/output"


def default_output_folder() -> Path:
    """``Documents\\TTHC``; TTHC_OUTPUT_DIR replaces it (portable installs, tests)."""
    override = os.environ.get("TTHC_OUTPUT_DIR")
    if override:
        return Path(override)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "TTHC"


def output_folder(subfolder: str = "") -> Path:
    """The officer's documents folder (created), or a named folder inside it."""
    chosen = file_dialogs.window_settings().value(SETTING, "", str)
    folder = Path(chosen) if chosen else default_output_folder()
    folder = folder / subfolder if subfolder else folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def choose_output_folder(parent: QWidget | None) -> Path | None:
    """Tệp → Thư mục lưu văn bản…: asked once, remembered on this PC."""
    from PySide6.QtWidgets import QFileDialog

    folder = QFileDialog.getExistingDirectory(parent, "Chọn thư mục lưu báo cáo, kế hoạch và biểu mẫu",
                                              str(output_folder()))
    if not folder:
        return None
    file_dialogs.window_settings().setValue(SETTING, folder)
    return Path(folder)


def made_box(parent: QWidget | None, what: str, paths: list[Path], notes=()) -> tuple[QMessageBox, dict]:
    """The «Đã lập …» box (not shown) and its buttons by what they do; ``notes``: e.g. an edited file kept."""
    import html

    names = "".join(f"<li>{html.escape(p.name)}</li>" for p in paths[:12])
    more = f"<p>… và {len(paths) - 12} tệp khác</p>" if len(paths) > 12 else ""
    said = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
    box = QMessageBox(QMessageBox.Icon.Information, f"Đã lập {what}",
                      f"<b>Đã lập {what}</b><ul>{names}</ul>{more}{said}"
                      f"<p>Thư mục: {html.escape(str(paths[0].parent))}</p>",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("madeDialog")
    buttons = {"file": box.addButton("Mở tệp" if len(paths) == 1 else "Mở tệp đầu tiên",
                                     QMessageBox.ButtonRole.AcceptRole),
               "folder": box.addButton("Mở thư mục", QMessageBox.ButtonRole.ActionRole),
               "print": box.addButton("In…", QMessageBox.ButtonRole.ActionRole),
               "close": box.addButton("Đóng", QMessageBox.ButtonRole.RejectRole)}
    box.setDefaultButton(buttons["file"])
    box.setEscapeButton(buttons["close"])
    return box, buttons


def show_made(parent: QWidget | None, what: str, paths: list[Path] | Path, notes=()) -> str:
    """«Đã lập <what>» with the files; returns "file", "folder", "print" or "close" (what was chosen)."""
    paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    if not paths:
        return "close"
    box, buttons = made_box(parent, what, paths, notes)
    box.exec()
    chosen = next((key for key, button in buttons.items() if button is box.clickedButton()), "close")
    if chosen == "file":
        file_dialogs.open_in_system(paths[0])
    elif chosen == "folder":
        file_dialogs.open_in_system(paths[0].parent)
    elif chosen == "print":
        from tthc_desktop.ui.common.printing import print_file

        print_file(parent, next((p for p in paths if p.suffix.lower() == ".docx"), paths[0]))
    return chosen
