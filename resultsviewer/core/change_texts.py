"""The words and numbers of a change chart, without Qt: which bars it draws, what it leaves
out, its subtitle, source line and alt text, and the data behind it.

The drawing is ``gui/change_chart.py``'s; the export's metadata (:mod:`.export_metadata`)
and the command line read these texts without a display. The figures come from
:class:`~resultsviewer.core.compare.Changes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from .compare import CandidateChange, Changes, swing_unknown_text
from .contest import Contest
from .counts import full_stop
from .tally import signed_points

#: At most this many bars (the largest changes); the note says how many more there are.
MAX_BARS = 24


def change_rows(changes: Changes, limit: int = MAX_BARS) -> list[CandidateChange]:
    """The bars: matched candidates, largest gain first, the largest changes when many."""
    rows = [row for row in changes.candidates if row.share_change_points is not None]
    if len(rows) > limit:
        rows = sorted(rows, key=lambda r: -abs(r.share_change_points or 0))[:limit]
    return sorted(rows, key=lambda r: -(r.share_change_points or 0))


def change_note(changes: Changes, limit: int = MAX_BARS) -> str:
    """What the bars leave out, in words (candidates in one contest only, bars not shown)."""
    parts = []
    shown = len(change_rows(changes, limit))
    matched = sum(1 for row in changes.candidates if row.share_change_points is not None)
    if matched > shown:
        parts.append(f"{matched - shown:,} smaller changes not shown")
    unmatched = changes.matching.unmatched_candidates
    for side, what in (("current", "Not in the baseline"), ("baseline", "In the baseline only")):
        names = list(unmatched[side])
        if names:
            listed = ", ".join(names[:6]) + (f" and {len(names) - 6:,} more" if len(names) > 6 else "")
            parts.append(f"{what}: {listed}")
    if any(row.incomplete for row in change_rows(changes, limit)):
        parts.append("* Withheld counts: of the known counts only")
    if changes.swing is not None:
        swing = changes.swing
        parts.insert(0, f"Swing of {swing.points:.1f} points from {swing.source} to {swing.to}")
    elif (why := swing_unknown_text(changes.candidates)):
        parts.insert(0, f"No swing: {why}")
    return " ".join(map(full_stop, parts))


def change_alt_text(changes: Changes) -> str:
    """The change chart in words (the SVG's description, alt text for a web page)."""
    rows = change_rows(changes)
    parts = [
        f"{row.label} {signed_points(row.share_change_points)} points ({row.baseline_share * 100:.1f}% to {row.share * 100:.1f}%)"
        for row in rows
        if row.baseline_share is not None and row.share is not None and row.share_change_points is not None  # change_rows
    ]
    text = f"Change in share of the valid votes since {changes.comparison.baseline.title}: " + full_stop("; ".join(parts))
    note = change_note(changes)
    return f"{text} {note}" if note else text


def change_subtitle(contest: Contest, changes: Changes, date_text: Callable[[str], str] = str) -> str:
    """``Change in share of the valid votes since <baseline>, in percentage points · date``."""
    parts = [f"Change in share of the valid votes since {changes.comparison.baseline.title}, in percentage points"]
    if contest.date:
        parts.append(date_text(contest.date))
    if contest.status is not None:  # an unknown status is not printed
        parts.append(f"{contest.status.value} result")
    return " · ".join(parts)


def change_source(contest: Contest, changes: Changes) -> str:
    """Both sources, saying which is the baseline."""
    now = contest.source or contest.title
    return f"Source: {now}. Baseline: {changes.comparison.baseline_source}"


def change_data_csv(changes: Changes) -> str:
    """The exact numbers behind the change chart (``--with-data``): every candidate of
    either contest, empty where it is not in one of them; ``figures_are`` says ``of known
    counts only`` where some of its counts, then or now, are withheld."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["candidate", "votes", "share", "baseline_votes", "baseline_share", "share_change_points", "figures_are"])
    for row in changes.candidates:
        writer.writerow([
            row.label,
            "" if row.votes is None else int(row.votes),
            "" if row.share is None else repr(row.share),
            "" if row.baseline_votes is None else int(row.baseline_votes),
            "" if row.baseline_share is None else repr(row.baseline_share),
            "" if row.share_change_points is None else repr(row.share_change_points),
            # A count withheld then or now: the votes are at least these, the shares of known votes.
            "of known counts only" if row.incomplete else "exact",
        ])
    return out.getvalue()



__all__ = [
    "MAX_BARS",
    "change_alt_text",
    "change_data_csv",
    "change_note",
    "change_rows",
    "change_source",
    "change_subtitle",
]
