"""The main window driven as a user would: edit in the table, undo, rename, add, save and
reopen, the unsaved-changes prompt, a bad file, drag and drop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QToolBar, QToolTip

from resultsviewer.core.contest import Axis
from resultsviewer.core.formats import read_contest
from resultsviewer.core.formats.opening import Origin
from resultsviewer.gui.app import open_main_window
from resultsviewer.gui.chart import ChartMode
from resultsviewer.gui.main_window import MainWindow
from resultsviewer.gui.settings import recent_files
from resultsviewer.gui.table_model import TableDisplay

from .conftest import close_unprompted

DEFAULT = Path(__file__).resolve().parents[2] / "resources" / "labour-leadership-2016.results.json"


def edit_cell(qtbot, window: MainWindow, row: int, column: int, typed: str) -> None:
    """Type into a cell through the view's own editor, as a user does."""
    index = window.model.index(row, column)
    window.table.setCurrentIndex(index)
    window.table.edit(index)
    editor = window.table.findChild(QLineEdit)
    assert editor is not None, "the view opened no editor"
    editor.selectAll()
    qtbot.keyClicks(editor, typed)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits the editor's text through a queued call.
    qtbot.waitUntil(lambda: window.table.findChild(QLineEdit) is None or not window.table.findChild(QLineEdit).isVisible())


def bars(window: MainWindow) -> dict[tuple[str, str], float]:
    return window.chart.bar_heights()


def test_opens_on_the_default_contest(window):
    assert window.contest.title == "Labour Party leadership election 2016"
    assert "Jeremy Corbyn wins with 61.8%" in window.summary.result_label.text()
    assert "506,438 valid votes" in window.summary.facts_label.text()
    assert "640,500" in window.summary.facts_label.text()
    assert not window.summary.warning_button.isVisible()
    # The default contest names the window (never "Untitled") and what Save As suggests.
    assert window.windowTitle().startswith("Labour Party leadership election 2016")
    assert not window.isWindowModified()


def test_summary_names_the_contest_and_follows_its_properties(window):
    """The window's title names the file ("Untitled" for the default); the summary names the contest."""
    import json

    from resultsviewer.core.edits import SetProperties

    with open(DEFAULT, encoding="utf-8") as stream:
        source = json.load(stream)
    heading = window.summary.contest_label.text()
    assert heading == f"{source['title']} · 24 September 2016 · {source['status']} result"
    assert window.summary.contest_label.isVisible()
    window.document.apply(SetProperties({"title": "Labour leadership 2016 (re-run)", "date": "2016-09"}))
    assert window.summary.contest_label.text() == f"Labour leadership 2016 (re-run) · 2016-09 · {source['status']} result"
    window.undo_stack.undo()
    assert window.summary.contest_label.text() == heading


def test_the_table_pane_fits_its_columns_with_no_grey_band(qtbot, window):
    """The issue: the table used ~400 px of a 620 px pane, a grey void beside and under it."""
    from PySide6.QtGui import QPalette

    table = window.table
    window.resize(1280, 800)  # whatever geometry an earlier test left in the settings
    qtbot.waitUntil(lambda: sum(window.splitter.sizes()) > 1200)
    columns = table.verticalHeader().width() + table.horizontalHeader().length() + 2 * table.frameWidth()
    assert abs(table.width() - columns) <= 2, (table.width(), columns)
    assert window.chart.width() > table.width()
    # a wider window widens the chart; the table keeps the width that fits it
    before = table.width()
    window.resize(window.width() + 200, window.height())
    qtbot.waitUntil(lambda: window.chart.width() > 0 and table.width() == before)
    # under the last row, the row headers' strip is the colour of the empty table
    image = table.grab().toImage()
    below_rows = image.pixelColor(10, table.height() - 10)
    assert below_rows == table.palette().color(QPalette.ColorRole.Base)


def test_a_table_wider_than_half_the_window_takes_half_and_scrolls(qtbot, window):
    from resultsviewer.core.contest import Candidate, Category, Contest

    wide = Contest("Many candidates", [Candidate(f"Candidate number {i}") for i in range(30)], [Category("All")], [[i for i in range(30)]])
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: sum(window.splitter.sizes()) > 1200)  # laid out at the window's width
    window.splitter.setSizes([300, sum(window.splitter.sizes()) - 300])
    window.document.replace(wide, Origin(name="wide"))
    left, right = window.splitter.sizes()
    assert abs(left - right) <= 1
    assert window.table.horizontalScrollBar().maximum() > 0


def test_editing_a_cell_updates_model_summary_and_chart(qtbot, window):
    heights = bars(window)
    assert heights[("Members", "Owen Smith")] == 116960
    edit_cell(qtbot, window, 0, 1, "216,960")
    assert window.contest.count(0, 1) == 216960
    assert window.model.data(window.model.index(3, 1)) == "293,229"
    assert "Jeremy Corbyn wins with 51.6%" in window.summary.result_label.text()
    assert bars(window)[("Members", "Owen Smith")] == 216960
    # The source's declared totals now disagree: the summary says so.
    assert window.summary.warning_button.isVisibleTo(window)
    assert window.isWindowModified()
    window.trigger("edit.undo")
    assert window.contest.count(0, 1) == 116960
    assert bars(window)[("Members", "Owen Smith")] == 116960
    assert not window.isWindowModified()
    assert not window.summary.warning_button.isVisibleTo(window)
    window.trigger("edit.redo")
    assert window.contest.count(0, 1) == 216960


def test_a_refused_edit_is_said_in_the_status_bar(qtbot, window):
    edit_cell(qtbot, window, 1, 0, "-12")
    assert window.contest.count(1, 0) == 84918
    assert "negative" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def _toolbar_tooltip(qtbot, window: MainWindow, label: str) -> str:
    """What hovering the toolbar's Undo or Redo shows."""
    toolbar = window.findChild(QToolBar, "main-toolbar")
    action = next(action for action in toolbar.actions() if action.text() == label)
    button = toolbar.widgetForAction(action)
    QToolTip.hideText()
    point = QPoint(button.width() // 2, button.height() // 2)
    QApplication.sendEvent(button, QHelpEvent(QEvent.Type.ToolTip, point, button.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    return QToolTip.text()


def test_the_toolbars_undo_and_redo_say_what_they_would_do(qtbot, window):
    """Worked out on hovering: after an edit, then after undoing it."""
    window.edits.rename(Axis.CANDIDATE, 1, "Owen Smith MP")
    assert _toolbar_tooltip(qtbot, window, "Undo") == f"Undo {window.undo_stack.undoText()}"
    assert "Owen Smith MP" in _toolbar_tooltip(qtbot, window, "Undo")
    window.undo_stack.undo()
    assert _toolbar_tooltip(qtbot, window, "Undo") == "Undo"
    assert "Owen Smith MP" in _toolbar_tooltip(qtbot, window, "Redo")
    QToolTip.hideText()


def test_rename_and_add_a_candidate_with_undo(window):
    assert window.edits.rename(Axis.CANDIDATE, 1, "Owen Smith MP")
    assert window.model.headerData(1, Qt.Orientation.Horizontal) == "Owen Smith MP"
    assert window.edits.add(Axis.CANDIDATE, "Write-in")
    assert window.contest.candidate_count == 3
    assert ("Members", "Write-in") in bars(window)
    assert window.undo_stack.undoText() == "Added candidate 'Write-in' at position 3"
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert [c.name for c in window.contest.candidates] == ["Jeremy Corbyn", "Owen Smith"]
    assert ("Members", "Write-in") not in bars(window)


def test_colour_move_and_properties_are_undoable(window):
    assert window.edits.choose_colour(1, "#00aa55")
    assert window.contest.candidate(1).colour == "#00aa55"
    assert window.edits.move(Axis.CATEGORY, 1, index=0)
    assert window.contest.category(1).name == "Members"
    assert window.edits.set_method("electoral-college")
    assert "electoral college" in window.summary.facts_label.text()
    assert window.undo_stack.count() == 3
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert window.contest.candidate(1).colour == "#1f6fb2"
    assert window.contest.category(0).name == "Members"
    assert window.contest.method.value == "sum"


def test_table_display_and_chart_modes(window):
    window.set_table_display("share-of-category")
    assert window.model.data(window.model.index(3, 0)) == "61.8%"
    window.set_chart_mode(ChartMode.SHARE)
    assert bars(window)[("Overall", "Jeremy Corbyn")] == pytest.approx(100 * 313209 / 506438)
    assert bars(window)[("Members", "Owen Smith")] == pytest.approx(100 * 116960 / (168216 + 116960))
    window.set_chart_stacked(True)
    assert window.chart.stacked()


def test_save_and_reopen(qtbot, window, tmp_path, close_later, monkeypatch):
    edit_cell(qtbot, window, 2, 1, "39,671")
    target = tmp_path / "corrected.results.json"
    assert window.files.save_to(target)
    assert not window.isWindowModified()
    assert "corrected.results.json" in window.windowTitle()
    assert read_contest(target).count(2, 1) == 39671
    other = MainWindow()
    close_later(other)
    assert other.files.open_path(target)
    assert other.contest.count(2, 1) == 39671
    assert other.file_path == target
    assert str(target.resolve()) in recent_files()
    # Saved as CSV too, and reopened without an import dialog.
    csv_target = tmp_path / "corrected.csv"
    asked = []
    monkeypatch.setattr(other.files, "ask_about_losses", lambda path, fmt, lost: asked.append(lost) or "write")
    assert other.files.save_to(csv_target)
    assert asked and "the date (2016-09-24)" in asked[0]
    # The CSV lacks the date and more: the document stays modified, so reopening would ask.
    assert other.document.is_modified
    assert other.files.open_path(csv_target, ask_to_save=False)
    assert other.contest.count(2, 1) == 39671


def test_undo_back_to_the_saved_state_clears_the_modified_mark(qtbot, window, tmp_path):
    assert window.files.save_to(tmp_path / "a.results.json")
    edit_cell(qtbot, window, 0, 0, "1")
    assert window.isWindowModified()
    window.undo_stack.undo()
    assert not window.isWindowModified()


@pytest.mark.parametrize(
    ("answer", "opened", "saved"),
    [
        (QMessageBox.StandardButton.Cancel, False, False),
        (QMessageBox.StandardButton.Discard, True, False),
        (QMessageBox.StandardButton.Save, True, True),
    ],
)
def test_unsaved_changes_prompt(qtbot, window, tmp_path, monkeypatch, answer, opened, saved):
    own = tmp_path / "mine.results.json"
    assert window.files.save_to(own)
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args) or answer)
    assert window.files.open_path(DEFAULT) is opened
    assert len(asked) == 1
    assert read_contest(own).category(0).name == ("Full members" if saved else "Members")
    if not opened:
        assert window.contest.category(0).name == "Full members"
        assert window.isWindowModified()


def test_close_with_unsaved_changes_can_be_cancelled(window, monkeypatch):
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.results.json", b'{"format": "resultsviewer-contest", "version": 1, "title": "x", "candidates": ['),
        ("negative.csv", b"category,A,B\nNorth,10,-4\n"),
        ("binary.results.json", bytes(range(256)) * 4),
    ],
)
def test_a_bad_file_leaves_the_document_untouched(qtbot, window, tmp_path, monkeypatch, name, content):
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    bad = tmp_path / name
    bad.write_bytes(content)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text))
    assert not window.files.open_path(bad, ask_to_save=False)
    assert shown and name in shown[0]
    assert window.contest.category(0).name == "Full members"
    assert window.isWindowModified()
    assert window.undo_stack.count() == 1


def test_drag_and_drop_of_a_file_opens_it(qtbot, window, tmp_path):
    dropped = tmp_path / "dropped.results.json"
    document = json.loads(DEFAULT.read_text(encoding="utf-8"))
    document["title"] = "Dropped contest"
    dropped.write_text(json.dumps(document), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert window.contest.title == "Dropped contest"
    assert window.file_path == dropped


def test_change_log_export(window, tmp_path):
    window.edits.rename(Axis.CANDIDATE, 0, "J. Corbyn")
    log = tmp_path / "changes.txt"
    assert window.files.export_change_log(log)
    text = log.read_text(encoding="utf-8")
    assert "'Jeremy Corbyn'" in text and "'J. Corbyn'" in text


def test_open_main_window_reuses_the_application_and_opens_a_file(qtbot, close_later):
    app = QApplication.instance()
    window = open_main_window(DEFAULT)
    close_later(window)
    assert QApplication.instance() is app
    qtbot.waitUntil(lambda: window.file_path == DEFAULT)
    assert window.windowTitle().startswith("labour-leadership-2016.results.json")


def test_table_context_menu_offers_the_edits(window):
    menu = window._edit_menu_for(window.model.index(0, 0))
    texts = [action.text() for action in menu.actions() if action.text()]
    assert "Rename Candidate…" in texts and "Remove Category" in texts and "Add Ca&ndidate…" in texts
    menu.deleteLater()


def test_a_drag_of_something_other_than_a_file_is_refused(window):
    mime = QMimeData()
    mime.setText("not a file")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_copy_chart_and_its_description(window):
    window.trigger("edit.copy-chart")
    image = QApplication.clipboard().image()
    assert not image.isNull() and image.width() >= 800
    window.trigger("edit.copy-description")
    text = QApplication.clipboard().text()
    assert text.startswith("Bar chart") and "Jeremy Corbyn 313,209" in text


def select_cells(window: MainWindow, *blocks: tuple[int, int, int, int]) -> None:
    """Select blocks of cells (top, left, bottom, right), as dragging with Ctrl held does."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection()
    for top, left, bottom, right in blocks:
        selection.select(window.model.index(top, left), window.model.index(bottom, right))
    window.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_ctrl_c_copies_the_selected_cells_as_shown(qtbot, window):
    # The Labour Party's declared figures of 2016: members, then registered supporters.
    members, supporters = (168_216, 116_960), (84_918, 36_599)
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.table)
    select_cells(window, (0, 0, 1, 1))
    QApplication.clipboard().clear()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == f"{members[0]:,}\t{members[1]:,}\n{supporters[0]:,}\t{supporters[1]:,}\n"
    assert window.statusBar().currentMessage() == "4 cells copied to the clipboard"
    # Two cells apart: the rectangle between them, its unselected cells empty; shares as shown.
    window.set_table_display(TableDisplay.SHARE_OF_CATEGORY)
    select_cells(window, (0, 0, 0, 0), (1, 1, 1, 1))
    window.trigger("edit.copy-cells")
    share = 100 * members[0] / sum(members)
    assert QApplication.clipboard().text() == f"{share:.1f}%\t\n\t{100 * supporters[1] / sum(supporters):.1f}%\n"


def test_copying_more_cells_than_the_limit_copies_nothing_and_says_why(window, monkeypatch):
    from resultsviewer.gui import table_model

    monkeypatch.setattr(table_model, "MAX_COPIED_CELLS", 3)
    QApplication.clipboard().setText("what was there")
    select_cells(window, (0, 0, 1, 1))
    window.trigger("edit.copy-cells")
    assert QApplication.clipboard().text() == "what was there"
    assert window.statusBar().currentMessage() == "Nothing copied: the selection spans 4 cells; at most 3 are copied at once."
    window.table.clearSelection()
    window.trigger("edit.copy-cells")
    assert window.statusBar().currentMessage().startswith("Nothing copied: select the cells")


def test_ctrl_v_pastes_a_block_of_counts_as_one_edit(qtbot, window):
    # A block as a spreadsheet copies it: tabs and line breaks, a blank cell, a count
    # written with spaces; into Members / Jeremy Corbyn and what lies right and below.
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.table)
    select_cells(window, (0, 0, 0, 0))
    QApplication.clipboard().setText("170,000\t120 000\r\n\t40,000\r\n")
    qtbot.keyClick(window.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    contest = window.contest
    assert [contest.count(0, 0), contest.count(0, 1), contest.count(1, 0), contest.count(1, 1)] == [170_000, 120_000, 84_918, 40_000]
    assert window.statusBar().currentMessage() == (
        "3 counts pasted from Members / Jeremy Corbyn; 1 blank cell left as it was (one edit: Undo takes it back)")
    # Every view follows: the totals row, the chart's bars, the summary's result.
    corbyn, smith = 313_209 + 170_000 - 168_216, 193_229 + 120_000 - 116_960 + 40_000 - 36_599
    assert window.model.data(window.model.index(3, 0)) == f"{corbyn:,}" and window.model.data(window.model.index(3, 1)) == f"{smith:,}"
    assert bars(window)[("Members", "Owen Smith")] == 120_000 and bars(window)[("Registered supporters", "Owen Smith")] == 40_000
    assert f"Jeremy Corbyn wins with {100 * corbyn / (corbyn + smith):.1f}%" in window.summary.result_label.text()
    assert window.summary.warning_button.isVisibleTo(window)  # the declared totals now disagree
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText().startswith("3 counts pasted")
    window.trigger("edit.undo")
    assert [contest.count(0, 0), contest.count(0, 1), contest.count(1, 1)] == [168_216, 116_960, 36_599]
    assert bars(window)[("Members", "Owen Smith")] == 116_960
    assert not window.summary.warning_button.isVisibleTo(window) and not window.isWindowModified()


@pytest.mark.parametrize(("clipboard", "cell", "said"), [
    ("12\tabc", (0, 0), "Not changed: Members / Owen Smith: "),
    ("1\n2\n3", (1, 0), "Not changed: the clipboard holds 3 x 1 cells (rows x columns); from Registered supporters / "
                        "Jeremy Corbyn the counts hold 2 x 2; nothing pasted"),
    ("1\t2", (0, 1), "Not changed: the clipboard holds 1 x 2 cells (rows x columns); from Members / Owen Smith the "
                     "counts hold 3 x 1; nothing pasted"),
    ("-5", (0, 0), "Not changed: Members / Jeremy Corbyn: "),
    ("\n\t\n", (0, 0), "Not changed: the clipboard holds no counts to paste"),
    ("1" * 4_000_000, (0, 0), "Not changed: the clipboard holds 4,000,000 characters, more than 100,000 counts"),
])
def test_a_paste_that_cannot_be_made_changes_nothing_and_says_why(window, clipboard, cell, said):
    before = [[window.contest.count(r, c) for c in range(2)] for r in range(3)]
    select_cells(window, (*cell, *cell))
    assert not window.edits.paste(clipboard)
    assert window.statusBar().currentMessage().startswith(said)
    assert [[window.contest.count(r, c) for c in range(2)] for r in range(3)] == before
    assert window.undo_stack.count() == 0


def test_a_paste_into_a_contest_decided_in_rounds_is_refused(window):
    portland = Path(__file__).resolve().parents[2] / "tests" / "data" / "rcv" / "2015_portland_mayor" / "2015_portland_mayor_config.json"
    assert window.files.open_path(portland, ask_to_save=False)
    before = window.contest.count(0, 0)
    select_cells(window, (0, 0, 0, 0))
    assert not window.edits.paste("99")
    assert window.contest.count(0, 0) == before
    assert "computed from the ballots" in window.statusBar().currentMessage()


def test_a_large_contest_opens_and_edits_at_once(qtbot, tmp_path):
    from resultsviewer.core.contest import Candidate, Category, Contest

    candidates = [Candidate(f"Candidate {c}") for c in range(20)]
    categories = [Category(f"Precinct {r:05d}") for r in range(20_000)]
    counts = [[(r * 7 + c * 13) % 500 for c in range(20)] for r in range(20_000)]
    window = MainWindow(Contest("Big", candidates, categories, counts))
    window.show()
    try:
        assert window.model.rowCount() == 20_001
        assert len(window.chart.shown_categories()) <= 12
        window.model.setData(window.model.index(19_999, 19), "100,000")
        assert window.contest.candidate_total(19) == sum(row[19] for row in counts) - counts[19_999][19] + 100_000
        # Too many categories to compare with the overall totals in counts: shares at first.
        assert window.chart.mode() is ChartMode.SHARE
        window.set_chart_mode(ChartMode.COUNTS)
        # Twenty candidates: the chart draws the fourteen with the most votes and the rest together.
        drawn = window.chart.bar_heights()
        assert len(window.chart.bar_items()) == 15
        assert sum(height for (group, _), height in drawn.items() if group == "Overall") == window.contest.total_votes
        # Selected rows are what the chart draws beside Overall; selecting all stays instant.
        window.table.selectRow(12_345)
        assert window.chart.shown_categories() == [12_345]
        window.table.selectAll()
        assert len(window.chart.shown_categories()) == 12
        window.table.clearSelection()
        assert len(window.chart.shown_categories()) == 11  # the largest, and Overall
    finally:
        close_unprompted(window)


@pytest.mark.slow
def test_stress_2000_edits_with_repaints_and_100_windows(qtbot):
    """Thousands of repaints and window lifetimes in one process: no crash, no growing leak."""
    import gc
    import resource

    window = MainWindow()
    window.show()
    try:
        for step in range(2000):
            row, column = step % 3, step % 2
            window.model.setData(window.model.index(row, column), str(100_000 + step))
            if step % 10 == 0:
                window.repaint()
                QApplication.processEvents()
        assert window.undo_stack.count() == 2000
        # The last step on row 1, column 1 is the last one: 1999 % 3 == 1 and 1999 % 2 == 1.
        assert window.contest.count(1, 1) == 101_999
        assert window.chart.bar_heights()[("Registered supporters", "Owen Smith")] == 101_999
    finally:
        close_unprompted(window)

    def open_and_close(times: int) -> None:
        for _ in range(times):
            each = MainWindow()
            each.show()
            QApplication.processEvents()
            close_unprompted(each)
            del each
            # deleteLater is carried out by the event loop, which processEvents alone does not reach.
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QApplication.processEvents()
        gc.collect()

    open_and_close(20)  # warm up caches, fonts, pyqtgraph's items
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    open_and_close(100)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    live = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert live == []
    assert grown_kib < 60_000, f"peak memory grew by {grown_kib / 1024:.0f} MiB over 100 windows"


def test_an_open_data_file_goes_through_the_import_dialog_and_is_never_overwritten(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from resultsviewer.gui.import_dialog import ImportDialog

    source = Path(__file__).resolve().parents[1] / "data" / "kinney_bom_crlf_excerpt.csv"
    monkeypatch.setattr(ImportDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert window.files.open_path(source)
    assert window.contest.title.startswith("President")
    # An imported table is not ours to rewrite: Save asks where, offering a contest file.
    assert window.file_path is None
    asked = []
    target = tmp_path / "kinney.results.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: asked.append(args[2]) or (str(target), ""))
    window.edits.rename(Axis.CATEGORY, 0, "Renamed precinct")
    assert window.files.save()
    assert asked and asked[0].endswith("kinney_bom_crlf_excerpt.results.json")
    assert read_contest(target).category(0).name == "Renamed precinct"


def test_remove_needs_a_chosen_row_and_is_undoable(window):
    window.table.setCurrentIndex(window.model.index(-1, -1))
    assert not window.edits.remove(Axis.CATEGORY)
    assert "Select a cell in the category's row" in window.statusBar().currentMessage()
    window.table.setCurrentIndex(window.model.index(1, 0))
    window.trigger("edit.remove-category")
    assert [c.name for c in window.contest.categories] == ["Members", "Affiliated supporters"]
    assert window.contest.total_votes == 506438 - 84918 - 36599
    window.undo_stack.undo()
    assert window.contest.category(1).name == "Registered supporters" and window.contest.total_votes == 506438


def test_the_value_axis_follows_a_typo_and_its_undo_both_ways(window, qtbot):
    """1e6 typed into Owen Smith's Members count stretches the axis; undone, the axis comes
    back to the data (Corbyn's total, the tallest bar) without a resize."""
    chart = window.chart
    tallest = 168_216 + 84_918 + 60_075  # Corbyn's three counts, added by hand
    assert chart.y_range()[1] == pytest.approx(tallest, rel=0.2)
    window.model.setData(window.model.index(0, 1), "1e6")
    qtbot.wait(20)
    assert chart.y_range()[1] >= 1_000_000 + 36_599 + 39_670  # Smith's new total
    window.trigger("edit.undo")
    qtbot.wait(20)
    assert tallest <= chart.y_range()[1] <= tallest * 1.25
    assert chart.value_axis_labels()[-1] == "300,000"
