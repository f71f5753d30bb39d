"""The contest: construction, names, counts with running totals, structure edits and their events."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resultsviewer.core.contest import (
    Axis,
    Candidate,
    Category,
    Contest,
    CountChanged,
    Declared,
    DeclaredShare,
    ItemChanged,
    Method,
    PropertyChanged,
    Status,
    StructureChange,
    TieBreak,
)
from resultsviewer.core.counts import MAX_COUNT
from resultsviewer.core.errors import CountError, EditError


def small() -> Contest:
    return Contest(
        "Test",
        [Candidate("A"), Candidate("B"), Candidate("C")],
        [Category("North", weight=1.0), Category("South", weight=3.0)],
        [[10, 20, 30], [5, None, 15]],
    )


def recounted(contest: Contest) -> Contest:
    """The same contest built afresh, so its totals are computed from scratch."""
    return Contest(
        contest.title,
        contest.candidates,
        contest.categories,
        [contest.row(i) for i in range(contest.category_count)],
    )


def assert_totals_match_a_recount(contest: Contest) -> None:
    fresh = recounted(contest)
    assert contest.total_votes == fresh.total_votes
    assert contest.unknown_cells == fresh.unknown_cells
    for candidate in range(contest.candidate_count):
        assert contest.candidate_total(candidate) == fresh.candidate_total(candidate)
    for category in range(contest.category_count):
        assert contest.category_total(category) == fresh.category_total(category)
        assert contest.category_unknown(category) == fresh.category_unknown(category)
    sums, weight = contest.college_sums()
    fresh_sums, fresh_weight = fresh.college_sums()
    assert weight == pytest.approx(fresh_weight, rel=1e-9, abs=1e-9)
    assert sums == pytest.approx(fresh_sums, rel=1e-9, abs=1e-9)
    # and against the cells themselves
    assert contest.total_votes == sum(
        value or 0 for category in range(contest.category_count) for value in contest.row(category)
    )


def record(contest: Contest) -> list:
    events: list = []
    contest.subscribe(events.append)
    return events


# --- construction ---------------------------------------------------------------------


def test_construction_and_reading() -> None:
    contest = small()
    assert contest.candidate_count == 3 and contest.category_count == 2
    assert contest.candidate(1) == Candidate("B")
    assert contest.category_index("South") == 1
    assert contest.candidate_index("C") == 2
    with pytest.raises(KeyError):
        contest.candidate_index("Z")
    assert contest.row(1) == (5, None, 15)
    assert contest.count(1, 1) is None
    assert [contest.candidate_total(i) for i in range(3)] == [15, 20, 45]
    assert [contest.category_total(i) for i in range(2)] == [60, 20]
    assert contest.total_votes == 80
    assert contest.unknown_cells == 1 and contest.category_unknown(1) == 1
    assert contest.status is Status.PROVISIONAL and contest.method is Method.SUM


def test_defaults_and_empty_contest() -> None:
    contest = Contest()
    assert contest.title == "Untitled contest"
    assert contest.total_votes == 0 and contest.candidates == () and contest.categories == ()
    zeros = Contest("Z", [Candidate("A")], [Category("X")])
    assert zeros.row(0) == (0,)


def test_counts_must_fit_the_grid() -> None:
    with pytest.raises(EditError, match="1 rows of counts for 2 categories"):
        Contest("T", [Candidate("A")], [Category("X"), Category("Y")], [[1]])
    with pytest.raises(EditError, match="category 'X' has 2 counts for 1 candidates"):
        Contest("T", [Candidate("A")], [Category("X")], [[1, 2]])


@pytest.mark.parametrize("value", [-1, 1.5, "3", MAX_COUNT + 1, True])
def test_bad_counts_are_refused_at_construction(value: object) -> None:
    with pytest.raises(CountError):
        Contest("T", [Candidate("A")], [Category("X")], [[value]])  # type: ignore[list-item]


def test_names_are_collapsed() -> None:
    contest = Contest("T", [Candidate("  Jeremy \t Corbyn ")], [Category("Members\n")])
    assert contest.candidate(0).name == "Jeremy Corbyn"
    assert contest.category(0).name == "Members"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("A\x00B", "cannot hold control characters"),
        ("A\x1bB", "cannot hold control characters"),
        ("A\x85B", None),  # NEL is white space to str.split: collapsed, not refused
        ("A\x9bB", "cannot hold control characters"),
        ("x" * 501, "cannot be longer than 500 characters"),
        (7, "must be text"),
    ],
)
def test_bad_names_are_refused(name: object, message: str | None) -> None:
    for build in (
        lambda: Contest("T", [Candidate(name)]),  # type: ignore[arg-type]
        lambda: Contest("T", [], [Category(name)]),  # type: ignore[arg-type]
    ):
        if message is None:
            build()
        else:
            with pytest.raises(EditError, match=message):
                build()


def test_duplicate_names_are_refused_without_regard_to_case() -> None:
    with pytest.raises(EditError, match="there is already a candidate named 'Owen Smith'"):
        Contest("T", [Candidate("Owen Smith"), Candidate("owen  SMITH")])
    with pytest.raises(EditError, match="there is already a category named 'Members'"):
        Contest("T", [], [Category("Members"), Category("MEMBERS")])
    # a candidate and a category may share a name
    Contest("T", [Candidate("Members")], [Category("Members")])


def test_colour_party_weight_checks() -> None:
    assert Contest("T", [Candidate("A", colour="#DC241F")]).candidate(0).colour == "#dc241f"
    assert Contest("T", [Candidate("A", party="")]).candidate(0).party is None
    with pytest.raises(EditError, match="#rrggbb"):
        Contest("T", [Candidate("A", colour="red")])
    for weight in (-1.0, float("nan"), float("inf"), True, "2"):
        with pytest.raises(EditError, match="a weight must be a number from 0 up"):
            Contest("T", [], [Category("X", weight=weight)])  # type: ignore[arg-type]
    assert Contest("T", [], [Category("X", weight=2)]).category(0).weight == 2.0
    with pytest.raises(CountError):
        Contest("T", [], [Category("X", electorate=-5)])
    with pytest.raises(CountError):
        Contest("T", [], [Category("X", rejected=1.5)])  # type: ignore[arg-type]


def test_effective_electorate_and_rejected() -> None:
    contest = Contest("T", [Candidate("A")], [Category("X", electorate=10, rejected=1), Category("Y", electorate=5)])
    assert contest.effective_electorate == 15
    assert contest.rejected_total == 1
    contest.set_property("electorate", 100)
    assert contest.effective_electorate == 100
    partial = Contest("T", [Candidate("A")], [Category("X", electorate=10), Category("Y")])
    assert partial.effective_electorate is None and partial.rejected_total is None


# --- counts ---------------------------------------------------------------------------


def test_set_count_updates_running_totals_and_emits() -> None:
    contest = small()
    events = record(contest)
    assert contest.set_count(0, 1, 25) == 20
    assert events == [CountChanged(0, 1, 20, 25)]
    assert contest.candidate_total(1) == 25 and contest.category_total(0) == 65 and contest.total_votes == 85
    assert_totals_match_a_recount(contest)


def test_unknown_cells_add_nothing_and_are_counted() -> None:
    contest = small()
    events = record(contest)
    contest.set_count(0, 0, None)
    assert contest.unknown_cells == 2 and contest.category_unknown(0) == 1
    assert contest.candidate_total(0) == 5
    contest.set_count(1, 1, 0)
    assert contest.unknown_cells == 1
    assert events == [CountChanged(0, 0, 10, None), CountChanged(1, 1, None, 0)]
    assert_totals_match_a_recount(contest)


def test_setting_the_same_value_emits_nothing() -> None:
    contest = small()
    events = record(contest)
    assert contest.set_count(0, 0, 10) == 10
    assert contest.set_count(1, 1, None) is None
    assert events == []


def test_set_count_refuses_bad_values_and_places() -> None:
    contest = small()
    for value in (-1, 2.5, MAX_COUNT + 1, "5"):
        with pytest.raises(CountError):
            contest.set_count(0, 0, value)  # type: ignore[arg-type]
    with pytest.raises(EditError, match="there is no category number 2"):
        contest.set_count(2, 0, 1)
    with pytest.raises(EditError, match="there is no candidate number -1"):
        contest.set_count(0, -1, 1)
    assert contest.row(0) == (10, 20, 30)
    assert_totals_match_a_recount(contest)


def test_unsubscribe() -> None:
    contest = small()
    events = record(contest)
    contest.unsubscribe(events.append)
    contest.unsubscribe(events.append)  # twice is harmless
    contest.set_count(0, 0, 1)
    assert events == []


# --- random edit sequences: running totals always equal a recount ----------------------

EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), st.integers(0, 50), st.integers(0, 50), st.one_of(st.none(), st.integers(0, 10**6))),
        st.tuples(st.just("insert_candidate"), st.integers(0, 50)),
        st.tuples(st.just("remove_candidate"), st.integers(0, 50)),
        st.tuples(st.just("move_candidate"), st.integers(0, 50), st.integers(0, 50)),
        st.tuples(st.just("insert_category"), st.integers(0, 50), st.one_of(st.none(), st.floats(0, 10))),
        st.tuples(st.just("remove_category"), st.integers(0, 50)),
        st.tuples(st.just("move_category"), st.integers(0, 50), st.integers(0, 50)),
        st.tuples(st.just("weight"), st.integers(0, 50), st.one_of(st.none(), st.floats(0, 10))),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(EDITS)
def test_running_totals_equal_a_recount_under_random_edits(edits: list) -> None:
    contest = small()
    serial = 0
    for edit in edits:
        kind = edit[0]
        n_cand, n_cat = contest.candidate_count, contest.category_count
        serial += 1
        if kind == "set" and n_cand and n_cat:
            contest.set_count(edit[1] % n_cat, edit[2] % n_cand, edit[3])
        elif kind == "insert_candidate":
            counts = [(serial * 7 + i) % 13 for i in range(n_cat)]
            contest.insert_candidate(edit[1] % (n_cand + 1), Candidate(f"cand {serial}"), counts)
        elif kind == "remove_candidate" and n_cand:
            contest.remove_candidate(edit[1] % n_cand)
        elif kind == "move_candidate" and n_cand:
            contest.move_candidate(edit[1] % n_cand, edit[2] % n_cand)
        elif kind == "insert_category":
            counts = [None if (serial + i) % 5 == 0 else (serial * 3 + i) % 11 for i in range(n_cand)]
            contest.insert_category(edit[1] % (n_cat + 1), Category(f"cat {serial}", weight=edit[2]), counts)
        elif kind == "remove_category" and n_cat:
            contest.remove_category(edit[1] % n_cat)
        elif kind == "move_category" and n_cat:
            contest.move_category(edit[1] % n_cat, edit[2] % n_cat)
        elif kind == "weight" and n_cat:
            contest.update_category(edit[1] % n_cat, weight=edit[2])
        assert_totals_match_a_recount(contest)


# --- candidates -----------------------------------------------------------------------


def test_insert_candidate_with_events_before_and_after() -> None:
    contest = small()
    seen: list[tuple] = []
    contest.subscribe(lambda event: seen.append((event, contest.candidate_count)))
    contest.insert_candidate(1, Candidate("D"), [1, None])
    assert [c.name for c in contest.candidates] == ["A", "D", "B", "C"]
    assert seen == [
        (StructureChange(Axis.CANDIDATE, "insert", 1, done=False), 3),
        (StructureChange(Axis.CANDIDATE, "insert", 1, done=True), 4),
    ]
    assert contest.row(0) == (10, 1, 20, 30) and contest.row(1) == (5, None, None, 15)
    assert contest.unknown_cells == 2
    assert_totals_match_a_recount(contest)
    contest.insert_candidate(4, Candidate("E"))  # at the end, zeros
    assert contest.row(0)[-1] == 0


def test_insert_candidate_refusals() -> None:
    contest = small()
    with pytest.raises(EditError, match="no place 5 for a candidate"):
        contest.insert_candidate(5, Candidate("D"))
    with pytest.raises(EditError, match="there is already a candidate named 'B'"):
        contest.insert_candidate(0, Candidate("b"))
    with pytest.raises(EditError, match="1 counts given for 2 categories"):
        contest.insert_candidate(0, Candidate("D"), [1])
    with pytest.raises(EditError, match="cannot be empty"):
        contest.insert_candidate(0, Candidate(" "))
    assert contest.candidate_count == 3


def test_remove_and_restore_candidate_keeps_declared_figures() -> None:
    contest = small()
    contest.declared.candidate_totals["B"] = 20
    contest.declared.candidate_shares["B"] = DeclaredShare("25.0")
    events = record(contest)
    removed = contest.remove_candidate(1)
    assert [c.name for c in contest.candidates] == ["A", "C"]
    assert removed.counts == (20, None) and removed.declared_total == 20
    assert "B" not in contest.declared.candidate_totals and "B" not in contest.declared.candidate_shares
    assert events == [
        StructureChange(Axis.CANDIDATE, "remove", 1, done=False),
        StructureChange(Axis.CANDIDATE, "remove", 1, done=True),
    ]
    assert contest.unknown_cells == 0
    assert_totals_match_a_recount(contest)
    events.clear()
    contest.restore_candidate(removed)
    assert [c.name for c in contest.candidates] == ["A", "B", "C"]
    assert contest.row(1) == (5, None, 15)
    assert contest.declared.candidate_totals["B"] == 20 and contest.declared.candidate_shares["B"].text == "25.0"
    assert events[-1] == PropertyChanged("declared")
    assert_totals_match_a_recount(contest)


def test_move_candidate() -> None:
    contest = small()
    events = record(contest)
    contest.move_candidate(0, 2)
    assert [c.name for c in contest.candidates] == ["B", "C", "A"]
    assert contest.row(0) == (20, 30, 10)
    assert [contest.candidate_total(i) for i in range(3)] == [20, 45, 15]
    assert events == [
        StructureChange(Axis.CANDIDATE, "move", 0, done=False, destination=2),
        StructureChange(Axis.CANDIDATE, "move", 0, done=True, destination=2),
    ]
    assert_totals_match_a_recount(contest)
    events.clear()
    contest.move_candidate(1, 1)
    assert events == []
    with pytest.raises(EditError):
        contest.move_candidate(0, 3)


def test_update_candidate_renames_declared_and_tie_break() -> None:
    contest = small()
    contest.declared.candidate_totals["A"] = 15
    contest.tie_break = TieBreak("A")
    events = record(contest)
    old = contest.update_candidate(0, name="Alice", colour="#ABCDEF")
    assert old == Candidate("A")
    assert contest.candidate(0) == Candidate("Alice", None, "#abcdef")
    assert contest.declared.candidate_totals == {"Alice": 15}
    assert contest.tie_break.winner == "Alice"
    assert events == [ItemChanged(Axis.CANDIDATE, 0, "name"), ItemChanged(Axis.CANDIDATE, 0, "colour")]
    # renaming to its own name in another case is allowed; to another candidate's is not
    contest.update_candidate(0, name="ALICE")
    with pytest.raises(EditError, match="there is already a candidate named 'B'"):
        contest.update_candidate(0, name="b")
    with pytest.raises(EditError, match="#rrggbb"):
        contest.update_candidate(0, colour="blue")
    assert contest.candidate(0).name == "ALICE"


# --- categories -----------------------------------------------------------------------


def test_insert_category_and_events() -> None:
    contest = small()
    seen: list[tuple] = []
    contest.subscribe(lambda event: seen.append((event, contest.category_count)))
    contest.insert_category(0, Category("East", weight=2.0), [1, 2, None])
    assert [c.name for c in contest.categories] == ["East", "North", "South"]
    assert seen == [
        (StructureChange(Axis.CATEGORY, "insert", 0, done=False), 2),
        (StructureChange(Axis.CATEGORY, "insert", 0, done=True), 3),
    ]
    assert contest.category_total(0) == 3 and contest.unknown_cells == 2
    assert_totals_match_a_recount(contest)
    with pytest.raises(EditError, match="there is already a category named 'North'"):
        contest.insert_category(0, Category("NORTH"))
    with pytest.raises(EditError, match="no place 9 for a category"):
        contest.insert_category(9, Category("West"))
    with pytest.raises(EditError, match="2 counts given for 3 candidates"):
        contest.insert_category(0, Category("West"), [1, 2])


def test_remove_restore_move_category() -> None:
    contest = small()
    contest.declared.category_totals["South"] = 20
    events = record(contest)
    removed = contest.remove_category(1)
    assert removed.counts == (5, None, 15) and removed.declared_total == 20
    assert contest.category_count == 1 and contest.unknown_cells == 0 and contest.total_votes == 60
    assert "South" not in contest.declared.category_totals
    assert events == [
        StructureChange(Axis.CATEGORY, "remove", 1, done=False),
        StructureChange(Axis.CATEGORY, "remove", 1, done=True),
    ]
    assert_totals_match_a_recount(contest)
    contest.restore_category(removed)
    assert contest.row(1) == (5, None, 15) and contest.declared.category_totals == {"South": 20}
    assert_totals_match_a_recount(contest)
    events.clear()
    contest.move_category(1, 0)
    assert [c.name for c in contest.categories] == ["South", "North"]
    assert contest.category_total(0) == 20 and contest.category_unknown(0) == 1
    assert events[0] == StructureChange(Axis.CATEGORY, "move", 1, done=False, destination=0)
    assert_totals_match_a_recount(contest)


def test_update_category() -> None:
    contest = small()
    contest.declared.category_totals["North"] = 60
    events = record(contest)
    old = contest.update_category(0, name="Northern", electorate=100, rejected=2)
    assert old == Category("North", weight=1.0)
    assert contest.declared.category_totals == {"Northern": 60}
    assert {event.field for event in events} == {"name", "electorate", "rejected"}
    events.clear()
    contest.update_category(1, weight=None)
    assert events == [ItemChanged(Axis.CATEGORY, 1, "weight")]
    assert_totals_match_a_recount(contest)
    with pytest.raises(EditError, match="there is already a category named 'Northern'"):
        contest.update_category(1, name="northern")
    with pytest.raises(CountError):
        contest.update_category(1, electorate=-1)


def test_weights_become_equal_when_none_is_given() -> None:
    contest = small()
    assert contest.effective_weights() == [1.0, 3.0]
    contest.update_category(0, weight=None)
    contest.update_category(1, weight=None)
    assert contest.effective_weights() == [1.0, 1.0]
    assert_totals_match_a_recount(contest)


# --- contest properties -----------------------------------------------------------------


def test_set_property() -> None:
    contest = small()
    events = record(contest)
    assert contest.set_property("title", "  New   title ") == "Test"
    assert contest.title == "New title"
    assert contest.set_property("status", "final") is Status.PROVISIONAL
    assert contest.status is Status.FINAL
    contest.set_property("method", "electoral-college")
    assert contest.method is Method.ELECTORAL_COLLEGE
    contest.set_property("source", "a newspaper")
    contest.set_property("source", "a newspaper")  # unchanged: no event
    assert [event.field for event in events] == ["title", "status", "method", "source"]
    declared = Declared(valid_votes=80)
    contest.set_property("declared", declared)
    declared.valid_votes = 1
    assert contest.declared.valid_votes == 80, "the contest keeps its own copy"


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("colour", "#000000", EditError),
        ("title", "", EditError),
        ("status", "draft", ValueError),
        ("method", "av", ValueError),
        ("electorate", -1, CountError),
        ("declared", {"valid_votes": 3}, EditError),
        ("tie_break", "A", EditError),
        ("notes", 5, EditError),
    ],
)
def test_set_property_refusals(name: str, value: object, error: type) -> None:
    contest = small()
    with pytest.raises(error):
        contest.set_property(name, value)


def test_declared_share_precision() -> None:
    share = DeclaredShare.parse("61.8%")
    assert share.text == "61.8" and share.decimals == 1
    assert share.matches(61.85) and share.matches(61.75) and not share.matches(61.86)
    assert DeclaredShare.parse(62).matches(62.4) and not DeclaredShare.parse(62).matches(62.6)
    # a JSON number is read as written, never in exponent form (found by the schema test)
    assert DeclaredShare.parse(1e-05).text == "0.00001"
    assert DeclaredShare.parse(100.0).text == "100.0"
    for bad in ("101", "abc", "-1", True, None, "61.8%%", 1e20):
        with pytest.raises(ValueError):
            DeclaredShare.parse(bad)
