"""The columnar grid of counts against the plainest model of it: a list of lists of cells."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resultsviewer.core import count_table
from resultsviewer.core.contest import AtLeast, Candidate, Contest
from resultsviewer.core.count_table import CountTable
from resultsviewer.core.counts import MAX_COUNT

cells = st.one_of(
    st.integers(0, 5000),
    st.integers(2**31 - 2, MAX_COUNT),  # past four bytes: the array widens
    st.none(),
    st.builds(AtLeast, st.integers(0, 5000), st.integers(1, 9)),
)


def same(table: CountTable, model: list[list[object]], width: int) -> None:
    assert (table.height, table.width) == (len(model), width)
    assert [table.row(row) for row in range(table.height)] == [tuple(row) for row in model]
    for column in range(width):
        assert table.column(column) == tuple(row[column] for row in model)
        assert table.column_special(column) == sum(1 for row in model if not _plain(row[column]))
    for row_index, row in enumerate(model):
        assert table.row_special(row_index) == sum(1 for value in row if not _plain(value))
        assert table.row_unknown(row_index) == sum(1 for value in row if value is None)
        for column, value in enumerate(row):
            assert table.get(row_index, column) == value
            assert type(table.get(row_index, column)) is type(value)
    flat = [value for row in model for value in row]
    assert table.unknown == sum(1 for value in flat if value is None)
    assert table.partial == sum(1 for value in flat if type(value) is AtLeast)
    assert table.withheld == sum(1 if value is None else value.withheld for value in flat if not _plain(value))
    # Totals are of the known votes: an unknown cell adds nothing, a partly known one its known part.
    assert list(table.row_sums()) == [sum(int(value or 0) for value in row) for row in model]
    assert table.column_sums() == [sum(int(row[column] or 0) for row in model) for column in range(width)]


def _plain(value: object) -> bool:
    return value is not None and type(value) is not AtLeast


operations = st.lists(
    st.tuples(
        st.sampled_from(["set", "insert_row", "delete_row", "move_row", "insert_column", "delete_column", "move_column"]),
        st.integers(0, 50), st.integers(0, 50), st.lists(cells, min_size=12, max_size=12),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(width=st.integers(1, 4), height=st.integers(0, 5), data=st.data(), steps=operations)
def test_every_change_leaves_the_table_equal_to_a_list_of_rows(width: int, height: int, data, steps) -> None:
    model = [data.draw(st.lists(cells, min_size=width, max_size=width)) for _ in range(height)]
    table = CountTable.from_rows(model, width)
    same(table, model, width)
    for action, first, second, values in steps:
        if action == "set" and model:
            row, column = first % len(model), second % width
            table.set(row, column, values[0])
            model[row][column] = values[0]
        elif action == "insert_row":
            index = first % (len(model) + 1)
            table.insert_row(index, values[:width])
            model.insert(index, list(values[:width]))
        elif action == "delete_row" and model:
            index = first % len(model)
            assert table.delete_row(index) == tuple(model.pop(index))
        elif action == "move_row" and model:
            index, destination = first % len(model), second % len(model)
            table.move_row(index, destination)
            model.insert(destination, model.pop(index))
        elif action == "insert_column" and width < 6:
            index = first % (width + 1)
            table.insert_column(index, values[: len(model)])
            for row, value in zip(model, values):
                row.insert(index, value)
            width += 1
        elif action == "delete_column" and width > 1:
            index = first % width
            assert table.delete_column(index) == tuple(row.pop(index) for row in model)
            width -= 1
        elif action == "move_column":
            index, destination = first % width, second % width
            table.move_column(index, destination)
            for row in model:
                row.insert(destination, row.pop(index))
        same(table, model, width)


def test_counts_take_four_bytes_each_until_one_needs_eight() -> None:
    table = CountTable.from_rows([[1, 2], [3, 4]], 2)
    assert table.nbytes == 16
    table.set(0, 0, 2**31)
    assert table.nbytes == 32 and table.get(0, 0) == 2**31 and table.row(1) == (3, 4)


def test_large_tables_sum_in_numpy_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[(row * 7 + column * 13) % 1000 for column in range(5)] for row in range(300)]
    rows[5][2] = None
    rows[9][4] = AtLeast(12, 3)
    small = CountTable.from_rows(rows, 5)
    python_sums = (list(small.row_sums()), small.column_sums())
    monkeypatch.setattr(count_table, "_NUMPY_CELLS", 10)
    assert (list(small.row_sums()), small.column_sums()) == python_sums
    assert python_sums[1] == [sum(int(row[column] or 0) for row in rows) for column in range(5)]


def test_a_contest_of_a_million_cells_keeps_them_in_four_megabytes() -> None:
    contest = Contest(
        "Wide", [Candidate(f"C{index}") for index in range(10)], [f"P{index}" for index in range(100_000)],
        [[index % 97] * 10 for index in range(100_000)],
    )
    assert contest.count_table.nbytes == 4 * 1_000_000
    assert contest.candidate_total(3) == sum(index % 97 for index in range(100_000))
