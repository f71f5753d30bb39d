"""A long read says how far it has got, and stops when its progress callback says so."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import SPREADSHEET_CSV, read_contest, spreadsheet_fast
from resultsviewer.core.formats.opening import open_contest_file
from resultsviewer.core.progress import ROWS_PER_REPORT, Cancelled, FileProgress, advance, part
from tests import spreadsheet_files

ROWS = 30_000  # over a megabyte: the spreadsheet reader's fast path reads it
CANDIDATES = 8


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch) -> None:
    """The fast path reads 256 KB at a time: 64 KB blocks make a test file of a few MB many blocks."""
    monkeypatch.setattr(spreadsheet_fast, "BLOCK_BYTES", 64 * 1024)


def write_spreadsheet(path: Path, rows: int = ROWS, quoted_last: bool = False) -> Path:
    """Our spreadsheet CSV of ``rows`` categories; with ``quoted_last``, the last one's name holds a comma."""
    return spreadsheet_files.write_spreadsheet(
        path, rows, CANDIDATES, last_name=f"Precinct {rows - 1}, the last" if quoted_last else None
    )


def column_sums(path: Path) -> list[int]:
    return spreadsheet_files.column_sums(path, CANDIDATES)


def reported(path: Path, reader=open_contest_file) -> tuple[object, list[int]]:
    reports: list[tuple[int, int]] = []
    result = reader(path, lambda done, total: reports.append((done, total)))
    assert {total for _, total in reports} == {os.path.getsize(path)}
    done = [each for each, _ in reports]
    assert done == sorted(done), "the bar never goes back"
    assert done[0] == 0 and done[-1] == os.path.getsize(path)
    return result, done


def test_progress_moves_through_a_large_spreadsheet_and_ends_full(tmp_path: Path) -> None:
    path = write_spreadsheet(tmp_path / "large.csv")
    opened, done = reported(path)
    size = os.path.getsize(path)
    # Both of the fast path's passes report block by block (64 KB here).
    assert len({each for each in done if 0 < each < size}) >= 2 * size // (64 * 1024) - 2
    assert opened.contest is not None and opened.file_format is SPREADSHEET_CSV
    assert [opened.contest.candidate_total(index) for index in range(CANDIDATES)] == column_sums(path)


def test_a_fast_path_that_gives_up_never_sends_the_bar_back(tmp_path: Path) -> None:
    path = write_spreadsheet(tmp_path / "quoted.csv", quoted_last=True)  # a quoted name: the exact reader's
    opened, done = reported(path)
    assert opened.contest.category(ROWS - 1).name == f"Precinct {ROWS - 1}, the last"
    assert [opened.contest.candidate_total(index) for index in range(CANDIDATES)] == column_sums(path)
    contest, _ = reported(path, lambda path, progress: read_contest(path, progress=progress))
    assert contest.category(ROWS - 1).name == f"Precinct {ROWS - 1}, the last"


def test_progress_moves_through_a_long_table(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["precinct", "candidate", "votes"])
        for row in range(5 * ROWS_PER_REPORT):
            writer.writerow([f"Precinct {row // 2}", f"Candidate {row % 2}", row])
    opened, done = reported(path)
    assert opened.table is not None and len(opened.table.rows) == 5 * ROWS_PER_REPORT
    assert len({each for each in done if 0 < each < os.path.getsize(path)}) >= 5


def test_a_read_with_progress_reads_what_a_read_without_does(tmp_path: Path) -> None:
    path = write_spreadsheet(tmp_path / "large.csv")
    watched = read_contest(path, progress=lambda done, total: None)
    plain = read_contest(path)
    assert [watched.row(index) for index in range(watched.category_count)] == [
        plain.row(index) for index in range(plain.category_count)
    ]
    assert [c.name for c in watched.categories] == [c.name for c in plain.categories]


def test_cancelled_stops_the_read_part_way(tmp_path: Path) -> None:
    path = write_spreadsheet(tmp_path / "large.csv")
    size = os.path.getsize(path)
    reports: list[int] = []

    def cancel_part_way(done: int, total: int) -> None:
        reports.append(done)
        if 0.3 * size < done < 0.8 * size:
            raise Cancelled

    with pytest.raises(Cancelled):
        open_contest_file(path, cancel_part_way)
    assert 0.3 * size < reports[-1] < 0.8 * size  # not one report after the one that cancelled


def test_cancelled_before_anything_is_read(tmp_path: Path) -> None:
    path = write_spreadsheet(tmp_path / "large.csv", rows=10)

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        read_contest(path, progress=cancel)
    with pytest.raises(Cancelled):
        open_contest_file(path, cancel)


def test_an_unreadable_file_says_so_with_or_without_progress(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("category,A,B\nNorth,1,2\nSouth,3,4,5\n", encoding="utf-8")
    with pytest.raises(LoadError) as plain:
        open_contest_file(path)
    with pytest.raises(LoadError) as watched:
        open_contest_file(path, lambda done, total: None)
    assert str(watched.value) == str(plain.value)
    assert "line 3" in str(plain.value)


def test_advance_outside_a_reported_read_does_nothing() -> None:
    advance(10, 100)  # no callback: no error, nothing to tell
    with part(0.5):
        advance(1, 2)


def test_steps_share_one_bar() -> None:
    reports: list[int] = []
    bar = FileProgress(lambda done, total: reports.append(done), 1000)
    with bar.step(0.25):
        advance(1, 2)
    with bar.step(0.5):
        advance(1, 4)
        advance(4, 4)
    bar.finish()
    assert reports == [0, 125, 250, 250, 375, 750, 750, 1000]


def test_a_pass_in_parts() -> None:
    reports: list[int] = []
    bar = FileProgress(lambda done, total: reports.append(done), 1000)
    with bar.step(0.2):
        pass
    with bar.step(0.8):  # 200 to 1000: parse the rows in a quarter of it, then build the rest
        with part(0.25):
            advance(1, 2)
        advance(3, 4)  # back in the pass: three quarters of it
    assert reports == [0, 200, 200, 200, 300, 400, 800, 1000]


def test_an_attempt_that_gives_up_leaves_the_rest_of_the_bar_to_what_follows() -> None:
    reports: list[int] = []
    bar = FileProgress(lambda done, total: reports.append(done), 1000)
    with bar.attempt():
        advance(2, 5)  # the fast path read 40% of the file, then gave up
    with bar.step(0.5):
        pass
    with bar.step(0.5):
        advance(1, 2)
    assert reports == [0, 400, 400, 700, 700, 850, 1000]
