"""The native JSON format: exact round trips, and one clear message per kind of bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import native, read_contest, write_contest
from tests.core.strategies import contest_state, contests

ROOT = Path(__file__).resolve().parents[3]
DEFAULT = ROOT / "resources" / "labour-leadership-2016.results.json"
SOURCE = "bad.results.json"


def default_document() -> dict:
    return json.loads(DEFAULT.read_text(encoding="utf-8"))


def refused(data: bytes | dict | list) -> LoadError:
    if not isinstance(data, bytes):
        data = json.dumps(data, indent=2).encode()
    with pytest.raises(LoadError) as caught:
        native.loads(data, SOURCE)
    error = caught.value
    assert error.source == SOURCE and error.message
    assert str(error).startswith(SOURCE)
    return error


# --- round trips ----------------------------------------------------------------------


def test_the_default_file_is_what_dumps_writes(default_contest) -> None:
    """The shipped file is in the writer's own layout, so saving it unchanged changes no byte."""
    assert native.dumps(default_contest) == DEFAULT.read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contests())
def test_round_trip_keeps_everything(contest) -> None:
    data = native.dumps(contest)
    again = native.loads(data, "round.results.json")
    assert contest_state(again) == contest_state(contest)
    assert native.dumps(again) == data


def test_round_trip_through_a_file(tmp_path: Path, default_contest) -> None:
    path = tmp_path / "saved.results.json"
    write_contest(default_contest, path)
    assert contest_state(read_contest(path)) == contest_state(default_contest)
    assert path.read_bytes().endswith(b"}\n")


def test_unknown_counts_are_written_as_null(default_contest) -> None:
    default_contest.set_count(1, 1, None)
    document = json.loads(native.dumps(default_contest))
    assert document["categories"][1]["counts"] == {"Jeremy Corbyn": 84918, "Owen Smith": None}
    assert native.loads(native.dumps(default_contest), "x.json").count(1, 1) is None


def test_empty_optional_fields_are_left_out() -> None:
    from resultsviewer.core.contest import Candidate, Category, Contest

    document = json.loads(native.dumps(Contest("T", [Candidate("A")], [Category("X")], [[3]])))
    assert document == {
        "format": "resultsviewer-contest", "version": 1, "title": "T", "status": "provisional", "method": "sum",
        "candidates": [{"name": "A"}], "categories": [{"name": "X", "counts": {"A": 3}}],
    }


def test_lenient_reading_of_hand_written_files() -> None:
    document = default_document()
    del document["categories"][0]["counts"]["Owen Smith"]  # left out: counts 0
    document["categories"][1]["counts"] = [84918, 36599]  # a list in candidate order
    document["categories"][2]["counts"]["Owen Smith"] = 39670.0  # a whole float
    document["declared"]["candidates"]["Owen Smith"]["share"] = 38.2  # a number, not text
    for key in ("title", "status", "method", "date"):
        del document[key]
    contest = native.loads(json.dumps(document).encode(), "hand.json")
    assert contest.row(0) == (168216, 0) and contest.row(1) == (84918, 36599) and contest.row(2) == (60075, 39670)
    assert contest.title == "Untitled contest" and contest.status.value == "provisional" and contest.method.value == "sum"
    assert contest.declared.candidate_shares["Owen Smith"].text == "38.2"


def test_utf8_bom_and_crlf_are_read() -> None:
    data = b"\xef\xbb\xbf" + DEFAULT.read_bytes().replace(b"\n", b"\r\n")
    assert native.loads(data, "bom.json").title == "Labour Party leadership election 2016"


# --- one clear message per kind of bad file ----------------------------------------------


def _changed(path: list, value: object) -> dict:
    document = default_document()
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "place", "message"),
    [
        (["candidates", 1, "name"], "jeremy  corbyn", "$.candidates[1].name", "duplicate candidate name 'jeremy corbyn'"),
        (["candidates", 1, "name"], "", "$.candidates[1].name", "a name cannot be empty"),
        (["categories", 2, "name"], "MEMBERS", "$.categories[2].name", "duplicate category name 'MEMBERS'"),
        (["categories", 2, "name"], " ", "$.categories[2].name", "a name cannot be empty"),
        (["categories", 0, "counts", "Owen Smith"], -3, "$.categories[0].counts.Owen Smith", "a count cannot be negative (-3)"),
        (["categories", 0, "counts", "Owen Smith"], 2.5, "$.categories[0].counts.Owen Smith", "expected a whole number of votes, found 2.5"),
        (["categories", 0, "counts", "Owen Smith"], "lots", "$.categories[0].counts.Owen Smith", "expected a whole number of votes, found the text 'lots'"),
        (["categories", 0, "counts", "Owen Smith"], 2**60, "$.categories[0].counts.Owen Smith", "larger than the largest count accepted (9,007,199,254,740,992)"),
        (["categories", 0, "counts", "Tom Watson"], 1, "$.categories[0].counts.Tom Watson", "unknown field 'Tom Watson'; expected one of Jeremy Corbyn, Owen Smith"),
        (["categories", 0, "counts"], [1], "$.categories[0].counts", "expected 2 counts (one per candidate), found 1"),
        (["categories", 0, "weight"], "heavy", "$.categories[0].weight", "expected a weight from 0 up"),
        (["status"], "draft", "$.status", "expected provisional, final or certified, found 'draft'"),
        (["method"], "stv", "$.method", "expected one of sum, sections, seats, electoral-votes, found 'stv'"),
        (["candidates", 0, "colour"], "red", "$.candidates[0].colour", "#rrggbb"),
        (["declared", "candidates", "Owen Smith", "share"], "38.2 percent", "$.declared.candidates.Owen Smith.share", "a declared share must be a percentage"),
        (["declared", "categories"], {"Nobody": 3}, "$.declared.categories.Nobody", "unknown field 'Nobody'"),
        (["tie_break"], {"winner": "Tom Watson"}, "$.tie_break.winner", "'Tom Watson' is not one of the candidates"),
        (["candidates"], "Corbyn, Smith", "$.candidates", "expected a list [...], found the text 'Corbyn, Smith'"),
        (["title"], 2016, "$.title", "expected text, found the number 2016"),
        (["colour"], "red", "$.colour", "unknown field 'colour'"),
    ],
)
def test_bad_fields_name_their_json_path(path: list, value: object, place: str, message: str) -> None:
    error = refused(_changed(path, value))
    if "#rrggbb" in message:
        # the contest's own check: said with the file, and at the field where the reader can
        assert message in error.message
    else:
        assert error.place == place
        assert message in error.message


@pytest.mark.parametrize(
    ("document", "place", "message"),
    [
        ([1, 2, 3], "$", "expected a contest object"),
        ({"type": "FeatureCollection", "features": []}, "$.format", "this JSON is not a Results Viewer contest"),
        ({"format": "resultsviewer-contest", "version": 3}, "$.version", "newer than this app reads (2); update Results Viewer"),
        ({"format": "resultsviewer-contest"}, "$.version", "expected version 1 or 2, found null"),
        ({"format": "resultsviewer-contest", "version": 1}, "$.candidates", "expected a list [...], found null"),
        ("just text", "$", "expected a contest object"),
    ],
)
def test_json_of_another_shape(document: object, place: str, message: str) -> None:
    error = refused(json.dumps(document).encode())
    assert error.place == place and message in error.message


def test_empty_file() -> None:
    assert refused(b"").message == "the file is empty"
    assert refused(b"  \n\t ").message == "the file is empty"


def test_binary_file() -> None:
    error = refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary file" in error.message


def test_not_utf8() -> None:
    error = refused('{"title": "Cr\u00e8ve"}'.encode("latin-1"))
    assert "is not UTF-8 text" in error.message and error.place == "line 1, column 14"


def test_not_utf8_after_a_byte_order_mark() -> None:
    """The byte named is the bad one, counted from the file's start, mark included (the
    codec counts from after the mark: it named the mark's last byte, 0xbf)."""
    error = refused(b"\xef\xbb\xbf" + '{"title":\n "Cr\u00e8ve"}'.encode("latin-1"))
    assert "byte 0xe8 is not UTF-8 text" in error.message and error.place == "line 2, column 5"
    error = refused(b"\xef\xbb\xbf" + '{"title": "Cr\u00e8ve"}'.encode("latin-1"))
    assert "byte 0xe8" in error.message and error.place == "line 1, column 17"


def test_truncated_file() -> None:
    data = DEFAULT.read_bytes()
    error = refused(data[: len(data) // 2])
    assert error.message.startswith("not valid JSON") and "the file seems cut short" in error.message
    assert error.place is not None and error.place.startswith("line ")


def test_invalid_json_gives_line_and_column() -> None:
    error = refused(b'{\n  "format": "resultsviewer-contest",\n  "version": 1,,\n}')
    assert error.place == "line 3, column 16" and error.message.startswith("not valid JSON")


def test_deep_nesting() -> None:
    error = refused(b"[" * 100_000 + b"]" * 100_000)
    assert "nested more than" in error.message and error.place == "line 1"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_end_in_a_contest_or_a_load_error(data: bytes) -> None:
    try:
        native.loads(data, SOURCE)
    except LoadError as error:
        assert error.source == SOURCE and error.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_cut_of_a_real_file_ends_in_a_contest_or_a_load_error(data) -> None:
    whole = DEFAULT.read_bytes()
    cut = data.draw(st.integers(0, len(whole)))
    try:
        native.loads(whole[:cut], SOURCE)
    except LoadError as error:
        assert error.message


@pytest.mark.parametrize(("written", "quoted"), [("1e300", "1e+300"), ("1" + "0" * 400, "a number of 401 digits")])
def test_a_count_too_large_is_quoted_as_written_not_by_digits_made_up(tmp_path: Path, written: str, quoted: str) -> None:
    """1e300 was quoted as 1,000,000,000,000,000,052,504,... (digits of its rounding, 400
    characters); 10**400 with all its 401 digits."""
    path = tmp_path / "big.results.json"
    path.write_text(DEFAULT.read_text(encoding="utf-8").replace("168216", written, 1), encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        read_contest(path)
    assert refused.value.message == f"{quoted} is larger than the largest count accepted (9,007,199,254,740,992)"
