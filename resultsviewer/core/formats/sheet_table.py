"""Finding the table in a sheet laid out for printing, and handing it to the table import.

A results sheet is rarely a bare table: title and note rows sit above the header, a
two-row header puts "Round 1" over "Votes, Percentage, Transfer" (merged across the
columns), blank rows and columns separate blocks, totals and ballot rows close the
table and footnotes follow it. :func:`find_table` finds the header row(s) and the block
of data rows, says what it left out, and takes the user's correction (``header_rows``,
``data_rows``) where the guess is wrong. :class:`SheetTable` is a :class:`Table` like a
CSV file's, so the same guesses and overrides apply; its errors name the cell
(``Results!C7``) and say what the cell really holds (a date, a fraction, a ``#REF!``).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..counts import quantity
from ..errors import LoadError
from .delimited import SUMMARY_LABEL, Table, clean_name, number_repeated_names
from .workbook import Cell, CellError, Sheet, UncomputedFormula, column_letters

#: How far down a sheet the finder looks for the table's header.
SEARCH_ROWS = 500


@dataclass(frozen=True)
class TableLayout:
    """Where the table is on the sheet, in 0-based sheet rows and columns."""

    header_rows: tuple[int, ...]
    first_data_row: int
    last_data_row: int
    columns: tuple[int, ...]

    def describe(self) -> str:
        rows = f"data rows {self.first_data_row + 1}-{self.last_data_row + 1}"
        if not self.header_rows:
            return f"no header row (columns named by their letters), {rows}"
        first, last = self.header_rows[0] + 1, self.header_rows[-1] + 1
        return f"header row {first if first == last else f'{first}-{last}'}, {rows}"


@dataclass
class SheetTable(Table):
    """A table found on a sheet: text rows for the import, the cells' places and types for its messages."""

    sheet: Sheet | None = field(default=None, repr=False)
    layout: TableLayout | None = None
    #: The sheet row of each row of ``rows``, and the sheet column of each column.
    row_numbers: list[int] = field(default_factory=list, repr=False)
    column_numbers: list[int] = field(default_factory=list, repr=False)
    #: Rows that close the table (totals, ballot rows), as (label, sheet row): left out of the import.
    summary_rows: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, row_index: int) -> int:
        return self.row_numbers[row_index] + 1

    def place(self, row_index: int, column: int) -> str:
        assert self.sheet is not None
        return f"{self.sheet.address(self.row_numbers[row_index], self.column_numbers[column])} ({self.header[column]})"

    def fail(self, row_index: int, column: int, message: str) -> LoadError:
        assert self.sheet is not None
        cell = self.sheet.rows[self.row_numbers[row_index]][self.column_numbers[column]]
        return LoadError(self.source, _cell_message(cell, message), self.place(row_index, column))


def _cell_message(cell: Cell, message: str) -> str:
    """What a cell that is not a count really holds, in place of a message about its text."""
    if isinstance(cell, UncomputedFormula):
        return cell.refusal()
    if isinstance(cell, CellError):
        return f"the cell holds a formula error ({cell.code}), not a count"
    if isinstance(cell, bool):
        return f"the cell holds a truth value ({'TRUE' if cell else 'FALSE'}), not a count"
    if isinstance(cell, (datetime.date, datetime.time, datetime.timedelta)):
        return f"the cell holds a date or time ({cell}), not a count"
    if isinstance(cell, float) and not cell.is_integer():
        if 0 < abs(cell) < 1:
            return f"the cell holds a fraction ({cell:g}, {cell:.1%} as a percentage), not a count"
        return f"the cell holds {cell:g}, not a whole number of votes"
    return message


def cell_text(cell: Cell) -> str:
    """A cell as the table import reads it: a whole number without ``.0``, a date in ISO form."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 2**63 else repr(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, (datetime.date, datetime.time)):
        return cell.isoformat()
    return str(cell)


# --- classifying cells --------------------------------------------------------------------

_NUMERIC_TEXT = re.compile(r"\s*[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*%?\s*$")


def _is_number(cell: Cell) -> bool:
    """A number, stored as one or as text; also a formula's error or a formula saved
    without its value, which stand where a number was computed (the row is data, not a
    footnote under the table, and the import names the cell)."""
    kind = cell.__class__
    if kind is float or kind is int or kind is CellError or kind is UncomputedFormula:
        return True
    return kind is str and bool(_NUMERIC_TEXT.match(cell))  # type: ignore[arg-type]


def _is_text(cell: Cell) -> bool:
    return cell.__class__ is str and bool(cell.strip()) and not _NUMERIC_TEXT.match(cell)  # type: ignore[union-attr]


def _filled(cell: Cell) -> bool:
    return cell is not None and not (cell.__class__ is str and not cell.strip())  # type: ignore[union-attr]


def _is_blank_row(row: Sequence[Cell]) -> bool:
    return not any(_filled(cell) for cell in row)


def _is_data_row(row: Sequence[Cell]) -> bool:
    filled = [cell for cell in row if _filled(cell)]
    return len(filled) >= 2 and any(_is_number(cell) for cell in filled)


def _is_header_row(row: Sequence[Cell]) -> bool:
    return sum(1 for cell in row if _is_text(cell)) >= 1 and sum(1 for cell in row if _filled(cell)) >= 2


# --- finding the table --------------------------------------------------------------------


def guess_layout(sheet: Sheet) -> TableLayout:
    """The header row(s), data rows and columns of the largest table on the sheet."""
    rows = sheet.rows
    limit = min(len(rows), SEARCH_ROWS + 1)
    blocks: list[tuple[int, int, int]] = []  # (score, first, last)
    index = 0
    data = [_is_data_row(row) for row in rows[:limit]]
    while index < limit:
        if not data[index]:
            index += 1
            continue
        first = last = index
        index += 1
        while index < limit:
            if data[index]:
                last = index
                index += 1
            elif _is_blank_row(rows[index]) and index + 1 < limit and data[index + 1]:
                index += 1  # a blank separator row inside the table
            else:
                break
        numeric_columns = _numeric_columns(rows, first, last)
        blocks.append(((last - first + 1) * max(1, len(numeric_columns)), first, last))
    if not blocks:
        raise LoadError(sheet.name, "no table: no rows of numbers under a header")
    _, first, last = max(blocks, key=lambda block: (block[0], -block[1]))
    if last == limit - 1 and limit < len(rows):
        # The table goes on past the search window: take every data row after it.
        last = limit - 1
        numbers = _numeric_columns(rows, first, last)

        def goes_on(row: Sequence[Cell]) -> bool:
            # Most rows of a long table have a stored number in one of its number
            # columns: tested first, the full test only for the rest.
            return any(column < len(row) and row[column].__class__ in (float, int) for column in numbers) or _is_data_row(row)

        while last + 1 < len(rows) and (goes_on(rows[last + 1]) or (_is_blank_row(rows[last + 1]) and last + 2 < len(rows) and goes_on(rows[last + 2]))):
            last += 1
    header_rows = _header_above(sheet, first)
    return TableLayout(header_rows, first, last, _kept_columns(sheet, header_rows, first, last))


def _numeric_columns(rows: Sequence[Sequence[Cell]], first: int, last: int) -> list[int]:
    width = max((len(rows[r]) for r in range(first, last + 1)), default=0)
    result = []
    for column in range(width):
        cells = [rows[r][column] for r in range(first, last + 1) if column < len(rows[r]) and _filled(rows[r][column])]
        if cells and sum(1 for cell in cells if _is_number(cell)) * 2 >= len(cells):
            result.append(column)
    return result


def _header_above(sheet: Sheet, first: int) -> tuple[int, ...]:
    """The header row right above the data (blank rows between allowed), and a group row over it."""
    row = first - 1
    while row >= 0 and _is_blank_row(sheet.rows[row]):
        row -= 1
    if row < 0 or not _is_header_row(sheet.rows[row]):
        return ()
    above = row - 1
    if above >= 0 and _is_group_row(sheet, above, row, first):
        return (above, row)
    return (row,)


def _is_group_row(sheet: Sheet, above: int, header: int, first_data_row: int) -> bool:
    """Whether the row over a header groups its columns ("Round 1" over Votes, Percentage).

    A title or note row ("Source: ...", "Date", a date) starts in the table's first
    column; a group row leaves that column to the header, or spans both rows there with a
    merged cell ("Candidate" merged down over the two header rows).
    """
    cells = sheet.rows[above]
    if not _is_header_row(cells) or _is_data_row(cells):
        return False
    first = next((column for column, cell in enumerate(sheet.rows[first_data_row]) if _filled(cell)), 0)
    if first < len(cells) and _filled(cells[first]):
        return any(top == above and bottom >= header and left <= first <= right for top, left, bottom, right in sheet.merged)
    return True


def _kept_columns(sheet: Sheet, header_rows: Sequence[int], first: int, last: int) -> tuple[int, ...]:
    """Columns with a value in the data rows (blank separator columns are left out)."""
    width = max(len(row) for row in sheet.rows) if sheet.rows else 0
    kept = []
    for column in range(width):
        if any(column < len(sheet.rows[r]) and _filled(sheet.rows[r][column]) for r in range(first, last + 1)):
            kept.append(column)
    return tuple(kept)


def _spread(sheet: Sheet, row: int, *, from_above: bool, group_row: bool) -> list[Cell]:
    """A header row with each merged cell's value spread across the cells it covers
    (``from_above``: also a merge that starts on a row above, a "Constituency" spanning
    both header rows when only the lower one is the header).

    A group row ("Round 1" over Votes, Percentage...) without merge information takes the
    usual printed reading: a label stands over the columns up to the next label.
    """
    cells = list(sheet.rows[row])
    spans = [(top, left, right) for top, left, bottom, right in sheet.merged
             if top <= row <= bottom and (from_above or top == row)]
    for top, left, right in spans:
        value = sheet.rows[top][left]
        for column in range(left, min(right + 1, len(cells))):
            if cells[column] is None:
                cells[column] = value
    if group_row and not any(top == row and right > left for top, left, bottom, right in sheet.merged):
        current: Cell = None
        for column, cell in enumerate(cells):
            if _filled(cell):
                current = cell
            else:
                cells[column] = current
    return cells


_MEASURE_WORD = re.compile(r"^\s*(votes?|counts?|number of votes|results?|ballots?)\s*$", re.IGNORECASE)


def _header_names(sheet: Sheet, layout: TableLayout) -> list[str]:
    """One name per kept column: the group row's label and the header's, joined (``Round 1 Votes``)."""
    if not layout.header_rows:
        return [f"column {column_letters(c)}" for c in layout.columns]
    lines = [_spread(sheet, layout.header_rows[0], from_above=True, group_row=len(layout.header_rows) > 1)]
    lines += [_spread(sheet, row, from_above=False, group_row=False) for row in layout.header_rows[1:]]
    names = []
    for column in layout.columns:
        parts: list[str] = []
        for line in lines:
            cell = line[column] if column < len(line) else None
            text = clean_name(cell_text(cell))
            if line is not lines[-1] and _MEASURE_WORD.match(text):
                continue  # "Votes" over the parties' names adds nothing to each name
            if text and text not in parts:
                parts.append(text)
        names.append(" ".join(parts) or f"column {column_letters(column)}")
    return names


def find_table(
    sheet: Sheet,
    source: str,
    *,
    header_rows: Sequence[int] | None = None,
    data_rows: tuple[int, int] | None = None,
) -> SheetTable:
    """The table on a sheet as a :class:`SheetTable`, guessed or as the user placed it.

    ``header_rows`` and ``data_rows`` are 0-based sheet rows (``data_rows`` first and last,
    inclusive); either given wins over the guess. The notes (``renamed``) say what was
    left out: rows above the header, blank rows and columns, totals and ballot rows,
    footnotes.
    """
    if not sheet.rows or all(_is_blank_row(row) for row in sheet.rows):
        raise LoadError(source, f"sheet {sheet.name!r} is empty")
    height = len(sheet.rows)
    for row in (*(header_rows or ()), *(data_rows or ())):
        if not 0 <= row < height:
            raise LoadError(source, f"sheet {sheet.name!r} has rows 1 to {height}; there is no row {row + 1}")
    if data_rows is not None and data_rows[0] > data_rows[1]:
        raise LoadError(source, f"the data rows {data_rows[0] + 1}-{data_rows[1] + 1} end before they start")
    try:
        guessed = guess_layout(sheet) if data_rows is None or header_rows is None else None
    except LoadError as error:
        if data_rows is None:
            raise LoadError(source, f"sheet {sheet.name!r} holds no table: no rows of numbers under a header "
                                    "(choose the header and data rows yourself if there is one)") from None
        guessed = None
        del error
    if data_rows is not None:
        first, last = data_rows
    else:
        assert guessed is not None
        first, last = guessed.first_data_row, guessed.last_data_row
        if header_rows is not None and header_rows and first <= max(header_rows):
            # The user put the header lower than the guess: the data starts under it.
            first = max(header_rows) + 1
            while first <= last and _is_blank_row(sheet.rows[first]):
                first += 1
            if first > last:
                raise LoadError(source, f"sheet {sheet.name!r} has no data rows under row {max(header_rows) + 1}")
    if header_rows is not None:
        chosen_header = tuple(sorted(header_rows))
        if chosen_header and max(chosen_header) >= first:
            raise LoadError(source, f"the header (row {max(chosen_header) + 1}) must be above the data rows ({first + 1}-{last + 1})")
    elif guessed is not None and guessed.first_data_row == first:
        chosen_header = guessed.header_rows
    else:
        chosen_header = _header_above(sheet, first)
    layout = TableLayout(chosen_header, first, last, _kept_columns(sheet, chosen_header, first, last))
    if not layout.columns:
        raise LoadError(source, f"sheet {sheet.name!r}: rows {first + 1}-{last + 1} are empty")
    return _build_table(sheet, source, layout, explicit=header_rows is not None or data_rows is not None)


def _build_table(sheet: Sheet, source: str, layout: TableLayout, *, explicit: bool) -> SheetTable:
    header = _header_names(sheet, layout)
    notes = [
        f"{name!r} heads more than one column; column {column_letters(layout.columns[index])} is read as {header[index]!r}"
        for index, name in number_repeated_names(header)
    ]
    columns = layout.columns
    text_rows: list[list[str]] = []
    row_numbers: list[int] = []
    blank = 0
    body = [r for r in range(layout.first_data_row, layout.last_data_row + 1)]
    label_column = next((i for i, c in enumerate(columns) if any(_is_text(sheet.rows[r][c]) for r in body if c < len(sheet.rows[r]))), 0)
    summary: list[tuple[str, int]] = []
    # One pass over what may be 80,000 rows: text cells pass as they are, and each
    # distinct label is tested against the totals pattern once.
    label_at = columns[label_column]
    is_summary: dict[str, bool] = {}
    every_column = list(columns) == list(range(max(len(row) for row in sheet.rows)))
    for r in body:
        row = sheet.rows[r]
        if row.count(None) == len(row) or _is_blank_row(row):
            blank += 1
            continue
        label = cell_text(row[label_at]) if label_at < len(row) else ""
        summary_label = is_summary.get(label)
        if summary_label is None:
            summary_label = is_summary[label] = bool(SUMMARY_LABEL.search(label))
        if summary_label:
            summary.append((clean_name(label), r))
            continue
        if every_column and len(row) == len(columns):
            text_rows.append([cell if cell.__class__ is str else cell_text(cell) for cell in row])  # type: ignore[misc]
        else:
            text_rows.append([cell_text(row[c]) if c < len(row) else "" for c in columns])
        row_numbers.append(r)
    if not text_rows:
        raise LoadError(source, f"sheet {sheet.name!r}: no data rows in rows {layout.first_data_row + 1}-{layout.last_data_row + 1}")
    _refuse_uncomputed(sheet, source, layout, header, row_numbers)
    where = sheet.name
    notes.insert(0, f"read sheet {where!r}, {layout.describe()}" + (" (as chosen)" if explicit else " (as guessed)"))
    top = layout.header_rows[0] if layout.header_rows else layout.first_data_row
    above = [r for r in range(top) if not _is_blank_row(sheet.rows[r])]
    if above:
        first_text = next((cell_text(c) for r in above for c in sheet.rows[r] if _is_text(c)), "")
        notes.append(f"{quantity(len(above), 'row')} above the table left out (titles and notes{': ' + repr(_short(first_text)) if first_text else ''})")
    if blank:
        notes.append(f"{quantity(blank, 'blank row')} inside the table skipped")
    span = range(columns[0], columns[-1] + 1) if columns else range(0)
    dropped = [c for c in span if c not in set(columns)]
    if dropped:
        notes.append(f"blank columns {', '.join(column_letters(c) for c in dropped)} left out")
    if summary:
        notes.append(
            f"{len(summary)} totals and ballot rows left out (not categories or candidates): "
            + ", ".join(f"{label!r} (row {r + 1})" for label, r in summary)
        )
    below = [r for r in range(layout.last_data_row + 1, len(sheet.rows)) if not _is_blank_row(sheet.rows[r])]
    if below:
        first_text = next((cell_text(c) for r in below for c in sheet.rows[r] if _is_text(c)), "")
        notes.append(f"{quantity(len(below), 'row')} under the table left out (footnotes{': ' + repr(_short(first_text)) if first_text else ''})")
    return SheetTable(
        source=source,
        header=header,
        rows=text_rows,
        delimiter="",
        renamed=notes,
        sheet=sheet,
        layout=layout,
        row_numbers=row_numbers,
        column_numbers=list(columns),
        summary_rows=summary,
    )


def _refuse_uncomputed(sheet: Sheet, source: str, layout: TableLayout, header: Sequence[str], data_rows: Sequence[int]) -> None:
    """Refuse a table with a formula saved without its value in its header or data rows:
    read as empty, it would be a count of 0 or a missing name. Totals and ballot rows are
    read only where they are used (a round-by-round report's), and refused there."""
    if not sheet.uncomputed:
        return
    rows, columns = {*layout.header_rows, *data_rows}, set(layout.columns)
    for row, column in sheet.uncomputed:  # in reading order
        if row in rows and column in columns:
            cell = sheet.rows[row][column]
            assert isinstance(cell, UncomputedFormula)
            place = sheet.address(row, column)
            if row not in layout.header_rows:
                place += f" ({header[layout.columns.index(column)]})"
            raise LoadError(source, cell.refusal(), place)


def _short(text: str, limit: int = 60) -> str:
    text = clean_name(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- sheets at a glance -------------------------------------------------------------------


@dataclass(frozen=True)
class SheetSummary:
    """What a sheet seems to hold, for ``resultsviewer contests book.xlsx`` and the dialog's list."""

    name: str
    rows: int
    columns: int
    table: str | None
    #: Why there is no table, where there is none.
    problem: str | None = None
    #: What the import would take the table for (``wide: one row per 'Ward'...``).
    guess: str | None = None

    @property
    def useful(self) -> bool:
        return self.table is not None


def summarise_sheet(sheet: Sheet, source: str) -> SheetSummary:
    filled_rows = sum(1 for row in sheet.rows if not _is_blank_row(row))
    width = max((len(row) for row in sheet.rows), default=0)
    try:
        table = find_table(sheet, source)
    except LoadError as error:
        return SheetSummary(sheet.name, filled_rows, width, None, error.message)
    columns = ", ".join(table.header[:6]) + (", ..." if len(table.header) > 6 else "")
    return SheetSummary(
        sheet.name, filled_rows, width,
        f"{len(table.rows):,} rows x {len(table.header)} columns ({columns}); {table.layout.describe() if table.layout else ''}",
    )


def parse_rows(text: str, what: str) -> tuple[int, int]:
    """``25`` or ``25-26`` (1-based sheet rows, as the command line and dialog take them) as
    0-based first and last rows."""
    first, sep, last = text.strip().partition("-")
    try:
        start = int(first)
        end = int(last) if sep else start
    except ValueError:
        raise ValueError(f"{what} is a row number or a range such as 27-33, not {text!r}") from None
    if start < 1 or end < start:
        raise ValueError(f"{what} {text!r} is not a range of rows from 1 on")
    return start - 1, end - 1


__all__ = [
    "RoundTable",
    "SheetSummary",
    "SheetTable",
    "TableLayout",
    "cell_text",
    "find_table",
    "guess_layout",
    "parse_rows",
    "read_round_table",
    "round_columns",
    "round_table",
    "summarise_sheet",
]


# --- round-by-round reports ---------------------------------------------------------------

#: ``Round 3`` or ``Round 3 Votes`` heads a round's votes; ``Round 3 Percentage`` and
#: ``Round 3 Transfer`` are other figures of that round.
_ROUND_COLUMN = re.compile(r"^\s*(round\s*(\d+))\b\s*(.*)$", re.IGNORECASE)
_VOTES_WORD = re.compile(r"^(votes?|counts?|)$", re.IGNORECASE)
#: What an empty candidate cell may say in a text table: out of the count.
_NO_VALUE = frozenset({"", "-", "\u2013", "\u2014"})


@dataclass(frozen=True)
class RoundTable:
    """A round-by-round report as plain data: what a rounds model can be built from.

    ``votes[r][c]`` is candidate ``c``'s count in round ``r`` (None where the cell is
    empty); ``other_rows`` holds the ballot rows (continuing, blanks, exhausted,
    overvotes, threshold...) by their label, one value per round; ``cells`` names the
    place of each ``votes`` value (``Sheet!C27`` in a workbook, ``line 4, column 3`` in a
    text table) and ``other_cells`` that of each ballot row's value, for messages.
    """

    source: str
    sheet: str
    rounds: tuple[str, ...]
    candidates: tuple[str, ...]
    votes: tuple[tuple[int | float | None, ...], ...]
    other_rows: dict[str, tuple[int | float | None, ...]]
    cells: tuple[tuple[str, ...], ...]
    other_cells: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Columns of the table that are not a round's votes nor the candidates' names.
    other_columns: tuple[str, ...] = ()


def round_columns(header: Sequence[str]) -> list[tuple[int, str, int]]:
    """The columns of each round's votes as ``(round number, 'Round N', column)``, in
    round order; empty when the header has none. ``Round N`` alone or ``Round N Votes``."""
    found: dict[int, tuple[int, str, int]] = {}
    for index, name in enumerate(header):
        match = _ROUND_COLUMN.match(name)
        if match and _VOTES_WORD.match(match.group(3).strip()):
            number = int(match.group(2))
            # "Round 1 Votes" wins over a bare "Round 1" (a group label over several columns).
            if number not in found or match.group(3).strip():
                found[number] = (number, f"Round {number}", index)
    return [found[n] for n in sorted(found)]


def _text_lines(table: Table) -> list[int]:
    """The file line of every row of a text table, in one pass (``line_of`` re-reads the file)."""
    import csv
    import io

    from .delimited import row_text_lines

    lines: list[int] = []
    reader = csv.reader(io.StringIO(table.text, newline=""), delimiter=table.delimiter or ",")
    first = True
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if first:
            first = False
            continue
        lines.append(reader.line_num - (row_text_lines(row) - 1))
    return lines if len(lines) == len(table.rows) else [i + 2 for i in range(len(table.rows))]


def round_table(table: Table) -> RoundTable:
    """The whole round-by-round table (a sheet's or a text file's) whose header has a
    ``Round N`` or ``Round N Votes`` column per round: a row per candidate, and the ballot
    rows (continuing, blanks, exhausted, overvotes, threshold...) by their label."""
    sheet = table.sheet if isinstance(table, SheetTable) else None
    where = repr(sheet.name) if sheet is not None else "the table"
    columns = round_columns(table.header)
    if not columns:
        raise LoadError(table.source, f"{'sheet ' if sheet is not None else ''}{where} is not a round-by-round table (no 'Round N' or 'Round N Votes' columns)")
    for expected, (number, _, index) in enumerate(columns, start=1):
        if number != expected:
            place = _header_place(table, index)
            raise LoadError(table.source, f"the rounds must run 1, 2, 3...: found {table.header[index]!r} where round {expected} was expected", place)
    round_indexes = {index for _, _, index in columns}
    label_column = next(
        (i for i in range(len(table.header)) if i not in round_indexes and any(_is_text(row[i]) for row in table.rows if i < len(row))),
        0,
    )
    if sheet is not None:
        assert isinstance(table, SheetTable)

        def address(row_index: int, column: int) -> str:
            return sheet.address(table.row_numbers[row_index], table.column_numbers[column])
    else:
        lines = _text_lines(table)

        def address(row_index: int, column: int) -> str:
            return f"line {lines[row_index]}, column {column + 1}"

    def value(text: str, place: str) -> int | float | None:
        cleaned = text.replace(",", "").replace("\u00a0", "").strip()
        if cleaned in _NO_VALUE:
            return None
        try:
            number = float(cleaned)
        except ValueError:
            raise LoadError(table.source, f"{text.strip()!r} is not a number of votes", place) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise LoadError(table.source, f"{text.strip()!r} is not a number of votes", place)
        return int(number) if number.is_integer() else number

    def sheet_value(sheet_row: int, column: int) -> int | float | None:
        assert sheet is not None and isinstance(table, SheetTable)
        cell = sheet.rows[sheet_row][table.column_numbers[column]] if table.column_numbers[column] < len(sheet.rows[sheet_row]) else None
        place = sheet.address(sheet_row, table.column_numbers[column])
        if cell is None:
            return None
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            return int(cell) if float(cell).is_integer() else float(cell)
        if isinstance(cell, str):
            return value(cell, place)
        raise LoadError(table.source, _cell_message(cell, f"{cell_text(cell)!r} is not a number of votes"), place)

    candidates: list[str] = []
    candidate_rows: list[int] = []
    other: dict[str, tuple[int | float | None, ...]] = {}
    other_cells: dict[str, tuple[str, ...]] = {}
    for row_index, row in enumerate(table.rows):
        label = clean_name(row[label_column]) if label_column < len(row) else ""
        if sheet is None and SUMMARY_LABEL.search(label):
            other[label] = tuple(value(row[c], address(row_index, c)) for _, _, c in columns)
            other_cells[label] = tuple(address(row_index, c) for _, _, c in columns)
            continue
        if not label:
            raise LoadError(table.source, "this row names no candidate", address(row_index, label_column))
        candidates.append(label)
        candidate_rows.append(row_index)
    if sheet is not None:
        assert isinstance(table, SheetTable)
        for label, sheet_row in table.summary_rows:
            other[label] = tuple(sheet_value(sheet_row, c) for _, _, c in columns)
            other_cells[label] = tuple(sheet.address(sheet_row, table.column_numbers[c]) for _, _, c in columns)
        votes = tuple(tuple(sheet_value(table.row_numbers[i], c) for i in candidate_rows) for _, _, c in columns)
    else:
        votes = tuple(tuple(value(table.rows[i][c], address(i, c)) for i in candidate_rows) for _, _, c in columns)
    cells = tuple(tuple(address(i, c) for i in candidate_rows) for _, _, c in columns)
    others = tuple(name for i, name in enumerate(table.header) if i not in round_indexes and i != label_column)
    return RoundTable(table.source, sheet.name if sheet is not None else "", tuple(label for _, label, _ in columns),
                      tuple(candidates), votes, other, cells, other_cells, others)


def _header_place(table: Table, column: int) -> str:
    if isinstance(table, SheetTable) and table.sheet is not None and table.layout is not None and table.layout.header_rows:
        return table.sheet.address(table.layout.header_rows[0], table.column_numbers[column])
    return f"line 1, column {column + 1}"


def read_round_table(path: str | os.PathLike[str], sheet: str | int = 0) -> RoundTable:
    """The round-by-round table of a report workbook (a sheet by name or 0-based number),
    as plain data: the hook for a rounds model."""
    from .workbook import read_sheet

    return round_table(find_table(read_sheet(path, sheet), str(path)))
