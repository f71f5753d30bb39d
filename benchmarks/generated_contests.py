"""The generated contests the benchmarks measure: precincts x 20 candidates.

Built in code, with counts from a seeded generator so every run measures the same
numbers. 20,000 precincts is the size of a large US state's precinct-level file;
1,000,000 x 20 is the issue's scale target (some 113 MB as a spreadsheet CSV).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np

from resultsviewer.core.contest import Candidate, Category, Contest

CATEGORIES = 20_000
CANDIDATES = 20
#: Counts are drawn from 0 to this, inclusive.
MAX_COUNT = 5000


def large_contest(categories: int = CATEGORIES, candidates: int = CANDIDATES, seed: int = 2024) -> Contest:
    """A contest of ``categories`` precincts x ``candidates`` candidates, counts 0..5,000."""
    generator = random.Random(seed)
    return Contest(
        f"Generated contest, {categories:,} x {candidates}",
        [Candidate(f"Candidate {index}") for index in range(candidates)],
        [Category(f"Precinct {index}") for index in range(categories)],
        [[generator.randint(0, MAX_COUNT) for _ in range(candidates)] for _ in range(categories)],
    )


def write_large_csv(path: Path, categories: int = CATEGORIES, candidates: int = CANDIDATES) -> Path:
    """The large contest as a spreadsheet CSV (with its Total row), written by the app's own writer."""
    from resultsviewer.core.formats import SPREADSHEET_CSV, write_contest

    write_contest(large_contest(categories, candidates), path, SPREADSHEET_CSV)
    return path


def write_spreadsheet_csv(path: Path, categories: int, candidates: int = CANDIDATES, seed: int = 2024) -> Path:
    """A spreadsheet CSV of the same shape as the app's writer gives for :func:`large_contest`
    (header ``category,Candidate 0,...``, one ``Precinct N`` row per category, plain counts,
    CRLF, no Total row), written straight with the csv module: the app's writer builds the
    contest first, which at 1,000,000 x 20 would take minutes and gigabytes.

    The counts come from numpy's seeded generator, not :func:`large_contest`'s, so the
    numbers differ from it; the shape and the size do not. An existing file written for the
    same arguments is reused (the name says them).
    """
    if path.is_file() and path.stat().st_size > 0:
        return path
    generator = np.random.default_rng(seed)
    partial = path.with_name(path.name + ".part")
    with open(partial, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(["category", *(f"Candidate {index}" for index in range(candidates))])
        chunk = 50_000
        for start in range(0, categories, chunk):
            stop = min(start + chunk, categories)
            counts = generator.integers(0, MAX_COUNT + 1, size=(stop - start, candidates)).tolist()
            writer.writerows([f"Precinct {start + offset}", *row] for offset, row in enumerate(counts))
    partial.replace(path)
    return path
