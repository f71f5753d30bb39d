"""A chart in words and numbers, without Qt: the alt text that says the result (the SVG's
``<desc>``, and text the window can copy for a web page), the CSV of the exact numbers
written beside an exported image (``--with-data``), and the chart file formats.

What the chart draws (groups, series, shares) is :mod:`.view_data`'s.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from decimal import Decimal

from .contest import Contest, Method
from .counts import full_stop, is_exact
from .formats.csv_safety import spreadsheet_safe
from .methods import Outcome, count
from .rounds import InactiveKind, RoundResult
from .tally import withheld_note

# What the chart shows lives in view_data; these names are re-exported for the callers
# that knew them here.
from .view_data import (
    MAX_GROUPS,
    MAX_SERIES,
    OVERALL,
    BarValue,
    ChartMode,
    Series,
    bar_values,
    category_share,
    chart_series,
    contest_heading,
    date_in_words,
    default_chart_mode,
    first_group_category,
    overall_share,
    overall_shares,
    shown_categories,
    shown_note,
)

#: The file formats a chart is exported in, named by their extensions.
CHART_FORMATS = ("png", "svg", "pdf")


def chart_format_for_path(path: str | os.PathLike[str]) -> str | None:
    """``png``, ``svg`` or ``pdf`` from a file name's extension; None for anything else."""
    suffix = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    return suffix if suffix in CHART_FORMATS else None


def alt_text(
    contest: Contest,
    mode: ChartMode = ChartMode.COUNTS,
    stacked: bool = False,
    shown: Sequence[int] | None = None,
    *,
    max_groups_in_words: int = 12,
) -> str:
    """The chart's result in words, for screen readers and web pages.

    ``Bar chart. Jeremy Corbyn 313,209 votes (61.8%), Owen Smith 193,229 (38.2%). ...``
    Candidates come in order of the result; each shown category follows in one sentence.
    """
    if shown is None:
        shown = shown_categories(contest)
    kind = "Stacked bar chart" if stacked else "Bar chart"
    measure = "shares of the valid votes" if mode is ChartMode.SHARE else "votes"
    sentences = [full_stop(f"{kind} of {measure}: {contest.title}")]
    if contest.candidate_count and contest.total_votes:
        outcome = count(contest)
        sentences.append(full_stop(f"Result by {outcome.method_label}: {outcome.sentence}"))
    if contest.candidate_count == 0:
        sentences.append("No candidates.")
        return " ".join(sentences)
    shares = overall_shares(contest)
    order = sorted(range(contest.candidate_count), key=lambda index: (-shares[index].value, index))
    weighted = contest.method is Method.ELECTORAL_COLLEGE
    parts = []
    for position, index in enumerate(order):
        votes = _in_words(contest.candidate_total(index), contest.candidate_inexact(index) > 0)
        unit = " votes" if position == 0 else ""
        share = shares[index].format() + (" weighted" if weighted and position == 0 else "")
        parts.append(f"{contest.candidate(index).name} {votes}{unit} ({share})")
    only = first_group_category(contest)
    if only is None:  # one category is said in its own sentence below, its withheld counts withheld
        sentences.append(("Overall (electoral college): " if weighted else "Overall: ") + ", ".join(parts) + ".")
    if contest.total_votes == 0:
        sentences.append("No votes counted yet.")
    for category in (list(shown) if only is None else [only])[:max_groups_in_words]:
        total = _in_words(contest.category_total(category), contest.category_inexact(category) > 0)
        words = []
        for index in order:
            cell = contest.count(category, index)
            if cell is None:
                words.append(f"{contest.candidate(index).name} withheld")
            else:
                votes = _in_words(cell, not is_exact(cell))
                words.append(f"{contest.candidate(index).name} {votes} ({category_share(contest, category, index).format()})")
        sentences.append(f"{contest.category_name(category)}, {total} valid votes: " + ", ".join(words) + ".")
    if len(shown) > max_groups_in_words:
        sentences.append(f"{len(shown) - max_groups_in_words:,} more categories are drawn.")
    note = shown_note(contest, shown)
    if note:
        sentences.append(full_stop(note[0].upper() + note[1:]))
    note = withheld_note(contest)
    if note:
        sentences.append(full_stop(note))
    return " ".join(sentences)


def _in_words(votes: int, lower_bound: bool) -> str:
    """A count as a screen reader says it: "at least 150" where withheld counts would add to it."""
    return f"at least {int(votes):,}" if lower_bound else f"{int(votes):,}"


def chart_data_csv(contest: Contest, shown: Sequence[int] | None = None) -> str:
    """The exact numbers behind the chart as CSV: one row per bar.

    Columns: group, candidate, votes (empty when withheld), share (a fraction of 1 to
    nine places; empty when withheld), the base of the share, and whether the votes are exact, at least what
    they say (some counts withheld) or withheld. Written beside an exported image so that a
    reader can check every bar.
    """
    if shown is None:
        shown = shown_categories(contest)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["group", "candidate", "votes", "share", "share_base", "votes_are"])
    for value in bar_values(contest, shown):
        writer.writerow(
            [
                spreadsheet_safe(value.group),
                spreadsheet_safe(value.candidate),
                "" if value.withheld else str(int(value.votes)),  # a count known in part: its known votes, "at least" below
                # A withheld count's share is unknown, not 0; a share of no votes is undefined.
                "" if value.withheld or not value.share.defined else f"{value.share.value:.9f}",
                spreadsheet_safe(value.share.base_text()),
                value.votes_status,
            ]
        )
    return buffer.getvalue()


def seats_data_csv(outcome: Outcome) -> str:
    """The numbers behind a seats, parliament or electoral-votes chart as CSV: one row per
    candidate (or party), in the chart's order.

    Columns: candidate, ``seats`` or ``electoral_votes`` (what the bars or the hemicycle
    draw), whether that figure is exact or at least what it says (electoral votes not
    known for every state), the votes, their share of all valid votes and its base, and
    whether the votes are exact. Seats or electoral votes no one carries (ties, withheld
    counts) are a last row, ``(not won by anyone)``, as the chart leaves them grey.
    """
    unit = {"seats": "seats", "electoral votes": "electoral_votes"}.get(outcome.unit)
    if unit is None:
        raise ValueError(f"a contest counted in {outcome.unit} has no seats chart")
    units_are = "at least" if outcome.needed is None else "exact"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["candidate", unit, f"{unit}_are", "votes", "share", "share_base", "votes_are"])
    for standing in outcome.ranking():
        writer.writerow(
            [
                spreadsheet_safe(standing.name),
                str(standing.units or 0),
                units_are,
                str(int(standing.votes)),
                f"{standing.pooled_share.value:.9f}" if standing.pooled_share.defined else "",
                spreadsheet_safe(standing.pooled_share.base_text()),
                "at least" if standing.votes_lower_bound else "exact",
            ]
        )
    if outcome.total_units is not None:
        undecided = outcome.total_units - sum(standing.units or 0 for standing in outcome.standings)
        if undecided:
            writer.writerow(["(not won by anyone)", str(undecided), units_are, "", "", "", ""])
    return buffer.getvalue()


def rounds_data_csv(result: RoundResult, number: int | None = None) -> str:
    """The numbers behind a rounds figure as CSV: round ``number``, or every round (None:
    all the rounds, or the transfers).

    One row per candidate still counting in the round: its votes, their share of the
    ballots still counting (a fraction of 1 to nine places, as RCTab's "% of vote"), its
    status (``elected``, ``eliminated`` at the end of the round, or ``continuing``), the
    votes it gains or loses in the transfers to the next round (RCTab's "transfer"), and
    the round's threshold. Then one row per kind of inactive ballot (``Inactive ballots:
    overvotes``...; status ``inactive``), cumulative as in RCTab's report, its transfer
    the ballots becoming inactive that way in the next round.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["round", "candidate", "votes", "share", "status", "transfer", "threshold"])
    numbers = range(1, len(result.rounds) + 1) if number is None else [number]
    for current in numbers:
        round_ = result.round(current)
        following = result.round(current + 1) if current < len(result.rounds) else None
        active = round_.active
        threshold = "" if round_.threshold is None else _decimal_text(round_.threshold)
        for name, votes in round_.tally.items():
            if name in round_.elected:
                status = "elected"
            elif name in round_.eliminated:
                status = "eliminated"
            else:
                status = "continuing"
            moved = Decimal(0) if following is None else following.tally.get(name, Decimal(0)) - votes
            writer.writerow(
                [
                    str(current),
                    spreadsheet_safe(name),
                    _decimal_text(votes),
                    f"{votes / active:.9f}" if active else "",
                    status,
                    _decimal_text(moved),
                    threshold,
                ]
            )
        for kind in InactiveKind:
            inactive = round_.inactive.get(kind, Decimal(0))
            moved = Decimal(0) if following is None else following.inactive.get(kind, Decimal(0)) - inactive
            writer.writerow(
                [str(current), f"Inactive ballots: {kind.label}", _decimal_text(inactive), "", "inactive",
                 _decimal_text(moved), threshold]
            )
    return buffer.getvalue()


def _decimal_text(value: Decimal) -> str:
    """A count exactly, with no separators: ``12345`` or ``12345.5``."""
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


__all__ = [
    "CHART_FORMATS",
    "MAX_GROUPS",
    "MAX_SERIES",
    "OVERALL",
    "BarValue",
    "ChartMode",
    "Series",
    "alt_text",
    "bar_values",
    "category_share",
    "chart_data_csv",
    "rounds_data_csv",
    "seats_data_csv",
    "chart_format_for_path",
    "chart_series",
    "contest_heading",
    "date_in_words",
    "default_chart_mode",
    "overall_share",
    "overall_shares",
    "shown_categories",
    "shown_note",
]
