"""``resultsviewer export``: headless charts from files, all-or-nothing batches."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from resultsviewer.commands import main

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "resources" / "labour-leadership-2016.results.json"
EXAMPLE_2015 = ROOT / "resources" / "examples" / "labour-leadership-2015.results.json"


def test_one_file_to_png_in_a_process_with_no_display(tmp_path):
    """A real process, with no QT_QPA_PLATFORM and no DISPLAY: it picks offscreen itself."""
    environment = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    out = tmp_path / "chart.png"
    finished = subprocess.run(
        [sys.executable, "-m", "resultsviewer", "export", str(DEFAULT), "-o", str(out), "--width", "1000", "--height", "600"],
        capture_output=True, text=True, env=environment, timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr == ""
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 600)


def test_options_reach_the_chart(qapp, tmp_path, capsys):
    out = tmp_path / "chart.svg"
    code = main([
        "export", str(EXAMPLE_2015), "-o", str(out), "--mode", "share", "--stacked",
        "--title", "First round", "--subtitle", "By section", "--source", "Source: the party",
    ])
    assert code == 0
    root = ET.parse(out).getroot()
    texts = {"".join(element.itertext()).strip() for element in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"First round", "By section", "Source: the party", "59.5%", "50%", "Liz Kendall"} <= texts
    assert "Stacked bar chart of shares" in root.find("{http://www.w3.org/2000/svg}desc").text
    assert f"wrote {out}" in capsys.readouterr().out


def test_several_files_to_a_folder_named_after_each_file(qapp, tmp_path):
    folder = tmp_path / "charts"
    folder.mkdir()  # never created by export: a missing folder is refused, as convert refuses it
    code = main(["export", str(DEFAULT), str(EXAMPLE_2015), "-o", str(folder), "--format", "pdf", "--with-data"])
    assert code == 0
    assert sorted(path.name for path in folder.iterdir()) == [
        "labour-leadership-2015.csv", "labour-leadership-2015.pdf",
        "labour-leadership-2016.csv", "labour-leadership-2016.pdf",
    ]
    assert (folder / "labour-leadership-2016.pdf").read_bytes().startswith(b"%PDF")
    rows = list(csv.DictReader((folder / "labour-leadership-2015.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0]["candidate"] == "Jeremy Corbyn" and rows[0]["votes"] == "251417"


def test_a_bad_file_writes_nothing_and_exits_1(qapp, tmp_path, capsys):
    bad = tmp_path / "bad.results.json"
    bad.write_text('{"format": "resultsviewer-contest", "version": 1, "title": "x", "candidates": 3}', encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    code = main(["export", str(DEFAULT), str(bad), "-o", str(folder)])
    assert code == 1
    assert list(folder.iterdir()) == []
    error = capsys.readouterr().err.strip()
    assert error.startswith("resultsviewer: ") and "bad.results.json" in error and "candidates" in error
    assert "\n" not in error and "Traceback" not in error
    single = tmp_path / "single.png"
    assert main(["export", str(tmp_path / "missing.csv"), "-o", str(single)]) == 1
    assert not single.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "chart.gif"], "cannot tell the format"),
        (["-o", "chart.png", "--format", "svg"], "disagrees"),
        (["-o", "chart.png", "--scale", "2", "--width", "5"], "pixels wide"),
    ],
)
def test_bad_output_choices_are_one_line_errors(qapp, tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(DEFAULT), *arguments]) == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_two_files_that_would_share_a_name_are_refused(qapp, tmp_path, capsys):
    copy = tmp_path / "labour-leadership-2016.json"
    copy.write_bytes(DEFAULT.read_bytes())
    assert main(["export", str(DEFAULT), str(copy), "-o", str(tmp_path / "out")]) == 1
    assert "would both be written" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_contest_of_many_categories_is_drawn_in_shares_unless_told(qapp, tmp_path):
    from resultsviewer.core.contest import Candidate, Category, Contest
    from resultsviewer.core.formats import write_contest

    many = Contest(
        "Forty wards", [Candidate("Red"), Candidate("Blue")], [Category(f"Ward {n}") for n in range(40)],
        [[1000 + n, 900 + 3 * n] for n in range(40)],
    )
    source = tmp_path / "wards.results.json"
    write_contest(many, source)
    auto, counts = tmp_path / "auto.svg", tmp_path / "counts.svg"
    assert main(["export", str(source), "-o", str(auto)]) == 0
    assert main(["export", str(source), "-o", str(counts), "--mode", "counts"]) == 0
    auto_text = " ".join(ET.parse(auto).getroot().itertext())
    counts_text = " ".join(ET.parse(counts).getroot().itertext())
    assert "50%" in auto_text and "Share of the valid votes" in auto_text
    assert "50%" not in counts_text and "Valid votes" in counts_text


def test_no_file_exports_the_default_contest_as_tally_tallies_it(qapp, tmp_path, capsys):
    """``export -o chart.svg`` with no FILE draws the contest ``tally`` with no FILE tallies."""
    import json

    out = tmp_path / "chart.svg"
    assert main(["export", "-o", str(out), "--with-data"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert main(["tally", "--json"]) == 0
    tallied = json.loads(capsys.readouterr().out)
    root = ET.parse(out).getroot()
    texts = {"".join(element.itertext()).strip() for element in root.iter("{http://www.w3.org/2000/svg}text")}
    assert tallied["title"] in texts
    with open(out.with_suffix(".csv"), newline="", encoding="utf-8") as stream:
        data = list(csv.reader(stream))
    # the exact numbers beside the chart are the default contest's, as read from its file
    with open(DEFAULT, encoding="utf-8") as stream:
        default = json.load(stream)
    names = {candidate["name"] for candidate in default["candidates"]}
    assert names <= {cell for row in data for cell in row}


def test_no_file_into_a_folder_is_named_after_the_default_contest(qapp, tmp_path):
    folder = tmp_path / "charts"
    folder.mkdir()
    assert main(["export", "-o", str(folder), "--format", "pdf"]) == 0
    assert [path.name for path in folder.iterdir()] == ["labour-leadership-2016.pdf"]


def _typo(tmp_path: Path) -> Path:
    """The default contest with the hidden typo: a declared 313,290 against 313,209."""
    import json

    document = json.loads(DEFAULT.read_text(encoding="utf-8"))
    document["declared"]["candidates"]["Jeremy Corbyn"]["votes"] = 313290
    path = tmp_path / "typo.results.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_export_warns_on_stderr_of_declared_figures_that_disagree(qapp, tmp_path, capsys):
    path = _typo(tmp_path)
    assert main(["export", str(path), "-o", str(tmp_path / "chart.png")]) == 0
    err = capsys.readouterr().err
    assert f"warning: {path}: Declared total for Jeremy Corbyn is 313,290, computed 313,209 (difference +81)" in err
    assert (tmp_path / "chart.png").exists()


def test_export_strict_refuses_a_file_with_warnings(qapp, tmp_path, capsys):
    path = _typo(tmp_path)
    assert main(["export", str(path), "-o", str(tmp_path / "chart.png"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "313,290" in err and "--strict: no chart was written" in err
    assert not (tmp_path / "chart.png").exists()
    assert main(["export", str(DEFAULT), "-o", str(tmp_path / "fine.png"), "--strict"]) == 0
