"""The spreadsheet CSV: round trips, the Total row, separators, BOM and CRLF, and one clear
message naming the line and column for each kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultsviewer.commands import main as cli_main
from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.core.errors import LoadError, SaveError
from resultsviewer.core.formats import read_contest, spreadsheet, write_contest
from resultsviewer.core.tally import Tally
from tests.core.strategies import NAMES, contests

SOURCE = "results.csv"

LABOUR_CSV = (
    "category,Jeremy Corbyn,Owen Smith\n"
    'Members,"168,216","116,960"\n'
    "Registered supporters,84 918,36 599\n"
    'Affiliated supporters,"60, 075","39, 670"\n'
    'Total,"313,209","193,229"\n'
)


def load(text: str | bytes) -> Contest:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return spreadsheet.loads(data, SOURCE)


def refused(text: str | bytes) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load(text)
    error = caught.value
    assert error.source == SOURCE and error.message
    return error


# --- reading --------------------------------------------------------------------------


def test_the_2016_table_as_people_type_it() -> None:
    contest = load(LABOUR_CSV)
    assert contest.title == "results"
    assert [c.name for c in contest.candidates] == ["Jeremy Corbyn", "Owen Smith"]
    assert [c.name for c in contest.categories] == ["Members", "Registered supporters", "Affiliated supporters"]
    assert [contest.row(i) for i in range(3)] == [(168216, 116960), (84918, 36599), (60075, 39670)]
    # the Total row is checked, not counted
    assert contest.total_votes == 506438
    assert contest.declared.candidate_totals == {"Jeremy Corbyn": 313209, "Owen Smith": 193229}
    assert Tally(contest).discrepancies == ()


def test_a_total_row_that_disagrees_is_reported() -> None:
    contest = load(LABOUR_CSV.replace('"313,209"', '"313,290"'))
    (found,) = Tally(contest).discrepancies
    assert found.message() == "Declared total for Jeremy Corbyn is 313,290, computed 313,209 (difference +81)"


def test_bom_crlf_and_header_case() -> None:
    data = b"\xef\xbb\xbf" + LABOUR_CSV.replace("category", "CATEGORY").replace("\n", "\r\n").encode()
    contest = load(data)
    assert contest.total_votes == 506438 and contest.category(0).name == "Members"


def test_attribute_columns_and_withheld_cells() -> None:
    contest = load(
        "Category,A,B,Electorate,weight,REJECTED\n"
        "North,10,*,100,2,3\n"
        "South,5,?,,0.5,\n"
        "Total,15,*,200,,4\n"
    )
    assert [c.name for c in contest.candidates] == ["A", "B"]
    assert contest.category(0) == Category("North", electorate=100, weight=2.0, rejected=3)
    assert contest.category(1) == Category("South", weight=0.5)
    assert contest.row(0) == (10, None) and contest.unknown_cells == 2
    # a withheld total declares nothing (it made an AssertionError before)
    assert contest.declared.candidate_totals == {"A": 15}
    assert contest.declared.electorate == 200 and contest.declared.rejected == 4


def test_blank_lines_are_skipped_and_trailing_empty_cells_allowed() -> None:
    contest = load("category,A,B\nX,1,2,,\n\n,,\nY,2,3\n")
    assert contest.row(0) == (1, 2) and contest.category_count == 2


def test_a_short_row_is_said_to_be_short() -> None:
    error = refused("category,A,B\nX,1\n")
    assert error.place == "line 2, column 3 (B)"
    assert error.message == "this row is short: it has 2 cells where the header has 3, so there is no 'B'"


def test_header_only() -> None:
    contest = load("category,A,B\n")
    assert contest.candidate_count == 2 and contest.category_count == 0


# --- one clear message per kind of bad file ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        ("category,A,a\nX,1,2\n", "line 1, column 3", "duplicate column 'a' (also column 2)"),
        ("category,,A\nX,1,2\n", "line 1, column 2", "a column has no header"),
        ("category,A,B\nX,1,2\nx,3,4\n", "line 3, column 1 (category)", "duplicate category 'x' (also line 2)"),
        ("category,A,B\nX,1,2\n ,3,4\n", "line 3, column 1 (category)", "a category has no name"),
        ("category,A,B\nX,1,2,3\n", "line 2, column 4", "this row has 4 cells but the header has 3 (a ragged row"),
        ("category,A,B\nX,1,-2\n", "line 2, column 3 (B)", "a count cannot be negative ('-2')"),
        ("category,A,B\nX,1.5,2\n", "line 2, column 2 (A)", "'1.5' is not a whole number of votes"),
        ("category,A,B\nX,one,2\n", "line 2, column 2 (A)", "'one' is not a number"),
        ("category,A,B\nX,99999999999999999999,2\n", "line 2, column 2 (A)", "larger than the largest count accepted"),
        ("category,A,B\nX,1,2\nTotal,1,2\nY,3,4\n", "line 3, column 1 (category)", "a 'Total' row must be the last row"),
        ("category,A,B\nX,1,2\nTotal,x,2\n", "line 3, column 2 (A)", "'x' is not a number"),
        ("category,A,weight\nX,1,heavy\n", "line 2, column 3 (weight)", "a weight must be a number, not 'heavy'"),
        ("category,A,weight\nX,1,-1\n", "line 2, column 3 (weight)", "a weight must be a number from 0 up"),
        ("county,A,B\nX,1,2\n", "line 1, column 1", "the first column must be headed 'category', found 'county'"),
        ("category,electorate\nX,1\n", "line 1, column 2", "no candidate columns after 'category'"),
    ],
)
def test_bad_files_name_line_and_column(text: str, place: str, message: str) -> None:
    error = refused(text)
    assert error.place == place
    assert message in error.message
    assert str(error) == f"{SOURCE}, {place}: {error.message}"


def test_a_comma_number_not_quoted_is_a_ragged_row_with_a_hint() -> None:
    error = refused("category,A,B\nMembers,168,216,116,960\n")
    assert "is a number with a comma not quoted?" in error.message


def test_empty_binary_truncated() -> None:
    assert refused(b"").message == "the file is empty"
    assert refused(b"\r\n\r\n").message == "the file is empty"
    assert "binary file" in refused(b"PK\x03\x04\x00\x00category").message
    error = refused('category,A\nX,"12\n')  # cut inside a quoted cell
    assert error.place is not None and error.place.startswith("line ")
    assert "not a valid CSV" in error.message or "unexpected end" in error.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_end_in_a_contest_or_a_load_error(data: bytes) -> None:
    try:
        load(data)
    except LoadError as error:
        assert error.source == SOURCE and error.message


# --- writing and round trips ------------------------------------------------------------------


def test_written_form(default_contest) -> None:
    default_contest.update_category(0, electorate=400000)
    text = spreadsheet.dumps(default_contest).decode("utf-8")
    assert text.split("\r\n") == [
        "category,Jeremy Corbyn,Owen Smith,electorate",
        "Members,168216,116960,400000",
        "Registered supporters,84918,36599,",
        "Affiliated supporters,60075,39670,",
        "Total,313209,193229,640500",
        "",
    ]


def test_a_declared_zero_is_written() -> None:
    contest = Contest("T", [Candidate("A")], [Category("X", rejected=0)], [[5]])
    contest.declared.candidate_totals["A"] = 5
    contest.declared.rejected = 0
    again = load(spreadsheet.dumps(contest))
    assert again.declared.rejected == 0  # was written as a blank, and lost


CSV_NAMES = NAMES.filter(lambda name: name.casefold() not in ("total", "electorate", "weight", "rejected"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contests(names=CSV_NAMES).filter(lambda contest: contest.candidate_count > 0))
def test_round_trip_keeps_what_a_csv_holds(contest: Contest) -> None:
    again = load(spreadsheet.dumps(contest))
    assert again.candidates == tuple(Candidate(c.name) for c in contest.candidates)
    assert again.categories == contest.categories
    assert [again.row(i) for i in range(again.category_count)] == [contest.row(i) for i in range(contest.category_count)]
    assert again.declared.candidate_totals == contest.declared.candidate_totals


@pytest.mark.parametrize(
    ("candidate", "category", "message"),
    [
        ("Weight", "X", "a candidate named 'Weight' would be read back as the weight column"),
        ("A", "TOTAL", "a category named 'TOTAL' would be read back as the row of declared totals"),
        (None, "X", "a contest with no candidates has no columns to write"),
    ],
)
def test_names_the_reader_would_misread_are_refused_on_save(
    tmp_path: Path, candidate: str | None, category: str, message: str
) -> None:
    if candidate is None:
        contest = Contest("T", [], [Category(category)])
    else:
        contest = Contest("T", [Candidate(candidate)], [Category(category)], [[3]])
    with pytest.raises(SaveError, match=message):
        spreadsheet.dumps(contest)
    target = tmp_path / "out.csv"
    with pytest.raises(SaveError):
        write_contest(contest, target)
    assert not target.exists()


def test_convert_refuses_such_a_name_clearly(tmp_path: Path, capsys) -> None:
    from resultsviewer.core.formats import native

    source = tmp_path / "in.results.json"
    source.write_bytes(native.dumps(Contest("T", [Candidate("Rejected")], [Category("X")], [[3]])))
    assert cli_main(["convert", str(source), str(tmp_path / "out.csv")]) == 1
    err = capsys.readouterr().err
    assert "would be read back as the rejected column" in err and "Traceback" not in err


def test_file_round_trip(tmp_path: Path, default_contest) -> None:
    path = tmp_path / "labour.csv"
    write_contest(default_contest, path)
    again = read_contest(path)
    assert again.title == "labour"
    assert [again.row(i) for i in range(3)] == [default_contest.row(i) for i in range(3)]
    assert again.declared.candidate_totals == default_contest.declared.candidate_totals
    assert path.read_bytes().count(b"\r\n") == 5
