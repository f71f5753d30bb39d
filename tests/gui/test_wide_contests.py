"""Wide contests in the window (issue 19): thousands of candidates neither widen the
window nor make it measure every column; the chart draws at most a few series."""

from __future__ import annotations

from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.core.describe import MAX_SERIES
from resultsviewer.gui.main_window import MainWindow


def tied_contest(candidates: int) -> Contest:
    """Every candidate on the same count: the summary names them all, a very long line."""
    return Contest(
        f"{candidates:,} tied candidates",
        [Candidate(f"Candidate {index}") for index in range(candidates)],
        [Category(f"Precinct {index}") for index in range(3)],
        [[7] * candidates for _ in range(3)],
    )


def test_a_tie_of_thousands_does_not_widen_the_window(qtbot, close_later) -> None:
    window = close_later(MainWindow(tied_contest(3000)))
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    summary = window.summary.result_label
    assert summary.text().startswith("Tie between Candidate 0, Candidate 1, Candidate 2")
    assert "Candidate 2999" in summary.text()  # the whole text is kept...
    assert window.width() <= 1200 and window.minimumSizeHint().width() < 2000  # ...not its width
    assert "Candidate 0" in summary.toolTip()
    image = window.grab()
    assert image.width() <= 1200


def test_only_the_first_columns_are_fitted_to_their_contents(qtbot, close_later) -> None:
    window = close_later(MainWindow(tied_contest(500)))
    window.show()
    qtbot.waitExposed(window)
    header = window.table.horizontalHeader()
    fitted = window.FITTED_COLUMNS
    fitted_width = header.sectionSize(0)
    assert fitted_width != header.defaultSectionSize()  # so the next line tells fitted from not
    assert header.sectionSize(fitted + 10) == header.defaultSectionSize()


def test_the_chart_draws_a_few_series_whatever_the_candidates(qtbot, close_later) -> None:
    window = close_later(MainWindow(tied_contest(3000)))
    window.show()
    assert len(window.chart.bar_items()) <= MAX_SERIES
    assert len(window.chart.legend_names()) <= MAX_SERIES


def test_the_summary_copies_its_whole_sentence_and_keeps_its_height_while_edited(qtbot, close_later) -> None:
    """The summary is painted, not selectable: its context menu copies the whole text, cut
    short or not; a new sentence of the same number of lines leaves the layout alone."""
    from PySide6.QtGui import QGuiApplication

    window = close_later(MainWindow(tied_contest(300)))
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    label = window.summary.result_label
    assert label.is_elided() and label.shown_text().endswith("…")
    (copy,) = [action for action in label.actions() if action.text() == "Copy"]
    copy.trigger()
    assert QGuiApplication.clipboard().text() == label.text()
    assert "Candidate 299" in QGuiApplication.clipboard().text()
    height = label.height()
    window.model.setData(window.model.index(0, 0), "8")  # Candidate 0 now leads alone
    qtbot.waitUntil(lambda: label.text().startswith("Candidate 0 wins"))
    assert not label.is_elided() and label.shown_text() == label.text()
    qtbot.waitUntil(lambda: label.height() < height)  # fewer lines now, where three were


def test_a_resize_keeps_the_tooltip_the_summary_gave_its_result(qtbot, close_later) -> None:
    """The result line's tooltip says how the result was decided; narrowing the window (which
    breaks the line again) must not take it away."""
    window = close_later(MainWindow())
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    label = window.summary.result_label
    about = label.toolTip()
    assert about  # the method's words, set by the summary
    window.resize(700, 800)
    qtbot.waitUntil(lambda: label.width() < 700)
    assert label.toolTip() == about
