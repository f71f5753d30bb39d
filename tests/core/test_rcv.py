"""Instant runoff by RCTab's rules, checked against RCTab's own reports and hand counts.

The real elections (../shared/data/real/rcv, and the two small ones copied to
tests/data/rcv) must reproduce RCTab's expected detailed report round by round: every
candidate's votes, the inactive ballots by kind, who was eliminated or elected, the
threshold and the transfers. The expected values are read from RCTab's report with the
json module, not through the reader under test.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats.ballots import read_ballots_csv, tabulate_ballots_csv
from resultsviewer.core.formats.rctab import (
    read_config,
    read_report_csv,
    read_report_json,
    read_rounds,
    tabulate_config,
)
from resultsviewer.core.rcv import (
    EMPTY,
    OVERVOTE,
    BallotTable,
    OvervoteRule,
    Rules,
    TabulationError,
    TiebreakMode,
    UnsupportedRule,
    tabulate,
)
from resultsviewer.core.rounds import EXHAUSTED, UNDECLARED_WRITE_INS, InactiveKind

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "rcv"
SHARED = ROOT.parent.parent / "shared" / "data" / "real" / "rcv"
if not SHARED.is_dir():
    SHARED = ROOT.parent / "shared" / "data" / "real" / "rcv"

LOCAL_CASES = ["2015_portland_mayor", "clear_ballot_kansas_primary"]
SHARED_CASES = ["2013_minneapolis_mayor", "2015_portland_mayor", "clear_ballot_kansas_primary"]


def _expected(report: Path) -> list[dict]:
    """RCTab's rounds, straight from its JSON: numbers as Decimal."""
    document = json.loads(report.read_text(encoding="utf-8"))
    rounds = []
    for entry in document["results"]:
        rounds.append({
            "tally": {name: Decimal(votes) for name, votes in entry["tally"].items()},
            "inactive": {key: Decimal(votes) for key, votes in entry["inactiveBallots"].items()},
            "eliminated": {r["eliminated"] for r in entry["tallyResults"] if "eliminated" in r},
            "elected": {r["elected"] for r in entry["tallyResults"] if "elected" in r},
            "threshold": Decimal(entry["threshold"]),
            "transfers": {
                r.get("eliminated") or r.get("elected"): {k: Decimal(v) for k, v in r["transfers"].items()}
                for r in entry["tallyResults"]
            },
        })
    return rounds


def _assert_reproduces(result, expected: list[dict]) -> None:
    assert len(result.rounds) == len(expected)
    for got, want in zip(result.rounds, expected):
        where = f"round {got.number}"
        assert dict(got.tally) == want["tally"], where
        assert {kind.value: votes for kind, votes in got.inactive.items()} == want["inactive"], where
        assert set(got.eliminated) == want["eliminated"], where
        assert set(got.elected) == want["elected"], where
        assert got.threshold == want["threshold"], where
        for name in got.eliminated:
            assert {k: v for k, v in got.transfers[name].items() if v} == want["transfers"][name], where


def _case_files(folder: Path, case: str) -> tuple[Path, Path, Path]:
    return (
        folder / case / f"{case}_config.json",
        folder / case / f"{case}_expected_detailed_report.json",
        folder / case / f"{case}_expected_detailed_report.csv",
    )


@pytest.mark.parametrize("case", LOCAL_CASES)
def test_small_real_elections_reproduce_rctab_round_by_round(case: str) -> None:
    config, report, _ = _case_files(DATA, case)
    _assert_reproduces(tabulate_config(config), _expected(report))


@pytest.mark.parametrize("case", SHARED_CASES)
def test_shared_real_elections_reproduce_rctab_round_by_round(case: str) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"the shared real data ({SHARED}) is absent")
    config, report, _ = _case_files(SHARED, case)
    result = tabulate_config(config)
    _assert_reproduces(result, _expected(report))
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert result.total_ballots == Decimal(summary["totalNumBallots"])
    assert result.undervotes == Decimal(summary["undervotes"])


def test_minneapolis_facts() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"the shared real data ({SHARED}) is absent")
    result = tabulate_config(SHARED / "2013_minneapolis_mayor" / "2013_minneapolis_mayor_config.json")
    assert len(result.rounds) == 33
    assert result.winners == ("BETSY HODGES",)
    assert result.first.eliminated == (UNDECLARED_WRITE_INS,)  # write-ins go first
    assert len(result.round(31).eliminated) == 2  # a batch elimination
    assert "BETSY HODGES won in round 33 of 33" in result.summary()


@pytest.mark.parametrize("case", LOCAL_CASES)
@pytest.mark.parametrize("kind", ["json", "csv"])
def test_reports_read_with_rctab_rounds(case: str, kind: str) -> None:
    _, report_json, report_csv = _case_files(DATA, case)
    path = report_json if kind == "json" else report_csv
    reader = read_report_json if kind == "json" else read_report_csv
    result = reader(path.read_bytes(), str(path))
    expected = _expected(report_json)
    assert len(result.rounds) == len(expected)
    for got, want in zip(result.rounds, expected):
        assert dict(got.tally) == want["tally"]
        assert {k.value: v for k, v in got.inactive.items()} == want["inactive"]
        assert set(got.eliminated) == want["eliminated"]
        assert got.threshold == want["threshold"]
        if len(got.eliminated) == 1:
            name = got.eliminated[0]
            assert {k: v for k, v in got.transfers[name].items() if v} == want["transfers"][name]


def test_portland_csv_report_marks_the_tie_break_and_keeps_names_with_commas() -> None:
    _, _, report_csv = _case_files(DATA, "2015_portland_mayor")
    result = read_report_csv(report_csv.read_bytes(), str(report_csv))
    assert result.round(2).eliminated == ("Rathband, Jed",)
    assert result.round(2).tie_broken == ("Rathband, Jed",)
    assert result.winners == ("Mavodones, Nicholas M. Jr.",)
    assert result.title == "Portland 2015 Mayoral Race"


def test_read_rounds_recognises_each_kind_of_file() -> None:
    config, report_json, report_csv = _case_files(DATA, "clear_ballot_kansas_primary")
    for path in (config, report_json, report_csv):
        assert read_rounds(path).winners == ("Amy Klobuchar",)
    assert read_rounds(config).derived
    assert not read_rounds(report_json).derived


# -- rules, one at a time, on ballots counted by hand ----------------------------------------------


def _table(ballots: list[tuple[int, tuple]], candidates: tuple[str, ...]) -> BallotTable:
    width = max(len(ranks) for _, ranks in ballots)
    index = {name: i for i, name in enumerate(candidates)}
    rows = []
    for _, ranks in ballots:
        row = []
        for mark in ranks:
            row.append(EMPTY if mark is None else OVERVOTE if mark == "overvote" else index[mark])
        rows.append(row + [EMPTY] * (width - len(row)))
    counts = np.array([count for count, _ in ballots], dtype=np.int64)
    return BallotTable(candidates, np.array(rows, dtype=np.int32), counts, source="hand-made ballots")


def _tallies(result) -> list[dict[str, int]]:
    return [{name: int(votes) for name, votes in r.tally.items()} for r in result.rounds]


ABC = ("A", "B", "C")


def test_lowest_is_eliminated_and_its_ballots_move() -> None:
    # 5 A; 4 B>A; 2 C>B. Round 1: 11 ballots, threshold 6; C out, its 2 go to B: B 6 wins.
    result = tabulate(_table([(5, ("A",)), (4, ("B", "A")), (2, ("C", "B"))], ABC), Rules())
    assert _tallies(result) == [{"A": 5, "B": 4, "C": 2}, {"A": 5, "B": 6}]
    assert result.first.eliminated == ("C",)
    assert result.first.transfers == {"C": {"B": Decimal(2)}}
    assert result.winners == ("B",)
    assert [r.threshold for r in result.rounds] == [Decimal(6), Decimal(6)]


SKIPS = [(3, ("A", None, "B")), (5, ("B",)), (4, ("C",)), (1, (None, "A"))]


def test_max_skipped_ranks_zero_exhausts_at_the_skip() -> None:
    # The (skip, A) ballot is inactive at once; A's three ballots skip a rank to reach B.
    result = tabulate(_table(SKIPS, ABC), Rules(max_skipped_ranks=0))
    assert _tallies(result) == [{"A": 3, "B": 5, "C": 4}, {"B": 5, "C": 4}]
    assert result.first.inactive[InactiveKind.SKIPPED_RANKINGS] == 1
    assert result.final.inactive[InactiveKind.SKIPPED_RANKINGS] == 4
    assert result.first.transfers["A"] == {EXHAUSTED: Decimal(3)}
    assert result.winners == ("B",)


def test_unlimited_skips_and_a_tie_broken_by_candidate_order() -> None:
    # Every ballot counts: A 4, B 5, C 4; A and C tie for last, the later in the order (C) goes.
    rules = Rules(max_skipped_ranks=None, tiebreak_mode=TiebreakMode.USE_CANDIDATE_ORDER)
    result = tabulate(_table(SKIPS, ABC), rules, candidate_order=ABC)
    assert _tallies(result)[0] == {"A": 4, "B": 5, "C": 4}
    assert result.first.eliminated == ("C",)
    assert result.first.tie_broken == ("C",)
    assert result.winners == ("B",)


def test_a_tie_without_a_rule_is_refused_naming_it() -> None:
    with pytest.raises(UnsupportedRule, match="round 1, A, C are tied with 4 votes.*none is given"):
        tabulate(_table(SKIPS, ABC), Rules())


def test_random_tie_break_is_refused_only_when_a_tie_needs_it() -> None:
    rules = Rules(tiebreak_mode=TiebreakMode.RANDOM, random_seed=0)
    assert tabulate(_table([(5, ("A",)), (4, ("B", "A")), (2, ("C", "B"))], ABC), rules).winners == ("B",)
    with pytest.raises(UnsupportedRule, match="random"):
        tabulate(_table(SKIPS, ABC), rules)


OVERVOTES = [(2, ("overvote", "A")), (3, ("A",)), (4, ("B",))]


def test_overvote_exhausts_immediately() -> None:
    result = tabulate(_table(OVERVOTES, ABC), Rules(overvote_rule=OvervoteRule.EXHAUST_IMMEDIATELY))
    assert _tallies(result) == [{"A": 3, "B": 4, "C": 0}]
    assert result.first.inactive[InactiveKind.OVERVOTES] == 2
    assert result.winners == ("B",)  # 4 of 7 ballots counting, threshold 4


def test_overvote_skipped_to_the_next_rank() -> None:
    result = tabulate(_table(OVERVOTES, ABC), Rules(overvote_rule=OvervoteRule.ALWAYS_SKIP_TO_NEXT_RANK))
    assert _tallies(result) == [{"A": 5, "B": 4, "C": 0}]
    assert result.winners == ("A",)


def test_batch_elimination_removes_everyone_who_cannot_catch_up() -> None:
    # A 10, B 6, C 2, D 1, E 1: C+D+E = 4 < 6, so all three go at once.
    names = ("A", "B", "C", "D", "E")
    ballots = [(10, ("A",)), (6, ("B",)), (2, ("C",)), (1, ("D",)), (1, ("E",))]
    result = tabulate(_table(ballots, names), Rules(batch_elimination=True))
    assert set(result.first.eliminated) == {"C", "D", "E"}
    assert _tallies(result)[1] == {"A": 10, "B": 6}
    assert result.final.inactive[InactiveKind.EXHAUSTED_CHOICES] == 4
    assert result.winners == ("A",)
    # Without batch elimination D and E tie for last, and no rule breaks the tie.
    with pytest.raises(UnsupportedRule, match="D, E are tied"):
        tabulate(_table(ballots, names), Rules())


def test_overvote_of_named_candidates_under_exhaust_if_multiple_continuing() -> None:
    # 5 A; 4 B; 1 C; 2 ballots: D first, then C and B marked together at rank 2.
    names = ("A", "B", "C", "D")
    ranks = np.array([[0, EMPTY], [1, EMPTY], [2, EMPTY], [3, -3]], dtype=np.int32)
    table = BallotTable(names, ranks, np.array([5, 4, 1, 2], dtype=np.int64), [frozenset({2, 1})], source="hand-made")
    # C goes first; when D goes, only B of {C, B} continues, so those 2 ballots count for B.
    result = tabulate(table, Rules(overvote_rule=OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING))
    assert _tallies(result) == [{"A": 5, "B": 4, "C": 1, "D": 2}, {"A": 5, "B": 4, "D": 2}, {"A": 5, "B": 6}]
    assert result.winners == ("B",)
    # Exhausted at once instead, they never reach B: A's 5 of 9 win.
    result = tabulate(table, Rules(overvote_rule=OvervoteRule.EXHAUST_IMMEDIATELY))
    assert _tallies(result)[-1] == {"A": 5, "B": 4}
    assert result.final.inactive[InactiveKind.OVERVOTES] == 2
    assert result.winners == ("A",)


PREVIOUS = [(7, ("A",)), (4, ("B",)), (3, ("C",)), (1, ("D", "C"))]


def test_previous_round_counts_break_a_tie() -> None:
    # Round 2: B 4, C 4 tie; in round 1 C had fewer (3), so C goes.
    rules = Rules(tiebreak_mode=TiebreakMode.PREVIOUS_ROUND_COUNTS_THEN_RANDOM)
    result = tabulate(_table(PREVIOUS, ("A", "B", "C", "D")), rules)
    assert _tallies(result)[1] == {"A": 7, "B": 4, "C": 4}
    assert result.round(2).eliminated == ("C",)
    assert _tallies(result)[2] == {"A": 7, "B": 4}


def test_candidate_order_can_break_the_same_tie_the_other_way() -> None:
    rules = Rules(tiebreak_mode=TiebreakMode.USE_CANDIDATE_ORDER)
    result = tabulate(_table(PREVIOUS, ("A", "B", "C", "D")), rules, candidate_order=("A", "C", "B", "D"))
    assert result.round(2).eliminated == ("B",)
    assert _tallies(result)[2] == {"A": 7, "C": 4}


def test_continue_until_two_candidates_remain() -> None:
    result = tabulate(_table([(6, ("A",)), (3, ("B",)), (2, ("C",))], ABC), Rules(continue_until_two_candidates_remain=True))
    assert result.first.elected == ("A",)
    assert _tallies(result) == [{"A": 6, "B": 3, "C": 2}, {"A": 6, "B": 3, "C": 2}, {"A": 6, "B": 3}]
    assert result.round(2).eliminated == ("C",)
    assert result.winners == ("A",)


DUPLICATES = [(5, ("A",)), (4, ("B",)), (2, ("C", "C", "B"))]


def test_repeated_candidate_is_skipped_unless_the_rule_exhausts() -> None:
    assert tabulate(_table(DUPLICATES, ABC), Rules()).winners == ("B",)
    result = tabulate(_table(DUPLICATES, ABC), Rules(exhaust_on_duplicate_candidate=True))
    assert result.final.inactive[InactiveKind.REPEATED_RANKINGS] == 2
    assert result.winners == ("A",)


def test_undeclared_write_ins_go_first_and_block_a_winner() -> None:
    names = ("A", "B", "C", UNDECLARED_WRITE_INS)
    ballots = [(2, (UNDECLARED_WRITE_INS, "B")), (5, ("A",)), (4, ("B",)), (1, ("C",))]
    result = tabulate(_table(ballots, names), Rules())
    assert result.first.eliminated == (UNDECLARED_WRITE_INS,)
    assert _tallies(result)[1] == {"A": 5, "B": 6, "C": 1}
    assert result.round(2).eliminated == ("C",)
    assert result.winners == ("B",)
    assert len(result.rounds) == 3


def test_multi_winner_configuration_is_refused_naming_the_rule() -> None:
    with pytest.raises(UnsupportedRule, match="numberOfWinners 3"):
        Rules.from_config({"winnerElectionMode": "multiWinnerAllowMultipleWinnersPerRound", "numberOfWinners": "3"}, "x.json", 5)


def test_ballots_no_one_ranks_are_undervotes_outside_the_rounds() -> None:
    result = tabulate(_table([(5, ("A",)), (4, ("B",)), (3, (None, None))], ("A", "B")), Rules())
    assert result.undervotes == 3
    assert result.first.active + result.first.exhausted == 9
    assert result.total_ballots == 12


# -- plain ballots CSV ------------------------------------------------------------------------------


def test_ballots_csv_with_a_count_column(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text("id,Rank 1,Rank 2,Count\n1,Ann,Bo,3\n2,Bo,,4\n3,Cy,Bo,2\n4,Ann,Bo,2\n", encoding="utf-8")
    table = read_ballots_csv(path)
    assert table.ballot_count == 11
    result = tabulate_ballots_csv(path)
    # Round 1: Ann 5, Bo 4, Cy 2; Cy's two go to Bo: 6 of 11 wins.
    assert _tallies(result) == [{"Ann": 5, "Bo": 4, "Cy": 2}, {"Ann": 5, "Bo": 6}]
    assert result.winners == ("Bo",)


def test_ballots_csv_rank_column_that_is_not_the_next_rank(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text("Rank 1,Rank 3\nAnn,Bo\n", encoding="utf-8")
    with pytest.raises(LoadError, match="rank 3 where rank 2 was expected") as caught:
        read_ballots_csv(path)
    assert caught.value.place == "line 1, column 2"
    assert "ballots.csv" in str(caught.value)


def test_ballots_csv_number_in_a_rank_column(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text("Rank 1,Rank 2\nAnn,Bo\n3,Ann\n", encoding="utf-8")
    with pytest.raises(LoadError, match="is a number, not a candidate") as caught:
        read_ballots_csv(path)
    assert caught.value.place == "line 3, column 1"


def test_ballots_csv_count_that_is_not_a_whole_number(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text("Rank 1,Rank 2,Count\nAnn,Bo,3\nBo,Ann,-2\n", encoding="utf-8")
    with pytest.raises(LoadError, match="expected a whole number of ballots under 'Count', found '-2'") as caught:
        read_ballots_csv(path)
    assert caught.value.place == "line 3, column 3"


def test_ballots_csv_quoted_names_with_commas(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text('Rank 1,Rank 2\n"Smith, Ann","Jones, Bo"\n"Jones, Bo",\n"Smith, Ann",\n', encoding="utf-8")
    result = tabulate_ballots_csv(path)
    assert _tallies(result) == [{"Smith, Ann": 2, "Jones, Bo": 1}]
    assert result.winners == ("Smith, Ann",)


# -- bad RCTab input --------------------------------------------------------------------------------


def _copy_case(tmp_path: Path, case: str) -> Path:
    target = tmp_path / case
    shutil.copytree(DATA / case, target)
    return target / f"{case}_config.json"


def test_ballot_naming_a_candidate_the_configuration_does_not_know(tmp_path: Path) -> None:
    config = _copy_case(tmp_path, "2015_portland_mayor")
    document = json.loads(config.read_text(encoding="utf-8"))
    document["candidates"] = [c for c in document["candidates"] if c["name"] != "Vail, Christopher L."]
    config.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(LoadError, match="'Vail, Christopher L.' is not a candidate") as caught:
        tabulate_config(config)
    assert caught.value.source.endswith("2015_portland_mayor_cvr.xlsx")
    # The first ballot (row 2) ranks Vail 12th: column O, as the spreadsheet shows it.
    assert caught.value.place == "'Marked Sheet'!O2"


def test_configuration_naming_a_missing_file(tmp_path: Path) -> None:
    config = _copy_case(tmp_path, "clear_ballot_kansas_primary")
    document = json.loads(config.read_text(encoding="utf-8"))
    document["cvrFileSources"][0]["filePath"] = "gone.csv"
    config.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(LoadError, match="'gone.csv' does not exist") as caught:
        read_config(config)
    assert caught.value.place == "$.cvrFileSources[0].filePath"


def test_clear_ballot_mark_that_is_not_0_or_1(tmp_path: Path) -> None:
    config = _copy_case(tmp_path, "clear_ballot_kansas_primary")
    cvr = config.parent / "clear_ballot_kansas_primary.cvr.csv"
    lines = cvr.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[12] = "2"
    lines[3] = ",".join(cells)
    cvr.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match="expected a mark 0 or 1") as caught:
        tabulate_config(config)
    assert caught.value.place == "line 4"


def test_report_whose_rounds_do_not_add_up(tmp_path: Path) -> None:
    _, report, _ = _case_files(DATA, "clear_ballot_kansas_primary")
    document = json.loads(report.read_text(encoding="utf-8"))
    document["results"][1]["tally"]["Amy Klobuchar"] = "22"
    with pytest.raises(LoadError, match="round 2 does not add up: its tally plus inactive ballots is 51") as caught:
        read_report_json(json.dumps(document).encode(), "broken_report.json")
    assert caught.value.place == "$.results[1]"


def test_report_with_a_count_that_is_not_a_number() -> None:
    _, report, _ = _case_files(DATA, "clear_ballot_kansas_primary")
    document = json.loads(report.read_text(encoding="utf-8"))
    document["results"][0]["tally"]["Joe Biden"] = "three"
    with pytest.raises(LoadError, match="expected a number") as caught:
        read_report_json(json.dumps(document).encode(), "broken_report.json")
    assert caught.value.place == '$.results[0].tally["Joe Biden"]'


def test_a_contest_with_rounds_is_decided_by_its_final_round() -> None:
    from resultsviewer.core.formats import read_contest
    from resultsviewer.core.methods import count

    contest = read_contest(DATA / "2015_portland_mayor" / "2015_portland_mayor_config.json")
    outcome = count(contest)
    # First preferences: Mavodones 13 of 98 -- a plurality that decides nothing here.
    assert outcome.winner is not None and outcome.winner.name == "Mavodones, Nicholas M. Jr."
    assert outcome.headline.startswith("Mavodones, Nicholas M. Jr. won in round 14 of 14 with 54 votes")
    assert "the final round decides" in outcome.decided_by
    assert outcome.margin == 14.0  # 54 - 40 in the final round


def test_rank_columns_that_hold_no_rankings_are_refused(tmp_path: Path) -> None:
    config = _copy_case(tmp_path, "2015_portland_mayor")
    document = json.loads(config.read_text(encoding="utf-8"))
    document["cvrFileSources"][0]["firstVoteColumnIndex"] = "40"  # past the last column
    config.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(TabulationError, match=r"no ballot ranks any candidate \(99 ballots read\)"):
        tabulate_config(config)


def test_configuration_naming_a_folder_or_a_device(tmp_path: Path) -> None:
    config = _copy_case(tmp_path, "clear_ballot_kansas_primary")
    document = json.loads(config.read_text(encoding="utf-8"))
    document["cvrFileSources"][0]["filePath"] = "/dev/zero"
    config.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(LoadError, match="is not a regular file") as caught:
        read_config(config)
    assert caught.value.place == "$.cvrFileSources[0].filePath"
