"""Change since last time: a contest compared with a baseline (the one before it).

A :class:`Comparison` attaches a *baseline* contest to a contest and matches the two:

* candidates by name, or by party where names do not match (a House of Commons file has
  parties as its candidates), through an alias table that says which names are one
  party ("Labour and Co-operative" is "Labour"). The table is a parameter
  (:data:`DEFAULT_ALIASES` is the one shipped), so a party table built elsewhere plugs in;
* categories by their code where both contests have codes (the ONS constituency id),
  else by name;
* what cannot be matched is listed (:attr:`Matching.unmatched`), never dropped, and a
  match by hand is an undoable edit (:class:`MatchByHand`).

:meth:`Comparison.changes` gives a :class:`Changes` snapshot: votes and shares then and
now per candidate, overall and per category; the change in points (a difference of two
percentages is in points, never "%"); each category's winner then and now and the result
in words ("Conservative gain from Labour"); seats won and lost per party; the Butler swing
between the two leading parties; the turnout change; and the declared changes of the file
checked against the computed ones. Every change is computed from the counts, never from
rounded shares.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from .contest import Axis, Contest, Method
from .counts import names_in_words, quantity
from .edits import Edit
from .errors import ContestError, EditError
from .tally import Discrepancy, Tally, signed_points

#: Names that are one party, as data: each alias maps to the name it is counted under.
#: Spellings differ between files (the Commons Library's 2017 columns say "SNP", its 2019
#: rows "Scottish National Party"); Labour and Co-operative MPs sit as Labour. Case,
#: accents ("Sinn Fein" / "Sinn Féin"), "&"/"and" and runs of spaces never matter.
DEFAULT_ALIASES: dict[str, str] = {
    "Labour and Co-operative": "Labour",
    "Labour Co-operative": "Labour",
    "Labour & Co-op": "Labour",
    "Lab Co-op": "Labour",
    "Scottish National Party": "SNP",
    "UK Independence Party": "UKIP",
    "Democratic Unionist Party": "DUP",
    "Social Democratic and Labour Party": "SDLP",
    "Ulster Unionist Party": "UUP",
    "Liberal Democrats": "Liberal Democrat",
    "Green Party": "Green",
    "Alliance Party": "Alliance",
    "Plaid": "Plaid Cymru",
    "The Brexit Party": "Brexit Party",
    # The United States: OpenElections' party codes and the MEDSL and county files' words.
    "DEM": "Democratic",
    "Democrat": "Democratic",
    "Democratic Party": "Democratic",
    "REP": "Republican",
    "GOP": "Republican",
    "Republican Party": "Republican",
    "LBT": "Libertarian",
    "Libertarian Party": "Libertarian",
    "GRE": "Green",
    "GRN": "Green",
}


class CompareError(ContestError):
    """Two contests that cannot be compared (nothing in common, different methods...)."""


class By(str, Enum):
    """What candidates are matched by."""

    NAME = "name"
    PARTY = "party"


def fold(text: str) -> str:
    """A name as compared: case, accents, "&"/"and" and runs of spaces do not matter."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().replace("&", " and ").split())


# --- matching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of the comparison: the candidates of each side counted as one."""

    #: The name shown (the alias table's name where it merged several).
    label: str
    key: str
    current: tuple[int, ...]
    baseline: tuple[int, ...]

    @property
    def matched(self) -> bool:
        return bool(self.current) and bool(self.baseline)


@dataclass(frozen=True)
class Matching:
    """How the two contests' candidates and categories correspond."""

    by: By
    #: Candidates, in the current contest's order, then the baseline's unmatched ones.
    entries: tuple[Entry, ...]
    #: Category pairs (current index, baseline index), in the current contest's order.
    category_pairs: tuple[tuple[int, int], ...]
    categories_by: str
    #: Names left unmatched on either side.
    unmatched_candidates: dict[str, tuple[str, ...]]
    unmatched_categories: dict[str, tuple[str, ...]]
    #: The rows that count several candidates of one contest as one (an alias's merge:
    #: "Labour" with "Labour and Co-operative").
    merged: tuple[str, ...] = ()

    @property
    def unmatched(self) -> dict[str, Any]:
        """What ``--json`` prints: the names left unmatched on either side."""
        return {
            "candidates": {side: list(names) for side, names in self.unmatched_candidates.items()},
            "categories": {side: list(names) for side, names in self.unmatched_categories.items()},
        }

    @cached_property
    def _entry_of(self) -> dict[int, Entry]:
        return {index: entry for entry in self.entries for index in entry.current}

    def entry_for_current(self, index: int) -> Entry | None:
        """The row a current candidate is counted in (its own, or one merged by an alias)."""
        return self._entry_of.get(index)


class Comparison:
    """A contest and its baseline, with the matches made by hand.

    ``by`` is None to choose: by name where names match more candidates, else by party.
    Raises :class:`CompareError` when the contests cannot be compared; the contests
    themselves are never changed.
    """

    def __init__(
        self,
        current: Contest,
        baseline: Contest,
        *,
        aliases: Mapping[str, str] | None = None,
        by: By | str | None = None,
        baseline_source: str | None = None,
        method: Method | str | None = None,
    ) -> None:
        #: A method given here counts both contests by it (the user chose it for both).
        self.method = None if method is None else Method(method)
        if self.method is None and current.method is not baseline.method:
            raise CompareError(
                f"the baseline is counted by {baseline.method.value} and this contest by {current.method.value}: "
                "changes between results counted by different methods would mislead"
            )
        self.current = current
        self.baseline = baseline
        self.baseline_source = baseline_source or baseline.source or baseline.title
        self.aliases = {fold(name): target for name, target in (DEFAULT_ALIASES if aliases is None else aliases).items()}
        self.by = None if by is None else By(by)
        #: Matches by hand, by name: current candidate -> baseline candidate, and categories.
        self.candidate_matches: dict[str, str] = {}
        self.category_matches: dict[str, str] = {}
        self._listeners: list[Callable[[], None]] = []
        matching = self.matching()
        if not any(entry.matched for entry in matching.entries):
            how = "by name or party" if self.by is None else f"by {self.by.value}"
            raise CompareError(
                f"nothing in common: no candidate of {current.title!r} matches one of the baseline "
                f"{baseline.title!r} {how}"
            )
        # No category in common still leaves the overall change (sections renamed, new
        # boundaries): the categories are listed as unmatched, to be matched by hand.

    # --- listeners (a view redraws when a match by hand changes) --------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # --- matches by hand ------------------------------------------------------------------

    def set_match(self, axis: Axis, current_name: str, baseline_name: str | None) -> str | None:
        """Match a current candidate (or category) with a baseline one by hand; None
        undoes the match. Returns the match it replaces. Refuses a name that is not in
        its contest and a baseline item another current item already matches by hand."""
        contest_items = self.current.candidates if axis is Axis.CANDIDATE else self.current.categories
        baseline_items = self.baseline.candidates if axis is Axis.CANDIDATE else self.baseline.categories
        matches = self.candidate_matches if axis is Axis.CANDIDATE else self.category_matches
        if current_name not in {item.name for item in contest_items}:
            raise EditError(f"there is no {axis.value} named {current_name!r} in {self.current.title!r}")
        if baseline_name is not None:
            if baseline_name not in {item.name for item in baseline_items}:
                raise EditError(f"there is no {axis.value} named {baseline_name!r} in the baseline {self.baseline.title!r}")
            other = next((name for name, target in matches.items() if target == baseline_name and name != current_name), None)
            if other is not None:
                raise EditError(f"{other!r} is already matched with {baseline_name!r}; undo that match first")
        old = matches.get(current_name)
        if baseline_name is None:
            matches.pop(current_name, None)
        else:
            matches[current_name] = baseline_name
            try:
                self.matching()
            except CompareError as error:
                if old is None:
                    matches.pop(current_name)
                else:
                    matches[current_name] = old
                raise EditError(str(error)) from None
        if old != baseline_name:
            for listener in list(self._listeners):
                listener()
        return old

    # --- matching -------------------------------------------------------------------------

    def _label(self, name: str, party: str | None, by: By) -> tuple[str, str, bool]:
        """(label, key, aliased) of a candidate: its name (or party) through the aliases."""
        raw = (party or name) if by is By.PARTY else name
        target = self.aliases.get(fold(raw))
        if target is not None:
            return target, fold(target), fold(target) != fold(raw)
        return raw, fold(raw), False

    def matching(self) -> Matching:
        """The matches as they stand; raises :class:`CompareError` on duplicates."""
        categories = self._match_categories()
        if self.by is not None:
            return self._match_candidates(self.by, categories)  # type: ignore[return-value]
        by_name = self._match_candidates(By.NAME, categories, strict=False)
        by_party = self._match_candidates(By.PARTY, categories, strict=False)
        count = lambda m: sum(entry.matched for entry in m.entries)  # noqa: E731
        if by_party is not None and (by_name is None or count(by_party) > count(by_name)):
            return by_party
        if by_name is not None:
            return by_name
        return self._match_candidates(By.NAME, categories)  # type: ignore[return-value]  # raises, saying why

    def _match_candidates(self, by: By, categories: tuple, strict: bool = True) -> Matching | None:  # type: ignore[return]
        current, baseline = self.current, self.baseline
        labels: dict[str, str] = {}
        sides: dict[str, tuple[list[int], list[int]]] = {}
        raw_labels: dict[tuple[int, str], list[str]] = {}
        merged: set[str] = set()
        baseline_keys: dict[str, str] = {}
        for side, contest in enumerate((current, baseline)):
            for index, candidate in enumerate(contest.candidates):
                label, key, aliased = self._label(candidate.name, candidate.party, by)
                if side == 1:
                    baseline_keys[candidate.name] = key
                labels.setdefault(key, label)
                sides.setdefault(key, ([], []))[side].append(index)
                raw_labels.setdefault((side, key), []).append(candidate.party or candidate.name if by is By.PARTY else candidate.name)
                if aliased:
                    merged.add(key)
        # Matches by hand: the current candidate takes its baseline candidate's key.
        by_hand: set[int] = set()
        for current_name, baseline_name in self.candidate_matches.items():
            try:
                index = current.candidate_index(current_name)
            except KeyError:
                continue
            target = baseline_keys.get(baseline_name)
            if target is None:
                continue
            for now, _then in sides.values():
                if index in now:
                    now.remove(index)
            sides[target][0].append(index)
            by_hand.add(index)
        # Several candidates of one contest under one key: a merge the alias table (or a
        # hand match) asks for is counted as one; any other is refused as ambiguous.
        for (side, key), raws in raw_labels.items():
            members = sides[key][side]
            if len(members) > 1 and (len({fold(raw) for raw in raws}) < len(raws) or any(i in by_hand for i in members) and side == 0):
                if not strict:
                    return None
                contest = current if side == 0 else baseline
                names = ", ".join(repr(contest.candidate(i).name) for i in members)
                what = "this contest" if side == 0 else "the baseline"
                raise CompareError(
                    f"{names} in {what} all match {labels[key]!r} by {by.value}: which of them is the one to "
                    "compare is ambiguous (match them by hand, or compare by name)"
                )
        entries = []
        order = sorted(
            (key for key, (now, _then) in sides.items() if now), key=lambda key: min(sides[key][0])
        ) + [key for key, (now, then) in sides.items() if not now and then]
        multiple: list[str] = []
        for key in order:
            now, then = sides[key]
            if len(now) > 1 or len(then) > 1:
                multiple.append(labels[key])
            label = labels[key] if (len(now) != 1 or key in merged) else current.candidate(now[0]).name
            entries.append(Entry(label, key, tuple(sorted(now)), tuple(sorted(then))))
        unmatched = {
            "current": tuple(current.candidate(i).name for e in entries if not e.baseline for i in e.current),
            "baseline": tuple(baseline.candidate(i).name for e in entries if not e.current for i in e.baseline),
        }
        pairs, categories_by, unmatched_categories = categories
        return Matching(by, tuple(entries), pairs, categories_by, unmatched, unmatched_categories, tuple(multiple))

    def _match_categories(self) -> tuple[tuple[tuple[int, int], ...], str, dict[str, tuple[str, ...]]]:
        current, baseline = self.current, self.baseline
        use_codes = bool(current.categories) and all(c.code for c in current.categories) and all(
            c.code for c in baseline.categories
        )
        key_of = (lambda c: fold(c.code)) if use_codes else (lambda c: fold(c.name))  # type: ignore[union-attr]
        baseline_index: dict[str, int] = {}
        for index, category in enumerate(baseline.categories):
            key = key_of(category)
            if key in baseline_index:
                raise CompareError(
                    f"the baseline has two categories with the {'code' if use_codes else 'name'} "
                    f"{category.code if use_codes else category.name!r}: which one to compare is ambiguous"
                )
            baseline_index[key] = index
        by_name = {category.name: index for index, category in enumerate(baseline.categories)}
        pairs: list[tuple[int, int]] = []
        taken: dict[int, str] = {}
        for index, category in enumerate(current.categories):
            by_hand = self.category_matches.get(category.name)
            other = by_name.get(by_hand) if by_hand is not None else baseline_index.get(key_of(category))
            if other is None:
                continue
            if other in taken:
                raise CompareError(
                    f"{taken[other]!r} and {category.name!r} both match the baseline's "
                    f"{baseline.category_name(other)!r}: which one to compare is ambiguous"
                )
            taken[other] = category.name
            pairs.append((index, other))
        matched_now = {pair[0] for pair in pairs}
        matched_then = {pair[1] for pair in pairs}
        unmatched = {
            "current": tuple(c.name for i, c in enumerate(current.categories) if i not in matched_now),
            "baseline": tuple(c.name for i, c in enumerate(baseline.categories) if i not in matched_then),
        }
        return tuple(pairs), ("code" if use_codes else "name"), unmatched

    # --- the changes ----------------------------------------------------------------------

    def changes(self, *, seats: bool = False) -> Changes:
        return Changes(self, seats=seats)


# --- changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateChange:
    label: str
    matched: bool
    votes: int | None
    share: float | None
    baseline_votes: int | None
    baseline_share: float | None
    #: Some of its counts (then or now) are withheld: its figures are of the known counts only.
    incomplete: bool = False

    @property
    def share_change_points(self) -> float | None:
        if self.share is None or self.baseline_share is None:
            return None
        return (self.share - self.baseline_share) * 100.0

    @property
    def votes_change(self) -> int | None:
        if self.votes is None or self.baseline_votes is None:
            return None
        return self.votes - self.baseline_votes


@dataclass(frozen=True)
class Swing:
    """The Butler swing: half the difference between two parties' changes in share (the
    average of one's gain and the other's loss, where one gained and the other lost)."""

    source: str
    to: str
    points: float
    #: Each one's change in share, in points.
    source_change: float = 0.0
    to_change: float = 0.0

    def describe(self) -> str:
        return f"swing of {self.points:.1f} points from {self.source} to {self.to}"

    def rule_text(self) -> str:
        """How the figure is made, with the two changes it is made of."""
        return (f"Butler swing: half the difference between their changes in share, {self.to} {signed_points(self.to_change)} "
                f"and {self.source} {signed_points(self.source_change)} points")

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.to, "points": self.points}


@dataclass(frozen=True)
class SeatChange:
    label: str
    seats: int
    baseline_seats: int
    gains: int
    losses: int

    @property
    def seats_change(self) -> int:
        return self.seats - self.baseline_seats


@dataclass(frozen=True)
class CategoryChange:
    name: str
    baseline_name: str
    #: The rows with votes in this category then or now (a party standing in neither is left out).
    candidates: tuple[CandidateChange, ...]
    #: Labels of the winners; None where unknown (no votes, a tie, withheld counts).
    winner: str | None
    baseline_winner: str | None
    swing: Swing | None
    turnout_change_points: float | None

    @property
    def changed_hands(self) -> bool:
        return self.winner is not None and self.baseline_winner is not None and self.winner != self.baseline_winner

    def result_text(self) -> str:
        """The result in words: "Conservative gain from Labour", "Labour hold"."""
        if self.winner is None:
            return "winner unknown"
        if self.baseline_winner is None:
            return f"{self.winner} win (the baseline's winner is unknown)"
        if self.winner == self.baseline_winner:
            return f"{self.winner} hold"
        return f"{self.winner} gain from {self.baseline_winner}"


def _points(now: float | None, then: float | None) -> float | None:
    return None if now is None or then is None else (now - then) * 100.0


def _leading(rows: Sequence[CandidateChange]) -> list[CandidateChange]:
    """The two with the largest shares now."""
    return sorted((r for r in rows if r.votes and r.share is not None), key=lambda r: -(r.share or 0))[:2]


def _butler(rows: Sequence[CandidateChange]) -> Swing | None:
    """The swing between the two leading candidates now, where both are in the baseline
    too: between the next ones down it would say nothing of the race (a write-in's swing
    from a candidate of 2016 to one of 2020 matched by no name)."""
    leading = _leading(rows)
    if len(leading) < 2 or any(r.share_change_points is None for r in leading):
        return None
    first, second = leading
    first_change, second_change = first.share_change_points or 0.0, second.share_change_points or 0.0
    to_first = (first_change - second_change) / 2.0
    if to_first >= 0:
        return Swing(second.label, first.label, to_first, second_change, first_change)
    return Swing(first.label, second.label, -to_first, first_change, second_change)


def swing_unknown_text(rows: Sequence[CandidateChange]) -> str:
    """Why there is no swing: fewer than two candidates, or a leader not in both contests."""
    leading = _leading(rows)
    if len(leading) < 2:
        return "fewer than two candidates have votes"
    missing = [r.label for r in leading if r.share_change_points is None]
    if missing:
        which = names_in_words(missing)
        return (f"{which}, of the two leading now, {'is' if len(missing) == 1 else 'are'} not matched "
                "in the baseline: match candidates by party, or alias them")
    return ""


def _standing(seats: list[tuple[str, int]], total: int) -> tuple[str, int, int] | None:
    """(the party with most seats, its seats, its majority over all others); the label
    says a tie ("Conservative and Labour tied") where two share the most."""
    ranked = sorted(seats, key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0:
        return None
    top = [label for label, count in ranked if count == ranked[0][1]]
    label = top[0] if len(top) == 1 else names_in_words(top) + " tied"
    majority = 2 * ranked[0][1] - total if len(top) == 1 else 0
    return label, ranked[0][1], majority


def _withheld_candidates(contest: Contest) -> set[int]:
    """The candidates with a count withheld (unknown or known in part) somewhere."""
    return {candidate for candidate in range(contest.candidate_count) if contest.candidate_inexact(candidate)}


def _turnout(votes: int, rejected: int | None, electorate: int | None) -> float | None:
    return (votes + (rejected or 0)) / electorate if electorate else None


class Changes:
    """What changed between the baseline and the contest, as they stand now."""

    def __init__(self, comparison: Comparison, *, seats: bool = False) -> None:
        self.comparison = comparison
        self.matching = matching = comparison.matching()
        current, baseline = comparison.current, comparison.baseline
        self.tally = Tally(current, comparison.method)
        self.baseline_tally = Tally(baseline, comparison.method)
        now_shares = [r.share.value for r in self.tally.candidates]
        then_shares = [r.share.value for r in self.baseline_tally.candidates]
        withheld_now = _withheld_candidates(current)
        withheld_then = _withheld_candidates(baseline)
        rows = []
        for entry in matching.entries:
            votes = sum(current.candidate_total(i) for i in entry.current) if entry.current else None
            share = sum(now_shares[i] for i in entry.current) if entry.current else None
            b_votes = sum(baseline.candidate_total(i) for i in entry.baseline) if entry.baseline else None
            b_share = sum(then_shares[i] for i in entry.baseline) if entry.baseline else None
            incomplete = any(i in withheld_now for i in entry.current) or any(i in withheld_then for i in entry.baseline)
            rows.append(CandidateChange(entry.label, entry.matched, votes, share, b_votes, b_share, incomplete))
        self.candidates: tuple[CandidateChange, ...] = tuple(rows)
        self.swing = _butler(rows)
        turnout, b_turnout = self.tally.turnout, self.baseline_tally.turnout
        self.turnout_change_points = _points(turnout.value if turnout else None, b_turnout.value if b_turnout else None)
        self.categories: tuple[CategoryChange, ...] = tuple(self._category(now, then) for now, then in matching.category_pairs)
        self.seats: tuple[SeatChange, ...] | None = self._seats() if seats else None

    # --- per category -------------------------------------------------------------------

    def _category(self, now: int, then: int) -> CategoryChange:
        current, baseline = self.comparison.current, self.comparison.baseline
        total, b_total = current.category_total(now), baseline.category_total(then)
        row_now, row_then = current.row(now), baseline.row(then)
        rows = []
        for entry in self.matching.entries:
            members, b_members = entry.current, entry.baseline
            if len(members) == 1:
                votes: int | None = row_now[members[0]] or 0
            else:
                votes = sum(row_now[i] or 0 for i in members) if members else None
            if len(b_members) == 1:
                b_votes: int | None = row_then[b_members[0]] or 0
            else:
                b_votes = sum(row_then[i] or 0 for i in b_members) if b_members else None
            if not votes and not b_votes:
                continue  # not standing here, then or now: nothing to compare (and 46,000 rows fewer)
            rows.append(
                CandidateChange(
                    entry.label, bool(members) and bool(b_members), votes,
                    None if votes is None or not total else votes / total,
                    b_votes, None if b_votes is None or not b_total else b_votes / b_total,
                )
            )
        category, b_category = current.category(now), baseline.category(then)
        return CategoryChange(
            category.name,
            b_category.name,
            tuple(rows),
            self._winner(current, now, rows, lambda r: r.votes),
            self._winner(baseline, then, rows, lambda r: r.baseline_votes),
            _butler(rows),
            _points(
                _turnout(total, category.rejected, category.electorate),
                _turnout(b_total, b_category.rejected, b_category.electorate),
            ),
        )

    @staticmethod
    def _winner(contest: Contest, category: int, rows: list[CandidateChange], votes_of: Callable[[CandidateChange], int | None]) -> str | None:
        """The label with the most votes in the category; None on a tie, no votes or withheld counts."""
        if contest.category_inexact(category) or not contest.category_total(category):
            return None  # a count withheld (unknown or known in part): no winner is sure
        best, runner_up, label = -1, -1, None
        for row in rows:
            votes = votes_of(row)
            if votes is None:
                continue
            if votes > best:
                best, runner_up, label = votes, best, row.label
            elif votes > runner_up:
                runner_up = votes
        return None if label is None or best == runner_up else label

    def _seats(self) -> tuple[SeatChange, ...]:
        """Seats won in each contest by plurality in each category, with gains and losses
        over the matched categories."""
        current, baseline = self.comparison.current, self.comparison.baseline
        labels = [entry.label for entry in self.matching.entries]
        won: dict[str, int] = dict.fromkeys(labels, 0)
        b_won: dict[str, int] = dict.fromkeys(labels, 0)
        gains: dict[str, int] = dict.fromkeys(labels, 0)
        losses: dict[str, int] = dict.fromkeys(labels, 0)
        matched_now = {pair[0] for pair in self.matching.category_pairs}
        matched_then = {pair[1] for pair in self.matching.category_pairs}
        for change in self.categories:
            if change.winner is not None:
                won[change.winner] += 1
            if change.baseline_winner is not None:
                b_won[change.baseline_winner] += 1
            if change.changed_hands:
                gains[change.winner] += 1  # type: ignore[index]
                losses[change.baseline_winner] += 1  # type: ignore[index]
        # Categories on one side only still count toward that side's seats.
        for contest, matched, seats, key in ((current, matched_now, won, "current"), (baseline, matched_then, b_won, "baseline")):
            for index in range(contest.category_count):
                if index in matched:
                    continue
                rows = []
                for entry in self.matching.entries:
                    members = entry.current if key == "current" else entry.baseline
                    if members:
                        rows.append(CandidateChange(entry.label, entry.matched, sum(contest.count(index, i) or 0 for i in members), None, None, None))
                winner = self._winner(contest, index, rows, lambda r: r.votes)
                if winner is not None:
                    seats[winner] += 1
        self.unknown_seats = sum(1 for c in self.categories if c.winner is None)
        result = [
            SeatChange(label, won[label], b_won[label], gains[label], losses[label])
            for label in labels
            if won[label] or b_won[label]
        ]
        return tuple(sorted(result, key=lambda s: (-s.seats, -s.baseline_seats)))

    @property
    def turnout_unknown_text(self) -> str | None:
        """Why the change in turnout is unknown ("this contest has no electorate"); None when known."""
        if self.turnout_change_points is not None:
            return None
        return f"{'this contest' if self.tally.turnout is None else 'the baseline'} has no electorate"

    @property
    def withheld_text(self) -> str | None:
        """Where counts are withheld, the changes are of the known counts only: said so."""
        sides = [
            # Cells, not values: a county's cell may hold several precincts' withheld values.
            f"in {quantity(tally.contest.inexact_cells, 'cell')} of {what}"
            for tally, what in ((self.tally, "this contest"), (self.baseline_tally, "the baseline"))
            if tally.lower_bound
        ]
        if not sides:
            return None
        return (
            f"counts are withheld ({' and '.join(sides)}): the changes are those of the known counts only, "
            "and a category with a withheld count has no known winner"
        )

    def majority_text(self) -> str | None:
        """The largest party then and now ("Conservative majority of 80, up from a minority
        of 317 seats"); None without seats. A majority is over all the others together, of
        the seats of each contest; a tie for the most seats is said as a tie."""
        if self.seats is None:
            return None
        current, baseline = self.comparison.current, self.comparison.baseline
        now = _standing([(s.label, s.seats) for s in self.seats], current.category_count)
        then = _standing([(s.label, s.baseline_seats) for s in self.seats], baseline.category_count)
        if now is None:
            return None
        label, seats, majority = now
        if majority > 0:
            text = f"{label} majority of {majority:,}"
        elif label.endswith(" tied"):
            text = f"{label} with {quantity(seats, 'seat')} each, no majority"
        else:
            text = f"{label} largest party with {seats:,} of {quantity(current.category_count, 'seat')}, short of a majority"
        if then is None:
            return text
        b_label, b_seats, b_majority = then
        was = f"a majority of {b_majority:,}" if b_majority > 0 else f"a minority of {quantity(b_seats, 'seat')}"
        if b_label == label:
            direction = "up" if seats > b_seats else "down" if seats < b_seats else "unchanged"
            return f"{text}, {direction} from {was}" if direction != "unchanged" else f"{text}, as before"
        return f"{text}; before, {b_label} had {was}"

    # --- declared changes ---------------------------------------------------------------

    @property
    def discrepancies(self) -> tuple[Discrepancy, ...]:
        """The file's declared changes in share that the counts do not reproduce."""
        return self.check_declared()[0]

    def check_declared(self) -> tuple[tuple[Discrepancy, ...], int, int]:
        """(discrepancies, declared changes checked, declared changes that could not be
        checked: the candidate or category is unmatched)."""
        declared = getattr(self.comparison.current.declared, "share_changes", None) or {}
        if not declared:
            return (), 0, 0
        current = self.comparison.current
        by_category = {current.category_name(now): position for position, (now, _) in enumerate(self.matching.category_pairs)}
        found: list[Discrepancy] = []
        checked = unchecked = 0
        for (category_name, candidate_name), printed in declared.items():
            position = by_category.get(category_name)
            try:
                candidate = current.candidate_index(candidate_name)
            except KeyError:
                candidate = None
            entry = None if candidate is None else self.matching.entry_for_current(candidate)
            if position is None or entry is None or not entry.matched:
                unchecked += 1
                continue
            row = next((r for r in self.categories[position].candidates if r.label == entry.label), None)
            computed = None if row is None else row.share_change_points
            if computed is None:
                unchecked += 1
                continue
            checked += 1
            if not printed.matches(computed):
                places = max(printed.decimals, 1) + 1
                found.append(
                    Discrepancy(
                        "share_change", f"{candidate_name} in {category_name}", printed.points, computed,
                        f"{printed.points:+.{places}f} points", f"{computed:+.{places}f} points",
                    )
                )
        return tuple(found), checked, unchecked

    # --- output -------------------------------------------------------------------------

    def category_change(self, category: int) -> CategoryChange | None:
        """The change in the current contest's category ``category``; None when unmatched."""
        if not hasattr(self, "_by_category"):
            self._by_category = {now: change for (now, _), change in zip(self.matching.category_pairs, self.categories)}
        return self._by_category.get(category)

    def entry_change(self, candidate: int, category: int | None = None) -> CandidateChange | None:
        """The change of the current contest's candidate ``candidate``, overall or in one
        category (the row it is counted in, merged with others by an alias); None where
        it or the category is unmatched."""
        entry = self.matching.entry_for_current(candidate)
        if entry is None or not entry.matched:
            return None
        rows = self.candidates if category is None else getattr(self.category_change(category), "candidates", ())
        return next((row for row in rows if row.label == entry.label), None)

    def candidate(self, label: str) -> CandidateChange:
        return next(row for row in self.candidates if row.label == label)

    def seat(self, label: str) -> SeatChange | None:
        return next((row for row in self.seats or () if row.label == label), None)

    def to_dict(self) -> dict[str, Any]:
        """The comparison's part of ``tally --json``."""
        seats = {row.label: row for row in self.seats or ()}
        candidates = []
        for row in self.candidates:
            item: dict[str, Any] = {
                "name": row.label,
                "votes": row.votes,
                "share": row.share,
                "baseline_votes": row.baseline_votes,
                "baseline_share": row.baseline_share,
                "votes_change": row.votes_change,
                "share_change_points": row.share_change_points,
                "incomplete": row.incomplete,
            }
            if self.seats is not None:
                seat = seats.get(row.label)
                item.update(
                    seats=seat.seats if seat else 0,
                    baseline_seats=seat.baseline_seats if seat else 0,
                    seats_change=seat.seats_change if seat else 0,
                    gains=seat.gains if seat else 0,
                    losses=seat.losses if seat else 0,
                )
            candidates.append(item)
        discrepancies, checked, unchecked = self.check_declared()
        return {
            "baseline": {
                "title": self.comparison.baseline.title,
                "source": self.comparison.baseline_source,
                "total_votes": self.baseline_tally.total_votes,
                "turnout": self.baseline_tally.turnout.value if self.baseline_tally.turnout else None,
            },
            "matched_by": {"candidates": self.matching.by.value, "categories": self.matching.categories_by},
            "merged": list(self.matching.merged),
            "candidates": candidates,
            "swing": self.swing.to_dict() if self.swing else None,
            "turnout_change_points": self.turnout_change_points,
            "withheld": self.withheld_text,
            "unmatched": self.matching.unmatched,
            "categories": [
                {
                    "name": change.name,
                    "baseline_name": change.baseline_name,
                    "winner": change.winner,
                    "baseline_winner": change.baseline_winner,
                    "result": change.result_text(),
                    "swing": change.swing.to_dict() if change.swing else None,
                    "turnout_change_points": change.turnout_change_points,
                    "candidates": [
                        {"name": r.label, "share_change_points": r.share_change_points}
                        for r in change.candidates
                        if r.votes or r.baseline_votes
                    ],
                }
                for change in self.categories
            ],
            "declared_changes": {
                "checked": checked,
                "not_checked": unchecked,
                "discrepancies": [d.to_dict() for d in discrepancies],
            },
        }


# --- the undoable match by hand ---------------------------------------------------------------


@dataclass
class MatchByHand(Edit):
    """Match a candidate or category with one of the baseline by hand (None: unmatch).

    An :class:`~resultsviewer.core.edits.Edit` whose target is the comparison: the
    window wraps it in the same undo stack as the edits of the contest.
    """

    comparison: Comparison
    axis: Axis
    current_name: str
    baseline_name: str | None
    _old: str | None = field(default=None, init=False)
    label = "Match with the baseline"

    def do(self, contest: Contest | None = None) -> None:
        self._old = self.comparison.set_match(self.axis, self.current_name, self.baseline_name)

    def undo(self, contest: Contest | None = None) -> None:
        self.comparison.set_match(self.axis, self.current_name, self._old)

    @property
    def description(self) -> str:
        old = "(unmatched)" if self._old is None else repr(self._old)
        new = "(unmatched)" if self.baseline_name is None else repr(self.baseline_name)
        return f"Baseline match of {self.axis.value} {self.current_name!r}: {old} → {new}"
