"""Spreadsheet CSV: one row per category, one column per candidate.

    category,Jeremy Corbyn,Owen Smith,electorate
    Members,"168,216","116,960",
    ...
    Total,"313,209","193,229",

The first column is the category (header ``category``, any case). Columns headed
``electorate``, ``weight`` or ``rejected`` (any case) describe the category; every other
column is a candidate. A last row named ``Total`` holds declared totals: it is checked
against the counts, never added to them. Numbers may carry thousands separators as
people type them. UTF-8 with or without BOM, LF or CRLF.
"""

from __future__ import annotations

import csv
import io
import math

from ..contest import Candidate, Category, Contest, Declared, checked_name, is_exact
from ..count_table import CountRows, CountTable
from ..counts import PLAIN_DIGITS_MAX, parse_count
from ..errors import ContestError, CountError, LoadError, SaveError
from .csv_safety import short_row_message, spreadsheet_safe, spreadsheet_unescape
from .limits import (
    MAX_SHEET_CATEGORIES,
    MAX_SHEET_CELLS,
    MAX_TABLE_COLUMNS,
    check_contest_size,
    excel_separator,
    table_rows,
)
from .text import decode_text

EXTENSIONS = (".csv",)
CATEGORY_HEADER = "category"
ATTRIBUTE_HEADERS = ("electorate", "weight", "rejected")
TOTAL_ROW = "total"


def _place(line: int, column: int, header: str | None = None) -> str:
    where = f"line {line}, column {column}"
    return f"{where} ({header})" if header else where


def loads(data: bytes, source: str) -> Contest:
    """Read a spreadsheet CSV; a large plain file takes the fast path (:mod:`.spreadsheet_fast`),
    which gives the same contest or, at the first thing it does not read as plainly, hands
    the whole file to the exact reader here, so every message is the same whichever path."""
    if len(data) >= FAST_PATH_BYTES:
        from .spreadsheet_fast import fast_loads

        contest = fast_loads(data, source)
        if contest is not None:
            return contest
    delimiter, text = excel_separator(decode_text(data, source))
    return read_text(text, source, delimiter or ",")


#: Files smaller than this are read by the exact reader alone: the fast path's numpy would
#: cost more to import than it saves (and ``resultsviewer tally`` of a small file never pays it).
FAST_PATH_BYTES = 1 << 20


class Sheet:
    """What a spreadsheet CSV's header says: its candidates and its columns of attributes."""

    def __init__(self, header_line: int, cells: list[str], source: str) -> None:
        header = [cell.strip() for cell in cells]
        while header and not header[-1]:
            header.pop()
        if not header or header[0].casefold() != CATEGORY_HEADER:
            found = repr(header[0]) if header else "nothing"
            raise LoadError(
                source,
                f"the first column must be headed 'category', found {found}; "
                "a table of another shape can be opened with the import options",
                _place(header_line, 1),
            )
        self.source = source
        self.header = header
        self.width = len(header)
        self.attribute_columns: dict[str, int] = {}
        self.candidate_columns: list[tuple[int, str]] = []
        seen: dict[str, int] = {}
        for column, name in enumerate(header[1:], start=1):
            if not name:
                raise LoadError(source, "a column has no header (a candidate needs a name)", _place(header_line, column + 1))
            folded = " ".join(name.split()).casefold()
            if folded in seen:
                raise LoadError(
                    source,
                    f"duplicate column {name!r} (also column {seen[folded] + 1})",
                    _place(header_line, column + 1),
                )
            seen[folded] = column
            if folded in ATTRIBUTE_HEADERS:
                self.attribute_columns[folded] = column
            else:
                self.candidate_columns.append((column, _name(name, source, _place(header_line, column + 1))))
        if not self.candidate_columns:
            raise LoadError(source, "no candidate columns after 'category'", _place(header_line, 2))
        check_contest_size(source, 0, len(self.candidate_columns))
        self.candidate_indexes = [column for column, _ in self.candidate_columns]

    def category(self, line: int, row: list[str]) -> tuple[Category | str, list[int | None]]:
        """One row of the body: its category (its name alone when it has no attributes) and counts."""
        source, width, header = self.source, self.width, self.header
        if len(row) < width:
            missing = next((column for column in self.candidate_indexes if column >= len(row)), None)
            if missing is not None:
                raise LoadError(
                    source, short_row_message(len(row), width, header[missing]), _place(line, missing + 1, header[missing])
                )
        row = _fit(row, width, source, line)
        if not row[0].strip():
            raise LoadError(source, "a category has no name", _place(line, 1, "category"))
        name = _name(row[0], source, _place(line, 1, "category"))
        if name.casefold() == TOTAL_ROW:
            raise LoadError(source, "a 'Total' row must be the last row", _place(line, 1, "category"))
        # Most rows of a large file are plain digits (PLAIN_DIGITS_MAX at most): the
        # whole row is checked and converted in C (about 5x faster than cell by cell);
        # any other row goes cell by cell, for _count's checks and its message.
        cells = [row[column] for column in self.candidate_indexes]
        joined = "".join(cells)
        counts: list[int | None]
        if all(cells) and joined.isdigit() and joined.isascii() and max(map(len, cells)) <= PLAIN_DIGITS_MAX:
            counts = list(map(int, cells))
        else:
            counts = [_count(cell, source, line, column, header[column]) for column, cell in zip(self.candidate_indexes, cells)]
        attributes: dict[str, object] = {}
        for key, column in self.attribute_columns.items():
            cell = row[column].strip()
            if not cell:
                continue
            if key == "weight":
                attributes[key] = _weight(cell, source, line, column, header[column])
            else:
                attributes[key] = _count(cell, source, line, column, header[column])
        return (Category(name, **attributes) if attributes else name), counts  # type: ignore[arg-type]

    def declared(self, line: int, row: list[str]) -> Declared:
        """The Total row: declared figures, checked against the counts, never added to them."""
        declared = Declared()
        row = _fit(row, self.width, self.source, line)
        for column, name in self.candidate_columns:
            if row[column].strip():
                value = _count(row[column], self.source, line, column, self.header[column])
                if value is not None:  # a withheld total ('*') declares nothing
                    declared.candidate_totals[name] = value
        for key in ("rejected", "electorate"):
            attribute = self.attribute_columns.get(key)
            if attribute is not None and row[attribute].strip():
                setattr(declared, key, _count(row[attribute], self.source, line, attribute, key))
        return declared

    def title(self) -> str:
        """The file's name without its extension: a spreadsheet CSV holds no title."""
        title = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        for suffix in EXTENSIONS:
            if title.lower().endswith(suffix):
                title = title[: -len(suffix)]
        return title

    def candidates(self) -> list[Candidate]:
        return [Candidate(name) for _, name in self.candidate_columns]

    def contest(self, categories: list[Category | str], counts: CountTable, declared: Declared) -> Contest:
        check_contest_size(self.source, len(categories), len(self.candidate_columns), max_categories=MAX_SHEET_CATEGORIES,
                           max_cells=MAX_SHEET_CELLS)
        try:
            return Contest(
                self.title(),
                self.candidates(),
                categories,
                counts,
                source=None,
                declared=declared,
                status=None,  # a spreadsheet CSV holds no status: unknown, never printed
            )
        except ContestError as error:
            raise LoadError(self.source, str(error)) from None


def read_text(text: str, source: str, delimiter: str) -> Contest:
    """The exact reader: row by row through the csv module, every check with its place."""
    rows = (
        (line, row)
        for line, row in table_rows(text, source, delimiter, max_rows=MAX_SHEET_CATEGORIES + 2,
                                    max_cells=2 * MAX_SHEET_CELLS + 2 * MAX_TABLE_COLUMNS)
        # A row of only blank cells is skipped; joined, the test runs in C, not cell by cell.
        if "".join(row).strip()
    )
    first = next(rows, None)
    if first is None:
        raise LoadError(source, "the file holds no rows")
    sheet = Sheet(*first, source)
    categories: list[Category | str] = []
    counts = CountRows(len(sheet.candidate_columns))
    names: dict[str, int] = {}
    # Each row is read when the next one comes: the last may be the Total row.
    held = next(rows, None)
    for following in rows:
        line, row = held  # type: ignore[misc]
        category, row_counts = sheet.category(line, row)
        name = category if isinstance(category, str) else category.name
        if name.casefold() in names:
            raise LoadError(source, f"duplicate category {name!r} (also line {names[name.casefold()]})",
                            _place(line, 1, "category"))
        names[name.casefold()] = line
        categories.append(category)
        counts.append(row_counts)
        held = following
    declared = Declared()
    if held is not None:
        line, row = held
        if row and row[0].strip().casefold() == TOTAL_ROW:
            declared = sheet.declared(line, row)
        else:
            category, row_counts = sheet.category(line, row)
            name = category if isinstance(category, str) else category.name
            if name.casefold() in names:
                raise LoadError(source, f"duplicate category {name!r} (also line {names[name.casefold()]})",
                                _place(line, 1, "category"))
            categories.append(category)
            counts.append(row_counts)
    del names
    return sheet.contest(categories, counts.table(), declared)


def _name(cell: str, source: str, place: str) -> str:
    """A name cell as the contest keeps it, refused with its place when the contest would."""
    try:
        return checked_name(spreadsheet_unescape(" ".join(cell.split())), "name")
    except ContestError as error:
        raise LoadError(source, str(error), place) from None


def _fit(row: list[str], width: int, source: str, line: int) -> list[str]:
    """Pad a short row; refuse one with more cells than the header (a ragged row)."""
    if len(row) > width:
        extra = row[width:]
        if any(cell.strip() for cell in extra):
            raise LoadError(
                source,
                f"this row has {len(row)} cells but the header has {width} (a ragged row; "
                "is a number with a comma not quoted?)",
                _place(line, width + 1),
            )
        row = row[:width]
    if len(row) < width:
        row = row + [""] * (width - len(row))
    return row


def _count(cell: str, source: str, line: int, column: int, header: str) -> int | None:
    text = cell.strip()
    if text in ("*", "?"):
        return None  # withheld by the source: an unknown count
    try:
        return parse_count(text)
    except CountError as error:
        raise LoadError(source, str(error), _place(line, column + 1, header)) from None


def _weight(cell: str, source: str, line: int, column: int, header: str) -> float:
    try:
        value = float(cell.replace(",", "").rstrip("%"))
    except ValueError:
        raise LoadError(source, f"a weight must be a number, not {cell!r}", _place(line, column + 1, header)) from None
    if not math.isfinite(value) or math.copysign(1.0, value) < 0:  # -0 too: one rule with counts
        raise LoadError(source, f"a weight must be a number from 0 up, not {cell!r}", _place(line, column + 1, header))
    return value


def dumps(contest: Contest) -> bytes:
    """Write the spreadsheet CSV; a Total row carries the declared totals when there are any.

    A name the reader would take for something else is refused rather than written: a
    candidate named like an attribute column would come back as that column, and a
    category named Total as the declared totals.
    """
    if not contest.candidates:
        raise SaveError("spreadsheet CSV", "a contest with no candidates has no columns to write; save as .results.json")
    for candidate in contest.candidates:
        if candidate.name.casefold() in ATTRIBUTE_HEADERS:
            raise SaveError(
                "spreadsheet CSV",
                f"a candidate named {candidate.name!r} would be read back as the {candidate.name.casefold()} "
                "column; rename it, or save as .results.json",
            )
    categories = contest.categories
    for category in categories:
        if category.name.casefold() == TOTAL_ROW:
            raise SaveError(
                "spreadsheet CSV",
                f"a category named {category.name!r} would be read back as the row of declared totals; "
                "rename it, or save as .results.json",
            )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    attributes = [key for key in ATTRIBUTE_HEADERS if any(getattr(c, key) is not None for c in categories)]
    writer.writerow(["category", *(spreadsheet_safe(c.name) for c in contest.candidates), *attributes])
    for index, category in enumerate(categories):
        # A count known in part has no place in a CSV: it is written withheld (*), never as
        # its known part alone, which would read back as an exact count.
        values = ["*" if not is_exact(value) else value for value in contest.row(index)]
        extra = ["" if getattr(category, key) is None else _number(getattr(category, key)) for key in attributes]
        writer.writerow([spreadsheet_safe(category.name), *values, *extra])
    totals = contest.declared.candidate_totals
    if totals:
        row = ["Total", *(totals.get(c.name, "") for c in contest.candidates)]
        for key in attributes:
            value = {"rejected": contest.declared.rejected, "electorate": contest.declared.electorate}.get(key)
            row.append("" if value is None else value)  # a declared 0 is a figure, not a blank
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
