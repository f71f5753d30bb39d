"""Titles and status of imported tables (issue 12, item 2): built from what the file says,
never the file name dressed as a title, and no status the file did not declare."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from resultsviewer.core.formats import ImportOptions, import_contest, native, read_contest
from resultsviewer.core.formats.titles import openelections_title

DATA = Path(__file__).resolve().parents[1] / "data"


def test_openelections_title_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "nm_20241105__nm__general__precinct.csv"
    shutil.copy(DATA / "nm_withheld_excerpt.csv", path)
    contest = import_contest(path, ImportOptions(contest="President")).contest
    assert contest.title == "New Mexico general election, 5 November 2024: President"
    assert contest.date == "2024-11-05"
    assert contest.status is None


def test_openelections_names_with_a_place_and_names_off_the_convention() -> None:
    assert openelections_title("tx_20121106__tx__general__duval__precinct", "Governor") == (
        "Texas general election (Duval), 6 November 2012: Governor", "2012-11-06"
    )
    assert openelections_title("20200915__de__primary__county", "President")[0] == (
        "Delaware primary election, 15 September 2020: President"
    )
    # A name that does not follow the convention: the office and the name as given, no date.
    assert openelections_title("my results", "President") == ("President - my results", None)
    assert openelections_title("20241399__nm__general__precinct", "President")[1] is None  # no such date


def test_medsl_title_says_the_election(tmp_path: Path) -> None:
    contest = import_contest(DATA / "medsl_semicolon_excerpt.csv", ImportOptions(where=(("year", "2016"),))).contest
    assert contest.title == "US presidential election 2016"
    assert contest.status is None


def test_house_of_commons_title_says_the_election() -> None:
    contest = import_contest(DATA / "hoc_ge2017_wide_excerpt.csv", ImportOptions()).contest
    assert contest.title == "UK general election 2017"
    assert contest.status is None


def test_an_unknown_status_is_saved_as_unknown_and_read_back(tmp_path: Path) -> None:
    contest = import_contest(DATA / "hoc_ge2017_wide_excerpt.csv", ImportOptions()).contest
    document = json.loads(native.dumps(contest))
    assert "status" not in document and document["version"] == 2
    path = tmp_path / "ge.results.json"
    path.write_bytes(native.dumps(contest))
    assert read_contest(path).status is None


def test_a_version_1_file_without_status_is_still_provisional(tmp_path: Path) -> None:
    path = tmp_path / "old.results.json"
    path.write_text(json.dumps({"format": "resultsviewer-contest", "version": 1, "candidates": [], "categories": []}))
    assert read_contest(path).status.value == "provisional"


def test_real_files_titles(shared_real: Path) -> None:
    nm = import_contest(shared_real / "openelections/nm_20241105__nm__general__precinct.csv", ImportOptions(contest="President")).contest
    assert nm.title == "New Mexico general election, 5 November 2024: President"
    medsl = import_contest(shared_real / "medsl/1976-2020-president.csv", ImportOptions(where=(("year", "2016"),))).contest
    assert medsl.title == "US presidential election 2016"
    hoc = import_contest(shared_real / "uk_general/HoC-GE2017-constituency-results.csv", ImportOptions()).contest
    assert hoc.title == "UK general election 2017"
    assert {nm.status, medsl.status, hoc.status} == {None}


def test_an_unknown_status_is_not_in_the_heading() -> None:
    from resultsviewer.core.describe import contest_heading

    contest = import_contest(DATA / "hoc_ge2017_wide_excerpt.csv", ImportOptions()).contest
    assert contest_heading(contest) == "UK general election 2017"


def test_a_title_that_holds_the_date_is_not_followed_by_it_again(tmp_path: Path) -> None:
    from resultsviewer.core.describe import contest_heading

    path = tmp_path / "nm_20241105__nm__general__precinct.csv"
    shutil.copy(DATA / "nm_withheld_excerpt.csv", path)
    contest = import_contest(path, ImportOptions(contest="President")).contest
    assert contest_heading(contest) == "New Mexico general election, 5 November 2024: President"
