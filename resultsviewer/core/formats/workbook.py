"""Reading workbooks (.xlsx, .xlsm, .xls, .ods) as rows of typed cells.

One reader for all four formats: python-calamine (Rust's calamine), which reads cached
formula values and never runs a macro (docs/workbooks.md has the comparison that chose
it). Everything above this module (the table import, ballot files) sees plain rows of
Python values and addresses cells as ``Sheet1!C7``.

Before calamine sees a file, :func:`check_workbook` looks at it the cheap way: its first
bytes (a CSV or a web page renamed ``.xls``; an encrypted workbook), its zip directory
(a zip bomb: declared sizes add up to gigabytes) and, for .xlsx, the cells' addresses
(calamine allocates the whole rectangle between the first and the last cell, and a file
of two cells at A1 and XFD1048576 would make it ask for 512 GB and abort the process).

Three things calamine does not say are filled in here: a formula error (``#REF!``), which
python-calamine reads as an empty cell (python-calamine issue 105), is found in the
sheet's XML and kept as a :class:`CellError`; a formula with no saved value (a workbook
written by a script, such as openpyxl, and never opened in a spreadsheet program), which
calamine also reads as an empty cell, is kept as an :class:`UncomputedFormula`; and the
merged ranges, for the table finder to spread a merged header across its columns.
"""

from __future__ import annotations

import datetime
import html
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from ..errors import LoadError
from . import WORKBOOK_EXTENSIONS, is_workbook_path  # the registry's, which names files without importing this
from .limits import open_regular_file
from .text import MAX_FILE_BYTES

#: The most a workbook may unpack to, all parts together: real results workbooks unpack
#: to tens of MB (the 80,101-row ballot file to 17 MB); a zip bomb to gigabytes.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
#: The most cells a sheet's used rectangle may hold (rows x columns): calamine holds the
#: rectangle whole, then Python one object per cell (some 100 bytes each, so about
#: 500 MB at the limit). 80,101 rows x 5 columns is 400,505; a national precinct file
#: of 200,000 rows x 15 columns is 3 million.
MAX_SHEET_CELLS = 5_000_000
#: The most parts a workbook's zip may hold.
MAX_ZIP_ENTRIES = 10_000

#: The error values a formula can leave in a cell (what Excel and LibreOffice show).
ERROR_CODES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "Err:502", "Err:504", "Err:508", "Err:511", "Err:522"}
)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class CellError:
    """A formula's error value (``#REF!``): neither empty nor a number."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula saved without its value (``<f>B2*2</f>`` and no ``<v>``): the program
    that wrote the workbook did not compute it, and nothing here can. Neither empty nor
    a number; ``formula`` is its text (empty for a shared formula's other cells)."""

    formula: str

    def __str__(self) -> str:
        return f"={self.formula}" if self.formula else "(a formula)"

    def refusal(self) -> str:
        """Why the cell cannot be read, and what to do: the message of the LoadError that names it."""
        formula = f" ({self})" if self.formula else ""
        return (f"the cell holds a formula{formula} with no saved value (the program that wrote the workbook did not "
                "compute it); open the workbook in a spreadsheet program, save it, then open it again")


#: A cell's value as read: text, a number, a truth value, a date or time, a formula's
#: error, a formula without its value, or None (empty).
Cell = (
    str | int | float | bool | datetime.date | datetime.datetime | datetime.time | datetime.timedelta
    | CellError | UncomputedFormula | None
)


@dataclass(frozen=True)
class Sheet:
    """One sheet's used range as rows of cells; ``first_row``/``first_column`` are the
    0-based position of ``rows[0][0]`` on the sheet, so addresses stay those Excel shows.

    ``merged`` lists the merged ranges as ``(first_row, first_column, last_row,
    last_column)`` in ``rows`` coordinates; the value sits in the first cell.
    """

    name: str
    rows: list[list[Cell]]
    first_row: int = 0
    first_column: int = 0
    merged: tuple[tuple[int, int, int, int], ...] = field(default=(), compare=False)
    #: The cells holding an :class:`UncomputedFormula`, as ``(row, column)`` in ``rows``
    #: coordinates: found without looking at every cell again.
    uncomputed: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def address(self, row: int, column: int) -> str:
        """``Sheet1!C7`` for the cell at ``rows[row][column]``."""
        return cell_address(self.name, self.first_row + row, self.first_column + column)


def column_letters(column: int) -> str:
    """``A`` for 0, ``Z`` for 25, ``AA`` for 26."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_number(letters: str) -> int:
    """0 for ``A``, 26 for ``AA``: the inverse of :func:`column_letters`."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + (ord(letter) - ord("A") + 1)
    return number - 1


def cell_address(sheet: str, row: int, column: int) -> str:
    """The address a spreadsheet shows for a 0-based row and column: ``Sheet1!C7``."""
    quoted = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{column_letters(column)}{row + 1}"


# --- looking before reading ---------------------------------------------------------------


@dataclass(frozen=True)
class WorkbookKind:
    """What a file named as a workbook really is: ``zip`` (xlsx, xlsm, ods), ``ole``
    (xls), ``text`` (a CSV or TSV renamed) or ``html`` (a web page saved as "Excel")."""

    kind: str


def sniff_workbook(path: str | os.PathLike[str]) -> WorkbookKind:
    """What the first bytes of a file named as a workbook say it is; LoadError if nothing readable."""
    shown = str(path)
    # A FIFO or device named .xlsx is refused before it is opened (reading it would block).
    with open_regular_file(path) as stream:
        try:
            head = stream.read(4096)
        except OSError as error:
            raise LoadError(shown, f"the file cannot be read ({error.strerror or error})") from None
    if not head.strip():
        raise LoadError(shown, "the file is empty")
    if head.startswith(_ZIP_MAGIC):
        return WorkbookKind("zip")
    if head.startswith(_OLE_MAGIC):
        return WorkbookKind("ole")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta", b"<head", b"<body", b"<style")):
        return WorkbookKind("html")
    if b"\x00" not in head:
        return WorkbookKind("text")
    raise LoadError(shown, "not a workbook: the file is neither an Excel nor an OpenDocument spreadsheet (its first bytes are unknown)")


def check_workbook(path: str | os.PathLike[str]) -> WorkbookKind:
    """Refuse, with a message naming the file, what calamine must not be given.

    A web page or a text file named ``.xls`` is refused here only by :func:`read_sheet`
    callers that need a workbook; the table import reads a text file as the CSV it is.
    """
    kind = sniff_workbook(path)
    if kind.kind == "ole":
        _check_ole(path)
    elif kind.kind == "zip":
        _check_zip(path)
    return kind


def _check_ole(path: str | os.PathLike[str]) -> None:
    """An encrypted .xlsx is an OLE file holding an ``EncryptedPackage`` stream."""
    with open(path, "rb") as stream:
        data = stream.read(MAX_FILE_BYTES)
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise LoadError(str(path), "the workbook is password-protected (encrypted); open it in Excel or LibreOffice, "
                                   "remove the password (or save a copy without one) and open that")


def _check_zip(path: str | os.PathLike[str]) -> None:
    """The zip's directory (read without unpacking anything): sizes, entry count, sheet bounds."""
    shown = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise LoadError(shown, f"the workbook holds {len(entries):,} parts, more than the {MAX_ZIP_ENTRIES:,} a workbook may")
            unpacked = sum(entry.file_size for entry in entries)
            if unpacked > MAX_UNPACKED_BYTES:
                raise LoadError(
                    shown,
                    f"the workbook would unpack to {unpacked / 2**20:,.0f} MB, more than the "
                    f"{MAX_UNPACKED_BYTES // 2**20} MB a results workbook may (a zip bomb?)",
                )
            names = {entry.filename for entry in entries}
            if "EncryptedPackage" in names:
                raise LoadError(shown, "the workbook is password-protected (encrypted)")
            if not ({"[Content_Types].xml", "mimetype", "content.xml"} & names):
                raise LoadError(shown, "not a workbook: a zip archive without a spreadsheet's parts")
    except zipfile.BadZipFile as error:
        raise LoadError(shown, f"the workbook is damaged: not a complete zip archive ({error})") from None
    except OSError as error:
        raise LoadError(shown, f"the file cannot be read ({error.strerror or error})") from None


# --- reading ------------------------------------------------------------------------------


def _open(path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
    import python_calamine  # imported here: reading CSV and JSON never pays for it

    shown = str(path)
    kind = check_workbook(path)
    if kind.kind == "html":
        raise LoadError(shown, "this is a web page (HTML) named as a workbook, as some sites serve \"Excel\" files; "
                               "open it in a spreadsheet and save it as .xlsx or CSV")
    if kind.kind == "text":
        raise LoadError(shown, "this is a text file named as a workbook: save it with the .csv extension and open that")
    try:
        return python_calamine.CalamineWorkbook.from_path(shown)
    except FileNotFoundError:
        raise LoadError(shown, "the file does not exist") from None
    except python_calamine.PasswordError:
        raise LoadError(shown, "the workbook is password-protected (encrypted); save a copy without the password and open that") from None
    except Exception as error:  # calamine raises its own types for every broken file
        raise LoadError(shown, f"not a workbook that can be read ({_brief(error)})") from None


def _brief(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


def sheet_names(path: str | os.PathLike[str]) -> list[str]:
    """The names of a workbook's sheets, in order."""
    return list(_open(path).sheet_names)


def read_sheet(path: str | os.PathLike[str], sheet: str | int = 0) -> Sheet:
    """One sheet of a workbook, by name or 0-based number, as rows of cells.

    Empty cells are None (calamine gives ``""``); trailing empty cells stay, so every
    row has the sheet's width. A formula's error value is a :class:`CellError`.
    """
    workbook = _open(path)
    return _read_open_sheet(workbook, path, sheet)


def _sheet_name(workbook, path: str | os.PathLike[str], sheet: str | int) -> str:  # type: ignore[no-untyped-def]
    names = list(workbook.sheet_names)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise LoadError(str(path), f"there is no sheet number {sheet + 1}; it has {len(names)}")
        return names[sheet]
    if sheet in names:
        return sheet
    folded = [n for n in names if n.casefold() == sheet.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    listed = ", ".join(repr(n) for n in names)
    raise LoadError(str(path), f"there is no sheet named {sheet!r}; its sheets are {listed}")


def workbook_format(path: str | os.PathLike[str]) -> str:
    """``xlsx`` (also .xlsm), ``ods`` or ``xls``: what the file is by its content, whatever
    its name (a workbook saved as ``results.csv`` is read as the workbook it is)."""
    kind = sniff_workbook(path).kind
    if kind == "ole":
        return "xls"
    if kind == "zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        if "content.xml" in names and "xl/workbook.xml" not in names:
            return "ods"
        return "xlsx"
    lowered = str(path).lower()
    return "ods" if lowered.endswith(".ods") else "xls" if lowered.endswith(".xls") else "xlsx"


def _read_open_sheet(workbook, path: str | os.PathLike[str], sheet: str | int) -> Sheet:  # type: ignore[no-untyped-def]
    name = _sheet_name(workbook, path, sheet)
    kind = workbook_format(path)
    errors: dict[tuple[int, int], str] = {}
    uncomputed: dict[tuple[int, int], str] = {}
    if kind == "xlsx":
        errors, uncomputed = _scan_xlsx_sheet(path, name)
    elif kind == "xls":
        errors = _scan_xls_sheet(path, name)
    try:
        calamine_sheet = workbook.get_sheet_by_name(name)
        height, width = calamine_sheet.height, calamine_sheet.width
        if height * width > MAX_SHEET_CELLS:
            raise LoadError(str(path), f"sheet {name!r} spans {height:,} rows x {width:,} columns, more than the "
                                       f"{MAX_SHEET_CELLS:,} cells a results sheet may")
        values = calamine_sheet.to_python(skip_empty_area=False)
        merged_ranges = calamine_sheet.merged_cell_ranges or []
    except LoadError:
        raise
    except Exception as error:
        raise LoadError(str(path), f"sheet {name!r} cannot be read ({_brief(error)})") from None
    # Most rows have no empty cell: test each row in C, and rewrite only those that do.
    for row in values:
        if "" in row:
            for index, value in enumerate(row):
                if value == "":
                    row[index] = None
    if kind == "ods":
        # calamine gives an ODS formula's error as its text: keep it an error, not a name.
        for row in values:
            for index, value in enumerate(row):
                if value.__class__ is str and value in ERROR_CODES:
                    row[index] = CellError(value)
    for (row_index, column), code in errors.items():
        if row_index < len(values) and column < len(values[row_index]):
            values[row_index][column] = CellError(code)
    placed = []
    for (row_index, column), formula in sorted(uncomputed.items()):
        # calamine reads such a cell as empty; one it read as a value is left as read.
        if row_index < len(values) and column < len(values[row_index]) and values[row_index][column] is None:
            values[row_index][column] = UncomputedFormula(formula)
            placed.append((row_index, column))
    merged = tuple((top, left, bottom, right) for (top, left), (bottom, right) in merged_ranges)
    return Sheet(name=name, rows=values, merged=merged, uncomputed=tuple(placed))


# What the scan of a sheet's XML looks for. Every writer puts a cell's address first.
#: A cell whose row number has exactly N digits (a search each: no list of every cell).
_ROW_DIGITS = {digits: re.compile(rb'<c r="[A-Z]{1,3}[0-9]{%d}"' % digits) for digits in range(2, 8)}
#: A cell beyond column Z or row 99,999: only then can the rectangle be too large.
_BEYOND_SMALL = re.compile(rb'<c r="(?:[A-Z]{2}|[A-Z][0-9]{6})')
_TWO_LETTER_COLUMN = re.compile(rb'<c r="([A-Z]{2})[0-9]')
_THREE_LETTER_COLUMN = re.compile(rb'<c r="[A-Z]{3}[0-9]')
_CONTENT_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>')
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?\bt="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]*)</v>')
#: A formula cell with no value saved (no ``<v>``, or an empty one that is not a
#: formula's empty text, ``t="str"``): what openpyxl and other scripts write.
_UNCOMPUTED_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>/]*)>\s*(?:<f[^>]*/>|<f[^>]*>([^<]*)</f>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>'
)
_CHUNK = 8 * 1024 * 1024


def _xml_chunks(archive: zipfile.ZipFile, part: str):  # type: ignore[no-untyped-def]
    """A part's XML in pieces of about 8 MB, each cut after a whole cell."""
    with archive.open(part) as stream:
        carry = b""
        while True:
            chunk = stream.read(_CHUNK)
            buffer = carry + chunk
            if not chunk:
                if buffer:
                    yield buffer
                return
            cut = buffer.rfind(b"</c>")
            cut = cut + 4 if cut >= 0 else max(0, len(buffer) - 65536)
            yield buffer[:cut]
            carry = buffer[cut:]


def _scan_xlsx_sheet(
    path: str | os.PathLike[str], name: str,
) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """Refuse a sheet whose used rectangle is too large to hold, and collect its formula
    errors (0-based row, column -> ``#REF!``) and its formulas saved without a value
    (0-based row, column -> the formula's text), reading its XML as a stream.

    Three passes at most, each only where the one before could not decide: one search per
    piece for any cell beyond column Z or row 99,999 (none: the rectangle is small, as in
    the 80,101-row ballot files); then a bound from the longest row number and column
    letters; then the exact rectangle of the cells that hold something (a million
    formatted empty rows are no table, but no reason to refuse one either).
    """
    shown = str(path)
    errors: dict[tuple[int, int], str] = {}
    uncomputed: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, name)
            if part is None:
                return errors, uncomputed
            beyond_small = False
            rows_without_address = 0
            for body in _xml_chunks(archive, part):
                if not beyond_small and _BEYOND_SMALL.search(body):
                    beyond_small = True
                if b'<c r="' not in body:
                    rows_without_address += body.count(b"<row")  # addresses are optional
                if b't="e"' in body:
                    for letters, number, code in _ERROR_CELL.findall(body):
                        errors[(int(number) - 1, column_number(letters.decode()))] = code.decode("utf-8", "replace")
                if b"<f" in body:
                    for letters, number, attributes, formula, empty_value in _UNCOMPUTED_CELL.findall(body):
                        if empty_value and b't="str"' in attributes:
                            continue  # a formula whose value is empty text: computed
                        text = html.unescape(formula.decode("utf-8", "replace"))
                        uncomputed[(int(number) - 1, column_number(letters.decode()))] = text
            if rows_without_address * 26 > MAX_SHEET_CELLS or (beyond_small and _bound(archive, part) > MAX_SHEET_CELLS):
                _check_exact_bounds(archive, part, shown, name)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error) as error:
        raise LoadError(shown, f"the workbook is damaged ({_brief(error)})") from None
    return errors, uncomputed


def _bound(archive: zipfile.ZipFile, part: str) -> int:
    """More cells than the sheet's rectangle can hold: 10**digits rows (the longest row
    number of any cell) by the widest column of any cell."""
    digits, last_column = 1, 0
    for body in _xml_chunks(archive, part):
        for wider in range(7, digits, -1):
            if _ROW_DIGITS[wider].search(body):
                digits = wider
                break
        if last_column < 702 and _THREE_LETTER_COLUMN.search(body):
            last_column = 16383
        elif last_column < 702:
            pairs = set(_TWO_LETTER_COLUMN.findall(body))
            last_column = max(last_column, max((column_number(letters.decode()) for letters in pairs), default=25))
    return 10**digits * (last_column + 1)


def _check_exact_bounds(archive: zipfile.ZipFile, part: str, shown: str, name: str) -> None:
    first_row = first_column = 1 << 30
    last_row = last_column = -1
    for body in _xml_chunks(archive, part):
        cells = _CONTENT_CELL.findall(body)
        if not cells:
            continue
        numbers = [int(number) for _, number in cells]
        columns = [column_number(letters.decode()) for letters in {letters for letters, _ in cells}]
        first_row, last_row = min(first_row, min(numbers) - 1), max(last_row, max(numbers) - 1)
        first_column, last_column = min(first_column, min(columns)), max(last_column, max(columns))
        if (last_row - first_row + 1) * (last_column - first_column + 1) > MAX_SHEET_CELLS:
            raise LoadError(
                shown,
                f"sheet {name!r} has cells as far apart as {column_letters(first_column)}{first_row + 1} and "
                f"{column_letters(last_column)}{last_row + 1}: more than the {MAX_SHEET_CELLS:,} cells a results sheet may span",
            )


def _scan_xls_sheet(path: str | os.PathLike[str], name: str) -> dict[tuple[int, int], str]:
    """The formula errors of an .xls sheet (0-based row, column -> ``#REF!``); none where
    the file's structure cannot be followed (calamine then says what is wrong with it)."""
    from .xls_errors import error_cells

    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES)
        return error_cells(data, name)
    except (OSError, struct.error, IndexError, ValueError):
        return {}


def _sheet_part(archive: zipfile.ZipFile, name: str) -> str | None:
    """The zip part holding the sheet called ``name`` (workbook.xml and its relations)."""
    namespaces = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    relation_id = None
    for sheet in workbook.iter(f"{{{namespaces['m']}}}sheet"):
        if sheet.get("name") == name:
            relation_id = sheet.get(f"{{{namespaces['r']}}}id")
            break
    if relation_id is None:
        return None
    for relation in relations:
        if relation.get("Id") == relation_id:
            target = relation.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            return part if part in archive.namelist() else None
    return None


def read_workbook_sheets(path: str | os.PathLike[str]) -> list[Sheet]:
    """Every sheet of a workbook (the file is opened and checked once)."""
    workbook = _open(path)
    return [_read_open_sheet(workbook, path, index) for index in range(len(workbook.sheet_names))]


__all__ = [
    "ERROR_CODES",
    "MAX_SHEET_CELLS",
    "MAX_UNPACKED_BYTES",
    "WORKBOOK_EXTENSIONS",
    "Cell",
    "CellError",
    "Sheet",
    "UncomputedFormula",
    "WorkbookKind",
    "cell_address",
    "check_workbook",
    "column_letters",
    "column_number",
    "is_workbook_path",
    "read_sheet",
    "read_workbook_sheets",
    "sheet_names",
    "sniff_workbook",
    "workbook_format",
]
