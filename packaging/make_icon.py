"""Draws MVK's application icon into ``resources/icons/`` (PNG sizes and one multi-size ``mvk.ico``).

A clock on a blue tile: the waiting time counts down to the deadline (the coral arc). Each size is
drawn on its own (not scaled down from the largest), with heavier strokes at the small sizes so
that 16 × 16 still reads as a clock. The files are committed; run this again only to change them:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZES = (32, 64, 128, 256, 512)

BLUE_TOP = QColor("#1d6fb8")
BLUE_BOTTOM = QColor("#0b4f8a")
WHITE = QColor("#ffffff")
CORAL = QColor("#ff8a73")


def draw(size: int) -> QImage:
    """The icon at ``size`` × ``size`` pixels, drawn in a 256-unit coordinate system."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 256, size / 256)
    small = size <= 24
    heavy = 1.45 if small else (1.2 if size <= 48 else 1.0)

    # the tile
    margin = 6 if small else 12
    tile = QRectF(margin, margin, 256 - 2 * margin, 256 - 2 * margin)
    gradient = QLinearGradient(tile.topLeft(), tile.bottomLeft())
    gradient.setColorAt(0, BLUE_TOP)
    gradient.setColorAt(1, BLUE_BOTTOM)
    path = QPainterPath()
    path.addRoundedRect(tile, 52, 52)
    painter.fillPath(path, gradient)

    centre = QPointF(128, 128)
    radius = 80 if small else 76

    # the countdown: the part of the waiting time already used, as a coral arc inside the ring
    arc_width = 30 * heavy
    arc_rect = QRectF(
        centre.x() - radius + arc_width / 2 + 6,
        centre.y() - radius + arc_width / 2 + 6,
        2 * (radius - arc_width / 2 - 6),
        2 * (radius - arc_width / 2 - 6),
    )
    painter.setPen(QPen(CORAL, arc_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawArc(arc_rect, 90 * 16, -240 * 16)  # from twelve o'clock, clockwise to eight

    # the clock face's ring
    ring = 16 * heavy
    painter.setPen(QPen(WHITE, ring))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius, radius)

    # the hands: minute hand at twelve, hour hand towards four
    hand = QPen(WHITE, 15 * heavy, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(hand)
    painter.drawLine(centre, QPointF(128, 128 - radius * 0.62))
    painter.drawLine(centre, QPointF(128 + radius * 0.42, 128 + radius * 0.24))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(WHITE)
    painter.drawEllipse(centre, 13 * heavy, 13 * heavy)
    painter.end()
    return image


def to_pillow(image: QImage) -> Image.Image:
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    data = bytes(rgba.constBits())[: rgba.sizeInBytes()]
    return Image.frombuffer(
        "RGBA", (rgba.width(), rgba.height()), data, "raw", "RGBA", rgba.bytesPerLine(), 1
    )


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        target = OUT / f"mvk-{size}.png"
        if not draw(size).save(str(target)):
            raise SystemExit(f"kunne ikke gemme {target}")
    images = [to_pillow(draw(size)) for size in SIZES]
    largest = images[-1]
    largest.save(
        OUT / "mvk.ico",
        format="ICO",
        sizes=[(s, s) for s in SIZES],
        append_images=images[:-1],
    )
    del app
    print(f"ikoner skrevet i {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
