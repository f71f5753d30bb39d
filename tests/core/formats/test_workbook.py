"""Workbooks (.xlsx, .xlsm, .xls, .ods) as tables: the reader, the table finder, the import.

Every workbook here is written by a library in the test extras, each picked for what it
can write: XlsxWriter (formulas with cached values, error values, merged cells), xlwt
(.xls), odfpy (.ods), msoffcrypto-tool (a password). The real round-by-round reports are
checked against their cells as openpyxl reads them, not through the code under test.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultsviewer.core.errors import ContestError, LoadError
from resultsviewer.core.formats import import_contest, read_contest
from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.formats.importing import import_parsed, import_table, list_sheets, table_from_sheet
from resultsviewer.core.formats.sheet_table import find_table, read_round_table, round_table
from resultsviewer.core.formats.workbook import CellError, Sheet, UncomputedFormula, read_sheet, sheet_names

xlsxwriter = pytest.importorskip("xlsxwriter")

# A wide table of results: constituency, electorate, then one column per party.
PARTIES = ["Labour", "Conservative", "Liberal Democrat"]
WIDE = [
    ("Aberavon", 50_000, 22_662, 5_901, 599),
    ("Aberconwy", 45_000, 14_337, 14_972, 1_102),
    ("Aberdeen North", 62_000, 9_443, 5_941, 2_087),
    ("Aberdeen South", 66_000, 9_143, 18_746, 2_610),
]


def _write_printed(path: Path, *, header_numbers_as_text: bool = True) -> None:
    """A results sheet laid out for printing: titles, a merged two-row header, a blank
    column, numbers stored as text, a formula with its cached value, a totals row and
    a footnote, and a second sheet of notes."""
    book = xlsxwriter.Workbook(str(path))
    notes = book.add_worksheet("Notes")
    notes.write("A1", "Published by the returning officer.")
    sheet = book.add_worksheet("Results 2019")
    bold = book.add_format({"bold": True})
    sheet.write("A1", "General election 2019", bold)
    sheet.write("A2", "Declared results by constituency")
    sheet.merge_range("A4:A5", "Constituency", bold)
    sheet.merge_range("B4:B5", "Electorate", bold)
    sheet.merge_range("D4:F4", "Votes", bold)  # column C is a blank separator
    for column, party in zip("DEF", PARTIES):
        sheet.write(f"{column}5", party, bold)
    for offset, (name, electorate, *votes) in enumerate(WIDE):
        row = 6 + offset  # Excel row number
        sheet.write(f"A{row}", name)
        sheet.write_number(f"B{row}", electorate)
        sheet.write_string(f"D{row}", f"{votes[0]:,}" if header_numbers_as_text else str(votes[0]))  # "22,662" as text
        sheet.write_formula(f"E{row}", f"={votes[1]}+0", None, votes[1])  # a formula and its cached value
        sheet.write_number(f"F{row}", votes[2])
    total_row = 6 + len(WIDE)
    sheet.write(f"A{total_row}", "Total")
    for column, index in zip("DEF", range(2, 5)):
        sheet.write_number(f"{column}{total_row}", sum(row[index] for row in WIDE))
    sheet.write(f"A{total_row + 2}", "* Recount held in Aberconwy.")
    book.close()


def _expected_wide() -> dict[str, dict[str, int]]:
    return {name: dict(zip(PARTIES, votes)) for name, _, *votes in WIDE}


def _contest_counts(contest) -> dict[str, dict[str, int]]:
    return {
        contest.category(i).name: {contest.candidate(j).name: contest.count(i, j) for j in range(contest.candidate_count)}
        for i in range(contest.category_count)
    }


def test_printed_layout_opens_as_its_table(tmp_path: Path) -> None:
    path = tmp_path / "results.xlsx"
    _write_printed(path)
    result = import_contest(path)
    contest = result.contest
    assert _contest_counts(contest) == _expected_wide()
    assert [contest.category(i).electorate for i in range(contest.category_count)] == [row[1] for row in WIDE]
    notes = "\n".join(result.notes)
    assert "'Results 2019'" in notes  # the one sheet with a table was chosen
    assert "header row 4-5, data rows 6-10" in notes
    assert "2 rows above the table left out" in notes
    assert "blank columns C left out" in notes
    assert "'Total' (row 10)" in notes
    assert "Recount held" in notes


def test_same_contest_as_the_csv_of_the_same_table(tmp_path: Path) -> None:
    book = tmp_path / "results.xlsx"
    _write_printed(book)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["Constituency", "Electorate", *PARTIES])
    writer.writerows(WIDE)
    from_csv = import_table(text.getvalue().encode(), str(tmp_path / "results.csv"))
    from_book = import_contest(book)
    assert from_book.options.layout == from_csv.options.layout == "wide"
    assert from_book.options.category_column == from_csv.options.category_column == "Constituency"
    assert from_book.options.candidate_columns == from_csv.options.candidate_columns
    assert from_book.options.electorate_column == from_csv.options.electorate_column == "Electorate"
    a, b = from_book.contest, from_csv.contest
    assert _contest_counts(a) == _contest_counts(b)
    assert [c.electorate for c in a.categories] == [c.electorate for c in b.categories]


def test_note_row_right_over_the_header_is_not_part_of_it(tmp_path: Path) -> None:
    # Two cells of notes directly above the header: a title, not a row of group labels.
    path = tmp_path / "noted.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Count")
    sheet.write_row(0, 0, ["Source:", "the returning officer"])
    sheet.write_row(1, 0, ["Ward", "Green", "Red"])
    sheet.write_row(2, 0, ["North", 10, 20])
    sheet.write_row(3, 0, ["South", 30, 40])
    # Beside it, a two-row header without merges: the group labels leave column A empty.
    sheet.write_row(6, 0, ["", "Round 1", "", "Round 2", ""])
    book.close()
    table = find_table(read_sheet(path), str(path))
    assert table.header == ["Ward", "Green", "Red"]
    assert table.layout is not None and table.layout.header_rows == (1,)
    assert "1 row above the table left out (titles and notes: 'Source:')" in table.renamed


def test_two_row_header_without_merges(tmp_path: Path) -> None:
    path = tmp_path / "rounds.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Rounds")
    sheet.write("A1", "City council, ward 3")
    sheet.write_row(2, 0, ["", "Round 1", "", "Round 2", ""])
    sheet.write_row(3, 0, ["Candidate", "Votes", "%", "Votes", "%"])
    sheet.write_row(4, 0, ["Ada", 40, 0.4, 55, 0.55])
    sheet.write_row(5, 0, ["Ben", 35, 0.35, 45, 0.45])
    sheet.write_row(6, 0, ["Cy", 25, 0.25, 0, 0])
    sheet.write_row(7, 0, ["Exhausted", 0, None, 0])
    book.close()
    result = import_contest(path)
    assert result.options.layout == "rounds"
    contest = result.contest
    assert {c.name: contest.count(0, j) for j, c in enumerate(contest.candidates)} == {"Ada": 40, "Ben": 35, "Cy": 25}
    assert contest.rounds is not None and contest.rounds.winners == ("Ada",)
    # One round asked for: that column as a one-count table, and a word on the last round.
    result = import_contest(path, ImportOptions(votes_column="Round 1 Votes"))
    assert result.contest.rounds is None
    assert {c.name: result.contest.count(0, j) for j, c in enumerate(result.contest.candidates)} == {"Ada": 40, "Ben": 35, "Cy": 25}
    assert any("in the last round (Round 2) Ada has the most votes (55)" in note for note in result.notes)


def test_blank_rows_between_groups_and_a_blank_first_column(tmp_path: Path) -> None:
    # Regions separated by blank rows; the table starts in column B, as printed sheets often do.
    path = tmp_path / "regions.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Count")
    sheet.write_row(1, 1, ["Ward", "Green", "Red"])
    sheet.write_row(2, 1, ["North", 10, 20])
    sheet.write_row(3, 1, ["South", 30, 40])
    sheet.write_row(5, 1, ["East", 50, 60])
    sheet.write_row(6, 1, ["West", 70, 80])
    sheet.write_row(8, 1, ["Total", 160, 200])
    book.close()
    result = import_contest(path)
    assert _contest_counts(result.contest) == {
        "North": {"Green": 10, "Red": 20}, "South": {"Green": 30, "Red": 40},
        "East": {"Green": 50, "Red": 60}, "West": {"Green": 70, "Red": 80},
    }
    notes = "\n".join(result.notes)
    assert "header row 2, data rows 3-9" in notes and "2 blank rows inside the table skipped" in notes
    assert "'Total' (row 9)" in notes


def test_choices_override_the_guess(tmp_path: Path) -> None:
    path = tmp_path / "results.xlsx"
    _write_printed(path)
    # Only the first two constituencies, and Labour and Conservative only.
    options = ImportOptions(
        sheet="2", data_rows="6-7", candidate_columns=("Labour", "Conservative"), category_column="Constituency"
    )
    contest = import_contest(path, options).contest
    expected = {name: {"Labour": lab, "Conservative": con} for name, _, lab, con, _ in WIDE[:2]}
    assert _contest_counts(contest) == expected


def test_header_row_given_by_the_user(tmp_path: Path) -> None:
    path = tmp_path / "results.xlsx"
    _write_printed(path)
    # Only the lower header row: "Constituency" and "Electorate", merged down into it from
    # the row above, still name their columns; the group label "Votes" is not read.
    result = import_contest(path, ImportOptions(header_rows="5"))
    assert [c.name for c in result.contest.candidates] == PARTIES
    assert result.options.category_column == "Constituency"
    assert "header row 5, data rows 6-10 (as chosen)" in result.notes[0]


def test_several_sheets_with_tables_ask_which(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for name, offset in (("2017", 0), ("2019", 100)):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, ["Constituency", "Labour", "Conservative"])
        sheet.write_row(1, 0, ["Aberavon", 1 + offset, 2 + offset])
        sheet.write_row(2, 0, ["Aberconwy", 3 + offset, 4 + offset])
    book.close()
    with pytest.raises(LoadError, match=r"2 sheets hold tables \('2017', '2019'\): choose one with --sheet"):
        import_contest(path)
    assert import_contest(path, ImportOptions(sheet="2019")).contest.count(0, 0) == 101
    assert import_contest(path, ImportOptions(sheet="1")).contest.count(0, 0) == 1
    with pytest.raises(LoadError, match="no sheet named '2021'"):
        import_contest(path, ImportOptions(sheet="2021"))
    summaries = list_sheets(path)
    assert [s.name for s in summaries] == ["2017", "2019"] and all(s.useful for s in summaries)


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_old_excel_and_opendocument(tmp_path: Path, kind: str) -> None:
    rows = [["Ward", "Green", "Red"], ["North", 10, 20], ["South", 30, 40]]
    path = tmp_path / f"wards.{kind}"
    if kind == "xls":
        xlwt = pytest.importorskip("xlwt")
        book = xlwt.Workbook()
        sheet = book.add_sheet("Wards")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.save(str(path))
    else:
        pytest.importorskip("odf")
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P

        document = OpenDocumentSpreadsheet()
        table = Table(name="Wards")
        for row in rows:
            element = TableRow()
            for value in row:
                if isinstance(value, int):
                    cell = TableCell(valuetype="float", value=str(value))
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                element.addElement(cell)
            table.addElement(element)
        document.spreadsheet.addElement(table)
        document.save(str(path))
    contest = read_contest(path)
    assert _contest_counts(contest) == {"North": {"Green": 10, "Red": 20}, "South": {"Green": 30, "Red": 40}}


# --- honest cell types --------------------------------------------------------------------


def _one_bad_cell(path: Path, write) -> None:  # type: ignore[no-untyped-def]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Count")
    sheet.write_row(0, 0, ["Ward", "Green", "Red"])
    sheet.write_row(1, 0, ["North", 10, 20])
    sheet.write_row(2, 0, ["South", 30])
    write(book, sheet)  # the cell C3
    book.close()


@pytest.mark.parametrize(
    ("write", "message"),
    [
        (lambda book, sheet: sheet.write_formula("C3", "=1/0", None, "#DIV/0!"), r"Count!C3 \(Red\): the cell holds a formula error \(#DIV/0!\)"),
        (lambda book, sheet: sheet.write_formula("C3", "=#REF!+1", None, "#REF!"), r"Count!C3 \(Red\): .*formula error \(#REF!\)"),
        (
            lambda book, sheet: sheet.write_datetime("C3", datetime.datetime(2019, 12, 12), book.add_format({"num_format": "yyyy-mm-dd"})),
            r"Count!C3 \(Red\): the cell holds a date or time \(2019-12-12",
        ),
        (lambda book, sheet: sheet.write_number("C3", 0.25), r"Count!C3 \(Red\): the cell holds a fraction \(0.25, 25.0% as a percentage\)"),
        (lambda book, sheet: sheet.write_boolean("C3", True), r"Count!C3 \(Red\): the cell holds a truth value \(TRUE\)"),
    ],
    ids=["div0", "ref", "date", "fraction", "boolean"],
)
def test_a_cell_that_is_not_a_count_is_named_by_its_address(tmp_path: Path, write, message: str) -> None:
    path = tmp_path / "bad.xlsx"
    _one_bad_cell(path, write)
    with pytest.raises(LoadError, match=message) as caught:
        import_contest(path, ImportOptions(layout="wide", category_column="Ward", candidate_columns=("Green", "Red")))
    assert caught.value.source == str(path)


def test_formula_errors_are_kept_as_errors_not_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "errors.xlsx"
    _one_bad_cell(path, lambda book, sheet: sheet.write_formula("C3", "=1/0", None, "#DIV/0!"))
    sheet = read_sheet(path, "Count")
    assert sheet.rows[2][2] == CellError("#DIV/0!")
    assert sheet.address(2, 2) == "Count!C3"


@pytest.mark.parametrize("rows", [3, 3000], ids=["small-stream", "large-stream"])
def test_xls_error_cells_are_errors_not_empty(tmp_path: Path, rows: int) -> None:
    # calamine reads an .xls error cell as empty; the app reads it from the BIFF records.
    # A workbook under 4 KB keeps its Workbook stream in the compound file's mini stream.
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Count")
    sheet.write(0, 0, "Ward")
    sheet.write(0, 1, "Green")
    for row in range(1, rows):
        sheet.write(row, 0, f"Ward {row}")
        if row != rows - 1:
            sheet.write(row, 1, row)
    sheet.row(rows - 1).set_cell_error(1, "#DIV/0!")
    book.add_sheet("Other").row(0).set_cell_error(0, "#REF!")
    path = tmp_path / "count.xls"
    book.save(str(path))
    assert read_sheet(path, "Count").rows[rows - 1][1] == CellError("#DIV/0!")
    assert read_sheet(path, "Other").rows[0][0] == CellError("#REF!")
    with pytest.raises(LoadError, match=rf"Count!B{rows} \(Green\): the cell holds a formula error \(#DIV/0!\)"):
        import_contest(path, ImportOptions(sheet="Count", layout="wide", category_column="Ward", candidate_columns=("Green",)))


# --- formulas saved without their value ----------------------------------------------------
# openpyxl writes a formula and no value (it computes nothing); calamine reads such a cell
# as empty, which a wide import would take for 0 votes, and a row of them for a footnote.


def _openpyxl_book(path: Path, rows: list[list[object]], title: str = "Results") -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_formula_without_value_is_refused_with_its_address(tmp_path: Path) -> None:
    path = tmp_path / "wb_err.xlsx"
    _openpyxl_book(path, [["category", "Alice", "Bob"], ["North", "=1/0", 5], ["South", 3, 4]])
    assert read_sheet(path).rows[1][1] == UncomputedFormula("1/0")
    with pytest.raises(LoadError, match=r"Results!B2 \(Alice\): the cell holds a formula \(=1/0\) with no saved value .*"
                                        r"open the workbook in a spreadsheet program, save it") as caught:
        import_contest(path)
    assert caught.value.source == str(path)
    with pytest.raises(LoadError, match=r"Results!B2 \(Alice\): .*no saved value"):
        import_contest(path, ImportOptions(layout="wide", category_column="category", candidate_columns=("Alice", "Bob")))


def test_row_of_formulas_without_values_is_refused_not_left_out_as_a_footnote(tmp_path: Path) -> None:
    path = tmp_path / "wb_formula.xlsx"
    _openpyxl_book(path, [["category", "Alice", "Bob"], ["North", 100, 50], ["South", "=B2*2", "=C2+10"]])
    with pytest.raises(LoadError, match=r"Results!B3 \(Alice\): the cell holds a formula \(=B2\*2\) with no saved value"):
        import_contest(path)
    with pytest.raises(LoadError, match=r"Results!B3 \(Alice\)"):
        import_contest(path, ImportOptions(data_rows="2-3"))


def test_formula_without_value_in_the_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "header.xlsx"
    _openpyxl_book(path, [["category", '="Al"&"ice"', "Bob"], ["North", 100, 50], ["South", 30, 40]])
    with pytest.raises(LoadError, match=r'Results!B1\b.*: the cell holds a formula \(="Al"&"ice"\) with no saved value'):
        import_contest(path)


def test_formulas_without_values_outside_the_counts_are_not_refused(tmp_path: Path) -> None:
    # A title over the table and a totals row (left out of a wide table) are not read.
    path = tmp_path / "wb_sum.xlsx"
    _openpyxl_book(path, [
        ['="Results for "&"2024"'],
        ["category", "Alice", "Bob"], ["North", 100, 50], ["South", 30, 40], ["Total", "=SUM(C3:C4)", "=SUM(C3:C4)"],
        [], ["Source: the county clerk"],
    ])
    result = import_contest(path)
    assert _contest_counts(result.contest) == {"North": {"Alice": 100, "Bob": 50}, "South": {"Alice": 30, "Bob": 40}}
    assert any("'Total' (row 5)" in note for note in result.notes)


def test_formula_with_a_saved_value_reads_as_its_value(tmp_path: Path) -> None:
    path = tmp_path / "computed.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Results")
    sheet.write_row(0, 0, ["category", "Alice", "Bob"])
    sheet.write_row(1, 0, ["North", 100, 50])
    sheet.write("A3", "South")
    sheet.write_formula("B3", "=B2*2", None, 200)
    sheet.write_formula("C3", "=C2+10", None, 60)
    sheet.write("A4", "East")
    sheet.write_formula("B4", '=IF(1,"","x")', None, "")
    sheet.write_number("C4", 7)
    book.close()
    # A formula whose value is empty text, as Excel saves it (t="str", an empty value): an empty cell.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    part = "xl/worksheets/sheet1.xml"
    assert b'<c r="B4"><f>' in parts[part]
    parts[part] = parts[part].replace(b'<c r="B4"><f>', b'<c r="B4" t="str"><f>')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_sheet(path).rows[3][1] is None
    result = import_contest(path)
    assert _contest_counts(result.contest) == {
        "North": {"Alice": 100, "Bob": 50}, "South": {"Alice": 200, "Bob": 60}, "East": {"Alice": 0, "Bob": 7},
    }


def test_round_report_with_a_ballot_row_without_values_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rounds.xlsx"
    _openpyxl_book(path, [
        ["Candidate", "Round 1 Votes", "Round 2 Votes"], ["Alice", 10, 12], ["Bob", 8, 9], ["Exhausted", "=0", "=20-B2-B3"],
    ])
    with pytest.raises(LoadError, match=r"Results!B4: the cell holds a formula \(=0\) with no saved value"):
        read_round_table(path)


# --- the real round-by-round reports ------------------------------------------------------


def _first_round_by_openpyxl(path: Path) -> dict[str, int]:
    """Round 1's votes read straight from the cells: the row under 'Candidate' names the
    columns; candidates run until the first ballot row ('Continuing Ballots Total')."""
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "Candidate")
    round_one = rows[header].index("Round 1")
    votes = next(c for c in range(round_one, len(rows[header + 1])) if rows[header + 1][c] == "Votes")
    result = {}
    for row in rows[header + 2:]:
        if row[0] == "Continuing Ballots Total":
            break
        result[row[0]] = int(row[votes])
    return result


@pytest.mark.parametrize("name", ["sf-mayor-2019.xlsx", "santa-fe-d4.xlsx"])
def test_real_round_reports_open_with_their_first_round_as_counts(shared_real: Path, name: str) -> None:
    path = shared_real / "workbooks" / name
    expected = _first_round_by_openpyxl(path)
    result = import_contest(path)
    contest = result.contest
    assert contest.category_count == 1 and contest.rounds is not None
    assert {c.name: contest.count(0, j) for j, c in enumerate(contest.candidates)} == expected
    notes = "\n".join(result.notes)
    assert "'Exhausted'" in notes and "'Overvotes'" in notes
    assert "Tie resolved" in notes


@pytest.mark.parametrize("name", ["sf-mayor-2019.xlsx", "santa-fe-d4.xlsx"])
def test_real_round_report_read_as_its_first_round_when_asked(shared_real: Path, name: str) -> None:
    path = shared_real / "workbooks" / name
    result = import_contest(path, ImportOptions(votes_column="Round 1 Votes"))
    contest = result.contest
    assert contest.rounds is None
    assert contest.category_count == 1 and contest.category(0).name == "Round 1"
    assert {c.name: contest.count(0, j) for j, c in enumerate(contest.candidates)} == _first_round_by_openpyxl(path)


def test_real_round_report_as_plain_rounds(shared_real: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = shared_real / "workbooks" / "sf-mayor-2019.xlsx"
    table = read_round_table(path)
    assert table == round_table(find_table(read_sheet(path), str(path)))
    assert table.rounds == tuple(f"Round {n}" for n in range(1, 7))
    # Every value against the cell it names, read by openpyxl.
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    for round_votes, round_cells in zip(table.votes, table.cells):
        for value, address in zip(round_votes, round_cells):
            assert value == sheet[address.split("!")[1]].value
    breed = table.candidates.index("LONDON N. BREED")
    assert table.votes[-1][breed] == max(table.votes[-1])
    assert set(table.other_rows) >= {"Exhausted", "Overvotes", "Blanks"}


def test_ballot_workbook_reads_every_row(shared_real: Path) -> None:
    path = shared_real / "rcv" / "2013_minneapolis_mayor" / "2013_minneapolis_mayor_cvr.xlsx"
    sheet = read_sheet(path)
    with zipfile.ZipFile(path) as archive:
        part = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        rows_in_xml = archive.read(part).count(b"<row ")
    assert len(sheet.rows) == rows_in_xml == 80_102  # the header and 80,101 ballot rows
    assert sheet.rows[0][0] == "Precinct" and None not in sheet.rows[1]


# --- bad input ----------------------------------------------------------------------------


def _plain_book(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.write_row(0, 0, ["Ward", "Green", "Red"])
    sheet.write_row(1, 0, ["North", 10, 20])
    book.close()


def test_password_protected_workbook(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = tmp_path / "plain.xlsx"
    _plain_book(plain)
    locked = tmp_path / "locked.xlsx"
    with open(plain, "rb") as source, open(locked, "wb") as target:
        ooxml.OOXMLFile(source).encrypt("secret", target)
    with pytest.raises(LoadError, match="password-protected") as caught:
        import_contest(locked)
    assert caught.value.source == str(locked)


def test_corrupt_zip(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    _plain_book(plain)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(plain.read_bytes()[: plain.stat().st_size // 2])  # cut short, as a failed download
    with pytest.raises(LoadError, match="damaged") as caught:
        import_contest(broken)
    assert caught.value.source == str(broken)


def test_zip_bomb_is_refused_from_its_directory(tmp_path: Path, monkeypatch) -> None:
    from resultsviewer.core.formats import workbook

    # The declared sizes are checked before anything is unpacked; a limit of 1 MB stands
    # in for the real 256 MB so that the test writes kilobytes, not gigabytes.
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 2**20)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 2**20))
    assert bomb.stat().st_size < 64 * 1024
    with pytest.raises(LoadError, match="unpack to 4 MB.*zip bomb") as caught:
        import_contest(bomb)
    assert caught.value.source == str(bomb)


def test_cells_far_apart_are_refused_not_allocated(tmp_path: Path) -> None:
    # calamine would ask for 512 GB for the rectangle A1:XFD1048576 and abort the process.
    path = tmp_path / "far.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.write(0, 0, "Ward")
    sheet.write(1_048_575, 16_383, 1)
    book.close()
    with pytest.raises(LoadError, match="cells as far apart as A1 and XFD1048576"):
        import_contest(path)


def _formatted_rows_book(path: Path, rows: int, *, cells: bool) -> None:
    """A small table, then ``rows`` empty rows that are only formatted: as row formats
    (``<row s="1" customFormat="1"/>``, what Excel writes for a shaded block) or as blank
    formatted cells in two columns."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": cells})
    sheet = book.add_worksheet("S")
    shaded = book.add_format({"bg_color": "#eeeeee"})
    sheet.write_row(0, 0, ["Ward", "Green", "Red"])
    sheet.write_row(1, 0, ["North", 10, 20])
    sheet.write_row(2, 0, ["South", 30, 40])
    for row in range(3, rows):
        if cells:
            sheet.write_blank(row, 0, None, shaded)
            sheet.write_blank(row, 1, None, shaded)
        else:
            sheet.set_row(row, 15, shaded)
    book.close()


def test_empty_formatted_cells_still_open(tmp_path: Path) -> None:
    path = tmp_path / "formatted.xlsx"
    _formatted_rows_book(path, 50_000, cells=True)
    contest = read_contest(path)
    assert _contest_counts(contest) == {"North": {"Green": 10, "Red": 20}, "South": {"Green": 30, "Red": 40}}


@pytest.mark.slow
def test_a_million_empty_formatted_rows_still_open(tmp_path: Path) -> None:
    path = tmp_path / "million.xlsx"
    _formatted_rows_book(path, 1_000_000, cells=False)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/worksheets/sheet1.xml").count(b'customFormat="1"') == 1_000_000 - 3
    contest = read_contest(path)
    assert _contest_counts(contest) == {"North": {"Green": 10, "Red": 20}, "South": {"Green": 30, "Red": 40}}


def test_sheet_without_a_table(tmp_path: Path) -> None:
    path = tmp_path / "words.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Cover")
    sheet.write("A1", "Results will be published on Friday.")
    sheet.write("A3", "Contact the returning officer.")
    book.close()
    with pytest.raises(LoadError, match="'Cover' holds no table"):
        import_contest(path)


def test_csv_named_xls_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "download.xls"
    path.write_text("Ward,Green,Red\nNorth,10,20\n", encoding="utf-8")
    result = import_contest(path)
    assert _contest_counts(result.contest) == {"North": {"Green": 10, "Red": 20}}
    assert "read as CSV" in result.notes[0]


def _renamed_workbook(tmp_path: Path, kind: str, name: str) -> Path:
    """A workbook of North: Green 10, Red 20 written as ``kind``, then saved under ``name``."""
    path = tmp_path / f"book.{kind}"
    if kind == "xlsx":
        _plain_book(path)
    elif kind == "xls":
        xlwt = pytest.importorskip("xlwt")
        book = xlwt.Workbook()
        sheet = book.add_sheet("S")
        for column, value in enumerate(["Ward", "Green", "Red"]):
            sheet.write(0, column, value)
        for column, value in enumerate(["North", 10, 20]):
            sheet.write(1, column, value)
        book.save(str(path))
    else:
        opendocument = pytest.importorskip("odf.opendocument")
        from odf.table import Table, TableCell, TableRow
        from odf.text import P

        document = opendocument.OpenDocumentSpreadsheet()
        table = Table(name="S")
        for values in (["Ward", "Green", "Red"], ["North", 10, 20]):
            row = TableRow()
            for value in values:
                if isinstance(value, str):
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=value))
                else:
                    cell = TableCell(valuetype="float", value=value)
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)
        document.save(str(path))
    renamed = tmp_path / name
    path.rename(renamed)
    return renamed


@pytest.mark.parametrize(
    ("kind", "name", "said"),
    [
        ("xlsx", "results.csv", "an Excel workbook (.xlsx) named .csv"),
        ("xls", "results.csv", "an old Excel workbook (.xls) named .csv"),
        ("ods", "results.txt", "an OpenDocument spreadsheet (.ods) named .txt"),
        ("xlsx", "results", "an Excel workbook (.xlsx) without an extension"),
    ],
)
def test_workbook_named_as_another_file_is_read_as_the_workbook_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, name: str, said: str,
) -> None:
    from resultsviewer.commands import main as cli_main
    from resultsviewer.core.formats.opening import open_contest_file

    path = _renamed_workbook(tmp_path, kind, name)
    result = import_contest(path)
    assert _contest_counts(result.contest) == {"North": {"Green": 10, "Red": 20}}
    assert result.notes[0] == f"the file is {said}; it was read as a workbook"
    assert _contest_counts(read_contest(path)) == {"North": {"Green": 10, "Red": 20}}
    opening = open_contest_file(path)
    assert opening.sheets is not None and opening.sheets[0].rows[1][0] == "North"
    assert cli_main(["check", str(path)]) == 0
    assert "binary file" not in capsys.readouterr().err


def test_zip_named_csv_is_said_to_be_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("results.csv", "Ward,Green\nNorth,10\n")
    with pytest.raises(LoadError, match="not a workbook: a zip archive without a spreadsheet's parts"):
        import_contest(path)


def test_uncomputed_formula_in_a_workbook_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _openpyxl_book(path, [["category", "Alice", "Bob"], ["North", "=1/0", 5]])
    renamed = tmp_path / "book.csv"
    path.rename(renamed)
    with pytest.raises(LoadError, match=r"Results!B2 \(Alice\): the cell holds a formula \(=1/0\) with no saved value"):
        import_contest(renamed)


def test_html_named_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>Ward</td><td>Green</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(LoadError, match="web page"):
        import_contest(path)
    with pytest.raises(LoadError, match="web page"):
        sheet_names(path)


# --- any sheet at all ---------------------------------------------------------------------

_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["Total", "Candidate", "Round 1", "Votes", "Ward", "Exhausted", "", " ", "1,234", "12%", "*"]),
    st.text(max_size=8),
    st.integers(min_value=-5, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.sampled_from([CellError("#REF!"), CellError("#DIV/0!")]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_CELLS, min_size=1, max_size=6), min_size=1, max_size=12),
    merged=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 5), st.integers(0, 11), st.integers(0, 5)), max_size=3),
    header=st.one_of(st.none(), st.sampled_from(["1", "2", "1-2", "3-4", "12", "0", "2-1", "x"])),
    data=st.one_of(st.none(), st.sampled_from(["2", "2-5", "3-12", "1-1", "5-3", "40-41", "-"])),
)
def test_any_sheet_gives_a_table_or_a_clear_refusal(rows, merged, header, data) -> None:
    width = max(len(row) for row in rows)
    rows = [row + [None] * (width - len(row)) for row in rows]
    spans = tuple((min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in merged if max(a, c) < len(rows) and max(b, d) < width)
    sheet = Sheet("S", rows, merged=spans)
    try:
        table = table_from_sheet(sheet, "book.xlsx", ImportOptions(header_rows=header, data_rows=data))
    except LoadError:
        return
    try:
        import_parsed(table, ImportOptions())
    except ContestError:
        pass
