"""Counts as people type them, and the counts the core refuses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resultsviewer.core.counts import MAX_COUNT, check_count, format_count, parse_count
from resultsviewer.core.errors import CountError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("168216", 168216),
        ("168,216", 168216),
        ("168 216", 168216),
        ("60, 075", 60075),  # as the issue quotes it: a comma and a space
        ("1,234,567", 1234567),
        ("1 234 567", 1234567),
        ("168\u00a0216", 168216),  # no-break space (French spreadsheets)
        ("168\u202f216", 168216),  # narrow no-break space
        ("168\u2009216", 168216),  # thin space
        ("  42  ", 42),
        ("+7", 7),
        ("0", 0),
        ("007", 7),
        (str(MAX_COUNT), MAX_COUNT),
        ("0" * 5000 + "12", 12),
    ],
)
def test_parse_count_accepts_typed_numbers(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "cannot be negative ('-5')"),
        ("- 1,000", "cannot be negative"),
        ("12.5", "'12.5' is not a whole number of votes"),
        ("12.0", "'12.0' is not a whole number of votes"),
        (".5", "not a whole number of votes"),
        # in a file, scientific notation is what a spreadsheet writes for a rounded number
        ("1e3", "'1e3' is in scientific notation"),
        ("1.23457E+06", "scientific notation, which a spreadsheet writes for a number it rounded"),
        ("twelve", "'twelve' is not a number"),
        ("12a", "'12a' is not a number"),
        ("0x10", "is not a number"),
        ("1_000", "is not a number"),
        ("\u0661\u0662", "is not a number"),  # Arabic-Indic digits: not what a count file holds
        ("1,2,3", "commas must separate groups of three digits"),
        ("12,34", "commas must separate groups of three digits"),
        ("1234,567", "commas must separate groups of three digits"),
        ("", "missing (empty cell)"),
        ("   ", "missing (empty cell)"),
        (str(MAX_COUNT + 1), "larger than the largest count accepted (9,007,199,254,740,992)"),
        ("9" * 17, "a number of 17 digits is larger than the largest count accepted"),
        # Python's int() refuses more than 4,300 digits with a bare ValueError: found by
        # this test, parse_count now says what is wrong instead.
        ("9" * 5000, "a number of 5,000 digits is larger than the largest count accepted"),
    ],
)
def test_parse_count_refuses_with_a_message(text: str, message: str) -> None:
    with pytest.raises(CountError) as caught:
        parse_count(text)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1e6", 1_000_000),
        ("1E6", 1_000_000),
        ("1e+06", 1_000_000),
        ("2.5E+06", 2_500_000),
        ("1.234567e6", 1_234_567),
        (".5e1", 5),
        ("1000e-3", 1),
        ("0e5", 0),
        ("1 e6", 1_000_000),
        ("9.007199254740992e15", MAX_COUNT),
    ],
)
def test_parse_count_typed_takes_whole_numbers_in_scientific_notation(text: str, expected: int) -> None:
    value = parse_count(text, scientific=True)
    assert value == expected and type(value) is int


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5e0", "'1.5e0' is not a whole number of votes"),
        ("1e-3", "'1e-3' is not a whole number of votes"),
        ("1.2345678e6", "not a whole number of votes"),
        ("1e-99999999", "not a whole number of votes"),
        ("1e16", "larger than the largest count accepted"),
        ("1e99999999", "larger than the largest count accepted"),
        ("9.007199254740993e15", "larger than the largest count accepted"),
        ("-1e6", "cannot be negative"),
        ("1e", "is not a number"),
        ("e6", "is not a number"),
        ("1e6.5", "is not a number"),
    ],
)
def test_parse_count_typed_refuses_scientific_notation_that_is_no_count(text: str, message: str) -> None:
    with pytest.raises(CountError) as caught:
        parse_count(text, scientific=True)
    assert message in str(caught.value)


@given(st.integers(min_value=0, max_value=MAX_COUNT), st.integers(min_value=0, max_value=15))
def test_scientific_notation_of_a_count_parses_back_exactly(value: int, places: int) -> None:
    digits = str(value)
    mantissa = digits[:1] + ("." + digits[1:] if len(digits) > 1 else "")
    assert parse_count(f"{mantissa}e{len(digits) - 1}", scientific=True) == value
    assert parse_count(f"{value}{'0' * places}e-{places}", scientific=True) == value


@given(st.text(alphabet="0123456789.eE+- ,", max_size=30))
def test_parse_count_typed_on_any_text_returns_a_count_or_a_count_error(text: str) -> None:
    try:
        value = parse_count(text, scientific=True)
    except CountError as error:
        assert str(error)
    else:
        assert 0 <= value <= MAX_COUNT


def test_count_error_is_a_value_error_and_a_contest_error() -> None:
    from resultsviewer.core.errors import ContestError

    with pytest.raises(ContestError):
        parse_count("abc")
    with pytest.raises(ValueError):
        parse_count("abc")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "cannot be negative (-1)"),
        (1.5, "must be a whole number, not 1.5"),
        (float("nan"), "must be a whole number"),
        (float("inf"), "must be a whole number"),
        ("12", "must be a whole number, not '12'"),
        (True, "must be a whole number, not True"),
        (None, "must be a whole number, not None"),
        (MAX_COUNT + 1, "larger than the largest count accepted"),
        (10**400, "larger than the largest count accepted"),
    ],
)
def test_check_count_refuses(value: object, message: str) -> None:
    with pytest.raises(CountError) as caught:
        check_count(value)
    assert message in str(caught.value)


def test_check_count_takes_whole_floats_as_ints() -> None:
    value = check_count(12.0)
    assert value == 12 and type(value) is int
    assert check_count(0) == 0
    assert check_count(MAX_COUNT) == MAX_COUNT


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_format_then_parse_is_identity(value: int) -> None:
    shown = format_count(value)
    assert parse_count(shown) == value
    assert parse_count(shown.replace(",", " ")) == value
    assert parse_count(shown.replace(",", ", ")) == value


@given(st.text(max_size=30))
def test_parse_count_on_any_text_returns_a_count_or_a_count_error(text: str) -> None:
    try:
        value = parse_count(text)
    except CountError as error:
        assert str(error)
    else:
        assert 0 <= value <= MAX_COUNT


def test_format_count() -> None:
    assert format_count(313209) == "313,209"
    assert format_count(0) == "0"
