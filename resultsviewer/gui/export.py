"""Publication-quality chart export: PNG, SVG, PDF and the clipboard, one rendering path.

:func:`paint_figure` lays out a title, a subtitle, the :class:`ResultsChart` in its
print theme and a source line, and paints them with a ``QPainter`` in logical pixels;
each format only chooses the device: a ``QImage`` (PNG, clipboard), a ``QSvgGenerator``
at 96 dpi (SVG) or a ``QPdfWriter`` (PDF), so SVG and PDF are vector with real,
selectable text. pyqtgraph's own SVG exporter fails under Qt 6.12 (pyqtgraph #3495),
which is why the scene is rendered through Qt's generators instead.

No dialog lives here: the window and ``resultsviewer export`` call the same functions.
Every file carries where it came from: title, source, the app's version and a SHA-256
of the contest's native serialisation (PNG text chunks, SVG ``<title>``/``<desc>``/
``<metadata>``, PDF info and XMP); the options, the texts and that metadata are the
core's (:mod:`resultsviewer.core.export_metadata`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QRectF, QSize, QSizeF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPicture,
)
from PySide6.QtSvg import QSvgGenerator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from resultsviewer.core.atomic import atomic_write, atomic_write_all, check_target  # noqa: E402
from resultsviewer.core.change_texts import change_data_csv  # noqa: E402
from resultsviewer.core.contest import Contest, Method  # noqa: E402
from resultsviewer.core.describe import (  # noqa: E402
    CHART_FORMATS,
    chart_data_csv,
    chart_format_for_path,
    seats_data_csv,
    shown_categories,
)
from resultsviewer.core.errors import SaveError  # noqa: E402
from resultsviewer.core.export_metadata import (  # noqa: E402
    ExportOptions,
    add_svg_metadata,
    contest_sha256,
    default_source,
    default_subtitle,
    export_metadata,
    svg_font_fallbacks,
    xmp_packet,
)
from resultsviewer.core.methods import count, electoral_votes_caveat  # noqa: E402
from resultsviewer.core.palette import DEFAULT_PALETTE  # noqa: E402
from resultsviewer.core.seat_charts import ChartKind, seats_figure  # noqa: E402
from resultsviewer.core.tally import withheld_note  # noqa: E402
from resultsviewer.core.view_data import ChartMode  # noqa: E402

from .change_chart import paint_change_chart  # noqa: E402
from .chart import MUTED_TEXT, TEXT_COLOUR, ResultsChart, print_font  # noqa: E402
from .seats_chart import paint_seats  # noqa: E402
from .text_lines import balanced_lines  # noqa: E402

# --- the one rendering path ---------------------------------------------------------------


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("chart export needs a QApplication (resultsviewer export makes one)")
    return app  # type: ignore[return-value]


def _text_scale(options: ExportOptions) -> float:
    """Type grows with the figure, so a 3,200 px chart reads like a 1,600 px one enlarged."""
    if options.text_scale is not None:
        return options.text_scale
    return max(0.55, min(options.width / 1600, options.height / 900, 3.0))


@dataclass
class _Block:
    text: str
    font: QFont
    colour: str
    rect: QRectF


def _layout_texts(options: ExportOptions, notes: Sequence[str] = ()) -> tuple[list[_Block], list[_Block], QRectF]:
    """The title and subtitle above; the notes (counts withheld...) and the source below;
    the rectangle left for the chart."""
    scale = _text_scale(options)
    margin = 28 * scale
    inner = options.width - 2 * margin
    flags = int(Qt.TextFlag.TextWordWrap)
    top: list[_Block] = []
    y = margin
    for text, font, colour, gap in (
        (options.title or "", print_font(34 * scale, bold=True), TEXT_COLOUR, 6 * scale),
        (options.subtitle or "", print_font(21 * scale), MUTED_TEXT, 14 * scale),
    ):
        if not text:
            continue
        if font.bold():
            # The title breaks into lines of about equal length, not a last word alone
            # ("… SANTA FE COUNCIL" over "4"); a little narrower, so Qt breaks nowhere else.
            text = "\n".join("\n".join(balanced_lines(part, QFontMetricsF(font), inner - 1)) for part in text.split("\n"))
        height = QFontMetricsF(font).boundingRect(QRectF(0, 0, inner, 10_000), flags, text).height()
        top.append(_Block(text, font, colour, QRectF(margin, y, inner, height)))
        y += height + gap
    bottom: list[_Block] = []
    y_bottom = options.height - margin * 0.8
    if options.source:
        font = print_font(15 * scale)
        height = QFontMetricsF(font).boundingRect(QRectF(0, 0, inner, 10_000), flags, options.source).height()
        y_bottom -= height
        bottom.append(_Block(options.source, font, MUTED_TEXT, QRectF(margin, y_bottom, inner, height)))
        y_bottom -= 12 * scale
    for note in reversed([note for note in notes if note]):
        font = print_font(16 * scale, bold=True)
        height = QFontMetricsF(font).boundingRect(QRectF(0, 0, inner, 10_000), flags, note).height()
        y_bottom -= height
        bottom.append(_Block(note, font, NOTE_COLOUR, QRectF(margin, y_bottom, inner, height)))
        y_bottom -= 8 * scale
    chart = QRectF(margin * 0.5, y, options.width - margin, max(y_bottom - y, 80.0))
    return top, bottom, chart


def prepare_chart(contest: Contest, options: ExportOptions, size: QSize) -> ResultsChart:
    """A print-theme chart of ``contest`` laid out at ``size`` (shown off screen, events processed).

    pyqtgraph computes its layout only for a shown widget: without this the scene has
    size 0 and nothing is drawn.
    """
    app = _application()
    chart = ResultsChart(print_theme=True)
    chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    chart.set_text_size(int(round(18 * _text_scale(options))))
    chart.set_mode(options.mode)
    chart.set_stacked(options.stacked)
    if options.categories is not None:
        chart.set_shown_categories(options.categories)
    chart.set_contest(contest)
    if options.baseline_marks is not None:
        chart.set_baseline_changes(options.baseline_marks)
    chart.resize(size)
    chart.show()
    # One pass is enough: the legend's rows and the axes' sizes settle in the same
    # round of events (a second pass gave identical images).
    app.processEvents()
    return chart


#: Notes printed under a chart: they change how its bars must be read.
NOTE_COLOUR = "#8a1c12"


def figure_notes(contest: Contest, mode: ChartMode = ChartMode.COUNTS) -> list[str]:
    """What must be printed on the image itself: where counts are withheld, and what the
    bars outlined in dashes mean; for electoral votes, what they leave out (faithless
    electors, the district electors of Maine and Nebraska)."""
    shares = ChartMode(mode) is ChartMode.SHARE
    notes = []
    note = withheld_note(contest, shares=shares)
    if note is not None:
        bars = "dashed bars hold withheld counts" if shares else "dashed bars are at least their height"
        notes.append(f"{note}; {bars}")
    if contest.method is Method.ELECTORAL_VOTES:
        # The title and subtitle give electoral votes whatever the chart: how they are given.
        notes.append(electoral_votes_caveat(contest))
    return notes


def paint_figure(painter: QPainter, contest: Contest, options: ExportOptions) -> None:
    """Paint the whole figure in logical pixels (0..width x 0..height) on any painter."""
    options = options.resolved(contest)
    top, bottom, chart_rect = _layout_texts(options, figure_notes(contest, options.mode))
    painter.fillRect(QRectF(0, 0, options.width, options.height), QColor("#ffffff"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    for block in top + bottom:
        painter.setFont(block.font)
        painter.setPen(QColor(block.colour))
        painter.drawText(block.rect, flags, block.text)
    if options.changes is not None:
        paint_change_chart(painter, chart_rect.adjusted(chart_rect.x(), 0, 0, 0), options.changes, _text_scale(options), axis_title=False)
        return
    if options.kind is not ChartKind.VOTES:
        figure = seats_figure(count(contest, by_party=options.by_party), DEFAULT_PALETTE)
        paint_seats(painter, chart_rect.adjusted(12, 8, -12, -8), figure, options.kind, 18 * _text_scale(options))
        return
    chart = prepare_chart(contest, options, QSize(int(chart_rect.width()), int(chart_rect.height())))
    try:
        item = chart.plot_widget().getPlotItem()
        source = item.sceneBoundingRect()
        target = QRectF(chart_rect.x(), chart_rect.y(), source.width(), source.height())
        chart.plot_widget().scene().render(painter, target, source)
    finally:
        chart.set_contest(None)
        chart.hide()
        chart.deleteLater()


# --- devices --------------------------------------------------------------------------------


def render_image(contest: Contest, options: ExportOptions | None = None) -> QImage:
    """The figure as an image (PNG export and the clipboard), with its metadata as text."""
    options = options or ExportOptions()
    image = QImage(options.width * options.scale, options.height * options.scale, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    _match_picture_dpi(image)
    painter = QPainter(image)
    try:
        painter.scale(options.scale, options.scale)
        paint_figure(painter, contest, options)
    finally:
        painter.end()
    # Only now: the file says 96 dpi x scale, so it prints at its logical size.
    dots_per_metre = int(round(96 * options.scale / 0.0254))
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    meta = export_metadata(contest, options)
    image.setText("Title", meta.title)
    image.setText("Description", meta.description)
    image.setText("Source", meta.source)
    image.setText("Software", meta.creator)
    image.setText("Contest-SHA256", meta.sha256)
    return image


def _picture_dpi() -> int:
    """The resolution QPicture records at (the screen's logical dpi).

    pyqtgraph draws axes and multi-coloured bars through a QPicture, and a QPicture played
    on a device of another resolution is rescaled: painting devices must share its dpi.
    """
    return QPicture().logicalDpiX()


def _match_picture_dpi(image: QImage) -> None:
    dots_per_metre = int(round(_picture_dpi() / 0.0254))
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)


def png_bytes(contest: Contest, options: ExportOptions) -> bytes:
    image = render_image(contest, options)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode the PNG")
    buffer.close()
    return bytes(data.data())


def svg_bytes(contest: Contest, options: ExportOptions) -> bytes:
    meta = export_metadata(contest, options)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    # 96 dpi (one SVG px per logical px) wherever the screen is 96 dpi, as offscreen is.
    generator.setResolution(_picture_dpi())
    generator.setSize(QSize(options.width, options.height))
    generator.setViewBox(QRect(0, 0, options.width, options.height))
    generator.setTitle(meta.title)
    generator.setDescription(meta.description)
    painter = QPainter(generator)
    try:
        paint_figure(painter, contest, options)
    finally:
        painter.end()
    buffer.close()
    return add_svg_metadata(_svg_font_fallbacks(bytes(data.data())), meta)


def _svg_font_fallbacks(svg: bytes) -> bytes:
    return svg_font_fallbacks(svg, QFontInfo(QFont()).family())


def pdf_bytes(contest: Contest, options: ExportOptions) -> bytes:
    meta = export_metadata(contest, options)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    device_dpi = _picture_dpi()
    writer.setResolution(device_dpi)
    page = QPageSize(
        QSizeF(options.width * 72 / options.dpi, options.height * 72 / options.dpi), QPageSize.Unit.Point, "chart"
    )
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(meta.title)
    writer.setCreator(meta.creator)
    writer.setDocumentXmpMetadata(xmp_packet(meta))
    painter = QPainter(writer)
    try:
        factor = device_dpi / options.dpi
        painter.scale(factor, factor)
        paint_figure(painter, contest, options)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


_ENCODERS = {"png": png_bytes, "svg": svg_bytes, "pdf": pdf_bytes}


def export_bytes(contest: Contest, options: ExportOptions, file_format: str) -> bytes:
    """The exported file's bytes in ``png``, ``svg`` or ``pdf``."""
    return _ENCODERS[file_format](contest, options)


def export_chart(contest: Contest, path: str | os.PathLike[str], options: ExportOptions | None = None) -> Path:
    """Write the chart to ``path`` atomically (format from ``options.format`` or the extension).

    Raises :class:`SaveError` naming the file when the format is unknown or it cannot be
    written; a failed export leaves any old file whole.
    """
    options = options or ExportOptions()
    target = Path(path)
    atomic_write(target, export_bytes(contest, options, chart_file_format(target, options)))
    return target


def data_bytes(contest: Contest, options: ExportOptions | None = None) -> bytes:
    """The exact numbers behind the chart as CSV bytes: what the chart draws.

    A change chart gives its changes; a seats, parliament or electoral-votes chart the
    seats or electoral votes of each candidate beside their votes; a votes chart a row
    per bar."""
    options = options or ExportOptions()
    if options.changes is not None:
        return change_data_csv(options.changes).encode("utf-8")
    if options.kind is not ChartKind.VOTES:
        return seats_data_csv(count(contest, by_party=options.by_party)).encode("utf-8")
    shown = shown_categories(contest, options.categories)
    return chart_data_csv(contest, shown).encode("utf-8")


def export_data(contest: Contest, path: str | os.PathLike[str], options: ExportOptions | None = None) -> Path:
    """Write the exact numbers behind the chart as CSV (``--with-data``), atomically."""
    target = Path(path)
    atomic_write(target, data_bytes(contest, options))
    return target


def chart_file_format(path: str | os.PathLike[str], options: ExportOptions) -> str:
    """``options.format`` or the one ``path``'s extension names; SaveError for neither."""
    file_format = options.format or chart_format_for_path(path)
    if file_format is None:
        raise SaveError(str(path), f"cannot tell the format from the extension; use {', '.join('.' + f for f in CHART_FORMATS)}")
    return file_format


def export_chart_and_data(contest: Contest, path: str | os.PathLike[str], options: ExportOptions | None = None) -> tuple[Path, Path]:
    """Write the chart and, beside it, its numbers as CSV (same name, ``.csv``) as one save:
    both are made in memory and both targets checked before either replaces an old file,
    so a refusal of either (a folder or a FIFO where the CSV goes) leaves both old files
    as they were. Raises :class:`SaveError` naming the file at fault."""
    options = options or ExportOptions()
    target = Path(path)
    data_path = target.with_suffix(".csv")
    check_target(target)
    check_target(data_path)
    chart = export_bytes(contest, options, chart_file_format(target, options))
    atomic_write_all([(target, chart), (data_path, data_bytes(contest, options))])
    return target, data_path


__all__ = [
    "ExportOptions",
    "contest_sha256",
    "default_source",
    "default_subtitle",
    "chart_file_format",
    "data_bytes",
    "export_bytes",
    "export_chart",
    "export_chart_and_data",
    "export_data",
    "paint_figure",
    "prepare_chart",
    "render_image",
]
