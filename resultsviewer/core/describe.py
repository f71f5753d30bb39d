"""A contest as a bar chart shows it, in words and numbers, without Qt.

The chart (``gui/chart.py``) and the export (``gui/export.py``) draw what this module
chooses and computes: which categories are shown beside the Overall group, the value of
every bar in counts or shares, the alt text that says the result in words (the SVG's
``<desc>``, and text the window can copy for a web page), and the CSV of the exact
numbers written beside an exported image (``--with-data``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import heapq
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from .contest import Contest, Method, is_exact
from .formats.csv_safety import spreadsheet_safe
from .tally import Share, ShareBase, withheld_note

#: The chart shows at most this many category groups beside the Overall group.
MAX_GROUPS = 12
OVERALL = "Overall"


class ChartMode(str, Enum):
    """What the bars measure: votes, or each candidate's share of the group's votes."""

    COUNTS = "counts"
    SHARE = "share"


#: The file formats a chart is exported in, named by their extensions.
CHART_FORMATS = ("png", "svg", "pdf")


def chart_format_for_path(path: str | os.PathLike[str]) -> str | None:
    """``png``, ``svg`` or ``pdf`` from a file name's extension; None for anything else."""
    suffix = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    return suffix if suffix in CHART_FORMATS else None


def date_in_words(text: str) -> str:
    """``2016-09-24`` as ``24 September 2016``; any other text (``2016``, ``2016-09``) as it is."""
    try:
        date = _dt.date.fromisoformat(text)
    except ValueError:
        return text
    return f"{date.day} {date.strftime('%B %Y')}"


def contest_heading(contest: Contest) -> str:
    """What a contest is, in one line: ``Labour Party leadership election 2016 · 24 September 2016 · final result``."""
    parts = [contest.title]
    if contest.date and date_in_words(contest.date) not in contest.title:  # said once
        parts.append(date_in_words(contest.date))
    if contest.status is not None:  # an unknown status (an imported table) is not printed
        parts.append(f"{contest.status.value} result")
    return " · ".join(parts)


def default_chart_mode(contest: Contest) -> ChartMode:
    """Counts, except for a contest of more categories than the chart draws: beside the
    overall totals, a few of hundreds of constituencies would be bars too small to see in
    counts, while in shares every group is on the same scale."""
    return ChartMode.SHARE if contest.category_count > MAX_GROUPS else ChartMode.COUNTS


def shown_categories(contest: Contest, chosen: Sequence[int] | None = None, limit: int = MAX_GROUPS) -> list[int]:
    """The categories drawn beside the Overall group, in file order.

    ``chosen`` (valid indexes only, at most ``limit``) wins; otherwise every category
    when there are at most ``limit``, else the ``limit - 1`` largest by valid votes, so
    that a general election of 650 constituencies stays readable.
    """
    count = contest.category_count
    if chosen is not None:
        valid = sorted({index for index in chosen if 0 <= index < count})
        return valid[:limit]
    if count <= limit:
        return list(range(count))
    largest = heapq.nlargest(limit - 1, range(count), key=contest.category_total)
    return sorted(largest)


#: The chart draws at most this many series: the candidates with the most votes, and
#: "Other" for the rest, so that a file of hundreds of write-ins stays a readable chart.
MAX_SERIES = 15


@dataclass(frozen=True)
class Series:
    """One colour of bars: a candidate, or the sum of the candidates not drawn alone."""

    name: str
    candidates: tuple[int, ...]

    @property
    def is_other(self) -> bool:
        return len(self.candidates) != 1


def chart_series(contest: Contest, limit: int = MAX_SERIES) -> list[Series]:
    """Every candidate as its own series when there are at most ``limit``; else the
    ``limit - 1`` with the most votes, in file order, then one "Other" series."""
    count = contest.candidate_count
    if count <= limit:
        return [Series(contest.candidate(index).name, (index,)) for index in range(count)]
    leading = set(heapq.nlargest(limit - 1, range(count), key=contest.candidate_total))
    series = [Series(contest.candidate(index).name, (index,)) for index in range(count) if index in leading]
    rest = tuple(index for index in range(count) if index not in leading)
    names = {item.name for item in series}
    # Not "Other": results files often have a party of that name (the House of Commons Library's do).
    other = f"{len(rest):,} more candidates"
    while other in names:
        other += " "
    series.append(Series(other, rest))
    return series


def overall_share(contest: Contest, candidate: int) -> Share:
    """A candidate's share in the Overall group: the share that decides the contest.

    Computed from the contest's running totals in O(1) (the electoral college uses its
    running weighted sums), as :class:`~resultsviewer.core.tally.Tally` does, so the
    chart can follow an edit of a 20,000-category contest without a full tally.
    """
    if contest.method is Method.ELECTORAL_COLLEGE:
        sums, weight = contest.college_sums()
        return Share(sums[candidate] / weight if weight else 0.0, ShareBase.WEIGHTED)
    total = contest.total_votes
    return Share(contest.candidate_total(candidate) / total if total else 0.0, ShareBase.ALL_VALID)


def overall_shares(contest: Contest) -> list[Share]:
    """Every candidate's Overall share (one pass over the running totals)."""
    if contest.method is Method.ELECTORAL_COLLEGE:
        sums, weight = contest.college_sums()
        return [Share(value / weight if weight else 0.0, ShareBase.WEIGHTED) for value in sums]
    total = contest.total_votes
    return [
        Share(contest.candidate_total(index) / total if total else 0.0, ShareBase.ALL_VALID)
        for index in range(contest.candidate_count)
    ]


def category_share(contest: Contest, category: int, candidate: int) -> Share:
    """A candidate's share of the valid votes in one category."""
    total = contest.category_total(category)
    count = contest.count(category, candidate) or 0
    return Share(count / total if total else 0.0, ShareBase.CATEGORY, contest.category(category).name)


@dataclass(frozen=True)
class BarValue:
    """One bar: a candidate in a group (the Overall group has ``category`` None)."""

    group: str
    category: int | None
    candidate: str
    votes: int
    share: Share
    #: True where the source withheld the count (it is drawn as 0).
    withheld: bool = False
    #: True where the votes hold a withheld count: they are at least ``votes``.
    lower_bound: bool = False

    @property
    def votes_status(self) -> str:
        """``exact``, ``at least`` or ``withheld``: how far ``votes`` can be trusted."""
        if self.withheld:
            return "withheld"
        return "at least" if self.lower_bound else "exact"


def bar_values(contest: Contest, shown: Sequence[int]) -> list[BarValue]:
    """Every bar of the chart, the Overall group first, candidates in file order."""
    values = []
    for candidate, share in enumerate(overall_shares(contest)):
        name = contest.candidate(candidate).name
        values.append(
            BarValue(OVERALL, None, name, contest.candidate_total(candidate), share,
                     lower_bound=contest.candidate_inexact(candidate) > 0)
        )
    for category in shown:
        group = contest.category(category).name
        for candidate in range(contest.candidate_count):
            values.append(
                BarValue(
                    group,
                    category,
                    contest.candidate(candidate).name,
                    contest.count(category, candidate) or 0,
                    category_share(contest, category, candidate),
                    contest.count(category, candidate) is None,
                    lower_bound=not is_exact(contest.count(category, candidate)),
                )
            )
    return values


def shown_note(contest: Contest, shown: Sequence[int], chosen: bool = False) -> str | None:
    """``11 of 650 categories shown (the largest by valid votes)``, or None when all are."""
    total = contest.category_count
    if len(shown) >= total:
        return None
    why = "chosen" if chosen else "the largest by valid votes"
    return f"{len(shown):,} of {total:,} categories shown ({why}); Overall counts all"


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
    sentences = [f"{kind} of {measure}: {contest.title}."]
    if contest.candidate_count and contest.total_votes:
        from .methods import count

        outcome = count(contest)
        sentences.append(f"Result by {outcome.method_label}: {outcome.sentence}.")
    if contest.candidate_count == 0:
        sentences.append("No candidates.")
        return " ".join(sentences)
    shares = overall_shares(contest)
    order = sorted(range(contest.candidate_count), key=lambda index: (-shares[index].value, index))
    weighted = contest.method is Method.ELECTORAL_COLLEGE
    parts = []
    for position, index in enumerate(order):
        votes = contest.candidate_total(index)
        unit = " votes" if position == 0 else ""
        share = shares[index].format() + (" weighted" if weighted and position == 0 else "")
        parts.append(f"{contest.candidate(index).name} {votes:,}{unit} ({share})")
    lead = "Overall (electoral college): " if weighted else "Overall: "
    sentences.append(lead + ", ".join(parts) + ".")
    if contest.total_votes == 0:
        sentences.append("No votes counted yet.")
    for category in list(shown)[:max_groups_in_words]:
        total = contest.category_total(category)
        words = []
        for index in order:
            votes = contest.count(category, index)
            if votes is None:
                words.append(f"{contest.candidate(index).name} withheld")
            else:
                words.append(f"{contest.candidate(index).name} {votes:,} ({category_share(contest, category, index).format()})")
        sentences.append(f"{contest.category(category).name}, {total:,} valid votes: " + ", ".join(words) + ".")
    if len(shown) > max_groups_in_words:
        sentences.append(f"{len(shown) - max_groups_in_words:,} more categories are drawn.")
    note = shown_note(contest, shown)
    if note:
        sentences.append(note[0].upper() + note[1:] + ".")
    note = withheld_note(contest)
    if note:
        sentences.append(note + ".")
    return " ".join(sentences)


def chart_data_csv(contest: Contest, shown: Sequence[int] | None = None) -> str:
    """The exact numbers behind the chart as CSV: one row per bar.

    Columns: group, candidate, votes (empty when withheld), share (a fraction of 1 to
    nine places), the base of the share, and whether the votes are exact, at least what
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
                "" if value.withheld else str(value.votes),
                f"{value.share.value:.9f}",
                spreadsheet_safe(value.share.base_text()),
                value.votes_status,
            ]
        )
    return buffer.getvalue()


__all__ = [
    "MAX_GROUPS",
    "OVERALL",
    "BarValue",
    "ChartMode",
    "alt_text",
    "bar_values",
    "category_share",
    "chart_data_csv",
    "overall_share",
    "overall_shares",
    "shown_categories",
    "shown_note",
]
