"""``resultsviewer check FILE``: exit 0 when the file loads, 1 with the reason otherwise."""

from __future__ import annotations

import argparse
import sys

from resultsviewer.core.counts import quantity
from resultsviewer.core.errors import ContestError
from resultsviewer.core.reader_warnings import contest_notes, contest_warnings
from resultsviewer.core.tally import Tally, at_least

from .common import add_input_arguments, load_input, report_error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)


def run(options: argparse.Namespace) -> int:
    try:
        contest = load_input(options.file, options)
    except ContestError as error:
        return report_error(error)
    tally = Tally(contest)
    for note in contest_notes(contest):
        print(f"note: {options.file}: {note}", file=sys.stderr)
    for warning in contest_warnings(contest, tally):
        print(f"warning: {options.file}: {warning}", file=sys.stderr)
    print(
        f"{options.file}: OK: {quantity(contest.category_count, 'category', 'categories')} x "
        f"{quantity(contest.candidate_count, 'candidate')}, "
        f"{at_least(tally.total_votes, tally.lower_bound)} valid votes"
    )
    return 0
