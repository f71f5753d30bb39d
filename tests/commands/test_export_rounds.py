"""``resultsviewer export --round`` and ``--transfers``: figures of contests decided in
rounds, read back (SVG text by XML, PDF text by pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from resultsviewer.commands import main

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "tests" / "data" / "rcv" / "2015_portland_mayor" / "2015_portland_mayor_config.json"
DEFAULT = ROOT / "resources" / "labour-leadership-2016.results.json"


def _svg_texts(path: Path) -> list[str]:
    return [e.text for e in ET.parse(path).iter() if e.tag.endswith("text") and e.text]


def test_one_round_as_svg(qapp, tmp_path, capsys) -> None:
    out = tmp_path / "round6.svg"
    assert main(["export", str(CONFIG), "--round", "6", "-o", str(out)]) == 0
    texts = _svg_texts(out)
    assert "Round 6 of 14: votes of the candidates still counting" in texts
    # RCTab's round 6: Mavodones 20 of 98 ballots counting; Brennan goes out.
    assert "20  20.4%" in texts
    assert "6  6.1%  eliminated" in texts
    assert "threshold 50" in texts


def test_first_and_final_rounds(qapp, tmp_path, capsys) -> None:
    first, final = tmp_path / "first.svg", tmp_path / "final.svg"
    assert main(["export", str(CONFIG), "--round", "first", "-o", str(first)]) == 0
    assert main(["export", str(CONFIG), "--round", "final", "-o", str(final)]) == 0
    assert "Round 1 of 14 (first preferences): votes of the candidates still counting" in _svg_texts(first)
    texts = _svg_texts(final)
    assert "54  57.4%  elected" in texts and "40  42.6%" in texts


def test_transfers_and_all_rounds_as_pdf(qapp, tmp_path, capsys) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    transfers, every = tmp_path / "transfers.pdf", tmp_path / "all.pdf"
    assert main(["export", str(CONFIG), "--transfers", "-o", str(transfers)]) == 0
    assert main(["export", str(CONFIG), "--round", "all", "-o", str(every)]) == 0
    text = subprocess.run(["pdftotext", str(transfers), "-"], capture_output=True, text=True, check=True).stdout
    assert "Where the votes went, round by round" in text
    assert "Mavodones, Nicholas M. Jr. 54" in text.replace("  ", " ")
    text = subprocess.run(["pdftotext", str(every), "-"], capture_output=True, text=True, check=True).stdout
    assert "Round 14 of 14" in text and "Round 1 of 14" in text


def test_a_round_that_does_not_exist_or_a_contest_without_rounds(qapp, tmp_path, capsys) -> None:
    assert main(["export", str(CONFIG), "--round", "15", "-o", str(tmp_path / "x.png")]) == 1
    assert "there is no round 15: this count has rounds 1 to 14" in capsys.readouterr().err
    assert main(["export", str(DEFAULT), "--transfers", "-o", str(tmp_path / "y.png")]) == 1
    assert "decided in one count; it has no rounds to draw" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "y.png").exists()


def _empty_band(image) -> float:  # noqa: ANN001 (QImage)
    """The tallest run of blank rows (every pixel white), as a share of the image's height."""
    white = 0xFFFFFFFF
    longest = run = 0
    for y in range(image.height()):
        blank = all(image.pixel(x, y) == white for x in range(0, image.width(), 4))
        run = run + 1 if blank else 0
        longest = max(longest, run)
    return longest / image.height()


def _text_sizes(path: Path) -> dict[str, str]:
    """Each text of an SVG and the font size it is drawn at."""
    return {e.text: e.get("font-size", "") for e in ET.parse(path).iter() if e.tag.endswith("text") and e.text}


def test_one_round_is_only_as_tall_as_its_bars_unless_a_height_is_asked_for(qapp, tmp_path, capsys) -> None:
    # Portland's final round has two candidates: three bars (and the inactive ballots)
    # once left the lower half of a 1,000 px figure blank.
    from PySide6.QtGui import QImage

    fitted, asked = tmp_path / "final.png", tmp_path / "final-1000.png"
    assert main(["export", str(CONFIG), "--round", "final", "-o", str(fitted)]) == 0
    assert main(["export", str(CONFIG), "--round", "final", "--height", "1000", "-o", str(asked)]) == 0
    fitted_image, asked_image = QImage(str(fitted)), QImage(str(asked))
    assert asked_image.height() == 1000
    assert _empty_band(asked_image) > 0.3
    assert 300 < fitted_image.height() < 700
    assert _empty_band(fitted_image) < 0.08
    # Cut to its bars, the figure keeps the type of the size asked for.
    small, large = tmp_path / "final.svg", tmp_path / "final-1000.svg"
    assert main(["export", str(CONFIG), "--round", "final", "-o", str(small)]) == 0
    assert main(["export", str(CONFIG), "--round", "final", "--height", "1000", "-o", str(large)]) == 0
    sizes = _text_sizes(small)
    assert sizes == _text_sizes(large)
    assert sizes["54  57.4%  elected"] == sizes["40  42.6%"] != ""
    # All the rounds and the transfers keep the default height.
    every = tmp_path / "all.png"
    assert main(["export", str(CONFIG), "--round", "all", "-o", str(every)]) == 0
    assert QImage(str(every)).height() == 1000


def test_a_rounds_figure_says_its_figures_in_words(qapp, tmp_path, capsys) -> None:
    """The alt text of one round names every bar's votes, as RCTab's report has them; all
    rounds, each round."""
    import json

    report = json.loads((CONFIG.parent / "2015_portland_mayor_expected_detailed_report.json").read_text(encoding="utf-8"))
    final = report["results"][-1]
    out = tmp_path / "final.svg"
    assert main(["export", str(CONFIG), "--round", "final", "-o", str(out)]) == 0
    description = next(e.text for e in ET.parse(out).iter() if e.tag.endswith("desc") and e.text)
    rounds = len(report["results"])
    # The round's header as the figure draws it, whole, then its bars.
    assert f"Round {rounds} of {rounds} (94 ballots counting, 5 inactive): " in description
    for name, votes in final["tally"].items():
        assert f"{name.strip()} {int(votes):,}" in description
    every = tmp_path / "all.svg"
    assert main(["export", str(CONFIG), "--round", "all", "-o", str(every)]) == 0
    description = next(e.text for e in ET.parse(every).iter() if e.tag.endswith("desc") and e.text)
    assert all(f"Round {n} of {rounds} (" in description for n in range(1, rounds + 1))


def test_a_height_of_zero_is_refused_not_taken_for_no_height(qapp, tmp_path, capsys) -> None:
    out = tmp_path / "zero.png"
    assert main(["export", str(CONFIG), "--round", "final", "--height", "0", "-o", str(out)]) == 1
    assert "150 to 20,000 high, not 1600x0" in capsys.readouterr().err
    assert not out.exists()
