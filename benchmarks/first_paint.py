"""Child process of ``benchmarks/run.py``: open a window, report when it is first painted.

    python benchmarks/first_paint.py app|bare [default|large|wide-N]
    python benchmarks/first_paint.py open PATH [contest=NAME] [by=county|precinct]

``app`` opens the main window as ``resultsviewer`` does (``open_main_window``), on the
default contest, or with ``large`` on a generated 20,000 x 20 contest. ``bare`` is the
floor: a ``QMainWindow`` holding an empty ``QTableView`` and a pyqtgraph ``PlotWidget``.
``open`` shows the main window on the default contest, waits for its first paint, then
opens PATH as File > Open does (``FileCommands.open_path``) and reports when the table,
the chart and the summary have all been painted with it (``opened`` is when the open
began), with the peak memory before the open (``maxrss_before_open_kib``: the empty app)
and after. A file the app refuses is reported as ``{"error": its message}``: the message
box the user would see is replaced by that report, since nobody is there to close it.
A table that goes through the import dialog is opened as the user would: the dialog's
contest and categories set from ``contest=`` and ``by=`` when given, then Open pressed
(a large file's head is shown there, and Open imports the whole file in a worker thread).

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


def _peak_kib() -> int:
    """This process's peak resident memory, KiB: VmHWM, the high-water mark of its own memory.

    Not ``ru_maxrss``: Linux carries that across ``exec`` from the parent's memory (a
    vfork-started child begins at its parent's peak), so a large benchmark process would
    make every child look as large."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _accept_import_dialog(app, choices: dict[str, str], report: dict[str, object]) -> None:
    """Press Open on the import dialog once it shows, after setting ``choices``."""
    from PySide6.QtCore import QTimer

    from resultsviewer.gui.import_dialog import ImportDialog

    def look() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, ImportDialog) and widget.isVisible():
                if "contest" in choices:
                    widget.contest_box.setCurrentIndex(max(0, widget.contest_box.findData(choices["contest"])))
                if "by" in choices:
                    widget.by_box.setCurrentText(choices["by"])
                widget.update_preview()
                report["import_dialog"] = widget.guess_label.text()
                report["maxrss_in_dialog_kib"] = _peak_kib()
                widget.accept()
                return
        QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def open_file(path: str, choices: dict[str, str] | None = None) -> int:
    """The ``open`` mode: the window on the default contest, then File > Open of ``path``."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMessageBox

    from resultsviewer.gui.app import application
    from resultsviewer.gui.main_window import MainWindow

    PHASES["imported"] = time.perf_counter()
    app = application()

    def refused(_parent: object, title: str, text: str, *args: object, **kwargs: object) -> None:
        print(json.dumps({"error": f"{title}: {text}"}), flush=True)
        os._exit(1)

    QMessageBox.warning = refused  # type: ignore[method-assign]
    QMessageBox.critical = refused  # type: ignore[method-assign]
    window = MainWindow()
    painted: set[str] = set()
    watched = {
        "table": window.table.viewport(),
        "chart": window.chart.plot_widget().viewport(),
        "summary": window.summary.facts_label,
    }
    report: dict[str, object] = {}

    def done() -> None:
        report.update(painted=time.perf_counter(), maxrss_kib=_peak_kib(), **PHASES)
        contest = window.contest
        report.update(categories=contest.category_count, candidates=contest.candidate_count)
        print(json.dumps(report), flush=True)
        os._exit(0)

    def open_now() -> None:
        report["maxrss_before_open_kib"] = _peak_kib()
        painted.clear()
        report["opened"] = time.perf_counter()
        _accept_import_dialog(app, choices or {}, report)
        if not window.files.open_path(path, ask_to_save=False):
            print(json.dumps({"error": f"{path} was not opened"}), flush=True)
            os._exit(1)
        report["open_returned"] = time.perf_counter()
        stage["opening"] = True

    stage = {"shown": False, "opening": False}

    class Painted(QObject):
        def eventFilter(self, watched_object: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint:
                painted.add(self.objectName())
                if painted >= set(watched) and not stage["shown"]:
                    stage["shown"] = True
                    QTimer.singleShot(0, open_now)  # once the first paint pass has finished
                elif painted >= set(watched) and stage["opening"]:
                    stage["opening"] = False
                    QTimer.singleShot(0, done)
            return False

    filters = []
    for name, widget in watched.items():
        event_filter = Painted()
        event_filter.setObjectName(name)
        widget.installEventFilter(event_filter)
        filters.append(event_filter)
    window.show()
    PHASES["built"] = time.perf_counter()
    QTimer.singleShot(600_000, lambda: (print(json.dumps({"error": "no paint within 600 s"}), flush=True), os._exit(1)))
    return app.exec()


def main() -> int:
    kind = sys.argv[1]
    if kind == "open":
        return open_file(sys.argv[2], dict(choice.split("=", 1) for choice in sys.argv[3:]))
    contest_name = sys.argv[2] if len(sys.argv) > 2 else "default"
    from PySide6.QtCore import QEvent, QObject, QTimer

    app, window = _bare_window() if kind == "bare" else _app_window(contest_name)

    def report() -> None:
        painted = time.perf_counter()
        print(json.dumps({"painted": painted, "maxrss_kib": _peak_kib(), **PHASES}), flush=True)
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
