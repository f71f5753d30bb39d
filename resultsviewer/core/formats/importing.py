"""Importing any delimited table: guess the layout, lay the user's choices over the guess,
and hand the table to the reader for that layout.

This is the one entry point the command line (``--category-column``...), the import
dialog and :func:`resultsviewer.core.formats.read_contest` share.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ..counts import quantity
from ..errors import LoadError
from ..progress import FileProgress, ProgressCallback
from . import hoc, is_workbook_name, medsl, openelections, spreadsheet
from .delimited import (
    WITHHELD,
    ImportOptions,
    ImportResult,
    Table,
    detect_delimiter,
    import_long,
    import_wide,
    read_table,
)
from .sheet_table import SheetSummary, SheetTable, find_table, parse_rows, round_columns, round_table, summarise_sheet
from .workbook import Sheet, read_workbook_sheets, sniff_workbook, workbook_format

_VOTES_NAMES = ("votes", "vote", "count", "counts", "candidatevotes", "total_votes", "number", "value")
_CATEGORY_NAMES = (
    "category", "constituency", "constituency_name", "county", "precinct", "state", "region", "ward",
    "district", "section", "area", "division", "seat", "name",
)
_CANDIDATE_NAMES = ("candidate", "candidate_name", "party", "party_name", "name", "option", "choice")
_ELECTORATE_NAMES = ("electorate", "registered", "registered_voters", "eligible", "eligible_voters")
_REJECTED_NAMES = ("rejected", "spoilt", "spoiled", "invalid", "invalid_votes", "rejected_ballots", "spoilt_ballots")
_VALID_NAMES = ("valid_votes", "valid", "total_valid", "total", "total_votes")
#: Numeric columns that are never candidates in a wide table.
_NOT_CANDIDATES = re.compile(
    r"(^|_)(id|year|code|fips|ons|electorate|registered|eligible|rejected|spoilt|spoiled|invalid|valid|total|"
    r"turnout|majority|share|percent|pct|change|swing|weight|winner|date|time|version|cen|ic|po)($|_)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Guess:
    """What :func:`guess_import_options` concluded, and why, for the UI to show."""

    options: ImportOptions
    reasons: tuple[str, ...]


_ROUND_VOTES = re.compile(r"^\s*round\s*(\d+)\b.*\bvotes?\s*$", re.IGNORECASE)


def _norm(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def _is_count(cell: str) -> bool:
    text = cell.strip().replace(",", "").replace(" ", "")
    return text.isdigit() or text in WITHHELD


def _numeric_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    numeric = []
    for index in range(len(header)):
        cells = [row[index] for row in rows if index < len(row) and row[index].strip()]
        if cells and all(_is_count(cell) for cell in cells):
            numeric.append(index)
    return numeric


#: A cell that is written as a number, whether or not it is a count ("-5", "10,5",
#: "1.234", "12%"): a column of them is a column of figures with a bad cell, not of names.
_NUMBER_LIKE = re.compile(r"[-+(]?\s*\d[\d.,\s'’]*\)?%?")


def _figure_columns(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int]) -> list[int]:
    """The numeric columns, and those whose cells are at least half counts or numbers
    ("10", "-5", "lots", "4"): one bad cell does not make a column of figures a column of
    names (it made 'Bob' a candidate column, and "-5" a candidate). The import then reads
    the bad cell as a count and refuses it with its place."""
    figures = list(numeric)
    for index in range(len(header)):
        if index in numeric:
            continue
        cells = [row[index].strip() for row in rows if index < len(row) and row[index].strip()]
        looks = sum(1 for cell in cells if _is_count(cell) or _NUMBER_LIKE.fullmatch(cell))
        if cells and looks * 2 >= len(cells):
            figures.append(index)
    return sorted(figures)


def _named(header: Sequence[str], candidates: Sequence[int], names: Sequence[str]) -> int | None:
    normalised = {index: _norm(header[index]) for index in candidates}
    for name in names:
        for index in candidates:
            if normalised[index] == name:
                return index
    return None


def guess_import_options(header: Sequence[str], sample_rows: Sequence[Sequence[str]]) -> Guess:
    """Guess the layout and the columns of a table from its header and first rows."""
    header = list(header)
    if header and header[0].strip().casefold() == spreadsheet.CATEGORY_HEADER:
        return Guess(ImportOptions(layout="spreadsheet"), ("the first column is headed 'category': a Results Viewer spreadsheet",))
    if openelections.recognise(header):
        folded = [name.casefold() for name in header]
        by = "precinct" if any(name in folded for name in openelections.PRECINCT_COLUMNS) else "county"
        return Guess(
            ImportOptions(layout="openelections", by=by),
            ("the columns office, candidate and votes are those of an OpenElections file",
             f"categories are {by}s"),
        )
    if medsl.recognise(header):
        return Guess(ImportOptions(layout="medsl"), ("the columns year, state, candidatevotes and totalvotes are those of a MEDSL file",))
    if hoc.recognise_constituency(header):
        return Guess(hoc.constituency_options(header), ("a House of Commons Library table of constituency results: one column per party",))
    if hoc.recognise_candidates(header):
        return Guess(hoc.candidates_options(header), ("a House of Commons Library table of results by candidate",))
    from .ballots import looks_like_cast_vote_records

    if looks_like_cast_vote_records(header, sample_rows):
        # Nothing to guess: no choice of columns reads it (see refuse_cast_vote_records).
        return Guess(ImportOptions(), ("a cast vote record: one row per ballot and its ranked choices, not a table of results",))

    numeric = _numeric_columns(header, sample_rows)
    figures = _figure_columns(header, sample_rows, numeric)
    text_columns = [index for index in range(len(header)) if index not in figures]
    rounds = round_columns(header)
    if rounds and text_columns and text_columns[0] < rounds[0][2]:
        name = header[text_columns[0]]
        return Guess(
            ImportOptions(layout="rounds", candidate_column=name),
            (f"a round-by-round table: {name!r} counted in {len(rounds)} round{'s' * (len(rounds) != 1)} "
             f"({header[rounds[0][2]]!r} to {header[rounds[-1][2]]!r}); who was eliminated and who won are "
             "inferred from the counts",),
        )
    reasons: list[str] = []
    votes = _named(header, numeric, _VOTES_NAMES)
    if votes is None:
        # A column named for votes is the votes even where a sample cell is not a number:
        # the import then says which cell, rather than guessing another shape.
        votes = _named(header, range(len(header)), _VOTES_NAMES)
        if votes is not None:
            text_columns = [index for index in text_columns if index != votes]
    if votes is None and len(numeric) == 1 and len(text_columns) >= 2:
        votes = numeric[0]
    if votes is not None and len(text_columns) == 1 and _norm(header[text_columns[0]]) in _CANDIDATE_NAMES:
        # A list of candidates and their votes: one category.
        return Guess(
            ImportOptions(layout="long", candidate_column=header[text_columns[0]], votes_column=header[votes]),
            (f"one category: {header[text_columns[0]]!r} with their votes in {header[votes]!r}",),
        )
    if votes is not None and len(text_columns) >= 2:
        candidate = _named(header, text_columns, _CANDIDATE_NAMES)
        category = _named(header, [i for i in text_columns if i != candidate], _CATEGORY_NAMES)
        if category is None:
            category = next(i for i in text_columns if i != candidate)
        if candidate is None:
            candidate = next(i for i in text_columns if i != category)
        reasons.append(f"long: one row per category and candidate, votes in {header[votes]!r}")
        return Guess(
            ImportOptions(
                layout="long",
                category_column=header[category],
                candidate_column=header[candidate],
                votes_column=header[votes],
            ),
            tuple(reasons),
        )
    category = _named(header, text_columns, _CATEGORY_NAMES)
    if category is None:
        category = text_columns[0] if text_columns else 0
    electorate = _named(header, numeric, _ELECTORATE_NAMES)
    rejected = _named(header, numeric, _REJECTED_NAMES)
    valid = _named(header, numeric, _VALID_NAMES)
    candidates = tuple(
        header[i] for i in figures if i not in (category, electorate, rejected, valid) and not _NOT_CANDIDATES.search(_norm(header[i]))
    )
    reasons.append(f"wide: one row per {header[category]!r}, {len(candidates)} numeric columns taken as candidates")
    return Guess(
        ImportOptions(
            layout="wide",
            category_column=header[category],
            candidate_columns=candidates,
            electorate_column=header[electorate] if electorate is not None else None,
            rejected_column=header[rejected] if rejected is not None else None,
            valid_votes_column=header[valid] if valid is not None else None,
        ),
        tuple(reasons),
    )


def import_table(data: bytes, source: str, options: ImportOptions | None = None) -> ImportResult:
    """Read a delimited file with the given choices (anything not given is guessed)."""
    options = options or ImportOptions()
    if options.sheet or options.header_rows or options.data_rows:
        raise LoadError(source, "the sheet, header row and data rows are chosen in workbooks (.xlsx, .xlsm, .xls, .ods); "
                                "this file is a text table")
    if options == ImportOptions() and is_spreadsheet_csv(data):
        # Our own spreadsheet CSV has nothing to choose: read once, by its own reader.
        from ..methods import prepare_imported

        contest = spreadsheet.loads(data, source)
        return ImportResult(contest, ImportOptions(layout="spreadsheet"), prepare_imported(contest, "spreadsheet"))
    with _collection_paused():
        table = read_table(data, source, options.delimiter)
        result = import_parsed(table, options)
        # Freed while the collector still sleeps: else its first pass would walk them all.
        del table
    return result


def is_spreadsheet_csv(data: bytes) -> bool:
    """True when the first line is a comma-separated header starting ``category``: what the
    guess would take for a Results Viewer spreadsheet, told from the first lines alone."""
    head = data[:65536]
    cut = head.rfind(b"\n")
    try:
        text = (head if cut < 0 else head[:cut]).decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    first = text.split("\n", 1)[0]
    if first[:4].casefold() == "sep=":
        return False
    return first.split(",", 1)[0].strip().casefold() == spreadsheet.CATEGORY_HEADER and detect_delimiter(text) == ","


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a table is read.

    A 43,000-row file allocates some 50,000 lists and tuples, none in a cycle; the
    collector would walk them all again and again (a fifth of the load time), finding
    nothing. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_parsed(table: Table, options: ImportOptions) -> ImportResult:
    """As :func:`import_table`, for a table already parsed (the dialog re-imports on each change).

    Then what every import does (:func:`~resultsviewer.core.methods.prepare_imported`):
    party colours, electoral votes of US states, the counting method the file needs.
    """
    from ..methods import prepare_imported

    result = _import_shape(table, options)
    result.notes.extend(prepare_imported(result.contest, result.options.layout))
    return result


def _import_shape(table: Table, options: ImportOptions) -> ImportResult:
    refuse_cast_vote_records(table)
    guess = guess_import_options(table.header, table.rows[:200])
    explicit_shape = bool(options.candidate_column or options.candidate_columns or options.layout in ("long", "wide"))
    base = guess.options
    if base.layout == "rounds" and options.layout != "rounds" and (
        explicit_shape or options.votes_column or options.category_column
    ):
        # One column of a round-by-round table chosen: that round as a one-count table.
        first = round_columns(table.header)[0][2]
        base = replace(base, layout="long", votes_column=table.header[first])
    if explicit_shape and base.layout in ("spreadsheet", "hoc-constituency", "hoc-candidates"):
        base = replace(base, layout="wide" if (options.candidate_columns or options.layout == "wide") else "long")
    chosen = options.merged_over(base)
    layout = chosen.layout
    _refuse_unread_options(table.source, options, layout)
    if chosen.code_column and layout in ("spreadsheet", "openelections", "medsl"):
        raise LoadError(
            table.source,
            f"a code column is read from long and wide tables (and the Commons files' ONS ids), not from this {layout} file",
        )
    if layout == "spreadsheet":
        if table.delimiter != ",":
            chosen = replace(chosen, layout="wide", category_column=table.header[0],
                             candidate_columns=tuple(h for h in table.header[1:] if h.casefold() not in spreadsheet.ATTRIBUTE_HEADERS))
            return import_wide(table, chosen)
        contest = spreadsheet.loads(table.text.encode("utf-8"), table.source)
        return ImportResult(contest, chosen, [])
    if layout == "openelections":
        return openelections.import_openelections(table, chosen)
    if layout == "medsl":
        return medsl.import_medsl(table, chosen)
    if layout == "hoc-constituency":
        return hoc.import_constituency(table, chosen)
    if layout == "hoc-candidates":
        return hoc.import_candidates(table, chosen)
    if layout == "wide":
        return import_wide(table, chosen)
    if layout == "rounds":
        from .round_tables import import_rounds

        return import_rounds(table, chosen)
    if layout == "long":
        result = import_long(table, chosen)
        if isinstance(table, SheetTable):
            _note_later_rounds(table, result)
        return result
    raise LoadError(table.source, f"unknown layout {layout!r}; expected one of long, wide, rounds, openelections, medsl")


#: The import options that only some layouts read, and those layouts: an option given
#: for a file that does not read it is refused, never passed over as if it had been applied.
_READ_BY = {
    "where": ("long", "wide", "openelections", "medsl", "hoc-constituency", "hoc-candidates"),
    "contest": ("openelections", "medsl"),
    "by": ("openelections",),
    "votes_column": ("long", "wide", "openelections", "medsl", "hoc-constituency", "hoc-candidates"),
    "category_column": ("long", "wide", "openelections", "medsl", "hoc-constituency", "hoc-candidates"),
}

#: Each layout as the refusal names it.
_LAYOUT_WORDS = {
    "spreadsheet": "a Results Viewer spreadsheet CSV, whose every row is read",
    "rounds": "a round-by-round table",
    "long": "a long table",
    "wide": "a wide table",
    "hoc-constituency": "a House of Commons Library file",
    "hoc-candidates": "a House of Commons Library file",
    "native": "a Results Viewer contest file, read as it is",
}


def option_flag(name: str) -> str:
    """An import option as the command line names it: ``votes_column`` is ``--votes-column``."""
    return "--" + name.replace("_", "-")


def _refuse_unread_options(source: str, options: ImportOptions, layout: str | None) -> None:
    _refuse(source, [name for name, layouts in _READ_BY.items() if getattr(options, name) and layout not in layouts], layout)


def refuse_options_for_native(source: str, options: ImportOptions | None) -> None:
    """A native contest file is read as it is: any import choice given is refused."""
    if options is not None:
        names = (*_READ_BY, "candidate_column", "candidate_columns", "code_column")
        _refuse(source, [name for name in names if getattr(options, name)], "native")


def _refuse(source: str, unread: list[str], layout: str | None) -> None:
    if unread:
        flags = " and ".join(map(option_flag, unread))
        one = len(unread) == 1
        what = _LAYOUT_WORDS.get(layout or "", f"a {layout} table")
        raise LoadError(source, f"{flags} {'is' if one else 'are'} not read in {what}; leave {'it' if one else 'them'} out")


def refuse_cast_vote_records(table: Table) -> None:
    """Raise LoadError where ``table`` is a cast vote record (one row per ballot): read as a
    table of results it would give a false winner (ballot ids added up, first choices only),
    whatever columns are chosen. Its configuration counts it (:mod:`.rctab`)."""
    from .ballots import looks_like_cast_vote_records

    if looks_like_cast_vote_records(table.header, table.rows[:200]):
        from .rctab import cast_vote_record_error

        raise cast_vote_record_error(table.source)


def list_contests(data: bytes, source: str, options: ImportOptions | None = None) -> list[openelections.ContestInfo]:
    """The contests a multi-contest file holds (OpenElections by office; MEDSL by year)."""
    options = options or ImportOptions()
    return _listed_contests(read_table(data, source, options.delimiter))


def list_file_contests(
    path: str | os.PathLike[str], options: ImportOptions | None = None, progress: ProgressCallback | None = None
) -> list[openelections.ContestInfo]:
    """As :func:`list_contests`, for a file named by its path: a large OpenElections file
    (any size up to :data:`~.limits.MAX_LONG_FILE_BYTES`) is read a chunk of rows at a
    time, as ``tally`` reads it (:mod:`.long_stream`), with the same list and messages.

    ``progress(done_bytes, total_bytes)`` is told how far the read has got, as for
    :func:`~resultsviewer.core.formats.read_contest`; it may raise
    :class:`~resultsviewer.core.progress.Cancelled` to stop it.
    """
    from . import READ_SHARE, _file_size, read_bytes
    from .long_stream import streamed_long_table

    options = options or ImportOptions()
    table = streamed_long_table(path, options)
    if table is None:
        bar = FileProgress(progress, _file_size(path) if progress is not None else 0)
        with bar.step(READ_SHARE):
            data = read_bytes(path)
        with bar.step(1.0 - READ_SHARE):
            return list_contests(data, str(path), options)
    table.passes = 1  # the contests alone: one pass, the whole bar
    bar = FileProgress(progress, table.size)
    with _collection_paused(), bar.step(1.0):
        return _listed_contests(table)


def _listed_contests(table: Table) -> list[openelections.ContestInfo]:
    contests = contests_of_table(table)
    if not contests:
        raise LoadError(table.source, "this file holds one contest (it has no office or year column to tell contests apart)")
    return contests


def contests_of_table(table: Table) -> list[openelections.ContestInfo]:
    """As :func:`list_contests` for a parsed table; empty for a single-contest table.

    A MEDSL year's label is the year alone, which is what ``--contest`` takes for it.
    """
    if openelections.recognise(table.header):
        return openelections.list_contests(table)
    if medsl.recognise(table.header):
        year = table.column("year")
        office = table.find("office")
        counts: dict[tuple[str, str], int] = {}
        for _, chunk in table.chunks():
            for row in chunk:
                key = (row[year].strip(), row[office].strip() if office is not None else "")
                counts[key] = counts.get(key, 0) + 1
        return [
            openelections.ContestInfo(year_value, "", "", rows=n, spellings={f"{office_name} {year_value}".strip()})
            for (year_value, office_name), n in sorted(counts.items())
        ]
    return []


# --- workbooks ----------------------------------------------------------------------------


def choose_sheet(sheets: Sequence[Sheet], wanted: str | None, source: str) -> Sheet:
    """The sheet ``--sheet`` names (a name, or a number from 1), else the one holding a table.

    A workbook with several sheets that hold tables is not guessed at: the message lists
    them, for the user to choose one.
    """
    if wanted is not None and wanted.strip():
        text = wanted.strip()
        names = [sheet.name for sheet in sheets]
        for sheet in sheets:
            if sheet.name == text:
                return sheet
        folded = [sheet for sheet in sheets if sheet.name.casefold() == text.casefold()]
        if len(folded) == 1:
            return folded[0]
        if text.isdigit():
            number = int(text)
            if 1 <= number <= len(sheets):
                return sheets[number - 1]
            raise LoadError(source, f"there is no sheet named {text!r} nor a sheet number {number}; the workbook has {len(sheets)}: {_listed(names)}")
        raise LoadError(source, f"there is no sheet named {text!r}; the sheets are {_listed(names)}")
    if len(sheets) == 1:
        return sheets[0]
    summaries = [summarise_sheet(sheet, source) for sheet in sheets]
    useful = [sheet for sheet, summary in zip(sheets, summaries) if summary.useful]
    if len(useful) == 1:
        return useful[0]
    if not useful:
        raise LoadError(source, f"none of its {len(sheets)} sheets holds a table ({_listed([s.name for s in sheets])})")
    raise LoadError(
        source,
        f"{len(useful)} sheets hold tables ({_listed([s.name for s in useful])}): choose one with --sheet NAME or NUMBER",
    )


def _listed(names: Sequence[str]) -> str:
    return ", ".join(repr(name) for name in names)


def table_from_sheet(sheet: Sheet, source: str, options: ImportOptions) -> SheetTable:
    """The table on a sheet, where the options place it (header and data rows) or where it is found."""
    try:
        header = parse_rows(options.header_rows, "the header row") if options.header_rows else None
        data = parse_rows(options.data_rows, "the data rows") if options.data_rows else None
    except ValueError as error:
        raise LoadError(source, str(error)) from None
    header_rows = tuple(range(header[0], header[1] + 1)) if header else None
    if header_rows is not None and len(header_rows) > 3:
        raise LoadError(source, f"a header is one to three rows, not {len(header_rows)}")
    return find_table(sheet, source, header_rows=header_rows, data_rows=data)


def import_workbook(path: str | os.PathLike[str], options: ImportOptions | None = None) -> ImportResult:
    """Import the table on one sheet of a workbook, with the same guesses and choices as a CSV file.

    A file named as a workbook that is really a text table (some sites serve CSV as
    ``.xls``) is read as the table it is, and the notes say so.
    """
    options = options or ImportOptions()
    source = str(path)
    if sniff_workbook(path).kind == "text":
        from . import read_bytes

        result = import_table(read_bytes(path), source, options)
        result.notes.insert(0, "the file is a text table named as a workbook; it was read as CSV")
        return result
    with _collection_paused():
        sheets = read_workbook_sheets(path)
        table = table_from_sheet(choose_sheet(sheets, options.sheet, source), source, options)
        result = import_parsed(table, options)
        del table, sheets
    if not is_workbook_name(path):
        result.notes.insert(0, renamed_workbook_note(path))
    return result


def renamed_workbook_note(path: str | os.PathLike[str]) -> str:
    """What the notes say of a workbook named as another kind of file (``results.csv``)."""
    kind = {"xlsx": "an Excel workbook (.xlsx)", "xls": "an old Excel workbook (.xls)", "ods": "an OpenDocument spreadsheet (.ods)"}
    suffix = os.path.splitext(str(path))[1] or "without an extension"
    named = f"named {suffix}" if suffix.startswith(".") else suffix
    return f"the file is {kind[workbook_format(path)]} {named}; it was read as a workbook"


def _note_later_rounds(table: SheetTable, result: ImportResult) -> None:
    """A round-by-round report opened as its first round says so, and who leads the last
    round: the first round's leader is not the winner where transfers change the order."""
    if result.options.votes_column is None or not _ROUND_VOTES.match(result.options.votes_column):
        return
    try:
        rounds = round_table(table)
    except LoadError:
        return
    if len(rounds.rounds) < 2:
        return
    final = rounds.votes[-1]
    known = [(v, name) for v, name in zip(final, rounds.candidates) if isinstance(v, (int, float))]
    if not known:
        return
    top, leader = max(known)
    note = (
        f"a round-by-round count of {quantity(len(rounds.rounds), 'round')}: only {result.options.votes_column!r} is read; "
        f"in the last round ({rounds.rounds[-1]}) {leader} has the most votes ({top:,})"
    )
    result.notes.append(note)
    contest = result.contest
    contest.notes = f"{contest.notes}\n{note}" if contest.notes else note


def list_sheets(path: str | os.PathLike[str]) -> list[SheetSummary]:
    """Each sheet of a workbook and what it seems to hold (``resultsviewer contests book.xlsx``)."""
    source = str(path)
    summaries = []
    for sheet in read_workbook_sheets(path):
        summary = summarise_sheet(sheet, source)
        if summary.useful:
            table = find_table(sheet, source)
            guess = guess_import_options(table.header, table.rows[:200])
            summary = replace(summary, guess="; ".join(guess.reasons))
        summaries.append(summary)
    return summaries
