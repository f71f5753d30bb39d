"""What an exported chart says about itself, without Qt: the export's options and default
texts, and the metadata every file carries (title, source, the app's version and a
SHA-256 of the contest's native serialisation) as SVG ``<metadata>`` and PDF XMP.

The drawing is ``gui/export.py``'s; the words and the XML are here, where the command
line and tests can read them without a display.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from html import escape as _html_escape

from resultsviewer import __version__

from .change_texts import change_alt_text, change_source, change_subtitle
from .compare import Changes
from .contest import Contest
from .describe import CHART_FORMATS, alt_text
from .formats import native
from .methods import count
from .palette import DEFAULT_PALETTE
from .seat_charts import ChartKind, seats_alt_text, seats_figure
from .view_data import ChartMode, date_in_words, overall_label, shown_categories


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (xml.sax.saxutils.escape's, without its import
    of urllib and http: some 35 ms of the window's start)."""
    return _html_escape(text, quote=False)

APP_NAME = "Results Viewer"


@dataclass
class ExportOptions:
    """What to export and how; None texts are filled from the contest (see :meth:`for_contest`)."""

    #: The figure's size in logical pixels (CSS pixels, 96 per inch).
    width: int = 1600
    height: int = 1000
    #: PNG and clipboard: device pixels per logical pixel (2 or 3 for high-DPI screens).
    scale: int = 1
    #: PDF: pixels per inch of the page, so the page is width/dpi inches wide (a 1,600 px
    #: chart at 150 dpi is a 10.7 inch page); everything stays vector.
    dpi: int = 150
    mode: ChartMode = ChartMode.COUNTS
    stacked: bool = False
    title: str | None = None
    subtitle: str | None = None
    source: str | None = None
    #: ``png``, ``svg`` or ``pdf``; None takes it from the file name.
    format: str | None = None
    #: The categories to draw (None: as the chart chooses, the largest when there are many).
    categories: list[int] | None = field(default=None)
    #: Which chart: votes, seats (or electoral votes) or the parliament diagram.
    kind: ChartKind = ChartKind.VOTES
    #: Count parties rather than candidates (the seats charts, the subtitle and alt text).
    by_party: bool = False
    #: A comparison with a baseline (core.compare.Changes): draw the change chart instead.
    changes: Changes | None = field(default=None, compare=False)
    #: A comparison with a baseline: the ordinary chart, with a line across each bar at its
    #: figure in the baseline, and both sources in the source line.
    baseline_marks: Changes | None = field(default=None, compare=False)
    #: The type's scale, when it must not follow the size (a figure cut to the height its
    #: bars need keeps the type of the size asked for); None: from the size.
    text_scale: float | None = None

    def __post_init__(self) -> None:
        self.width = int(self.width)
        self.height = int(self.height)
        self.scale = int(self.scale)
        self.dpi = int(self.dpi)
        self.mode = ChartMode(self.mode)
        self.kind = ChartKind(self.kind)
        if not 200 <= self.width <= 20000 or not 150 <= self.height <= 20000:
            raise ValueError(f"a chart must be 200 to 20,000 pixels wide and 150 to 20,000 high, not {self.width}x{self.height}")
        if self.scale not in (1, 2, 3):
            raise ValueError(f"the scale must be 1, 2 or 3, not {self.scale}")
        if not 36 <= self.dpi <= 2400:
            raise ValueError(f"the PDF resolution must be 36 to 2400 dpi, not {self.dpi}")
        if self.format is not None and self.format not in CHART_FORMATS:
            raise ValueError(f"the format must be one of {', '.join(CHART_FORMATS)}, not {self.format!r}")

    @classmethod
    def for_contest(cls, contest: Contest, **changes: object) -> ExportOptions:
        """Options with the title, subtitle and source filled from the contest (for a dialog)."""
        options = cls(**changes)  # type: ignore[arg-type]
        return options.resolved(contest)

    def resolved(self, contest: Contest) -> ExportOptions:
        """A copy with every None text replaced by the contest's own."""
        if self.changes is not None:
            subtitle, source = change_subtitle(contest, self.changes, date_in_words), change_source(contest, self.changes)
        else:
            subtitle, source = default_subtitle(contest, self.mode, self.kind, self.by_party), default_source(contest)
            if self.baseline_marks is not None and self.kind is ChartKind.VOTES:
                source = change_source(contest, self.baseline_marks)
        return replace(
            self,
            title=self.title if self.title is not None else contest.title,
            subtitle=self.subtitle if self.subtitle is not None else subtitle,
            source=self.source if self.source is not None else source,
        )


def default_subtitle(
    contest: Contest, mode: ChartMode = ChartMode.COUNTS, kind: ChartKind = ChartKind.VOTES, by_party: bool = False
) -> str:
    """The deciding result in words, then what is drawn, the date and the status:
    ``Jeremy Corbyn wins with 61.8%, margin ... · Valid votes, overall and by category · 24 September 2016 · final result``."""
    outcome = count(contest, by_party=by_party)
    if ChartKind(kind) is ChartKind.VOTES:
        what = "Share of the valid votes" if ChartMode(mode) is ChartMode.SHARE else "Valid votes"
        if contest.inexact_cells and ChartMode(mode) is ChartMode.SHARE:
            what = "Share of the known valid votes"  # some counts are withheld
        # One category is drawn alone, as the Overall group (view_data.overall_label).
        what += ", overall and by category" if contest.category_count > 1 else f": {overall_label(contest)}"
    elif outcome.unit == "votes":
        what = "No seats: the contest is decided by votes"
    else:
        what = f"{outcome.unit.capitalize()} won" + (" (parliament diagram)" if ChartKind(kind) is ChartKind.PARLIAMENT else "")
    parts = [outcome.sentence, what]
    if contest.date and date_in_words(contest.date) not in contest.title:  # said once
        parts.append(date_in_words(contest.date))
    if contest.status is not None:  # an unknown status is not printed
        parts.append(f"{contest.status.value} result")
    return " · ".join(parts)


def default_source(contest: Contest) -> str:
    return f"Source: {contest.source}" if contest.source else ""


def contest_sha256(contest: Contest) -> str:
    """SHA-256 of the contest's native serialisation (the bytes Save writes to a .results.json):
    names the exact data a chart shows.

    The text is hashed as it is encoded, a few thousand pieces at a time, never whole: joined,
    the pieces of a million categories took 6 GB.
    """
    digest = hashlib.sha256()
    pieces: list[str] = []
    for piece in native.encoder().iterencode(native.to_document(contest)):
        pieces.append(piece)
        if len(pieces) == 8192:
            digest.update("".join(pieces).encode("utf-8"))
            pieces.clear()
    pieces.append("\n")
    digest.update("".join(pieces).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class ExportMetadata:
    title: str
    source: str
    description: str
    creator: str
    sha256: str


def export_metadata(contest: Contest, options: ExportOptions) -> ExportMetadata:
    resolved = options.resolved(contest)
    source = contest.source or ""
    if options.changes is not None:
        source = change_source(contest, options.changes).removeprefix("Source: ")
        description = change_alt_text(options.changes)
    elif options.kind is ChartKind.VOTES:
        description = alt_text(contest, options.mode, options.stacked, shown_categories(contest, options.categories))
        if options.baseline_marks is not None:
            source = change_source(contest, options.baseline_marks).removeprefix("Source: ")
            description += f" {change_alt_text(options.baseline_marks)}"
    else:
        outcome = count(contest, by_party=options.by_party)
        description = seats_alt_text(seats_figure(outcome, DEFAULT_PALETTE), options.kind, resolved.title or contest.title)
    return ExportMetadata(
        title=resolved.title or contest.title,
        source=source,
        description=description,
        creator=f"{APP_NAME} {__version__}",
        sha256=contest_sha256(contest),
    )


_FONT_FAMILY = re.compile(rb'font-family="([^"]*)"')


def svg_font_fallbacks(svg: bytes, family: str) -> bytes:
    """``font-family="DejaVu Sans, Arial, Helvetica, sans-serif"``: Qt writes one family
    (or its alias "Sans Serif", which no browser knows), and a reader without that font
    would otherwise get a serif default with other widths. ``family`` is the one the
    alias resolved to when the figure was drawn."""
    resolved = family.encode("utf-8")

    def widen(match: re.Match[bytes]) -> bytes:
        family = match.group(1)
        if family.lower() in (b"sans serif", b"sans-serif", b""):
            family = resolved
        return b'font-family="' + family + b', Arial, Helvetica, sans-serif"'

    return _FONT_FAMILY.sub(widen, svg)


def add_svg_metadata(svg: bytes, meta: ExportMetadata) -> bytes:
    """Dublin Core ``<metadata>`` after ``<desc>``: source, creator and the data's hash."""
    block = (
        "<metadata>"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<rdf:Description rdf:about="">'
        f"<dc:title>{escape(meta.title)}</dc:title>"
        f"<dc:source>{escape(meta.source)}</dc:source>"
        f"<dc:creator>{escape(meta.creator)}</dc:creator>"
        f"<dc:identifier>sha256:{meta.sha256}</dc:identifier>"
        "</rdf:Description></rdf:RDF></metadata>\n"
    ).encode()
    marker = b"</desc>"
    position = svg.find(marker)
    if position < 0:
        raise RuntimeError("Qt's SVG has no <desc> to put the metadata after")
    position += len(marker)
    return svg[:position] + b"\n" + block + svg[position:]


def xmp_packet(meta: ExportMetadata) -> bytes:
    """The PDF's XMP metadata: title, description, source, the data's hash, creator."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.description)}</rdf:li></rdf:Alt></dc:description>'
        f"<dc:source>{escape(meta.source)}</dc:source>"
        f"<dc:identifier>sha256:{meta.sha256}</dc:identifier>"
        f"<xmp:CreatorTool>{escape(meta.creator)}</xmp:CreatorTool>"
        f"<pdf:Producer>{escape(meta.creator)}</pdf:Producer>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()


__all__ = [
    "ExportMetadata",
    "ExportOptions",
    "add_svg_metadata",
    "contest_sha256",
    "default_source",
    "default_subtitle",
    "export_metadata",
    "svg_font_fallbacks",
    "xmp_packet",
]
