"""Which reader opens a file, decided once, on one read of its bytes.

A native contest file and our own spreadsheet CSV are read as they are; any other table
is parsed and handed back for the user to confirm its shape (the import dialog). The
window, the import dialog and a reload all come through :func:`open_contest_file`.

A table of :data:`HEAD_MIN_BYTES` or more is not read whole here: only its head (the
first :data:`HEAD_BYTES`, cut after a whole row) is parsed, for the dialog's preview and
the layout guess, and the contest is then imported from the path by
:func:`~resultsviewer.core.formats.import_contest` (out of core for a long file), so that
a file larger than memory opens in the window as on the command line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..contest import Contest
from ..progress import FileProgress, ProgressCallback
from . import (
    NATIVE,
    READ_SHARE,
    SPREADSHEET_CSV,
    FileFormat,
    _file_size,
    _sniff,
    format_for_path,
    loads,
    read_bytes,
    read_large_spreadsheet,
)
from .limits import LARGE_TABLE_BYTES, LARGE_TABLE_HEAD_BYTES, open_regular_file

if TYPE_CHECKING:
    from .delimited import ImportOptions, Table
    from .importing import Guess
    from .workbook import Sheet

#: How many rows the layout guess looks at.
GUESS_ROWS = 200

#: A table this large is opened by its head, and imported from its path. Measured on
#: generated OpenElections files (benchmarks/long_tally.py's): parsing a 4 MB file whole
#: takes 1.4 s and 46 MB of Python objects, and each preview of a choice in the dialog
#: 0.2-0.5 s in the window's thread (16 MB: 6.4 s, 184 MB, 0.7-1.6 s a choice); a 1 MB
#: head parses in 0.4 s and previews in 0.05-0.1 s. It is the size from which the command
#: line hands a long file to DuckDB (long_engine.ENGINE_MIN_BYTES), so that the window and
#: the command line read the same files the same way.
HEAD_MIN_BYTES = LARGE_TABLE_BYTES

#: The head of a large table that is parsed for the dialog: what the engine reads for a
#: file's header and delimiter, some 17,000 rows of an OpenElections file.
HEAD_BYTES = LARGE_TABLE_HEAD_BYTES

#: Any size: a large table's head is read whatever the file's size; the import that
#: follows applies the limits of the reader that takes the file.
_ANY_SIZE = 2**62


@dataclass(frozen=True)
class Origin:
    """Where a document's contest came from, and where Save may write it back."""

    #: The file it was read from (None: new, an example, or restored without a file).
    path: Path | None = None
    #: The format ``path`` holds the contest in, when Save may write it back there; None for an
    #: imported table, which Save must never overwrite with a file of another shape.
    file_format: FileFormat | None = None
    #: What the title shows.
    name: str = "Untitled"
    #: The choices an import made (guessed or the user's), and what it left out or merged.
    import_options: ImportOptions | None = None
    import_notes: tuple[str, ...] = field(default=())

    @property
    def save_path(self) -> Path | None:
        """Where Save writes without asking: the file itself, when it holds a format we write."""
        if self.path is None or self.file_format is None or format_for_path(self.path) is not self.file_format:
            return None
        return self.path


@dataclass(frozen=True)
class Opening:
    """A file read once: its contest, or the table whose shape the user must confirm."""

    path: Path
    contest: Contest | None = None
    file_format: FileFormat | None = None
    table: Table | None = None
    #: What the layout guess concluded about ``table`` (the import dialog starts from it).
    guess: Guess | None = None
    #: A workbook's sheets, for the import dialog to find the table on one (no contest, no table).
    sheets: list[Sheet] | None = None
    #: For an imported table: the choices the import made and what it left out or merged.
    import_options: ImportOptions | None = None
    import_notes: tuple[str, ...] = field(default=())
    #: When ``table`` is only the head of a large file: the file's size in bytes. Nothing
    #: may then claim to show the whole table, and the contest is imported from the path
    #: (:func:`~resultsviewer.core.formats.import_contest`), never from ``table``.
    head_of_bytes: int | None = None

    @property
    def is_head(self) -> bool:
        """True when ``table`` holds only the first rows of the file."""
        return self.head_of_bytes is not None

    def origin(self) -> Origin:
        return Origin(self.path, self.file_format, self.path.name, self.import_options, self.import_notes)


def open_contest_file(path: str | os.PathLike[str], progress: ProgressCallback | None = None) -> Opening:
    """Read ``path`` once and route it to its reader; raises LoadError naming the file.

    Native JSON (by extension, else by content), our spreadsheet CSV and a contest decided
    in rounds (RCTab configurations and reports, ballots CSVs) come back as a contest; any
    other table comes back parsed, and a workbook as its sheets, with no contest, for the
    import dialog. A table of :data:`HEAD_MIN_BYTES` or more comes back as its head
    (:attr:`Opening.is_head`; see :func:`table_head`), whatever its size.

    ``progress(done_bytes, total_bytes)`` is told how far the read has got, every few
    thousand rows; it may raise :class:`~resultsviewer.core.progress.Cancelled` to stop it.
    """
    # The readers are imported when a file is opened, not with the window that may open one.
    from .delimited import read_table
    from .importing import guess_import_options, is_spreadsheet_csv, refuse_cast_vote_records
    from .rctab import rounds_contest
    from .workbook import is_workbook_path, read_workbook_sheets, sniff_workbook

    size = _file_size(path)
    bar = FileProgress(progress, size if progress is not None else 0)
    if is_workbook_path(path) and sniff_workbook(path).kind != "text":
        with bar.step(1.0):
            sheets = read_workbook_sheets(path)
        return Opening(Path(path), sheets=sheets)
    if size >= HEAD_MIN_BYTES:
        # A large table of another shape than ours: its head for the dialog, whatever its size.
        with bar.step(0.0):
            head = table_head(path)
        if head is not None:
            bar.finish()
            return head
    # The fast path may leave the file to the exact reader part way.
    large = bar.attempted(lambda: read_large_spreadsheet(path))
    if large is not None:
        return Opening(Path(path), large, SPREADSHEET_CSV)
    with bar.step(READ_SHARE):
        data = read_bytes(path)
    source = str(path)
    # Most files are told apart from a tabulator's at a glance: this pass takes no share.
    with bar.step(0.0):
        rounds = rounds_contest(data, source)
    if rounds is not None:
        bar.finish()
        # Read from a tabulator's files: Save asks where (a native file keeps the rounds).
        return Opening(Path(path), rounds)
    chosen = format_for_path(path) or (NATIVE if _sniff(data) is NATIVE else None)
    if chosen is NATIVE:
        with bar.step(1.0 - READ_SHARE):
            contest = loads(data, source, NATIVE)
        return Opening(Path(path), contest, NATIVE)
    # Our own spreadsheet CSV has nothing to choose: open it as it is, parsed once.
    if is_spreadsheet_csv(data):
        with bar.step(1.0 - READ_SHARE):
            contest = loads(data, source, SPREADSHEET_CSV)
        return Opening(Path(path), contest, SPREADSHEET_CSV)
    with bar.step(1.0 - READ_SHARE):
        table = read_table(data, source)
    # A cast vote record has no shape to confirm: refused here, not offered in the dialog.
    refuse_cast_vote_records(table)
    guess = guess_import_options(table.header, table.rows[:GUESS_ROWS])
    # Our spreadsheet is comma-separated: a tab or semicolon table headed 'category' goes
    # to the dialog, whose import reads it as a wide table (the spreadsheet reader would
    # refuse its first line whole as a header not 'category').
    if guess.options.layout == "spreadsheet" and table.delimiter == ",":
        with bar.step(0.0):  # rare: a spreadsheet the quick look did not know
            contest = loads(data, source, SPREADSHEET_CSV)
        return Opening(Path(path), contest, SPREADSHEET_CSV)
    bar.finish()
    return Opening(Path(path), table=table, guess=guess)


def table_head(path: str | os.PathLike[str]) -> Opening | None:
    """A large table opened by its head: the first :data:`HEAD_BYTES` cut after the last
    whole row, parsed, with the layout guess; None for a file that is not such a table
    (native JSON, our spreadsheet CSV, a tabulator's file, one long line), which is then
    read as any file is. Raises LoadError where the head itself cannot be read (not UTF-8
    text, a binary file, a row too wide): the whole file cannot be either.
    """
    from .ballots import looks_like_ballots
    from .delimited import read_table
    from .importing import guess_import_options, is_spreadsheet_csv, refuse_cast_vote_records
    from .rctab import is_rctab_report_csv

    source = str(path)
    if format_for_path(path) is NATIVE:
        return None
    with open_regular_file(path, _ANY_SIZE) as stream:  # a FIFO or a device refused before reading
        size = os.fstat(stream.fileno()).st_size
        head = stream.read(HEAD_BYTES)
    if len(head) < HEAD_BYTES or size <= len(head):
        return None  # smaller than it said: read as any file
    if _sniff(head) is NATIVE or is_rctab_report_csv(head) or looks_like_ballots(head) or is_spreadsheet_csv(head):
        return None
    rows = _whole_rows(head)
    if rows is None:
        return None
    table = read_table(rows, source)
    table.head_only = True
    refuse_cast_vote_records(table)
    guess = guess_import_options(table.header, table.rows[:GUESS_ROWS])
    if guess.options.layout == "spreadsheet":
        return None
    return Opening(Path(path), table=table, guess=guess, head_of_bytes=size)


def _whole_rows(head: bytes) -> bytes | None:
    """``head`` up to the end of its last whole row: cut after a newline that is outside a
    quoted cell (the quotes before it are paired); None when it holds no line end."""
    end = head.rfind(b"\n")
    last = end
    # A quoted cell may hold a newline: step back while the cut would fall inside one.
    while end >= 0 and head.count(b'"', 0, end) % 2:
        end = head.rfind(b"\n", 0, end)
    if end < 0:
        end = last  # quotes unpaired throughout: the reader says where, as it would on the whole file
    return head[: end + 1] if end >= 0 else None


__all__ = ["GUESS_ROWS", "HEAD_BYTES", "HEAD_MIN_BYTES", "Opening", "Origin", "open_contest_file", "table_head"]
