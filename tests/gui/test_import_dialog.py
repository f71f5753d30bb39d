"""The import dialog: the guess shown, choices changed, the live preview following them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from resultsviewer.gui.import_dialog import ImportDialog

DATA = Path(__file__).resolve().parents[1] / "data"


def make(qtbot, path: Path) -> ImportDialog:
    dialog = ImportDialog(path)
    qtbot.addWidget(dialog)
    return dialog


def test_openelections_guess_and_contest_choice(qtbot, qtmodeltester) -> None:
    dialog = make(qtbot, DATA / "jackson_total_rows_excerpt.csv")
    assert "OpenElections" in dialog.layout_box.currentText()
    # two presidential primaries: the app cannot choose, and says why
    assert dialog.contest is None
    assert "choose one" in dialog.error and "President (DEM)" in dialog.error
    # In the dialog's words: its Contest box, not the command line's --contest.
    assert "choose one in the Contest box" in dialog.error and "--" not in dialog.error
    assert dialog.notes_view.toPlainText() == "Nothing imported with these choices."
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Open).isEnabled()
    index = dialog.contest_box.findData("President (REP)")
    assert index > 0
    dialog.contest_box.setCurrentIndex(index)
    qtbot.waitUntil(lambda: dialog.contest is not None)
    with open(DATA / "jackson_total_rows_excerpt.csv", newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))[1:]
    expected = sum(int(r[6]) for r in rows if r[2] == "President" and r[5] == "REP" and r[1] != "Total")
    assert dialog.contest.total_votes == expected
    assert dialog.model.rowCount() == 2 and dialog.model.columnCount() == dialog.contest.candidate_count + 1
    assert any("'Total' precinct rows left out" in note for note in dialog.notes)
    assert "left out" in dialog.notes_view.toPlainText()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Open).isEnabled()
    qtmodeltester.check(dialog.model)


@pytest.mark.parametrize(("name", "options", "in_the_dialog", "on_the_command_line"), [
    ("jackson_total_rows_excerpt.csv", {"contest": "President"},
     "'President' matches 2 contests; choose one in the Contest box (or narrow with Keep rows where): ",
     "'President' matches 2 contests; name one with --contest (or narrow with --where): "),
    ("baylor_duplicate_header.csv", {"by": "county", "contest": "Governor"},
     "this file has no county column; choose precinct in Categories by",
     "this file has no county column; use --by precinct"),
    ("jackson_total_rows_excerpt.csv", {"where": (("party", "DEM"), ("office", "Registered Voters"))},
     "no row has party=DEM and office=Registered Voters (Keep rows where)",
     "no row has party=DEM and office=Registered Voters (--where)"),
    ("jackson_total_rows_excerpt.csv", {},  # its two President primaries (REP, DEM)
     "the file holds 2 contests; choose one in the Contest box: ",
     "the file holds 2 contests; choose one with --contest: "),
])
def test_the_cores_messages_name_the_dialogs_controls(
    name: str, options: dict, in_the_dialog: str, on_the_command_line: str,
) -> None:
    """The core's own refusals of real excerpts, as the dialog words them (no command-line
    option left) and as the command line does (by its flags), the listing after the same."""
    from resultsviewer.core.errors import LoadError
    from resultsviewer.core.formats import read_bytes
    from resultsviewer.core.formats.delimited import ImportOptions, read_table
    from resultsviewer.core.formats.importing import import_parsed
    from resultsviewer.gui.import_dialog import dialog_words

    path = DATA / name
    with pytest.raises(LoadError) as refused:
        import_parsed(read_table(read_bytes(path), str(path)), ImportOptions(**options))
    worded = refused.value.worded(dialog_words)
    assert worded.startswith(in_the_dialog) and "--" not in worded
    flagged = refused.value.message
    assert flagged.startswith(on_the_command_line) and str(refused.value).endswith(flagged)
    assert worded[len(in_the_dialog):] == flagged[len(on_the_command_line):]


def test_a_file_of_several_years_says_how_to_choose_one_in_the_dialog(qtbot) -> None:
    dialog = make(qtbot, DATA / "medsl_semicolon_excerpt.csv")
    with open(DATA / "medsl_semicolon_excerpt.csv", newline="", encoding="utf-8") as stream:
        years = sorted({row["year"] for row in csv.DictReader(stream, delimiter=";")})
    assert dialog.contest is None
    assert dialog.error.endswith(f"choose one in the Contest box (or Keep rows where: year={years[-1]})")
    # The Contest box holds each year, and choosing one imports that election.
    offered = [dialog.contest_box.itemData(i) for i in range(dialog.contest_box.count())]
    assert offered == [None, *years]
    dialog.contest_box.setCurrentIndex(offered.index(years[0]))
    qtbot.waitUntil(lambda: dialog.contest is not None)
    assert dialog.error is None
    with open(DATA / "medsl_semicolon_excerpt.csv", newline="", encoding="utf-8") as stream:
        states = {row["state"] for row in csv.DictReader(stream, delimiter=";") if row["year"] == years[0]}
    assert dialog.contest.category_count == len(states)


def test_withheld_cells_show_the_withheld_sign(qtbot) -> None:
    dialog = make(qtbot, DATA / "nm_withheld_excerpt.csv")
    contest = dialog.contest
    assert contest is not None and contest.unknown_cells > 0
    row, column = next(
        (r, c) for r in range(contest.category_count) for c in range(contest.candidate_count) if contest.count(r, c) is None
    )
    assert dialog.model.index(row, column).data() == "*"  # the one sign for withheld, as in the table and the command line
    assert "lower bounds" in dialog.summary_label.text()


def test_filter_and_by_county(qtbot) -> None:
    dialog = make(qtbot, DATA / "nm_withheld_excerpt.csv")
    dialog.by_box.setCurrentText("county")
    qtbot.waitUntil(lambda: dialog.contest is not None and dialog.contest.category_count == 1)
    dialog.where_edit.setText("precinct=PCT 002")
    qtbot.waitUntil(lambda: dialog.contest is not None and dialog.contest.inexact_cells == 0)
    with open(DATA / "nm_withheld_excerpt.csv", newline="", encoding="utf-8") as stream:
        rows = [r for r in list(csv.reader(stream))[1:] if r[1] == "PCT 002"]
    assert dialog.contest.total_votes == sum(int(r[6]) for r in rows)


def test_wide_guess_then_user_picks_candidate_columns(qtbot) -> None:
    dialog = make(qtbot, DATA / "hoc_ge2017_wide_excerpt.csv")
    assert dialog.contest is not None and dialog.contest.candidate(0).name == "Conservative"
    assert dialog.electorate_box.currentData() == "electorate"
    # keep only two parties
    for row in range(dialog.candidates_list.count()):
        item = dialog.candidates_list.item(row)
        item.setCheckState(Qt.CheckState.Checked if item.text() in ("lab", "snp") else Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: dialog.contest is not None and dialog.contest.candidate_count == 2)
    assert dialog.layout_box.currentData() == "wide"
    assert [c.name for c in dialog.contest.candidates] == ["lab", "snp"]
    with open(DATA / "hoc_ge2017_wide_excerpt.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert dialog.contest.total_votes == sum(int(r["lab"]) + int(r["snp"]) for r in rows)
    assert dialog.contest.category(0).rejected == 57


def test_long_choices_and_a_bad_choice_explained(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("seat,who,ballots,note\nA,X,1,n\nA,Y,2,n\nB,X,4,x\n", encoding="utf-8")
    dialog = make(qtbot, path)
    assert dialog.guess.options.layout == "long"
    assert dialog.contest is not None and dialog.contest.total_votes == 7
    dialog.votes_box.setCurrentIndex(dialog.votes_box.findData("note"))
    qtbot.waitUntil(lambda: dialog.contest is None)
    assert "line 2, column 4 (note)" in dialog.error and "'n' is not a number" in dialog.error
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Open).isEnabled()
    dialog.votes_box.setCurrentIndex(dialog.votes_box.findData("ballots"))
    qtbot.waitUntil(lambda: dialog.contest is not None)


def test_chart_shows_the_largest_candidates_on_white(qtbot, tmp_path: Path) -> None:
    dialog = make(qtbot, DATA / "hoc_ge2019_long_excerpt.csv")
    dialog.show()
    qtbot.waitExposed(dialog)
    heights = list(dialog.bars.opts["width"])
    assert heights == sorted(heights)  # largest at the top of the chart
    assert len(heights) == min(10, dialog.contest.candidate_count)
    assert heights[-1] == max(dialog.contest.candidate_total(i) for i in range(dialog.contest.candidate_count))
    image = dialog.chart.grab().toImage()
    assert image.pixelColor(image.width() - 5, 5).name() == "#ffffff"
    dialog.grab().save("/tmp/import_dialog_ge2019.png")


def test_run_returns_the_contest_or_none(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(ImportDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    contest = ImportDialog.run(None, DATA / "kinney_bom_crlf_excerpt.csv")
    assert contest is not None and contest.title.startswith("President")
    monkeypatch.setattr(ImportDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert ImportDialog.run(None, DATA / "kinney_bom_crlf_excerpt.csv") is None


def test_run_explains_an_unreadable_file(qtbot, monkeypatch, tmp_path: Path) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    path = tmp_path / "latin.csv"
    path.write_bytes("a,b\nNo\xebl,1\n".encode("latin-1"))
    assert ImportDialog.run(None, path) is None
    assert shown and "not UTF-8" in shown[0] and "line 2" in shown[0]


def test_run_reads_native_files_without_asking(qtbot, default_contest, tmp_path: Path, monkeypatch) -> None:
    from resultsviewer.core.formats import write_contest

    monkeypatch.setattr(ImportDialog, "exec", lambda self: pytest.fail("no dialog for a native file"))
    path = tmp_path / "c.results.json"
    write_contest(default_contest, path)
    assert ImportDialog.run(None, path).total_votes == default_contest.total_votes


@pytest.mark.parametrize(("name", "delimiter"), [("tabs.tsv", "\t"), ("semicolons.csv", ";")])
def test_a_table_headed_category_but_not_comma_separated_opens_through_the_dialog(qtbot, tmp_path, name, delimiter) -> None:
    """The window refused it: 'the first column must be headed category, found
    category<TAB>Alice<TAB>Bob', which was false. It opens through the dialog as the wide table it is."""
    from resultsviewer.core.formats.opening import open_contest_file

    rows = [["category", "Alice", "Bob"], ["North", "10", "5"], ["South", "3", "4"]]
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    opened = open_contest_file(path)
    assert opened.contest is None and opened.table is not None
    dialog = make(qtbot, path)
    assert dialog.error is None and dialog.contest is not None
    assert {c.name: dialog.contest.candidate_total(i) for i, c in enumerate(dialog.contest.candidates)} == {
        "Alice": 13, "Bob": 9,
    }
