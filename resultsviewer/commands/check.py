"""``resultsviewer check FILE``: exit 0 when the file loads, 1 with the reason otherwise."""

from __future__ import annotations

import argparse
import sys

from resultsviewer.core.errors import ContestError
from resultsviewer.core.methods import count
from resultsviewer.core.tally import Tally

from .common import add_input_arguments, load_input, report_error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)


def run(options: argparse.Namespace) -> int:
    try:
        contest = load_input(options.file, options)
    except ContestError as error:
        return report_error(error)
    tally = Tally(contest)
    for discrepancy in tally.discrepancies:
        print(f"warning: {options.file}: {discrepancy.message()}", file=sys.stderr)
    for message in count(contest, tally=tally).winner_discrepancies:
        print(f"warning: {options.file}: {message}", file=sys.stderr)
    if tally.lower_bound:
        print(f"warning: {options.file}: {tally.unknown_cells:,} counts withheld; totals are lower bounds", file=sys.stderr)
    print(
        f"{options.file}: OK: {contest.category_count:,} categories x {contest.candidate_count:,} candidates, "
        f"{tally.total_votes:,} valid votes"
    )
    return 0
