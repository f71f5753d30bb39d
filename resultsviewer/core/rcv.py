"""Instant runoff from ranked ballots, by RCTab's rules.

RCTab (BrightSpots/rcv) is the certified open-source tabulator US election offices use;
its contest configuration names the rules as options (``overvoteRule``,
``maxSkippedRanksAllowed``, ``batchElimination``, ``tiebreakMode``...). Each option is a
field of :class:`Rules`, read by :func:`Rules.from_config`, and :class:`InstantRunoff`
applies them as RCTab's ``Tabulator`` does, so that a count reproduces RCTab's report
round by round. What is not implemented (multi-seat STV, a random tie-break, which needs
RCTab's own generator) is refused with :class:`UnsupportedRule` naming the rule, and a
tie-break rule only when a tie actually needs breaking: never a different count.

Ballots are a :class:`BallotTable`: a numpy array with one row per distinct ballot and
one column per rank, and how many ballots have that row. Each round re-reads only the
ballots of the candidates just eliminated, rank by rank, over all of them at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

import numpy as np

from .errors import ContestError
from .rounds import EXHAUSTED, UNDECLARED_WRITE_INS, InactiveKind, Round, RoundResult, inactive_counts

#: A rank the ballot leaves empty (or marks with the undervote label).
EMPTY = -1
#: A rank marked with the explicit overvote label.
OVERVOTE = -2
#: Codes at or below this one are several candidates marked at one rank: code -3 - i is
#: ``BallotTable.overvote_sets[i]``.
FIRST_SET_CODE = -3


class UnsupportedRule(ContestError):
    """A rule the count needs that Results Viewer does not implement."""


class TabulationError(ContestError):
    """A count that cannot proceed under its rules (as RCTab would abort)."""


class OvervoteRule(str, Enum):
    """RCTab's ``overvoteRule``: what a rank marking several candidates does to a ballot."""

    EXHAUST_IMMEDIATELY = "exhaustImmediately"
    ALWAYS_SKIP_TO_NEXT_RANK = "alwaysSkipToNextRank"
    EXHAUST_IF_MULTIPLE_CONTINUING = "exhaustIfMultipleContinuing"


class TiebreakMode(str, Enum):
    """RCTab's ``tiebreakMode``."""

    USE_CANDIDATE_ORDER = "useCandidateOrder"
    PREVIOUS_ROUND_COUNTS_THEN_RANDOM = "previousRoundCountsThenRandom"
    PREVIOUS_ROUND_COUNTS_THEN_ASK = "previousRoundCountsThenAsk"
    RANDOM = "random"
    STOP_COUNTING_AND_ASK = "stopCountingAndAsk"
    GENERATE_PERMUTATION = "generatePermutation"
    #: No rule given (a plain ballots file): any tie that needs breaking is refused.
    NONE = "none"


_TIEBREAK_FALLBACK = {
    TiebreakMode.RANDOM: "random (RCTab draws from java.util.Random with the configured seed)",
    TiebreakMode.STOP_COUNTING_AND_ASK: "stopCountingAndAsk (the operator chooses)",
    TiebreakMode.GENERATE_PERMUTATION: "generatePermutation (a java.util.Random shuffle of the candidates)",
    TiebreakMode.PREVIOUS_ROUND_COUNTS_THEN_RANDOM: "previousRoundCountsThenRandom, which falls back to random",
    TiebreakMode.PREVIOUS_ROUND_COUNTS_THEN_ASK: "previousRoundCountsThenAsk, which falls back to asking the operator",
}


@dataclass(frozen=True)
class Rules:
    """The tabulation rules, named as in RCTab's contest configuration."""

    overvote_rule: OvervoteRule = OvervoteRule.EXHAUST_IMMEDIATELY
    #: ``maxSkippedRanksAllowed``: None for unlimited.
    max_skipped_ranks: int | None = None
    #: ``maxRankingsAllowed``: ranks beyond it are not read; None for as many as the ballots have.
    max_rankings: int | None = None
    batch_elimination: bool = False
    continue_until_two_candidates_remain: bool = False
    tiebreak_mode: TiebreakMode = TiebreakMode.NONE
    random_seed: int | None = None
    #: ``minimumVoteThreshold``: candidates below it are eliminated together.
    minimum_vote_threshold: Decimal = Decimal(0)
    exhaust_on_duplicate_candidate: bool = False
    #: ``stopTabulationEarlyAfterRound``: None to count to the end.
    stop_after_round: int | None = None
    does_first_round_determine_threshold: bool = False
    hare_quota: bool = False
    number_of_winners: int = 1
    description: str = ""

    def describe(self) -> tuple[str, ...]:
        """The rules as ``option: value`` lines, with RCTab's option names."""
        return (
            f"overvoteRule: {self.overvote_rule.value}",
            f"maxSkippedRanksAllowed: {'unlimited' if self.max_skipped_ranks is None else self.max_skipped_ranks}",
            f"maxRankingsAllowed: {'all ranks' if self.max_rankings is None else self.max_rankings}",
            f"batchElimination: {str(self.batch_elimination).lower()}",
            f"continueUntilTwoCandidatesRemain: {str(self.continue_until_two_candidates_remain).lower()}",
            f"tiebreakMode: {self.tiebreak_mode.value}",
            f"minimumVoteThreshold: {self.minimum_vote_threshold}",
            f"exhaustOnDuplicateCandidate: {str(self.exhaust_on_duplicate_candidate).lower()}",
            f"stopTabulationEarlyAfterRound: {self.stop_after_round or 'no'}",
            f"doesFirstRoundDetermineThreshold: {str(self.does_first_round_determine_threshold).lower()}",
        )

    @classmethod
    def from_config(cls, rules: Any, source: str, declared_candidates: int) -> Rules:
        """The ``rules`` object of an RCTab configuration; refuses what is not single-winner IRV.

        ``declared_candidates`` gives ``maxRankingsAllowed: "max"`` its value, as in RCTab.
        """
        from .errors import LoadError

        if not isinstance(rules, dict):
            raise LoadError(source, "expected an object of tabulation rules", "$.rules")

        def text(key: str, default: str = "") -> str:
            value = rules.get(key, default)
            if value is None:
                return default
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                raise LoadError(source, f"expected text or a number, found {type(value).__name__}", f"$.rules.{key}")
            return str(value).strip()

        def flag(key: str) -> bool:
            value = rules.get(key, False)
            if value in ("", None):
                return False
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            if not isinstance(value, bool):
                raise LoadError(source, f"expected true or false, found {value!r}", f"$.rules.{key}")
            return value

        def whole(key: str, *, blank: int | None, minimum: int = 0) -> int | None:
            value = text(key)
            if value == "":
                return blank
            try:
                number = int(value)
            except ValueError:
                raise LoadError(source, f"expected a whole number, found {value!r}", f"$.rules.{key}") from None
            if number < minimum:
                raise LoadError(source, f"expected a whole number of at least {minimum}, found {number}", f"$.rules.{key}")
            return number

        mode = text("winnerElectionMode", "singleWinnerMajority")
        winners = whole("numberOfWinners", blank=1) or 0
        if mode != "singleWinnerMajority" or winners != 1:
            raise UnsupportedRule(
                f"{source}: winnerElectionMode {mode!r} with numberOfWinners {winners} is not implemented; "
                "Results Viewer tabulates single-winner instant runoff (singleWinnerMajority, 1 winner) only. "
                "Open RCTab's detailed report of this contest to see its rounds."
            )
        try:
            overvote_rule = OvervoteRule(text("overvoteRule", "exhaustImmediately"))
        except ValueError:
            raise LoadError(source, f"unknown overvoteRule {text('overvoteRule')!r}; RCTab knows "
                            + ", ".join(r.value for r in OvervoteRule), "$.rules.overvoteRule") from None
        try:
            tiebreak = TiebreakMode(text("tiebreakMode"))
            if tiebreak is TiebreakMode.NONE:
                raise ValueError
        except ValueError:
            raise LoadError(source, f"unknown tiebreakMode {text('tiebreakMode')!r}; RCTab knows "
                            + ", ".join(m.value for m in TiebreakMode if m is not TiebreakMode.NONE), "$.rules.tiebreakMode") from None
        skipped_text = text("maxSkippedRanksAllowed", "unlimited")
        max_skipped = None if skipped_text.lower() == "unlimited" else whole("maxSkippedRanksAllowed", blank=None)
        rankings_text = text("maxRankingsAllowed", "max")
        max_rankings = declared_candidates if rankings_text.lower() == "max" else whole("maxRankingsAllowed", blank=None, minimum=1)
        threshold_text = text("minimumVoteThreshold", "0") or "0"
        try:
            minimum = Decimal(threshold_text)
        except InvalidOperation:
            raise LoadError(source, f"expected a number, found {threshold_text!r}", "$.rules.minimumVoteThreshold") from None
        seed = whole("randomSeed", blank=None, minimum=-(2**47))
        return cls(
            overvote_rule=overvote_rule,
            max_skipped_ranks=max_skipped,
            max_rankings=max_rankings,
            batch_elimination=flag("batchElimination"),
            continue_until_two_candidates_remain=flag("continueUntilTwoCandidatesRemain"),
            tiebreak_mode=tiebreak,
            random_seed=seed,
            minimum_vote_threshold=minimum,
            exhaust_on_duplicate_candidate=flag("exhaustOnDuplicateCandidate"),
            stop_after_round=whole("stopTabulationEarlyAfterRound", blank=None, minimum=1),
            does_first_round_determine_threshold=flag("doesFirstRoundDetermineThreshold"),
            hare_quota=flag("hareQuota"),
            number_of_winners=1,
            description=text("rulesDescription"),
        )


@dataclass
class BallotTable:
    """Ranked ballots: ``ranks[i, j]`` is the code of what ballot row ``i`` marks at rank
    ``j + 1`` (a candidate's index in ``candidates``, :data:`EMPTY`, :data:`OVERVOTE` or a
    set of candidates), and ``counts[i]`` how many ballots are that row."""

    candidates: tuple[str, ...]
    ranks: np.ndarray
    counts: np.ndarray
    #: Candidates marked together at one rank, for codes ``FIRST_SET_CODE - i``.
    overvote_sets: list[frozenset[int]] = field(default_factory=list)
    source: str = ""

    def __post_init__(self) -> None:
        if self.ranks.ndim != 2 or self.counts.shape != (self.ranks.shape[0],):
            raise ValueError("ranks must be a 2-D array with one count per row")

    @property
    def ballot_count(self) -> int:
        return int(self.counts.sum())

    @property
    def rank_count(self) -> int:
        return int(self.ranks.shape[1])

    def grouped(self) -> BallotTable:
        """The same ballots with identical rows merged (their counts added)."""
        rows, columns = self.ranks.shape
        if rows == 0:
            return self
        base = len(self.candidates) + 2 + len(self.overvote_sets)
        if columns and columns * math.log2(base) < 62:
            # One int64 key per row sorts far faster than np.unique(axis=0) on rows.
            keys = np.zeros(rows, dtype=np.int64)
            for column in range(columns):
                keys = keys * base + (self.ranks[:, column].astype(np.int64) + 2 + len(self.overvote_sets))
            _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            unique_rows = self.ranks[first]
        else:
            unique_rows, inverse = np.unique(self.ranks, axis=0, return_inverse=True)
        counts = np.bincount(inverse.ravel(), weights=self.counts, minlength=len(unique_rows)).astype(np.int64)
        return BallotTable(self.candidates, np.ascontiguousarray(unique_rows), counts, self.overvote_sets, self.source)


def _threshold(active: Decimal, rules: Rules) -> Decimal:
    # RCTab: floor(votes / (winners + 1)) + 1, or with the Hare quota ceil(votes / winners).
    if rules.hare_quota:
        return Decimal(math.ceil(active / rules.number_of_winners))
    return Decimal(math.floor(active / (rules.number_of_winners + 1)) + 1)


class InstantRunoff:
    """Single-winner instant runoff: a counting method that turns ballots into rounds.

    ``count(ballots)`` gives the :class:`~resultsviewer.core.rounds.RoundResult`; its
    ``summary()`` says who won by the rule that decided.
    """

    name = "instant runoff"

    def __init__(self, rules: Rules, *, candidate_order: Sequence[str] | None = None,
                 excluded: Sequence[str] = (), title: str = "", source: str = "") -> None:
        self.rules = rules
        #: The order ``useCandidateOrder`` breaks ties by (the configuration's).
        self.candidate_order = tuple(candidate_order) if candidate_order is not None else None
        self.excluded = frozenset(excluded)
        self.title = title
        self.source = source

    def describe(self) -> str:
        return f"instant runoff by RCTab's rules{f' ({self.rules.description})' if self.rules.description else ''}"

    # -- the count ------------------------------------------------------------------

    def count(self, ballots: BallotTable) -> RoundResult:
        return _Count(self, ballots).run()


class _Count:
    """One tabulation's state, following RCTab's Tabulator.tabulate()."""

    def __init__(self, method: InstantRunoff, ballots: BallotTable) -> None:
        self.method = method
        self.rules = rules = method.rules
        self.names = ballots.candidates
        self.where = ballots.source or method.source or "the ballots"
        ranks = ballots.ranks
        if rules.max_rankings is not None and ranks.shape[1] > rules.max_rankings:
            ranks = ranks[:, : rules.max_rankings]
        has_any = (ranks != EMPTY).any(axis=1) if ranks.shape[1] else np.zeros(len(ranks), dtype=bool)
        self.undervotes = int(ballots.counts[~has_any].sum())
        self.ranks = np.ascontiguousarray(ranks[has_any])
        self.counts = ballots.counts[has_any].astype(np.int64)
        self.sets = ballots.overvote_sets
        self.total = int(ballots.counts.sum())
        n, k = self.ranks.shape
        # The last rank holding a mark (RCTab's maxRankingNumber), 1-based.
        marked = self.ranks != EMPTY
        self.last_rank = (k - np.argmax(marked[:, ::-1], axis=1)).astype(np.int32) if k else np.zeros(n, np.int32)
        candidate_count = len(self.names)
        self.uwi = self.names.index(UNDECLARED_WRITE_INS) if UNDECLARED_WRITE_INS in self.names else None
        self.continuing = np.ones(candidate_count, dtype=bool)
        for index, name in enumerate(self.names):
            if name in method.excluded:
                self.continuing[index] = False
        self.recipient = np.full(n, -1, dtype=np.int32)
        self.status = np.zeros(n, dtype=np.int8)  # 0 counting, else 1 + index in KINDS
        self.eliminated_in: dict[str, int] = {}
        self.elected_in: dict[str, int] = {}
        self.tallies: list[dict[str, Decimal]] = []
        self._check_rules()

    KINDS = list(InactiveKind)

    def _check_rules(self) -> None:
        rules = self.rules
        explicit = bool((self.ranks == OVERVOTE).any())
        if explicit and rules.overvote_rule is OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING:
            raise TabulationError(
                f"{self.where}: the ballots mark overvotes with the overvote label, which does not say which "
                "candidates were marked, so overvoteRule exhaustIfMultipleContinuing cannot apply (RCTab refuses it too); "
                "use exhaustImmediately or alwaysSkipToNextRank"
            )
        if self.sets and rules.exhaust_on_duplicate_candidate:
            raise UnsupportedRule(
                f"{self.where}: exhaustOnDuplicateCandidate with ballots marking several candidates at one rank "
                "is not implemented"
            )

    # -- reading ballots -------------------------------------------------------------

    def _set_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """For each overvote set: how many of its candidates continue, and the one that does."""
        counts = np.zeros(len(self.sets), dtype=np.int32)
        only = np.full(len(self.sets), -1, dtype=np.int32)
        for index, members in enumerate(self.sets):
            alive = [c for c in members if self.continuing[c]]
            counts[index] = len(alive)
            if len(alive) == 1:
                only[index] = alive[0]
        return counts, only

    def _scan(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where ballots ``rows`` go now, read from their first rank: (recipient, status)."""
        rules = self.rules
        ranks = self.ranks[rows]
        last_rank = self.last_rank[rows]
        m, k = ranks.shape
        done = np.zeros(m, dtype=bool)
        recipient = np.full(m, -1, dtype=np.int32)
        status = np.zeros(m, dtype=np.int8)
        last_seen = np.zeros(m, dtype=np.int32)
        continuing = self.continuing
        set_alive, set_only = self._set_codes() if self.sets else (None, None)
        exhausted_code = 1 + self.KINDS.index(InactiveKind.EXHAUSTED_CHOICES)
        for column in range(k):
            rank = column + 1
            cell = ranks[:, column]
            live = ~done & (cell != EMPTY)
            if not live.any():
                continue
            if rules.max_skipped_ranks is not None:
                skipped = live & (rank - last_seen > rules.max_skipped_ranks + 1)
                status[skipped] = 1 + self.KINDS.index(InactiveKind.SKIPPED_RANKINGS)
                done |= skipped
                live &= ~skipped
            last_seen[live] = rank
            if rules.exhaust_on_duplicate_candidate and column:
                repeated = live & (ranks[:, :column] == cell[:, None]).any(axis=1)
                status[repeated] = 1 + self.KINDS.index(InactiveKind.REPEATED_RANKINGS)
                done |= repeated
                live &= ~repeated
            chosen = np.full(m, -1, dtype=np.int32)
            candidate = live & (cell >= 0)
            chosen[candidate] = cell[candidate]
            overvote = live & (cell == OVERVOTE)
            if self.sets:
                in_set = live & (cell <= FIRST_SET_CODE)
                set_index = FIRST_SET_CODE - cell[in_set]
                if rules.overvote_rule is OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING:
                    assert set_alive is not None and set_only is not None  # made above when there are sets
                    alive = set_alive[set_index]
                    several = np.zeros(m, dtype=bool)
                    several[in_set] = alive >= 2
                    overvote |= several
                    chosen[in_set] = set_only[set_index]  # -1 when none continues
                else:
                    overvote |= in_set
            if overvote.any():
                if rules.overvote_rule is OvervoteRule.ALWAYS_SKIP_TO_NEXT_RANK:
                    # An overvote at the last marked rank leaves no choice: exhausted, not an overvote.
                    at_end = overvote & (last_rank == rank)
                    status[at_end] = exhausted_code
                    done |= at_end
                else:
                    status[overvote] = 1 + self.KINDS.index(InactiveKind.OVERVOTES)
                    done |= overvote
                live &= ~overvote
            counts_now = live & (chosen >= 0)
            counts_now[counts_now] = continuing[chosen[counts_now]]
            recipient[counts_now] = chosen[counts_now]
            done |= counts_now
            out_of_choices = live & ~counts_now & (last_rank == rank)
            status[out_of_choices] = exhausted_code
            done |= out_of_choices
        if not done.all():  # cannot happen: the last marked rank always decides
            raise AssertionError("a ballot was left undecided")
        return recipient, status

    # -- rounds ------------------------------------------------------------------------

    def _tally(self) -> dict[str, Decimal]:
        counting = self.status == 0
        votes = np.bincount(self.recipient[counting], weights=self.counts[counting], minlength=len(self.names))
        return {name: Decimal(int(votes[i])) for i, name in enumerate(self.names) if self.continuing[i]}

    def _inactive(self) -> dict[InactiveKind, Decimal]:
        by_status = np.bincount(self.status, weights=self.counts, minlength=len(self.KINDS) + 1)
        return inactive_counts({kind: Decimal(int(by_status[i + 1])) for i, kind in enumerate(self.KINDS)})

    def _move(self, rows: np.ndarray, *, first: bool = False) -> dict[str, dict[str, Decimal]]:
        """Re-read ``rows``; the transfers from their previous recipients (none at first)."""
        before = self.recipient[rows].copy()
        recipient, status = self._scan(rows)
        self.recipient[rows] = recipient
        self.status[rows] = status
        transfers: dict[str, dict[str, Decimal]] = {}
        if first or len(rows) == 0:
            return transfers
        target = np.where(recipient >= 0, recipient, len(self.names))
        pair = before.astype(np.int64) * (len(self.names) + 1) + target
        sums = np.bincount(pair, weights=self.counts[rows])
        for code in np.nonzero(sums)[0]:
            source, to = divmod(int(code), len(self.names) + 1)
            name = EXHAUSTED if to == len(self.names) else self.names[to]
            transfers.setdefault(self.names[source], {})[name] = Decimal(int(sums[code]))
        return transfers

    def _keep_going(self, round_number: int, eliminated_now: bool) -> bool:
        rules = self.rules
        if rules.stop_after_round is not None and round_number >= rules.stop_after_round:
            return False
        if rules.continue_until_two_candidates_remain:
            return len(self.eliminated_in) + len(self.elected_in) + 1 < self._candidate_total() or eliminated_now
        return len(self.elected_in) < rules.number_of_winners

    def run(self) -> RoundResult:
        rules = self.rules
        if len(self.ranks) == 0:
            raise TabulationError(
                f"{self.where}: no ballot ranks any candidate ({self.total:,} ballots read); "
                "check that the rank columns are the right ones"
            )
        rounds: list[Round] = []
        pending = np.arange(len(self.ranks))
        round_number = 0
        threshold: Decimal | None = None
        eliminated_now = False
        while round_number == 0 or self._keep_going(round_number, eliminated_now):
            round_number += 1
            transfers = self._move(pending, first=round_number == 1)
            if rounds:
                previous = rounds[-1]
                rounds[-1] = Round(
                    previous.number, previous.tally, previous.eliminated, previous.elected,
                    {name: transfers.get(name, {}) for name in previous.eliminated},
                    previous.inactive, previous.threshold, previous.tie_broken,
                )
            tally = self._tally()
            self.tallies.append(tally)
            active = sum(tally.values(), Decimal(0))
            if round_number == 1 or not rules.does_first_round_determine_threshold:
                threshold = _threshold(active, rules)
                if rules.minimum_vote_threshold > threshold:
                    threshold = rules.minimum_vote_threshold
            # Set in round 1 at the latest (the first round always computes it).
            assert threshold is not None
            elected, tie_broken = self._winners(tally, threshold, round_number)
            eliminated: list[str] = []
            if elected:
                for name in elected:
                    self.elected_in[name] = round_number
            elif (len(self.elected_in) < rules.number_of_winners
                  or (rules.continue_until_two_candidates_remain
                      and len(self.eliminated_in) < self._candidate_total() - 2)):
                eliminated, tie_broken = self._eliminate(tally, round_number)
                for name in eliminated:
                    self.eliminated_in[name] = round_number
                    self.continuing[self.names.index(name)] = False
            eliminated_now = bool(eliminated)
            rounds.append(Round(
                number=round_number, tally=tally, eliminated=tuple(eliminated), elected=tuple(elected),
                transfers={}, inactive=self._inactive(), threshold=threshold, tie_broken=tuple(tie_broken),
            ))
            if eliminated:
                codes = np.array([self.names.index(name) for name in eliminated], dtype=np.int32)
                pending = np.nonzero((self.status == 0) & np.isin(self.recipient, codes))[0]
            else:
                pending = np.zeros(0, dtype=np.int64)
        return RoundResult(
            title=self.method.title,
            candidates=self.names,
            rounds=tuple(rounds),
            total_ballots=Decimal(self.total),
            undervotes=Decimal(self.undervotes),
            source=self.method.source or f"tabulated from {self.where}",
            derived=True,
            rules=self.rules.describe(),
        )

    def _candidate_total(self) -> int:
        return len(self.names) - len(self.method.excluded & set(self.names))

    def _is_continuing(self, name: str) -> bool:
        return bool(self.continuing[self.names.index(name)])

    def _winners(self, tally: dict[str, Decimal], threshold: Decimal, round_number: int) -> tuple[list[str], list[str]]:
        rules = self.rules
        if self.uwi is not None and tally.get(UNDECLARED_WRITE_INS, Decimal(0)) > 0:
            return [], []  # no one wins while undeclared write-ins still count
        selected: list[str] = []
        unfilled = rules.number_of_winners - len(self.elected_in)
        live = [name for name in tally if name not in self.elected_in]
        if unfilled > 0:
            if len(tally) == unfilled:
                selected = list(tally)
            elif rules.does_first_round_determine_threshold and len(tally) - 1 == rules.number_of_winners:
                top = max(tally.values())
                selected = [name for name in tally if tally[name] == top]
            else:
                selected = [name for name in live if tally[name] >= threshold and name != UNDECLARED_WRITE_INS]
        needs_tiebreak_multiple = len(selected) > 1 and rules.does_first_round_determine_threshold
        needs_tiebreak_none = (
            rules.number_of_winners == 1 and not selected and len(tally) == 2 and unfilled == 1
            and all(v >= rules.minimum_vote_threshold for v in tally.values())
        )
        if needs_tiebreak_multiple or needs_tiebreak_none:
            top = max(tally.values())
            selected = [name for name in tally if tally[name] == top]
            if len(selected) > 1:
                winner = self._tiebreak(selected, round_number, top, selecting_winner=True)
                return [winner], [winner]
        return selected, []

    def _eliminate(self, tally: dict[str, Decimal], round_number: int) -> tuple[list[str], list[str]]:
        rules = self.rules
        # 1. Undeclared write-ins go first, all at once.
        if self.uwi is not None and tally.get(UNDECLARED_WRITE_INS, Decimal(0)) > 0:
            return [UNDECLARED_WRITE_INS], []
        by_votes = sorted(tally.items(), key=lambda item: item[1])
        # 2. Everyone under the minimum vote threshold.
        minimum = rules.minimum_vote_threshold
        if minimum > 0 and by_votes[0][1] < minimum:
            below = [name for name, votes in by_votes if votes < minimum]
            declared = len([n for n in self.names if n != UNDECLARED_WRITE_INS and n not in self.method.excluded])
            if len(below) == declared:
                raise TabulationError(
                    f"{self.where}: every declared candidate is below the minimum vote threshold of {minimum} "
                    f"in round {round_number}; the count cannot proceed (RCTab aborts too)"
                )
            return below, []
        # 3. Batch elimination: everyone who could not overtake the next-lowest even with all their votes together.
        if rules.batch_elimination:
            batch = self._batch(by_votes)
            if len(batch) > 1:
                return batch, []
        # 4. The lowest, a tie broken by the rule.
        lowest = by_votes[0][1]
        last = [name for name, votes in by_votes if votes == lowest]
        if len(last) > 1:
            loser = self._tiebreak(last, round_number, lowest, selecting_winner=False)
            return [loser], [loser]
        return last, []

    def _batch(self, by_votes: list[tuple[str, Decimal]]) -> list[str]:
        groups: dict[Decimal, list[str]] = {}
        for name, votes in by_votes:
            groups.setdefault(votes, []).append(name)
        running = Decimal(0)
        seen: list[str] = []
        eliminated: list[str] = []
        previous: list[str] = []
        for votes, names in groups.items():
            grown = list(eliminated)
            if running < votes:
                grown += [name for name in seen if name not in eliminated]
            running += votes * len(names)
            seen += names
            if len(grown) > len(eliminated):
                previous, eliminated = eliminated, grown
        if (self.rules.continue_until_two_candidates_remain
                and len(eliminated) + len(self.eliminated_in) == self._candidate_total() - 1):
            eliminated = previous
        return eliminated

    def _tiebreak(self, tied: list[str], round_number: int, votes: Decimal, *, selecting_winner: bool) -> str:
        rules = self.rules
        mode = rules.tiebreak_mode
        tied = sorted(tied)
        what = "win" if selecting_winner else "be eliminated"
        described = f"in round {round_number}, {', '.join(tied)} are tied with {votes} votes each"
        if mode is TiebreakMode.USE_CANDIDATE_ORDER and self.method.candidate_order is not None:
            order = list(self.method.candidate_order)
            if not selecting_winner:
                order.reverse()
            for name in order:
                if name in tied:
                    return name
            raise UnsupportedRule(
                f"{self.where}: {described}; the tie-break by candidate order cannot choose who is to {what} "
                f"because {', '.join(t for t in tied if t not in order)} is not in the configuration's candidate list"
            )
        if mode in (TiebreakMode.PREVIOUS_ROUND_COUNTS_THEN_RANDOM, TiebreakMode.PREVIOUS_ROUND_COUNTS_THEN_ASK):
            contention = tied
            for earlier in range(round_number - 1, 0, -1):
                counts = {name: self.tallies[earlier - 1][name] for name in contention}
                pick = max(counts.values()) if selecting_winner else min(counts.values())
                contention = [name for name in contention if counts[name] == pick]
                if len(contention) == 1:
                    return contention[0]
            raise UnsupportedRule(
                f"{self.where}: {described}, and tied in every previous round too; tiebreakMode "
                f"{_TIEBREAK_FALLBACK[mode]}, which Results Viewer does not implement, would choose who is to {what}"
            )
        if mode is TiebreakMode.NONE or (mode is TiebreakMode.USE_CANDIDATE_ORDER and self.method.candidate_order is None):
            raise UnsupportedRule(
                f"{self.where}: {described}; a tie-break rule must choose who is to {what} and none is given "
                "(count these ballots with an RCTab configuration naming a tiebreakMode)"
            )
        raise UnsupportedRule(
            f"{self.where}: {described}; choosing who is to {what} needs tiebreakMode "
            f"{_TIEBREAK_FALLBACK[mode]}, which Results Viewer does not implement"
        )


def tabulate(ballots: BallotTable, rules: Rules, *, candidate_order: Sequence[str] | None = None,
             excluded: Sequence[str] = (), title: str = "", source: str = "") -> RoundResult:
    """Count ``ballots`` by instant runoff under ``rules``."""
    method = InstantRunoff(rules, candidate_order=candidate_order, excluded=excluded, title=title, source=source)
    return method.count(ballots)


def candidate_lookup(candidates: Mapping[str, int]) -> dict[str, int]:
    """Names as they may appear in ballots (trimmed) -> candidate index."""
    return {name.strip(): index for name, index in candidates.items()}


__all__ = [
    "EMPTY",
    "FIRST_SET_CODE",
    "OVERVOTE",
    "BallotTable",
    "InstantRunoff",
    "OvervoteRule",
    "Rules",
    "TabulationError",
    "TiebreakMode",
    "UnsupportedRule",
    "candidate_lookup",
    "tabulate",
]
