"""Large long (OpenElections) files read a chunk of rows at a time, in Python, with memory
bounded by the contest rather than by the file.

The whole-file reader holds every cell of a file as a Python string (some 60 bytes a
cell; a file over :data:`~.limits.MAX_FILE_BYTES` is refused unread). DuckDB
(:mod:`.long_engine`) tallies large files out of core, but it is not in every install
(the frozen app leaves it out), and it steps aside for files it does not read exactly
as the Python reader would. Then this module reads them: a :class:`StreamedTable` is a
:class:`~.delimited.Table` whose rows are never held; each pass of the import over its
rows (:meth:`~.delimited.Table.chunks`) reads the file again, a block of bytes and a
chunk of rows at a time, through the same checks as the whole-file reader
(:func:`~.limits.table_rows`, blank, short and ragged rows), and the same import
(:func:`.openelections.import_openelections`, which makes two passes: the contests, then
the chosen contest's tally). What stays in memory is the tally (categories x candidates)
and the distinct values of a few columns, plus one chunk of rows.

Every file both readers can read gives the same contest, notes and messages. Where the
whole-file reader would refuse a file for what it holds before it imports anything (a
byte that is not UTF-8, a zero byte, a quote out of place, a ragged row), so does this
path, even where the import would have refused it first for something else: an import
error found before the first pass has read the whole file waits for that pass.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from collections.abc import Iterator
from itertools import chain, islice
from operator import itemgetter
from typing import BinaryIO

from ..errors import LoadError
from ..progress import advance
from . import limits, openelections
from .delimited import ImportOptions, ImportResult, Table, is_blank_row, line_of_row, ragged_row_message, read_table
from .text import BOM, not_utf8

#: Long files from this size are read here when DuckDB does not read them: the size from
#: which the engine reads them when it can (below it the whole-file reader is as quick).
STREAM_MIN_BYTES = limits.LARGE_TABLE_BYTES

#: Bytes read at a time. Each block is decoded and parsed as a whole: at most 64 KB, so
#: that it cannot hold a row of more delimiters than the limit (:data:`~.limits.MAX_ROW_DELIMITERS`).
BLOCK_BYTES = 2**16

#: Rows handed to the import at a time: some 10 MB of Python strings for a ten-column file.
CHUNK_ROWS = 16_384

#: Bytes of the file read for its header and delimiter, as the engine reads them
#: (the whole-file reader chooses the delimiter from the first 65,536 characters).
HEAD_BYTES = limits.LARGE_TABLE_HEAD_BYTES
_DELIMITER_SAMPLE = 65_536


def import_streamed_long_file(
    path: str | os.PathLike[str], options: ImportOptions | None = None
) -> ImportResult | None:
    """The contest of a large OpenElections file read a chunk of rows at a time, or None
    when another reader is to read it (a small file, another layout, a head this path
    does not read exactly as the whole-file reader would).

    Raises :class:`LoadError` where the whole-file reader would raise the same, or for a
    file it could not read at all (over its size or cell limits).
    """
    from .importing import _collection_paused, import_parsed

    options = options or ImportOptions()
    if options.sheet or options.header_rows or options.data_rows:
        return None  # the import says these are for workbooks
    table = streamed_long_table(path, options)
    if table is None:
        return None
    with _collection_paused():
        try:
            return import_parsed(table, options)
        except LoadError:
            # Refused for what the file holds (a byte that is not UTF-8...) before any
            # import error, as the whole-file reader parses the whole file first.
            table.check_whole_file()
            raise


def streamed_long_table(path: str | os.PathLike[str], options: ImportOptions | None = None) -> StreamedTable | None:
    """A large OpenElections file as a :class:`StreamedTable`, read from its head alone;
    None when another reader is to read it (a small file, another layout, a head this path
    does not read exactly as the whole-file reader would).

    Raises :class:`LoadError` for a long file over :data:`~.limits.MAX_LONG_FILE_BYTES`.
    """
    options = options or ImportOptions()
    source = str(path)
    try:
        status = os.stat(path)
    except OSError:
        return None  # the whole-file reader says why
    if not stat.S_ISREG(status.st_mode) or status.st_size < STREAM_MIN_BYTES:
        return None
    # Any size: a file over the limit is refused below only once it is known to be a long file.
    with limits.open_regular_file(path, sys.maxsize) as stream:
        head = stream.read(HEAD_BYTES)
    table = _head_table(path, source, head, options, status.st_size)
    if table is not None and status.st_size > limits.MAX_LONG_FILE_BYTES:
        raise limits.long_file_too_large(source, status.st_size, limits.MAX_LONG_FILE_BYTES)
    return table


def _head_table(
    path: str | os.PathLike[str], source: str, head: bytes, options: ImportOptions, size: int
) -> StreamedTable | None:
    """The file as a :class:`StreamedTable` when its head is that of an OpenElections file
    the import reads as such; None for anything else."""
    from .ballots import looks_like_ballots
    from .importing import guess_import_options
    from .rctab import is_rctab_report_csv

    if b"\x00" in head or is_rctab_report_csv(head) or looks_like_ballots(head):
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")) or head.removeprefix(BOM)[:4].lower() == b"sep=":
        return None  # JSON; Excel's sep= line (the whole-file reader takes it out of the text)
    whole = len(head) == size
    cut = len(head) if whole else head.rfind(b"\n") + 1
    try:
        parsed = read_table(head[:cut], source, options.delimiter) if cut else None
    except LoadError:
        return None  # the whole-file reader says what is wrong, within its limits
    if parsed is None or not (whole or len(parsed.text) >= _DELIMITER_SAMPLE):
        return None  # the delimiter would be chosen from a shorter sample than the whole file's
    header = parsed.header
    if header[0].strip().casefold() == "category" or not openelections.recognise(header):
        return None
    guess = guess_import_options(header, parsed.rows[:200])
    if options.merged_over(guess.options).layout != "openelections":
        return None
    return StreamedTable(path, source, header, parsed.delimiter, parsed.renamed, size)


class StreamedTable(Table):
    """A table read from its file a chunk of rows at a time, on each pass: :attr:`rows`
    stays empty. Rows are numbered as the whole-file reader numbers them (blank lines are
    no rows, the header is none), and a row's line is found by reading the file again."""

    def __init__(
        self, path: str | os.PathLike[str], source: str, header: list[str], delimiter: str, renamed: list[str], size: int
    ) -> None:
        super().__init__(source, header, [], delimiter, "", renamed)
        self.path = path
        self.size = size
        self._passes = 0
        #: The passes a reader makes over the file, each an equal share of the bar: an
        #: import makes two (the contests, then the tally), a listing of the contests one.
        self.passes = 2
        #: Whether a pass has read the whole file, or stopped on the file's own error.
        self.file_checked = False

    @property
    def held_whole(self) -> bool:
        return False

    def line_of(self, row_index: int) -> int:
        with io.TextIOWrapper(self._open(), encoding="utf-8-sig", newline="") as text:
            return line_of_row(text, self.delimiter, row_index)

    def check_whole_file(self) -> None:
        """Read the whole file unless a pass has: raises the file's own error, if it has one."""
        if not self.file_checked:
            for _ in self.chunks():
                pass

    def chunks(self) -> Iterator[tuple[int, list[list[str]]]]:
        """One pass over the rows, read from the file: ``(index of the first row, rows)``.

        Each row as the whole-file reader makes it: padded to the header when short (and
        :attr:`short_rows` says so for the rows of the chunk handed out), blank lines left
        out. The file's own errors, in the order the whole-file reader finds them: a byte
        that is not UTF-8, then a zero byte, then the first error of the CSV text, then the
        first ragged row.
        """
        number = min(self._passes, self.passes - 1)  # this pass's share of the bar
        self._passes += 1
        width = len(self.header)
        with self._open() as stream:
            decoded = _DecodedBlocks(stream, self.source)
            blocks = decoded.blocks()
            parse_error: LoadError | None = None
            ragged: tuple[int, int] | None = None
            index = 0
            header_seen = False
            try:
                for chunk in self._raw_rows(blocks):
                    if not header_seen:  # the header: the first row that is not blank
                        skip = 0
                        while skip < len(chunk) and is_blank_row(chunk[skip]):
                            skip += 1
                        if skip == len(chunk):
                            continue
                        chunk = chunk[skip + 1:]
                        header_seen = True
                    short: dict[int, int] = {}
                    # Only the irregular rows (blank, short, long) are touched, as read_table does.
                    if not set(map(len, chunk)) <= {width}:
                        chunk, short, ragged_here = _regular_rows(chunk, width, index)
                        ragged = ragged or ragged_here
                    if not chunk:
                        continue
                    self.short_rows = short
                    yield index, chunk
                    index += len(chunk)
                    advance(number * self.size + decoded.bytes_read, self.passes * self.size)
            except LoadError as refused:
                parse_error = refused
                for _ in blocks:  # the rest of the bytes: one that is not UTF-8 is said first
                    pass
            first_error = decoded.error or parse_error
            if first_error is None and ragged is not None:
                self.short_rows = {}
                first_error = self.fail(ragged[0], width - 1, ragged_row_message(ragged[1], width))
            if first_error is not None:
                self.file_checked = True
                raise first_error
        self.short_rows = {}
        self.file_checked = True

    def _raw_rows(self, blocks: Iterator[str]) -> Iterator[list[list[str]]]:
        """The file's rows as :func:`~.limits.table_rows` reads them (blank ones too), in
        chunks of about :data:`CHUNK_ROWS`.

        A block of lines is parsed by the csv module at C speed where no check can fail
        in it: it cannot hold a row of more delimiters than the limit, and its rows end in
        it. At the first block that does not pass (a quoted cell over its last line, a
        cell or a row too large, text that is not CSV), the rest of the file is read by
        :func:`~.limits.table_rows` itself, line by line, which says what is wrong and where.
        """
        delimiter = self.delimiter
        lines_before = 0
        chunk: list[list[str]] = []
        for block in blocks:
            rows = limits.plain_block_rows(block, delimiter)
            if rows is None:  # line by line below, with the place
                if chunk:
                    yield chunk
                lines = chain.from_iterable(io.StringIO(text, newline="") for text in chain((block,), blocks))
                exact = map(itemgetter(1), limits.table_rows(
                    lines, self.source, delimiter, kind="delimited table", max_cells=sys.maxsize, first_line=lines_before + 1,
                ))
                while chunk := list(islice(exact, CHUNK_ROWS)):
                    yield chunk
                return
            chunk += rows
            lines_before += block.count("\n") + block.count("\r") - block.count("\r\n")
            if len(chunk) >= CHUNK_ROWS:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _open(self) -> BinaryIO:
        return limits.open_regular_file(self.path, limits.MAX_LONG_FILE_BYTES)


def _regular_rows(rows: list[list[str]], width: int, first: int) -> tuple[list[list[str]], dict[int, int], tuple[int, int] | None]:
    """A chunk's rows as the whole-file reader keeps them (``first`` is the index of the
    first): blank ones left out, short ones padded, long ones cut where their extra cells
    are empty; with the short rows' cells and the first ragged row (index, cells)."""
    kept: list[list[str]] = []
    short: dict[int, int] = {}
    ragged: tuple[int, int] | None = None
    for row in rows:
        cells = len(row)
        if cells != width:
            if is_blank_row(row):
                continue
            if cells > width:
                if ragged is None and any(cell.strip() for cell in row[width:]):
                    ragged = (first + len(kept), cells)
                del row[width:]
            else:
                short[first + len(kept)] = cells
                row.extend([""] * (width - cells))
        kept.append(row)
    return kept, short, ragged


class _DecodedBlocks:
    """A file's text, a block of whole lines at a time, decoded as the whole-file reader
    decodes it (UTF-8, a byte-order mark dropped); what stopped it is kept in :attr:`error`
    (a byte that is not UTF-8; else a zero byte, said once the rest is known to be UTF-8)."""

    def __init__(self, stream: BinaryIO, source: str) -> None:
        self.stream = stream
        self.source = source
        self.error: LoadError | None = None
        self.bytes_read = 0

    def blocks(self) -> Iterator[str]:
        decode = codecs.utf_8_decode
        pending = b""  # the bytes of a character cut at a block's end
        offset = 0  # the file offset of the block's first byte
        lines_before = line_start = 0  # line feeds before the block; where the line after the last begins
        carry = ""  # the text after the last line feed: a line not yet ended
        zero = False
        while True:
            read = self.stream.read(BLOCK_BYTES)
            data = pending + read if pending else read
            if not self.bytes_read and data.startswith(BOM):
                data, offset = data[3:], 3
            self.bytes_read += len(read)
            final = not read
            try:
                text, used = decode(data, "strict", final)
            except UnicodeDecodeError as error:
                self.error = not_utf8(data, error.start, self.source, offset, lines_before, line_start)
                return
            zero = zero or b"\x00" in data
            lines_before += data.count(b"\n", 0, used)
            last = data.rfind(b"\n", 0, used)
            if last >= 0:
                line_start = offset + last + 1
            offset += used
            pending = data[used:]
            if not zero:
                text = carry + text if carry else text
                cut = len(text) if final else text.rfind("\n") + 1
                carry = text[cut:]
                if cut:
                    yield text[:cut]
                if len(carry) > limits.MAX_FILE_BYTES:
                    # No file the whole-file reader reads has such a line: refused, not held.
                    self.error = LoadError(
                        self.source,
                        f"a line is longer than {limits.MAX_FILE_BYTES // 2**20:,} MB; a results table has no such line",
                        f"line {lines_before + 1}",
                    )
                    return
            if final:
                break
        if zero:
            self.error = LoadError(self.source, "this is a binary file, not text (it holds zero bytes)")


__all__ = ["BLOCK_BYTES", "CHUNK_ROWS", "STREAM_MIN_BYTES", "StreamedTable", "import_streamed_long_file", "streamed_long_table"]
