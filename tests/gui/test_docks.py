"""The docks below the charts (Change Since Last Time, Rounds) neither force the window
taller nor crush the charts: a 900x600 window stays 900x600 with either open, and the
charts keep a usable height."""

from __future__ import annotations

from pathlib import Path

import pytest

from resultsviewer.core.formats import import_contest, read_contest
from resultsviewer.core.formats.opening import Origin

DATA = Path(__file__).resolve().parents[1] / "data"
#: The window size a small laptop screen leaves (the tester's 900x600).
SMALL = (900, 600)
#: Below about 200 px the Seats tab was blank and the Votes chart's labels overlapped.
USABLE_CHART_HEIGHT = 200


def _open_commons_and_compare(qtbot, window) -> None:
    now = import_contest(DATA / "hoc_ge2019_long_excerpt.csv").contest
    then = import_contest(DATA / "hoc_ge2017_wide_excerpt.csv").contest
    window.document.replace(now, Origin(name=now.title))
    assert window.compare_panel.set_baseline(then)
    qtbot.waitUntil(lambda: window.compare_dock.isVisible())


def _open_rounds(qtbot, window) -> None:
    path = DATA / "rcv" / "2015_portland_mayor" / "2015_portland_mayor_config.json"
    window.document.replace(read_contest(path), Origin(path, None, path.name))
    qtbot.waitUntil(lambda: window.rounds_dock.isVisible())


@pytest.mark.parametrize("open_dock", [_open_commons_and_compare, _open_rounds], ids=["compare", "rounds"])
def test_a_dock_below_leaves_a_small_window_small_and_the_charts_usable(qtbot, window, open_dock) -> None:
    window.resize(1280, 800)
    open_dock(qtbot, window)
    qtbot.wait(50)
    # At 1280x800 the dock opens beside a chart that keeps its height (it was ~70 px).
    assert window.results_panel.height() >= USABLE_CHART_HEIGHT
    assert window.minimumSizeHint().height() <= SMALL[1]
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.size().toTuple() == SMALL)
    assert window.results_panel.height() >= USABLE_CHART_HEIGHT
    assert window.chart.height() >= USABLE_CHART_HEIGHT - window.results_panel.tabBar().height()


@pytest.mark.parametrize("size", [(1280, 800), SMALL])
def test_the_rounds_table_shows_every_word_whole(qtbot, window, size) -> None:
    """Each column as wide as its widest text, and the table pane as wide as its columns:
    no "electe" or "continu" cut at the pane's edge."""
    window.resize(*size)
    _open_rounds(qtbot, window)
    view = window.rounds_view
    table = view.table
    for number in (1, 2, view.round_count()):
        view.set_round(number)
        qtbot.wait(20)
        metrics = table.fontMetrics()
        for column in range(table.columnCount()):
            widest = max(
                metrics.horizontalAdvance(table.item(row, column).text()) for row in range(table.rowCount())
            )
            assert table.columnWidth(column) >= widest, (number, table.horizontalHeaderItem(column).text())
        header = table.horizontalHeader()
        assert header.sectionViewportPosition(4) + header.sectionSize(4) <= table.viewport().width()
        statuses = {table.item(row, 4).text() for row in range(table.rowCount())}
        assert statuses <= {"elected", "continuing", "eliminated", "eliminated (tie-break)", "more than half"} | {
            s for s in statuses if s.startswith(("eliminated in round ", "exhausted", "skipped", "overvotes", "repeated"))
        } | {""}
