"""Workbooks on the command line: ``--sheet``, ``--header-row``, ``--data-rows`` on tally,
check, convert and export, and ``contests`` listing a workbook's sheets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resultsviewer.commands import main
from resultsviewer.core.formats import read_contest

xlsxwriter = pytest.importorskip("xlsxwriter")


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A cover sheet, then two years' results under a title row, the second with a totals row."""
    path = tmp_path / "wards.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Cover").write("A1", "Ward results")
    for name, rows in (("2022", [("North", 100, 200), ("South", 300, 400)]), ("2024", [("North", 110, 210), ("South", 310, 410), ("East", 5, 6)])):
        sheet = workbook.add_worksheet(name)
        sheet.write("A1", f"Council election {name}")
        sheet.write_row(2, 0, ["Ward", "Green", "Red"])
        for offset, row in enumerate(rows):
            sheet.write_row(3 + offset, 0, row)
        sheet.write_row(3 + len(rows), 0, ["Total", sum(r[1] for r in rows), sum(r[2] for r in rows)])
    workbook.close()
    return path


def test_contests_lists_the_sheets(capsys, book: Path) -> None:
    code, out, _ = run(capsys, "contests", book)
    assert code == 0
    assert "3 sheets, 2 with a table" in out
    assert "1. Cover" in out and "no table" in out
    assert "2. 2022" in out and "2 rows x 3 columns (Ward, Green, Red); header row 3, data rows 4-6" in out
    assert "wide: one row per 'Ward', 2 numeric columns taken as candidates" in out
    code, out, _ = run(capsys, "contests", book, "--json")
    listed = json.loads(out)
    assert [s["sheet"] for s in listed] == ["Cover", "2022", "2024"] and listed[0]["table"] is None


def test_tally_asks_for_the_sheet_then_reads_it(capsys, book: Path) -> None:
    code, _, err = run(capsys, "tally", book)
    assert code == 1 and "2 sheets hold tables ('2022', '2024')" in err and "--sheet" in err
    code, out, err = run(capsys, "tally", book, "--sheet", "2024", "--json")
    assert code == 0
    data = json.loads(out)
    votes = {c["name"]: c["votes"] for c in data["candidates"]}
    assert votes == {"Green": 110 + 310 + 5, "Red": 210 + 410 + 6}  # the totals row is not counted
    assert "'Total' (row 7)" in err
    code, out, _ = run(capsys, "tally", book, "--sheet", "2", "--data-rows", "4-4", "--json")
    assert {c["name"]: c["votes"] for c in json.loads(out)["candidates"]} == {"Green": 100, "Red": 200}


def test_header_row_by_hand(capsys, book: Path) -> None:
    # The title row as the header: its one cell names the first column, the rest by letter.
    code, out, err = run(capsys, "tally", book, "--sheet", "2022", "--header-row", "1", "--data-rows", "4-5", "--json")
    assert code == 0, err
    assert {c["name"] for c in json.loads(out)["candidates"]} == {"column B", "column C"}
    code, _, err = run(capsys, "tally", book, "--sheet", "2022", "--header-row", "9")
    assert code == 1 and "there is no row 9" in err
    code, _, err = run(capsys, "tally", book, "--sheet", "2022", "--data-rows", "six")
    assert code == 1 and "a row number or a range" in err


def test_check_convert_and_export(capsys, book: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", book, "--sheet", "2022")
    assert code == 0, err
    target = tmp_path / "wards-2022.results.json"
    code, _, err = run(capsys, "convert", book, str(target), "--sheet", "2022")
    assert code == 0, err
    contest = read_contest(target)
    assert [c.name for c in contest.categories] == ["North", "South"] and contest.total_votes == 1000
    chart = tmp_path / "wards.svg"
    code, _, err = run(capsys, "export", book, "-o", str(chart), "--sheet", "2024")
    assert code == 0, err
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_workbook_error_names_the_cell(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Count")
    sheet.write_row(0, 0, ["Ward", "Green", "Red"])
    sheet.write_row(1, 0, ["North", 10, 20])
    sheet.write_row(2, 0, ["South", 30])
    sheet.write_formula("C3", "=C2/0", None, "#DIV/0!")
    workbook.close()
    code, _, err = run(capsys, "tally", path, "--category-column", "Ward", "--candidate-columns", "Green,Red")
    assert code == 1
    assert "Count!C3 (Red): the cell holds a formula error (#DIV/0!), not a count" in err


def test_contests_of_an_openelections_sheet(capsys, tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("About").write("A1", "Precinct results")
    sheet = workbook.add_worksheet("Results")
    sheet.write_row(0, 0, ["county", "precinct", "office", "district", "party", "candidate", "votes"])
    rows = [
        ("Kinney", "1", "President", "", "REP", "Trump", 120), ("Kinney", "1", "President", "", "DEM", "Biden", 80),
        ("Kinney", "1", "Governor", "", "REP", "Abbott", 110), ("Kinney", "1", "Governor", "", "DEM", "O'Rourke", 90),
    ]
    for offset, row in enumerate(rows):
        sheet.write_row(1 + offset, 0, row)
    workbook.close()
    code, out, err = run(capsys, "contests", path, "--sheet", "Results")
    assert code == 0, err
    assert "2 contests" in out and "President" in out and "Governor" in out
    code, out, err = run(capsys, "tally", path, "--sheet", "Results", "--contest", "Governor", "--json")
    assert code == 0, err
    assert {c["name"]: c["votes"] for c in json.loads(out)["candidates"]} == {"Abbott": 110, "O'Rourke": 90}
    code, _, err = run(capsys, "contests", path, "--sheet", "About")
    assert code == 1 and "holds no table" in err


def test_sheet_options_on_a_text_table_are_refused(capsys, tmp_path: Path) -> None:
    path = tmp_path / "wards.csv"
    path.write_text("Ward,Green,Red\nNorth,10,20\n", encoding="utf-8")
    code, _, err = run(capsys, "tally", path, "--sheet", "2")
    assert code == 1 and "chosen in workbooks" in err and "wards.csv" in err
