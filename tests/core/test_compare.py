"""Change since last time: a contest compared with the one before it.

Expected figures come from the files themselves, read here with json and csv alone.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from resultsviewer.core.compare import CompareError, Comparison, MatchByHand
from resultsviewer.core.contest import Axis, Candidate, Category, Contest, DeclaredChange, Method
from resultsviewer.core.errors import EditError
from resultsviewer.core.formats import import_contest, native, read_contest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_2015 = ROOT / "resources" / "examples" / "labour-leadership-2015.results.json"
DEFAULT_2016 = ROOT / "resources" / "labour-leadership-2016.results.json"


def _shares(path: Path) -> dict[str, float]:
    document = json.loads(path.read_text(encoding="utf-8"))
    totals: Counter[str] = Counter()
    for category in document["categories"]:
        totals.update(category["counts"])
    whole = sum(totals.values())
    return {name: votes / whole for name, votes in totals.items()}


def test_corbyn_2016_against_2015_in_points_from_the_counts(default_contest) -> None:
    then, now = _shares(EXAMPLE_2015)["Jeremy Corbyn"], _shares(DEFAULT_2016)["Jeremy Corbyn"]
    assert round(then * 100, 2) == 59.48 and round(now * 100, 2) == 61.85
    changes = Comparison(default_contest, read_contest(EXAMPLE_2015)).changes()
    corbyn = changes.candidate("Jeremy Corbyn")
    assert corbyn.share_change_points == pytest.approx((now - then) * 100)
    assert f"{corbyn.share_change_points:+.1f}" == "+2.4"  # the rounded 61.8 - 59.5 would say 2.3
    assert changes.matching.by.value == "name"
    assert changes.matching.unmatched_candidates == {
        "current": ("Owen Smith",),
        "baseline": ("Andy Burnham", "Yvette Cooper", "Liz Kendall"),
    }
    assert [c.result_text() for c in changes.categories] == ["Jeremy Corbyn hold"] * 3
    # One matched candidate: no pair to swing between, and no turnout without electorates.
    assert changes.swing is None


def _contest(title: str, names: list[str], rows: dict[str, list[int]], **kwargs) -> Contest:
    return Contest(title, [Candidate(n) for n in names], [Category(c) for c in rows], list(rows.values()), **kwargs)


def test_no_swing_where_one_of_the_two_leading_is_not_in_the_baseline() -> None:
    """MEDSL's 2020 against 2016 by name: Biden, second now, is in 2020 only. The
    swing was taken between the next two matched (write-ins and Trump), which says nothing
    of the race; now there is none, and the reason names him. With Biden and Clinton
    aliased as one, the swing is the pair's: (+5 - (-5)) / 2 = 5 points, each change said."""
    from resultsviewer.core.change_texts import change_note
    from resultsviewer.core.compare import swing_unknown_text

    then = _contest("2016", ["Trump", "Clinton", "Write-ins"], {"A": [45, 50, 5]})
    now = _contest("2020", ["Biden", "Trump", "Write-ins"], {"A": [45, 50, 5]})
    changes = Comparison(now, then).changes()
    assert changes.swing is None
    why = swing_unknown_text(changes.candidates)
    assert why.startswith("Biden, of the two leading now, is not matched in the baseline")
    assert change_note(changes).startswith(f"No swing: {why}")
    aliased = Comparison(now, then, aliases={"Biden": "Dem", "Clinton": "Dem"}).changes()
    swing = aliased.swing
    assert swing is not None and (swing.source, swing.to) == ("Dem", "Trump") and swing.points == pytest.approx(5.0)
    assert swing.rule_text() == "Butler swing: half the difference between their changes in share, Trump +5.0 and Dem -5.0 points"


def test_gain_hold_swing_and_seats_on_a_small_example() -> None:
    then = _contest("2017", ["Con", "Lab", "LD"], {"A": [40, 50, 10], "B": [60, 30, 10], "C": [30, 60, 10]})
    now = _contest("2019", ["Con", "Lab", "LD"], {"A": [55, 35, 10], "B": [70, 20, 10], "C": [40, 50, 10]})
    changes = Comparison(now, then).changes(seats=True)
    assert [c.result_text() for c in changes.categories] == ["Con gain from Lab", "Con hold", "Lab hold"]
    # Overall: Con 130/300 -> 165/300 (+11.67 points), Lab 140/300 -> 105/300 (-11.67).
    assert changes.swing is not None
    assert (changes.swing.source, changes.swing.to) == ("Lab", "Con")
    assert changes.swing.points == pytest.approx((35 / 300 + 35 / 300) / 2 * 100)
    a = changes.categories[0].swing
    assert a is not None and a.points == pytest.approx(15.0)
    con, lab = changes.seat("Con"), changes.seat("Lab")
    assert (con.seats, con.baseline_seats, con.gains, con.losses, con.seats_change) == (2, 1, 1, 0, 1)
    assert (lab.seats, lab.baseline_seats, lab.gains, lab.losses, lab.seats_change) == (1, 2, 0, 1, -1)
    assert changes.seat("LD") is None  # no seat then or now
    assert changes.majority_text() == "Con majority of 1; before, Lab had a majority of 1"
    assert Comparison(now, then).changes().majority_text() is None  # no seats asked


def test_tied_category_has_no_winner_and_says_so() -> None:
    then = _contest("then", ["X", "Y"], {"A": [10, 5]})
    now = _contest("now", ["X", "Y"], {"A": [7, 7]})
    change = Comparison(now, then).changes(seats=True).categories[0]
    assert change.winner is None and change.result_text() == "winner unknown"


def test_aliases_merge_labour_and_cooperative_and_are_a_parameter() -> None:
    then = _contest("then", ["Labour", "Conservative"], {"A": [60, 40], "B": [30, 70]})
    now = _contest("now", ["Labour", "Labour and Co-operative", "Conservative"], {"A": [55, 0, 45], "B": [0, 35, 65]})
    changes = Comparison(now, then).changes(seats=True)
    labour = changes.candidate("Labour")
    assert (labour.votes, labour.baseline_votes) == (90, 90)
    assert changes.matching.merged == ("Labour",)
    assert changes.matching.unmatched_candidates == {"current": (), "baseline": ()}
    assert changes.categories[1].result_text() == "Conservative hold"
    # Without the alias, the Co-operative candidate is left unmatched, and listed.
    plain = Comparison(now, then, aliases={}).matching()
    assert plain.unmatched_candidates["current"] == ("Labour and Co-operative",)
    # Another table plugs in: here "Tories" is the Conservative party.
    tories = _contest("now", ["Labour", "Tories"], {"A": [50, 50], "B": [30, 70]})
    matched = Comparison(tories, then, aliases={"Tories": "Conservative"}).matching()
    assert matched.unmatched_candidates == {"current": (), "baseline": ()}


def test_categories_by_code_when_both_have_codes() -> None:
    then = Contest("then", [Candidate("X")], [Category("Weston-super-Mare", code="E1"), Category("Bath", code="E2")], [[5], [6]])
    now = Contest("now", [Candidate("X")], [Category("Bath", code="E2"), Category("Weston super Mare", code="E1")], [[7], [8]])
    matching = Comparison(now, then).matching()
    assert matching.categories_by == "code"
    assert matching.category_pairs == ((0, 1), (1, 0))


def test_match_by_hand_is_undoable_and_never_silent() -> None:
    then = _contest("then", ["Jeremy Corbyn", "Owen Smith"], {"Members": [10, 5]})
    now = _contest("now", ["J. Corbyn", "Owen Smith"], {"All members": [12, 4]})
    comparison = Comparison(now, then)
    assert comparison.matching().unmatched_candidates["current"] == ("J. Corbyn",)
    assert comparison.matching().unmatched_categories == {"current": ("All members",), "baseline": ("Members",)}
    heard: list[int] = []
    comparison.subscribe(lambda: heard.append(1))
    edit = MatchByHand(comparison, Axis.CANDIDATE, "J. Corbyn", "Jeremy Corbyn")
    edit.do()
    assert comparison.matching().unmatched_candidates == {"current": (), "baseline": ()}
    assert comparison.changes().candidate("J. Corbyn").baseline_votes == 10
    assert "J. Corbyn" in edit.description and "Jeremy Corbyn" in edit.description
    edit.undo()
    assert comparison.matching().unmatched_candidates["current"] == ("J. Corbyn",)
    assert heard == [1, 1]
    MatchByHand(comparison, Axis.CATEGORY, "All members", "Members").do()
    assert comparison.matching().category_pairs == ((0, 0),)
    # Matching a second candidate to one already matched is refused, and changes nothing.
    comparison.set_match(Axis.CANDIDATE, "J. Corbyn", "Jeremy Corbyn")
    with pytest.raises(EditError, match="already matched"):
        comparison.set_match(Axis.CANDIDATE, "Owen Smith", "Jeremy Corbyn")
    assert comparison.candidate_matches == {"J. Corbyn": "Jeremy Corbyn"}
    both = _contest("now", ["Jeremy Corbyn", "J. Corbyn"], {"Members": [12, 4]})
    collision = Comparison(both, then)
    with pytest.raises(EditError, match="ambiguous"):
        collision.set_match(Axis.CANDIDATE, "J. Corbyn", "Jeremy Corbyn")
    assert collision.candidate_matches == {}
    with pytest.raises(EditError, match="no candidate named"):
        comparison.set_match(Axis.CANDIDATE, "Nobody", "Jeremy Corbyn")


def test_bad_pairs_are_refused_with_a_message_and_leave_the_contests_alone() -> None:
    then = _contest("then", ["A", "B"], {"X": [1, 2]})
    other = _contest("other", ["C", "D"], {"X": [3, 4]})
    before = native.dumps(other)
    with pytest.raises(CompareError, match="nothing in common"):
        Comparison(other, then)
    assert native.dumps(other) == before
    # No category in common: the overall change stands, the categories are listed.
    elsewhere = _contest("elsewhere", ["A", "B"], {"Y": [3, 4]})
    assert Comparison(elsewhere, then).matching().unmatched_categories == {"current": ("Y",), "baseline": ("X",)}
    college = _contest("college", ["A", "B"], {"X": [3, 4]}, method=Method.ELECTORAL_COLLEGE)
    with pytest.raises(CompareError, match="different methods"):
        Comparison(college, then)
    # Two candidates of one party when asked to match by party: ambiguous, refused.
    by_party = Contest("p", [Candidate("Ann", "Lab"), Candidate("Bob", "Lab")], [Category("X")], [[1, 2]])
    base = Contest("b", [Candidate("Cat", "Lab")], [Category("X")], [[3]])
    with pytest.raises(CompareError, match="ambiguous"):
        Comparison(by_party, base, by="party")
    twice = Contest("t", [Candidate("A")], [Category("P", code="1"), Category("Q", code="1")], [[1], [2]])
    with pytest.raises(CompareError, match="two categories with the code"):
        Comparison(Contest("n", [Candidate("A")], [Category("P", code="1")], [[1]]), twice)


def test_declared_change_follows_renames_and_removals_and_saves() -> None:
    contest = _contest("now", ["X", "Y"], {"A": [6, 4]})
    contest.declared.share_changes[("A", "X")] = DeclaredChange("-0.05", "fraction")
    contest.update_candidate(0, name="Z")
    contest.update_category(0, name="B")
    assert contest.declared.share_changes == {("B", "Z"): DeclaredChange("-0.05", "fraction")}
    removed = contest.remove_candidate(0)
    assert contest.declared.share_changes == {}
    contest.restore_candidate(removed)
    assert ("B", "Z") in contest.declared.share_changes
    again = native.loads(native.dumps(contest), "x.results.json")
    assert again.declared.share_changes == contest.declared.share_changes
    then = _contest("then", ["Z", "Y"], {"B": [7, 3]})
    changes = Comparison(contest, then).changes()
    found, checked, unchecked = changes.check_declared()
    # Declared -5 points; computed 60% - 70% = -10 points.
    assert (checked, unchecked) == (1, 0)
    assert len(found) == 1 and "-5.0" in found[0].message() and "-10.0" in found[0].message()


# --- the Commons files ----------------------------------------------------------------------

PARTY_COLUMNS = ["con", "lab", "ld", "ukip", "green", "snp", "pc", "dup", "sf", "sdlp", "uup", "alliance", "other"]


def _dict_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def commons(request) -> tuple:
    from tests.conftest import SHARED_REAL

    folder = SHARED_REAL / "uk_general"
    if not folder.is_dir():
        pytest.skip("../shared/data/real is absent (a user's clone has no shared folder)")
    paths = (folder / "HoC-GE2017-constituency-results.csv", folder / "HoC-GE2019-results-by-candidate.csv")
    then, now = (import_contest(path).contest for path in paths)
    return paths, Comparison(now, then).changes(seats=True)


def test_commons_2019_against_2017_seats_and_swing(commons) -> None:
    (path_2017, path_2019), changes = commons
    rows_2017, rows_2019 = _dict_rows(path_2017), _dict_rows(path_2019)
    winner_2017 = {}
    for row in rows_2017:
        votes = {column: int(row[column]) for column in PARTY_COLUMNS}
        winner_2017[row["id"]] = max(votes, key=votes.get)
    by_seat = defaultdict(list)
    for row in rows_2019:
        by_seat[row["ons_id"]].append(row)

    def party(name: str) -> str:
        return "Labour" if name == "Labour and Co-operative" else name

    winner_2019 = {seat: party(max(rows, key=lambda r: int(r["votes"]))["party_name"]) for seat, rows in by_seat.items()}
    assert set(winner_2019) == set(winner_2017) and len(winner_2019) == 650
    for name, column in (("Conservative", "con"), ("Labour", "lab")):
        seats = sum(w == name for w in winner_2019.values())
        baseline = sum(w == column for w in winner_2017.values())
        gains = sum(winner_2019[s] == name and winner_2017[s] != column for s in winner_2019)
        losses = sum(winner_2019[s] != name and winner_2017[s] == column for s in winner_2019)
        seat = changes.seat(name)
        assert (seat.seats, seat.baseline_seats, seat.gains, seat.losses) == (seats, baseline, gains, losses)
    con, lab = changes.seat("Conservative"), changes.seat("Labour")
    assert (con.seats, con.seats_change, con.gains, con.losses) == (365, 48, 58, 10)
    assert (lab.seats, lab.seats_change, lab.gains, lab.losses) == (202, -60, 1, 61)
    # All 650 constituencies matched by their ONS id.
    assert changes.matching.categories_by == "code" and len(changes.matching.category_pairs) == 650
    # The swing, from the national totals.
    total_2017 = sum(int(r[c]) for r in rows_2017 for c in PARTY_COLUMNS)
    total_2019 = sum(int(r["votes"]) for r in rows_2019)
    con_change = sum(int(r["votes"]) for r in rows_2019 if r["party_name"] == "Conservative") / total_2019 - sum(
        int(r["con"]) for r in rows_2017
    ) / total_2017
    lab_change = sum(int(r["votes"]) for r in rows_2019 if party(r["party_name"]) == "Labour") / total_2019 - sum(
        int(r["lab"]) for r in rows_2017
    ) / total_2017
    assert changes.swing is not None
    assert (changes.swing.source, changes.swing.to) == ("Labour", "Conservative")
    assert changes.swing.points == pytest.approx((con_change - lab_change) / 2 * 100)
    assert round(changes.swing.points, 1) == 4.6
    # 2 x 365 - 650 = 80; 317 of 650 in 2017 was short of a majority.
    assert changes.majority_text() == "Conservative majority of 80, up from a minority of 317 seats"


def test_commons_results_in_words_and_declared_changes(commons) -> None:
    (path_2017, path_2019), changes = commons
    results = {c.name: c.result_text() for c in changes.categories}
    assert results["Putney"] == "Labour gain from Conservative"
    assert results["Bolsover"] == "Conservative gain from Labour"
    assert results["Aberavon"] == "Labour hold"
    found, checked, unchecked = changes.check_declared()
    rows_2019 = _dict_rows(path_2019)
    declared = sum(1 for r in rows_2019 if r["change"].strip())
    assert checked + unchecked <= declared and checked > 2400
    # The Library's figures and ours agree where both exist.
    assert found == ()


def test_codes_and_declared_changes_are_kept_by_the_native_format_and_its_schema() -> None:
    from resultsviewer.core.errors import LoadError
    from tests.core.formats.test_schema import schema_validator

    contest = Contest("c", [Candidate("Labour")], [Category("Aberavon", code="W07000049")], [[17008]])
    contest.declared.share_changes[("Aberavon", "Labour")] = DeclaredChange("-0.1429332271681637", "fraction")
    document = json.loads(native.dumps(contest))
    assert document["categories"][0]["code"] == "W07000049"
    assert document["declared"]["share_changes"] == {"Aberavon": {"Labour": {"fraction": "-0.1429332271681637"}}}
    assert list(schema_validator().iter_errors(document)) == []
    again = native.loads(native.dumps(contest), "c.results.json")
    assert again.category(0).code == "W07000049"
    assert again.declared.share_changes == contest.declared.share_changes
    assert again.declared.share_changes[("Aberavon", "Labour")].points == pytest.approx(-14.29332271681637)
    document["declared"]["share_changes"]["Aberavon"]["Nobody"] = {"points": "1.0"}
    with pytest.raises(LoadError, match="Nobody"):
        native.loads(json.dumps(document).encode(), "bad.results.json")


def test_the_commons_importers_keep_the_ons_ids(commons) -> None:
    (path_2017, path_2019), changes = commons
    then, now = changes.comparison.baseline, changes.comparison.current
    assert {c.name: c.code for c in then.categories} == {r["constituency_name"]: r["id"] for r in _dict_rows(path_2017)}
    assert {c.name: c.code for c in now.categories} == {r["constituency_name"]: r["ons_id"] for r in _dict_rows(path_2019)}


def test_withheld_counts_are_said_and_leave_a_winner_unknown() -> None:
    then = _contest("then", ["X", "Y"], {"A": [10, 5], "B": [3, 9]})
    now = Contest("now", [Candidate("X"), Candidate("Y")], [Category("A"), Category("B")], [[None, 7], [4, 8]])
    changes = Comparison(now, then).changes(seats=True)
    assert changes.withheld_text is not None and "counts are withheld (in 1 cell of this contest)" in changes.withheld_text
    assert changes.categories[0].winner is None and changes.categories[0].result_text() == "winner unknown"
    assert changes.categories[1].result_text() == "Y hold"
    assert changes.to_dict()["withheld"] == changes.withheld_text
    assert Comparison(then, then).changes().withheld_text is None


def test_the_change_data_says_which_figures_are_of_known_counts_only() -> None:
    """``--with-data`` beside a change chart: X's count withheld in A (now) makes its votes
    a lower bound; Y's are exact. The sums are the cells above, added by hand."""
    import csv
    import io

    from resultsviewer.core.change_texts import change_data_csv
    from resultsviewer.core.counts import AtLeast

    then = _contest("then", ["X", "Y"], {"A": [10, 5], "B": [3, 9]})
    now = Contest("now", [Candidate("X"), Candidate("Y")], [Category("A"), Category("B")], [[AtLeast(6, 2), 7], [4, 8]])
    rows = {row["candidate"]: row for row in csv.DictReader(io.StringIO(change_data_csv(Comparison(now, then).changes())))}
    assert rows["X"]["votes"] == "10" and rows["X"]["baseline_votes"] == "13"
    assert rows["X"]["figures_are"] == "of known counts only"
    assert rows["Y"]["votes"] == "15" and rows["Y"]["baseline_votes"] == "14" and rows["Y"]["figures_are"] == "exact"


def test_a_name_ending_in_a_full_stop_ends_its_sentence_once() -> None:
    from resultsviewer.core.change_texts import change_alt_text, change_note

    then = _contest("2016", ["TRUMP, DONALD J.", "CLINTON, HILLARY"], {"A": [45, 55]})
    now = _contest("2020", ["BIDEN, JOSEPH R. JR.", "TRUMP, DONALD J."], {"A": [52, 48]})
    changes = Comparison(now, then).changes()
    for text in (change_note(changes), change_alt_text(changes)):
        assert ".." not in text
    assert "Not in the baseline: BIDEN, JOSEPH R. JR. In the baseline only: CLINTON, HILLARY." in change_note(changes)
