"""``resultsviewer export --with-data``: the numbers beside a chart are what it draws, and a
chart and its CSV are one save (both written, or neither).

Expected figures come from outside the code under test: RCTab's own detailed reports and
the real CSV files read with the csv module.
"""

from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest

from resultsviewer.commands import main

from .test_tally_methods import EV_2016, GE2017, MEDSL, PARTY_COLUMNS, _medsl_leaders

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "resources" / "labour-leadership-2016.results.json"
ELECTIONS = ("clear_ballot_kansas_primary", "2015_portland_mayor", "2013_minneapolis_mayor")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


# --- one save: a chart and its CSV ----------------------------------------------------------


@pytest.mark.parametrize("blocker", ["folder", "fifo"])
def test_a_refused_csv_leaves_the_old_chart(qapp, tmp_path, capsys, blocker: str) -> None:
    chart, data = tmp_path / "v.png", tmp_path / "v.csv"
    chart.write_bytes(b"old chart")
    if blocker == "folder":
        data.mkdir()
    else:
        os.mkfifo(data)
    assert main(["export", str(DEFAULT), "-o", str(chart), "--with-data"]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # no "wrote" line: nothing was
    expected = "a folder stands where the file should be" if blocker == "folder" else "named pipe (FIFO)"
    assert f"{data}: " in err and expected in err
    assert chart.read_bytes() == b"old chart"
    assert data.is_dir() if blocker == "folder" else data.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv", "v.png"]  # no temporary left


def test_a_refused_chart_leaves_the_old_csv(qapp, tmp_path, capsys) -> None:
    chart, data = tmp_path / "v.svg", tmp_path / "v.csv"
    os.mkfifo(chart)
    data.write_text("old data\n", encoding="utf-8")
    assert main(["export", str(DEFAULT), "-o", str(chart), "--with-data"]) == 1
    assert "named pipe (FIFO)" in capsys.readouterr().err
    assert data.read_text(encoding="utf-8") == "old data\n" and chart.is_fifo()


def test_a_refused_csv_of_a_rounds_figure_leaves_the_old_chart(qapp, tmp_path, capsys, shared_real) -> None:
    config = shared_real / "rcv" / "clear_ballot_kansas_primary" / "clear_ballot_kansas_primary_config.json"
    chart, data = tmp_path / "r.png", tmp_path / "r.csv"
    chart.write_bytes(b"old chart")
    os.mkfifo(data)
    assert main(["export", str(config), "--round", "all", "-o", str(chart), "--with-data"]) == 1
    assert "named pipe (FIFO)" in capsys.readouterr().err
    assert chart.read_bytes() == b"old chart"


def test_a_batch_with_one_refused_csv_writes_nothing(qapp, tmp_path, capsys) -> None:
    example = ROOT / "resources" / "examples" / "labour-leadership-2015.results.json"
    folder = tmp_path / "charts"
    folder.mkdir()
    (folder / "labour-leadership-2015.csv").mkdir()
    assert main(["export", str(DEFAULT), str(example), "-o", str(folder), "--with-data"]) == 1
    capsys.readouterr()
    assert sorted(p.name for p in folder.iterdir()) == ["labour-leadership-2015.csv"]


# --- a missing folder is refused, as convert refuses it ------------------------------------------


def test_a_missing_folder_is_refused_as_convert_refuses_it(qapp, tmp_path, capsys) -> None:
    assert main(["convert", str(DEFAULT), str(tmp_path / "nodir2" / "x.csv"), "--allow-loss"]) == 1
    converted = capsys.readouterr().err.strip().splitlines()[-1]
    assert converted == f"resultsviewer: {tmp_path / 'nodir2' / 'x.csv'}: the folder '{tmp_path / 'nodir2'}' does not exist"
    assert main(["export", str(DEFAULT), "-o", str(tmp_path / "nodir" / "x.png")]) == 1
    exported = capsys.readouterr().err.strip()
    assert exported == f"resultsviewer: {tmp_path / 'nodir' / 'x.png'}: the folder '{tmp_path / 'nodir'}' does not exist"
    example = ROOT / "resources" / "examples" / "labour-leadership-2015.results.json"
    assert main(["export", str(DEFAULT), str(example), "-o", str(tmp_path / "charts")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- rounds: the numbers each figure draws, against RCTab's report -------------------------------


def _rctab_rounds(path: Path) -> dict[int, dict[str, tuple[Decimal, str, Decimal]]]:
    """RCTab's detailed report (CSV), round by round: each row's (votes, % of vote, transfer),
    with ``Eliminated`` and ``Elected`` rows giving names (RCTab marks a tie-break with *)."""
    with open(path, newline="", encoding="utf-8") as stream:
        lines = list(csv.reader(stream))
    start = next(i for i, line in enumerate(lines) if line and line[0] == "Rounds")
    rounds: dict[int, dict[str, tuple[Decimal, str, Decimal]]] = defaultdict(dict)
    count = (len(lines[start]) - 1) // 3
    for line in lines[start + 1:]:
        if not line or not line[0]:
            continue
        line = line + [""] * (3 * count + 1 - len(line))  # RCTab leaves trailing cells off some rows
        for number in range(1, count + 1):
            votes, share, transfer = line[3 * number - 2: 3 * number + 1]
            if line[0] in ("Eliminated", "Elected"):
                rounds[number][line[0]] = (Decimal(0), votes, Decimal(0))
            else:
                rounds[number][line[0]] = (Decimal(votes or 0), share, Decimal(transfer or 0))
    return rounds


def _names(cell: str) -> set[str]:
    return {name.strip().rstrip("*") for name in cell.split(";") if name.strip()}


def _check_round(expected: dict[str, tuple[Decimal, str, Decimal]], rows: list[dict[str, str]]) -> None:
    candidates = [row for row in rows if row["status"] != "inactive"]
    assert {row["candidate"] for row in candidates if row["status"] == "eliminated"} == _names(expected["Eliminated"][1])
    assert {row["candidate"] for row in candidates if row["status"] == "elected"} == _names(expected["Elected"][1])
    for row in candidates:
        votes, share, transfer = expected[row["candidate"]]
        assert Decimal(row["votes"]) == votes, row
        assert Decimal(row["transfer"]) == transfer, row
        # RCTab prints the share of the ballots still counting cut (not rounded) to two decimals.
        cut = (Decimal(row["share"]) * 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        assert cut == Decimal(share.rstrip("%")), row
        assert Decimal(row["threshold"]) == expected["Current Round Threshold"][0]
    assert sum(Decimal(row["votes"]) for row in candidates) == expected["Active Ballots"][0]
    # Candidates not counting any more (eliminated before) have 0 in RCTab's table.
    named = {row["candidate"] for row in candidates}
    others = {name for name in expected if name not in named and name not in ("Eliminated", "Elected")
              and not name.startswith(("Active", "Current", "Inactive"))}
    assert all(expected[name][0] == 0 for name in others)
    inactive = {row["candidate"]: row for row in rows if row["status"] == "inactive"}
    for name, (votes, _, transfer) in expected.items():
        if name.startswith("Inactive Ballots by "):
            row = inactive["Inactive ballots: " + name.removeprefix("Inactive Ballots by ").lower()]
            assert (Decimal(row["votes"]), Decimal(row["transfer"])) == (votes, transfer), name
    assert sum(Decimal(row["votes"]) for row in inactive.values()) == expected["Inactive Ballots Total"][0]


@pytest.mark.parametrize("election", ELECTIONS)
def test_every_round_beside_the_small_multiples_is_rctabs(qapp, tmp_path, capsys, shared_real, election) -> None:
    folder = shared_real / "rcv" / election
    out = tmp_path / "rounds.svg"
    assert main(["export", str(folder / f"{election}_config.json"), "--round", "all", "-o", str(out), "--with-data"]) == 0
    assert f"wrote {out.with_suffix('.csv')}" in capsys.readouterr().out
    rows = _rows(out.with_suffix(".csv"))
    expected = _rctab_rounds(folder / f"{election}_expected_detailed_report.csv")
    assert sorted({int(row["round"]) for row in rows}) == sorted(expected)
    for number, figures in expected.items():
        _check_round(figures, [row for row in rows if int(row["round"]) == number])


def test_one_round_and_the_transfers(qapp, tmp_path, capsys, shared_real) -> None:
    folder = shared_real / "rcv" / "2015_portland_mayor"
    config = folder / "2015_portland_mayor_config.json"
    expected = _rctab_rounds(folder / "2015_portland_mayor_expected_detailed_report.csv")
    one, flows = tmp_path / "round6.png", tmp_path / "transfers.pdf"
    assert main(["export", str(config), "--round", "6", "-o", str(one), "--with-data"]) == 0
    rows = _rows(one.with_suffix(".csv"))
    assert {row["round"] for row in rows} == {"6"}
    _check_round(expected[6], rows)
    assert main(["export", str(config), "--round", "final", "-o", str(one), "--with-data"]) == 0
    assert {row["round"] for row in _rows(one.with_suffix(".csv"))} == {str(len(expected))}
    # The transfers draw every round's moves: every round, with its transfer column.
    assert main(["export", str(config), "--transfers", "-o", str(flows), "--with-data"]) == 0
    rows = _rows(flows.with_suffix(".csv"))
    for number, figures in expected.items():
        _check_round(figures, [row for row in rows if int(row["round"]) == number])


def test_transfers_with_a_round_is_refused(qapp, tmp_path, capsys, shared_real) -> None:
    config = shared_real / "rcv" / "2015_portland_mayor" / "2015_portland_mayor_config.json"
    assert main(["export", str(config), "--transfers", "--round", "3", "-o", str(tmp_path / "t.png")]) == 1
    assert "--transfers draws where the votes went in every round; it does not go with --round" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- a ranked-choice contest is counted by its rounds ------------------------------------------


def test_method_is_refused_for_a_ranked_choice_contest(qapp, tmp_path, capsys, shared_real) -> None:
    config = shared_real / "rcv" / "clear_ballot_kansas_primary" / "clear_ballot_kansas_primary_config.json"
    assert main(["tally", str(config), "--method", "seats"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "decided by instant runoff (ranked ballots, counted in rounds)" in err and "--method" in err
    assert main(["export", str(config), "--chart", "parliament", "--method", "seats", "-o", str(tmp_path / "p.png")]) == 1
    err = capsys.readouterr().err
    assert "decided by instant runoff" in err and "counted by seats" not in err
    assert main(["export", str(config), "--chart", "parliament", "-o", str(tmp_path / "p.png")]) == 1
    err = capsys.readouterr().err
    assert "no parliament chart for a contest counted by instant runoff" in err
    assert "counted by sum" not in err and "--method" not in err and "--round" in err
    assert list(tmp_path.iterdir()) == []


def test_the_parliament_refusal_names_the_contests_method(qapp, tmp_path, capsys) -> None:
    assert main(["export", str(DEFAULT), "--chart", "parliament", "-o", str(tmp_path / "p.png")]) == 1
    err = capsys.readouterr().err
    assert "no parliament chart for a contest counted by sum (one member one vote" in err
    assert "use --method seats or electoral-votes" in err


# --- seats and electoral votes beside their charts ---------------------------------------------


@pytest.mark.parametrize("chart", ["seats", "parliament"])
def test_seats_beside_a_seats_chart_are_the_constituency_winners(qapp, tmp_path, capsys, shared_real, chart) -> None:
    with open(shared_real / GE2017, newline="", encoding="utf-8") as handle:
        constituencies = list(csv.DictReader(handle))
    winners = Counter(max(PARTY_COLUMNS, key=lambda p: int(row[p] or 0)) for row in constituencies)
    votes = {party: sum(int(row[party] or 0) for row in constituencies) for party in PARTY_COLUMNS}
    out = tmp_path / "commons.png"
    assert main(["export", str(shared_real / GE2017), "--chart", chart, "-o", str(out), "--with-data"]) == 0
    capsys.readouterr()
    rows = _rows(out.with_suffix(".csv"))
    names = {"con": "Conservative", "lab": "Labour", "ld": "Liberal Democrat", "ukip": "UKIP", "green": "Green",
             "snp": "SNP", "pc": "Plaid Cymru", "dup": "DUP", "sf": "Sinn Féin", "sdlp": "SDLP", "uup": "UUP",
             "alliance": "Alliance", "other": "Other"}
    assert {row["candidate"]: int(row["seats"]) for row in rows} == {names[p]: winners[p] for p in PARTY_COLUMNS}
    assert {row["candidate"]: int(row["votes"]) for row in rows} == {names[p]: votes[p] for p in PARTY_COLUMNS}
    assert sum(int(row["seats"]) for row in rows) == len(constituencies) == 650
    assert [row["candidate"] for row in rows][:2] == ["Conservative", "Labour"]  # the chart's order
    assert {row["seats_are"] for row in rows} == {"exact"}


def test_electoral_votes_beside_an_electoral_votes_chart(qapp, tmp_path, capsys, shared_real) -> None:
    expected = Counter()
    for state, leader in _medsl_leaders(shared_real / MEDSL, "2016").items():
        expected[leader] += EV_2016[state]
    out = tmp_path / "president.svg"
    assert main(["export", str(shared_real / MEDSL), "--where", "year=2016", "-o", str(out), "--with-data"]) == 0
    capsys.readouterr()
    rows = _rows(out.with_suffix(".csv"))
    assert {row["candidate"]: int(row["electoral_votes"]) for row in rows if int(row["electoral_votes"])} == dict(expected)
    assert sum(int(row["electoral_votes"]) for row in rows) == 538
    votes: Counter[str] = Counter()
    with open(shared_real / MEDSL, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["year"] == "2016" and row["candidate"] not in ("", "NA", "OTHER"):
                votes[row["candidate"]] += int(row["candidatevotes"])
    by_name = {row["candidate"]: int(row["votes"]) for row in rows}
    assert by_name["TRUMP, DONALD J."] == votes["TRUMP, DONALD J."]
    assert by_name["CLINTON, HILLARY"] == votes["CLINTON, HILLARY"]


def test_a_votes_chart_keeps_its_rows_of_votes(qapp, tmp_path, capsys) -> None:
    out = tmp_path / "votes.png"
    assert main(["export", str(DEFAULT), "-o", str(out), "--with-data"]) == 0
    rows = _rows(out.with_suffix(".csv"))
    assert list(rows[0]) == ["group", "candidate", "votes", "share", "share_base", "votes_are"]
