"""Chart export: PNG, SVG and PDF through one path, legible, traceable, written atomically."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from resultsviewer import __version__
from resultsviewer.core.errors import SaveError
from resultsviewer.core.export_metadata import ExportOptions, contest_sha256
from resultsviewer.core.formats import native, read_contest
from resultsviewer.gui.export import export_chart, export_data, render_image

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
NAMES = ("Jeremy Corbyn", "Owen Smith", "Overall", "Members", "Registered supporters", "Affiliated supporters")


def _colours(image: QImage, step: int = 7) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}


def test_png_has_its_size_a_light_background_and_the_candidates_colours(qtbot, default_contest, tmp_path):
    path = export_chart(default_contest, tmp_path / "chart.png", ExportOptions(width=1200, height=800))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1200, 800)
    assert QColor(image.pixel(3, 3)).name() == "#ffffff"
    assert QColor(image.pixel(1199, 799)).name() == "#ffffff"
    colours = {QColor(pixel).name() for pixel in _colours(image)}
    assert {"#dc241f", "#1f6fb2"} <= colours
    assert len(colours) > 20  # text and axes, not a blank page


def test_png_scale_multiplies_pixels_and_keeps_the_layout(qtbot, default_contest):
    one = render_image(default_contest, ExportOptions(width=800, height=500))
    two = render_image(default_contest, ExportOptions(width=800, height=500, scale=2))
    assert (two.width(), two.height()) == (1600, 1000)
    red = QColor("#dc241f").rgb()
    share_one = sum(one.pixel(x, y) == red for x in range(0, 800, 4) for y in range(0, 500, 4))
    share_two = sum(two.pixel(x, y) == red for x in range(0, 1600, 8) for y in range(0, 1000, 8))
    assert share_one == pytest.approx(share_two, rel=0.1)


def test_png_text_chunks_trace_the_chart_to_its_data(qtbot, default_contest, tmp_path):
    path = export_chart(default_contest, tmp_path / "chart.png")
    image = QImage(str(path))
    assert image.text("Title") == "Labour Party leadership election 2016"
    assert image.text("Source").startswith("Result as announced at the Labour Party special conference")
    assert image.text("Software") == f"Results Viewer {__version__}"
    assert image.text("Contest-SHA256") == hashlib.sha256(native.dumps(default_contest)).hexdigest()
    assert "Jeremy Corbyn 313,209 votes (61.8%)" in image.text("Description")


def test_svg_parses_with_names_as_text_title_desc_and_metadata(qtbot, default_contest, tmp_path):
    path = export_chart(default_contest, tmp_path / "chart.svg", ExportOptions(mode="share"))
    root = ET.parse(path).getroot()
    texts = {"".join(element.itertext()).strip() for element in root.iter(f"{SVG}text")}
    assert set(NAMES) <= texts
    assert {"61.8%", "38.2%", "50%", "100%"} <= texts
    assert root.find(f"{SVG}title").text == "Labour Party leadership election 2016"
    desc = root.find(f"{SVG}desc").text
    assert "Jeremy Corbyn 313,209 votes (61.8%), Owen Smith 193,229 (38.2%)" in desc
    metadata = ET.tostring(root.find(f"{SVG}metadata"), encoding="unicode")
    assert f"sha256:{contest_sha256(default_contest)}" in metadata
    assert f"Results Viewer {__version__}" in metadata
    assert root.get("viewBox") == "0 0 1600 1000"
    assert "Sans Serif" not in path.read_text(encoding="utf-8")  # a family browsers know, with fallbacks


def test_pdf_is_vector_with_selectable_text_and_metadata(qtbot, default_contest, tmp_path):
    path = export_chart(default_contest, tmp_path / "chart.pdf", ExportOptions(width=1600, height=1000, dpi=160))
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert contest_sha256(default_contest).encode() in data
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Labour Party leadership election 2016" in info
        assert f"Results Viewer {__version__}" in info
        assert "720 x 450 pts" in info  # 10 x 6.25 inches: 1,600 x 1,000 px at 160 dpi
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    for name in NAMES + ("168,216", "313,209"):
        assert name in text


def test_grouped_and_stacked_and_four_candidates(qtbot, tmp_path):
    contest = read_contest(ROOT / "resources" / "examples" / "labour-leadership-2015.results.json")
    for stacked in (False, True):
        path = export_chart(contest, tmp_path / f"l15-{stacked}.svg", ExportOptions(stacked=stacked))
        texts = {"".join(e.itertext()).strip() for e in ET.parse(path).getroot().iter(f"{SVG}text")}
        assert {"Jeremy Corbyn", "Andy Burnham", "Yvette Cooper", "Liz Kendall"} <= texts
        assert "251,417" in texts  # Corbyn overall, labelled in both layouts


def test_export_leaves_the_contest_unsubscribed(qtbot, default_contest, tmp_path):
    listeners_before = len(default_contest._listeners)
    export_chart(default_contest, tmp_path / "chart.png")
    assert len(default_contest._listeners) == listeners_before


def test_unknown_extension_and_missing_folder_raise_save_error(qtbot, default_contest, tmp_path):
    with pytest.raises(SaveError, match="extension"):
        export_chart(default_contest, tmp_path / "chart.gif")
    with pytest.raises(SaveError, match="does not exist"):
        export_chart(default_contest, tmp_path / "nowhere" / "chart.png")
    assert list(tmp_path.iterdir()) == []


def test_options_are_checked_and_texts_prefilled(default_contest):
    with pytest.raises(ValueError):
        ExportOptions(scale=4)
    with pytest.raises(ValueError):
        ExportOptions(width=10)
    options = ExportOptions.for_contest(default_contest, width=1000.0)
    assert options.width == 1000 and isinstance(options.width, int)
    assert options.title == "Labour Party leadership election 2016"
    assert "24 September 2016" in options.subtitle
    assert options.source.startswith("Source: Result as announced")


def test_data_csv_beside_the_chart(default_contest, tmp_path):
    path = export_data(default_contest, tmp_path / "chart.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "group,candidate,votes,share,share_base,votes_are"
    assert lines[1].startswith("Overall,Jeremy Corbyn,313209,0.618")


def _axis_lines(image: QImage) -> tuple[int, int]:
    """(x of the value axis, y of the category axis): the longest runs of the axis colour."""
    from collections import Counter

    axis = QColor("#555555").rgb()
    columns: Counter[int] = Counter()
    rows: Counter[int] = Counter()
    for y in range(0, image.height(), 2):
        for x in range(image.width()):
            if image.pixel(x, y) == axis:
                columns[x] += 1
    for y in range(image.height()):
        for x in range(0, image.width(), 2):
            if image.pixel(x, y) == axis:
                rows[y] += 1
    return columns.most_common(1)[0][0], rows.most_common(1)[0][0]


def test_the_value_axis_labels_its_zero_in_every_format(qtbot, default_contest, tmp_path):
    """The axis began at an unlabelled 0 in the window and in every export."""
    svg = export_chart(default_contest, tmp_path / "counts.svg")
    texts = {"".join(element.itertext()).strip() for element in ET.parse(svg).getroot().iter(f"{SVG}text")}
    assert {"0", "100,000", "300,000"} <= texts
    svg = export_chart(default_contest, tmp_path / "share.svg", ExportOptions(mode="share"))
    texts = {"".join(element.itertext()).strip() for element in ET.parse(svg).getroot().iter(f"{SVG}text")}
    assert {"0%", "25%", "50%"} <= texts
    # PNG: ink left of the value axis, on the level of the category axis (where "0" stands)
    image = render_image(default_contest, ExportOptions(width=1600, height=1000))
    axis_x, axis_y = _axis_lines(image)
    ink = [
        (x, y) for x in range(axis_x - 40, axis_x - 4) for y in range(axis_y - 12, axis_y + 12)
        if QColor(image.pixel(x, y)).lightness() < 128
    ]
    assert len(ink) > 20, "no label at the value axis's 0"
    if shutil.which("pdftotext"):
        pdf = export_chart(default_contest, tmp_path / "share.pdf", ExportOptions(mode="share"))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "0%" in text.split()
