"""The table of rounds that ``resultsviewer tally`` prints for a contest decided in rounds."""

from __future__ import annotations

from decimal import Decimal

from resultsviewer.core.rounds import EXHAUSTED, RoundResult, format_votes

#: Transfers listed per elimination in the text (the JSON has them all).
TOP_TRANSFERS = 4


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells)).rstrip()

    return [line(headers), "  ".join("-" * width for width in widths), *(line(row) for row in rows)]


def format_rounds(result: RoundResult) -> str:
    """Every candidate's votes in every round (``-`` once eliminated), the inactive
    ballots and threshold, then who went out each round and where their ballots went."""
    count = len(result.rounds)
    lines = [f"{result.title} (instant runoff, {count} round{'s' * (count != 1)})"]
    if result.source:
        lines.append(f"Source: {result.source}")
    if result.derived:
        lines.append("These rounds are computed from the ballots; the ballots file is the source.")
    if result.rules:
        lines.append("Rules: " + "; ".join(result.rules))
    lines.append("")
    final = result.final
    order = sorted(
        result.candidates,
        key=lambda name: (
            -max((r.number for r in result.rounds if name in r.tally), default=0),
            -(final.tally.get(name) or Decimal(0)),
            -(result.first.tally.get(name) or Decimal(0)),
        ),
    )
    headers = ["Candidate", *(f"R{r.number}" for r in result.rounds)]
    rows = [[name, *(format_votes(r.tally[name]) if name in r.tally else "-" for r in result.rounds)] for name in order]
    rows.append(["Inactive ballots", *(format_votes(r.exhausted) for r in result.rounds)])
    if any(r.threshold is not None for r in result.rounds):  # a workbook of rounds may give none
        rows.append(["Threshold", *("" if r.threshold is None else format_votes(r.threshold) for r in result.rounds)])
    lines += _table(headers, rows)
    lines.append("")
    for round_ in result.rounds:
        events = []
        for name in round_.eliminated:
            tie = " (tie broken by the rules)" if name in round_.tie_broken else ""
            moved = round_.transfers.get(name, {})
            parts = sorted(((target, votes) for target, votes in moved.items() if votes), key=lambda item: -item[1])
            shown = [f"{target if target != EXHAUSTED else 'exhausted'} {format_votes(votes)}" for target, votes in parts[:TOP_TRANSFERS]]
            if len(parts) > TOP_TRANSFERS:
                shown.append(f"{len(parts) - TOP_TRANSFERS} more")
            went = f": to {', '.join(shown)}" if shown else ""
            events.append(f"{name} eliminated with {format_votes(round_.tally[name])}{tie}{went}")
        for name in round_.elected:
            events.append(f"{name} elected with {format_votes(round_.tally[name])}")
        if events:
            lines.append(f"Round {round_.number}: " + "; ".join(events))
    lines.append("")
    if result.undervotes:
        lines.append(f"Ballots ranking no one (counted in no round): {format_votes(result.undervotes)}")
    if result.total_ballots is not None:
        lines.append(f"Ballots in all: {format_votes(result.total_ballots)}")
    lines.append(result.summary())
    return "\n".join(lines)


def rounds_json(result: RoundResult) -> dict[str, object]:
    return result.to_dict()
