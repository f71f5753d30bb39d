"""The contests of a large long file, listed a chunk of rows at a time (as ``tally`` reads
it), against the whole-file list: the same contests (labels, offices, districts, parties,
row counts, spellings, pseudo contests) or the same error, on generated files damaged at
random places past the head and on real files.

The large-file path is made to take small files (its size threshold set to 0, its head,
blocks and chunks made small); the whole-file list (:func:`list_contests` on the file's
bytes) is the reference.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import limits, long_stream, read_bytes
from resultsviewer.core.formats.importing import list_contests, list_file_contests
from resultsviewer.core.formats.openelections import ContestInfo
from tests.core.formats.long_files import cancelled_past_a_quarter, real_files
from tests.core.formats.test_long_stream import HEAD, HEADER, _filler, _write, read_in_pieces, streamed_files

Listing = tuple[str, object]


def _described(contests: list[ContestInfo]) -> list[tuple[object, ...]]:
    return [(c.label, c.office, c.district, c.party, c.rows, sorted(c.spellings), c.pseudo) for c in contests]


def whole_file_list(path: Path) -> Listing:
    try:
        return "contests", _described(list_contests(read_bytes(path), str(path)))
    except LoadError as error:
        return "error", str(error)


def large_file_list(path: Path, monkeypatch: pytest.MonkeyPatch) -> Listing | None:
    """The large-file path's list; None where it steps aside (the whole-file reader reads the file)."""
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    if long_stream.streamed_long_table(path) is None:
        return None
    try:
        return "contests", _described(list_file_contests(path))
    except LoadError as error:
        return "error", str(error)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    file=streamed_files(),
    block=st.sampled_from([3, 7, 64, 4096, 1 << 20]),
    chunk=st.sampled_from([1, 3, 50, 16_384]),
)
def test_generated_files_list_alike(file: tuple[bytes, str], block: int, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data, name = file
    read_in_pieces(monkeypatch, block=block, chunk=chunk)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        expected = whole_file_list(path)
        found = large_file_list(path, monkeypatch)
        if found is None:
            event("stepped aside")
            return
        assert found == expected
        event(f"listed: {found[0]}")


def test_the_list_counts_rows_as_the_csv_module_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a vacuous comparison: a file over the whole-file reader's (lowered) limit is
    listed in chunks of 7 rows and blocks of 5 bytes, and its rows per contest, spellings
    and pseudo contests are those counted here with the csv module."""
    read_in_pieces(monkeypatch, block=5, chunk=7)
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    offices = ["U.S. House", "US House", "President", "Registered Voters", "Governor"]
    lines = [HEADER, *_filler()]
    for i in range(900):
        district = str(i % 3 + 1) if i % 5 < 2 else ""
        # One party with one candidate: a general election, not a primary (two parties of two each).
        lines.append(f'County {i % 4},P{i % 9},{offices[i % 5]},{district},{"DEM" if i % 4 else "REP"},"Cand {i % 4}",{i}')
        if i % 50 == 0:
            lines.append("")  # a blank line: no row
    path = _write(tmp_path / "xx_2024_general_precinct.csv", lines)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", path.stat().st_size // 2)
    with pytest.raises(LoadError, match="larger than"):
        read_bytes(path)  # the whole-file reader refuses it: only the large-file path lists it

    contests = list_file_contests(path)

    with open(path, newline="", encoding="utf-8") as stream:
        rows = [row for row in csv.DictReader(stream) if any(row.values())]
    folded = {"U.S. House": "us house", "US House": "us house"}
    counted = Counter((folded.get(r["office"], r["office"].casefold()), r["district"]) for r in rows)
    assert {(c.key[0], c.district): c.rows for c in contests} == counted
    house = next(c for c in contests if c.key == ("us house", "1", ""))
    assert house.spellings == {"U.S. House", "US House"} and house.label == "U.S. House, district 1"
    assert [c.label for c in contests if c.pseudo] == ["Registered Voters"]
    assert sum(c.rows for c in contests) == len(rows)


def test_a_primary_lists_each_partys_race(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(long_stream, "HEAD_BYTES", HEAD)
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    lines = [HEADER, *_filler()]
    for i in range(400):
        lines.append(f"A,P{i % 7},President,,{'DEM' if i % 2 else 'REP'},Cand {i % 4},{i}")
    path = _write(tmp_path / "xx_2024_primary_precinct.csv", lines)
    contests = list_file_contests(path)
    assert _described(contests) == whole_file_list(path)[1]
    assert {c.label: c.rows for c in contests if c.office == "President"} == {"President (REP)": 200, "President (DEM)": 200}


@pytest.mark.parametrize(
    ("late", "expected"),
    [
        (b"A,P9,President,,DEM,Ann,\xff1\n", "not UTF-8"),
        (b"A,P9,President,,DEM,Ann,1,extra\n", "ragged row"),
        (b'A,"P9,President,,DEM,Ann,1\n', "line"),
        (b"A,P9,Pres\x00ident,,DEM,Ann,1\n", "binary file"),
    ],
)
def test_bad_input_names_file_and_line_as_the_whole_file_reader_does(
    tmp_path: Path, late: bytes, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(long_stream, "HEAD_BYTES", HEAD)
    path = _write(tmp_path / "xx_general.csv", [HEADER, *_filler(), "A,P1,President,,DEM,Ann,1"], late)
    found = large_file_list(path, monkeypatch)
    assert found is not None and found[0] == "error"
    assert str(found[1]).startswith(str(path)) and expected in str(found[1])
    assert found == whole_file_list(path)
    if expected != "binary file":  # said of the whole file
        assert f"line {len(_filler()) + 3}" in str(found[1])


def test_a_file_over_the_long_file_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "huge.csv", [HEADER, *_filler(200)])
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(limits, "MAX_LONG_FILE_BYTES", 2**20)
    path.write_bytes(path.read_bytes() * 400)
    with pytest.raises(LoadError, match="larger than the 1 MB a long results file may be") as refused:
        list_file_contests(path)
    assert str(refused.value).startswith(str(path))


def test_other_files_are_read_whole_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table that is not an OpenElections file steps aside: the whole-file reader lists it or says why."""
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    path = _write(tmp_path / "wide.csv", ["region,Ann,Bob", *(f"R{i},{i},{i + 1}" for i in range(5000))])
    assert long_stream.streamed_long_table(path) is None
    with pytest.raises(LoadError, match="holds one contest"):
        list_file_contests(path)


@pytest.mark.parametrize("path", real_files("openelections"), ids=lambda p: p.name)
def test_real_openelections_files_list_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(long_stream, "CHUNK_ROWS", 1000)
    found = large_file_list(path, monkeypatch)
    assert found is not None and found[0] == "contests"
    assert found == whole_file_list(path)


def test_the_listing_reports_its_one_pass_over_the_whole_bar_and_can_be_cancelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window lists a large file's contests in the background: its bar goes from the
    start to the whole file's size (one pass, not the first half of an import's two), and
    Cancel stops it at the next report, far from the end."""
    read_in_pieces(monkeypatch, block=4096, chunk=500)
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    path = _write(tmp_path / "xx_general.csv", [HEADER, *_filler(20_000), *(f"A,P{i},President,,DEM,Ann,{i}" for i in range(3000))])
    size = path.stat().st_size
    reports: list[tuple[int, int]] = []
    contests = list_file_contests(path, progress=lambda done, total: reports.append((done, total)))
    assert _described(contests) == whole_file_list(path)[1]
    assert {total for _, total in reports} == {size}
    done = [d for d, _ in reports]
    assert done == sorted(done) and done[-1] == size
    assert len({d for d in done if 0 < d < size}) >= 10  # it moves, chunk by chunk
    assert done[-2] > 0.9 * size  # the last chunk read is near the end of the bar, not half way

    seen = cancelled_past_a_quarter(lambda progress: list_file_contests(path, progress=progress))
    assert size // 4 < seen[-1] < size // 2
    assert sum(1 for d in seen if d > size // 4) == 1
