"""The native format's rounds (version 2): saved and read back whole, valid by the schema;
version-1 files still open and contests without rounds are still written as version 1."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import import_contest, native, read_contest, write_contest
from resultsviewer.core.rounds import FIRST_ROUND_CATEGORY, InactiveKind

ROOT = Path(__file__).resolve().parents[3]
PORTLAND = ROOT / "tests" / "data" / "rcv" / "2015_portland_mayor"
SCHEMA = json.loads((ROOT / "resources" / "contest.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def portland():
    return import_contest(PORTLAND / "2015_portland_mayor_config.json").contest


def test_a_configuration_opens_as_a_contest_of_its_first_round(portland) -> None:
    assert portland.title == "Portland 2015 Mayoral Race"
    assert [c.name for c in portland.categories] == [FIRST_ROUND_CATEGORY]
    # RCTab's round 1: Mavodones 13, Carmona 12.
    assert portland.count(0, portland.candidate_index("Mavodones, Nicholas M. Jr.")) == 13
    assert portland.count(0, portland.candidate_index("Carmona, Ralph C.")) == 12
    assert portland.rounds.derived
    assert portland.rounds.winners == ("Mavodones, Nicholas M. Jr.",)


def test_rounds_survive_save_and_open(portland, tmp_path: Path) -> None:
    path = tmp_path / "portland.results.json"
    write_contest(portland, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 2
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    reopened = read_contest(path)
    assert reopened.rounds == portland.rounds
    assert reopened.rounds.round(8).inactive[InactiveKind.SKIPPED_RANKINGS] == Decimal(1)


def test_a_contest_without_rounds_is_still_written_as_version_1(default_contest) -> None:
    assert json.loads(native.dumps(default_contest))["version"] == 1


def test_a_report_opens_too() -> None:
    contest = read_contest(PORTLAND / "2015_portland_mayor_expected_detailed_report.json")
    assert contest.rounds is not None and not contest.rounds.derived
    assert len(contest.rounds.rounds) == 14


def test_broken_rounds_name_their_json_path(portland) -> None:
    document = json.loads(native.dumps(portland))
    document["rounds"]["rounds"][2]["tally"]["Carmona, Ralph C."] = -3
    with pytest.raises(LoadError) as caught:
        native.loads(json.dumps(document).encode(), "bad.results.json")
    assert caught.value.place == "$.rounds.rounds[2].tally.Carmona, Ralph C."
    document = json.loads(native.dumps(portland))
    document["rounds"]["rounds"][0]["eliminated"] = ["Nobody"]
    with pytest.raises(LoadError, match="'Nobody' is not counted in this round"):
        native.loads(json.dumps(document).encode(), "bad.results.json")
