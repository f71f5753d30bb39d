"""The loader fuzz tests, at scale (issue 19): wide, tall and long-cell inputs up to and
just past every limit of :mod:`resultsviewer.core.formats.limits`, through every entry
point (our CSV, the table import, native JSON). Each ends in a Contest or a LoadError
naming the limit, never another exception; what is within the limits loads.

The inputs are megabytes, not the few hundred bytes of test_loader_fuzz.py, so the
examples are few: 40 in all, about a minute.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultsviewer.core.contest import Contest
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import limits, loads
from resultsviewer.core.formats.importing import import_table

FEW = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))

#: Around each limit: well under, just under, at, just over.
def around(limit: int) -> st.SearchStrategy[int]:
    return st.sampled_from([limit // 3, limit - 1, limit, limit + 1]) | st.integers(limit - 3, limit + 3)


def load_any(data: bytes, source: str) -> Contest | LoadError:
    try:
        return loads(data, source)
    except LoadError as error:
        return error


def import_any(data: bytes, source: str) -> Contest | LoadError:
    try:
        return import_table(data, source).contest
    except LoadError as error:
        return error


@FEW
@given(columns=around(limits.MAX_TABLE_COLUMNS), rows=st.integers(1, 3), cell=st.sampled_from(["1", "12,345", "*", ""]))
def test_wide_tables(columns: int, rows: int, cell: str) -> None:
    """``columns`` cells per row: our CSV (category + candidates) and a generic wide table."""
    header = "category," + ",".join(f"C{index}" for index in range(columns - 1))
    body = "".join(f"P{row}," + ",".join([f'"{cell}"'] * (columns - 1)) + "\n" for row in range(rows))
    data = (header + "\n" + body).encode()
    for result in (load_any(data, "wide.csv"), import_any(data, "wide.tsv")):
        if columns <= limits.MAX_TABLE_COLUMNS:
            # Within the row limit, a contest of more candidates than accepted says so.
            assert isinstance(result, Contest) or "more than" not in result.message or (
                columns - 1 > limits.MAX_CANDIDATES and "candidates" in result.message
            ), result
        else:
            assert isinstance(result, LoadError), result
            assert f"a row has {columns:,} cells, more than the {limits.MAX_TABLE_COLUMNS:,}" in result.message
            assert result.place == "line 1"


@pytest.mark.parametrize(
    "rows, plain",
    [(limits.MAX_SHEET_CATEGORIES, True), (limits.MAX_SHEET_CATEGORIES + 1, False)],
    ids=["at the limit, fast path", "over the limit, exact reader"],
)
def test_tall_spreadsheets(rows: int, plain: bool) -> None:
    """A row per category up to the spreadsheet's category limit (the header is one row
    more), through the fast path (plain digits) and the exact reader (a quoted count)."""
    cell = "1" if plain else '"1"'
    data = ("category,C0\n" + "".join(f"P{row},{cell}\n" for row in range(rows))).encode()
    result = load_any(data, "tall.csv")
    if rows <= limits.MAX_SHEET_CATEGORIES:
        assert isinstance(result, Contest) and result.category_count == rows and result.total_votes == rows
    else:
        assert isinstance(result, LoadError) and ("rows" in result.message or "categories" in result.message)


@FEW
@given(cells=around(limits.MAX_TABLE_CELLS))
def test_tables_around_the_cell_limit(cells: int) -> None:
    """A long table of three columns: the header's three cells count too."""
    rows = cells // 3 - 1
    text = "county,candidate,votes\n" + "".join(f"K{row % 997},C{row % 3},1\n" for row in range(rows))
    result = import_any(text.encode(), "long.csv")
    total = (rows + 1) * 3
    if total <= limits.MAX_TABLE_CELLS:
        assert isinstance(result, Contest) and result.total_votes == rows
    else:
        assert isinstance(result, LoadError) and "cells" in result.message


@FEW
@given(length=around(limits.MAX_CELL_CHARS), where=st.sampled_from(["name", "count", "other"]))
def test_long_cells(length: int, where: str) -> None:
    long = "x" * length if where != "count" else "1" * length
    row = {"name": f"{long},1", "count": f"P,{long}", "other": "P,1"}[where]
    header = "category,A" + (f",{long}" if where == "other" else "")
    data = f"{header}\n{row}\n".encode()
    for result in (load_any(data, "cells.csv"), import_any(data, "cells.csv")):
        assert isinstance(result, (Contest, LoadError))
        if length > limits.MAX_CELL_CHARS:
            assert isinstance(result, LoadError) and "a cell is larger than 64 KB" in result.message


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    categories=st.sampled_from([1, 1000, limits.MAX_CONTEST_CELLS // 1000, limits.MAX_CONTEST_CELLS // 1000 + 1]),
    title=around(limits.MAX_TITLE_CHARS),
)
def test_native_json_around_the_contest_limits(categories: int, title: int) -> None:
    names = [f"C{index}" for index in range(1000)]
    document = {
        "format": "resultsviewer-contest",
        "version": 1,
        "title": "T" * title,
        "candidates": [{"name": name} for name in names],
        "categories": [{"name": f"P{row}", "counts": [1] * 1000} for row in range(categories)],
    }
    result = load_any(json.dumps(document).encode(), "big.json")
    too_many = categories * 1000 > limits.MAX_CONTEST_CELLS
    too_long = title > limits.MAX_TITLE_CHARS
    if too_many or too_long:  # both: the first met (the title comes first) is said
        assert isinstance(result, LoadError)
        assert ("counts" in result.message) if not too_long else (result.place == "$.title")
    else:
        assert isinstance(result, Contest) and result.category_count == categories
