"""The bundled examples: each loads, names its source, and holds the published figures."""

from __future__ import annotations

import pytest

from resultsviewer.core.examples import examples
from resultsviewer.core.tally import Tally


def by_title(fragment: str):
    return next(example for example in examples() if fragment in example.title)


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.title)
def test_every_example_loads_and_names_its_source(example) -> None:
    contest = example.load()
    assert example.path.is_file()
    assert contest.source and len(contest.source) > 40
    assert contest.total_votes > 0


def test_2015_four_candidates_three_sections() -> None:
    contest = by_title("2015").load()
    assert [c.name for c in contest.categories] == ["Members", "Registered supporters", "Affiliated supporters"]
    expected = {
        "Jeremy Corbyn": (121751, 88449, 41217),
        "Andy Burnham": (55698, 6160, 18604),
        "Yvette Cooper": (54470, 8415, 9043),
        "Liz Kendall": (13601, 2574, 2682),
    }
    for name, counts in expected.items():
        column = contest.candidate_index(name)
        assert tuple(contest.count(row, column) for row in range(3)) == counts
    assert contest.declared.rejected == 207
    tally = Tally(contest)
    assert tally.winner.name == "Jeremy Corbyn" and round(tally.winner.share.percent, 1) == 59.5
    assert tally.total_votes == 422664 and not tally.discrepancies


def test_2016_official_figures_and_the_discrepancy_case() -> None:
    contest = by_title("official").load()
    tally = Tally(contest)
    assert contest.electorate == 654006
    assert tally.total_votes == 506438 == contest.declared.valid_votes
    assert contest.declared.rejected == 1042
    # the official turnout: valid and spoilt ballots over ballots distributed
    assert round((tally.total_votes + contest.declared.rejected) / contest.electorate * 100, 1) == 77.6
    kinds = {d.kind: d for d in tally.discrepancies}
    assert set(kinds) == {"electorate", "turnout"}
    assert kinds["electorate"].declared == 640500 and kinds["electorate"].computed == 654006
    assert kinds["turnout"].declared == 79


def test_default_is_listed_first() -> None:
    from resultsviewer.core.bundled import default_contest

    assert examples()[0].load().title == default_contest().title
