"""The whole-file reader's quick parse (limits.plain_table_rows) gives exactly the rows the
line-by-line reader (limits.table_rows) gives, or steps aside (None) so that it can say
what is wrong and where: never other rows, never a row past a limit."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import limits
from resultsviewer.core.formats.delimited import read_table

CELLS = st.one_of(
    st.text(alphabet="abc 12,", max_size=6),
    st.sampled_from(['"', '""', '"a,b"', '"x\ny"', '"unclosed', "a\rb", "\x00", "", " "]),
    # Line boundaries to str.splitlines but not to the csv module's lines.
    st.sampled_from(["a\x0bb", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", '"\u2029"']),
)
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=5), min_size=0, max_size=25)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


def _exact(text: str, delimiter: str, max_cells: int) -> list[list[str]] | str:
    try:
        return [row for _, row in limits.table_rows(text, "f.csv", delimiter, max_cells=max_cells)]
    except LoadError as error:
        return str(error)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, ending=ENDINGS, block=st.integers(min_value=1, max_value=64), delimiter=st.sampled_from([",", ";"]),
       max_cells=st.integers(min_value=1, max_value=200))
def test_quick_rows_are_the_exact_rows_or_none(rows, ending, block, delimiter, max_cells) -> None:
    # Raw joins: cells are not quoted for the file, so quotes, delimiters and line ends in
    # them make broken, multi-line and ragged rows of every kind.
    text = ending.join(delimiter.join(row) for row in rows)
    quick = limits.plain_table_rows(text, delimiter, max_cells=max_cells, block_chars=block)
    exact = _exact(text, delimiter, max_cells)
    if quick is not None:
        assert quick == exact
    # A file the exact reader refuses is never read quickly.
    if isinstance(exact, str):
        assert quick is None


def test_limits_send_the_text_to_the_exact_reader() -> None:
    wide = ",".join(["7"] * (limits.MAX_TABLE_COLUMNS + 1))
    assert limits.plain_table_rows(f"a,b\n{wide}\n") is None
    assert limits.plain_table_rows("a,b\n1,2\n3,4\n", max_cells=5) is None
    assert limits.plain_table_rows('a,b\n"1\n2",3\n') == [["a", "b"], ["1\n2", "3"]]
    # Blocks of one line: the quoted cell over two lines is cut, and left to the exact reader.
    assert limits.plain_table_rows('a,b\n"1\n2",3\n', block_chars=1) is None


@pytest.mark.parametrize("text", [
    'name,votes\nAnn,"12\nBob,3\n',
    "name,votes\nAnn," + "9" * (limits.MAX_CELL_CHARS + 1) + "\n",
    "name,votes\nAnn,1\n" + ",".join(["1"] * (limits.MAX_TABLE_COLUMNS + 1)) + "\n",
])
def test_read_table_says_what_the_exact_reader_says(text: str, monkeypatch) -> None:
    """A fault is reported as the line-by-line reader reports it: the same words, the same line."""
    with pytest.raises(LoadError) as quick:
        read_table(text.encode(), "f.csv")
    monkeypatch.setattr("resultsviewer.core.formats.delimited.plain_table_rows", lambda *args, **kwargs: None)
    with pytest.raises(LoadError) as exact:
        read_table(text.encode(), "f.csv")
    assert str(quick.value) == str(exact.value) and "line " in str(quick.value)


@pytest.mark.parametrize("boundary", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_only_line_feeds_and_carriage_returns_end_lines(boundary: str) -> None:
    """Characters str.splitlines ends a line at are cells' characters to the csv module."""
    text = f'a,b\nx{boundary}y,1\n"p{boundary}q",2\n'
    assert limits.plain_table_rows(text) == [["a", "b"], [f"x{boundary}y", "1"], [f"p{boundary}q", "2"]]
    assert limits.plain_table_rows(text) == _exact(text, ",", 100)
