"""A cast vote record (one row per ballot, ranked choices) opened as a table of results is
refused, naming the RCTab configuration that counts it: read as results it would add up
ballot ids, or count first choices only, and name a false winner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resultsviewer.commands import main
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import import_contest, read_contest
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.formats.importing import list_sheets
from resultsviewer.core.formats.opening import open_contest_file

xlsxwriter = pytest.importorskip("xlsxwriter")

WHAT = "this is a cast vote record (one row per ballot, ranked choices), not a table of results; "
UNNAMED = WHAT + "open the RCTab configuration (.json) that names it to count its rounds"


def named(config: str) -> str:
    return WHAT + f"open the RCTab configuration that names it ({config}) to count its rounds"


REAL = {
    "rcv/2015_portland_mayor/2015_portland_mayor_cvr.xlsx": "2015_portland_mayor_config.json",
    "rcv/2013_minneapolis_mayor/2013_minneapolis_mayor_cvr.xlsx": "2013_minneapolis_mayor_config.json",
    "rcv/clear_ballot_kansas_primary/clear_ballot_kansas_primary.cvr.csv": "clear_ballot_kansas_primary_config.json",
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_cast_vote_records_are_refused_naming_their_configuration(shared_real: Path, name: str, capsys) -> None:
    path = shared_real / name
    with pytest.raises(LoadError) as caught:
        import_contest(path, ImportOptions())
    assert caught.value.source == str(path) and caught.value.message == named(REAL[name])
    # Whatever columns are chosen: no choice makes a ballot file a table of results.
    with pytest.raises(LoadError, match="cast vote record"):
        read_contest(path, options=ImportOptions(layout="long", category_column="Precinct"))
    assert main(["tally", str(path)]) != 0
    err = capsys.readouterr().err
    assert f"{path}: {named(REAL[name])}" in err and "wins" not in err


def test_a_clear_ballot_file_is_refused_when_opened(shared_real: Path) -> None:
    """Not handed to the import dialog to confirm a shape it does not have."""
    path = shared_real / "rcv/clear_ballot_kansas_primary/clear_ballot_kansas_primary.cvr.csv"
    with pytest.raises(LoadError) as caught:
        open_contest_file(path)
    assert caught.value.message == named("clear_ballot_kansas_primary_config.json")


def test_the_configurations_still_count_their_cast_vote_records(shared_real: Path) -> None:
    config = shared_real / "rcv/2015_portland_mayor/2015_portland_mayor_config.json"
    expected = json.loads((config.parent / "2015_portland_mayor_expected_detailed_report.json").read_text(encoding="utf-8"))
    contest = read_contest(config)
    assert contest.rounds is not None and len(contest.rounds.rounds) == len(expected["results"])


# --- excerpts written here ----------------------------------------------------------------

ESS_HEADER = ["Cast Vote Record", "Precinct", "Ballot Style", "For Mayor Choice 1 (45)", "For Mayor Choice 2 (50)"]
ESS_ROWS = [
    [1, "P 1", "Style A", "Ann Smith ", "Bob Jones "],
    [2, "P 1", "Style A", "Bob Jones ", "undervote"],
    [3, "P 2", "Style B", "Ann Smith ", "overvote"],
]


def write_ess(path: Path, header: list[str] = ESS_HEADER) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Marked Sheet")
    sheet.write_row(0, 0, header)
    for offset, row in enumerate(ESS_ROWS):
        sheet.write_row(1 + offset, 0, row)
    book.close()


def write_config(path: Path, cvr: str, provider: str = "ess") -> None:
    path.write_text(json.dumps({
        "outputSettings": {"contestName": "Mayor"},
        "cvrFileSources": [{"filePath": cvr, "provider": provider, "firstVoteColumnIndex": "4", "firstVoteRowIndex": "2"}],
        "candidates": [{"name": "Ann Smith"}, {"name": "Bob Jones"}],
        "rules": {"maxRankingsAllowed": "2"},
    }), encoding="utf-8")


def test_an_ess_excerpt_is_refused_and_names_the_configuration_beside_it(tmp_path: Path) -> None:
    cvr = tmp_path / "mayor_cvr.xlsx"
    write_ess(cvr)
    with pytest.raises(LoadError) as caught:
        import_contest(cvr, ImportOptions())
    assert caught.value.message == UNNAMED  # no configuration beside it
    write_config(tmp_path / "other_config.json", "someone_else.xlsx")
    (tmp_path / "results.json").write_text("{not json", encoding="utf-8")
    write_config(tmp_path / "mayor_config.json", "mayor_cvr.xlsx")
    with pytest.raises(LoadError) as caught:
        import_contest(cvr, ImportOptions())
    assert caught.value.message == named("mayor_config.json")
    # Listed as what it is, not as the columns a table of results would be read from.
    (sheet,) = list_sheets(cvr)
    assert sheet.guess == "a cast vote record: one row per ballot and its ranked choices, not a table of results"


def test_an_ess_excerpt_without_the_cast_vote_record_column_is_told_by_its_ranks(tmp_path: Path) -> None:
    cvr = tmp_path / "ballots.xlsx"
    write_ess(cvr, ["Ballot", "Precinct", "Style", "1ST CHOICE MAYOR", "2ND CHOICE MAYOR"])
    with pytest.raises(LoadError, match="cast vote record"):
        import_contest(cvr, ImportOptions())


CLEAR_BALLOT = (
    "RowNumber,BoxID,BoxPosition,BallotID,PrecinctID,BallotStyleID,PrecinctStyleName,ScanComputerName,Status,Remade,"
    "Choice_1_1:Primary:1:Vote For 1:Ann Smith:Dem,Choice_2_1:Primary:1:Vote For 1:Bob Jones:Dem,"
    "Choice_1_2:Primary:2:Vote For 1:Ann Smith:Dem,Choice_2_2:Primary:2:Vote For 1:Bob Jones:Dem\n"
    "1,ED-004,1,1-1-1,12,3,ED 4,SCAN1,0,0,1,0,0,1\n"
    "2,ED-004,2,1-1-2,12,3,ED 4,SCAN1,0,0,0,1,0,0\n"
)


def test_a_clear_ballot_excerpt_is_refused(tmp_path: Path) -> None:
    cvr = tmp_path / "primary.cvr.csv"
    cvr.write_text(CLEAR_BALLOT, encoding="utf-8")
    write_config(tmp_path / "primary_config.json", "primary.cvr.csv", "clearBallot")
    for read in (lambda: open_contest_file(cvr), lambda: import_contest(cvr, ImportOptions(category_column="BoxID"))):
        with pytest.raises(LoadError) as caught:
            read()
        assert caught.value.message == named("primary_config.json")


def test_preferences_that_are_counts_are_a_table_of_results(tmp_path: Path) -> None:
    """Columns named by rank that hold numbers are results (first and second preference
    votes per candidate), not ballots: a workbook of them is imported as any table."""
    path = tmp_path / "preferences.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Results")
    sheet.write_row(0, 0, ["ward", "candidate", "1st preference votes", "2nd preference votes"])
    for offset, row in enumerate([("North", "Ann Smith", 120, 30), ("North", "Bob Jones", 80, 45),
                                  ("South", "Ann Smith", 60, 20), ("South", "Bob Jones", 70, 25)]):
        sheet.write_row(1 + offset, 0, row)
    book.close()
    options = ImportOptions(category_column="ward", candidate_column="candidate", votes_column="1st preference votes")
    contest = read_contest(path, options=options)
    assert contest.total_votes == 120 + 80 + 60 + 70
