"""``resultsviewer tally --method seats|electoral-votes`` on the real files, against figures
computed here from the files with the csv module (not with the code under test)."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from resultsviewer.commands import main

GE2017 = "uk_general/HoC-GE2017-constituency-results.csv"
GE2019 = "uk_general/HoC-GE2019-results-by-candidate.csv"
MEDSL = "medsl/1976-2020-president.csv"
PARTY_COLUMNS = ["con", "lab", "ld", "ukip", "green", "snp", "pc", "dup", "sf", "sdlp", "uup", "alliance", "other"]


def tally_json(capsys, *args: object) -> dict:
    code = main(["tally", *(str(a) for a in args), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def seats_of(data: dict, key: str = "seats") -> dict[str, int]:
    return {c["name"]: c[key] for c in data["candidates"] if c[key]}


def test_ge2017_by_seats_is_a_hung_parliament(capsys, shared_real: Path) -> None:
    with open(shared_real / GE2017, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # First past the post in each row, over the party columns, computed here.
    expected = Counter(max(PARTY_COLUMNS, key=lambda p: int(row[p] or 0)) for row in rows)
    # The source's own first_party agrees (Speaker and an independent are in 'other').
    declared = Counter(row["first_party"] for row in rows)
    assert expected["con"] == declared["Con"] == 317 and expected["lab"] == declared["Lab"] == 262
    assert expected["other"] == declared["Spk"] + declared["Ind"] == 2
    data = tally_json(capsys, shared_real / GE2017, "--method", "seats")
    names = {"con": "Conservative", "lab": "Labour", "ld": "Liberal Democrat", "green": "Green", "snp": "SNP",
             "pc": "Plaid Cymru", "dup": "DUP", "sf": "Sinn Féin", "other": "Other"}
    assert seats_of(data) == {names[p]: n for p, n in expected.items()}
    assert seats_of(data) == {"Conservative": 317, "Labour": 262, "SNP": 35, "Liberal Democrat": 12, "DUP": 10,
                              "Sinn Féin": 7, "Plaid Cymru": 4, "Green": 1, "Other": 2}
    assert data["seats_total"] == len(rows) == 650 and data["seats_needed"] == 326
    assert data["winner"] is None and data["largest"] == "Conservative"
    assert data["margin"] == 317 - 262 and data["margin_unit"] == "seats"
    assert data["result"].startswith("Conservative: 317 of 650 seats, 9 short of a majority (hung parliament)")
    assert "most votes: Conservative, 42.3%" in data["result"]
    assert data["winner_discrepancies"] == []


def test_ge2017_method_is_guessed_and_said_in_text(capsys, shared_real: Path) -> None:
    code = main(["tally", str(shared_real / GE2017)])
    out, err = capsys.readouterr()
    assert code == 0
    assert "Method: seats (first past the post in each category)" in out
    assert "counted in seats" in err
    assert "The 650 declared winners agree with the counts." in out


def test_ge2019_grouped_with_labour_co_op_merged(capsys, shared_real: Path) -> None:
    best: dict[str, tuple[int, str]] = {}
    with open(shared_real / GE2019, newline="", encoding="utf-8") as handle:
        by_seat: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in csv.DictReader(handle):
            party = "Labour" if row["party_name"] == "Labour and Co-operative" else row["party_name"]
            by_seat[row["constituency_name"]][party] += int(row["votes"])
    for seat, parties in by_seat.items():
        best[seat] = max((votes, party) for party, votes in parties.items())
    expected = Counter(party for _, party in best.values())
    assert expected["Conservative"] == 365 and expected["Labour"] == 202
    data = tally_json(
        capsys, shared_real / GE2019, "--method", "seats", "--group-by-party", "--merge", "Labour and Co-operative=Labour"
    )
    assert seats_of(data) == dict(expected)
    assert data["winner"] == "Conservative" and data["seats_needed"] == 326
    assert data["result"].startswith("Conservative: 365 of 650 seats, a majority of 80")


def test_ge2019_without_the_merge_labour_is_split(capsys, shared_real: Path) -> None:
    data = tally_json(capsys, shared_real / GE2019, "--method", "seats")
    seats = seats_of(data)
    assert seats["Labour"] + seats["Labour and Co-operative"] == 202


def _medsl_leaders(path: Path, year: str) -> dict[str, str]:
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["year"] == year and row["candidate"] not in ("", "NA", "OTHER"):
                votes[row["state_po"]][row["candidate"]] += int(row["candidatevotes"])
    return {state: max(c, key=c.get) for state, c in votes.items()}


# The 2010-census apportionment as published by the Office of the Federal Register.
EV_2016 = {
    "AL": 9, "AK": 3, "AZ": 11, "AR": 6, "CA": 55, "CO": 9, "CT": 7, "DE": 3, "DC": 3, "FL": 29, "GA": 16, "HI": 4,
    "ID": 4, "IL": 20, "IN": 11, "IA": 6, "KS": 6, "KY": 8, "LA": 8, "ME": 4, "MD": 10, "MA": 11, "MI": 16, "MN": 10,
    "MS": 6, "MO": 10, "MT": 3, "NE": 5, "NV": 6, "NH": 4, "NJ": 14, "NM": 5, "NY": 29, "NC": 15, "ND": 3, "OH": 18,
    "OK": 7, "OR": 7, "PA": 20, "RI": 4, "SC": 9, "SD": 3, "TN": 11, "TX": 38, "UT": 6, "VT": 3, "VA": 13, "WA": 12,
    "WV": 5, "WI": 10, "WY": 3,
}


def test_medsl_2016_in_electoral_votes(capsys, shared_real: Path) -> None:
    leaders = _medsl_leaders(shared_real / MEDSL, "2016")
    expected = Counter()
    for state, leader in leaders.items():
        expected[leader] += EV_2016[state]
    assert expected == {"TRUMP, DONALD J.": 305, "CLINTON, HILLARY": 233}
    data = tally_json(capsys, shared_real / MEDSL, "--where", "year=2016", "--method", "electoral-votes")
    assert seats_of(data, "electoral_votes") == dict(expected)
    assert data["electoral_votes_total"] == 538 and data["electoral_votes_needed"] == 270
    assert data["winner"] == "TRUMP, DONALD J." and data["popular_vote_winner"] == "CLINTON, HILLARY"
    assert "CLINTON, HILLARY won the popular vote (48.2%) by 2.9 million votes" in data["result"]
    assert any("MAINE" in note and "not modelled" in note for note in data["method_notes"])
    assert "faithless electors are not modelled" in data["decided_by"]


# Electoral votes each year by state leader, as published (National Archives), with the
# electors who voted otherwise counted for their state's leader: 1976 Ford +1 (Washington),
# 1988 Dukakis +1 (West Virginia), 2000 Gore +1 (DC), 2004 Kerry +1 (Minnesota); 2008,
# 2016, 2020: Maine's and Nebraska's district votes go to the statewide leader.
PUBLISHED = {
    "1976": (297, 241), "1980": (489, 49), "1984": (525, 13), "1988": (426, 112), "1992": (370, 168),
    "1996": (379, 159), "2000": (271, 267), "2004": (286, 252), "2008": (364, 174), "2012": (332, 206),
    "2016": (305, 233), "2020": (306, 232),
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_every_year_of_the_shipped_apportionments(capsys, shared_real: Path, year: str) -> None:
    data = tally_json(capsys, shared_real / MEDSL, "--where", f"year={year}", "--method", "electoral-votes")
    won = sorted((c["electoral_votes"] for c in data["candidates"] if c["electoral_votes"]), reverse=True)
    assert tuple(won) == PUBLISHED[year]
    assert data["electoral_votes_total"] == 538


def test_seats_on_a_file_without_categories_is_said(capsys, tmp_path: Path) -> None:
    path = tmp_path / "one.results.json"
    path.write_text(json.dumps({"format": "resultsviewer-contest", "version": 1, "title": "T",
                                "candidates": [{"name": "A"}], "categories": []}))
    code = main(["tally", str(path), "--method", "seats"])
    out, err = capsys.readouterr()
    assert code == 0 and "no categories" in out


def test_bad_merge_is_a_clear_message(capsys, tmp_path: Path) -> None:
    code = main(["tally", "--merge", "Nobody=Labour"])
    _, err = capsys.readouterr()
    assert code == 1 and "no candidate or party named 'Nobody'" in err and "Traceback" not in err


def test_a_declared_winner_the_counts_disagree_with_is_reported(capsys, tmp_path: Path) -> None:
    from resultsviewer.core.contest import Candidate, Category, Contest, Method
    from resultsviewer.core.formats import native

    contest = Contest("GE", [Candidate("Red"), Candidate("Blue")], [Category("A"), Category("B")], [[5, 3], [2, 7]],
                      method=Method.SEATS)
    contest.declared.category_winners.update({"A": "Red", "B": "Red"})
    path = tmp_path / "ge.results.json"
    path.write_bytes(native.dumps(contest))
    assert main(["check", str(path)]) == 0
    _, err = capsys.readouterr()
    assert "Declared winner in B is Red, computed Blue" in err
    main(["tally", str(path)])
    out, _ = capsys.readouterr()
    assert "Declared winners the counts do not reproduce (1):" in out
    assert "Red and Blue: 1 seat each of 2, 1 short of a majority (hung parliament)" in out


def test_export_refuses_a_seats_chart_of_a_contest_counted_by_votes(capsys, tmp_path: Path) -> None:
    code = main(["export", "-o", str(tmp_path / "seats.png"), "--chart", "seats"])
    _, err = capsys.readouterr()
    assert code == 1 and "there is no seats chart for a contest counted by sum" in err
    assert not (tmp_path / "seats.png").exists()


def test_export_of_the_2019_file_by_party_says_the_result(capsys, tmp_path: Path, shared_real: Path) -> None:
    target = tmp_path / "ge2019.svg"
    code = main(["export", str(shared_real / GE2019), "-o", str(target), "--group-by-party",
                 "--merge", "Labour and Co-operative=Labour"])
    assert code == 0
    svg = target.read_text(encoding="utf-8")
    # The deciding chart by default, and the result in words in its subtitle and description.
    assert "Bar chart of seats won" in svg
    assert "Conservative: 365 of 650 seats, a majority of 80" in svg
    assert "Conservative 365, Labour 202" in svg


DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize("drop", [None, "first_party"])
def test_excerpt_of_ge2017_is_counted_in_seats_with_its_declared_winners(capsys, tmp_path: Path, drop) -> None:
    """Runs without ../shared: the 20-constituency excerpt, with first_party or only result."""
    with open(DATA / "hoc_ge2017_wide_excerpt.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = Counter(max(PARTY_COLUMNS, key=lambda p: int(row[p] or 0)) for row in rows)
    path = tmp_path / "excerpt.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        fields = [f for f in rows[0] if f != drop]
        writer = csv.DictWriter(handle, fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    data = tally_json(capsys, path)
    assert data["method"] == "seats"
    names = {"con": "Conservative", "lab": "Labour", "ld": "Liberal Democrat", "snp": "SNP", "pc": "Plaid Cymru"}
    assert seats_of(data) == {names[p]: n for p, n in expected.items()}
    assert data["seats_total"] == len(rows)
    assert data["winner_discrepancies"] == []
    # Every constituency's declared winner was read (and agrees).
    code = main(["tally", str(path)])
    out, _ = capsys.readouterr()
    assert f"The {len(rows)} declared winners agree with the counts." in out
    assert code == 0


def test_a_turnout_over_100_percent_is_a_warning_of_check_and_tally(capsys, tmp_path: Path) -> None:
    from resultsviewer.core.contest import Candidate, Category, Contest
    from resultsviewer.core.formats import native

    contest = Contest("Ward", [Candidate("Red"), Candidate("Blue")], [Category("A", electorate=1_000)], [[900, 400]])
    path = tmp_path / "ward.results.json"
    path.write_bytes(native.dumps(contest))
    assert main(["check", str(path)]) == 0
    _, err = capsys.readouterr()
    # 1,300 ballots of 1,000 electors.
    assert "warning: " in err and "Turnout is 130.0%, over 100%: 1,300 ballots counted of an electorate of 1,000" in err
    main(["tally", str(path)])
    out, _ = capsys.readouterr()
    assert "Warning: Turnout is 130.0%, over 100%" in out
