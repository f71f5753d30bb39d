"""Results Viewer's benchmarks, each figure measured in the same run as its floor.

    .venv/bin/python benchmarks/run.py [--quick] [--json PATH]

1. Start-up to the first painted main window on the default contest, in a fresh
   process, against a bare QMainWindow with an empty QTableView and a pyqtgraph
   PlotWidget (benchmarks/first_paint.py runs both); ``resultsviewer tally`` against
   ``python -c pass``.
2. Edit latency: one count set through the table model (``setData(index, "123,456")``)
   until the table, the chart and the summary have been repainted, on the default
   contest and on a 20,000 x 20 one; the floor is repainting the same widgets with no
   edit. Switching the table between counts and shares, and the chart likewise.
3. Load time of a 20,000 x 20 spreadsheet CSV and of the New Mexico 2024 precinct file
   (43,089 rows; skipped with a note when absent), against reading the same file with
   the csv module alone (benchmarks/load_openelections.py).
4. One 1,600 x 1,000 PNG of the default contest, against matplotlib drawing the same
   chart (benchmarks/export_png.py).
5. Peak resident memory of the window on the default and on the 20,000 x 20 contest,
   each in a fresh process, against the bare window's.

Runs of a figure and its floor are interleaved, so a busy machine slows both alike; the
ratio uses the medians. A table is printed and the numbers are written as JSON to
benchmarks/results/ (or --json PATH). The goals are the product's; missing one is
reported, not an error. ``--quick`` takes fewer runs (well under two minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Saved window geometry, splitter sizes and recent files would change what is measured,
# and a benchmark must leave nothing behind (settings, the recovery files of the windows it
# edits and drops, logs): Qt reads and writes them under these folders on Linux.
_SETTINGS_HOME = tempfile.TemporaryDirectory(prefix="resultsviewer-bench-")
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_SETTINGS_HOME.name, _name.lower())

from timing import Timings, interleaved, time_once  # noqa: E402

RESULTS = HERE / "results"
FIRST_PAINT = HERE / "first_paint.py"


@dataclass
class Row:
    """One line of the table: a figure, its floor, their ratio, and the goal."""

    section: str
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_name: str = ""
    goal: str = ""
    met: bool | None = None
    detail: dict[str, object] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        return None if self.floor in (None, 0) else self.value / self.floor

    def as_dict(self) -> dict[str, object]:
        return {
            "section": self.section,
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "floor": self.floor,
            "floor_name": self.floor_name,
            "ratio": self.ratio,
            "goal": self.goal,
            "met": self.met,
            **self.detail,
        }


@dataclass
class Settings:
    startup_runs: int
    edits: int
    switches: int
    load_runs: int
    export_runs: int


FULL = Settings(startup_runs=15, edits=400, switches=40, load_runs=10, export_runs=15)
QUICK = Settings(startup_runs=5, edits=150, switches=12, load_runs=3, export_runs=5)


# --- 1. start-up -----------------------------------------------------------------------------


#: The environment of the start-up runs: bytecode caches written and read, as in an installed
#: app (pip compiles at install, the frozen app ships .pyc). With PYTHONDONTWRITEBYTECODE
#: set, every run would compile each module from source and measure the compiler.
CACHED_BYTECODE_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _first_paint(kind: str, contest: str = "default") -> dict[str, float]:
    """Start a fresh process that opens a window; its first paint, seconds after the start."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(FIRST_PAINT), kind, contest], capture_output=True, text=True, timeout=120, check=False,
        env=CACHED_BYTECODE_ENV,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    report = json.loads(lines[-1]) if lines else {"error": done.stderr.strip()[-500:]}
    if "error" in report:
        raise RuntimeError(f"first_paint.py {kind} {contest}: {report['error']}")
    return {
        "seconds": report["painted"] - started,
        "maxrss_kib": report["maxrss_kib"],
        # Where the time went: start to imports done, to the window built and shown, to painted.
        "imports": report["imported"] - started,
        "build": report["built"] - report["imported"],
        "paint": report["painted"] - report["built"],
    }


def _process_seconds(command: list[str]) -> float:
    def run() -> None:
        subprocess.run(command, capture_output=True, timeout=120, check=True, env=CACHED_BYTECODE_ENV)

    return time_once(run)


def startup(settings: Settings) -> list[Row]:
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "app": []}
    for _ in range(settings.startup_runs):
        for kind in ("bare", "app"):
            runs[kind].append(_first_paint(kind))
    app_t, bare_t = (Timings(tuple(run["seconds"] for run in runs[kind])) for kind in ("app", "bare"))
    ratio = app_t.median / bare_t.median
    phases = {
        kind: {phase: statistics.median(run[phase] for run in runs[kind]) * 1000 for phase in ("imports", "build", "paint")}
        for kind in runs
    }
    rows = [
        Row("start-up", "first painted window, default contest", app_t.median * 1000, "ms",
            bare_t.median * 1000, "bare QMainWindow + QTableView + PlotWidget",
            "within 1.3x", ratio <= 1.3,
            {"figure": app_t.as_dict(), "floor_timings": bare_t.as_dict(), "phases_median_ms": phases}),
    ]
    for phase in ("imports", "build", "paint"):
        rows.append(Row("start-up", f"  of which {phase}", phases["app"][phase], "ms", phases["bare"][phase], f"bare window's {phase}"))
    script = Path(sys.executable).parent / "resultsviewer"
    tally_command = [str(script), "tally"] if script.is_file() else [sys.executable, "-m", "resultsviewer", "tally"]
    tally: list[float] = []
    empty: list[float] = []
    _process_seconds(tally_command)  # warm-up: the bytecode cache, the disk cache
    for _ in range(settings.startup_runs):
        empty.append(_process_seconds([sys.executable, "-c", "pass"]))
        tally.append(_process_seconds(tally_command))
    tally_t, empty_t = Timings(tuple(tally)), Timings(tuple(empty))
    rows.append(
        Row("start-up", "resultsviewer tally (default contest)", tally_t.median * 1000, "ms",
            empty_t.median * 1000, "python -c pass", "", None,
            {"figure": tally_t.as_dict(), "floor_timings": empty_t.as_dict()})
    )
    return rows


# --- 2. edit latency -------------------------------------------------------------------------


class _PaintWatch:
    """Counts the paint events of a few widgets, to know when an edit has reached the screen."""

    def __init__(self, widgets: dict[str, object]) -> None:
        from PySide6.QtCore import QEvent, QObject

        watch = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
                if event.type() == QEvent.Type.Paint:
                    watch.painted.add(self.objectName())
                return False

        self.painted: set[str] = set()
        self._filters = []
        for name, widget in widgets.items():
            event_filter = Filter()
            event_filter.setObjectName(name)
            widget.installEventFilter(event_filter)
            self._filters.append(event_filter)

    def wait(self, app, names: set[str], timeout: float = 5.0) -> None:
        """Process events until every widget in ``names`` has painted since the last reset."""
        deadline = time.perf_counter() + timeout
        while not names <= self.painted:
            app.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no repaint of {sorted(names - self.painted)} within {timeout} s")

    def reset(self) -> None:
        self.painted.clear()


def _window_on(contest):
    from resultsviewer.gui.app import application
    from resultsviewer.gui.main_window import MainWindow

    app = application()
    window = MainWindow(contest)
    window.show()
    deadline = time.perf_counter() + 5
    while time.perf_counter() < deadline and not window.isVisible():
        app.processEvents()
    for _ in range(20):
        app.processEvents()
    return app, window


def edit_latency(contest, label: str, settings: Settings, goal_ms: float) -> list[Row]:
    import random

    from resultsviewer.core.describe import ChartMode
    from resultsviewer.gui.table_model import TableDisplay

    app, window = _window_on(contest)
    table, chart, summary = window.table, window.chart, window.summary
    watch = _PaintWatch({
        "table": table.viewport(),
        "chart": chart.plot_widget().viewport(),
        "summary": summary.facts_label,
    })
    everything = {"table", "chart", "summary"}
    # A user edits a cell they can see: the rows on screen.
    last_visible = table.rowAt(table.viewport().height() - 1)
    visible_rows = range(0, min(contest.category_count, last_visible if last_visible > 0 else contest.category_count))
    generator = random.Random(8)
    cells = [(generator.choice(visible_rows), generator.randrange(contest.candidate_count)) for _ in range(settings.edits)]

    def edit(row: int, column: int, step: int) -> None:
        current = contest.count(row, column) or 0
        value = current + 1 if step % 2 == 0 or current == 0 else current - 1
        watch.reset()
        if not window.model.setData(window.model.index(row, column), f"{value:,}"):
            raise RuntimeError(f"edit of ({row}, {column}) refused")
        watch.wait(app, everything)

    def repaint_only() -> None:
        watch.reset()
        table.viewport().update()
        chart.plot_widget().viewport().update()
        summary.facts_label.update()
        watch.wait(app, everything)

    for step in range(10):  # warm-up: first edits build caches and undo machinery
        edit(*cells[step], step)
        repaint_only()
    edits: list[float] = []
    repaints: list[float] = []
    for step, (row, column) in enumerate(cells):
        edits.append(time_once(lambda row=row, column=column, step=step: edit(row, column, step)))
        repaints.append(time_once(repaint_only))
    edit_t, repaint_t = Timings(tuple(edits)), Timings(tuple(repaints))
    rows = [
        Row("edit", f"one count set, until repainted ({label})", edit_t.median * 1000, "ms",
            repaint_t.median * 1000, "repaint of the same widgets, no edit",
            f"median < {goal_ms:g} ms", edit_t.median * 1000 < goal_ms,
            {"figure": edit_t.as_dict(), "floor_timings": repaint_t.as_dict()}),
        Row("edit", f"  95th percentile ({label})", edit_t.p95 * 1000, "ms",
            repaint_t.p95 * 1000, "repaint, 95th percentile", "", None),
    ]

    def switch_table() -> None:
        display = TableDisplay.COUNTS if window.model.display is not TableDisplay.COUNTS else TableDisplay.SHARE_OF_CATEGORY
        watch.reset()
        window.set_table_display(display)
        watch.wait(app, {"table"})

    def switch_chart() -> None:
        mode = ChartMode.COUNTS if chart.mode() is not ChartMode.COUNTS else ChartMode.SHARE
        watch.reset()
        window.set_chart_mode(mode)
        watch.wait(app, {"chart"})

    def table_repaint() -> None:
        watch.reset()
        table.viewport().update()
        watch.wait(app, {"table"})

    def chart_repaint() -> None:
        watch.reset()
        chart.plot_widget().viewport().update()
        watch.wait(app, {"chart"})

    switches = interleaved(
        {"table": switch_table, "table floor": table_repaint, "chart": switch_chart, "chart floor": chart_repaint},
        settings.switches,
    )
    for what, description in (("table", "table counts <-> shares"), ("chart", "chart counts <-> shares")):
        figure, floor = switches[what], switches[f"{what} floor"]
        rows.append(
            Row("edit", f"{description} ({label})", figure.median * 1000, "ms", floor.median * 1000,
                # No goal is set for a switch; one frame (16 ms) is the reference a user would feel.
                f"repaint of the {what}, no switch", "none set (1 frame: 16 ms)", None,
                {"figure": figure.as_dict(), "floor_timings": floor.as_dict()})
        )
    window.model.detach()
    window.chart.set_contest(None)
    window.hide()
    window.deleteLater()
    app.processEvents()
    return rows


# --- 3. loading ------------------------------------------------------------------------------


def loading(settings: Settings, folder: Path) -> tuple[list[Row], list[str]]:
    from generated_contests import write_large_csv
    from load_openelections import DEFAULT as NM_PRECINCTS
    from load_openelections import floor as csv_floor
    from load_openelections import load as load_nm

    from resultsviewer.core.formats import read_contest

    rows: list[Row] = []
    notes: list[str] = []
    large = write_large_csv(folder / "large-20000x20.csv")
    runs = interleaved({"load": lambda: read_contest(large), "floor": lambda: csv_floor(large)}, settings.load_runs)
    ratio = runs["load"].median / runs["floor"].median
    rows.append(
        Row("load", "20,000 x 20 spreadsheet CSV", runs["load"].median * 1000, "ms", runs["floor"].median * 1000,
            "csv module alone", "within 2x", ratio <= 2, {"figure": runs["load"].as_dict(), "floor_timings": runs["floor"].as_dict()})
    )
    if NM_PRECINCTS.is_file():
        runs = interleaved({"load": lambda: load_nm(NM_PRECINCTS), "floor": lambda: csv_floor(NM_PRECINCTS)}, settings.load_runs)
        ratio = runs["load"].median / runs["floor"].median
        rows.append(
            Row("load", "NM 2024 precincts, President (43,089 rows)", runs["load"].median * 1000, "ms",
                runs["floor"].median * 1000, "csv module alone", "within 2x", ratio <= 2,
                {"figure": runs["load"].as_dict(), "floor_timings": runs["floor"].as_dict()})
        )
    else:
        notes.append(f"skipped the New Mexico precinct file: {NM_PRECINCTS} is absent")
    return rows, notes


# --- 4. export -------------------------------------------------------------------------------


def export(settings: Settings) -> tuple[list[Row], list[str]]:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return [], ["skipped the export: matplotlib is not installed (.venv/bin/pip install '.[bench]')"]
    from export_png import matplotlib_agg, ours

    from resultsviewer.core.bundled import default_contest
    from resultsviewer.gui.app import application

    application()
    contest = default_contest()
    runs = interleaved({"ours": lambda: ours(contest), "matplotlib": lambda: matplotlib_agg(contest)}, settings.export_runs)
    figure, floor = runs["ours"], runs["matplotlib"]
    return [
        Row("export", "PNG 1600 x 1000, default contest", figure.median * 1000, "ms", floor.median * 1000,
            "matplotlib (Agg), same chart", "faster than matplotlib", figure.median < floor.median,
            {"figure": figure.as_dict(), "floor_timings": floor.as_dict()})
    ], []


# --- 5. memory -------------------------------------------------------------------------------


def memory() -> list[Row]:
    bare = _first_paint("bare")["maxrss_kib"] / 1024
    rows = []
    for contest, label in (("default", "default contest"), ("large", "20,000 x 20")):
        peak = _first_paint("app", contest)["maxrss_kib"] / 1024
        rows.append(Row("memory", f"peak RSS at first paint ({label})", peak, "MiB", bare, "bare window"))
    return rows


# --- the table -------------------------------------------------------------------------------


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def print_table(rows: list[Row], notes: list[str]) -> None:
    headers = ("figure", "value", "floor", "ratio", "goal", "met")
    lines = []
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "NO")
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        lines.append((row.name, _format(row.value, row.unit), _format(row.floor, row.unit), ratio, row.goal, met))
    widths = [max(len(str(line[column])) for line in [headers, *lines]) for column in range(len(headers))]
    section = None
    print("  ".join(header.ljust(width) for header, width in zip(headers, widths)))
    for row, line in zip(rows, lines):
        if row.section != section:
            section = row.section
            print(f"-- {section}")
        print("  ".join(
            (str(cell).rjust(width) if 0 < column < 4 else str(cell).ljust(width))
            for column, (cell, width) in enumerate(zip(line, widths))
        ))
    floors = {row.floor_name for row in rows if row.floor_name}
    print("\nfloors: " + "; ".join(sorted(floors)))
    print("values and floors are medians of interleaved runs (see the JSON for best and 95th percentile)")
    for note in notes:
        print(f"note: {note}")


def environment() -> dict[str, object]:
    import pyqtgraph
    import PySide6

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "pyside6": PySide6.__version__,
        "pyqtgraph": pyqtgraph.__version__,
        "qpa": os.environ.get("QT_QPA_PLATFORM"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs of each (under two minutes)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="where to write the results (default: benchmarks/results/)")
    parser.add_argument(
        "--only", choices=("startup", "edit", "load", "export", "memory"), action="append",
        help="run only these sections (repeatable)",
    )
    options = parser.parse_args(argv)
    settings = QUICK if options.quick else FULL
    wanted = set(options.only or ("startup", "edit", "load", "export", "memory"))
    started = time.perf_counter()
    rows: list[Row] = []
    notes: list[str] = []

    def section(name: str, function: Callable[[], object]) -> None:
        if name not in wanted:
            return
        print(f"[{time.perf_counter() - started:5.1f} s] {name}…", file=sys.stderr, flush=True)
        result = function()
        if isinstance(result, tuple):
            rows.extend(result[0])
            notes.extend(result[1])
        else:
            rows.extend(result)

    with tempfile.TemporaryDirectory(prefix="resultsviewer-bench-") as folder:
        # Fresh processes first, before this one has grown and warmed the caches they share.
        section("startup", lambda: startup(settings))
        section("memory", memory)

        def edits() -> list[Row]:
            from generated_contests import large_contest

            from resultsviewer.core.bundled import default_contest

            return edit_latency(default_contest(), "default contest", settings, 5.0) + edit_latency(
                large_contest(), "20,000 x 20", settings, 16.0
            )

        section("edit", edits)
        section("load", lambda: loading(settings, Path(folder)))
        section("export", lambda: export(settings))
    elapsed = time.perf_counter() - started
    print_table(rows, notes)
    print(f"\n{'quick' if options.quick else 'full'} run in {elapsed:.0f} s")
    RESULTS.mkdir(exist_ok=True)
    path = options.json or RESULTS / f"run-{time.strftime('%Y%m%d-%H%M%S')}{'-quick' if options.quick else ''}.json"
    path.write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "quick": options.quick,
                "seconds": elapsed,
                "environment": environment(),
                "results": [row.as_dict() for row in rows],
                "notes": notes,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
