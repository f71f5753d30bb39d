"""What watching a read costs, and how soon Cancel stops it (issue 16: the window's progress bar).

    python benchmarks/read_progress.py [ROWS] [RUNS]

On a spreadsheet CSV of ROWS x 20 (20,000 by default, written by the app's own writer):

* the overhead of the progress hook: ``open_contest_file`` with a progress callback that
  does nothing, as a ratio to the same call without one, and the same for the one pass
  that reports row by row today (``read_table``), each measured interleaved with the
  csv module reading the file (the floor, for scale). CPU time of this process, median
  of the runs, the order alternating: on a shared machine the wall clock's noise is
  larger than the cost measured;
* the longest waits between two reports, which bound how long Cancel takes to stop the
  worker: the fast spreadsheet path reports once per block of ``BLOCK_BYTES`` in each of
  its two passes, and building the contest reports nothing until it is done;
* Cancel's latency in a worker thread: from the moment Cancel is asked for, once the bar
  has passed 15%, until the worker has stopped (wall clock).
"""

from __future__ import annotations

import csv
import gc
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generated_contests import CANDIDATES, write_large_csv  # noqa: E402
from timing import Timings  # noqa: E402

from resultsviewer.core.formats import read_bytes  # noqa: E402
from resultsviewer.core.formats.delimited import read_table  # noqa: E402
from resultsviewer.core.formats.limits import MAX_TABLE_CELLS  # noqa: E402
from resultsviewer.core.formats.opening import open_contest_file  # noqa: E402
from resultsviewer.core.progress import Cancelled, FileProgress  # noqa: E402


def ignore(done: int, total: int) -> None:
    """A callback that does nothing: what is left is the hook's own cost."""


def csv_module_floor(path: Path) -> None:
    with path.open(newline="", encoding="utf-8") as stream:
        for _ in csv.reader(stream):
            pass


def longest_gaps(path: Path) -> list[tuple[float, float, float]]:
    """(bar position at the start of the gap, at its end, seconds) for the three longest waits between reports."""
    reports: list[tuple[float, float]] = []
    open_contest_file(path, lambda done, total: reports.append((time.perf_counter(), done / total)))
    gaps = [(a[1], b[1], b[0] - a[0]) for a, b in zip(reports, reports[1:])]
    return sorted(gaps, key=lambda gap: -gap[2])[:3]


def cancel_latency(path: Path) -> float:
    """Seconds from asking a worker to cancel, once the bar has passed 15%, until it has stopped."""
    asked = threading.Event()
    reached = threading.Event()

    def progress(done: int, total: int) -> None:
        if done > 0.15 * total:
            reached.set()
        if asked.is_set():
            raise Cancelled

    outcome: list[str] = []

    def work() -> None:
        try:
            open_contest_file(path, progress)
            outcome.append("finished")
        except Cancelled:
            outcome.append("cancelled")

    worker = threading.Thread(target=work)
    worker.start()
    reached.wait()
    start = time.perf_counter()
    asked.set()
    worker.join()
    latency = time.perf_counter() - start
    assert outcome == ["cancelled"], outcome
    return latency


def interleaved_cpu(functions: dict[str, Callable[[], object]], runs: int) -> dict[str, Timings]:
    """CPU seconds of each function, ``runs`` times, in turn and in alternating order."""
    for function in functions.values():
        function()
    collected: dict[str, list[float]] = {name: [] for name in functions}
    names = list(functions)
    for run in range(runs):
        for name in names if run % 2 else names[::-1]:
            gc.collect()
            start = time.process_time()
            functions[name]()
            collected[name].append(time.process_time() - start)
    return {name: Timings(tuple(values)) for name, values in collected.items()}


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory() as folder:
        path = write_large_csv(Path(folder) / "large.csv", rows, CANDIDATES)
        data = read_bytes(path)

        def table_watched() -> None:
            with FileProgress(ignore, len(data)).step(1.0):
                read_table(data, str(path))

        measured: dict[str, Callable[[], object]] = {
            "csv module (floor)": lambda: csv_module_floor(path),
            "open_contest_file": lambda: open_contest_file(path),
            "open_contest_file, watched": lambda: open_contest_file(path, ignore),
        }
        pairs = ["open_contest_file"]
        if rows * (CANDIDATES + 1) <= MAX_TABLE_CELLS:  # a table of any other shape stops there
            measured["read_table"] = lambda: read_table(data, str(path))
            measured["read_table, watched"] = table_watched
            pairs.append("read_table")
        timings = interleaved_cpu(measured, runs)
        size = path.stat().st_size
        print(f"{rows:,} x {CANDIDATES} spreadsheet CSV, {size / 2**20:.1f} MB, CPU time, median of {runs} interleaved runs")
        floor = timings["csv module (floor)"].median
        for name, timing in timings.items():
            print(f"  {name:28} {timing.median * 1000:8.1f} ms  {timing.median / floor:5.2f}x the floor")
        for plain in pairs:
            ratio = timings[f"{plain}, watched"].median / timings[plain].median
            print(f"  hook overhead on {plain}: {100 * (ratio - 1):+.1f}%")
        print("  longest waits between two reports (bar from -> to: seconds):")
        for start, end, seconds in longest_gaps(path):
            print(f"    {100 * start:5.1f}% -> {100 * end:5.1f}%: {seconds * 1000:8.1f} ms")
        latencies = [cancel_latency(path) for _ in range(runs)]
        print(f"  Cancel past 15% of the bar: worker stopped after {max(latencies) * 1000:.1f} ms at most "
              f"(median {sorted(latencies)[len(latencies) // 2] * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
