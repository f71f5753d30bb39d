"""The seats chart (bars by party with the majority line), the parliament diagram
(hemicycle) and the electoral-votes chart (bars with the 270 line).

Drawn with a ``QPainter`` from the core's :class:`~resultsviewer.core.seat_charts.SeatsFigure`
by one function, :func:`paint_seats`, that the window's widget and the exports (PNG, SVG,
PDF) share, so what is exported is what is seen.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from resultsviewer.core.palette import OTHER_COLOUR
from resultsviewer.core.seat_charts import ChartKind, SeatBar, SeatsFigure, scale_ticks

from .chart import AXIS_COLOUR, MUTED_TEXT, TEXT_COLOUR, _readable_on, print_font

#: Seats nobody carries (ties, withheld counts): drawn open (outlined in this grey, no
#: fill), as circles in the parliament and as a bar, so that they never read as the light
#: grey of the "N more" bar that sums parties' seats.
UNDECIDED_COLOUR = "#9a9a9a"
#: The rows' and legend's "colour" of the seats not decided: no fill (a party's colour may
#: be the grey of the outline).
OPEN = "transparent"
LINE_COLOUR = "#333333"
#: More bars than this and the smallest are summed in one grey bar.
MAX_BARS = 16


def paint_seats(painter: QPainter, rect: QRectF, figure: SeatsFigure, kind: ChartKind, text_px: float = 15.0) -> None:
    """Paint the seats bars or the parliament diagram of ``figure`` inside ``rect``."""
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if figure.total <= 0:
            painter.setFont(print_font(text_px))
            painter.setPen(QColor(MUTED_TEXT))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), figure.headline)
        elif kind is ChartKind.PARLIAMENT:
            _paint_parliament(painter, rect, figure, text_px)
        else:
            _paint_bars(painter, rect, figure, text_px)
    finally:
        painter.restore()


def _elided(metrics: QFontMetricsF, text: str, width: float) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def _bar_rows(figure: SeatsFigure, limit: int) -> list[tuple[str, int, str]]:
    """The rows drawn, at most ``limit`` (and :data:`MAX_BARS`): the largest alone, the
    rest summed in one grey row that says how many it holds, then the seats not decided."""
    room = max(min(MAX_BARS, limit - (1 if figure.undecided else 0)), 1)  # rows for the parties
    if len(figure.bars) > room:
        figure = _with_fewer_bars(figure, max(room - 1, 1))
    rows: list[tuple[str, int, str]] = [(bar.name, bar.units, bar.colour) for bar in figure.bars]
    if figure.undecided:
        rows.append(("Not decided", figure.undecided, OPEN))
    return rows


def _paint_bars(painter: QPainter, rect: QRectF, figure: SeatsFigure, text_px: float) -> None:
    font = print_font(text_px)
    bold = print_font(text_px, bold=True)
    metrics = QFontMetricsF(font)
    top_band = metrics.height() * 1.8  # the line's label above the bars
    axis_band = metrics.height() * 2.9  # the scale below, and what it counts of how many
    # Each row a line of text high at least: where the chart is short (the window with a
    # dock open), the smallest are summed in the grey row rather than drawn over each other.
    fit = int((rect.height() - top_band - axis_band) // (metrics.height() * 1.15))
    rows = _bar_rows(figure, fit)
    label_width = min(max((metrics.horizontalAdvance(name) for name, _, _ in rows), default=0) + 12, rect.width() * 0.34)
    value_width = metrics.horizontalAdvance(f"{figure.total:,}") + 14
    plot = QRectF(
        rect.left() + label_width, rect.top() + top_band, rect.width() - label_width - value_width, rect.height() - top_band - axis_band
    )
    if plot.width() < 40 or plot.height() < 20:
        return
    scale_max = max(max((units for _, units, _ in rows), default=0), figure.needed) * 1.08
    step = plot.height() / max(len(rows), 1)
    bar_height = min(step * 0.72, metrics.height() * 4)

    def x_of(value: float) -> float:
        return plot.left() + plot.width() * value / scale_max

    # The scale's marks, each with a faint line up the plot to measure the bars against: as
    # many as fit with room between their labels.
    widest = metrics.horizontalAdvance(f"{int(scale_max):,}")
    ticks = scale_ticks(scale_max, most=min(6, max(2, int(plot.width() // (widest * 2.5)))))
    grid = QColor(AXIS_COLOUR)
    grid.setAlpha(40)
    painter.setPen(QPen(grid, 1.0))
    for value in ticks[1:]:
        painter.drawLine(QPointF(x_of(value), plot.top()), QPointF(x_of(value), plot.bottom()))
    painter.setFont(font)
    for row, (name, units, colour) in enumerate(rows):
        centre = plot.top() + step * (row + 0.5)
        painter.setPen(QColor(TEXT_COLOUR))
        painter.drawText(
            QRectF(rect.left(), centre - step / 2, label_width - 10, step),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            _elided(metrics, name, label_width - 10),
        )
        bar = QRectF(plot.left(), centre - bar_height / 2, x_of(units) - plot.left(), bar_height)
        _fill_swatch(painter, bar, colour)
        painter.setFont(bold)
        text = f"{units:,}"
        text_width = QFontMetricsF(bold).horizontalAdvance(text) + 4
        line_x = x_of(figure.needed)
        outside = QRectF(bar.right() + 6, centre - step / 2, text_width, step)
        if outside.left() - 4 < line_x < outside.right() + 4 and bar.width() > text_width + 12:
            # Beside the bar it would cross the line to pass: inside the bar's end instead.
            painter.setPen(QColor(TEXT_COLOUR if colour == OPEN else _readable_on(colour)))
            outside = QRectF(bar.right() - text_width - 6, centre - step / 2, text_width, step)
        else:
            painter.setPen(QColor(TEXT_COLOUR))
        painter.drawText(outside, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        painter.setFont(font)
    # The axis at 0 and the line to pass.
    painter.setPen(QPen(QColor(AXIS_COLOUR), 1.2))
    painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
    line_x = x_of(figure.needed)
    pen = QPen(QColor(LINE_COLOUR), max(1.5, text_px / 8))
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawLine(QPointF(line_x, plot.top() - metrics.height() * 0.3), QPointF(line_x, plot.bottom()))
    painter.setPen(QColor(TEXT_COLOUR))
    label = figure.line_label
    label_w = metrics.horizontalAdvance(label) + 4
    left = min(max(line_x - label_w / 2, rect.left()), rect.right() - label_w)
    painter.drawText(QRectF(left, rect.top(), label_w, top_band * 0.8), int(Qt.AlignmentFlag.AlignCenter), label)
    # The scale's labels under their marks, then what it counts, centred under the plot and
    # not at its right end, where it would read as the scale's end.
    painter.setPen(QColor(MUTED_TEXT))
    tick_top = plot.bottom() + 4
    for value in ticks:
        text = f"{value:,}"
        width = metrics.horizontalAdvance(text) + 4
        painter.drawText(
            QRectF(x_of(value) - width / 2, tick_top, width, metrics.height()),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text,
        )
    unit = figure.unit[0].upper() + figure.unit[1:]
    caption = f"{unit} won, of {figure.units_text(figure.total)} in all"
    painter.drawText(
        QRectF(plot.left(), tick_top + metrics.height() * 1.2, plot.width(), metrics.height() * 1.2),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), _elided(metrics, caption, plot.width()),
    )


def _fill_swatch(painter: QPainter, box: QRectF, colour: str) -> None:
    """A bar or legend swatch: filled in ``colour``, or open (outlined) for seats not decided."""
    if colour == OPEN:
        painter.setPen(QPen(QColor(UNDECIDED_COLOUR), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box.adjusted(0.75, 0.75, -0.75, -0.75))
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(colour)))
        painter.drawRect(box)


def _legend_spacing(metrics: QFontMetricsF) -> tuple[float, float]:
    """The parliament legend's swatch size and the gap between its entries."""
    return metrics.height() * 0.8, metrics.height() * 1.2


def _legend_rows(figure: SeatsFigure, width: float, metrics: QFontMetricsF) -> list[list[tuple[str, str, float]]]:
    """The legend's entries (text, colour, width) wrapped into rows ``width`` wide."""
    entries = [(f"{bar.name} {bar.units:,}", bar.colour) for bar in figure.bars]
    if figure.undecided:
        entries.append((f"Not decided {figure.undecided:,}", OPEN))
    swatch, gap = _legend_spacing(metrics)
    rows: list[list[tuple[str, str, float]]] = [[]]
    line_width = 0.0
    for text, colour in entries:
        entry_width = swatch + 6 + metrics.horizontalAdvance(text)
        if rows[-1] and line_width + entry_width > width:
            rows.append([])
            line_width = 0.0
        rows[-1].append((text, colour, entry_width))
        line_width += entry_width + gap
    return rows


def _with_fewer_bars(figure: SeatsFigure, kept: int) -> SeatsFigure:
    """The figure with its bars after the first ``kept`` summed into one grey bar that says
    how many it holds: their seats are drawn in its grey, as the legend says."""
    rest = figure.bars[kept:]
    more = SeatBar(f"{len(rest)} more", sum(bar.units for bar in rest), sum(bar.votes for bar in rest), OTHER_COLOUR)
    return replace(figure, bars=(*figure.bars[:kept], more))


def _paint_parliament(painter: QPainter, rect: QRectF, figure: SeatsFigure, text_px: float) -> None:
    font = print_font(text_px)
    metrics = QFontMetricsF(font)
    big = QFontMetricsF(print_font(text_px * 1.5, bold=True))
    centre_text = metrics.height() * 2.6
    # The half-circle keeps room for its "650 seats": where the legend's rows would leave it
    # less (the window with a dock open), the smallest parties share one grey entry.
    smallest_radius = max(big.horizontalAdvance(figure.units_text(figure.total)) / 2 + 8, metrics.height() * 3)
    legend_rows = max(int((rect.height() - centre_text - smallest_radius - 6 - metrics.height() * 0.5)
                          // (metrics.height() * 1.5)), 1)
    rows = _legend_rows(figure, rect.width(), metrics)
    kept = len(figure.bars)
    while len(rows) > legend_rows and kept > 1:
        kept -= 1
        rows = _legend_rows(_with_fewer_bars(figure, kept), rect.width(), metrics)
    if kept < len(figure.bars):
        figure = _with_fewer_bars(figure, kept)
    swatch, gap = _legend_spacing(metrics)
    legend_height = len(rows) * metrics.height() * 1.5 + metrics.height() * 0.5
    room = QRectF(rect.left(), rect.top(), rect.width(), rect.height() - legend_height - centre_text)
    radius = max(min(room.width() / 2, room.height()) - 4, 10.0)
    centre = QPointF(room.center().x(), room.top() + radius + 2)
    seat_r = figure.seat_radius() * radius
    for seat in figure.seats():
        point = QPointF(centre.x() + seat.x * radius, centre.y() - seat.y * radius)
        if seat.bar < 0:
            painter.setPen(QPen(QColor(UNDECIDED_COLOUR), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(figure.bars[seat.bar].colour)))
        painter.drawEllipse(point, seat_r, seat_r)
    # The majority: a dashed line up the middle, where the seat that makes it sits.
    pen = QPen(QColor(LINE_COLOUR), max(1.5, text_px / 8))
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawLine(QPointF(centre.x(), centre.y() - radius * 0.36), QPointF(centre.x(), centre.y() - radius * 1.02))
    painter.setPen(QColor(TEXT_COLOUR))
    # The texts in the half-circle's width, smaller where it is small, never cut.
    seats_text = figure.units_text(figure.total)
    big_px = text_px * 1.5 * min(1.0, (2 * radius - 8) / max(big.horizontalAdvance(seats_text), 1.0))
    big = QFontMetricsF(print_font(big_px, bold=True))
    painter.setFont(print_font(big_px, bold=True))
    painter.drawText(
        QRectF(centre.x() - radius, centre.y() - big.height() * 1.1, 2 * radius, big.height()),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), seats_text,
    )
    line_px = text_px * min(1.0, (2 * radius - 8) / max(metrics.horizontalAdvance(figure.line_label), 1.0))
    painter.setFont(print_font(line_px))
    painter.drawText(
        QRectF(centre.x() - radius, centre.y() + 2, 2 * radius, metrics.height() * 1.3),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), figure.line_label,
    )
    painter.setFont(font)
    y = centre.y() + centre_text
    for row in rows:
        total = sum(width for _, _, width in row) + gap * (len(row) - 1)
        x = rect.center().x() - total / 2
        for text, colour, width in row:
            _fill_swatch(painter, QRectF(x, y + (metrics.height() - swatch) / 2, swatch, swatch), colour)
            painter.setPen(QColor(TEXT_COLOUR))
            painter.drawText(QRectF(x + swatch + 6, y, width, metrics.height()), int(Qt.AlignmentFlag.AlignLeft), text)
            x += width + gap
        y += metrics.height() * 1.5


class SeatsChart(QWidget):
    """The seats bars, the parliament diagram or the electoral-votes bars, on screen."""

    def __init__(self, kind: ChartKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._figure: SeatsFigure | None = None
        self._note = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#ffffff"))
        self.setPalette(palette)

    def set_figure(self, figure: SeatsFigure | None, note: str = "") -> None:
        """Draw ``figure``, with ``note`` (what the figure leaves out) in small type under it."""
        self._figure = figure
        self._note = note
        self.update()

    def note(self) -> str:
        return self._note

    def figure(self) -> SeatsFigure | None:
        return self._figure

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, 480)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if self._figure is None:
            return
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("#ffffff"))
            margin = 16.0
            text_px = max(12.0, min(16.0, self.width() / 50))
            area = QRectF(margin, margin, self.width() - 2 * margin, self.height() - 2 * margin)
            if self._note:
                font = print_font(text_px * 0.85)
                flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap)
                height = QFontMetricsF(font).boundingRect(QRectF(0, 0, area.width(), 10_000), flags, self._note).height()
                painter.setFont(font)
                painter.setPen(QColor(MUTED_TEXT))
                painter.drawText(QRectF(area.left(), area.bottom() - height, area.width(), height), flags, self._note)
                area.setBottom(area.bottom() - height - 8)
            paint_seats(painter, area, self._figure, self.kind, text_px=text_px)
        finally:
            painter.end()


__all__ = ["MAX_BARS", "SeatsChart", "paint_seats"]
