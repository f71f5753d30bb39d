"""Group by Party in the window: offered where counting parties means something; refused,
saying why, where it does not, never a count by another rule."""

from __future__ import annotations

from pathlib import Path

from resultsviewer.core.bundled import default_contest
from resultsviewer.core.contest import Axis, Candidate, Category, Contest
from resultsviewer.core.edits import RemoveItem
from resultsviewer.core.formats import read_contest
from resultsviewer.gui.main_window import MainWindow

from .conftest import close_unprompted

ROOT = Path(__file__).resolve().parents[2]
KANSAS = ROOT / "tests" / "data" / "rcv" / "clear_ballot_kansas_primary" / "clear_ballot_kansas_primary_config.json"


def _window(qtbot, contest: Contest) -> MainWindow:
    window = MainWindow(contest)
    window.show()
    qtbot.waitUntil(window.isVisible)
    return window


def test_rounds_stay_counted_in_rounds(qtbot) -> None:
    window = _window(qtbot, read_contest(KANSAS))
    try:
        before = window.summary.result_label.text(), window.summary.facts_label.text()
        assert "counted by instant runoff" in before[1]
        assert not window.actions["view.group-by-party"].isEnabled()
        window.set_grouped_by_party(True)
        # It said "counted by sum (one member one vote...)" beside the rounds' winner.
        assert (window.summary.result_label.text(), window.summary.facts_label.text()) == before
        assert not window.results_panel.grouped_by_party()
        assert "Counting candidates, not parties: this contest is decided by instant runoff" in (
            window.statusBar().currentMessage())
    finally:
        close_unprompted(window)


def test_one_party_s_candidates_are_not_grouped(qtbot) -> None:
    window = _window(qtbot, default_contest())
    try:
        action = window.actions["view.group-by-party"]
        assert not action.isEnabled()
        assert "every candidate stands for Labour" in action.statusTip()
        window.set_grouped_by_party(True)
        assert window.summary.result_label.text().startswith("Jeremy Corbyn wins with 61.8%")
    finally:
        close_unprompted(window)


def test_grouping_stops_when_an_edit_leaves_one_party(qtbot) -> None:
    contest = Contest(
        "Council", [Candidate("Ann", "Red"), Candidate("Bob", "Blue"), Candidate("Cy", "Red")],
        [Category("North")], [[6, 5, 4]],
    )
    window = _window(qtbot, contest)
    try:
        window.set_grouped_by_party(True)
        assert window.summary.result_label.text().startswith("Red wins")  # 6 + 4 against 5
        assert window.document.apply(RemoveItem(Axis.CANDIDATE, 1))  # Bob, the one Blue
        # Ann and Cy, both Red: nothing left to compare by party.
        assert not window.results_panel.grouped_by_party()
        assert not window.actions["view.group-by-party"].isChecked()
        assert window.summary.result_label.text().startswith("Ann wins")
        window.undo_stack.undo()
        assert window.actions["view.group-by-party"].isEnabled()
    finally:
        close_unprompted(window)
