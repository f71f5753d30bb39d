"""The chart's words and numbers, without Qt: shown groups, alt text, the CSV of the bars."""

from __future__ import annotations

import csv
import io

from resultsviewer.core.contest import Candidate, Category, Contest, Method
from resultsviewer.core.describe import (
    MAX_GROUPS,
    ChartMode,
    alt_text,
    chart_data_csv,
    overall_shares,
    shown_categories,
    shown_note,
)
from resultsviewer.core.formats.csv_safety import spreadsheet_safe
from resultsviewer.core.tally import Tally


def _many_categories(count: int) -> Contest:
    return Contest(
        "Many",
        [Candidate("A"), Candidate("B")],
        [Category(f"C{index}") for index in range(count)],
        [[index, 1] for index in range(count)],
    )


def test_alt_text_says_the_default_result_in_words(default_contest):
    text = alt_text(default_contest)
    assert text.startswith("Bar chart of votes: Labour Party leadership election 2016.")
    assert "Jeremy Corbyn 313,209 votes (61.8%), Owen Smith 193,229 (38.2%)" in text
    assert "Members, 285,176 valid votes: Jeremy Corbyn 168,216 (59.0%), Owen Smith 116,960 (41.0%)." in text
    assert alt_text(default_contest, ChartMode.SHARE, stacked=True).startswith("Stacked bar chart of shares")


def test_alt_text_orders_by_result_and_says_what_is_left_out():
    contest = _many_categories(30)
    contest.set_count(0, 1, 10_000)
    text = alt_text(contest)
    assert text.index("B 10,029 votes") < text.index("A 435")
    assert "11 of 30 categories shown (the largest by valid votes)" in text


def test_shown_categories_all_when_few_else_the_largest_in_file_order():
    assert shown_categories(_many_categories(MAX_GROUPS)) == list(range(MAX_GROUPS))
    contest = _many_categories(650)
    shown = shown_categories(contest)
    assert shown == list(range(650 - (MAX_GROUPS - 1), 650))
    assert shown_categories(contest, [5, 3, 3, 999, -1]) == [3, 5]
    assert len(shown_categories(contest, range(40))) == MAX_GROUPS
    assert shown_note(contest, shown) == "11 of 650 categories shown (the largest by valid votes); Overall counts all"
    assert shown_note(contest, range(650)) is None


def test_overall_shares_match_the_tally_under_both_methods(default_contest):
    for method in (Method.SUM, Method.ELECTORAL_COLLEGE):
        default_contest.set_property("method", method)
        tally = Tally(default_contest)
        assert [share.value for share in overall_shares(default_contest)] == [
            result.share.value for result in tally.candidates
        ]


def test_csv_has_one_row_per_bar_with_exact_votes(default_contest):
    rows = list(csv.DictReader(io.StringIO(chart_data_csv(default_contest))))
    assert len(rows) == 2 * 4
    assert rows[0] == {
        "group": "Overall",
        "candidate": "Jeremy Corbyn",
        "votes": "313209",
        "share": "0.618454776",
        "share_base": "of all valid votes",
        "votes_are": "exact",
    }
    assert rows[3]["share_base"] == "of valid votes in Members"
    assert sum(int(row["votes"]) for row in rows if row["group"] != "Overall") == 313209 + 193229


def test_csv_cells_that_look_like_formulas_are_written_as_text():
    contest = Contest(
        "=cmd|' /C calc'!A0",
        [Candidate("=HYPERLINK(\"http://x\")"), Candidate("+1"), Candidate("-2"), Candidate("@SUM(A1)"), Candidate("Plain")],
        [Category("=1+1")],
        [[1, 2, 3, None, 5]],
    )
    rows = list(csv.reader(io.StringIO(chart_data_csv(contest))))
    cells = [cell for row in rows[1:] for cell in (row[0], row[1], row[4])]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    # One category: its bars are the only group, named after it.
    assert len(rows) == 1 + 5
    assert ["'=1+1", "'=HYPERLINK(\"http://x\")"] == rows[1][:2]
    assert rows[4][2] == ""  # the withheld count is empty, not 0
    assert spreadsheet_safe("Plain") == "Plain" and spreadsheet_safe("\tx") == "'\tx"


def test_csv_writes_a_count_known_in_part_as_its_known_votes_marked_at_least():
    """A county whose precincts' counts were partly withheld: the data beside a chart once
    printed ``AtLeast(1471, withheld=503)`` in its votes column."""
    from resultsviewer.core.counts import AtLeast

    contest = Contest(
        "Two counties", [Candidate("A"), Candidate("B")], [Category("North"), Category("South")],
        [[AtLeast(1471, 503), 20], [5, 7]],
    )
    rows = list(csv.DictReader(io.StringIO(chart_data_csv(contest))))
    north_a = next(row for row in rows if row["group"] == "North" and row["candidate"] == "A")
    assert north_a["votes"] == "1471" and north_a["votes_are"] == "at least"
    overall_a = next(row for row in rows if row["group"] == "Overall" and row["candidate"] == "A")
    assert overall_a["votes"] == str(1471 + 5) and overall_a["votes_are"] == "at least"
    assert all(row["votes"].isdigit() for row in rows)


def test_alt_text_says_at_least_where_the_chart_draws_a_lower_bound():
    """A screen reader hears what the chart's ≥ labels say: North's 1,471 for A and the totals
    built on it are at least that; B's 20 is exact."""
    from resultsviewer.core.counts import AtLeast

    contest = Contest(
        "Two counties", [Candidate("A"), Candidate("B")], [Category("North"), Category("South")],
        [[AtLeast(1471, 503), 20], [5, None]],
    )
    text = alt_text(contest)
    assert "Overall: A at least 1,476 votes" in text and "B at least 20 (" in text
    assert "North, at least 1,491 valid votes: A at least 1,471 (" in text and "B 20 (" in text
    assert "South, at least 5 valid votes: A 5 (" in text and "B withheld" in text
