"""A long read says how far it has got, and stops when its progress callback says so."""

from __future__ import annotations

import csv
import os
import random
from pathlib import Path

import pytest

from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import read_contest
from resultsviewer.core.formats.opening import open_contest_file
from resultsviewer.core.progress import ROWS_PER_REPORT, Cancelled, FileProgress, advance, part

ROWS = 5 * ROWS_PER_REPORT + 100
CANDIDATES = 8


def write_spreadsheet(path: Path, rows: int = ROWS) -> Path:
    """Our spreadsheet CSV of ``rows`` categories, counts from a seeded generator."""
    generator = random.Random(16)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["category", *(f"Candidate {number}" for number in range(CANDIDATES))])
        for row in range(rows):
            writer.writerow([f"Precinct {row}", *(generator.randrange(5000) for _ in range(CANDIDATES))])
    return path


def column_sums(path: Path) -> list[int]:
    """Each candidate's total as the csv module reads the file, apart from the app's reader."""
    with path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))[1:]
    return [sum(int(row[column]) for row in rows) for column in range(1, CANDIDATES + 1)]


def test_progress_moves_through_the_file_and_ends_full(tmp_path: Path) -> None:
    path = write_spreadsheet(tmp_path / "large.csv")
    reports: list[tuple[int, int]] = []
    opened = open_contest_file(path, lambda done, total: reports.append((done, total)))
    size = os.path.getsize(path)
    assert {total for _, total in reports} == {size}
    done = [each for each, _ in reports]
    assert done == sorted(done), "the bar never goes back"
    assert done[0] == 0 and done[-1] == size
    # The table's parse reports every few thousand rows, between the read and the contest.
    assert len({each for each in done if 0 < each < size}) >= ROWS // ROWS_PER_REPORT
    assert opened.contest is not None
    assert [opened.contest.candidate_total(index) for index in range(CANDIDATES)] == column_sums(path)


def test_a_read_with_progress_reads_what_a_read_without_does(tmp_path: Path) -> None:
    path = write_spreadsheet(tmp_path / "large.csv", rows=ROWS_PER_REPORT + 7)
    watched = read_contest(path, progress=lambda done, total: None)
    plain = read_contest(path)
    assert [watched.row(index) for index in range(watched.category_count)] == [
        plain.row(index) for index in range(plain.category_count)
    ]
    assert [c.name for c in watched.categories] == [c.name for c in plain.categories]


def test_cancelled_stops_the_read_in_the_middle_of_the_table(tmp_path: Path) -> None:
    path = write_spreadsheet(tmp_path / "large.csv")
    size = os.path.getsize(path)
    reports: list[int] = []

    def cancel_in_the_table(done: int, total: int) -> None:
        reports.append(done)
        if 0.1 * size < done < 0.3 * size:  # a few thousand rows into the table
            raise Cancelled

    with pytest.raises(Cancelled):
        open_contest_file(path, cancel_in_the_table)
    assert 0.1 * size < reports[-1] < 0.3 * size  # not one report after the one that cancelled


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
