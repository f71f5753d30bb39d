"""Vote counts as people type them: ``168,216``, ``168 216``, ``"60, 075"``."""

from __future__ import annotations

import re

from .errors import CountError

#: The largest count the app accepts: every whole number up to it is exact in a float.
MAX_COUNT = 2**53
#: Any run of at most this many ASCII digits is a count below MAX_COUNT: the loaders'
#: fast paths read such cells with int() and leave every other cell to parse_count.
PLAIN_DIGITS_MAX = len(str(MAX_COUNT)) - 1

# Spaces people (and spreadsheets) put between digit groups: plain, no-break, thin,
# narrow no-break.
_GROUP_SPACES = re.compile("[ \u00a0\u2009\u202f]")
_GROUPED_WITH_COMMAS = re.compile(r"\d{1,3}(,\d{3})+")
_FRACTIONAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+([eE][+-]?\d+))")


def check_count(value: object) -> int:
    """Return ``value`` as a count, or raise :class:`CountError` saying why not."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise CountError(f"a count must be a whole number, not {value!r}")
    if value < 0:
        raise CountError(f"a count cannot be negative ({value:,})")
    if value > MAX_COUNT:
        raise CountError(f"{value:,} is larger than the largest count accepted ({MAX_COUNT:,})")
    return value


def parse_count(text: str) -> int:
    """Parse a count as typed, with optional thousands separators.

    Commas must separate groups of three digits (``1,176``); spaces may stand anywhere
    between digits. Negative, fractional and non-numeric text is refused with a message
    that quotes it.
    """
    raw = text
    text = text.strip()
    if not text:
        raise CountError("a count is missing (empty cell)")
    compact = _GROUP_SPACES.sub("", text)
    if compact.startswith("-") and compact[1:2].isdigit():
        raise CountError(f"a count cannot be negative ({raw.strip()!r})")
    if compact.startswith("+"):
        compact = compact[1:]
    if "," in compact:
        if not _GROUPED_WITH_COMMAS.fullmatch(compact):
            raise CountError(f"{raw.strip()!r} is not a whole number (commas must separate groups of three digits)")
        compact = compact.replace(",", "")
    if compact.isascii() and compact.isdigit():
        # Python refuses int() of more than 4,300 digits with a ValueError; anything past
        # 16 significant digits is above MAX_COUNT anyway, so say so without converting.
        significant = compact.lstrip("0") or "0"
        if len(significant) > len(str(MAX_COUNT)):
            raise CountError(
                f"a number of {len(significant):,} digits is larger than the largest count accepted ({MAX_COUNT:,})"
            )
        return check_count(int(significant))
    if _FRACTIONAL.fullmatch(compact):
        raise CountError(f"{raw.strip()!r} is not a whole number of votes")
    raise CountError(f"{raw.strip()!r} is not a number")


def format_count(value: int) -> str:
    """A count with thousands separators, as the app shows it."""
    return f"{value:,}"
