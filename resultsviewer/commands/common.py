"""What the subcommands share: reading the input contest and reporting errors."""

from __future__ import annotations

import argparse
import sys

from resultsviewer.core.contest import Contest


def add_input_arguments(parser: argparse.ArgumentParser, *, optional: bool = False, many: bool = False) -> None:
    """The input file argument(s) of a command."""
    if many:
        parser.add_argument("files", nargs="+", metavar="FILE", help="contest files (native JSON or CSV)")
    elif optional:
        parser.add_argument("file", nargs="?", metavar="FILE", help="a contest file (default: the 2016 Labour leadership election)")
    else:
        parser.add_argument("file", metavar="FILE", help="a contest file (native JSON or CSV)")


def load_input(path: str | None, options: argparse.Namespace | None = None) -> Contest:
    """The contest a command works on: a file, or the embedded default without one.

    Raises the core's :class:`~resultsviewer.core.errors.LoadError` on a bad file.
    """
    if path is None:
        from resultsviewer.core.bundled import default_contest

        return default_contest()
    from resultsviewer.core.formats import read_contest

    return read_contest(path)


def report_error(error: BaseException) -> int:
    """Print a core error as one clear line on stderr; the exit code for it."""
    print(f"resultsviewer: {error}", file=sys.stderr)
    return 1
