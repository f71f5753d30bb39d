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


def many_parties() -> Contest:
    """Twelve parties, each winning some of 60 seats (the first ten, one more each than the next)."""
    seats = [12, 10, 9, 7, 6, 5, 4, 3, 2, 1, 1, 0]
    names = [f"Party {chr(65 + i)}" for i in range(len(seats))]
    rows = []
    for party, won in enumerate(seats):
        for _ in range(won):
            row = [1] * len(names)
            row[party] = 10
            rows.append(row)
    return Contest("Many parties", [Candidate(n) for n in names], [Category(f"Seat {i + 1}") for i in range(len(rows))],
                   rows, method=Method.SEATS)


def _svg_texts(path: Path) -> list[tuple[str, float]]:
    """Each text of an SVG with its baseline's height on the page."""
    import re
    import xml.etree.ElementTree as ET

    texts = []
    for element in ET.parse(path).iter():
        if element.tag.endswith("text") and element.text and element.text.strip():
            y = float(element.get("y", "0"))
            parent_transform = element.get("transform", "")
            match = re.search(r"matrix\(([^)]*)\)", parent_transform)
            if match:
                y += float(match.group(1).split(",")[-1])
            texts.append((" ".join(element.text.split()), y))
    return texts


def _many_parties_svg(path: Path, kind: ChartKind, width: int, height: int) -> list[tuple[str, float]]:
    """:func:`many_parties` painted as ``kind`` into an SVG of ``width`` x ``height`` (a
    margin of 16 around, type of 15 px, as a short window draws it); its texts."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from resultsviewer.core.methods import count
    from resultsviewer.core.seat_charts import seats_figure
    from resultsviewer.gui.seats_chart import paint_seats

    contest = many_parties()
    figure = seats_figure(count(contest), [candidate_colour(contest, i) for i in range(contest.candidate_count)])
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setResolution(96)
    painter = QPainter(generator)
    paint_seats(painter, QRectF(16, 16, width - 32, height - 32), figure, kind, text_px=15)
    painter.end()
    return _svg_texts(path)


@pytest.mark.parametrize("height", [1000, 260])
def test_a_short_seats_chart_sums_the_smallest_rather_than_overlap_them(qtbot, tmp_path, height):
    """A short chart (the window with a dock open) has no room for a row a party: the
    smallest share one grey row that says how many, the seats still add up to the total,
    and no two names are drawn over each other."""
    texts = _many_parties_svg(tmp_path / "seats.svg", ChartKind.SEATS, 800, height)
    names = [(text, y) for text, y in texts if text.startswith("Party ") or text.endswith(" more")]
    scale = next(y for text, y in texts if text == "0")  # the scale's marks, on the line of its 0
    values = [int(text.replace(",", "")) for text, y in texts if text.replace(",", "").isdigit() and y != scale]
    assert sum(values) == 60  # every seat in one row or another
    heights = sorted(y for _, y in names)
    assert all(b - a >= 15 * 1.1 for a, b in zip(heights, heights[1:])), heights  # a line of 15 px text apart at least
    more = [text for text, _ in names if text.endswith(" more")]
    if height == 1000:
        assert len(names) == 11 and not more  # every party with a seat has its row
    else:
        assert more and len(names) < 11
        assert int(more[0].split()[0]) + len(names) - 1 == 11


@pytest.mark.parametrize("height", [700, 170])
def test_a_short_parliament_keeps_its_half_circle_and_a_legend_that_adds_up(qtbot, tmp_path, height):
    texts = [text for text, _ in _many_parties_svg(tmp_path / "parliament.svg", ChartKind.PARLIAMENT, 420, height)]
    assert "60 seats" in texts and "31 for a majority" in texts
    legend = [text for text in texts if text.startswith("Party ") or " more " in text]
    assert sum(int(text.rsplit(" ", 1)[1]) for text in legend) == 60  # every seat in the legend
    more = [text for text in legend if " more " in text]
    assert (not more) if height == 700 else (more and len(legend) < 11)


def test_electoral_votes_unknown_for_a_category_draw_no_line_to_pass(qapp, tmp_path):
    """Twelve states of 2020 and Guam (no electoral votes in the app's table): no "to win"
    line while the total is unknown."""
    from resultsviewer.core.contest import Method
    from resultsviewer.gui.export import ExportOptions, export_chart

    names = ["California", "New York", "Illinois", "Michigan", "New Jersey", "Virginia",
             "Texas", "Florida", "Pennsylvania", "Ohio", "Georgia", "North Carolina", "Guam"]
    contest = Contest("US 2020", [Candidate("Dem"), Candidate("Rep")], [Category(n) for n in names],
                      [[60, 40]] * 6 + [[40, 60]] * 7, date="2020-11-03")
    contest.method = Method.ELECTORAL_VOTES
    path = export_chart(contest, tmp_path / "ev.svg", ExportOptions(kind=ChartKind.SEATS))
    texts = [text for text, _ in _svg_texts(path)]
    # The chart says why in place of bars; before, it drew the twelve states' 283 with "142 to win".
    assert not any("to win" in text for text in texts)
    assert any(text.startswith("Electoral votes unknown for 1 of 13 categories ('Guam')") for text in texts)


def test_one_seat_is_said_in_the_singular(qapp, tmp_path):
    """One constituency: "of 1 seat", "1 seat is not given", "1 more candidate ... is not drawn"."""
    from resultsviewer.core.contest import Method
    from resultsviewer.gui.export import ExportOptions, export_chart

    contest = Contest("By-election", [Candidate("A"), Candidate("B")], [Category("Seat")], [[10, 10]], method=Method.SEATS)
    path = export_chart(contest, tmp_path / "seats.svg", ExportOptions(kind=ChartKind.SEATS))
    texts = [text for text, _ in _svg_texts(path)]
    assert any(text.endswith("of 1 seat in all") for text in texts)
    description = path.read_text(encoding="utf-8")
    assert "1 seat is not given to anyone" in description and "1 seats" not in description
    parliament = export_chart(contest, tmp_path / "parliament.svg", ExportOptions(kind=ChartKind.PARLIAMENT))
    assert "1 seat" in [text for text, _ in _svg_texts(parliament)]


def _svg_text_boxes(path: Path) -> list[tuple[str, float, float]]:
    """Each text of an SVG with its anchor's x and y on the page."""
    import re
    import xml.etree.ElementTree as ET

    texts = []
    for element in ET.parse(path).iter():
        if element.tag.endswith("text") and element.text and element.text.strip():
            x, y = float(element.get("x", "0")), float(element.get("y", "0"))
            match = re.search(r"matrix\(([^)]*)\)", element.get("transform", ""))
            if match:
                values = [float(v) for v in match.group(1).split(",")]
                x, y = x + values[4], y + values[5]
            texts.append((" ".join(element.text.split()), x, y))
    return texts


def test_the_seats_scale_is_marked_and_the_total_is_not_its_end(qapp, tmp_path, shared_real):
    """HoC 2017: Conservative 317 of 650 seats, 326 (650 // 2 + 1) for a majority. The
    scale is marked at 0, 100, 200 and 300, evenly; the majority's label is beyond the 300
    mark; and "of 650 seats" is not at the scale's right end but under its middle."""
    from resultsviewer.core.formats import import_contest

    contest = import_contest(shared_real / "uk_general" / "HoC-GE2017-constituency-results.csv").contest
    path = export_chart(contest, tmp_path / "seats.svg", ExportOptions(kind=ChartKind.SEATS))
    texts = _svg_text_boxes(path)
    caption = next((x, y) for text, x, y in texts if text.startswith("Seats won") and "of 650 seats" in text)
    marks = {text: (x, y) for text, x, y in texts if text in ("0", "100", "200", "300") and y > caption[1] - 60}
    assert sorted(marks, key=int) == ["0", "100", "200", "300"]
    xs = [marks[v][0] for v in ("0", "100", "200", "300")]
    # Evenly spaced (the labels of three digits are as wide as each other; "0" is narrower).
    assert xs[0] < xs[1] and abs((xs[2] - xs[1]) - (xs[3] - xs[2])) < 1 and xs[2] - xs[1] > 50
    majority = next(x for text, x, _ in texts if text == "326 for a majority")
    assert majority > xs[3]
    # The caption starts well left of the 300 mark: centred under the plot, not at its end.
    assert caption[0] < xs[2] and caption[1] > marks["0"][1]


def _small_presidency() -> Contest:
    names = ["Maine", "Nebraska", "Ohio"]
    return Contest(
        "US President 2016", [Candidate("Ann", "Democratic"), Candidate("Bob", "Republican")],
        [Category(n, electoral_votes=v) for n, v in zip(names, (4, 5, 18))], [[5, 4], [3, 6], [9, 8]],
        method=Method.ELECTORAL_VOTES, date="2016-11-08",
    )


@pytest.mark.parametrize("kind", [ChartKind.SEATS, ChartKind.VOTES])
def test_exported_electoral_votes_carry_their_caveat(qapp, tmp_path, kind):
    """A PDF of electoral votes says, as text a reader can copy, that faithless electors are
    not counted and that Maine's and Nebraska's district electors are not split."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    path = export_chart(_small_presidency(), tmp_path / "ev.pdf", ExportOptions(kind=kind))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "faithless electors are not counted" in text
    assert "Maine and Nebraska give one electoral vote to the leader of each congressional district" in text


def test_the_electoral_votes_window_says_the_caveat_under_the_chart(qtbot):
    window = MainWindow(_small_presidency())
    qtbot.addWidget(window)
    try:
        note = window.results_panel.seats_chart.note()
        assert "faithless electors are not counted" in note and "Maine and Nebraska" in note
    finally:
        close_unprompted(window)
