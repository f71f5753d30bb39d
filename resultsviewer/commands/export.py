"""``resultsviewer export [FILE...] -o OUT``: charts for print, from the command line, with no display.

The same rendering path as the window's File > Export Chart (``gui/export.py``). Every
FILE is loaded before anything is written, so a bad file ends the command with one
clear line and exit status 1, and no chart. Qt is imported only inside :func:`run`,
after choosing the offscreen platform, so the command runs on a server.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from resultsviewer.core.bundled import DEFAULT_CONTEST_FILE
from resultsviewer.core.contest import Contest
from resultsviewer.core.describe import CHART_FORMATS, chart_format_for_path
from resultsviewer.core.errors import ContestError
from resultsviewer.core.formats import contest_file_stem
from resultsviewer.core.reader_warnings import contest_warnings

from .baseline import add_baseline_arguments, check_baseline_options, load_comparison
from .common import add_input_arguments, load_input, report_error
from .tally import _method, merges_applied, party_grouping_misuse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, many=True)
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True,
        help="the chart to write (.png, .svg or .pdf); with several FILEs, a folder to write one chart per file into. "
        "The folder must exist: a missing one is refused (as convert refuses it), never created",
    )
    figure = parser.add_argument_group("the chart")
    figure.add_argument("--width", type=int, default=1600, metavar="PX", help="width in pixels (default 1600)")
    figure.add_argument(
        "--height", type=int, default=None, metavar="PX",
        help="height in pixels (default 1000; one round's chart, --round N, only as tall as its bars need)",
    )
    figure.add_argument("--scale", type=int, choices=(1, 2, 3), default=1, help="PNG: device pixels per pixel, for high-DPI screens")
    figure.add_argument("--dpi", type=int, default=150, help="PDF: pixels per inch of the page (default 150)")
    figure.add_argument(
        "--mode", choices=("counts", "share"), default=None,
        help="bars of votes or of shares (default: counts; shares for a contest of more than 12 categories)",
    )
    figure.add_argument("--stacked", action="store_true", help="stack the candidates in one bar per group")
    figure.add_argument(
        "--chart", choices=("votes", "seats", "parliament"), default=None,
        help="votes (bars of votes or shares), seats (seats or electoral votes won, with the line to pass) or "
        "parliament (a hemicycle of seats); default: the chart of the rule that decides (seats for a seats count)",
    )
    counting = parser.add_argument_group("counting")
    counting.add_argument(
        "--method", type=_method, metavar="METHOD",
        help="sum, sections, seats or electoral-votes (default: the file's own); refused for a contest decided "
        "in rounds (instant runoff), which its rounds decide",
    )
    counting.add_argument("--group-by-party", action="store_true", help="count parties: sum the candidates of each party")
    counting.add_argument("--merge", metavar="A=B", action="append", default=[], help="merge party or candidate A into B (repeatable)")
    figure.add_argument("--title", metavar="T", help="the title (default: the contest's)")
    figure.add_argument("--subtitle", metavar="S", help="the subtitle (default: what is shown, the date and status)")
    figure.add_argument("--source", metavar="S", help="the source line (default: the contest's source)")
    figure.add_argument(
        "--format", choices=CHART_FORMATS,
        help="the format when OUT is a folder (default png); otherwise OUT's extension decides",
    )
    figure.add_argument(
        "--with-data", action="store_true",
        help="also write the numbers the chart draws as CSV beside it (same name, .csv): votes per bar; seats or "
        "electoral votes per candidate for a seats, parliament or electoral-votes chart; for --round or "
        "--transfers, the rounds drawn (votes, share, status, transfer, inactive ballots). The charts and their "
        "CSVs are one save: if any cannot be written, none is and the old files are left as they were",
    )
    rounds = parser.add_argument_group("contests decided in rounds (RCTab files, ballots CSVs)")
    rounds.add_argument(
        "--round", metavar="N|first|final|all",
        help="draw one round (a number, first or final) or all of them as small multiples",
    )
    rounds.add_argument(
        "--transfers", action="store_true",
        help="draw where the votes went in every round (a flow diagram); not with --round",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="refuse to write any chart of a file with warnings (declared figures that disagree with the counts, "
        "counts withheld); without it the warnings go to stderr and the charts are written",
    )
    add_baseline_arguments(parser, seats=False)
    parser.add_argument(
        "--marks", action="store_true",
        help="with --baseline: the ordinary chart with a line across each bar at its figure in OLD, "
        "instead of the change chart",
    )


def _chart_name(path: str | None, file_format: str) -> str:
    """The chart's file name in a folder: FILE's stem (the default contest's without FILE)."""
    return f"{contest_file_stem(Path(path).name if path else DEFAULT_CONTEST_FILE)}.{file_format}"


def _targets(options: argparse.Namespace) -> list[tuple[Path, str]] | str:
    """(chart path, format) per FILE, or a message saying why OUT does not do."""
    output = Path(options.output)
    folder = len(options.files) > 1 or output.is_dir() or options.output.endswith(("/", os.sep))
    if not folder:
        chosen = chart_format_for_path(output)
        if chosen is None:
            return f"{output}: cannot tell the format from the extension; use .png, .svg or .pdf"
        if options.format and options.format != chosen:
            return f"{output}: --format {options.format} disagrees with the extension .{chosen}"
        return [(output, chosen)]
    if output.exists() and not output.is_dir():
        return f"{output}: several files make several charts, so OUT must be a folder, and this is a file"
    file_format = options.format or "png"
    targets = [(output / _chart_name(path, file_format), file_format) for path in options.files]
    seen: dict[Path, str] = {}
    for (target, _), path in zip(targets, options.files):
        if target in seen:
            return f"{seen[target]} and {path} would both be written to {target}"
        seen[target] = path
    return targets


def _use_offscreen_unless_running() -> None:
    """No display is needed: choose the offscreen platform, unless Qt already runs (tests, the window)."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None and widgets.QApplication.instance() is not None:
        return
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def _quiet_offscreen_warning() -> None:
    """Drop the offscreen platform's "does not support propagateSizeHints()" line, printed
    for every chart laid out off screen; every other Qt message still reaches stderr."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(kind: object, context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _output_files(targets: list[tuple[Path, str]], with_data: bool) -> list[Path]:
    """Every file the command would write: each chart, and its CSV beside it with --with-data."""
    files = []
    for target, _ in targets:
        files.append(target)
        if with_data:
            files.append(target.with_suffix(".csv"))
    return files


def run(options: argparse.Namespace) -> int:
    from resultsviewer.core.atomic import check_target
    from resultsviewer.core.errors import SaveError
    from resultsviewer.core.methods import method_refusal

    if not options.files:
        options.files = [None]  # no FILE: the default contest, as ``tally`` with no FILE
    targets = _targets(options)
    if isinstance(targets, str):
        print(f"resultsviewer: {targets}", file=sys.stderr)
        return 1
    # Every file must load before any chart is written: a batch either works or writes nothing.
    misuse = check_baseline_options(options)
    if options.baseline and (options.round is not None or options.transfers):
        misuse = "--baseline draws the change since OLD; it does not go with --round or --transfers"
    if options.transfers and options.round is not None:
        misuse = "--transfers draws where the votes went in every round; it does not go with --round (give one or the other)"
    if misuse:
        return report_error(ValueError(misuse))
    # Every output is checked before any work: a missing folder is refused as `convert`
    # refuses it (never created), and so is a folder, a FIFO or a device where a file goes.
    try:
        for path in _output_files(targets, options.with_data):
            check_target(path)
    except SaveError as error:
        return report_error(error)
    contests: list[Contest] = []
    changes: list[object | None] = []
    try:
        for path in options.files:
            shown = path if path is not None else "the default contest"
            contest = merges_applied(load_input(path, options), options.merge, shown)
            refusal = method_refusal(contest)
            if options.method is not None and refusal:
                return report_error(ValueError(f"{shown}: {refusal}"))
            misuse = party_grouping_misuse(contest, options, shown)
            if misuse:
                return report_error(ValueError(misuse))
            if options.method is not None:
                contest.set_property("method", options.method)
            contests.append(contest)
            # --baseline: the change chart of each FILE against OLD (refused before any is written).
            changes.append(load_comparison(contest, options).changes() if options.baseline else None)
    except ContestError as error:
        return report_error(error)
    except OSError as error:  # a folder given as FILE, an unreadable file
        print(f"resultsviewer: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1
    # Warnings as `check` gives them, before any chart: with --strict, one is an error.
    warned = False
    for path, contest in zip(options.files, contests):
        for warning in contest_warnings(contest):
            warned = True
            shown = path if path is not None else "the default contest"
            print(f"{'resultsviewer' if options.strict else 'warning'}: {shown}: {warning}", file=sys.stderr)
    if warned and options.strict:
        print("resultsviewer: --strict: no chart was written", file=sys.stderr)
        return 1

    _use_offscreen_unless_running()
    from PySide6.QtWidgets import QApplication

    from resultsviewer.core.describe import default_chart_mode
    from resultsviewer.core.methods import count
    from resultsviewer.core.seat_charts import ChartKind, chart_kinds
    from resultsviewer.gui.export import ExportOptions, chart_file_format, data_bytes, export_bytes

    kinds = []
    for path, contest in zip(options.files, contests):
        outcome = count(contest, by_party=options.group_by_party)
        available = chart_kinds(outcome)
        kind = ChartKind(options.chart) if options.chart else available[0]
        if kind not in available:
            if contest.rounds is not None:
                remedy = "draw its rounds with --round N|first|final|all or --transfers"
            else:
                remedy = "use --method seats or electoral-votes"
            print(
                f"resultsviewer: {path}: there is no {kind.value} chart for a contest counted by {outcome.method_label}; "
                f"{remedy}",
                file=sys.stderr,
            )
            return 1
        kinds.append(kind)

    app = QApplication.instance()
    if app is None:
        _quiet_offscreen_warning()
        app = QApplication(["resultsviewer"])
    try:
        base = ExportOptions(
            width=options.width, height=ExportOptions.height if options.height is None else options.height, scale=options.scale, dpi=options.dpi,
            mode=options.mode or "counts", stacked=options.stacked,
            title=options.title, subtitle=options.subtitle, source=options.source,
        )
    except ValueError as error:
        print(f"resultsviewer: {error}", file=sys.stderr)
        return 1
    if options.round is not None or options.transfers:
        files = _rounds_files(contests, targets, options, base)
    else:
        files = []
        try:
            for contest, kind, change, (target, file_format) in zip(contests, kinds, changes, targets):
                mode = options.mode or default_chart_mode(contest)
                chosen = replace(
                    base, format=file_format, mode=mode, kind=kind, by_party=options.group_by_party,
                    changes=None if options.marks else change, baseline_marks=change if options.marks else None,
                )
                files.append((target, export_bytes(contest, chosen, chart_file_format(target, chosen))))
                if options.with_data:
                    files.append((target.with_suffix(".csv"), data_bytes(contest, chosen)))
        except ContestError as error:
            return report_error(error)
    if isinstance(files, int):
        return files
    return _write_all(files)


def _write_all(files: list[tuple[Path, bytes]]) -> int:
    """Write every chart and CSV as one save: all of them, or (a target refused or failing)
    none, every old file left as it was."""
    from resultsviewer.core.atomic import atomic_write_all

    try:
        atomic_write_all(files)
    except ContestError as error:
        return report_error(error)
    for path, _ in files:
        print(f"wrote {path}")
    return 0


def _rounds_files(contests: list[Contest], targets: list[tuple[Path, str]], options: argparse.Namespace, base) -> list[tuple[Path, bytes]] | int:  # type: ignore[no-untyped-def]
    """``--round`` / ``--transfers``: the rounds figures of contests decided in rounds, and
    with --with-data the numbers they draw (round by round); an exit status on refusal."""
    from resultsviewer.gui.rounds_export import RoundsFigure, rounds_data_bytes, rounds_file_bytes

    figure = RoundsFigure(round=options.round or "final", transfers=options.transfers)
    for contest, path in zip(contests, options.files):
        shown = path if path is not None else contest.title  # no FILE: the default contest
        if contest.rounds is None:
            print(f"resultsviewer: {shown}: this contest is decided in one count; it has no rounds to draw", file=sys.stderr)
            return 1
        try:
            figure.round_number(contest.rounds)
        except ValueError as error:
            print(f"resultsviewer: {shown}: {error}", file=sys.stderr)
            return 1
    files: list[tuple[Path, bytes]] = []
    try:
        for contest, (target, file_format) in zip(contests, targets):
            chosen = replace(base, format=file_format)
            files.append((target, rounds_file_bytes(contest, target, figure, chosen, fit_height=options.height is None)))
            if options.with_data:
                files.append((target.with_suffix(".csv"), rounds_data_bytes(contest, figure)))
    except ContestError as error:
        return report_error(error)
    return files
