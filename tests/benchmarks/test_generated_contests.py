"""The generated spreadsheet CSV the benchmarks load is the app's own format, byte for byte:
what the loaders are measured on is a file the app would write."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from resultsviewer.core.formats import SPREADSHEET_CSV, read_contest, write_contest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from generated_contests import write_spreadsheet_csv  # noqa: E402


def test_the_fast_writer_writes_what_the_app_writes_back(tmp_path: Path) -> None:
    path = write_spreadsheet_csv(tmp_path / "generated.csv", 1_234, candidates=7, seed=5)
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["category", *(f"Candidate {index}" for index in range(7))]
    assert len(rows) == 1 + 1_234
    assert all(len(row) == 8 and row[0] == f"Precinct {number}" for number, row in enumerate(rows[1:]))
    assert all(0 <= int(cell) <= 5000 for row in rows[1:] for cell in row[1:])

    contest = read_contest(path)
    assert (contest.category_count, contest.candidate_count) == (1_234, 7)
    assert contest.candidate_total(3) == sum(int(row[4]) for row in rows[1:])
    written = write_contest(contest, tmp_path / "written.csv", SPREADSHEET_CSV)
    assert written is SPREADSHEET_CSV
    assert (tmp_path / "written.csv").read_bytes() == path.read_bytes()


def test_the_same_arguments_give_the_same_file_and_a_finished_file_is_reused(tmp_path: Path) -> None:
    first = write_spreadsheet_csv(tmp_path / "a.csv", 300, seed=9).read_bytes()
    second = write_spreadsheet_csv(tmp_path / "b.csv", 300, seed=9).read_bytes()
    assert first == second
    assert write_spreadsheet_csv(tmp_path / "c.csv", 300, seed=10).read_bytes() != first
    assert not list(tmp_path.glob("*.part"))
