"""Child process of ``benchmarks/run.py``: open a window, report when it is first painted.

    python benchmarks/first_paint.py app|bare [default|large|wide-N]

``app`` opens the main window as ``resultsviewer`` does (``open_main_window``), on the
default contest, or with ``large`` on a generated 20,000 x 20 contest. ``bare`` is the
floor: a ``QMainWindow`` holding an empty ``QTableView`` and a pyqtgraph ``PlotWidget``.

Both note their first paint the same way: an event filter on the window sees its first
``Paint`` event, and a zero-delay timer fires once the whole paint pass (every child,
the chart's scene included) has finished. At that moment the child prints one JSON
line: ``time.perf_counter()`` (CLOCK_MONOTONIC, the same clock in every process, so the
parent subtracts its own reading taken just before starting this process) and the peak
resident memory so far. Then it exits without tearing the window down.

The imports at the top are only what both sides need, so neither pays for the other's.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def _bare_window():
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTableView

    PHASES["imported"] = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    splitter = QSplitter(window)
    splitter.addWidget(QTableView())
    splitter.addWidget(pg.PlotWidget())
    window.setCentralWidget(splitter)
    window.resize(1280, 800)
    window.show()
    return app, window


#: When the imports were done and the window built (shown), for the parent's breakdown.
PHASES: dict[str, float] = {}


def _app_window(contest_name: str):
    from resultsviewer.gui.app import application, open_main_window

    PHASES["imported"] = time.perf_counter()
    app = application()
    if contest_name == "default":
        return app, open_main_window()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from generated_contests import large_contest

    from resultsviewer.gui.main_window import MainWindow

    if contest_name.startswith("wide-"):
        # wide-N: three categories x N candidates, a tie-free field (benchmarks/wide_window.py).
        window = MainWindow(large_contest(3, int(contest_name[5:])))
        window.show()
        return app, window
    window = MainWindow(large_contest())
    window.show()
    return app, window


def main() -> int:
    kind = sys.argv[1]
    contest_name = sys.argv[2] if len(sys.argv) > 2 else "default"
    from PySide6.QtCore import QEvent, QObject, QTimer

    app, window = _bare_window() if kind == "bare" else _app_window(contest_name)

    def report() -> None:
        painted = time.perf_counter()
        # ru_maxrss is in KiB on Linux.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"painted": painted, "maxrss_kib": peak, **PHASES}), flush=True)
        os._exit(0)

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, report)
            return False

    PHASES["built"] = time.perf_counter()
    # Installed after show() in both: the first paint comes later, from the event loop.
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    # A window that never paints would hang the benchmark: give up after a while.
    QTimer.singleShot(60_000, lambda: (print(json.dumps({"error": "no paint within 60 s"}), flush=True), os._exit(1)))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
