"""Timing shared by the benchmarks: interleaved runs, best, median and 95th percentile.

Interleaving (one run of each side in turn) makes a busy shared machine slow both sides
alike, so the ratio stays meaningful when the absolute numbers do not. The best run is
the steadier figure on such a machine; the median says what a user typically waits.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timings:
    """The durations of one measured thing, in seconds."""

    values: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p95(self) -> float:
        return percentile(self.values, 95)

    def as_dict(self) -> dict[str, float | int]:
        """Milliseconds, for the JSON results."""
        return {
            "runs": len(self.values),
            "best_ms": self.best * 1000,
            "median_ms": self.median * 1000,
            "p95_ms": self.p95 * 1000,
        }


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile by the nearest-rank method (a value that was measured)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def time_once(function: Callable[[], object]) -> float:
    """Seconds one call of ``function`` takes."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def interleaved(functions: Mapping[str, Callable[[], object]], runs: int, *, warm_up: bool = True) -> dict[str, Timings]:
    """Each function timed ``runs`` times, in turn; one untimed call first (imports, caches)."""
    if warm_up:
        for function in functions.values():
            function()
    collected: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            collected[name].append(time_once(function))
    return {name: Timings(tuple(values)) for name, values in collected.items()}
