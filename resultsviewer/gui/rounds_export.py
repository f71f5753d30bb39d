"""Exporting rounds for print: one round, all rounds as small multiples, or the transfers.

The same devices as :mod:`.export` (QImage for PNG, QSvgGenerator at 96 dpi for SVG,
QPdfWriter for PDF, all vector but PNG, with real text) and the same title, subtitle and
source layout; the figure is painted by :mod:`.rounds_chart`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from resultsviewer.core.atomic import atomic_write
from resultsviewer.core.contest import Contest
from resultsviewer.core.counts import quantity
from resultsviewer.core.describe import CHART_FORMATS, chart_format_for_path, rounds_data_csv
from resultsviewer.core.errors import SaveError
from resultsviewer.core.export_metadata import (
    ExportMetadata,
    ExportOptions,
    add_svg_metadata,
    export_metadata,
    xmp_packet,
)
from resultsviewer.core.rounds import RoundResult

from .export import _layout_texts, _picture_dpi, _svg_font_fallbacks, _text_scale
from .rounds_chart import (
    RoundDrawing,
    contest_colours,
    paint_round,
    paint_small_multiples,
    paint_transfers,
    round_colours,
    round_height,
)


@dataclass(frozen=True)
class RoundsFigure:
    """What to draw: ``round`` is a number, ``first``, ``final`` or ``all``; ``transfers``
    draws the flow diagram instead."""

    round: str = "final"
    transfers: bool = False

    def round_number(self, result: RoundResult) -> int | None:
        """The round to draw; None for all of them."""
        if self.round == "all":
            return None
        if self.round == "first":
            return 1
        if self.round == "final":
            return len(result.rounds)
        try:
            number = int(self.round)
        except ValueError:
            raise ValueError(f"--round takes a round number, first, final or all, not {self.round!r}") from None
        if not 1 <= number <= len(result.rounds):
            raise ValueError(f"there is no round {number}: this count has rounds 1 to {len(result.rounds)}")
        return number

    def subtitle(self, result: RoundResult) -> str:
        count = len(result.rounds)
        if self.transfers:
            return f"Where the votes went, round by round (instant runoff, {quantity(count, 'round')})"
        number = self.round_number(result)
        if number is None:
            return f"Every round of the instant runoff ({quantity(count, 'round')})"
        which = " (first preferences)" if number == 1 else " (final)" if number == count else ""
        return f"Round {number} of {count}{which}: votes of the candidates still counting"

    def name_suffix(self, result: RoundResult) -> str:
        if self.transfers:
            return "transfers"
        number = self.round_number(result)
        return "rounds" if number is None else f"round{number}"


def _options(contest: Contest, figure: RoundsFigure, options: ExportOptions) -> ExportOptions:
    result = contest.rounds
    assert result is not None
    source = options.source if options.source is not None else " ".join(
        part for part in (f"Source: {result.source}." if result.source else "", result.summary()) if part
    )
    return replace(
        options,
        title=options.title if options.title is not None else contest.title,
        subtitle=options.subtitle if options.subtitle is not None else figure.subtitle(result),
        source=source,
    )


_ROUND_TEXT_PX = 17  # a round's text at 1,600 x 900 and over, in logical pixels


def fitted_to_bars(contest: Contest, figure: RoundsFigure, options: ExportOptions) -> ExportOptions:
    """One round's figure no taller than its bars need, at the type of the size asked for.

    A final round of two candidates drew three bars at the top of a 1,000 px figure and
    left its lower half empty. Rounds too many for the height, all the rounds and the
    transfers keep the height asked for."""
    result = contest.rounds
    if result is None or figure.transfers:
        return options
    number = figure.round_number(result)
    if number is None:
        return options
    scale = _text_scale(options)
    _, _, chart_rect = _layout_texts(_options(contest, figure, options))
    around = options.height - chart_rect.height()  # title, subtitle, source and margins
    text_px = _ROUND_TEXT_PX * scale
    needed = math.ceil(around + round_height(result, number, text_px=text_px, width=chart_rect.width() - text_px))
    if needed >= options.height:
        return options
    return replace(options, height=max(needed, 150), text_scale=scale)


def paint_rounds_figure(painter: QPainter, contest: Contest, figure: RoundsFigure, options: ExportOptions) -> list[RoundDrawing]:
    """The whole figure in logical pixels on any painter; returns what each round's bars
    drew where (none for the transfers)."""
    result = contest.rounds
    if result is None:
        raise ValueError(f"{contest.title} has no rounds")
    options = _options(contest, figure, options)
    top, bottom, chart_rect = _layout_texts(options)
    painter.fillRect(QRectF(0, 0, options.width, options.height), QColor("#ffffff"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    for block in top + bottom:
        painter.setFont(block.font)
        painter.setPen(QColor(block.colour))
        painter.drawText(block.rect, flags, block.text)
    colours = round_colours(result, contest_colours(contest))
    text_px = _ROUND_TEXT_PX * _text_scale(options)
    area = chart_rect.adjusted(text_px * 0.5, 0, -text_px * 0.5, 0)
    if figure.transfers:
        paint_transfers(painter, area, result, colours, text_px=text_px)
        return []
    number = figure.round_number(result)
    if number is None:
        return paint_small_multiples(painter, area, result, colours, text_px=text_px * 0.8)
    return [paint_round(painter, area, result, number, colours, text_px=text_px)]


def rounds_image(contest: Contest, figure: RoundsFigure, options: ExportOptions) -> QImage:
    image = QImage(options.width * options.scale, options.height * options.scale, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        painter.scale(options.scale, options.scale)
        paint_rounds_figure(painter, contest, figure, options)
    finally:
        painter.end()
    dots_per_metre = int(round(96 * options.scale / 0.0254))
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    meta = _metadata(contest, figure, options)
    image.setText("Description", meta.description)
    image.setText("Title", meta.title)
    image.setText("Source", meta.source)
    image.setText("Software", meta.creator)
    image.setText("Contest-SHA256", meta.sha256)
    return image


def _metadata(contest: Contest, figure: RoundsFigure, options: ExportOptions) -> ExportMetadata:
    """The file's metadata, its description saying what this figure shows (not the first round's bars)."""
    result = contest.rounds
    assert result is not None
    meta = export_metadata(contest, _options(contest, figure, options))
    number = None if figure.transfers else figure.round_number(result)
    # What the bars show, in words: the round drawn, or each round of the small multiples.
    shown = [] if figure.transfers else [result.round_in_words(n) for n in ([number] if number else range(1, len(result.rounds) + 1))]
    return replace(meta, description=" ".join([f"{figure.subtitle(result)}. {result.summary()}", *shown]))


def _buffer() -> tuple[QByteArray, QBuffer]:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return data, buffer


def rounds_bytes(contest: Contest, figure: RoundsFigure, options: ExportOptions, file_format: str) -> bytes:
    """The figure as ``png``, ``svg`` or ``pdf`` bytes."""
    if file_format == "png":
        data, buffer = _buffer()
        if not rounds_image(contest, figure, options).save(buffer, "PNG"):
            raise RuntimeError("Qt could not encode the PNG")
        buffer.close()
        return bytes(data.data())
    meta = _metadata(contest, figure, options)
    data, buffer = _buffer()
    if file_format == "svg":
        device = QSvgGenerator()
        device.setOutputDevice(buffer)
        device.setResolution(_picture_dpi())
        device.setSize(QSize(options.width, options.height))
        device.setViewBox(QRect(0, 0, options.width, options.height))
        device.setTitle(meta.title)
        device.setDescription(meta.description)
        painter = QPainter(device)
        factor = 1.0
    elif file_format == "pdf":
        device = QPdfWriter(buffer)
        device.setResolution(_picture_dpi())
        page = QPageSize(QSizeF(options.width * 72 / options.dpi, options.height * 72 / options.dpi), QPageSize.Unit.Point, "chart")
        device.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        device.setTitle(meta.title)
        device.setCreator(meta.creator)
        device.setDocumentXmpMetadata(xmp_packet(meta))
        painter = QPainter(device)
        factor = _picture_dpi() / options.dpi
    else:
        raise ValueError(f"the format must be one of {', '.join(CHART_FORMATS)}, not {file_format!r}")
    try:
        painter.scale(factor, factor)
        paint_rounds_figure(painter, contest, figure, options)
    finally:
        painter.end()
    buffer.close()
    out = bytes(data.data())
    return add_svg_metadata(_svg_font_fallbacks(out), meta) if file_format == "svg" else out


def rounds_file_bytes(contest: Contest, path: str | os.PathLike[str], figure: RoundsFigure,
                      options: ExportOptions | None = None, *, fit_height: bool = False) -> bytes:
    """The figure's bytes in the format ``options.format`` or ``path``'s extension names
    (SaveError for neither); ``fit_height`` as for :func:`export_rounds`."""
    options = options or ExportOptions()
    if fit_height:
        options = fitted_to_bars(contest, figure, options)
    file_format = options.format or chart_format_for_path(path)
    if file_format is None:
        raise SaveError(str(path), f"cannot tell the format from the extension; use {', '.join('.' + f for f in CHART_FORMATS)}")
    return rounds_bytes(contest, figure, options, file_format)


def rounds_data_bytes(contest: Contest, figure: RoundsFigure) -> bytes:
    """The numbers the figure draws as CSV bytes (:func:`~resultsviewer.core.describe.rounds_data_csv`):
    the round drawn, or every round for all the rounds and for the transfers."""
    result = contest.rounds
    if result is None:
        raise ValueError(f"{contest.title} has no rounds")
    number = None if figure.transfers else figure.round_number(result)
    return rounds_data_csv(result, number).encode("utf-8")


def export_rounds(contest: Contest, path: str | os.PathLike[str], figure: RoundsFigure,
                  options: ExportOptions | None = None, *, fit_height: bool = False) -> Path:
    """Write the figure to ``path`` atomically; raises SaveError naming the file.
    ``fit_height``: one round's figure is cut to the height its bars need (see
    :func:`fitted_to_bars`), for a height that was not asked for."""
    target = Path(path)
    atomic_write(target, rounds_file_bytes(contest, target, figure, options, fit_height=fit_height))
    return target


__all__ = [
    "RoundsFigure",
    "export_rounds",
    "fitted_to_bars",
    "paint_rounds_figure",
    "rounds_bytes",
    "rounds_data_bytes",
    "rounds_file_bytes",
    "rounds_image",
]
