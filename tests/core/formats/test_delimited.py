"""Generic tables: delimiters, encodings, shapes, guesses, and errors that name the place."""

from __future__ import annotations

from pathlib import Path

import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import import_contest, read_contest
from resultsviewer.core.formats.delimited import ImportOptions, detect_delimiter, parse_where, read_table
from resultsviewer.core.formats.importing import guess_import_options, import_table

LONG = "region,candidate,votes\nNorth,Ann,10\nNorth,Bob,5\nSouth,Ann,3\nSouth,Bob,8\n"
WIDE = "ward,Ann,Bob,electorate,spoilt\nEast,10,5,40,1\nWest,3,8,30,2\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_detection(delimiter: str) -> None:
    text = LONG.replace(",", delimiter)
    assert detect_delimiter(text) == delimiter
    result = import_table(text.encode(), "t.txt")
    assert result.contest.total_votes == 26


def test_semicolon_with_commas_inside_values() -> None:
    text = "area;name;votes\nNorth;Smith, Ann;1,200\nNorth;Jones, Bob;800\n"
    assert detect_delimiter(text) == ";"
    contest = import_table(text.encode(), "t.csv").contest
    assert contest.candidate_total(contest.candidate_index("Smith, Ann")) == 1200


def test_long_guess_and_result() -> None:
    guess = guess_import_options(["region", "candidate", "votes"], [["North", "Ann", "10"]])
    assert guess.options.layout == "long"
    assert (guess.options.category_column, guess.options.candidate_column, guess.options.votes_column) == ("region", "candidate", "votes")
    assert guess.reasons
    contest = import_table(LONG.encode(), "t.csv").contest
    assert [c.name for c in contest.candidates] == ["Ann", "Bob"]
    assert contest.row(0) == (10, 5) and contest.row(1) == (3, 8)


def test_wide_guess_maps_electorate_and_spoilt() -> None:
    guess = guess_import_options(["ward", "Ann", "Bob", "electorate", "spoilt"], [["East", "10", "5", "40", "1"]])
    assert guess.options.layout == "wide"
    assert guess.options.candidate_columns == ("Ann", "Bob")
    assert (guess.options.electorate_column, guess.options.rejected_column) == ("electorate", "spoilt")
    contest = import_table(WIDE.encode(), "t.csv").contest
    assert contest.category(0).electorate == 40 and contest.category(1).rejected == 2
    assert contest.total_votes == 26 and contest.rejected_total == 3


def test_explicit_choices_win_over_the_guess() -> None:
    text = "year,area,who,n\n2019,A,X,1\n2019,A,Y,2\n2020,A,X,5\n2020,A,Y,7\n"
    options = ImportOptions(category_column="area", candidate_column="who", votes_column="n", where=(("year", "2020"),))
    result = import_table(text.encode(), "t.csv", options)
    assert result.contest.total_votes == 12
    assert any("2 rows left out by the filter (year = 2020)" in note for note in result.notes)


def test_spreadsheet_csv_still_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text('category,Ann,Bob\nMembers,"1,000",20\nTotal,"1,000",20\n', encoding="utf-8")
    plain = read_contest(path)
    imported = read_contest(path, options=ImportOptions())
    assert plain.total_votes == imported.total_votes == 1020
    assert imported.declared.candidate_totals == {"Ann": 1000, "Bob": 20}


def test_native_json_with_options_is_read_as_native(default_contest, tmp_path: Path) -> None:
    from resultsviewer.core.formats import write_contest

    path = tmp_path / "c.results.json"
    write_contest(default_contest, path)
    assert read_contest(path, options=ImportOptions()).total_votes == default_contest.total_votes


def test_latin1_file_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("area,candidate,votes\nNo\xebl,Ann,3\n".encode("latin-1"))
    with pytest.raises(LoadError) as caught:
        import_contest(path, ImportOptions())
    assert "not UTF-8" in caught.value.message and caught.value.place == "line 2, column 3"
    assert str(path) in str(caught.value)


def test_bad_count_names_line_and_column() -> None:
    text = "region,candidate,votes\nNorth,Ann,10\nNorth,Bob,lots\n"
    with pytest.raises(LoadError) as caught:
        import_table(text.encode(), "bad.csv")
    assert caught.value.source == "bad.csv"
    assert caught.value.place == "line 3, column 3 (votes)"
    assert "'lots' is not a number" in caught.value.message


@pytest.mark.parametrize(
    ("name", "text", "place"),
    [
        ("long.csv", "region,candidate,votes\nNorth,Ann,10\nNorth,Bob,1.23457E+06\n", "line 3, column 3 (votes)"),
        ("ours.csv", "category,Ann,Bob\nNorth,10,1.23457E+06\n", "line 2, column 3 (Bob)"),
    ],
)
def test_a_file_in_scientific_notation_is_refused_not_rounded(name: str, text: str, place: str) -> None:
    """Typed into a cell, 1e6 is a million; in a file it is what a spreadsheet writes for a
    number it rounded (1,234,567 shown as 1.23457E+06), so the loaders refuse it, by place."""
    with pytest.raises(LoadError) as caught:
        import_table(text.encode(), name)
    assert caught.value.place == place
    assert "'1.23457E+06' is in scientific notation" in caught.value.message
    assert "write the count in full" in caught.value.message


def test_line_numbers_count_quoted_newlines() -> None:
    text = 'region,candidate,votes\nNorth,"Ann\nSmith",10\nNorth,Bob,-4\n'
    with pytest.raises(LoadError) as caught:
        import_table(text.encode(), "bad.csv")
    assert caught.value.place == "line 4, column 3 (votes)"


def test_ragged_row_is_refused_with_its_line() -> None:
    text = "region,candidate,votes\nNorth,Ann,1,176\n"
    with pytest.raises(LoadError) as caught:
        import_table(text.encode(), "r.csv")
    assert caught.value.place.startswith("line 2") and "ragged" in caught.value.message


def test_unknown_column_lists_the_columns() -> None:
    with pytest.raises(LoadError) as caught:
        import_table(LONG.encode(), "t.csv", ImportOptions(votes_column="ballots"))
    assert "no votes column 'ballots'" in caught.value.message and "region, candidate, votes" in caught.value.message


def test_filter_on_missing_column_and_no_rows_left() -> None:
    with pytest.raises(LoadError, match="no column to filter on 'year'"):
        import_table(LONG.encode(), "t.csv", ImportOptions(where=(("year", "2020"),)))
    with pytest.raises(LoadError, match="no row has region=West; the values of 'region' are: "):
        import_table(LONG.encode(), "t.csv", ImportOptions(where=(("region", "West"),)))


def test_duplicate_header_renamed_and_blank_lines_skipped() -> None:
    table = read_table(b"a,b,a\n\n1,2,3\n\n", "d.csv")
    assert table.header == ["a", "b", "a (2)"]
    assert table.rows == [["1", "2", "3"]]
    assert table.renamed


def test_empty_and_binary_files() -> None:
    with pytest.raises(LoadError, match="empty"):
        import_table(b"  \n", "e.csv")
    with pytest.raises(LoadError, match="binary"):
        import_table(b"a,b\x00c", "b.csv")


def test_names_differing_only_in_case_are_one_category() -> None:
    text = "region,candidate,votes\nNorth,Ann,1\nnorth,Ann,2\n"
    result = import_table(text.encode(), "t.csv")
    assert result.contest.category_count == 1 and result.contest.total_votes == 3
    assert any("added together" in note for note in result.notes)


def test_parse_where() -> None:
    assert parse_where(["year=2020", " state = OHIO "]) == (("year", "2020"), ("state", "OHIO"))
    with pytest.raises(ValueError):
        parse_where(["year"])


def test_describe_lists_the_choices() -> None:
    lines = ImportOptions(layout="long", category_column="a", where=(("y", "1"),)).describe()
    assert lines == ["layout: long", "category column: a", "where: y = 1"]


def test_notes_of_one_row_are_in_the_singular() -> None:
    """One row filtered out, one repeated, one whose vote modes disagree: "1 row", not "1 rows"."""
    text = "year,area,who,n\n2019,A,X,1\n2020,A,X,5\n2020,A,X,2\n2020,A,Y,7\n"
    options = ImportOptions(category_column="area", candidate_column="who", votes_column="n", where=(("year", "2020"),))
    notes = "\n".join(import_table(text.encode(), "t.csv", options).notes)
    assert "1 row left out by the filter (year = 2020)" in notes
    assert "1 row repeats a category and candidate already seen" in notes
    openelections = (
        "county,precinct,office,district,party,candidate,votes,early_voting,election_day\n"
        "A,P1,President,,DEM,Ann,10,4,6\nA,P1,President,,REP,Bob,9,4,4\nA,P1,President,,,Over Votes,1,1,0\n"
    )
    notes = "\n".join(import_table(openelections.encode(), "xx_general.csv", ImportOptions(contest="President")).notes)
    assert "1 row has a votes figure that differs from the sum of its vote modes" in notes
    assert "Over Votes (1 row)" in notes


@pytest.mark.parametrize(("text", "place", "cell"), [
    ("region,Alice,Bob\nNorth,10,-5\nSouth,3,4\n", "line 2, column 3 (Bob)", "-5"),
    ("region,Alice,Bob\nNorth,10,lots\nSouth,3,4\n", "line 2, column 3 (Bob)", "lots"),
    ("region;Alice;Bob\nNorth;10,5;5\nSouth;3;4\n", "line 2, column 2 (Alice)", "10,5"),
])
def test_one_bad_cell_does_not_make_a_column_of_figures_a_column_of_names(tmp_path, text: str, place: str, cell: str) -> None:
    """'-5 wins with 76.9%': Bob's column, with one bad cell, was taken for candidates'
    names and the table read as a long one. Now the bad cell is refused with its place."""
    path = tmp_path / "regions.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        import_contest(path)
    assert refused.value.place == place and repr(cell) in refused.value.message
    # The same table with the cell mended is a wide table of two candidates.
    mended = tmp_path / "mended.csv"
    mended.write_text(text.replace(cell, "5"), encoding="utf-8")
    contest = import_contest(mended).contest
    assert [c.name for c in contest.candidates] == ["Alice", "Bob"] and contest.category_count == 2
