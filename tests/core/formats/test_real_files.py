"""Every file in ../shared/data/real opened with its right choices, its totals compared
with sums computed here with nothing but the csv module."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import import_contest, read_contest
from resultsviewer.core.formats.delimited import ImportOptions, read_table
from resultsviewer.core.formats.importing import import_parsed, list_contests
from resultsviewer.core.tally import Tally


def rows_of(path: Path, delimiter: str = ",") -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        header = next(reader)
        return header, [row for row in reader if row]


def totals_by_candidate(contest) -> dict[str, int]:
    return {c.name: contest.candidate_total(i) for i, c in enumerate(contest.candidates)}


def test_folder_holds_the_thirteen_results_tables(shared_real: Path) -> None:
    """The thirteen results tables, counted by folder: rcv/ and workbooks/ came later and
    hold RCTab's ballots and reports, which other tests read."""
    for folder, expected in {"openelections": 9, "uk_general": 2, "medsl": 2}.items():
        assert len(list((shared_real / folder).glob("*.csv"))) == expected, folder


def test_nm_2024_president_by_precinct_withheld(shared_real: Path) -> None:
    path = shared_real / "openelections" / "nm_20241105__nm__general__precinct.csv"
    header, rows = rows_of(path)
    president = [r for r in rows if r[2] == "President"]
    expected: Counter[str] = Counter()
    withheld = 0
    for r in president:
        if r[6] == "*":
            withheld += 1
        else:
            expected[r[5]] += int(r[6])
    precincts = {(r[0], r[1]) for r in president}
    result = import_contest(path, ImportOptions(contest="President", by="precinct"))
    contest = result.contest
    assert totals_by_candidate(contest) == dict(expected)
    assert contest.category_count == len(precincts) == 2169
    assert contest.unknown_cells == withheld == 9941
    tally = Tally(contest)
    assert tally.lower_bound and tally.unknown_cells == 9941
    assert tally.winner is not None and tally.winner.name == "Kamala D Harris"
    assert any("9,941 values are withheld" in note for note in result.notes)
    # A name with a comma stays one candidate.
    assert "Robert F Kennedy, Jr" in expected and contest.candidate_index("Robert F Kennedy, Jr") >= 0


def test_nm_2024_president_by_county(shared_real: Path) -> None:
    path = shared_real / "openelections" / "nm_20241105__nm__general__precinct.csv"
    _, rows = rows_of(path)
    expected: dict[str, Counter[str]] = defaultdict(Counter)
    withheld: Counter[tuple[str, str]] = Counter()
    for r in rows:
        if r[2] != "President":
            continue
        key = (r[0], r[5])
        if r[6] != "*":
            expected[r[0]][r[5]] += int(r[6])
        else:
            withheld[key] += 1
            expected[r[0]][r[5]] += 0
    contest = read_contest(path, options=ImportOptions(contest="President", by="county"))
    assert contest.category_count == len(expected) == 33
    for index, category in enumerate(contest.categories):
        for cand_index, candidate in enumerate(contest.candidates):
            value = contest.count(index, cand_index)
            # Every known vote is kept; a cell with withheld precincts is "at least" its known part.
            assert int(value) == expected[category.name][candidate.name]
            key = (category.name, candidate.name)
            assert getattr(value, "withheld", 0) == withheld[key]
    assert contest.unknown_cells == 0 and contest.partial_cells == len(withheld)
    assert Tally(contest).lower_bound


def test_collin_governor_leaves_out_over_and_under_votes(shared_real: Path) -> None:
    path = shared_real / "openelections" / "tx_20221108__tx__general__collin__precinct.csv"
    _, rows = rows_of(path)
    expected: Counter[str] = Counter()
    left_out = 0
    for r in rows:
        if r[2] == "Governor":
            if r[5] in ("OVER VOTES", "UNDER VOTES"):
                left_out += 1
            else:
                expected[r[5]] += int(r[6])
                # votes is the sum of the vote modes in this file
                assert int(r[6]) == sum(int(v) for v in r[7:12])
    result = import_contest(path, ImportOptions(contest="Governor"))
    assert totals_by_candidate(result.contest) == dict(expected)
    assert "OVER VOTES" not in totals_by_candidate(result.contest)
    assert left_out == 2 * 267
    assert any("OVER VOTES (267 rows)" in note and "UNDER VOTES (267 rows)" in note for note in result.notes)
    assert any("Ballots Cast Total" in note for note in result.notes)


def test_baylor_duplicate_district_and_no_county(shared_real: Path) -> None:
    path = shared_real / "openelections" / "tx_20221108__tx__general__baylor__precinct.csv"
    header, rows = rows_of(path)
    assert header.count("district") == 2 and "county" not in header
    expected: Counter[str] = Counter()
    for r in rows:
        if r[1] == "Governor":
            expected[r[4]] += int(r[9])
    result = import_contest(path, ImportOptions(contest="Governor"))
    assert totals_by_candidate(result.contest) == dict(expected)
    assert [c.name for c in result.contest.categories] == ["Pct. 1", "Pct. 2", "Pct. 3", "Pct. 4"]
    assert any("'district' appears more than once" in note for note in result.notes)
    with pytest.raises(LoadError, match="no county column"):
        import_contest(path, ImportOptions(contest="Governor", by="county"))


def test_jackson_primary_total_rows_and_party(shared_real: Path) -> None:
    path = shared_real / "openelections" / "tx_20200303__tx__primary__jackson__precinct.csv"
    _, rows = rows_of(path)
    for party in ("DEM", "REP"):
        expected: Counter[str] = Counter()
        declared_total: Counter[str] = Counter()
        for r in rows:
            if r[2] == "President" and r[5] == party:
                if r[1] == "Total":
                    declared_total[r[4]] += int(r[6])
                else:
                    expected[r[4]] += int(r[6])
        # The Total rows repeat the precincts' sum (the precinct rows misspell some names,
        # 'Joseph R. Eiden'): counting them would double it.
        assert sum(expected.values()) == sum(declared_total.values())
        result = import_contest(path, ImportOptions(contest=f"President ({party})"))
        assert totals_by_candidate(result.contest) == dict(expected)
        assert any("'Total' precinct rows left out" in note for note in result.notes)
        assert any("Registered Voters" in note and "Ballots Cast" in note for note in result.notes)
    with pytest.raises(LoadError, match="matches 2 contests") as caught:
        import_contest(path, ImportOptions(contest="President"))
    assert "President (REP)" in str(caught.value) and "President (DEM)" in str(caught.value)


@pytest.mark.parametrize("contest", ["U.S. House, district 27 (DEM)", "U.S. Senate (DEM)", "President (REP)"])
def test_jackson_total_rows_that_disagree_with_the_precincts_are_said_and_declared(shared_real: Path, contest: str) -> None:
    """The source spells a candidate differently from precinct to precinct ('"Rick"',
    '"Rick\'', ...): its Total rows then disagree with the precincts' sum. The import
    says so in its note, and the Total rows' figures are declared, so that the tally lists
    each disagreement rather than a winner with no warning. Figures from the csv module."""
    path = shared_real / "openelections" / "tx_20200303__tx__primary__jackson__precinct.csv"
    _, rows = rows_of(path)
    office, party = contest.rsplit(" (", 1)
    office, district = office.split(", district ") if ", district " in office else (office, "")
    in_totals: Counter[str] = Counter()
    in_precincts: Counter[str] = Counter()
    for r in rows:
        if r[2] == office and r[3] == district and r[5] == party.rstrip(")"):
            (in_totals if r[1] == "Total" else in_precincts)[" ".join(r[4].split())] += int(r[6])
    disagreeing = {name for name in in_totals.keys() | in_precincts.keys() if in_totals.get(name) != in_precincts.get(name)}
    assert disagreeing  # the file's own misspellings
    result = import_contest(path, ImportOptions(contest=contest))
    note = next(note for note in result.notes if "'Total' precinct rows left out" in note)
    assert f"they disagree with the sum of the rows they total for {len(disagreeing)} candidates" in note
    names = {candidate.name for candidate in result.contest.candidates}
    assert result.contest.declared.candidate_totals == {name: votes for name, votes in in_totals.items() if name in names}
    found = {(d.name, d.declared, d.computed) for d in Tally(result.contest).discrepancies if d.kind == "candidate_total"}
    assert found == {(name, in_totals[name], in_precincts.get(name, 0)) for name in disagreeing if name in in_totals and name in names}


def test_jackson_primary_where_party_settles_which_president(shared_real: Path) -> None:
    """The issue's command: --contest President --where party=DEM, once refused as ambiguous."""
    path = shared_real / "openelections" / "tx_20200303__tx__primary__jackson__precinct.csv"
    _, rows = rows_of(path)
    for party in ("DEM", "REP"):
        expected: Counter[str] = Counter()
        for r in rows:
            if r[2] == "President" and r[5] == party and r[1] != "Total":
                expected[r[4]] += int(r[6])
        result = import_contest(path, ImportOptions(contest="President", where=(("party", party),)))
        assert totals_by_candidate(result.contest) == dict(expected)
        # The title is built from the file's name (issue 12): election, date, then the contest.
        assert result.contest.title == f"Texas primary election (Jackson), 3 March 2020: President ({party})"
        assert any(f"contest chosen: President ({party})" in note for note in result.notes)
    # a filter that keeps both parties' rows leaves the choice open, and says so
    with pytest.raises(LoadError, match="matches 2 contests among the rows where county=Jackson"):
        import_contest(path, ImportOptions(contest="President", where=(("county", "Jackson"),)))


@pytest.mark.parametrize("county", ["kinney", "duval"])
def test_2012_texas_bom_crlf_president(shared_real: Path, county: str) -> None:
    path = shared_real / "openelections" / f"tx_20121106__tx__general__{county}__precinct.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    _, rows = rows_of(path)
    expected: Counter[str] = Counter()
    for r in rows:
        if r[2] == "President" and r[1] != "Total":
            expected[r[4]] += int(r[8])
    contest = read_contest(path, options=ImportOptions(contest="President"))
    assert totals_by_candidate(contest) == dict(expected)
    assert all(c.name != "Total" for c in contest.categories)


def test_duval_one_contest_spelled_two_ways(shared_real: Path) -> None:
    path = shared_real / "openelections" / "tx_20121106__tx__general__duval__precinct.csv"
    _, rows = rows_of(path)
    expected: Counter[str] = Counter()
    for r in rows:
        if r[2] in ("US House", "United States House") and r[3] == "15":
            expected[r[4]] += int(r[8])
    result = import_contest(path, ImportOptions(contest="US House"))
    assert totals_by_candidate(result.contest) == dict(expected)
    assert any("spelled 2 ways" in note for note in result.notes)
    labels = [info.label for info in list_contests(path.read_bytes(), str(path))]
    assert "Straight Party" in labels
    assert "United States House, district 15" not in labels


def test_delaware_primary_quoted_thousands(shared_real: Path) -> None:
    path = shared_real / "openelections" / "de_20200915__de__primary__precinct.csv"
    _, rows = rows_of(path)
    expected: Counter[str] = Counter()
    precincts = set()
    for r in rows:
        if r[2] == "President" and r[4] == "Democratic Party":
            expected[r[5]] += int(r[8].replace(",", ""))
            precincts.add((r[0], r[1]))
    contest = read_contest(path, options=ImportOptions(contest="President (Democratic Party)"))
    assert totals_by_candidate(contest) == dict(expected)
    assert contest.category_count == len(precincts)
    assert any(name.endswith("01~02") for name in (c.name for c in contest.categories))


@pytest.mark.parametrize(
    ("name", "office_column", "candidate_column"),
    [("de_20201103__de__general__county.csv", 2, 4), ("nm_20161108__nm__general__county.csv", 1, 4)],
)
def test_county_files_president(shared_real: Path, name: str, office_column: int, candidate_column: int) -> None:
    path = shared_real / "openelections" / name
    header, rows = rows_of(path)
    votes = header.index("votes")
    expected: Counter[str] = Counter()
    counties = set()
    for r in rows:
        if r[office_column] == "President":
            expected[r[candidate_column]] += int(r[votes])
            counties.add(r[0])
    contest = read_contest(path, options=ImportOptions(contest="President", by="county"))
    assert totals_by_candidate(contest) == dict(expected)
    assert contest.category_count == len(counties)


@pytest.mark.parametrize(
    "name",
    [
        "nm_20241105__nm__general__precinct.csv", "tx_20221108__tx__general__collin__precinct.csv",
        "tx_20221108__tx__general__baylor__precinct.csv", "tx_20200303__tx__primary__jackson__precinct.csv",
        "tx_20121106__tx__general__kinney__precinct.csv", "tx_20121106__tx__general__duval__precinct.csv",
        "de_20200915__de__primary__precinct.csv", "de_20201103__de__general__county.csv",
        "nm_20161108__nm__general__county.csv",
    ],
)
def test_every_contest_of_every_openelections_file_opens(shared_real: Path, name: str) -> None:
    """Each listed contest opens, and all of them together hold every row of the file
    except the pseudo-rows the notes report."""
    path = shared_real / "openelections" / name
    data = path.read_bytes()
    contests = list_contests(data, str(path))
    _, rows = rows_of(path)
    assert sum(info.rows for info in contests) == len(rows)
    table = read_table(data, str(path))  # parsed once: the big files hold hundreds of contests
    for info in contests:
        if info.pseudo:
            continue
        result = import_parsed(table, ImportOptions(contest=info.label))
        assert result.contest.candidate_count >= 1


def test_hoc_ge2017_wide(shared_real: Path) -> None:
    path = shared_real / "uk_general" / "HoC-GE2017-constituency-results.csv"
    header, rows = rows_of(path)
    parties = header[header.index("con"): header.index("other") + 1]
    expected = {p: sum(int(r[header.index(p)]) for r in rows) for p in parties}
    result = import_contest(path, ImportOptions())
    contest = result.contest
    assert contest.category_count == 650
    by_column = dict(zip(parties, (contest.candidate_total(i) for i in range(contest.candidate_count))))
    assert by_column == expected
    assert contest.candidate(0).name == "Conservative"
    assert contest.rejected_total == sum(int(r[header.index("invalid_votes")]) for r in rows)
    assert contest.effective_electorate == sum(int(r[header.index("electorate")]) for r in rows)
    assert contest.declared.category_totals["Aberavon"] == 33268
    assert Tally(contest).discrepancies == ()  # valid_votes agrees with the party columns everywhere
    assert "other_winner" not in [c.name for c in contest.candidates]


def test_hoc_ge2019_long_with_share_check(shared_real: Path) -> None:
    path = shared_real / "uk_general" / "HoC-GE2019-results-by-candidate.csv"
    header, rows = rows_of(path)
    expected: Counter[str] = Counter()
    for r in rows:
        expected[" ".join(r[header.index("party_name")].split())] += int(r[header.index("votes")])
    result = import_contest(path, ImportOptions())
    assert totals_by_candidate(result.contest) == dict(expected)
    assert result.contest.category_count == len({r[2] for r in rows}) == 650
    assert any("all 3,320 printed shares agree" in note for note in result.notes)


@pytest.mark.parametrize(("name", "delimiter"), [("1976-2020-president.csv", ","), ("1976-2020-president_semicolon.csv", ";")])
@pytest.mark.parametrize("year", ["2020", "2016", "2008", "1976"])
def test_medsl_year(shared_real: Path, name: str, delimiter: str, year: str) -> None:
    path = shared_real / "medsl" / name
    header, rows = rows_of(path, delimiter)
    chosen = [r for r in rows if r[0] == year]
    votes = header.index("candidatevotes")
    per_state: Counter[str] = Counter()
    declared: dict[str, int] = {}
    biden_or_carter = {"2020": "BIDEN, JOSEPH R. JR", "2016": "CLINTON, HILLARY", "2008": "OBAMA, BARACK H.", "1976": "CARTER, JIMMY"}[year]
    expected_lead = 0
    every_row: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    for r in chosen:
        declared[r[1]] = int(r[header.index("totalvotes")])
        every_row[r[1]] += int(r[votes])
        if r[7] in ("BLANK VOTES", "BLANK VOTE", "VOID", "VOID VOTE", "OVER VOTE", "OVERVOTES", "UNDERVOTES"):
            rejected[r[1]] += int(r[votes])  # ballots with no vote for anyone: rejected, not valid
            continue
        per_state[r[1]] += int(r[votes])
        if r[7] == biden_or_carter:
            expected_lead += int(r[votes])
    contest = read_contest(path, options=ImportOptions(where=(("year", year),)))
    assert contest.category_count == len(per_state) == 51
    assert contest.total_votes == sum(per_state.values())
    assert contest.candidate_total(contest.candidate_index(biden_or_carter)) == expected_lead
    # totalvotes counts the rejected rows: the declared valid votes are totalvotes less them.
    assert contest.declared.category_totals == {state: declared[state] - rejected[state] for state in declared}
    assert {c.name: c.rejected for c in contest.categories if c.rejected is not None} == dict(rejected)
    # Every state's rows, those included, add up to its totalvotes in these years: nothing disagrees.
    assert every_row == declared
    assert Tally(contest).discrepancies == ()


def test_medsl_without_a_year_says_how_to_choose(shared_real: Path) -> None:
    path = shared_real / "medsl" / "1976-2020-president.csv"
    with pytest.raises(LoadError, match=r"12 elections .*--where year=2020"):
        read_contest(path, options=ImportOptions())


def test_duval_a_race_whose_district_is_blank_on_some_rows_is_said(shared_real: Path) -> None:
    """Duval's 2012 State Senate: Zaffirini's rows have no district, Rostig's say 21. The
    import counts district 21 alone (each is a contest of the file) and says so."""
    path = shared_real / "openelections" / "tx_20121106__tx__general__duval__precinct.csv"
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    blank = sum(1 for r in rows if r["office"] == "State Senate" and not r["district"].strip())
    assert blank > 0
    for contest, other in (("State Senate, district 21", f"State Senate ({blank} rows)"), ("State Senate", "State Senate, district 21")):
        result = import_contest(path, ImportOptions(contest=contest))
        assert any(note.startswith(f"the file also has {other}") and "not counted here" in note for note in result.notes)
