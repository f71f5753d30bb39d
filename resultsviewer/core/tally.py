"""The tally: totals, shares that know their base, winner or tie, margin, turnout, and
the discrepancies between what a source declared and what its counts add up to.

A :class:`Tally` is a snapshot built from the contest's running totals in
O(candidates + declared figures); per-category shares are computed on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from functools import cached_property
from typing import Any

from .contest import Contest, DeclaredShare, Method, TieBreak


class ShareBase(str, Enum):
    """What a percentage is a percentage of."""

    CATEGORY = "category"
    ALL_VALID = "all-valid"
    WEIGHTED = "weighted"
    ELECTORATE = "electorate"


@dataclass(frozen=True)
class Share:
    """A share as a fraction of 1, with the base it was computed on."""

    value: float
    base: ShareBase
    category: str | None = None

    @property
    def percent(self) -> float:
        return self.value * 100.0

    def base_text(self) -> str:
        if self.base is ShareBase.CATEGORY:
            return f"of valid votes in {self.category}" if self.category else "of valid votes in the category"
        if self.base is ShareBase.ALL_VALID:
            return "of all valid votes"
        if self.base is ShareBase.ELECTORATE:
            return "of the electorate (valid and rejected ballots)"
        return "weighted across categories (electoral college)"

    def format(self, decimals: int = 1) -> str:
        return f"{self.percent:.{decimals}f}%"

    def describe(self, decimals: int = 1) -> str:
        return f"{self.format(decimals)} {self.base_text()}"


@dataclass(frozen=True)
class CandidateResult:
    index: int
    name: str
    party: str | None
    votes: int
    #: The share that decides the contest under its method.
    share: Share
    #: Always the pooled share of all valid votes, whatever the method.
    pooled_share: Share


@dataclass(frozen=True)
class Discrepancy:
    """A declared figure that the counts do not reproduce."""

    #: candidate_total, candidate_share, category_total, valid_votes, rejected,
    #: ballots_cast, electorate or turnout.
    kind: str
    #: The candidate or category it concerns, if any.
    name: str | None
    declared: float
    computed: float
    #: How the declared figure was printed (``313,290`` or ``61.8%``).
    declared_text: str
    computed_text: str

    @property
    def difference(self) -> float:
        return self.declared - self.computed

    @property
    def is_share(self) -> bool:
        return self.kind in ("candidate_share", "turnout")

    def difference_text(self) -> str:
        diff = self.difference
        if self.is_share:
            return f"{diff:+.2f} points"
        return f"{int(diff):+,}"

    def subject(self) -> str:
        return {
            "candidate_total": f"total for {self.name}",
            "candidate_share": f"share for {self.name}",
            "category_total": f"valid votes in {self.name}",
            "valid_votes": "valid votes",
            "rejected": "rejected ballots",
            "ballots_cast": "ballots cast",
            "electorate": "electorate",
            "turnout": "turnout",
        }.get(self.kind, self.kind)

    def message(self) -> str:
        return (
            f"Declared {self.subject()} is {self.declared_text}, "
            f"computed {self.computed_text} (difference {self.difference_text()})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "declared": self.declared,
            "computed": self.computed,
            "difference": self.difference,
            "message": self.message(),
        }


class Tally:
    """The result of a contest under a counting method."""

    def __init__(self, contest: Contest, method: Method | str | None = None) -> None:
        self.contest = contest
        self.method = Method(method) if method is not None else contest.method
        # Votes are pooled under every method but weighted sections; seats and electoral
        # votes are counted on top of this tally by resultsviewer.core.methods.
        self._weighted = self.method is Method.SECTIONS
        self.total_votes = contest.total_votes
        self.unknown_cells = contest.unknown_cells
        total = self.total_votes
        if self._weighted:
            sums, weight = contest.college_sums()
        results = []
        for index, candidate in enumerate(contest.candidates):
            votes = contest.candidate_total(index)
            pooled = Share(votes / total if total else 0.0, ShareBase.ALL_VALID)
            if self._weighted:
                share = Share(sums[index] / weight if weight else 0.0, ShareBase.WEIGHTED)
            else:
                share = pooled
            results.append(CandidateResult(index, candidate.name, candidate.party, votes, share, pooled))
        self.candidates: tuple[CandidateResult, ...] = tuple(results)
        self._decide()

    # --- result ---------------------------------------------------------------------

    @property
    def lower_bound(self) -> bool:
        """True when some counts are withheld, so every total is a lower bound."""
        return self.unknown_cells > 0

    def ranking(self) -> list[CandidateResult]:
        """Candidates from first to last by the method's share (file order breaks ties)."""
        return sorted(self.candidates, key=lambda result: -result.share.value)

    def _decide(self) -> None:
        self.winner: CandidateResult | None = None
        self.tied: tuple[CandidateResult, ...] = ()
        self.tie_break: TieBreak | None = None
        self.margin_votes: int | None = None
        self.margin_points: float | None = None
        ranking = self.ranking()
        if not ranking or self.total_votes == 0:
            return
        top = [ranking[0]]
        for other in ranking[1:]:
            if self._exact_share(other.index) == self._exact_share(ranking[0].index):
                top.append(other)
        if len(top) > 1:
            self.tied = tuple(top)
            recorded = self.contest.tie_break
            if recorded is not None and recorded.winner in {result.name for result in top}:
                self.tie_break = recorded
                self.winner = next(result for result in top if result.name == recorded.winner)
            self.margin_votes = 0
            self.margin_points = 0.0
            return
        self.winner = ranking[0]
        if len(ranking) > 1:
            runner_up = ranking[1]
            self.margin_votes = self.winner.votes - runner_up.votes
            self.margin_points = (self.winner.share.value - runner_up.share.value) * 100.0

    def _exact_share(self, candidate: int) -> Fraction:
        """The method's share as an exact fraction, so that ties are found exactly."""
        contest = self.contest
        if not self._weighted:
            return Fraction(contest.candidate_total(candidate), max(contest.total_votes, 1))
        weights = contest.effective_weights()
        total = Fraction(0)
        weight_sum = Fraction(0)
        for category in range(contest.category_count):
            category_total = contest.category_total(category)
            if category_total <= 0:
                continue
            weight = Fraction(weights[category])
            weight_sum += weight
            total += weight * Fraction(contest.count(category, candidate) or 0, category_total)
        return total / weight_sum if weight_sum else Fraction(0)

    @property
    def is_tie(self) -> bool:
        return bool(self.tied)

    # --- per category -----------------------------------------------------------------

    def category_share(self, category: int, candidate: int) -> Share:
        """A candidate's share of the valid votes in one category."""
        total = self.contest.category_total(category)
        count = self.contest.count(category, candidate) or 0
        return Share(count / total if total else 0.0, ShareBase.CATEGORY, self.contest.category(category).name)

    def total_share(self, category: int, candidate: int) -> Share:
        """One cell as a share of all valid votes in the contest."""
        count = self.contest.count(category, candidate) or 0
        return Share(count / self.total_votes if self.total_votes else 0.0, ShareBase.ALL_VALID)

    # --- turnout ----------------------------------------------------------------------

    @property
    def rejected(self) -> int | None:
        return self.contest.rejected_total

    @property
    def ballots_cast(self) -> int:
        """Valid votes plus rejected ballots: what turnout counts."""
        return self.total_votes + (self.rejected or 0)

    @property
    def electorate(self) -> int | None:
        return self.contest.effective_electorate

    @property
    def turnout(self) -> Share | None:
        electorate = self.electorate
        if not electorate:
            return None
        return Share(self.ballots_cast / electorate, ShareBase.ELECTORATE)

    # --- discrepancies ----------------------------------------------------------------

    @cached_property
    def discrepancies(self) -> tuple[Discrepancy, ...]:
        """Every declared figure the counts do not reproduce, in a stable order."""
        contest = self.contest
        declared = contest.declared
        found: list[Discrepancy] = []

        def check_count(kind: str, name: str | None, declared_value: int | None, computed: int | None) -> None:
            if declared_value is not None and computed is not None and declared_value != computed:
                found.append(
                    Discrepancy(kind, name, declared_value, computed, f"{declared_value:,}", f"{computed:,}")
                )

        def check_share(kind: str, name: str | None, printed: DeclaredShare | None, computed: float | None) -> None:
            if printed is not None and computed is not None and not printed.matches(computed):
                places = max(printed.decimals, 1) + 1
                found.append(
                    Discrepancy(kind, name, printed.percent, computed, f"{printed.text}%", f"{computed:.{places}f}%")
                )

        for result in self.candidates:
            check_count("candidate_total", result.name, declared.candidate_totals.get(result.name), result.votes)
        for result in self.candidates:
            check_share("candidate_share", result.name, declared.candidate_shares.get(result.name), result.share.percent)
        if declared.category_totals:
            for index, category in enumerate(contest.categories):
                check_count(
                    "category_total", category.name, declared.category_totals.get(category.name),
                    contest.category_total(index),
                )
        check_count("valid_votes", None, declared.valid_votes, self.total_votes)
        check_count("rejected", None, declared.rejected, self.rejected)
        check_count("ballots_cast", None, declared.ballots_cast, self.ballots_cast)
        check_count("electorate", None, declared.electorate, self.electorate)
        turnout = self.turnout
        check_share("turnout", None, declared.turnout, turnout.percent if turnout else None)
        return tuple(found)

    # --- output -----------------------------------------------------------------------

    def summary(self) -> str:
        """One line a reader can take in at a glance."""
        if self.contest.rounds is not None:
            # Decided in rounds: the final round decides, not the first preferences counted here.
            return self.contest.rounds.summary()
        if self.total_votes == 0:
            return "No votes counted yet"
        if self.is_tie and self.winner is None:
            names = " and ".join(result.name for result in self.tied)
            return f"Tie between {names}"
        assert self.winner is not None
        text = f"{self.winner.name} wins with {self.winner.share.format()}"
        if self.tie_break is not None:
            text += f" (tie decided by {self.tie_break.method})"
        elif self.margin_votes is not None and len(self.candidates) > 1:
            text += f", margin {self.margin_votes:,} votes ({self.margin_points:.1f} points)"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The tally as plain data (what ``resultsviewer tally --json`` prints)."""
        turnout = self.turnout
        return {
            "title": self.contest.title,
            "method": self.method.value,
            "candidates": [
                {
                    "name": result.name,
                    "party": result.party,
                    "votes": result.votes,
                    "share": result.share.value,
                    "share_base": result.share.base.value,
                    "pooled_share": result.pooled_share.value,
                }
                for result in self.candidates
            ],
            "categories": [
                {
                    "name": category.name,
                    "votes": self.contest.category_total(index),
                    "electorate": category.electorate,
                    "weight": category.weight,
                    "rejected": category.rejected,
                }
                for index, category in enumerate(self.contest.categories)
            ],
            "total_votes": self.total_votes,
            "winner": self.winner.name if self.winner is not None else None,
            "tie": self.is_tie,
            "tied": [result.name for result in self.tied],
            "tie_break": (
                {"winner": self.tie_break.winner, "method": self.tie_break.method} if self.tie_break else None
            ),
            "margin_votes": self.margin_votes,
            "margin_points": self.margin_points,
            "rejected": self.rejected,
            "ballots_cast": self.ballots_cast,
            "electorate": self.electorate,
            "turnout": turnout.value if turnout else None,
            "unknown_cells": self.unknown_cells,
            "totals_are_lower_bounds": self.lower_bound,
            "discrepancies": [discrepancy.to_dict() for discrepancy in self.discrepancies],
        }


def tally(contest: Contest, method: Method | str | None = None) -> Tally:
    return Tally(contest, method)
