"""The summary above the table: winner and margin, votes, turnout, and a warning when the
source disagrees. Its sentences are :func:`resultsviewer.core.view_data.summary_text`'s."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from resultsviewer.core.methods import Outcome
from resultsviewer.core.tally import Tally
from resultsviewer.core.view_data import summary_text


class ElidedLabel(QLabel):
    """A label that never widens the window: too long, it ends in "…" and shows the whole
    text in its tooltip.

    A tie between 3,000 candidates names them all (56,000 characters); a plain QLabel
    asks for that width, and the window grew to half a million pixels, every paint of the
    chart and table beside it slowing to seconds.
    """

    #: The tooltip keeps the start of a long text: a tooltip is no place for a book.
    MAX_TOOLTIP_CHARS = 2000

    def __init__(self, parent: QWidget | None = None, *, lines: int = 1) -> None:
        super().__init__(parent)
        self._full = ""
        #: Lines the text may wrap onto before it is cut short.
        self.lines = lines
        self.setWordWrap(lines > 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        self._full = text
        shown = text if len(text) <= self.MAX_TOOLTIP_CHARS else text[: self.MAX_TOOLTIP_CHARS] + "…"
        # A tooltip set by the owner after this (the result's method) takes its place.
        self.setToolTip(shown if self._elided(text) != text else "")
        super().setText(self._elided(text))

    def text(self) -> str:
        """The whole text, as set (what is shown may be cut short)."""
        return self._full

    def is_elided(self) -> bool:
        return QLabel.text(self) != self._full

    def _elided(self, text: str) -> str:
        width = self.contentsRect().width()
        if width <= 0:
            width = 600
        # Wrapped lines break between words and waste a little of each line: 0.85 of them.
        room = width if self.lines == 1 else int(width * self.lines * 0.85)
        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        elided = self._elided(self._full)
        # Only a change: a wrapped label's new text relays it out, which resizes it again.
        if elided != QLabel.text(self):
            super().setText(elided)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(0, super().minimumSizeHint().height())


class SummaryBar(QWidget):
    """Winner and margin, votes, turnout, and a warning when the source disagrees."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The contest by name: the window's title names the file, which may say nothing of it.
        self.contest_label = ElidedLabel()
        self.contest_label.setObjectName("contest")
        self.contest_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A result with the popular vote beside it can be long: it wraps rather than widen
        # the window, on three lines at most (a tie of thousands ends in "…").
        self.result_label = ElidedLabel(lines=3)
        self.result_label.setObjectName("result")
        self.result_label.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = ElidedLabel()
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
