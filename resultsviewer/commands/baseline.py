"""``--baseline OLD``: what the commands share for comparing a contest with the one before.

The baseline file is read with its own columns guessed (the import options on the command
line are FILE's); a House of Commons Library, OpenElections, MEDSL or native file needs
nothing more than, for a file of many contests or years, ``--baseline-where``,
``--baseline-contest`` and ``--baseline-by``, and ``--baseline-code-column``. ``--alias A=B`` adds a name to the alias table (``--no-aliases`` drops the
shipped one), ``--match-by`` forces matching candidates by name or by party.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resultsviewer.core.contest import Contest
from resultsviewer.core.counts import quantity
from resultsviewer.core.errors import LoadError
from resultsviewer.core.tally import signed_points

if TYPE_CHECKING:
    from resultsviewer.core.compare import Changes, Comparison

#: Above this many categories, the plain text lists the changed winners only up to here.
MAX_LISTED = 40

#: The values of ``compare.By``, spelt out so that parsing a command line does not import
#: the comparison (a plain ``tally`` never needs it); tests/commands check they agree.
MATCH_BY_CHOICES = ("name", "party")


def add_baseline_arguments(parser: argparse.ArgumentParser, *, seats: bool = True) -> None:
    group = parser.add_argument_group(
        "change since last time", "compare with the contest before (its columns are guessed from its header)"
    )
    group.add_argument("--baseline", metavar="OLD", help="the contest before: report the change since it")
    if seats:
        group.add_argument(
            "--seats", action="store_true",
            help="with --baseline: count seats (the most votes wins each category) and their gains and losses",
        )
    group.add_argument(
        "--alias", metavar="NAME=PARTY", action="append", default=[],
        help="with --baseline: count NAME as PARTY when matching (repeatable); "
        "the shipped table already says 'Labour and Co-operative=Labour'",
    )
    group.add_argument("--no-aliases", action="store_true", help="with --baseline: leave out the shipped alias table")
    group.add_argument("--match-by", choices=MATCH_BY_CHOICES, help="with --baseline: match candidates by name or party")
    group.add_argument(
        "--baseline-where", metavar="COLUMN=VALUE", action="append", default=[],
        help="with --baseline: keep only these rows of OLD (repeatable), e.g. --where year=2020 --baseline-where year=2016",
    )
    group.add_argument("--baseline-contest", metavar="NAME", help="with --baseline: OLD's office, for a multi-contest file")
    group.add_argument("--baseline-by", choices=["county", "precinct"], help="with --baseline: OLD's categories (OpenElections)")
    group.add_argument("--baseline-code-column", metavar="NAME", help="with --baseline: OLD's column of category codes")


def check_baseline_options(options: argparse.Namespace) -> str | None:
    """A message when a baseline option is given without --baseline."""
    if getattr(options, "baseline", None):
        return None
    flags = (
        ("--seats", "seats"), ("--marks", "marks"), ("--alias", "alias"), ("--no-aliases", "no_aliases"),
        ("--match-by", "match_by"), ("--baseline-where", "baseline_where"), ("--baseline-contest", "baseline_contest"),
        ("--baseline-by", "baseline_by"), ("--baseline-code-column", "baseline_code_column"),
    )
    used = [flag for flag, attribute in flags if getattr(options, attribute, None)]
    return f"{', '.join(used)} needs --baseline OLD" if used else None


def aliases_from(options: argparse.Namespace) -> dict[str, str]:
    from resultsviewer.core.compare import DEFAULT_ALIASES  # with --baseline only

    aliases = {} if options.no_aliases else dict(DEFAULT_ALIASES)
    for item in options.alias:
        name, sep, party = item.partition("=")
        if not sep or not name.strip() or not party.strip():
            raise LoadError("--alias", f"expected NAME=PARTY, not {item!r}")
        aliases[name.strip()] = party.strip()
    return aliases


def load_comparison(contest: Contest, options: argparse.Namespace, method: str | None = None) -> Comparison:
    """The comparison of ``contest`` with the file named by ``--baseline``.

    Raises :class:`LoadError` (naming the baseline file) or :class:`CompareError`; the
    contest is never changed.
    """
    from resultsviewer.core.compare import Comparison
    from resultsviewer.core.formats import import_contest
    from resultsviewer.core.formats.delimited import ImportOptions, parse_where

    path = options.baseline
    aliases = aliases_from(options)
    try:
        where = parse_where(options.baseline_where or [])
    except ValueError as error:
        raise LoadError("--baseline-where", str(error)) from None
    try:
        result = import_contest(
            path,
            ImportOptions(
                where=where, contest=options.baseline_contest, by=options.baseline_by,
                code_column=options.baseline_code_column,
            ),
        )
    except LoadError as error:
        raise LoadError(error.source, f"the baseline cannot be read: {error.message}", error.place) from None
    except OSError as error:  # a folder given as the baseline, an unreadable file
        raise LoadError(str(path), f"the baseline cannot be read: {error.strerror or error}") from None
    baseline = result.contest
    return Comparison(
        contest, baseline, aliases=aliases, by=options.match_by, method=method,
        baseline_source=baseline.source or Path(path).name,
    )


def _points(value: float | None) -> str:
    return "unknown" if value is None else f"{signed_points(value)} points"


def _share(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _votes(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def add_to_json(document: dict[str, Any], changes: Changes) -> dict[str, Any]:
    """The tally's JSON with the change since the baseline.

    Each candidate gains ``baseline_votes``, ``baseline_share`` and ``share_change_points``
    (with seats: ``baseline_seats``, ``seats``, ``seats_change``, ``gains``, ``losses``); one
    merged with others by the alias table has them for the merged row, named in
    ``counted_as``. The top level gains ``swing``, ``unmatched`` and ``comparison``.
    """
    comparison = changes.to_dict()
    rows = {row["name"]: row for row in comparison["candidates"]}
    contest = changes.comparison.current
    for index, item in enumerate(document["candidates"]):
        entry = changes.matching.entry_for_current(index)
        row = rows.get(entry.label) if entry is not None else None
        if row is None:
            continue
        if len(entry.current) > 1 or entry.label != contest.candidate(index).name:  # type: ignore[union-attr]
            item["counted_as"] = entry.label  # type: ignore[union-attr]
        for key in ("baseline_votes", "baseline_share", "share_change_points", "votes_change", "incomplete"):
            item[key] = row[key]
        for key in ("seats", "baseline_seats", "seats_change", "gains", "losses"):
            if key in row:
                item[key] = row[key]
    document["swing"] = comparison["swing"]
    document["unmatched"] = comparison["unmatched"]
    document["comparison"] = comparison
    return document


def format_changes(changes: Changes) -> str:
    """The change since the baseline in words and a table (plain text)."""
    from resultsviewer.core.compare import swing_unknown_text

    from .tally import _table

    comparison = changes.comparison
    baseline = comparison.baseline
    matching = changes.matching
    lines = [f"Change since {baseline.title} (the baseline)"]
    if comparison.baseline_source:
        lines.append(f"Baseline source: {comparison.baseline_source}")
    lines.append(f"Candidates matched by {matching.by.value}; shares are of all valid votes, changes in percentage points.")
    for entry in matching.entries:
        if len(entry.current) > 1 or len(entry.baseline) > 1:
            names = [comparison.current.candidate(i).name for i in entry.current]
            names += [f"{baseline.candidate(i).name} (baseline)" for i in entry.baseline]
            lines.append(f"Counted as {entry.label}: " + ", ".join(dict.fromkeys(names)))
    lines.append("")
    rows = [
        [row.label + (" *" if row.incomplete else ""), _votes(row.votes), _share(row.share), _share(row.baseline_share),
         "" if row.share_change_points is None else signed_points(row.share_change_points)]
        for row in changes.candidates
    ]
    lines += _table(["Candidate", "Votes", "Share", "Baseline", "Change (points)"], rows, {1, 2, 3, 4})
    if changes.withheld_text:
        lines.append(f"Warning: {changes.withheld_text}.")
        if any(row.incomplete for row in changes.candidates):
            lines.append("* has withheld counts: its votes are at least those shown; its share and change are of the known counts only.")
    lines.append("")
    if changes.swing is not None:
        swing = changes.swing
        known_only = any(row.incomplete for row in changes.candidates if row.label in (swing.source, swing.to))
        lines.append(
            f"Swing: {swing.points:.1f} points from {swing.source} to {swing.to} ({swing.rule_text()})"
            + ("; of the known counts only" if known_only else "")
        )
    else:
        lines.append(f"Swing: none ({swing_unknown_text(changes.candidates)})")
    turnout = changes.turnout_change_points
    if turnout is not None:
        now, then = changes.tally.turnout, changes.baseline_tally.turnout
        lines.append(f"Turnout: {now.format() if now else ''}, {_points(turnout)} (from {then.format() if then else ''})")
    else:
        lines.append(f"Turnout change: unknown ({changes.turnout_unknown_text})")
    if changes.seats is not None:
        lines.append("")
        majority = changes.majority_text()
        if majority:
            lines.append(majority)
        lines.append("Seats (the most votes wins each category):")
        seat_rows = [
            [s.label, f"{s.seats:,}", f"{s.seats_change:+,}" if s.seats_change else "0", f"{s.gains:,}", f"{s.losses:,}"] for s in changes.seats
        ]
        lines += _table(["Party", "Seats", "Change", "Gains", "Losses"], seat_rows, {1, 2, 3, 4})
        if changes.unknown_seats:
            unknown = changes.unknown_seats
            lines.append(f"({quantity(unknown, 'category', 'categories')} {'has' if unknown == 1 else 'have'} no known winner: "
                         "a tie, no votes or withheld counts)")
    if changes.categories:
        lines.append("")
        changed = [c for c in changes.categories if c.changed_hands]
        lines.append(
            f"Categories matched by {matching.categories_by}: {len(matching.category_pairs):,} of "
            f"{comparison.current.category_count:,}; the winner changed in {len(changed):,}"
            + (":" if changed else ".")
        )
        for change in changed[:MAX_LISTED]:
            lines.append(f"  - {change.name}: {change.result_text()}")
        if len(changed) > MAX_LISTED:
            lines.append(f"  ({len(changed) - MAX_LISTED:,} more; --json lists every category)")
    unmatched = matching.unmatched_candidates
    for side, what in (("current", "this contest"), ("baseline", "the baseline")):
        if unmatched[side]:
            names = list(unmatched[side])
            shown = ", ".join(names[:12]) + (f" and {len(names) - 12:,} more" if len(names) > 12 else "")
            lines.append(f"Unmatched candidates of {what} ({len(names):,}): {shown}")
    for side, what in (("current", "this contest"), ("baseline", "the baseline")):
        names = list(matching.unmatched_categories[side])
        if names:
            shown = ", ".join(names[:12]) + (f" and {len(names) - 12:,} more" if len(names) > 12 else "")
            lines.append(f"Unmatched categories of {what} ({len(names):,}): {shown}")
    found, checked, unchecked = changes.check_declared()
    if checked or unchecked:
        text = f"Declared changes in share: {checked:,} checked"
        if unchecked:
            text += f" ({unchecked:,} not checked: their candidate or category is unmatched)"
        text += f", {len(found):,} disagree with the counts:" if found else ", all agree with the counts"
        lines.append(text)
        lines += [f"  - {d.message()}" for d in found[:MAX_LISTED]]
    return "\n".join(lines)


__all__ = ["add_baseline_arguments", "add_to_json", "format_changes", "load_comparison"]
