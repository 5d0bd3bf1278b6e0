"""The program's icon set (resources/icons/*.svg), drawn in one colour, recoloured for dark backgrounds."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon, QPixmap

DARK = "#1f5f8b"
LIGHT = "#e8eef3"
SELECTED = "#1f3b52"


def _pixmap(svg: bytes, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.loadFromData(svg, "SVG")
    return pixmap


@lru_cache(maxsize=None)
def icon(name: str, light: bool = False) -> QIcon:
    """``icon("import")``; ``light=True`` for the dark navigation bar (dark again when selected)."""
    from tthc_desktop.paths import resources_dir

    folder = resources_dir() / "icons"
    if name == "app":
        for candidate in ("tthc.png", "app.svg"):
            if (folder / candidate).is_file():
                return QIcon(str(folder / candidate))
        return QIcon()
    path = folder / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    result = QIcon()
    for size in (16, 22, 24, 32, 48):
        if light:
            result.addPixmap(_pixmap(svg.replace(DARK, LIGHT).encode(), size), QIcon.Mode.Normal)
            result.addPixmap(_pixmap(svg.replace(DARK, SELECTED).encode(), size), QIcon.Mode.Selected)
        else:
            result.addPixmap(_pixmap(svg.encode(), size), QIcon.Mode.Normal)
    return result
