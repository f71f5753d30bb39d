"""Remake the images in docs/ from the app itself, so they always show what it draws.

    .venv/bin/python docs/make_images.py [NAME...]

With no NAME every image is made. Each image is one function in IMAGES: add a new one
(the window's screenshot, say) by writing a function that takes the output folder and
returns the path it wrote, and listing it there.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# The window as a new user sees it: none of this machine's saved layout or recent files.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="resultsviewer-docs-")


def chart_default(folder: Path) -> Path:
    """The exported chart of the default contest (the 2016 Labour leadership election)."""
    from resultsviewer.core.bundled import default_contest
    from resultsviewer.gui.export import ExportOptions, export_chart

    return export_chart(default_contest(), folder / "chart-default.png", ExportOptions(width=1600, height=1000))


def _window_screenshot(folder: Path, name: str, share: bool) -> Path:
    """The main window at 1280x800 on the default contest, as a user first sees it."""
    from PySide6.QtWidgets import QApplication

    from resultsviewer.gui.main_window import MainWindow

    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.table.setCurrentIndex(window.model.index(0, 1))
    if share:
        window.set_table_display("share-of-category")
        window.set_chart_mode("share")
    for _ in range(10):
        QApplication.processEvents()
    path = folder / name
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    window.close()
    return path


def window_counts(folder: Path) -> Path:
    return _window_screenshot(folder, "window-counts.png", share=False)


def window_shares(folder: Path) -> Path:
    return _window_screenshot(folder, "window-shares.png", share=True)


GE2017 = DOCS.parent.parent / "shared" / "data" / "real" / "uk_general" / "HoC-GE2017-constituency-results.csv"


def _ge2017_chart(folder: Path, name: str, kind: str) -> Path:
    """A chart of the 2017 general election by seats (from ../shared, the real file)."""
    from resultsviewer.core.formats import import_contest
    from resultsviewer.core.formats.delimited import ImportOptions
    from resultsviewer.core.seat_charts import ChartKind
    from resultsviewer.gui.export import ExportOptions, export_chart

    path = Path(os.environ.get("RESULTSVIEWER_GE2017", GE2017))
    contest = import_contest(path, ImportOptions()).contest
    return export_chart(contest, folder / name, ExportOptions(width=1600, height=1000, kind=ChartKind(kind)))


def seats_ge2017(folder: Path) -> Path:
    return _ge2017_chart(folder, "seats-ge2017.png", "seats")


def parliament_ge2017(folder: Path) -> Path:
    return _ge2017_chart(folder, "parliament-ge2017.png", "parliament")


IMAGES: dict[str, Callable[[Path], Path]] = {
    "chart-default": chart_default,
    "window-counts": window_counts,
    "window-shares": window_shares,
    "seats-ge2017": seats_ge2017,
    "parliament-ge2017": parliament_ge2017,
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
