"""``resultsviewer tally [FILE] [--method sum|electoral-college] [--json]``."""

from __future__ import annotations

import argparse
import json

from resultsviewer.core.contest import Method
from resultsviewer.core.errors import ContestError
from resultsviewer.core.tally import Tally

from .common import add_input_arguments, load_input, report_error

#: Above this many categories the table lists the largest ones only (``--json`` has all).
MAX_CATEGORY_ROWS = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, optional=True)
    parser.add_argument(
        "--method",
        choices=[method.value for method in Method],
        help="counting method (default: the file's own, else sum)",
    )
    parser.add_argument("--json", action="store_true", help="print the tally as JSON")


def run(options: argparse.Namespace) -> int:
    try:
        contest = load_input(options.file, options)
    except ContestError as error:
        return report_error(error)
    tally = Tally(contest, options.method)
    if options.json:
        print(json.dumps(tally.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_tally(tally))
    return 0


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip()

    return [line(headers), "  ".join("-" * width for width in widths), *(line(row) for row in rows)]


def format_tally(tally: Tally) -> str:
    """The tally as a plain-text report."""
    contest = tally.contest
    heading = contest.title
    details = ", ".join(part for part in (contest.date, contest.status.value) if part)
    lines = [f"{heading} ({details})" if details else heading]
    method_text = {Method.SUM: "sum (one member one vote)", Method.ELECTORAL_COLLEGE: "electoral college (weighted categories)"}
    lines.append(f"Method: {method_text[tally.method]}")
    if contest.source:
        lines.append(f"Source: {contest.source}")
    lines.append("")
    share_header = "Share" if tally.method is Method.SUM else "Weighted share"
    rows = [[r.name, f"{r.votes:,}", r.share.format()] for r in tally.candidates]
    rows.append(["Total valid votes", f"{tally.total_votes:,}", ""])
    lines += _table(["Candidate", "Votes", share_header], rows, {1, 2})
    lines.append(f"(shares are {tally.candidates[0].share.base_text() if tally.candidates else 'of all valid votes'})")
    lines.append("")
    if contest.category_count:
        indexes = list(range(contest.category_count))
        shown = indexes
        if len(indexes) > MAX_CATEGORY_ROWS:
            shown = sorted(sorted(indexes, key=lambda i: -contest.category_total(i))[:MAX_CATEGORY_ROWS])
        headers = ["Category", *(c.name for c in contest.candidates), "Valid votes"]
        rows = []
        for index in shown:
            row = contest.row(index)
            rows.append([contest.category(index).name, *("*" if v is None else f"{v:,}" for v in row), f"{contest.category_total(index):,}"])
        if len(contest.candidates) <= 8:
            lines += _table(headers, rows, set(range(1, len(headers))))
        else:
            lines += _table(["Category", "Valid votes"], [[r[0], r[-1]] for r in rows], {1})
        if len(shown) < len(indexes):
            lines.append(f"({len(indexes) - len(shown):,} smaller categories not shown; --json lists all {len(indexes):,})")
        lines.append("")
    lines.append(tally.summary())
    if tally.rejected is not None:
        lines.append(f"Rejected ballots: {tally.rejected:,}")
    turnout = tally.turnout
    if turnout is not None and tally.electorate is not None:
        lines.append(f"Turnout: {turnout.format()} ({tally.ballots_cast:,} ballots of an electorate of {tally.electorate:,})")
    if tally.lower_bound:
        lines.append(f"Warning: {tally.unknown_cells:,} counts are withheld by the source; every total is a lower bound.")
    if tally.discrepancies:
        lines.append(f"Discrepancies with the declared figures ({len(tally.discrepancies)}):")
        lines += [f"  - {d.message()}" for d in tally.discrepancies]
    elif not contest.declared.is_empty():
        lines.append("The declared figures agree with the counts.")
    return "\n".join(lines)
