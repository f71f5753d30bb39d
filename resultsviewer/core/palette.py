"""The colours of candidates: their own, else their party's, else a colour-blind-safe palette.

Qt-free, so that the table, the chart, the export and the command line colour a
candidate the same way.
"""

from __future__ import annotations

from .contest import Contest
from .parties import display_colours

#: Okabe-Ito (colour-blind safe), then Paul Tol's "muted" for the ninth candidate on.
DEFAULT_PALETTE: tuple[str, ...] = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000",
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255", "#aa4499",
)

#: The chart's "N more candidates" series (those beyond its limit): a light neutral grey,
#: lighter than the reference table's grey of the parties called "Other" and "Independent"
#: (#9a9a9a), so that the sum of the rest never reads as one of those parties.
OTHER_COLOUR = "#d0d0d0"


def candidate_colour(contest: Contest, index: int) -> str:
    """The colour the candidate is drawn in: its own, else its party's customary one, else
    the palette's; never one another candidate has, nor one too close to tell apart
    (see :func:`resultsviewer.core.parties.display_colours`)."""
    return display_colours(contest, DEFAULT_PALETTE)[index]


__all__ = ["DEFAULT_PALETTE", "OTHER_COLOUR", "candidate_colour"]
