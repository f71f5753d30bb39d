"""The tally: totals, shares that know their base, winner or tie, margin, turnout, and
the discrepancies between what a source declared and what its counts add up to.

A :class:`Tally` is a snapshot built from the contest's running totals in
O(candidates + declared figures). Per-category and per-cell shares are what the views
show: :mod:`.view_data` computes them.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .contest import (
    AT_LEAST_SIGN,
    WITHHELD_WORD,
    Axis,
    Contest,
    ContestEvent,
    CountChanged,
    CountsChanged,
    DeclaredShare,
    ItemChanged,
    Method,
    PropertyChanged,
    StructureChange,
    TieBreak,
)
from .counts import names_in_words, quantity

if TYPE_CHECKING:
    from fractions import Fraction


class ShareBase(str, Enum):
    """What a percentage is a percentage of."""

    CATEGORY = "category"
    ALL_VALID = "all-valid"
    WEIGHTED = "weighted"
    ELECTORATE = "electorate"


#: What a share of no votes says: it is undefined, not 0% (en dash).
UNDEFINED_SHARE = "\u2013"


def signed_points(points: float) -> str:
    """A change in points with its sign, to one place: "+1.3", "-7.9"; a change that
    rounds to nothing is "0.0", never "-0.0" or "+0.0"."""
    text = f"{points:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


@dataclass(frozen=True)
class Share:
    """A share as a fraction of 1, with the base it was computed on.

    A share of a base that holds no votes (a category, or a contest, whose counts are all
    0) is undefined: :attr:`defined` is False, ``value`` is 0 only to order it, and every
    view says :data:`UNDEFINED_SHARE` (a CSV leaves it empty, a chart draws no bar)."""

    value: float
    base: ShareBase
    category: str | None = None
    #: The base holds withheld counts: a share of the known votes only, no bound either way.
    known_only: bool = False
    #: False when the base holds no votes: a share of nothing, neither 0% nor any other.
    defined: bool = True

    @classmethod
    def of(
        cls, part: float, whole: float, base: ShareBase, category: str | None = None, *, known_only: bool = False
    ) -> Share:
        """``part`` of ``whole``; undefined when ``whole`` is 0."""
        if not whole:
            return cls(0.0, base, category, known_only, defined=False)
        return cls(part / whole, base, category, known_only)

    @property
    def percent(self) -> float:
        return self.value * 100.0

    @property
    def defined_value(self) -> float | None:
        """The fraction, or None when the share is undefined (what JSON and CSV write)."""
        return self.value if self.defined else None

    def base_text(self) -> str:
        if self.base is ShareBase.CATEGORY:
            valid = "the known valid votes" if self.known_only else "valid votes"
            return f"of {valid} in {self.category or 'the category'}"
        if self.base is ShareBase.ALL_VALID:
            return "of all known valid votes" if self.known_only else "of all valid votes"
        if self.base is ShareBase.ELECTORATE:
            return "of the electorate (valid and rejected ballots)"
        return "weighted across categories (electoral college)" + (", of the known votes" if self.known_only else "")

    def format(self, decimals: int = 1) -> str:
        if not self.defined:
            return UNDEFINED_SHARE
        return f"{self.percent:.{decimals}f}%"

    def describe(self, decimals: int = 1) -> str:
        if not self.defined:
            return f"{UNDEFINED_SHARE} {self.base_text()}: there are none, so no share"
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
    #: True when some of the candidate's counts are withheld: ``votes`` is at least that.
    votes_lower_bound: bool = False

    def votes_text(self) -> str:
        """The votes as printed: ``≥ 478,755`` where they are a lower bound."""
        return at_least(self.votes, self.votes_lower_bound)


def at_least(value: int, lower_bound: bool) -> str:
    """A count as printed, with the "at least" sign where it is a lower bound."""
    return f"{AT_LEAST_SIGN} {value:,}" if lower_bound else f"{value:,}"


def format_points(points: float) -> str:
    """Percentage points to the precision that shows them: 6.1, 0.02, never a false 0.0."""
    if points == 0 or not math.isfinite(points):
        return f"{points:.1f}"
    decimals = max(1, -math.floor(math.log10(abs(points))))
    return f"{points:.{min(decimals, 6)}f}"


@dataclass(frozen=True)
class Discrepancy:
    """A declared figure that the counts do not reproduce."""

    #: candidate_total, candidate_share, category_total, valid_votes, rejected,
    #: ballots_cast, electorate, turnout, or share_change (checked by core/compare.py).
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
        return self.kind in ("candidate_share", "turnout", "share_change")

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
            "share_change": f"change in share for {self.name}",
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


#: Weighted shares (floats) further apart than this cannot be exactly equal: their rounding
#: error is some 1e-16 per category added (and per edit of the running sums), far below it.
#: Closer ones are compared exactly.
_TIE_TOLERANCE = 1e-9


#: Categories with more ballots than electors named one by one; the rest are counted.
MAX_NAMED_OVER_ELECTORATE = 3


class CategoryChecks:
    """What a tally finds category by category, kept up to date one event at a time: the
    categories whose computed total disagrees with the one declared, those with a
    withheld count, and those with more ballots than electors.

    Found afresh they cost a pass over every category. A document that shows the tally
    after every edit keeps one and passes each of the contest's events to :meth:`follow`
    (before anything reads the tally): a changed count re-checks its own category only,
    so an edit costs the same for 100,000 categories as for 4.
    """

    def __init__(self, contest: Contest) -> None:
        self.contest = contest
        #: Sorted, so that the first few are listed without sorting them all after each edit.
        self._disagreeing: list[int] = []
        self._withheld: set[int] = set()
        #: Sorted: the categories whose ballots (valid and rejected) outnumber their electorate.
        self._over_electorate: list[int] = []
        #: The categories with votes, once asked for (weighted sections count them).
        self._with_votes: set[int] | None = None
        self.recheck_all()

    def recheck_all(self) -> None:
        contest = self.contest
        self._with_votes = None
        categories = range(contest.category_count)
        # Most contests declare no category totals and withhold nothing: no pass at all.
        self._disagreeing = [i for i in categories if self._disagrees(i)] if contest.declared.category_totals else []
        self._withheld = {i for i in categories if contest.category_inexact(i)} if contest.inexact_cells else set()
        self._over_electorate = [i for i in categories if self._over(i)] if contest.electorate_categories else []

    def follow(self, event: ContestEvent) -> None:
        """Bring the findings up to date with a change the contest announced."""
        if isinstance(event, CountChanged):
            self._recheck(event.category)
        elif isinstance(event, CountsChanged):
            for category in sorted({cell[0] for cell in event.cells}):
                self._recheck(category)
        elif isinstance(event, StructureChange):
            if event.done:  # indexes moved, totals and declared figures may have changed
                self.recheck_all()
        elif (isinstance(event, ItemChanged) and event.axis is Axis.CATEGORY and event.field == "name") or (
            isinstance(event, PropertyChanged) and event.field == "declared"
        ):
            self.recheck_all()  # a category's declared total is found by its name
        elif isinstance(event, ItemChanged) and event.axis is Axis.CATEGORY and event.field in ("electorate", "rejected"):
            self._recheck(event.index)

    def _recheck(self, category: int) -> None:
        for listing, holds in ((self._disagreeing, self._disagrees(category)), (self._over_electorate, self._over(category))):
            at = bisect_left(listing, category)
            listed = at < len(listing) and listing[at] == category
            if holds and not listed:
                listing.insert(at, category)
            elif listed and not holds:
                del listing[at]
        for found, holds in (
            (self._withheld, self.contest.category_inexact(category) > 0),
            (self._with_votes, self.contest.category_total(category) > 0),
        ):
            if found is None:
                continue
            if holds:
                found.add(category)
            else:
                found.discard(category)

    def _disagrees(self, category: int) -> bool:
        declared = self.contest.declared.category_totals.get(self.contest.category_name(category))
        return declared is not None and declared != self.contest.category_total(category)

    def _over(self, category: int) -> bool:
        details = self.contest.category(category)
        if details.electorate is None:
            return False
        return self.contest.category_total(category) + (details.rejected or 0) > details.electorate

    def over_electorate(self, limit: int | None = None) -> list[int]:
        """The categories with more ballots (valid and rejected) than electors, in file order
        (the first ``limit`` of them): a count or the electorate is wrong."""
        return self._over_electorate[:limit]

    @property
    def over_electorate_count(self) -> int:
        return len(self._over_electorate)

    def disagrees(self, category: int) -> bool:
        """True when the category's declared total is not its computed one."""
        at = bisect_left(self._disagreeing, category)
        return at < len(self._disagreeing) and self._disagreeing[at] == category

    def disagreeing_categories(self, limit: int | None = None) -> list[int]:
        """The categories whose declared total the counts do not reproduce, in file order
        (the first ``limit`` of them)."""
        return self._disagreeing[:limit]

    @property
    def disagreeing_count(self) -> int:
        return len(self._disagreeing)

    @property
    def withheld_categories(self) -> int:
        """How many categories hold a withheld count."""
        return len(self._withheld)

    @property
    def categories_with_votes(self) -> int:
        """How many categories have a valid vote (found once, then followed)."""
        if self._with_votes is None:
            contest = self.contest
            self._with_votes = {i for i in range(contest.category_count) if contest.category_total(i) > 0}
        return len(self._with_votes)


class Tally:
    """The result of a contest under a counting method.

    ``checks``: the contest's category findings kept up to date by the caller (a
    document); without them, the categories are checked afresh when first asked.
    """

    def __init__(
        self, contest: Contest, method: Method | str | None = None, *, checks: CategoryChecks | None = None
    ) -> None:
        self.contest = contest
        if checks is not None and checks.contest is not contest:
            raise ValueError("the category checks are of another contest")
        self._checks = checks
        self.method = Method(method) if method is not None else contest.method
        # Votes are pooled under every method but weighted sections; seats and electoral
        # votes are counted on top of this tally by resultsviewer.core.methods.
        self._weighted = self.method is Method.SECTIONS
        self.total_votes = contest.total_votes
        self.unknown_cells = contest.unknown_cells
        total = self.total_votes
        known_only = contest.inexact_cells > 0
        if self._weighted:
            sums, weight = contest.college_sums()
        results = []
        for index, candidate in enumerate(contest.candidates):
            votes = contest.candidate_total(index)
            pooled = Share.of(votes, total, ShareBase.ALL_VALID, known_only=known_only)
            if self._weighted:
                share = Share.of(sums[index], weight, ShareBase.WEIGHTED, known_only=known_only)
            else:
                share = pooled
            results.append(
                CandidateResult(
                    index, candidate.name, candidate.party, votes, share, pooled,
                    votes_lower_bound=contest.candidate_inexact(index) > 0,
                )
            )
        self.candidates: tuple[CandidateResult, ...] = tuple(results)
        self._exact_shares: dict[int, Fraction] = {}  # weighted shares, made when a tie is near
        self._decide()

    # --- result ---------------------------------------------------------------------

    @property
    def lower_bound(self) -> bool:
        """True when some counts are withheld (unknown or known in part): the total of
        valid votes, and every total with a withheld count in it, is a lower bound."""
        return self.contest.inexact_cells > 0

    @property
    def withheld_values(self) -> int:
        return self.contest.withheld_values

    @property
    def shares_of_known_votes(self) -> bool:
        """True when shares are of the known votes only: with counts withheld a share is
        no bound either way (the withheld votes could go to anyone), so it says so."""
        return self.lower_bound

    @property
    def margin_lower_bound(self) -> bool:
        """True when the margin is at least what it says: the runner-up's total is exact
        (the winner's withheld votes can only widen it). Otherwise, with the runner-up's
        counts withheld, the margin is one of the known votes only."""
        if not self.lower_bound or self.winner is None or self.margin_votes is None or len(self.candidates) < 2:
            return False
        runner_up = next(result for result in self.ranking() if result is not self.winner)
        return not runner_up.votes_lower_bound

    def category_lower_bound(self, category: int) -> bool:
        """True when a category's total holds a withheld count."""
        return self.contest.category_inexact(category) > 0

    def withheld_note(self) -> str | None:
        """One sentence for a chart or a summary: where counts are withheld; None when none are."""
        if not self.contest.inexact_cells:
            return None
        return _withheld_sentence(self.contest, self.category_checks.withheld_categories, shares=False)

    @property
    def category_checks(self) -> CategoryChecks:
        """The findings category by category: the caller's, or found now (once)."""
        if self._checks is None:
            self._checks = CategoryChecks(self.contest)
        return self._checks

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
            if self._same_share(other, ranking[0]):
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

    def _same_share(self, one: CandidateResult, other: CandidateResult) -> bool:
        """True when two candidates' shares by the method are exactly equal (a tie)."""
        if not self._weighted:
            return one.votes == other.votes  # shares of the same total
        if abs(one.share.value - other.share.value) > _TIE_TOLERANCE:
            return False  # too far apart to be equal: no exact sums over every category
        return self._exact_weighted_share(one.index) == self._exact_weighted_share(other.index)

    def _exact_weighted_share(self, candidate: int) -> Fraction:
        """The weighted share as an exact fraction, so that ties are found exactly."""
        if candidate not in self._exact_shares:
            self._exact_shares[candidate] = self._weighted_share_fraction(candidate)
        return self._exact_shares[candidate]

    def _weighted_share_fraction(self, candidate: int) -> Fraction:
        from fractions import Fraction  # weighted sections only: a plain tally compares votes

        contest = self.contest
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

    # --- turnout ----------------------------------------------------------------------

    @property
    def rejected(self) -> int | None:
        return self.contest.rejected_total

    @property
    def rejected_lower_bound(self) -> bool:
        """Whether the rejected ballots are those of some categories only: at least them."""
        given = self.contest.rejected_categories
        return 0 < given < self.contest.category_count

    @property
    def rejected_text(self) -> str | None:
        """The rejected ballots in words: "74,188", or "at least 176,744 (given for 7 of 51
        categories)"; None where no category gives them."""
        if self.rejected is None:
            return None
        if not self.rejected_lower_bound:
            return f"{self.rejected:,}"
        return (f"at least {self.rejected:,} (given for {self.contest.rejected_categories:,} of "
                f"{quantity(self.contest.category_count, 'category', 'categories')})")

    @property
    def turnout_lower_bound(self) -> bool:
        """Whether turnout counts only some ballots: votes withheld, or rejected ballots of some categories only."""
        return self.lower_bound or self.rejected_lower_bound

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

    @property
    def turnout_impossible(self) -> bool:
        """More ballots counted than there are electors: a count or the electorate is wrong."""
        turnout = self.turnout
        return turnout is not None and turnout.value > 1

    @property
    def categories_over_electorate(self) -> int:
        """How many categories hold more ballots than electors (none said of a contest of
        one category: its turnout is the contest's)."""
        return self.category_checks.over_electorate_count if self.contest.category_count > 1 else 0

    @property
    def impossible_figures(self) -> tuple[str, ...]:
        """Figures that cannot be true whatever the source declared, one sentence each:
        a turnout over 100% (more ballots than electors), in all and in a category (the
        first few named, then how many more)."""
        found: list[str] = []
        turnout = self.turnout
        if turnout is not None and self.turnout_impossible:
            sign = f"{AT_LEAST_SIGN} " if self.turnout_lower_bound else ""
            found.append(
                f"Turnout is {sign}{turnout.format()}, over 100%: {sign}{self.ballots_cast:,} ballots counted "
                f"of an electorate of {self.electorate:,}; a count or the electorate is wrong"
            )
        checks = self.category_checks
        if self.contest.category_count == 1:
            return tuple(found)  # its turnout is the contest's, said above
        for index in checks.over_electorate(MAX_NAMED_OVER_ELECTORATE):
            category = self.contest.category(index)
            ballots = self.contest.category_total(index) + (category.rejected or 0)
            found.append(
                f"{category.name}: {ballots:,} ballots counted of an electorate of {category.electorate:,}, more "
                "ballots than electors; a count or its electorate is wrong"
            )
        more = self.categories_over_electorate - MAX_NAMED_OVER_ELECTORATE
        if more > 0:
            found.append(f"{more:,} more {'category has' if more == 1 else 'categories have'} more ballots than electors")
        return tuple(found)

    # --- discrepancies ----------------------------------------------------------------

    @cached_property
    def discrepancies(self) -> tuple[Discrepancy, ...]:
        """Every declared figure the counts do not reproduce, in a stable order: the
        candidates', then the categories' totals, then the contest's figures."""
        return self.first_discrepancies(None)

    def first_discrepancies(self, limit: int | None) -> tuple[Discrepancy, ...]:
        """The first ``limit`` of :attr:`discrepancies` (all with None), made without
        making the rest: a summary lists a few, and says how many there are."""
        candidates, contest_wide = self._figure_discrepancies
        room = None if limit is None else max(limit - len(candidates), 0)
        if not self.contest.declared.category_totals:
            room = 0
        categories = tuple(self._category_discrepancy(i) for i in self.category_checks.disagreeing_categories(room))
        found = (*candidates, *categories, *contest_wide)
        return found if limit is None else found[:limit]

    @property
    def discrepancy_count(self) -> int:
        """How many declared figures disagree (``len(discrepancies)``, without making them)."""
        candidates, contest_wide = self._figure_discrepancies
        categories = self.category_checks.disagreeing_count if self.contest.declared.category_totals else 0
        return len(candidates) + categories + len(contest_wide)

    def category_discrepancy(self, category: int) -> Discrepancy | None:
        """The disagreement of a category's declared total, or None."""
        if not self.contest.declared.category_totals or not self.category_checks.disagrees(category):
            return None
        return self._category_discrepancy(category)

    def _category_discrepancy(self, category: int) -> Discrepancy:
        name = self.contest.category_name(category)
        declared = self.contest.declared.category_totals[name]
        computed = self.contest.category_total(category)
        return Discrepancy("category_total", name, declared, computed, f"{declared:,}", f"{computed:,}")

    @property
    def figure_discrepancies(self) -> tuple[Discrepancy, ...]:
        """The disagreements of every figure but the categories' totals (those of the
        candidates and of the contest): O(candidates) to make."""
        candidates, contest_wide = self._figure_discrepancies
        return (*candidates, *contest_wide)

    @cached_property
    def _figure_discrepancies(self) -> tuple[list[Discrepancy], list[Discrepancy]]:
        """The disagreements of the candidates' figures, and of the contest's (valid votes,
        rejected, ballots cast, electorate, turnout): O(candidates)."""
        declared = self.contest.declared
        candidates: list[Discrepancy] = []
        contest_wide: list[Discrepancy] = []

        def check_count(
            found: list[Discrepancy], kind: str, name: str | None, declared_value: int | None, computed: int | None,
            lower_bound: bool = False,
        ) -> None:
            # A computed lower bound disagrees only with a declared figure below it.
            if declared_value is not None and computed is not None and (
                declared_value < computed if lower_bound else declared_value != computed
            ):
                found.append(
                    Discrepancy(kind, name, declared_value, computed, f"{declared_value:,}", f"{computed:,}")
                )

        def check_share(
            found: list[Discrepancy], kind: str, name: str | None, printed: DeclaredShare | None, computed: float | None
        ) -> None:
            if printed is not None and computed is not None and not printed.matches(computed):
                places = max(printed.decimals, 1) + 1
                found.append(
                    Discrepancy(kind, name, printed.percent, computed, f"{printed.text}%", f"{computed:.{places}f}%")
                )

        for result in self.candidates:
            check_count(candidates, "candidate_total", result.name, declared.candidate_totals.get(result.name), result.votes)
        for result in self.candidates:
            check_share(
                candidates, "candidate_share", result.name, declared.candidate_shares.get(result.name), result.share.percent
            )
        check_count(contest_wide, "valid_votes", None, declared.valid_votes, self.total_votes)
        # Rejected ballots given for some categories only are at least their sum.
        partial = self.rejected_lower_bound
        check_count(contest_wide, "rejected", None, declared.rejected, self.rejected, partial)
        check_count(contest_wide, "ballots_cast", None, declared.ballots_cast, self.ballots_cast, partial)
        check_count(contest_wide, "electorate", None, declared.electorate, self.electorate)
        turnout = self.turnout
        if not partial:
            check_share(contest_wide, "turnout", None, declared.turnout, turnout.percent if turnout else None)
        return candidates, contest_wide

    # --- output -----------------------------------------------------------------------

    def summary(self) -> str:
        """One line a reader can take in at a glance."""
        if self.contest.rounds is not None:
            # Decided in rounds: the final round decides, not the first preferences counted here.
            return self.contest.rounds.summary()
        if self.total_votes == 0:
            return "No votes counted yet"
        if self.is_tie and self.winner is None:
            names = names_in_words(result.name for result in self.tied)
            # Withheld counts could break the tie either way: it is a tie of the known votes only.
            return f"Tie between {names}" + (" on the known votes" if self.shares_of_known_votes else "")
        assert self.winner is not None
        if self.shares_of_known_votes:
            text = f"{self.winner.name} leads with {self.winner.share.format()} of the known votes"
        else:
            text = f"{self.winner.name} wins with {self.winner.share.format()}"
        if self.tie_break is not None:
            text += f" (tie decided by {self.tie_break.method})"
        elif self.margin_votes is not None and self.margin_points is not None and len(self.candidates) > 1:
            if self.margin_lower_bound:
                text += f", margin {AT_LEAST_SIGN} {quantity(self.margin_votes, 'vote')} (at least)"
            elif self.lower_bound:
                text += f", margin {quantity(self.margin_votes, 'known vote')} ({format_points(self.margin_points)} points)"
            else:
                text += f", margin {quantity(self.margin_votes, 'vote')} ({format_points(self.margin_points)} points)"
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
                    "votes": _figure(result.votes, result.votes_lower_bound),
                    "share": result.share.defined_value,
                    "share_base": result.share.base.value,
                    "pooled_share": result.pooled_share.defined_value,
                    "shares_of_known_votes": self.shares_of_known_votes,
                }
                for result in self.candidates
            ],
            "categories": [
                {
                    "name": category.name,
                    "votes": _figure(self.contest.category_total(index), self.category_lower_bound(index)),
                    "electorate": category.electorate,
                    "weight": category.weight,
                    "rejected": category.rejected,
                }
                for index, category in enumerate(self.contest.categories)
            ],
            "total_votes": _figure(self.total_votes, self.lower_bound),
            # With counts withheld, the most known votes is a lead, never a win: the
            # headline says "leads", and the JSON names a leader and no winner.
            "winner": self.winner.name if self.winner is not None and not self.shares_of_known_votes else None,
            "leader": self.winner.name if self.winner is not None else None,
            "tie": self.is_tie,
            "tied": [result.name for result in self.tied],
            "tie_break": (
                {"winner": self.tie_break.winner, "method": self.tie_break.method} if self.tie_break else None
            ),
            "margin_votes": (
                _figure(self.margin_votes, True) if self.margin_lower_bound else self.margin_votes
            ),
            "margin_points": self.margin_points,
            "margin_of_known_votes": self.lower_bound and not self.margin_lower_bound and self.margin_votes is not None,
            "rejected": _figure(self.rejected, self.rejected_lower_bound),
            "ballots_cast": _figure(self.ballots_cast, self.turnout_lower_bound),
            "electorate": self.electorate,
            "turnout": _figure(turnout.value, True) if turnout and self.turnout_lower_bound else (turnout.value if turnout else None),
            "unknown_cells": self.unknown_cells,
            "partial_cells": self.contest.partial_cells,
            "withheld_values": self.withheld_values,
            "totals_are_lower_bounds": self.lower_bound,
            "withheld_note": self.withheld_note(),
            "discrepancies": [discrepancy.to_dict() for discrepancy in self.discrepancies],
            "impossible_figures": list(self.impossible_figures),
        }


def _figure(value: Any, lower_bound: bool) -> Any:
    """A figure in the JSON: the plain value, or ``{"value": v, "lower_bound": true}``."""
    return {"value": value, "lower_bound": True} if lower_bound else value


def withheld_note(contest: Contest, *, shares: bool = False) -> str | None:
    """Where the source withheld counts, in one sentence fit to print under a chart:
    "Counts withheld in 33 of 33 categories (9,941 values): totals are lower bounds (≥)";
    with ``shares``, what a chart of shares must say instead (they are no bounds)."""
    if not contest.inexact_cells:
        return None
    rows = sum(1 for category in range(contest.category_count) if contest.category_inexact(category))
    return _withheld_sentence(contest, rows, shares=shares)


def _withheld_sentence(contest: Contest, rows: int, *, shares: bool) -> str:
    """:func:`withheld_note`'s sentence, given how many categories hold a withheld count."""
    values = contest.withheld_values
    return (
        f"Counts {WITHHELD_WORD} in {rows:,} of {contest.category_count:,} "
        f"{'category' if contest.category_count == 1 else 'categories'}"
        f" ({values:,} {'value' if values == 1 else 'values'}): "
        + ("shares are of the known votes" if shares else f"totals are lower bounds ({AT_LEAST_SIGN})")
    )


def unchecked_changes_note(contest: Contest) -> str | None:
    """What to say of the declared changes in share where no baseline checks them."""
    count = len(contest.declared.share_changes)
    if not count:
        return None
    return (
        f"{count:,} declared changes in share since the election before are not checked: "
        "they are checked against that election given as a baseline (tally --baseline OLD, File > Compare With…)"
    )


def only_changes_declared(contest: Contest) -> bool:
    """True when the only declared figures are changes in share (nothing checks them alone)."""
    declared = contest.declared
    return bool(declared.share_changes) and replace(declared, share_changes={}).is_empty()


def tally(contest: Contest, method: Method | str | None = None) -> Tally:
    return Tally(contest, method)
