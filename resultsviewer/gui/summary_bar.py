"""The summary above the table: winner and margin, votes, turnout, and a warning when the
source disagrees. Its sentences are :func:`resultsviewer.core.view_data.summary_text`'s."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from resultsviewer.core.methods import Outcome
from resultsviewer.core.tally import Tally
from resultsviewer.core.view_data import summary_text

from .text_lines import balanced_lines


class ElidedLabel(QWidget):
    """A line (or a few wrapped lines) of text that never widens the window: too long, it
    ends in "…" and shows the whole text in its tooltip; its context menu copies it.

    A tie between 3,000 candidates names them all (56,000 characters); a plain QLabel
    asks for that width, and the window grew to half a million pixels, every paint of the
    chart and table beside it slowing to seconds.

    Painted, not a QLabel: a QLabel's new text re-measures it and relays out the whole
    window, and a selectable one lays its text out in a QTextDocument; the summary's
    sentences change on every edit. This widget asks for a new layout only when the
    number of lines its text needs changes.
    """

    #: The tooltip keeps the start of a long text: a tooltip is no place for a book.
    MAX_TOOLTIP_CHARS = 2000

    def __init__(self, parent: QWidget | None = None, *, lines: int = 1) -> None:
        super().__init__(parent)
        self._full = ""
        #: Lines the text may wrap onto before it is cut short.
        self.lines = lines
        self._shown: list[str] = []  # the lines drawn, the last one elided where cut short
        self._laid_out_for: tuple[str, int, str] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        # Opaque: a new sentence repaints this line alone, not the window under it as well.
        self.setAutoFillBackground(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QAction("Copy", self)
        # A method, not a lambda: a lambda holding the label would make a cycle with it that
        # only the garbage collector breaks, and it may run in a reading thread.
        copy.triggered.connect(self.copy_text)
        self.addAction(copy)

    def copy_text(self) -> None:
        """Put the whole text (not what is shown of it) on the clipboard."""
        QGuiApplication.clipboard().setText(self._full)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        if text == self._full:
            return
        self._full = text
        self.setAccessibleName(text[: self.MAX_TOOLTIP_CHARS])
        self._relayout()
        shown = text if len(text) <= self.MAX_TOOLTIP_CHARS else text[: self.MAX_TOOLTIP_CHARS] + "…"
        # A tooltip set by the owner after this (the result's method) takes its place, and a
        # resize keeps it.
        self.setToolTip(shown if self.is_elided() else "")

    def text(self) -> str:
        """The whole text, as set (what is shown may be cut short)."""
        return self._full

    def shown_text(self) -> str:
        """The text as drawn: its lines joined by spaces, the last one elided where cut short."""
        return " ".join(self._shown)

    def is_elided(self) -> bool:
        return " ".join(self._full.split()) != " ".join(" ".join(self._shown).split())

    def _relayout(self) -> None:
        """Break the text into lines for the current width; ask for a new height only when
        the number of lines changes."""
        width = self.contentsRect().width()
        if width <= 0:
            width = 600
        key = (self._full, width, self.font().key())
        if key == self._laid_out_for:
            return
        self._laid_out_for = key
        before = len(self._shown)
        self._shown = self._break(self._full, width)
        if max(len(self._shown), 1) != max(before, 1):
            self.updateGeometry()
        self.update()

    def _break(self, text: str, width: int) -> list[str]:
        metrics = self.fontMetrics()
        if self.lines == 1 or not text:
            return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)] if text else []
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        lines: list[str] = []
        layout.beginLayout()
        try:
            while len(lines) < self.lines:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                start, length = line.textStart(), line.textLength()
                if len(lines) == self.lines - 1 and start + length < len(text):
                    # The last line allowed, with text still to come: the rest, cut short.
                    lines.append(metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width))
                    break
                lines.append(text[start : start + length].rstrip())
        finally:
            layout.endLayout()
        if len(lines) > 1 and not self._cut_short(text, lines):
            # A sentence that wraps whole breaks into lines of about equal length, not a
            # last word alone under a full line (as the export's title).
            balanced = balanced_lines(text, QFontMetricsF(self.font()), width)
            if len(balanced) <= len(lines):
                return balanced
        return lines

    @staticmethod
    def _cut_short(text: str, lines: list[str]) -> bool:
        return " ".join(text.split()) != " ".join(" ".join(lines).split())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * max(len(self._shown), 1)
        return QSize(0, height + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._laid_out_for = None
            self._relayout()
            self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        try:
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            area = self.contentsRect()
            spacing = self.fontMetrics().lineSpacing()
            ascent = self.fontMetrics().ascent()
            for index, line in enumerate(self._shown):
                painter.drawText(area.left(), area.top() + index * spacing + ascent, line)
        finally:
            painter.end()


class SummaryBar(QWidget):
    """Winner and margin, votes, turnout, and a warning when the source disagrees."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The contest by name: the window's title names the file, which may say nothing of it.
        self.contest_label = ElidedLabel()
        self.contest_label.setObjectName("contest")
        # A result with the popular vote beside it can be long: it wraps rather than widen
        # the window, on three lines at most (a tie of thousands ends in "…").
        self.result_label = ElidedLabel(lines=3)
        self.result_label.setObjectName("result")
        result_font = QFont(self.result_label.font())
        result_font.setWeight(QFont.Weight.DemiBold)
        result_font.setPointSizeF(11)
        self.result_label.setFont(result_font)
        self.facts_label = ElidedLabel()
        self.warning_button = QToolButton()
        self.warning_button.setStyleSheet(
            "QToolButton { color: #8a1c12; background: #fbd5d0; border: 1px solid #e3a49b; border-radius: 3px;"
            " padding: 2px 8px; font-weight: 600; }"
        )
        self.warning_button.setToolTip("Figures declared by the source that the counts do not reproduce: click to see them")
        self.warning_button.hide()
        # The warning sits beside the heading and keeps its room when hidden: an edit that
        # makes or mends a disagreement must not move the table and the chart below (the
        # result's lines narrowing and wrapping resized them, and relaid out the chart).
        policy = self.warning_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.warning_button.setSizePolicy(policy)
        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.contest_label, 1)
        heading.addWidget(self.warning_button, 0, Qt.AlignmentFlag.AlignVCenter)
        text = QVBoxLayout(self)
        text.setContentsMargins(8, 6, 8, 6)
        text.setSpacing(2)
        text.addLayout(heading)
        text.addWidget(self.result_label)
        text.addWidget(self.facts_label)

    def show_tally(self, tally: Tally, outcome: Outcome | None = None) -> None:
        """The contest, then the deciding result (by the contest's method), then the facts."""
        text = summary_text(tally, outcome)
        self.contest_label.setText(text.heading)
        self.result_label.setText(text.result)
        about = text.result_details
        if self.result_label.is_elided():  # the whole sentence too, where the line cuts it short
            about = f"{self.result_label.toolTip()}\n{about}"
        self.result_label.setToolTip(about)
        self.facts_label.setText(text.facts)
        if text.facts_details:  # else the label's own (the whole line, when cut short)
            self.facts_label.setToolTip(text.facts_details)
        if text.warning:
            self.warning_button.setText(text.warning)
            self.warning_button.setToolTip(text.warning_details)
        if self.warning_button.isHidden() == bool(text.warning):
            self.warning_button.setVisible(bool(text.warning))


__all__ = ["ElidedLabel", "SummaryBar"]
