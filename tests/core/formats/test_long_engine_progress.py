"""The DuckDB reader in a reported read (the window's): the bar moves through each scan of
the file, the contest is the one an unreported read gives, and Cancel interrupts a query
that is running."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest

from resultsviewer.core.formats import import_contest, long_engine
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.progress import Cancelled, FileProgress

duckdb = pytest.importorskip("duckdb")

OPTIONS = ImportOptions(contest="President", by="county")


def write_long(path: Path, precincts: int = 3000) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["county", "precinct", "office", "district", "party", "candidate", "votes"])
        for number in range(precincts):
            county = f"County {number % 11}"
            writer.writerow([county, f"P{number}", "President", "", "DEM", "Ann Able", number % 700])
            writer.writerow([county, f"P{number}", "President", "", "REP", "Bob Baker", number % 500])
            writer.writerow([county, f"P{number}", "Governor", "", "DEM", "Cy Cole", number % 300])
    return path


@pytest.mark.parametrize("through_table", [True, False], ids=["one parse into a table", "two streaming scans"])
def test_a_reported_read_moves_through_each_scan_and_gives_the_same_contest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through_table: bool
) -> None:
    path = write_long(tmp_path / "long.csv")
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0)
    if not through_table:  # as a file over TABLE_MAX_BYTES is read
        monkeypatch.setattr(long_engine, "TABLE_MAX_BYTES", 0)
    taken: list[bool] = []
    engine = long_engine.import_large_long_file

    def spied(*args, **kwargs):
        result = engine(*args, **kwargs)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(long_engine, "import_large_long_file", spied)
    unreported = import_contest(path, OPTIONS)
    reports: list[int] = []
    threads: set[str] = set()

    def progress(done: int, total: int) -> None:
        assert total == path.stat().st_size
        threads.add(threading.current_thread().name)
        reports.append(done)

    reported = import_contest(path, OPTIONS, progress=progress)
    assert taken == [True, True]
    assert reports == sorted(reports) and reports[-1] == path.stat().st_size
    # The bar stops at the end of each part: the zero-byte pass, then the parse into the
    # table and the query of its contests, or the first scan.
    size = path.stat().st_size
    first = long_engine.ZERO_SCAN_SHARE
    if through_table:
        shares = [first, first + long_engine.TABLE_SHARE, first + long_engine.TABLE_SHARE + long_engine.TABLE_SCAN_SHARE]
    else:
        shares = [first, first + long_engine.SCAN_SHARE]
    ends = [round(size * share) for share in shares]
    assert all(end in reports for end in ends)
    assert threads == {threading.current_thread().name}  # the callback is called in the reading thread only
    assert reported.contest.total_votes == unreported.contest.total_votes
    assert [reported.contest.row(i) for i in range(reported.contest.category_count)] == [
        unreported.contest.row(i) for i in range(unreported.contest.category_count)
    ]
    assert reported.notes == unreported.notes


def test_cancel_interrupts_a_running_query(monkeypatch: pytest.MonkeyPatch) -> None:
    """A query of many minutes, cancelled as soon as it has started: it stops, and the
    reading thread raises Cancelled with no helper thread left."""
    monkeypatch.setattr(long_engine, "POLL_SECONDS", 0.01)
    connection = duckdb.connect()
    started = threading.Event()

    def run():
        started.set()
        return connection.execute("SELECT count(*) FROM range(1000000000000) t(i) WHERE i % 7 = 3").fetchall()

    def progress(done: int, total: int) -> None:
        if started.is_set():
            raise Cancelled

    bar = FileProgress(progress, 1000)
    with pytest.raises(Cancelled), bar.step(1.0):
        long_engine._reported(connection, 1.0, run, 1000)
    assert not [thread for thread in threading.enumerate() if thread.name == "resultsviewer-duckdb-query"]
    assert connection.execute("SELECT 42").fetchall() == [(42,)]  # the connection is usable again
    connection.close()
