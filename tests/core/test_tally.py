"""The tally: the default contest's figures, both counting methods, ties, turnout, discrepancies."""

from __future__ import annotations

from fractions import Fraction

import pytest

from resultsviewer.core.contest import Candidate, Category, Contest, Declared, DeclaredShare, Method, TieBreak
from resultsviewer.core.tally import ShareBase, Tally
from resultsviewer.core.view_data import category_share, total_share

# The 2016 Labour leadership election by section (Corbyn, Smith), as the news reported it.
LABOUR_2016 = [(168216, 116960), (84918, 36599), (60075, 39670)]


def test_default_contest_sum(default_contest) -> None:
    tally = Tally(default_contest)
    assert tally.method is Method.SUM
    assert [(r.name, r.votes) for r in tally.candidates] == [("Jeremy Corbyn", 313209), ("Owen Smith", 193229)]
    assert tally.total_votes == 506438
    assert [r.share.format() for r in tally.candidates] == ["61.8%", "38.2%"]
    assert tally.candidates[0].share.value == pytest.approx(313209 / 506438)
    assert tally.candidates[0].share.base is ShareBase.ALL_VALID
    assert tally.candidates[0].share.describe() == "61.8% of all valid votes"
    assert tally.winner is not None and tally.winner.name == "Jeremy Corbyn"
    assert not tally.is_tie
    assert tally.margin_votes == 119980
    assert tally.margin_points == pytest.approx(23.691, abs=1e-3)
    assert f"{tally.margin_points:.1f}" == "23.7"
    assert tally.summary() == "Jeremy Corbyn wins with 61.8%, margin 119,980 votes (23.7 points)"
    assert tally.discrepancies == ()


def test_default_contest_turnout(default_contest) -> None:
    tally = Tally(default_contest)
    assert tally.electorate == 640500
    assert tally.rejected is None
    assert tally.ballots_cast == 506438
    assert tally.turnout is not None
    assert tally.turnout.value == pytest.approx(506438 / 640500)
    assert tally.turnout.format() == "79.1%"
    assert tally.turnout.base is ShareBase.ELECTORATE


def test_rejected_ballots_count_toward_turnout_not_shares() -> None:
    contest = Contest("T", [Candidate("A"), Candidate("B")], [Category("X", electorate=100, rejected=10)], [[30, 20]])
    tally = Tally(contest)
    assert tally.candidates[0].share.value == pytest.approx(0.6)
    assert tally.ballots_cast == 60
    assert tally.turnout is not None and tally.turnout.value == pytest.approx(0.6)


def test_category_and_cell_shares_know_their_base(default_contest) -> None:
    share = category_share(default_contest, 1, 0)
    assert share.value == pytest.approx(84918 / (84918 + 36599))
    assert share.base is ShareBase.CATEGORY and share.category == "Registered supporters"
    assert share.describe() == "69.9% of valid votes in Registered supporters"
    cell = total_share(default_contest, 1, 0)
    assert cell.value == pytest.approx(84918 / 506438) and cell.base is ShareBase.ALL_VALID


def _college_by_hand(weights: list[float]) -> list[float]:
    """Each section's shares, weighted, divided by the sum of the weights."""
    shares = [[votes / sum(row) for votes in row] for row in LABOUR_2016]
    return [sum(w * s[i] for w, s in zip(weights, shares)) / sum(weights) for i in range(2)]


def test_electoral_college_equal_weights(default_contest) -> None:
    tally = Tally(default_contest, "electoral-college")
    expected = _college_by_hand([1, 1, 1])
    assert expected[0] == pytest.approx(0.63032, abs=1e-5)
    assert [r.share.value for r in tally.candidates] == pytest.approx(expected, rel=1e-12)
    assert tally.candidates[0].share.base is ShareBase.WEIGHTED
    # votes and the pooled share do not change with the method
    assert [r.votes for r in tally.candidates] == [313209, 193229]
    assert tally.candidates[0].pooled_share.value == pytest.approx(313209 / 506438)
    assert tally.winner is not None and tally.winner.name == "Jeremy Corbyn"
    assert tally.margin_points == pytest.approx((expected[0] - expected[1]) * 100)
    assert tally.summary().startswith("Jeremy Corbyn wins with 63.0%")


def test_electoral_college_with_weights(default_contest) -> None:
    for index, weight in enumerate([2.0, 1.0, 1.0]):
        default_contest.update_category(index, weight=weight)
    tally = Tally(default_contest, Method.ELECTORAL_COLLEGE)
    expected = _college_by_hand([2, 1, 1])
    assert expected[0] == pytest.approx(0.62021, abs=1e-5)
    assert [r.share.value for r in tally.candidates] == pytest.approx(expected, rel=1e-12)
    # the contest's own method is used when none is asked for
    default_contest.set_property("method", "electoral-college")
    assert Tally(default_contest).candidates[0].share.value == pytest.approx(expected[0])


def test_electoral_college_can_reverse_the_sum() -> None:
    # A big category for A, two small ones for B: A wins the sum, B the college.
    contest = Contest(
        "T", [Candidate("A"), Candidate("B")], [Category("Big"), Category("S1"), Category("S2")],
        [[900, 100], [10, 90], [10, 90]],
    )
    assert Tally(contest, "sum").winner.name == "A"
    college = Tally(contest, "electoral-college")
    assert college.winner.name == "B"
    assert college.candidates[1].share.value == pytest.approx((0.1 + 0.9 + 0.9) / 3)
    # a category with weight 0 does not count; a category with no votes is left out
    contest.update_category(0, weight=0.0)
    contest.update_category(1, weight=1.0)
    contest.update_category(2, weight=1.0)
    assert Tally(contest, "electoral-college").candidates[0].share.value == pytest.approx(0.1)
    contest.set_count(2, 0, 0)
    contest.set_count(2, 1, 0)
    assert Tally(contest, "electoral-college").candidates[0].share.value == pytest.approx(0.1)


def test_a_tie_is_named_as_such() -> None:
    contest = Contest("T", [Candidate("A"), Candidate("B"), Candidate("C")], [Category("X")], [[50, 50, 10]])
    tally = Tally(contest)
    assert tally.is_tie and tally.winner is None
    assert [r.name for r in tally.tied] == ["A", "B"]
    assert tally.margin_votes == 0 and tally.margin_points == 0.0
    assert tally.summary() == "Tie between A and B"
    data = tally.to_dict()
    assert data["winner"] is None and data["tie"] is True and data["tied"] == ["A", "B"]


def test_a_tie_under_the_college_is_found_exactly() -> None:
    # 1/3 + 2/3 against 2/3 + 1/3: equal shares that floats may not sum equally.
    contest = Contest("T", [Candidate("A"), Candidate("B")], [Category("X"), Category("Y")], [[1, 2], [2, 1]])
    tally = Tally(contest, "electoral-college")
    assert tally.is_tie and tally.winner is None
    assert tally._exact_weighted_share(0) == tally._exact_weighted_share(1) == Fraction(1, 2)


def test_a_recorded_tie_break_decides() -> None:
    contest = Contest(
        "T", [Candidate("A"), Candidate("B")], [Category("X")], [[7, 7]],
        tie_break=TieBreak("B", "drawing of lots", "drawn by the returning officer"),
    )
    tally = Tally(contest)
    assert tally.is_tie and tally.winner is not None and tally.winner.name == "B"
    assert tally.tie_break is not None and tally.tie_break.method == "drawing of lots"
    assert tally.summary() == "B wins with 50.0% (tie decided by drawing of lots)"
    assert tally.to_dict()["tie_break"] == {"winner": "B", "method": "drawing of lots"}
    # a recorded tie-break does nothing when there is no tie
    contest.set_count(0, 0, 8)
    tally = Tally(contest)
    assert not tally.is_tie and tally.winner.name == "A" and tally.tie_break is None


def test_no_votes_no_winner() -> None:
    tally = Tally(Contest("T", [Candidate("A"), Candidate("B")], [Category("X")]))
    assert tally.winner is None and not tally.is_tie and tally.summary() == "No votes counted yet"
    assert [r.share.value for r in tally.candidates] == [0.0, 0.0]
    assert Tally(Contest()).summary() == "No votes counted yet"


def test_unknown_cells_make_totals_lower_bounds() -> None:
    contest = Contest("T", [Candidate("A"), Candidate("B")], [Category("X"), Category("Y")], [[5, None], [3, 4]])
    tally = Tally(contest)
    assert tally.lower_bound and tally.unknown_cells == 1
    assert [r.votes for r in tally.candidates] == [8, 4]
    assert tally.to_dict()["totals_are_lower_bounds"] is True


def test_declared_total_differs(default_contest) -> None:
    default_contest.declared.candidate_totals["Jeremy Corbyn"] = 313290
    tally = Tally(default_contest)
    assert len(tally.discrepancies) == 1
    found = tally.discrepancies[0]
    assert found.kind == "candidate_total" and found.name == "Jeremy Corbyn"
    assert (found.declared, found.computed, found.difference) == (313290, 313209, 81)
    assert found.message() == "Declared total for Jeremy Corbyn is 313,290, computed 313,209 (difference +81)"
    data = found.to_dict()
    assert data["declared"] == 313290 and data["computed"] == 313209 and data["difference"] == 81
    assert data["name"] == "Jeremy Corbyn"


def test_declared_share_is_checked_to_its_printed_precision() -> None:
    # 61.85% computed: the printed 61.8% matches (it rounds to 61.8 or 61.9), 61.7% does not.
    contest = Contest("T", [Candidate("A"), Candidate("B")], [Category("X")], [[6185, 3815]])
    contest.declared.candidate_shares["A"] = DeclaredShare("61.8")
    assert Tally(contest).discrepancies == ()
    contest.declared.candidate_shares["A"] = DeclaredShare("62")
    assert Tally(contest).discrepancies == ()
    contest.declared.candidate_shares["A"] = DeclaredShare("61.7")
    (found,) = Tally(contest).discrepancies
    assert found.kind == "candidate_share" and found.name == "A"
    assert found.message() == "Declared share for A is 61.7%, computed 61.85% (difference -0.15 points)"
    contest.declared.candidate_shares["A"] = DeclaredShare("61.85")
    assert Tally(contest).discrepancies == ()
    contest.declared.candidate_shares["A"] = DeclaredShare("61.84")
    assert len(Tally(contest).discrepancies) == 1


def test_every_kind_of_declared_figure_is_checked() -> None:
    contest = Contest(
        "T", [Candidate("A"), Candidate("B")],
        [Category("X", electorate=100, rejected=2), Category("Y", electorate=100, rejected=0)], [[30, 20], [10, 40]],
    )
    contest.set_property(
        "declared",
        Declared(
            candidate_totals={"A": 40, "B": 60},
            category_totals={"X": 50, "Y": 49},
            valid_votes=101,
            rejected=3,
            ballots_cast=103,
            electorate=200,
            turnout=DeclaredShare("60"),
        ),
    )
    kinds = [(d.kind, d.name) for d in Tally(contest).discrepancies]
    assert kinds == [
        ("category_total", "Y"), ("valid_votes", None), ("rejected", None), ("ballots_cast", None), ("turnout", None),
    ]
    messages = [d.message() for d in Tally(contest).discrepancies]
    assert "Declared valid votes in Y is 49, computed 50 (difference -1)" in messages
    assert "Declared turnout is 60%, computed 51.00% (difference +9.00 points)" in messages


def test_default_contest_declared_figures_agree(default_contest) -> None:
    declared = default_contest.declared
    assert declared.candidate_totals == {"Jeremy Corbyn": 313209, "Owen Smith": 193229}
    assert {name: share.text for name, share in declared.candidate_shares.items()} == {
        "Jeremy Corbyn": "61.8", "Owen Smith": "38.2"
    }
    assert declared.electorate == 640500
    assert Tally(default_contest).discrepancies == ()


def test_ranking_keeps_file_order_on_equal_shares() -> None:
    contest = Contest("T", [Candidate("C"), Candidate("A"), Candidate("B")], [Category("X")], [[1, 5, 1]])
    assert [r.name for r in Tally(contest).ranking()] == ["A", "C", "B"]


def test_to_dict_keys(default_contest) -> None:
    data = Tally(default_contest).to_dict()
    assert [(c["name"], c["votes"]) for c in data["candidates"]] == [("Jeremy Corbyn", 313209), ("Owen Smith", 193229)]
    assert data["candidates"][0]["share"] == pytest.approx(0.61846, abs=1e-5)
    assert data["total_votes"] == 506438 and data["winner"] == "Jeremy Corbyn"
    assert data["discrepancies"] == [] and data["margin_votes"] == 119980
    assert data["turnout"] == pytest.approx(506438 / 640500)


def test_a_lead_with_counts_withheld_names_a_leader_and_no_winner_in_the_json() -> None:
    """The headline says 'leads' (Bob's count in Y is withheld and could be any size): the
    JSON, of the tally and of the method's outcome, names A as leader, no winner."""
    from resultsviewer.core.methods import count

    contest = Contest("T", [Candidate("A"), Candidate("B")], [Category("X"), Category("Y")], [[50, 20], [30, None]])
    tally = Tally(contest)
    assert tally.summary().startswith("A leads with")
    for data in (tally.to_dict(), count(contest).to_dict()):
        assert data["winner"] is None and data["leader"] == "A"
    exact = Contest("T", [Candidate("A"), Candidate("B")], [Category("X")], [[50, 20]])
    for data in (Tally(exact).to_dict(), count(exact).to_dict()):
        assert data["winner"] == "A" and data["leader"] == "A"


def test_a_change_that_rounds_to_nothing_has_no_sign() -> None:
    """MEDSL 2020 against 2016 printed Kennedy's change of -0.004 points as '-0.0'."""
    from resultsviewer.core.tally import signed_points

    assert [signed_points(v) for v in (-0.004, 0.04, -0.05001, 1.25, -7.94, 0.0)] == ["0.0", "0.0", "-0.1", "+1.2", "-7.9", "0.0"]


def test_three_names_are_listed_as_a_sentence_lists_them() -> None:
    from resultsviewer.core.methods import count

    contest = Contest("T", [Candidate("Alice"), Candidate("Bob"), Candidate("Carol")], [Category("X"), Category("Y"), Category("Z")],
                      [[3, 1, 1], [1, 3, 1], [1, 1, 3]])
    assert Tally(contest).summary() == "Tie between Alice, Bob and Carol"
    assert count(contest, "seats").headline.startswith("Alice, Bob and Carol: 1 seat each")


def test_rejected_ballots_given_for_some_categories_only_are_a_lower_bound() -> None:
    """MEDSL lists blank and void rows for 7 states of 51: their sum is at least the
    rejected ballots, and turnout built on it at least the turnout. A declared figure above
    it may be right; one below it is not."""
    contest = Contest(
        "T", [Candidate("A"), Candidate("B")],
        [Category("X", electorate=100, rejected=2), Category("Y", electorate=100)], [[30, 20], [10, 40]],
    )
    tally = Tally(contest)
    assert tally.rejected == 2 and tally.rejected_lower_bound and tally.turnout_lower_bound
    assert tally.rejected_text == "at least 2 (given for 1 of 2 categories)"
    assert tally.to_dict()["rejected"] == {"value": 2, "lower_bound": True}
    assert tally.to_dict()["ballots_cast"] == {"value": 100 + 2, "lower_bound": True}  # valid votes and the known rejected
    contest.set_property("declared", Declared(rejected=5, ballots_cast=105, turnout=DeclaredShare("52.5")))
    assert Tally(contest).discrepancies == ()
    contest.set_property("declared", Declared(rejected=1, ballots_cast=101))
    assert [d.kind for d in Tally(contest).discrepancies] == ["rejected", "ballots_cast"]
    contest.update_category(1, rejected=3)  # every category gives them: an exact figure again
    assert Tally(contest).rejected_text == "5" and not Tally(contest).turnout_lower_bound


def test_a_turnout_over_100_percent_is_an_impossible_figure() -> None:
    # 150 valid votes and 10 rejected ballots from 100 electors: 160%.
    contest = Contest("T", [Candidate("A"), Candidate("B")], [Category("X", electorate=100, rejected=10)], [[90, 60]])
    tally = Tally(contest)
    assert tally.turnout is not None and tally.turnout.format() == "160.0%"
    assert tally.turnout_impossible
    assert tally.impossible_figures == (
        "Turnout is 160.0%, over 100%: 160 ballots counted of an electorate of 100; a count or the electorate is wrong",
    )
    assert tally.to_dict()["impossible_figures"] == list(tally.impossible_figures)


def test_a_turnout_of_exactly_100_percent_is_possible(default_contest) -> None:
    contest = Contest("T", [Candidate("A"), Candidate("B")], [Category("X", electorate=100)], [[60, 40]])
    assert not Tally(contest).turnout_impossible and Tally(contest).impossible_figures == ()
    assert Tally(default_contest).impossible_figures == ()  # 79.1%


def test_a_margin_of_one_vote_is_one_vote() -> None:
    tally = Tally(Contest("T", [Candidate("Ann"), Candidate("Bob")], [Category("X")], [[51, 50]]))
    assert tally.summary() == "Ann wins with 50.5%, margin 1 vote (1.0 points)"


def test_categories_with_more_ballots_than_electors_are_impossible_figures() -> None:
    from resultsviewer.core.contest import Candidate, Category, Contest
    from resultsviewer.core.tally import Tally

    names = ["A", "B", "C", "D", "E"]
    # Every ward but E has more ballots than electors; A by its rejected ballots alone.
    rows = [[50, 45], [60, 50], [7, 3], [90, 20], [1, 1]]
    electorates = [100, 100, 9, 100, 100]
    categories = [Category(n, electorate=e, rejected=6 if n == "A" else None) for n, e in zip(names, electorates)]
    tally = Tally(Contest("Wards", [Candidate("Red"), Candidate("Blue")], categories, rows))
    found = tally.impossible_figures
    assert found[0].startswith("A: 101 ballots counted of an electorate of 100")  # 50 + 45 + 6
    assert found[1].startswith("B: 110 ballots") and found[2].startswith("C: 10 ballots counted of an electorate of 9")
    assert found[3] == "1 more category has more ballots than electors"  # D
    assert len(found) == 4 and tally.to_dict()["impossible_figures"] == list(found)
