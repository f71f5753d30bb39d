"""The table and chart of a contest (or a category) of no votes: shares are "–", not 0.0%,
the chart draws no share of nothing, and its value axis counts whole votes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.gui.chart import ChartMode
from resultsviewer.gui.document import Document
from resultsviewer.gui.table_model import TableDisplay, TallyTableModel

from .conftest import shown_chart

EN_DASH = "\u2013"


def _contest(rows: list[list[int]]) -> Contest:
    names = ["North", "South", "East"]
    return Contest("Zeros", [Candidate("Alice"), Candidate("Bob")], [Category(n) for n in names[: len(rows)]], rows)


def test_the_table_says_a_dash_for_a_share_of_no_votes(qapp) -> None:
    document = Document(_contest([[0, 0], [3, 1]]))
    model = TallyTableModel(document)
    try:
        model.set_display(TableDisplay.SHARE_OF_CATEGORY)
        cell = model.index(0, 0)
        assert model.data(cell, Qt.ItemDataRole.DisplayRole) == EN_DASH
        assert model.data(model.index(1, 0), Qt.ItemDataRole.DisplayRole) == "75.0%"
        tip = model.data(cell, Qt.ItemDataRole.ToolTipRole)
        assert f"{EN_DASH} of valid votes in North" in tip  # of the 4 votes in all, it is 0.0%
        assert "0.0% of valid votes in North" not in tip
        # No votes anywhere: the Total row's shares are undefined too.
        document.contest.set_count(1, 0, 0)
        document.contest.set_count(1, 1, 0)
        assert model.data(model.index(2, 0), Qt.ItemDataRole.DisplayRole) == EN_DASH
        model.set_display(TableDisplay.SHARE_OF_TOTAL)
        assert model.data(model.index(0, 2), Qt.ItemDataRole.DisplayRole) == EN_DASH
    finally:
        model.detach()
        document.close()


def test_the_chart_in_shares_draws_no_share_of_no_votes(qtbot) -> None:
    contest = _contest([[0, 0], [3, 1]])
    chart = shown_chart(qtbot, contest)
    chart.set_mode(ChartMode.SHARE)
    labels = chart.value_labels()
    assert labels[("North", "Alice")] == "" and labels[("North", "Bob")] == ""
    assert labels[("South", "Alice")] == "75.0%"
    assert chart.bar_heights()[("North", "Alice")] == 0
    assert EN_DASH in chart.tooltip_text(0, 1) and "0.0%" not in chart.tooltip_text(0, 1)
    # A vote in North gives it shares, and labels; taking it back takes them away.
    contest.set_count(0, 1, 2)
    assert chart.value_labels()[("North", "Alice")] == "0.0%"
    assert chart.value_labels()[("North", "Bob")] == "100.0%"
    contest.set_count(0, 1, 0)
    assert chart.value_labels()[("North", "Alice")] == ""
    # A contest of no votes at all: no label anywhere.
    contest.set_count(1, 0, 0)
    contest.set_count(1, 1, 0)
    assert set(chart.value_labels().values()) == {""}


@pytest.mark.parametrize("rows", [[[0, 0], [0, 0]], []], ids=["all-zero", "no-category"])
def test_the_counts_axis_of_no_votes_ticks_whole_votes(qtbot, rows) -> None:
    chart = shown_chart(qtbot, _contest(rows))
    qtbot.waitUntil(lambda: chart.plot_widget().width() > 0)
    labels = chart.value_axis_labels()
    assert labels, "the axis shows some ticks"
    assert all(label.replace(",", "").isdigit() for label in labels), labels
    assert "0" in labels and "1" in labels


def test_opening_a_header_only_csv_says_it_has_no_rows(window, tmp_path: Path) -> None:
    path = tmp_path / "header_only.csv"
    path.write_text("category,Alice,Bob\n", encoding="utf-8")
    assert window.files.open_path(path, ask_to_save=False)
    said = window.statusBar().currentMessage()
    assert said.startswith("Opened header_only.csv")
    assert "the file has no data rows: no category" in said
