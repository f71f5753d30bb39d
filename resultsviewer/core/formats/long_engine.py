"""Large long (OpenElections) files tallied by DuckDB: one SQL group-by instead of a
Python pass over every row, out of core for files larger than memory.

The Python reader (:func:`.openelections.import_openelections`) holds every cell of a
file as a Python string: some 60 bytes a cell, and a million rows cost seconds. Above
:data:`ENGINE_MIN_BYTES` this module asks DuckDB instead, in two queries of the file's
rows (a file up to :data:`TABLE_MAX_BYTES` is parsed once into a table they both read;
a larger one is parsed by each, streaming):

1. the rows per raw (office, district, party, candidate), each with the first row it
   appears on, and the distinct counties and precincts: from which the contests, the
   primary, the pseudo-offices and the contest chosen are found exactly as the Python
   reader finds them (the same functions, on the same counts);
2. the chosen contest's rows grouped by their raw category and candidate cells: rows,
   known votes, withheld (``*``) values, cells that are not plain numbers, vote-mode
   mismatches, and the first row of each group.

Names are folded (spaces, case) in Python on the distinct spellings the query returns,
never in SQL, so that the keys are those of the Python reader; the groups' figures go
into the contest's arrays with numpy, merged on the folded keys where spellings differ.

The engine takes exactly the files it can read as the Python reader does, and gives
them back exactly as the Python reader would (the same contest, cells, notes). Anything
unusual — a cell that is not a plain number or ``*``, a short or ragged row, a quote
out of place, a name that is blank, a header repeated or empty, an encoding that is not
UTF-8 — and it declines (returns None) so that the Python reader reads the file and
says what it says, with its file, line and column. A file beyond what the Python reader
can hold (:data:`~.limits.MAX_FILE_BYTES`, :data:`~.limits.MAX_TABLE_CELLS`) cannot be
handed back: the engine then reads messy numbers itself (each distinct spelling parsed
by :func:`~resultsviewer.core.counts.parse_count`) and refuses the rest with the place
found by a streaming pass over the file.

``duckdb`` is imported only here, and only when a file is large enough: the command
line's start-up does not pay for it.

In a reported read (the window's, :mod:`..progress`) each scan of the file runs in a
helper thread while the reading thread passes DuckDB's own progress on to the bar, every
:data:`POLL_SECONDS`; Cancel interrupts the query there, so that a cancelled read of a
2 GB file stops within a moment rather than after its minute of scanning.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from ..contest import AtLeast, Candidate, Contest, Declared
from ..count_table import CountTable
from ..counts import MAX_COUNT, PLAIN_DIGITS_MAX, parse_count
from ..errors import ContestError, CountError, LoadError
from ..progress import Cancelled, advance, part, reporting
from . import limits, openelections
from .delimited import (
    WITHHELD,
    ImportOptions,
    ImportResult,
    Table,
    clean_name,
    detect_delimiter,
    title_from_source,
    withheld_note,
)
from .titles import openelections_title

if TYPE_CHECKING:
    import duckdb
    import numpy as np

#: Files smaller than this are read by the Python reader (measured: see the limit).
ENGINE_MIN_BYTES = limits.LARGE_TABLE_BYTES

#: The largest file the engine reads: 16 GB is a national precinct file of some 200
#: million rows, which one machine tallies in minutes with DuckDB's memory bounded
#: (docs/scale.md); beyond it a cluster engine runs the same query.
ENGINE_MAX_BYTES = limits.MAX_LONG_FILE_BYTES

#: DuckDB's memory: out of core beyond it (its temporary files go to a folder of the
#: system's temporary directory, removed after the query).
ENGINE_MEMORY_LIMIT = "512MB"

#: Bytes of the file read for its header and delimiter.
HEAD_BYTES = limits.LARGE_TABLE_HEAD_BYTES

#: How often a reported read looks at DuckDB's progress (and at Cancel) while a query
#: scans the file: the bar moves smoothly, and Cancel stops the query within this.
POLL_SECONDS = 0.1

#: Files up to this size are parsed once, into a table of their cells in DuckDB's memory
#: (some twice the file's bytes), which both queries then read in parallel. Measured on a
#: 62 MB file of 1,000,000 rows with two free cores: the queries took 0.76 s against
#: 1.46 s for two scans of the file (each numbers its rows with a window, which runs on
#: one thread), the whole tally's peak memory 348 MB against 326 MB. The table's inserts
#: cost some 0.15 s more processor time, which a busy machine does not win back (a load
#: average of 4-5 on the two cores: 1.17-1.55x DuckDB's bare group-by through the table,
#: 1.29-1.38x through two scans, medians of 9-11 runs that vary by 0.2 either way). Larger
#: files are always scanned twice, streaming, so that memory stays bounded (the table
#: would spill to as much disk as the file).
TABLE_MAX_BYTES = 128 * 2**20

#: The shares of a reported read's bar: the pass over the file for a zero byte, and the
#: two queries that scan it (each parses the whole file).
ZERO_SCAN_SHARE = 0.05
SCAN_SHARE = 0.45
GROUPS_SHARE = 0.5
#: A file read into a table: its one parse, then the two queries of the table.
TABLE_SHARE = 0.8
TABLE_SCAN_SHARE = 0.05
TABLE_GROUPS_SHARE = 0.1

_Value = TypeVar("_Value")


class _Declined(Exception):
    """The engine does not read this file as the Python reader would: let that reader read it."""


@dataclass
class _File:
    source: str
    delimiter: str
    header: list[str]
    #: The file's size in bytes (for a reported read's bar).
    size: int = 0


def import_large_long_file(
    path: str | os.PathLike[str], options: ImportOptions | None = None
) -> ImportResult | None:
    """The contest of a large OpenElections file read through DuckDB, or None when the
    Python reader is to read it (a small file, another layout, anything unusual).

    Raises :class:`LoadError` only where the Python reader would raise the same, or for a
    file it could not read at all (over its size limits).
    """
    options = options or ImportOptions()
    source = str(path)
    if not _options_taken(options):
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None  # the Python reader says why
    if not stat.S_ISREG(status.st_mode) or status.st_size < ENGINE_MIN_BYTES:
        return None  # a FIFO, a device, a folder: refused by the Python reader, unread
    try:
        import duckdb  # noqa: F401 - here, not at the top: the command line starts without it
    except ImportError:
        return None  # an install without it: the Python reader, within its limits
    if status.st_size > ENGINE_MAX_BYTES:
        # The Python reader refuses it too, but with its own (smaller) limit.
        raise limits.long_file_too_large(source, status.st_size, ENGINE_MAX_BYTES)
    # Opened as every reader opens a file the user names: refused unless it is a regular
    # file, checked again on the descriptor (in case it was swapped for a FIFO).
    python_can_read = status.st_size <= limits.MAX_FILE_BYTES
    with limits.open_regular_file(path, ENGINE_MAX_BYTES) as stream:
        head = stream.read(HEAD_BYTES)
        # DuckDB reads a zero byte inside a cell; the Python reader refuses the file as
        # binary. One pass of memchr over the file, a megabyte at a time, finds one.
        with part(ZERO_SCAN_SHARE):
            zero = b"\x00" in head or _zero_byte_after(stream, status.st_size)
    if zero:
        if python_can_read:
            return None
        raise LoadError(source, "this is a binary file, not text (it holds zero bytes)")
    try:
        found = _file(source, head, options)
        if found is None:
            return None
        found.size = status.st_size
        result = _import(found, options, python_can_read)
    except _Declined as declined:
        if python_can_read:
            return None
        raise LoadError(source, str(declined)) from None
    from ..methods import prepare_imported

    result.notes.extend(prepare_imported(result.contest, result.options.layout))
    return result


def _zero_byte_after(stream: BinaryIO, size: int) -> bool:
    done = 0
    while chunk := stream.read(2**20):
        if b"\x00" in chunk:
            return True
        done += len(chunk)
        if not done % 2**25:  # every 32 MB: a few hundredths of a second
            advance(done, size)
    return False


def _reported(connection: duckdb.DuckDBPyConnection, share: float, run: Callable[[], _Value], size: int) -> _Value:
    """``run()``, a query that scans the file of ``size`` bytes, as ``share`` of the
    reported read's pass.

    Outside a reported read it just runs. Inside, it runs in a helper thread (DuckDB lets
    go of the GIL while it works) and this thread tells the bar how far the scan has got
    every :data:`POLL_SECONDS`; when the callback raises Cancelled the query is
    interrupted, waited for, and Cancelled goes on up with nothing made.

    How far: the bytes this process has read since the query began, of the file's size
    (Linux's ``/proc/self/io``), exact as DuckDB reads the file once per scan; elsewhere
    DuckDB's own ``query_progress``, an estimate over the query's steps that may stop well
    short of 100% (measured: 14% at the end of the first query on a 2 GB file).
    """
    if not reporting():
        return run()
    # Progress is kept by DuckDB only with its bar on; it is not printed.
    connection.execute("SET enable_progress_bar = true")
    connection.execute("SET enable_progress_bar_print = false")
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = run()
        except BaseException as error:  # noqa: BLE001 (raised again in the reading thread)
            outcome["error"] = error

    helper = threading.Thread(target=work, name="resultsviewer-duckdb-query", daemon=True)
    started = _bytes_read()
    with part(share):
        helper.start()
        try:
            while helper.is_alive():
                helper.join(POLL_SECONDS)
                now = _bytes_read()
                if started is not None and now is not None and size > 0:
                    fraction = (now - started) / size
                else:
                    fraction = connection.query_progress() / 100
                advance(max(0, min(1000, round(fraction * 1000))), 1000)
        except Cancelled:
            # Again until it stops: an interrupt before the query has begun is lost.
            while helper.is_alive():
                connection.interrupt()
                helper.join(POLL_SECONDS)
            raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _bytes_read() -> int | None:
    """Bytes this process has read from files and pipes so far (Linux); None elsewhere."""
    try:
        with open("/proc/self/io", "rb") as io_counts:
            for line in io_counts:
                if line.startswith(b"rchar:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def _options_taken(options: ImportOptions) -> bool:
    """The choices the engine reads (the rest go to the Python reader)."""
    return (
        options.layout in (None, "openelections")
        and not (options.category_column or options.candidate_column or options.votes_column or options.party_column)
        and not options.candidate_columns
        and not (options.electorate_column or options.rejected_column or options.valid_votes_column)
        and not options.where
        and not (options.sheet or options.header_rows or options.data_rows or options.code_column)
    )


def _file(source: str, head: bytes, options: ImportOptions) -> _File | None:
    """The header and delimiter of a file the engine can read; None for another layout."""
    from .ballots import looks_like_ballots
    from .rctab import is_rctab_report_csv

    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Declined("the file is not UTF-8 text")
    if is_rctab_report_csv(head) or looks_like_ballots(head):
        return None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return None  # JSON
    text = _decoded_head(head)
    if text[:4].casefold() == "sep=":
        raise _Declined("the file starts with Excel's sep= line")
    delimiter = options.delimiter or detect_delimiter(text)
    if delimiter == "\\t":
        delimiter = "\t"
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise _Declined(f"the delimiter {delimiter!r} is not read by the engine")
    if text.count("\r") != text.count("\r\n") or ("\r\n" in text and text.count("\n") != text.count("\r\n")):
        raise _Declined("the file's lines end in more than one way")
    first_line = text.split("\n", 1)[0]
    if not first_line.strip() or '"' in first_line and first_line.count('"') % 2:
        raise _Declined("the header is not on the first line")
    try:
        header_cells = next(csv.reader(io.StringIO(first_line.rstrip("\r"), newline=""), delimiter=delimiter))
    except csv.Error as error:
        # The Python reader's refusal, in the time of the head: the file is not read further.
        raise limits.csv_refusal(error, source, 1, "delimited table", first_line, delimiter) from None
    header = [clean_name(cell) for cell in header_cells]
    folded = [name.casefold() for name in header]
    if not all(header) or len(set(folded)) != len(folded) or len(header) > 1000:
        raise _Declined("the header has an empty or repeated column name")
    if folded[0].strip() == "category" or not openelections.recognise(header):
        return None
    return _File(source, delimiter, header)


def _decoded_head(head: bytes) -> str:
    """The head's text; a character cut at its end is dropped."""
    for cut in range(4):
        try:
            return head[: len(head) - cut].decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:
                raise _Declined("the file is not UTF-8 text") from None
    raise _Declined("the file is not UTF-8 text")


# --- the queries --------------------------------------------------------------------------


def _connect(memory_limit: str = ENGINE_MEMORY_LIMIT) -> tuple[duckdb.DuckDBPyConnection, tempfile.TemporaryDirectory[str]]:
    import duckdb

    spill = tempfile.TemporaryDirectory(prefix="resultsviewer-duckdb-")
    connection = duckdb.connect(config={
        "memory_limit": memory_limit,
        "temp_directory": spill.name,
        # Row order is the file's: the first row of each group orders contests, categories
        # and candidates as the Python reader does.
        "preserve_insertion_order": True,
        "enable_external_access": True,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    })
    connection.execute("SET enable_progress_bar = false")  # it would draw on the terminal
    return connection, spill


def _source_sql(path: str, delimiter: str, width: int) -> str:
    """The file as rows of text, read with the Python reader's dialect: every cell text,
    quotes doubled, no sniffing; a row of another width is an error (declined)."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    return (
        f"read_csv({_literal(path)}, auto_detect = false, header = true, delim = {_literal(delimiter)}, "
        f"quote = '\"', escape = '\"', columns = {columns}, null_padding = false, strict_mode = true, "
        f"max_line_size = {limits.MAX_CELL_CHARS}, encoding = 'utf-8')"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: An empty cell: DuckDB reads it as NULL, the csv module as ''.
_EMPTY = "''"


def _cell(index: int | None) -> str:
    """A column of the file's rows (empty cells already ''); '' for a column the file lacks."""
    return _EMPTY if index is None else f"c{index}"


def _plain(cell: str) -> str:
    """SQL: the cell is a plain count as the Python reader's fast path takes it, ASCII
    digits only, at most PLAIN_DIGITS_MAX of them (RE2 runs this at the cost of a cast;
    ``ltrim(cell, '0123456789')`` costs three times as much)."""
    return f"regexp_full_match({cell}, '[0-9]{{1,{PLAIN_DIGITS_MAX}}}')"


@dataclass
class _Scan:
    raw: Counter[tuple[str, str, str, str]]
    rows: int
    counties: list[str]
    precincts: list[str]


def _scan(
    connection: duckdb.DuckDBPyConnection, rows_sql: str, cols: openelections._Columns, share: float, size: int = 0
) -> _Scan:
    """Query 1: rows per raw (office, district, party, candidate) in the order of their
    first row, and the distinct counties and precincts."""
    office, district, party, candidate = (_cell(cols.office), _cell(cols.district), _cell(cols.party), _cell(cols.candidate))
    county, precinct = _cell(cols.county), _cell(cols.precinct)
    query = f"""
        SELECT grouping(o, d, p, c) AS level, grouping(county) AS no_county, o, d, p, c, county, precinct,
               count(*) AS n, min(rn) AS first
        FROM (SELECT rn, {office} AS o, {district} AS d, {party} AS p, {candidate} AS c,
                     {county} AS county, {precinct} AS precinct FROM {rows_sql})
        GROUP BY GROUPING SETS ((o, d, p, c), (county), (precinct))
        ORDER BY level, first
        """
    result = _reported(connection, share, lambda: connection.execute(query).fetchall(), size)
    raw: Counter[tuple[str, str, str, str]] = Counter()
    counties: list[str] = []
    precincts: list[str] = []
    rows = 0
    for level, no_county, o, d, p, c, county_text, precinct_text, n, _ in result:
        if level == 0:
            raw[(o, d, p, c)] = n
            rows += n
        elif no_county == 0:
            counties.append(county_text)
        else:
            precincts.append(precinct_text)
    return _Scan(raw, rows, counties, precincts)


def _import(found: _File, options: ImportOptions, python_can_read: bool) -> ImportResult:
    source = found.source
    header = found.header
    table = Table(source, header, [], found.delimiter)
    try:
        cols = openelections._columns(table)
    except LoadError as error:
        raise _Declined(error.message if hasattr(error, "message") else str(error)) from None
    connection, spill = _connect()
    try:
        return _query(connection, found, table, cols, options, python_can_read)
    except _Declined:
        raise
    except LoadError:
        raise
    except Exception as error:  # DuckDB's reader refused the file: a row of another width, a quote...
        if type(error).__module__.split(".")[0] in ("duckdb", "_duckdb"):
            raise _Declined(f"the file is not a table the engine reads ({_first_line(error)})") from None
        raise
    finally:
        connection.close()
        spill.cleanup()


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _query(
    connection: duckdb.DuckDBPyConnection,
    found: _File,
    table: Table,
    cols: openelections._Columns,
    options: ImportOptions,
    python_can_read: bool,
) -> ImportResult:
    source = found.source
    path = source
    reader = _source_sql(path, found.delimiter, len(found.header))
    used = sorted({i for i in (cols.county, cols.precinct, cols.office, cols.district, cols.party, cols.candidate,
                               cols.votes, *cols.modes) if i is not None})
    cells = ", ".join(f"coalesce(c{i}, {_EMPTY}) AS c{i}" for i in used)
    # A row's number is its place in the file (DuckDB keeps the file's order:
    # preserve_insertion_order), counted from 0, blank lines not counted.
    size = found.size
    if size <= TABLE_MAX_BYTES:
        # Parsed once, in parallel, into a table whose row ids are the rows' numbers.
        create = f"CREATE TEMP TABLE file_rows AS SELECT {cells} FROM {reader}"
        _reported(connection, TABLE_SHARE, partial(connection.execute, create), size)
        rows_sql = "(SELECT rowid AS rn, * FROM file_rows)"
        # The queries read the table, not the file: their progress is DuckDB's own (size 0).
        shares, size = (TABLE_SCAN_SHARE, TABLE_GROUPS_SHARE), 0
    else:
        # Parsed by each of the two queries below, streaming: a table of a large file would
        # spill to as much disk as the file (docs/scale.md).
        rows_sql = f"(SELECT row_number() OVER () - 1 AS rn, {cells} FROM {reader})"
        shares = (SCAN_SHARE, GROUPS_SHARE)
    scan = _scan(connection, rows_sql, cols, shares[0], size)
    if not scan.raw:
        raise _Declined("the file holds no rows")
    if python_can_read and scan.rows * len(found.header) > limits.MAX_TABLE_CELLS:
        python_can_read = False
    primary, contests, contest_keys = openelections.contests_of_raw(source, scan.raw)
    chosen, notes = openelections.choose_contest(source, options.contest, contests, options.where)
    if len(chosen.spellings) > 1:
        notes.append(f"this contest is spelled {len(chosen.spellings)} ways in the file: " + ", ".join(sorted(chosen.spellings)))
    category_columns, by_notes = openelections.category_columns_of(
        table, cols, options, lambda: len({name.strip().casefold() for name in scan.counties}) > 1
    )
    notes += by_notes
    if cols.votes is None:
        notes.append("no votes column: each row's votes are the sum of " + ", ".join(found.header[i] for i in cols.modes))
    target = chosen.key
    wanted = sorted({(o, d, p) for (o, d, p, _) in scan.raw if contest_keys[(o, d, p)] == target})
    total_spellings = [v for v in scan.precincts if v.strip().casefold() in openelections.TOTAL_PRECINCTS]
    pseudo_spellings = sorted({
        c for (_, _, _, c) in scan.raw if clean_name(c).casefold() in openelections.PSEUDO_CANDIDATES
    })
    groups = _contest_groups(
        connection, rows_sql, cols, category_columns, wanted, total_spellings, pseudo_spellings, python_can_read,
        shares[1], size,
    )
    return _contest(found, options, cols, chosen, contests, contest_keys, scan, category_columns, groups,
                    pseudo_spellings, notes, python_can_read)


@dataclass
class _Groups:
    """The chosen contest's rows grouped by raw category and candidate (query 2)."""

    #: Total precinct rows: raw precinct -> rows, in the order of their first row.
    totals: dict[str, int]
    #: Pseudo-candidates' rows: raw candidate -> rows, in the order of their first row.
    pseudo: dict[str, int]
    #: Distinct raw category (its cell, or its two cells joined by " / " as the Python
    #: reader joins them) and candidate, in the order of their first row.
    categories: list[str]
    candidates: list[str]
    #: The first row (0-based, blank lines not counted) of each, and of a vote cell the
    #: Python reader would refuse (None: none), to refuse a file beyond it with a place.
    category_first: np.ndarray
    candidate_first: np.ndarray
    bad_votes_first: int | None
    #: One entry per group of a candidate's votes (no total or pseudo-row): indexes into
    #: the lists above (each pair once), and its figures.
    category_index: np.ndarray
    candidate_index: np.ndarray
    known: np.ndarray
    known_rows: np.ndarray
    withheld: np.ndarray
    #: The rows of those groups, and how many of them have votes unlike their modes' sum.
    rows: int
    mode_mismatch: int
    #: Where the contest has 'Total' rows, its votes by county, to check them against.
    county_sums: openelections.CountySums = field(default_factory=dict)


def _votes_sql(cols: openelections._Columns, messy: bool) -> tuple[str, str, str, str]:
    """Per row: its known votes (NULL when withheld or not read), whether it is withheld,
    whether a cell is neither plain nor ``*`` nor a messy spelling read already
    (unusual), and whether its votes differ from the sum of its vote modes, each plain.

    ``messy``: the table ``messy`` holds the votes column's other spellings, each read
    as the Python reader reads it (``1,176``, `` 12``...), joined on the row as ``m``.
    """
    modes = [_cell(m) for m in cols.modes]
    if cols.votes is not None:
        v = _cell(cols.votes)
        plain = _plain(v)
        if messy:
            known = f"CASE WHEN {plain} THEN TRY_CAST({v} AS BIGINT) ELSE m.value END"
            withheld = f"({v} = '*' OR coalesce(m.withheld, false))"
            unusual = f"(NOT {plain} AND {v} <> '*' AND m.text IS NULL)"
        else:
            known = f"CASE WHEN {plain} THEN TRY_CAST({v} AS BIGINT) END"
            withheld = f"{v} = '*'"
            unusual = f"(NOT {plain} AND {v} <> '*')"
        if modes:
            # The modes cast loosely first, so that the plain tests run only on a row whose
            # sum differs (most rows' does not): a plain cell's cast is its value, and a
            # loose one cast that differs is not plain anyway. As HUGEINT, no sum overflows.
            loose = " + ".join(f"TRY_CAST({m} AS BIGINT)::HUGEINT" for m in modes)
            all_plain = " AND ".join(_plain(m) for m in modes)
            mismatch = f"CASE WHEN {loose} <> ({known}) THEN {all_plain} ELSE false END"
        else:
            mismatch = "false"
        return known, withheld, unusual, mismatch
    withheld = " OR ".join(f"{m} = '*'" for m in modes)
    unusual = " OR ".join(f"NOT ({m} = '' OR {m} = '*' OR {_plain(m)})" for m in modes)
    total = " + ".join(f"CASE WHEN {m} = '' THEN 0 ELSE TRY_CAST({m} AS BIGINT) END" for m in modes)
    known = f"CASE WHEN NOT ({withheld}) AND NOT ({unusual}) THEN {total} END"
    return known, f"({withheld})", f"({unusual})", "false"


def _contest_groups(
    connection: duckdb.DuckDBPyConnection,
    rows_sql: str,
    cols: openelections._Columns,
    category_columns: list[int],
    wanted: list[tuple[str, str, str]],
    total_spellings: list[str],
    pseudo_spellings: list[str],
    python_can_read: bool,
    share: float,
    size: int = 0,
) -> _Groups:
    import numpy as np

    office, district, party, candidate = (_cell(cols.office), _cell(cols.district), _cell(cols.party), _cell(cols.candidate))
    precinct = _cell(cols.precinct)
    category = ", ".join(f"{_cell(index)} AS k{n}" for n, index in enumerate(category_columns))
    keys = ", ".join(f"k{n}" for n in range(len(category_columns)))
    chosen = " OR ".join(
        f"({office} = {_literal(o)} AND {district} = {_literal(d)} AND {party} = {_literal(p)})" for o, d, p in wanted
    )
    listed = ", ".join(_literal(text) for text in total_spellings)
    if not total_spellings:
        total_of_row, total_of_group = "", "NULL::VARCHAR"
    elif cols.precinct in category_columns:
        # The precinct is a key already: whether a group is of total rows follows from it
        # (one string fewer to hash per row).
        key = f"k{category_columns.index(cols.precinct)}"
        total_of_row, total_of_group = "", f"CASE WHEN {key} IN ({listed}) THEN {key} END"
    else:
        total_of_row = f", CASE WHEN {precinct} IN ({listed}) THEN {precinct} END AS total"
        total_of_group = "total"
    # Candidates that are no candidate (Over Votes...): their raw spellings, found by the
    # Python reader's folding among the file's distinct candidates.
    pseudo_list = ", ".join(_literal(text) for text in pseudo_spellings)
    is_pseudo = f"c IN ({pseudo_list})" if pseudo_spellings else "false"
    messy = False
    bad_votes_first: int | None = None
    while True:
        known, withheld, unusual, mismatch = _votes_sql(cols, messy)
        join = f"LEFT JOIN messy m ON m.text = {_cell(cols.votes)}" if messy else ""
        # The contest's rows, grouped: each group one raw category, candidate and (for a
        # total precinct row) precinct spelling. A total row is told apart before anything
        # else, as the Python reader does, and its group's figures are not read.
        query = f"""
            CREATE OR REPLACE TEMP TABLE groups AS
            SELECT {keys}, c, {total_of_group} AS total, count(*) AS n, sum(known) AS known, count(known) AS known_rows,
                   count(*) FILTER (WHERE is_withheld) AS withheld, count(*) FILTER (WHERE is_unusual) AS unusual,
                   count(*) FILTER (WHERE is_mismatch) AS mismatch,
                   min(rn) AS first, min(rn) FILTER (WHERE is_unusual) AS first_unusual
            FROM (
                SELECT rn, {category}, {candidate} AS c{total_of_row},
                       {known} AS known, {withheld} AS is_withheld, {unusual} AS is_unusual, {mismatch} AS is_mismatch
                FROM {rows_sql} {join}
                WHERE {chosen}
            )
            GROUP BY {keys}, c{", total" if total_of_row else ""}
            """
        # A second round (messy numbers read) is a second scan: the bar, which never goes
        # back, waits at the end of this share while it runs.
        _reported(connection, 0.0 if messy else share, partial(connection.execute, query), size)
        cells = f"total IS NULL AND NOT {is_pseudo}"
        unusual_rows, first_unusual, overflow, rows, mode_mismatch = connection.execute(
            f"SELECT coalesce(sum(unusual), 0), min(first_unusual), coalesce(max(abs(known)) >= {MAX_COUNT} * 4, false), "
            f"coalesce(sum(n), 0)::BIGINT, coalesce(sum(mismatch), 0)::BIGINT FROM groups WHERE {cells}"
        ).fetchone() or (0, None, False, 0, 0)
        if overflow:
            raise _Declined("a count is larger than a contest holds")
        if not unusual_rows:
            break
        if python_can_read:
            raise _Declined(f"{unusual_rows:,} vote cells are not plain numbers")
        if messy or cols.votes is None:
            bad_votes_first = int(first_unusual)
            break
        # A file the Python reader cannot hold: its messy numbers are read here, each
        # distinct spelling once, as the Python reader reads them.
        _read_messy(connection, rows_sql, _cell(cols.votes), chosen)
        messy = True
    totals = dict(connection.execute(
        "SELECT total, sum(n)::BIGINT FROM groups WHERE total IS NOT NULL GROUP BY total ORDER BY min(first)"
    ).fetchall())
    county_sums: openelections.CountySums = {}
    if totals:
        # The Total rows are checked against the rows they total, county by county (the
        # county is a category's where the categories name it), as the Python reader does.
        county = f"k{category_columns.index(cols.county)}" if cols.county in category_columns else "''"
        summed = connection.execute(
            f"SELECT {county}, c, total IS NOT NULL, coalesce(sum(known), 0)::BIGINT, "
            f"sum(withheld)::BIGINT, sum(unusual)::BIGINT FROM groups WHERE NOT ({is_pseudo}) GROUP BY ALL"
        ).fetchall()
        if python_can_read and any(is_total and unusual for _, _, is_total, _, _, unusual in summed):
            raise _Declined("a 'Total' row's vote cell is not a plain number")
        for county_cell, candidate_cell, is_total, known_votes, withheld_rows, unusual in summed:
            sum_key = (county_cell, candidate_cell, bool(is_total))
            before = county_sums.get(sum_key, (0, 0))
            county_sums[sum_key] = (before[0] + int(known_votes), before[1] + int(withheld_rows) + int(unusual))
    pseudo = dict(connection.execute(
        f"SELECT c, sum(n)::BIGINT FROM groups WHERE total IS NULL AND {is_pseudo} GROUP BY c ORDER BY min(first)"
    ).fetchall())
    connection.execute(
        f"CREATE TEMP TABLE category_ids AS SELECT {keys}, (row_number() OVER (ORDER BY min(first)) - 1)::INTEGER AS id, "
        f"min(first) AS first FROM groups WHERE {cells} GROUP BY ALL"
    )
    connection.execute(
        f"CREATE TEMP TABLE candidate_ids AS SELECT c, (row_number() OVER (ORDER BY min(first)) - 1)::INTEGER AS id, "
        f"min(first) AS first FROM groups WHERE {cells} GROUP BY c"
    )
    # Columns as numpy arrays (strings as arrays of str): no Python tuple per category.
    name = "concat(k0, ' / ', k1)" if len(category_columns) == 2 else "k0"
    categories = connection.execute(f"SELECT {name} AS name, first FROM category_ids ORDER BY id").fetchnumpy()
    candidates = connection.execute("SELECT c AS name, first FROM candidate_ids ORDER BY id").fetchnumpy()
    on = " AND ".join(f"g.k{n} = k.k{n}" for n in range(len(category_columns)))
    arrays = connection.execute(
        f"""
        SELECT k.id AS category, d.id AS candidate, coalesce(g.known, 0)::BIGINT AS known,
               g.known_rows::BIGINT AS known_rows, g.withheld::BIGINT AS withheld
        FROM groups g JOIN category_ids k ON {on} JOIN candidate_ids d ON g.c = d.c
        WHERE g.total IS NULL
        """
    ).fetchnumpy()
    return _Groups(
        totals=totals,
        pseudo=pseudo,
        categories=np.asarray(categories["name"]).tolist(),
        candidates=np.asarray(candidates["name"]).tolist(),
        category_first=np.asarray(categories["first"], dtype=np.int64),
        candidate_first=np.asarray(candidates["first"], dtype=np.int64),
        bad_votes_first=bad_votes_first,
        category_index=np.asarray(arrays["category"], dtype=np.int64),
        candidate_index=np.asarray(arrays["candidate"], dtype=np.int64),
        known=np.asarray(arrays["known"], dtype=np.int64),
        known_rows=np.asarray(arrays["known_rows"], dtype=np.int64),
        withheld=np.asarray(arrays["withheld"], dtype=np.int64),
        rows=int(rows),
        mode_mismatch=int(mode_mismatch),
        county_sums=county_sums,
    )


def _read_messy(connection: duckdb.DuckDBPyConnection, rows_sql: str, votes: str, chosen: str) -> None:
    """The table ``messy``: each spelling of the contest's votes that is neither plain nor
    ``*``, read as :func:`~.delimited.parse_votes` reads it; a spelling it refuses is left
    out (its rows stay unusual, and the first of them is refused with its place)."""
    spellings = connection.execute(
        f"SELECT DISTINCT {votes} FROM {rows_sql} WHERE ({chosen}) AND NOT {_plain(votes)} AND {votes} <> '*'"
    ).fetchall()
    read: list[tuple[str, int | None, bool]] = []
    for (text,) in spellings:
        stripped = text.strip()
        if stripped in WITHHELD:
            read.append((text, None, True))
            continue
        try:
            read.append((text, parse_count(stripped), False))
        except CountError:
            continue
    connection.execute("CREATE OR REPLACE TEMP TABLE messy (text VARCHAR, value BIGINT, withheld BOOLEAN)")
    if read:
        connection.executemany("INSERT INTO messy VALUES (?, ?, ?)", read)


# --- the contest --------------------------------------------------------------------------


def _contest(
    found: _File,
    options: ImportOptions,
    cols: openelections._Columns,
    chosen: openelections.ContestInfo,
    contests: list[openelections.ContestInfo],
    contest_keys: dict[tuple[str, str, str], tuple[str, str, str]],
    scan: _Scan,
    category_columns: list[int],
    groups: _Groups,
    pseudo_spellings: Sequence[str],
    notes: list[str],
    python_can_read: bool,
) -> ImportResult:
    """The contest from the groups, as :class:`~.delimited.LongTally` builds it from rows."""
    import numpy as np

    source = found.source
    # Names folded as the Python reader folds them, on each distinct spelling.
    category_names, category_keys, category_of = _folded(groups.categories)
    candidate_names, candidate_keys, candidate_of = _folded(groups.candidates)
    raw_candidate_keys = dict(zip(groups.candidates, candidate_keys))
    offending: list[int] = []  # rows the Python reader would refuse
    if not all(map(str.strip, category_keys, repeat(" /"))):
        offending += [int(groups.category_first[i]) for i, key in enumerate(category_keys) if not key.strip(" /")]
    if not all(candidate_keys):
        offending += [int(groups.candidate_first[i]) for i, key in enumerate(candidate_keys) if not key]
    if groups.bad_votes_first is not None:
        offending.append(groups.bad_votes_first)
    if offending:
        if python_can_read:
            raise _Declined("a row names no candidate or category, or a vote cell is not a count")
        raise _refusal(found, cols, category_columns, min(offending))
    n_categories, n_candidates = len(category_names), len(candidate_names)
    if not n_categories or not n_candidates:
        raise LoadError(source, "no rows are left to make a contest of (check the filters and the contest chosen)")
    limits.check_contest_size(source, n_categories, n_candidates)
    shape = (n_categories, n_candidates)
    known = np.zeros(shape, dtype=np.int64)
    withheld = np.zeros(shape, dtype=np.int64)
    known_rows = np.zeros(shape, dtype=np.int64)
    if category_of is None and candidate_of is None:
        # No two spellings fold together: each group is a cell of its own, set in place.
        cells = (groups.category_index, groups.candidate_index)
        known[cells] = groups.known
        withheld[cells] = groups.withheld
        known_rows[cells] = groups.known_rows
        distinct_cells = len(groups.known)
    else:
        cells = (
            groups.category_index if category_of is None else category_of[groups.category_index],
            groups.candidate_index if candidate_of is None else candidate_of[groups.candidate_index],
        )
        np.add.at(known, cells, groups.known)
        np.add.at(withheld, cells, groups.withheld)
        np.add.at(known_rows, cells, groups.known_rows)
        seen = np.zeros(shape, dtype=bool)
        seen[cells] = True
        distinct_cells = int(seen.sum())
    merged = groups.rows - distinct_cells

    # A candidate's party: the one on most of its rows, from the scan's counts.
    parties: dict[str, dict[str, int]] = {}
    if cols.party is not None:
        target = chosen.key
        for (office, district, party, candidate), rows_counted in scan.raw.items():
            if contest_keys.get((office, district, party)) != target or party.strip().casefold() in openelections.NO_PARTY:
                continue
            key_of_candidate = raw_candidate_keys.get(candidate)
            if key_of_candidate:
                counts = parties.setdefault(key_of_candidate, {})
                counts[party.strip()] = counts.get(party.strip(), 0) + rows_counted

    total_rows: dict[str, int] = {}
    for raw, rows in groups.totals.items():
        label = clean_name(raw)
        total_rows[label] = total_rows.get(label, 0) + rows
    pseudo_candidates: dict[str, int] = {}
    for raw, rows in groups.pseudo.items():
        name = clean_name(raw)
        pseudo_candidates[name] = pseudo_candidates.get(name, 0) + rows
    names = {name.casefold(): name for name in candidate_names}
    checked = openelections.check_total_rows(total_rows, groups.county_sums, names) if total_rows else None
    notes += openelections.closing_notes(checked.note if checked else None, pseudo_candidates, contests, groups.mode_mismatch,
                                         merged)

    by_text = "county" if category_columns == [cols.county] else "precinct"
    title, date = openelections_title(title_from_source(source), chosen.label)
    contest = _build(
        title, source, notes, known, withheld, known_rows, category_names,
        [(name, parties.get(name.casefold())) for name in candidate_names],
        f"OpenElections file {title_from_source(source)}, by {by_text}",
    )
    contest.date = date
    if checked:
        openelections.declare_total_rows(contest, checked)
    effective = replace(options, layout="openelections", contest=chosen.label, by=by_text)
    return ImportResult(contest, effective, notes)


def _folded(spellings: list[str]) -> tuple[list[str], list[str], np.ndarray | None]:
    """Distinct raw spellings folded as the Python reader folds names (:func:`clean_name`,
    then ``casefold``): the name of each folded key, in the order of its first spelling;
    each spelling's key; and each spelling's index among the keys, or None where no two
    spellings fold together (the usual case: the spellings are the names)."""
    import numpy as np

    names = list(map(clean_name, spellings))
    keys = list(map(str.casefold, names))
    first_names = dict(zip(reversed(keys), reversed(names)))  # the first spelling's name wins
    if len(first_names) == len(keys):
        return names, keys, None
    index: dict[str, int] = {}
    of = [index.setdefault(key, len(index)) for key in keys]
    return [first_names[key] for key in index], keys, np.asarray(of, dtype=np.int64)


def _build(
    title: str,
    source: str,
    notes: list[str],
    known: np.ndarray,
    withheld: np.ndarray,
    known_rows: np.ndarray,
    categories: list[str],
    candidates: list[tuple[str, dict[str, int] | None]],
    file_source: str,
) -> Contest:
    """The contest, as :meth:`.delimited.LongTally.contest` makes it: candidates from most
    to fewest known votes (ties in file order), categories in file order, a withheld
    value alone unknown, with known votes beside it "at least"."""
    import numpy as np

    order = np.argsort(-known.sum(axis=0), kind="stable")
    known = known[:, order]
    withheld = withheld[:, order]
    known_rows = known_rows[:, order]
    width = known.shape[1]
    special: dict[int, AtLeast | None] = {}
    unknown = partial = 0
    for row, column in zip(*np.nonzero(withheld)):
        values = int(withheld[row, column])
        if values == 1 and not known_rows[row, column]:
            special[int(row) * width + int(column)] = None
            unknown += 1
        else:
            special[int(row) * width + int(column)] = AtLeast(int(known[row, column]), values)
            partial += 1
    counts: CountTable | list[list[Any]]
    if known.size == 0 or (int(known.min()) >= 0 and int(known.max()) <= MAX_COUNT):
        # Straight into the contest's array: no Python int per cell.
        # An unknown cell has no known rows: its known votes, what the array holds of it, are 0.
        counts = CountTable.from_numpy(known, special)
    else:  # a sum past the largest count: the contest says so, as for any reader
        rows: list[list[Any]] = known.tolist()
        for flat, value in special.items():
            rows[flat // width][flat % width] = value
        counts = rows
    withheld_values = int(withheld.sum())
    if withheld_values:
        notes.append(withheld_note(withheld_values, unknown, partial))
    chosen = [candidates[index] for index in order]
    try:
        return Contest(
            title,
            [Candidate(name, party=max(parties, key=lambda p: parties[p]) if parties else None) for name, parties in chosen],
            list(categories),  # names: the contest checks them together
            counts,
            source=file_source,
            notes="\n".join(notes) if notes else None,
            declared=Declared(),
            status=None,  # an imported table does not say: unknown, never printed
        )
    except ContestError as error:
        raise LoadError(source, str(error)) from None


def _refusal(found: _File, cols: openelections._Columns, category_columns: list[int], row_index: int) -> LoadError:
    """The Python reader's error for the file's row ``row_index`` (0-based, blank lines not
    counted), found by a streaming pass over the file: its line, column and message."""
    source = found.source
    header = found.header
    with limits.open_regular_file(source, ENGINE_MAX_BYTES) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=found.delimiter)
        seen = -1
        try:
            next(reader, None)  # the header
            for row in reader:
                if not row:
                    continue
                seen += 1
                if seen == row_index:
                    line = reader.line_num - sum(cell.count("\n") for cell in row)
                    return _row_error(source, header, cols, category_columns, row, line)
        except csv.Error as error:
            return limits.csv_refusal(error, source, reader.line_num, "delimited table")
    return LoadError(source, f"row {row_index + 1:,} of the table could not be read again")


def _row_error(
    source: str, header: list[str], cols: openelections._Columns, category_columns: list[int], row: list[str], line: int
) -> LoadError:
    """What the Python reader says of one row of the chosen contest (its checks, in its order)."""

    def fail(column: int, message: str) -> LoadError:
        return LoadError(source, message, f"line {line}, column {column + 1} ({header[column]})")

    if not clean_name(row[cols.candidate]):
        return fail(cols.candidate, "this row names no candidate")
    cells = [row[index] for index in category_columns]
    if not clean_name(" / ".join(cells) if len(cells) == 2 else cells[0]).strip(" /"):
        return fail(category_columns[-1], "this row names no county or precinct")
    columns = [cols.votes] if cols.votes is not None else [m for m in cols.modes if row[m].strip()]
    for column in columns:
        cell = row[column]
        if cell.isascii() and cell.isdigit() and len(cell) <= PLAIN_DIGITS_MAX or cell.strip() in WITHHELD:
            continue
        try:
            parse_count(cell.strip())
        except CountError as error:
            return fail(column, str(error))
    return LoadError(source, "this row could not be read", f"line {line}")
