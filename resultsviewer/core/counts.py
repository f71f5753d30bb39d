"""Vote counts as people type them: ``168,216``, ``168 216``, ``"60, 075"``."""

from __future__ import annotations

import re
from collections.abc import Iterable

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
_FRACTIONAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+)")
# 1e6, 2.5E+06, 1000e-3: digits, an optional fraction, an exponent.
_SCIENTIFIC = re.compile(r"(\d*)(?:\.(\d*))?[eE]([+-]?)(\d+)")


def number_text(value: int | float) -> str:
    """A number out of range as a message quotes it: a float as written ("1e+300", not the
    digits its rounding makes up); a long integer by its length, not 400 digits."""
    if isinstance(value, float):
        return repr(value)
    digits = len(str(abs(value)))
    if digits > 24:
        return f"{'-' if value < 0 else ''}a number of {digits:,} digits"
    return f"{value:,}"


def check_count(value: object) -> int:
    """Return ``value`` as a count, or raise :class:`CountError` saying why not."""
    written = value
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise CountError(f"a count must be a whole number, not {value!r}")
    if value < 0:
        raise CountError(f"a count cannot be negative ({number_text(written)})")  # type: ignore[arg-type]
    if value > MAX_COUNT:
        raise CountError(f"{number_text(written)} is larger than the largest count accepted ({MAX_COUNT:,})")  # type: ignore[arg-type]
    return value


def parse_count(text: str, *, scientific: bool = False) -> int:
    """Parse a count as typed, with optional thousands separators.

    Commas must separate groups of three digits (``1,176``); spaces may stand anywhere
    between digits. Negative, fractional and non-numeric text is refused with a message
    that quotes it.

    ``scientific`` accepts a whole number in scientific notation (``1e6``, ``2.5E6``), for
    what a person types into a cell or a field: they mean that number. The loaders leave
    it False: in a file, ``1.23457E+06`` is what a spreadsheet writes for a number it
    rounded to fit a column, so taking it would change the count without a word. Either
    way a number that is not whole (``1.5e0``, ``1e-3``) is refused.
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
    notation = _SCIENTIFIC.fullmatch(compact)
    if notation and (notation[1] or notation[2]):
        if not scientific:
            raise CountError(
                f"{raw.strip()!r} is in scientific notation, which a spreadsheet writes for a number it rounded "
                "to fit a column; write the count in full"
            )
        return _scientific_count(raw.strip(), *notation.groups(default=""))
    raise CountError(f"{raw.strip()!r} is not a number")


def _scientific_count(shown: str, whole: str, fraction: str, sign: str, exponent: str) -> int:
    """The count ``whole.fraction e sign exponent`` names, exactly (no float), or why not."""
    digits = (whole + fraction).lstrip("0")
    if not digits:
        return 0
    exponent_digits = exponent.lstrip("0") or "0"
    # Bounded before converting: the text may hold any number of digits.
    if len(exponent_digits) > 6:
        if sign == "-":
            raise CountError(f"{shown!r} is not a whole number of votes")
        raise CountError(f"{shown!r} is larger than the largest count accepted ({MAX_COUNT:,})")
    shift = (-1 if sign == "-" else 1) * int(exponent_digits) - len(fraction)
    if shift < 0:
        kept, dropped = digits[:shift], digits[shift:]
        if dropped.strip("0") or not kept:
            raise CountError(f"{shown!r} is not a whole number of votes")
        digits, shift = kept, 0
    if len(digits) + shift > len(str(MAX_COUNT)):
        raise CountError(f"{shown!r} is larger than the largest count accepted ({MAX_COUNT:,})")
    return check_count(int(digits + "0" * shift))


def format_count(value: int) -> str:
    """A count with thousands separators, as the app shows it."""
    return f"{value:,}"


def full_stop(text: str) -> str:
    """``text`` ended as a sentence: a full stop added, unless it ends with one already (a
    name such as "TRUMP, DONALD J." made "J.." before; an ellipsis ends one too)."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def names_in_words(names: Iterable[str]) -> str:
    """Names as a sentence lists them: "A", "A and B", "A, B and C"."""
    listed = list(names)
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1] if listed else ""


def quantity(value: int, singular: str, plural: str | None = None) -> str:
    """``value`` of a thing, the noun agreeing: "1 category", "2,169 categories"."""
    return f"{value:,} {singular if value == 1 else plural or singular + 's'}"


class AtLeast(int):
    """A partly known count: at least its known part, with ``withheld`` values behind it.

    A category made of smaller units (a county of precincts) where the source withheld
    some units' counts (``*``) knows its known part exactly and only that. As an int it
    is that known part, so totals built on it keep every known vote; ``withheld`` says
    how many values are missing, so whatever is built on it says "at least". Two cells
    are equal only when both their known part and their withheld values are.
    """

    withheld: int

    def __new__(cls, known: int, withheld: int) -> AtLeast:
        if isinstance(withheld, bool) or not isinstance(withheld, int) or withheld < 1:
            raise CountError(f"a partly known count has at least one withheld value, not {withheld!r}")
        value = super().__new__(cls, check_count(int(known)))
        value.withheld = withheld
        return value

    @property
    def known(self) -> int:
        return int(self)

    def __getnewargs__(self) -> tuple[int, int]:  # type: ignore[override]
        return (int(self), self.withheld)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, AtLeast):
            return int(self) == int(other) and self.withheld == other.withheld
        return False if isinstance(other, int) else NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((int(self), self.withheld))

    def __repr__(self) -> str:
        return f"AtLeast({int(self)}, withheld={self.withheld})"


def is_exact(value: int | None) -> bool:
    """True for a known count; False for an unknown (withheld) or partly known one."""
    return value is not None and type(value) is not AtLeast


def withheld_values(value: int | None) -> int:
    """How many values the source withheld behind one cell (an unknown cell is one)."""
    if value is None:
        return 1
    return value.withheld if type(value) is AtLeast else 0
