"""What the views show, without Qt: shares with their bases, the chart's series, colours and
bar heights, and the summary's sentences. Expected figures are the 2016 Labour leadership
election's as published (by section, Corbyn then Smith)."""

from __future__ import annotations

import colorsys
import json

import pytest

from resultsviewer.core.contest import (
    AT_LEAST_SIGN,
    WITHHELD_EXPLANATION,
    Candidate,
    Category,
    Contest,
    Declared,
    Method,
)
from resultsviewer.core.palette import DEFAULT_PALETTE, OTHER_COLOUR
from resultsviewer.core.tally import ShareBase, Tally
from resultsviewer.core.view_data import (
    MAX_SERIES,
    ChartMode,
    category_share,
    category_total_share,
    chart_series,
    group_values,
    overall_shares,
    series_colours,
    summary_text,
    total_share,
)

LABOUR_2016 = [(168216, 116960), (84918, 36599), (60075, 39670)]
ALL_VALID = sum(map(sum, LABOUR_2016))


def test_shares_say_their_base(default_contest):
    members = LABOUR_2016[0]
    share = category_share(default_contest, 0, 1)
    assert share.value == pytest.approx(members[1] / sum(members))
    assert share.base is ShareBase.CATEGORY and share.describe() == "41.0% of valid votes in Members"
    cell = total_share(default_contest, 0, 1)
    assert cell.value == pytest.approx(members[1] / ALL_VALID) and cell.base is ShareBase.ALL_VALID
    row = category_total_share(default_contest, 2)
    assert row.value == pytest.approx(sum(LABOUR_2016[2]) / ALL_VALID)
    assert row.describe() == f"{100 * sum(LABOUR_2016[2]) / ALL_VALID:.1f}% of all valid votes"


def test_shares_of_nothing_are_zero_not_an_error():
    contest = Contest("Empty", [Candidate("A")], [Category("P")], [[0]])
    assert category_share(contest, 0, 0).value == 0.0
    assert total_share(contest, 0, 0).value == 0.0
    assert category_total_share(contest, 0).value == 0.0


def test_the_overall_group_uses_the_tallys_share(default_contest):
    for method in (Method.SUM, Method.ELECTORAL_COLLEGE):
        default_contest.set_property("method", method)
        tally = Tally(default_contest)
        assert [share.value for share in overall_shares(default_contest)] == pytest.approx(
            [result.share.value for result in tally.candidates]
        )
        series = chart_series(default_contest)
        assert group_values(default_contest, series, ChartMode.SHARE) == pytest.approx(
            [100 * result.share.value for result in tally.candidates]
        )


def test_group_values_are_votes_or_percent_of_the_group(default_contest):
    series = chart_series(default_contest)
    assert group_values(default_contest, series, ChartMode.COUNTS) == [
        sum(row[0] for row in LABOUR_2016),
        sum(row[1] for row in LABOUR_2016),
    ]
    assert group_values(default_contest, series, ChartMode.COUNTS, 1) == list(LABOUR_2016[1])
    assert group_values(default_contest, series, ChartMode.SHARE, 1) == pytest.approx(
        [100 * value / sum(LABOUR_2016[1]) for value in LABOUR_2016[1]]
    )


def test_beyond_the_limit_the_rest_is_lumped_together_in_grey():
    count = MAX_SERIES + 5
    votes = [[1000 - index for index in range(count)]]
    contest = Contest("Many", [Candidate(f"C{index}") for index in range(count)], [Category("All")], votes)
    series = chart_series(contest)
    assert len(series) == MAX_SERIES
    assert [item.name for item in series[:-1]] == [f"C{index}" for index in range(MAX_SERIES - 1)]
    rest = series[-1]
    assert rest.is_other and rest.name == "6 more candidates"
    assert rest.candidates == tuple(range(MAX_SERIES - 1, count))
    values = group_values(contest, series, ChartMode.COUNTS)
    assert values[-1] == sum(votes[0][MAX_SERIES - 1:])
    colours = series_colours(contest, series)
    assert colours[-1] == OTHER_COLOUR
    assert colours[:3] == list(DEFAULT_PALETTE[:3])


def test_series_colours_prefer_the_candidates_own(default_contest):
    colours = series_colours(default_contest, chart_series(default_contest))
    assert colours[0] == default_contest.candidate(0).colour
    contest = Contest("Plain", [Candidate("A"), Candidate("B")], [Category("All")], [[1, 2]])
    assert series_colours(contest, chart_series(contest)) == list(DEFAULT_PALETTE[:2])


def test_summary_sentences(default_contest):
    text = summary_text(Tally(default_contest))
    assert text.result == "Jeremy Corbyn wins with 61.8%, margin 119,980 votes (23.7 points)"
    assert text.facts.startswith(f"{ALL_VALID:,} valid votes")
    assert text.warning == ""


def test_summary_warns_of_declared_figures_that_disagree():
    # A counted 10 where the source printed 11, so the valid votes are 30 where it printed 31.
    declared = Declared(candidate_totals={"A": 11, "B": 20}, valid_votes=31)
    contest = Contest("D", [Candidate("A"), Candidate("B")], [Category("All")], [[10, 20]], declared=declared)
    text = summary_text(Tally(contest))
    assert text.warning == "⚠ 2 declared figures disagree"
    assert len(text.warning_details.splitlines()) == 2
    contest.set_count(0, 0, 11)
    assert summary_text(Tally(contest)).warning == ""


def test_summary_says_totals_are_lower_bounds_when_counts_are_withheld():
    contest = Contest("W", [Candidate("A"), Candidate("B")], [Category("P1"), Category("P2")], [[5, None], [3, 4]])
    text = summary_text(Tally(contest))
    # 5 + 3 + 4 known votes; the withheld one would add to them.
    assert text.facts.startswith(f"{AT_LEAST_SIGN} 12 valid votes")
    assert "Counts withheld in 1 of 2 categories (1 value): totals are lower bounds" in text.facts
    assert text.facts_details == WITHHELD_EXPLANATION


def _lightness(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(red, green, blue)[1]


def test_the_more_candidates_bar_is_not_the_grey_of_independents_and_others(shared_real):
    """The HoC 2019 chart draws "Independent" as a series of its own and sums 57 more: the
    sum is drawn in a grey of its own, visibly lighter than the reference table's grey
    of the parties "Other" and "Independent" (read from the shipped JSON here)."""
    from pathlib import Path

    from resultsviewer.core.formats import import_contest

    reference = json.loads((Path(__file__).parents[2] / "resources/reference/party_colours.json").read_text("utf-8"))
    other_party = next(p for p in reference["parties"] if "Independent" in p.get("aliases", ()))["colour"].lower()
    contest = import_contest(shared_real / "uk_general/HoC-GE2019-results-by-candidate.csv").contest
    series = chart_series(contest)
    colours = dict(zip((item.name for item in series), series_colours(contest, series)))
    assert series[-1].is_other and series[-1].name.startswith("57 more")
    independent = colours["Independent"]
    aggregate = colours[series[-1].name]
    assert independent == other_party
    assert aggregate != independent
    assert abs(_lightness(aggregate) - _lightness(independent)) >= 0.15
