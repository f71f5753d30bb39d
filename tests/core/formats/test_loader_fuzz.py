"""Every loader, fed any bytes or a document of the right shape with wrong insides, ends in
a Contest or a LoadError, never another exception.

The table import has its own fuzz tests (test_import_fuzz.py); this file covers the
native JSON reader (with structure-aware strategies: the right keys, values of every
type, NaN, huge and negative numbers, duplicate keys), the spreadsheet CSV reader, and
the sniffing entry point. A native document that loads is also written and read again,
and must come back the same. Example counts are set explicitly so the total is known:
3,300 examples, 4,500 loader inputs (some examples are fed whole, cut and corrupted),
about 15 s.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultsviewer.core.contest import Contest
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import loads, native, spreadsheet


def fuzz(examples: int) -> settings:
    """Settings with the number of examples given, so the total fuzzed is known."""
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
    )

NAME_POOL = ["A", "B", "Owen Smith", "", " ", "a", "ٲ", "=x", "A\u202e", "A\x07", "x" * 501, "Total"]
NAMES = st.sampled_from(NAME_POOL) | st.text(max_size=5)
NUMBERS = st.one_of(
    st.integers(min_value=-3, max_value=10**6),
    st.sampled_from([0, 2**53, 2**53 + 1, -1, 10**30, 1.5, 2.0, -0.0, 1e308, float("nan"), float("inf")]),
    st.floats(allow_nan=True, allow_infinity=True),
)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | st.text(max_size=6),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3),
    max_leaves=8,
)
@st.composite
def native_documents(draw: st.DrawFn, wrong_types: bool) -> dict:
    """A native document with the right keys; with ``wrong_types``, any value may stand
    anywhere (the wrong type in the right place), else only the values' contents are
    wrong now and then (negative or huge counts, empty or duplicate names, bad shares)."""

    def right_or_any(right: st.SearchStrategy) -> st.SearchStrategy:
        return right | ANY_JSON if wrong_types else right

    count_values = right_or_any(st.integers(min_value=0, max_value=10**6) | st.none() | st.sampled_from([-1, 2**53 + 1]))
    share_values = right_or_any(st.sampled_from(["50%", "33.3%", "101%", "-1%", "x", "50", "", 50, 50.5, None]))
    names = draw(st.lists(NAMES, max_size=4))
    keys = st.sampled_from(names or ["A"]) | st.text(max_size=4)  # object keys: right names or any text
    candidates = draw(
        right_or_any(
            st.lists(
                right_or_any(
                    st.fixed_dictionaries(
                        {"name": right_or_any(st.sampled_from(names or ["A"]))},
                        optional={
                            "party": right_or_any(st.text(max_size=4) | st.none()),
                            "colour": right_or_any(st.sampled_from(["#ff0000", "#FFF", "red", "#12345g", None])),
                        },
                    )
                ),
                max_size=4,
            )
        )
    )
    counts = right_or_any(
        st.dictionaries(keys, count_values, max_size=4) | st.lists(count_values, max_size=4)
    )
    categories = draw(
        right_or_any(
            st.lists(
                right_or_any(
                    st.fixed_dictionaries(
                        {"name": right_or_any(NAMES), "counts": counts},
                        optional={"electorate": count_values, "rejected": count_values, "weight": right_or_any(NUMBERS | st.none())},
                    )
                ),
                max_size=4,
            )
        )
    )
    declared = right_or_any(
        st.fixed_dictionaries(
            {},
            optional={
                "candidates": right_or_any(
                    st.dictionaries(
                        keys,
                        right_or_any(st.fixed_dictionaries({}, optional={"votes": count_values, "share": share_values})),
                        max_size=3,
                    )
                ),
                "categories": right_or_any(st.dictionaries(NAMES, count_values, max_size=3)),
                "valid_votes": count_values,
                "rejected": count_values,
                "ballots_cast": count_values,
                "electorate": count_values,
                "turnout": share_values,
            },
        )
    )
    document = draw(
        st.fixed_dictionaries(
            {
                "format": right_or_any(st.just("resultsviewer-contest")),
                "version": right_or_any(st.just(1)),
                "candidates": st.just(candidates),
                "categories": st.just(categories),
            },
            optional={
                "title": right_or_any(st.text(max_size=6)),
                "date": right_or_any(st.text(max_size=6)),
                "status": right_or_any(st.sampled_from(["provisional", "final", "certified", "draft"])),
                "method": right_or_any(st.sampled_from(["sum", "electoral-college", "stv"])),
                "electorate": count_values,
                "notes": right_or_any(st.text(max_size=6)),
                "source": right_or_any(st.text(max_size=6)),
                "declared": declared,
                "tie_break": right_or_any(
                    st.fixed_dictionaries(
                        {"winner": right_or_any(st.sampled_from(names or ["A"]))},
                        optional={"method": right_or_any(st.text(max_size=4)), "note": ANY_JSON},
                    )
                ),
            },
        )
    )
    if wrong_types and draw(st.booleans()):  # a field the format does not have
        document[draw(st.sampled_from(["unknown", "votes", "Title"]))] = draw(ANY_JSON)
    return document


def check_native(data: bytes, source: str = "fuzz.results.json") -> Contest | None:
    try:
        contest = native.loads(data, source)
    except LoadError as error:
        assert error.source == source and error.message
        return None
    # What loads is written and read back the same.
    again = native.loads(native.dumps(contest), source)
    assert native.to_document(again) == native.to_document(contest)
    return contest


@fuzz(800)
@given(native_documents(wrong_types=False))
def test_native_documents_of_the_right_types_with_wrong_values(document: dict) -> None:
    check_native(json.dumps(document, ensure_ascii=False).encode("utf-8"))


@fuzz(800)
@given(native_documents(wrong_types=True))
def test_native_documents_of_the_right_shape_with_wrong_types(document: dict) -> None:
    check_native(json.dumps(document, ensure_ascii=False).encode("utf-8"))


@fuzz(300)
@given(native_documents(wrong_types=False), st.data())
def test_native_documents_cut_short_or_corrupted(document: dict, data: st.DataObject) -> None:
    text = json.dumps(document, indent=data.draw(st.sampled_from([None, 2]))).encode("utf-8")
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    check_native(text[:cut])
    position = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    check_native(text[:position] + bytes([data.draw(st.integers(0, 255))]) + text[position + 1 :])
    # The same key twice, where json would keep the last one silently.
    check_native(text.replace(b'"version": 1', b'"version": 1, "version": 1', 1))


@fuzz(300)
@given(st.binary(max_size=400))
def test_native_any_bytes(data: bytes) -> None:
    check_native(data)
    check_native(b'{"format": "resultsviewer-contest", "version": 1, ' + data)


CSV_CELLS = st.one_of(
    st.sampled_from(["", "*", "?", "1", "1,176", "-3", "1e3", "x", "Total", "'=x", "=1+1", '"', "0", "\u00a0", "9" * 20, "1.5"]),
    st.text(max_size=5),
)
CSV_HEADERS = st.lists(
    st.sampled_from(["category", "Category", "A", "B", "a", "electorate", "weight", "rejected", "", "Total", "'-x", "x" * 501]),
    min_size=1,
    max_size=6,
)


def check_spreadsheet(data: bytes) -> None:
    try:
        contest = spreadsheet.loads(data, "fuzz.csv")
    except LoadError as error:
        assert error.source == "fuzz.csv" and error.message
        return
    again = spreadsheet.loads(spreadsheet.dumps(contest), "fuzz.csv")
    assert [c.name for c in again.candidates] == [c.name for c in contest.candidates]
    assert [c.name for c in again.categories] == [c.name for c in contest.categories]
    assert [again.row(i) for i in range(again.category_count)] == [contest.row(i) for i in range(contest.category_count)]


@fuzz(500)
@given(CSV_HEADERS, st.lists(st.lists(CSV_CELLS, max_size=7), max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_spreadsheet_csv_with_real_headers(header: list[str], rows: list[list[str]], newline: str) -> None:
    def line(cells: list[str]) -> str:
        return ",".join('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\r\n') else c for c in cells)

    check_spreadsheet((newline.join([line(header), *(line(r) for r in rows)]) + newline).encode("utf-8"))


@fuzz(300)
@given(st.binary(max_size=400))
def test_spreadsheet_any_bytes(data: bytes) -> None:
    check_spreadsheet(data)
    check_spreadsheet(b"category,A,B\n" + data)


@fuzz(300)
@given(st.binary(max_size=300), st.sampled_from(["fuzz", "fuzz.csv", "fuzz.json", "fuzz.results.json", "fuzz.txt"]))
def test_the_sniffing_entry_point(data: bytes, source: str) -> None:
    try:
        loads(data, source)
    except LoadError as error:
        assert error.source == source
