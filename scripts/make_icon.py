"""Draw the program icon with Qt and write resources/icons/tthc.png and a multi-size tthc.ico.

Run once (``python scripts/make_icon.py``); the outputs are committed. The .ico holds PNG-compressed
entries (16–256 px), which every Windows version since Vista reads.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f4e8c"))  # the blue of official letterheads
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    page = QPainterPath()  # a sheet with a folded corner
    page.moveTo(62 * s, 36 * s)
    page.lineTo(160 * s, 36 * s)
    page.lineTo(196 * s, 72 * s)
    page.lineTo(196 * s, 220 * s)
    page.lineTo(62 * s, 220 * s)
    page.closeSubpath()
    p.setBrush(QColor("#ffffff"))
    p.drawPath(page)
    fold = QPainterPath()
    fold.moveTo(160 * s, 36 * s)
    fold.lineTo(160 * s, 72 * s)
    fold.lineTo(196 * s, 72 * s)
    fold.closeSubpath()
    p.setBrush(QColor("#c9d6ea"))
    p.drawPath(fold)
    if size >= 32:  # text lines vanish into noise below 32 px
        p.setPen(QPen(QColor("#9fb3d1"), max(1.0, 9 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y in (88, 116, 144):
            p.drawLine(QPointF(84 * s, y * s), QPointF(170 * s, y * s))
    p.setPen(QPen(QColor("#d32f2f"), max(2.0, 24 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                  Qt.PenJoinStyle.RoundJoin))
    p.setBrush(Qt.BrushStyle.NoBrush)
    check = QPainterPath()
    check.moveTo(96 * s, 176 * s)
    check.lineTo(124 * s, 202 * s)
    check.lineTo(182 * s, 142 * s)
    p.drawPath(check)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data)


def ico_bytes(images: list[QImage]) -> bytes:
    pngs = [png_bytes(i) for i in images]
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, body = b"", b""
    for img, data in zip(images, pngs):
        w = img.width() if img.width() < 256 else 0  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", w, w, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        body += data
    return header + entries + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - painting needs it
    ICONS.mkdir(parents=True, exist_ok=True)
    images = [draw(n) for n in SIZES]
    (ICONS / "tthc.ico").write_bytes(ico_bytes(images))
    images[-1].save(str(ICONS / "tthc.png"))
    print(f"wrote {ICONS / 'tthc.ico'} ({len(SIZES)} sizes) and tthc.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
