"""The streaming reader of large long files against the whole-file reader: the same
contests (names, order, every cell, notes) or the same errors, on generated files
damaged at random places and on real files; without DuckDB; cancelled part way.

The streaming reader is made to take small files (its size threshold set to 0, its
blocks and chunks made small so that rows, lines and characters fall across them);
the whole-file reader is the reference, run with both large-file readers switched off.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import import_contest, limits, long_engine, long_stream
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.formats.importing import list_contests
from tests.conftest import SHARED_REAL
from tests.core.formats.long_files import (
    assert_cells_are_sums,
    cancelled_past_a_quarter,
    fingerprint,
    long_files,
    real_files,
)

Answer = tuple[str, object]


def whole_file_reader(path: Path, options: ImportOptions, monkeypatch: pytest.MonkeyPatch) -> Answer:
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 1 << 62)
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 1 << 62)
    try:
        return "contest", fingerprint(import_contest(path, options))
    except LoadError as error:
        return "error", str(error)


def streaming_reader(path: Path, options: ImportOptions, monkeypatch: pytest.MonkeyPatch) -> Answer | None:
    """The streaming reader's answer; None where it steps aside (another reader reads the file)."""
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    try:
        result = long_stream.import_streamed_long_file(path, options)
    except LoadError as error:
        return "error", str(error)
    return None if result is None else ("contest", fingerprint(result))


def compare(path: Path, options: ImportOptions, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """Assert both readers agree; what the streaming reader gave ("contest" or "error")
    when it read the file itself, None when it stepped aside."""
    expected = whole_file_reader(path, options, monkeypatch)
    found = streaming_reader(path, options, monkeypatch)
    if found is None:
        return None
    assert found == expected
    return found[0] if found[0] == "contest" else f"error ({str(found[1]).rsplit(': ', 1)[-1][:30]}...)"


# --- generated files ------------------------------------------------------------------------

#: Rows before the generated ones, so that what follows lies past the head the streaming
#: reader looks at (set to HEAD in these tests): damage there is the streaming reader's to find.
HEAD = 70_000


def read_in_pieces(monkeypatch: pytest.MonkeyPatch, block: int, chunk: int) -> None:
    """The streamed reader's head (:data:`HEAD`), blocks of bytes and chunks of rows made
    small, so that a small generated file crosses all three."""
    monkeypatch.setattr(long_stream, "HEAD_BYTES", HEAD)
    monkeypatch.setattr(long_stream, "BLOCK_BYTES", block)
    monkeypatch.setattr(long_stream, "CHUNK_ROWS", chunk)


FILLER_CELLS = {"county": "Filler", "precinct": "PCT 9", "office": "Registered Voters", "district": "",
                "party": "DEM", "candidate": "Ann Able"}

WHERE = st.sampled_from([
    (), (), (), (), (), (), (("party", "DEM"),), (("party", "DEM"),), (("county", "adams"),), (("party", "XYZ"),), (("nope", "x"),),
    (("office", "president"), ("party", "rep")),
])
STREAM_OPTIONS = st.builds(
    ImportOptions,
    contest=st.sampled_from([None, "President", "President", "U.S. House", "US House, 1", "Governor", "President;;DEM", "Nothing"]),
    by=st.sampled_from([None, "county", "precinct"]),
    where=WHERE,
)
#: Damage past the head: a byte that is not UTF-8, a zero byte, a stray quote, a ragged row,
#: a lone CR, a bad count, a cell over two lines.
LATE_DAMAGE = st.sampled_from([
    b"\xff", b"\x00", b'"', b",,x,", b"\r", b"\n,,,\n", b"abc", b'"a\nb"', b"\xe2\x82", "１".encode(),
])


@st.composite
def streamed_files(draw: st.DrawFn) -> tuple[bytes, str]:
    text, name = draw(long_files())
    first, _, rest = text.partition("\n")
    columns = first.split(",")
    filler_row = ",".join(FILLER_CELLS.get(column, "1") for column in columns) + "\n"
    filler = filler_row * (HEAD // len(filler_row) + 1)  # the head is all filler
    data = (first + "\n" + filler + rest).encode("utf-8", "surrogateescape")
    for _ in range(max(0, draw(st.integers(-4, 2)))):
        at = draw(st.integers(len(first) + 1 + len(filler), len(data)))
        data = data[:at] + draw(LATE_DAMAGE) + data[at:]
    if draw(st.integers(0, 5)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data, name


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    file=streamed_files(),
    options=STREAM_OPTIONS,
    block=st.sampled_from([3, 7, 64, 4096, 1 << 20]),
    chunk=st.sampled_from([1, 3, 50, 16_384]),
)
def test_generated_files_read_alike(
    file: tuple[bytes, str], options: ImportOptions, block: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, name = file
    read_in_pieces(monkeypatch, block=block, chunk=chunk)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        streamed = compare(path, options, monkeypatch)
        event(f"streamed: {streamed}" if streamed else "stepped aside")


def _write(path: Path, lines: list[str], extra: bytes = b"") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + extra)
    return path


HEADER = "county,precinct,office,district,party,candidate,votes"


def _filler(rows: int = 2500) -> list[str]:
    return [f"F{i % 5},P{i},Governor,,DEM,Ann Able,{i}" for i in range(rows)]


@pytest.mark.parametrize(
    ("late", "options", "expected"),
    [
        # A byte that is not UTF-8 near the end is said before a quote out of place near the start.
        (["A,P1,President,,DEM,Ann,1", 'A,"P2,President,,DEM,Ann,2'], ImportOptions(contest="President"), "not UTF-8"),
        # A ragged row is said before an import error that needs no row (a column not there).
        (["A,P1,President,,DEM,Ann,1,extra"], ImportOptions(contest="President", where=(("nope", "x"),)), "ragged row"),
        # A bad count in the chosen contest, with its line.
        (["A,P1,President,,DEM,Ann,1", "A,P2,President,,DEM,Ann,ten"], ImportOptions(contest="President"), "column 7"),
    ],
)
def test_errors_come_in_the_whole_file_readers_order(
    tmp_path: Path, late: list[str], options: ImportOptions, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(long_stream, "HEAD_BYTES", HEAD)
    extra = b"A,P9,President,,DEM,Ann,\xff1\n" if expected == "not UTF-8" else b""
    path = _write(tmp_path / "xx_general.csv", [HEADER, *_filler(), *late], extra)
    found = streaming_reader(path, options, monkeypatch)
    assert found is not None and found[0] == "error" and expected in str(found[1])
    assert found == whole_file_reader(path, options, monkeypatch)


def test_the_streaming_reader_sums_as_the_csv_module_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a vacuous comparison: a file with withheld cells, pseudo-rows, total precincts,
    messy numbers and a filter is read by the streaming reader itself, in chunks of 7 rows
    and blocks of 5 bytes, and its cells are those summed here with the csv module."""
    read_in_pieces(monkeypatch, block=5, chunk=7)
    lines = [HEADER, *_filler()]
    for i in range(300):
        votes = "*" if i % 11 == 0 else (f'"1,{i:03d}"' if i % 13 == 0 else str(i))
        lines.append(f'{"Adams" if i % 2 else "baker"},P{i % 9},President,,{"DEM" if i % 3 else "REP"},"Cand {i % 4}",{votes}')
        lines.append(f"Adams,Total,President,,DEM,Cand 1,{i}")
        lines.append(f"Adams,P{i % 9},President,,,Over Votes,{i}")
    path = _write(tmp_path / "xx_2024_general_precinct.csv", lines)
    options = ImportOptions(contest="President", by="county", where=(("party", "dem"),))
    assert compare(path, options, monkeypatch) == "contest"
    result = long_stream.import_streamed_long_file(path, options)
    assert result is not None
    sums: dict[tuple[str, str], int] = {}
    withheld: dict[tuple[str, str], int] = {}
    for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines()):
        if row["office"] != "President" or row["precinct"] == "Total" or row["candidate"] == "Over Votes" or row["party"] != "DEM":
            continue
        key = (row["county"].casefold(), row["candidate"].casefold())
        if row["votes"] == "*":
            withheld[key] = withheld.get(key, 0) + 1
        else:
            sums[key] = sums.get(key, 0) + int(row["votes"].replace(",", ""))
    assert_cells_are_sums(result.contest, sums, withheld)
    assert any("'Total' precinct rows left out" in note for note in result.notes)


# --- without DuckDB, above the whole-file reader's limit ------------------------------------------


def _large_file(path: Path, rows: int) -> dict[str, int]:
    """A long file of ``rows`` President rows (and as many of another office); the
    President votes by candidate, summed as it is written."""
    sums: dict[str, int] = {}
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + ",early_voting\n")
        for i in range(rows):
            candidate = ("Ann Able", "Bob Baker", "Cy Cole")[i % 3]
            votes = i % 997
            sums[candidate] = sums.get(candidate, 0) + votes
            out.write(f"County {i % 50},PCT {i % 4000:05d},President,,DEM,{candidate},{votes},{votes}\n")
            out.write(f"County {i % 50},PCT {i % 4000:05d},U.S. House,{i % 5},REP,Dee Day,{i % 13},{i % 13}\n")
    return sums


def test_without_duckdb_a_large_file_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB made unimportable: a file over 4 MB, over the whole-file reader's (lowered)
    limit, tallies through the streaming reader, its sums those written."""
    monkeypatch.setitem(sys.modules, "duckdb", None)
    path = tmp_path / "xx_2024_general_precinct.csv"
    sums = _large_file(path, 45_000)
    assert path.stat().st_size > long_stream.STREAM_MIN_BYTES
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 2**20)  # the whole-file reader would refuse it
    reports: list[tuple[int, int]] = []
    result = import_contest(path, ImportOptions(contest="President", by="county"), progress=lambda d, t: reports.append((d, t)))
    contest = result.contest
    assert contest.category_count == 50
    totals = {candidate.name: sum(int(contest.count(i, j) or 0) for i in range(contest.category_count))
              for j, candidate in enumerate(contest.candidates)}
    assert totals == sums
    assert len(reports) > 3 and reports[-1][0] == reports[-1][1] == path.stat().st_size
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)


def test_cancel_stops_the_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    path = tmp_path / "xx_2024_general_precinct.csv"
    _large_file(path, 45_000)
    monkeypatch.setattr(long_stream, "CHUNK_ROWS", 1000)
    reports = cancelled_past_a_quarter(lambda progress: import_contest(path, ImportOptions(contest="President"), progress=progress))
    # Stopped where it was cancelled: no report after, and far from the end of the file.
    assert reports[-1] > path.stat().st_size // 4
    assert reports[-1] < path.stat().st_size // 2
    assert sum(1 for done in reports if done > path.stat().st_size // 4) == 1


def test_a_file_over_the_long_file_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    path = _write(tmp_path / "huge.csv", [HEADER, *_filler(200)])
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(limits, "MAX_LONG_FILE_BYTES", 2**20)
    path.write_bytes(path.read_bytes() * 400)
    with pytest.raises(LoadError, match="larger than the 1 MB a long results file may be"):
        import_contest(path, ImportOptions(contest="Governor"))


# --- real files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", real_files("openelections"), ids=lambda p: p.name)
def test_real_openelections_files_read_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(long_stream, "CHUNK_ROWS", 1000)
    monkeypatch.setattr(long_stream, "BLOCK_BYTES", 65_536)
    labels = [info.label for info in list_contests(path.read_bytes(), str(path)) if not info.pseudo]
    taken = 0
    for contest in [None, *labels[:6]]:
        for by in (None, "county", "precinct"):
            taken += compare(path, ImportOptions(contest=contest, by=by), monkeypatch) is not None
    assert taken > 0


def test_real_folders_present_or_skipped() -> None:
    if not (SHARED_REAL / "openelections").is_dir():
        pytest.skip(f"{SHARED_REAL}/openelections is absent: the real-file comparisons were not run")
