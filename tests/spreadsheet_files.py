"""Spreadsheet CSVs for the tests of reading large files, written with the csv module, and
their candidates' totals as the csv module reads them back (apart from the app's reader)."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from pathlib import Path


def write_spreadsheet(
    path: Path, rows: int, candidates: int, *, last_name: str | None = None, extra_row: Sequence[object] | None = None
) -> Path:
    """``rows`` categories x ``candidates`` counts from a seeded generator; ``last_name`` names
    the last category instead of ``Precinct N``; ``extra_row`` is written after them as given."""
    generator = random.Random(16)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["category", *(f"Candidate {number}" for number in range(candidates))])
        for row in range(rows):
            name = last_name if last_name is not None and row == rows - 1 else f"Precinct {row}"
            writer.writerow([name, *(generator.randrange(5000) for _ in range(candidates))])
        if extra_row is not None:
            writer.writerow(extra_row)
    return path


def column_sums(path: Path, candidates: int) -> list[int]:
    """Each candidate's total as the csv module reads the file."""
    with path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))[1:]
    return [sum(int(row[column]) for row in rows) for column in range(1, candidates + 1)]
