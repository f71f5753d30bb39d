"""``resultsviewer tally [FILE] [--method sum|sections|seats|electoral-votes] [--json]``,
with ``--group-by-party`` and ``--merge "A=B"`` to count parties rather than candidates, and
``--baseline OLD`` for the change since the contest before.

FILE may also be decided in rounds: an RCTab contest configuration (tabulated from the
ballots it names, by its rules), an RCTab detailed report (JSON or CSV), a ballots CSV
with one column per rank, or a native file with rounds. Then the table of rounds is
printed; ``--json`` gives ``rounds`` (``round``, ``tally``, ``eliminated``, ``elected``,
``exhausted``...) and ``winner``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from resultsviewer.core.contest import WITHHELD_EXPLANATION, Contest, Method, format_cell
from resultsviewer.core.errors import ContestError, EditError
from resultsviewer.core.methods import count, method_refusal
from resultsviewer.core.reader_warnings import contest_notes
from resultsviewer.core.tally import Tally, at_least, only_changes_declared, unchecked_changes_note

from .baseline import add_baseline_arguments, add_to_json, check_baseline_options, format_changes, load_comparison
from .common import add_input_arguments, load_input, report_error

if TYPE_CHECKING:
    from resultsviewer.core.methods import Outcome

#: Above this many categories the table lists the largest ones only (``--json`` has all).
MAX_CATEGORY_ROWS = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, optional=True)
    parser.add_argument(
        "--method",
        type=_method,
        metavar="{" + ",".join(m.value for m in Method) + "}",
        help="the rule that decides: sum (all votes pooled), sections (weighted sections, formerly "
        "electoral-college), seats (first past the post in each category), electoral-votes (each "
        "state's votes to its leader); default: the file's own, as guessed on import. Refused for a contest "
        "decided in rounds (instant runoff): its rounds decide",
    )
    parser.add_argument("--group-by-party", action="store_true", help="count parties: sum the candidates of each party")
    parser.add_argument(
        "--merge", metavar="A=B", action="append", default=[],
        help="merge party or candidate A into B before counting (repeatable), e.g. "
        "--merge \"Labour and Co-operative=Labour\"",
    )
    parser.add_argument("--json", action="store_true", help="print the tally as JSON")
    add_baseline_arguments(parser)


def _method(text: str) -> Method:
    try:
        return Method(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {text!r} (choose from {', '.join(m.value for m in Method)})"
        ) from None


def merges_applied(contest: Contest, merges: list[str], shown: str = "") -> Contest:
    """The contest with the ``--merge`` edits done, as the window's merge edit does
    (``shown``: the file as named, for a refusal). Raises EditError."""
    if not merges:
        return contest
    from resultsviewer.core.edits import rounds_refusal
    from resultsviewer.core.parties import MergeParties  # with --merge only: a plain tally does without

    for text in merges:
        source, sep, target = text.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise EditError(f"--merge expects \"A=B\" (merge A into B), not {text!r}")
        merge = MergeParties(source.strip(), target.strip())
        # As the window refuses it: a merge would leave the rounds (and their winner) behind.
        refused = rounds_refusal(contest, merge)
        if refused is not None:
            raise EditError(f"{shown + ': ' if shown else ''}--merge {text!r} is refused: {refused}")
        merge.do(contest)
    return contest


def party_grouping_misuse(contest: Contest, options: argparse.Namespace, shown: str) -> str | None:
    """Why --group-by-party is refused for this contest (``shown``: the file as named), or None."""
    if not options.group_by_party:
        return None
    from resultsviewer.core.parties import party_grouping_refusal

    refused = party_grouping_refusal(contest)
    return f"{shown}: --group-by-party does not apply: {refused}" if refused else None


def run(options: argparse.Namespace) -> int:
    misuse = check_baseline_options(options)
    if misuse:
        return report_error(ValueError(misuse))
    try:
        contest = load_input(options.file, options)
        contest = merges_applied(contest, options.merge, options.file or "the default contest")
    except ContestError as error:
        return report_error(error)
    for note in contest_notes(contest):
        print(f"note: {options.file}: {note}", file=sys.stderr)
    misuse = party_grouping_misuse(contest, options, options.file or "the default contest")
    if misuse:
        return report_error(ValueError(misuse))
    if contest.rounds is not None:
        from .rounds_text import format_rounds

        refusal = method_refusal(contest)
        if options.method is not None and refusal:
            return report_error(ValueError(f"{options.file}: {refusal}"))

        if options.baseline:
            return report_error(
                ValueError(f"{options.file}: --baseline does not compare contests decided in rounds (not implemented)")
            )

        if options.json:
            print(json.dumps(contest.rounds.to_dict(), indent=2, ensure_ascii=False))
        else:
            print(format_rounds(contest.rounds))
        return 0
    outcome = count(contest, options.method, by_party=options.group_by_party)
    changes = None
    if options.baseline:
        # The contest as counted (its parties, with --group-by-party) against OLD.
        method = outcome.method
        try:
            comparison = load_comparison(outcome.tally.contest, options, options.method)
        except ContestError as error:
            return report_error(error)
        changes = comparison.changes(seats=options.seats or method is Method.SEATS)
    if options.json:
        document = outcome.to_dict()
        if changes is not None:
            document = add_to_json(document, changes)
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(format_tally(outcome.tally, outcome, baseline_checked=changes is not None))
        if changes is not None:
            print()
            print(format_changes(changes))
    return 0


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip()

    return [line(headers), "  ".join("-" * width for width in widths), *(line(row) for row in rows)]


def format_tally(tally: Tally, outcome: Outcome | None = None, *, baseline_checked: bool = False) -> str:
    """The tally as a plain-text report, led by the method's result (``baseline_checked``:
    a comparison below reports the declared changes in share)."""
    contest = tally.contest
    if outcome is None:
        outcome = count(contest, tally.method)
    heading = contest.title
    details = ", ".join(part for part in (contest.date, contest.status.value if contest.status else None) if part)
    lines = [f"{heading} ({details})" if details else heading]
    lines.append(f"Method: {outcome.method_label}")
    if contest.source:
        lines.append(f"Source: {contest.source}")
    lines.append("")
    lines.append(outcome.sentence)
    lines.append(f"({outcome.decided_by})")
    lines.append("")
    share_header = "Weighted share" if tally.method is Method.SECTIONS else "Share"
    if outcome.unit == "votes":
        rows = [[r.name, r.votes_text(), r.share.format()] for r in tally.candidates]
        rows.append(["Total valid votes", at_least(tally.total_votes, tally.lower_bound), ""])
        lines += _table(["Candidate", "Votes", share_header], rows, {1, 2})
    else:
        unit = outcome.unit.capitalize()
        ranked = outcome.ranking()
        # Units not known for every category: each figure is at least what the known ones give.
        rows = [[s.name, at_least(s.units or 0, outcome.needed is None), at_least(s.votes, s.votes_lower_bound),
                 s.pooled_share.format()] for s in ranked]
        rows.append([
            "Total" if not outcome.needed else f"Total ({outcome.needed:,} needed)",
            "unknown" if outcome.total_units is None else f"{outcome.total_units:,}",
            at_least(tally.total_votes, tally.lower_bound), "",
        ])
        lines += _table(["Candidate", unit, "Votes", "Share"], rows, {1, 2, 3})
    base = tally.candidates[0].share.base_text() if tally.candidates else "of all valid votes"
    lines.append(f"(shares are {base})")
    lines.append("")
    if contest.category_count:
        indexes = list(range(contest.category_count))
        shown = indexes
        if len(indexes) > MAX_CATEGORY_ROWS:
            shown = sorted(sorted(indexes, key=lambda i: -contest.category_total(i))[:MAX_CATEGORY_ROWS])
        headers = ["Category", *(c.name for c in contest.candidates), "Valid votes"]
        rows = []
        for index in shown:
            row = contest.row(index)
            rows.append([
                contest.category_name(index), *(format_cell(v) for v in row),
                at_least(contest.category_total(index), tally.category_lower_bound(index)),
            ])
        if len(contest.candidates) <= 8:
            lines += _table(headers, rows, set(range(1, len(headers))))
        else:
            lines += _table(["Category", "Valid votes"], [[r[0], r[-1]] for r in rows], {1})
            lines.append(f"({len(contest.candidates):,} candidates are too many for columns here; "
                         "'resultsviewer convert FILE counts.csv' writes every count)")
        if len(shown) < len(indexes):
            lines.append(f"({len(indexes) - len(shown):,} smaller categories not shown; --json lists all {len(indexes):,})")
        lines.append("")
    lines.append(outcome.sentence)
    lines += [f"Warning: {warning}" for warning in outcome.warnings]
    lines += [f"Note: {note}" for note in outcome.notes]
    if outcome.winner_discrepancies:
        lines.append(f"Declared winners the counts do not reproduce ({len(outcome.winner_discrepancies)}):")
        lines += [f"  - {text}" for text in outcome.winner_discrepancies]
    elif contest.declared.category_winners:
        lines.append(f"The {len(contest.declared.category_winners):,} declared winners agree with the counts.")
    if tally.rejected is not None:
        lines.append(f"Rejected ballots: {tally.rejected_text}")
    turnout = tally.turnout
    if turnout is not None and tally.electorate is not None:
        sign = "\u2265 " if tally.turnout_lower_bound else ""
        lines.append(
            f"Turnout: {sign}{turnout.format()} ({sign}{tally.ballots_cast:,} ballots of an electorate of {tally.electorate:,})"
        )
    lines += [f"Warning: {text}." for text in tally.impossible_figures]
    if tally.lower_bound:
        lines.append(f"Warning: {tally.withheld_note()}.")
        lines.append(f"({WITHHELD_EXPLANATION})")
    if tally.discrepancies:
        lines.append(f"Discrepancies with the declared figures ({len(tally.discrepancies)}):")
        lines += [f"  - {d.message()}" for d in tally.discrepancies]
    elif not contest.declared.is_empty() and not only_changes_declared(contest):
        lines.append("The declared figures agree with the counts.")
    note = None if baseline_checked else unchecked_changes_note(contest)
    if note:
        lines.append(f"Note: {note}.")
    return "\n".join(lines)
