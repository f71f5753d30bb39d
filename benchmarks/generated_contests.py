"""The large contest the benchmarks measure: 20,000 categories x 20 candidates.

Built in code, with counts from a seeded generator so every run measures the same
numbers. 20,000 precincts is the size of a large US state's precinct-level file.
"""

from __future__ import annotations

import random
from pathlib import Path

from resultsviewer.core.contest import Candidate, Category, Contest

CATEGORIES = 20_000
CANDIDATES = 20


def large_contest(categories: int = CATEGORIES, candidates: int = CANDIDATES, seed: int = 2024) -> Contest:
    """A contest of ``categories`` precincts x ``candidates`` candidates, counts 0..5,000."""
    generator = random.Random(seed)
    return Contest(
        f"Generated contest, {categories:,} x {candidates}",
        [Candidate(f"Candidate {index}") for index in range(candidates)],
        [Category(f"Precinct {index}") for index in range(categories)],
        [[generator.randint(0, 5000) for _ in range(candidates)] for _ in range(categories)],
    )


def write_large_csv(path: Path, categories: int = CATEGORIES, candidates: int = CANDIDATES) -> Path:
    """The large contest as a spreadsheet CSV (with its Total row), written by the app's own writer."""
    from resultsviewer.core.formats import SPREADSHEET_CSV, write_contest

    write_contest(large_contest(categories, candidates), path, SPREADSHEET_CSV)
    return path
