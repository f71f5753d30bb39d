"""--group-by-party and --merge where they mean nothing: refused, naming the file and why,
never a count by another rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from resultsviewer.commands import main
from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.core.formats import native, read_contest
from resultsviewer.core.parties import party_grouping_refusal

ROOT = Path(__file__).resolve().parents[2]
KANSAS = ROOT / "tests" / "data" / "rcv" / "clear_ballot_kansas_primary" / "clear_ballot_kansas_primary_config.json"


def test_a_contest_decided_in_rounds_is_not_counted_by_party(capsys, tmp_path: Path) -> None:
    for command in (["tally"], ["export", "-o", str(tmp_path / "chart.png")]):
        code = main([*command, str(KANSAS), "--group-by-party"])
        _, err = capsys.readouterr()
        assert code == 1
        assert f"{KANSAS}: --group-by-party does not apply" in err
        assert "instant runoff" in err and "final round decides" in err
    assert not (tmp_path / "chart.png").exists()


def test_a_merge_is_refused_on_a_contest_decided_in_rounds(capsys) -> None:
    contest = read_contest(KANSAS)
    first, second = contest.candidates[0].name, contest.candidates[1].name
    code = main(["tally", str(KANSAS), "--merge", f"{first}={second}"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert f"{KANSAS}: --merge '{first}={second}' is refused" in err
    assert "ballots file is the source" in err  # its rounds are computed from the ballots


def test_one_party_s_leadership_election_is_not_counted_by_party(capsys) -> None:
    # The 2016 Labour leadership election: both candidates Labour. By party it would say
    # "Labour wins with 100.0%", true of no election.
    code = main(["tally", "--group-by-party"])
    out, err = capsys.readouterr()
    assert code == 1 and "100.0%" not in out
    assert "the default contest: --group-by-party does not apply: every candidate stands for Labour" in err


def test_parties_of_several_candidates_are_still_counted(capsys, tmp_path: Path) -> None:
    contest = Contest(
        "Council", [Candidate("Ann", "Red"), Candidate("Bob", "Blue"), Candidate("Cy", "Red")],
        [Category("North"), Category("South")], [[6, 5, 0], [3, 5, 4]],
    )
    assert party_grouping_refusal(contest) is None
    path = tmp_path / "council.json"
    path.write_bytes(native.dumps(contest))
    code = main(["tally", str(path), "--group-by-party", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert '"name": "Red"' in out and '"votes": 13' in out  # 6 + 0 + 3 + 4, by hand


@pytest.mark.parametrize("parties", [("Red", "red "), ("Labour", "LABOUR")])
def test_one_party_however_written(parties: tuple[str, str]) -> None:
    contest = Contest("Leader", [Candidate("Ann", parties[0]), Candidate("Bob", parties[1])], [Category("All")], [[3, 2]])
    refused = party_grouping_refusal(contest)
    assert refused is not None and "every candidate stands for" in refused
