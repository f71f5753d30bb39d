"""Load time of the 43,089-row New Mexico 2024 precinct file, against the floor of
reading it with the csv module alone.

    .venv/bin/python benchmarks/load_openelections.py [PATH]

Prints the median of several runs of each, and their ratio (target: within 2x).
The floor is what any reader must pay: read the bytes, decode them, split the rows.
The load is the whole import: detection of the layout and the delimiter, the scan of
the file's contests, the President rows by precinct, and the Contest with its totals.
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from resultsviewer.core.formats import read_contest  # noqa: E402
from resultsviewer.core.formats.delimited import ImportOptions  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "real" / "openelections" / "nm_20241105__nm__general__precinct.csv"


def floor(path: Path) -> int:
    with open(path, "rb") as stream:
        text = stream.read().decode("utf-8-sig")
    return len(list(csv.reader(io.StringIO(text, newline=""))))


def load(path: Path) -> int:
    contest = read_contest(path, options=ImportOptions(contest="President", by="precinct"))
    return contest.category_count


def median_time(function, path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        print(f"{path} is absent; pass the path of the New Mexico file", file=sys.stderr)
        return 1
    rows = floor(path)
    categories = load(path)  # warm-up: imports, caches
    runs = 9
    csv_time = median_time(floor, path, runs)
    load_time = median_time(load, path, runs)
    print(f"file: {path.name} ({rows - 1:,} rows)")
    print(f"csv module alone: {csv_time * 1000:8.1f} ms (median of {runs})")
    print(f"read_contest:     {load_time * 1000:8.1f} ms (median of {runs}; President, {categories:,} precincts)")
    print(f"ratio:            {load_time / csv_time:8.2f}x (target: within 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
