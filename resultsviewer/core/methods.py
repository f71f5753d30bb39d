"""Counting methods: the rule that decides a contest, each a small object.

Given a contest, a method gives an :class:`Outcome`: who won by its rule (or that nobody
has what the rule needs), the figures in the unit that decides (votes, seats, electoral
votes), the sentence that says so, and the popular vote beside it. The summary, the
charts and the command line ask the method; none of them switches on its name.

* ``sum``: one member one vote, all categories pooled.
* ``sections``: weighted sections, each category's shares weighted by its weight (the
  electoral college of a party; the old name ``electoral-college`` still opens).
* ``seats``: first past the post in each category; a majority is more than half the seats.
* ``electoral-votes``: each category (state) gives all its electoral votes to its leader;
  more than half of them wins, a tie goes to the House of Representatives.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from .bundled import resource_path
from .contest import Contest, Method
from .counts import names_in_words, quantity
from .tally import Share, Tally, format_points

ELECTORAL_VOTES_FILE = "reference/electoral_votes.json"


@dataclass(frozen=True)
class Standing:
    """A candidate (or party) under a method: its votes and what the method gives it."""

    index: int
    name: str
    party: str | None
    votes: int
    #: The share that decides under a vote method (pooled or weighted).
    share: Share
    #: Always the pooled share of all valid votes.
    pooled_share: Share
    #: Seats or electoral votes won; None under a vote method.
    units: int | None = None
    #: Some of its counts are withheld: ``votes`` is at least that.
    votes_lower_bound: bool = False


@dataclass(frozen=True)
class CategoryOutcome:
    """Who carries one category under a seats or electoral-votes method."""

    category: int
    name: str
    #: What the category is worth: 1 seat, or its electoral votes (None: not known).
    units: int | None
    winner: int | None = None
    #: The candidates tied for the lead when no recorded tie-break decides it.
    tied: tuple[int, ...] = ()
    #: True when a recorded tie-break decided a tie.
    by_tie_break: bool = False
    #: Why there is no winner: "tie", "no votes", "counts withheld", "electoral votes unknown".
    undecided: str | None = None


@dataclass
class Outcome:
    """The result of a contest under its method, in figures and in words."""

    method: Method
    #: What the method is, as people say it.
    method_label: str
    #: The unit that decides: "votes", "seats", "electoral votes".
    unit: str
    tally: Tally
    standings: tuple[Standing, ...]
    winner: Standing | None
    #: Those with the most of the deciding unit (several when tied).
    largest: tuple[Standing, ...]
    #: The lead of the first over the second, in the deciding unit (never negative).
    margin: float | None
    #: The headline: who won by the rule, or that nobody did.
    headline: str
    #: What the rule is and what decided it.
    decided_by: str
    #: The popular vote beside a seats or electoral-votes result ("" under a vote method).
    popular_vote: str = ""
    total_units: int | None = None
    needed: int | None = None
    categories: tuple[CategoryOutcome, ...] = ()
    notes: list[str] = field(default_factory=list)
    #: Declared winners of categories that the counts do not reproduce.
    winner_discrepancies: list[str] = field(default_factory=list)
    #: What a reader must know to read the result rightly, said beside it (a section that
    #: counts for nothing because another has a weight).
    warnings: list[str] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        """The headline with the popular vote beside it: what a reader should take away."""
        return f"{self.headline}; {self.popular_vote}" if self.popular_vote else self.headline

    def ranking(self) -> list[Standing]:
        """Standings from first to last in the deciding unit (votes break ties, then file order)."""
        if self.unit == "votes":
            return sorted(self.standings, key=lambda s: (-s.share.value, s.index))
        return sorted(self.standings, key=lambda s: (-(s.units or 0), -s.votes, s.index))

    def units_of(self, candidate: int) -> int | None:
        return self.standings[candidate].units

    def to_dict(self) -> dict[str, Any]:
        """The tally's JSON with what the method decided (``resultsviewer tally --json``)."""
        data = self.tally.to_dict()
        data["method"] = self.method.value
        data["method_label"] = self.method_label
        data["unit"] = self.unit
        key = {"seats": "seats", "electoral votes": "electoral_votes"}.get(self.unit)
        if key is not None:
            for entry, standing in zip(data["candidates"], self.standings):
                entry[key] = standing.units
            data[f"{key}_total"] = self.total_units
            data[f"{key}_needed"] = self.needed
            data["category_winners"] = [
                {
                    "name": outcome.name,
                    key: outcome.units,
                    "winner": None if outcome.winner is None else self.standings[outcome.winner].name,
                    "tied": [self.standings[i].name for i in outcome.tied],
                    "by_tie_break": outcome.by_tie_break,
                    "undecided": outcome.undecided,
                }
                for outcome in self.categories
            ]
            data["popular_vote_winner"] = self.tally.winner.name if self.tally.winner is not None else None
        if self.method is Method.SECTIONS:
            # Votes do not decide under weighted sections: their difference can even be
            # negative for the winner. The margin is in weighted points.
            data["margin_votes"] = None
        # Under a vote method, the most known votes (counts withheld) is a lead, not a win.
        leads_only = self.unit == "votes" and self.tally.shares_of_known_votes
        data["winner"] = self.winner.name if self.winner is not None and not leads_only else None
        data["leader"] = self.winner.name if self.winner is not None else None
        data["largest"] = self.largest[0].name if len(self.largest) == 1 else None
        data["largest_tied"] = [s.name for s in self.largest] if len(self.largest) > 1 else []
        data["margin"] = self.margin
        data["margin_unit"] = "points" if self.method is Method.SECTIONS else self.unit
        data["headline"] = self.headline
        data["popular_vote"] = self.popular_vote
        data["result"] = self.sentence
        data["decided_by"] = self.decided_by
        data["method_notes"] = list(self.notes)
        data["method_warnings"] = list(self.warnings)
        data["winner_discrepancies"] = list(self.winner_discrepancies)
        return data


def _standings(tally: Tally, units: list[int] | None = None) -> tuple[Standing, ...]:
    return tuple(
        Standing(r.index, r.name, r.party, r.votes, r.share, r.pooled_share, None if units is None else units[r.index],
                 r.votes_lower_bound)
        for r in tally.candidates
    )


def _votes_text(votes: int) -> str:
    """``2.9 million`` or ``45,123 votes``: a vote margin as a reader says it."""
    if votes >= 1_000_000:
        return f"{votes / 1e6:.1f} million votes"
    return f"{votes:,} vote" + ("" if votes == 1 else "s")


def popular_vote_sentence(tally: Tally, decider: str | None = None) -> str:
    """``most votes: Conservative, 42.3%``; ``Clinton won the popular vote by 2.9 million votes``."""
    if tally.total_votes == 0:
        return "no votes counted yet"
    # With counts withheld a margin is "at least" only when the runner-up's total is exact;
    # otherwise it is one of the known votes (issue 12).
    def margin_text(votes: int) -> str:
        text = _votes_text(votes)
        if tally.margin_lower_bound:
            return "at least " + text
        return text.replace(" vote", " known vote", 1) if tally.lower_bound else text

    if tally.winner is None:
        names = names_in_words(r.name for r in tally.tied)
        return f"popular vote tied between {names}" + (" on the known votes" if tally.shares_of_known_votes else "")
    leader = tally.winner
    # Counts withheld, the runner-up's among them: the lead is one of the known votes only.
    unsure = tally.shares_of_known_votes and not tally.margin_lower_bound
    if decider is not None and len(tally.candidates) > 1 and tally.margin_votes is not None:
        if unsure:
            also = "also " if leader.name == decider else ""
            return (f"{leader.name} {also}leads the popular vote on the known votes ({leader.pooled_share.format()}) "
                    f"by {margin_text(tally.margin_votes)}")
        if leader.name == decider:
            return f"{leader.name} also won the popular vote ({leader.pooled_share.format()}) by {margin_text(tally.margin_votes)}"
        return f"{leader.name} won the popular vote ({leader.pooled_share.format()}) by {margin_text(tally.margin_votes)}"
    return f"most {'known ' if unsure else ''}votes: {leader.name}, {leader.pooled_share.format()}"


class CountingMethod:
    """A rule that decides a contest; subclasses give :meth:`count`."""

    method: Method
    #: What the method is called in the window and on the command line.
    label: str
    unit: str

    def count(self, contest: Contest, tally: Tally | None = None, leaders: Leaders | None = None) -> Outcome:
        """The outcome; ``tally``, a vote tally of this contest already made, is reused
        where it pools the votes as this method needs (it saves a pass over a big file).
        ``leaders`` says who carries a category when that is not read from ``contest``'s
        own counts (parties carry the categories their candidates win)."""
        raise NotImplementedError


def _vote_tally(contest: Contest, method: Method, tally: Tally | None) -> Tally:
    """``tally`` when it counts the votes as ``method`` needs (weighted or pooled), else a new one."""
    weighted = method is Method.SECTIONS
    if tally is not None and tally.contest is contest and (tally.method is Method.SECTIONS) == weighted:
        return tally
    return Tally(contest, Method.SECTIONS if weighted else Method.SUM)


class PooledVotes(CountingMethod):
    """One member one vote: every valid vote in every category counts the same."""

    method = Method.SUM
    label = "sum (one member one vote, all categories pooled)"
    unit = "votes"

    def count(self, contest: Contest, tally: Tally | None = None, leaders: Leaders | None = None) -> Outcome:
        tally = _vote_tally(contest, self.method, tally)
        # Once, not once per tied candidate: a tie of 3,000 took minutes.
        standings = _standings(tally)
        largest = tuple(standings[r.index] for r in (tally.tied or ((tally.winner,) if tally.winner else ())))
        winner = standings[tally.winner.index] if tally.winner is not None else None
        return Outcome(
            self.method, self.label, self.unit, tally, standings, winner,
            tuple(standings[s.index] for s in largest), tally.margin_votes, tally.summary(),
            "one member one vote: every valid vote in every category is added up",
        )


def _sections_text(sections: int) -> str:
    """How weighted sections decide, for the sections that have votes."""
    if sections == 0:
        return "weighted sections: each section's shares count by its weight, whatever its size; no section has votes yet"
    if sections == 1:
        return "weighted sections: each section's shares count by its weight; only 1 section has votes, so its shares decide"
    return f"weighted sections: each of the {sections:,} sections' shares counts by its weight, whatever its size"


class WeightedSections(CountingMethod):
    """Each category's shares weighted by its weight (a party's electoral college)."""

    method = Method.SECTIONS
    label = "weighted sections (electoral college of a party)"
    unit = "votes"

    def count(self, contest: Contest, tally: Tally | None = None, leaders: Leaders | None = None) -> Outcome:
        tally = _vote_tally(contest, self.method, tally)
        pooled = Tally(contest, Method.SUM)
        standings = _standings(tally)
        winner = standings[tally.winner.index] if tally.winner is not None else None
        leading = tally.tied or ((tally.winner,) if tally.winner else ())
        # Once one section has a weight, a section without one counts for nothing: said,
        # as one weight typed can turn the result.
        voting: list[int] = []
        unweighted: list[str] = []
        if contest.weighted_categories:  # with no weight given, every section counts alike: nothing to say
            weights = contest.effective_weights()
            voting = [index for index in range(contest.category_count) if contest.category_total(index) > 0]
            unweighted = [contest.category_name(index) for index in voting if weights[index] == 0]
        notes = []
        if unweighted and len(unweighted) < len(voting):
            one = len(unweighted) == 1
            notes.append(f"{names_in_words(unweighted)} {'has' if one else 'have'} a weight of 0 or none while another "
                         f"section has one: {'it counts' if one else 'they count'} for nothing here")
        if tally.total_votes and unweighted and len(unweighted) == len(voting):
            headline = "No result: no section with votes has a weight (a weight of 0 or none counts for nothing)"
            winner, leading = None, ()
        elif tally.total_votes == 0:
            headline = "No votes counted yet"
        elif winner is None:
            headline = "Tie between " + names_in_words(r.name for r in tally.tied) + " (weighted sections)"
            if tally.shares_of_known_votes:
                headline += " on the known votes"
        elif tally.shares_of_known_votes:
            # Counts withheld: a section's shares are of its known votes, no bound either way.
            headline = f"{winner.name} leads with {winner.share.format()} of the weighted sections, of the known votes"
            if tally.margin_points is not None and len(standings) > 1 and tally.tie_break is None:
                headline += f", margin {format_points(tally.margin_points)} points"
        else:
            headline = f"{winner.name} wins with {winner.share.format()} of the weighted sections"
            if tally.tie_break is not None:
                headline += f" (tie decided by {tally.tie_break.method})"
            elif tally.margin_points is not None and len(standings) > 1:
                headline += f", margin {format_points(tally.margin_points)} points"
        sections = tally.category_checks.categories_with_votes  # followed edit by edit in the window
        return Outcome(
            self.method, self.label, self.unit, tally, standings, winner,
            tuple(standings[r.index] for r in leading),
            tally.margin_points, headline,
            _sections_text(sections),
            # With no votes the headline says so: the popular vote would say it again.
            popular_vote=popular_vote_sentence(pooled, winner.name if winner else None) if tally.total_votes else "",
            warnings=notes,
        )


def category_leaders(contest: Contest, category: int) -> tuple[tuple[int, ...], str | None]:
    """The candidates with most votes in a category, or why nobody leads it."""
    row = contest.row(category)
    if contest.category_inexact(category):  # unknown or known in part: no winner is sure
        return (), "counts withheld"
    if not row or contest.category_total(category) == 0:
        return (), "no votes"
    top = max(row)  # type: ignore[type-var]
    return tuple(i for i, value in enumerate(row) if value == top), None


#: Who leads a category (by its index): the leaders, or no one and why.
Leaders = Callable[[int], tuple[tuple[int, ...], "str | None"]]


def party_leaders(source: Contest, grouped: Contest) -> Leaders:
    """Leaders by party: a category is carried by the party of the candidate who leads it
    in ``source`` (its candidates' votes are not pooled, as first past the post elects a
    candidate); ``grouped`` is ``group_by_party(source)``."""
    from .parties import _fold, party_of  # counting by party only: a plain count does without

    index = {_fold(candidate.name): i for i, candidate in enumerate(grouped.candidates)}
    party_index = [index[_fold(party_of(candidate))] for candidate in source.candidates]

    def leaders(category: int) -> tuple[tuple[int, ...], str | None]:
        found, why = category_leaders(source, category)
        return tuple(dict.fromkeys(party_index[i] for i in found)), why

    return leaders


def carry_categories(
    contest: Contest, worth: list[int | None], leaders: Leaders | None = None
) -> tuple[CategoryOutcome, ...]:
    """Who carries each category (first past the post), ties left as ties.

    A recorded tie-break decides a tie when its winner is among the tied and the record
    can only be about that category: it names the category in its note, or the contest
    has only one tied category.
    """
    found: list[CategoryOutcome] = []
    ties: list[int] = []
    for category in range(contest.category_count):
        name = contest.category_name(category)
        leading, why = leaders(category) if leaders is not None else category_leaders(contest, category)
        if worth[category] is None:
            found.append(CategoryOutcome(category, name, None, undecided="electoral votes unknown"))
        elif why is not None:
            found.append(CategoryOutcome(category, name, worth[category], undecided=why))
        elif len(leading) == 1:
            found.append(CategoryOutcome(category, name, worth[category], winner=leading[0]))
        else:
            ties.append(len(found))
            found.append(CategoryOutcome(category, name, worth[category], tied=leading, undecided="tie"))
    record = contest.tie_break
    if record is not None and ties:
        names = [c.name for c in contest.candidates]
        for place in ties:
            outcome = found[place]
            about_it = len(ties) == 1 or (record.note is not None and outcome.name.casefold() in record.note.casefold())
            tied_names = [names[i] for i in outcome.tied]
            if about_it and record.winner in tied_names:
                found[place] = CategoryOutcome(
                    outcome.category, outcome.name, outcome.units,
                    winner=names.index(record.winner), tied=outcome.tied, by_tie_break=True,
                )
    return tuple(found)


def _units_by_candidate(contest: Contest, outcomes: tuple[CategoryOutcome, ...]) -> list[int]:
    units = [0] * contest.candidate_count
    for outcome in outcomes:
        if outcome.winner is not None and outcome.units:
            units[outcome.winner] += outcome.units
    return units


def _undecided_note(outcomes: tuple[CategoryOutcome, ...], contest: Contest, unit: str) -> list[str]:
    notes = []
    ties = [o for o in outcomes if o.undecided == "tie"]
    if ties:
        listed = "; ".join(
            f"{o.name} ({' and '.join(contest.candidate(i).name for i in o.tied)})" for o in ties[:5]
        )
        more = f" and {len(ties) - 5:,} more" if len(ties) > 5 else ""
        notes.append(f"{len(ties):,} tied ({listed}{more}): not given to anyone until a tie-break is recorded")
    decided = [o for o in outcomes if o.by_tie_break]
    for o in decided:
        notes.append(f"{o.name}: a tie, decided by the recorded tie-break ({contest.tie_break.method if contest.tie_break else ''})")
    for why in ("counts withheld", "no votes"):
        missing = [o for o in outcomes if o.undecided == why]
        if missing:
            names = ", ".join(o.name for o in missing[:5]) + (f" and {len(missing) - 5:,} more" if len(missing) > 5 else "")
            notes.append(f"{len(missing):,} not given to anyone ({why}): {names}")
    return notes


def _check_declared_winners(contest: Contest, outcomes: tuple[CategoryOutcome, ...]) -> list[str]:
    declared = contest.declared.category_winners
    if not declared:
        return []
    names = [c.name for c in contest.candidates]
    found = []
    for outcome in outcomes:
        said = declared.get(outcome.name)
        if said is None:
            continue
        if outcome.winner is not None and names[outcome.winner] == said:
            continue
        if outcome.winner is not None:
            computed = names[outcome.winner]
        elif outcome.tied:
            computed = "a tie between " + names_in_words(names[i] for i in outcome.tied)
        else:
            computed = f"nobody ({outcome.undecided})"
        found.append(f"Declared winner in {outcome.name} is {said}, computed {computed}")
    return found


def _names(standings: tuple[Standing, ...] | list[Standing]) -> str:
    return names_in_words(s.name for s in standings)


class FirstPastThePost(CountingMethod):
    """Seats: each category elects its leader; more than half the seats is a majority."""

    method = Method.SEATS
    label = "seats (first past the post in each category)"
    unit = "seats"

    def count(self, contest: Contest, tally: Tally | None = None, leaders: Leaders | None = None) -> Outcome:
        tally = _vote_tally(contest, Method.SUM, tally)
        total = contest.category_count
        outcomes = carry_categories(contest, [1] * total, leaders)
        seats = _units_by_candidate(contest, outcomes)
        standings = _standings(tally, seats)
        needed = total // 2 + 1
        electing = "the 1 category elects" if total == 1 else f"each of the {total:,} categories elects"
        decided_by = (
            f"first past the post: {electing} the candidate with most votes; "
            f"{quantity(needed, 'seat')} {'is' if needed == 1 else 'are'} a majority"
        )
        notes = _undecided_note(outcomes, contest, "seats")
        discrepancies = _check_declared_winners(contest, outcomes)
        popular = popular_vote_sentence(tally)
        if total == 0:
            # No seats: no majority to speak of, and the popular vote has no votes to say.
            return Outcome(
                self.method, self.label, self.unit, tally, standings, None, (), None,
                "No seats to count: the contest has no categories (a seats count needs one category per seat)",
                "first past the post: each category elects the candidate with most votes", "", 0, 0, outcomes, notes,
                discrepancies,
            )
        top = max(seats) if seats else 0
        largest = tuple(s for s in standings if top > 0 and s.units == top)
        winner = largest[0] if len(largest) == 1 and top >= needed else None
        ranking = sorted(standings, key=lambda s: (-(s.units or 0), -s.votes, s.index))
        margin = (ranking[0].units or 0) - (ranking[1].units or 0) if len(ranking) > 1 else (ranking[0].units if ranking else None)
        undecided = sum(1 for o in outcomes if o.winner is None)
        if top == 0:
            headline = f"No seat is decided yet (0 of {total:,})"
        elif winner is not None:
            headline = f"{winner.name}: {top:,} of {quantity(total, 'seat')}, a majority of {2 * top - total:,}"
        else:
            who = f"{_names(largest)}: {quantity(top, 'seat')} each" if len(largest) > 1 else f"{largest[0].name}: {top:,}"
            if len(largest) == 1:
                who += f" of {quantity(total, 'seat')}"
            else:
                who += f" of {total:,}"
            short = needed - top
            if undecided and top + undecided >= needed:
                seats_word = "seat" if undecided == 1 else "seats"
                headline = f"{who}, {short:,} short of a majority with {undecided:,} {seats_word} undecided: no majority yet"
            else:
                headline = f"{who}, {short:,} short of a majority (hung parliament)"
        return Outcome(
            self.method, self.label, self.unit, tally, standings, winner, largest, margin, headline, decided_by,
            popular, total, needed, outcomes, notes, discrepancies,
        )


# --- electoral votes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Apportionment:
    """Electoral votes by state for one presidential election."""

    year: str
    census: str
    votes: dict[str, int]  # by postal code
    names: dict[str, str]  # postal code -> state name

    @property
    def total(self) -> int:
        return sum(self.votes.values())


@lru_cache(maxsize=1)
def _electoral_votes_table() -> dict[str, Any]:
    return json.loads(resource_path(ELECTORAL_VOTES_FILE).read_text(encoding="utf-8"))


def apportionment(year: str | int | None) -> Apportionment | None:
    """The shipped apportionment for a US presidential election year (1976-2020), or None."""
    if year is None:
        return None
    table = _electoral_votes_table()
    census = table["apportionment_for_year"].get(str(year).strip())
    if census is None:
        return None
    return Apportionment(str(year).strip(), census, dict(table["apportionments"][census]), dict(table["states"]))


def state_code(name: str) -> str | None:
    """A US state's postal code from its code or its name (any case), or None."""
    text = " ".join(name.replace(".", " ").split()).casefold()
    return _state_codes().get(text)


@cache
def _state_codes() -> dict[str, str]:
    """Each state's code and name, folded, -> its code (the first state to claim a
    spelling keeps it): one look-up a category, not a pass over the states."""
    codes: dict[str, str] = {}
    for code, state in _electoral_votes_table()["states"].items():
        codes.setdefault(code.casefold(), code)
        codes.setdefault(state.casefold(), code)
    for text in ("washington dc", "washington d c", "d c", "dc"):
        codes.setdefault(text, "DC")
    return codes


def contest_year(contest: Contest) -> str | None:
    """The election year from the contest's date or title, if it names one."""
    for text in (contest.date, contest.title):
        if text:
            match = re.search(r"\b(19[7-9]\d|20\d\d)\b", text)
            if match:
                return match.group(1)
    return None


def looks_like_states(contest: Contest) -> bool:
    """True when most categories are US states (by name or postal code)."""
    # Names are unique, and a state has two (its name and its postal code), districts aside:
    # a contest of hundreds of categories cannot be mostly states, and is not read name by name.
    if not 10 <= contest.category_count <= 200:
        return False
    states = sum(1 for name in contest.category_names if state_code(name) is not None)
    return states >= 0.9 * contest.category_count


def apply_apportionment(contest: Contest) -> str | None:
    """Give each state without electoral votes its votes from the shipped table.

    Returns the note saying what was done, or None when the contest is not a file of US
    states in a year the table covers.
    """
    if not looks_like_states(contest):
        return None
    table = apportionment(contest_year(contest))
    if table is None:
        return None
    given = 0
    for index, category in enumerate(contest.categories):
        code = state_code(category.name)
        if code is not None and category.electoral_votes is None:
            contest.update_category(index, electoral_votes=table.votes[code])
            given += 1
    if not given:
        return None
    return (
        f"electoral votes of {quantity(given, 'state')} from the apportionment after the {table.census} census "
        f"(US presidential elections; {table.total} in all), matched by state name or postal code"
    )


def _why_electoral_votes_unknown(contest: Contest) -> str:
    """Why the shipped table did not give some categories their electoral votes."""
    if not looks_like_states(contest):
        return "the app gives them to US states alone, in a file of 10 to 200 categories nearly all states, which this is not"
    year = contest_year(contest)
    if apportionment(year) is None:
        if year is None:
            return "the file names no election year, and the states' electoral votes depend on it"
        return f"the app's table covers the presidential elections of 1976 to 2020, not {year}"
    return "they are not states of the app's table"


#: Since when each state splits its electoral votes by congressional district.
_DISTRICT_STATES = {"ME": 1972, "NE": 1992}


class ElectoralVotes(CountingMethod):
    """Each category gives all its electoral votes to its leader; more than half wins."""

    method = Method.ELECTORAL_VOTES
    label = "electoral votes (each state's votes to its leader)"
    unit = "electoral votes"

    def count(self, contest: Contest, tally: Tally | None = None, leaders: Leaders | None = None) -> Outcome:
        tally = _vote_tally(contest, Method.SUM, tally)
        worth = [category.electoral_votes for category in contest.categories]
        notes: list[str] = []
        if any(value is None for value in worth) and looks_like_states(contest):
            table = apportionment(contest_year(contest))
            if table is not None:
                filled = 0
                for index, name in enumerate(contest.category_names):
                    code = state_code(name)
                    if worth[index] is None and code is not None:
                        worth[index] = table.votes[code]
                        filled += 1
                notes.append(
                    f"electoral votes of {quantity(filled, 'state')} from the apportionment after the {table.census} census"
                )
        missing = [contest.category_name(i) for i, value in enumerate(worth) if value is None]
        outcomes = carry_categories(contest, worth, leaders)
        votes = _units_by_candidate(contest, outcomes)
        standings = _standings(tally, votes)
        total = sum(value for value in worth if value is not None)
        needed = total // 2 + 1
        decided_by = (
            f"electoral votes: each state gives all its electoral votes to its leader in the popular vote "
            f"({total:,} in all; faithless electors are not modelled); {needed:,} to win"
        ) if not missing else (
            "electoral votes: each state gives all its electoral votes to its leader in the popular vote "
            "(faithless electors are not modelled); how many it takes to win is unknown until every category has its electoral votes"
        )
        notes += _undecided_note(outcomes, contest, "electoral votes")
        notes += self._district_notes(contest)
        if missing:
            shown = ", ".join(repr(name) for name in missing[:5]) + (f" and {len(missing) - 5:,} more" if len(missing) > 5 else "")
            headline = (
                f"Electoral votes unknown for {len(missing):,} of {quantity(contest.category_count, 'category', 'categories')} ({shown}): "
                f"give each category its electoral votes ({_why_electoral_votes_unknown(contest)})"
            )
            # Neither the whole nor the half of it is known: no total, no line to pass.
            return Outcome(
                self.method, self.label, self.unit, tally, standings, None, (), None, headline, decided_by,
                popular_vote_sentence(tally), None, None, outcomes, notes, _check_declared_winners(contest, outcomes),
            )
        ranking = sorted(standings, key=lambda s: (-(s.units or 0), -s.votes, s.index))
        top = ranking[0].units or 0 if ranking else 0
        largest = tuple(s for s in standings if top > 0 and s.units == top)
        winner = largest[0] if len(largest) == 1 and top >= needed else None
        margin = (ranking[0].units or 0) - (ranking[1].units or 0) if len(ranking) > 1 else (top if ranking else None)
        carrying = [s for s in ranking if s.units]
        if not carrying:
            headline = f"No electoral votes are decided yet (0 of {total:,})"
        else:
            first, rest = carrying[0], carrying[1:]
            headline = f"{first.name} {first.units:,} electoral votes"
            if rest:
                headline += ", " + ", ".join(f"{s.name} {s.units:,}" for s in rest)
            headline += f" ({needed:,} to win)"
            if winner is None:
                undecided = sum(o.units or 0 for o in outcomes if o.winner is None)
                if total % 2 == 0 and len(largest) == 2 and top == total // 2:
                    headline += f": a {top}-{top} tie, so the House of Representatives chooses the president"
                elif undecided and top + undecided >= needed:
                    headline += f": nobody has {needed:,} yet, {undecided:,} electoral votes undecided"
                else:
                    headline += f": nobody has {needed:,}, so the House of Representatives chooses the president"
        return Outcome(
            self.method, self.label, self.unit, tally, standings, winner, largest, margin, headline, decided_by,
            popular_vote_sentence(tally, winner.name if winner else None), total, needed, outcomes, notes,
            _check_declared_winners(contest, outcomes),
        )

    @staticmethod
    def _district_notes(contest: Contest) -> list[str]:
        return [
            f"{state} gives one electoral vote to the leader of each congressional district; the file "
            "has no district rows, so all of them go to the statewide leader here (districts not modelled)"
            for state in unsplit_district_states(contest)
        ]


def unsplit_district_states(contest: Contest) -> list[str]:
    """The states (as the file names them) that give an electoral vote per congressional
    district, in a year they did, for which the file has no district rows: all their
    electoral votes go to the statewide leader here."""
    year = contest_year(contest)
    names = contest.category_names
    codes = {state_code(name): name for name in names}
    states = []
    for code, since in _DISTRICT_STATES.items():
        if code not in codes:
            continue
        if year is not None and int(year) < since:
            continue
        district_rows = any(
            name != codes[code] and name.casefold().startswith((codes[code].casefold(), code.casefold() + "-"))
            for name in names
        )
        if not district_rows:
            states.append(codes[code])
    return states


def electoral_votes_caveat(contest: Contest) -> str:
    """What a figure of electoral votes must say under it: the electors are given as the
    popular vote in each state gives them, faithless electors not counted, and the district
    electors of Maine and Nebraska not split where the file has no district rows."""
    text = "Electoral votes as each state's popular vote gives them: faithless electors are not counted"
    states = unsplit_district_states(contest)
    if states:
        which = names_in_words(states)
        verb = "gives" if len(states) == 1 else "give"
        text += (
            f"; {which} {verb} one electoral vote to the leader of each congressional district, "
            "not split here (the file has no district rows)"
        )
    return text


#: Every method, by its name: the summary, charts and command line look methods up here.
METHODS: dict[Method, CountingMethod] = {
    m.method: m for m in (PooledVotes(), WeightedSections(), FirstPastThePost(), ElectoralVotes())
}


def counting_method(method: Method | str) -> CountingMethod:
    return METHODS[Method(method)]


def count(
    contest: Contest, method: Method | str | None = None, tally: Tally | None = None, *, by_party: bool = False
) -> Outcome:
    """The contest decided by ``method`` (default: its own); ``tally`` may be a vote
    tally of the contest already made, reused where it fits.

    ``by_party``: parties stand in the candidates' place. Their votes are the sums of
    their candidates'; a category is carried by the party of the candidate who leads it.
    """
    if contest.rounds is not None and method is None:
        # By party or not: the rounds were counted by candidate, and they decide
        # (:func:`~resultsviewer.core.parties.party_grouping_refusal` says so to whoever asks).
        return instant_runoff_outcome(contest, tally)
    chosen = counting_method(method if method is not None else contest.method)
    if by_party:
        from .parties import group_by_party, has_shared_parties  # by party only: a plain count does without

        if has_shared_parties(contest):
            grouped = group_by_party(contest)
            return chosen.count(grouped, None, party_leaders(contest, grouped))
    return chosen.count(contest, tally)


#: How instant runoff decides, in words (the rounds come from ballots or a report).
INSTANT_RUNOFF_RULE = (
    "instant runoff: each round the last candidate (or a batch who cannot catch up) is eliminated and "
    "their ballots pass to the next preference still counting, until a candidate has more than half "
    "of the ballots still counting; the final round decides, not the first preferences"
)


def instant_runoff_outcome(contest: Contest, tally: Tally | None = None) -> Outcome:
    """A contest decided in rounds: the winner of its final round, with its first
    preferences (the contest's counts) as the standings."""
    rounds = contest.rounds
    assert rounds is not None
    tally = _vote_tally(contest, Method.SUM, tally)
    standings = _standings(tally)
    by_name = {s.name: s for s in standings}
    winners = [by_name[name] for name in rounds.winners if name in by_name]
    final = rounds.final.ranking()
    margin = float(final[0][1] - final[1][1]) if len(final) > 1 else None
    return Outcome(
        contest.method, "instant runoff (ranked ballots, counted in rounds)", "votes", tally, standings,
        winners[0] if len(winners) == 1 else None, tuple(winners), margin, rounds.summary(),
        INSTANT_RUNOFF_RULE, notes=[rounds.source] if rounds.source else [],
    )


def method_refusal(contest: Contest) -> str | None:
    """Why no counting method can be chosen for this contest (``--method``), or None.

    A contest decided in rounds (ranked ballots, instant runoff) is counted by its rounds:
    the methods that pool, weigh or carry categories do not apply to it."""
    if contest.rounds is None:
        return None
    return (
        "this contest is decided by instant runoff (ranked ballots, counted in rounds): its rounds decide, "
        "so --method (sum, sections, seats, electoral-votes: rules that pool or carry categories of votes) "
        "does not apply to it"
    )


def method_label(method: Method | str) -> str:
    return counting_method(method).label


def guess_method(contest: Contest, layout: str | None = None) -> tuple[Method, str] | None:
    """The method an imported file most likely needs, and why; None to keep the contest's.

    A file of constituencies with one winner each (the House of Commons Library's) is
    counted in seats; a file of US states in a presidential year in electoral votes.
    """
    if layout in ("hoc-constituency", "hoc-candidates") or (
        contest.declared.category_winners and contest.category_count > 1
    ):
        return Method.SEATS, "a general election of constituencies, each electing one member: counted in seats"
    if looks_like_states(contest) and apportionment(contest_year(contest)) is not None and (
        layout == "medsl" or "president" in (contest.title or "").casefold()
    ):
        return Method.ELECTORAL_VOTES, "US states in a presidential election: counted in electoral votes"
    return None


def prepare_imported(contest: Contest, layout: str | None = None) -> list[str]:
    """What every import does after reading a table, each step said in a note.

    Customary party colours; the electoral votes of US states; the method the file
    needs (changeable afterwards); merges of parties the reference table knows, as
    suggestions only.
    """
    from .parties import apply_party_colours, suggested_merges

    notes = []
    coloured = apply_party_colours(contest)
    if coloured:
        notes.append(f"customary party colours given to {len(coloured):,} of {quantity(contest.candidate_count, 'candidate')}")
    apportioned = apply_apportionment(contest)
    if apportioned:
        notes.append(apportioned)
    guess = guess_method(contest, layout)
    if guess is not None and guess[0] is not contest.method:
        contest.method = guess[0]
        notes.append(f"{guess[1]} (the method can be changed)")
    for suggestion in suggested_merges(contest):
        notes.append(f"suggested merge, not applied: {suggestion.text()}")
    return notes


__all__ = [
    "METHODS",
    "Apportionment",
    "CategoryOutcome",
    "CountingMethod",
    "ElectoralVotes",
    "FirstPastThePost",
    "Outcome",
    "PooledVotes",
    "Standing",
    "WeightedSections",
    "apply_apportionment",
    "apportionment",
    "carry_categories",
    "party_leaders",
    "category_leaders",
    "contest_year",
    "count",
    "electoral_votes_caveat",
    "unsplit_district_states",
    "counting_method",
    "guess_method",
    "looks_like_states",
    "method_label",
    "method_refusal",
    "popular_vote_sentence",
    "prepare_imported",
    "state_code",
]
