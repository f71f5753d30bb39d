"""What a reader must be told about a contest before trusting a chart or a report of it:
figures that cannot be true (a turnout over 100%), declared figures (and declared
winners) the counts do not reproduce, and counts the source withheld.

One list, said the same way by ``check``, ``export`` (stderr; an error with ``--strict``)
and the window's Export dialog.
"""

from __future__ import annotations

from .contest import Contest
from .tally import Tally


def contest_warnings(contest: Contest, tally: Tally | None = None) -> list[str]:
    """Every warning about ``contest``, one sentence each; empty when there is none."""
    from .methods import count  # the method's own checks: declared winners of seats

    tally = tally or Tally(contest)
    found = list(tally.impossible_figures)
    found += [discrepancy.message() for discrepancy in tally.discrepancies]
    found += count(contest, tally=tally).winner_discrepancies
    note = tally.withheld_note()
    if note is not None:
        found.append(note)
    return found


#: What a file of candidates and no category is told (a header-only spreadsheet CSV).
NO_CATEGORY_NOTE = "the file has no data rows: no category (an empty contest, to be filled in by hand)"


def contest_notes(contest: Contest) -> list[str]:
    """What a reader is told of a file that opened but holds nothing to count: a contest
    of no category (a spreadsheet CSV of its header only) is opened, empty, not refused,
    but not silently either. ``check`` and ``tally`` print it on stderr; the window says it."""
    return [NO_CATEGORY_NOTE] if contest.category_count == 0 and contest.rounds is None else []


__all__ = ["NO_CATEGORY_NOTE", "contest_notes", "contest_warnings"]
