"""The quirks of the real files, on excerpts kept in tests/data so these always run.
Expected figures are computed here with the csv module, not with the code under test."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import import_contest, read_contest
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.tally import Tally

DATA = Path(__file__).resolve().parents[2] / "data"


def rows_of(name: str, delimiter: str = ",") -> tuple[list[str], list[list[str]]]:
    with open(DATA / name, newline="", encoding="utf-8-sig") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        header = next(reader)
        return header, [row for row in reader if row]


def totals(contest) -> dict[str, int]:
    return {c.name: contest.candidate_total(i) for i, c in enumerate(contest.candidates)}


def test_bom_crlf_total_rows_and_vote_modes() -> None:
    raw = (DATA / "kinney_bom_crlf_excerpt.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header, rows = rows_of("kinney_bom_crlf_excerpt.csv")
    assert header[0] == "county"  # the BOM is not part of the first name
    expected: Counter[str] = Counter()
    for r in rows:
        if r[2] == "President" and r[1] != "Total":
            expected[r[4]] += int(r[8])
    result = import_contest(DATA / "kinney_bom_crlf_excerpt.csv", ImportOptions(contest="President"))
    assert totals(result.contest) == dict(expected)
    assert [c.name for c in result.contest.categories] == ["Prec 1", "Prec 2", "Prec 3", "Prec 4"]
    assert any("5 'Total' precinct rows left out" in note for note in result.notes)
    assert result.contest.candidate(0).party == "REP"


def test_votes_summed_from_modes_when_there_is_no_votes_column(tmp_path: Path) -> None:
    header, rows = rows_of("kinney_bom_crlf_excerpt.csv")
    path = tmp_path / "modes_only.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header[:-1])
        writer.writerows(r[:-1] for r in rows)
    expected: Counter[str] = Counter()
    for r in rows:
        if r[2] == "President" and r[1] != "Total":
            expected[r[4]] += int(r[6]) + int(r[7])
    result = import_contest(path, ImportOptions(contest="President"))
    assert totals(result.contest) == dict(expected)
    assert any("sum of early_voting, election_day" in note for note in result.notes)


def test_duplicate_header_and_no_county() -> None:
    _, rows = rows_of("baylor_duplicate_header.csv")
    expected: Counter[str] = Counter()
    for r in rows:
        if r[1] == "U.S. House":
            expected[r[4]] += int(r[9])
    result = import_contest(DATA / "baylor_duplicate_header.csv", ImportOptions(contest="U.S. House"))
    assert totals(result.contest) == dict(expected)
    assert any("column 4 is read as 'district (2)'" in note for note in result.notes)
    assert any("no county column" in note for note in result.notes)


def test_withheld_values_are_unknown_and_totals_lower_bounds() -> None:
    _, rows = rows_of("nm_withheld_excerpt.csv")
    known = sum(int(r[6]) for r in rows if r[6] != "*")
    withheld = sum(1 for r in rows if r[6] == "*")
    assert withheld > 0
    result = import_contest(DATA / "nm_withheld_excerpt.csv", ImportOptions())
    contest = result.contest
    assert contest.total_votes == known
    assert contest.unknown_cells == withheld
    tally = Tally(contest)
    assert tally.lower_bound
    assert tally.to_dict()["totals_are_lower_bounds"] is True
    assert contest.candidate_index("Robert F Kennedy, Jr") == 0


def test_primary_total_rows_registered_voters_and_ambiguous_contest() -> None:
    _, rows = rows_of("jackson_total_rows_excerpt.csv")
    expected: Counter[str] = Counter()
    for r in rows:
        if r[2] == "President" and r[5] == "REP" and r[1] != "Total":
            expected[r[4]] += int(r[6])
    result = import_contest(DATA / "jackson_total_rows_excerpt.csv", ImportOptions(contest="President (REP)"))
    assert totals(result.contest) == dict(expected)
    assert [c.name for c in result.contest.categories] == ["Service Building 1", "Gandado 2"]
    notes = " | ".join(result.notes)
    assert "'Total' precinct rows left out" in notes and "Registered Voters (3 rows)" in notes
    with pytest.raises(LoadError) as caught:
        import_contest(DATA / "jackson_total_rows_excerpt.csv", ImportOptions(contest="President"))
    assert "President (REP)" in caught.value.message and "President (DEM)" in caught.value.message
    with pytest.raises(LoadError, match="no contest 'Mayor'"):
        import_contest(DATA / "jackson_total_rows_excerpt.csv", ImportOptions(contest="Mayor"))
    # semicolon-separated parts name the same contest
    again = import_contest(DATA / "jackson_total_rows_excerpt.csv", ImportOptions(contest="president;;rep"))
    assert totals(again.contest) == dict(expected)


def test_quoted_thousands() -> None:
    _, rows = rows_of("de_quoted_thousands_excerpt.csv")
    assert any("," in r[8] for r in rows)
    expected = sum(int(r[8].replace(",", "")) for r in rows)
    contest = read_contest(DATA / "de_quoted_thousands_excerpt.csv", options=ImportOptions(contest="President"))
    assert contest.total_votes == expected
    assert contest.category(1).name == "New Castle / 01~02"
    assert contest.count(1, 0) == 1176


def test_semicolon_medsl_with_year_filter() -> None:
    header, rows = rows_of("medsl_semicolon_excerpt.csv", ";")
    for year in ("2016", "2020"):
        chosen = [r for r in rows if r[0] == year]
        contest = read_contest(DATA / "medsl_semicolon_excerpt.csv", options=ImportOptions(where=(("year", year),)))
        assert contest.total_votes == sum(int(r[10]) for r in chosen if r[7] not in ("BLANK VOTES", "VOID", "BLANK VOTE", "VOID VOTE"))
        assert [c.name for c in contest.categories] == ["ALABAMA", "ALASKA", "NEW YORK"]
        writeins = sum(int(r[10]) for r in chosen if r[7] == "" and r[9] == "TRUE")
        if writeins:
            assert contest.candidate_total(contest.candidate_index("Write-ins")) == writeins
    # New York lists Biden on two party lines: one candidate, votes added
    contest = read_contest(DATA / "medsl_semicolon_excerpt.csv", options=ImportOptions(where=(("year", "2020"),)))
    biden = sum(int(r[10]) for r in rows if r[0] == "2020" and r[1] == "NEW YORK" and r[7] == "BIDEN, JOSEPH R. JR")
    assert contest.count(contest.category_index("NEW YORK"), contest.candidate_index("BIDEN, JOSEPH R. JR")) == biden
    assert contest.candidate(contest.candidate_index("BIDEN, JOSEPH R. JR")).party == "DEMOCRAT"
    # New York's blank and void ballots are not candidates but its rejected ballots; its
    # totalvotes counts them, and agrees with its valid votes and them.
    names = [c.name for c in contest.candidates]
    assert "BLANK VOTES" not in names and "VOID" not in names
    new_york = [r for r in rows if r[0] == "2020" and r[1] == "NEW YORK"]
    blank_void = sum(int(r[10]) for r in new_york if r[7] in ("BLANK VOTES", "VOID"))
    assert blank_void > 0 and sum(int(r[10]) for r in new_york) == int(new_york[0][11])
    state = contest.category_index("NEW YORK")
    assert contest.category(state).rejected == blank_void
    assert contest.category_total(state) + blank_void == int(new_york[0][11])
    assert contest.declared.category_totals["NEW YORK"] == int(new_york[0][11]) - blank_void
    assert contest.category(contest.category_index("ALASKA")).rejected is None  # it lists no such row
    assert not Tally(contest).discrepancies


def test_medsl_totalvotes_that_the_rows_do_not_reach_still_disagree(tmp_path: Path) -> None:
    """Blank and void rows make up the difference with totalvotes; a candidate's row
    short of it (here 1,000 votes taken from New York's 2020 Biden row) still shows."""
    header, rows = rows_of("medsl_semicolon_excerpt.csv", ";")
    votes = header.index("candidatevotes")
    for row in rows:
        if row[0] == "2020" and row[1] == "NEW YORK" and row[7] == "BIDEN, JOSEPH R. JR" and row[8] == "DEMOCRAT":
            row[votes] = str(int(row[votes]) - 1000)
    path = tmp_path / "short.csv"
    path.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    contest = read_contest(path, options=ImportOptions(where=(("year", "2020"),)))
    (difference,) = Tally(contest).discrepancies
    assert difference.name == "NEW YORK" and difference.declared - difference.computed == 1000


def test_wide_house_of_commons_excerpt() -> None:
    header, rows = rows_of("hoc_ge2017_wide_excerpt.csv")
    result = import_contest(DATA / "hoc_ge2017_wide_excerpt.csv", ImportOptions())
    contest = result.contest
    assert contest.category_count == len(rows) == 20
    assert contest.total_votes == sum(int(r[header.index("valid_votes")]) for r in rows)
    aberavon = contest.category(contest.category_index("Aberavon"))
    assert (aberavon.electorate, aberavon.rejected) == (49892, 57)
    assert contest.count(0, contest.candidate_index("Labour")) == 22662
    assert not Tally(contest).discrepancies


def test_wide_with_explicit_columns_and_a_filter() -> None:
    header, rows = rows_of("hoc_ge2017_wide_excerpt.csv")
    scotland = [r for r in rows if r[header.index("country_name")] == "Scotland"]
    options = ImportOptions(
        category_column="constituency_name", candidate_columns=("snp", "con", "lab"),
        where=(("country_name", "scotland"),),
    )
    contest = read_contest(DATA / "hoc_ge2017_wide_excerpt.csv", options=options)
    assert [c.name for c in contest.candidates] == ["snp", "con", "lab"]
    assert contest.category_count == len(scotland)
    assert contest.candidate_total(0) == sum(int(r[header.index("snp")]) for r in scotland)


def test_long_house_of_commons_excerpt_and_person_as_candidate() -> None:
    header, rows = rows_of("hoc_ge2019_long_excerpt.csv")
    result = import_contest(DATA / "hoc_ge2019_long_excerpt.csv", ImportOptions())
    assert result.contest.total_votes == sum(int(r[header.index("votes")]) for r in rows)
    assert any(f"all {len(rows)} printed shares agree" in note for note in result.notes)
    by_surname = read_contest(
        DATA / "hoc_ge2019_long_excerpt.csv",
        options=ImportOptions(candidate_column="surname"),
    )
    assert by_surname.candidate_total(by_surname.candidate_index("Kinnock")) == 17008


def test_vote_modes_over_under_and_ballots_cast() -> None:
    _, rows = rows_of("collin_vote_modes_excerpt.csv")
    expected: Counter[str] = Counter()
    for r in rows:
        if r[2] == "Governor" and r[5] not in ("OVER VOTES", "UNDER VOTES"):
            expected[r[5]] += int(r[6])
    result = import_contest(DATA / "collin_vote_modes_excerpt.csv", ImportOptions(contest="Governor"))
    assert totals(result.contest) == dict(expected)
    assert "Write-in" in expected
    notes = " | ".join(result.notes)
    assert "OVER VOTES (3 rows)" in notes and "Ballots Cast Total (3 rows)" in notes


def test_share_column_disagreement_is_reported(tmp_path: Path) -> None:
    """A constituency cut short: the printed shares no longer match its votes."""
    lines = (DATA / "hoc_ge2019_long_excerpt.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "cut.csv"
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    result = import_contest(path, ImportOptions())
    assert any("printed shares disagree with the votes" in note for note in result.notes)
