"""The window and exports of a contest decided by seats or electoral votes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resultsviewer.core.contest import Candidate, Category, Contest, Method
from resultsviewer.core.palette import candidate_colour
from resultsviewer.core.seat_charts import ChartKind
from resultsviewer.gui.export import ExportOptions, export_chart
from resultsviewer.gui.main_window import MainWindow

from .conftest import close_unprompted


def council() -> Contest:
    names = ["Labour", "Conservative", "Labour and Co-operative"]
    rows = [[10, 5, 0], [10, 5, 0], [0, 5, 9], [1, 5, 0], [1, 5, 0], [2, 3, 0], [2, 4, 0]]
    return Contest(
        "Council election", [Candidate(n) for n in names], [Category(f"Ward {i + 1}") for i in range(len(rows))],
        rows, method=Method.SEATS,
    )


@pytest.fixture
def seats_window(qtbot):
    window = MainWindow(council())
    window.show()
    qtbot.waitUntil(window.isVisible)
    yield window
    close_unprompted(window)


def test_summary_leads_with_seats_and_the_charts_are_tabs(seats_window):
    window = seats_window
    assert window.summary.result_label.text() == (
        "Conservative: 4 of 7 seats, a majority of 1; most votes: Conservative, 47.8%"
    )
    panel = window.results_panel
    assert [panel.tabText(i) for i in range(panel.count())] == ["Seats", "Parliament", "Votes"]
    assert panel.current_kind() is ChartKind.SEATS
    figure = panel.seats_chart.figure()
    assert [(bar.name, bar.units) for bar in figure.bars] == [("Conservative", 4), ("Labour", 2), ("Labour and Co-operative", 1)]
    assert figure.needed == 4 and figure.line_label == "4 for a majority"


def test_changing_the_method_is_undoable_and_retabs(seats_window):
    window = seats_window
    window.edits.set_method(Method.SUM)
    assert [window.results_panel.tabText(i) for i in range(window.results_panel.count())] == ["Votes"]
    # Out of the tabs, the seats charts must not paint over the votes chart.
    assert not window.results_panel.seats_chart.isVisible() and not window.results_panel.parliament_chart.isVisible()
    assert window.summary.result_label.text().startswith("Conservative wins with")
    window.undo_stack.undo()
    assert window.contest.method is Method.SEATS
    assert window.results_panel.current_kind() is ChartKind.SEATS


def test_merge_parties_is_one_edit_named_in_the_history(seats_window):
    window = seats_window
    assert window.edits.merge_parties("Labour and Co-operative", "Labour")
    assert window.undo_stack.count() == 1
    assert window.undo_stack.text(0) == "Merged Labour and Co-operative → Labour"
    assert window.summary.result_label.text().startswith("Conservative: 4 of 7 seats")
    bars = {bar.name: bar.units for bar in window.results_panel.seats_chart.figure().bars}
    assert bars == {"Conservative": 4, "Labour": 3}
    window.undo_stack.undo()
    assert [c.name for c in window.contest.candidates] == ["Labour", "Conservative", "Labour and Co-operative"]


def test_group_by_party_counts_parties(qtbot):
    contest = Contest(
        "By candidate", [Candidate("Ann", "Red"), Candidate("Bob", "Blue"), Candidate("Cy", "Red")],
        [Category("North"), Category("South"), Category("East")], [[6, 5, 0], [3, 5, 4], [0, 2, 3]], method=Method.SEATS,
    )
    window = MainWindow(contest)
    qtbot.addWidget(window)
    try:
        assert [s.units for s in window.results_panel.outcome.standings] == [1, 1, 1]
        window.set_grouped_by_party(True)
        # Each seat goes to the party of the candidate who won it: South is Bob's, though
        # Ann and Cy of Red have more votes together (first past the post elects a candidate).
        bars = {bar.name: bar.units for bar in window.results_panel.seats_chart.figure().bars}
        assert bars == {"Red": 2, "Blue": 1}
        assert window.summary.result_label.text().startswith("Red: 2 of 3 seats, a majority of 1; most votes: Red")
        assert window.undo_stack.count() == 0  # a view, not an edit
    finally:
        close_unprompted(window)


def test_each_row_is_marked_with_its_winners_colour(seats_window):
    model = seats_window.model
    icon = model.headerData(2, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole)
    colour = icon.pixmap(8, 8).toImage().pixelColor(4, 4).name()
    assert colour == candidate_colour(seats_window.contest, 2)
    tip = model.headerData(2, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "won by Labour and Co-operative" in tip
    # A count edit moves the mark.
    seats_window.model.setData(model.index(2, 0), "20")
    tip = model.headerData(2, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "won by Labour" in tip and "Co-operative" not in tip


def test_electoral_votes_window(qtbot):
    contest = Contest(
        "US President 2016", [Candidate("Ann", "Democratic"), Candidate("Bob", "Republican")],
        [Category("Ohio", electoral_votes=18), Category("Texas", electoral_votes=38)], [[5, 6], [9, 8]],
        method=Method.ELECTORAL_VOTES,
    )
    window = MainWindow(contest)
    qtbot.addWidget(window)
    try:
        panel = window.results_panel
        assert [panel.tabText(i) for i in range(panel.count())] == ["Electoral votes", "Votes"]
        assert window.summary.result_label.text().startswith("Ann 38 electoral votes, Bob 18 (29 to win)")
    finally:
        close_unprompted(window)


def _ocr(path: Path) -> str:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    done = subprocess.run(["tesseract", str(path), "-", "--psm", "11"], capture_output=True, text=True, timeout=120)
    return done.stdout


def test_exported_seats_and_parliament_charts_read_back(qapp, tmp_path, shared_real):
    from resultsviewer.core.formats import import_contest
    from resultsviewer.core.formats.delimited import ImportOptions

    contest = import_contest(shared_real / "uk_general" / "HoC-GE2017-constituency-results.csv", ImportOptions()).contest
    seats = export_chart(contest, tmp_path / "seats.png", ExportOptions(kind=ChartKind.SEATS))
    text = _ocr(seats)
    for expected in ("326 for a majority", "Conservative", "317", "Labour", "262", "of 650 seats", "9 short of a majority"):
        assert expected in text, expected
    parliament = export_chart(contest, tmp_path / "parliament.png", ExportOptions(kind=ChartKind.PARLIAMENT))
    text = _ocr(parliament)
    for expected in ("650 seats", "326 for a majority", "Conservative 317", "Labour 262", "SNP 35"):
        assert expected in text, expected
    svg = export_chart(contest, tmp_path / "parliament.svg", ExportOptions(kind=ChartKind.PARLIAMENT)).read_text(encoding="utf-8")
    assert "Parliament diagram (hemicycle) of seats won" in svg
    assert "Conservative 317, Labour 262, SNP 35" in svg
