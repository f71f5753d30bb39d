"""The results chart: bars that follow edits in place, modes, the 50% line, large contests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFontMetricsF

from resultsviewer.core.contest import Candidate, Category, Contest
from resultsviewer.core.palette import DEFAULT_PALETTE, candidate_colour
from resultsviewer.gui.chart import MAX_GROUPS, ChartMode, ResultsChart

from .conftest import shown_chart


@pytest.fixture
def chart(qtbot, default_contest):
    return shown_chart(qtbot, default_contest)


def _big_contest(categories: int, candidates: int) -> Contest:
    return Contest(
        "Big",
        [Candidate(f"Party {index}") for index in range(candidates)],
        [Category(f"Seat {index}") for index in range(categories)],
        [[(row * 7 + column * 13) % 1000 + 10 for column in range(candidates)] for row in range(categories)],
    )


def test_bars_follow_a_count_change_in_place(chart, default_contest):
    items = chart.bar_items()
    assert chart.bar_heights()[("Members", "Jeremy Corbyn")] == 168216
    assert chart.bar_heights()[("Overall", "Jeremy Corbyn")] == 313209
    default_contest.set_count(0, 0, 200000)
    heights = chart.bar_heights()
    assert heights[("Members", "Jeremy Corbyn")] == 200000
    assert heights[("Overall", "Jeremy Corbyn")] == 313209 - 168216 + 200000
    assert heights[("Members", "Owen Smith")] == 116960
    assert all(new is old for new, old in zip(chart.bar_items(), items))
    assert chart.value_labels()[("Members", "Jeremy Corbyn")] == "200,000"


def _bar_top_scene(chart, group: int, candidate: int) -> QPointF:
    bar = chart.bar_items()[candidate]
    x = float(bar.opts["x"][group])
    top = float(bar.opts["y0"][group] if bar.opts.get("y0") is not None else 0) + float(bar.opts["height"][group])
    return bar.mapToScene(QPointF(x, top))


def test_value_labels_sit_on_their_bars_at_the_texts_size(chart, default_contest, qtbot):
    """Each label is drawn just above its bar, centred on it, at the text's size in pixels
    whatever the chart's size; the labels' item covers them (a change repaints them); and
    the text is there in the chart's pixels."""
    metrics = QFontMetricsF(chart.plot_widget().font())
    heights = set()
    for size in ((900, 520), (640, 900)):
        chart.resize(*size)
        qtbot.wait(50)
        for group in range(4):
            for candidate in range(2):
                box = chart.value_label_box(group, candidate)
                assert box is not None
                top = _bar_top_scene(chart, group, candidate)
                assert box.bottom() == pytest.approx(top.y(), abs=0.5)
                assert box.center().x() == pytest.approx(top.x(), abs=0.5)
                assert chart.value_labels_scene_bounds().contains(box)
                heights.add(round(box.height(), 3))
    assert len(heights) == 1 and heights.pop() > metrics.height() * 0.6
    image = chart.plot_widget().grab().toImage()
    box = chart.value_label_box(0, 0)
    view = chart.plot_widget()
    corner = view.mapFromScene(box.topLeft())
    far = view.mapFromScene(box.bottomRight())
    dark = [
        (x, y) for x in range(corner.x(), far.x()) for y in range(corner.y(), far.y())
        if QColor(image.pixel(x, y)).lightness() < 100
    ]
    assert len(dark) > 20  # "313,209" drawn in dark text on the light band


def test_y_range_grows_only_when_a_bar_leaves_it(chart, default_contest):
    low, high = chart.y_range()
    assert low == 0 and high > 313209
    default_contest.set_count(1, 0, 84000)  # smaller: the range stays
    assert chart.y_range() == (low, high)
    default_contest.set_count(0, 0, 900000)
    assert chart.y_range()[1] > 900000 + 193229 - 116960


def test_share_mode_draws_shares_and_the_fifty_percent_line(chart, default_contest):
    assert not chart.fifty_percent_line_visible()
    chart.set_mode(ChartMode.SHARE)
    heights = chart.bar_heights()
    assert heights[("Overall", "Jeremy Corbyn")] == pytest.approx(61.8455, abs=1e-3)
    assert heights[("Members", "Owen Smith")] == pytest.approx(100 * 116960 / 285176)
    assert chart.fifty_percent_line_visible()
    assert chart.value_labels()[("Overall", "Jeremy Corbyn")] == "61.8%"
    default_contest.set_count(2, 1, 60075)  # a tie in Affiliated supporters
    assert chart.bar_heights()[("Affiliated supporters", "Owen Smith")] == pytest.approx(50.0)
    chart.set_mode(ChartMode.COUNTS)
    assert not chart.fifty_percent_line_visible()


def test_stacked_bars_sit_on_each_other(chart, default_contest):
    chart.set_stacked(True)
    corbyn, smith = chart.bar_items()
    assert list(smith.opts["y0"]) == list(corbyn.opts["height"])
    default_contest.set_count(0, 0, 100)
    assert smith.opts["y0"][1] == 100 and corbyn.opts["height"][1] == 100
    chart.set_mode(ChartMode.SHARE)
    tops = corbyn.opts["height"] + smith.opts["height"]
    assert tops == pytest.approx([100.0] * 4)


def test_legend_names_and_colours(chart, default_contest):
    assert chart.legend_names() == ["Jeremy Corbyn", "Owen Smith"]
    assert candidate_colour(default_contest, 0) == "#dc241f"
    contest = Contest("x", [Candidate("A"), Candidate("B")], [Category("c")], [[1, 2]])
    assert candidate_colour(contest, 1) == DEFAULT_PALETTE[1]
    default_contest.update_candidate(1, colour="#00ff00")
    assert chart.bar_items()[1].opts["brush"].color().name() == "#00ff00"


def test_structure_changes_rebuild_and_keep_items(chart, default_contest):
    first = chart.bar_items()[0]
    default_contest.insert_candidate(2, Candidate("Third"), [1, 2, 3])
    assert len(chart.bar_items()) == 3 and chart.bar_items()[0] is first
    assert chart.bar_heights()[("Overall", "Third")] == 6
    default_contest.remove_category(0)
    assert ("Members", "Third") not in chart.bar_heights()
    default_contest.update_category(0, name="Supporters")
    assert ("Supporters", "Jeremy Corbyn") in chart.bar_heights()


def test_set_contest_unsubscribes_from_the_previous(chart, default_contest):
    chart.set_contest(None)
    default_contest.set_count(0, 0, 5)
    assert chart.bar_heights() == {}


def test_highlight_dims_other_groups(chart):
    chart.set_highlighted_categories([1])
    brushes = chart.bar_items()[0].opts["brushes"]
    alphas = [brush.color().alpha() for brush in brushes]
    assert alphas[2] == 255 and alphas[0] < 255 and alphas[1] < 255


def test_tooltip_and_click_find_the_bar_under_the_mouse(chart, qtbot):
    view = chart.plot_widget().getPlotItem().getViewBox()
    # Members is group 1 at x=1.35; Jeremy Corbyn is its left bar.
    scene_pos = view.mapViewToScene(QPointF(1.35 - 0.2, 1000))
    assert chart._bar_at(scene_pos) == (0, 1)
    assert chart.tooltip_text(0, 1) == "Members\nJeremy Corbyn: 168,216 votes\n59.0% of valid votes in Members"
    assert "61.8% of all valid votes" in chart.tooltip_text(0, 0)
    with qtbot.waitSignal(chart.sigCategoryClicked) as blocker:

        class Click:
            def scenePos(self):  # noqa: N802 (pyqtgraph's event API)
                return scene_pos

        chart._on_mouse_clicked(Click())
    assert blocker.args == [0]


def test_large_contest_shows_overall_and_the_largest_groups(qtbot):
    contest = _big_contest(650, 12)
    chart = ResultsChart()
    qtbot.addWidget(chart)
    chart.resize(900, 520)
    chart.set_contest(contest)
    groups = {group for group, _ in chart.bar_heights()}
    assert len(groups) == MAX_GROUPS and "Overall" in groups
    assert chart.note() == "11 of 650 categories shown (the largest by valid votes); Overall counts all"
    assert "11 of 650" in chart.plot_widget().getPlotItem().getAxis("bottom").labelText
    chart.set_shown_categories([0, 1, 2])
    assert {group for group, _ in chart.bar_heights()} == {"Overall", "Seat 0", "Seat 1", "Seat 2"}
    before = chart.bar_heights()
    contest.set_count(500, 3, 5000)  # a category not shown: only Overall moves
    after = chart.bar_heights()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {("Overall", "Party 3")}


def _counting(method, calls: list[object]):
    def counted(*args, **kwargs):
        calls.append(kwargs)
        return method(*args, **kwargs)

    return counted


def test_an_edit_on_a_20000_by_20_contest_is_cheap(qtbot, monkeypatch):
    """An edit costs work in proportion to the candidates, never to the 20,000 categories:
    no rebuild, at most one ``setOpts`` per candidate's bar item, and the items are kept.
    (How fast that is is measured in benchmarks/, not asserted here.)"""
    contest = _big_contest(20000, 20)
    chart = shown_chart(qtbot, contest)
    for mode in (ChartMode.COUNTS, ChartMode.SHARE):
        chart.set_mode(mode)
        shown = chart.shown_categories()
        items = chart.bar_items()
        rebuilds: list[None] = []
        monkeypatch.setattr(chart, "_rebuild", lambda rebuilds=rebuilds: rebuilds.append(None))
        set_opts: list[object] = []
        for bar in items:
            monkeypatch.setattr(bar, "setOpts", _counting(bar.setOpts, set_opts))
        for step in range(30):
            category = shown[step % len(shown)] if step % 2 else 7 + step
            before = len(set_opts)
            contest.set_count(category, step % 20, 100 + step)
            assert len(set_opts) - before <= 20, f"{mode.value}: {len(set_opts) - before} setOpts for one edit"
        assert rebuilds == [], f"{mode.value}: an edit rebuilt the chart"
        assert chart.bar_items() == items
        monkeypatch.undo()


def test_hundreds_of_candidates_draw_the_leaders_and_other(qtbot):
    from resultsviewer.core.contest import Candidate, Category, Contest
    from resultsviewer.gui.chart import ResultsChart

    names = [f"Write-in {index}" for index in range(300)]
    counts = [[index for index in range(300)], [1] * 300]
    contest = Contest("Write-ins", [Candidate(name) for name in names], [Category("A"), Category("B")], counts)
    chart = ResultsChart()
    qtbot.addWidget(chart)
    chart.set_contest(contest)
    assert len(chart.bar_items()) == 15
    legend = chart.legend_names()
    assert legend[:14] == [f"Write-in {index}" for index in range(286, 300)]
    assert legend[14] == "286 more candidates"
    heights = chart.bar_heights()
    assert heights[("Overall", "286 more candidates")] == sum(range(286)) + 286
    contest.set_count(0, 0, 1000)  # a candidate inside the rest: its bar follows in place
    assert chart.bar_heights()[("Overall", "286 more candidates")] == sum(range(286)) + 286 + 1000
    assert "together" in chart.tooltip_text(14, 0)


def test_a_layout_in_the_middle_of_a_row_removal_draws_the_old_groups(qtbot, default_contest):
    """The window's table ends a row removal (and the window relays out) before the chart
    hears of it: the chart must lay out from what it last built, not from stale indexes."""
    from PySide6.QtWidgets import QApplication

    from resultsviewer.core.contest import StructureChange
    from resultsviewer.gui.chart import ResultsChart

    chart = ResultsChart()
    qtbot.addWidget(chart)
    chart.resize(600, 400)
    chart.show()

    def relayout_first(event):
        if isinstance(event, StructureChange) and event.done:
            chart.resize(chart.width() + 40, chart.height())
            QApplication.processEvents()

    default_contest.subscribe(relayout_first)  # before the chart, as the table model is
    chart.set_contest(default_contest)
    default_contest.remove_category(2)
    assert chart.shown_categories() == [0, 1]
    assert [group for group, _ in chart.bar_heights()][:3] == ["Overall", "Members", "Registered supporters"]


def test_the_value_axis_labels_its_zero(chart, qtbot):
    """The axis started at an unlabelled 0: pyqtgraph dropped the label that hangs below the view."""
    chart.resize(900, 600)
    chart.show()
    qtbot.waitUntil(lambda: chart.plot_widget().width() > 0)
    labels = chart.value_axis_labels()
    assert labels[0] == "0" and "300,000" in labels
    chart.set_mode("share")
    assert chart.value_axis_labels() == ["0%", "25%", "50%", "75%", "100%"]


LONG_NAMES = [
    "Milton Keynes North", "Milton Keynes South", "PENNSYLVANIA", "South Northamptonshire",
    "North East Bedfordshire", "Sleaford and North Hykeham", "Somerton and Frome", "Twickenham",
    "Ayr, Carrick and Cumnock", "Berwickshire, Roxburgh and Selkirk", "Inverness, Nairn, Badenoch and Strathspey",
    "Ross, Skye and Lochaber", "Caithness, Sutherland and Easter Ross", "Na h-Eileanan an Iar",
]


def _unwrapped(label: str) -> str:
    """A tick label's lines joined back (a line ending in '/' continues without a space
    where the name had none)."""
    return " ".join(label.split("\n")).strip()


def _same_name(label: str, name: str) -> bool:
    return "".join(label.split()) == "".join(name.split())


def _many_categories_chart(qtbot, width: int):
    from resultsviewer.core.contest import Candidate, Category, Contest
    from resultsviewer.gui.chart import ResultsChart

    contest = Contest(
        "Long names", [Candidate("A"), Candidate("B")], [Category(name) for name in LONG_NAMES],
        [[1000 + index, 500] for index in range(len(LONG_NAMES))],
    )
    chart = ResultsChart()
    qtbot.addWidget(chart)
    chart.resize(width, 600)
    chart.set_contest(contest)
    chart.show()
    qtbot.waitExposed(chart)
    return chart, contest


@pytest.mark.parametrize("width", [600, 700, 1100, 1600])
def test_category_names_break_between_words_and_never_touch(qtbot, width):
    """A label is the whole name broken only at spaces; or its first lines then '…' and its
    end; or a word shortened to its first letters, at least three ('Northampton…'); or,
    where not even that fits, no label (the tooltip names the group). Measured in the axis's font,
    every line of every label ends at least 2 pixels before the next label's lines begin."""
    chart, _ = _many_categories_chart(qtbot, width)
    ticks = chart._category_axis._tickLevels[0]
    assert len(ticks) == 12
    names = chart._group_labels()
    words = {word for name in names for word in name.split()}
    for (_, label), name in zip(ticks, names):
        for line in label.split("\n"):
            assert not line.endswith("-") or line.rstrip("-") + "-" in words, (name, label)  # no hyphenation
            for piece in line.lstrip("…").split(" "):
                if "…" in piece:
                    before, after = piece.split("…")
                    assert len(before) >= 3 and after == "", (name, label)
                    assert any(w.startswith(before) for w in words), (name, label)
                elif piece:
                    assert piece in words or any(piece in w for w in words), (name, label)
        if label and "…" not in label:
            assert _same_name(label, name), (name, label)
    metrics = QFontMetricsF(chart._category_axis.style["tickFont"])
    view = chart._view
    boxes = []
    for x, label in ticks:
        if not label:
            continue
        centre = view.mapViewToScene(QPointF(x, 0.0)).x()
        half = max(metrics.horizontalAdvance(line) for line in label.split("\n")) / 2
        boxes.append((centre - half, centre + half))
    assert boxes
    for (_, right), (left, _) in zip(boxes, boxes[1:]):
        assert left - right >= 2, boxes


def test_names_sharing_a_beginning_show_their_ends(qapp):
    """Three precincts of one county, in a group too narrow for two lines of the whole name:
    the labels keep each name's end, and so differ."""
    from PySide6.QtGui import QFont

    from resultsviewer.gui.chart import _wrap

    metrics = QFontMetricsF(QFont())
    names = ["Dona Ana / PRECINCT 125", "Dona Ana / PRECINCT 162", "Dona Ana / PRECINCT 171"]
    width = metrics.horizontalAdvance("Dona Ana /") * 0.9
    labels = [_wrap(name, metrics, width, 2) for name in names]
    assert len(set(labels)) == 3, labels
    for name, label in zip(names, labels):
        assert label.split("\n")[-1].endswith(name[-3:])
        assert all(metrics.horizontalAdvance(line) <= width for line in label.split("\n"))


def test_wrap_breaks_between_words_and_keeps_the_end(qapp):
    from PySide6.QtGui import QFont, QFontMetricsF

    from resultsviewer.gui.chart import _wrap

    metrics = QFontMetricsF(QFont())
    name = "Milton Keynes North"
    # neither "Milton Keynes" nor "Keynes North" fits one line
    width = min(metrics.horizontalAdvance("Milton Keynes"), metrics.horizontalAdvance("Keynes North")) - 1
    assert _wrap(name, metrics, width, 3) == "Milton\nKeynes\nNorth"
    assert _wrap(name, metrics, width, 2) == "Milton\n…North"
    long_word = "Northamptonshire"
    shown = _wrap(long_word, metrics, metrics.horizontalAdvance(long_word) * 0.6, 2)
    # One line, cut in the middle: never "Northamp-" over "tonshire".
    assert "\n" not in shown and "-" not in shown
    before, after = shown.split("…")
    assert long_word.startswith(before) and long_word.endswith(after)
    assert _wrap("Dona Ana / PRECINCT 125", metrics, metrics.horizontalAdvance("PRECINCT 125") + 1, 2) == (
        "Dona Ana /\nPRECINCT 125"
    )


def test_at_print_width_every_name_is_whole(qtbot):
    chart, _ = _many_categories_chart(qtbot, 1600)
    for (_, label), name in zip(chart._category_axis._tickLevels[0], chart._group_labels()):
        assert _same_name(label, name)


def test_the_full_name_is_in_the_tooltip_of_a_shortened_label(qtbot):
    from PySide6.QtCore import QPointF

    chart, contest = _many_categories_chart(qtbot, 420)
    view = chart._view
    for group, category in enumerate(chart.shown_categories(), start=1):
        x = chart._group_x[group]
        bottom = view.mapViewToScene(QPointF(x, 0.0))
        assert chart.group_name_at(QPointF(bottom.x(), bottom.y() + 12)) == contest.category(category).name
    assert chart.group_name_at(view.mapViewToScene(QPointF(chart._group_x[0], 0.0)) + QPointF(0, 12)) == "Overall"


def test_the_grey_bar_of_the_rest_says_what_it_is_on_the_bar(qtbot, tmp_path):
    """'86 more candidates' in the legend only: the grey bar read as one more candidate."""
    import xml.etree.ElementTree as ET

    from resultsviewer.core.contest import Candidate, Category, Contest
    from resultsviewer.gui.chart import ResultsChart
    from resultsviewer.gui.export import ExportOptions, export_chart

    # 20 candidates: 14 drawn alone, 6 small ones summed into one grey bar, lower than the leaders
    counts = [[10_000 - 100 * index for index in range(14)] + [10 * index for index in range(1, 7)]]
    contest = Contest("Twenty", [Candidate(f"Candidate {i}") for i in range(20)], [Category("All")], counts)
    chart = ResultsChart()
    qtbot.addWidget(chart)
    chart.resize(900, 600)
    chart.set_contest(contest)
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.legend_names()[-1] == "6 more candidates"
    assert chart.other_bar_label() == "6 more candidates together"
    label = chart._other_label
    assert label.pos().x() == pytest.approx(chart._bar_x(14, 0))
    # Above the grey bar, not on a candidate's, and clear of the bar's value label.
    bar_top = chart._view.mapViewToScene(QPointF(chart._bar_x(14, 0), sum(range(10, 70, 10)))).y()
    assert label.sceneBoundingRect().bottom() < bar_top
    assert not label.sceneBoundingRect().intersects(chart.value_label_box(0, 14))
    chart.set_stacked(True)
    assert chart.other_bar_label() == "6 more candidates together"
    for options in (ExportOptions(), ExportOptions(stacked=True), ExportOptions(mode="share")):
        path = export_chart(contest, tmp_path / "chart.svg", options)
        texts = ["".join(e.itertext()).strip() for e in ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}text")]
        assert "6 more candidates together" in texts, options


def test_shortened_names_are_whole_in_the_exported_data(qtbot, tmp_path):
    import csv

    from resultsviewer.gui.export import ExportOptions, export_data

    chart, contest = _many_categories_chart(qtbot, 600)
    shortened = [name for (_, label), name in zip(chart._category_axis._tickLevels[0], chart._group_labels()) if not _same_name(label, name)]
    assert shortened  # the chart at this width does shorten some
    path = export_data(contest, tmp_path / "chart.csv", ExportOptions())
    with open(path, newline="", encoding="utf-8") as stream:
        groups = {row["group"] for row in csv.DictReader(stream)}
    assert set(shortened) <= groups


def test_the_band_and_grid_are_the_cached_background_on_screen_and_an_item_in_print(chart, qtbot):
    """On screen an edit repaints the bars over a cached background holding the Overall
    band and the grid; an export draws the same band and grid as an item, in vectors."""
    from PySide6.QtGui import QColor

    from resultsviewer.gui.chart import OVERALL_BAND

    image = chart.plot_widget().grab().toImage()
    view = chart.plot_widget().getPlotItem().getViewBox()
    # A point of the Overall band above its bars, and one of the empty gap after it.
    band = view.mapViewToScene(QPointF(0.0, chart.y_range()[1] * 0.98))
    band_pixel = chart.plot_widget().mapFromScene(band)
    assert image.pixelColor(band_pixel).name() == QColor(OVERALL_BAND).name()
    assert chart.grid_values() == sorted(chart.grid_values()) and len(chart.grid_values()) >= 3

    printed = ResultsChart(print_theme=True)
    qtbot.addWidget(printed)
    printed.resize(900, 520)
    printed.set_contest(chart._contest)
    printed.show()
    qtbot.waitExposed(printed)
    assert printed.backdrop_is_item() and not chart.backdrop_is_item()
    assert printed.grid_values() == chart.grid_values()


def test_a_count_typed_up_vote_by_vote_rescales_the_chart_once(chart, default_contest):
    """The range grows with room to spare: the next votes fit without a new range (each
    new range repaints the whole chart, its axis and grid)."""
    _, high = chart.y_range()
    top = 313209
    default_contest.set_count(0, 0, 168216 + int(high - top) + 1)  # just out of the range
    grown = chart.y_range()[1]
    assert grown > high
    for votes in range(1, 200):
        default_contest.set_count(0, 0, 168216 + int(high - top) + 1 + votes)
    assert chart.y_range()[1] == grown


@pytest.mark.parametrize("height", [600, 200])
def test_a_short_chart_keeps_its_plot_and_counts_the_legend_it_leaves_out(qtbot, height):
    """Under a dock the chart may be 200 pixels high: the legend takes a third at most,
    its last row saying how many names it leaves out, and the plot keeps the rest."""
    names = [f"Party {chr(65 + i)} of the long name" for i in range(14)]
    contest = Contest("Fourteen", [Candidate(name) for name in names], [Category("All")],
                      [[1000 - 50 * index for index in range(14)]])
    chart = ResultsChart()
    qtbot.addWidget(chart)
    chart.resize(700, height)
    chart.set_contest(contest)
    chart.show()
    qtbot.waitExposed(chart)
    # The layout settles after the first paint: the legend is laid out again for the size shown.
    qtbot.waitUntil(lambda: chart.legend_height() <= height / 3 + 1, timeout=2000)
    shown, more = chart.legend_shown()
    if height == 600:
        assert shown == names and more == ""
    else:
        assert more == f"and {len(names) - len(shown)} more" and shown == names[: len(shown)]
    assert chart.view_box_rect().height() > chart.legend_height()


def test_one_category_is_drawn_once_under_its_own_name(qtbot):
    """A contest of one category (every count in rounds, any one-area file) once drew the
    same bars twice, as Overall and as the category. Heights from RCTab's own report."""
    import csv
    import io
    import json
    from pathlib import Path

    from resultsviewer.core.describe import alt_text, chart_data_csv
    from resultsviewer.core.export_metadata import default_subtitle
    from resultsviewer.core.formats import read_contest

    folder = Path(__file__).resolve().parents[1] / "data" / "rcv" / "2015_portland_mayor"
    contest = read_contest(folder / "2015_portland_mayor_config.json")
    report = json.loads((folder / "2015_portland_mayor_expected_detailed_report.json").read_text(encoding="utf-8"))
    first_round = {name.strip(): int(votes) for name, votes in report["results"][0]["tally"].items()}
    assert contest.category_count == 1
    name = contest.category_name(0)

    widget = shown_chart(qtbot, contest)
    heights = widget.bar_heights()
    assert {group for group, _ in heights} == {name}
    drawn_alone = {candidate: height for (_, candidate), height in heights.items() if candidate in first_round}
    assert len(drawn_alone) >= 10 and all(height == first_round[c] for c, height in drawn_alone.items())

    rows = list(csv.DictReader(io.StringIO(chart_data_csv(contest))))
    assert {row["group"] for row in rows} == {name} and len(rows) == contest.candidate_count
    assert {row["candidate"].strip(): int(row["votes"]) for row in rows} == first_round
    assert "Overall" not in alt_text(contest, ChartMode.COUNTS, False)
    assert f"{name}, {sum(first_round.values()):,} valid votes" in alt_text(contest, ChartMode.COUNTS, False)
    subtitle = default_subtitle(contest)
    assert f"Valid votes: {name}" in subtitle and "overall and by category" not in subtitle


def test_one_category_keeps_its_withheld_counts_withheld(qtbot):
    from resultsviewer.core.describe import chart_data_csv

    contest = Contest("One area", [Candidate("A"), Candidate("B")], [Category("Kinney")], [[120, None]])
    widget = shown_chart(qtbot, contest, 700, 400)
    assert widget.tooltip_text(1, 0) == "Kinney\nB: * count withheld by the source (unknown)"
    assert widget.tooltip_text(0, 0).startswith("Kinney\nA: 120 votes")
    # Its votes and its share are unknown: both empty, not 0.
    assert chart_data_csv(contest).splitlines()[2].split(",")[:4] == ["Kinney", "B", "", ""]
    # An edit moves the one group's bar; a second category brings Overall back beside both.
    contest.set_count(0, 0, 130)
    assert widget.bar_heights()[("Kinney", "A")] == 130
    contest.insert_category(1, Category("Duval"), [5, 7])
    assert {group for group, _ in widget.bar_heights()} == {"Overall", "Kinney", "Duval"}
    assert widget.bar_heights()[("Overall", "A")] == 135


def test_selecting_the_only_category_keeps_its_bars_lit_and_a_click_selects_it(qtbot):
    contest = Contest("One area", [Candidate("A"), Candidate("B")], [Category("Kinney")], [[120, 80]])
    widget = shown_chart(qtbot, contest, 700, 400)
    widget.set_highlighted_categories([0])
    for bar in widget.bar_items():
        brushes = bar.opts["brushes"] or [bar.opts["brush"]]
        assert [brush.color().alpha() for brush in brushes] == [255]
    # A's bar, the left one of the only group: a click on it selects the category.
    view = widget.plot_widget().getPlotItem().getViewBox()
    scene_pos = view.mapViewToScene(QPointF(widget.bar_items()[0].opts["x"][0], 10))
    assert widget._bar_at(scene_pos) == (0, 0)

    class Click:
        def scenePos(self):  # noqa: N802 (pyqtgraph's event API)
            return scene_pos

    with qtbot.waitSignal(widget.sigCategoryClicked) as blocker:
        widget._on_mouse_clicked(Click())
    assert blocker.args == [0]


def test_the_share_axis_says_known_votes_while_a_count_is_withheld(qtbot):
    contest = Contest("Two areas", [Candidate("A"), Candidate("B")], [Category("North"), Category("South")], [[120, None], [30, 40]])
    widget = shown_chart(qtbot, contest, 700, 400)
    widget.set_mode(ChartMode.SHARE)
    axis = widget.plot_widget().getPlotItem().getAxis("left")
    assert axis.labelText == "Share of the known valid votes in each group"
    contest.set_count(0, 1, 80)  # the withheld count given: every share is of all the votes
    assert axis.labelText == "Share of the valid votes in each group"


def _minneapolis(shared_real):
    from resultsviewer.core.formats.opening import open_contest_file

    folder = shared_real / "rcv" / "2013_minneapolis_mayor"
    return folder, open_contest_file(folder / "2013_minneapolis_mayor_config.json").contest


@pytest.mark.parametrize("mode", [ChartMode.SHARE, ChartMode.COUNTS])
@pytest.mark.parametrize("size", [(1540, 640), (1540, 600), (900, 400), (3000, 1400), (640, 520)])
def test_the_grey_bars_name_never_overlaps_its_value_label(qtbot, shared_real, mode, size):
    """Minneapolis's first preferences: "22 more candidates together" sat on "3.7%" (their
    boxes overlapped by 5 px at 1,540 px wide); now it starts clear of the value label's
    whole box, at every size and in both modes."""
    _, contest = _minneapolis(shared_real)
    chart = shown_chart(qtbot, contest, *size)
    chart.set_mode(mode)
    qtbot.wait(10)
    grey = len(chart._series) - 1
    assert chart.legend_names()[-1] == "22 more candidates"
    value = chart.value_label_box(0, grey)
    if not chart.other_bar_label():
        return  # no room above it at this size: the legend names the grey bar
    other = chart._other_label.sceneBoundingRect()
    bar_top = chart._view.mapViewToScene(QPointF(chart._bar_x(grey, 0), float(chart._values[grey, 0]))).y()
    assert other.bottom() < bar_top
    if value is not None:  # a narrow chart draws no value labels
        assert not other.intersects(value), (other, value)
        assert value.top() - other.bottom() >= 2.5


def test_a_contest_in_rounds_draws_its_first_round_by_votes_as_rctabs_report_counts_them(qtbot, shared_real):
    """The votes chart of Minneapolis 2013 (its one group, round 1) drew the bars, and the
    table its columns, in the configuration's order (Z to A); now most votes first, as the
    rounds chart draws round 1."""
    import csv

    from resultsviewer.core.view_data import chart_series

    folder, contest = _minneapolis(shared_real)
    with open(folder / "2013_minneapolis_mayor_expected_detailed_report.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    header = next(index for index, row in enumerate(rows) if row and row[0] == "Rounds")
    first_round = rows[header].index("Round 1 Votes")
    # The candidates' rows: after "Eliminated" and "Elected", up to "Active Ballots".
    end = next(index for index, row in enumerate(rows) if row and row[0] == "Active Ballots")
    report = {row[0]: int(row[first_round]) for row in rows[header + 3 : end]}
    assert rows[header + 2][0] == "Elected"
    assert len(report) == 36 and report["BETSY HODGES"] == 28951
    report_order = sorted(report.values(), reverse=True)
    # Every candidate of the contest, in the order its series are drawn.
    series = chart_series(contest, limit=1000)
    drawn = [contest.candidate_total(item.candidates[0]) for item in series]
    assert drawn == report_order
    assert {item.name for item in series} == set(report)
    # The contest's own order (the table's columns) is the drawn one, not the configuration's (Z to A).
    assert [contest.candidate_total(i) for i in range(contest.candidate_count)] == report_order
    assert contest.candidate(0).name == "BETSY HODGES"
    # The chart as drawn: the 14 leaders left to right by votes, then the rest together.
    chart = shown_chart(qtbot, contest, 1200, 600)
    heights = chart.bar_heights()
    names = chart.legend_names()
    assert names[:4] == ["BETSY HODGES", "MARK ANDREW", "DON SAMUELS", "CAM WINTON"]
    group = chart._group_labels()[0]
    leaders = [heights[(group, name)] for name in names[:-1]]
    assert leaders == report_order[:14]
    xs = [chart._bar_x(index, 0) for index in range(len(names))]
    assert xs == sorted(xs)
    # The rounds chart's round 1 is in the same order.
    assert [name for name, _ in contest.rounds.first.ranking()][:14] == names[:-1]


@pytest.mark.parametrize("mode", [ChartMode.COUNTS, ChartMode.SHARE])
def test_each_bar_of_a_contest_in_rounds_is_its_own_candidates_votes(qtbot, mode):
    """Drawn by votes, a contest of few candidates kept each group's values in the file's
    order: Kansas's bars were coloured by one candidate and as tall as another's votes."""
    from pathlib import Path

    from resultsviewer.core.formats.opening import open_contest_file
    from resultsviewer.core.parties import display_colours

    root = Path(__file__).resolve().parents[2]
    contest = open_contest_file(root / "tests" / "data" / "rcv" / "clear_ballot_kansas_primary" / "clear_ballot_kansas_primary_config.json").contest
    first = contest.rounds.first
    chart = shown_chart(qtbot, contest, 1000, 520)
    chart.set_mode(mode)
    group = chart._group_labels()[0]
    heights = chart.bar_heights()
    total = sum(first.tally.values())
    for name, votes in first.tally.items():
        expected = float(votes) if mode is ChartMode.COUNTS else float(votes) / float(total) * 100
        assert heights[(group, name)] == pytest.approx(expected), name
    assert chart.legend_names()[0] == "Amy Klobuchar"
    assert [series.name for series in chart._series] == [name for name, _ in first.ranking()]
    colours = dict(zip((c.name for c in contest.candidates), display_colours(contest, DEFAULT_PALETTE)))
    for index, series in enumerate(chart._series):
        assert chart._colours[index] == colours[series.name]
