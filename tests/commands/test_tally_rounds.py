"""``resultsviewer tally`` on contests decided in rounds: RCTab configurations and
reports, ballots CSVs. Expected figures come from RCTab's report, read with json."""

from __future__ import annotations

import json
from pathlib import Path

from resultsviewer.commands import main

ROOT = Path(__file__).resolve().parents[2]
KANSAS = ROOT / "tests" / "data" / "rcv" / "clear_ballot_kansas_primary"
PORTLAND = ROOT / "tests" / "data" / "rcv" / "2015_portland_mayor"


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_tally_json_of_a_configuration_matches_rctab(capsys) -> None:
    code, out, err = run(capsys, "tally", KANSAS / "clear_ballot_kansas_primary_config.json", "--json")
    assert code == 0, err
    data = json.loads(out)
    report = json.loads((KANSAS / "clear_ballot_kansas_primary_expected_detailed_report.json").read_text(encoding="utf-8"))
    assert data["winner"] == "Amy Klobuchar"
    assert [r["round"] for r in data["rounds"]] == [r["round"] for r in report["results"]]
    for ours, theirs in zip(data["rounds"], report["results"]):
        assert set(ours) >= {"round", "tally", "eliminated", "elected", "exhausted"}
        assert ours["tally"] == {name: int(votes) for name, votes in theirs["tally"].items()}
        assert ours["exhausted"] == sum(int(v) for v in theirs["inactiveBallots"].values())
        assert set(ours["eliminated"]) == {r["eliminated"] for r in theirs["tallyResults"] if "eliminated" in r}
        assert ours["elected"] == [r["elected"] for r in theirs["tallyResults"] if "elected" in r]


def test_tally_text_of_a_report_lists_every_round(capsys) -> None:
    code, out, _ = run(capsys, "tally", PORTLAND / "2015_portland_mayor_expected_detailed_report.csv")
    assert code == 0
    assert out.startswith("Portland 2015 Mayoral Race (instant runoff, 14 rounds)")
    assert "R14" in out and "Threshold" in out
    assert "Round 2: Rathband, Jed eliminated with 2 (tie broken by the rules)" in out
    assert out.rstrip().endswith("Mavodones, Nicholas M. Jr. won in round 14 of 14 with 54 votes, "
                                 "57.45% of the 94 ballots still counting, reaching the threshold of 48.")


def test_tally_of_a_ballots_csv(capsys, tmp_path: Path) -> None:
    path = tmp_path / "club.csv"
    rows = ["Ann,"] * 4 + ["Bo,"] * 3 + ["Cy,Bo"] * 2 + ["Dee,Bo"]
    path.write_text("Rank 1,Rank 2\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "tally", path, "--json")
    assert code == 0, err
    data = json.loads(out)
    # Counted by hand: 10 ballots, threshold 6. Dee (1) goes to Bo, then Cy (2) goes to Bo.
    assert [r["tally"] for r in data["rounds"]] == [
        {"Ann": 4, "Bo": 3, "Cy": 2, "Dee": 1},
        {"Ann": 4, "Bo": 4, "Cy": 2},
        {"Ann": 4, "Bo": 6},
    ]
    assert [r["eliminated"] for r in data["rounds"]] == [["Dee"], ["Cy"], []]
    assert data["winner"] == "Bo"
    assert data["derived"] is True


def test_tally_refuses_an_unbreakable_tie_naming_the_rule(capsys, tmp_path: Path) -> None:
    path = tmp_path / "club.csv"
    path.write_text("Rank 1,Rank 2\nAnn,Bo\nBo,Ann\nCy,Bo\n", encoding="utf-8")
    code, out, err = run(capsys, "tally", path)
    assert code == 1 and out == ""
    assert "club.csv: in round 1, Ann, Bo, Cy are tied with 1 votes each" in err
    assert "a tie-break rule must choose who is to be eliminated and none is given" in err


def test_tally_of_a_configuration_naming_a_missing_file(capsys, tmp_path: Path) -> None:
    config = tmp_path / "contest_config.json"
    document = json.loads((KANSAS / "clear_ballot_kansas_primary_config.json").read_text(encoding="utf-8"))
    document["cvrFileSources"][0]["filePath"] = "missing.csv"
    config.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run(capsys, "tally", config)
    assert code == 1
    assert "contest_config.json, $.cvrFileSources[0].filePath: the cast vote record file 'missing.csv' does not exist" in err
