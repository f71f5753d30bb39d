"""Edits: every change a user can make, as an object that can do and undo itself.

The window wraps each edit in one ``QUndoCommand``; the edits themselves are pure
Python, tested without Qt (the pattern of glue's ``core/command.py``). ``description``
says what changed from what to what, for the History panel and the change log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .contest import (
    AtLeast,
    Axis,
    Candidate,
    Category,
    Contest,
    Declared,
    RemovedCandidate,
    RemovedCategory,
    TieBreak,
)
from .counts import format_count


class Edit:
    """One undoable change to a contest."""

    #: A short label for menus ("Undo Set count").
    label: str = "Edit"

    def do(self, contest: Contest) -> None:
        raise NotImplementedError

    def undo(self, contest: Contest) -> None:
        raise NotImplementedError

    @property
    def description(self) -> str:
        """What changed, from what to what (for the audit trail)."""
        return self.label

    def changed(self, contest: Contest) -> bool:
        """After :meth:`do`: whether the contest is other than it was (an edit that changed
        nothing is not history: no undo step, no unsaved mark, no line in the change log)."""
        return True


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, AtLeast):
        return f"at least {format_count(value)} ({value.withheld:,} withheld)"
    if isinstance(value, int):
        return format_count(value)
    if hasattr(value, "value"):
        return str(value.value)
    return repr(value) if isinstance(value, str) else str(value)


@dataclass
class SetCount(Edit):
    category: int
    candidate: int
    new: int | None
    old: int | None = None
    _names: tuple[str, str] = ("", "")
    label = "Set count"

    def do(self, contest: Contest) -> None:
        self._names = (contest.category_name(self.category), contest.candidate(self.candidate).name)
        self.old = contest.set_count(self.category, self.candidate, self.new)

    def undo(self, contest: Contest) -> None:
        contest.set_count(self.category, self.candidate, self.old)

    @property
    def description(self) -> str:
        category, candidate = self._names
        return f"{category} / {candidate}: {_show(self.old)} → {_show(self.new)}"


@dataclass
class SetCounts(Edit):
    """Several counts set as one edit (a paste): ``cells`` holds ``(category, candidate,
    new)``; every one is checked before any is set."""

    cells: tuple[tuple[int, int, int | None], ...]
    olds: tuple[int | None, ...] = ()
    _names: tuple[tuple[str, str], ...] = ()
    label = "Paste counts"

    #: Changes named one by one in the description; the rest are counted.
    DESCRIBED = 5

    def do(self, contest: Contest) -> None:
        self.olds = tuple(contest.set_counts(self.cells))
        self._names = tuple(
            (contest.category_name(category), contest.candidate(candidate).name)
            for category, candidate, _ in self.cells[: self.DESCRIBED]
        )

    def undo(self, contest: Contest) -> None:
        # Back in reverse order: a cell given twice ends as it was before the first.
        contest.set_counts([(category, candidate, old) for (category, candidate, _), old in
                            reversed(list(zip(self.cells, self.olds)))])

    @property
    def description(self) -> str:
        shown = [
            f"{category} / {candidate}: {_show(old)} → {_show(new)}"
            for (category, candidate), old, (_, _, new) in zip(self._names, self.olds, self.cells)
        ]
        more = len(self.cells) - len(shown)
        return f"{len(self.cells):,} counts pasted: " + "; ".join(shown) + (f"; and {more:,} more" if more > 0 else "")


@dataclass
class UpdateItem(Edit):
    """Change fields of a candidate (name, party, colour) or a category (name, electorate...)."""

    axis: Axis
    index: int
    changes: dict[str, Any]
    _old: Candidate | Category | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        if set(self.changes) == {"name"}:
            return f"Rename {self.axis.value}"
        return f"Change {self.axis.value} " + ", ".join(self.changes)

    def do(self, contest: Contest) -> None:
        if self.axis is Axis.CANDIDATE:
            self._old = contest.update_candidate(self.index, **self.changes)
        else:
            self._old = contest.update_category(self.index, **self.changes)

    def changed(self, contest: Contest) -> bool:
        # A name typed with only other spaces ("  Owen   Smith ") is kept as it was.
        assert self._old is not None
        now = contest.candidate(self.index) if self.axis is Axis.CANDIDATE else contest.category(self.index)
        return any(getattr(now, name) != getattr(self._old, name) for name in self.changes)

    def undo(self, contest: Contest) -> None:
        assert self._old is not None
        previous = {name: getattr(self._old, name) for name in self.changes}
        if self.axis is Axis.CANDIDATE:
            contest.update_candidate(self.index, **previous)
        else:
            contest.update_category(self.index, **previous)

    @property
    def description(self) -> str:
        if self._old is None:
            return self.label
        parts = [f"{name} {_show(getattr(self._old, name))} → {_show(value)}" for name, value in self.changes.items()]
        return f"{self.axis.value.capitalize()} {self._old.name!r}: " + "; ".join(parts)


@dataclass
class InsertItem(Edit):
    """Add a candidate (a column) or a category (a row) at ``index``."""

    axis: Axis
    index: int
    item: Candidate | Category
    counts: tuple[int | None, ...] | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"Add {self.axis.value}"

    def do(self, contest: Contest) -> None:
        if self.axis is Axis.CANDIDATE:
            assert isinstance(self.item, Candidate)
            contest.insert_candidate(self.index, self.item, self.counts)
        else:
            assert isinstance(self.item, Category)
            contest.insert_category(self.index, self.item, self.counts)

    def undo(self, contest: Contest) -> None:
        if self.axis is Axis.CANDIDATE:
            contest.remove_candidate(self.index)
        else:
            contest.remove_category(self.index)

    @property
    def description(self) -> str:
        return f"Added {self.axis.value} {self.item.name!r} at position {self.index + 1}"


@dataclass
class RemoveItem(Edit):
    axis: Axis
    index: int
    _removed: RemovedCandidate | RemovedCategory | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"Remove {self.axis.value}"

    def do(self, contest: Contest) -> None:
        if self.axis is Axis.CANDIDATE:
            self._removed = contest.remove_candidate(self.index)
        else:
            self._removed = contest.remove_category(self.index)

    def undo(self, contest: Contest) -> None:
        if isinstance(self._removed, RemovedCandidate):
            contest.restore_candidate(self._removed)
        elif isinstance(self._removed, RemovedCategory):
            contest.restore_category(self._removed)

    @property
    def description(self) -> str:
        if self._removed is None:
            return self.label
        item = self._removed.candidate if isinstance(self._removed, RemovedCandidate) else self._removed.category
        counts = self._removed.counts
        total = sum(value or 0 for value in counts)
        return f"Removed {self.axis.value} {item.name!r} ({format_count(total)} votes in {len(counts)} cells)"


@dataclass
class MoveItem(Edit):
    axis: Axis
    index: int
    destination: int
    _name: str = ""

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"Move {self.axis.value}"

    def do(self, contest: Contest) -> None:
        if self.axis is Axis.CANDIDATE:
            self._name = contest.candidate(self.index).name
            contest.move_candidate(self.index, self.destination)
        else:
            self._name = contest.category_name(self.index)
            contest.move_category(self.index, self.destination)

    def undo(self, contest: Contest) -> None:
        if self.axis is Axis.CANDIDATE:
            contest.move_candidate(self.destination, self.index)
        else:
            contest.move_category(self.destination, self.index)

    @property
    def description(self) -> str:
        return f"Moved {self.axis.value} {self._name!r} from position {self.index + 1} to {self.destination + 1}"


@dataclass
class SetProperties(Edit):
    """Change contest-level fields (title, date, status, source, notes, method, electorate...)."""

    values: dict[str, Any]
    _old: dict[str, Any] = field(default_factory=dict)
    label = "Change contest properties"

    def do(self, contest: Contest) -> None:
        self._old = {name: contest.set_property(name, value) for name, value in self.values.items()}

    def undo(self, contest: Contest) -> None:
        for name, value in reversed(list(self._old.items())):
            contest.set_property(name, value)

    @property
    def description(self) -> str:
        parts = []
        for name, value in self.values.items():
            old = self._old.get(name)
            if isinstance(value, Declared) or isinstance(old, Declared):
                parts.append("declared figures changed")
            elif isinstance(value, TieBreak) or isinstance(old, TieBreak):
                parts.append(f"tie-break {_show(getattr(old, 'winner', None))} → {_show(getattr(value, 'winner', None))}")
            else:
                parts.append(f"{name} {_show(old)} → {_show(value)}")
        return "Contest: " + "; ".join(parts)


#: What may change in a contest decided in rounds: how it is shown and described, never
#: what was counted (the rounds would no longer match the table).
_ROUNDS_SAFE_PROPERTIES = frozenset({"title", "date", "status", "source", "notes"})
_ROUNDS_SAFE_FIELDS = frozenset({"colour"})


def rounds_refusal(contest: Contest, edit: Edit) -> str | None:
    """Why ``edit`` is refused on a contest decided in rounds, or None when it may run.

    The table of such a contest is its first round, and every round hangs on its
    candidates: a count, a candidate or a category changed here would leave the rounds
    (and the winner they give) behind. Rounds computed from ballots are derived (the
    ballots file is the source); rounds read from a report are shown as printed.
    Colours and the contest's title, date, status, source and notes may change.
    """
    rounds = contest.rounds
    if rounds is None:
        return None
    if isinstance(edit, SetProperties) and set(edit.values) <= _ROUNDS_SAFE_PROPERTIES:
        return None
    if isinstance(edit, UpdateItem) and edit.axis is Axis.CANDIDATE and set(edit.changes) <= _ROUNDS_SAFE_FIELDS:
        return None
    if rounds.derived:
        return (
            f"the rounds are computed from the ballots ({rounds.source or 'the ballots file'}); the ballots file is the "
            "source: correct it and open it again"
        )
    return (
        f"the rounds are shown as {rounds.source or 'the report'} gives them and are read-only here: "
        "correct the report and open it again"
    )
