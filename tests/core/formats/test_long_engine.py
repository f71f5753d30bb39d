"""The DuckDB reader of large long files against the Python reader: the same contests
(names, order, every cell, notes) or the same errors, on generated and real files.

The engine is made to take every file here (its size threshold set to 0); the Python
reader is the reference, run with the engine switched off.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import import_contest, limits, long_engine, long_stream
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.formats.importing import list_contests
from tests.conftest import SHARED_REAL
from tests.core.formats.long_files import OPTIONS, assert_cells_are_sums, fingerprint, long_files, real_files

pytest.importorskip("duckdb")

TABLE_MAX_BYTES = long_engine.TABLE_MAX_BYTES


def python_reader(path: Path, options: ImportOptions, monkeypatch: pytest.MonkeyPatch) -> tuple[str, object]:
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 1 << 62)
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 1 << 62)  # the whole-file reader
    try:
        return "contest", fingerprint(import_contest(path, options))
    except LoadError as error:
        return "error", str(error)


def engine_reader(path: Path, options: ImportOptions, monkeypatch: pytest.MonkeyPatch) -> tuple[str, object] | None:
    """The engine's answer; None where it declines (the Python reader then reads the file).

    Both of its ways are asked and must agree: the file parsed once into a table (as a
    file up to TABLE_MAX_BYTES is) and scanned twice, streaming (as a larger one is)."""
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    answers: list[tuple[str, object] | None] = []
    for table_max in (1 << 62, 0):
        monkeypatch.setattr(long_engine, "TABLE_MAX_BYTES", table_max)
        try:
            result = long_engine.import_large_long_file(path, options)
        except LoadError as error:
            answers.append(("error", str(error)))
        else:
            answers.append(None if result is None else ("contest", fingerprint(result)))
    monkeypatch.setattr(long_engine, "TABLE_MAX_BYTES", TABLE_MAX_BYTES)
    assert answers[0] == answers[1], "the table and the two streaming scans differ"
    return answers[0]


def compare(path: Path, options: ImportOptions, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Assert both readers agree; True when the engine read the file itself."""
    expected = python_reader(path, options, monkeypatch)
    found = engine_reader(path, options, monkeypatch)
    if found is None:
        # Declined: import_contest hands the file to the Python reader, whose answer is the reference.
        monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
        try:
            through = ("contest", fingerprint(import_contest(path, options)))
        except LoadError as error:
            through = ("error", str(error))
        assert through == expected
        return False
    assert found == expected
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(file=long_files(), options=OPTIONS)
def test_generated_files_read_alike(file: tuple[str, str], options: ImportOptions, monkeypatch: pytest.MonkeyPatch) -> None:
    text, name = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        event("read by the engine" if compare(path, options, monkeypatch) else "declined: read by the Python reader")


def test_the_engine_reads_clean_files_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a vacuous comparison: a clean file with withheld cells, pseudo-rows, a total
    precinct, vote modes and names spelled two ways is read by the engine, not declined,
    and its cells are those summed here with the csv module."""
    import csv

    text = (
        "county,precinct,office,district,party,candidate,votes,early_voting,election_day\n"
        "Adams,PCT 1,President,,DEM,Ann Able,10,4,6\n"
        "Adams,PCT 1,President,,REP,Bob Baker,*,1,2\n"
        "Adams,PCT 1,President,,,Over Votes,3,1,2\n"
        "ADAMS,PCT 2,President,,DEM,ann  able,7,3,3\n"
        "Adams,PCT 2,President,,REP,Bob Baker,5,2,3\n"
        "Adams,PCT 2,President,,REP,Bob Baker,*,0,0\n"
        "Adams,Total,President,,DEM,Ann Able,17,7,9\n"
        "Adams,PCT 1,Registered Voters,,,,100,,\n"
        "Baker,PCT 1,President,,DEM,Ann Able,2,1,1\n"
        "Baker,PCT 1,President,,REP,Bob Baker,4,2,2\n"
        "Baker,PCT 1,U.S. House,1,REP,Bob Baker,4,2,2\n"
    )
    path = tmp_path / "xx_2024_general_precinct.csv"
    path.write_text(text, encoding="utf-8")
    for by in ("county", "precinct"):
        assert compare(path, ImportOptions(contest="President", by=by), monkeypatch)
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    result = long_engine.import_large_long_file(path, ImportOptions(contest="President", by="county"))
    assert result is not None
    contest = result.contest
    # Independent sums: the csv module's rows, President, not Total, not Over Votes.
    sums: dict[tuple[str, str], int] = {}
    withheld: dict[tuple[str, str], int] = {}
    for row in csv.DictReader(text.splitlines()):
        if row["office"] != "President" or row["precinct"] == "Total" or row["candidate"] == "Over Votes":
            continue
        key = (row["county"].casefold(), " ".join(row["candidate"].split()).casefold())
        if row["votes"] == "*":
            withheld[key] = withheld.get(key, 0) + 1
        else:
            sums[key] = sums.get(key, 0) + int(row["votes"])
    assert_cells_are_sums(contest, sums, withheld)
    assert [c.name for c in contest.categories] == ["Adams", "Baker"]
    assert any("'Total' precinct rows left out" in note for note in result.notes)
    assert any("Over Votes (1 row)" in note for note in result.notes)


def test_votes_unlike_their_modes_sum_are_counted_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The note on votes that differ from the sum of their vote modes counts the rows whose
    modes are all plain digits and sum to another figure: not a row with a mode empty,
    withheld, messy or too long to be plain (19 digits: their sum would overflow a BIGINT),
    nor a total or pseudo-row. The count is the csv module's, and the Python reader's."""
    import csv

    text = (
        "county,precinct,office,district,party,candidate,votes,early_voting,election_day\n"
        "Adams,PCT 1,President,,DEM,Ann Able,10,4,6\n"  # equal
        "Adams,PCT 1,President,,REP,Bob Baker,9,4,6\n"  # differs
        "Adams,PCT 2,President,,DEM,Ann Able,7,,7\n"  # a mode empty
        "Adams,PCT 2,President,,REP,Bob Baker,5,*,1\n"  # a mode withheld
        "Adams,PCT 3,President,,DEM,Ann Able,5,\" 4\",2\n"  # a mode messy
        "Adams,PCT 3,President,,REP,Bob Baker,5,9223372036854775807,9223372036854775807\n"  # too long
        "Adams,PCT 4,President,,DEM,Ann Able,0,0000000000000001,0\n"  # 16 digits: not plain, though its sum differs
        "Adams,PCT 4,President,,REP,Bob Baker,*,1,2\n"  # votes withheld
        "Adams,PCT 4,President,,,Over Votes,3,1,1\n"  # a pseudo-row
        "Adams,Total,President,,DEM,Ann Able,99,1,1\n"  # a total row
        "Baker,PCT 1,President,,DEM,Ann Able,2,1,2\n"  # differs
    )
    path = tmp_path / "xx_2024_general_precinct.csv"
    path.write_text(text, encoding="utf-8")
    expected = 0
    for row in csv.DictReader(text.splitlines()):
        modes = [row["early_voting"], row["election_day"]]
        if row["precinct"] == "Total" or row["candidate"] == "Over Votes" or not row["votes"].isdigit():
            continue
        if all(m.isdigit() and len(m) <= 15 for m in modes) and sum(map(int, modes)) != int(row["votes"]):
            expected += 1
    assert expected == 2  # Bob Baker in PCT 1, Ann Able in Baker (16 digits are not plain)
    for by in ("county", "precinct"):
        assert compare(path, ImportOptions(contest="President", by=by), monkeypatch)
        result = long_engine.import_large_long_file(path, ImportOptions(contest="President", by=by))
        assert result is not None
        assert f"{expected:,} rows have a votes figure that differs from the sum of their vote modes" in "\n".join(result.notes)


def test_a_bad_cell_gives_the_python_readers_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "xx_general.csv"
    path.write_text(
        "county,precinct,office,district,party,candidate,votes\n"
        "Adams,PCT 1,President,,DEM,Ann Able,10\n"
        "Adams,PCT 2,President,,DEM,Ann Able,ten\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    with pytest.raises(LoadError) as raised:
        import_contest(path, ImportOptions(contest="President"))
    assert "line 3, column 7 (votes)" in str(raised.value)
    assert compare(path, ImportOptions(contest="President"), monkeypatch) is False  # declined, then the same


# --- files the Python reader cannot hold ------------------------------------------------------


def test_a_file_over_the_python_limit_is_read_by_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over MAX_FILE_BYTES the Python reader refuses; the engine reads it as the Python
    reader reads it under the limit."""
    lines = ["county,precinct,office,district,party,candidate,votes"]
    lines += [f"C{i % 3},P{i},President,,DEM,Ann Able,{i}" for i in range(200)]
    lines += [f"C{i % 3},P{i},President,,REP,Bob Baker,{'*' if i % 7 == 0 else 2 * i}" for i in range(200)]
    path = tmp_path / "big_general.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = ImportOptions(contest="President", by="county")
    expected = python_reader(path, options, monkeypatch)
    assert expected[0] == "contest"
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    assert ("contest", fingerprint(import_contest(path, options))) == expected


def test_a_bad_cell_in_a_file_over_the_python_limit_is_refused_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["county,precinct,office,district,party,candidate,votes"]
    lines += [f"C{i % 3},P{i},President,,DEM,Ann Able,{i}" for i in range(100)]
    lines[42] = 'C1,"P\n41",President,,DEM,Ann Able,-4'  # a cell over two lines before it
    path = tmp_path / "big_general.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    with pytest.raises(LoadError) as raised:
        import_contest(path, ImportOptions(contest="President", by="county"))
    error = raised.value
    assert error.source == str(path)
    assert "line 43, column 7 (votes)" in str(error)
    assert "-4" in str(error) or "negative" in str(error)


@pytest.mark.parametrize("by", ["county", "precinct"])
def test_a_blank_name_in_a_file_over_the_python_limit_is_refused_as_the_python_reader_refuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by: str
) -> None:
    """The first row that names no candidate or no category, whichever comes first, with
    the Python reader's message, line and column (that reader reads the file under its limit)."""
    lines = ["county,precinct,office,district,party,candidate,votes"]
    lines += [f"C{i % 3},P{i},President,,DEM,Ann Able,{i}" for i in range(100)]
    lines[61] = "C1,P60,President,,DEM,  ,5"  # no candidate
    lines[37] = " , ,President,,DEM,Ann Able,5"  # no county, no precinct: earlier
    lines[80] = "C2,P79,President,,DEM,,5"
    path = tmp_path / "big_general.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = ImportOptions(contest="President", by=by)
    expected = python_reader(path, options, monkeypatch)
    assert expected[0] == "error" and "line 38" in str(expected[1]) and "names no county or precinct" in str(expected[1])
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    for table_max in (1 << 62, 0):
        monkeypatch.setattr(long_engine, "TABLE_MAX_BYTES", table_max)
        with pytest.raises(LoadError) as raised:
            import_contest(path, options)
        assert ("error", str(raised.value)) == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_csv_is_refused_on_the_engine_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "results.csv"
    os.mkfifo(fifo)
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    with pytest.raises(LoadError) as raised:
        import_contest(fifo, ImportOptions(contest="President"))
    assert "named pipe (FIFO)" in str(raised.value)
    # Even where a file's stat said "regular" and it was swapped for a FIFO, the engine
    # opens it through limits.open_regular_file, which checks the descriptor again.
    with pytest.raises(LoadError, match="named pipe"):
        limits.open_regular_file(fifo, long_engine.ENGINE_MAX_BYTES)


def test_a_file_over_the_engine_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("county,precinct,office,district,party,candidate,votes\nA,P,President,,DEM,Ann,1\n", encoding="utf-8")
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    monkeypatch.setattr(long_engine, "ENGINE_MAX_BYTES", 10)
    with pytest.raises(LoadError, match="larger than the 0 MB a long results file may be"):
        import_contest(path, ImportOptions(contest="President"))


# --- real files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", real_files("openelections"), ids=lambda p: p.name)
def test_real_openelections_files_read_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    labels = [info.label for info in list_contests(path.read_bytes(), str(path)) if not info.pseudo]
    taken = 0
    for contest in [None, *labels[:6]]:
        for by in (None, "county", "precinct"):
            taken += compare(path, ImportOptions(contest=contest, by=by), monkeypatch)
    if "baylor" not in path.name:  # its header repeats 'district': declined, read by the Python reader
        assert taken > 0


@pytest.mark.parametrize("path", real_files("medsl"), ids=lambda p: p.name)
def test_real_medsl_files_go_to_the_python_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MEDSL's layout is not the engine's: it declines, and the answer is the Python reader's."""
    for options in (ImportOptions(where=(("year", "2020"),)), ImportOptions(contest="2016")):
        assert compare(path, options, monkeypatch) is False


def test_real_folders_present_or_skipped() -> None:
    if not (SHARED_REAL / "openelections").is_dir():
        pytest.skip(f"{SHARED_REAL}/openelections is absent: the real-file comparisons were not run")


def test_without_duckdb_the_engine_steps_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The frozen app has no DuckDB (docs/packaging.md): ``import duckdb`` fails, the engine
    declines without a word, and the Python reader gives what it gives with DuckDB present."""
    path = tmp_path / "xx_2024_general_precinct.csv"
    path.write_text(
        "county,precinct,office,district,party,candidate,votes\n"
        "Adams,PCT 1,President,,DEM,Ann Able,10\n"
        "Adams,PCT 1,President,,REP,Bob Baker,*\n"
        "Baker,PCT 1,President,,DEM,Ann Able,2\n"
        "Baker,PCT 1,President,,REP,Bob Baker,4\n",
        encoding="utf-8",
    )
    options = ImportOptions(contest="President", by="county")
    assert engine_reader(path, options, monkeypatch) is not None, "with DuckDB the engine reads this file"
    with_duckdb = fingerprint(import_contest(path, options))
    monkeypatch.setitem(sys.modules, "duckdb", None)  # `import duckdb` raises ImportError
    assert long_engine.import_large_long_file(path, options) is None
    assert fingerprint(import_contest(path, options)) == with_duckdb
