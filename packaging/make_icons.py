"""Render the app icon from resources/icons/resultsviewer.svg to every size a desktop asks for.

Run it after changing the SVG, with any Python that has PySide6 (the project's .venv, or the
build venv, which also has Pillow for the Windows .ico and macOS .icns):

    build/packaging/venv/bin/python packaging/make_icons.py

The PNGs are resources, committed with the SVG: the app, the Linux install script and the
PyInstaller spec use them without rendering anything. Qt's own SVG renderer draws them, the
same one that draws the SVG icon in the window, so every size matches the source.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "resultsviewer.svg"

#: The hicolor theme's usual sizes, plus 512 for high-density docks and the .icns.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: What Windows picks from in an .ico (Explorer views, taskbar, title bar).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int, icons: Path = ICONS) -> Path:
    """Where the PNG of one size lives: ``resources/icons/resultsviewer-<size>.png``."""
    return icons / f"resultsviewer-{size}.png"


def render_pngs(source: Path, icons: Path, sizes: tuple[int, ...] = PNG_SIZES) -> list[Path]:
    """Draw the SVG at each size on a transparent square with Qt, offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - fonts and painting need it
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: Qt cannot read this SVG")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = png_path(size, icons)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"{target}: could not write the PNG")
        written.append(target)
    return written


def write_ico_icns(icons: Path) -> list[Path]:
    """The Windows .ico and macOS .icns, made by Pillow from the Qt-rendered PNGs."""
    from PIL import Image

    largest = Image.open(png_path(256, icons))
    smaller = [Image.open(png_path(size, icons)) for size in ICO_SIZES if size != 256]
    ico = icons / "resultsviewer.ico"
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=smaller)
    icns = icons / "resultsviewer.icns"
    biggest = Image.open(png_path(512, icons))
    others = [Image.open(png_path(size, icons)) for size in (16, 32, 64, 128, 256)]
    biggest.save(icns, format="ICNS", append_images=others)
    return [ico, icns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ico-icns", action="store_true", help="only the PNGs, even where Pillow is present")
    options = parser.parse_args(argv)
    written = render_pngs(SOURCE, ICONS)
    if not options.no_ico_icns:
        try:
            written += write_ico_icns(ICONS)
        except ImportError:
            print("Pillow is absent: the .ico and .icns were left as they are", file=sys.stderr)
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
