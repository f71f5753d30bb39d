"""A large table is opened by its head (issue 16): the first rows parsed for the import
dialog, whatever the file's size, never the whole file; small files as before."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import resultsviewer.core.formats as formats_module
import resultsviewer.core.formats.opening as opening
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import NATIVE
from resultsviewer.core.formats.opening import HEAD_BYTES, HEAD_MIN_BYTES, open_contest_file

DEFAULT = Path(__file__).resolve().parents[3] / "resources" / "labour-leadership-2016.results.json"
HEADER = ["county", "precinct", "office", "district", "party", "candidate", "votes"]


def write_long(path: Path, size: int, *, note_every: int = 0) -> Path:
    """An OpenElections-like file of at least ``size`` bytes; with ``note_every``, every so
    many rows a quoted candidate name holding a line break (a cell over two lines)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        row = 0
        while stream.tell() < size:
            name = "Ann\nAble" if note_every and row % note_every == 0 else "Ann Able"
            writer.writerow([f"County {row % 9}", f"PCT {row}", "President", "", "DEM", name, str(row % 500)])
            writer.writerow([f"County {row % 9}", f"PCT {row}", "President", "", "REP", "Bob Baker", str(row % 300)])
            row += 1
    return path


def file_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def test_a_large_long_file_comes_back_as_its_first_rows(tmp_path: Path, reads: list[str]) -> None:
    path = write_long(tmp_path / "big.csv", HEAD_MIN_BYTES + 100_000)
    reports: list[tuple[int, int]] = []
    opened = open_contest_file(path, lambda done, total: reports.append((done, total)))
    assert reads == []  # the file is never read whole
    assert opened.is_head and opened.head_of_bytes == path.stat().st_size
    assert opened.contest is None and opened.guess is not None and opened.guess.options.layout == "openelections"
    rows = file_rows(path)
    table = opened.table
    assert table is not None and table.header == HEADER
    # Whole rows, the file's first ones, and no more than the head holds.
    assert 0 < len(table.rows) < len(rows) - 1
    assert table.rows == rows[1 : 1 + len(table.rows)]
    assert len("".join(",".join(row) + "\n" for row in rows[: 1 + len(table.rows)]).encode()) <= HEAD_BYTES
    assert reports and reports[-1] == (path.stat().st_size, path.stat().st_size)


@pytest.mark.parametrize("shift", range(0, 40, 3))
def test_every_cut_of_a_quoted_cell_keeps_whole_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shift: int) -> None:
    """The head's size moved byte by byte over a cell of two lines: the rows are the file's."""
    path = tmp_path / "cut.csv"
    lines = ["county,precinct,office,district,party,candidate,votes\n"]
    lines += [f"A,P{n},President,,DEM,\"Ann\nAble\",{n}\n" for n in range(200)]
    path.write_text("".join(lines), encoding="utf-8")
    head = len("".join(lines[:50]).encode()) + shift
    monkeypatch.setattr(opening, "HEAD_BYTES", head)
    monkeypatch.setattr(opening, "HEAD_MIN_BYTES", 1)
    opened = open_contest_file(path)
    assert opened.is_head and opened.table is not None
    rows = file_rows(path)
    assert opened.table.rows == rows[1 : 1 + len(opened.table.rows)]
    assert len(opened.table.rows) in (49, 50)


def test_a_small_table_is_parsed_whole_as_before(tmp_path: Path) -> None:
    path = write_long(tmp_path / "small.csv", 200_000)
    opened = open_contest_file(path)
    assert not opened.is_head and opened.head_of_bytes is None
    assert opened.table is not None and len(opened.table.rows) == len(file_rows(path)) - 1


def test_a_large_file_that_is_no_table_is_read_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Native JSON (told by its content) and our spreadsheet CSV are never taken for a
    table's head: they are read as any file is, and open as contests."""
    monkeypatch.setattr(opening, "HEAD_MIN_BYTES", 4096)
    monkeypatch.setattr(opening, "HEAD_BYTES", 1024)
    native = tmp_path / "contest.txt"
    native.write_bytes(DEFAULT.read_bytes() + b" " * 8192)
    opened = open_contest_file(native)
    assert opened.file_format is NATIVE and opened.contest is not None and not opened.is_head
    sheet = tmp_path / "sheet.txt"
    sheet.write_text("category,Ann,Bob\n" + "".join(f"P{n},{n},{n + 1}\n" for n in range(1000)), encoding="utf-8")
    opened = open_contest_file(sheet)
    assert opened.contest is not None and opened.contest.category_count == 1000 and not opened.is_head


def test_the_head_of_a_file_past_the_size_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the limit a whole file may be read, its head still opens (the import applies
    the limits of the reader that takes the file)."""
    path = write_long(tmp_path / "over.csv", HEAD_MIN_BYTES + 10_000)
    monkeypatch.setattr("resultsviewer.core.formats.limits.MAX_FILE_BYTES", HEAD_MIN_BYTES)
    with pytest.raises(LoadError, match="larger than"):
        formats_module.read_bytes(path)
    opened = open_contest_file(path)
    assert opened.is_head


def test_a_head_that_is_not_text_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    body = io.BytesIO()
    body.write(b"county,precinct,office,district,party,candidate,votes\n")
    body.write(b"A,P1,President,,DEM,Jos\xe9,1\n")
    while body.tell() < HEAD_MIN_BYTES + 1000:
        body.write(b"A,P1,President,,DEM,Ann,1\n")
    path.write_bytes(body.getvalue())
    with pytest.raises(LoadError) as refused:
        open_contest_file(path)
    assert str(path) in str(refused.value) and "line 2" in str(refused.value)


def test_a_long_csv_past_the_size_limit_is_left_to_the_long_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The spreadsheet fast path would refuse a .csv past the size limit as too large,
    unread; one whose first cell is not ``category`` goes on to the long engine instead
    (``resultsviewer tally`` of a 2 GB OpenElections file with no choices was refused)."""
    from resultsviewer.core.formats import spreadsheet, spreadsheet_fast

    long_file = write_long(tmp_path / "past.csv", 50_000)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("category,Ann,Bob\n" + "".join(f"P{n},{n},{n + 1}\n" for n in range(5000)), encoding="utf-8")
    fast_reads: list[str] = []
    monkeypatch.setattr(formats_module, "MAX_FILE_BYTES", 10_000)
    monkeypatch.setattr(spreadsheet, "FAST_PATH_BYTES", 0)
    monkeypatch.setattr(spreadsheet_fast, "fast_read", lambda path, source: fast_reads.append(source))
    assert formats_module.read_large_spreadsheet(long_file) is None
    assert fast_reads == []
    formats_module.read_large_spreadsheet(sheet)
    assert fast_reads == [str(sheet)]  # ours: the fast path, which refuses it as too large


def write_by_office(path: Path, offices: list[tuple[str, int]]) -> Path:
    """An OpenElections-like file sorted by office: each office's rows together, in order."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        for office, rows in offices:
            for row in range(rows):
                writer.writerow([f"County {row % 50}", f"PCT {row}", office, "", "DEM" if row % 2 else "REP",
                                 f"{office} {row % 2}", str(row % 500)])
    return path


def test_a_heads_contests_are_said_to_be_the_first_rows_not_the_files(tmp_path: Path) -> None:
    """A file sorted by office whose last office lies past the head: the preview of the head
    counts the contests of its first rows, and says so, never that the file holds them."""
    from resultsviewer.core.formats import import_contest
    from resultsviewer.core.formats.delimited import ImportOptions
    from resultsviewer.core.formats.importing import import_parsed

    path = write_by_office(tmp_path / "xx_2024_general_county.csv",
                           [("President", 8000), ("Governor", 8000), ("U.S. Senate", 50_000), ("Attorney General", 50_000)])
    opened = open_contest_file(path)
    table = opened.table
    assert opened.is_head and table is not None
    in_head = {row[2] for row in table.rows}
    in_file = {row[2] for row in file_rows(path)[1:]}
    assert in_head == {"President", "Governor", "U.S. Senate"} and len(in_file) == 4

    notes = import_parsed(table, ImportOptions()).notes
    said = f"the first {len(table.rows):,} rows hold 3 contests"
    assert any(note.startswith(f"contest chosen: President ({said};") for note in notes)
    assert not any("the file holds" in note for note in notes)
    with pytest.raises(LoadError, match=f"no contest 'Attorney General' in the first {len(table.rows):,} rows; they hold: "):
        import_parsed(table, ImportOptions(contest="Attorney General"))
    # The whole file, imported from its path, holds the fourth, and says the file holds four.
    assert import_contest(path, ImportOptions(contest="Attorney General")).contest.title.startswith("Attorney General")
    assert any("the file holds 4 contests" in note for note in import_contest(path).notes)


def test_a_head_without_a_president_says_how_many_contests_its_rows_hold(tmp_path: Path) -> None:
    from resultsviewer.core.formats.delimited import ImportOptions
    from resultsviewer.core.formats.importing import import_parsed

    path = write_by_office(tmp_path / "xx_2024_general_county.csv", [("Governor", 8000), ("U.S. Senate", 100_000)])
    table = open_contest_file(path).table
    assert table is not None and table.head_only
    with pytest.raises(LoadError, match=f"the first {len(table.rows):,} rows hold 2 contests; choose one with --contest"):
        import_parsed(table, ImportOptions())
