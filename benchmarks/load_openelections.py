"""Load time of the 43,089-row New Mexico 2024 precinct file, against the floor of
reading it with the csv module alone.

    .venv/bin/python benchmarks/load_openelections.py [PATH]

Prints the best and the median of several interleaved runs of each, and their ratios
(target: within 2x). The best is the steadier figure on a shared machine.
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


def times(function, path: Path, runs: int) -> list[float]:
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        function(path)
        result.append(time.perf_counter() - start)
    return result


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        print(f"{path} is absent; pass the path of the New Mexico file", file=sys.stderr)
        return 1
    rows = floor(path)
    categories = load(path)  # warm-up: imports, caches
    runs = 15
    # Interleaved, so that a busy machine slows both alike.
    csv_times: list[float] = []
    load_times: list[float] = []
    for _ in range(runs):
        csv_times += times(floor, path, 1)
        load_times += times(load, path, 1)
    csv_best, load_best = min(csv_times), min(load_times)
    csv_median, load_median = statistics.median(csv_times), statistics.median(load_times)
    print(f"file: {path.name} ({rows - 1:,} rows); President by precinct: {categories:,} precincts; {runs} runs each")
    print(f"csv module alone: best {csv_best * 1000:7.1f} ms, median {csv_median * 1000:7.1f} ms")
    print(f"read_contest:     best {load_best * 1000:7.1f} ms, median {load_median * 1000:7.1f} ms")
    print(f"ratio:            best {load_best / csv_best:7.2f}x,   median {load_median / csv_median:7.2f}x (target: within 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
