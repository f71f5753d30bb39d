"""A plain CSV of ranked ballots: one row per ballot, one column per rank, names in the cells.

The rank columns are those whose header names a rank (``Rank 1``, ``Choice 2``,
``3rd preference``, ``1ST CHOICE MAYOR``); they must be ranks 1, 2, 3... in order. A
``count`` (or ``ballots``, ``weight``) column says how many ballots a row stands for.
Other columns (ballot id, precinct) are ignored. Empty cells and ``undervote`` skip a
rank; ``overvote`` marks an overvote; the candidates are the names the cells hold.

With no configuration there is no tie-break rule: a tie that needs breaking is refused.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import numpy as np

from ..errors import LoadError
from ..rcv import EMPTY, OVERVOTE, BallotTable, Rules, tabulate
from ..rounds import RoundResult
from .text import decode_text

_RANK_PATTERNS = (
    re.compile(r"(?:rank|ranking|choice|preference|pref)\s*[_#.-]?\s*(\d+)\b", re.IGNORECASE),
    re.compile(r"\b(\d+)\s*(?:st|nd|rd|th)?\s*(?:choice|rank|preference|pref)\b", re.IGNORECASE),
)
_COUNT_HEADERS = {"count", "ballots", "weight", "number", "n"}
_SKIPPED = {"", "undervote", "skipped", "blank"}
_OVERVOTE = {"overvote"}


def rank_of_header(text: str) -> int | None:
    """The rank a column header names, or None."""
    for pattern in _RANK_PATTERNS:
        match = pattern.search(text.strip())
        if match:
            return int(match.group(1))
    return None


def looks_like_ballots(data: bytes) -> bool:
    """True when a CSV's header has a rank 1 and a rank 2 column."""
    first_line = data[:4096].split(b"\n", 1)[0].decode("utf-8", "replace")
    ranks = [rank_of_header(cell) for cell in next(csv.reader([first_line]), [])]
    return 1 in ranks and 2 in ranks


def read_ballots_csv(path: str | os.PathLike[str]) -> BallotTable:
    """Read a ballots CSV into a table, identical ballots grouped."""
    from . import read_bytes

    source = str(path)
    text = decode_text(read_bytes(path), source)
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise LoadError(source, "the file is empty: expected a header naming the rank columns", "line 1")
    rank_columns: list[int] = []
    count_column = None
    for column, name in enumerate(header):
        rank = rank_of_header(name)
        if rank is not None:
            expected = len(rank_columns) + 1
            if rank != expected:
                raise LoadError(
                    source,
                    f"column {name!r} is rank {rank} where rank {expected} was expected; rank columns must be ranks 1, 2, 3... in order",
                    f"line 1, column {column + 1}",
                )
            rank_columns.append(column)
        elif name.strip().lower() in _COUNT_HEADERS:
            count_column = column
    if not rank_columns:
        raise LoadError(source, "no rank columns: expected headers such as 'Rank 1', 'Rank 2' or 'Choice 1'", "line 1")
    names: dict[str, int] = {}
    rows: list[list[int]] = []
    counts: list[int] = []
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        ballot = []
        for rank_index, column in enumerate(rank_columns):
            cell = row[column].strip() if column < len(row) else ""
            lowered = cell.lower()
            if lowered in _SKIPPED:
                ballot.append(EMPTY)
            elif lowered in _OVERVOTE:
                ballot.append(OVERVOTE)
            else:
                if re.fullmatch(r"[\d.,\s]+", cell):
                    raise LoadError(
                        source,
                        f"{cell!r} under {header[column]!r} is a number, not a candidate: the rank columns must name candidates",
                        f"line {line_number}, column {column + 1}",
                    )
                ballot.append(names.setdefault(cell, len(names)))
        count = 1
        if count_column is not None:
            value = row[count_column].strip() if count_column < len(row) else ""
            try:
                count = int(float(value)) if value and float(value).is_integer() else -1
            except ValueError:
                count = -1
            if count < 0:
                raise LoadError(source, f"expected a whole number of ballots under {header[count_column]!r}, found {value!r}",
                                f"line {line_number}, column {count_column + 1}")
        rows.append(ballot)
        counts.append(count)
    candidates = tuple(names)
    ranks = np.array(rows, dtype=np.int32).reshape(len(rows), len(rank_columns))
    return BallotTable(candidates, ranks, np.array(counts, dtype=np.int64), source=Path(source).name).grouped()


def tabulate_ballots_csv(path: str | os.PathLike[str], rules: Rules | None = None) -> RoundResult:
    """Count a ballots CSV by instant runoff (default rules: every rank read, no batch
    elimination, overvotes exhaust, no tie-break rule)."""
    ballots = read_ballots_csv(path)
    chosen = rules or Rules()
    return tabulate(ballots, chosen, title=Path(path).stem,
                    source=f"tabulated by Results Viewer from {Path(path).name} by instant runoff "
                    "(one candidate eliminated per round; no tie-break rule)")


__all__ = ["looks_like_ballots", "rank_of_header", "read_ballots_csv", "tabulate_ballots_csv"]
