"""Drawing rounds with QPainter: one round's bars, small multiples, and the transfers flow.

Plain QPainter on any device, so the window (a widget's paintEvent), PNG (QImage), SVG
(QSvgGenerator) and PDF (QPdfWriter) draw the same picture with real text. The figures
come from the core's :class:`~resultsviewer.core.rounds.RoundResult`; nothing is computed
here but positions.

- :func:`paint_round`: the continuing candidates' votes in one round as horizontal bars,
  the threshold to win as a dashed line, the candidates eliminated at the end of the round
  drawn pale and tagged, the elected tagged, the inactive ballots as their own grey bar,
  and who went out in earlier rounds in grey below.
- :func:`paint_transfers`: a flow (Sankey) diagram: one column per round, each candidate a
  block as tall as their votes, ribbons (QPainterPath) carrying every candidate's votes
  into the next round and each eliminated candidate's ballots to where they went, the
  inactive ballots as their own stream at the bottom.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from resultsviewer.core.contest import Contest
from resultsviewer.core.palette import DEFAULT_PALETTE
from resultsviewer.core.parties import display_colours
from resultsviewer.core.rounds import EXHAUSTED, Round, RoundResult, format_votes

from .chart import MUTED_TEXT, TEXT_COLOUR, print_font
from .text_lines import balanced_lines

#: Candidates beyond the palette's leaders share this colour.
MINOR_COLOUR = "#8da0b3"
#: Ballots no longer counting.
INACTIVE_COLOUR = "#b5b5b5"
#: Candidates out in an earlier round.
ELIMINATED_TEXT = "#8a8a8a"
THRESHOLD_COLOUR = "#333333"
#: How many leading candidates get a colour of their own.
COLOURED = 8
#: Rows thinner than this are not drawn one per candidate: the smaller ones are grouped.
MIN_ROW_PX = 9.0


def candidate_order(result: RoundResult) -> list[str]:
    """Everyone, the winner first: by the last round reached, then the votes they had there."""
    last_round = {name: max((r.number for r in result.rounds if name in r.tally), default=0) for name in result.candidates}

    def key(name: str) -> tuple[int, Decimal]:
        reached = last_round[name]
        votes = result.rounds[reached - 1].tally.get(name, Decimal(0)) if reached else Decimal(0)
        return (-reached, -votes)

    return sorted(result.candidates, key=key)


def round_colours(result: RoundResult, own: Mapping[str, str] | None = None) -> dict[str, str]:
    """A colour per candidate: ``own`` (the contest's, see :func:`contest_colours`) where
    given; else the palette for the leading ones and one shared muted colour for the rest."""
    colours = {}
    for place, name in enumerate(candidate_order(result)):
        chosen = (own or {}).get(name)
        colours[name] = chosen or (DEFAULT_PALETTE[place] if place < COLOURED else MINOR_COLOUR)
    return colours


def contest_colours(contest: Contest) -> dict[str, str]:
    """Each candidate's colour as the main chart draws it (their own, their party's, or
    the palette's in file order): one colour per candidate everywhere."""
    return dict(zip((c.name for c in contest.candidates), display_colours(contest, DEFAULT_PALETTE)))


def _faded(colour: str, alpha: float) -> QColor:
    c = QColor(colour)
    c.setAlphaF(alpha)
    return c


def _elide(text: str, metrics: QFontMetricsF, width: float) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 10.0))


def _largest_row(text_px: float) -> float:
    """A round's rows grow with the room they have, up to this (a bar a little over twice the text)."""
    return text_px * 4.0


def _threshold_band(round_: Round, text_px: float) -> float:
    """The strip above the bars for the threshold's label (none without a threshold)."""
    return QFontMetricsF(print_font(text_px * 0.8)).height() * 1.1 if round_.threshold is not None else 0.0


def _caption_fonts(text_px: float) -> tuple[QFont, QFont]:
    """The round's name (bold) and its ballots (smaller)."""
    return print_font(text_px * 1.1, bold=True), print_font(text_px * 0.9)


def caption_lines(result: RoundResult, number: int, text_px: float, width: float | None) -> list[list[tuple[str, QFont]]]:
    """A round's header as lines of (text, font) runs: "Round 1 of 33" then its ballots on
    one line where it fits ``width``; else the ballots on the lines under it, broken between
    words. Never cut short: a small multiple's "150 in…" said nothing of 150 inactive ballots."""
    title, details = result.round_caption(number)
    bold, small = _caption_fonts(text_px)
    small_metrics = QFontMetricsF(small)
    one_line = QFontMetricsF(bold).horizontalAdvance(title) + text_px + small_metrics.horizontalAdvance(details)
    if width is None or one_line <= width:
        return [[(title, bold), (details, small)]]
    return [[(title, bold)], *([(line, small)] for line in balanced_lines(details, small_metrics, width))]


def _caption_height(lines: list[list[tuple[str, QFont]]], text_px: float) -> float:
    bold, small = _caption_fonts(text_px)
    bold_metrics, small_metrics = QFontMetricsF(bold), QFontMetricsF(small)
    under = bold_metrics.descent() + small_metrics.ascent() - small_metrics.height() if len(lines) > 1 else 0.0
    return bold_metrics.height() * 1.4 + small_metrics.height() * (len(lines) - 1) + under


def _rows_top(result: RoundResult, number: int, text_px: float, caption: bool, width: float | None = None) -> float:
    """From the top of a round's rectangle to its first row: the caption and the threshold's label."""
    caption_height = _caption_height(caption_lines(result, number, text_px, width), text_px) if caption else 0.0
    return caption_height + _threshold_band(result.round(number), text_px)


def _note_height(any_gone: bool, text_px: float) -> float:
    """The line under the bars naming those out before the round."""
    return text_px * 1.5 if any_gone else 0.0


def round_height(result: RoundResult, number: int, *, text_px: float = 16.0, caption: bool = True,
                 width: float | None = None) -> float:
    """The height :func:`paint_round` draws every row of round ``number`` in at its largest
    (``width``: the figure's, for a header that wraps): a figure of a few candidates need
    not be taller than this."""
    round_ = result.round(number)
    rows = len(round_.tally) + 1  # and the inactive ballots
    any_gone = any(name not in round_.tally for name in candidate_order(result))
    return _rows_top(result, number, text_px, caption, width) + rows * _largest_row(text_px) + _note_height(any_gone, text_px)


@dataclass(frozen=True)
class DrawnText:
    """A text as :func:`paint_round` drew it: ``kind`` is ``caption``, ``name``, ``value``,
    ``threshold`` or ``note``; ``rect`` is the box Qt reports for the drawn text."""

    kind: str
    text: str
    rect: QRectF


@dataclass
class RoundDrawing:
    """What :func:`paint_round` drew where: its texts and the threshold's line."""

    texts: list[DrawnText] = field(default_factory=list)
    threshold_line: QLineF | None = None

    def of_kind(self, kind: str) -> list[DrawnText]:
        return [text for text in self.texts if text.kind == kind]

    def caption(self) -> str:
        """The header as drawn, its lines joined by spaces."""
        return " ".join(text.text for text in self.of_kind("caption"))


def _crosses(bar_end: float, width: float, line_x: float | None, gap: float) -> bool:
    """True when the threshold's line at ``line_x`` would run through (or touch) the value
    label drawn after a bar ending at ``bar_end``."""
    left = bar_end + gap
    return line_x is not None and left - gap * 0.5 <= line_x <= left + width + gap * 0.5


def _value_left(bar_end: float, line_x: float | None, gap: float, past_line: bool) -> float:
    """Where a bar's value label starts: just after the bar's end; or, in a round where the
    line would run through a label ("24,942 39.1%" struck), past the line with the same gap
    for every bar that ends before it, so that those labels make one column."""
    if past_line and line_x is not None and bar_end < line_x:
        return line_x + gap
    return bar_end + gap


def paint_round(painter: QPainter, rect: QRectF, result: RoundResult, number: int,
                colours: Mapping[str, str] | None = None, *, text_px: float = 16.0, caption: bool = True) -> RoundDrawing:
    """One round as horizontal bars in ``rect`` (logical pixels); returns where its texts went."""
    colours = colours or round_colours(result)
    drawing = RoundDrawing()
    round_ = result.round(number)
    active = round_.active
    rows = [name for name, _ in round_.ranking()]
    gone = [name for name in candidate_order(result) if name not in round_.tally]
    others: list[str] = []  # continuing candidates drawn as one bar when the rows do not fit
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    top = rect.top()
    if caption:
        lines = caption_lines(result, number, text_px, rect.width())
        bold, small_caption = _caption_fonts(text_px)
        y = top + QFontMetricsF(bold).ascent()
        for index, line in enumerate(lines):
            x = rect.left()
            for text, font in line:
                painter.setFont(font)
                painter.setPen(QColor(TEXT_COLOUR if font.bold() else MUTED_TEXT))
                metrics = QFontMetricsF(font)
                box = QRectF(x, y - metrics.ascent(), metrics.horizontalAdvance(text), metrics.height())
                painter.drawText(QPointF(x, y), text)
                drawing.texts.append(DrawnText("caption", text, box))
                x += metrics.horizontalAdvance(text) + text_px
            # The next line's text starts under this one's descent.
            y += (QFontMetricsF(bold).descent() + QFontMetricsF(small_caption).ascent()) if index == 0 else QFontMetricsF(small_caption).height()
    threshold_font = print_font(text_px * 0.8)
    threshold_band = _threshold_band(round_, text_px)
    top += _rows_top(result, number, text_px, caption, rect.width())
    available = rect.bottom() - top - _note_height(bool(gone), text_px)
    fits = max(int(available // MIN_ROW_PX), 3)
    if len(rows) + 1 > fits:
        # Too many to read: the leaders and those going out now stay, the rest become one bar.
        keep_out = [name for name in rows if name in round_.eliminated or name in round_.elected]
        room = max(fits - 2 - len(keep_out), 1)
        leaders = [name for name in rows if name not in keep_out][:room]
        others = [name for name in rows if name not in leaders and name not in keep_out]
        rows = [name for name in rows if name in leaders or name in keep_out]
    count = len(rows) + 1 + (1 if others else 0)  # and the inactive ballots
    others_label = f"{len(others)} other candidates" if others else ""
    others_votes = sum((round_.tally[name] for name in others), Decimal(0))
    row_height = max(min(available / count, _largest_row(text_px)), 4.0)
    # Type fits the rows and the width (names and values must leave room for the bars).
    font_px = max(min(text_px, row_height * 0.72, rect.width() / 32), 5.0)
    font = print_font(font_px)
    bold = print_font(font_px, bold=True)
    metrics = QFontMetricsF(font)
    bold_metrics = QFontMetricsF(bold)
    label_width = min(max(((bold_metrics if n in round_.elected else metrics).horizontalAdvance(n)
                           for n in [*rows, others_label, "Inactive ballots"]), default=0) + font_px,
                      rect.width() * 0.34)
    value_texts = {}
    for name in rows:
        votes = round_.tally[name]
        text = format_votes(votes) + (f"  {votes / active * 100:.1f}%" if active else "")
        if name in round_.elected:
            text += "  elected"
        elif name in round_.eliminated:
            text += "  eliminated" + (" (tie-break)" if name in round_.tie_broken else "")
        value_texts[name] = text
    value_texts["Inactive ballots"] = format_votes(round_.exhausted)
    if others:
        value_texts[others_label] = format_votes(others_votes) + (f"  {others_votes / active * 100:.1f}%" if active else "")
    gap = font_px * 0.4
    # Room right of the bars for the widest value, and for the gap a label moved past the
    # threshold's line keeps from it.
    value_width = max(QFontMetricsF(bold).horizontalAdvance(t) for t in value_texts.values()) + font_px + gap
    bar_left = rect.left() + label_width
    bar_width = max(rect.right() - value_width - bar_left, 20.0)
    largest = max([*round_.tally.values(), round_.exhausted, round_.threshold or Decimal(0), Decimal(1)])
    scale = bar_width / float(largest)
    line_x = bar_left + float(round_.threshold) * scale if round_.threshold is not None else None
    drawn_rows = [*rows, *([others_label] if others else []), "Inactive ballots"]

    def votes_of(name: str) -> Decimal:
        return round_.exhausted if name == "Inactive ballots" else others_votes if others and name == others_label else round_.tally[name]

    past_line = any(
        _crosses(bar_left + float(votes_of(name)) * scale,
                 (bold_metrics if name in round_.elected else metrics).horizontalAdvance(value_texts[name]), line_x, gap)
        for name in drawn_rows
    )
    y = top
    for name in drawn_rows:
        inactive = name == "Inactive ballots"
        grouped = bool(others) and name == others_label
        votes = votes_of(name)
        out = name in round_.eliminated
        colour = INACTIVE_COLOUR if inactive else MINOR_COLOUR if grouped else colours.get(name, MINOR_COLOUR)
        bar = QRectF(bar_left, y + row_height * 0.14, float(votes) * scale, row_height * 0.72)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(_faded(colour, 0.38) if out else QColor(colour)))
        painter.drawRect(bar)
        if out:
            painter.setPen(QPen(QColor(colour), 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(bar)
        text_metrics = bold_metrics if name in round_.elected else metrics
        painter.setFont(bold if name in round_.elected else font)
        painter.setPen(QColor(MUTED_TEXT if inactive or out else TEXT_COLOUR))
        label_rect = QRectF(rect.left(), y, label_width - font_px * 0.5, row_height)
        shown = _elide(name, text_metrics, label_rect.width())
        drawn = painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), shown)
        drawing.texts.append(DrawnText("name", shown, drawn))
        value = value_texts[name]
        left = _value_left(bar.right(), line_x, gap, past_line)
        drawn = painter.drawText(QRectF(left, y, max(rect.right() - left, 1.0), row_height),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), value)
        drawing.texts.append(DrawnText("value", value, drawn))
        y += row_height
    if round_.threshold is not None and line_x is not None:
        pen = QPen(QColor(THRESHOLD_COLOUR), max(font_px / 9, 1.0), Qt.PenStyle.DashLine)
        painter.setPen(pen)
        bars = len(rows) + (1 if others else 0) + 1
        line = QLineF(line_x, top - threshold_band * 0.2, line_x, top + row_height * bars)
        painter.drawLine(line)
        drawing.threshold_line = line
        painter.setFont(threshold_font)
        label = f"threshold {format_votes(round_.threshold)}"
        small = QFontMetricsF(threshold_font)
        width = small.horizontalAdvance(label)
        # Right of the line when it fits, else ending at it: in the band above the bars,
        # clear of the line and of every value label.
        lx = line_x + text_px * 0.3 if line_x + text_px * 0.3 + width <= rect.right() else line_x - text_px * 0.3 - width
        baseline = top - threshold_band + small.ascent()
        painter.drawText(QPointF(lx, baseline), label)
        drawing.texts.append(DrawnText("threshold", label, QRectF(lx, baseline - small.ascent(), width, small.height())))
    if gone:
        painter.setFont(print_font(text_px * 0.85))
        painter.setPen(QColor(ELIMINATED_TEXT))
        names = ", ".join(gone)
        text = f"Out before round {number} ({len(gone)}): {names}"
        small = QFontMetricsF(print_font(text_px * 0.85))
        shown = _elide(text, small, rect.width())
        baseline = rect.bottom() - small.descent()
        painter.drawText(QPointF(rect.left(), baseline), shown)
        drawing.texts.append(DrawnText("note", shown, QRectF(rect.left(), baseline - small.ascent(), small.horizontalAdvance(shown), small.height())))
    painter.restore()
    return drawing


def small_multiples_grid(count: int, rect: QRectF) -> tuple[int, int]:
    """Columns and rows for ``count`` panels in ``rect``, panels about 4:3."""
    best = (1, count)
    best_score = -1.0
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        w, h = rect.width() / columns, rect.height() / rows
        score = min(w / 4, h / 3)
        if score > best_score:
            best, best_score = (columns, rows), score
    return best


def paint_small_multiples(painter: QPainter, rect: QRectF, result: RoundResult,
                          colours: Mapping[str, str] | None = None, *, text_px: float = 14.0) -> list[RoundDrawing]:
    """One small panel per round, in reading order; returns what each panel drew where."""
    colours = colours or round_colours(result)
    columns, rows = small_multiples_grid(len(result.rounds), rect)
    w, h = rect.width() / columns, rect.height() / rows
    panel_text = max(min(text_px, h / 14, w / 26), 6.0)
    drawings = []
    for index, round_ in enumerate(result.rounds):
        column, row = index % columns, index // columns
        panel = QRectF(rect.left() + column * w, rect.top() + row * h, w, h).adjusted(panel_text * 0.6, panel_text * 0.4, -panel_text * 0.6, -panel_text * 0.8)
        drawings.append(paint_round(painter, panel, result, round_.number, colours, text_px=panel_text))
    return drawings


def paint_transfers(painter: QPainter, rect: QRectF, result: RoundResult,
                    colours: Mapping[str, str] | None = None, *, text_px: float = 15.0) -> None:
    """The flow of votes from round to round (a Sankey diagram) in ``rect``."""
    colours = colours or round_colours(result)
    order = candidate_order(result)
    rounds = result.rounds
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    font = print_font(text_px)
    metrics = QFontMetricsF(font)
    total = max(float(r.active + r.exhausted) for r in rounds) or 1.0
    gap = max(text_px * 0.18, 1.5)
    nodes_per_column = max(len(r.tally) + 1 for r in rounds)
    header = metrics.height() * 1.3
    first, final = rounds[0], rounds[-1]
    small_font = print_font(text_px * 0.85)
    small = QFontMetricsF(small_font)
    # Labels: names of the blocks tall enough for a line of text, left and right. The
    # first round's others are named in a key under the diagram, each by its colour: a
    # block no one can name tells the reader nothing.
    key_height = 0.0
    for _ in range(2):  # with the key's room taken, a block may no longer have room for its name
        usable = rect.height() - header - key_height - gap * (nodes_per_column - 1)
        unit = max(usable, 10.0) / total
        left_labels = [n for n in order if n in first.tally and float(first.tally[n]) * unit >= metrics.height() * 0.9]
        unnamed = [n for n in order if n in first.tally and n not in left_labels]
        if not unnamed or key_height:
            break
        key_height = small.height() * 1.6
    right_labels = [n for n in order if n in final.tally]
    label_left = min(max((metrics.horizontalAdvance(n) for n in left_labels), default=0) + text_px, rect.width() * 0.22)
    right_texts = {n: f"{n}  {format_votes(final.tally[n])}" for n in right_labels}
    right_texts[EXHAUSTED] = f"Inactive  {format_votes(final.exhausted)}"
    bold_metrics = QFontMetricsF(print_font(text_px, bold=True))
    label_right = min(
        max((bold_metrics if n in result.winners else metrics).horizontalAdvance(t) for n, t in right_texts.items()) + text_px,
        rect.width() * 0.3,
    )
    columns = len(rounds)
    node_width = max(min(text_px * 0.8, (rect.width() - label_left - label_right) / max(columns * 2.2, 1)), 3.0)
    span = rect.width() - label_left - label_right - node_width
    step = span / max(columns - 1, 1)
    xs = [rect.left() + label_left + i * step for i in range(columns)]
    top = rect.top() + header

    # Blocks: (round index, name) -> (y top, height); EXHAUSTED is the inactive stream.
    blocks: dict[tuple[int, str], tuple[float, float]] = {}
    for i, round_ in enumerate(rounds):
        y = top
        for name in order:
            if name in round_.tally:
                height = float(round_.tally[name]) * unit
                blocks[(i, name)] = (y, height)
                y += height + gap
        blocks[(i, EXHAUSTED)] = (y, float(round_.exhausted) * unit)

    def colour_of(name: str) -> str:
        return INACTIVE_COLOUR if name == EXHAUSTED else colours.get(name, MINOR_COLOUR)

    def ribbon(x0: float, y0: float, x1: float, y1: float, height: float, colour: QColor) -> None:
        if height <= 0:
            return
        middle = (x0 + x1) / 2
        path = QPainterPath(QPointF(x0, y0))
        path.cubicTo(QPointF(middle, y0), QPointF(middle, y1), QPointF(x1, y1))
        path.lineTo(QPointF(x1, y1 + height))
        path.cubicTo(QPointF(middle, y1 + height), QPointF(middle, y0 + height), QPointF(x0, y0 + height))
        path.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPath(path)

    for i in range(columns - 1):
        now, after = rounds[i], rounds[i + 1]
        # Where the next blocks fill from: their votes carried over first, then what they gain.
        filled = {name: blocks[(i + 1, name)][0] for name in [*after.tally, EXHAUSTED]}
        x0, x1 = xs[i] + node_width, xs[i + 1]
        for name in [*order, EXHAUSTED]:
            if name == EXHAUSTED or (name in now.tally and name in after.tally):
                y0, height = blocks[(i, name)]
                carried = float(now.exhausted if name == EXHAUSTED else now.tally[name]) * unit
                ribbon(x0, y0, x1, filled[name], carried, _faded(colour_of(name), 0.22))
                filled[name] += carried
        for source in [n for n in order if n in now.eliminated]:
            y0, _ = blocks[(i, source)]
            for target, votes in sorted(now.transfers.get(source, {}).items(),
                                        key=lambda item: [*order, EXHAUSTED].index(item[0]) if item[0] in order or item[0] == EXHAUSTED else 10**6):
                if target not in filled:
                    continue
                height = float(votes) * unit
                ribbon(x0, y0, x1, filled[target], height, _faded(colour_of(source), 0.55))
                y0 += height
                filled[target] += height
    # Blocks over the ribbons.
    for (i, name), (y, height) in blocks.items():
        if height <= 0:
            continue
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour_of(name)))
        painter.drawRect(QRectF(xs[i], y, node_width, max(height, 0.6)))
    # Round numbers above the columns, thinned out when crowded.
    painter.setFont(small_font)
    painter.setPen(QColor(MUTED_TEXT))
    every = max(1, math.ceil(small.horizontalAdvance("R33") * 1.6 / max(step, 1.0)))
    for i, x in enumerate(xs):
        if i % every == 0 or i == columns - 1:
            text = f"R{rounds[i].number}" if columns > 6 else f"Round {rounds[i].number}"
            painter.drawText(QPointF(x + node_width / 2 - small.horizontalAdvance(text) / 2, rect.top() + small.ascent()), text)
    painter.setFont(font)
    painter.setPen(QColor(TEXT_COLOUR))
    for name in left_labels:
        y, height = blocks[(0, name)]
        painter.drawText(QRectF(rect.left(), y, label_left - text_px * 0.4, height),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), _elide(name, metrics, label_left - text_px * 0.4))
    last = columns - 1
    for name, text in right_texts.items():
        y, height = blocks[(last, name)]
        if name == EXHAUSTED and height < 1:
            continue
        painter.setFont(print_font(text_px, bold=name in result.winners))
        painter.setPen(QColor(MUTED_TEXT if name == EXHAUSTED else TEXT_COLOUR))
        room = rect.right() - (xs[last] + node_width + text_px * 0.4)
        shown = _elide(text, bold_metrics if name in result.winners else metrics, room)
        painter.drawText(QRectF(xs[last] + node_width + text_px * 0.4, y + height / 2 - metrics.height() / 2, room, metrics.height()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
    if unnamed:
        _paint_key(painter, QRectF(rect.left(), rect.bottom() - small.height() * 1.2, rect.width(), small.height()),
                   f"Too small to label in round {first.number}:",
                   [(name, colour_of(name), f"{name} {format_votes(first.tally[name])}") for name in unnamed], small_font)
    painter.restore()


def _paint_key(painter: QPainter, rect: QRectF, heading: str, entries: list[tuple[str, str, str]], font: QFont) -> None:
    """One line: ``heading``, then a swatch of each entry's colour before its text; the
    entries that do not fit are counted ("and 12 more"), never cut."""
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    swatch = metrics.ascent() * 0.8
    spacing = metrics.horizontalAdvance("  ")
    baseline = rect.top() + metrics.ascent()
    painter.setPen(QColor(MUTED_TEXT))
    painter.drawText(QPointF(rect.left(), baseline), heading)
    x = rect.left() + metrics.horizontalAdvance(heading) + spacing
    for index, (_, colour, text) in enumerate(entries):
        left = len(entries) - index - 1
        rest = f"and {left:,} more" if left else ""
        width = swatch + spacing / 2 + metrics.horizontalAdvance(text)
        # Room for this entry, and for saying how many are left after it.
        if x + width + (spacing + metrics.horizontalAdvance(rest) if rest else 0.0) > rect.right():
            painter.setPen(QColor(MUTED_TEXT))
            painter.drawText(QPointF(x, baseline), f"and {len(entries) - index:,} more")
            break
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRect(QRectF(x, baseline - swatch, swatch, swatch))
        x += swatch + spacing / 2
        painter.setPen(QColor(TEXT_COLOUR))
        painter.drawText(QPointF(x, baseline), text)
        x += metrics.horizontalAdvance(text) + spacing


__all__ = [
    "DrawnText",
    "RoundDrawing",
    "caption_lines",
    "candidate_order",
    "paint_round",
    "paint_small_multiples",
    "paint_transfers",
    "contest_colours",
    "round_colours",
    "small_multiples_grid",
]
