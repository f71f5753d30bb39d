"""``tally`` and ``check`` on a contest of no votes and on a header-only spreadsheet CSV."""

from __future__ import annotations

from pathlib import Path

from resultsviewer.commands import main

EN_DASH = "\u2013"


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_tally_of_no_votes_shows_no_share(capsys, tmp_path: Path) -> None:
    path = tmp_path / "zeros.csv"
    path.write_text("category,Alice,Bob\nNorth,0,0\nSouth,0,0\n", encoding="utf-8")
    code, out, _ = run(capsys, "tally", path)
    assert code == 0
    alice = next(line for line in out.splitlines() if line.startswith("Alice"))
    assert alice.split() == ["Alice", "0", EN_DASH]
    assert "0.0%" not in out


def test_a_header_only_csv_opens_with_a_note(capsys, tmp_path: Path) -> None:
    path = tmp_path / "header_only.csv"
    path.write_text("category,Alice,Bob\n", encoding="utf-8")
    for command in ("check", "tally"):
        code, _, err = run(capsys, command, path)
        assert code == 0
        assert f"note: {path}: the file has no data rows: no category" in err
    # A file with rows says nothing of the kind.
    path.write_text("category,Alice,Bob\nNorth,1,2\n", encoding="utf-8")
    _, _, err = run(capsys, "check", path)
    assert "no data rows" not in err
