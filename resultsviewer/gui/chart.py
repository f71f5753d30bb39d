"""The results bar chart: an Overall group and one group per shown category.

One :class:`pyqtgraph.BarGraphItem` per candidate holds that candidate's bar in every
group, so a count change costs a few ``setOpts`` calls on arrays of at most 13 values,
whatever the size of the contest: the items are kept and their heights changed in place,
never cleared and re-added. Which categories are shown, the series, their colours and values come
from :mod:`resultsviewer.core.view_data`; this module only draws them.

The same widget draws the window's chart (light theme) and the exported figure
(``print_theme=True``: no interaction, sizes in pixels so the export looks the same on
every screen).
"""

from __future__ import annotations

import math
import os
import weakref
from collections.abc import Callable, Sequence
from typing import Any

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QPointF, QRectF, Qt, Signal  # noqa: E402
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetricsF, QImage, QPainter, QPen, QStaticText, QTransform  # noqa: E402
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QToolTip, QVBoxLayout, QWidget  # noqa: E402

from resultsviewer.core.compare import Changes  # noqa: E402
from resultsviewer.core.contest import (  # noqa: E402
    AT_LEAST_SIGN,
    WITHHELD_SIGN,
    Axis,
    Contest,
    ContestEvent,
    CountChanged,
    CountsChanged,
    ItemChanged,
    PropertyChanged,
    StructureChange,
)
from resultsviewer.core.palette import OTHER_COLOUR  # noqa: E402
from resultsviewer.core.tally import UNDEFINED_SHARE, signed_points  # noqa: E402
from resultsviewer.core.view_data import (  # noqa: E402
    MAX_GROUPS,
    ChartMode,
    Series,
    category_share,
    chart_series,
    first_group_category,
    group_lower_bounds,
    group_shares_defined,
    group_values,
    overall_label,
    overall_shares,
    series_colours,
    shown_categories,
    shown_note,
)

__all__ = ["MAX_GROUPS", "ChartMode", "ResultsChart"]

BACKGROUND = "#ffffff"
AXIS_COLOUR = "#555555"
#: The grid's opacity (of 255) over the axis colour: a faint guide, not a line to read.
_GRID_ALPHA = 28
TEXT_COLOUR = "#222222"
MUTED_TEXT = "#555555"
OVERALL_BAND = "#eef1f5"
#: The line across a bar at its figure in the baseline (the election before).
BASELINE_MARK = "#222222"
FIFTY_LINE = "#666666"
#: The dashed outline of a bar whose value holds a withheld count (a lower bound).
WITHHELD_OUTLINE = "#1a1a1a"

#: Where the Overall group sits and how far the first category group starts after it:
#: the extra gap sets the Overall group apart.
_OVERALL_X = 0.0
_FIRST_CATEGORY_X = 1.35
_GROUP_SPAN = 0.84
_STACK_WIDTH = 0.56


def print_font(pixels: float, *, bold: bool = False) -> QFont:
    """The app's font at a size in pixels, without ligatures.

    A ligature (``ffi`` drawn as one glyph) would reach a PDF as one character, and a
    reader searching or copying "Affiliated" would not find it.
    """
    font = QFont()
    font.setPixelSize(max(int(round(pixels)), 6))
    font.setBold(bold)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def _restyle(label: pg.TextItem, anchor: tuple[float, float], colour: str) -> None:
    """Set a label's anchor and colour where they change: either lays out or repaints its text."""
    if (label.anchor.x(), label.anchor.y()) != anchor:
        label.setAnchor(anchor)
    if label.color.name() != QColor(colour).name():
        label.setColor(colour)


def _compact_count(value: float) -> str:
    """``168k``, ``1.2M``: a count short enough for a narrow bar."""
    if value >= 9_950_000:
        return f"{value / 1e6:.0f}M"
    if value >= 995_000:
        return f"{value / 1e6:.1f}M"
    if value >= 9_950:
        return f"{value / 1e3:.0f}k"
    if value >= 1_000:
        return f"{value / 1e3:.1f}k"
    return f"{value:.0f}"


def _readable_on(colour: str) -> str:
    """Dark or white text, whichever reads better on ``colour``."""
    c = QColor(colour)
    luminance = 0.2126 * c.redF() ** 2.2 + 0.7152 * c.greenF() ** 2.2 + 0.0722 * c.blueF() ** 2.2
    return TEXT_COLOUR if luminance > 0.22 else "#ffffff"


class _ValueAxis(pg.AxisItem):
    """The left axis: ``250,000`` in counts, ``50%`` in shares (never SI prefixes)."""

    def __init__(self) -> None:
        super().__init__("left")
        self.percent = False
        self.enableAutoSIPrefix(False)

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802, N803 (pyqtgraph API)
        # Major ticks only: the grid then draws a few lines rather than dozens, which is
        # cleaner in print and cuts a chart repaint (what every edit costs) from ~5 to ~2 ms.
        if self.percent:
            # Quarters: the 50% that decides a two-way contest is always a labelled line.
            return [(25.0, [value for value in (0.0, 25.0, 50.0, 75.0, 100.0) if minVal - 1e-9 <= value <= maxVal + 1e-9])]
        levels = super().tickValues(minVal, maxVal, size)[:1]
        if levels and levels[0][0] < 1.0:
            # Votes are whole: never a tick at a fraction of one (0.2, 0.4 … in a contest of no votes).
            levels = [(1.0, [float(value) for value in range(math.ceil(minVal), math.floor(maxVal) + 1)])]
        return [(spacing, [value for value in values if value >= 0]) for spacing, values in levels]

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        # The 0 label is centred on the view's bottom edge, so half of it hangs below the
        # axis; pyqtgraph draws only labels inside this rectangle, and with a grid it adds
        # no margin of its own: room below for one line of tick text.
        font = self.style["tickFont"] or QFont()
        return super().boundingRect().adjusted(0, 0, 0, QFontMetricsF(font).height())

    def drawn_labels(self) -> list[str]:
        """The tick labels as pyqtgraph lays them out to draw (what a reader sees)."""
        image = QImage(1, 1, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            if self.style["tickFont"]:
                painter.setFont(self.style["tickFont"])
            specs = self.generateDrawSpecs(painter)
        finally:
            painter.end()
        return [text for _, _, text in specs[2]] if specs else []

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        if self.percent:
            places = 0 if spacing >= 1 else 1
            return [f"{value:.{places}f}%" for value in values]
        if spacing >= 1:
            return [f"{value:,.0f}" for value in values]
        return [f"{value:,.1f}" for value in values]


class _LegendStrip(pg.GraphicsWidget):
    """The legend as a strip above the plot: a swatch and a name per candidate, in rows.

    Above the plot, not inside it, so it never covers a bar. Drawn with plain
    ``drawRect``/``drawText`` so SVG and PDF exports keep the names as text.
    """

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[tuple[str, str]] = []
        self.font = QFont()
        self._rows: list[list[tuple[float, str, str]]] = []
        self._line_height = 0.0
        #: Where the rows allowed cannot hold every entry: "and 12 more" and where it goes.
        self._more: tuple[float, str] | None = None

    def set_entries(self, entries: list[tuple[str, str]]) -> None:
        self.entries = entries
        self.relayout()

    def set_font(self, font: QFont) -> None:
        self.font = QFont(font)
        self.relayout()

    def relayout(self, width: float | None = None, max_height: float | None = None) -> float:
        """Flow the entries into rows across ``width``; returns the height needed. With
        ``max_height`` (a short chart), the rows beyond it are left out and the last row
        ends with how many entries that leaves out ("and 12 more"): the plot keeps its room."""
        if width is None:
            width = self.size().width()
        metrics = QFontMetricsF(self.font)
        self._line_height = metrics.height() * 1.35
        swatch = metrics.height() * 0.8
        gap = metrics.height() * 1.2
        rows: list[list[tuple[float, str, str]]] = [[]]
        ends: list[list[float]] = [[]]  # where each entry ends, for the room "and 12 more" needs
        x = 0.0
        for name, colour in self.entries:
            entry_width = swatch + metrics.height() * 0.35 + metrics.horizontalAdvance(name)
            if rows[-1] and x + entry_width > width:
                rows.append([])
                ends.append([])
                x = 0.0
            rows[-1].append((x, name, colour))
            ends[-1].append(x + entry_width)
            x += entry_width + gap
        self._rows = rows if self.entries else []
        self._more = None
        pad = metrics.height() * 0.3
        if max_height is not None and len(self._rows) * self._line_height + pad > max_height:
            allowed = max(int((max_height - pad) // self._line_height), 1)
            shown = sum(len(row) for row in self._rows[:allowed])
            last, last_ends = self._rows[allowed - 1], ends[allowed - 1]
            while True:
                left_out = len(self.entries) - shown
                text = f"and {left_out:,} more"
                start = (last_ends[len(last) - 1] + gap) if last else 0.0
                if not last or start + metrics.horizontalAdvance(text) <= width:
                    break
                last = last[:-1]
                shown -= 1
            self._rows = [*self._rows[: allowed - 1], last]
            self._more = (start, text)
        height = len(self._rows) * self._line_height + (pad if self._rows else 0)
        self.update()
        return height

    def shown_names(self) -> list[str]:
        """The names drawn (all of them, unless the chart is too short for them)."""
        return [name for row in self._rows for _, name, _ in row]

    def left_out_text(self) -> str:
        """What the last row says of the names left out ("and 12 more"), or nothing."""
        return self._more[1] if self._more is not None else ""

    def names(self) -> list[str]:
        return [name for name, _ in self.entries]

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return QRectF(0, 0, self.size().width(), self.size().height())

    def paint(self, painter: QPainter, *args: object) -> None:
        metrics = QFontMetricsF(self.font)
        swatch = metrics.height() * 0.8
        painter.setFont(self.font)
        for row_index, row in enumerate(self._rows):
            y = row_index * self._line_height
            for x, name, colour in row:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(colour))
                top = y + (self._line_height - swatch) / 2
                painter.drawRect(QRectF(x, top, swatch, swatch))
                painter.setPen(QColor(TEXT_COLOUR))
                text_x = x + swatch + metrics.height() * 0.35
                painter.drawText(
                    QRectF(text_x, y, metrics.horizontalAdvance(name) + 4, self._line_height),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    name,
                )
        if self._more is not None and self._rows:
            x, text = self._more
            painter.setPen(QColor(MUTED_TEXT))
            painter.drawText(
                QRectF(x, (len(self._rows) - 1) * self._line_height, metrics.horizontalAdvance(text) + 4, self._line_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )


class _Backdrop(QGraphicsItem):
    """The Overall group's shaded band and the value grid, behind the bars.

    In an export this item draws them, as vectors. On screen it is hidden and the view draws
    the same through :meth:`ResultsChart._paint_backdrop` as its background, which the view
    keeps as pixels: an edit repaints the bars' whole rectangle, and an opaque copy of the
    background is the cheapest thing there is to paint under them (as items, the band and
    the lines were painted again on every edit).
    """

    def __init__(self, chart: ResultsChart) -> None:
        super().__init__()
        # Weakly: a cycle of Qt wrappers is freed by the garbage collector, in whichever
        # thread it happens to run.
        self._chart = weakref.ref(chart)
        self.setZValue(-1000)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        chart = self._chart()
        return chart.view_box_rect() if chart is not None else QRectF()

    def paint(self, painter: QPainter, option: object, widget: QWidget | None = None) -> None:
        chart = self._chart()
        if chart is not None:
            chart._paint_backdrop(painter)


class _ValueLabel:
    """One bar's value label: its text, where it is anchored (data units), how, in which colour."""

    __slots__ = ("text", "x", "y", "anchor", "colour", "shown")

    def __init__(self) -> None:
        self.text = ""
        self.x = 0.0
        self.y = 0.0
        self.anchor = (0.5, 1.0)
        self.colour = QColor(TEXT_COLOUR)
        self.shown = False


class _ValueLabels(QGraphicsItem):
    """Every bar's value label, drawn by one item in the view's data coordinates.

    Text is laid out and drawn in the view's pixels, so it keeps its size whatever the
    range. One label per pyqtgraph TextItem (a QTextDocument each) had an edit lay out
    its changed labels' documents again and move their items: a third of the work an
    edit did before any paint. A label's box is its text's with pyqtgraph's 4-pixel
    margins, and its anchor is a point of that box, as a TextItem's was.
    """

    MARGIN = 4.0

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[list[_ValueLabel]] = []
        self._font = QFont()
        self._metrics = QFontMetricsF(self._font)
        self._widths: dict[str, float] = {}  # text -> its width in the font, measured once
        self._static: dict[str, QStaticText] = {}  # text -> laid out in the font, for the screen
        self._bounds = QRectF()
        self.setZValue(10)

    def resize(self, candidates: int, groups: int) -> None:
        """One label per bar: ``candidates`` rows of ``groups``, new ones hidden."""
        del self._rows[candidates:]
        self._rows.extend([] for _ in range(candidates - len(self._rows)))
        for row in self._rows:
            del row[groups:]
            row.extend(_ValueLabel() for _ in range(groups - len(row)))
        self.changed()

    def label(self, candidate: int, group: int) -> _ValueLabel:
        return self._rows[candidate][group]

    def shown_text(self, candidate: int, group: int) -> str:
        """The label's text as shown ('' when hidden or absent)."""
        if candidate >= len(self._rows) or group >= len(self._rows[candidate]):
            return ""
        label = self._rows[candidate][group]
        return label.text if label.shown else ""

    def font(self) -> QFont:
        return self._font

    def set_font(self, font: QFont) -> None:
        self._font = QFont(font)
        self._metrics = QFontMetricsF(self._font)
        self._widths.clear()
        self._static.clear()
        self.changed()

    def changed(self) -> None:
        """After labels were set, or the view's transform moved: new bounds, and a repaint."""
        bounds = self._data_bounds()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def _to_view(self) -> Any:  # QTransform: data units to the view's pixels
        parent = self.parentItem()
        return parent.transform() if parent is not None else self.transform()

    def _box(self, label: _ValueLabel, to_view: Any) -> QRectF:
        """The label's box in the view's pixels."""
        point = to_view.map(QPointF(label.x, label.y))
        width = self._widths.get(label.text)
        if width is None:
            if len(self._widths) > 4096:  # the texts of many edits ago
                self._widths.clear()
            width = self._widths[label.text] = self._metrics.horizontalAdvance(label.text) + 2 * self.MARGIN
        height = self._metrics.height() + 2 * self.MARGIN
        return QRectF(point.x() - label.anchor[0] * width, point.y() - label.anchor[1] * height, width, height)

    def scene_box(self, candidate: int, group: int) -> QRectF:
        """A label's box in the scene."""
        to_view = self._to_view()
        inverse, _ = to_view.inverted()
        return self.mapRectToScene(inverse.mapRect(self._box(self._rows[candidate][group], to_view)))

    def _data_bounds(self) -> QRectF:
        to_view = self._to_view()
        inverse, invertible = to_view.inverted()
        if not invertible:
            return QRectF()
        bounds = QRectF()
        for row in self._rows:
            for label in row:
                if label.shown:
                    bounds = bounds.united(self._box(label, to_view))
        return inverse.mapRect(bounds) if not bounds.isNull() else QRectF()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return QRectF(self._bounds)

    def paint(self, painter: QPainter, option: object, widget: QWidget | None = None) -> None:
        to_view = self._to_view()
        inverse, invertible = to_view.inverted()
        if not invertible:
            return
        painter.save()
        painter.setTransform(inverse * painter.transform())  # from here on, the view's pixels
        painter.setFont(self._font)
        flags = int(Qt.AlignmentFlag.AlignCenter)
        on_screen = widget is not None  # an export's painter gets each label as text (SVG, PDF)
        margin = self.MARGIN
        for row in self._rows:
            for label in row:
                if not label.shown:
                    continue
                painter.setPen(label.colour)
                box = self._box(label, to_view)
                if on_screen:
                    # Laid out once per text, not shaped again in every repaint (a third of the chart's).
                    painter.drawStaticText(QPointF(box.x() + margin, box.y() + margin), self._static_text(label.text))
                else:
                    painter.drawText(box, flags, label.text)
        painter.restore()

    def _static_text(self, text: str) -> QStaticText:
        static = self._static.get(text)
        if static is None:
            if len(self._static) > 4096:  # the texts of many edits ago
                self._static.clear()
            static = self._static[text] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self._font)
        return static


class _Bars(pg.BarGraphItem):
    """pyqtgraph's bars, keeping their bounding rectangle until the bars or the view change.

    Qt asks an item for it many times in each paint, and pyqtgraph works it out every time,
    in Python, through the view's transform (its padding of half a pixel): with 15 series
    that was a third of an edit's repaint at 100,000 x 20.
    """

    def __init__(self, **opts: Any) -> None:
        self._bounds: QRectF | None = None
        super().__init__(**opts)

    def setOpts(self, **opts: Any) -> None:  # noqa: N802 (pyqtgraph API)
        self._bounds = None
        super().setOpts(**opts)

    def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph API)
        self._bounds = None  # the half-pixel padding, in data units, follows the scale
        super().viewTransformChanged()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        if self._bounds is None:
            self._bounds = super().boundingRect()
        return QRectF(self._bounds)


class _PlotWidget(pg.PlotWidget):
    """A PlotWidget whose background (kept as pixels: pyqtgraph sets CacheBackground) holds
    the chart's backdrop."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The chart's painting of its backdrop, held weakly (the chart holds this widget).
        self.backdrop: weakref.WeakMethod[Callable[[QPainter], None]] | None = None
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 (Qt API)
        super().drawBackground(painter, rect)
        paint = self.backdrop() if self.backdrop is not None else None
        if paint is not None:
            paint(painter)


class ResultsChart(QWidget):
    """A pyqtgraph bar chart of a contest: one group per shown category plus an "Overall" group."""

    sigCategoryClicked = Signal(int)  # noqa: N815 (pyqtgraph's naming of signals)

    def __init__(self, parent: QWidget | None = None, *, print_theme: bool = False) -> None:
        super().__init__(parent)
        self._print_theme = print_theme
        self._contest: Contest | None = None
        self._mode = ChartMode.COUNTS
        self._stacked = False
        self._highlighted: set[int] = set()
        self._chosen: list[int] | None = None
        self._shown: list[int] = []
        self._group_names: list[str] = []
        self._first_category: int | None = None  # the category the first group draws (see first_group_category)
        self._group_of: dict[int, int] = {}
        self._group_x = np.zeros(0)
        self._values = np.zeros((0, 0))  # candidates x groups, as measured (votes or percent)
        self._bottoms = np.zeros((0, 0))
        #: True where a bar's value holds a withheld count: drawn outlined, labelled "≥".
        self._lower = np.zeros((0, 0), dtype=bool)
        self._defined = np.ones(0, dtype=bool)  # per group: whether its shares are defined
        self._bars: list[pg.BarGraphItem] = []
        self._colours: list[str] = []
        #: What each bar item draws: one candidate, or "Other" (the sum of the rest).
        self._series: list[Series] = []
        self._y_top = 1.0
        self._layout_outer: tuple[int, int] = (-1, -1)
        self._recent_view_sizes: list[tuple[int, int]] = []
        self._label_style: tuple[str, float] = ("full", 1.0)
        #: The comparison with a baseline (core.compare.Changes): a mark at each bar's
        #: figure then, where the candidate is in both contests.
        self._changes: Changes | None = None
        self._baseline_marks: dict[tuple[int, int], float] = {}

        self._value_axis = _ValueAxis()
        self._plot = _PlotWidget(background=BACKGROUND, axisItems={"left": self._value_axis})
        self._plot.setAntialiasing(True)
        self._item = self._plot.getPlotItem()
        self._view = self._item.getViewBox()
        self._item.hideButtons()
        self._item.setMenuEnabled(False)
        self._view.setMouseEnabled(x=False, y=False)
        self._view.enableAutoRange(enable=False)
        self._view.setDefaultPadding(0.0)
        for name in ("left", "bottom"):
            axis = self._item.getAxis(name)
            axis.setPen(pg.mkPen(AXIS_COLOUR))
            axis.setTextPen(pg.mkPen(TEXT_COLOUR))
        self._category_axis = self._item.getAxis("bottom")
        self._category_axis.setStyle(tickLength=0, hideOverlappingLabels=False, autoExpandTextSpace=False)
        # No axis is scaled to "x1e+06" (the value axis prints whole numbers); with the
        # prefix on, pyqtgraph set each axis's label as HTML again at every change of range,
        # hidden axes too: 60 times while the window opens.
        for name in ("bottom", "top", "right"):
            self._item.getAxis(name).enableAutoSIPrefix(False)
        # The grid is drawn with the Overall band (_Backdrop), behind the bars, not by the
        # axis: an axis with a grid spans the whole view, and every edit's repaint of the
        # bars then repainted the axis's tick text as well.
        self._value_axis.setStyle(autoExpandTextSpace=True, tickLength=0)
        grid_colour = QColor(AXIS_COLOUR)
        grid_colour.setAlpha(_GRID_ALPHA)
        self._grid_pen = QPen(grid_colour, 1.0)
        self._grid_pen.setCosmetic(True)
        self._grid_values: list[float] = []

        self._legend = _LegendStrip()
        # Row 0 of the plot's layout is its (unused) title row: the legend sits there,
        # above the view and aligned with it.
        self._item.layout.removeItem(self._item.titleLabel)
        self._item.titleLabel.hide()
        self._item.layout.addItem(self._legend, 0, 1)

        self._backdrop = _Backdrop(self)
        self._plot.scene().addItem(self._backdrop)
        if not print_theme:
            self._backdrop.setVisible(False)
            self._plot.backdrop = weakref.WeakMethod(self._paint_backdrop)
        self._fifty_line = pg.InfiniteLine(
            pos=50.0, angle=0, movable=False, pen=pg.mkPen(FIFTY_LINE, width=1.5, style=Qt.PenStyle.DashLine)
        )
        self._fifty_line.setZValue(5)
        self._fifty_line.setVisible(False)
        self._plot.addItem(self._fifty_line, ignoreBounds=True)
        # "86 more candidates together", read up the grey bar of the Overall group, so that
        # the sum of the rest does not read as one more candidate.
        self._other_label = pg.TextItem("", color=MUTED_TEXT, anchor=(0.0, 0.5), angle=90)
        self._other_label.setZValue(11)
        self._other_label.setVisible(False)
        self._plot.addItem(self._other_label, ignoreBounds=True)
        self._value_labels = _ValueLabels()
        self._plot.addItem(self._value_labels, ignoreBounds=True)
        self._view.sigTransformChanged.connect(self._value_labels.changed)
        self._baseline_item = pg.PlotCurveItem(pen=pg.mkPen(BASELINE_MARK, width=3), connect="pairs")
        self._baseline_item.setZValue(8)
        self._plot.addItem(self._baseline_item, ignoreBounds=True)

        self._tick_font = QFont()
        self._label_font = QFont()
        self._label_metrics_at: dict[float, QFontMetricsF] = {}
        self._axis_label_css: dict[str, str] = {}
        self.set_text_size(18 if print_theme else None)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._plot)
        self._view.sigResized.connect(self._on_view_resized)
        self._view.sigYRangeChanged.connect(self._update_grid)
        self._view.sigXRangeChanged.connect(self._refresh_backdrop)
        self._view.geometryChanged.connect(self._refresh_backdrop)
        if not print_theme:
            self._plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
            self._plot.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self._update_axis_labels()
        if not print_theme:
            # On screen the axes and the legend are kept as pixels, drawn again only when
            # they change: a repaint of the window then copies them rather than laying out
            # their text. Exports use a chart of their own, drawn as vectors.
            for item in (self._value_axis, self._category_axis, self._legend):
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    # --- contract ---------------------------------------------------------------------

    def set_contest(self, contest: Contest | None) -> None:
        """Draw ``contest`` and follow its every edit (the previous one is let go)."""
        if self._contest is not None:
            self._contest.unsubscribe(self._on_contest_event)
        self._contest = contest
        if contest is not None:
            contest.subscribe(self._on_contest_event)
        self._rebuild()

    def contest(self) -> Contest | None:
        return self._contest

    def set_mode(self, mode: ChartMode) -> None:
        mode = ChartMode(mode)
        if mode is not self._mode:
            self._mode = mode
            self._rebuild()

    def mode(self) -> ChartMode:
        return self._mode

    def set_stacked(self, stacked: bool) -> None:
        if bool(stacked) != self._stacked:
            self._stacked = bool(stacked)
            self._rebuild()

    def stacked(self) -> bool:
        return self._stacked

    def set_highlighted_categories(self, categories: Sequence[int]) -> None:
        """Emphasise the bars of these categories (the selected rows) and dim the others."""
        highlighted = set(categories)
        if highlighted != self._highlighted:
            self._highlighted = highlighted
            self._apply_brushes()

    def set_shown_categories(self, categories: Sequence[int] | None) -> None:
        """The categories to draw (at most MAX_GROUPS); None chooses the largest."""
        self._chosen = None if categories is None else list(categories)
        self._rebuild()

    def shown_categories(self) -> list[int]:
        """The categories drawn beside the Overall group, in file order."""
        return list(self._shown)

    def bar_heights(self) -> dict[tuple[str, str], float]:
        """(group label, candidate name) -> the height of that bar as drawn."""
        heights: dict[tuple[str, str], float] = {}
        if self._contest is None:
            return heights
        groups = self._group_labels()
        for series, bar in zip(self._series, self._bars):
            name = series.name
            for group, height in zip(groups, np.atleast_1d(bar.opts["height"])):
                heights[(group, name)] = float(height)
        return heights

    def plot_widget(self) -> pg.PlotWidget:
        return self._plot

    def set_baseline_changes(self, changes: Changes | None) -> None:
        """Mark each bar's figure in the baseline (None: no baseline). Only candidates in
        both contests, drawn alone, have a mark; stacked bars have none."""
        self._changes = changes
        self._update_baseline_marks()
        self._legend.set_entries(self._legend_entries())
        self._relayout()

    def baseline_marks(self) -> dict[tuple[str, str], float]:
        """(group label, candidate name) -> the baseline's figure marked on that bar."""
        groups = self._group_labels()
        return {
            (groups[group], self._series[candidate].name): value
            for (candidate, group), value in self._baseline_marks.items()
            if group < len(groups) and candidate < len(self._series)
        }

    def _legend_entries(self) -> list[tuple[str, str]]:
        entries = [(series.name, colour) for series, colour in zip(self._series, self._colours)]
        if self._baseline_marks and self._changes is not None:
            entries.append((f"Line across a bar: {self._changes.comparison.baseline.title}", BASELINE_MARK))
        return entries

    def _update_baseline_marks(self) -> None:
        """The marks from the comparison, at the bars' current places."""
        marks: dict[tuple[int, int], float] = {}
        changes, contest = self._changes, self._contest
        if changes is not None and contest is not None and changes.comparison.current is contest and not self._stacked:
            share = self._mode is ChartMode.SHARE
            for candidate, series in enumerate(self._series):
                if series.is_other or len(series.candidates) != 1:
                    continue
                entry = changes.matching.entry_for_current(series.candidates[0])
                if entry is None or not entry.matched or len(entry.current) != 1:
                    continue  # unmatched, or counted with others: no figure of its own then
                for group in range(len(self._group_names)):
                    row = changes.entry_change(series.candidates[0], None if group == 0 else self._shown[group - 1])
                    if row is None:
                        continue
                    value = row.baseline_share * 100.0 if share and row.baseline_share is not None else row.baseline_votes
                    if value is not None:
                        marks[(candidate, group)] = float(value)
        self._baseline_marks = marks
        if not marks:
            self._baseline_item.setData([], [])
            return
        slot = _GROUP_SPAN / max(len(self._bars), 1)
        xs: list[float] = []
        ys: list[float] = []
        for (candidate, group), value in marks.items():
            centre = self._bar_x(candidate, group)
            xs += [centre - slot * 0.5, centre + slot * 0.5]
            ys += [value, value]
        self._baseline_item.setData(np.array(xs), np.array(ys))

    # --- additions to the contract ------------------------------------------------------

    def bar_items(self) -> list[pg.BarGraphItem]:
        """The bar items, one per series (a candidate, or Other), kept across count changes."""
        return list(self._bars)

    def value_labels(self) -> dict[tuple[str, str], str]:
        """(group label, candidate name) -> the value label shown ('' when hidden)."""
        labels: dict[tuple[str, str], str] = {}
        if self._contest is None:
            return labels
        groups = self._group_labels()
        for candidate, series in enumerate(self._series):
            for group, group_name in enumerate(groups):
                labels[(group_name, series.name)] = self._value_labels.shown_text(candidate, group)
        return labels

    def value_label_box(self, group: int, candidate: int) -> QRectF | None:
        """Where a bar's value label is drawn, in the scene (None when it is hidden)."""
        if not self._value_labels.shown_text(candidate, group):
            return None
        return self._value_labels.scene_box(candidate, group)

    def value_labels_scene_bounds(self) -> QRectF:
        """The value labels' item's bounds in the scene: what Qt repaints when they change."""
        return self._value_labels.sceneBoundingRect()

    def legend_names(self) -> list[str]:
        return self._legend.names()

    def legend_shown(self) -> tuple[list[str], str]:
        """The legend's names drawn, and what it says of those it leaves out ("and 4 more",
        or nothing): a short chart draws fewer rows."""
        return self._legend.shown_names(), self._legend.left_out_text()

    def legend_height(self) -> float:
        return float(self._legend.size().height())

    def value_axis_labels(self) -> list[str]:
        """The value axis's labels as drawn, bottom to top (``0``, ``100,000``...)."""
        return self._value_axis.drawn_labels()

    def fifty_percent_line_visible(self) -> bool:
        return self._fifty_line.isVisible()

    def y_range(self) -> tuple[float, float]:
        low, high = self._view.viewRange()[1]
        return float(low), float(high)

    def note(self) -> str | None:
        """``11 of 650 categories shown ...`` when not every category is drawn."""
        if self._contest is None:
            return None
        return shown_note(self._contest, self._shown, chosen=self._chosen is not None)

    def set_text_size(self, pixels: int | None) -> None:
        """Tick, legend and label text in pixels (the export's sizes), or None for the screen's."""
        base = QFont()
        if pixels is None:
            tick = QFont(base)
            label = QFont(base)
            label.setPointSizeF(max(base.pointSizeF() - 1, 7))
            axis_css = {"color": MUTED_TEXT}
        else:
            tick = print_font(pixels)
            label = print_font(pixels * 0.95)
            axis_css = {"color": MUTED_TEXT, "font-size": f"{int(pixels)}px"}
        self._tick_font = tick
        self._label_font = label
        self._label_metrics_at = {}
        self._axis_label_css = axis_css
        self._value_axis.setTickFont(tick)
        self._category_axis.setTickFont(tick)
        self._legend.set_font(tick)
        self._label_style = ("", 0.0)  # every label takes the new font at the next layout
        self._update_axis_labels()
        self._relayout()

    # --- building ---------------------------------------------------------------------

    def _group_labels(self) -> list[str]:
        """The groups' names as of the last build.

        Kept, not read from the contest: a layout can run while the contest is part-way
        through a structural change (the table's end of a row removal resizes the
        window before the chart hears of it), when the shown indexes are stale.
        """
        return list(self._group_names)

    def _rebuild(self) -> None:
        """Full build: choose the groups, size the items (kept where they can be), draw."""
        contest = self._contest
        if contest is None:
            self._shown = []
            self._group_names = []
            self._group_of = {}
            self._series = []
            self._set_candidate_count(0, 0)
            self._values = np.zeros((0, 0))
            self._lower = np.zeros((0, 0), dtype=bool)
            self._defined = np.ones(0, dtype=bool)
            self._legend.set_entries([])
            self._category_axis.setTicks([[]])
            self._update_axis_labels()
            self._relayout()
            return
        self._shown = shown_categories(contest, self._chosen)
        self._group_names = [overall_label(contest)] + [contest.category_name(index) for index in self._shown]
        self._group_of = {category: position + 1 for position, category in enumerate(self._shown)}
        groups = len(self._shown) + 1
        self._group_x = np.array(
            [_OVERALL_X] + [_FIRST_CATEGORY_X + position for position in range(len(self._shown))], dtype=float
        )
        self._series = chart_series(contest)
        candidates = len(self._series)
        self._set_candidate_count(candidates, groups)
        self._colours = self._series_colours()
        self._values = np.zeros((candidates, groups))
        self._lower = np.zeros((candidates, groups), dtype=bool)
        #: Per group: False where its shares are undefined (no votes), drawn with no bar and no label.
        self._defined = np.ones(groups, dtype=bool)
        self._first_category = first_group_category(contest)
        self._fill_group(0, self._first_category)
        for category, group in self._group_of.items():
            self._fill_group(group, category)
        self._bottoms = self._stack_bottoms(self._values)
        self._update_baseline_marks()
        self._legend.set_entries(self._legend_entries())
        self._value_axis.percent = self._mode is ChartMode.SHARE
        self._fifty_line.setVisible(self._mode is ChartMode.SHARE)
        self._value_axis.picture = None
        for candidate, bar in enumerate(self._bars):
            bar.setOpts(name=self._series[candidate].name, **self._geometry(candidate))
        self._apply_brushes()
        self._update_ticks()
        self._update_axis_labels()
        self._y_top = self._wanted_top()
        self._relayout()

    def _set_candidate_count(self, candidates: int, groups: int) -> None:
        """Keep one bar item per candidate and one label per bar, adding or removing only the difference."""
        while len(self._bars) > candidates:
            self._plot.removeItem(self._bars.pop())
        while len(self._bars) < candidates:
            bar = _Bars(x=[], height=[], width=0.1, pen=pg.mkPen(None), brush="#888888")
            self._plot.addItem(bar)
            self._bars.append(bar)
        self._value_labels.resize(candidates, groups)

    def _series_colours(self) -> list[str]:
        assert self._contest is not None
        return series_colours(self._contest, self._series)

    def _fill_group(self, group: int, category: int | None = None) -> None:
        """Recompute one column of values: O(candidates)."""
        assert self._contest is not None
        self._values[:, group] = group_values(self._contest, self._series, self._mode, category)
        self._lower[:, group] = group_lower_bounds(self._contest, self._series, category)
        self._defined[group] = self._mode is not ChartMode.SHARE or group_shares_defined(self._contest, category)

    def _stack_bottoms(self, values: np.ndarray) -> np.ndarray:
        if not self._stacked or values.size == 0:
            return np.zeros_like(values)
        return np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)[:-1]])

    def _geometry(self, candidate: int) -> dict[str, object]:
        candidates = max(len(self._bars), 1)
        if self._stacked:
            x = self._group_x.copy()
            width = _STACK_WIDTH
        else:
            slot = _GROUP_SPAN / candidates
            x = self._group_x - _GROUP_SPAN / 2 + (candidate + 0.5) * slot
            width = slot * 0.9
        return {
            "x": x,
            "width": width,
            "y0": self._bottoms[candidate].copy(),
            "height": self._values[candidate].copy(),
        }

    def _wanted_top(self) -> float:
        if self._mode is ChartMode.SHARE:
            return 100.0
        if self._values.size == 0:
            return 1.0
        tops = self._bottoms + self._values
        return max(float(tops.max()), max(self._baseline_marks.values(), default=0.0), 1.0)

    def _apply_brushes(self) -> None:
        if not self._bars:
            return
        dim = bool(self._highlighted)
        lit = [self._category_of_group(group) in self._highlighted for group in range(len(self._group_names))]
        for candidate, bar in enumerate(self._bars):
            colour = QColor(self._colours[candidate])
            faded = QColor(colour)
            faded.setAlpha(70)
            brushes = [pg.mkBrush(colour if (not dim or on) else faded) for on in lit]
            outline = pg.mkPen("#222222", width=1.5)
            # A bar holding a withheld count is a lower bound: a dashed dark outline says so.
            withheld = pg.mkPen(WITHHELD_OUTLINE, width=2, style=Qt.PenStyle.DashLine)
            lower = self._lower[candidate] if candidate < self._lower.shape[0] else [False] * len(lit)
            if not dim and not any(lower):
                # One colour, no outline: pyqtgraph then draws the bars in one call, not one
                # by one into a picture made again after every edit.
                bar.setOpts(brush=pg.mkBrush(colour), brushes=None, pen=pg.mkPen(None), pens=None)
                continue
            pens = [
                outline if (dim and on) else (withheld if partial else pg.mkPen(None))
                for on, partial in zip(lit, lower)
            ]
            bar.setOpts(brush=pg.mkBrush(colour), brushes=brushes, pens=pens)

    def _update_ticks(self) -> None:
        """Category names under their groups, wrapped between words (see _wrap), in the largest
        font at which they fit whole."""
        if self._contest is None:
            self._category_axis.setTicks([[]])
            return
        width = self._view.width()
        span = self._x_span()
        # A group's names keep a gap of a quarter of a line's height from the next group's: two
        # names never touch ("PRECINCT 125PRECINCT 162").
        gap = QFontMetricsF(self._tick_font).height() * 0.25
        room = max(width / span - gap, 1.0) if width > 0 and span > 0 else 120.0
        names = self._group_labels()
        # The largest font, then the fewest lines, at which every name fits whole.
        for scale, max_lines in _CATEGORY_LABEL_FITS:
            font = self._scaled_font(self._tick_font, scale)
            metrics = QFontMetricsF(font)
            if all(_fits_whole(name, metrics, room, max_lines) for name in names):
                break
        if font != self._category_axis.style["tickFont"]:
            self._category_axis.setTickFont(font)
        # A name that fits only with a word cut to a few letters is left out, as a chart's
        # axis skips labels that do not fit (the tooltip names the group): "Wa…ge" names nothing.
        ticks = [
            (float(x), label if not _cuts_a_word(label) else "")
            for x, label in ((x, _wrap(name, metrics, room, max_lines)) for x, name in zip(self._group_x, names))
        ]
        self._category_axis.setTicks([ticks, []])
        lines = max((text.count("\n") + 1 for _, text in ticks), default=1)
        # The note under the names is in the full-size font, whatever size the names took.
        label_height = QFontMetricsF(self._tick_font).height() * 1.4 if self._category_axis.labelText else 0
        # pyqtgraph drops a tick label that does not fit inside the axis: room for every line.
        self._category_axis.setHeight(int(metrics.lineSpacing() * lines + metrics.height() * 0.6 + label_height + 6))

    def _x_span(self) -> float:
        last = self._group_x[-1] if self._group_x.size else 0.0
        return float(last - _OVERALL_X) + 1.0

    def _update_axis_labels(self) -> None:
        share = self._mode is ChartMode.SHARE
        # Some counts withheld: a share is of the known votes, as the subtitle says.
        known = " known" if self._contest is not None and self._contest.inexact_cells else ""
        left = f"Share of the{known} valid votes in each group" if share else "Valid votes"
        self._value_axis.setLabel(left, **self._axis_label_css)
        note = self.note() if self._contest is not None else None
        if note:
            self._category_axis.setLabel(note, **self._axis_label_css)
            self._category_axis.showLabel(True)
        else:
            self._category_axis.setLabel("")
            self._category_axis.showLabel(False)

    # --- layout that depends on pixels ------------------------------------------------------

    def _on_view_resized(self, *args: object) -> None:
        # A relayout changes the axes' sizes (wrapped names, the value axis's width), which
        # resizes the view again; at some sizes that never settles (two wrappings taking
        # turns, a loop that froze the window). Within one size of the chart itself, a view
        # size already laid out in this burst is not laid out again.
        outer = (self.width(), self.height())
        if outer != self._layout_outer:
            self._layout_outer = outer
            self._recent_view_sizes = []
        view = (round(self._view.width()), round(self._view.height()))
        if view in self._recent_view_sizes:
            return
        self._recent_view_sizes = [*self._recent_view_sizes[-7:], view]
        self._relayout()

    def _relayout(self) -> None:
        """Legend rows, tick wrapping, headroom for labels and which labels fit: after a resize or build."""
        width = self._view.width()
        if width > 0:
            # A third of the chart at most: a short chart (a dock open under it) keeps its bars.
            height = self._legend.relayout(width, max_height=self._plot.height() / 3 if self._plot.height() > 0 else None)
            self._item.layout.setRowFixedHeight(0, height)
            self._legend.setFixedHeight(height)
        self._update_ticks()
        self._set_ranges(force=True)
        self._update_value_axis_width()
        self._update_grid()
        self._update_labels(range(len(self._bars)), range(self._values.shape[1] if self._values.ndim == 2 else 0))
        self._place_other_label()

    def _update_grid(self, *args: object) -> None:
        """The grid at each labelled value, as the value axis ticks it; the backdrop follows."""
        low, high = self._view.viewRange()[1]
        pixels = self._view.height()
        self._grid_values = [
            value
            for _, level in (self._value_axis.tickValues(low, high, pixels) if pixels > 0 and high > low else [])
            for value in level
            if low <= value <= high
        ]
        self._refresh_backdrop()

    def _refresh_backdrop(self, *args: object) -> None:
        """Draw the backdrop again: the view moved, or its range or grid changed."""
        self._backdrop.prepareGeometryChange()
        self._backdrop.update()
        self._plot.resetCachedContent()
        self._plot.viewport().update()

    def grid_values(self) -> list[float]:
        """The values the grid lines are drawn at (what a reader can measure the bars against)."""
        return list(self._grid_values)

    def backdrop_is_item(self) -> bool:
        """Whether the band and grid are drawn by an item (exports), not as the view's background."""
        return self._backdrop.isVisible()

    def view_box_rect(self) -> QRectF:
        """The plotting area, in scene coordinates."""
        return self._view.sceneBoundingRect()

    def _paint_backdrop(self, painter: QPainter) -> None:
        """The Overall group's band and the grid, on a painter in scene coordinates."""
        area = self.view_box_rect()
        if area.isEmpty():
            return
        to_scene = self._view.childGroup.sceneTransform()
        left = to_scene.map(QPointF(_OVERALL_X - 0.5, 0.0)).x()
        right = to_scene.map(QPointF(_OVERALL_X + 0.5, 0.0)).x()
        band = QRectF(left, area.top(), right - left, area.height()).intersected(area)
        painter.save()
        try:
            if not band.isEmpty() and len(self._group_names) > 1:  # a band sets Overall apart from categories
                painter.fillRect(band, QColor(OVERALL_BAND))
            painter.setPen(self._grid_pen)
            for value in self._grid_values:
                y = to_scene.map(QPointF(0.0, value)).y()
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        finally:
            painter.restore()

    def _update_value_axis_width(self) -> None:
        """Room for the widest tick label: pyqtgraph drops a label wider than its axis."""
        metrics = QFontMetricsF(self._tick_font)
        widest = "100%" if self._mode is ChartMode.SHARE else f"{self._view.viewRange()[1][1]:,.0f}"
        label_room = metrics.height() * 1.3 if self._value_axis.labelText else 0.0
        self._value_axis.setWidth(int(metrics.horizontalAdvance(widest) + metrics.height() * 0.6 + label_room + 8))

    def _headroom(self) -> float:
        """The fraction of the view above the tallest bar kept free for its label."""
        if self._stacked and self._mode is ChartMode.SHARE:
            return 0.04
        metrics = QFontMetricsF(self._label_font)
        pixels = self._view.height()
        if pixels <= 0:
            return 0.12
        return min(max((metrics.height() + 8) / pixels, 0.06), 0.4)

    def _set_ranges(self, force: bool = False) -> None:
        """The y range follows the tallest bar: it grows when a bar leaves it, and shrinks
        back when the tallest bar falls well below it (an undone typo of 1e6)."""
        top = self._wanted_top()
        grows = top > self._y_top
        # Within _SHRINK_SLACK of the range the range stays: a count typed down vote by
        # vote does not rescale at every vote.
        shrinks = top * _SHRINK_SLACK < self._y_top
        if force or grows or shrinks:
            # An edit that outgrows the range gets 5% to spare: a count typed up vote by vote
            # would otherwise rescale, and repaint, the whole chart (axis, grid, labels) each time.
            self._y_top = top * 1.05 if grows and not force else top
            upper = self._y_top / (1.0 - self._headroom())
            self._view.setYRange(0.0, upper, padding=0.0)
            self._update_value_axis_width()
        left, right = _OVERALL_X - 0.5, _OVERALL_X - 0.5 + self._x_span()
        if force or self._view.viewRange()[0] != [left, right]:
            self._view.setXRange(left, right, padding=0.0)

    def _update_labels(self, candidates: Sequence[int] | range, groups: Sequence[int] | range) -> None:
        """Value labels: full (``168,216``), compact (``168k``) or none, whichever fits the bars."""
        if not self._bars or self._values.size == 0:
            return
        x_pixels = self._view.width() / self._x_span() if self._x_span() else 0.0
        candidates_n = len(self._bars)
        bar_pixels = x_pixels * (_STACK_WIDTH if self._stacked else _GROUP_SPAN / candidates_n * 0.9)
        sign = f"{AT_LEAST_SIGN} " if self._mode is ChartMode.COUNTS and self._lower.any() else ""
        if self._mode is ChartMode.SHARE:
            samples = [("full", "100.0%")]
        else:
            biggest = float(self._values.max()) if self._values.size else 0.0
            samples = [("full", f"{sign}{biggest:,.0f}"), ("compact", sign + _compact_count(biggest) + "0")]
        # The full number at a slightly smaller size beats an abbreviation.
        style: tuple[str, float] = ("none", 1.0)
        for kind, sample in samples:
            fitting = next(
                (scale for scale in (1.0, 0.9, 0.8) if self._label_metrics(scale).horizontalAdvance(sample) <= bar_pixels * 1.02),
                None,
            )
            if fitting is not None:
                style = (kind, fitting)
                break
        if style != self._label_style:
            self._label_style = style
            self._value_labels.set_font(self._scaled_label_font(style[1]))
            candidates, groups = range(candidates_n), range(self._values.shape[1])
        metrics = self._label_metrics(style[1])
        y_pixels = self._view.height() / (self._view.viewRange()[1][1] or 1.0)
        for candidate in candidates:
            for group in groups:
                self._place_label(candidate, group, metrics, y_pixels, bar_pixels)
        self._value_labels.changed()

    def _scaled_label_font(self, scale: float) -> QFont:
        return self._scaled_font(self._label_font, scale)

    def _label_metrics(self, scale: float) -> QFontMetricsF:
        """The value labels' font metrics at a scale, kept until the text size changes (every edit asks)."""
        metrics = self._label_metrics_at.get(scale)
        if metrics is None:
            metrics = self._label_metrics_at[scale] = QFontMetricsF(self._scaled_label_font(scale))
        return metrics

    @staticmethod
    def _scaled_font(base: QFont, scale: float) -> QFont:
        if scale == 1.0:
            return base
        font = QFont(base)  # keeps its features (no ligatures in print)
        if font.pixelSize() > 0:
            font.setPixelSize(max(int(font.pixelSize() * scale), 6))
        else:
            font.setPointSizeF(max(font.pointSizeF() * scale, 6.0))
        return font

    def _place_label(self, candidate: int, group: int, metrics: QFontMetricsF, y_pixels: float, bar_pixels: float) -> None:
        label = self._value_labels.label(candidate, group)
        value = float(self._values[candidate, group])
        if self._label_style[0] == "none" or not self._defined[group]:
            label.shown = False  # a share of no votes is undefined: no bar, no "0.0%"
            return
        if self._mode is ChartMode.SHARE:
            text = f"{value:.1f}%"
        else:
            text = f"{value:,.0f}" if self._label_style[0] == "full" else _compact_count(value)
            if self._lower[candidate, group]:
                text = f"{AT_LEAST_SIGN} {text}"
        x = float(self._bar_x(candidate, group))
        bottom = float(self._bottoms[candidate, group])
        if self._stacked:
            # Inside its segment, when the segment is tall and wide enough to hold it.
            fits = value * y_pixels >= metrics.height() and metrics.horizontalAdvance(text) <= bar_pixels * 0.95
            if not fits:
                label.shown = False
                return
            label.anchor, label.colour = (0.5, 0.5), QColor(_readable_on(self._colours[candidate]))
            label.y = bottom + value / 2
        else:
            label.anchor, label.colour = (0.5, 1.0), QColor(TEXT_COLOUR)
            label.y = bottom + value
        label.x, label.text, label.shown = x, text, True

    def _place_other_label(self) -> None:
        """The grey bar's name on the bar: above it in the Overall group, or inside it when it is
        too tall for that; hidden (the legend still names it) when neither has room."""
        label = self._other_label
        if not self._series or not self._series[-1].is_other or self._values.size == 0 or self._view.height() <= 0:
            label.setVisible(False)
            return
        series = len(self._series) - 1
        text = f"{self._series[series].name.strip()} together"
        if label.toPlainText() != text:
            label.setText(text)
        font = self._scaled_label_font(0.9)
        if label.textItem.font() != font:  # a new font lays the text out again
            label.setFont(font)
        metrics = QFontMetricsF(font)
        length = metrics.horizontalAdvance(text) + 12  # pixels along the bar, with TextItem's margins
        view_top = self._view.viewRange()[1][1] or 1.0
        y_pixels = self._view.height() / view_top
        bottom = float(self._bottoms[series, 0])
        top = bottom + float(self._values[series, 0])
        # Offsets along the text are in pixels, through the anchor (a fraction of the text's
        # box), not in data units: they then hold whatever the view's scale when drawn.
        # Clear of the value label's whole box (its text and margins): its text's height
        # alone put "22 more candidates together" over "3.7%".
        clear = 3.0
        if self._value_labels.shown_text(series, 0) and not self._stacked:
            clear += QFontMetricsF(self._value_labels.font()).height() + 2 * _ValueLabels.MARGIN
        box_length = max(label.textItem.boundingRect().width(), 1.0)
        if self._stacked and self._mode is ChartMode.COUNTS:
            # Stacked counts: the grey segment tops the Overall stack, the tallest bar of the
            # chart; its name goes beside it, where every other stack is lower.
            if label.angle != 0:
                label.setAngle(0)
            _restyle(label, (0.0, 0.5), MUTED_TEXT)
            label.setPos(float(self._group_x[0]) + _STACK_WIDTH / 2 + 0.03, top)
            label.setVisible(True)
            return
        if label.angle != 90:
            label.setAngle(90)
        if (view_top - top) * y_pixels >= clear + length + 4:
            _restyle(label, (-clear / box_length, 0.5), MUTED_TEXT)
            label.setPos(self._bar_x(series, 0), top)
        elif (top - bottom) * y_pixels >= length + 8:
            _restyle(label, (-3.0 / box_length, 0.5), _readable_on(OTHER_COLOUR))
            label.setPos(self._bar_x(series, 0), bottom)
        else:
            label.setVisible(False)
            return
        label.setVisible(True)

    def other_bar_label(self) -> str:
        """The text on the grey bar of the candidates not drawn alone ('' when there is none or no room)."""
        return self._other_label.toPlainText() if self._other_label.isVisible() else ""

    def _bar_x(self, candidate: int, group: int) -> float:
        if self._stacked:
            return float(self._group_x[group])
        slot = _GROUP_SPAN / max(len(self._bars), 1)
        return float(self._group_x[group] - _GROUP_SPAN / 2 + (candidate + 0.5) * slot)

    # --- following the contest ----------------------------------------------------------

    def _on_contest_event(self, event: ContestEvent) -> None:
        if isinstance(event, CountChanged):
            self._on_count_changed(event)
        elif isinstance(event, CountsChanged):
            self._rebuild()  # several counts at once (a paste): the groups shown may change too
        elif isinstance(event, StructureChange):
            if event.done:
                self._rebuild()
        elif isinstance(event, ItemChanged):
            if event.axis is Axis.CANDIDATE:
                if event.field == "colour":
                    self._colours = self._series_colours()
                    self._legend.set_entries(self._legend_entries())
                    self._apply_brushes()
                elif event.field == "name":
                    self._rebuild()
            elif event.field in ("name", "weight"):
                self._rebuild()
        elif isinstance(event, PropertyChanged) and event.field == "method":
            self._rebuild()

    def _on_count_changed(self, event: CountChanged) -> None:
        """Only the Overall group and the edited category's group (if shown) are touched."""
        groups = [0]
        lower_before = self._lower.copy()
        defined_before = self._defined.copy()
        self._fill_group(0, self._first_category)
        group = self._group_of.get(event.category)
        if group is not None:
            self._fill_group(group, event.category)
            groups.append(group)
        if not np.array_equal(lower_before, self._lower):
            self._apply_brushes()
            self._update_axis_labels()  # "the known valid votes" comes or goes with the withheld counts
        bottoms = self._stack_bottoms(self._values) if self._stacked else self._bottoms
        changed: list[int] = []
        for candidate, bar in enumerate(self._bars):
            heights = bar.opts["height"]
            if (
                not np.array_equal(heights, self._values[candidate])
                or (self._stacked and not np.array_equal(bar.opts["y0"], bottoms[candidate]))
            ):
                changed.append(candidate)
        self._bottoms = bottoms
        for candidate in changed:
            self._bars[candidate].setOpts(y0=self._bottoms[candidate].copy(), height=self._values[candidate].copy())
        self._set_ranges()
        if not np.array_equal(defined_before, self._defined):
            changed = list(range(len(self._bars)))  # a bar of 0 gains or loses its label
        self._update_labels(changed, groups)
        if self._series and self._series[-1].is_other:
            self._place_other_label()

    # --- mouse ----------------------------------------------------------------------------

    def _bar_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(candidate, group) of the bar under a scene position: arithmetic, no item search."""
        if self._contest is None or not self._bars or not self._view.sceneBoundingRect().contains(scene_pos):
            return None
        point = self._view.mapSceneToView(scene_pos)
        x, y = point.x(), point.y()
        group = int(np.argmin(np.abs(self._group_x - x))) if self._group_x.size else -1
        if group < 0:
            return None
        offset = x - self._group_x[group]
        if self._stacked:
            if abs(offset) > _STACK_WIDTH / 2:
                return None
            tops = self._bottoms[:, group] + self._values[:, group]
            for candidate in range(len(self._bars)):
                if self._bottoms[candidate, group] <= y <= tops[candidate] and self._values[candidate, group] > 0:
                    return candidate, group
            return None
        slot = _GROUP_SPAN / len(self._bars)
        candidate = int((offset + _GROUP_SPAN / 2) // slot)
        if not 0 <= candidate < len(self._bars):
            return None
        if y > max(self._values[candidate, group], self._y_top * 0.02):
            return None
        return candidate, group

    def tooltip_text(self, candidate: int, group: int) -> str:
        """Group, candidate, count and share with its base: what the hover tooltip says."""
        contest = self._contest
        assert contest is not None
        series = self._series[candidate]
        if series.is_other:
            where = self._group_names[group]
            value = float(self._values[candidate, group])
            if self._mode is ChartMode.COUNTS:
                shown = f"{value:,.0f} votes"
            else:
                shown = f"{value:.1f}%" if self._defined[group] else f"{UNDEFINED_SHARE} (no votes, so no share)"
            return f"{where}\n{series.name}, each with fewer votes than those drawn alone: {shown} together"
        series_index = candidate
        candidate = series.candidates[0]
        name = series.name
        category = self._category_of_group(group)
        if category is None:  # the Overall group of several categories
            votes = contest.candidate_total(candidate)
            share = overall_shares(contest)[candidate]
            where = self._group_names[0]
        else:
            count = contest.count(category, candidate)
            share = category_share(contest, category, candidate)
            where = contest.category_name(category)
            if count is None:
                return f"{where}\n{name}: {WITHHELD_SIGN} count withheld by the source (unknown)"
            votes = count
        if not bool(self._lower[series_index, group]):
            text = f"{where}\n{name}: {votes:,} votes\n{share.describe()}"
        else:
            text = (
                f"{where}\n{name}: at least {votes:,} votes (some counts withheld by the source)\n"
                f"{share.describe()}"
            )
        if (candidate_row := self._baseline_row(candidate, group)) is not None:
            text += f"\nBaseline: {candidate_row.baseline_share * 100:.1f}% ({signed_points(candidate_row.share_change_points)} points)"
        return text

    def _baseline_row(self, candidate: int, group: int):  # -> CandidateChange | None
        """The comparison's row for a bar that carries a baseline mark."""
        series = next((i for i, s in enumerate(self._series) if s.candidates == (candidate,)), None)
        if self._changes is None or series is None or (series, group) not in self._baseline_marks:
            return None
        row = self._changes.entry_change(candidate, None if group == 0 else self._shown[group - 1])
        return row if row is not None and row.share_change_points is not None else None

    def group_name_at(self, scene_pos: QPointF) -> str | None:
        """The full name of the group whose label is under a scene position (labels may be shortened)."""
        if not self._group_x.size or not self._category_axis.sceneBoundingRect().contains(scene_pos):
            return None
        x = self._view.mapSceneToView(scene_pos).x()
        group = int(np.argmin(np.abs(self._group_x - x)))
        if abs(x - self._group_x[group]) > 0.5:
            return None
        names = self._group_labels()
        return names[group] if group < len(names) else None

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        hit = self._bar_at(scene_pos)
        if hit is not None:
            QToolTip.showText(QCursor.pos(), self.tooltip_text(*hit), self._plot)
            return
        name = self.group_name_at(scene_pos)
        if name is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), name, self._plot)

    def _category_of_group(self, group: int) -> int | None:
        """The category a group draws cell by cell; None for the Overall group of several."""
        return self._shown[group - 1] if group else self._first_category

    def _on_mouse_clicked(self, event: object) -> None:
        hit = self._bar_at(event.scenePos())  # type: ignore[attr-defined]
        category = None if hit is None else self._category_of_group(hit[1])
        if category is not None:
            self.sigCategoryClicked.emit(category)


#: How far above the tallest bar the value range may stay after an edit before it shrinks
#: back to it (the range grows with 5% to spare, so a bar typed up stays within it).
_SHRINK_SLACK = 1.1

#: (scale of the tick font, most lines) tried in turn for the category names, until every
#: name fits whole; the last is used, shortening names where a word ends, when none does.
_CATEGORY_LABEL_FITS = ((1.0, 2), (0.9, 2), (0.8, 2), (0.8, 3))


def _break_points(name: str) -> list[str]:
    """``name`` in the pieces a line may end after: words, and a word's part up to a '/'
    ("Dona Ana /", "PCT 057"; "Ana/" then "PCT"), never inside a syllable."""
    pieces: list[str] = []
    for word in name.split():
        if word == "/" and pieces:  # "Dona Ana / PCT 057": the line ends after the slash
            pieces[-1] += " /"
            continue
        parts = word.split("/")
        pieces += [part + "/" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return pieces


def _joined(pieces: Sequence[str]) -> str:
    text = ""
    for piece in pieces:
        text += piece if not text or text.endswith("/") and not text.endswith(" /") else " " + piece
    return text


def _wrap(name: str, metrics: QFontMetricsF, width: float, max_lines: int = 2) -> str:
    """``name`` in at most ``max_lines`` lines of ``width`` pixels.

    Lines break only between words or after a '/', never inside a word. A name that needs
    more lines keeps its first lines and its end, cut in the middle with an ellipsis
    ("Dona Ana /\n…PRECINCT 125"): names of one county's precincts then still differ. A
    word wider than a line keeps its start ("Northampto…"). The full name is in
    the tooltip and the exported data.
    """
    if metrics.horizontalAdvance(name) <= width:
        return name
    if max_lines >= 2 and "/" in name:
        # "Dona Ana /" over "PRECINCT 125": at the slash where both halves fit.
        cut = name.rindex("/") + 1
        head, tail = name[:cut].strip(), name[cut:].strip()
        if tail and all(metrics.horizontalAdvance(part) <= width for part in (head, tail)):
            return f"{head}\n{tail}"
    lines: list[str] = []
    current: list[str] = []
    for piece in _break_points(name):
        if current and metrics.horizontalAdvance(_joined([*current, piece])) > width:
            lines.append(_joined(current))
            current = []
        current.append(piece)
    lines.append(_joined(current))
    # A line a single word wider than the line: its start kept ("Richm…", "Cambridg…"),
    # which names a place better than its two ends ("Ri…nd").
    last = lines[-1]
    lines = [line if metrics.horizontalAdvance(line) <= width else metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
             for line in lines]
    if len(lines) > max_lines:
        # The first lines, then the end of the name after an ellipsis: where names share a
        # beginning (precincts of one county), their ends tell them apart.
        head = lines[: max_lines - 1]
        tail = "…" + last
        if metrics.horizontalAdvance(tail) > width:
            # The end that fits after an ellipsis (Qt adds none where the text fits whole).
            end = metrics.elidedText(last, Qt.TextElideMode.ElideLeft, width - metrics.horizontalAdvance("…"))
            tail = "…" + end.lstrip("…")
        lines = [*head, tail]
    return "\n".join(lines)


def _cuts_a_word(label: str) -> bool:
    """Whether a wrapped label cuts a word to less than three letters each side of its
    ellipsis ("Wa…ge" names nothing; "Bed…ire" and "…PRECINCT 125" still do)."""
    for line in label.split("\n"):
        inner = line.lstrip("…")
        if inner != line and len(inner.split(" ")[0]) < 3:  # "…am" says nothing
            return True
        if "…" in inner:
            before, after = inner.split("…", 1)
            if len(before.split(" ")[-1]) < 3 or (after and len(after.split(" ")[0]) < 3):
                return True
    return False


def _fits_whole(name: str, metrics: QFontMetricsF, width: float, max_lines: int) -> bool:
    """Whether ``name`` fits in ``max_lines`` lines of ``width`` without being shortened."""
    shown = _wrap(name, metrics, width, max_lines)
    return "…" not in shown and "".join(shown.split()) == "".join(name.split())
