"""What the window says must be true (issue 12): the default contest names the window and
Save As; a lossy save says what it leaves out and offers the native format; an unknown
status is not printed on a chart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from resultsviewer.core.formats import SPREADSHEET_CSV, ImportOptions, import_contest, read_contest
from resultsviewer.gui.export import default_subtitle
from resultsviewer.gui.files import lossy_save_box

DATA = Path(__file__).resolve().parents[1] / "data"


def test_save_as_suggests_the_default_contests_name(window, monkeypatch, tmp_path):
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: offered.append(args[2]) or ("", ""))
    monkeypatch.setattr("resultsviewer.gui.files.last_folder", lambda: str(tmp_path))
    assert not window.files.save_as()
    assert Path(offered[0]).name == "Labour Party leadership election 2016.results.json"


def test_a_lossy_save_asks_first_and_cancel_writes_nothing(window, monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(window.files, "ask_about_losses", lambda path, fmt, lost: asked.append((fmt, lost)) or "cancel")
    target = tmp_path / "labour.csv"
    assert not window.files.save_to(target)
    assert not target.exists()
    fmt, lost = asked[0]
    assert fmt is SPREADSHEET_CSV
    for item in ("the title “Labour Party leadership election 2016”", "the date (2016-09-24)", "the status (final)",
                 "the electorate (640,500), and with it the turnout", "the declared shares of 2 candidates"):
        assert item in lost


def test_a_lossy_save_can_go_native_instead(window, monkeypatch, tmp_path):
    monkeypatch.setattr(window.files, "ask_about_losses", lambda path, fmt, lost: "native")
    offered = []

    def choose(*args, **kwargs):
        offered.append(args[2])
        return args[2], ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    assert window.files.save_to(tmp_path / "labour.csv")
    assert not (tmp_path / "labour.csv").exists()
    saved = tmp_path / "labour.results.json"
    assert offered == [str(saved)] and read_contest(saved).date == "2016-09-24"


def test_saving_a_csv_document_as_csv_asks_nothing(window, monkeypatch, tmp_path):
    source = tmp_path / "plain.csv"
    source.write_text("category,A,B\nNorth,10,4\n", encoding="utf-8")
    assert window.files.open_path(source)
    monkeypatch.setattr(window.files, "ask_about_losses", lambda *args: (_ for _ in ()).throw(AssertionError("asked")))
    window.contest.set_count(0, 0, 11)
    assert window.files.save_to(source)
    assert read_contest(source).count(0, 0) == 11


def test_the_question_lists_every_loss_and_defaults_to_native(qapp, tmp_path):
    box = lossy_save_box(None, tmp_path / "x.csv", SPREADSHEET_CSV, ["the title “T”", "the date (2016-09-24)"])
    assert "• the title “T”\n• the date (2016-09-24)" in box.informativeText()
    assert box.defaultButton().text().startswith("Save as .results.json")
    box.defaultButton().click()
    assert box.property("answer") == "native"
    box.deleteLater()


def test_an_imported_contest_prints_no_status(qapp):
    contest = import_contest(DATA / "hoc_ge2017_wide_excerpt.csv", ImportOptions()).contest
    subtitle = default_subtitle(contest)
    assert "provisional" not in subtitle and "result" not in subtitle.split("·")[-1]


def test_a_share_chart_of_withheld_counts_says_known_votes(qapp):
    contest = import_contest(DATA / "nm_withheld_excerpt.csv", ImportOptions(by="county", contest="President")).contest
    # The excerpt's one county is the chart's one group, named in the subtitle.
    assert contest.category_count == 1
    assert f"Share of the known valid votes: {contest.category_name(0)}" in default_subtitle(contest, "share")


def test_a_lossy_save_leaves_the_document_modified_and_says_what_the_file_lacks(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from resultsviewer.core.contest import Axis, Method
    from resultsviewer.core.edits import SetProperties, UpdateItem

    source = tmp_path / "wards.csv"
    source.write_text("category,A,B\nNorth,100,200\nSouth,300,50\n", encoding="utf-8")
    assert window.files.open_path(source)
    # Sections, North weighing 3: B wins North (3) against A's South (1). Plain, A has 400 to 250.
    window.document.apply(SetProperties({"method": Method.SECTIONS}))
    window.document.apply(UpdateItem(Axis.CATEGORY, 0, {"weight": 3.0}))
    monkeypatch.setattr(window.files, "ask_about_losses", lambda path, fmt, lost: "write")
    assert window.files.save_to(source)
    reopened = read_contest(source)
    assert reopened.method is not Method.SECTIONS  # the file really lacks it
    assert window.document.is_modified
    assert window.isWindowModified()
    said = window.statusBar().currentMessage()
    assert "wards.csv" in said and "without" in said and "method" in said
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not window.close()
    assert asked and "wards.csv" in asked[0]


def test_a_complete_save_after_a_lossy_one_marks_the_document_clean(window, monkeypatch, tmp_path):
    monkeypatch.setattr(window.files, "ask_about_losses", lambda path, fmt, lost: "write")
    assert window.files.save_to(tmp_path / "labour.csv")
    assert window.document.is_modified
    assert window.files.save_to(tmp_path / "labour.results.json")
    assert not window.document.is_modified
    assert not window.isWindowModified()
