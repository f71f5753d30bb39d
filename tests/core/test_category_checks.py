"""The tally's findings category by category, kept up to date one event at a time.

A document keeps a :class:`CategoryChecks` so that an edit re-checks its own category only.
After every change of a long random sequence (counts set and withheld, categories and
candidates inserted, removed and renamed, declared figures replaced), the discrepancies
and the withheld note must be what a plain model of the table, kept by this test beside
the contest, says they are.
"""

from __future__ import annotations

import random

import pytest

from resultsviewer.core.contest import Candidate, Category, Contest, Declared
from resultsviewer.core.tally import CategoryChecks, Tally
from resultsviewer.core.view_data import MAX_LISTED_DISCREPANCIES, summary_text


class Shadow:
    """The table as lists, changed alongside the contest: where the expected figures come from."""

    def __init__(self, names: list[str], rows: list[list[int | None]], declared: dict[str, int]) -> None:
        self.names = names
        self.rows = rows
        self.declared = declared

    def expected_disagreements(self) -> list[tuple[str, int, int]]:
        found = []
        for name, row in zip(self.names, self.rows):
            total = sum(value for value in row if value is not None)
            if name in self.declared and self.declared[name] != total:
                found.append((name, self.declared[name], total))
        return found

    def withheld_rows(self) -> int:
        return sum(1 for row in self.rows if None in row)


def found_disagreements(tally: Tally) -> list[tuple[str, int, int]]:
    return [(d.name, d.declared, d.computed) for d in tally.discrepancies if d.kind == "category_total"]


def make(seed: int) -> tuple[Contest, Shadow]:
    generator = random.Random(seed)
    names = [f"Ward {i}" for i in range(12)]
    rows: list[list[int | None]] = [[generator.randint(0, 50) for _ in range(3)] for _ in names]
    # Declared totals for most categories: some right, some wrong by a little.
    declared = {
        name: sum(row) + generator.choice([0, 0, 1, -1])  # type: ignore[arg-type]
        for name, row in zip(names, rows)
        if generator.random() < 0.8
    }
    contest = Contest(
        "Wards", [Candidate("A"), Candidate("B"), Candidate("C")], [Category(n) for n in names],
        [list(row) for row in rows], declared=Declared(category_totals=dict(declared)),
    )
    return contest, Shadow(list(names), rows, declared)


def change_at_random(contest: Contest, shadow: Shadow, generator: random.Random, step: int) -> str:
    """One change of the contest and the same change of the shadow; what it was."""
    kind = generator.choices(
        ["count", "withhold", "insert category", "remove category", "rename category", "declare",
         "insert candidate", "remove candidate"],
        weights=[12, 2, 1, 1, 1, 1, 1, 1],
    )[0]
    categories, candidates = len(shadow.rows), len(shadow.rows[0]) if shadow.rows else contest.candidate_count
    if kind == "count" and categories:
        row, column, value = generator.randrange(categories), generator.randrange(candidates), generator.randint(0, 60)
        contest.set_count(row, column, value)
        shadow.rows[row][column] = value
    elif kind == "withhold" and categories:
        row, column = generator.randrange(categories), generator.randrange(candidates)
        contest.set_count(row, column, None)
        shadow.rows[row][column] = None
    elif kind == "insert category":
        index, name = generator.randint(0, categories), f"New {step}"
        counts = [generator.randint(0, 9) for _ in range(candidates)]
        contest.insert_category(index, Category(name), counts)
        shadow.names.insert(index, name)
        shadow.rows.insert(index, list(counts))
    elif kind == "remove category" and categories > 1:
        index = generator.randrange(categories)
        contest.remove_category(index)
        shadow.declared.pop(shadow.names.pop(index), None)
        shadow.rows.pop(index)
    elif kind == "rename category" and categories:
        index, name = generator.randrange(categories), f"Renamed {step}"
        contest.update_category(index, name=name)
        old = shadow.names[index]
        shadow.names[index] = name
        if old in shadow.declared:
            shadow.declared[name] = shadow.declared.pop(old)
    elif kind == "declare" and categories:
        chosen = generator.sample(shadow.names, k=max(1, categories // 2))
        shadow.declared = {name: generator.randint(0, 150) for name in chosen}
        contest.set_property("declared", Declared(category_totals=dict(shadow.declared)))
    elif kind == "insert candidate":
        index = generator.randint(0, candidates)
        counts = [generator.randint(0, 9) for _ in range(categories)]
        contest.insert_candidate(index, Candidate(f"Candidate {step}"), counts)
        for row, value in zip(shadow.rows, counts):
            row.insert(index, value)
    elif kind == "remove candidate" and candidates > 1:
        index = generator.randrange(candidates)
        contest.remove_candidate(index)
        for row in shadow.rows:
            row.pop(index)
    return kind


@pytest.mark.parametrize("seed", range(6))
def test_checks_followed_event_by_event_agree_with_the_table(seed: int) -> None:
    contest, shadow = make(seed)
    checks = CategoryChecks(contest)
    contest.subscribe(checks.follow)  # a bound method, held weakly: `checks` lives to the end
    generator = random.Random(1000 + seed)
    kinds = set()
    for step in range(300):
        kinds.add(change_at_random(contest, shadow, generator, step))
        tally = Tally(contest, checks=checks)
        assert found_disagreements(tally) == shadow.expected_disagreements(), (step, kinds)
        # What the window reads without listing them all agrees with the whole list.
        assert tally.discrepancy_count == len(tally.discrepancies)
        assert tally.first_discrepancies(3) == tally.discrepancies[:3]
        assert checks.categories_with_votes == sum(1 for row in shadow.rows if sum(v or 0 for v in row) > 0)
        by_row = [tally.category_discrepancy(i) for i in range(contest.category_count)]
        assert [d for d in by_row if d is not None] == [d for d in tally.discrepancies if d.kind == "category_total"]
        note = tally.withheld_note()
        rows = shadow.withheld_rows()
        if rows:
            assert note is not None and note.startswith(f"Counts withheld in {rows:,} of {len(shadow.rows):,} "), note
        else:
            assert note is None
    assert len(kinds) == 8  # every kind of change was made


def test_an_edit_updates_the_discrepancy_of_its_own_category() -> None:
    contest = Contest(
        "Two wards", [Candidate("A"), Candidate("B")], [Category("North"), Category("South")],
        [[10, 5], [7, 8]], declared=Declared(category_totals={"North": 15, "South": 16}),
    )
    checks = CategoryChecks(contest)
    contest.subscribe(checks.follow)
    assert found_disagreements(Tally(contest, checks=checks)) == [("South", 16, 15)]
    contest.set_count(1, 0, 8)
    assert found_disagreements(Tally(contest, checks=checks)) == []
    contest.set_count(0, 1, 6)
    assert found_disagreements(Tally(contest, checks=checks)) == [("North", 15, 16)]
    # A tally without checks finds the same, checking every category itself.
    assert found_disagreements(Tally(contest)) == [("North", 15, 16)]


def test_checks_of_another_contest_are_refused() -> None:
    one = Contest("One", [Candidate("A")], [Category("X")], [[1]])
    other = Contest("Other", [Candidate("A")], [Category("X")], [[1]])
    with pytest.raises(ValueError):
        Tally(one, checks=CategoryChecks(other))


def test_the_summary_lists_the_first_disagreements_and_counts_them_all() -> None:
    rows = [[i, 2 * i] for i in range(300)]
    # Every third category's declared total is one vote too many; the valid votes are off too.
    declared = {f"P{i}": sum(row) + (i % 3 == 0) for i, row in enumerate(rows)}
    valid = sum(map(sum, rows)) + 5
    contest = Contest(
        "Precincts", [Candidate("A"), Candidate("B")], [Category(f"P{i}") for i in range(300)], rows,
        declared=Declared(category_totals=declared, valid_votes=valid),
    )
    disagreeing = [(f"P{i}", declared[f"P{i}"], sum(rows[i])) for i in range(300) if i % 3 == 0]
    total = len(disagreeing) + 1  # and the valid votes
    text = summary_text(Tally(contest))
    assert text.warning == f"⚠ {total} declared figures disagree"
    lines = text.warning_details.split("\n")
    assert len(lines) == MAX_LISTED_DISCREPANCIES + 1
    # The categories' totals in file order (the contest's figures come after them).
    for (name, printed, computed), line in zip(disagreeing, lines[:MAX_LISTED_DISCREPANCIES]):
        assert f"in {name} is {printed:,}, computed {computed:,}" in line
    assert lines[-1] == f"… and {total - MAX_LISTED_DISCREPANCIES} more (View > Declared Figures… lists them all)"
