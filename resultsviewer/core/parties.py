"""Parties: who stands for whom, their customary colours, grouping and merging.

* A candidate's *party* is its ``party`` field, else its own name (a results file by
  party, such as the House of Commons Library's, has parties as its candidates).
* Well-known UK and US parties have customary colours, kept as a reference table in
  ``resources/party_colours.json`` and applied whatever file a contest comes from.
* Two candidates never share a colour in one chart: where two colours are too close to
  tell apart, also under the common colour blindnesses (protanopia, deuteranopia,
  tritanopia, simulated after Machado et al. 2009), the later one is made lighter or
  darker. The chart, its legend, the table and the exports all use these same colours.
* ``group_by_party`` sums the candidates of one party; :class:`MergeParties` is the one
  undoable edit that merges a party or candidate into another ("Labour and Co-operative
  → Labour"). An import only *suggests* merges (:func:`suggested_merges`).
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .bundled import resource_path
from .contest import Candidate, Contest, Declared, RemovedCandidate, add_counts
from .edits import Edit
from .errors import EditError

PARTY_COLOURS_FILE = "reference/party_colours.json"


@dataclass(frozen=True)
class KnownParty:
    """A party of the reference table: its name, colour, other spellings and allies."""

    name: str
    colour: str
    country: str
    aliases: tuple[str, ...] = ()
    #: Parties standing jointly with it (Labour and Co-operative sits as Labour).
    allies: tuple[str, ...] = ()


def _fold(text: str) -> str:
    """A name as compared: case, accents and runs of spaces do not matter."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().replace("&", "and").split())


@lru_cache(maxsize=1)
def known_parties() -> tuple[KnownParty, ...]:
    """The shipped reference table of party colours."""
    document = json.loads(resource_path(PARTY_COLOURS_FILE).read_text(encoding="utf-8"))
    return tuple(
        KnownParty(
            entry["name"], entry["colour"].lower(), entry.get("country", ""),
            tuple(entry.get("aliases", ())), tuple(entry.get("allies", ())),
        )
        for entry in document["parties"]
    )


@lru_cache(maxsize=1)
def _by_name() -> dict[str, KnownParty]:
    table: dict[str, KnownParty] = {}
    for party in known_parties():
        for name in (party.name, *party.aliases, *party.allies):
            table.setdefault(_fold(name), party)
    return table


def known_party(name: str | None) -> KnownParty | None:
    """The reference table's party called ``name`` (or an alias or ally of it), if any."""
    if not name:
        return None
    return _by_name().get(_fold(name))


def party_of(candidate: Candidate) -> str:
    """The party a candidate stands for: its party field, else its own name."""
    return candidate.party or candidate.name


def customary_colour(candidate: Candidate) -> str | None:
    """The reference table's colour for the candidate's party, or for its name."""
    for name in (candidate.party, candidate.name):
        party = known_party(name)
        if party is not None:
            return party.colour
    return None


def _sole_candidates(candidates: Sequence[Candidate]) -> list[bool]:
    """For each candidate, whether it is its party's only one: a party's colour tells
    parties apart, so in a primary or a leadership race (one party, many candidates) it
    would tell nobody apart, and the palette is used instead."""
    parties: dict[str, int] = {}
    for candidate in candidates:
        key = _fold(party_of(candidate))
        parties[key] = parties.get(key, 0) + 1
    return [parties[_fold(party_of(candidate))] == 1 for candidate in candidates]


def apply_party_colours(contest: Contest) -> list[str]:
    """Give each candidate without a colour its party's customary colour (an import step:
    the colours are then kept in the native file). Returns the names coloured.

    Only a party's only candidate takes its colour (see :func:`_sole_candidates`).
    """
    coloured = []
    sole = _sole_candidates(contest.candidates)
    for index, candidate in enumerate(contest.candidates):
        if candidate.colour is None and sole[index]:
            colour = customary_colour(candidate)
            if colour is not None:
                contest.update_candidate(index, colour=colour)
                coloured.append(candidate.name)
    return coloured


# --- telling colours apart ----------------------------------------------------------------

#: Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB.
_DEFICIENCIES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
#: Below this CIELAB distance (ΔE*ab) two bar colours are taken for one: about the
#: distance at which neighbouring bars stop reading as different series.
MIN_DISTANCE = 12.0
MIN_DISTANCE_DEFICIENT = 8.0


def _linear(colour: str) -> tuple[float, float, float]:
    def channel(value: int) -> float:
        c = value / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return channel(int(colour[1:3], 16)), channel(int(colour[3:5], 16)), channel(int(colour[5:7], 16))


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _views(colour: str) -> list[tuple[float, float, float]]:
    """The colour in CIELAB as seen with normal vision, then with each deficiency."""
    rgb = _linear(colour)
    views = [_lab(rgb)]
    for matrix in _DEFICIENCIES.values():
        views.append(_lab(tuple(sum(m * c for m, c in zip(row, rgb)) for row in matrix)))  # type: ignore[arg-type]
    return views


def too_close(first: str, second: str) -> bool:
    """True when two colours are hard to tell apart, with normal vision or a common deficiency."""
    a, b = _views(first), _views(second)
    if math.dist(a[0], b[0]) < MIN_DISTANCE:
        return True
    return any(math.dist(x, y) < MIN_DISTANCE_DEFICIENT for x, y in zip(a[1:], b[1:]))


def _separation(colour: str, others: Sequence[str]) -> float:
    """How far ``colour`` is from the nearest of ``others`` in its worst view, scaled so
    that 1 is just distinct enough."""
    mine = _views(colour)
    worst = math.inf
    for other in others:
        theirs = _views(other)
        worst = min(worst, math.dist(mine[0], theirs[0]) / MIN_DISTANCE)
        for x, y in zip(mine[1:], theirs[1:]):
            worst = min(worst, math.dist(x, y) / MIN_DISTANCE_DEFICIENT)
    return worst


def _shade(colour: str, factor: float) -> str:
    """Lighter (factor > 0, toward white) or darker (factor < 0, toward black)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor >= 0:
        shaded = [round(c + (255 - c) * factor) for c in channels]
    else:
        shaded = [round(c * (1 + factor)) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in shaded)


def distinct_colour(colour: str, taken: Sequence[str]) -> str:
    """``colour`` itself when it stands apart from every colour ``taken``; else the
    nearest shade of it (darker or lighter) that does, or the most distinct tried."""
    if not taken or _separation(colour, taken) >= 1.0:
        return colour
    best, best_score = colour, _separation(colour, taken)
    for step in (0.25, 0.45, 0.65):
        for factor in (-step, step):
            shade = _shade(colour, factor)
            score = _separation(shade, taken)
            if score >= 1.0:
                return shade
            if score > best_score:
                best, best_score = shade, score
    return best


#: Colours told apart from one another; the candidates after that many take the palette
#: in turn (the chart draws at most 15 series, the rest as one "more candidates" bar).
DISTINCT_COLOURS = 48


def display_colours(contest: Contest, palette: Sequence[str]) -> list[str]:
    """The colour each candidate is drawn in, one per candidate, no two alike.

    A candidate's own colour, else its party's customary one, else the first colour of
    ``palette`` that stands apart from those already given. Candidates keep file order
    (the first keeps its colour when two clash), so an edit of counts never recolours.
    """
    candidates = contest.candidates
    palette = tuple(palette)
    last = _LAST_COLOURS.get(id(contest))
    # The table asks once per header it paints: with 20,000 candidates, building the key
    # each time took seconds. Unchanged candidates are the same objects (they are frozen
    # and replaced on an edit), so the tuples compare at C speed, by identity.
    if last is not None and last[0] == palette and last[1] == candidates:
        return list(last[2])
    key = tuple((c.name, c.party, c.colour) for c in candidates)
    colours = _display_colours(key, palette)
    _LAST_COLOURS.clear()  # one contest remembered: the window's
    _LAST_COLOURS[id(contest)] = (palette, candidates, colours)
    return list(colours)


#: The last contest's colours: id -> (palette, candidates, colours). The candidates tuple
#: is kept, so a new contest with a reused id still compares unequal unless identical.
_LAST_COLOURS: dict[int, tuple[tuple[str, ...], tuple[Candidate, ...], tuple[str, ...]]] = {}


@lru_cache(maxsize=64)
def _display_colours(key: tuple[tuple[str, str | None, str | None], ...], palette: tuple[str, ...]) -> tuple[str, ...]:
    candidates = [Candidate(name, party) for name, party, _ in key]
    sole = _sole_candidates(candidates)
    wanted: list[str | None] = []
    for index, (_, _, colour) in enumerate(key):
        wanted.append(colour or (customary_colour(candidates[index]) if sole[index] else None))
    chosen: list[str | None] = [None] * len(key)
    taken: list[str] = []
    # Own and customary colours first (a party's colour is part of how readers know it),
    # then the palette for the rest.
    for index, colour in enumerate(wanted):
        if colour is not None:
            # Past DISTINCT_COLOURS, no colour can stand apart from all the others: kept as
            # given (each check costs every colour taken: 20,000 candidates took minutes).
            chosen[index] = distinct_colour(colour, taken) if len(taken) < DISTINCT_COLOURS else colour
            taken.append(chosen[index])  # type: ignore[arg-type]
    spare = [colour for colour in palette]
    for index, colour in enumerate(wanted):
        if colour is not None:
            continue
        if len(taken) >= DISTINCT_COLOURS:
            chosen[index] = palette[index % len(palette)] if palette else "#777777"
            continue
        pick = next((c for c in spare if _separation(c, taken) >= 1.0), None)
        if pick is None:
            pick = distinct_colour(spare[index % len(spare)] if spare else "#777777", taken)
        else:
            spare.remove(pick)
        chosen[index] = pick
        taken.append(pick)
    return tuple(colour or "#777777" for colour in chosen)


# --- grouping and merging ---------------------------------------------------------------


def has_shared_parties(contest: Contest) -> bool:
    """True when some party has more than one candidate (grouping would change the count)."""
    seen: set[str] = set()
    for candidate in contest.candidates:
        key = _fold(party_of(candidate))
        if key in seen:
            return True
        seen.add(key)
    return False


def party_grouping_refusal(contest: Contest) -> str | None:
    """Why counting parties (group by party) does not apply to ``contest``, or None.

    A contest decided in rounds was counted candidate by candidate, round by round: its
    rounds decide, and summing first preferences by party would decide nothing. A contest
    whose candidates all stand for one party (a party's leadership election) has, by
    party, one party with every vote: "Labour wins with 100%" says nothing true of it.
    """
    if contest.rounds is not None:
        return (
            "this contest is decided by instant runoff: its rounds count candidates, not parties, and the final "
            "round decides"
        )
    parties = {_fold(party_of(candidate)): party_of(candidate) for candidate in contest.candidates}
    if contest.candidate_count > 1 and len(parties) == 1:
        (party,) = parties.values()
        return f"every candidate stands for {party}: by party there is one party and nothing to compare"
    return None


def group_by_party(contest: Contest) -> Contest:
    """A new contest whose candidates are the parties, each summing its candidates' counts.

    Parties come in the order of their first candidate. A party's count in a category is
    unknown when any of its candidates' is. Declared figures per candidate do not carry
    over (they were printed per candidate); per category ones do, and declared winners
    are read as their parties.
    """
    order: list[str] = []
    members: dict[str, list[int]] = {}
    shown: dict[str, str] = {}
    colours: dict[str, str | None] = {}
    for index, candidate in enumerate(contest.candidates):
        party = party_of(candidate)
        key = _fold(party)
        if key not in members:
            order.append(key)
            members[key] = []
            shown[key] = party
            colours[key] = candidate.colour if candidate.party is None else customary_colour(Candidate(party))
            if colours[key] is None:
                colours[key] = candidate.colour
        members[key].append(index)
    counts = []
    for category in range(contest.category_count):
        row = contest.row(category)
        grouped: list[int | None] = []
        for key in order:
            cells = [row[i] for i in members[key]]
            # Every known vote kept; a withheld count makes the party's an "at least" (issue 12).
            grouped.append(add_counts(cells))
        counts.append(grouped)
    declared = Declared(
        category_totals=dict(contest.declared.category_totals),
        valid_votes=contest.declared.valid_votes,
        rejected=contest.declared.rejected,
        ballots_cast=contest.declared.ballots_cast,
        electorate=contest.declared.electorate,
        turnout=contest.declared.turnout,
    )
    by_name = {c.name: party_of(c) for c in contest.candidates}
    declared.category_winners = {
        category: by_name.get(winner, winner) for category, winner in contest.declared.category_winners.items()
    }
    grouped_contest = Contest(
        contest.title,
        [Candidate(shown[key], None, colours[key]) for key in order],
        contest.categories,
        counts,
        date=contest.date,
        status=contest.status,
        source=contest.source,
        notes=contest.notes,
        method=contest.method,
        electorate=contest.electorate,
        declared=declared,
    )
    return grouped_contest


@dataclass(frozen=True)
class MergeSuggestion:
    """Two names in one contest that the reference table knows as one party or allies."""

    source: str
    target: str
    reason: str

    def text(self) -> str:
        return f"{self.source} → {self.target} ({self.reason})"


def suggested_merges(contest: Contest) -> list[MergeSuggestion]:
    """Well-known merges this contest could use; never applied by themselves.

    ``Labour and Co-operative`` beside ``Labour`` (allies sitting as one party), or two
    spellings of one party (``Sinn Fein`` and ``Sinn Féin``).
    """
    parties: dict[str, str] = {}
    for candidate in contest.candidates:
        parties.setdefault(_fold(party_of(candidate)), party_of(candidate))
    suggestions = []
    for party in known_parties():
        keys = dict.fromkeys(_fold(n) for n in (party.name, *party.aliases))
        main_names = [parties[k] for k in keys if k in parties]
        if not main_names:
            continue
        target = main_names[0]
        for other in main_names[1:]:
            suggestions.append(MergeSuggestion(other, target, f"another name of {party.name}"))
        for ally in party.allies:
            if _fold(ally) in parties:
                suggestions.append(MergeSuggestion(parties[_fold(ally)], target, f"sits with {party.name}"))
    return suggestions


@dataclass
class MergeParties(Edit):
    """Merge a party or candidate (``source``) into another (``target``), as one edit.

    Candidates named ``source`` are added into the candidate named ``target`` (their
    counts summed, category by category); candidates whose party is ``source`` take the
    party ``target``. Declared winners follow. Undo puts everything back as it was.
    """

    source: str
    target: str
    _removed: list[RemovedCandidate] = field(default_factory=list)
    _target_before: RemovedCandidate | None = None
    _parties: list[tuple[int, str | None]] = field(default_factory=list)
    _declared: Declared | None = None
    label = "Merge parties"

    def do(self, contest: Contest) -> None:
        source_key, target_key = _fold(self.source), _fold(self.target)
        if source_key == target_key:
            raise EditError(f"cannot merge {self.source!r} into itself")
        names = {_fold(c.name): i for i, c in enumerate(contest.candidates)}
        by_party = [i for i, c in enumerate(contest.candidates) if c.party and _fold(c.party) == source_key]
        if source_key not in names and not by_party:
            raise EditError(f"there is no candidate or party named {self.source!r}")
        self._declared = contest.declared.copy()
        self._removed = []
        self._target_before = None
        self._parties = []
        for index in by_party:
            self._parties.append((index, contest.candidate(index).party))
            contest.update_candidate(index, party=self.target)
        if source_key in names:
            source_index = names[source_key]
            if target_key in names:
                target_index = names[target_key]
                source_row = [contest.count(c, source_index) for c in range(contest.category_count)]
                self._removed.append(contest.remove_candidate(source_index))
                target_index = next(i for i, c in enumerate(contest.candidates) if _fold(c.name) == target_key)
                target_row = [contest.count(c, target_index) for c in range(contest.category_count)]
                merged = [add_counts((a, b)) for a, b in zip(target_row, source_row)]
                self._target_before = contest.remove_candidate(target_index)
                contest.insert_candidate(target_index, self._target_before.candidate, merged)
                target_name = self._target_before.candidate.name
            else:
                # No candidate of that name: the source is renamed (its party follows).
                old = contest.update_candidate(source_index, name=self.target)
                self._removed.append(RemovedCandidate(source_index, old, (), None, None))
                target_name = self.target
            source_name = self._removed[0].candidate.name
            declared = contest.declared.copy()
            declared.category_winners = {
                category: (target_name if winner == source_name else winner)
                for category, winner in declared.category_winners.items()
            }
            if declared.category_winners != contest.declared.category_winners:
                contest.set_property("declared", declared)

    def undo(self, contest: Contest) -> None:
        if self._target_before is not None:
            index = next(i for i, c in enumerate(contest.candidates) if c.name == self._target_before.candidate.name)
            contest.remove_candidate(index)
            contest.restore_candidate(self._target_before)
            contest.restore_candidate(self._removed[0])
        elif self._removed:
            renamed = self._removed[0]
            contest.update_candidate(renamed.index, name=renamed.candidate.name)
        for index, party in reversed(self._parties):
            contest.update_candidate(index, party=party)
        if self._declared is not None:
            contest.set_property("declared", self._declared)

    @property
    def description(self) -> str:
        return f"Merged {self.source} → {self.target}"


__all__ = [
    "KnownParty",
    "MergeParties",
    "MergeSuggestion",
    "apply_party_colours",
    "customary_colour",
    "display_colours",
    "distinct_colour",
    "group_by_party",
    "has_shared_parties",
    "known_parties",
    "party_grouping_refusal",
    "known_party",
    "party_of",
    "suggested_merges",
    "too_close",
]
