"""Load time of the 43,089-row New Mexico 2024 precinct file, against the floor of
reading it with the csv module alone.

    .venv/bin/python benchmarks/load_openelections.py [PATH]

Prints the best and the median of several interleaved runs of each, and their ratios
(target: within 2x). The best is the steadier figure on a shared machine.
The floor is what any reader must pay: read the bytes, decode them, split every row
into its cells (the csv module builds each row, and it is dropped: a loader need not keep
the texts, and keeping 20 million of them would measure the allocator, not reading).
The load is the whole import: detection of the layout and the delimiter, the scan of
the file's contests, the President rows by precinct, and the Contest with its totals.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import interleaved  # noqa: E402

from resultsviewer.core.formats import read_contest  # noqa: E402
from resultsviewer.core.formats.delimited import ImportOptions  # noqa: E402


def _shared_real() -> Path:
    """The shared real files: $RESULTSVIEWER_SHARED_REAL (as the tests take it), else a
    ``shared/data/real`` beside the checkout or one of its parents (a worktree sits deeper)."""
    if os.environ.get("RESULTSVIEWER_SHARED_REAL"):
        return Path(os.environ["RESULTSVIEWER_SHARED_REAL"])
    for parent in ROOT.parents:
        if (parent / "shared" / "data" / "real").is_dir():
            return parent / "shared" / "data" / "real"
    return ROOT.parent / "shared" / "data" / "real"


DEFAULT = _shared_real() / "openelections" / "nm_20241105__nm__general__precinct.csv"


def floor(path: Path) -> int:
    """The csv module reading every row of ``path`` (UTF-8, BOM or not); the number of rows."""
    rows = 0
    with open(path, encoding="utf-8-sig", newline="") as stream:
        for _ in csv.reader(stream):
            rows += 1
    return rows


def load(path: Path) -> int:
    contest = read_contest(path, options=ImportOptions(contest="President", by="precinct"))
    return contest.category_count


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        print(f"{path} is absent; pass the path of the New Mexico file", file=sys.stderr)
        return 1
    rows = floor(path)
    categories = load(path)
    runs = 15
    # Interleaved, so that a busy machine slows both alike.
    timings = interleaved({"csv": lambda: floor(path), "load": lambda: load(path)}, runs)
    csv_times, load_times = timings["csv"], timings["load"]
    print(f"file: {path.name} ({rows - 1:,} rows); President by precinct: {categories:,} precincts; {runs} runs each")
    print(f"csv module alone: best {csv_times.best * 1000:7.1f} ms, median {csv_times.median * 1000:7.1f} ms")
    print(f"read_contest:     best {load_times.best * 1000:7.1f} ms, median {load_times.median * 1000:7.1f} ms")
    ratio_best, ratio_median = load_times.best / csv_times.best, load_times.median / csv_times.median
    print(f"ratio:            best {ratio_best:7.2f}x,   median {ratio_median:7.2f}x (target: within 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
