"""A share of no votes is undefined, not 0%: the core marks it, and each view says "–"."""

from __future__ import annotations

import csv
import io

from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.core.describe import chart_data_csv
from resultsviewer.core.tally import Tally
from resultsviewer.core.view_data import category_share, category_total_share, overall_share, total_share

EN_DASH = "\u2013"


def _contest(rows: list[list[int]]) -> Contest:
    return Contest(
        "Zeros", [Candidate("Alice"), Candidate("Bob")], [Category("North"), Category("South")][: len(rows)], rows
    )


def test_a_share_of_a_category_of_no_votes_is_undefined_and_says_a_dash() -> None:
    contest = _contest([[0, 0], [3, 1]])
    north = category_share(contest, 0, 0)
    assert not north.defined
    assert north.format() == EN_DASH
    assert north.describe().startswith(EN_DASH)
    assert "0.0%" not in north.describe()
    south = category_share(contest, 1, 0)
    assert south.defined and south.format() == "75.0%"
    # Of the whole contest (4 votes), North's cells and its total are 0% of something.
    assert total_share(contest, 0, 0).format() == "0.0%"
    assert category_total_share(contest, 0).format() == "0.0%"


def test_shares_of_a_contest_of_no_votes_are_undefined_everywhere() -> None:
    contest = _contest([[0, 0], [0, 0]])
    tally = Tally(contest)
    assert [result.share.format() for result in tally.candidates] == [EN_DASH, EN_DASH]
    assert [result.pooled_share.defined for result in tally.candidates] == [False, False]
    assert overall_share(contest, 0).format() == EN_DASH
    assert category_total_share(contest, 1).format() == EN_DASH
    shares = [candidate["share"] for candidate in tally.to_dict()["candidates"]]
    assert shares == [None, None]


def test_the_chart_data_leaves_an_undefined_share_empty() -> None:
    contest = _contest([[0, 0], [3, 1]])
    rows = list(csv.DictReader(io.StringIO(chart_data_csv(contest))))
    by_bar = {(row["group"], row["candidate"]): row for row in rows}
    assert by_bar[("North", "Alice")]["share"] == ""
    assert by_bar[("North", "Alice")]["votes"] == "0"
    assert by_bar[("South", "Alice")]["share"] == "0.750000000"
    assert by_bar[("Overall", "Bob")]["share"] == "0.250000000"
