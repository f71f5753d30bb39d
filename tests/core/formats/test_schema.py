"""resources/contest.schema.json describes the native format as native.py reads and writes it.

jsonschema is a test dependency only: the app never validates with it, its reader is the
authority and says what is wrong in its own words. These tests keep the two in step.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import native
from tests.core.strategies import contests

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_PATH = ROOT / "resources" / "contest.schema.json"
BUNDLED = sorted(
    [path for path in (ROOT / "resources").glob("*.json") if path.name != SCHEMA_PATH.name]
    + list((ROOT / "resources" / "examples").glob("*.json"))
)


@functools.cache
def schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def validator() -> jsonschema.Draft202012Validator:
    return schema_validator()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_names_the_format_and_version_the_reader_expects() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["properties"]["format"]["const"] == native.FORMAT_NAME
    assert schema["properties"]["version"]["enum"] == list(native.READABLE_VERSIONS)
    assert native.FORMAT_VERSION == max(native.READABLE_VERSIONS)
    # Every field the reader knows is in the schema, and no other.
    assert set(schema["properties"]) == native._TOP_KEYS
    assert set(schema["$defs"]["candidate"]["properties"]) == native._CANDIDATE_KEYS
    assert set(schema["$defs"]["category"]["properties"]) == native._CATEGORY_KEYS
    assert set(schema["$defs"]["declared"]["properties"]) == native._DECLARED_KEYS


def test_there_are_bundled_files() -> None:
    names = {path.name for path in BUNDLED}
    assert "labour-leadership-2016.results.json" in names
    assert len(BUNDLED) >= 3


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_file_validates(validator, path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    errors = [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []
    native.loads(path.read_bytes(), path.name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contests())
def test_whatever_dumps_writes_validates(contest) -> None:
    validator = schema_validator()
    document = json.loads(native.dumps(contest))
    errors = [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []


def _default_document() -> dict:
    return json.loads((ROOT / "resources" / "labour-leadership-2016.results.json").read_text(encoding="utf-8"))


def _with(change) -> dict:
    document = copy.deepcopy(_default_document())
    change(document)
    return document


def _set(path: list, value: object):
    def change(document: dict) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list):
    def change(document: dict) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


# Each wrong document, with the JSON path the reader names.
WRONG = {
    "another format": (_set(["format"], "geojson"), "$.format"),
    "no format": (_delete(["format"]), "$.format"),
    "newer version": (_set(["version"], 3), "$.version"),
    "version as text": (_set(["version"], "1"), "$.version"),
    # true == 1 in Python: the reader took it for version 1 until this test.
    "version true": (_set(["version"], True), "$.version"),
    "unknown top-level field": (_set(["winner"], "Jeremy Corbyn"), "$.winner"),
    "no candidates": (_delete(["candidates"]), "$.candidates"),
    "candidates not a list": (_set(["candidates"], {"Jeremy Corbyn": {}}), "$.candidates"),
    "empty candidate name": (_set(["candidates", 0, "name"], "  "), "$.candidates[0].name"),
    "candidate name a number": (_set(["candidates", 0, "name"], 7), "$.candidates[0].name"),
    "candidate name with a control character": (_set(["candidates", 0, "name"], "Jeremy\x07Corbyn"), "$.candidates[0].name"),
    "bad colour": (_set(["candidates", 0, "colour"], "red"), None),
    "unknown candidate field": (_set(["candidates", 0, "votes"], 3), "$.candidates[0].votes"),
    "status not one of three": (_set(["status"], "draft"), "$.status"),
    "method not one of two": (_set(["method"], "av"), "$.method"),
    "negative count": (_set(["categories", 0, "counts", "Owen Smith"], -1), "$.categories[0].counts.Owen Smith"),
    "fractional count": (_set(["categories", 0, "counts", "Owen Smith"], 1.5), "$.categories[0].counts.Owen Smith"),
    "count as text": (_set(["categories", 0, "counts", "Owen Smith"], "116,960"), "$.categories[0].counts.Owen Smith"),
    "count true": (_set(["categories", 0, "counts", "Owen Smith"], True), "$.categories[0].counts.Owen Smith"),
    "absurd count": (_set(["categories", 0, "counts", "Owen Smith"], 2**53 + 1), "$.categories[0].counts.Owen Smith"),
    "negative weight": (_set(["categories", 0, "weight"], -1), "$.categories[0].weight"),
    "negative electorate": (_set(["electorate"], -640500), "$.electorate"),
    "declared share over 100": (_set(["declared", "candidates", "Owen Smith", "share"], "138.2%"), "$.declared.candidates.Owen Smith.share"),
    "declared share as words": (_set(["declared", "candidates", "Owen Smith", "share"], "most"), "$.declared.candidates.Owen Smith.share"),
    "unknown declared field": (_set(["declared", "turnout_percent"], 79), "$.declared.turnout_percent"),
    "tie-break without a winner": (_set(["tie_break"], {"method": "drawing of lots"}), "$.tie_break.winner"),
    "document is a list": (lambda document: None, "$"),
}


@pytest.mark.parametrize("case", sorted(WRONG), ids=str)
def test_wrong_documents_are_refused_by_schema_and_reader(validator, case: str) -> None:
    change, path = WRONG[case]
    document = [] if case == "document is a list" else _with(change)
    assert not validator.is_valid(document), "the schema accepts it"
    with pytest.raises(LoadError) as caught:
        native.loads(json.dumps(document).encode(), "wrong.results.json")
    error = caught.value
    assert error.source == "wrong.results.json" and error.message
    if path is not None:
        assert error.place == path


# Reader-only rules the schema cannot say (it says them in its description).
READER_ONLY = {
    "duplicate candidate names": _set(["candidates", 1, "name"], "jeremy corbyn"),
    "counts of a candidate not in the contest": _set(["categories", 0, "counts", "Tom Watson"], 3),
    "a list of counts of the wrong length": _set(["categories", 0, "counts"], [1, 2, 3]),
    "tie-break winner not a candidate": _set(["tie_break"], {"winner": "Tom Watson"}),
    # A schema compares values, in which -0.0 is 0; the reader reads the text, minus sign and all.
    "a weight written -0.0": _set(["categories", 1, "weight"], -0.0),
}


@pytest.mark.parametrize("case", sorted(READER_ONLY), ids=str)
def test_rules_only_the_reader_checks(validator, case: str) -> None:
    document = _with(READER_ONLY[case])
    assert validator.is_valid(document)
    with pytest.raises(LoadError):
        native.loads(json.dumps(document).encode(), "wrong.results.json")


# A field changed to a value drawn from what JSON can hold; the schema must never accept
# what the reader refuses (the reader may accept more: see READER_ONLY in reverse).
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-(2**60), max_value=2**60),
        st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
        st.sampled_from(["61.8%", "#dc241f", "final", "electoral-college", "Jeremy Corbyn", "Owen Smith"]),
    ),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)),
    max_leaves=6,
)
FIELD_PATHS = [
    ["title"], ["date"], ["status"], ["method"], ["electorate"], ["source"], ["tie_break"], ["declared"],
    ["candidates", 0], ["candidates", 1, "name"], ["candidates", 0, "party"], ["candidates", 0, "colour"],
    ["categories", 1], ["categories", 1, "weight"], ["categories", 1, "electorate"], ["categories", 1, "rejected"],
    ["categories", 2, "counts"], ["categories", 2, "counts", "Owen Smith"],
    ["declared", "candidates"], ["declared", "candidates", "Owen Smith", "share"],
    ["declared", "candidates", "Owen Smith", "votes"], ["declared", "valid_votes"], ["declared", "turnout"],
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELD_PATHS), JSON_VALUES)
def test_the_schema_accepts_nothing_the_reader_refuses(path: list, value: object) -> None:
    validator = schema_validator()
    document = _with(_set(path, value))
    try:
        native.loads(json.dumps(document).encode(), "mutated.results.json")
    except LoadError as error:
        if not _cross_reference_rule(error):
            assert not validator.is_valid(document), f"schema accepts what the reader refuses: {error}"


def _cross_reference_rule(error: LoadError) -> bool:
    """The reader's rules relating one part of the file to another (READER_ONLY above)."""
    if error.message.startswith("unknown field"):
        # A key that is not a candidate or category name, where the keys are names; an
        # unknown key among the format's own fields is the schema's business too.
        listed = error.message.split("expected one of ", 1)[1]
        field_lists = [
            ", ".join(sorted(keys)[:12]) + (", ..." if len(keys) > 12 else "")
            for keys in (native._TOP_KEYS, native._CANDIDATE_KEYS, native._CATEGORY_KEYS, native._DECLARED_KEYS,
                         native._DECLARED_CANDIDATE_KEYS, {"winner", "method", "note"})
        ]
        return listed not in field_lists
    return (
        "duplicate" in error.message
        or "(one per candidate)" in error.message
        or "is not one of the candidates" in error.message
        or "has a minus sign" in error.message  # -0 and -0.0 (READER_ONLY): the text, not the value
    )


DOC = ROOT / "docs" / "file-format.md"


def test_the_format_page_shows_the_default_file_in_full() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(example) == _default_document()


def test_the_format_page_describes_every_field() -> None:
    text = DOC.read_text(encoding="utf-8")
    fields = (
        native._TOP_KEYS | native._CANDIDATE_KEYS | native._CATEGORY_KEYS | native._DECLARED_KEYS
        | native._DECLARED_CANDIDATE_KEYS | {"winner", "note"}
    )
    missing = sorted(name for name in fields if f"`{name}`" not in text)
    assert missing == []
