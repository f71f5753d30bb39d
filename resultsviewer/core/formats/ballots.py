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
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from pathlib import Path

import numpy as np

from ..errors import LoadError
from ..rcv import EMPTY, OVERVOTE, BallotTable, Rules, tabulate
from ..rounds import RoundResult
from .limits import csv_refusal, open_regular_file

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
    lines = data[:4096].lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace").splitlines()
    if not lines:
        return False
    try:
        header = next(csv.reader([lines[0]]), [])
    except csv.Error:
        return False
    ranks = [rank_of_header(cell) for cell in header]
    return 1 in ranks and 2 in ranks


#: Clear Ballot's cast vote records begin with these columns (RCTab reads its choices
#: after the tenth), then one ``Choice_N_M:contest:rank:rule:name:party`` column per
#: candidate and rank (see :func:`.rctab.read_clear_ballot`).
_CLEAR_BALLOT_COLUMNS = ["rownumber", "boxid", "boxposition", "ballotid"]
_CLEAR_BALLOT_CHOICE = re.compile(r"Choice_\d+_\d+:[^:]*:\d+:")


def looks_like_cast_vote_records(header: Sequence[object], rows: Sequence[Sequence[object]]) -> bool:
    """True when a table is a cast vote record (one row per ballot), told by its shape:
    Clear Ballot's columns (``RowNumber, BoxID, BoxPosition, BallotID``, ``Choice_...``),
    ES&S's ``Cast Vote Record`` column, or a rank 1 and a rank 2 column (``Choice 1``,
    ``1ST CHOICE MAYOR``) whose cells (of ``rows``, a sample) are mostly names.

    Such a table read as results would add up ballot ids or count first choices only; a
    table of results whose columns are preferences (``1st preference`` votes) holds
    numbers in them, and is not taken for one.
    """
    texts = [str(cell).strip() for cell in header]
    folded = [text.casefold() for text in texts]
    if folded[: len(_CLEAR_BALLOT_COLUMNS)] == _CLEAR_BALLOT_COLUMNS or any(map(_CLEAR_BALLOT_CHOICE.match, texts)):
        return True
    if "cast vote record" in folded:
        return True
    ranks = [rank_of_header(text) for text in texts]
    if 1 not in ranks or 2 not in ranks:
        return False
    first = ranks.index(1)
    cells = [text for row in rows if first < len(row) and (text := str(row[first] if row[first] is not None else "").strip())]
    names = sum(1 for text in cells if not _NUMBER.fullmatch(text))
    return names * 2 > len(cells)


#: A ballots file may be far larger than a results file (6 million ballots of 5 ranks are
#: some 200 MB), but not without bound: it is read as it streams, into 4 bytes a rank.
MAX_BALLOTS_FILE_BYTES = 2 * 2**30


class _BadCell(Exception):
    def __init__(self, cell: str) -> None:
        self.cell = cell


class _CellCodes(dict):
    """Cell text -> rank code; a text seen for the first time is classified once."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, int] = {}

    def __missing__(self, cell: str) -> int:
        text = cell.strip()
        lowered = text.lower()
        if lowered in _SKIPPED:
            code = EMPTY
        elif lowered in _OVERVOTE:
            code = OVERVOTE
        elif _NUMBER.fullmatch(text):
            raise _BadCell(cell)
        else:
            code = self.names.setdefault(text, len(self.names))
        self[cell] = code
        return code


_NUMBER = re.compile(r"[\d.,\s]+")


def read_ballots_csv(path: str | os.PathLike[str], data: bytes | None = None) -> BallotTable:
    """Read a ballots CSV into a table, identical ballots grouped (``data``: its bytes,
    when already read). The file is streamed: memory is the ballots' ranks (4 bytes
    each), not the file's text."""
    source = str(path)
    if data is not None:
        from .text import decode_text

        return _read_ballots(io.StringIO(decode_text(data, source), newline=""), source)
    # Refuses a FIFO, a device or a file over the ballots' own limit before reading.
    binary = open_regular_file(path, MAX_BALLOTS_FILE_BYTES)
    with io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as stream:
        try:
            return _read_ballots(stream, source)
        except UnicodeDecodeError as error:
            raise LoadError(source, f"the file is not UTF-8 text (byte {error.start} of a chunk cannot be decoded)") from None


def _read_ballots(stream: io.TextIOBase, source: str) -> BallotTable:
    first_line = stream.readline()
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        header = next(csv.reader([first_line], delimiter=delimiter), None)
    except csv.Error as error:
        raise csv_refusal(error, source, 1, "CSV", first_line, delimiter) from None
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
    codes = _CellCodes()
    parts: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    try:
        for ranks, weights in _chunks(stream, source, header, rank_columns, count_column, delimiter, codes):
            parts.append(ranks)
            counts.append(weights)
    except _BadCell as bad:
        raise _bad_cell_error(stream, source, header, rank_columns, delimiter, bad.cell) from None
    k = len(rank_columns)
    ranks = np.concatenate(parts) if parts else np.zeros((0, k), np.int32)
    weights = np.concatenate(counts) if counts else np.zeros(0, np.int64)
    return BallotTable(tuple(codes.names), ranks, weights, source=Path(source).name).grouped()


#: Lines are read about this many characters at a time.
_CHUNK_CHARS = 1 << 22


def _chunks(stream, source, header, rank_columns, count_column, delimiter, codes):  # type: ignore[no-untyped-def]
    """(ranks, counts) arrays, a few megabytes of the file at a time.

    A chunk of plain rows (no quotes, every row as wide as the header) is split by C
    string methods and its columns mapped to codes whole; any other chunk, and the rest
    of the file once a quote is seen (a quoted cell may hold a line break), goes through
    the csv module row by row.
    """
    width = len(header)
    k = len(rank_columns)
    code_of = codes.__getitem__
    line = 1  # lines read so far (the header)
    while True:
        lines = stream.readlines(_CHUNK_CHARS)
        if not lines:
            return
        text = "".join(lines)
        if '"' in text:
            yield _csv_rows(chain(lines, stream), source, header, rank_columns, count_column, delimiter, code_of, line)
            return
        text = text.replace("\r\n", "\n").rstrip("\n")
        rows = text.count("\n") + 1
        cells = text.replace("\n", delimiter).split(delimiter)
        if "\n\n" in text or len(cells) != rows * width:
            yield _csv_rows(lines, source, header, rank_columns, count_column, delimiter, code_of, line)
        else:
            ranks = np.empty((rows, k), dtype=np.int32)
            for j, column in enumerate(rank_columns):
                ranks[:, j] = np.fromiter(map(code_of, cells[column::width]), dtype=np.int32, count=rows)
            if count_column is None:
                weights = np.ones(rows, dtype=np.int64)
            else:
                values = cells[count_column::width]
                if all(value.isdigit() for value in values):
                    weights = np.array(values, dtype=np.int64)
                else:
                    yield _csv_rows(lines, source, header, rank_columns, count_column, delimiter, code_of, line)
                    line += len(lines)
                    continue
            yield ranks, weights
        line += len(lines)


def _csv_rows(lines, source, header, rank_columns, count_column, delimiter, code_of, line):  # type: ignore[no-untyped-def]
    """The slow, general path: rows as the csv module reads them (quotes, ragged rows)."""
    width = max(rank_columns) + 1
    pick = itemgetter(*rank_columns) if len(rank_columns) > 1 else (lambda row: (row[rank_columns[0]],))
    flat: list[int] = []
    weights: list[int] = []
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        for row in reader:
            if len(row) < width:
                if not any(cell.strip() for cell in row):
                    continue  # a blank line
                row = row + [""] * (width - len(row))
            flat.extend(map(code_of, pick(row)))
            if count_column is not None:
                weights.append(_ballot_count(row, count_column, header, source, line + reader.line_num))
            else:
                weights.append(1)
    except csv.Error as error:
        raise csv_refusal(error, source, line + reader.line_num) from None
    return np.array(flat, dtype=np.int32).reshape(-1, len(rank_columns)), np.array(weights, dtype=np.int64)


def _bad_cell_error(stream: io.TextIOBase, source: str, header: list[str], rank_columns: list[int],
                    delimiter: str, cell: str) -> LoadError:
    """The first place ``cell`` stands in a rank column (found by reading the file again)."""
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter)
    next(reader, None)
    for row in reader:
        for column in rank_columns:
            if column < len(row) and row[column] == cell:
                return LoadError(
                    source,
                    f"{cell.strip()!r} under {header[column]!r} is a number, not a candidate: the rank columns must name candidates",
                    f"line {reader.line_num}, column {column + 1}",
                )
    return LoadError(source, f"{cell.strip()!r} in a rank column is a number, not a candidate")


def _ballot_count(row: list[str], column: int, header: list[str], source: str, line: int) -> int:
    value = row[column].strip() if column < len(row) else ""
    if value.isdigit():
        return int(value)
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number < 0 or not number.is_integer():
        raise LoadError(source, f"expected a whole number of ballots under {header[column]!r}, found {value!r}",
                        f"line {line}, column {column + 1}")
    return int(number)


def tabulate_ballots_csv(path: str | os.PathLike[str], rules: Rules | None = None, *, data: bytes | None = None) -> RoundResult:
    """Count a ballots CSV by instant runoff (default rules: every rank read, no batch
    elimination, overvotes exhaust, no tie-break rule)."""
    ballots = read_ballots_csv(path, data)
    chosen = rules or Rules()
    return tabulate(ballots, chosen, title=Path(path).stem,
                    source=f"tabulated by Results Viewer from {Path(path).name} by instant runoff "
                    "(one candidate eliminated per round; no tie-break rule)")


__all__ = ["looks_like_ballots", "looks_like_cast_vote_records", "rank_of_header", "read_ballots_csv", "tabulate_ballots_csv"]
