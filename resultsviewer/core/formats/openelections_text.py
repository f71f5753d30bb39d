"""An OpenElections file held in memory, imported in one pass over its text.

The exact path (:func:`.delimited.read_table`, then :func:`.openelections.import_openelections`)
holds every cell of the file as a Python string, then passes over the rows twice: the
contests, then the chosen one's tally. Holding them is what costs: for a 43,000-row
state file, more than reading the rows with the csv module. Here the text is parsed a
block of lines at a time, as :func:`.limits.plain_table_rows` parses it; each block's
rows are counted by contest and dropped, except the rows of the offices the import is
likely to choose (``--contest``'s office, else a presidency). Once the contest is chosen,
its rows are tallied column by column; if it is none of the likely ones, the blocks that
hold it are parsed again.

It reads only what it reads exactly as the exact path does, and steps aside (None) for
anything else: a block the csv module cannot read at its own speed, a blank, short or
long row, a filter (``--where``), vote-mode columns, a cell that is not a count, and any
error, which the exact path then says with its place. Every file it reads gives the same
contest and notes (``tests/core/formats/test_openelections_text.py`` holds the two to it).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import chain, compress, pairwise, repeat
from operator import is_, itemgetter, ne, not_, or_

from ..counts import PLAIN_DIGITS_MAX
from ..errors import LoadError
from ..progress import advance
from . import limits
from .delimited import (
    ImportOptions,
    ImportResult,
    LongTally,
    Table,
    clean_name,
    header_of,
    is_blank_row,
    parse_votes,
    table_text,
    title_from_source,
)
from .openelections import (
    PRESIDENT_OFFICES,
    TOTAL_PRECINCTS,
    _columns,
    _key_columns,
    category_columns_of,
    choose_contest,
    closing_notes,
    contests_of_raw,
    count_parties,
    normal_office,
    pseudo_spellings_of,
    widened_counts,
)
from .titles import openelections_title

#: Rows of the file's head the layout is guessed from (as :func:`.importing.chosen_options` reads them).
GUESS_ROWS = 200


class _StepAside(Exception):
    """The exact path reads this file."""


def import_openelections_text(
    data: bytes, source: str, options: ImportOptions, choose: Callable[[Table], ImportOptions]
) -> ImportResult | None:
    """The import of an OpenElections file's bytes, as the exact path makes it; None where
    that path is to read the file (another layout, or anything this one steps aside for).

    ``choose(table)``: the import's choices from a table of the header and first rows
    (:func:`.importing.chosen_options`).
    """
    try:
        return _import(data, source, options, choose)
    except (_StepAside, LoadError):
        return None  # the exact path reads it, and says what is wrong where


class _Blocks:
    """The text's rows a block of whole lines at a time (header first), each block's rows
    all as wide as the header; a block that is not so steps aside."""

    def __init__(self, text: str, delimiter: str) -> None:
        self.text = text
        self.delimiter = delimiter
        self.size = len(text)
        self.block_chars = limits.PLAIN_BLOCK_CHARS
        self.cells = 0
        self.width = 0

    def parse(self, start: int, end: int) -> list[list[str]]:
        rows = limits.plain_block_rows(self.text[start:end], self.delimiter)
        if rows is None:
            raise _StepAside
        return rows

    def spans(self) -> Iterator[tuple[int, int]]:
        text, size, start = self.text, self.size, 0
        while start < size:
            end = text.find("\n", start + self.block_chars)
            end = size if end < 0 else end + 1
            yield start, end
            start = end

    def regular(self, rows: list[list[str]]) -> list[list[str]]:
        """``rows`` when each is as wide as the header (the table's cells within the limit)."""
        if rows and set(map(len, rows)) != {self.width}:
            raise _StepAside  # a blank, short or long row: the exact path keeps, pads or refuses it
        self.cells += len(rows) * self.width
        if self.cells > limits.MAX_TABLE_CELLS:
            raise _StepAside
        return rows


def _import(data: bytes, source: str, options: ImportOptions, choose: Callable[[Table], ImportOptions]) -> ImportResult | None:
    text, delimiter = table_text(data, source, options.delimiter)
    blocks = _Blocks(text, delimiter)
    spans = blocks.spans()
    # The header, and the first rows for the guess of the layout.
    parsed: list[tuple[int, int, list[list[str]]]] = []
    head_rows: list[list[str]] = []
    header: list[str] | None = None
    renamed: list[str] = []
    for start, end in spans:
        rows = blocks.parse(start, end)
        if header is None:
            if not rows or is_blank_row(rows[0]):
                raise _StepAside
            header, renamed = header_of(rows[0], source)
            blocks.width = len(header)
            blocks.cells = len(rows[0])
            rows = rows[1:]
        parsed.append((start, end, blocks.regular(rows)))
        head_rows += rows[:GUESS_ROWS - len(head_rows)]
        if len(head_rows) >= GUESS_ROWS:
            break
    if header is None:
        raise _StepAside
    head = Table(source, header, head_rows, delimiter, text, renamed)
    options = choose(head)
    if options.layout != "openelections":
        return None
    if options.where:
        raise _StepAside
    cols = _columns(head)
    if cols.modes:
        raise _StepAside

    # The columns the tally reads, kept for the rows of the likely offices.
    candidate_col = head.column(options.candidate_column, "candidate column") if options.candidate_column else cols.candidate
    votes_col = head.column(options.votes_column, "votes column") if options.votes_column else cols.votes
    if votes_col is None:
        raise _StepAside
    named_category = head.column(options.category_column, "category column") if options.category_column else None
    needed = sorted({c for c in (cols.precinct, cols.county, named_category, candidate_col, votes_col) if c is not None})
    getters: list[Callable[[list[str]], str]] = [itemgetter(c) for c in needed]

    # One pass, block by block: rows per key as read; and of the rows of the likely
    # offices, the needed cells, taken while the block is fresh (a later pass over rows
    # read long before is slow, and holding every row slower still).
    key_of = itemgetter(*_key_columns(cols), cols.candidate)
    likely_office = _likely_office(options.contest)
    likely: dict[str, bool] = {}
    counted: Counter[tuple[str, ...]] = Counter()
    kept: list[_Kept] = []
    keys_by_block: list[tuple[int, int, bool, set[tuple[str, ...]]]] = []
    counties: set[str] = set()
    county_of = itemgetter(cols.county) if cols.county is not None else None
    first = True
    for start, end, rows in chain(parsed, ((start, end, blocks.regular(blocks.parse(start, end))) for start, end in spans)):
        keys = list(map(key_of, rows))
        distinct = _count_keys(keys, counted)
        keys_by_block.append((start, end, first, distinct))
        first = False
        for key in distinct:
            if key[0] not in likely:
                likely[key[0]] = likely_office(key[0])
        likely_keys = {key for key in distinct if likely[key[0]]}
        if likely_keys:
            kept.append(_Kept.of(rows, keys, likely_keys, len(likely_keys) == len(distinct), getters))
        if county_of is not None and len(counties) < 2:
            counties.update(name.strip().casefold() for name in set(map(county_of, rows)))
        advance(end, blocks.size)
    del parsed

    raw_counts, widened = widened_counts(cols, counted)
    primary, contests, contest_keys = contests_of_raw(source, raw_counts)
    notes = list(renamed)
    chosen, chosen_notes = choose_contest(head, options.contest, contests, options.where)
    notes += chosen_notes
    if len(chosen.spellings) > 1:
        notes.append(f"this contest is spelled {len(chosen.spellings)} ways in the file: " + ", ".join(sorted(chosen.spellings)))
    category_columns, by_notes = category_columns_of(head, cols, options, lambda: len(counties) > 1)
    notes += by_notes
    target = chosen.key
    wanted = {cells for cells, full in widened.items() if contest_keys[full[:3]] == target}
    if not all(likely[cells[0]] for cells in wanted):
        # Not a likely contest: the blocks that hold it parsed again.
        kept = []
        for start, end, header_block, block_keys in keys_by_block:
            if not block_keys.isdisjoint(wanted):
                rows = blocks.parse(start, end)[1 if header_block else 0:]
                kept.append(_Kept.of(rows, list(map(key_of, rows)), block_keys & wanted, block_keys <= wanted, getters))
    column = dict(zip(needed, _wanted_cells(kept, wanted, len(needed))))
    del kept

    tally = LongTally()
    total_rows: dict[str, int] = {}
    pseudo_candidates: dict[str, int] = {}
    dropped: list[bool] | None = None  # rows that are no votes for a candidate
    if cols.precinct is not None:
        # The county's total rows, found among the contest's precinct cells.
        precincts = column[cols.precinct]
        total_spellings = {cell for cell in set(precincts) if cell.strip().casefold() in TOTAL_PRECINCTS}
        if total_spellings:
            dropped = list(map(total_spellings.__contains__, precincts))
            for cell in compress(precincts, dropped):
                label = clean_name(cell)
                total_rows[label] = total_rows.get(label, 0) + 1
    pseudo_spellings = pseudo_spellings_of(raw_counts) if candidate_col == cols.candidate else set()
    if pseudo_spellings:
        candidates = column[candidate_col]
        is_pseudo = list(map(pseudo_spellings.__contains__, candidates))
        if dropped is not None:
            is_pseudo = list(map(bool.__gt__, is_pseudo, dropped))  # a total row is counted as one only
        if any(is_pseudo):
            for cell in compress(candidates, is_pseudo):
                name = clean_name(cell)
                pseudo_candidates[name] = pseudo_candidates.get(name, 0) + 1
            dropped = is_pseudo if dropped is None else list(map(or_, dropped, is_pseudo))
    if dropped is not None and any(dropped):
        counted_rows = list(map(not_, dropped))
        column = {index: list(compress(cells, counted_rows)) for index, cells in column.items()}
    candidates = column[candidate_col]
    first_col, last_col = category_columns[0], category_columns[-1]
    if len(category_columns) == 2:
        category_cells = list(map("{} / {}".format, column[first_col], column[last_col]))
    else:
        category_cells = column[first_col]
    # Names folded once per distinct spelling, in the order the rows first give them, as
    # LongTally.candidate_key and category_key fold them; a blank one is the exact path's to refuse.
    if not _name_keys(candidates, tally._candidate_keys, tally.candidates, ""):
        raise _StepAside  # "this row names no candidate"
    if not _name_keys(category_cells, tally._category_keys, tally.categories, " /"):
        raise _StepAside  # "this row names no county or precinct"
    votes = [
        int(cell) if cell.isdigit() and cell.isascii() and len(cell) <= PLAIN_DIGITS_MAX
        else None if cell == "*" else parse_votes(head, 0, votes_col, cell)
        for cell in column[votes_col]
    ]
    pairs = list(zip(map(tally._category_keys.__getitem__, category_cells), map(tally._candidate_keys.__getitem__, candidates)))
    merged = _add_votes(tally, pairs, votes)
    tally.rows += len(votes)
    tally.merged_cells += merged
    if cols.party is not None:
        count_parties(tally, raw_counts, contest_keys, target)

    notes += closing_notes(total_rows, pseudo_candidates, contests, 0, tally.merged_cells)
    by_text = "county" if category_columns == [cols.county] else "precinct"
    title, date = openelections_title(title_from_source(source), chosen.label)
    contest = tally.contest(title, source, notes, file_source=f"OpenElections file {title_from_source(source)}, by {by_text}")
    contest.date = date
    effective = replace(options, layout="openelections", contest=chosen.label, by=by_text)
    return ImportResult(contest, effective, notes)


class _Kept:
    """The needed cells of the rows of some keys in one block, column by column; with
    each row's key where the block held other keys too."""

    __slots__ = ("keys", "row_keys", "cells")

    def __init__(self, keys: set[tuple[str, ...]], row_keys: list[tuple[str, ...]], cells: list[list[str]]) -> None:
        self.keys = keys
        self.row_keys = row_keys
        self.cells = cells

    @classmethod
    def of(
        cls, rows: list[list[str]], keys: list[tuple[str, ...]], only: set[tuple[str, ...]], every: bool,
        getters: list[Callable[[list[str]], str]],
    ) -> _Kept:
        """The rows whose key is in ``only`` (``every`` row's is)."""
        if every:
            return cls(only, keys, [list(map(getter, rows)) for getter in getters])
        mask = list(map(only.__contains__, keys))
        return cls(only, list(compress(keys, mask)), [list(compress(map(getter, rows), mask)) for getter in getters])


def _name_keys(raws: list[str], key_of: dict[str, str], names: dict[str, str], blank: str) -> bool:
    """Each distinct spelling in ``raws`` folded into ``key_of`` (spelling -> key) and each
    key's first name into ``names``, as LongTally folds them one by one; False, with
    nothing folded, where a key is blank (nothing left once ``blank``'s characters are stripped)."""
    spellings = list(dict.fromkeys(raws))
    cleaned = [" ".join(raw.split()) for raw in spellings]
    keys = list(map(str.casefold, cleaned))
    if not all(map(str.strip, keys, repeat(blank or None))):
        return False
    key_of.update(zip(spellings, keys))
    deque(map(names.setdefault, keys, cleaned), maxlen=0)
    return True


def _add_votes(tally: LongTally, pairs: list[tuple[str, str]], votes: list[int | None]) -> int:
    """Each row's votes (None withheld) added to its (category, candidate) cell; how many
    rows fell on a cell already counted. Where no two rows share a cell, in C-speed passes."""
    known, withheld, known_rows = tally.known, tally.withheld, tally.known_rows
    if not known:
        known.update(zip(pairs, [value or 0 for value in votes]))
        if len(known) == len(pairs):  # no two rows on one cell
            is_withheld = list(map(is_, votes, repeat(None)))
            withheld.update(dict.fromkeys(compress(pairs, is_withheld), 1))
            known_rows.update(compress(pairs, map(not_, is_withheld)))
            return 0
        known.clear()
    merged = 0
    for key, value in zip(pairs, votes):
        before = known.get(key)
        if before is not None:
            merged += 1
        if value is None:
            withheld[key] = withheld.get(key, 0) + 1
            if before is None:
                known[key] = 0
        else:
            known[key] = value if before is None else before + value
            known_rows.add(key)
    return merged


def _count_keys(keys: list[tuple[str, ...]], counted: Counter[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """A block's rows counted by key into ``counted``; its distinct keys.

    Rows of one key mostly come together (a file is sorted by office, often by candidate):
    the rows where the key changes are found by comparing each with the one before, and
    each run is counted at once; a block of many runs is counted row by row.
    """
    if not keys:
        return set()
    starts = list(compress(range(1, len(keys)), map(ne, keys[1:], keys)))
    if len(starts) * 8 > len(keys):
        counts = Counter(keys)
        counted.update(counts)
        return set(counts)
    starts.insert(0, 0)
    starts.append(len(keys))
    for start, end in pairwise(starts):
        counted[keys[start]] += end - start
    return set(map(keys.__getitem__, starts[:-1]))


def _wanted_cells(kept: list[_Kept], wanted: set[tuple[str, ...]], width: int) -> list[list[str]]:
    """The needed cells of the rows of the ``wanted`` keys, column by column, in file order."""
    columns: list[list[str]] = [[] for _ in range(width)]
    for part in kept:
        if part.keys <= wanted:
            for cells, more in zip(columns, part.cells):
                cells += more
        elif not part.keys.isdisjoint(wanted):
            mask = list(map(wanted.__contains__, part.row_keys))
            for cells, more in zip(columns, part.cells):
                cells += compress(more, mask)
    return columns


def _likely_office(wanted: str | None) -> Callable[[str], bool]:
    """Whether the rows of an office (a cell as read) are worth keeping as the file is read:
    those of the office ``--contest`` names, else of a presidency. A guess only: a contest
    chosen among others has its rows parsed again."""
    if wanted is None:
        return lambda office: normal_office(office) in PRESIDENT_OFFICES
    folded = " ".join(wanted.split()).casefold()
    offices = {normal_office(part) for part in (wanted, wanted.split(";")[0], wanted.split(",")[0])}
    return lambda office: normal_office(office) in offices or folded.startswith(clean_name(office).casefold())
