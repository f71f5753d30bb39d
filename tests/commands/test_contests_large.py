"""``resultsviewer contests`` on a long file over the whole-file reader's limit: listed a
chunk of rows at a time, as ``tally`` reads it, with the same text and JSON as for a
file read whole, and the row counts the csv module counts.

The limit is lowered (and the large-file path's threshold with it) so that the file stays
small; benchmarks/long_tally.py's generator writes it.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from resultsviewer.commands import main
from resultsviewer.core.formats import limits, long_stream

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from long_tally import write_file  # noqa: E402


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def long_file(tmp_path: Path) -> Path:
    path = tmp_path / "xx_2024_general_precinct.csv"
    write_file(path, 30_000)
    assert path.stat().st_size > long_stream.HEAD_BYTES  # the head is not the whole file
    return path


def test_contests_of_a_file_over_the_limit_as_of_one_read_whole(
    long_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    whole_text = run(capsys, "contests", long_file)
    whole_json = run(capsys, "contests", long_file, "--json")
    assert whole_text[0] == whole_json[0] == 0

    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", long_file.stat().st_size // 4)
    code, out, err = run(capsys, "tally", long_file)  # the advice tally gives of such a file ...
    assert code == 0 and "'resultsviewer contests FILE' lists them" in err
    large_text = run(capsys, "contests", long_file)  # ... holds
    large_json = run(capsys, "contests", long_file, "--json")
    assert large_text == whole_text
    assert large_json == whole_json

    listed = json.loads(large_json[1])
    with open(long_file, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    counted = Counter((row["office"], row["district"] or None) for row in rows)
    assert {(c["office"], c["district"]): c["rows"] for c in listed} == counted
    assert [c["contest"] for c in listed if c["counts_voters_not_votes"]] == ["Registered Voters", "Ballots Cast"]
    assert f"{counted[('President', None)]:,} rows" in large_text[1]
    assert large_text[1].startswith(f"{long_file}: 8 contests\n")


def test_bad_input_past_the_head_names_file_and_line(
    long_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = long_file.read_bytes().splitlines(keepends=True)
    lines.insert(len(lines) - 3, b"County 001,PCT 00001,President,,DEM,Ann,1,1,1,1,oops\n")
    long_file.write_bytes(b"".join(lines))
    expected = (
        f"{long_file}, line {len(lines) - 3}, column 10 (mail): this row has 11 cells but the header has 10 "
        "(a ragged row; is a number with a comma not quoted?)"
    )
    code, _, whole_err = run(capsys, "contests", long_file)
    assert code == 1 and expected in whole_err

    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", long_file.stat().st_size // 4)
    code, out, err = run(capsys, "contests", long_file)
    assert (code, out, err) == (1, "", whole_err)
