"""Contests decided in several rounds: preferential ballots counted by instant runoff.

A :class:`RoundResult` is a sequence of :class:`Round`: each holds the count of every
continuing candidate, who was eliminated or elected at its end, where the eliminated
candidates' ballots went (the transfers, counted in the next round), the ballots no
longer counting by why (:class:`InactiveKind`), and the threshold to win. The first
round is the first-preference result; the final round decides.

Counts are :class:`~decimal.Decimal`: a tabulation from ballots gives whole numbers,
but reports of fractional transfers (multi-seat STV) carry decimals, and a report's
figures are kept exactly as printed. The model is plain data: no Qt, no file format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .contest import Contest

#: The name RCTab gives the undeclared write-ins, which count like a candidate but never win.
UNDECLARED_WRITE_INS = "Undeclared Write-ins"

#: The key of the ballots that became inactive in a round's transfers.
EXHAUSTED = "exhausted"


class InactiveKind(str, Enum):
    """Why a ballot no longer counts (RCTab's ``inactiveBallots`` keys)."""

    #: Every candidate it ranks has been eliminated (or it ranks no more).
    EXHAUSTED_CHOICES = "exhaustedChoices"
    #: It marks several candidates at the rank reached (an overvote) and the rule exhausts it.
    OVERVOTES = "overvotes"
    #: It skips more ranks than the rules allow before the next ranked candidate.
    SKIPPED_RANKINGS = "skippedRankings"
    #: It ranks a candidate twice and the rules exhaust such ballots.
    REPEATED_RANKINGS = "repeatedRankings"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    InactiveKind.EXHAUSTED_CHOICES: "exhausted choices",
    InactiveKind.OVERVOTES: "overvotes",
    InactiveKind.SKIPPED_RANKINGS: "skipped rankings",
    InactiveKind.REPEATED_RANKINGS: "repeated rankings",
}


def _whole(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def format_votes(value: Decimal) -> str:
    """``12,345`` for whole counts, ``12,345.5`` for fractional ones (never a float's noise)."""
    whole = _whole(value)
    if isinstance(whole, int):
        return f"{whole:,}"
    return f"{value.normalize():,f}"


def json_number(value: Decimal) -> int | float:
    """A count as a JSON number: an int when whole."""
    whole = _whole(value)
    return whole if isinstance(whole, int) else float(value)


@dataclass(frozen=True)
class Round:
    """One round of counting."""

    number: int
    #: Votes of every candidate continuing in this round, in the contest's candidate order.
    tally: Mapping[str, Decimal]
    #: Candidates eliminated at the end of this round (several in a batch elimination).
    eliminated: tuple[str, ...] = ()
    #: Candidates elected in this round.
    elected: tuple[str, ...] = ()
    #: From each eliminated (or surplus-transferring) candidate: votes to each candidate,
    #: and to :data:`EXHAUSTED`; these are the moves counted in the next round.
    transfers: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    #: Ballots no longer counting, by why; cumulative (every ballot inactive so far).
    inactive: Mapping[InactiveKind, Decimal] = field(default_factory=dict)
    #: Votes needed to win in this round, None when the source does not say.
    threshold: Decimal | None = None
    #: The candidates whose elimination or election here was decided by a tie-break.
    tie_broken: tuple[str, ...] = ()

    @property
    def active(self) -> Decimal:
        """Ballots counting for a continuing candidate."""
        return sum(self.tally.values(), Decimal(0))

    @property
    def exhausted(self) -> Decimal:
        """All ballots no longer counting, whatever the reason."""
        return sum(self.inactive.values(), Decimal(0))

    def ranking(self) -> list[tuple[str, Decimal]]:
        """The continuing candidates, most votes first (ties in candidate order)."""
        return sorted(self.tally.items(), key=lambda item: -item[1])


@dataclass(frozen=True)
class RoundResult:
    """A contest's rounds, first to final."""

    title: str
    #: Every candidate of the contest, in the source's order (undeclared write-ins last).
    candidates: tuple[str, ...]
    rounds: tuple[Round, ...]
    #: Ballots in the contest, counting those that rank no one; None when unknown.
    total_ballots: Decimal | None = None
    #: Ballots that rank no one at all: they never count in any round.
    undervotes: Decimal | None = None
    #: How the rounds were obtained: a sentence naming the rules or the report.
    source: str = ""
    #: True when computed from ballots (the ballots stay the source; the rounds are derived).
    derived: bool = False
    #: The rules applied, as ``name: value`` lines (empty for a report).
    rules: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.rounds:
            raise ValueError("a round result needs at least one round")

    @property
    def first(self) -> Round:
        return self.rounds[0]

    @property
    def final(self) -> Round:
        return self.rounds[-1]

    @property
    def winners(self) -> tuple[str, ...]:
        """Everyone elected in any round, in the order they were elected."""
        return tuple(name for round_ in self.rounds for name in round_.elected)

    def round(self, number: int) -> Round:
        """The round numbered ``number`` (1 = first preferences)."""
        if not 1 <= number <= len(self.rounds):
            raise IndexError(f"there is no round {number}; rounds are 1 to {len(self.rounds)}")
        return self.rounds[number - 1]

    def eliminated_by(self, number: int) -> set[str]:
        """Candidates eliminated at the end of rounds before ``number``."""
        return {name for round_ in self.rounds[: number - 1] for name in round_.eliminated}

    def summary(self) -> str:
        """Who won, by the rule that decides, in one sentence."""
        rounds = len(self.rounds)
        if not self.winners:
            return f"No one was elected after {rounds} round{'s' * (rounds != 1)}."
        deciding = next(r for r in self.rounds if r.elected)
        parts = []
        for name in deciding.elected:
            votes = deciding.tally[name]
            text = f"{format_votes(votes)} votes"
            if deciding.active:
                text += f", {votes / deciding.active * 100:.2f}% of the {format_votes(deciding.active)} ballots still counting"
            parts.append(f"{name} won in round {deciding.number} of {rounds} with {text}")
        if deciding.threshold is not None and all(deciding.tally[n] >= deciding.threshold for n in deciding.elected):
            how = f"reaching the threshold of {format_votes(deciding.threshold)}"
        elif len(deciding.tally) <= len(deciding.elected) + 1:
            how = "as the last candidate standing" if len(deciding.tally) == len(deciding.elected) else "with the most votes of the last two"
        else:
            how = "by the rules' tie-break" if deciding.tie_broken else "by the rules"
        return "; ".join(parts) + f", {how}."

    def round_caption(self, number: int) -> tuple[str, str]:
        """A round's header in two parts, as a chart prints it: ``("Round 1 of 33",
        "79,312 ballots counting, 150 inactive")``."""
        round_ = self.round(number)
        details = f"{format_votes(round_.active)} ballots counting"
        if round_.exhausted:
            details += f", {format_votes(round_.exhausted)} inactive"
        return f"Round {number} of {len(self.rounds)}", details

    def round_in_words(self, number: int) -> str:
        """One round's figures in a sentence, for a screen reader (a figure's alt text): every
        continuing candidate's votes and share, who is elected or eliminated, the inactive
        ballots and the threshold."""
        round_ = self.round(number)
        active = round_.active
        parts = []
        for position, (name, votes) in enumerate(round_.ranking()):
            text = f"{name} {format_votes(votes)}{' votes' if position == 0 else ''}"
            if active:
                text += f" ({votes / active * 100:.1f}%)"
            if name in round_.elected:
                text += ", elected"
            elif name in round_.eliminated:
                text += ", eliminated"
            parts.append(text)
        title, details = self.round_caption(number)
        sentence = f"{title} ({details}): " + "; ".join(parts)
        sentence += f"; {format_votes(round_.exhausted)} ballots inactive"
        if round_.threshold is not None:
            sentence += f"; threshold {format_votes(round_.threshold)}"
        return sentence + "."

    def check_totals(self) -> list[tuple[int, Decimal, Decimal]]:
        """Rounds whose tally plus inactive ballots differ from the first round's:
        ``(round number, that round's total, the first round's total)``. Empty when
        every round adds up (single-winner counts; fractional surpluses may not)."""
        expected = self.first.active + self.first.exhausted
        return [
            (round_.number, round_.active + round_.exhausted, expected)
            for round_ in self.rounds
            if round_.active + round_.exhausted != expected
        ]

    def to_dict(self) -> dict[str, object]:
        """The rounds as ``resultsviewer tally --json`` prints them."""
        return {
            "title": self.title,
            "rounds": [
                {
                    "round": round_.number,
                    "tally": {name: json_number(votes) for name, votes in round_.tally.items()},
                    "eliminated": list(round_.eliminated),
                    "elected": list(round_.elected),
                    "exhausted": json_number(round_.exhausted),
                    "inactive": {kind.value: json_number(round_.inactive.get(kind, Decimal(0))) for kind in InactiveKind},
                    "threshold": None if round_.threshold is None else json_number(round_.threshold),
                    "transfers": {
                        source: {target: json_number(votes) for target, votes in targets.items()}
                        for source, targets in round_.transfers.items()
                    },
                }
                for round_ in self.rounds
            ],
            "winner": self.winners[0] if len(self.winners) == 1 else (list(self.winners) or None),
            "total_ballots": None if self.total_ballots is None else json_number(self.total_ballots),
            "undervotes": None if self.undervotes is None else json_number(self.undervotes),
            "derived": self.derived,
            "source": self.source,
            "summary": self.summary(),
        }


def inactive_counts(values: Mapping[InactiveKind, Decimal] | Iterable[tuple[InactiveKind, Decimal]]) -> dict[InactiveKind, Decimal]:
    """Every kind present, zero where absent, in the enum's order."""
    given = dict(values)
    return {kind: given.get(kind, Decimal(0)) for kind in InactiveKind}


#: The one category of a contest made from rounds: its counts are the first round's.
FIRST_ROUND_CATEGORY = "Round 1 (first preferences)"


def contest_from_rounds(result: RoundResult) -> Contest:
    """A contest whose counts are the first round (first preferences), carrying all the
    rounds in ``contest.rounds``. Raises ValueError for fractional first-round counts."""
    from .contest import Candidate, Category, Contest

    first = result.first
    # Most first preferences first (ties in the file's order), as RCTab's report and the
    # rounds chart list them: the table's columns then read as the chart's bars, not in
    # the configuration's order (Minneapolis lists its 35 candidates Z to A).
    names = sorted(result.candidates, key=lambda name: -first.tally.get(name, Decimal(0)))
    row = []
    for name in names:
        votes = first.tally.get(name, Decimal(0))
        if votes != votes.to_integral_value():
            raise ValueError(f"{name} has a fractional count ({votes}) in round 1; a contest's counts are whole votes")
        row.append(int(votes))
    contest = Contest(
        result.title,
        [Candidate(name) for name in names],
        [Category(FIRST_ROUND_CATEGORY)],
        [row],
        source=result.source or None,
        notes=result.summary(),
        status=None,  # RCTab files and ballots do not say how final they are: unknown, not printed
    )
    contest.rounds = result
    return contest


__all__ = [
    "FIRST_ROUND_CATEGORY",
    "contest_from_rounds",
    "EXHAUSTED",
    "UNDECLARED_WRITE_INS",
    "InactiveKind",
    "Round",
    "RoundResult",
    "format_votes",
    "inactive_counts",
    "json_number",
]
