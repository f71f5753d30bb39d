"""One registry of the file formats a contest can be read from and written to.

A format is chosen by the file's extension, or by its content where the extension says
nothing. Reading never executes anything from a file: JSON and CSV only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from ..contest import Contest
from ..errors import LoadError, SaveError
from ..progress import FileProgress, ProgressCallback
from . import native
from .limits import MAX_FILE_BYTES, open_regular_file, read_file_bytes

if TYPE_CHECKING:
    from .delimited import ImportOptions, ImportResult

# Only the native reader is imported with the registry: the other readers (our CSV, any
# table, workbooks) and the saving code are imported when a file needs them, so that a
# command on a native file (``resultsviewer tally`` of the default contest) starts fast.


@dataclass(frozen=True)
class FileFormat:
    name: str
    label: str
    extensions: tuple[str, ...]
    read: Callable[[bytes, str], Contest]
    write: Callable[[Contest], bytes] | None

    def filter(self) -> str:
        """A Qt file dialog filter: ``Contest (*.results.json *.json)``."""
        return f"{self.label} ({' '.join('*' + ext for ext in self.extensions)})"


def _read_spreadsheet(data: bytes, source: str) -> Contest:
    from . import spreadsheet

    return spreadsheet.loads(data, source)


def _write_spreadsheet(contest: Contest) -> bytes:
    from . import spreadsheet

    return spreadsheet.dumps(contest)


NATIVE = FileFormat("native", "Results Viewer contest", native.EXTENSIONS, native.loads, native.dumps)
#: Its extensions are spreadsheet.EXTENSIONS (tests/commands/test_startup_imports.py checks).
SPREADSHEET_CSV = FileFormat("csv", "Spreadsheet CSV", (".csv",), _read_spreadsheet, _write_spreadsheet)

FORMATS: list[FileFormat] = [NATIVE, SPREADSHEET_CSV]

#: Extensions of the workbooks read by :mod:`.workbook` (.xlsx, .xlsm, .xls, .ods).
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")


#: The first bytes of a workbook: a zip archive (.xlsx, .xlsm, .ods) or an OLE compound file (.xls).
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def is_workbook_path(path: str | os.PathLike[str]) -> bool:
    """Whether a file is read as a workbook: named as one, or, whatever its name (an .xlsx
    saved as ``results.csv``), starting as one does. Only a regular file is looked into."""
    return is_workbook_name(path) or has_workbook_signature(path)


def is_workbook_name(path: str | os.PathLike[str]) -> bool:
    """Whether a file is named as a workbook (.xlsx, .xlsm, .xls, .ods)."""
    return str(path).lower().endswith(WORKBOOK_EXTENSIONS)


def has_workbook_signature(path: str | os.PathLike[str]) -> bool:
    """Whether a regular file starts with a workbook's signature (eight bytes read)."""
    try:
        # A FIFO or a device is refused before it is opened: looking must not block.
        with open_regular_file(path, 2**62) as stream:
            return stream.read(8).startswith(WORKBOOK_SIGNATURES)
    except (LoadError, OSError, ValueError):
        return False  # the reader that takes the file says what is wrong with it


def __getattr__(name: str) -> Any:
    """``ImportOptions`` and ``ImportResult``, re-exported from :mod:`.delimited` when first
    asked for (PEP 562), so that reading a native file does not import the table readers."""
    if name in ("ImportOptions", "ImportResult"):
        from . import delimited

        return getattr(delimited, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Extensions of the files a contest is read from (native, our CSV, any table, workbooks), longest first.
CONTEST_EXTENSIONS = (*native.EXTENSIONS, *SPREADSHEET_CSV.extensions, ".tsv", ".txt", *WORKBOOK_EXTENSIONS)


def contest_file_stem(name: str) -> str:
    """A contest file's name without its extension (``ge2017.results.json`` -> ``ge2017``),
    to name what is made from it: a chart, a saved copy of an imported table."""
    lowered = name.lower()
    for extension in CONTEST_EXTENSIONS:
        if lowered.endswith(extension) and len(name) > len(extension):
            return name[: -len(extension)]
    return name


def suggested_file_stem(name: str) -> str:
    """A file name to offer for a document or a title: its own name without the extension,
    with characters no file system takes replaced by ``-``."""
    cleaned = "".join(ch if ch.isalnum() or ch in " -_." else "-" for ch in contest_file_stem(name)).strip(" .")
    return cleaned or "contest"


def format_named(name: str) -> FileFormat:
    for file_format in FORMATS:
        if file_format.name == name:
            return file_format
    raise KeyError(name)


def format_for_path(path: str | os.PathLike[str]) -> FileFormat | None:
    """The format a file name's extension names, or None."""
    lower = str(path).lower()
    best: tuple[int, FileFormat] | None = None
    for file_format in FORMATS:
        for extension in file_format.extensions:
            if lower.endswith(extension) and (best is None or len(extension) > best[0]):
                best = (len(extension), file_format)
    return best[1] if best else None


def _sniff(data: bytes) -> FileFormat:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return NATIVE if head.startswith((b"{", b"[")) else SPREADSHEET_CSV


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, refusing what cannot be a results file before reading it
    (a folder, a FIFO, a device, a file over the size limit): see :mod:`.limits`."""
    return read_file_bytes(path)


def loads(data: bytes, source: str, file_format: FileFormat | None = None) -> Contest:
    """Read a contest from bytes; ``source`` names it in messages."""
    chosen = file_format or format_for_path(source) or _sniff(data)
    with _limits_as_load_errors(source):
        if file_format is None:
            rounds = _rounds_contest(data, source)
            if rounds is not None:
                return rounds
        return chosen.read(data, source)


def _rounds_contest(data: bytes, source: str) -> Contest | None:
    """RCTab configurations and reports, and ballots CSVs: a contest decided in rounds."""
    from .rctab import rounds_contest

    return rounds_contest(data, source)


def read_large_spreadsheet(path: str | os.PathLike[str], file_format: FileFormat | None = None) -> Contest | None:
    """A large plain spreadsheet CSV read from its path a block at a time, never whole
    (:mod:`.spreadsheet_fast`); None for any other file, which is then read as usual."""
    if (file_format or format_for_path(path)) is not SPREADSHEET_CSV:
        return None
    try:
        size = os.stat(path).st_size
    except OSError:
        return None  # the usual reader says why
    from .spreadsheet import FAST_PATH_BYTES

    if size < FAST_PATH_BYTES:
        return None
    if size > MAX_FILE_BYTES and not _headed_category(path):
        # The fast path would refuse it as too large, unread: a long file past the limit is
        # left to the long engine, which reads files of any size (any other file is refused
        # as too large by the usual reader, with the same message).
        return None
    from .spreadsheet_fast import fast_read

    with _limits_as_load_errors(str(path)):
        return fast_read(path, str(path))


def _headed_category(path: str | os.PathLike[str]) -> bool:
    """True when the file's first cell is ``category``, as in our spreadsheet CSV (the
    first line only is read; a file that cannot be read is left to the reader to say why)."""
    from .limits import open_regular_file

    try:
        with open_regular_file(path, 2**62) as stream:
            head = stream.read(4096)
    except LoadError:
        return True
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].split(b",", 1)[0]
    return first.strip().lower() == b"category"


@contextmanager
def _limits_as_load_errors(source: str) -> Iterator[None]:
    """A reader that runs out of stack or memory on a hostile file says so, naming it."""
    try:
        yield
    except RecursionError:
        raise LoadError(source, "the file is nested too deeply") from None
    except MemoryError:
        raise LoadError(source, "the file is too large to read") from None


def read_contest(
    path: str | os.PathLike[str],
    file_format: FileFormat | None = None,
    *,
    options: ImportOptions | None = None,
    progress: ProgressCallback | None = None,
) -> Contest:
    """Read a contest file in any registered format; raises :class:`LoadError`.

    With ``options`` (even an empty ``ImportOptions()``), a table that is not native JSON
    is imported with those choices, the rest guessed: OpenElections, MEDSL, House of
    Commons Library and any long or wide table (see :mod:`.importing`).

    ``progress(done_bytes, total_bytes)`` is told how far the read has got; it may raise
    :class:`~resultsviewer.core.progress.Cancelled` to stop it (see :mod:`..progress`).
    """
    if options is None and not (file_format is None and is_workbook_path(path)):
        bar = FileProgress(progress, _file_size(path) if progress is not None else 0)
        large = bar.attempted(lambda: read_large_spreadsheet(path, file_format))
        if large is not None:
            return large
        with bar.step(READ_SHARE):
            data = read_bytes(path)
        with bar.step(1.0 - READ_SHARE):
            return loads(data, str(path), file_format)
    return import_contest(path, options, file_format, progress=progress).contest


def import_contest(
    path: str | os.PathLike[str],
    options: ImportOptions | None = None,
    file_format: FileFormat | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Read a contest with import choices, and the notes of what the import did.

    Native JSON is read as it is (the notes are empty); anything else is a table, and a
    workbook (.xlsx, .xlsm, .xls, .ods) the table on one of its sheets. ``progress`` as
    for :func:`read_contest`.
    """
    bar = FileProgress(progress, _file_size(path) if progress is not None else 0)
    if file_format is None and is_workbook_path(path):
        from .importing import import_workbook

        with _limits_as_load_errors(str(path)), bar.step(1.0):
            return import_workbook(path, options)
    from .delimited import ImportOptions, ImportResult

    if options is None or options == ImportOptions():
        sheet = bar.attempted(lambda: read_large_spreadsheet(path, file_format))
        if sheet is not None:
            from ..methods import prepare_imported

            return ImportResult(sheet, ImportOptions(layout="spreadsheet"), prepare_imported(sheet, "spreadsheet"))
    if file_format is None and format_for_path(path) is not NATIVE:
        # A large long file (OpenElections) is tallied by DuckDB, without reading it here;
        # where DuckDB is not installed or steps aside, a chunk of rows at a time.
        from .long_engine import import_large_long_file
        from .long_stream import import_streamed_long_file

        for read_long in (import_large_long_file, import_streamed_long_file):
            with _limits_as_load_errors(str(path)):
                long = bar.attempted(partial(read_long, path, options))
            if long is not None:
                return long
    with bar.step(READ_SHARE):
        data = read_bytes(path)
    source = str(path)
    chosen = file_format or format_for_path(source) or _sniff(data)
    if file_format is None:
        with _limits_as_load_errors(source), bar.step(0.0):
            rounds = _rounds_contest(data, source)
        if rounds is not None:
            bar.finish()
            return ImportResult(rounds, options or ImportOptions(), [])
    with bar.step(1.0 - READ_SHARE):
        if chosen is NATIVE:
            from .importing import refuse_options_for_native

            refuse_options_for_native(source, options)
            return ImportResult(loads(data, source, chosen), options or ImportOptions(), [])
        from .importing import import_table

        with _limits_as_load_errors(source):
            return import_table(data, source, options)


#: The share of a progress bar that reading a file's bytes takes; parsing them takes the rest.
READ_SHARE = 0.05


def _file_size(path: str | os.PathLike[str]) -> int:
    """The file's size for a progress bar; 0 where it cannot be told (reading says why)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def dumps(contest: Contest, file_format: FileFormat) -> bytes:
    if file_format.write is None:
        raise SaveError("", f"{file_format.label} files can be read but not written")
    return file_format.write(contest)


def write_contest(
    contest: Contest, path: str | os.PathLike[str], file_format: FileFormat | None = None
) -> FileFormat:
    """Save atomically in the format the extension names (native by default)."""
    chosen = file_format or format_for_path(path) or NATIVE
    if chosen.write is None:
        raise SaveError(str(path), f"{chosen.label} files can be read but not written")
    from ..atomic import atomic_write

    atomic_write(path, chosen.write(contest))
    return chosen


__all__ = [
    "CONTEST_EXTENSIONS",
    "MAX_FILE_BYTES",
    "contest_file_stem",
    "FORMATS",
    "FileFormat",
    "ImportOptions",
    "ImportResult",
    "import_contest",
    "NATIVE",
    "SPREADSHEET_CSV",
    "WORKBOOK_EXTENSIONS",
    "is_workbook_name",
    "is_workbook_path",
    "format_for_path",
    "format_named",
    "loads",
    "read_bytes",
    "read_contest",
    "read_large_spreadsheet",
    "suggested_file_stem",
    "write_contest",
]
