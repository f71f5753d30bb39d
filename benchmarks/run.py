"""Results Viewer's benchmarks: every goal of issue 16 as a ratio to a floor measured in the same run.

    .venv/bin/pip install -e '.[bench]'     # matplotlib, DuckDB
    .venv/bin/python benchmarks/run.py [--quick] [--only SECTION]... [--json PATH]

Sections (``--only`` takes these names):

startup
    The first painted main window on the default contest, in a fresh process, against a
    bare QMainWindow with an empty QTableView and a pyqtgraph PlotWidget
    (benchmarks/first_paint.py runs both); ``resultsviewer tally`` on the default contest
    against ``python -c pass`` (goal: within 4x).
memory
    Peak resident memory after opening a spreadsheet CSV of 100,000 x 20 and of
    1,000,000 x 20 as a user does, each in a fresh process: ``resultsviewer tally FILE``
    against ``python -c "import resultsviewer.core.formats"``, and the window opening the
    file as File > Open does (``first_paint.py open``) against the bare window. Goal, where
    the issue sets it, at 1,000,000 x 20: under 500 MB in all and at most 16 bytes per
    count cell beyond the floor; and the same 16 bytes for each cell added from 100,000 to
    1,000,000 rows (free of fixed costs). The 100,000-row figures are for reference: there
    the fixed costs of reading (numpy's import, the readers' modules) are some 10 bytes a
    cell on their own. A file the app refuses is reported as not met, with its reason.
load
    ``read_contest`` of a spreadsheet CSV of 20,000 x 20 and of 1,000,000 x 20
    (generated_contests.write_spreadsheet_csv), and of the New Mexico 2024 precinct file
    when present, against the csv module reading every row of the same file (decoded,
    split, each row built and dropped). Goal: within 1.5x (the New Mexico import: 2x).
window-large
    Peak resident memory of opening a large long (OpenElections) file in the window as a
    user does (File > Open, the import dialog on the file's head, President by county,
    Open: the whole file imported in a worker thread), in a fresh process, against the
    floor: ``resultsviewer tally`` of the same file with the same choices, the command
    line's out-of-core path. Goal (the issue's): under 1 GB for a 2 GB file (``--quick``:
    a 0.25 GB file, the same goal).
long-tally
    A 1,000,000-row OpenElections file tallied, against DuckDB on the same file (goal:
    within 2x), from ``benchmarks/long_tally.py`` when it exists: its
    ``measure(folder, runs)`` returns a list of dicts with the keys of :class:`Row`
    (``name``, ``value``, ``unit``, ``floor``, ``floor_name``, ``goal``, ``met``; any
    other key goes to the JSON as it is).
edit
    One count set through the table model (``setData(index, "1,234")``) until the table,
    the chart and the summary have been repainted, on the default contest and at 100,000
    x 20, against the floor: pyqtgraph repainting the same bars (a BarGraphItem per
    series in a PlotWidget of the chart's size, the chart's bars copied) after a plain
    ``setOpts`` of one height, with no model behind it; each step, the edit's and the
    floor's, ends once the events it posted are handled. Goal: within 1.5x. For
    reference, the table, chart and summary repainting the regions one edit has them
    paint, alone (no edit, no model), against the same floor: what the goal leaves for
    the edit's own work is the difference; and the same edits with the chart and the
    summary not told, until the table alone has repainted (the document, its history and
    the table model doing all they do): where that alone is beyond 1.5x, no chart or
    summary brings the whole edit within the goal. Then whether
    the per-edit model update grows with the categories: the same edit through a
    Document and its table model with no view, at 1,000 and at 100,000 x 20 (goal: the
    ratio within 1.5x), and the same with the tally the window recomputes after an edit.
    Switching the table and the chart between counts and shares is given for reference.
first-paint
    Opening 100,000 x 20 in the window (File > Open on a shown window) until the table,
    chart and summary have painted it, against ``read_contest`` of the same file alone,
    each in fresh processes. Goal: within 3x.
export
    One 1,600 x 1,000 PNG of the default contest, against matplotlib drawing the same
    chart (benchmarks/export_png.py). Goal: faster than matplotlib.

Runs of a figure and its floor are interleaved, so a busy machine slows both alike; the
ratio uses the medians. Every printed figure has a goal (or says it is a reference) and
whether it is met; missing a goal is reported, not an error. A table is printed and all
the numbers are written as JSON to benchmarks/results/ (or --json PATH). ``--quick``
takes fewer runs (some three minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
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
SECTIONS = ("startup", "memory", "window-large", "load", "long-tally", "edit", "first-paint", "export")
REFERENCE = "no goal: reference"
#: Memory is in decimal megabytes, as the issue's "500 MB" and "113 MB" are.
MB = 1_000_000
#: The issue's memory goals.
BYTES_PER_CELL_GOAL = 16
MILLION_ROWS_TOTAL_GOAL = 500 * MB


@dataclass
class Row:
    """One line of the table: a figure, its floor, their ratio, and the goal."""

    section: str
    name: str
    #: None when there is no figure: the app refused the file (``status`` says why).
    value: float | None
    unit: str
    floor: float | None = None
    floor_name: str = ""
    goal: str = REFERENCE
    met: bool | None = None
    detail: dict[str, object] = field(default_factory=dict)
    #: What stands in the value column when there is no value ("refused").
    status: str = ""

    @property
    def ratio(self) -> float | None:
        return None if self.value is None or self.floor in (None, 0) else self.value / self.floor

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
            "status": self.status,
            **self.detail,
        }


def ratio_row(section: str, name: str, figure: Timings, floor: Timings, floor_name: str, limit: float,
              unit_scale: float = 1000, unit: str = "ms") -> Row:
    """A timed figure against its timed floor, met when the ratio of medians is at most ``limit``."""
    ratio = figure.median / floor.median
    return Row(section, name, figure.median * unit_scale, unit, floor.median * unit_scale, floor_name,
               f"within {limit:g}x", ratio <= limit, {"figure": figure.as_dict(), "floor_timings": floor.as_dict()})


@dataclass
class Settings:
    startup_runs: int
    edits: int
    switches: int
    load_runs: int
    million_load_runs: int
    long_tally_runs: int
    first_paint_runs: int
    export_runs: int
    #: The size of the long file the window opens in the window-large section.
    large_long_gigabytes: float


FULL = Settings(startup_runs=15, edits=400, switches=40, load_runs=10, million_load_runs=3, long_tally_runs=5,
                first_paint_runs=5, export_runs=15, large_long_gigabytes=2.0)
QUICK = Settings(startup_runs=5, edits=100, switches=8, load_runs=3, million_load_runs=1, long_tally_runs=3,
                 first_paint_runs=2, export_runs=5, large_long_gigabytes=0.25)


class GeneratedFiles:
    """Spreadsheet CSVs of N x 20, written once per run into its temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def spreadsheet(self, categories: int) -> Path:
        from generated_contests import write_spreadsheet_csv

        return write_spreadsheet_csv(self.folder / f"generated-{categories}x20.csv", categories)


def _size(categories: int) -> str:
    return f"{categories:,} x 20"


# --- child processes -------------------------------------------------------------------------


#: The environment of the child runs: bytecode caches written and read, as in an installed
#: app (pip compiles at install, the frozen app ships .pyc). With PYTHONDONTWRITEBYTECODE
#: set, every run would compile each module from source and measure the compiler.
CACHED_BYTECODE_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _first_paint(kind: str, contest: str = "default", timeout: float = 600, choices: tuple[str, ...] = ()) -> dict[str, float]:
    """Start a fresh process that opens a window; its first paint, seconds after the start.
    ``choices`` (``by=county``...) are made in the import dialog, when one shows.

    Raises RuntimeError with the child's message when it reports an error (a refused file)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(FIRST_PAINT), kind, contest, *choices], capture_output=True, text=True, timeout=timeout,
        check=False, env=CACHED_BYTECODE_ENV,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    report = json.loads(lines[-1]) if lines else {"error": done.stderr.strip()[-500:] or f"exit status {done.returncode}"}
    if "error" in report:
        raise RuntimeError(str(report["error"]))
    result = {
        "seconds": report["painted"] - started,
        "maxrss_kib": report["maxrss_kib"],
        # Where the time went: start to imports done, to the window built and shown, to painted.
        "imports": report["imported"] - started,
        "build": report["built"] - report["imported"],
        "paint": report["painted"] - report["built"],
    }
    if kind == "open":
        result.update(
            open_to_painted=report["painted"] - report["opened"],
            open_call=report["open_returned"] - report["opened"],
            maxrss_before_open_kib=report["maxrss_before_open_kib"],
            categories=report["categories"],
            candidates=report["candidates"],
        )
        if "import_dialog" in report:
            result.update(import_dialog=report["import_dialog"], maxrss_in_dialog_kib=report["maxrss_in_dialog_kib"])
    return result


@dataclass
class ChildRun:
    seconds: float
    peak_bytes: int
    returncode: int
    stdout: str
    stderr: str


#: Runs a command and writes its peak memory to a file. It stands between this process and
#: the measured one because Linux starts a child's ``ru_maxrss`` at its parent's peak (the
#: high-water mark survives ``exec``, and a vfork-started child takes its parent's): this
#: launcher is small, so the figure it reports is the command's own.
_LAUNCHER = (
    "import json, os, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "process = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(process.pid, 0)\n"
    "process.returncode = os.waitstatus_to_exitcode(status)\n"
    "with open(sys.argv[1], 'w') as report:\n"
    "    json.dump({'seconds': time.perf_counter() - started, 'maxrss_kib': usage.ru_maxrss,\n"
    "               'returncode': process.returncode}, report)\n"
)


def run_child(command: list[str], timeout: float = 900) -> ChildRun:
    """Run ``command``; its time and its own peak resident memory (through :data:`_LAUNCHER`)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        subprocess.run([sys.executable, "-I", "-c", _LAUNCHER, report.name, *command], stdout=out, stderr=err,
                       timeout=timeout, check=True, env=CACHED_BYTECODE_ENV)
        measured = json.load(report)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux.
        return ChildRun(measured["seconds"], measured["maxrss_kib"] * 1024, measured["returncode"],
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def _resultsviewer_command() -> list[str]:
    script = Path(sys.executable).parent / "resultsviewer"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "resultsviewer"]


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


# --- start-up --------------------------------------------------------------------------------


def startup(settings: Settings) -> list[Row]:
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "app": []}
    for _ in range(settings.startup_runs):
        for kind in ("bare", "app"):
            runs[kind].append(_first_paint(kind))
    app_t, bare_t = (Timings(tuple(run["seconds"] for run in runs[kind])) for kind in ("app", "bare"))
    phases = {
        kind: {phase: statistics.median(run[phase] for run in runs[kind]) * 1000 for phase in ("imports", "build", "paint")}
        for kind in runs
    }
    rows = [ratio_row("start-up", "first painted window, default contest", app_t, bare_t,
                      "bare QMainWindow + QTableView + PlotWidget", 1.3)]
    rows[0].detail["phases_median_ms"] = phases
    for phase in ("imports", "build", "paint"):
        rows.append(Row("start-up", f"  of which {phase}", phases["app"][phase], "ms", phases["bare"][phase],
                        f"bare window's {phase}"))
    tally_command = [*_resultsviewer_command(), "tally"]
    tally: list[float] = []
    empty: list[float] = []
    subprocess.run(tally_command, capture_output=True, timeout=120, check=True, env=CACHED_BYTECODE_ENV)  # warm-up: bytecode, disk cache
    for _ in range(settings.startup_runs):
        empty.append(time_once(lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True, env=CACHED_BYTECODE_ENV)))
        tally.append(time_once(lambda: subprocess.run(tally_command, capture_output=True, timeout=120, check=True, env=CACHED_BYTECODE_ENV)))
    rows.append(ratio_row("start-up", "resultsviewer tally (default contest)", Timings(tuple(tally)),
                          Timings(tuple(empty)), "python -c pass", 4))
    return rows


# --- memory ----------------------------------------------------------------------------------


def _memory_rows(where: str, label: str, cells: int, peak: int | None, floor: int, floor_name: str,
                 refused: str, million: bool, detail: dict[str, object]) -> list[Row]:
    """The peak and the bytes per count cell beyond the floor. The issue sets both goals at a
    million rows (under 500 MB, at most 16 bytes a cell); at 100,000 rows they are printed for
    reference, since fixed costs (numpy's import, the readers' modules: some 20 MB) are then
    10 bytes a cell on their own. :func:`_marginal_rows` gives the cost of a cell without them."""
    total_goal = f"< {MILLION_ROWS_TOTAL_GOAL // MB} MB" if million else REFERENCE
    cell_goal = f"<= {BYTES_PER_CELL_GOAL} B/cell" if million else REFERENCE
    if peak is None:
        status = f"refused: {refused}"
        return [
            Row("memory", f"{where}, {label}: peak RSS", None, "MB", floor / MB, floor_name,
                total_goal, False if million else None, detail, status="refused"),
            Row("memory", f"  bytes per count cell beyond the floor ({where}, {label})", None, "B", None, "",
                cell_goal, False if million else None, {"reason": status}, status="refused"),
        ]
    per_cell = (peak - floor) / cells
    return [
        Row("memory", f"{where}, {label}: peak RSS", peak / MB, "MB", floor / MB, floor_name,
            total_goal, peak < MILLION_ROWS_TOTAL_GOAL if million else None, detail),
        Row("memory", f"  bytes per count cell beyond the floor ({where}, {label})", per_cell, "B", None, "",
            cell_goal, per_cell <= BYTES_PER_CELL_GOAL if million else None, {"cells": cells}),
    ]


def _marginal_rows(where: str, peaks: dict[int, int | None]) -> list[Row]:
    """What one more count cell costs: the growth of the peak from 100,000 to 1,000,000 rows
    over the cells added, free of every fixed cost (goal: the issue's 16 bytes a cell)."""
    small, large = peaks.get(100_000), peaks.get(1_000_000)
    if small is None or large is None:
        return []
    per_cell = (large - small) / ((1_000_000 - 100_000) * 20)
    return [Row("memory", f"  bytes per added count cell, 100,000 to 1,000,000 x 20 ({where})", per_cell, "B", None,
                "", f"<= {BYTES_PER_CELL_GOAL} B/cell", per_cell <= BYTES_PER_CELL_GOAL,
                {"peak_bytes": {str(k): v for k, v in peaks.items()}})]


def memory(files: GeneratedFiles) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    sizes = (100_000, 1_000_000)
    paths = {categories: files.spreadsheet(categories) for categories in sizes}
    # The command line: the process that tallies the file, against one that imports the loaders.
    empty = run_child([sys.executable, "-c", "import resultsviewer.core.formats"])
    empty_name = 'python -c "import resultsviewer.core.formats"'
    cli_peaks: dict[int, int | None] = {}
    window_peaks: dict[int, int | None] = {}
    for categories in sizes:
        done = run_child([*_resultsviewer_command(), "tally", str(paths[categories])])
        refused = "" if done.returncode == 0 else _last_line(done.stderr) or f"exit status {done.returncode}"
        if refused:
            notes.append(f"resultsviewer tally refused {_size(categories)}: {refused}")
        cli_peaks[categories] = None if refused else done.peak_bytes
        rows += _memory_rows(
            "resultsviewer tally", _size(categories), categories * 20, None if refused else done.peak_bytes,
            empty.peak_bytes, empty_name, refused, categories == 1_000_000,
            {"seconds": done.seconds, "peak_bytes": done.peak_bytes, "floor_bytes": empty.peak_bytes},
        )
    # The window: File > Open of the file on a shown window, against the bare window.
    bare = int(_first_paint("bare")["maxrss_kib"] * 1024)
    for categories in sizes:
        try:
            report = _first_paint("open", str(paths[categories]))
        except RuntimeError as error:
            notes.append(f"the window refused {_size(categories)}: {error}")
            rows += _memory_rows("window", _size(categories), categories * 20, None, bare, "bare window",
                                 str(error), categories == 1_000_000, {"floor_bytes": bare})
            continue
        peak = int(report["maxrss_kib"] * 1024)
        window_peaks[categories] = peak
        before_open = int(report["maxrss_before_open_kib"] * 1024)
        rows += _memory_rows("window", _size(categories), categories * 20, peak, bare, "bare window", "",
                             categories == 1_000_000, {"peak_bytes": peak, "floor_bytes": bare,
                                                       "empty_app_bytes": before_open})
        rows.append(Row("memory", f"  bytes per cell beyond the app's own window before the open ({_size(categories)})",
                        (peak - before_open) / (categories * 20), "B", None, "", REFERENCE, None))
    rows += _marginal_rows("resultsviewer tally", cli_peaks) + _marginal_rows("window", window_peaks)
    return rows, notes


# --- a large long file in the window ----------------------------------------------------------

#: The window's memory goal for a large long file (the issue's: under 1 GB for 2 GB).
LARGE_LONG_GOAL = 1000 * MB


def window_large_long(settings: Settings, folder: Path) -> tuple[list[Row], list[str]]:
    """Peak memory of File > Open of a large long file in the window, against the command line's tally of it."""
    from long_tally import write_file

    gigabytes = settings.large_long_gigabytes
    path = folder / f"long-{gigabytes:g}GB.csv"
    try:
        write_file(path, int(gigabytes * 2**30 / 62))  # some 62 bytes a row
        size = path.stat().st_size
        name = f"window, {size / 2**30:.2f} GB long file (import dialog, President by county): peak RSS"
        floor_name = "resultsviewer tally of the same file, same choices"
        tally = run_child([*_resultsviewer_command(), "tally", str(path), "--contest", "President", "--by", "county"],
                          timeout=3600)
        if tally.returncode != 0:
            raise RuntimeError(f"resultsviewer tally of {path.name}: {_last_line(tally.stderr)}")
        goal = f"< {LARGE_LONG_GOAL // MB:,} MB"
        try:
            report = _first_paint("open", str(path), timeout=3600, choices=("contest=President", "by=county"))
        except RuntimeError as error:
            return [Row("memory", name, None, "MB", tally.peak_bytes / MB, floor_name, goal, False,
                        {"reason": str(error), "file_bytes": size}, status="refused")], [f"the window refused {path.name}: {error}"]
        peak = int(report["maxrss_kib"] * 1024)
        return [Row("memory", name, peak / MB, "MB", tally.peak_bytes / MB, floor_name, goal, peak < LARGE_LONG_GOAL, {
            "file_bytes": size,
            "open_to_painted_seconds": report["open_to_painted"],
            "tally_seconds": tally.seconds,
            "empty_app_bytes": int(report["maxrss_before_open_kib"] * 1024),
            "in_dialog_bytes": int(report.get("maxrss_in_dialog_kib", 0) * 1024),
            "import_dialog": report.get("import_dialog"),
            "categories": report["categories"],
        })], []
    finally:
        path.unlink(missing_ok=True)  # the disk is shared: a 2 GB file is not left for the run's end


# --- loading ---------------------------------------------------------------------------------


def _load_row(name: str, path: Path, runs: int, limit: float, load: Callable[[Path], object],
              floor: Callable[[Path], object]) -> Row:
    """``load`` against ``floor`` on ``path``; a file the loader refuses is a row not met, with the reason."""
    from resultsviewer.core.errors import ContestError

    try:
        load(path)
    except ContestError as error:
        floor_t = interleaved({"floor": lambda: floor(path)}, runs, warm_up=False)["floor"]
        return Row("load", name, None, "ms", floor_t.median * 1000, "csv module reading every row", f"within {limit:g}x",
                   False, {"reason": str(error), "floor_timings": floor_t.as_dict()}, status="refused")
    # The call above was the warm-up.
    timings = interleaved({"load": lambda: load(path), "floor": lambda: floor(path)}, runs, warm_up=False)
    return ratio_row("load", name, timings["load"], timings["floor"], "csv module reading every row", limit)


def loading(settings: Settings, files: GeneratedFiles) -> tuple[list[Row], list[str]]:
    from load_openelections import DEFAULT as NM_PRECINCTS
    from load_openelections import floor as csv_floor
    from load_openelections import load as load_nm

    from resultsviewer.core.formats import read_contest

    rows: list[Row] = []
    notes: list[str] = []
    for categories, runs in ((20_000, settings.load_runs), (1_000_000, settings.million_load_runs)):
        path = files.spreadsheet(categories)
        row = _load_row(f"{_size(categories)} spreadsheet CSV ({path.stat().st_size / MB:,.0f} MB)", path, runs, 1.5,
                        read_contest, csv_floor)
        if row.value is None:
            notes.append(f"read_contest refused {_size(categories)}: {row.detail['reason']}")
        rows.append(row)
    if NM_PRECINCTS.is_file():
        rows.append(_load_row("NM 2024 precincts, President (43,089 rows)", NM_PRECINCTS, settings.load_runs, 2,
                              load_nm, csv_floor))
    else:
        notes.append(f"skipped the New Mexico precinct file: {NM_PRECINCTS} is absent")
    return rows, notes


# --- long tally ------------------------------------------------------------------------------


def long_tally(settings: Settings, folder: Path) -> tuple[list[Row], list[str]]:
    try:
        import long_tally as measured
    except ImportError as error:
        return [], [f"skipped the long tally: benchmarks/long_tally.py cannot be imported ({error})"]
    known = {"name", "value", "unit", "floor", "floor_name", "goal", "met", "status"}
    rows = []
    try:
        results = measured.measure(folder, settings.long_tally_runs)
    except Exception as error:  # noqa: BLE001 (another module's failure is reported, not fatal to the run)
        return [], [f"the long tally failed: {type(error).__name__}: {error}"]
    for result in results:
        rows.append(Row(
            "long tally", str(result.get("name", "long tally")), result.get("value"), str(result.get("unit", "ms")),
            result.get("floor"), str(result.get("floor_name", "")), str(result.get("goal") or REFERENCE),
            result.get("met"), {key: value for key, value in result.items() if key not in known},
            status=str(result.get("status", "")),
        ))
    return rows, []


# --- edit latency ----------------------------------------------------------------------------


class _PaintWatch:
    """Notes the paint events of a few widgets, to know when an edit has reached the screen,
    and the regions they painted."""

    def __init__(self, widgets: dict[str, object]) -> None:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtGui import QRegion

        watch = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
                if event.type() == QEvent.Type.Paint:
                    name = self.objectName()
                    watch.painted.add(name)
                    watch.regions[name] = watch.regions.get(name, QRegion()).united(event.region())
                return False

        self.painted: set[str] = set()
        self.regions: dict[str, object] = {}  # name -> QRegion painted since the last reset
        self._filters = []
        for name, widget in widgets.items():
            event_filter = Filter()
            event_filter.setObjectName(name)
            widget.installEventFilter(event_filter)
            self._filters.append(event_filter)

    def wait(self, app, names: set[str], timeout: float = 10.0) -> None:
        """Process events until every widget in ``names`` has painted since the last reset."""
        deadline = time.perf_counter() + timeout
        while not names <= self.painted:
            app.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no repaint of {sorted(names - self.painted)} within {timeout} s")

    def reset(self) -> None:
        self.painted.clear()
        self.regions.clear()


def _settle(app, seconds: float = 0.3) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()


def _window_on(contest):
    from resultsviewer.gui.app import application
    from resultsviewer.gui.main_window import MainWindow

    app = application()
    window = MainWindow(contest)
    window.show()
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and not window.isVisible():
        app.processEvents()
    _settle(app)
    return app, window


def _bars_floor(chart):
    """The floor of an edit: the chart's bars copied into a bare PlotWidget of the chart's size.

    One BarGraphItem per series, the same x, widths, bottoms and heights, the same view
    range; nothing behind them. Returns the widget and its items."""
    import numpy as np
    import pyqtgraph as pg

    source = chart.plot_widget()
    widget = pg.PlotWidget()
    widget.resize(source.size())
    items = []
    for bar in chart.bar_items():
        opts = bar.opts
        heights = np.array(opts["height"], dtype=float)
        bottoms = opts.get("y0")
        item = pg.BarGraphItem(
            x=np.array(opts["x"], dtype=float), width=opts["width"], height=heights,
            y0=np.zeros_like(heights) if bottoms is None else np.array(bottoms, dtype=float),
            pen=pg.mkPen(None), brush=opts.get("brush") or "#888888",
        )
        widget.addItem(item)
        items.append(item)
    (x_low, x_high), (y_low, y_high) = source.getViewBox().viewRange()
    widget.setRange(xRange=(x_low, x_high), yRange=(y_low, y_high), padding=0)
    widget.show()
    return widget, items


def _cell_edits(
    contest, model, cells: list[tuple[int, int]], before: Callable[[], object] = lambda: None,
    after: Callable[[], object] = lambda: None,
) -> Callable[[], None]:
    """One edit a call, as a user types it into the table: the next cell's count one up, then
    one down, so that the contest stays near where it began."""
    steps = iter(range(10**9))

    def edit() -> None:
        step = next(steps)
        row, column = cells[step % len(cells)]
        current = contest.count(row, column) or 0
        value = current + 1 if step % 2 == 0 or current == 0 else current - 1
        before()
        if not model.setData(model.index(row, column), f"{value:,}"):
            raise RuntimeError(f"edit of ({row}, {column}) refused")
        after()

    return edit


def edit_latency(contest, label: str, settings: Settings, switches: bool) -> list[Row]:
    from resultsviewer.core.describe import ChartMode
    from resultsviewer.gui.table_model import TableDisplay

    app, window = _window_on(contest)
    table, chart, summary = window.table, window.chart, window.summary
    floor_widget, floor_items = _bars_floor(chart)
    _settle(app)
    watch = _PaintWatch({
        "table": table.viewport(),
        "chart": chart.plot_widget().viewport(),
        "summary": summary.facts_label,
        "floor": floor_widget.viewport(),
    })
    everything = {"table", "chart", "summary"}
    # A user edits a cell they can see: the rows and columns on screen (a cell out of
    # sight repaints nothing of the table).
    last_row = table.rowAt(table.viewport().height() - 1)
    visible_rows = range(0, min(contest.category_count, last_row if last_row > 0 else contest.category_count))
    last_column = table.columnAt(table.viewport().width() - 1)
    visible_columns = range(0, min(contest.candidate_count, last_column if last_column > 0 else contest.candidate_count))
    generator = random.Random(8)
    cells = [(generator.choice(visible_rows), generator.choice(visible_columns)) for _ in range(settings.edits)]
    bars = [(generator.randrange(len(floor_items)), generator.randrange(len(floor_items[0].opts["height"])))
            for _ in range(settings.edits)]
    # Each step ends with the events it posted handled: work an edit leaves for later (a
    # header's re-measuring, a relayout) is the edit's, not the next step's. Both sides
    # end the same way.
    def settled(names: set[str]) -> None:
        watch.wait(app, names)
        app.processEvents()

    edit = _cell_edits(contest, window.model, cells, before=watch.reset, after=lambda: settled(everything))

    floor_steps = iter(range(10**9))

    def set_opts() -> None:
        step = next(floor_steps)
        item_index, bar = bars[step % len(bars)]
        item = floor_items[item_index]
        heights = item.opts["height"].copy()
        heights[bar] += 1 if step % 2 == 0 else -1
        watch.reset()
        item.setOpts(height=heights)
        settled({"floor"})

    for _ in range(10):  # warm-up: first edits build caches and undo machinery
        edit()
        set_opts()
    timings = interleaved({"edit": edit, "floor": set_opts}, settings.edits, warm_up=False)
    edit_t, floor_t = timings["edit"], timings["floor"]
    floor_name = "pyqtgraph: the same bars repainted after one setOpts, no model"
    rows = [
        ratio_row("edit", f"one count set until table, chart, summary repainted ({label})", edit_t, floor_t, floor_name, 1.5),
        Row("edit", f"  95th percentile ({label})", edit_t.p95 * 1000, "ms", floor_t.p95 * 1000,
            "the floor's 95th percentile"),
    ]
    rows[0].detail["bars"] = sum(len(item.opts["height"]) for item in floor_items)
    rows.append(_repaint_bound(window, watch, edit, set_opts, floor_widget, floor_t, label, settings))
    rows.append(_table_only(app, window, watch, contest, cells, set_opts, floor_t, label, settings))
    floor_widget.hide()
    floor_widget.deleteLater()

    if switches:
        def switch_table() -> None:
            display = (TableDisplay.COUNTS if window.model.display is not TableDisplay.COUNTS
                       else TableDisplay.SHARE_OF_CATEGORY)
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

        switched = interleaved(
            {"table": switch_table, "table floor": table_repaint, "chart": switch_chart, "chart floor": chart_repaint},
            settings.switches,
        )
        for what, description in (("table", "table counts <-> shares"), ("chart", "chart counts <-> shares")):
            figure, floor = switched[what], switched[f"{what} floor"]
            rows.append(Row("edit", f"{description} ({label})", figure.median * 1000, "ms", floor.median * 1000,
                            f"repaint of the {what}, no switch", REFERENCE, None,
                            {"figure": figure.as_dict(), "floor_timings": floor.as_dict()}))
    window.model.detach()
    window.chart.set_contest(None)
    window.hide()
    window.deleteLater()
    app.processEvents()
    return rows


def _repaint_bound(window, watch: _PaintWatch, edit: Callable[[], None], set_opts: Callable[[], None], floor_widget,
                   floor_t: Timings, label: str, settings: Settings) -> Row:
    """What the goal leaves for the edit's own work: the repaints alone, against the edit's
    floor (the whole step: setOpts and the bars' repaint). The regions one edit and one
    floor step have Qt paint are recorded, then painted again and timed with no edit, no
    model and no event loop (``repaint`` of each region). The floor's own repaint alone is
    in the detail."""
    widgets = {
        "table": window.table.viewport(), "chart": window.chart.plot_widget().viewport(),
        "summary": window.summary.facts_label, "floor": floor_widget.viewport(),
    }
    edit()
    regions = dict(watch.regions)
    set_opts()
    regions["floor"] = watch.regions["floor"]

    def three() -> None:
        for name in ("table", "chart", "summary"):
            widgets[name].repaint(regions[name])

    timings = interleaved({"three": three, "floor": lambda: widgets["floor"].repaint(regions["floor"])},
                          settings.edits)
    three_t, floor_repaint = timings["three"], timings["floor"]
    return Row("edit", f"  table, chart and summary repainted alone, no edit ({label})", three_t.median * 1000, "ms",
               floor_t.median * 1000, "the edit's floor above", REFERENCE, None,
               {"figure": three_t.as_dict(), "floor_timings": floor_t.as_dict(),
                "floor_repaint_alone": floor_repaint.as_dict(),
                "regions": {name: [(r.x(), r.y(), r.width(), r.height()) for r in region]
                            for name, region in regions.items()}})


def _table_only(app, window, watch: _PaintWatch, contest, cells: list[tuple[int, int]], set_opts: Callable[[], None],
                floor_t: Timings, label: str, settings: Settings) -> Row:
    """A lower bound of the goal's figure: the same edits with the chart and the summary not
    told (they do no work and paint nothing), until the table alone has repainted; the
    document, its history and the table model do all they do for a real edit. Against the
    same floor, interleaved with it. Where this alone is beyond 1.5x, no chart or summary,
    however quick, brings the whole edit within the goal."""
    document = window.document
    contest.unsubscribe(window.chart._on_contest_event)
    document.tally_changed.disconnect(window._on_tally_changed)
    try:
        def settled() -> None:
            watch.wait(app, {"table"})
            app.processEvents()

        table_edit = _cell_edits(contest, window.model, cells, before=watch.reset, after=settled)
        for _ in range(10):
            table_edit()
        timings = interleaved({"edit": table_edit, "floor": set_opts}, settings.edits, warm_up=False)
    finally:
        contest.subscribe(window.chart._on_contest_event)
        document.tally_changed.connect(window._on_tally_changed)
        window._on_tally_changed()  # the summary catches up with the edits it was not told of
        window.chart.set_contest(contest)
    figure, floor = timings["edit"], timings["floor"]
    return Row("edit", f"  the same edit, chart and summary not told, table repainted ({label})",
               figure.median * 1000, "ms", floor.median * 1000, "the edit's floor, in the same run", REFERENCE, None,
               {"figure": figure.as_dict(), "floor_timings": floor.as_dict(), "ratio": figure.median / floor.median,
                "floor_of_the_goal_row": floor_t.as_dict()})


def model_update_growth(settings: Settings) -> list[Row]:
    """Whether the per-edit update grows with the categories: the same edits at 1,000 and at
    100,000 categories x 20, (a) through a Document and its table model with no view
    (``Contest.set_count`` and the model's signal), (b) in a shown window until
    ``setData`` returns: every listener (table model, chart, summary, results panel) has
    run, the repaint (measured above) is left out."""
    from generated_contests import large_contest

    from resultsviewer.gui.document import Document
    from resultsviewer.gui.table_model import TallyTableModel

    small, large = 1_000, 100_000
    contests = {categories: large_contest(categories) for categories in (small, large)}
    from resultsviewer.gui.app import application

    app = application()
    generator = random.Random(16)
    # The same cells for both, within the rows a window shows, so only the size differs.
    cells = [(generator.randrange(20), generator.randrange(20)) for _ in range(settings.edits)]

    def setter(contest, model) -> Callable[[], None]:
        return _cell_edits(contest, model, cells)

    rows = []
    documents = {categories: Document(contest) for categories, contest in contests.items()}
    models = {categories: TallyTableModel(document) for categories, document in documents.items()}
    timings = interleaved({size: setter(contests[size], models[size]) for size in (large, small)}, settings.edits)
    rows.append(ratio_row("edit", f"model update per edit, no view (set_count, signals), {_size(large)}",
                          timings[large], timings[small], f"the same at {_size(small)}", 1.5, unit_scale=1e6, unit="µs"))
    for categories in (small, large):
        models[categories].detach()
        documents[categories].close()

    windows = {categories: _window_on(contest)[1] for categories, contest in contests.items()}
    edits = {size: setter(contests[size], windows[size].model) for size in (large, small)}
    collected: dict[int, list[float]] = {large: [], small: []}
    for step in range(10 + settings.edits):
        for size in (large, small):
            seconds = time_once(edits[size])
            app.processEvents()  # the repaint, untimed: the next edit starts from a quiet window
            if step >= 10:  # the first edits are the warm-up
                collected[size].append(seconds)
    rows.append(ratio_row("edit", f"  an edit in the window until setData returns (no paint), {_size(large)}",
                          Timings(tuple(collected[large])), Timings(tuple(collected[small])),
                          f"the same at {_size(small)}", 1.5, unit_scale=1e6, unit="µs"))
    for window in windows.values():
        window.model.detach()
        window.chart.set_contest(None)
        window.hide()
        window.deleteLater()
    app.processEvents()
    return rows


# --- first paint -----------------------------------------------------------------------------


_LOAD_CHILD = (
    "import json, sys, time\n"
    "from resultsviewer.core.formats import read_contest\n"
    "started = time.perf_counter()\n"
    "contest = read_contest(sys.argv[1])\n"
    "print(json.dumps({'seconds': time.perf_counter() - started, 'categories': contest.category_count}))\n"
)


def first_paint(settings: Settings, files: GeneratedFiles) -> tuple[list[Row], list[str]]:
    categories = 100_000
    path = files.spreadsheet(categories)
    opened: list[dict[str, float]] = []
    loads: list[float] = []
    for _ in range(settings.first_paint_runs):  # interleaved, each in a fresh process
        try:
            opened.append(_first_paint("open", str(path)))
        except RuntimeError as error:
            return [Row("first paint", f"open {_size(categories)} in the window until painted", None, "ms",
                        None, "read_contest of the same file, fresh process", "within 3x", False,
                        {"reason": str(error)}, status="refused")], [f"the window refused {_size(categories)}: {error}"]
        done = run_child([sys.executable, "-c", _LOAD_CHILD, str(path)])
        if done.returncode != 0:
            raise RuntimeError(f"read_contest of {path}: {_last_line(done.stderr)}")
        loads.append(json.loads(_last_line(done.stdout))["seconds"])
    figure = Timings(tuple(run["open_to_painted"] for run in opened))
    rows = [ratio_row("first paint", f"open {_size(categories)} in the window until painted", figure,
                      Timings(tuple(loads)), "read_contest of the same file, fresh process", 3)]
    # From the start of the process (Python, imports, the window on the default contest) to painted.
    rows[0].detail["process_start_to_painted"] = Timings(tuple(run["seconds"] for run in opened)).as_dict()
    rows[0].detail["peak_bytes"] = [int(run["maxrss_kib"] * 1024) for run in opened]
    open_call = Timings(tuple(run["open_call"] for run in opened))
    rows.append(Row("first paint", "  of which File > Open's call (read, model, chart)", open_call.median * 1000, "ms",
                    statistics.median(loads) * 1000, "read_contest, fresh process", REFERENCE, None,
                    {"figure": open_call.as_dict()}))
    return rows, []


# --- export ----------------------------------------------------------------------------------


def export(settings: Settings) -> tuple[list[Row], list[str]]:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return [], ["skipped the export: matplotlib is not installed (.venv/bin/pip install -e '.[bench]')"]
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


# --- the table -------------------------------------------------------------------------------


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def print_table(rows: list[Row], notes: list[str]) -> None:
    headers = ("figure", "value", "floor", "ratio", "goal", "met")
    lines = []
    for row in rows:
        met = "—" if row.met is None else ("yes" if row.met else "NO")
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        value = row.status if row.value is None else _format(row.value, row.unit)
        lines.append((row.name, value, _format(row.floor, row.unit), ratio, row.goal, met))
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
    goals = [row for row in rows if row.met is not None]
    print(f"goals met: {sum(1 for row in goals if row.met)} of {len(goals)}")
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
    parser.add_argument("--quick", action="store_true", help="fewer runs of each (some three minutes)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="where to write the results (default: benchmarks/results/)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only these sections (repeatable)")
    options = parser.parse_args(argv)
    settings = QUICK if options.quick else FULL
    wanted = set(options.only or SECTIONS)
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
        files = GeneratedFiles(Path(folder))
        # Fresh processes first, before this one has grown and warmed the caches they share.
        section("startup", lambda: startup(settings))
        section("memory", lambda: memory(files))
        section("window-large", lambda: window_large_long(settings, Path(folder)))
        section("first-paint", lambda: first_paint(settings, files))
        section("load", lambda: loading(settings, files))
        section("long-tally", lambda: long_tally(settings, Path(folder)))

        def edits() -> list[Row]:
            from generated_contests import large_contest

            from resultsviewer.core.bundled import default_contest

            return (
                edit_latency(default_contest(), "default contest", settings, switches=True)
                + edit_latency(large_contest(100_000), _size(100_000), settings, switches=False)
                + model_update_growth(settings)
            )

        section("edit", edits)
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
                "sections": sorted(wanted),
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
