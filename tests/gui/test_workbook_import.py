"""A workbook dropped on the window: pick the sheet, see the guessed table, correct a guess,
and get the contest the CSV of the same table gives."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog

from resultsviewer.core.formats.delimited import ImportOptions
from resultsviewer.core.formats.importing import import_table
from resultsviewer.gui.import_dialog import ImportDialog

xlsxwriter = pytest.importorskip("xlsxwriter")

PARTIES = ["Labour", "Conservative", "Liberal Democrat"]
TABLES = {
    "2017": [("Aberavon", 49_892, 22_662, 5_901, 599), ("Aberconwy", 44_699, 14_337, 14_972, 1_102)],
    "2019": [("Aberavon", 50_750, 17_008, 6_518, 1_072), ("Aberconwy", 44_699, 14_687, 16_721, 1_637),
             ("Aberdeen North", 62_489, 4_939, 7_535, 2_730)],
}


def write_book(path: Path) -> None:
    """A cover sheet without a table, then one printed results sheet per year."""
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Cover").write("A1", "Election results, compiled for the newsroom")
    for year, rows in TABLES.items():
        sheet = book.add_worksheet(year)
        sheet.write("A1", f"General election {year}")
        sheet.write("A2", "Source: returning officers' declarations")
        sheet.write_row(3, 0, ["Constituency", "Electorate", *PARTIES])
        for offset, row in enumerate(rows):
            sheet.write_row(4 + offset, 0, row)
        sheet.write(5 + len(rows), 0, "Figures are provisional.")
    book.close()


def write_csv(path: Path, year: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Constituency", "Electorate", *PARTIES])
        writer.writerows(TABLES[year])


def as_data(contest) -> tuple:
    return (
        [c.name for c in contest.candidates],
        [(c.name, c.electorate) for c in contest.categories],
        [contest.row(i) for i in range(contest.category_count)],
    )


def test_drop_a_workbook_pick_the_sheet_correct_a_guess(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    book = tmp_path / "results.xlsx"
    write_book(book)
    seen: dict[str, object] = {}

    def choose(dialog: ImportDialog) -> QDialog.DialogCode:
        # Several sheets: the dialog lists them, starting on the first with a table.
        names = [dialog.sheet_list.item(i).text() for i in range(dialog.sheet_list.count())]
        seen["names"] = names
        seen["first"] = dialog.sheet.name
        dialog.sheet_list.setCurrentRow(2)  # 2019
        seen["guess"] = dialog.guess.options
        seen["header_role"] = dialog.sheet_model.role_of_row(3)
        seen["title_role"] = dialog.sheet_model.role_of_row(0)
        # Correct a guess: the Liberal Democrats are not wanted in this chart.
        item = dialog.candidates_list.findItems("Liberal Democrat", Qt.MatchFlag.MatchExactly)[0]
        item.setCheckState(Qt.CheckState.Unchecked)
        dialog.update_preview()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", choose)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(book))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))

    assert seen["names"][0].startswith("Cover") and "no table" in seen["names"][0]
    assert seen["first"] == "2017"
    guess = seen["guess"]
    assert guess.layout == "wide" and guess.category_column == "Constituency" and guess.candidate_columns == tuple(PARTIES)
    assert (seen["header_role"], seen["title_role"]) == ("header", "skipped")

    csv_path = tmp_path / "results.csv"
    write_csv(csv_path, "2019")
    expected = import_table(
        csv_path.read_bytes(), str(csv_path),
        ImportOptions(layout="wide", category_column="Constituency", candidate_columns=("Labour", "Conservative"), electorate_column="Electorate"),
    ).contest
    assert as_data(window.contest) == as_data(expected)
    assert window.contest.title == expected.title == "results"


def test_header_and_data_rows_placed_by_hand(qtbot, tmp_path: Path) -> None:
    book = tmp_path / "results.xlsx"
    write_book(book)
    dialog = ImportDialog(book)
    qtbot.addWidget(dialog)
    assert dialog.header_rows_edit.text() == "4" and dialog.data_rows_edit.text() == "5-6"
    dialog.data_rows_edit.setText("5-5")
    dialog.data_rows_edit.editingFinished.emit()
    assert dialog.contest is not None and [c.name for c in dialog.contest.categories] == ["Aberavon"]
    assert dialog.sheet_model.role_of_row(5) == "skipped"
    # A sheet without a table: said, and nothing to open, until the rows are placed.
    dialog.sheet_list.setCurrentRow(0)
    assert dialog.contest is None and "holds no table" in dialog.error


def test_a_workbook_nothing_can_read_is_explained(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    broken = tmp_path / "broken.xlsx"
    write_book(broken)
    broken.write_bytes(broken.read_bytes()[:300])
    assert ImportDialog.open_file(None, broken) is None
    assert shown and "broken.xlsx" in shown[0] and "damaged" in shown[0]


def test_a_bad_workbook_leaves_the_open_document_as_it_was(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    before = (window.contest.title, window.file_path, [window.contest.row(i) for i in range(window.contest.category_count)])
    fake = tmp_path / "export.xls"
    fake.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    assert not window.files.open_path(fake, ask_to_save=False)
    assert shown and "export.xls" in shown[0] and "web page" in shown[0]
    assert (window.contest.title, window.file_path, [window.contest.row(i) for i in range(window.contest.category_count)]) == before


def test_a_round_report_in_the_dialog_opens_with_every_round(qtbot, shared_real: Path) -> None:
    path = shared_real / "workbooks" / "sf-mayor-2019.xlsx"
    dialog = ImportDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.layout_box.currentText().startswith("As guessed: round-by-round table")
    assert dialog.contest is not None and dialog.contest.rounds is not None
    assert len(dialog.contest.rounds.rounds) == 6 and dialog.contest.rounds.winners == ("LONDON N. BREED",)
    assert "won in round 6 of 6" in dialog.summary_label.text() and ".." not in dialog.summary_label.text()
    # The layout 'long' reads one round as a plain table.
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("long"))
    dialog.update_preview()
    assert dialog.contest is not None and dialog.contest.rounds is None
