"""The contest: categories of voters x candidates, a whole vote count in every cell.

The contest keeps running totals (per candidate, per category, overall, and the
weighted sums of the electoral college) so that changing one count costs O(candidates),
not O(cells): a 20,000-category contest stays instant. Every change is announced to
subscribers (the Qt table model, the chart) as a precise event; structural changes are
announced before and after, so a Qt model can call ``beginInsertRows``/``endInsertRows``.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from .count_table import CountTable
from .counts import MAX_COUNT, AtLeast, check_count, is_exact, withheld_values
from .errors import CountError, EditError
from .events import Listeners

if TYPE_CHECKING:
    from .rounds import RoundResult


class Status(str, Enum):
    """How far the figures have come: provisional, final, or certified."""

    PROVISIONAL = "provisional"
    FINAL = "final"
    CERTIFIED = "certified"


class Method(str, Enum):
    """How categories are combined into one result."""

    #: One member one vote: every valid vote in every category counts the same (Labour 2016).
    SUM = "sum"
    #: Each category's shares weighted by its weight; equal weights when none are given
    #: (Labour's electoral college before 2014). Files of before 0.x say "electoral-college".
    SECTIONS = "sections"
    #: First past the post in each category; the party with most seats, a majority needed.
    SEATS = "seats"
    #: Each category (state) gives all its electoral votes to its leader (US president).
    ELECTORAL_VOTES = "electoral-votes"
    #: The old name of SECTIONS, kept so that code and files using it still work.
    ELECTORAL_COLLEGE = "sections"

    @classmethod
    def _missing_(cls, value: object) -> Method | None:
        if isinstance(value, str) and value.strip().casefold() in ("electoral-college", "electoral_college"):
            return cls.SECTIONS
        return None


class Axis(str, Enum):
    CANDIDATE = "candidate"
    CATEGORY = "category"


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def add_counts(values: Sequence[int | None]) -> int | None:
    """Cells added into one (candidates merged into a party, precincts into a county):
    every known vote kept; withheld values make the sum an :class:`AtLeast` of them all.
    A single cell is itself (an unknown one stays unknown)."""
    if len(values) == 1:
        return values[0]
    withheld = sum(withheld_values(value) for value in values if not is_exact(value))
    known = sum(int(value) for value in values if value is not None)
    return AtLeast(known, withheld) if withheld else known


def format_cell(value: int | None, *, withheld_sign: str = "*") -> str:
    """A cell as the app prints it: ``12,345``, ``≥ 12,345`` (partly known) or ``*`` (withheld)."""
    if value is None:
        return withheld_sign
    if type(value) is AtLeast:
        return f"{AT_LEAST_SIGN} {int(value):,}"
    return f"{value:,}"


#: The one sign and the one word the app uses for a count the source withheld, and the
#: sign for a figure that is a lower bound; explained in the README and in tooltips.
WITHHELD_SIGN = "*"
WITHHELD_WORD = "withheld"
AT_LEAST_SIGN = "\u2265"
WITHHELD_EXPLANATION = (
    "* = withheld by the source (the count is not published); "
    "\u2265 = at least: a figure that some withheld counts would add to"
)


@dataclass(frozen=True)
class Candidate:
    name: str
    party: str | None = None
    #: ``#rrggbb``, or None for the app's palette.
    colour: str | None = None


@dataclass(frozen=True)
class Category:
    name: str
    electorate: int | None = None
    weight: float | None = None
    #: Ballots rejected or spoilt: they count toward turnout, never toward shares.
    rejected: int | None = None
    #: Electoral votes the category carries (a US state's), for the electoral-votes method.
    electoral_votes: int | None = None
    #: An identifier the source gives the category (the ONS constituency id E14000530):
    #: it matches the category in another file where the name is spelt differently.
    code: str | None = None


@dataclass(frozen=True)
class DeclaredShare:
    """A percentage as the source printed it; its precision is that of the print."""

    text: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d{1,3}(\.\d+)?", self.text) or float(self.text) > 100:
            raise ValueError(f"a declared share must be a percentage like 61.8, not {self.text!r}")

    @property
    def percent(self) -> float:
        return float(self.text)

    @property
    def decimals(self) -> int:
        return len(self.text.split(".")[1]) if "." in self.text else 0

    def matches(self, percent: float) -> bool:
        """True when ``percent`` agrees to the printed precision (61.8 matches 61.85)."""
        return abs(percent - self.percent) <= 0.5 * 10 ** -self.decimals + 1e-9

    @classmethod
    def parse(cls, value: object) -> DeclaredShare:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValueError(f"a declared share must be a percentage like 61.8, not {value!r}")
        if isinstance(value, float) and math.isfinite(value):
            # str() writes tiny floats with an exponent (1e-05), which no one prints as a share.
            from decimal import Decimal  # here: the tally of a contest never needs it

            text = format(Decimal(repr(value)), "f")
        else:
            text = str(value).strip().removesuffix("%").strip()
        return cls(text)


@dataclass(frozen=True)
class DeclaredChange:
    """A change in share (since the election before) as the source printed it.

    ``unit`` says what the text is in: ``points`` (-14.3) or a ``fraction`` of 1
    (-0.143, as the House of Commons Library prints it). Its precision is that of the print.
    """

    text: str
    unit: Literal["points", "fraction"] = "points"

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[-+]?\d{1,3}(\.\d+)?", self.text) or abs(float(self.text)) > (100 if self.unit == "points" else 1):
            raise ValueError(f"a declared change in share must be a number like -14.3, not {self.text!r}")

    @property
    def points(self) -> float:
        return float(self.text) * (100.0 if self.unit == "fraction" else 1.0)

    @property
    def decimals(self) -> int:
        """Decimal places in points."""
        places = len(self.text.split(".")[1]) if "." in self.text else 0
        return max(places - 2, 0) if self.unit == "fraction" else places

    def matches(self, points: float) -> bool:
        """True when ``points`` agrees to the printed precision."""
        return abs(points - self.points) <= 0.5 * 10 ** -self.decimals + 1e-9


@dataclass
class Declared:
    """Figures as printed by the source, checked against the computed ones."""

    candidate_totals: dict[str, int] = field(default_factory=dict)
    candidate_shares: dict[str, DeclaredShare] = field(default_factory=dict)
    category_totals: dict[str, int] = field(default_factory=dict)
    valid_votes: int | None = None
    rejected: int | None = None
    ballots_cast: int | None = None
    electorate: int | None = None
    turnout: DeclaredShare | None = None
    #: The winner each category declared (a results file's ``first_party``), by category name.
    category_winners: dict[str, str] = field(default_factory=dict)
    #: Changes in share since the election before, by (category, candidate): checked
    #: when the contest is compared with that election (see core/compare.py).
    share_changes: dict[tuple[str, str], DeclaredChange] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return self == Declared()

    def copy(self) -> Declared:
        return replace(
            self,
            candidate_totals=dict(self.candidate_totals),
            candidate_shares=dict(self.candidate_shares),
            category_totals=dict(self.category_totals),
            category_winners=dict(self.category_winners),
            share_changes=dict(self.share_changes),
        )


@dataclass(frozen=True)
class TieBreak:
    """How a tie was decided, as recorded by the returning officer."""

    winner: str
    method: str = "drawing of lots"
    note: str | None = None


# --- events -------------------------------------------------------------------------


@dataclass(frozen=True)
class CountChanged:
    category: int
    candidate: int
    old: int | None
    new: int | None


@dataclass(frozen=True)
class CountsChanged:
    """Several counts set at once (a paste): one event for all, after the last is set.

    ``cells`` holds ``(category, candidate, old, new)`` for each count that changed."""

    cells: tuple[tuple[int, int, int | None, int | None], ...]


@dataclass(frozen=True)
class StructureChange:
    """An insertion, removal or move of a row (category) or column (candidate).

    Sent twice: with ``done=False`` before the contest changes, ``done=True`` after.
    For a move, ``destination`` is the index the item has once moved.
    """

    axis: Axis
    action: Literal["insert", "remove", "move"]
    index: int
    done: bool
    destination: int | None = None


@dataclass(frozen=True)
class ItemChanged:
    """A candidate's or category's own field changed (name, colour, electorate...)."""

    axis: Axis
    index: int
    field: str


@dataclass(frozen=True)
class PropertyChanged:
    """A contest-level field changed: title, method, declared figures..."""

    field: str


ContestEvent = CountChanged | CountsChanged | StructureChange | ItemChanged | PropertyChanged
Listener = Callable[[ContestEvent], None]

CONTEST_PROPERTIES = ("title", "date", "status", "source", "notes", "method", "electorate", "tie_break", "declared")


@dataclass(frozen=True)
class RemovedCandidate:
    """Everything needed to put a removed candidate back where it was."""

    index: int
    candidate: Candidate
    counts: tuple[int | None, ...]
    declared_total: int | None
    declared_share: DeclaredShare | None
    #: Its declared changes in share, by category: ((category, change), ...).
    declared_changes: tuple[tuple[tuple[str, str], DeclaredChange], ...] = ()


@dataclass(frozen=True)
class RemovedCategory:
    index: int
    category: Category
    counts: tuple[int | None, ...]
    declared_total: int | None
    declared_winner: str | None = None
    declared_changes: tuple[tuple[tuple[str, str], DeclaredChange], ...] = ()


class Contest:
    """Categories of voters x candidates, with running totals and change events.

    Counts are ints; a cell whose count is withheld by the source is *unknown* (None):
    it adds nothing to the totals, and the tally says its totals are lower bounds. A cell
    known in part (a county where some precincts' counts are withheld) is an
    :class:`AtLeast`: its known part counts in every total, which are then lower bounds.
    """

    #: A contest decided in several rounds (instant runoff) carries them here; its counts
    #: are then the first round's. None for a contest decided in one count.
    rounds: RoundResult | None = None

    def __init__(
        self,
        title: str = "Untitled contest",
        candidates: Iterable[Candidate] = (),
        categories: Iterable[Category | str] = (),
        counts: Sequence[Sequence[int | None]] | CountTable | None = None,
        *,
        date: str | None = None,
        status: Status | None = Status.PROVISIONAL,
        source: str | None = None,
        notes: str | None = None,
        method: Method = Method.SUM,
        electorate: int | None = None,
        declared: Declared | None = None,
        tie_break: TieBreak | None = None,
    ) -> None:
        self.title = title
        self.date = date
        #: None: unknown (an imported file that does not say); never printed as a status.
        self.status = None if status is None else Status(status)
        self.source = source
        self.notes = notes
        self.method = Method(method)
        self.electorate = None if electorate is None else check_count(electorate)
        self.declared = declared if declared is not None else Declared()
        self.tie_break = tie_break
        self._candidates: list[Candidate] = []
        # A category with nothing but a name is kept as its name: a million precincts
        # would otherwise be a million objects made on load (see category()).
        self._categories: list[Category | str] = []
        self._listeners: Listeners[ContestEvent] = Listeners()
        # Running sums of the electoral college, made on first use (see college_sums()).
        self._college_ready = False
        self._college_sums: list[float] = []
        self._college_weight = 0.0
        # Names are checked against a set here, not with _check_new_name: a 2,000-precinct
        # file would otherwise cost millions of comparisons to open.
        seen: dict[str, str] = {}
        for candidate in candidates:
            checked = self._checked_candidate(candidate)
            _check_unseen(seen, Axis.CANDIDATE, checked.name)
            self._candidates.append(checked)
        self._categories = _checked_categories(categories, self._checked_category)
        n_cand, n_cat = len(self._candidates), len(self._categories)
        if counts is None:
            self._table = CountTable.zeros(n_cat, n_cand)
        elif isinstance(counts, CountTable):
            # A loader's table, checked as it was read.
            if (counts.height, counts.width) != (n_cat, n_cand):
                raise EditError(f"{counts.height} x {counts.width} counts for {n_cat} categories x {n_cand} candidates")
            self._table = counts
        else:
            if len(counts) != n_cat:
                raise EditError(f"{len(counts)} rows of counts for {n_cat} categories")
            for row_index, row in enumerate(counts):
                if len(row) != n_cand:
                    raise EditError(
                        f"category {self.category_name(row_index)!r} has {len(row)} counts for {n_cand} candidates"
                    )
            self._table = CountTable.from_rows(counts, n_cand)
        self._recount()

    # --- reading --------------------------------------------------------------------

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return tuple(self._candidates)

    @property
    def categories(self) -> tuple[Category, ...]:
        # Made on each call, not kept: a million of them would stay in memory after one look.
        # A caller with several passes to make takes them once.
        return tuple(map(_as_category, self._categories))

    @property
    def category_names(self) -> tuple[str, ...]:
        """Every category's name, without making their :class:`Category` objects."""
        return tuple(item if type(item) is str else item.name for item in self._categories)  # type: ignore[union-attr]

    def category_name(self, index: int) -> str:
        item = self._categories[index]
        return item if type(item) is str else item.name  # type: ignore[union-attr]

    @property
    def candidate_count(self) -> int:
        return len(self._candidates)

    @property
    def category_count(self) -> int:
        return len(self._categories)

    def candidate(self, index: int) -> Candidate:
        return self._candidates[index]

    def category(self, index: int) -> Category:
        return _as_category(self._categories[index])

    def candidate_index(self, name: str) -> int:
        for index, candidate in enumerate(self._candidates):
            if candidate.name == name:
                return index
        raise KeyError(name)

    def category_index(self, name: str) -> int:
        for index, item in enumerate(self._categories):
            if (item if type(item) is str else item.name) == name:  # type: ignore[union-attr]
                return index
        raise KeyError(name)

    def count(self, category: int, candidate: int) -> int | None:
        """The count in one cell; None where the source withheld it."""
        return self._table.get(category, candidate)

    def row(self, category: int) -> tuple[int | None, ...]:
        return self._table.row(category)

    @property
    def count_table(self) -> CountTable:
        """The grid of counts itself, for readers that go through it column-wise (read only)."""
        return self._table

    def candidate_total(self, candidate: int) -> int:
        """Valid votes for a candidate across all categories (known cells only)."""
        return self._candidate_totals[candidate]

    def category_total(self, category: int) -> int:
        """Valid votes in a category (known cells only)."""
        return self._category_totals[category]

    @property
    def total_votes(self) -> int:
        return self._total

    @property
    def unknown_cells(self) -> int:
        """Cells whose count the source withheld entirely (None)."""
        return self._table.unknown

    @property
    def partial_cells(self) -> int:
        """Cells known in part only (:class:`AtLeast`)."""
        return self._table.partial

    @property
    def inexact_cells(self) -> int:
        """Cells that are unknown or partly known: each makes its totals lower bounds."""
        return self._table.special_cells

    @property
    def withheld_values(self) -> int:
        """The values the source withheld behind all cells (an unknown cell is one)."""
        return self._table.withheld

    def candidate_inexact(self, candidate: int) -> int:
        """How many of a candidate's cells are unknown or partly known (0: its total is exact)."""
        return self._table.column_special(candidate)

    def category_inexact(self, category: int) -> int:
        """How many of a category's cells are unknown or partly known (0: its total is exact)."""
        return self._table.row_special(category)

    def category_unknown(self, category: int) -> int:
        return self._table.row_unknown(category)

    @property
    def weighted_categories(self) -> int:
        """How many categories have a weight (0: none has, and all count alike)."""
        return self._weighted

    def effective_weights(self) -> list[float]:
        """Each category's weight under the electoral college (equal when none given)."""
        if self._weighted == 0:
            return [1.0] * len(self._categories)
        return [(item.weight or 0.0) if type(item) is Category else 0.0 for item in self._categories]  # type: ignore[union-attr]

    def college_sums(self) -> tuple[list[float], float]:
        """Running sums of the electoral college: (weighted share sum per candidate, weight).

        Computed on first use (a contest counted by sum never pays for them), then kept
        up to date by every edit.
        """
        if not self._college_ready:
            self._college_ready = True
            self._college_sums = [0.0] * len(self._candidates)
            self._college_weight = 0.0
            for category in range(len(self._categories)):
                self._college_add(category)
        return list(self._college_sums), self._college_weight

    @property
    def rejected_total(self) -> int | None:
        """Rejected ballots over the categories that give them; None when none does."""
        return self._rejected_sum if self._rejected_known else None

    @property
    def electorate_categories(self) -> int:
        """How many categories give their electorate."""
        return self._electorate_known

    @property
    def rejected_categories(self) -> int:
        """How many categories give their rejected ballots (where fewer than all do, the
        total is a lower bound: MEDSL lists blank and void rows for a few states only)."""
        return self._rejected_known

    @property
    def effective_electorate(self) -> int | None:
        """The electorate turnout is measured against.

        The contest's own electorate where set, else the sum of the categories' when
        every category has one.
        """
        if self.electorate is not None:
            return self.electorate
        if self._categories and self._electorate_known == len(self._categories):
            return self._electorate_sum
        return None

    # --- subscribing ----------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with every event; a bound method is held weakly (see :mod:`.events`)."""
        self._listeners.subscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.unsubscribe(listener)

    def _emit(self, event: ContestEvent) -> None:
        self._listeners.emit(event)

    # --- counts ---------------------------------------------------------------------

    def set_count(self, category: int, candidate: int, value: int | None) -> int | None:
        """Set one count (None marks it unknown); returns the old value."""
        self._check_index(Axis.CATEGORY, category)
        self._check_index(Axis.CANDIDATE, candidate)
        new = None if value is None else check_count(value)
        old, changed = self._put(category, candidate, new)
        if changed:
            self._emit(CountChanged(category, candidate, old, new))
        return old

    def set_counts(self, cells: Sequence[tuple[int, int, int | None]]) -> list[int | None]:
        """Set several counts, ``(category, candidate, value)`` each, as one change: every
        place and value is checked before any is set (nothing is set when one is refused),
        and one :class:`CountsChanged` tells the listeners, not one event a count. Returns
        the old values, in order."""
        checked = []
        for category, candidate, value in cells:
            self._check_index(Axis.CATEGORY, category)
            self._check_index(Axis.CANDIDATE, candidate)
            checked.append((category, candidate, None if value is None else check_count(value)))
        olds: list[int | None] = []
        changed = []
        for category, candidate, new in checked:
            old, was_changed = self._put(category, candidate, new)
            olds.append(old)
            if was_changed:
                changed.append((category, candidate, old, new))
        if changed:
            self._emit(CountsChanged(tuple(changed)))
        return olds

    def _put(self, category: int, candidate: int, new: int | None) -> tuple[int | None, bool]:
        """Set a checked count and keep the totals (nothing announced): the old value, and
        whether it changed."""
        old = self._table.get(category, candidate)
        if old == new and (old is None) == (new is None):
            return old, False
        self._college_remove(category)
        delta = (new or 0) - (old or 0)
        self._table.set(category, candidate, new)
        self._candidate_totals[candidate] += delta
        self._category_totals[category] += delta
        self._total += delta
        self._college_add(category)
        return old, True

    # --- candidates -----------------------------------------------------------------

    def insert_candidate(
        self, index: int, candidate: Candidate, counts: Sequence[int | None] | None = None
    ) -> None:
        if not 0 <= index <= len(self._candidates):
            raise EditError(f"no place {index} for a candidate")
        candidate = self._checked_candidate(candidate)
        self._check_new_name(Axis.CANDIDATE, candidate.name)
        column = self._checked_column(counts, len(self._categories), "categories")
        self._emit(StructureChange(Axis.CANDIDATE, "insert", index, done=False))
        self._candidates.insert(index, candidate)
        self._table.insert_column(index, column)
        self._recount()
        self._emit(StructureChange(Axis.CANDIDATE, "insert", index, done=True))

    def remove_candidate(self, index: int) -> RemovedCandidate:
        self._check_index(Axis.CANDIDATE, index)
        candidate = self._candidates[index]
        removed = RemovedCandidate(
            index,
            candidate,
            self._table.column(index),
            self.declared.candidate_totals.get(candidate.name),
            self.declared.candidate_shares.get(candidate.name),
            _pop_pair_keys(self.declared.share_changes, 1, candidate.name),
        )
        self._emit(StructureChange(Axis.CANDIDATE, "remove", index, done=False))
        del self._candidates[index]
        self._table.delete_column(index)
        self.declared.candidate_totals.pop(candidate.name, None)
        self.declared.candidate_shares.pop(candidate.name, None)
        self._recount()
        self._emit(StructureChange(Axis.CANDIDATE, "remove", index, done=True))
        return removed

    def restore_candidate(self, removed: RemovedCandidate) -> None:
        """Undo :meth:`remove_candidate`: the candidate, its counts and declared figures."""
        self.insert_candidate(removed.index, removed.candidate, removed.counts)
        if removed.declared_total is not None:
            self.declared.candidate_totals[removed.candidate.name] = removed.declared_total
        if removed.declared_share is not None:
            self.declared.candidate_shares[removed.candidate.name] = removed.declared_share
        self.declared.share_changes.update(removed.declared_changes)
        if removed.declared_total is not None or removed.declared_share is not None or removed.declared_changes:
            self._emit(PropertyChanged("declared"))

    def move_candidate(self, index: int, destination: int) -> None:
        """Move a candidate so that it ends at ``destination``."""
        self._check_index(Axis.CANDIDATE, index)
        self._check_index(Axis.CANDIDATE, destination)
        if index == destination:
            return
        self._emit(StructureChange(Axis.CANDIDATE, "move", index, done=False, destination=destination))
        self._candidates.insert(destination, self._candidates.pop(index))
        self._table.move_column(index, destination)
        self._candidate_totals.insert(destination, self._candidate_totals.pop(index))
        if self._college_ready:
            self._college_sums.insert(destination, self._college_sums.pop(index))
        self._emit(StructureChange(Axis.CANDIDATE, "move", index, done=True, destination=destination))

    def update_candidate(self, index: int, **changes: object) -> Candidate:
        """Change a candidate's name, party or colour; returns the candidate as it was."""
        self._check_index(Axis.CANDIDATE, index)
        old = self._candidates[index]
        new = self._checked_candidate(replace(old, **changes))  # type: ignore[arg-type]
        if new.name != old.name:
            self._check_new_name(Axis.CANDIDATE, new.name, ignore=index)
            _rename_key(self.declared.candidate_totals, old.name, new.name)
            _rename_key(self.declared.candidate_shares, old.name, new.name)
            _rename_pair_keys(self.declared.share_changes, 1, old.name, new.name)
            if self.tie_break is not None and self.tie_break.winner == old.name:
                self.tie_break = replace(self.tie_break, winner=new.name)
        self._candidates[index] = new
        for name in ("name", "party", "colour"):
            if getattr(old, name) != getattr(new, name):
                self._emit(ItemChanged(Axis.CANDIDATE, index, name))
        return old

    # --- categories -----------------------------------------------------------------

    def insert_category(
        self, index: int, category: Category, counts: Sequence[int | None] | None = None
    ) -> None:
        if not 0 <= index <= len(self._categories):
            raise EditError(f"no place {index} for a category")
        category = self._checked_category(category)
        self._check_new_name(Axis.CATEGORY, category.name)
        row = self._checked_column(counts, len(self._candidates), "candidates")
        self._emit(StructureChange(Axis.CATEGORY, "insert", index, done=False))
        self._categories.insert(index, _compact(category))
        self._table.insert_row(index, row)
        weights_were_equal = self._weighted == 0
        self._count_attributes(category, 1)
        if weights_were_equal != (self._weighted == 0):
            self._recount()
        else:
            total = sum(value or 0 for value in row)
            for candidate, value in enumerate(row):
                self._candidate_totals[candidate] += value or 0
            self._category_totals.insert(index, total)
            self._total += total
            self._college_add(index)
        self._emit(StructureChange(Axis.CATEGORY, "insert", index, done=True))

    def remove_category(self, index: int) -> RemovedCategory:
        self._check_index(Axis.CATEGORY, index)
        category = self.category(index)
        removed = RemovedCategory(
            index, category, self._table.row(index), self.declared.category_totals.get(category.name),
            self.declared.category_winners.get(category.name),
            _pop_pair_keys(self.declared.share_changes, 0, category.name),
        )
        self._emit(StructureChange(Axis.CATEGORY, "remove", index, done=False))
        self._college_remove(index)
        for candidate, value in enumerate(self._table.delete_row(index)):
            self._candidate_totals[candidate] -= value or 0
        self._total -= self._category_totals[index]
        del self._categories[index]
        del self._category_totals[index]
        weights_were_equal = self._weighted == 0
        self._count_attributes(category, -1)
        self.declared.category_totals.pop(category.name, None)
        self.declared.category_winners.pop(category.name, None)
        if weights_were_equal != (self._weighted == 0):
            self._recount()
        self._emit(StructureChange(Axis.CATEGORY, "remove", index, done=True))
        return removed

    def restore_category(self, removed: RemovedCategory) -> None:
        self.insert_category(removed.index, removed.category, removed.counts)
        if removed.declared_winner is not None:
            self.declared.category_winners[removed.category.name] = removed.declared_winner
        if removed.declared_total is not None:
            self.declared.category_totals[removed.category.name] = removed.declared_total
        self.declared.share_changes.update(removed.declared_changes)
        if removed.declared_total is not None or removed.declared_winner is not None or removed.declared_changes:
            self._emit(PropertyChanged("declared"))

    def move_category(self, index: int, destination: int) -> None:
        self._check_index(Axis.CATEGORY, index)
        self._check_index(Axis.CATEGORY, destination)
        if index == destination:
            return
        self._emit(StructureChange(Axis.CATEGORY, "move", index, done=False, destination=destination))
        self._categories.insert(destination, self._categories.pop(index))
        self._table.move_row(index, destination)
        self._category_totals.insert(destination, self._category_totals.pop(index))
        self._emit(StructureChange(Axis.CATEGORY, "move", index, done=True, destination=destination))

    def update_category(self, index: int, **changes: object) -> Category:
        """Change a category's name, electorate, weight or rejected ballots; returns the old one."""
        self._check_index(Axis.CATEGORY, index)
        old = self.category(index)
        new = self._checked_category(replace(old, **changes))  # type: ignore[arg-type]
        if new.name != old.name:
            self._check_new_name(Axis.CATEGORY, new.name, ignore=index)
            _rename_key(self.declared.category_totals, old.name, new.name)
            _rename_key(self.declared.category_winners, old.name, new.name)
            _rename_pair_keys(self.declared.share_changes, 0, old.name, new.name)
        weights_were_equal = self._weighted == 0
        if new.weight != old.weight:
            self._college_remove(index)
        self._count_attributes(old, -1)
        self._count_attributes(new, 1)
        self._categories[index] = _compact(new)
        if new.weight != old.weight:
            if weights_were_equal != (self._weighted == 0):
                self._recount()
            else:
                self._college_add(index)
        for name in ("name", "electorate", "weight", "rejected", "electoral_votes", "code"):
            if getattr(old, name) != getattr(new, name):
                self._emit(ItemChanged(Axis.CATEGORY, index, name))
        return old

    # --- contest properties -----------------------------------------------------------

    def set_property(self, name: str, value: object) -> object:
        """Set a contest-level field (title, date, status, method...); returns the old value."""
        if name not in CONTEST_PROPERTIES:
            raise EditError(f"a contest has no property {name!r}")
        if name == "title":
            value = checked_name(value, "title")
        elif name == "status":
            value = None if value is None else Status(value)
        elif name == "method":
            value = Method(value)
        elif name == "electorate":
            value = None if value is None else check_count(value)
        elif name == "declared":
            if not isinstance(value, Declared):
                raise EditError("declared figures must be a Declared")
            value = value.copy()
        elif name == "tie_break":
            if value is not None and not isinstance(value, TieBreak):
                raise EditError("a tie-break must be a TieBreak")
        elif value is not None and not isinstance(value, str):
            raise EditError(f"{name} must be text")
        old = getattr(self, name)
        if name == "declared":
            old = old.copy()
        if old != value:
            setattr(self, name, value)
            self._emit(PropertyChanged(name))
        return old

    # --- internals --------------------------------------------------------------------

    def _check_index(self, axis: Axis, index: int) -> None:
        size = len(self._candidates if axis is Axis.CANDIDATE else self._categories)
        if not (isinstance(index, int) and 0 <= index < size):
            raise EditError(f"there is no {axis.value} number {index}")

    def _check_new_name(self, axis: Axis, name: str, ignore: int | None = None) -> None:
        names: Iterable[str] = (
            (candidate.name for candidate in self._candidates) if axis is Axis.CANDIDATE else self.category_names
        )
        folded = name.casefold()
        for index, existing in enumerate(names):
            if index != ignore and existing.casefold() == folded:
                raise EditError(f"there is already a {axis.value} named {existing!r}")

    def _checked_candidate(self, candidate: Candidate) -> Candidate:
        name = checked_name(candidate.name, "candidate name")
        colour = candidate.colour
        if colour is not None and not (isinstance(colour, str) and _COLOUR.fullmatch(colour)):
            raise EditError(f"a colour must be written #rrggbb, not {colour!r}")
        party = candidate.party
        if party is not None and not isinstance(party, str):
            raise EditError("a party must be text")
        return replace(candidate, name=name, colour=colour.lower() if colour else None, party=party or None)

    def _checked_category(self, category: Category) -> Category:
        name = checked_name(category.name, "category name")
        electorate = None if category.electorate is None else check_count(category.electorate)
        rejected = None if category.rejected is None else check_count(category.rejected)
        electoral_votes = None if category.electoral_votes is None else check_count(category.electoral_votes)
        code = category.code
        if code is not None:
            code = checked_name(code, "category code")
        weight = category.weight
        if weight is not None:
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0:
                raise EditError(f"a weight must be a number from 0 up, not {weight!r}")
            weight = float(weight)
        if (name, electorate, rejected, weight, electoral_votes, code) == (
            category.name, category.electorate, category.rejected, category.weight, category.electoral_votes,
            category.code,
        ) and (weight is None or type(category.weight) is float):
            return category  # already as kept: no copy for each of 20,000 precincts
        return replace(
            category, name=name, electorate=electorate, rejected=rejected, weight=weight,
            electoral_votes=electoral_votes, code=code,
        )

    @staticmethod
    def _checked_column(counts: Sequence[int | None] | None, size: int, what: str) -> list[int | None]:
        if counts is None:
            return [0] * size
        if len(counts) != size:
            raise EditError(f"{len(counts)} counts given for {size} {what}")
        return _checked_counts(counts)

    def _recount(self) -> None:
        """Every running total from the counts (on load and after structural changes)."""
        self._category_totals = self._table.row_sums()
        self._candidate_totals = self._table.column_sums()
        self._total = sum(self._candidate_totals) if self._candidates else 0
        self._weighted = 0
        self._rejected_sum = self._rejected_known = 0
        self._electorate_sum = self._electorate_known = 0
        for item in self._categories:
            if type(item) is not str:
                self._count_attributes(item, 1)  # type: ignore[arg-type]
        # The electoral college's sums are made on first use: see college_sums().
        self._college_ready = False
        self._college_sums = []
        self._college_weight = 0.0

    def _count_attributes(self, category: Category, sign: int) -> None:
        """Add (1) or take out (-1) a category's part of the sums kept of categories' fields."""
        if category.weight is not None:
            self._weighted += sign
        if category.rejected is not None:
            self._rejected_sum += sign * category.rejected
            self._rejected_known += sign
        if category.electorate is not None:
            self._electorate_sum += sign * category.electorate
            self._electorate_known += sign

    def _weight(self, category: int) -> float:
        return 1.0 if self._weighted == 0 else (self.category(category).weight or 0.0)

    def _college_add(self, category: int, sign: float = 1.0) -> None:
        if not self._college_ready:
            return
        total = self._category_totals[category]
        if total <= 0:
            return
        weight = self._weight(category)
        self._college_weight += sign * weight
        for candidate, value in enumerate(self._table.row(category)):
            if value:
                self._college_sums[candidate] += sign * weight * value / total

    def _college_remove(self, category: int) -> None:
        self._college_add(category, -1.0)


#: Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they
#: reorder the text around them, so a name holding them can display as another name
#: ("Trojan Source", CVE-2021-42574). Right-to-left text itself (Arabic, Hebrew) needs
#: none of them, and the marks U+200E/U+200F/U+061C, which reorder nothing, stay allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _as_category(item: Category | str) -> Category:
    return Category(item) if type(item) is str else item  # type: ignore[return-value]


def _compact(category: Category) -> Category | str:
    """A category as the contest keeps it: its name alone when it has nothing else."""
    if (category.electorate, category.weight, category.rejected, category.electoral_votes, category.code) == (
        None, None, None, None, None
    ):
        return category.name
    return category


def _checked_categories(items: Iterable[Category | str], check: Callable[[Category], Category]) -> list[Category | str]:
    """Categories as the contest keeps them, each checked, names unique whatever their case.

    Plain names (a loader's precincts) are checked together, in C-speed passes over the
    lot; anything else, and any batch that fails those passes, one by one for the message.
    """
    if isinstance(items, PlainNames):
        if not _unique_when_folded(items):
            _check_unseen_all(items)
        return list(items)
    kept: list[Category | str] = list(items)
    names = [item for item in kept if type(item) is str]
    # In slices, so that the texts joined for the check stay small.
    if len(names) != len(kept) or not all(plain_names(names[at:at + 65536]) for at in range(0, len(names), 65536)):
        kept = [_compact(check(Category(item) if type(item) is str else item)) for item in kept]  # type: ignore[arg-type]
    all_names = [item if type(item) is str else item.name for item in kept]  # type: ignore[union-attr]
    if not _unique_when_folded(all_names):
        _check_unseen_all(all_names)
    return kept


class PlainNames(list[str]):
    """Category names a loader has checked with :func:`plain_names` as it read them: the
    contest takes them as they are, checking only that they are unique."""


def _check_unseen_all(names: Iterable[str]) -> None:
    seen: dict[str, str] = {}
    for name in names:
        _check_unseen(seen, Axis.CATEGORY, name)


def _unique_when_folded(names: list[str]) -> bool:
    """True when no two names are the same whatever their case.

    Compared by the hashes of their folded forms, so that a million names cost a set of
    ints, not a second million strings; equal hashes are looked at again by the caller.
    """
    if len(names) < 100_000:
        return len(set(map(hash, map(str.casefold, names)))) == len(names)
    import numpy  # a set of a million ints would be 60 MB more at the peak; an array of them is 8

    hashes = numpy.array(array("q", map(hash, map(str.casefold, names))), dtype=numpy.int64)
    hashes.sort()
    return not bool((hashes[1:] == hashes[:-1]).any())


def plain_names(names: list[str]) -> bool:
    """True when every name is already as :func:`checked_name` keeps it (printable, spaces
    single, none at either end, 1 to 500 characters): one pass in C over them all."""
    if not names:
        return True
    if not all(names) or max(map(len, names)) > 500 or not "".join(names).isprintable():
        return False
    # Printable text holds no whitespace but the space: look for doubled, leading, trailing ones.
    joined = "\n".join(names)
    return not ("  " in joined or "\n " in joined or " \n" in joined or joined[0] == " " or joined[-1] == " ")


def _checked_counts(values: Iterable[object]) -> list[int | None]:
    """A row or column of counts as a list, each checked (None stays: a withheld count).

    Plain ints in range, what every loader gives, are checked in three C-speed passes
    rather than one call per cell: a 20,000 x 20 file has 400,000 of them.
    """
    row: list[Any] = list(values)
    if not row or (set(map(type, row)) == {int} and min(row) >= 0 and max(row) <= MAX_COUNT):
        return row
    return [None if value is None else check_count(value) for value in row]


def checked_name(value: object, what: str) -> str:
    """A name as the contest keeps it (spaces collapsed), or an EditError saying why not.

    Refused: non-text, empty, longer than 500 characters, control characters and the
    bidirectional controls of :data:`BIDI_CONTROLS`.
    """
    if not isinstance(value, str):
        raise EditError(f"a {what} must be text")
    name = " ".join(value.split())
    if not name:
        raise EditError(f"a {what} cannot be empty")
    if len(name) > 500:
        raise EditError(f"a {what} cannot be longer than 500 characters")
    # isprintable() is False for every control character: most names skip the scan.
    if not name.isprintable():
        if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name):
            raise EditError(f"a {what} cannot hold control characters ({name!r})")
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
            raise EditError(f"a {what} cannot hold a broken character (a lone UTF-16 surrogate) ({name!r})")
        bidi = next((ch for ch in name if ch in BIDI_CONTROLS), None)
        if bidi is not None:
            raise EditError(
                f"a {what} cannot hold the bidirectional control U+{ord(bidi):04X}, which can make a name "
                f"display as another ({name!r})"
            )
    return name



def _check_unseen(seen: dict[str, str], axis: Axis, name: str) -> None:
    folded = name.casefold()
    if folded in seen:
        raise EditError(f"there is already a {axis.value} named {seen[folded]!r}")
    seen[folded] = name


def _rename_key(mapping: dict, old: str, new: str) -> None:
    if old in mapping:
        mapping[new] = mapping.pop(old)


def _pop_pair_keys(mapping: dict, position: int, name: str) -> tuple:
    """Take out the entries of a by-cell mapping for one category (0) or candidate (1)."""
    return tuple((key, mapping.pop(key)) for key in [key for key in mapping if key[position] == name])


_Value = TypeVar("_Value")


def _rename_pair_keys(mapping: dict[tuple[str, str], _Value], position: int, old: str, new: str) -> None:
    """Rename one part (0: category, 1: candidate) of the keys of a by-cell mapping."""
    for key in [key for key in mapping if key[position] == old]:
        renamed = (new, key[1]) if position == 0 else (key[0], new)
        mapping[renamed] = mapping.pop(key)


__all__ = [
    "AT_LEAST_SIGN",
    "AtLeast",
    "Axis",
    "Candidate",
    "Category",
    "Contest",
    "ContestEvent",
    "CountChanged",
    "CountsChanged",
    "CountError",
    "Declared",
    "DeclaredChange",
    "DeclaredShare",
    "EditError",
    "ItemChanged",
    "Method",
    "PropertyChanged",
    "RemovedCandidate",
    "RemovedCategory",
    "Status",
    "StructureChange",
    "TieBreak",
    "WITHHELD_EXPLANATION",
    "WITHHELD_SIGN",
    "WITHHELD_WORD",
    "add_counts",
    "checked_name",
    "PlainNames",
    "plain_names",
    "format_cell",
    "is_exact",
    "withheld_values",
]
