"""Parties: merging as one undoable edit, grouping, customary and distinct colours (no Qt)."""

from __future__ import annotations

from resultsviewer.core.contest import AtLeast, Candidate, Category, Contest
from resultsviewer.core.formats import native
from resultsviewer.core.methods import count
from resultsviewer.core.parties import (
    MergeParties,
    apply_party_colours,
    display_colours,
    group_by_party,
    suggested_merges,
    too_close,
)

PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000")


def commons() -> Contest:
    names = ["Conservative", "Labour", "Labour and Co-operative", "Green"]
    rows = {"Aber": [10, 12, 0, 1], "Bath": [9, 0, 11, 2], "Crewe": [8, 3, 4, 0]}
    contest = Contest("GE", [Candidate(n) for n in names], [Category(c) for c in rows], list(rows.values()))
    contest.declared.category_winners["Bath"] = "Labour and Co-operative"
    return contest


def test_merge_is_one_edit_named_in_the_history_and_undoes_exactly() -> None:
    contest = commons()
    before = native.dumps(contest)
    edit = MergeParties("Labour and Co-operative", "Labour")
    edit.do(contest)
    assert edit.description == "Merged Labour and Co-operative → Labour"
    assert [c.name for c in contest.candidates] == ["Conservative", "Labour", "Green"]
    assert [contest.count(i, 1) for i in range(3)] == [12, 11, 7]
    assert contest.declared.category_winners["Bath"] == "Labour"
    assert [s.units for s in count(contest, "seats").standings] == [1, 2, 0]
    edit.undo(contest)
    assert native.dumps(contest) == before


def test_merge_of_a_party_field_and_of_an_unknown_name() -> None:
    contest = Contest("P", [Candidate("Ann", "Lab Co-op"), Candidate("Bob", "Labour")], [Category("X")], [[3, 4]])
    edit = MergeParties("Lab Co-op", "Labour")
    edit.do(contest)
    assert [c.party for c in contest.candidates] == ["Labour", "Labour"]
    grouped = group_by_party(contest)
    assert [c.name for c in grouped.candidates] == ["Labour"] and grouped.row(0) == (7,)
    edit.undo(contest)
    assert contest.candidate(0).party == "Lab Co-op"
    try:
        MergeParties("Nobody", "Labour").do(contest)
    except Exception as error:  # an EditError naming the name
        assert "Nobody" in str(error)
    else:
        raise AssertionError("merging an unknown name must be refused")


def test_group_by_party_sums_candidates_and_keeps_every_known_vote() -> None:
    contest = Contest(
        "US", [Candidate("A", "Rep"), Candidate("B", "Dem"), Candidate("C", "Rep")],
        [Category("X"), Category("Y")], [[1, 2, 3], [None, 5, 6]],
    )
    grouped = group_by_party(contest)
    assert [c.name for c in grouped.candidates] == ["Rep", "Dem"]
    # A withheld count makes the party's "at least" its known votes (issue 12), never unknown.
    assert grouped.row(0) == (4, 2) and grouped.row(1) == (AtLeast(6, 1), 5)


def test_import_suggests_merges_never_applies_them() -> None:
    contest = commons()
    suggestions = suggested_merges(contest)
    assert [(s.source, s.target) for s in suggestions] == [("Labour and Co-operative", "Labour")]
    assert contest.candidate_count == 4


def test_customary_colours_are_applied_and_stored() -> None:
    contest = commons()
    assert apply_party_colours(contest) == ["Conservative", "Labour", "Labour and Co-operative", "Green"]
    assert contest.candidate(0).colour == "#0087dc"  # Conservative blue
    assert native.loads(native.dumps(contest), "x.results.json").candidate(1).colour == "#e4003b"


def test_no_two_candidates_share_a_colour_even_under_colour_blindness() -> None:
    contest = commons()
    apply_party_colours(contest)
    colours = display_colours(contest, PALETTE)
    assert colours[0] == "#0087dc" and colours[1] == "#e4003b"  # the first keeps its customary colour
    assert colours[2] != colours[1]  # Labour and Co-operative is a shade of Labour red, told apart
    for i, first in enumerate(colours):
        for second in colours[i + 1 :]:
            assert not too_close(first, second), (first, second)


def test_same_colours_whether_or_not_the_file_stored_them() -> None:
    stored = commons()
    apply_party_colours(stored)
    assert display_colours(stored, PALETTE) == display_colours(commons(), PALETTE)


def test_many_candidates_get_distinct_colours() -> None:
    contest = Contest("Many", [Candidate(f"Candidate {i}") for i in range(15)], [Category("X")], [[1] * 15])
    colours = display_colours(contest, PALETTE)
    assert len(set(colours)) == 15
