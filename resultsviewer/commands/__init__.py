"""The ``resultsviewer`` command: the window, or a subcommand for scripts and batches.

``tally``, ``check`` and ``convert`` import no Qt, so they run where Qt cannot load
and start fast. Each subcommand lives in its own module with ``add_parser`` and ``run``;
the module is imported only when its command is asked for.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from resultsviewer import __version__

#: Subcommand name -> (module under resultsviewer.commands, one-line help).
COMMANDS: dict[str, tuple[str, str]] = {
    "tally": ("tally", "print the tally of a contest file (the default contest without FILE)"),
    "check": ("check", "check that a file loads; warnings such as discrepancies on stderr"),
    "convert": ("convert", "convert between the native format and CSV, chosen by extension"),
    "export": ("export", "export charts of contest files as PNG, SVG or PDF (no display needed)"),
    "contests": ("contests", "list the contests a multi-contest file holds (OpenElections offices, MEDSL years)"),
}

PROG = "resultsviewer"


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Look at, check, edit and publish the results of contests decided by votes. "
        "With no command, opens the window (on FILE, or on the 2016 Labour leadership election).",
        epilog="commands:\n"
        + "\n".join(f"  {name:<10} {help_text}" for name, (_, help_text) in COMMANDS.items())
        + f"\n\n'{PROG} COMMAND --help' describes a command.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a contest file to open in the window")
    return parser


def command_parser(name: str) -> argparse.ArgumentParser:
    module_name, help_text = COMMANDS[name]
    module = importlib.import_module(f"resultsviewer.commands.{module_name}")
    parser = argparse.ArgumentParser(prog=f"{PROG} {name}", description=help_text)
    module.add_arguments(parser)
    parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``resultsviewer`` and ``python -m resultsviewer``."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            parser = command_parser(args[0])
            options = parser.parse_args(args[1:])
            return int(options._run(options) or 0)
        options = _top_parser().parse_args(args)
        from resultsviewer.platform_check import window_problem

        # Qt aborts the process (exit 134) where it cannot open a window: say why first.
        problem = window_problem()
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
        from resultsviewer.gui.app import run_app

        return run_app(options.file)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
