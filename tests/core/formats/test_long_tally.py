"""LongTally, the tally every long import fills row by row, makes its contest's grid of
counts straight into the contest's table; held here to the grid its rows make."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from resultsviewer.core.count_table import CountTable
from resultsviewer.core.counts import MAX_COUNT
from resultsviewer.core.errors import CountError
from resultsviewer.core.formats.delimited import LongTally


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(
    st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(["x", "y", "z"]),
              st.one_of(st.none(), st.integers(0, 10), st.integers(2**31 - 5, 2**31 + 5), st.just(MAX_COUNT))),
    min_size=1, max_size=30,
))
def test_the_grid_is_made_as_the_rows_make_it(rows: list[tuple[str, str, int | None]]) -> None:
    """LongTally's grid made straight into the contest's table (_flat_grid) is the grid its
    rows make (_rows_grid): the same candidates' order, cells, unknown and partial counts;
    where a sum passes the largest count, it leaves the rows to say so."""
    tally = LongTally()
    for category, candidate, votes in rows:
        tally.add(category, candidate, votes)
    cat_keys = list(tally.categories)
    flat = tally._flat_grid(cat_keys)
    try:
        by_rows = tally._rows_grid(cat_keys)
    except CountError:  # a cell known in part past the largest count
        assert flat is None
        return
    if flat is None:
        assert any(value > MAX_COUNT for row in by_rows[1] for value in row if value is not None)
        return
    cand_keys, table, unknown, partial_cells = flat
    assert (cand_keys, unknown, partial_cells) == (by_rows[0], by_rows[2], by_rows[3])
    cells = [[table.get(i, j) for j in range(table.width)] for i in range(table.height)]
    assert cells == by_rows[1]
    assert [type(value) for row in cells for value in row] == [type(value) for row in by_rows[1] for value in row]
    # The same table as the contest makes of the rows, down to the order of its withheld cells.
    from_rows = CountTable.from_rows(by_rows[1], len(cand_keys))
    assert list(table._special.items()) == list(from_rows._special.items())
    assert table._values == from_rows._values
