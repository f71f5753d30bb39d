"""First paint of the window on wide contests: 3 categories x 3,000 to 20,000 candidates.

Issue 19: the window took 1.5 s at 3,000 candidates, 16.7 s at 30,000 and 516 s at
300,000 (the summary line named every tied candidate and widened the window to half a
million pixels; fitting every column measured every cell). 20,000 candidates is now the
loaders' limit (``limits.MAX_CANDIDATES``). Each figure is a fresh process, as
``benchmarks/run.py`` measures start-up, and is given as a ratio to the floor measured in
the same run: a bare ``QMainWindow`` with an empty table and plot.

    python benchmarks/wide_window.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import _first_paint  # noqa: E402

WIDTHS = (3_000, 10_000, 20_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    floor: list[float] = []
    seconds: dict[int, list[float]] = {width: [] for width in WIDTHS}
    peaks: dict[int, float] = {}
    for _ in range(options.runs):  # interleaved: a busy machine slows every side alike
        floor.append(_first_paint("bare")["seconds"])
        for width in WIDTHS:
            report = _first_paint("app", f"wide-{width}")
            seconds[width].append(report["seconds"])
            peaks[width] = max(peaks.get(width, 0.0), report["maxrss_kib"] / 1024)
    floor_median = statistics.median(floor)
    print(f"floor (bare window): median {floor_median:.2f} s")
    for width in WIDTHS:
        median = statistics.median(seconds[width])
        print(
            f"3 x {width:>6,} candidates: first paint median {median:.2f} s (best {min(seconds[width]):.2f}), "
            f"{median / floor_median:.1f}x the floor, peak {peaks[width]:,.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
