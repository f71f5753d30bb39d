from __future__ import annotations

from resultsviewer.core.tally import Tally


def test_default_contest_figures(default_contest):
    tally = Tally(default_contest)
    assert [c.name for c in default_contest.candidates] == ["Jeremy Corbyn", "Owen Smith"]
    assert [c.name for c in default_contest.categories] == ["Members", "Registered supporters", "Affiliated supporters"]
    assert [default_contest.row(i) for i in range(3)] == [(168216, 116960), (84918, 36599), (60075, 39670)]
    assert [r.votes for r in tally.candidates] == [313209, 193229]
    assert [r.share.format() for r in tally.candidates] == ["61.8%", "38.2%"]
    assert tally.winner is not None and tally.winner.name == "Jeremy Corbyn"
    assert tally.margin_votes == 119980
    assert tally.discrepancies == ()
    assert default_contest.effective_electorate == 640500
    assert default_contest.source and "24 September 2016" in default_contest.source
