"""Withheld counts (issue 12, item 1): a cell is known, unknown, or known in part (at least
its known part, with the number of withheld values behind it). Aggregating precincts into
counties keeps every known vote, and every figure built on a withheld count says so.

Expected sums come from the csv module over the source file, not from the code under test.
"""

from __future__ import annotations

import copy
import csv
import json
import pickle
from collections import defaultdict
from pathlib import Path

import pytest

from resultsviewer.core.contest import AtLeast, Candidate, Category, Contest, format_cell
from resultsviewer.core.formats import ImportOptions, import_contest, native
from resultsviewer.core.tally import Tally

DATA = Path(__file__).resolve().parents[1] / "data"
EXCERPT = DATA / "nm_withheld_excerpt.csv"
NM_2024 = "openelections/nm_20241105__nm__general__precinct.csv"


def known_sums(path: Path, office: str) -> tuple[dict[str, int], dict[tuple[str, str], int], int, int]:
    """Per candidate and per (county, candidate): the sum of the known votes; and the
    number of withheld values and of rows, read with the csv module."""
    by_candidate: dict[str, int] = defaultdict(int)
    by_cell: dict[tuple[str, str], int] = defaultdict(int)
    withheld = rows = 0
    with open(path, newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["office"] != office:
                continue
            rows += 1
            if row["votes"].strip() == "*":
                withheld += 1
                continue
            votes = int(row["votes"])
            by_candidate[row["candidate"]] += votes
            by_cell[(row["county"], row["candidate"])] += votes
    return dict(by_candidate), dict(by_cell), withheld, rows


def candidate_totals(contest: Contest) -> dict[str, int]:
    return {c.name: contest.candidate_total(i) for i, c in enumerate(contest.candidates)}


def test_a_partly_known_cell_is_at_least_its_known_part() -> None:
    cell = AtLeast(120, 3)
    assert cell + 5 == 125 and int(cell) == 120 and cell.known == 120 and cell.withheld == 3
    assert cell != 120 and 120 != cell and cell == AtLeast(120, 3) and cell != AtLeast(120, 2)
    assert copy.deepcopy(cell) == cell and pickle.loads(pickle.dumps(cell)) == cell
    assert format_cell(cell) == "\u2265 120" and format_cell(None) == "*" and format_cell(1234) == "1,234"


def test_the_contest_counts_partial_cells_in_its_totals_and_says_so() -> None:
    contest = Contest("t", [Candidate("A"), Candidate("B")], [Category("X"), Category("Y")], [[AtLeast(10, 2), 5], [None, 7]])
    assert contest.candidate_total(0) == 10 and contest.total_votes == 22
    assert (contest.unknown_cells, contest.partial_cells, contest.withheld_values) == (1, 1, 3)
    assert contest.candidate_inexact(0) == 2 and contest.candidate_inexact(1) == 0
    contest.set_count(0, 0, 10)  # the same known part, now known exactly: a real change
    assert contest.count(0, 0) == 10 and type(contest.count(0, 0)) is int
    assert (contest.partial_cells, contest.withheld_values, contest.category_inexact(0)) == (0, 1, 0)
    removed = contest.remove_category(1)
    assert contest.inexact_cells == 0
    contest.restore_category(removed)
    contest.set_count(0, 1, AtLeast(4, 1))
    assert (contest.unknown_cells, contest.partial_cells, contest.withheld_values) == (1, 1, 2)
    contest.move_candidate(1, 0)
    assert contest.candidate_inexact(0) == 1 and contest.candidate_inexact(1) == 1


def test_excerpt_by_county_keeps_every_known_vote() -> None:
    expected, by_cell, withheld, rows = known_sums(EXCERPT, "President")
    by_county = import_contest(EXCERPT, ImportOptions(by="county", contest="President")).contest
    by_precinct = import_contest(EXCERPT, ImportOptions(by="precinct", contest="President")).contest
    assert candidate_totals(by_county) == expected
    assert candidate_totals(by_precinct) == expected
    assert by_county.withheld_values == withheld == by_precinct.withheld_values
    for (county, candidate), votes in by_cell.items():
        cell = by_county.count(by_county.category_index(county), by_county.candidate_index(candidate))
        assert int(cell) == votes


def test_nm_2024_president_by_county_equals_by_precinct(shared_real: Path) -> None:
    path = shared_real / NM_2024
    expected, by_cell, withheld, rows = known_sums(path, "President")
    by_county = import_contest(path, ImportOptions(by="county", contest="President")).contest
    by_precinct = import_contest(path, ImportOptions(by="precinct", contest="President")).contest
    assert candidate_totals(by_county) == expected == candidate_totals(by_precinct)
    assert expected["Kamala D Harris"] == 478_755 and expected["Donald J Trump"] == 423_381
    assert by_county.withheld_values == withheld == by_precinct.withheld_values == 9_941
    for (county, candidate), votes in by_cell.items():
        assert int(by_county.count(by_county.category_index(county), by_county.candidate_index(candidate))) == votes
    for contest in (by_county, by_precinct):
        tally = Tally(contest)
        assert tally.lower_bound and all(result.votes_lower_bound for result in tally.candidates)
        data = tally.to_dict()
        harris = next(c for c in data["candidates"] if c["name"] == "Kamala D Harris")
        assert harris["votes"] == {"value": 478_755, "lower_bound": True}
        assert data["total_votes"] == {"value": sum(expected.values()), "lower_bound": True}
    assert Tally(by_precinct).withheld_note().startswith("Counts withheld in 2,169 of 2,169 categories (9,941 values)")


def test_partial_cells_survive_a_native_save() -> None:
    contest = import_contest(EXCERPT, ImportOptions(by="county", contest="President")).contest
    assert contest.partial_cells
    data = native.dumps(contest)
    document = json.loads(data)
    assert document["version"] == 2
    again = native.loads(data, "saved.results.json")
    for category in range(contest.category_count):
        for candidate in range(contest.candidate_count):
            before, after = contest.count(category, candidate), again.count(category, candidate)
            assert before == after and type(before) is type(after)


def test_a_file_without_partial_cells_is_still_version_1_and_version_1_opens(default_contest: Contest) -> None:
    document = json.loads(native.dumps(default_contest))
    assert document["version"] == 1
    assert native.loads(native.dumps(default_contest), "x.results.json").total_votes == default_contest.total_votes


def test_a_partial_cell_is_refused_in_a_version_1_file() -> None:
    from resultsviewer.core.errors import LoadError

    text = json.dumps({
        "format": "resultsviewer-contest", "version": 1, "candidates": [{"name": "A"}],
        "categories": [{"name": "X", "counts": {"A": {"at_least": 3, "withheld": 1}}}],
    })
    with pytest.raises(LoadError, match="version 2"):
        native.loads(text.encode(), "old.results.json")


def test_chart_data_and_alt_text_say_which_votes_are_at_least() -> None:
    import io

    from resultsviewer.core.describe import alt_text, chart_data_csv

    contest = import_contest(EXCERPT, ImportOptions(by="county", contest="President")).contest
    rows = list(csv.DictReader(io.StringIO(chart_data_csv(contest))))
    expected, _, _, _ = known_sums(EXCERPT, "President")
    assert contest.category_count == 1  # the excerpt's one county is the chart's one group
    county = {row["candidate"]: row for row in rows if row["group"] == contest.category_name(0)}
    assert len(county) == len(rows)
    for name, votes in expected.items():
        assert int(county[name]["votes"]) == votes and county[name]["votes_are"] == "at least"
    assert "Counts withheld in 1 of 1 category" in alt_text(contest)


def test_grouping_and_merging_parties_keep_every_known_vote() -> None:
    """Candidates of one party added together, as precincts into a county: known votes kept."""
    from resultsviewer.core.contest import add_counts
    from resultsviewer.core.parties import MergeParties, group_by_party

    assert add_counts([AtLeast(10, 2), 5, None]) == AtLeast(15, 3)
    assert add_counts([3, 4]) == 7 and add_counts([None]) is None
    contest = Contest(
        "t", [Candidate("A", "Red"), Candidate("B", "Red"), Candidate("C", "Blue")], [Category("X")],
        [[AtLeast(10, 2), 5, 7]],
    )
    grouped = group_by_party(contest)
    assert grouped.count(0, 0) == AtLeast(15, 2) and grouped.count(0, 1) == 7
    contest = Contest("t", [Candidate("Red"), Candidate("Pink")], [Category("X")], [[None, 5]])
    MergeParties("Pink", "Red").do(contest)
    assert contest.candidate_count == 1 and contest.count(0, 0) == AtLeast(5, 1)


def _two_areas(rows: list[list[object]]) -> Contest:
    return Contest("P", [Candidate("A"), Candidate("B")], [Category("N"), Category("S")], rows)  # type: ignore[arg-type]


def test_no_result_words_claim_more_than_the_known_votes_show() -> None:
    """With counts withheld, a level count is a tie of the known votes only, a weighted
    section's lead is not a win, and the most votes may be the most known votes only."""
    from resultsviewer.commands.tally import format_tally
    from resultsviewer.core.contest import Method
    from resultsviewer.core.methods import count

    level = _two_areas([[AtLeast(100, 1), 100], [40, 40]])  # A at least 140, B 140
    assert count(level, Method.SUM).sentence == "Tie between A and B on the known votes"
    assert "Tie between A and B (weighted sections) on the known votes" in count(level, Method.SECTIONS).sentence
    assert "popular vote tied between A and B on the known votes" in count(level, Method.SEATS).sentence

    unsure = _two_areas([[None, 50], [40, 30]])  # A's count in N withheld: A at least 40, B 80
    sections = count(unsure, Method.SECTIONS).sentence
    assert sections.startswith("B leads with") and "of the known votes" in sections and " wins " not in sections
    assert "B also leads the popular vote on the known votes" in sections
    assert "most known votes: B" in count(unsure, Method.SEATS).sentence

    # A's withheld votes can only widen its lead over B's exact total: that lead is sure.
    sure = _two_areas([[AtLeast(100, 1), 50], [40, 30]])
    assert "most votes: A" in count(sure, Method.SEATS).sentence

    # The seats table's votes say "at least" as the votes table's do.
    text = format_tally(Tally(unsure, Method.SEATS))
    row = next(line for line in text.splitlines() if line.startswith("A "))
    assert "≥ 40" in row


def test_a_share_of_a_total_with_withheld_counts_is_said_to_be_of_the_known_votes() -> None:
    """Bob's 90 in North is exact, but North's total holds Cy's withheld count: 90 of 190
    is a share of the known votes, no bound either way. South is whole."""
    import io

    from resultsviewer.core.describe import chart_data_csv
    from resultsviewer.core.view_data import category_share, category_total_share, total_share

    contest = Contest("P", [Candidate("Ann"), Candidate("Bob"), Candidate("Cy")], [Category("North"), Category("South")],
                      [[100, 90, None], [50, 60, 10]])
    assert category_share(contest, 0, 1).describe() == f"{90 / 190 * 100:.1f}% of the known valid votes in North"
    assert category_share(contest, 1, 1).describe() == f"{60 / 120 * 100:.1f}% of valid votes in South"
    assert total_share(contest, 1, 1).base_text() == "of all known valid votes"
    assert category_total_share(contest, 1).base_text() == "of all known valid votes"
    bases = {(row["group"], row["candidate"]): row["share_base"] for row in csv.DictReader(io.StringIO(chart_data_csv(contest)))}
    assert bases[("North", "Bob")] == "of the known valid votes in North"
    assert bases[("South", "Bob")] == "of valid votes in South"
    assert bases[("Overall", "Bob")] == "of all known valid votes"
    whole = Contest("W", [Candidate("Ann")], [Category("North")], [[5]])
    assert category_share(whole, 0, 0).base_text() == "of valid votes in North"
