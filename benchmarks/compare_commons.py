"""Time of comparing the 2019 Commons results with 2017 (by seats), against the floor of
the same arithmetic written plainly over the rows read with the csv module.

    .venv/bin/python benchmarks/compare_commons.py [FOLDER]

Prints the best and the median of several interleaved runs of each, and their ratio.
The floor is what the comparison must at least do: every constituency's winner then and
now and every party's share then and now. The comparison (``Comparison(...).changes``,
what the window recomputes after an edit and ``tally --baseline --seats`` prints) also
matches candidates and constituencies, computes per-category shares, swings and turnout.
The files are loaded once, outside both timings.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import interleaved  # noqa: E402

from resultsviewer.core.compare import Comparison  # noqa: E402
from resultsviewer.core.formats import import_contest  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "real" / "uk_general"
PARTIES = ["con", "lab", "ld", "ukip", "green", "snp", "pc", "dup", "sf", "sdlp", "uup", "alliance", "other"]


def floor(rows_2017: list[dict[str, str]], rows_2019: list[dict[str, str]]) -> int:
    then = {row["id"]: max(PARTIES, key=lambda p: int(row[p])) for row in rows_2017}
    by_seat: dict[str, list[dict[str, str]]] = defaultdict(list)
    votes: Counter[str] = Counter()
    for row in rows_2019:
        by_seat[row["ons_id"]].append(row)
        votes[row["party_name"]] += int(row["votes"])
    now = {seat: max(rows, key=lambda r: int(r["votes"]))["party_name"] for seat, rows in by_seat.items()}
    shares_then = {p: sum(int(r[p]) for r in rows_2017) for p in PARTIES}
    return len(then) + len(now) + len(shares_then) + len(votes)


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    old, new = folder / "HoC-GE2017-constituency-results.csv", folder / "HoC-GE2019-results-by-candidate.csv"
    if not (old.is_file() and new.is_file()):
        print(f"{folder} lacks the Commons files; pass the folder holding them", file=sys.stderr)
        return 1
    with open(old, newline="", encoding="utf-8-sig") as stream:
        rows_2017 = list(csv.DictReader(stream))
    with open(new, newline="", encoding="utf-8-sig") as stream:
        rows_2019 = list(csv.DictReader(stream))
    then, now = import_contest(old).contest, import_contest(new).contest
    comparison = Comparison(now, then)
    runs = 9
    timings = interleaved(
        {"floor": lambda: floor(rows_2017, rows_2019), "compare": lambda: comparison.changes(seats=True)}, runs
    )
    low, high = timings["floor"], timings["compare"]
    print(f"2019 against 2017: {now.category_count:,} constituencies; {runs} runs each")
    print(f"csv arithmetic:   best {low.best * 1000:7.1f} ms, median {low.median * 1000:7.1f} ms")
    print(f"changes(seats):   best {high.best * 1000:7.1f} ms, median {high.median * 1000:7.1f} ms")
    print(f"ratio:            best {high.best / low.best:7.2f}x,   median {high.median / low.median:7.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
