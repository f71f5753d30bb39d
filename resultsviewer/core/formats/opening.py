"""Which reader opens a file, decided once, on one read of its bytes.

A native contest file and our own spreadsheet CSV are read as they are; any other table
is parsed and handed back for the user to confirm its shape (the import dialog). The
window, the import dialog and a reload all come through :func:`open_contest_file`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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
from .delimited import ImportOptions, Table, read_table
from .importing import Guess, guess_import_options, is_spreadsheet_csv
from .rctab import rounds_contest
from .workbook import Sheet, is_workbook_path, read_workbook_sheets, sniff_workbook

#: How many rows the layout guess looks at.
GUESS_ROWS = 200


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

    def origin(self) -> Origin:
        return Origin(self.path, self.file_format, self.path.name, self.import_options, self.import_notes)


def open_contest_file(path: str | os.PathLike[str], progress: ProgressCallback | None = None) -> Opening:
    """Read ``path`` once and route it to its reader; raises LoadError naming the file.

    Native JSON (by extension, else by content), our spreadsheet CSV and a contest decided
    in rounds (RCTab configurations and reports, ballots CSVs) come back as a contest; any
    other table comes back parsed, and a workbook as its sheets, with no contest, for the
    import dialog.

    ``progress(done_bytes, total_bytes)`` is told how far the read has got, every few
    thousand rows; it may raise :class:`~resultsviewer.core.progress.Cancelled` to stop it.
    """
    bar = FileProgress(progress, _file_size(path) if progress is not None else 0)
    if is_workbook_path(path) and sniff_workbook(path).kind != "text":
        with bar.step(1.0):
            sheets = read_workbook_sheets(path)
        return Opening(Path(path), sheets=sheets)
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
    guess = guess_import_options(table.header, table.rows[:GUESS_ROWS])
    if guess.options.layout == "spreadsheet":
        with bar.step(0.0):  # rare: a spreadsheet the quick look did not know
            contest = loads(data, source, SPREADSHEET_CSV)
        return Opening(Path(path), contest, SPREADSHEET_CSV)
    bar.finish()
    return Opening(Path(path), table=table, guess=guess)


__all__ = ["GUESS_ROWS", "Opening", "Origin", "open_contest_file"]
