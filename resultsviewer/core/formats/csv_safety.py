"""What keeps the CSV files we write and read safe: no formulas, no giant cells.

Every CSV writer in the app passes its text cells (names, titles, notes) through
:func:`spreadsheet_safe`; the spreadsheet CSV reader undoes it with
:func:`spreadsheet_unescape`, so a name survives a round trip exactly.
"""

from __future__ import annotations

from .limits import MAX_CELL_CHARS, csv_error_message

#: Spreadsheets run a cell that starts with one of these as a formula ("CSV injection",
#: OWASP): ``=HYPERLINK(...)`` in a candidate's name must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _would_run(text: str) -> bool:
    """True for text a spreadsheet would run, and for text that only looks escaped.

    ``'=x`` counts too: written as it is, it would read back as ``=x``; so it is escaped
    once more, and every text round-trips exactly.
    """
    return text.lstrip("'").startswith(FORMULA_STARTS)


def spreadsheet_safe(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs: ``=Green=`` becomes ``'=Green=``.

    The leading apostrophe is what spreadsheets themselves use to mark a cell as text.
    Text that needs no guard is returned as it is.
    """
    return "'" + text if _would_run(text) else text


def spreadsheet_unescape(text: str) -> str:
    """Undo :func:`spreadsheet_safe`: strip the one apostrophe it added, nothing else."""
    if text.startswith("'") and _would_run(text[1:]):
        return text[1:]
    return text


__all__ = [
    "FORMULA_STARTS", "MAX_CELL_CHARS", "csv_error_message", "short_row_message", "spreadsheet_safe", "spreadsheet_unescape",
]


def short_row_message(found: int, expected: int, missing: str) -> str:
    """Why a value is missing from a row with fewer cells than the header."""
    return (
        f"this row is short: it has {found:,} {'cell' if found == 1 else 'cells'} where the header has "
        f"{expected:,}, so there is no {missing!r}"
    )
