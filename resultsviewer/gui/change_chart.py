"""The change chart: each candidate's gain or loss in share since the baseline, in points,
as bars diverging from zero (gains right, losses left), drawn with a ``QPainter``.

One painting function serves the export (PNG, SVG, PDF: vector, with real text) and a
widget for the window. Only candidates in both contests have a change; the others are
named in a note under the bars, never silently left out. The figures come from
:class:`resultsviewer.core.compare.Changes`; nothing is computed here but positions.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from resultsviewer.core.change_texts import MAX_BARS, change_note, change_rows
from resultsviewer.core.compare import Changes
from resultsviewer.core.palette import DEFAULT_PALETTE
from resultsviewer.core.tally import signed_points

from .chart import AXIS_COLOUR, MUTED_TEXT, TEXT_COLOUR, print_font

GRID_COLOUR = "#e3e3e3"


def change_colour(changes: Changes, label: str, position: int) -> str:
    """The colour of the candidate's bar: its own colour in the contest, else the palette's."""
    contest = changes.comparison.current
    entry = next((e for e in changes.matching.entries if e.label == label), None)
    if entry is not None and entry.current:
        colour = contest.candidate(entry.current[0]).colour
        if colour:
            return colour
        return DEFAULT_PALETTE[entry.current[0] % len(DEFAULT_PALETTE)]
    return DEFAULT_PALETTE[position % len(DEFAULT_PALETTE)]


def _nice_step(span: float) -> float:
    """A tick step of 1, 2 or 5 x 10^n giving about four to eight ticks over ``span``."""
    raw = max(span, 1e-9) / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def paint_change_chart(
    painter: QPainter, rect: QRectF, changes: Changes, text_scale: float = 1.0, *, axis_title: bool = True
) -> None:
    """Paint the change chart into ``rect`` (logical pixels); ``axis_title`` False where a
    subtitle above already says what the bars are."""
    label_font = print_font(18 * text_scale)
    small_font = print_font(14 * text_scale)
    value_font = print_font(17 * text_scale, bold=True)
    label_metrics, small_metrics, value_metrics = QFontMetricsF(label_font), QFontMetricsF(small_font), QFontMetricsF(value_font)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    axis_height = small_metrics.height() * (2.6 if axis_title else 1.4)
    # As many bars as fit with a readable label each (the note says how many more).
    line = label_metrics.height() * 1.1
    note = change_note(changes)
    note_height = small_metrics.boundingRect(QRectF(0, 0, rect.width(), 10_000), flags, note).height() if note else 0.0
    room = rect.height() - axis_height - note_height - 12 * text_scale
    limit = max(1, min(MAX_BARS, int(room // line)))
    if limit < len(change_rows(changes)):
        note = change_note(changes, limit)
        note_height = small_metrics.boundingRect(QRectF(0, 0, rect.width(), 10_000), flags, note).height() if note else 0.0
        limit = max(1, min(limit, int((rect.height() - axis_height - note_height - 12 * text_scale) // line)))
    rows = change_rows(changes, limit)
    # The shares then and now under each name, where there is room for a second line.
    two_lines = rows and room / len(rows) >= line + small_metrics.height() * 1.1
    if not rows:
        painter.setFont(label_font)
        painter.setPen(QColor(MUTED_TEXT))
        painter.drawText(rect, flags, "No candidate is in both contests: there is no change to draw. " + note)
        return
    # The label column: name, and "59.5% → 61.8%" under it, as wide as the widest.
    def share_text(row) -> str:
        return f"{row.baseline_share * 100:.1f}% → {row.share * 100:.1f}%"

    label_width = max(
        max(label_metrics.horizontalAdvance(row.label), small_metrics.horizontalAdvance(share_text(row))) for row in rows
    ) + 18 * text_scale
    label_width = min(label_width, rect.width() * 0.42)
    values = [row.share_change_points or 0.0 for row in rows]
    low, high = min(0.0, *values), max(0.0, *values)
    step = _nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if high - low < step:
        high = low + step
    value_room = max(value_metrics.horizontalAdvance(f"{signed_points(v)}*") for v in values) + 10 * text_scale
    plot = QRectF(
        rect.x() + label_width + (value_room if low < 0 else 0),
        rect.y() + axis_height,
        rect.width() - label_width - value_room * ((low < 0) + (high > 0)) - 4,
        rect.height() - axis_height - note_height - 12 * text_scale,
    )
    if plot.width() < 40 or plot.height() < 20:
        return

    def x_of(value: float) -> float:
        return plot.left() + (value - low) / (high - low) * plot.width()

    # Axis title and ticks at the top, grid lines down.
    painter.setFont(small_font)
    painter.setPen(QColor(MUTED_TEXT))
    if axis_title:
        title = f"Change in share since {changes.comparison.baseline.title}, percentage points"
        painter.drawText(QRectF(rect.x(), rect.y(), rect.width(), small_metrics.height() * 1.3), int(Qt.AlignmentFlag.AlignLeft), title)
    tick = low
    while tick <= high + step / 2:
        x = x_of(tick)
        painter.setPen(QPen(QColor(GRID_COLOUR), 1))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.setPen(QColor(MUTED_TEXT))
        text = "0" if abs(tick) < step / 2 else f"{tick:+g}"
        width = small_metrics.horizontalAdvance(text)
        painter.drawText(QPointF(x - width / 2, plot.top() - small_metrics.descent() - 4 * text_scale), text)
        tick += step
    band = plot.height() / len(rows)
    bar = min(band * 0.62, 46 * text_scale)
    for position, row in enumerate(rows):
        value = row.share_change_points or 0.0
        centre = plot.top() + band * (position + 0.5)
        # Labels.
        painter.setFont(label_font)
        painter.setPen(QColor(TEXT_COLOUR))
        name = label_metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_width - 14 * text_scale)
        if two_lines:
            painter.drawText(QPointF(rect.x(), centre - 2 * text_scale), name)
            painter.setFont(small_font)
            painter.setPen(QColor(MUTED_TEXT))
            painter.drawText(QPointF(rect.x(), centre + small_metrics.ascent()), share_text(row))
        else:
            painter.drawText(QPointF(rect.x(), centre + label_metrics.ascent() / 2 - label_metrics.descent() / 2), name)
        # The bar, from zero.
        x0, x1 = x_of(0.0), x_of(value)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(change_colour(changes, row.label, position)))
        painter.drawRect(QRectF(min(x0, x1), centre - bar / 2, max(abs(x1 - x0), 1.0), bar))
        painter.setFont(value_font)
        painter.setPen(QColor(TEXT_COLOUR))
        text = signed_points(value) + ("*" if row.incomplete else "")
        width = value_metrics.horizontalAdvance(text)
        tx = x1 + 6 * text_scale if value >= 0 else x1 - 6 * text_scale - width
        painter.drawText(QPointF(tx, centre + value_metrics.ascent() / 2 - value_metrics.descent() / 2), text)
    # The zero line over the bars.
    painter.setPen(QPen(QColor(AXIS_COLOUR), max(1.5 * text_scale, 1.0)))
    painter.drawLine(QPointF(x_of(0.0), plot.top() - 2), QPointF(x_of(0.0), plot.bottom()))
    if note:
        painter.setFont(small_font)
        painter.setPen(QColor(MUTED_TEXT))
        painter.drawText(QRectF(rect.x(), rect.bottom() - note_height, rect.width(), note_height), flags, note)


class ChangeChart(QWidget):
    """The change chart in a widget (the window's view of a comparison)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._changes: Changes | None = None
        self.setMinimumSize(320, 200)

    def set_changes(self, changes: Changes | None) -> None:
        self._changes = changes
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("#ffffff"))
            if self._changes is not None:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                margin = 12.0
                paint_change_chart(
                    painter, QRectF(margin, margin, self.width() - 2 * margin, self.height() - 2 * margin), self._changes, 0.8
                )
        finally:
            painter.end()
