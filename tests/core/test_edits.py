"""Every edit does, undoes, and says what it changed. Edits never merge: each correction
is its own step in the History (see gui/undo.py)."""

from __future__ import annotations

import pytest

from resultsviewer.core.contest import Axis, Candidate, Category, Contest, Declared, Method, Status, TieBreak
from resultsviewer.core.edits import InsertItem, MoveItem, RemoveItem, SetCount, SetCounts, SetProperties, UpdateItem
from tests.core.strategies import contest_state


def snapshot(contest: Contest) -> dict:
    state = contest_state(contest)
    state["totals"] = [contest.candidate_total(i) for i in range(contest.candidate_count)]
    state["total"] = contest.total_votes
    return state


def do_undo_redo(contest: Contest, edit) -> None:
    """Do, undo (back to the start exactly), do again (the same result as the first time)."""
    before = snapshot(contest)
    edit.do(contest)
    after = snapshot(contest)
    assert after != before
    edit.undo(contest)
    assert snapshot(contest) == before
    edit.do(contest)
    assert snapshot(contest) == after


def test_set_count(default_contest) -> None:
    edit = SetCount(0, 1, 117000)
    do_undo_redo(default_contest, edit)
    assert default_contest.count(0, 1) == 117000 and edit.old == 116960
    assert edit.label == "Set count"
    assert edit.description == "Members / Owen Smith: 116,960 → 117,000"


def test_set_count_to_unknown(default_contest) -> None:
    edit = SetCount(2, 0, None)
    do_undo_redo(default_contest, edit)
    assert edit.description == "Affiliated supporters / Jeremy Corbyn: 60,075 → (none)"


def test_rename_candidate(default_contest) -> None:
    default_contest.set_property("tie_break", TieBreak("Owen Smith"))
    edit = UpdateItem(Axis.CANDIDATE, 1, {"name": "Owen Smith MP"})
    assert edit.label == "Rename candidate"
    assert edit.description == "Rename candidate"  # before it is done
    do_undo_redo(default_contest, edit)
    assert default_contest.candidate(1).name == "Owen Smith MP"
    assert "Owen Smith MP" in default_contest.declared.candidate_totals
    assert default_contest.tie_break.winner == "Owen Smith MP"
    assert edit.description == "Candidate 'Owen Smith': name 'Owen Smith' → 'Owen Smith MP'"


def test_change_candidate_colour_and_party(default_contest) -> None:
    edit = UpdateItem(Axis.CANDIDATE, 0, {"colour": "#000000", "party": None})
    assert edit.label == "Change candidate colour, party"
    do_undo_redo(default_contest, edit)
    assert default_contest.candidate(0).colour == "#000000" and default_contest.candidate(0).party is None
    assert edit.description == "Candidate 'Jeremy Corbyn': colour '#dc241f' → '#000000'; party 'Labour' → (none)"


def test_change_category(default_contest) -> None:
    edit = UpdateItem(Axis.CATEGORY, 1, {"electorate": 130000, "weight": 2.0})
    do_undo_redo(default_contest, edit)
    assert default_contest.category(1).electorate == 130000
    assert edit.description == "Category 'Registered supporters': electorate (none) → 130,000; weight (none) → 2.0"


def test_insert_candidate_and_category(default_contest) -> None:
    edit = InsertItem(Axis.CANDIDATE, 1, Candidate("Tom Watson"), (1, 2, 3))
    assert edit.label == "Add candidate"
    do_undo_redo(default_contest, edit)
    assert default_contest.row(0) == (168216, 1, 116960)
    assert edit.description == "Added candidate 'Tom Watson' at position 2"
    edit = InsertItem(Axis.CATEGORY, 3, Category("Overseas"))
    do_undo_redo(default_contest, edit)
    assert default_contest.row(3) == (0, 0, 0)
    assert edit.description == "Added category 'Overseas' at position 4"


def test_remove_candidate_restores_its_declared_figures(default_contest) -> None:
    edit = RemoveItem(Axis.CANDIDATE, 0)
    assert edit.description == "Remove candidate"
    do_undo_redo(default_contest, edit)
    assert [c.name for c in default_contest.candidates] == ["Owen Smith"]
    assert edit.description == "Removed candidate 'Jeremy Corbyn' (313,209 votes in 3 cells)"
    edit.undo(default_contest)
    assert default_contest.declared.candidate_totals["Jeremy Corbyn"] == 313209
    assert default_contest.declared.candidate_shares["Jeremy Corbyn"].text == "61.8"


def test_remove_category(default_contest) -> None:
    edit = RemoveItem(Axis.CATEGORY, 2)
    assert edit.label == "Remove category"
    do_undo_redo(default_contest, edit)
    assert default_contest.total_votes == 506438 - 60075 - 39670
    assert edit.description == "Removed category 'Affiliated supporters' (99,745 votes in 2 cells)"


def test_move_candidate_and_category(default_contest) -> None:
    edit = MoveItem(Axis.CANDIDATE, 0, 1)
    do_undo_redo(default_contest, edit)
    assert [c.name for c in default_contest.candidates] == ["Owen Smith", "Jeremy Corbyn"]
    assert edit.label == "Move candidate"
    assert edit.description == "Moved candidate 'Jeremy Corbyn' from position 1 to 2"
    edit = MoveItem(Axis.CATEGORY, 2, 0)
    do_undo_redo(default_contest, edit)
    assert default_contest.category(0).name == "Affiliated supporters"
    assert edit.description == "Moved category 'Affiliated supporters' from position 3 to 1"


def test_set_properties(default_contest) -> None:
    edit = SetProperties({"title": "Leadership 2016", "status": Status.CERTIFIED, "method": Method.ELECTORAL_COLLEGE})
    assert edit.label == "Change contest properties"
    do_undo_redo(default_contest, edit)
    assert default_contest.title == "Leadership 2016" and default_contest.status is Status.CERTIFIED
    assert edit.description == (
        "Contest: title 'Labour Party leadership election 2016' → 'Leadership 2016'; "
        "status final → certified; method sum → sections"
    )


def test_set_declared_and_tie_break(default_contest) -> None:
    edit = SetProperties({"declared": Declared(valid_votes=506438), "tie_break": TieBreak("Owen Smith")})
    do_undo_redo(default_contest, edit)
    assert default_contest.declared == Declared(valid_votes=506438)
    assert edit.description == "Contest: declared figures changed; tie-break (none) → 'Owen Smith'"
    edit.undo(default_contest)
    assert default_contest.declared.candidate_totals["Jeremy Corbyn"] == 313209 and default_contest.tie_break is None


def test_set_counts_is_one_edit_and_one_event(default_contest) -> None:
    from resultsviewer.core.contest import CountsChanged

    events: list = []
    default_contest.subscribe(events.append)
    # Members / Owen Smith twice (the last one stands), a count set to what it is (no change).
    edit = SetCounts(((0, 0, 170_000), (0, 1, 1), (1, 1, 36_599), (0, 1, 117_000), (2, 0, None)))
    do_undo_redo(default_contest, edit)
    assert [type(event) for event in events] == [CountsChanged] * 3  # do, undo, do: one event each
    assert events[0].cells == ((0, 0, 168_216, 170_000), (0, 1, 116_960, 1), (0, 1, 1, 117_000), (2, 0, 60_075, None))
    assert [default_contest.count(0, 0), default_contest.count(0, 1), default_contest.count(2, 0)] == [170_000, 117_000, None]
    # The totals, from the Labour Party's declared figures with the three changes.
    assert default_contest.candidate_total(0) == 313_209 - 168_216 + 170_000 - 60_075
    assert default_contest.candidate_total(1) == 193_229 - 116_960 + 117_000
    assert edit.label == "Paste counts"
    assert edit.description == (
        "5 counts pasted: Members / Jeremy Corbyn: 168,216 → 170,000; Members / Owen Smith: 116,960 → 1; "
        "Registered supporters / Owen Smith: 36,599 → 36,599; Members / Owen Smith: 1 → 117,000; "
        "Affiliated supporters / Jeremy Corbyn: 60,075 → (none)"
    )
    many = SetCounts(tuple((row, column, 10 + row + column) for row in range(3) for column in range(2)) + ((0, 0, 9),))
    many.do(default_contest)
    assert many.description.startswith("7 counts pasted: Members / Jeremy Corbyn: 170,000 → 10; ")
    assert many.description.endswith("; and 2 more") and many.description.count("→") == SetCounts.DESCRIBED


def test_set_counts_checks_every_cell_before_setting_any(default_contest) -> None:
    from resultsviewer.core.errors import ContestError

    before = snapshot(default_contest)
    for cells in (((0, 0, 1), (1, 1, -5)), ((0, 0, 1), (7, 0, 1)), ((0, 0, 1), (0, 9, 1))):
        with pytest.raises(ContestError):
            SetCounts(cells).do(default_contest)
        assert snapshot(default_contest) == before


def test_a_refused_edit_changes_nothing(default_contest) -> None:
    from resultsviewer.core.errors import ContestError

    before = snapshot(default_contest)
    for edit in (
        SetCount(0, 0, -1),
        UpdateItem(Axis.CANDIDATE, 0, {"name": "owen smith"}),
        InsertItem(Axis.CATEGORY, 0, Category("members")),
        RemoveItem(Axis.CANDIDATE, 5),
        MoveItem(Axis.CATEGORY, 0, 7),
    ):
        with pytest.raises(ContestError):
            edit.do(default_contest)
        assert snapshot(default_contest) == before


def test_rounds_refusal_keeps_the_rounds_and_the_table_together() -> None:
    from decimal import Decimal

    from resultsviewer.core.contest import Axis, Candidate, Category
    from resultsviewer.core.edits import (
        InsertItem,
        MoveItem,
        RemoveItem,
        SetCount,
        SetProperties,
        UpdateItem,
        rounds_refusal,
    )
    from resultsviewer.core.methods import Method
    from resultsviewer.core.rounds import Round, RoundResult, contest_from_rounds

    def contest(derived: bool):
        result = RoundResult(
            "Ward 3", ("Ada", "Ben"),
            (Round(1, {"Ada": Decimal(40), "Ben": Decimal(35)}, elected=("Ada",)),),
            source="ballots.csv" if derived else "report.xlsx", derived=derived,
        )
        return contest_from_rounds(result)

    refused = [
        SetCount(0, 0, 41), InsertItem(Axis.CANDIDATE, 2, Candidate("Cy")), RemoveItem(Axis.CANDIDATE, 1),
        MoveItem(Axis.CANDIDATE, 0, 1), UpdateItem(Axis.CANDIDATE, 0, {"name": "Adah"}),
        InsertItem(Axis.CATEGORY, 1, Category("Postal")), UpdateItem(Axis.CATEGORY, 0, {"name": "All"}),
        SetProperties({"method": Method.SUM}),
    ]
    derived, report = contest(True), contest(False)
    for edit in refused:
        assert "the ballots file is the source" in (rounds_refusal(derived, edit) or ""), edit
        assert "read-only here" in (rounds_refusal(report, edit) or ""), edit
    for edit in (UpdateItem(Axis.CANDIDATE, 0, {"colour": "#123456"}), SetProperties({"title": "Ward Three"})):
        assert rounds_refusal(derived, edit) is None and rounds_refusal(report, edit) is None
    plain = contest(True)
    plain.rounds = None
    assert rounds_refusal(plain, SetCount(0, 0, 41)) is None
