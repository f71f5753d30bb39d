"""What the seats, parliament and electoral-votes charts show, as plain data (no Qt).

The window's charts and their exports draw a :class:`SeatsFigure`: the bars in order,
their colours, the line that a winner must pass, the seats of a parliament diagram
(hemicycle) with their positions, and the alt text that says the result in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from .counts import quantity
from .methods import Outcome
from .parties import display_colours


class ChartKind(str, Enum):
    """Which chart: votes (bars of votes or shares), seats (bars of seats or electoral
    votes with the line to pass) or the parliament (a hemicycle of seats)."""

    VOTES = "votes"
    SEATS = "seats"
    PARLIAMENT = "parliament"

    @property
    def label(self) -> str:
        return {"votes": "Votes", "seats": "Seats", "parliament": "Parliament"}[self.value]


def chart_kinds(outcome: Outcome) -> list[ChartKind]:
    """The charts that show this outcome, the deciding one first."""
    if outcome.unit == "seats":
        return [ChartKind.SEATS, ChartKind.PARLIAMENT, ChartKind.VOTES]
    if outcome.unit == "electoral votes":
        return [ChartKind.SEATS, ChartKind.VOTES]
    return [ChartKind.VOTES]


def kind_label(kind: ChartKind, outcome: Outcome) -> str:
    if kind is ChartKind.SEATS and outcome.unit == "electoral votes":
        return "Electoral votes"
    return kind.label


@dataclass(frozen=True)
class SeatBar:
    name: str
    units: int
    votes: int
    colour: str


@dataclass(frozen=True)
class Seat:
    """One seat of the parliament diagram: its centre on a unit half-disc (x from -1 to
    1, y from 0 up to 1) and whose it is."""

    x: float
    y: float
    bar: int


@dataclass(frozen=True)
class SeatsFigure:
    unit: str
    bars: tuple[SeatBar, ...]
    total: int
    needed: int
    #: Seats or votes no one carries (ties, withheld counts, no votes).
    undecided: int
    #: How many candidates with no seat are not drawn.
    without: int
    headline: str
    #: The line to pass ("326 for a majority"); "" where the total is unknown (electoral
    #: votes not known for every category): then no line, and no one's figure is final.
    line_label: str

    def units_text(self, count: int) -> str:
        """``1 seat``, ``650 seats``, ``1 electoral vote``: a number of the figure's unit."""
        return quantity(count, self.unit[:-1], self.unit)

    def seats(self) -> list[Seat]:
        """The hemicycle's seats, filled from the left by the bars in order."""
        positions = hemicycle(self.total)
        seats: list[Seat] = []
        owners: list[int] = []
        for index, bar in enumerate(self.bars):
            owners += [index] * bar.units
        owners += [-1] * (self.total - len(owners))
        for (x, y), owner in zip(positions, owners):
            seats.append(Seat(x, y, owner))
        return seats

    def seat_radius(self) -> float:
        return hemicycle_seat_radius(self.total)


def seats_figure(outcome: Outcome, palette: Sequence[str]) -> SeatsFigure:
    """The bars of a seats or electoral-votes outcome, largest first, with their colours."""
    contest = outcome.tally.contest
    colours = display_colours(contest, palette)
    ranked = [s for s in outcome.ranking() if s.units]
    bars = tuple(SeatBar(s.name, s.units or 0, s.votes, colours[s.index]) for s in ranked)
    total = outcome.total_units or 0
    needed = outcome.needed or 0
    decided = sum(bar.units for bar in bars)
    unit = outcome.unit
    if outcome.needed is None:
        line = ""  # electoral votes unknown: no line to pass
    elif unit == "seats":
        line = f"{needed:,} for a majority"
    else:
        line = f"{needed:,} to win"
    return SeatsFigure(
        unit, bars, total, needed, total - decided, len(outcome.standings) - len(bars), outcome.headline, line
    )


def scale_ticks(top: float, most: int = 6) -> list[int]:
    """The values a bar chart's scale marks from 0 to ``top``: whole multiples of a step of
    1, 2 or 5 times a power of ten, at most ``most`` of them (``0, 100, 200, 300`` up to 350),
    so that a reader can measure a bar against the scale rather than against the total."""
    if top <= 0:
        return [0]
    step = 1
    while True:
        for factor in (1, 2, 5):
            if int(top // (step * factor)) + 1 <= max(most, 2):
                return list(range(0, int(top) + 1, step * factor))
        step *= 10


_INNER_RADIUS = 0.38


def _rows_for(total: int) -> int:
    rows = 1
    while True:
        gap = (1 - _INNER_RADIUS) / rows
        radii = [_INNER_RADIUS + gap * (i + 0.5) for i in range(rows)]
        capacity = sum(int(math.pi * r / gap) for r in radii)
        if capacity >= total:
            return rows
        rows += 1


def hemicycle_seat_radius(total: int) -> float:
    if total <= 0:
        return 0.0
    rows = _rows_for(total)
    return 0.42 * (1 - _INNER_RADIUS) / rows


def hemicycle(total: int) -> list[tuple[float, float]]:
    """Seat centres of a parliament diagram of ``total`` seats, ordered from left to right.

    Rows of seats on concentric half circles, each row holding seats in proportion to its
    length; seats are then taken by angle, so that a party's seats form one wedge.
    """
    if total <= 0:
        return []
    rows = _rows_for(total)
    gap = (1 - _INNER_RADIUS) / rows
    radii = [_INNER_RADIUS + gap * (i + 0.5) for i in range(rows)]
    length = sum(radii)
    counts = [int(total * r / length) for r in radii]
    # Largest remainders get the seats left over.
    order = sorted(range(rows), key=lambda i: -(total * radii[i] / length - counts[i]))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    seats: list[tuple[float, float, float]] = []
    for radius, count in zip(radii, counts):
        for j in range(count):
            angle = math.pi / 2 if count == 1 else math.pi * (1 - j / (count - 1))
            seats.append((angle, radius * math.cos(angle), radius * math.sin(angle)))
    seats.sort(key=lambda seat: (-round(seat[0], 9), math.hypot(seat[1], seat[2])))
    return [(x, y) for _, x, y in seats]


def seats_alt_text(figure: SeatsFigure, kind: ChartKind, title: str) -> str:
    """The chart in words: what it draws, who has how many, the line to pass, the result."""
    what = {
        (ChartKind.SEATS, "seats"): "Bar chart of seats won",
        (ChartKind.PARLIAMENT, "seats"): "Parliament diagram (hemicycle) of seats won",
        (ChartKind.SEATS, "electoral votes"): "Bar chart of electoral votes won",
    }.get((kind, figure.unit), "Chart")
    sentences = [f"{what}: {title}.", figure.headline + "."]
    if figure.bars:
        sentences.append(
            ", ".join(f"{bar.name} {bar.units:,}" for bar in figure.bars) + f" of {figure.units_text(figure.total)}."
        )
    if not figure.line_label:  # the total unknown: nobody's figure is final, none is said
        return " ".join(sentences)
    sentences.append(f"A line marks {figure.line_label}.")
    if figure.undecided:
        verb = "is" if figure.undecided == 1 else "are"
        sentences.append(f"{figure.units_text(figure.undecided)} {verb} not given to anyone (ties or missing counts).")
    if figure.without:
        # "others", not "candidates": a Commons file's columns are parties.
        others = quantity(figure.without, "other")
        sentences.append(f"{others} won no {figure.unit} and {'is' if figure.without == 1 else 'are'} not drawn.")
    return " ".join(sentences)


__all__ = [
    "ChartKind",
    "Seat",
    "SeatBar",
    "SeatsFigure",
    "chart_kinds",
    "hemicycle",
    "kind_label",
    "scale_ticks",
    "seats_alt_text",
    "seats_figure",
]
