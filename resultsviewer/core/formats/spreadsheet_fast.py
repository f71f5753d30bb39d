"""The fast path of the spreadsheet CSV reader: a large plain file in blocks, its counts parsed by numpy.

A plain file - UTF-8, no quotes, a header of ``category`` and candidates only, the last
row perhaps a Total - is what machines write, and what a million-precinct file is. Its
bytes are read a block of lines at a time; a block whose names and counts pass a few
checks over the whole block at once (every count plain digits, every name as the
contest keeps it) has its counts parsed by numpy straight into the contest's array. A
block that does not pass is read line by line by the exact reader's own row code
(:class:`.spreadsheet.Sheet`), so a messy number or a withheld ``*`` costs only its block.

Whatever this path does not read exactly as the exact reader would - a quoted cell, an
error anywhere, a duplicate name - makes it give up (return None) and the exact reader
reads the whole file, so that every contest and every message is the same whichever
path a file takes. tests/core/formats/test_spreadsheet_fast.py holds both to that.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..contest import Contest, Declared, PlainNames
from ..count_table import CountTable
from ..counts import AtLeast
from ..errors import ContestError, LoadError
from ..progress import blocks_with_progress
from .limits import MAX_CELL_CHARS, MAX_SHEET_CATEGORIES, MAX_SHEET_CELLS, MAX_TABLE_COLUMNS, open_regular_file
from .spreadsheet import TOTAL_ROW, Sheet

if TYPE_CHECKING:
    import numpy

#: Lines are checked and parsed about this many bytes at a time: enough lines that numpy's
#: passes over them cost far more than its calls, few enough that the block's working arrays
#: (some 10 bytes for each byte of the block) stay small beside the contest (measured:
#: 1 MB blocks took 7 MB more at the peak on 100,000 x 20, and no less time).
BLOCK_BYTES = 256 << 10
_NARROW_MAX = 2**31 - 1


def fast_loads(data: bytes, source: str) -> Contest | None:
    """The contest of a plain spreadsheet CSV's bytes, or None for the exact reader to read instead."""
    return _read(lambda offset, size: data[offset:offset + size], len(data), source)


def fast_read(path: str | os.PathLike[str], source: str) -> Contest | None:
    """As :func:`fast_loads`, reading the file a block at a time: its bytes are never held
    whole (a 113 MB file would be 113 MB more at the peak). Special files are refused first."""
    with open_regular_file(path) as stream:
        size = os.fstat(stream.fileno()).st_size

        def read_at(offset: int, length: int) -> bytes:
            stream.seek(offset)
            return stream.read(length)

        return _read(read_at, size, source)


def _blocks(read_at: Callable[[int, int], bytes], start: int, end: int) -> Iterator[bytes]:
    """The bytes from ``start`` to ``end`` in blocks of whole lines (the last may end unended)."""
    carry = b""
    position = start
    while position < end:
        chunk = carry + read_at(position, min(BLOCK_BYTES, end - position))
        position += BLOCK_BYTES
        if position >= end:
            if chunk:
                yield chunk
            return
        cut = chunk.rfind(b"\n") + 1
        if cut == 0:
            if len(chunk) > BLOCK_BYTES:
                raise _NotPlain  # a line of megabytes: the exact reader says what it is
            carry = chunk
            continue
        carry = chunk[cut:]
        yield chunk[:cut]


class _NotPlain(Exception):
    """The file is not one the fast path reads: the exact reader reads it."""


def _read(read_at: Callable[[int, int], bytes], size: int, source: str) -> Contest | None:
    try:
        return _read_plain(read_at, size, source)
    except _NotPlain:
        return None


def _read_plain(read_at: Callable[[int, int], bytes], size: int, source: str) -> Contest | None:
    import numpy

    from .ballots import looks_like_ballots

    head = read_at(0, min(size, BLOCK_BYTES))
    start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    header_end = head.find(b"\n", start)
    if header_end < 0 or head[start:start + 4].lower() == b"sep=" or looks_like_ballots(head):
        return None
    try:
        header = head[start:header_end].decode("utf-8").rstrip("\r").split(",")
        sheet = Sheet(1, header, source)
    except (UnicodeDecodeError, LoadError):
        return None
    width = len(sheet.candidate_columns)
    if sheet.attribute_columns or len(header) != width + 1:
        return None
    # The last line that is not blank may be the Total row: it is read apart.
    tail_start = max(header_end + 1, size - 65536)
    tail = read_at(tail_start, size - tail_start).rstrip(b"\r\n")
    last_start = tail.rfind(b"\n") + 1
    if last_start == 0 and tail_start > header_end + 1:
        return None  # a last line of over 64 KB: the exact reader says what it is
    body_end = tail_start + len(tail)
    total_line: bytes | None = None
    if tail[last_start:].split(b",", 1)[0].strip().lower() == TOTAL_ROW.encode():
        total_line = tail[last_start:]
        body_end = tail_start + last_start
    # First pass: what would send the file to the exact reader, and how many lines there are.
    lines_at_most = 0
    carriage_returns = False
    for block in blocks_with_progress(_blocks(read_at, header_end + 1, body_end), body_end - header_end, (0, 0.2)):
        if b'"' in block or b"\x00" in block:
            return None
        crs = block.count(b"\r")
        if crs and crs != block.count(b"\r\n"):
            return None  # lines ended by a lone CR: the exact reader splits them as the csv module does
        carriage_returns = carriage_returns or bool(crs)
        lines_at_most += block.count(b"\n") + (not block.endswith(b"\n"))
    if lines_at_most > MAX_SHEET_CATEGORIES or lines_at_most * width > MAX_SHEET_CELLS:
        return None
    # Second pass: the contest's own array, written in place through a numpy view of it.
    values = array("i", bytes(4 * lines_at_most * width))
    grid = numpy.frombuffer(values, dtype=numpy.int32).reshape(lines_at_most, width) if values else None
    names = PlainNames()
    special: dict[int, AtLeast | None] = {}
    line = 2
    for block in blocks_with_progress(_blocks(read_at, header_end + 1, body_end), body_end - header_end, (0.2, 0.9)):
        # Checked again, as is the room below: a file written to between the two passes
        # is left to the exact reader, which reads it as it now is.
        if b'"' in block or b"\x00" in block or block.count(b"\n") + (not block.endswith(b"\n")) > lines_at_most - len(names):
            return None
        if not block.endswith(b"\n"):
            block += b"\r\n" if carriage_returns else b"\n"
        row = len(names)
        plain = _plain_block(block, width, carriage_returns, numpy) if block.isascii() else None
        if plain is not None:
            block_names, counts = plain
            if counts.size and int(counts.max()) > _NARROW_MAX:
                return None
            grid[row:row + len(block_names)] = counts.reshape(len(block_names), width)  # type: ignore[index]
            names.extend(block_names)
            line += len(block_names)
            continue
        if carriage_returns:
            block = block.replace(b"\r\n", b"\n")
        if b"\r" in block:
            return None  # a lone CR ends a line for the csv module: the exact reader splits it so
        try:
            lines = block.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            return None
        lines.pop()  # after the last line's end
        # Line by line, as the exact reader reads each row; any error is its to report.
        for offset, text_line in enumerate(lines):
            cells = text_line.split(",")
            if len(cells) > MAX_TABLE_COLUMNS:
                return None
            if not "".join(cells).strip():
                continue
            try:
                category, row_counts = sheet.category(line + offset, cells)
            except LoadError:
                return None
            here = len(names)
            for column, value in enumerate(row_counts):
                if value is None:
                    special[here * width + column] = None
                elif value > _NARROW_MAX:
                    return None
            grid[here] = [value or 0 for value in row_counts]  # type: ignore[index]
            names.append(category)  # type: ignore[arg-type]  # checked by the exact reader's own code
        line += len(lines)
    del grid  # the array cannot be resized while numpy looks at it
    del values[len(names) * width:]
    declared = Declared()
    if total_line is not None:
        try:
            declared = sheet.declared(line, total_line.decode("utf-8").rstrip("\r").split(","))
        except (UnicodeDecodeError, LoadError):
            return None
    if not names or TOTAL_ROW in map(str.casefold, names):
        return None
    try:
        return Contest(
            sheet.title(),
            sheet.candidates(),
            names,
            CountTable(values, width, len(names), special),
            source=None,
            declared=declared,
            status=None,
        )
    except ContestError:
        return None  # a duplicate name: the exact reader says where


def _plain_block(block: bytes, width: int, crlf: bool, numpy: Any) -> tuple[list[str], numpy.ndarray] | None:
    """The names and counts of a block of ASCII lines, each ended by a newline (CR LF when
    ``crlf``), when every line is a plain name then ``width`` counts of plain digits; else None.

    Checked and parsed over the block's bytes in numpy, a few passes in C; the only Python
    objects made are the names. A name is plain when the contest keeps it as it is written
    (see :func:`.contest.plain_names`): printable, spaces single and none at either end,
    1 to 500 characters, and not starting with the apostrophe that guards a formula.
    """
    raw = numpy.frombuffer(block, dtype=numpy.uint8)
    newlines = numpy.flatnonzero(raw == ord("\n"))
    if newlines.size == 0:
        return None
    starts = numpy.concatenate(([0], newlines[:-1] + 1))
    ends = newlines - 1 if crlf else newlines  # where each line's text ends
    if crlf and not (raw[ends] == ord("\r")).all():
        return None
    if (ends - starts).max() > MAX_CELL_CHARS:
        return None  # a cell the exact reader refuses may hide in a line this long
    commas = numpy.flatnonzero(raw == ord(","))
    first = numpy.searchsorted(commas, starts)
    if not (numpy.searchsorted(commas, ends) - first == width).all():
        return None  # a line of another number of cells (a blank line among them)
    name_ends = commas[first]
    # No cell is empty (no name, no count): a comma is followed by a digit or a name's
    # first character, and a line starts with neither a comma, a space nor the guard.
    after = raw[commas + 1]
    if ((after == ord(",")) | (after == ord("\r")) | (after == ord("\n"))).any():
        return None
    line_starts = raw[starts]
    if ((line_starts == ord(",")) | (line_starts == ord(" ")) | (line_starts == ord("'"))).any():
        return None
    if (name_ends - starts).max() > 500:
        return None
    # Control characters are the line ends and nothing else (DEL is no printable character).
    if numpy.count_nonzero(raw < 0x20) != newlines.size * (1 + crlf) or (raw == 0x7F).any():
        return None
    # Spaces single, and none before a comma: counts hold none, so these are the names'.
    spaces = numpy.flatnonzero(raw == ord(" "))
    if spaces.size and ((raw[spaces + 1] == ord(" ")) | (raw[spaces + 1] == ord(","))).any():
        return None
    # The counts of every line, joined by commas: digits and those commas only.
    counts_text = b",".join(map(block.__getitem__, map(slice, (name_ends + 1).tolist(), ends.tolist())))
    digits = numpy.frombuffer(counts_text, dtype=numpy.uint8)
    if numpy.count_nonzero((digits - ord("0")) < 10) != digits.size - (newlines.size * width - 1):
        return None
    # One too long to be plain reads as more than fits in four bytes, and the caller gives
    # the file up (numpy saturates a number past int64 rather than wrap it).
    counts = numpy.fromstring(counts_text, dtype=numpy.int64, sep=",")
    if counts.size != newlines.size * width or counts.min() < 0:
        return None
    text = block.decode("ascii")
    return list(map(text.__getitem__, map(slice, starts.tolist(), name_ends.tolist()))), counts
