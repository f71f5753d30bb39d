"""``resultsviewer tally``, ``check``, ``convert`` and ``--version`` on our own formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from resultsviewer import __version__
from resultsviewer.commands import main
from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.core.formats import native, read_contest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "resources" / "labour-leadership-2016.results.json"


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_tally_text_of_the_default(capsys) -> None:
    code, out, err = run(capsys, "tally")
    assert code == 0 and err == ""
    assert out.startswith("Labour Party leadership election 2016 (2016-09-24, final)")
    assert "Jeremy Corbyn" in out and "313,209" in out and "61.8%" in out
    assert "Owen Smith" in out and "193,229" in out and "38.2%" in out
    assert "Total valid votes" in out and "506,438" in out
    assert "Jeremy Corbyn wins with 61.8%, margin 119,980 votes (23.7 points)" in out
    assert "Turnout: 79.1% (506,438 ballots of an electorate of 640,500)" in out
    assert "The declared figures agree with the counts." in out


def test_tally_json_keys(capsys) -> None:
    code, out, _ = run(capsys, "tally", DEFAULT, "--json")
    assert code == 0
    data = json.loads(out)
    assert [(c["name"], c["votes"]) for c in data["candidates"]] == [("Jeremy Corbyn", 313209), ("Owen Smith", 193229)]
    assert all(set(c) >= {"name", "votes", "share"} for c in data["candidates"])
    assert data["candidates"][0]["share"] == pytest.approx(313209 / 506438)
    assert sum(c["share"] for c in data["candidates"]) == pytest.approx(1.0)
    assert data["total_votes"] == 506438
    assert data["winner"] == "Jeremy Corbyn"
    assert data["discrepancies"] == []


def test_tally_json_tie_and_discrepancy(capsys, tmp_path: Path) -> None:
    contest = Contest("Tied", [Candidate("A"), Candidate("B")], [Category("X")], [[5, 5]])
    contest.declared.candidate_totals["A"] = 6
    path = tmp_path / "tied.results.json"
    path.write_bytes(native.dumps(contest))
    code, out, _ = run(capsys, "tally", path, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["winner"] is None and data["tie"] is True
    (found,) = data["discrepancies"]
    assert (found["name"], found["declared"], found["computed"], found["difference"]) == ("A", 6, 5, 1)
    code, out, _ = run(capsys, "tally", path)
    assert "Tie between A and B" in out and "Declared total for A is 6, computed 5 (difference +1)" in out


def test_tally_electoral_college(capsys) -> None:
    code, out, _ = run(capsys, "tally", "--method", "electoral-college", "--json")
    assert code == 0
    data = json.loads(out)
    # Corbyn's share in each section, weighted equally
    college = (168216 / 285176 + 84918 / 121517 + 60075 / 99745) / 3
    # The old name still works; the method is now called "sections".
    assert data["method"] == "sections"
    assert data["candidates"][0]["share"] == pytest.approx(college)
    assert data["candidates"][0]["votes"] == 313209
    code, out, _ = run(capsys, "tally", "--method", "electoral-college")
    assert "Weighted share" in out and "63.0%" in out and "weighted across categories" in out


def test_tally_bad_method_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["tally", "--method", "av"])
    assert caught.value.code == 2
    assert "invalid choice: 'av'" in capsys.readouterr().err


def test_check_ok(capsys) -> None:
    code, out, err = run(capsys, "check", DEFAULT)
    assert code == 0 and err == ""
    assert out.strip() == f"{DEFAULT}: OK: 3 categories x 2 candidates, 506,438 valid votes"


def test_check_counts_one_of_each_in_the_singular(capsys, tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("category,Ann Able\nEverywhere,1200\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert out.strip() == f"{path}: OK: 1 category x 1 candidate, 1,200 valid votes"


def test_check_warns_on_stderr_and_exits_0(capsys, tmp_path: Path) -> None:
    document = json.loads(DEFAULT.read_text(encoding="utf-8"))
    document["declared"]["candidates"]["Jeremy Corbyn"]["votes"] = 313290
    path = tmp_path / "typo.results.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run(capsys, "check", path)
    assert code == 0 and "OK" in out
    assert err.strip() == (
        f"warning: {path}: Declared total for Jeremy Corbyn is 313,290, computed 313,209 (difference +81)"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b'{"format": "resultsviewer-contest", "version": 1, "candidates": [{"name": "A"}, {"name": "a"}], '
         b'"categories": []}', "$.candidates[1].name: duplicate candidate name 'a'"),
        (b"category,A\nX,-1\n", "line 2, column 2 (A): a count cannot be negative ('-1')"),
    ],
)
def test_check_fails_with_the_message_on_stderr(capsys, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / ("bad.csv" if content.startswith(b"category") else "bad.results.json")
    path.write_bytes(content)
    code, out, err = run(capsys, "check", path)
    assert code == 1 and out == ""
    assert err.startswith(f"resultsviewer: {path}") and expected in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_check_missing_file(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", tmp_path / "nope.results.json")
    assert code == 1 and "no such file" in err


def test_convert_json_to_csv_and_back_keeps_the_numbers(capsys, tmp_path: Path) -> None:
    csv_path = tmp_path / "labour.csv"
    code, out, _ = run(capsys, "convert", DEFAULT, csv_path, "--allow-loss")
    assert code == 0 and out.strip() == f"wrote {csv_path} (Spreadsheet CSV)"
    assert csv_path.read_text(encoding="utf-8").splitlines()[-1] == "Total,313209,193229"
    json_path = tmp_path / "again.results.json"
    code, out, _ = run(capsys, "convert", csv_path, json_path)
    assert code == 0 and "Results Viewer contest" in out
    original, again = read_contest(DEFAULT), read_contest(json_path)
    assert [c.name for c in again.candidates] == [c.name for c in original.candidates]
    assert [c.name for c in again.categories] == [c.name for c in original.categories]
    assert [again.row(i) for i in range(3)] == [original.row(i) for i in range(3)]
    assert again.declared.candidate_totals == original.declared.candidate_totals
    code, out, _ = run(capsys, "tally", json_path, "--json")
    assert json.loads(out)["total_votes"] == 506438


def test_convert_bad_input_leaves_no_output(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("category,A\nX,1.5\n", encoding="utf-8")
    out_path = tmp_path / "out.results.json"
    code, _, err = run(capsys, "convert", bad, out_path)
    assert code == 1 and "'1.5' is not a whole number of votes" in err
    assert not out_path.exists()


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"resultsviewer {__version__}"


def test_the_installed_entry_point() -> None:
    script = Path(sys.executable).parent / "resultsviewer"
    if not script.exists():
        pytest.skip("no resultsviewer script beside this Python (not installed with pip)")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"resultsviewer {__version__}"
    done = subprocess.run([str(script), "tally", "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout)["winner"] == "Jeremy Corbyn"


def test_convert_to_csv_lists_what_it_would_leave_out_and_refuses(capsys, tmp_path: Path) -> None:
    csv_path = tmp_path / "labour.csv"
    code, _, err = run(capsys, "convert", DEFAULT, csv_path)
    assert code == 1 and not csv_path.exists()
    for lost in (
        "the title “Labour Party leadership election 2016”", "the date (2016-09-24)", "the status (final)",
        "the source", "the electorate (640,500), and with it the turnout", "the declared shares of 2 candidates",
    ):
        assert lost in err
    assert "--allow-loss" in err
    code, _, err = run(capsys, "convert", DEFAULT, csv_path, "--allow-loss")
    assert code == 0 and csv_path.exists() and "the date (2016-09-24)" in err


def test_convert_csv_to_csv_loses_nothing(capsys, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    run(capsys, "convert", DEFAULT, first, "--allow-loss")
    code, out, err = run(capsys, "convert", first, tmp_path / "second.csv")
    assert code == 0 and err == ""


def test_convert_to_an_extension_that_names_no_format_is_refused(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "convert", DEFAULT, tmp_path / "out.txt")
    assert code == 1 and not (tmp_path / "out.txt").exists()
    assert "names no format" in err and ".results.json" in err and ".csv (Spreadsheet CSV)" in err


def test_convert_of_a_contest_in_rounds_to_csv_says_the_rounds_would_be_lost(capsys, tmp_path: Path) -> None:
    report = ROOT / "tests" / "data" / "rcv" / "2015_portland_mayor" / "2015_portland_mayor_expected_detailed_report.json"
    code, _, err = run(capsys, "convert", report, tmp_path / "portland.csv")
    assert code == 1 and "the 14 rounds of the count (only the first round's counts are kept)" in err
    assert "the status" not in err  # an RCTab report does not say how final it is: unknown, nothing to lose


def test_tally_text_says_why_a_category_table_has_no_candidate_columns(capsys, tmp_path: Path) -> None:
    names = [f"C{i}" for i in range(9)]
    path = tmp_path / "nine.csv"
    path.write_text("category," + ",".join(names) + "\nNorth," + ",".join("1" * 9) + "\n", encoding="utf-8")
    assert main(["tally", str(path)]) == 0
    out = capsys.readouterr().out
    assert "9 candidates are too many for columns here" in out
    converted = tmp_path / "counts.csv"
    assert main(["convert", str(path), str(converted)]) == 0  # what the line offers: every count
    assert converted.read_text(encoding="utf-8").splitlines()[1].startswith("North,1,1,1,1,1,1,1,1,1")
