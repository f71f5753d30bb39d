"""An edit in the window updates what is checked of every category: the summary's warning,
the withheld note and the table's marked totals follow each edit, and undo, exactly.

The window keeps these findings up to date one edit at a time (issue 16); the expected
figures here come from the test's own rows, summed with Python.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from resultsviewer.core.contest import Candidate, Category, Contest, Declared
from resultsviewer.core.edits import SetCount
from resultsviewer.core.formats.opening import Origin
from resultsviewer.gui.table_model import DISCREPANCY_BACKGROUND

ROWS: list[list[int | None]] = [[120, 80, 5], [64, None, 30], [10, 11, 12], [300, 250, 1]]
NAMES = ["Abbey", "Bridge", "Castle", "Dock"]
#: As the source printed them: Castle's total is 1 vote short of its counts.
DECLARED = {"Abbey": 205, "Bridge": 94, "Castle": 32, "Dock": 551}


def contest() -> Contest:
    return Contest(
        "Four wards", [Candidate("Red"), Candidate("Blue"), Candidate("Green")], [Category(n) for n in NAMES],
        [list(row) for row in ROWS], declared=Declared(category_totals=dict(DECLARED)),
    )


def expected(rows: list[list[int | None]]) -> tuple[list[str], int]:
    """The categories whose declared total disagrees, and how many rows hold a withheld count."""
    disagreeing = [name for name, row in zip(NAMES, rows) if DECLARED[name] != sum(v for v in row if v is not None)]
    return disagreeing, sum(1 for row in rows if None in row)


def check_summary_and_table(window, rows: list[list[int | None]], step: object) -> None:
    names, withheld = expected(rows)
    assert warned_categories(window) == names, step
    if names:
        count = len(names)
        assert f"{count} declared figure{'s' if count != 1 else ''} disagree" in window.summary.warning_button.text()
    assert [total_is_marked(window, i) for i in range(4)] == [name in names for name in NAMES], step
    facts = window.summary.facts_label.text()
    if withheld:
        assert f"Counts withheld in {withheld} of 4 categories" in facts, (step, facts)
    else:
        assert "withheld" not in facts, (step, facts)


def warned_categories(window) -> list[str]:
    if not window.summary.warning_button.isVisibleTo(window):
        return []
    return [name for name in NAMES if name in window.summary.warning_button.toolTip()]


def total_is_marked(window, row: int) -> bool:
    index = window.model.index(row, window.contest.candidate_count)  # the Total column
    return window.model.data(index, Qt.ItemDataRole.BackgroundRole) == DISCREPANCY_BACKGROUND


def test_edits_and_undo_update_the_warning_the_note_and_the_marks(qtbot, window) -> None:
    window.document.replace(contest(), Origin(name="four wards"))
    rows = [list(row) for row in ROWS]
    assert expected(rows) == (["Castle"], 1)
    check_summary_and_table(window, rows, "opened")

    edits = [(2, 0, 9), (0, 2, 6), (1, 1, 3), (3, 0, None), (3, 0, 300), (0, 2, 5), (2, 2, 13)]
    for step, (row, column, value) in enumerate(edits):
        if value is None:  # withheld: the core's edit, as pasting "*" does
            assert window.document.apply(SetCount(row, column, None))
        else:  # typed in the table
            assert window.model.setData(window.model.index(row, column), f"{value:,}")
        rows[row][column] = value
        check_summary_and_table(window, rows, step)

    for _ in edits:  # undo everything: back to the figures as opened
        window.undo_stack.undo()
    check_summary_and_table(window, [list(row) for row in ROWS], "undone")


def test_an_impossible_turnout_is_flagged_in_the_summary_and_goes_with_undo(window) -> None:
    """The tester's case: 1e6 typed for Owen Smith among the members of the default contest."""
    model = window.model
    assert model.setData(model.index(0, 1), "1e6", Qt.ItemDataRole.EditRole)
    # 313,209 + 193,229 - 116,960 + 1,000,000 ballots of an electorate of 640,500.
    ballots = 313_209 + 193_229 - 116_960 + 1_000_000
    percent = f"{ballots / 640_500 * 100:.1f}%"
    assert percent == "216.9%"
    facts = window.summary.facts_label.text()
    assert f"turnout {percent} of 640,500 eligible ⚠ more ballots than electors" in facts
    button = window.summary.warning_button
    assert button.isVisibleTo(window) and button.text().startswith("⚠ turnout over 100%")
    assert f"Turnout is {percent}, over 100%: {ballots:,} ballots counted of an electorate of 640,500" in button.toolTip()
    window.trigger("edit.undo")
    assert "⚠" not in window.summary.facts_label.text()
    assert not button.isVisibleTo(window)


def test_a_category_with_more_ballots_than_electors_is_flagged_and_follows_edits(qtbot, close_later) -> None:
    """A ward can hold more ballots than electors while the whole contest's turnout looks
    possible: each category is checked, one edit at a time."""
    from resultsviewer.core.contest import Axis
    from resultsviewer.core.edits import UpdateItem
    from resultsviewer.gui.main_window import MainWindow

    wards = Contest(
        "Two wards", [Candidate("Red"), Candidate("Blue")],
        [Category("North", electorate=100, rejected=0), Category("South", electorate=400, rejected=5)], [[60, 50], [80, 70]],
    )
    window = close_later(MainWindow(wards))
    window.show()
    qtbot.waitUntil(window.isVisible)
    button = window.summary.warning_button
    # North: 60 + 50 = 110 ballots of 100 electors; in all 110 + 155 of 500, 53.0%.
    assert "turnout 53.0% of 500 eligible" in window.summary.facts_label.text()
    assert button.isVisibleTo(window) and button.text() == "⚠ more ballots than electors in 1 category"
    assert "North: 110 ballots counted of an electorate of 100" in button.toolTip()
    assert window.model.setData(window.model.index(1, 0), "330", Qt.ItemDataRole.EditRole)
    # South: 330 + 70 valid and 5 rejected, 405 ballots of 400 electors; in all 515 of 500.
    assert button.text() == "⚠ turnout over 100%; more ballots than electors in 2 categories"
    assert "South: 405 ballots counted of an electorate of 400" in button.toolTip()
    assert window.document.apply(UpdateItem(Axis.CATEGORY, 0, {"electorate": 150}))  # 110 of 150; in all 515 of 550
    assert button.text() == "⚠ more ballots than electors in 1 category"
    assert "North" not in button.toolTip()
    window.trigger("edit.undo")
    window.trigger("edit.undo")
    assert button.text() == "⚠ more ballots than electors in 1 category"
    assert "North: 110 ballots" in button.toolTip() and "South" not in button.toolTip()
