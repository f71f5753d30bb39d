"""The import choices on the command line, and ``resultsviewer contests``."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from resultsviewer.commands import main
from resultsviewer.core.formats import read_contest

DATA = Path(__file__).resolve().parents[1] / "data"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_tally_json_with_contest_and_notes_on_stderr(capsys) -> None:
    code, out, err = run(capsys, "tally", DATA / "kinney_bom_crlf_excerpt.csv", "--contest", "President", "--json")
    assert code == 0
    data = json.loads(out)
    with open(DATA / "kinney_bom_crlf_excerpt.csv", newline="", encoding="utf-8-sig") as stream:
        rows = [r for r in csv.reader(stream)][1:]
    romney = sum(int(r[8]) for r in rows if r[2] == "President" and r[1] != "Total" and r[4] == "Mitt Romney")
    assert {c["name"]: c["votes"] for c in data["candidates"]}["Mitt Romney"] == romney
    assert data["winner"] == "Mitt Romney"
    assert "'Total' precinct rows left out" in err


def test_where_repeatable_and_semicolon_file(capsys) -> None:
    code, out, _ = run(capsys, "tally", DATA / "medsl_semicolon_excerpt.csv", "--where", "year=2020", "--where", "state=ALASKA", "--json")
    assert code == 0
    data = json.loads(out)
    with open(DATA / "medsl_semicolon_excerpt.csv", newline="", encoding="utf-8") as stream:
        rows = [r for r in csv.reader(stream, delimiter=";")][1:]
    assert data["total_votes"] == sum(int(r[10]) for r in rows if r[0] == "2020" and r[1] == "ALASKA")
    assert [c["name"] for c in data["categories"]] == ["ALASKA"]


def test_explicit_long_columns(capsys, tmp_path: Path) -> None:
    path = tmp_path / "long.tsv"
    path.write_text("seat\twho\tballots\tnote\nA\tX\t1\tn\nA\tY\t2\tn\nB\tX\t4\tn\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "tally", path, "--category-column", "seat", "--candidate-column", "who", "--votes-column", "ballots", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert {c["name"]: c["votes"] for c in data["candidates"]} == {"X": 5, "Y": 2}


def test_explicit_wide_columns_and_convert(capsys, tmp_path: Path) -> None:
    out_path = tmp_path / "ge.results.json"
    code, out, _ = run(
        capsys, "convert", DATA / "hoc_ge2017_wide_excerpt.csv", out_path,
        "--category-column", "constituency_name", "--candidate-columns", "con,lab,snp",
    )
    assert code == 0, out
    contest = read_contest(out_path)
    assert [c.name for c in contest.candidates] == ["con", "lab", "snp"]
    with open(DATA / "hoc_ge2017_wide_excerpt.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert contest.candidate_total(1) == sum(int(r["lab"]) for r in rows)


def test_by_county_and_check(capsys) -> None:
    code, out, err = run(capsys, "check", DATA / "nm_withheld_excerpt.csv", "--by", "county")
    assert code == 0
    assert "1 category x 1 candidate" in out
    assert "Counts withheld in" in err and "totals are lower bounds" in err


def test_ambiguous_contest_lists_matches(capsys) -> None:
    code, _, err = run(capsys, "tally", DATA / "jackson_total_rows_excerpt.csv", "--contest", "President")
    assert code == 1
    assert "President (REP)" in err and "President (DEM)" in err and "Traceback" not in err


def test_where_is_applied_before_the_contest_is_chosen(capsys) -> None:
    """'President' is two contests in a primary; --where party=DEM keeps the rows of one."""
    path = DATA / "jackson_total_rows_excerpt.csv"
    code, out, err = run(capsys, "tally", path, "--contest", "President", "--where", "party=DEM", "--json")
    assert code == 0, err
    with open(path, newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    expected: dict[str, int] = {}
    for row in rows:
        if row["office"] == "President" and row["party"] == "DEM" and row["precinct"] != "Total":
            expected[row["candidate"]] = expected.get(row["candidate"], 0) + int(row["votes"])
    data = json.loads(out)
    assert sum(c["votes"] for c in data["candidates"]) == sum(expected.values())
    assert "Donald J. Trump" not in {c["name"] for c in data["candidates"]}
    assert data["title"].startswith("President (DEM)")
    assert "contest chosen: President (DEM)" in err and "party=DEM" in err
    # a filter that leaves no rows says so, naming the filter
    code, _, err = run(capsys, "tally", path, "--contest", "President", "--where", "party=GRN")
    assert code == 1 and "party=GRN" in err and "Traceback" not in err


def test_help_says_where_applies_before_contest(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["tally", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "before the contest is chosen" in out


def test_bad_where_and_bad_column_are_clear(capsys) -> None:
    code, _, err = run(capsys, "tally", DATA / "hoc_ge2017_wide_excerpt.csv", "--where", "nonsense")
    assert code == 1 and "COLUMN=VALUE" in err
    code, _, err = run(capsys, "tally", DATA / "hoc_ge2017_wide_excerpt.csv", "--category-column", "nope", "--candidate-columns", "con")
    assert code == 1 and "no category column 'nope'" in err


def test_bad_by_choice_is_refused_by_argparse(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["tally", str(DATA / "nm_withheld_excerpt.csv"), "--by", "state"])
    capsys.readouterr()


def test_contests_lists_offices_and_rows(capsys) -> None:
    code, out, _ = run(capsys, "contests", DATA / "jackson_total_rows_excerpt.csv")
    assert code == 0
    assert "President (REP)" in out and "President (DEM)" in out
    assert "Registered Voters" in out and "not a contest" in out
    code, out, _ = run(capsys, "contests", DATA / "jackson_total_rows_excerpt.csv", "--json")
    listed = {c["contest"]: c["rows"] for c in json.loads(out)}
    with open(DATA / "jackson_total_rows_excerpt.csv", newline="", encoding="utf-8") as stream:
        rows = [r for r in csv.reader(stream)][1:]
    assert listed["President (DEM)"] == sum(1 for r in rows if r[2] == "President" and r[5] == "DEM")


def test_contests_of_one_row_say_row(capsys, tmp_path) -> None:
    path = tmp_path / "xx_general.csv"
    path.write_text("county,precinct,office,district,party,candidate,votes\nA,P1,Governor,,DEM,Ann,3\n"
                    "A,P1,Senate,,DEM,Ann,1\nA,P2,Senate,,DEM,Ann,2\n", encoding="utf-8")
    code, out, _ = run(capsys, "contests", path)
    assert code == 0 and ": 2 contests" in out
    assert [line.split()[-1] for line in out.splitlines()[1:3]] == ["row", "rows"]


def test_contests_of_medsl_are_years(capsys) -> None:
    code, out, _ = run(capsys, "contests", DATA / "medsl_semicolon_excerpt.csv")
    assert code == 0 and "US PRESIDENT 2016" in out and "US PRESIDENT 2020" in out
    code, out, _ = run(capsys, "tally", DATA / "medsl_semicolon_excerpt.csv", "--contest", "2016", "--json")
    assert code == 0 and json.loads(out)["winner"] == "CLINTON, HILLARY"


def test_contests_of_a_single_contest_file(capsys) -> None:
    code, _, err = run(capsys, "contests", DATA / "hoc_ge2017_wide_excerpt.csv")
    assert code == 1 and "holds one contest" in err


def test_import_commands_do_not_load_qt() -> None:
    script = (
        "import sys; from resultsviewer.commands import main; "
        f"main(['tally', {str(DATA / 'nm_withheld_excerpt.csv')!r}, '--json']); "
        f"main(['contests', {str(DATA / 'jackson_total_rows_excerpt.csv')!r}]); "
        "assert not any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules), 'Qt loaded'"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("given", [
    ("--where", "category=North"), ("--contest", "Mayor"), ("--by", "county"), ("--votes-column", "North"),
])
def test_an_import_option_a_file_does_not_read_is_refused_not_passed_over(capsys, tmp_path: Path, given) -> None:
    """Our own spreadsheet CSV, a native file and the embedded contest are read whole: a
    filter given for them was passed over, and the whole count printed as if filtered."""
    sheet = tmp_path / "two.csv"
    sheet.write_text("category,Ann,Bob\nNorth,10,20\nSouth,30,5\n", encoding="utf-8")
    native = tmp_path / "two.results.json"
    assert run(capsys, "convert", sheet, native)[0] == 0
    for path in (sheet, native, None):
        code, out, err = run(capsys, "tally", *([path] if path else []), *given)
        assert code == 1 and out == ""
        assert f"{given[0]} is not read in a Results Viewer" in err and "leave it out" in err
        assert (path.name if path else "the embedded default contest") in err
    # Where the file reads it, the option still applies: North alone, 30 votes.
    wide = tmp_path / "wide.csv"
    wide.write_text("area,Ann,Bob\nNorth,10,20\nSouth,30,5\n", encoding="utf-8")
    code, out, _ = run(capsys, "tally", wide, "--where", "area=North", "--json")
    assert code == 0 and json.loads(out)["total_votes"] == 30
