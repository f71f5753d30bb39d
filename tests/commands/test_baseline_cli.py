"""``tally --baseline`` and ``export --baseline``: the change since the contest before.

Expected figures are computed here from the files with json and csv alone.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from resultsviewer.commands import main
from resultsviewer.core.contest import Candidate, Category, Contest, Method
from resultsviewer.core.formats import native

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "resources" / "labour-leadership-2016.results.json"
EXAMPLE_2015 = ROOT / "resources" / "examples" / "labour-leadership-2015.results.json"


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _totals(path: Path) -> Counter[str]:
    totals: Counter[str] = Counter()
    for category in json.loads(path.read_text(encoding="utf-8"))["categories"]:
        totals.update(category["counts"])
    return totals


def test_tally_json_with_a_baseline(capsys) -> None:
    code, out, err = run(capsys, "tally", "--baseline", EXAMPLE_2015, "--json")
    assert code == 0, err
    document = json.loads(out)
    then, now = _totals(EXAMPLE_2015), _totals(DEFAULT)
    corbyn = next(c for c in document["candidates"] if c["name"] == "Jeremy Corbyn")
    assert corbyn["baseline_votes"] == then["Jeremy Corbyn"]
    assert corbyn["baseline_share"] == pytest.approx(then["Jeremy Corbyn"] / sum(then.values()))
    expected = (now["Jeremy Corbyn"] / sum(now.values()) - then["Jeremy Corbyn"] / sum(then.values())) * 100
    assert corbyn["share_change_points"] == pytest.approx(expected)
    assert round(corbyn["share_change_points"], 1) == 2.4
    smith = next(c for c in document["candidates"] if c["name"] == "Owen Smith")
    assert smith["baseline_votes"] is None and smith["share_change_points"] is None
    assert document["swing"] is None  # one candidate in both: no pair to swing between
    assert document["unmatched"]["candidates"] == {
        "current": ["Owen Smith"], "baseline": ["Andy Burnham", "Yvette Cooper", "Liz Kendall"],
    }
    assert "seats" not in corbyn  # only with --seats


def test_tally_text_with_a_baseline_says_it_in_words(capsys) -> None:
    code, out, _ = run(capsys, "tally", "--baseline", EXAMPLE_2015)
    assert code == 0
    assert "Change since Labour Party leadership election 2015 (first round) (the baseline)" in out
    assert "changes in percentage points" in out
    corbyn_line = next(line for line in out.splitlines() if line.startswith("Jeremy Corbyn") and "+2.4" in line)
    assert "59.5%" in corbyn_line and "61.8%" in corbyn_line and "%" not in corbyn_line.split()[-1]
    assert "Unmatched candidates of the baseline (3): Andy Burnham, Yvette Cooper, Liz Kendall" in out
    assert "Turnout change: unknown (the baseline has no electorate)" in out  # 2015's example has none


def _write(tmp_path: Path, name: str, contest: Contest) -> Path:
    path = tmp_path / name
    path.write_bytes(native.dumps(contest))
    return path


def test_bad_baselines_are_one_clear_line_and_exit_1(capsys, tmp_path) -> None:
    broken = tmp_path / "broken.results.json"
    broken.write_text("{ not json", encoding="utf-8")
    code, out, err = run(capsys, "tally", "--baseline", broken)
    assert code == 1 and out == ""
    assert "broken.results.json" in err and "baseline cannot be read" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "tally", "--baseline", tmp_path / "missing.csv")
    assert code == 1 and "missing.csv" in err
    strangers = _write(tmp_path, "strangers.results.json", Contest("Strangers", [Candidate("A"), Candidate("B")], [Category("X")], [[1, 2]]))
    code, _, err = run(capsys, "tally", "--baseline", strangers)
    assert code == 1 and "nothing in common" in err
    college = _write(
        tmp_path, "college.results.json",
        Contest("College", [Candidate("Jeremy Corbyn"), Candidate("Owen Smith")], [Category("Members")], [[3, 2]],
                method=Method.ELECTORAL_COLLEGE),
    )
    code, _, err = run(capsys, "tally", "--baseline", college)
    assert code == 1 and "different methods" in err
    # Both counted by one method the user names: compared.
    code, _, err = run(capsys, "tally", "--baseline", college, "--method", "sum")
    assert code == 0, err
    code, _, err = run(capsys, "tally", "--seats")
    assert code == 1 and "--seats needs --baseline" in err
    code, _, err = run(capsys, "tally", "--baseline", EXAMPLE_2015, "--alias", "nonsense")
    assert code == 1 and "NAME=PARTY" in err


def test_export_baseline_draws_the_change_chart(qapp, tmp_path, capsys) -> None:
    out = tmp_path / "change.svg"
    code = main(["export", str(DEFAULT), "--baseline", str(EXAMPLE_2015), "-o", str(out), "--with-data"])
    assert code == 0, capsys.readouterr().err
    root = ET.parse(out).getroot()
    texts = {"".join(element.itertext()).strip() for element in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Jeremy Corbyn", "+2.4", "59.5% → 61.8%", "0"} <= texts
    assert not any(text.endswith("%") and text.startswith("+") for text in texts)  # points, never "%"
    joined = " ".join(texts)
    assert "Baseline:" in joined and "Not in the baseline: Owen Smith" in joined
    desc = root.find("{http://www.w3.org/2000/svg}desc").text
    assert "Jeremy Corbyn +2.4 points (59.5% to 61.8%)" in desc
    with open(out.with_suffix(".csv"), newline="", encoding="utf-8") as stream:
        rows = {row["candidate"]: row for row in csv.DictReader(stream)}
    then, now = _totals(EXAMPLE_2015), _totals(DEFAULT)
    assert int(rows["Jeremy Corbyn"]["baseline_votes"]) == then["Jeremy Corbyn"]
    assert int(rows["Jeremy Corbyn"]["votes"]) == now["Jeremy Corbyn"]
    assert rows["Andy Burnham"]["votes"] == "" and rows["Owen Smith"]["baseline_votes"] == ""


def test_export_with_a_bad_baseline_writes_nothing(qapp, tmp_path, capsys) -> None:
    out = tmp_path / "change.png"
    code = main(["export", str(DEFAULT), "--baseline", str(tmp_path / "missing.json"), "-o", str(out)])
    assert code == 1 and not out.exists()
    assert "missing.json" in capsys.readouterr().err


def test_commons_2019_against_2017_on_the_command_line(capsys, shared_real) -> None:
    folder = shared_real / "uk_general"
    new, old = folder / "HoC-GE2019-results-by-candidate.csv", folder / "HoC-GE2017-constituency-results.csv"
    code, out, err = run(capsys, "tally", new, "--baseline", old, "--seats", "--json")
    assert code == 0, err
    document = json.loads(out)
    by_name = {c["name"]: c for c in document["candidates"]}
    con, lab = by_name["Conservative"], by_name["Labour"]
    assert (con["seats"], con["baseline_seats"], con["seats_change"], con["gains"], con["losses"]) == (365, 317, 48, 58, 10)
    assert (lab["seats"], lab["seats_change"], lab["gains"], lab["losses"]) == (202, -60, 1, 61)
    assert by_name["Labour and Co-operative"]["counted_as"] == "Labour"
    assert document["swing"]["from"] == "Labour" and document["swing"]["to"] == "Conservative"
    assert round(document["swing"]["points"], 1) == 4.6
    assert document["unmatched"]["categories"] == {"current": [], "baseline": []}
    assert document["comparison"]["matched_by"]["categories"] == "code"
    with open(old, newline="", encoding="utf-8-sig") as stream:
        lab_2017 = sum(int(row["lab"]) for row in csv.DictReader(stream))
    assert lab["baseline_votes"] == lab_2017
    assert document["comparison"]["declared_changes"]["discrepancies"] == []
    code, out, _ = run(capsys, "tally", new, "--baseline", old, "--seats")
    assert "Swing: 4.6 points from Labour to Conservative" in out
    assert "Bolsover: Conservative gain from Labour" in out
    assert "Counted as Labour: Labour, Labour and Co-operative, Labour (baseline)" in out


def test_declared_changes_are_not_called_checked_without_a_baseline(capsys, tmp_path, default_contest) -> None:
    from resultsviewer.core.contest import DeclaredChange

    default_contest.declared.share_changes[("Members", "Jeremy Corbyn")] = DeclaredChange("5.0", "points")
    path = _write(tmp_path, "with-changes.results.json", default_contest)
    code, out, _ = run(capsys, "tally", path)
    assert code == 0
    assert "1 declared changes in share since the election before are not checked" in out
    code, out, _ = run(capsys, "tally", path, "--baseline", EXAMPLE_2015)
    assert "not checked" not in out
    # Members: 168,216/285,176 - 121,751/245,520 is +9.4 points, not the +5.0 declared.
    assert "Declared changes in share: 1 checked, 1 disagree with the counts:" in out
    assert "Declared change in share for Jeremy Corbyn in Members is +5.00 points, computed +9.40 points" in out


def test_export_marks_draws_the_chart_with_the_baseline_marked(qapp, tmp_path, capsys) -> None:
    out = tmp_path / "marks.svg"
    code = main(["export", str(DEFAULT), "--baseline", str(EXAMPLE_2015), "--marks", "--mode", "share", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    root = ET.parse(out).getroot()
    texts = " ".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "61.8%" in texts and "Line across a bar: Labour Party leadership election 2015" in texts
    assert "Baseline:" in texts
    desc = root.find("{http://www.w3.org/2000/svg}desc").text
    assert "Jeremy Corbyn +2.4 points (59.5% to 61.8%)" in desc
    code = main(["export", str(DEFAULT), "--marks", "-o", str(tmp_path / "x.png")])
    assert code == 1 and "--marks needs --baseline" in capsys.readouterr().err


def test_withheld_counts_are_marked_in_the_change(capsys, tmp_path) -> None:
    now = Contest("Now", [Candidate("X"), Candidate("Y")], [Category("A"), Category("B")], [[None, 7], [4, 8]])
    then = Contest("Then", [Candidate("X"), Candidate("Y")], [Category("A"), Category("B")], [[10, 5], [3, 9]])
    new, old = _write(tmp_path, "now.results.json", now), _write(tmp_path, "then.results.json", then)
    code, out, _ = run(capsys, "tally", new, "--baseline", old)
    assert code == 0
    assert "X *" in out and "* has withheld counts" in out and "of the known counts only" in out
    code, out, _ = run(capsys, "tally", new, "--baseline", old, "--json")
    by_name = {c["name"]: c for c in json.loads(out)["candidates"]}
    assert by_name["X"]["incomplete"] is True and by_name["Y"]["incomplete"] is False


def test_one_file_of_many_years_compared_with_itself(capsys, tmp_path) -> None:
    table = tmp_path / "years.csv"
    table.write_text(
        "year,state,candidate,votes\n"
        "2016,Ohio,Red,60\n2016,Ohio,Blue,40\n2016,Utah,Red,70\n2016,Utah,Blue,30\n"
        "2020,Ohio,Red,45\n2020,Ohio,Blue,55\n2020,Utah,Red,65\n2020,Utah,Blue,35\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "tally", table, "--where", "year=2020", "--category-column", "state", "--candidate-column", "candidate",
        "--votes-column", "votes", "--baseline", table, "--baseline-where", "year=2016", "--seats", "--json",
    )
    assert code == 0, err
    document = json.loads(out)
    blue = next(c for c in document["candidates"] if c["name"] == "Blue")
    # Blue: 70/200 in 2016, 90/200 in 2020.
    assert blue["share_change_points"] == pytest.approx(10.0)
    assert (blue["seats"], blue["gains"], blue["baseline_seats"]) == (1, 1, 0)
    assert document["comparison"]["categories"][0]["result"] == "Blue gain from Red"
    code, _, err = run(capsys, "tally", table, "--baseline-where", "year=2016")
    assert code == 1 and "--baseline-where needs --baseline" in err


def test_categories_matched_by_a_code_column_whatever_their_names(capsys, tmp_path) -> None:
    new = tmp_path / "new.csv"
    new.write_text("ward,code,Red,Blue\nNorth & East,E1,40,60\nSouth,E2,70,30\n", encoding="utf-8")
    old = tmp_path / "old.csv"
    old.write_text(
        "ward,code,party,votes\nNorth and East Ward,E1,Red,55\nNorth and East Ward,E1,Blue,45\n"
        "Southern,E2,Red,65\nSouthern,E2,Blue,35\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "tally", new, "--category-column", "ward", "--candidate-columns", "Red,Blue", "--code-column", "code",
        "--baseline", old, "--baseline-code-column", "code", "--seats", "--json",
    )
    assert code == 0, err
    comparison = json.loads(out)["comparison"]
    assert comparison["matched_by"]["categories"] == "code"
    assert [(c["name"], c["baseline_name"], c["result"]) for c in comparison["categories"]] == [
        ("North & East", "North and East Ward", "Blue gain from Red"), ("South", "Southern", "Red hold"),
    ]
    # Without the codes, the names differ and nothing is matched: listed, not dropped.
    code, out, _ = run(capsys, "tally", new, "--category-column", "ward", "--candidate-columns", "Red,Blue",
                       "--baseline", old, "--json")
    assert json.loads(out)["unmatched"]["categories"]["baseline"] == ["North and East Ward", "Southern"]


def test_a_category_with_two_codes_keeps_none(capsys, tmp_path) -> None:
    from resultsviewer.core.formats import import_contest
    from resultsviewer.core.formats.delimited import ImportOptions

    table = tmp_path / "long.csv"
    table.write_text("ward,code,party,votes\nA,E1,Red,5\nA,E9,Blue,4\nB,E2,Red,1\n", encoding="utf-8")
    result = import_contest(table, ImportOptions(category_column="ward", candidate_column="party", votes_column="votes",
                                                 code_column="code"))
    assert [c.code for c in result.contest.categories] == [None, "E2"]
    assert any("two codes" in note and "A" in note for note in result.notes)
    code, _, err = run(capsys, "tally", EXAMPLE_2015, "--code-column", "code")
    # Native JSON has its codes in the file: a code column given for it is refused, not passed over.
    assert code == 1 and "--code-column is not read in a Results Viewer contest file" in err


def test_commons_by_the_seats_method_with_labour_and_cooperative_merged(capsys, shared_real) -> None:
    folder = shared_real / "uk_general"
    new, old = folder / "HoC-GE2019-results-by-candidate.csv", folder / "HoC-GE2017-constituency-results.csv"
    code, out, err = run(
        capsys, "tally", new, "--baseline", old, "--method", "seats", "--merge", "Labour and Co-operative=Labour", "--json"
    )
    assert code == 0, err
    by_name = {c["name"]: c for c in json.loads(out)["candidates"]}
    con, lab = by_name["Conservative"], by_name["Labour"]
    # The method's own seats and the comparison's agree.
    assert (con["seats"], con["seats_change"], con["gains"], con["losses"]) == (365, 48, 58, 10)
    assert (lab["seats"], lab["seats_change"], lab["gains"], lab["losses"]) == (202, -60, 1, 61)
    assert "counted_as" not in lab  # merged in the contest, not by the alias table


def test_rounds_are_not_compared(capsys, shared_real) -> None:
    config = next((shared_real / "rcv" / "2015_portland_mayor").glob("*config*.json"), None)
    if config is None:
        pytest.skip("no Portland configuration in ../shared")
    code, _, err = run(capsys, "tally", config, "--baseline", EXAMPLE_2015)
    assert code == 1 and "does not compare contests decided in rounds" in err
