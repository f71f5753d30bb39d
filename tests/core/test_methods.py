"""Counting methods: each rule decides by its own unit and says so (no Qt)."""

from __future__ import annotations

import json

import pytest

from resultsviewer.core.bundled import resource_path
from resultsviewer.core.contest import Candidate, Category, Contest, Method, TieBreak
from resultsviewer.core.formats import native
from resultsviewer.core.methods import apportionment, count, guess_method, state_code


def parliament(rows: dict[str, list[int]], names=("Red", "Blue", "Gold")) -> Contest:
    return Contest("Test election", [Candidate(n) for n in names], [Category(c) for c in rows], list(rows.values()))


def test_seats_majority_and_margin_in_seats() -> None:
    contest = parliament({"A": [10, 5, 1], "B": [8, 9, 0], "C": [7, 2, 3], "D": [1, 0, 9], "E": [6, 5, 4]})
    outcome = count(contest, Method.SEATS)
    assert [s.units for s in outcome.standings] == [3, 1, 1]
    assert outcome.needed == 3 and outcome.total_units == 5
    assert outcome.winner is not None and outcome.winner.name == "Red"
    assert outcome.margin == 2
    assert outcome.headline == "Red: 3 of 5 seats, a majority of 1"
    # The popular vote is beside it, in votes.
    assert "most votes: Red" in outcome.sentence


def test_hung_parliament_names_the_shortfall_and_no_winner() -> None:
    contest = parliament({"A": [10, 5, 1], "B": [8, 9, 0], "C": [0, 2, 3], "D": [9, 0, 1]})
    outcome = count(contest, Method.SEATS)
    assert outcome.winner is None
    assert [s.name for s in outcome.largest] == ["Red"]
    assert outcome.to_dict()["winner"] is None
    assert outcome.to_dict()["largest"] == "Red"
    assert "2 of 4 seats, 1 short of a majority (hung parliament)" in outcome.headline


def test_a_tied_seat_stays_a_tie_until_a_recorded_tie_break() -> None:
    contest = parliament({"A": [10, 10, 1], "B": [8, 9, 0], "C": [1, 2, 3]})
    outcome = count(contest, Method.SEATS)
    assert outcome.categories[0].undecided == "tie"
    assert [s.units for s in outcome.standings] == [0, 1, 1]
    assert any("tied" in note and "A (Red and Blue)" in note for note in outcome.notes)
    contest.set_property("tie_break", TieBreak("Red", "drawing of lots"))
    decided = count(contest, Method.SEATS)
    assert decided.categories[0].winner == 0 and decided.categories[0].by_tie_break
    assert [s.units for s in decided.standings] == [1, 1, 1]


def test_seats_without_categories_say_so() -> None:
    outcome = count(Contest("Empty", [Candidate("A")]), Method.SEATS)
    assert outcome.winner is None
    assert "no categories" in outcome.headline


def test_declared_winner_disagreeing_is_a_marked_discrepancy() -> None:
    contest = parliament({"A": [10, 5, 1], "B": [8, 9, 0]})
    contest.declared.category_winners.update({"A": "Red", "B": "Red"})
    outcome = count(contest, Method.SEATS)
    assert outcome.winner_discrepancies == ["Declared winner in B is Red, computed Blue"]


def test_electoral_votes_tie_goes_to_the_house() -> None:
    contest = parliament({"X": [10, 5, 0], "Y": [1, 9, 0]}, names=("Ann", "Bob", "Cy"))
    contest.update_category(0, electoral_votes=269)
    contest.update_category(1, electoral_votes=269)
    outcome = count(contest, Method.ELECTORAL_VOTES)
    assert outcome.needed == 270 and outcome.total_units == 538
    assert outcome.winner is None
    assert "269-269 tie" in outcome.headline and "House of Representatives" in outcome.headline


def test_electoral_votes_refuse_categories_that_are_not_states() -> None:
    contest = parliament({"North": [10, 5, 0], "South": [1, 9, 0]})
    outcome = count(contest, Method.ELECTORAL_VOTES)
    assert outcome.winner is None
    assert "Electoral votes unknown for 2 of 2 categories" in outcome.headline
    assert "'North'" in outcome.headline


def test_popular_vote_winner_who_loses_is_said() -> None:
    contest = parliament({"X": [100, 99, 0], "Y": [0, 50, 0]}, names=("Ann", "Bob", "Cy"))
    contest.update_category(0, electoral_votes=5)
    contest.update_category(1, electoral_votes=3)
    outcome = count(contest, Method.ELECTORAL_VOTES)
    assert outcome.winner is not None and outcome.winner.name == "Ann"
    assert outcome.popular_vote == "Bob won the popular vote (59.8%) by 49 votes"
    assert outcome.margin == 2


def test_sections_margin_is_in_points_never_negative_votes() -> None:
    # Ann wins the small section heavily, Bob the big one narrowly: Ann wins on weights,
    # Bob has more votes. The margin is given in weighted points.
    contest = parliament({"S": [90, 10, 0], "L": [450, 550, 0]}, names=("Ann", "Bob", "Cy"))
    outcome = count(contest, Method.SECTIONS)
    assert outcome.winner is not None and outcome.winner.name == "Ann"
    data = outcome.to_dict()
    assert data["margin_votes"] is None and data["margin_unit"] == "points" and data["margin"] > 0
    assert "votes" not in outcome.headline
    assert "Bob won the popular vote" in outcome.popular_vote


def test_old_method_name_still_opens_as_sections() -> None:
    document = native.to_document(parliament({"A": [1, 2, 3]}))
    document["method"] = "electoral-college"
    contest = native.loads(json.dumps(document).encode(), "old.results.json")
    assert contest.method is Method.SECTIONS
    assert native.to_document(contest)["method"] == "sections"


def test_electoral_votes_and_declared_winners_survive_the_native_file() -> None:
    contest = parliament({"Ohio": [1, 2, 3]})
    contest.update_category(0, electoral_votes=18)
    contest.declared.category_winners["Ohio"] = "Gold"
    again = native.loads(native.dumps(contest), "x.results.json")
    assert again.category(0).electoral_votes == 18
    assert again.declared.category_winners == {"Ohio": "Gold"}


def test_apportionment_tables_are_538_and_match_by_code_or_name() -> None:
    table = json.loads(resource_path("reference/electoral_votes.json").read_text(encoding="utf-8"))
    for year in table["apportionment_for_year"]:
        assert apportionment(year).total == 538
    assert state_code("CALIFORNIA") == "CA" and state_code("ca") == "CA" and state_code("District of Columbia") == "DC"
    assert apportionment("2016").votes["CA"] == 55 and apportionment("1976").votes["CA"] == 45
    assert apportionment("1975") is None


def test_guess_method() -> None:
    contest = parliament({"A": [1, 2, 3]})
    assert guess_method(contest, "hoc-constituency")[0] is Method.SEATS
    assert guess_method(contest, None) is None


@pytest.mark.parametrize("method", list(Method))
def test_every_method_answers_an_empty_contest(method: Method) -> None:
    outcome = count(Contest("Nothing"), method)
    assert outcome.winner is None and outcome.headline


@pytest.mark.parametrize("total", [1, 2, 7, 50, 435, 538, 650])
def test_hemicycle_places_every_seat_apart_on_a_half_disc(total: int) -> None:
    import math

    from resultsviewer.core.seat_charts import hemicycle, hemicycle_seat_radius

    seats = hemicycle(total)
    assert len(seats) == total
    radius = hemicycle_seat_radius(total)
    assert all(y >= -1e-9 and math.hypot(x, y) <= 1 + 1e-9 for x, y in seats)
    if total <= 538:
        closest = min(
            (math.dist(a, b) for i, a in enumerate(seats) for b in seats[i + 1 :]), default=math.inf
        )
        assert closest >= 2 * radius
    # Filled from the left: x never jumps back far as seats are taken in order.
    assert seats[0][0] < 0 < seats[-1][0] or total == 1


def test_seats_by_party_go_to_the_winning_candidates_party() -> None:
    contest = Contest(
        "By candidate", [Candidate("Ann", "Red"), Candidate("Bob", "Blue"), Candidate("Cy", "Red")],
        [Category("North"), Category("South")], [[6, 5, 0], [3, 5, 4]],
    )
    by_candidate = count(contest, Method.SEATS)
    assert [s.units for s in by_candidate.standings] == [1, 1, 0]
    by_party = count(contest, Method.SEATS, by_party=True)
    # Red has 13 votes to Blue's 10, but South elected Bob: one seat each, no majority.
    assert [(s.name, s.votes, s.units) for s in by_party.standings] == [("Red", 13, 1), ("Blue", 10, 1)]
    assert by_party.winner is None and "Red and Blue: 1 seat each of 2" in by_party.headline


def test_a_tie_for_the_deciding_seat_is_no_majority_yet() -> None:
    # Red has 2 of 5 seats; a third would be a majority, and the fifth seat is tied.
    contest = parliament({"A": [9, 1, 0], "B": [9, 1, 0], "C": [1, 9, 0], "D": [1, 9, 0], "E": [5, 5, 0]})
    outcome = count(contest, Method.SEATS)
    assert outcome.winner is None
    assert outcome.headline == "Red and Blue: 2 seats each of 5, 1 short of a majority with 1 seat undecided: no majority yet"
    assert any("E (Red and Blue)" in note for note in outcome.notes)


def test_the_rules_in_words_agree_in_number_and_say_a_thing_once() -> None:
    """One category, no votes, unknown electoral votes: no "1 seats", no "each of the 1
    categories", no "No votes counted yet; no votes counted yet", no "0 in all; 1 to win"."""
    from resultsviewer.core.contest import Candidate, Category, Contest, Method
    from resultsviewer.core.methods import count

    one = Contest("One", [Candidate("A"), Candidate("B")], [Category("Only")], [[3, 2]])
    assert count(one, Method.SEATS).decided_by.endswith("the 1 category elects the candidate with most votes; 1 seat is a majority")
    assert count(one, Method.SEATS).headline == "A: 1 of 1 seat, a majority of 1"
    assert "only 1 section has votes" in count(one, Method.SECTIONS).decided_by
    unknown = count(one, Method.ELECTORAL_VOTES)
    assert "Electoral votes unknown for 1 of 1 category ('Only')" in unknown.headline
    assert "to win is unknown" in unknown.decided_by and "0 in all" not in unknown.decided_by
    empty = Contest("Empty", [Candidate("A"), Candidate("B")], [Category("N"), Category("S")], [[0, 0], [0, 0]])
    assert count(empty, Method.SECTIONS).sentence == "No votes counted yet"
    assert count(empty, Method.SUM).sentence == "No votes counted yet"


def test_electoral_votes_unknown_for_some_categories_leave_the_total_and_the_line_unknown() -> None:
    """Twelve states of 2020 and Guam, which has no electoral votes in the app's table. The
    states' votes are the 2010 census apportionment (California 55, Texas 38, ...)."""
    from resultsviewer.commands.tally import format_tally
    from resultsviewer.core.contest import Candidate, Category, Contest, Method
    from resultsviewer.core.methods import count
    from resultsviewer.core.seat_charts import ChartKind, seats_alt_text, seats_figure
    from resultsviewer.core.tally import Tally

    blue = {"California": 55, "New York": 29, "Illinois": 20, "Michigan": 16, "New Jersey": 14, "Virginia": 13}
    red = {"Texas": 38, "Florida": 29, "Pennsylvania": 20, "Ohio": 18, "Georgia": 16, "North Carolina": 15}
    names = [*blue, *red, "Guam"]
    rows = [[60, 40] if name in blue else [40, 60] for name in names]
    contest = Contest("US 2020", [Candidate("Dem"), Candidate("Rep")], [Category(n) for n in names], rows, date="2020-11-03")
    outcome = count(contest, Method.ELECTORAL_VOTES)
    assert outcome.winner is None and outcome.needed is None and outcome.total_units is None
    assert "Electoral votes unknown for 1 of 13 categories ('Guam')" in outcome.headline
    assert "they are not states of the app's table" in outcome.headline
    assert outcome.standings[0].units == sum(blue.values()) and outcome.standings[1].units == sum(red.values())
    text = format_tally(Tally(contest, Method.SUM), outcome)
    assert "needed" not in text
    total_row = next(line for line in text.splitlines() if line.startswith("Total"))
    assert "unknown" in total_row
    dem_row = next(line for line in text.splitlines() if line.startswith("Dem "))
    assert f"≥ {sum(blue.values())}" in dem_row
    alt = seats_alt_text(seats_figure(outcome, ["#000000"]), ChartKind.SEATS, contest.title)
    assert "to win" not in alt and "A line marks" not in alt


def test_the_import_note_on_party_colours_agrees_in_number() -> None:
    from resultsviewer.core.contest import Candidate, Category, Contest
    from resultsviewer.core.methods import prepare_imported

    alone = Contest("Primary", [Candidate("Joe", "Democratic")], [Category("Kent")], [[10]])
    assert "customary party colours given to 1 of 1 candidate" in prepare_imported(alone)
    two = Contest("General", [Candidate("Joe", "Democratic"), Candidate("Don", "Republican")], [Category("Kent")], [[10, 9]])
    assert "customary party colours given to 2 of 2 candidates" in prepare_imported(two)


def test_seats_of_a_contest_with_no_categories_say_no_majority_of_nothing() -> None:
    """A header-only file: 'each of the 0 categories elects ...; 1 seat is a majority' was
    said of a contest with no seats."""
    outcome = count(Contest("T", [Candidate("A"), Candidate("B")], [], []), "seats")
    assert outcome.headline.startswith("No seats to count")
    assert "majority" not in outcome.decided_by and "0 categories" not in outcome.decided_by
    assert outcome.sentence == outcome.headline


def test_the_popular_vote_is_said_alike_whoever_won_it() -> None:
    """No comma before "by" whether the winner of the count also won the popular vote or not."""
    contest = parliament({"X": [100, 99, 0], "Y": [0, 50, 0]}, names=("Ann", "Bob", "Cy"))
    contest.update_category(0, electoral_votes=5)
    contest.update_category(1, electoral_votes=3)
    contest.set_count(1, 0, 60)  # Ann: 160 of 309 votes, 51.8%, 11 ahead of Bob's 149
    outcome = count(contest, Method.ELECTORAL_VOTES)
    assert outcome.popular_vote == "Ann also won the popular vote (51.8%) by 11 votes"


def test_the_seats_alt_text_calls_those_without_a_seat_others() -> None:
    """A Commons file's columns are parties: 'candidates' was false of them."""
    from resultsviewer.core.seat_charts import ChartKind, seats_alt_text, seats_figure

    contest = Contest("GE", [Candidate("Con"), Candidate("Lab"), Candidate("Green"), Candidate("UKIP")],
                      [Category("A"), Category("B"), Category("C")], [[5, 3, 1, 1], [2, 6, 1, 1], [7, 1, 1, 0]])
    outcome = count(contest, Method.SEATS)
    alt = seats_alt_text(seats_figure(outcome, ["#000000"]), ChartKind.SEATS, contest.title)
    assert "2 others won no seats and are not drawn." in alt and "candidate" not in alt


def test_weighted_sections_say_which_sections_count_for_nothing() -> None:
    """One weight typed (North 3, South blank) left South out of the result unsaid, and
    turned it: A's 100/300 and 300/350 give A (33.3 + 85.7) / 2 = 59.5% with equal weights,
    B 66.7% on North alone. All weights 0 was called a tie."""
    contest = Contest("T", [Candidate("A"), Candidate("B")], [Category("North"), Category("South")], [[100, 200], [300, 50]])
    outcome = count(contest, Method.SECTIONS)
    assert outcome.headline.startswith("A wins with 59.5%") and outcome.warnings == []
    contest.update_category(0, weight=3)
    outcome = count(contest, Method.SECTIONS)
    assert outcome.headline.startswith("B wins with 66.7%")
    said = "South has a weight of 0 or none while another section has one: it counts for nothing here"
    assert outcome.warnings == [said]
    # Beside the result in the window's facts line, and on the command line.
    from resultsviewer.commands.tally import format_tally
    from resultsviewer.core.tally import Tally
    from resultsviewer.core.view_data import summary_text

    assert f"⚠ {said}" in summary_text(Tally(contest, Method.SECTIONS), outcome).facts
    assert f"Warning: {said}" in format_tally(Tally(contest, Method.SECTIONS), outcome)
    contest.update_category(0, weight=0)
    contest.update_category(1, weight=0)
    outcome = count(contest, Method.SECTIONS)
    assert outcome.winner is None and outcome.headline.startswith("No result: no section with votes has a weight")
