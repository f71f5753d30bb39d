"""What the subcommands share: reading the input contest (with the import choices for
tables of any shape) and reporting errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from resultsviewer.core.contest import Contest
from resultsviewer.core.errors import LoadError

#: The options of add_import_arguments, by their attribute names.
IMPORT_ATTRIBUTES = (
    "category_column", "candidate_column", "votes_column", "candidate_columns", "where", "contest", "by",
    "sheet", "header_row", "data_rows", "code_column",
)


def add_input_arguments(parser: argparse.ArgumentParser, *, optional: bool = False, many: bool = False) -> None:
    """The input file argument(s) of a command, and the choices for importing a table."""
    if many:
        parser.add_argument(
            "files", nargs="*", metavar="FILE",
            help="contest files (native JSON or any table; default: the 2016 Labour leadership election)",
        )
    elif optional:
        parser.add_argument("file", nargs="?", metavar="FILE", help="a contest file (default: the 2016 Labour leadership election)")
    else:
        parser.add_argument("file", metavar="FILE", help="a contest file (native JSON or any table)")
    add_import_arguments(parser)


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """``--category-column`` and the rest: how to read a table that is not our own CSV.

    Anything not given is guessed from the header (OpenElections, MEDSL and House of
    Commons Library files are recognised by their columns).
    """
    group = parser.add_argument_group(
        "importing a table",
        "for a CSV/TSV of another shape; what is not given is guessed from its columns",
    )
    group.add_argument("--category-column", metavar="NAME", help="the column naming the category (constituency, county...)")
    group.add_argument("--candidate-column", metavar="NAME", help="long table: the column naming the candidate or party")
    group.add_argument("--votes-column", metavar="NAME", help="long table: the column of votes")
    group.add_argument(
        "--candidate-columns", metavar="A,B,C", help="wide table: the columns that are candidates, separated by commas"
    )
    group.add_argument(
        "--where", metavar="COLUMN=VALUE", action="append", default=[],
        help="keep only the rows where COLUMN is VALUE (repeatable: all must hold), e.g. --where year=2020; "
        "applied before the contest is chosen, so --where party=DEM settles which 'President' of a primary",
    )
    group.add_argument(
        "--contest", metavar="NAME",
        help="multi-contest files: the office (and district, party), e.g. 'President', among the rows --where keeps",
    )
    group.add_argument("--by", choices=["county", "precinct"], help="OpenElections files: categories are counties or precincts")
    group.add_argument(
        "--code-column", metavar="NAME",
        help="long or wide table: a column of category codes (ONS, FIPS...), by which --baseline matches categories",
    )
    sheets = parser.add_argument_group(
        "workbooks (.xlsx, .xlsm, .xls, .ods)",
        "the table is found on the sheet (title rows, two-row headers, totals and footnotes are skipped); "
        "`resultsviewer contests BOOK` lists the sheets",
    )
    sheets.add_argument("--sheet", metavar="NAME|NUMBER", help="the sheet to read, by name or number from 1 (default: the one holding a table)")
    sheets.add_argument("--header-row", metavar="N[-M]", help="the header's row on the sheet, as the spreadsheet numbers it (25, or 25-26 for two rows)")
    sheets.add_argument("--data-rows", metavar="FIRST-LAST", help="the table's data rows on the sheet, e.g. 27-33")


def import_options(options: argparse.Namespace | None):  # -> ImportOptions | None
    """The import choices given on the command line; None when none were."""
    from resultsviewer.core.formats.delimited import ImportOptions, parse_where

    if options is None:
        return None
    values = {name: getattr(options, name, None) for name in IMPORT_ATTRIBUTES}
    if not any(values.values()):
        return ImportOptions()
    try:
        where = parse_where(values["where"] or [])
    except ValueError as error:
        raise LoadError("--where", str(error)) from None
    columns = tuple(name.strip() for name in (values["candidate_columns"] or "").split(",") if name.strip())
    return ImportOptions(
        category_column=values["category_column"],
        candidate_column=values["candidate_column"],
        votes_column=values["votes_column"],
        candidate_columns=columns,
        where=where,
        contest=values["contest"],
        by=values["by"],
        sheet=values["sheet"],
        header_rows=values["header_row"],
        data_rows=values["data_rows"],
        code_column=values["code_column"],
    )


def load_input(path: str | None, options: argparse.Namespace | None = None) -> Contest:
    """The contest a command works on: a file, or the embedded default without one.

    A table that is not native JSON is imported with the command line's choices (the
    rest guessed); what the import left out or merged is said on stderr. Raises the
    core's :class:`~resultsviewer.core.errors.LoadError` on a bad file.
    """
    if path is None:
        from resultsviewer.core.bundled import default_contest

        if options is not None and any(getattr(options, name, None) for name in IMPORT_ATTRIBUTES):
            # The embedded contest is read as it is: a filter given for it would be passed over.
            from resultsviewer.core.formats.importing import refuse_options_for_native

            refuse_options_for_native("the embedded default contest", import_options(options))
        return default_contest()
    from resultsviewer.core.formats import import_contest

    result = import_contest(path, import_options(options))
    for note in result.notes:
        print(f"note: {Path(path).name}: {note}", file=sys.stderr)
    return result.contest


def report_error(error: BaseException) -> int:
    """Print a core error as one clear line on stderr; the exit code for it."""
    print(f"resultsviewer: {error}", file=sys.stderr)
    return 1
