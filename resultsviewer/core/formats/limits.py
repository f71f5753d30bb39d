"""What a results file may hold, and the one safe way to read one.

Every reader calls into this module, so that any file within :data:`MAX_FILE_BYTES` is
read or refused in bounded time and memory:

* :func:`read_file_bytes` refuses what is not a regular file (a FIFO, a device, a socket)
  before reading from it, and reads at most ``MAX_FILE_BYTES + 1`` bytes;
* :func:`table_rows` parses delimited text row by row, refusing a row wider than
  :data:`MAX_TABLE_COLUMNS` *before* the csv module builds it, and a table of more than
  :data:`MAX_TABLE_CELLS` cells as soon as it gets there;
* :func:`check_json_size` bounds the number of values a JSON text can make before it is
  parsed;
* :func:`check_contest_size` bounds the dense grid of counts (categories x candidates)
  before it is built, and :func:`check_text_length` the free texts (title, notes).

The figures (time and peak memory per input size) are in ``docs/limits.md``, measured by
``benchmarks/loader_memory.py``. New readers (workbooks, rounds) call the same functions.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from ..errors import LoadError

#: Files larger than this are refused before they are read: real results files are tens
#: of MB at most (a state's precinct results), and a hostile one must not eat the memory.
MAX_FILE_BYTES = 256 * 1024 * 1024

#: Files larger than this are refused by every reader; the readers of long files that
#: never hold a file whole (DuckDB's, :mod:`.long_stream`) read up to it, the others
#: stop at :data:`MAX_FILE_BYTES`. 16 GB is a national precinct file of some 200 million
#: rows (docs/scale.md).
MAX_LONG_FILE_BYTES = 16 * 2**30

#: A long table from this size is tallied out of core (DuckDB's reader, else the streamed
#: one), and shown in the import dialog by its head. Measured in fresh processes
#: (``resultsviewer tally``, President by precinct, benchmarks/long_tally.py's files): the
#: Python reader wins at 1.5 MB (0.77 s against 0.99 s) and on New Mexico's 2.3 MB file,
#: DuckDB from 3 MB (1.03 s against 1.15 s; 1.19 s against 1.90 s at 5.9 MB). Kept here,
#: not with the readers, so that the window knows it without importing them at start-up.
LARGE_TABLE_BYTES = 4 * 2**20

#: Bytes of a large table read for its header and delimiter (the whole-file reader looks
#: at the first 65,536 characters to choose the delimiter), and parsed for the dialog's
#: preview: some 17,000 rows of an OpenElections file.
LARGE_TABLE_HEAD_BYTES = 2**20

#: The largest cell the CSV readers accept: a name is at most 500 characters and a count
#: 20 digits; 64 KB leaves room for a column of notes, and keeps a file of giant cells
#: from being copied cell by cell into memory (a 1 MB limit let 250 MB of them take 1.5 GB).
MAX_CELL_CHARS = 64 * 1024
# Every csv reader of the app has this limit, whichever of them runs first: the csv
# module's is one per process (131,072 characters until a reader sets it).
csv.field_size_limit(MAX_CELL_CHARS)

#: Candidates in a contest: a wide contest's window stays quick up to this many.
MAX_CANDIDATES = 20_000

#: Cells in one row of a delimited table: a wide table's candidates, its category
#: column, and room for as many more (electorate, ids, totals...) as any real file has.
MAX_TABLE_COLUMNS = MAX_CANDIDATES + 100

#: Delimiters fed to the csv module for one row before it is stopped: a row's cells are
#: at most its delimiters plus one, and a quoted ``"12,345"`` holds a delimiter that is
#: no cell, so the guard leaves room for a few per cell; the exact count is checked
#: on the row the csv module returns.
MAX_ROW_DELIMITERS = 4 * MAX_TABLE_COLUMNS

#: Cells in a whole delimited table. Each cell read costs some 60 bytes of Python objects
#: however short its text, so this, not the file's size, is what bounds a table's memory:
#: three million cells is a large state's precinct results three times over.
MAX_TABLE_CELLS = 3_000_000

#: Categories (rows) of a contest: more than every precinct of the United States.
MAX_CATEGORIES = 250_000

#: Counts in a contest (categories x candidates): every one is kept, edited and summed.
MAX_CONTEST_CELLS = 3_000_000

#: Categories and counts of a spreadsheet CSV (a row per category, a column per
#: candidate): its counts go straight into the contest's array at 4 bytes each, with no
#: Python object per cell, so it may be far larger than a table read cell by cell.
#: 1,000,000 precincts x 20 candidates is a 113 MB file (see docs/limits.md).
MAX_SHEET_CATEGORIES = 2_000_000
MAX_SHEET_CELLS = 25_000_000

#: Values (numbers, texts, objects, lists) in a native JSON file: a contest at the cell
#: limit writes one per count plus a few per category and candidate.
MAX_JSON_VALUES = MAX_CONTEST_CELLS + 8 * (MAX_CATEGORIES + MAX_CANDIDATES)

#: Objects and lists in a native JSON file: a few per category and candidate. They are
#: bounded apart from the values because each costs some 60 bytes even when empty.
MAX_JSON_CONTAINERS = 3 * (MAX_CATEGORIES + MAX_CANDIDATES) + 64

#: A title, a date, a status: text shown on one line, in the window and on a chart.
MAX_TITLE_CHARS = 1_000

#: Notes, a source, a tie-break's note: free text, but not a book.
MAX_NOTE_CHARS = 100_000


def open_regular_file(path: str | os.PathLike[str], max_bytes: int = MAX_FILE_BYTES) -> BinaryIO:
    """A regular file opened for reading in binary, refusing anything else before reading.

    A FIFO, a device or a socket is refused on its ``stat`` (so ``/dev/zero`` is never
    read and a FIFO never blocks); the file is then opened without blocking and checked
    again on its descriptor, in case it was swapped between the two. Every reader of a
    file the user names opens it here: the table and JSON loaders, workbooks, RCTab files
    and ballots.
    """
    shown = str(path)
    try:
        _check_regular(os.stat(path), shown, max_bytes)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
        try:
            _check_regular(os.fstat(descriptor), shown, max_bytes)
        except BaseException:
            os.close(descriptor)
            raise
        return open(descriptor, "rb", closefd=True)
    except OSError as error:
        raise _read_error(shown, error) from None


def read_file_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes (see :func:`open_regular_file`), at most :data:`MAX_FILE_BYTES`."""
    shown = str(path)
    with open_regular_file(path) as stream:
        try:
            size = os.fstat(stream.fileno()).st_size
            # read(n) sets n bytes aside before reading: ask for the size the file says
            # it has, then go on in small steps in case it grows (or its size is 0, as
            # files of /proc say) up to one byte over the limit.
            data = stream.read(size + 1)
            if len(data) > size:
                grown = bytearray(data)
                while len(grown) <= MAX_FILE_BYTES:
                    chunk = stream.read(min(2**20, MAX_FILE_BYTES + 1 - len(grown)))
                    if not chunk:
                        break
                    grown += chunk
                data = bytes(grown)
        except OSError as error:
            raise _read_error(shown, error) from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(shown, len(data))
    return data


def _read_error(shown: str, error: OSError) -> LoadError:
    """The LoadError that says why a file could not be read."""
    if isinstance(error, FileNotFoundError):
        return LoadError(shown, "no such file")
    if isinstance(error, PermissionError):
        return LoadError(shown, "permission denied: the file cannot be read")
    if isinstance(error, IsADirectoryError):
        return LoadError(shown, "this is a folder, not a file")
    return LoadError(shown, f"the file cannot be read ({error.strerror or error})")


def _check_regular(status: os.stat_result, shown: str, max_bytes: int = MAX_FILE_BYTES) -> None:
    mode = status.st_mode
    if stat.S_ISREG(mode):
        if status.st_size > max_bytes:
            raise _too_large(shown, status.st_size, max_bytes)
        return
    if stat.S_ISDIR(mode):
        raise LoadError(shown, "this is a folder, not a file")
    kind = (
        "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise LoadError(shown, f"this is {kind}, not a file a contest can be read from")


def long_file_too_large(shown: str, size: int, limit: int = MAX_LONG_FILE_BYTES) -> LoadError:
    """The refusal of a long file over :data:`MAX_LONG_FILE_BYTES`, said alike by its readers."""
    return LoadError(
        shown,
        f"the file is {size / 2**20:,.0f} MB, larger than the {limit // 2**20:,} MB "
        "a long results file may be",
    )


def _too_large(shown: str, size: int, limit: int = MAX_FILE_BYTES) -> LoadError:
    return LoadError(
        shown,
        f"the file is {size / 2**20:,.0f} MB, larger than the {limit // 2**20:,} MB a results file may be",
    )


# --- delimited tables ----------------------------------------------------------------------


class _GuardedLines:
    """The lines of a text for the csv module, refusing a row that would be too wide.

    The csv module builds a whole row in C before handing it over, so a 200 MB line of
    commas would become a hundred million strings before anyone could count them. Here
    each line's delimiters are counted as it is fed (the cells of a row are at most its
    delimiters plus one), and the reader is stopped before it builds a row of more than
    :data:`MAX_ROW_DELIMITERS`.
    """

    def __init__(self, lines: Iterable[str], delimiter: str, source: str, first_line: int = 1) -> None:
        self.lines = lines
        self.delimiter = delimiter
        self.source = source
        self.line = first_line - 1
        self.pending = 0
        self.row_line = first_line

        #: The line last fed to the reader: where a cell too large is, when the row starts on it.
        self.last = ""

    def row_done(self) -> None:
        self.pending = 0
        self.row_line = self.line + 1

    def __iter__(self) -> Iterator[str]:
        delimiter = self.delimiter
        for line in self.lines:
            self.line += 1
            self.pending += line.count(delimiter)
            if self.pending > MAX_ROW_DELIMITERS:
                shown = "tab" if delimiter == "\t" else repr(delimiter)
                raise LoadError(
                    self.source,
                    f"a row holds more than {MAX_ROW_DELIMITERS:,} delimiters ({shown}); a results table has at "
                    f"most {MAX_TABLE_COLUMNS:,} columns",
                    f"line {self.row_line}",
                )
            self.last = line
            yield line



def text_lines(text: str) -> Iterator[str]:
    """The lines of a text as the csv module splits them, each with its ending.

    Lines are sliced one at a time: a ``StringIO`` would hold four bytes per character.
    Where no CR stands alone, splitting at LF is splitting at every line ending, so a text
    read in blocks of whole lines (:mod:`.long_stream`) is split the same way.
    """
    if text.count("\r") > text.count("\r\n"):
        # Lines ended by a lone CR (old Mac files): StringIO splits them as csv expects.
        yield from io.StringIO(text, newline="")
        return
    find = text.find
    size = len(text)
    start = 0
    while start < size:
        end = find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


def excel_separator(text: str) -> tuple[str | None, str]:
    """Excel's ``sep=;`` first line: the delimiter it declares, and the text without it.

    Excel writes (and reads) that line to say which delimiter the file uses; it is no
    row of the table. The line's text is removed but its line ending kept, so that every
    line number said in a message is still the file's.
    """
    if text[:4].casefold() != "sep=":
        return None, text
    end = len(text)
    for ending in ("\r", "\n"):
        found = text.find(ending, 0, 8)
        if found >= 0:
            end = min(end, found)
    declared = text[4:end]
    if len(declared) != 1:
        return None, text
    return declared, text[end:]


def table_rows(
    text: str | Iterable[str],
    source: str,
    delimiter: str = ",",
    *,
    strict: bool = True,
    kind: str = "CSV",
    max_rows: int | None = None,
    max_cells: int = MAX_TABLE_CELLS,
    first_line: int = 1,
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` for each row of a delimited text, within the table limits.

    Raises :class:`LoadError` for a row wider than :data:`MAX_TABLE_COLUMNS`, a table of
    more than ``max_cells`` cells (:data:`MAX_TABLE_CELLS` unless the reader keeps its cells
    more compactly) or ``max_rows`` rows (for a table of one row per category), a cell over :data:`MAX_CELL_CHARS` and text that is not valid CSV,
    each with the line where it happens. ``text`` is the whole text, or its lines as
    :func:`text_lines` splits them (a file read a block at a time), the first of which is
    the file's line ``first_line``.
    """
    csv.field_size_limit(MAX_CELL_CHARS)
    lines = _GuardedLines(text_lines(text) if isinstance(text, str) else text, delimiter, source, first_line)
    reader = csv.reader(lines, delimiter=delimiter, strict=strict)
    cells = 0
    rows = 0
    try:
        for row in reader:
            rows += 1
            if max_rows is not None and rows > max_rows:
                raise LoadError(
                    source,
                    f"the table has more than {max_rows:,} rows, more than a results table of this kind may have",
                    f"line {lines.row_line}",
                )
            if len(row) > MAX_TABLE_COLUMNS:
                raise LoadError(
                    source,
                    f"a row has {len(row):,} cells, more than the {MAX_TABLE_COLUMNS:,} a results table may have",
                    f"line {lines.row_line}",
                )
            cells += len(row)
            if cells > max_cells:
                raise LoadError(
                    source,
                    f"the table has more than {max_cells:,} cells, more than a results file may have; "
                    "keep only the contest you need (a filter, or one file per contest)",
                    f"line {lines.row_line}",
                )
            yield lines.row_line, row
            lines.row_done()
    except csv.Error as error:
        line = reader.line_num + first_line - 1
        row_text = lines.last if lines.row_line == lines.line else None  # a row of one line
        raise csv_refusal(error, source, line, kind, row_text, delimiter) from None


def plain_block_rows(block: str, delimiter: str) -> list[list[str]] | None:
    """The rows of a block of whole lines at the csv module's own speed, or None where one of
    :func:`table_rows`'s checks might fail in it: more delimiters than a row may hold (so
    none of its rows can), a row wider than :data:`MAX_TABLE_COLUMNS`, a cell over
    :data:`MAX_CELL_CHARS`, text that is not CSV, or a quoted cell the block's end cuts (the
    csv module, strict, refuses it; the line-by-line reader reads it whole)."""
    if len(block) > MAX_ROW_DELIMITERS and block.count(delimiter) > MAX_ROW_DELIMITERS:
        return None
    csv.field_size_limit(MAX_CELL_CHARS)
    # The lines as a StringIO splits them (at LF, CRLF and CR); splitlines is quicker, and
    # splits at the same places where the block holds no CR and no other line boundary
    # (form feed, U+2028...): then it makes one line per LF, as counted.
    split = block.splitlines(True)
    same = "\r" not in block and len(split) == block.count("\n") + (not block.endswith("\n"))
    lines: Iterable[str] = split if same else io.StringIO(block, newline="")
    try:
        rows = list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    if rows and max(map(len, rows)) > MAX_TABLE_COLUMNS:
        return None
    return rows


#: Characters of text parsed at once by :func:`plain_table_rows` (whole lines).
PLAIN_BLOCK_CHARS = 64 * 1024


def plain_table_rows(
    text: str,
    delimiter: str = ",",
    *,
    max_cells: int = MAX_TABLE_CELLS,
    progress: Callable[[int, int], None] | None = None,
    block_chars: int = PLAIN_BLOCK_CHARS,
) -> list[list[str]] | None:
    """Every row of ``text`` at the csv module's own speed, or None where one of
    :func:`table_rows`'s checks might fail; that function then reads the text line by line,
    and says what is wrong and where.

    The text goes in blocks of whole lines (:func:`plain_block_rows`); a table over
    ``max_cells`` cells gives None too. The rows are those :func:`table_rows` gives (it
    parses the same lines with the same reader), blank ones included.
    ``progress(done, total)`` is told after each block how many characters are read;
    ``block_chars`` is the size of a block (a test makes it small, to cut cells and rows).
    """
    rows: list[list[str]] = []
    cells = 0
    size = len(text)
    start = 0
    while start < size:
        end = text.find("\n", start + block_chars)
        end = size if end < 0 else end + 1
        part = plain_block_rows(text[start:end], delimiter)
        if part is None:
            return None
        cells += sum(map(len, part))
        if cells > max_cells:
            return None
        rows += part
        start = end
        if progress is not None:
            progress(start, size)
    return rows


def csv_error_message(error: csv.Error) -> str:
    """The csv module's error said for a person: a giant cell is named as such."""
    if _is_cell_too_large(error):
        return f"a cell is larger than {MAX_CELL_CHARS // 1024} KB; no results file has cells that large"
    return str(error)


def _is_cell_too_large(error: csv.Error) -> bool:
    return "field larger than field limit" in str(error)


def csv_refusal(
    error: csv.Error, source: str, line: int, kind: str = "CSV", row_text: str | None = None, delimiter: str = ",",
) -> LoadError:
    """The LoadError every csv reader raises for ``error`` met on ``line``: "not a valid
    CSV: a cell is larger than 64 KB...", with the cell's column where ``row_text`` (the
    text of the row, when it is one line) shows which cell it is."""
    place = f"line {line}"
    if row_text is not None and _is_cell_too_large(error):
        column = large_cell_column(row_text, delimiter)
        if column is not None:
            place += f", column {column}"
    return LoadError(source, f"not a valid {kind}: {csv_error_message(error)}", place)


def refusing_csv_errors(reader: Iterator[list[str]], source: str, kind: str = "CSV") -> Iterator[list[str]]:
    """The rows of a ``csv.reader``, its errors raised as :func:`csv_refusal`'s LoadError
    (for readers of small files that need not go through :func:`table_rows`)."""
    try:
        yield from reader
    except csv.Error as error:
        raise csv_refusal(error, source, getattr(reader, "line_num", 0), kind) from None


def large_cell_column(row_text: str, delimiter: str = ",") -> int | None:
    """The 1-based column of the first cell of a one-line row larger than
    :data:`MAX_CELL_CHARS`, read as the csv module reads quotes; None if there is none.
    A few ``str.find`` calls per cell: a line of megabytes is crossed in milliseconds."""
    size = len(row_text.rstrip("\r\n"))
    start, column = 0, 1
    while start <= size:
        end = start
        if row_text.startswith('"', start):
            end = start + 1
            while True:  # to the closing quote; a doubled quote is a quote inside the cell
                quote = row_text.find('"', end, size)
                if quote < 0:
                    end = size
                    break
                if row_text.startswith('""', quote):
                    end = quote + 2
                    continue
                end = quote + 1
                break
        stop = row_text.find(delimiter, end, size)
        stop = size if stop < 0 else stop
        if stop - start > MAX_CELL_CHARS:
            return column
        start, column = stop + 1, column + 1
    return None


# --- contests ------------------------------------------------------------------------------


def check_contest_size(
    source: str,
    categories: int,
    candidates: int,
    place: str | None = None,
    *,
    max_categories: int = MAX_CATEGORIES,
    max_cells: int = MAX_CONTEST_CELLS,
) -> None:
    """Refuse a contest too large to hold, before its grid of counts is built."""
    if candidates > MAX_CANDIDATES:
        raise LoadError(source, f"the contest has {candidates:,} candidates, more than the {MAX_CANDIDATES:,} accepted", place)
    if categories > max_categories:
        raise LoadError(source, f"the contest has {categories:,} categories, more than the {max_categories:,} accepted", place)
    if categories * candidates > max_cells:
        raise LoadError(
            source,
            f"the contest has {categories:,} categories x {candidates:,} candidates = {categories * candidates:,} counts, "
            f"more than the {max_cells:,} accepted; keep only the contest you need",
            place,
        )


def check_text_length(source: str, text: str | None, what: str, limit: int, place: str | None = None) -> None:
    """Refuse a title or note longer than its limit (a chart cannot print a 90 MB title)."""
    if text is not None and len(text) > limit:
        raise LoadError(source, f"the {what} is {len(text):,} characters long; at most {limit:,} are accepted", place)


def check_json_size(stripped: str, source: str) -> None:
    """Refuse a JSON text that would make more values than a contest can hold.

    ``stripped`` is the JSON with its strings cut out, so that every comma and bracket
    left is structure: the values are at most the commas plus the brackets plus one.
    """
    containers = stripped.count("[") + stripped.count("{")
    if containers > MAX_JSON_CONTAINERS:
        raise LoadError(
            source,
            f"the JSON holds {containers:,} objects and lists, more than the {MAX_JSON_CONTAINERS:,} "
            "a contest file may have",
        )
    values = stripped.count(",") + containers + 1
    if values > MAX_JSON_VALUES:
        raise LoadError(
            source,
            f"the JSON holds some {values:,} values, more than the {MAX_JSON_VALUES:,} a contest file may have",
        )


__all__ = [
    "MAX_CANDIDATES",
    "MAX_CATEGORIES",
    "MAX_CELL_CHARS",
    "MAX_CONTEST_CELLS",
    "MAX_FILE_BYTES",
    "MAX_JSON_CONTAINERS",
    "MAX_JSON_VALUES",
    "MAX_LONG_FILE_BYTES",
    "MAX_NOTE_CHARS",
    "MAX_ROW_DELIMITERS",
    "MAX_SHEET_CATEGORIES",
    "MAX_SHEET_CELLS",
    "MAX_TABLE_CELLS",
    "MAX_TABLE_COLUMNS",
    "MAX_TITLE_CHARS",
    "check_contest_size",
    "check_json_size",
    "check_text_length",
    "csv_error_message",
    "csv_refusal",
    "excel_separator",
    "large_cell_column",
    "long_file_too_large",
    "open_regular_file",
    "read_file_bytes",
    "refusing_csv_errors",
    "table_rows",
    "text_lines",
]
