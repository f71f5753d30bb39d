"""Fixtures for the window's tests: a shown main window, and windows a test opens itself,
each closed afterwards without a Save/Discard prompt (which would block the run)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from resultsviewer.core.contest import Contest
from resultsviewer.gui import import_dialog
from resultsviewer.gui.chart import ResultsChart
from resultsviewer.gui.main_window import MainWindow
from resultsviewer.gui.recovery import recovery_folder
from resultsviewer.gui.settings import app_settings


def shown_chart(qtbot, contest: Contest, width: int = 900, height: int = 520) -> ResultsChart:
    """A chart of ``contest`` at ``width`` x ``height``, shown and exposed."""
    widget = ResultsChart()
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.set_contest(contest)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def close_unprompted(window: MainWindow) -> None:
    """Close a window whatever its changes."""
    window.undo_stack.setClean()
    window.close()
    window.deleteLater()


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    """The main window on the default contest, shown, autosaving a moment after an edit."""
    for leftover in recovery_folder().glob("*.recovery.json"):
        leftover.unlink()
    # The default layout, not the one the last test's window saved on closing (its table
    # pane was fitted to whatever contest that test showed).
    app_settings().remove("window")
    window = MainWindow()
    window.autosaver.set_delay(20)
    window.show()
    qtbot.waitUntil(window.isVisible)
    yield window
    close_unprompted(window)


@pytest.fixture
def close_later() -> Iterator[Callable[[MainWindow], MainWindow]]:
    """Register a window the test made (``other = close_later(MainWindow())``) for closing."""
    windows: list[MainWindow] = []

    def register(window: MainWindow) -> MainWindow:
        windows.append(window)
        return window

    yield register
    for each in windows:
        close_unprompted(each)


@pytest.fixture
def import_threads(monkeypatch) -> list[str]:
    """The names of the threads the dialog's import of a whole file ran in."""
    threads: list[str] = []
    imported = import_dialog.import_contest

    def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return imported(*args, **kwargs)

    monkeypatch.setattr(import_dialog, "import_contest", recording)
    return threads
