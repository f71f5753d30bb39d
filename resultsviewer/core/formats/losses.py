"""What a file format would leave out of a contest, in words, before anything is written.

Found by writing the contest in the format and reading it back, then comparing field by
field: whatever the reader does not give back is lost, however the writer came to drop
it. The window asks before a lossy save and ``convert`` refuses one unless told
``--allow-loss``; both show this list.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..contest import AtLeast, Contest
from . import NATIVE, FileFormat, contest_file_stem


def _quoted(text: str, limit: int = 60) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _some(count: int, of: int, noun: str) -> str:
    if count == of == 2:
        return f"{noun} of both"
    return f"{noun} of all {of:,}" if count == of and of > 1 else f"{noun} of {count:,}"


def format_losses(
    contest: Contest,
    file_format: FileFormat,
    path: str | os.PathLike[str] | None = None,
    *,
    read_from: str | os.PathLike[str] | None = None,
) -> list[str]:
    """What saving ``contest`` as ``file_format`` (to ``path``, whose name a CSV takes as
    its title) would leave out, one item per field; empty when nothing is lost.

    ``read_from`` is the file the contest was read from: a title that is only that file's
    name (as a CSV's is) is no loss when the new file gets a name of its own.

    Raises :class:`~resultsviewer.core.errors.SaveError` when the format cannot hold the
    contest at all (the writer's own refusal).
    """
    if file_format is NATIVE or file_format.write is None:
        return []
    data = file_format.write(contest)
    name = Path(path).name if path is not None else f"contest{file_format.extensions[0]}"
    again = file_format.read(data, name)
    lost = differences(contest, again)
    if read_from is not None and contest.title == contest_file_stem(Path(read_from).name):
        lost = [item for item in lost if not item.startswith("the title ")]
    return lost


def differences(before: Contest, after: Contest) -> list[str]:
    """What ``before`` holds that ``after`` does not, in words."""
    lost: list[str] = []
    if before.title != after.title:
        lost.append(f"the title {_quoted(before.title)}")
    if before.date and before.date != after.date:
        lost.append(f"the date ({before.date})")
    if before.status is not None and before.status != after.status:
        lost.append(f"the status ({before.status.value})")
    if before.source and before.source != after.source:
        lost.append(f"the source {_quoted(before.source)}")
    if before.notes and before.notes != after.notes:
        lost.append("the notes")
    if before.method != after.method:
        lost.append(f"the counting method ({before.method.value})")
    if before.electorate is not None and before.electorate != after.electorate:
        lost.append(f"the electorate ({before.electorate:,}), and with it the turnout")
    if before.rounds is not None and after.rounds is None:
        count = len(before.rounds.rounds)
        lost.append(f"the {count:,} round{'s' if count != 1 else ''} of the count (only the first round's counts are kept)")
    if before.tie_break is not None and before.tie_break != after.tie_break:
        lost.append(f"the tie-break ({before.tie_break.winner} by {before.tie_break.method})")
    names_after = {candidate.name: candidate for candidate in after.candidates}
    for field, noun in (("party", "parties"), ("colour", "colours")):
        had = [c for c in before.candidates if getattr(c, field) is not None]
        kept = [c for c in had if c.name in names_after and getattr(names_after[c.name], field) == getattr(c, field)]
        if len(kept) < len(had):
            lost.append(f"the {_some(len(had) - len(kept), before.candidate_count, noun)} candidates")
    if [c.name for c in before.candidates] != [c.name for c in after.candidates]:
        lost.append("the candidates' names as written")
    categories_after = {category.name: category for category in after.categories}
    for field, noun in (("electorate", "electorates"), ("weight", "weights"), ("rejected", "rejected ballots")):
        had_values = [c for c in before.categories if getattr(c, field) is not None]
        gone = [
            c for c in had_values
            if c.name not in categories_after or getattr(categories_after[c.name], field) != getattr(c, field)
        ]
        if gone:
            lost.append(f"the {noun} of {len(gone):,} {'category' if len(gone) == 1 else 'categories'}")
    if [c.name for c in before.categories] != [c.name for c in after.categories]:
        lost.append("the categories' names as written")
    else:
        partial = changed = known_lost = 0
        for index in range(before.category_count):
            row_after = after.row(index) if index < after.category_count else ()
            for candidate, value in enumerate(before.row(index)):
                other = row_after[candidate] if candidate < len(row_after) else None
                if value == other and type(value) is type(other):
                    continue
                if type(value) is AtLeast:
                    partial += 1
                    known_lost += int(value)
                else:
                    changed += 1
        if partial:
            lost.append(
                f"{partial:,} counts known in part (≥): written as withheld (*), their {known_lost:,} known votes not kept"
            )
        if changed:
            lost.append(f"{changed:,} counts")
    lost += _declared_differences(before, after)
    return lost


def _declared_differences(before: Contest, after: Contest) -> list[str]:
    lost = []
    mine, theirs = before.declared, after.declared
    groups = (
        ("candidate_totals", "declared totals", "candidates"),
        ("candidate_shares", "declared shares", "candidates"),
        ("category_totals", "declared valid votes", "categories"),
    )
    for field, noun, of in groups:
        had: dict = getattr(mine, field)
        kept: dict = getattr(theirs, field)
        gone = [name for name, value in had.items() if kept.get(name) != value]
        if gone:
            lost.append(f"the {noun} of {len(gone):,} {of if len(gone) != 1 else of[:-1]}")
    for field, noun in (
        ("valid_votes", "declared valid votes"), ("rejected", "declared rejected ballots"),
        ("ballots_cast", "declared ballots cast"), ("electorate", "declared electorate"), ("turnout", "declared turnout"),
    ):
        value = getattr(mine, field)
        if value is not None and getattr(theirs, field) != value:
            shown = f"{value.text}%" if hasattr(value, "text") else f"{value:,}"
            lost.append(f"the {noun} ({shown})")
    return lost


__all__ = ["differences", "format_losses"]
