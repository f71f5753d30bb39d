"""``resultsviewer convert IN OUT``: between the native format and CSV, by extension.

Nothing is dropped silently: when OUT's format cannot hold part of the contest (a CSV has
no title, date, status, source...), the losses are listed on stderr and nothing is written
unless ``--allow-loss`` is given. An extension that names no format is refused.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from resultsviewer.core.errors import ContestError
from resultsviewer.core.formats import FORMATS, NATIVE, format_for_path, write_contest

from .common import add_input_arguments, load_input, report_error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("output", metavar="OUT", help="the file to write (.results.json, .json or .csv)")
    parser.add_argument(
        "--allow-loss", action="store_true",
        help="write even when OUT's format cannot hold everything (the losses are still listed on stderr)",
    )


def formats_text() -> str:
    """``.results.json or .json (Results Viewer contest), .csv (Spreadsheet CSV)``."""
    return ", ".join(
        f"{' or '.join(file_format.extensions)} ({file_format.label})" for file_format in FORMATS if file_format.write
    )


def run(options: argparse.Namespace) -> int:
    from resultsviewer.core.formats.losses import format_losses

    chosen = format_for_path(options.output)
    output = Path(options.output)
    if chosen is None and (os.path.lexists(output) and not output.is_file()):
        # A device, FIFO or socket: the save's own refusal says what it is (nothing is written).
        chosen = NATIVE
    if chosen is None:
        print(
            f"resultsviewer: {options.output}: the extension names no format a contest can be written in; "
            f"use one of: {formats_text()}",
            file=sys.stderr,
        )
        return 1
    try:
        contest = load_input(options.file, options)
        lost = format_losses(contest, chosen, options.output, read_from=options.file)
    except ContestError as error:
        return report_error(error)
    if lost:
        verb = "leaves out" if options.allow_loss else "would leave out"
        print(f"{'warning' if options.allow_loss else 'resultsviewer'}: {options.output}: {chosen.label} {verb}:", file=sys.stderr)
        for item in lost:
            print(f"  - {item}", file=sys.stderr)
        if not options.allow_loss:
            print(
                "Nothing was written. Give --allow-loss to write it anyway, or write a .results.json file, which keeps everything.",
                file=sys.stderr,
            )
            return 1
    try:
        write_contest(contest, options.output, chosen)
    except ContestError as error:
        return report_error(error)
    print(f"wrote {options.output} ({chosen.label})")
    return 0
