"""``resultsviewer convert IN OUT``: between the native format and CSV, by extension."""

from __future__ import annotations

import argparse

from resultsviewer.core.errors import ContestError
from resultsviewer.core.formats import NATIVE, format_for_path, write_contest

from .common import add_input_arguments, load_input, report_error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("output", metavar="OUT", help="the file to write (.results.json, .json or .csv)")


def run(options: argparse.Namespace) -> int:
    try:
        contest = load_input(options.file, options)
        chosen = write_contest(contest, options.output, format_for_path(options.output) or NATIVE)
    except ContestError as error:
        return report_error(error)
    print(f"wrote {options.output} ({chosen.label})")
    return 0
