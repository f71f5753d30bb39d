"""``resultsviewer contests FILE``: the contests a multi-contest file holds.

OpenElections files hold every office on the ballot (and in a primary, each party's
race); MEDSL files hold one election per year. The labels printed are what
``--contest`` takes. A workbook's sheets are listed with what each seems to hold; a
sheet's name or number is what ``--sheet`` takes.
"""

from __future__ import annotations

import argparse
import json

from resultsviewer.core.counts import quantity
from resultsviewer.core.errors import ContestError

from .common import report_error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a multi-contest table (OpenElections, MEDSL) or a workbook")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.add_argument("--sheet", metavar="NAME|NUMBER", help="workbooks: list the contests of the table on this sheet")


def run(options: argparse.Namespace) -> int:
    from resultsviewer.core.formats import is_workbook_path
    from resultsviewer.core.formats.importing import list_file_contests

    if is_workbook_path(options.file) and not options.sheet:
        return _list_sheets(options)
    try:
        if is_workbook_path(options.file):
            contests = _sheet_contests(options.file, options.sheet)
        else:
            # A large OpenElections file is read a chunk of rows at a time, as tally reads it.
            contests = list_file_contests(options.file)
    except ContestError as error:
        return report_error(error)
    if options.json:
        print(json.dumps(
            [
                {"contest": c.label, "office": c.office, "district": c.district or None, "party": c.party or None,
                 "rows": c.rows, "spellings": sorted(c.spellings), "counts_voters_not_votes": c.pseudo}
                for c in contests
            ],
            indent=2, ensure_ascii=False,
        ))
        return 0
    width = max(len(c.label) for c in contests)
    # A large file's counts run to millions: the column as wide as the widest.
    rows_width = max(7, *(len(f"{c.rows:,}") for c in contests))
    real = [c for c in contests if not c.pseudo]
    print(f"{options.file}: {quantity(len(real), 'contest')}")
    for info in contests:
        extra = []
        if info.pseudo:
            extra.append("counts voters or ballots, not a contest")
        if len(info.spellings) > 1:
            extra.append("spelled " + " / ".join(sorted(info.spellings)))
        elif info.spellings and next(iter(info.spellings)) not in (info.label, info.office):
            extra.append(next(iter(info.spellings)))
        suffix = f"  ({'; '.join(extra)})" if extra else ""
        print(f"  {info.label:<{width}}  {info.rows:>{rows_width},} {'row ' if info.rows == 1 else 'rows'}{suffix}")
    print("Open one with --contest NAME, e.g. --contest " + repr(real[0].label if real else contests[0].label))
    return 0


def _list_sheets(options: argparse.Namespace) -> int:
    from resultsviewer.core.formats.importing import list_sheets

    try:
        sheets = list_sheets(options.file)
    except ContestError as error:
        return report_error(error)
    if options.json:
        print(json.dumps(
            [{"sheet": s.name, "number": n, "rows": s.rows, "columns": s.columns, "table": s.table, "guess": s.guess,
              "problem": s.problem}
             for n, s in enumerate(sheets, 1)],
            indent=2, ensure_ascii=False,
        ))
        return 0
    useful = [s for s in sheets if s.useful]
    print(f"{options.file}: {len(sheets)} sheet{'' if len(sheets) == 1 else 's'}, {len(useful)} with a table")
    width = max(len(s.name) for s in sheets)
    for number, summary in enumerate(sheets, 1):
        what = summary.table if summary.useful else f"no table ({summary.problem})" if summary.rows else "empty"
        print(f"  {number:>2}. {summary.name:<{width}}  {summary.rows:>6,} {'row ' if summary.rows == 1 else 'rows'}  {what}")
        if summary.guess:
            print(f"      {' ' * width}  {'':>6}       {summary.guess}")
    if useful:
        print("Open one with --sheet NAME or NUMBER, e.g. --sheet " + repr(useful[0].name))
    return 0


def _sheet_contests(path: str, sheet: str):  # -> list[ContestInfo]
    """The contests of the table on one sheet (an OpenElections or MEDSL table saved as a workbook)."""
    from resultsviewer.core.errors import LoadError
    from resultsviewer.core.formats.delimited import ImportOptions
    from resultsviewer.core.formats.importing import choose_sheet, contests_of_table, table_from_sheet
    from resultsviewer.core.formats.workbook import read_workbook_sheets

    chosen = choose_sheet(read_workbook_sheets(path), sheet, path)
    contests = contests_of_table(table_from_sheet(chosen, path, ImportOptions()))
    if not contests:
        raise LoadError(path, f"sheet {chosen.name!r} holds one contest (it has no office or year column to tell contests apart)")
    return contests
