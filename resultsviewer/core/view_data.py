"""What the views show, computed once and without Qt: shares with their bases, the chart's
groups and series (what is drawn, in which order and colour, what is lumped together)
and the summary's sentences.

The table model, the chart, the export and the command line read these; none computes a
share or chooses a series of its own. The tally (:mod:`.tally`) decides the result; this
module says how each view presents it.
"""

from __future__ import annotations

import datetime as _dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from .contest import AT_LEAST_SIGN, WITHHELD_EXPLANATION, Contest, Method, is_exact
from .counts import format_count
from .methods import Outcome, count
from .palette import DEFAULT_PALETTE, OTHER_COLOUR
from .parties import display_colours
from .tally import Share, ShareBase, Tally, at_least

#: The chart shows at most this many category groups beside the Overall group.
MAX_GROUPS = 12
OVERALL = "Overall"


class ChartMode(str, Enum):
    """What the bars measure: votes, or each candidate's share of the group's votes."""

    COUNTS = "counts"
    SHARE = "share"


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
    if count <= 1:
        return []  # one category is the Overall group itself (see overall_label)
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


def series_order(contest: Contest) -> list[int]:
    """The candidates' indexes in the order the chart draws them: the file's order; for a
    contest decided in rounds, whose one group is the first round, that round's order, most
    votes first (ties in the file's order), as its rounds chart and RCTab's report draw it,
    not the configuration's order (Minneapolis lists its 35 candidates Z to A)."""
    indexes = list(range(contest.candidate_count))
    if contest.rounds is None:
        return indexes
    return sorted(indexes, key=lambda index: -contest.candidate_total(index))


def chart_series(contest: Contest, limit: int = MAX_SERIES) -> list[Series]:
    """Every candidate as its own series when there are at most ``limit``; else the
    ``limit - 1`` with the most votes, then one "Other" series; in :func:`series_order`."""
    count = contest.candidate_count
    order = series_order(contest)
    if count <= limit:
        return [Series(contest.candidate(index).name, (index,)) for index in order]
    leading = set(heapq.nlargest(limit - 1, range(count), key=contest.candidate_total))
    series = [Series(contest.candidate(index).name, (index,)) for index in order if index in leading]
    rest = tuple(index for index in order if index not in leading)
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
        return Share.of(sums[candidate], weight, ShareBase.WEIGHTED, known_only=contest.inexact_cells > 0)
    return _of_all_valid(contest, contest.candidate_total(candidate))


def _of_all_valid(contest: Contest, votes: int) -> Share:
    """``votes`` as a share of all valid votes, said to be of the known votes where any count is withheld."""
    total = contest.total_votes
    return Share.of(votes, total, ShareBase.ALL_VALID, known_only=contest.inexact_cells > 0)


def group_shares_defined(contest: Contest, category: int | None = None) -> bool:
    """False when a group's shares are undefined (its base holds no votes): the chart in
    shares then draws no bar and no label for it. ``category`` None is the Overall group."""
    if not contest.candidate_count:
        return False
    share = overall_share(contest, 0) if category is None else category_share(contest, category, 0)
    return share.defined


def overall_shares(contest: Contest) -> list[Share]:
    """Every candidate's Overall share (one pass over the running totals)."""
    if contest.method is Method.ELECTORAL_COLLEGE:
        sums, weight = contest.college_sums()
        known_only = contest.inexact_cells > 0
        return [Share.of(value, weight, ShareBase.WEIGHTED, known_only=known_only) for value in sums]
    return [_of_all_valid(contest, contest.candidate_total(index)) for index in range(contest.candidate_count)]


def category_share(contest: Contest, category: int, candidate: int) -> Share:
    """A candidate's share of the valid votes in one category."""
    total = contest.category_total(category)
    count = contest.count(category, candidate) or 0
    return Share.of(count, total, ShareBase.CATEGORY, contest.category_name(category),
                    known_only=contest.category_inexact(category) > 0)


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
    """Every bar of the chart, the Overall group first (see :func:`overall_label`), candidates in file order."""
    values = []
    only = first_group_category(contest)
    if only is None:
        for candidate, share in enumerate(overall_shares(contest)):
            name = contest.candidate(candidate).name
            values.append(
                BarValue(OVERALL, None, name, contest.candidate_total(candidate), share,
                         lower_bound=contest.candidate_inexact(candidate) > 0)
            )
    for category in shown if only is None else [only]:
        group = contest.category_name(category)
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


def overall_label(contest: Contest) -> str:
    """The first group's name: Overall, or the one category's own name when there is only
    one (a group beside it would draw the same bars again)."""
    only = first_group_category(contest)
    return OVERALL if only is None else contest.category_name(only)


def first_group_category(contest: Contest) -> int | None:
    """The category the first group draws, cell by cell (its withheld counts withheld, not
    nought): the only one, or None for the Overall totals of several."""
    return 0 if contest.category_count == 1 else None


def shown_note(contest: Contest, shown: Sequence[int], chosen: bool = False) -> str | None:
    """``11 of 650 categories shown (the largest by valid votes)``, or None when all are."""
    total = contest.category_count
    if len(shown) >= total or total == 1:
        return None
    why = "chosen" if chosen else "the largest by valid votes"
    return f"{len(shown):,} of {total:,} categories shown ({why}); Overall counts all"


def total_share(contest: Contest, category: int, candidate: int) -> Share:
    """One cell as a share of all valid votes in the contest."""
    return _of_all_valid(contest, contest.count(category, candidate) or 0)


def category_total_share(contest: Contest, category: int) -> Share:
    """A category's valid votes as a share of all valid votes in the contest."""
    return _of_all_valid(contest, contest.category_total(category))


def _one_each_in_order(series: Sequence[Series], count: int) -> bool:
    """True when ``series`` are the ``count`` candidates one each, in the file's order: a
    group's values are then the candidates' as they are (not so for a contest in rounds,
    drawn by votes)."""
    return len(series) == count and all(item.candidates == (index,) for index, item in enumerate(series))


def series_colours(contest: Contest, series: Sequence[Series]) -> list[str]:
    """The colour of each series: the candidate's, or grey for the lumped-together rest."""
    colours = display_colours(contest, DEFAULT_PALETTE)  # once: they are chosen together, to stay distinct
    return [OTHER_COLOUR if item.is_other else colours[item.candidates[0]] for item in series]


def group_values(contest: Contest, series: Sequence[Series], mode: ChartMode, category: int | None = None) -> list[float]:
    """The height of each series' bar in one group: the Overall group (``category`` None) or a
    category; votes, or percent of the group's valid votes (the method's share overall).
    O(candidates), from the contest's running totals."""
    if category is None:
        if mode is ChartMode.SHARE:
            values: list[float] = [share.percent for share in overall_shares(contest)]
        else:
            values = [contest.candidate_total(index) for index in range(contest.candidate_count)]
    else:
        row = contest.row(category)
        if mode is ChartMode.SHARE:
            total = contest.category_total(category)
            values = [100.0 * (value or 0) / total if total else 0.0 for value in row]
        else:
            values = [value or 0 for value in row]
    if _one_each_in_order(series, len(values)):
        return values
    return [sum(values[index] for index in item.candidates) for item in series]


@lru_cache(maxsize=64)  # the summary asks on every edit
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


def group_lower_bounds(contest: Contest, series: Sequence[Series], category: int | None = None) -> list[bool]:
    """For each series' bar in one group, whether its value holds a withheld count (so the
    votes are at least what is drawn); ``category`` None for the Overall group."""
    if category is None:
        lower = [contest.candidate_inexact(index) > 0 for index in range(contest.candidate_count)]
    elif contest.category_inexact(category):
        lower = [not is_exact(value) for value in contest.row(category)]
    else:
        lower = [False] * contest.candidate_count
    if _one_each_in_order(series, len(lower)):
        return lower
    return [any(lower[index] for index in item.candidates) for item in series]


#: The summary's warning lists this many disagreeing declared figures, then how many more:
#: a file whose every category total disagrees would otherwise rebuild a tooltip of
#: 100,000 lines on every edit.
MAX_LISTED_DISCREPANCIES = 40
#: Before a warning in the summary.
WARNING_SIGN = "⚠"


@dataclass(frozen=True)
class SummaryText:
    """What the summary bar says: the contest, the result, the facts beneath it, and the warning."""

    #: The contest by name (the window's title names the file, which may say nothing of it).
    heading: str
    #: The deciding result by the contest's method, and (its tooltip) how it was decided.
    result: str
    result_details: str
    facts: str
    #: What a withheld count means (the facts' tooltip), or "" when none is withheld.
    facts_details: str
    #: ``⚠ 2 declared figures disagree`` (``⚠ turnout over 100%; …`` before it), or "" when
    #: every figure is possible and every declared one agrees.
    warning: str
    #: One line per impossible or disagreeing figure (the warning's tooltip).
    warning_details: str


def summary_text(tally: Tally, outcome: Outcome | None = None) -> SummaryText:
    """The summary's sentences: the contest, then the deciding result (by the contest's method,
    or ``outcome`` where the window counts parties), then valid votes, rejected, turnout,
    method and withheld counts, and the declared figures (and winners) that disagree."""
    if outcome is None:
        outcome = count(tally.contest, tally=tally)
    facts = [f"{at_least(tally.total_votes, tally.lower_bound)} valid votes"]
    if tally.rejected:
        facts.append(f"{at_least(tally.rejected, tally.rejected_lower_bound)} rejected")
    turnout = tally.turnout
    if turnout is not None and tally.electorate:
        sign = f"{AT_LEAST_SIGN} " if tally.turnout_lower_bound else ""
        over = f" {WARNING_SIGN} more ballots than electors" if tally.turnout_impossible else ""
        facts.append(f"turnout {sign}{turnout.format()} of {format_count(tally.electorate)} eligible{over}")
    facts.append(f"counted by {outcome.method_label}")
    # What the result cannot be read rightly without, beside it, not in a tooltip.
    facts += [f"{WARNING_SIGN} {text}" for text in outcome.warnings]
    if tally.lower_bound:
        facts.append(tally.withheld_note() or "")
    listed = tally.first_discrepancies(MAX_LISTED_DISCREPANCIES)
    messages = [d.message() for d in listed]
    if tally.discrepancy_count > len(listed):
        messages.append(f"… and {tally.discrepancy_count - len(listed):,} more (View > Declared Figures… lists them all)")
    messages += outcome.winner_discrepancies
    impossible = tally.impossible_figures
    messages = [*impossible, *messages]
    count_ = tally.discrepancy_count + len(outcome.winner_discrepancies)
    warnings = ["turnout over 100%"] if tally.turnout_impossible else []
    over_electorate = tally.categories_over_electorate
    if over_electorate:
        warnings.append(
            f"more ballots than electors in {over_electorate:,} categor{'y' if over_electorate == 1 else 'ies'}"
        )
    if count_:
        warnings.append(f"{count_} declared figure{'s' if count_ != 1 else ''} disagree{'s' if count_ == 1 else ''}")
    warning = f"{WARNING_SIGN} " + "; ".join(warnings) if warnings else ""
    return SummaryText(
        contest_heading(tally.contest),
        outcome.sentence,
        "\n".join([f"Method: {outcome.method_label}", outcome.decided_by, *outcome.warnings, *outcome.notes]),
        " · ".join(facts),
        WITHHELD_EXPLANATION if tally.lower_bound else "",
        warning,
        "\n".join(messages),
    )


__all__ = [
    "MAX_GROUPS",
    "MAX_LISTED_DISCREPANCIES",
    "MAX_SERIES",
    "OVERALL",
    "first_group_category",
    "overall_label",
    "BarValue",
    "ChartMode",
    "Series",
    "SummaryText",
    "bar_values",
    "category_share",
    "category_total_share",
    "chart_series",
    "series_order",
    "contest_heading",
    "date_in_words",
    "default_chart_mode",
    "group_lower_bounds",
    "group_shares_defined",
    "group_values",
    "overall_share",
    "overall_shares",
    "series_colours",
    "shown_categories",
    "shown_note",
    "summary_text",
    "total_share",
]
