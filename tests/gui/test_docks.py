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
