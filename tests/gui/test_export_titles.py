"""A heading that wraps breaks into lines of about equal length: the Santa Fe export's title
left a lone "4" on its second line. Read back from the PDF with pdftotext, and from the
window's summary as it draws it."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from resultsviewer.core.export_metadata import ExportOptions
from resultsviewer.gui.chart import print_font
from resultsviewer.gui.export import _layout_texts, export_chart
from resultsviewer.gui.summary_bar import ElidedLabel
from resultsviewer.gui.text_lines import balanced_lines, words_in_lines

SANTA_FE = "General Election, Santa Fe County: COUNCILOR POSITION 4 SANTA FE COUNCIL 4"


def _santa_fe(shared_real):
    from resultsviewer.core.formats import import_contest

    return import_contest(shared_real / "workbooks" / "santa-fe-d4.xlsx").contest


def _check_balanced(lines: list[str], text: str, metrics: QFontMetricsF, width: float) -> None:
    greedy = words_in_lines(text, metrics, width)
    assert greedy[-1] == "4" or len(greedy) == len(lines)  # what greedy wrapping gives, for the record
    assert " ".join(lines) == " ".join(text.split())  # every word, in order
    assert len(lines) == len(greedy)  # no more lines than needed
    assert all(metrics.horizontalAdvance(line) <= width for line in lines)
    assert len(lines[-1].split()) > 1  # no word alone on the last line
    widths = [metrics.horizontalAdvance(line) for line in lines]
    assert min(widths) >= 0.5 * max(widths)


def test_balanced_lines_keep_every_word_and_leave_none_alone(qapp) -> None:
    metrics = QFontMetricsF(print_font(34, bold=True))
    width = metrics.horizontalAdvance(SANTA_FE) - 10  # a little short of one line
    assert words_in_lines(SANTA_FE, metrics, width)[-1] == "4"  # greedy leaves the "4" alone
    _check_balanced(balanced_lines(SANTA_FE, metrics, width), SANTA_FE, metrics, width)
    assert balanced_lines("One line", metrics, 10_000) == ["One line"]
    assert balanced_lines("", metrics, 100) == []


def test_the_santa_fe_exports_title_breaks_in_balance(qapp, shared_real, tmp_path) -> None:
    contest = _santa_fe(shared_real)
    assert contest.title == SANTA_FE
    options = ExportOptions(width=1600, height=1000).resolved(contest)
    top, _, _ = _layout_texts(options)
    title = top[0]
    lines = title.text.split("\n")
    inner = title.rect.width()
    metrics = QFontMetricsF(title.font)
    assert words_in_lines(SANTA_FE, metrics, inner)[-1] == "4"  # the bug: Qt's greedy wrap
    _check_balanced(lines, SANTA_FE, metrics, inner)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    for figure in ({}, {"round": "1"}):
        if figure:
            from resultsviewer.gui.rounds_export import RoundsFigure, export_rounds

            out = export_rounds(contest, tmp_path / "round.pdf", RoundsFigure("1"), ExportOptions(width=1600, height=1000))
        else:
            out = export_chart(contest, tmp_path / "votes.pdf", ExportOptions(width=1600, height=1000))
        text = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout
        drawn = text.splitlines()[:2]
        assert drawn == lines, drawn
        assert "4" not in [line.strip() for line in text.splitlines()]


def test_the_windows_headline_breaks_in_balance_where_it_wraps(qtbot) -> None:
    """The summary's bold result line (three lines at most) wraps whole in lines of about
    equal length; cut short, it keeps its "…"."""
    label = ElidedLabel(lines=3)
    qtbot.addWidget(label)
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    font.setPointSizeF(11)
    label.setFont(font)
    metrics = QFontMetricsF(font)
    width = int(metrics.horizontalAdvance(SANTA_FE)) - 12
    label.resize(width + label.contentsMargins().left() + label.contentsMargins().right(), 60)
    label.setText(SANTA_FE)
    label.show()
    qtbot.waitExposed(label)
    shown = label._shown
    assert len(shown) == 2 and shown[-1] != "4"
    assert label.shown_text() == SANTA_FE and not label.is_elided()
    _check_balanced(shown, SANTA_FE, metrics, label.contentsRect().width())
    long = " ".join([SANTA_FE] * 6)
    label.setText(long)
    assert label.is_elided() and label._shown[-1].endswith("…") and len(label._shown) == 3
