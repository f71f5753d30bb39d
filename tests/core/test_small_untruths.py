"""Smaller untruths (issue 12, item 5): a margin's points to the precision that shows them,
a short row said to be short, a filter that matches nothing lists what there is, and one
sign for a withheld count everywhere."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from resultsviewer.commands import main
from resultsviewer.core.contest import WITHHELD_SIGN, Candidate, Category, Contest, format_cell
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import ImportOptions, import_contest, read_contest
from resultsviewer.core.tally import Tally, format_points

DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_narrow_margin_is_not_printed_as_zero_points() -> None:
    # 93,734 votes between two candidates of 468,673,334: 0.0200 points.
    contest = Contest("close", [Candidate("A"), Candidate("B")], [Category("All")], [[234_383_567, 234_289_833]])
    tally = Tally(contest)
    assert tally.margin_votes == 93_734
    assert "margin 93,734 votes (0.02 points)" in tally.summary()
    assert format_points(6.09) == "6.1" and format_points(0.3) == "0.3" and format_points(0.068) == "0.07"
    assert format_points(0.0) == "0.0"


def test_a_short_row_of_our_csv_is_said_to_be_short(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("category,A,B\nNorth,10\nSouth,3,4\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_contest(path)
    assert "this row is short: it has 2 cells where the header has 3, so there is no 'B'" in str(caught.value)
    assert "line 2" in str(caught.value) and "empty cell" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("county,cand,votes\nX,A,10\nY,B\n", ImportOptions()),
        ("place,A,B\nNorth,10\nSouth,3,4\n", ImportOptions(category_column="place", candidate_columns=("A", "B"))),
    ],
)
def test_a_short_row_of_an_imported_table_is_said_to_be_short(tmp_path: Path, text: str, options: ImportOptions) -> None:
    path = tmp_path / "table.tsv.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        import_contest(path, options)
    assert "this row is short: it has 2 cells where the header has 3" in str(caught.value)


def test_a_filter_that_matches_nothing_lists_the_values(capsys) -> None:
    code = main(["tally", str(DATA / "hoc_ge2017_wide_excerpt.csv"), "--where", "region_name=Nowhere"])
    err = capsys.readouterr().err
    with open(DATA / "hoc_ge2017_wide_excerpt.csv", newline="", encoding="utf-8") as stream:
        regions = sorted({row["region_name"] for row in csv.DictReader(stream)})
    assert code == 1
    assert "no row has region_name=Nowhere; the values of 'region_name' are: " + ", ".join(regions) in err


def test_medsl_year_that_is_not_there(shared_real: Path, capsys) -> None:
    code = main(["tally", str(shared_real / "medsl/1976-2020-president.csv"), "--where", "year=2017"])
    err = capsys.readouterr().err
    assert code == 1 and "no row has year=2017" in err and "2016, 2020" in err


def test_medsl_filter_on_a_column_it_lacks_names_the_column(capsys) -> None:
    """Of a file of many years, a misspelt --where column is named, as any reader names it,
    not taken for no filter and answered with the choice of year."""
    name, delimiter = "medsl_semicolon_excerpt.csv", ";"
    with open(DATA / name, newline="", encoding="utf-8") as stream:
        header = next(csv.reader(stream, delimiter=delimiter))
    code = main(["tally", str(DATA / name), "--where", "yeer=2016"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"there is no column to filter on 'yeer'; the columns are: {', '.join(header)}" in err
    assert "choose one" not in err and "elections" not in err
    with pytest.raises(LoadError, match="no column to filter on 'yeer'"):
        import_contest(DATA / name, ImportOptions(where=(("year", "2016"), ("yeer", "2016"))))


def test_medsl_real_file_filter_on_a_column_it_lacks(shared_real: Path, capsys) -> None:
    code = main(["tally", str(shared_real / "medsl/1976-2020-president.csv"), "--where", "yeer=2016"])
    err = capsys.readouterr().err
    assert code == 1 and "there is no column to filter on 'yeer'" in err and "--where year=2020" not in err


def test_one_sign_for_withheld_everywhere(capsys, tmp_path: Path) -> None:
    assert WITHHELD_SIGN == "*" and format_cell(None) == "*"
    path = tmp_path / "w.csv"
    path.write_text("category,A,B\nNorth,*,4\n", encoding="utf-8")
    assert main(["tally", str(path)]) == 0
    out = capsys.readouterr().out
    assert "North" in out and " * " in out.replace("\n", " ") and "* = withheld by the source" in out
