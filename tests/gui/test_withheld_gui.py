"""Withheld counts in the window and on exported charts (issue 12, item 1): the table
says "≥" on counts known in part and on totals built on them, the chart outlines those
bars, and the note is printed on the image itself (read back with SVG parsing and OCR)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resultsviewer.core.contest import AtLeast, Candidate, Category, Contest
from resultsviewer.core.formats import ImportOptions, import_contest
from resultsviewer.gui.chart import ResultsChart
from resultsviewer.gui.document import Document
from resultsviewer.gui.export import ExportOptions, export_chart
from resultsviewer.gui.table_model import TallyTableModel

DATA = Path(__file__).resolve().parents[1] / "data"
SVG = "{http://www.w3.org/2000/svg}"


def small() -> Contest:
    return Contest(
        "Partly withheld", [Candidate("A"), Candidate("B")], [Category("North"), Category("South")],
        [[AtLeast(1471, 3), 900], [500, 400]],
    )


def text(model: TallyTableModel, row: int, column: int) -> str:
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_table_says_at_least_on_partial_cells_and_their_totals(qapp):
    model = TallyTableModel(Document(small()))
    assert text(model, 0, 0) == "\u2265 1,471"
    assert text(model, 0, 2) == "\u2265 2,371"  # North's valid votes
    assert text(model, 1, 2) == "900"  # South holds nothing withheld
    assert text(model, 2, 0) == "\u2265 1,971" and text(model, 2, 1) == "1,300"  # Total row
    assert text(model, 2, 2) == "\u2265 3,271"
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "At least 1,471 votes: 3 values withheld" in tip and "* = withheld" in tip
    model.detach()


def test_accepting_a_partial_cell_unchanged_keeps_it_partial(qapp):
    contest = small()
    model = TallyTableModel(Document(contest))
    edit_text = model.data(model.index(0, 0), Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(0, 0), edit_text)
    assert contest.count(0, 0) == AtLeast(1471, 3)
    model.detach()


def test_chart_outlines_the_bars_holding_withheld_counts(qtbot):
    chart = ResultsChart()
    qtbot.addWidget(chart)
    chart.set_mode("counts")
    chart.set_contest(small())
    chart.resize(900, 500)
    chart.show()
    qtbot.waitExposed(chart)
    a_bar, b_bar = chart.bar_items()
    a_pens = a_bar.opts["pens"]
    assert [pen.style() == Qt.PenStyle.DashLine for pen in a_pens] == [True, True, False]
    assert not any(pen.style() == Qt.PenStyle.DashLine for pen in b_bar.opts["pens"] or [])  # None: no outline at all
    labels = chart.value_labels()
    assert labels[("Overall", "A")].startswith("\u2265") and not labels[("Overall", "B")].startswith("\u2265")
    chart.contest().set_count(0, 0, 1471)  # the county's count becomes known: no outline
    assert not any(pen.style() == Qt.PenStyle.DashLine for pen in chart.bar_items()[0].opts["pens"] or [])
    chart.set_contest(None)


def test_svg_of_nm_excerpt_prints_the_withheld_note(qtbot, tmp_path):
    contest = import_contest(DATA / "nm_withheld_excerpt.csv", ImportOptions(by="county", contest="President")).contest
    counties = sum(1 for index in range(contest.category_count) if contest.category_inexact(index))
    path = export_chart(contest, tmp_path / "nm.svg", ExportOptions(mode="counts"))
    texts = " ".join("".join(e.itertext()) for e in ET.parse(path).getroot().iter(f"{SVG}text"))
    expected = (
        f"Counts withheld in {counties:,} of {contest.category_count:,} "
        f"{'category' if contest.category_count == 1 else 'categories'} "
        f"({contest.withheld_values:,} values): totals are lower bounds"
    )
    assert expected in " ".join(texts.split())


def test_png_of_nm_2024_by_county_shows_the_note_to_ocr(qtbot, tmp_path, shared_real):
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed")
    path = shared_real / "openelections" / "nm_20241105__nm__general__precinct.csv"
    contest = import_contest(path, ImportOptions(by="county", contest="President")).contest
    png = export_chart(contest, tmp_path / "nm.png", ExportOptions(mode="counts", width=1600, height=1000, scale=2))
    ocr = subprocess.run(["tesseract", str(png), "-", "--psm", "11"], capture_output=True, text=True, check=True).stdout
    words = " ".join(ocr.split())
    assert "Counts withheld in 33 of 33 categories" in words
    assert "9,941 values" in words and "lower bounds" in words
