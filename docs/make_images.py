"""Remake the images in docs/ from the app itself, so they always show what it draws.

    .venv/bin/python docs/make_images.py [NAME...]

With no NAME every image is made. Each image is one function in IMAGES: add a new one
(the window's screenshot, say) by writing a function that takes the output folder and
returns the path it wrote, and listing it there.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def chart_default(folder: Path) -> Path:
    """The exported chart of the default contest (the 2016 Labour leadership election)."""
    from resultsviewer.core.bundled import default_contest
    from resultsviewer.gui.export import ExportOptions, export_chart

    return export_chart(default_contest(), folder / "chart-default.png", ExportOptions(width=1600, height=1000))


IMAGES: dict[str, Callable[[Path], Path]] = {
    "chart-default": chart_default,
}


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in IMAGES]
    if unknown:
        print(f"no image named {', '.join(unknown)}; known: {', '.join(IMAGES)}", file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 (alive while drawing)
    for name in names or list(IMAGES):
        print(f"wrote {IMAGES[name](DOCS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
