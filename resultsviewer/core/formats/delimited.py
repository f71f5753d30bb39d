"""Delimited tables of any shape: detection of the delimiter, the import choices, and the
generic long and wide imports that every layout (OpenElections, MEDSL, House of Commons
Library, a colleague's spreadsheet) is built on.

A *long* table has one row per category and candidate with a votes column; a *wide*
table has one row per category and one column per candidate. The choices of which
column is what live in :class:`ImportOptions`, so that the command line, the import
dialog and the tests all drive the same code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from operator import itemgetter

from ..contest import AT_LEAST_SIGN, WITHHELD_SIGN, WITHHELD_WORD, AtLeast, Candidate, Category, Contest, Declared
from ..counts import PLAIN_DIGITS_MAX, parse_count, quantity
from ..errors import ContestError, CountError, LoadError
from ..progress import advance, rows_with_progress
from .csv_safety import short_row_message
from .limits import check_contest_size, excel_separator, plain_table_rows, table_rows
from .text import decode_text

#: Delimiters a results table may use, in order of preference on a tie.
DELIMITERS = ",;\t|"

#: Cell texts that mean "withheld by the source" (an unknown count).
WITHHELD = frozenset({"*", "?"})

#: Labels of rows that close a table and are not one of its categories or candidates:
#: totals, and the ballot rows of round-by-round reports (continuing, exhausted...).
SUMMARY_LABEL = re.compile(
    r"^\s*(grand\s+)?(sub)?totals?\b|\btotals?\s*:?\s*$|^\s*sum\s*$|"
    r"^\s*(blanks?|exhausted( ballots)?|inactive( ballots)?|over\s*votes?|under\s*votes?|threshold|"
    r"continuing( ballots)?( total)?|non[\s-]*transferable( total)?|residual|skipped rankings?)\s*$",
    re.IGNORECASE,
)

#: The layouts :func:`guess_import_options` can name.
LAYOUTS = ("long", "wide", "rounds", "openelections", "medsl", "hoc-constituency", "hoc-candidates", "spreadsheet")


@dataclass(frozen=True)
class ImportOptions:
    """Which column is what, which rows to keep, and which contest to take.

    Every field is optional: a field left None is guessed from the header and the first
    rows (see :func:`guess_import_options`); a field given wins over the guess.
    """

    #: ``long``, ``wide`` or a named layout (see :data:`LAYOUTS`); None to guess.
    layout: str | None = None
    category_column: str | None = None
    #: Long tables: the column naming the candidate (or party) on each row.
    candidate_column: str | None = None
    votes_column: str | None = None
    party_column: str | None = None
    #: Wide tables: the columns that are candidates.
    candidate_columns: tuple[str, ...] = ()
    electorate_column: str | None = None
    rejected_column: str | None = None
    #: Wide tables: a column of valid votes per category, kept as declared totals.
    valid_votes_column: str | None = None
    #: Keep only the rows whose COLUMN equals VALUE (case and spaces ignored), all of them.
    where: tuple[tuple[str, str], ...] = ()
    #: Multi-contest files (OpenElections): the office, optionally ``office, district``
    #: or ``office, district, party``.
    contest: str | None = None
    #: OpenElections: ``county`` or ``precinct`` as the categories.
    by: str | None = None
    #: Force a delimiter instead of detecting it.
    delimiter: str | None = None
    #: Workbooks: the sheet, by name or 1-based number (``2``); None for the one with a table.
    sheet: str | None = None
    #: Workbooks: the header row(s) on the sheet, 1-based (``25`` or ``25-26``); None to find them.
    header_rows: str | None = None
    #: Workbooks: the first and last data rows on the sheet, 1-based (``27-33``); None to find them.
    data_rows: str | None = None
    #: Long and wide tables: a column of category codes (an ONS or FIPS id), kept on each
    #: category so that a comparison with another file matches categories by it.
    code_column: str | None = None

    @property
    def shape(self) -> str | None:
        if self.layout in ("wide", "hoc-constituency", "spreadsheet") or self.candidate_columns:
            return "wide"
        if self.layout is not None or self.candidate_column:
            return "long"
        return None

    def is_empty(self) -> bool:
        return self == ImportOptions()

    def merged_over(self, guess: ImportOptions) -> ImportOptions:
        """These explicit choices laid over a guess (what the user gave wins)."""
        changes = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, ())}
        result = replace(guess, **changes)
        if self.layout is None:
            if self.candidate_columns and not self.candidate_column:
                result = replace(result, layout="wide", candidate_column=None)
            elif self.candidate_column and not self.candidate_columns and guess.shape == "wide":
                result = replace(result, layout="long", candidate_columns=())
        return result

    def describe(self) -> list[str]:
        """The choices as lines a person can read (what the UI and ``--verbose`` show)."""
        lines = [f"layout: {self.layout or 'guess'}"]
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "layout" or value in (None, ()):
                continue
            if f.name == "where":
                value = ", ".join(f"{column} = {wanted}" for column, wanted in value)
            elif f.name == "candidate_columns":
                value = ", ".join(value)
            lines.append(f"{f.name.replace('_', ' ')}: {value}")
        return lines


@dataclass
class ImportResult:
    """A contest read from a table, with what the import did that a user should know."""

    contest: Contest
    options: ImportOptions
    #: Rows left out, values withheld, names merged...: shown by the CLI and the dialog.
    notes: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A delimited file parsed into a header and rows of text, each padded to the header."""

    source: str
    header: list[str]
    rows: list[list[str]]
    delimiter: str
    text: str = field(repr=False, default="")
    #: Header cells renamed because they repeated (``district`` twice).
    renamed: list[str] = field(default_factory=list)
    #: What a layout's reader derived from the rows, kept for the next import of the
    #: same table (the import dialog re-imports on every change of a choice).
    derived: dict[str, object] = field(default_factory=dict, repr=False)
    #: Rows shorter than the header (row index -> cells found), padded with empty cells:
    #: a value asked of a missing cell is said to be missing because the row is short.
    short_rows: dict[int, int] = field(default_factory=dict)
    #: True when :attr:`rows` are only the first rows of a larger file (the import dialog's
    #: preview of a large file, :func:`.opening.table_head`): what is said of them is said
    #: of those rows, never of the whole file.
    head_only: bool = False

    def find(self, name: str) -> int | None:
        wanted = _fold(name)
        for index, column in enumerate(self.header):
            if _fold(column) == wanted:
                return index
        return None

    def column(self, name: str, what: str = "column") -> int:
        """The index of a named column, or a LoadError listing the columns there are."""
        index = self.find(name)
        if index is None:
            listed = ", ".join(self.header[:40]) + (", ..." if len(self.header) > 40 else "")
            raise LoadError(self.source, f"there is no {what} {name!r}; the columns are: {listed}", "line 1")
        return index

    @property
    def held_whole(self) -> bool:
        """Whether :attr:`rows` holds every row (a table read a chunk at a time does not)."""
        return True

    def chunks(self) -> Iterator[tuple[int, list[list[str]]]]:
        """One pass over the rows: ``(index of the first row, rows)`` chunks. A table held
        whole is one chunk; a file too large to hold (:class:`.long_stream.StreamedTable`)
        is read again, a chunk at a time, on each pass."""
        yield 0, self.rows

    def line_of(self, row_index: int) -> int:
        """The file line a row starts on (re-read on demand: errors are rare, loads are not)."""
        return line_of_row(io.StringIO(self.text, newline=""), self.delimiter, row_index)

    def place(self, row_index: int, column: int) -> str:
        return f"line {self.line_of(row_index)}, column {column + 1} ({self.header[column]})"

    def fail(self, row_index: int, column: int, message: str) -> LoadError:
        found = self.short_rows.get(row_index)
        if found is not None and column >= found:
            message = short_row_message(found, len(self.header), self.header[column])
        return LoadError(self.source, message, self.place(row_index, column))


def line_of_row(lines: Iterable[str], delimiter: str, row_index: int) -> int:
    """The line on which the table's row ``row_index`` starts (0 is the row after the
    header; blank lines are no rows), found by reading ``lines`` again."""
    reader = csv.reader(lines, delimiter=delimiter)
    seen = -1
    for row in reader:
        if is_blank_row(row):
            continue
        seen += 1
        if seen == row_index + 1:  # +1: the header
            return reader.line_num - (row_text_lines(row) - 1)
    return row_index + 2


def is_blank_row(row: Sequence[str]) -> bool:
    """A blank line, or a line of spaces: no row of the table."""
    return not row or (len(row) == 1 and not row[0].strip())


def ragged_row_message(cells: int, width: int) -> str:
    return (
        f"this row has {cells} cells but the header has {width} (a ragged row; "
        "is a number with a comma not quoted?)"
    )


def row_text_lines(row: Sequence[str]) -> int:
    return 1 + sum(cell.count("\n") for cell in row)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def clean_name(text: str) -> str:
    return " ".join(text.split())


# --- reading ------------------------------------------------------------------------------


def detect_delimiter(text: str) -> str:
    """The delimiter of a table: csv.Sniffer on the first lines, else the most frequent
    candidate in the header line that keeps the same count on the next lines."""
    sample = text[:65536]
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    header = lines[0]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        count = header.count(delimiter)
        if count == 0:
            continue
        steady = sum(1 for line in lines[1:] if line.count(delimiter) >= count)
        score = count * (1 + steady)
        if score > best_score:
            best, best_score = delimiter, score
    if sniffed and header.count(sniffed) > 0 and (best_score == 0 or header.count(sniffed) >= header.count(best)):
        return sniffed
    return best


def read_table(data: bytes, source: str, delimiter: str | None = None) -> Table:
    """Decode and parse a delimited file; blank rows are dropped, short rows padded."""
    declared, text = excel_separator(decode_text(data, source))
    chosen = delimiter or declared or detect_delimiter(text)
    if chosen == "\\t":
        chosen = "\t"
    if len(chosen) != 1:
        raise LoadError(source, f"a delimiter is one character, not {chosen!r}")
    # At the csv module's speed where no check can fail; else line by line, with the place.
    plain = plain_table_rows(text, chosen, progress=advance)
    rows = plain if plain is not None else [
        row for _, row in rows_with_progress(table_rows(text, source, chosen, kind="delimited table"), text)
    ]
    # Drop blank lines (and lines of spaces), keeping the header first.
    while rows and is_blank_row(rows[0]):
        del rows[0]
    if not rows:
        raise LoadError(source, "the file holds no rows")
    header, renamed = header_of(rows[0], source)
    width = len(header)
    body = rows[1:]
    # Only the irregular rows (blank, short, long) are touched: one cheap pass finds them.
    irregular = [] if set(map(len, body)) <= {width} else [index for index, row in enumerate(body) if len(row) != width]
    if irregular:
        blank = {i for i in irregular if is_blank_row(body[i])}
        if blank:
            body = [row for i, row in enumerate(body) if i not in blank]
            irregular = [index for index, row in enumerate(body) if len(row) != width]
    table = Table(source, header, body, chosen, text, renamed)
    for index in irregular:
        row = body[index]
        if len(row) > width:
            if any(cell.strip() for cell in row[width:]):
                raise table.fail(index, width - 1, ragged_row_message(len(row), width))
            del row[width:]
        else:
            table.short_rows[index] = len(row)
            row.extend([""] * (width - len(row)))
    return table



def header_of(cells: list[str], source: str) -> tuple[list[str], list[str]]:
    """A table's header from its first row: names cleaned, empty ones named by their
    place, repeated ones numbered; and the notes that say which were renamed."""
    header = [clean_name(cell) for cell in cells]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise LoadError(source, "the first line (the header) is empty", "line 1")
    for index, name in enumerate(header):
        if not name:
            header[index] = f"column {index + 1}"
    renamed = [
        f"{name!r} appears more than once in the header; column {index + 1} is read as {header[index]!r}"
        for index, name in number_repeated_names(header)
    ]
    return header, renamed


def number_repeated_names(names: list[str]) -> list[tuple[int, str]]:
    """Names met again (compared casefolded) numbered in place, the second ``Total`` made
    ``Total (2)``; the place and the name as it was of each one renamed."""
    renamed: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        folded = name.casefold()
        if folded in seen:
            seen[folded] += 1
            names[index] = f"{name} ({seen[folded]})"
            renamed.append((index, name))
        else:
            seen[folded] = 1
    return renamed


# --- cells --------------------------------------------------------------------------------


def parse_votes(table: Table, row_index: int, column: int, cell: str) -> int | None:
    """A vote count; None where the source withheld it (``*``)."""
    # Longer runs of digits go through parse_count, which refuses them with the cell's
    # place (int() of 4,301 digits raises).
    if cell.isascii() and cell.isdigit() and len(cell) <= PLAIN_DIGITS_MAX:
        return int(cell)
    text = cell.strip()
    if text in WITHHELD:
        return None
    try:
        return parse_count(text)
    except CountError as error:
        raise table.fail(row_index, column, str(error)) from None


def row_filter(table: Table, where: Sequence[tuple[str, str]]) -> Callable[[list[str]], bool] | None:
    """A predicate keeping the rows that match every ``(column, value)``; None keeps all."""
    tests = where_tests(table, where)
    if not tests:
        return None
    check_where(table, where, tests, lambda index: set(map(itemgetter(index), table.rows)))
    return filter_of(tests)


def where_tests(table: Table, where: Sequence[tuple[str, str]]) -> list[tuple[int, str]]:
    """The column and folded value of each ``(column, value)`` filter (from the header alone)."""
    return [(table.column(column, "column to filter on"), _fold(value)) for column, value in where]


def check_where(
    table: Table, where: Sequence[tuple[str, str]], tests: list[tuple[int, str]], cells_of: Callable[[int], Iterable[str]]
) -> None:
    """Refuse a filter whose value no row has, listing the values there are.

    ``cells_of(column)``: the distinct cells of a filtered column (a table read a chunk at
    a time gathers them as it goes). Taken in sorted order, so that of two spellings of
    one value the one shown is the same however the cells were gathered.
    """
    for (index, wanted), (column, value) in zip(tests, where):
        spellings = {_fold(cell): cell.strip() for cell in sorted(cells_of(index))}
        if wanted not in spellings:
            raise LoadError(table.source, f"no row has {column}={value}; {values_text(table.header[index], spellings.values())}")


def filter_of(tests: list[tuple[int, str]]) -> Callable[[list[str]], bool] | None:
    """The predicate of :func:`where_tests`' tests; None keeps every row."""
    if not tests:
        return None
    if len(tests) == 1:
        index, wanted = tests[0]
        return lambda row: _fold(row[index]) == wanted
    return lambda row: all(_fold(row[index]) == wanted for index, wanted in tests)


def values_text(column: str, values: Iterable[str], limit: int = 20) -> str:
    """``the values of 'year' are 1976, 1980, ... (12)``: what a filter could have chosen."""
    shown = sorted({value for value in values if value}, key=lambda v: (len(v), v) if v.isdigit() else (0, v.casefold()))
    if not shown:
        return f"the column {column!r} is empty"
    listed = ", ".join(shown[:limit]) + (f", ... ({len(shown):,} in all)" if len(shown) > limit else "")
    return f"the values of {column!r} are: {listed}"


def parse_where(items: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``COLUMN=VALUE`` texts (the command line's ``--where``) as pairs."""
    result = []
    for item in items:
        column, sep, value = item.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"a filter is written COLUMN=VALUE, not {item!r}")
        result.append((column.strip(), value.strip()))
    return tuple(result)


# --- building a contest -------------------------------------------------------------------


def repeated_rows_note(rows: int, what: str = "a category and candidate already seen") -> str:
    """The note on rows whose votes were added to a cell another row had filled."""
    return f"{quantity(rows, 'row')} {'repeats' if rows == 1 else 'repeat'} {what}; their votes are added together"


class LongTally:
    """Counts gathered from a long table: (category, candidate) -> known sum and withheld cells.

    Names are matched with case and spaces folded, showing the first spelling met, so that
    the contest never sees two names it would refuse as duplicates.
    """

    def __init__(self) -> None:
        self.categories: dict[str, str] = {}
        self.candidates: dict[str, str] = {}
        self.parties: dict[str, dict[str, int]] = {}
        self.known: dict[tuple[str, str], int] = {}
        self.withheld: dict[tuple[str, str], int] = {}
        #: Cells to which at least one row brought a known count.
        self.known_rows: set[tuple[str, str]] = set()
        self.rows = 0
        self.merged_cells = 0
        self.category_attributes: dict[str, dict[str, object]] = {}
        # Raw cell text -> folded key: each distinct spelling is cleaned once, not per row.
        self._category_keys: dict[str, str] = {}
        self._candidate_keys: dict[str, str] = {}

    def category_key(self, raw: str) -> str:
        """The key of a category as written in a cell; '' for a blank name."""
        key = self._category_keys.get(raw)
        if key is None:
            name = clean_name(raw)
            key = self._category_keys[raw] = name.casefold()
            if key and key not in self.categories:
                self.categories[key] = name
        return key

    def candidate_key(self, raw: str) -> str:
        key = self._candidate_keys.get(raw)
        if key is None:
            name = clean_name(raw)
            key = self._candidate_keys[raw] = name.casefold()
            if key and key not in self.candidates:
                self.candidates[key] = name
        return key

    def add_keys(self, cat_key: str, cand_key: str, votes: int | None, party: str | None = None) -> None:
        """Count one row by keys from :meth:`category_key` and :meth:`candidate_key`."""
        if party:
            counts = self.parties.get(cand_key)
            if counts is None:
                counts = self.parties[cand_key] = {}
            counts[party] = counts.get(party, 0) + 1
        key = (cat_key, cand_key)
        self.rows += 1
        known = self.known.get(key)
        if known is not None:
            self.merged_cells += 1
        if votes is None:
            self.withheld[key] = self.withheld.get(key, 0) + 1
            if known is None:
                self.known[key] = 0
        else:
            self.known[key] = (known or 0) + votes
            self.known_rows.add(key)

    def add(self, category: str, candidate: str, votes: int | None, party: str | None = None) -> None:
        self.add_keys(self.category_key(category), self.candidate_key(candidate), votes, party)

    def contest(
        self,
        title: str,
        source: str,
        notes: list[str],
        *,
        declared_category_totals: dict[str, int] | None = None,
        file_source: str | None = None,
    ) -> Contest:
        """The contest: candidates from most to fewest votes, categories in file order.

        A cell made of one withheld value is unknown (None). A cell to which several rows
        add up (the precincts of a county) and some of them withheld is partly known: an
        :class:`~resultsviewer.core.contest.AtLeast` holding every known vote and the
        number of values withheld, so that no known vote is lost and every total built on
        it says "at least".
        """
        if not self.categories or not self.candidates:
            raise LoadError(source, "no rows are left to make a contest of (check the filters and the contest chosen)")
        # A long table makes a dense grid: a million rows of distinct names would ask for
        # a million squared counts.
        check_contest_size(source, len(self.categories), len(self.candidates))
        totals: dict[str, int] = dict.fromkeys(self.candidates, 0)
        for (_, cand_key), value in self.known.items():
            totals[cand_key] += value
        cand_keys = sorted(self.candidates, key=lambda key: -totals[key])
        cat_keys = list(self.categories)
        partial = 0
        unknown = 0
        known = self.known
        counts: list[list[int | None]] = [[known.get((cat_key, cand_key), 0) for cand_key in cand_keys] for cat_key in cat_keys]
        if self.withheld:
            cat_index = {key: index for index, key in enumerate(cat_keys)}
            cand_index = {key: index for index, key in enumerate(cand_keys)}
            known_rows = self.known_rows
            for key, withheld in self.withheld.items():
                cell: int | None
                if withheld == 1 and key not in known_rows:
                    cell = None
                    unknown += 1
                else:
                    cell = AtLeast(known.get(key, 0), withheld)
                    partial += 1
                counts[cat_index[key[0]]][cand_index[key[1]]] = cell
        withheld_values = sum(self.withheld.values())
        if withheld_values:
            notes.append(withheld_note(withheld_values, unknown, partial))
        candidates = []
        for cand_key in cand_keys:
            parties = self.parties.get(cand_key)
            party = max(parties, key=lambda p: parties[p]) if parties else None
            candidates.append(Candidate(self.candidates[cand_key], party=party))
        # A category with nothing but a name is given as its name: the contest checks
        # plain names together rather than each Category one by one.
        categories: list[Category | str] = []
        for cat_key in cat_keys:
            attributes = self.category_attributes.get(cat_key)
            name = self.categories[cat_key]
            categories.append(Category(name, **attributes) if attributes else name)  # type: ignore[arg-type]
        declared = Declared()
        if declared_category_totals:
            declared.category_totals = {self.categories[k]: v for k, v in declared_category_totals.items() if k in self.categories}
        try:
            return Contest(
                title,
                candidates,
                categories,
                counts,
                source=file_source,
                notes="\n".join(notes) if notes else None,
                declared=declared,
                status=None,  # an imported table does not say: unknown, never printed
            )
        except ContestError as error:
            raise LoadError(source, str(error)) from None


def withheld_note(values: int, unknown: int, partial: int) -> str:
    """What an import says of the counts the source withheld."""
    parts = []
    if unknown:
        parts.append(f"{unknown:,} {'cell is' if unknown == 1 else 'cells are'} unknown ({WITHHELD_SIGN})")
    if partial:
        parts.append(
            f"{partial:,} {'cell is' if partial == 1 else 'cells are'} known in part, "
            f"every known vote kept ({AT_LEAST_SIGN}, at least)"
        )
    return (
        f"{values:,} {'value is' if values == 1 else 'values are'} {WITHHELD_WORD} by the source: "
        + " and ".join(parts)
        + "; totals built on them are lower bounds"
    )


def title_from_source(source: str) -> str:
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm", ".xls", ".ods"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def import_long(table: Table, options: ImportOptions) -> ImportResult:
    """A long table: one row per category and candidate, with a votes column."""
    notes = list(table.renamed)
    if not (options.candidate_column and options.votes_column):
        raise LoadError(
            table.source,
            "a long table needs a candidate column and a votes column, and a category column unless it is one "
            f"category (the columns are: {', '.join(table.header)})",
        )
    cat = table.column(options.category_column, "category column") if options.category_column else None
    cand = table.column(options.candidate_column, "candidate column")
    votes = table.column(options.votes_column, "votes column")
    party = table.column(options.party_column, "party column") if options.party_column else None
    code = table.column(options.code_column, "code column") if options.code_column else None
    keep = row_filter(table, options.where)
    tally = LongTally()
    skipped = 0
    # Without a category column the table is one category (a list of candidates and their
    # votes): it takes the votes column's name, and its totals and ballot rows are not candidates.
    single = single_category_name(table.header[votes]) if cat is None else None
    summary: list[str] = []
    two_codes: set[str] = set()
    for index, row in enumerate(table.rows):
        if keep is not None and not keep(row):
            skipped += 1
            continue
        if cat is None:
            if SUMMARY_LABEL.search(row[cand]):
                summary.append(clean_name(row[cand]))
                continue
            cat_key = tally.category_key(single)  # type: ignore[arg-type]
            tally.add_keys(cat_key, tally.candidate_key(row[cand]) or _no_candidate(table, index, cand),
                           parse_votes(table, index, votes, row[votes]), row[party].strip() if party is not None else None)
            continue
        cat_key = tally.category_key(row[cat])
        if not cat_key:
            raise table.fail(index, cat, "this row names no category")
        if code is not None and (code_text := " ".join(row[code].split())):
            kept = tally.category_attributes.setdefault(cat_key, {}).setdefault("code", code_text)
            if kept != code_text:
                two_codes.add(cat_key)
        cand_key = tally.candidate_key(row[cand])
        if not cand_key:
            raise table.fail(index, cand, "this row names no candidate")
        party_text = row[party].strip() if party is not None else None
        tally.add_keys(cat_key, cand_key, parse_votes(table, index, votes, row[votes]), party_text)
    if skipped:
        notes.append(f"{quantity(skipped, 'row')} left out by the filter ({_where_text(options.where)})")
    if summary:
        notes.append(f"{len(summary):,} totals and ballot rows are not candidates: {', '.join(summary)}")
    if tally.merged_cells:
        notes.append(repeated_rows_note(tally.merged_cells))
    if two_codes:
        for key in two_codes:  # a wrong code would match the category with another one
            tally.category_attributes[key].pop("code", None)
        notes.append(
            f"{quantity(len(two_codes), 'category', 'categories')} {'has' if len(two_codes) == 1 else 'have'} two codes "
            f"in the {options.code_column!r} column and keep none: "
            + ", ".join(sorted(tally.categories[key] for key in two_codes)[:5])
        )
    contest = tally.contest(title_from_source(table.source), table.source, notes, file_source=_source_text(table))
    return ImportResult(contest, options, notes)


def single_category_name(votes_header: str) -> str:
    """The one category of a list of candidates: its votes column's name (``Round 1 Votes``
    gives ``Round 1``; a column called just ``Votes`` gives ``All votes``)."""
    name = clean_name(votes_header)
    stripped = re.sub(r"\s*\bvotes?\s*$", "", name, flags=re.IGNORECASE)
    return stripped or "All votes"


def _no_candidate(table: Table, index: int, column: int) -> str:
    raise table.fail(index, column, "this row names no candidate")


def import_wide(
    table: Table,
    options: ImportOptions,
    *,
    candidate_names: dict[str, str] | None = None,
    parties: dict[str, str] | None = None,
    title: str | None = None,
) -> ImportResult:
    """A wide table: one row per category, one column per candidate."""
    notes = list(table.renamed)
    if not options.category_column or not options.candidate_columns:
        raise LoadError(
            table.source,
            "a wide table needs a category column and the candidate columns "
            f"(the columns are: {', '.join(table.header)})",
        )
    cat = table.column(options.category_column, "category column")
    columns = [table.column(name, "candidate column") for name in options.candidate_columns]
    check_contest_size(table.source, len(table.rows), len(columns))
    electorate = table.column(options.electorate_column, "electorate column") if options.electorate_column else None
    rejected = table.column(options.rejected_column, "rejected column") if options.rejected_column else None
    valid = table.column(options.valid_votes_column, "valid votes column") if options.valid_votes_column else None
    code = table.column(options.code_column, "code column") if options.code_column else None
    keep = row_filter(table, options.where)
    names = candidate_names or {}
    candidates = [Candidate(names.get(table.header[c], table.header[c]), party=(parties or {}).get(table.header[c])) for c in columns]
    categories: list[Category] = []
    counts: list[list[int | None]] = []
    declared = Declared()
    seen: dict[str, int] = {}
    skipped = 0
    unknown = 0
    for index, row in enumerate(table.rows):
        if keep is not None and not keep(row):
            skipped += 1
            continue
        name = clean_name(row[cat])
        if not name:
            raise table.fail(index, cat, "this row names no category")
        if name.casefold() in seen:
            raise table.fail(index, cat, f"the category {name!r} appears twice (also line {table.line_of(seen[name.casefold()])})")
        seen[name.casefold()] = index
        found = table.short_rows.get(index)
        if found is not None and any(c >= found for c in columns):
            # An empty cell counts 0 in a wide table; a cell the row never had is missing.
            raise table.fail(index, min(c for c in columns if c >= found), "")
        values = [parse_votes(table, index, c, row[c]) if row[c].strip() else 0 for c in columns]
        unknown += values.count(None)
        attributes: dict[str, object] = {}
        if code is not None and row[code].strip():
            attributes["code"] = " ".join(row[code].split())
        if electorate is not None and row[electorate].strip():
            attributes["electorate"] = parse_votes(table, index, electorate, row[electorate])
        if rejected is not None and row[rejected].strip():
            attributes["rejected"] = parse_votes(table, index, rejected, row[rejected])
        if valid is not None and row[valid].strip():
            total = parse_votes(table, index, valid, row[valid])
            if total is not None:
                declared.category_totals[name] = total
        categories.append(Category(name, **attributes))  # type: ignore[arg-type]
        counts.append(values)
    if not categories:
        raise LoadError(table.source, "no rows are left to make a contest of (check the filters)")
    if skipped:
        notes.append(f"{quantity(skipped, 'row')} left out by the filter ({_where_text(options.where)})")
    if unknown:
        notes.append(withheld_note(unknown, unknown, 0))
    try:
        contest = Contest(
            title or title_from_source(table.source),
            candidates,
            categories,
            counts,
            source=_source_text(table),
            notes="\n".join(notes) if notes else None,
            declared=declared,
            status=None,  # an imported table does not say: unknown, never printed
        )
    except ContestError as error:
        raise LoadError(table.source, str(error)) from None
    return ImportResult(contest, options, notes)


def _where_text(where: Sequence[tuple[str, str]]) -> str:
    return " and ".join(f"{column} = {value}" for column, value in where)


def _source_text(table: Table) -> str:
    return f"Imported from {title_from_source(table.source)}"
