"""What the status bar says: a refusal goes once a change is made; what the views say
about a contest just opened (the chart switched to shares, the comparison stopped) is
not hidden by "Opened X"; an automatic switch to shares lasts for its contest only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.core.formats import import_contest, native
from resultsviewer.core.formats.opening import Origin
from resultsviewer.gui.chart import ChartMode

from .test_main_window import edit_cell

DATA = Path(__file__).resolve().parents[1] / "data"
PORTLAND = DATA / "rcv" / "2015_portland_mayor" / "2015_portland_mayor_config.json"


def _saved(tmp_path: Path, name: str, categories: int) -> Path:
    contest = Contest(
        name, [Candidate("Ada"), Candidate("Bea")], [Category(f"Ward {i + 1}") for i in range(categories)],
        [[10 + i, 20] for i in range(categories)],
    )
    path = tmp_path / f"{name}.results.json"
    path.write_bytes(native.dumps(contest))
    return path


def _type(window, row: int, column: int, typed: str) -> bool:
    """What the table's editor commits (the view's setData), without the editor's timing."""
    return window.model.setData(window.model.index(row, column), typed, Qt.ItemDataRole.EditRole)


def test_a_change_made_clears_a_stale_refusal(qtbot, window) -> None:
    status = window.statusBar()
    edit_cell(qtbot, window, 0, 1, "1.5")  # once through the editor itself
    assert status.currentMessage().startswith("Not changed: ") and "'1.5'" in status.currentMessage()
    assert _type(window, 0, 1, "1234")
    assert window.contest.count(0, 1) == 1234
    assert "Not changed" not in status.currentMessage()
    # And an undo after a refusal.
    assert not _type(window, 0, 1, "-3")
    assert status.currentMessage().startswith("Not changed: ")
    window.trigger("edit.undo")
    assert "Not changed" not in status.currentMessage()


def test_a_refusal_is_said_after_a_change_too(window) -> None:
    assert _type(window, 0, 1, "1234")
    assert not _type(window, 0, 1, "1.5")
    assert "'1.5'" in window.statusBar().currentMessage()


def test_opening_a_large_contest_says_why_the_chart_shows_shares_and_a_small_one_goes_back(window, tmp_path) -> None:
    large, small = _saved(tmp_path, "Large", 40), _saved(tmp_path, "Small", 3)
    assert window.files.open_path(large, ask_to_save=False)
    said = window.statusBar().currentMessage()
    assert said.startswith("Opened Large.results.json")
    assert "40 categories: the chart shows shares" in said
    assert window.chart.mode() is ChartMode.SHARE
    assert window.files.open_path(small, ask_to_save=False)
    assert window.chart.mode() is ChartMode.COUNTS
    assert ChartMode(window.chart_mode_box.currentData()) is ChartMode.COUNTS
    assert not window.actions["view.chart-shares"].isChecked()
    assert "counts again" in window.statusBar().currentMessage()


def test_shares_chosen_by_the_user_stay_for_the_next_contest(window, tmp_path) -> None:
    large, small = _saved(tmp_path, "Large", 40), _saved(tmp_path, "Small", 3)
    assert window.files.open_path(large, ask_to_save=False)
    window.chart_mode_box.setCurrentIndex(window.chart_mode_box.findData(ChartMode.COUNTS))
    window.chart_mode_box.setCurrentIndex(window.chart_mode_box.findData(ChartMode.SHARE))  # the user's choice
    assert window.files.open_path(small, ask_to_save=False)
    assert window.chart.mode() is ChartMode.SHARE
    # The menu's command is the user's choice too.
    window.set_chart_mode(ChartMode.COUNTS)
    window.actions["view.chart-shares"].trigger()
    assert window.files.open_path(_saved(tmp_path, "Other", 2), ask_to_save=False)
    assert window.chart.mode() is ChartMode.SHARE


def test_opening_a_contest_that_cannot_be_compared_says_the_comparison_stopped(qtbot, window) -> None:
    now = import_contest(DATA / "hoc_ge2019_long_excerpt.csv").contest
    window.document.replace(now, Origin(name=now.title))
    assert window.compare_panel.set_baseline(import_contest(DATA / "hoc_ge2017_wide_excerpt.csv").contest)
    assert window.files.open_path(PORTLAND, ask_to_save=False)
    said = window.statusBar().currentMessage()
    assert said.startswith(f"Opened {PORTLAND.name}.")
    assert "Stopped comparing: " in said
    assert window.compare_panel.comparison is None
    qtbot.waitUntil(lambda: not window.compare_dock.isVisible())


def test_the_refusal_message_is_not_cleared_by_typing_the_same_value(window) -> None:
    """A value equal to the count changes nothing: the refusal before it stands."""
    assert not _type(window, 0, 1, "1.5")
    _type(window, 0, 1, str(window.contest.count(0, 1)))
    assert "'1.5'" in window.statusBar().currentMessage()
