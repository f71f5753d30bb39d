"""Where a rounds chart puts its texts, measured from the boxes Qt reports for what it drew:
the threshold's dashed line never runs through a label, the threshold's own label keeps
clear of the others, a panel's header is drawn whole, and a round's bars are in the order of
its votes, as RCTab's report (read with csv) counts them."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from resultsviewer.core.export_metadata import ExportOptions
from resultsviewer.core.formats.opening import open_contest_file
from resultsviewer.gui.rounds_chart import RoundDrawing, paint_round
from resultsviewer.gui.rounds_export import RoundsFigure, _metadata, export_rounds, paint_rounds_figure

ROOT = Path(__file__).resolve().parents[2]
PORTLAND = ROOT / "tests" / "data" / "rcv" / "2015_portland_mayor" / "2015_portland_mayor_config.json"
KANSAS = ROOT / "tests" / "data" / "rcv" / "clear_ballot_kansas_primary" / "clear_ballot_kansas_primary_config.json"


def _contest(path: Path):
    """A contest decided in rounds: an RCTab configuration, or a workbook's round-by-round report."""
    from resultsviewer.core.formats import import_contest

    contest = open_contest_file(path).contest
    return contest if contest is not None else import_contest(path).contest


def _paint(result, number: int, size: tuple[int, int], text_px: float) -> RoundDrawing:
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        return paint_round(painter, QRectF(0, 0, *size), result, number, text_px=text_px)
    finally:
        painter.end()


def _check_clear_of_the_line(drawing: RoundDrawing, where: str) -> None:
    """No drawn text is crossed by the threshold's line; the threshold's label meets no other text."""
    line = drawing.threshold_line
    labels = drawing.of_kind("value") + drawing.of_kind("name") + drawing.of_kind("caption")
    if line is None:
        return
    low, high = sorted((line.y1(), line.y2()))
    for text in [*labels, *drawing.of_kind("threshold")]:
        box = text.rect
        crossed = box.left() <= line.x1() <= box.right() and box.top() < high and box.bottom() > low
        assert not crossed, f"{where}: the threshold line at x={line.x1():.1f} runs through {text.text!r} {box}"
    for threshold in drawing.of_kind("threshold"):
        for text in labels:
            assert not threshold.rect.intersects(text.rect), f"{where}: {threshold.text!r} meets {text.text!r}"
    values = drawing.of_kind("value")
    for index, first in enumerate(values):
        for second in values[index + 1 :]:
            assert not first.rect.intersects(second.rect), f"{where}: {first.text!r} meets {second.text!r}"


@pytest.mark.parametrize("size, text_px", [((1544, 760), 17.0), ((820, 270), 11.7), ((300, 220), 9.0), ((186, 150), 6.0)])
def test_the_threshold_line_never_runs_through_a_label(qapp, shared_real, size, text_px) -> None:
    """Minneapolis's last round drew "24,942  39.1%" across the line at 31,898, and small
    panels struck most of their values: every round of four counts, at a figure's, the
    window's and a small multiple's sizes."""
    paths = [
        shared_real / "rcv" / "2013_minneapolis_mayor" / "2013_minneapolis_mayor_config.json",
        PORTLAND,
        KANSAS,
        shared_real / "workbooks" / "sf-mayor-2019.xlsx",
    ]
    checked = 0
    for path in paths:
        result = _contest(path).rounds
        for round_ in result.rounds:
            drawing = _paint(result, round_.number, size, text_px)
            if drawing.threshold_line is None:
                continue
            checked += 1
            _check_clear_of_the_line(drawing, f"{path.name} round {round_.number} at {size}")
            for text in drawing.of_kind("value"):  # and inside the chart
                assert text.rect.right() <= size[0] + 0.5, (path.name, round_.number, text.text)
    assert checked > 40


def test_the_minneapolis_final_rounds_second_label_is_past_the_line(qapp, shared_real) -> None:
    result = _contest(shared_real / "rcv" / "2013_minneapolis_mayor" / "2013_minneapolis_mayor_config.json").rounds
    drawing = _paint(result, 33, (186, 150), 6.0)
    andrew = next(text for text in drawing.of_kind("value") if text.text.startswith("24,942"))
    assert andrew.text == "24,942  39.1%"
    assert andrew.rect.left() > drawing.threshold_line.x1()
    assert andrew.rect.right() <= 186


def _report_first_round(path: Path) -> dict[str, int]:
    """RCTab's round-1 votes per candidate, from its detailed report's CSV."""
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    header = next(index for index, row in enumerate(rows) if row and row[0] == "Rounds")
    column = rows[header].index("Round 1 Votes")
    end = next(index for index, row in enumerate(rows) if row and row[0] == "Active Ballots")
    assert [rows[header + 1][0], rows[header + 2][0]] == ["Eliminated", "Elected"]
    return {row[0]: int(row[column]) for row in rows[header + 3 : end]}


@pytest.mark.parametrize("name", ["2013_minneapolis_mayor", "2015_portland_mayor", "clear_ballot_kansas_primary"])
def test_round_one_bars_are_in_the_order_of_rctabs_first_round_votes(qapp, shared_real, tmp_path, name) -> None:
    """``export --round 1``: the bars, top to bottom, by votes, largest first (Minneapolis's
    configuration lists its candidates Z to A)."""
    folder = shared_real / "rcv" / name
    report = _report_first_round(folder / f"{name}_expected_detailed_report.csv")
    contest = _contest(folder / f"{name}_config.json")
    image = QImage(1600, 1000, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        drawings = paint_rounds_figure(painter, contest, RoundsFigure("1"), ExportOptions(width=1600, height=1000))
    finally:
        painter.end()
    (drawing,) = drawings
    names = [text.text for text in drawing.of_kind("name")][:-1]  # the last row: inactive ballots
    values = [int(text.text.split()[0].replace(",", "")) for text in drawing.of_kind("value")][:-1]
    assert len(values) == len(report)  # every candidate has a row at this size
    assert values == sorted(report.values(), reverse=True)
    assert all(report[n] == v for n, v in zip(names, values) if "…" not in n)
    tops = [text.rect.top() for text in drawing.of_kind("value")]
    assert tops == sorted(tops)


def test_every_panel_header_of_all_rounds_is_whole(qapp, shared_real, tmp_path) -> None:
    """``export --round all`` of Minneapolis: 33 panels whose headers ended "150 in…"; each
    header is now drawn whole (on a second line where the panel is narrow), and the alt text
    carries it too."""
    contest = _contest(shared_real / "rcv" / "2013_minneapolis_mayor" / "2013_minneapolis_mayor_config.json")
    result = contest.rounds
    figure = RoundsFigure("all")
    for width, height in ((1600, 1000), (1200, 800), (3200, 2000)):
        options = ExportOptions(width=width, height=height)
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            drawings = paint_rounds_figure(painter, contest, figure, options)
        finally:
            painter.end()
        assert len(drawings) == 33
        for number, drawing in enumerate(drawings, start=1):
            title, details = result.round_caption(number)
            assert drawing.caption() == f"{title} {details}"
            _check_clear_of_the_line(drawing, f"panel {number} at {width}x{height}")
        # Each header line inside its panel: it ends before the next panel of its row begins.
        for drawing, after in zip(drawings, drawings[1:]):
            first, next_first = drawing.of_kind("caption")[0], after.of_kind("caption")[0]
            if next_first.rect.top() == first.rect.top():
                for text in drawing.of_kind("caption"):
                    assert text.rect.right() < next_first.rect.left(), text.text
        description = _metadata(contest, figure, options).description
        assert "Round 1 of 33 (79,312 ballots counting, 150 inactive): BETSY HODGES 28,951 votes" in description
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    out = export_rounds(contest, tmp_path / "all.pdf", figure)
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    for number in range(1, 34):
        title, details = result.round_caption(number)
        assert f"{title} {details}" in text
