"""Round-by-round tables as contests decided in rounds.

Election offices publish instant-runoff results as a table with one column of votes per
round, a row per candidate and rows of ballots no longer counting (Dominion's "RCV Short
Report": Continuing Ballots Total, Blanks, Exhausted, Overvotes, Non Transferable Total,
sometimes a Threshold). Such a table says the counts but not, in words, who was
eliminated or who won: :func:`rounds_from_table` infers the eliminations from who drops
out of the count, takes the winner from the final round, and checks that every round
adds up, naming the cell where one does not. The notes say what was read and what was
inferred.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from ..contest import Status
from ..counts import quantity
from ..errors import LoadError
from ..rounds import EXHAUSTED, InactiveKind, Round, RoundResult, contest_from_rounds, format_votes, inactive_counts
from .delimited import ImportOptions, ImportResult, Table, title_from_source
from .sheet_table import RoundTable, SheetTable, round_table

_CONTINUING = re.compile(r"^continuing( ballots)?( total)?$", re.IGNORECASE)
_INACTIVE_TOTAL = re.compile(r"^(non[\s-]*transferable( total)?|inactive( ballots)?( total)?)$", re.IGNORECASE)
_BLANKS = re.compile(r"^(blanks?|under\s*votes?)$", re.IGNORECASE)
_KINDS = (
    (re.compile(r"^exhausted( ballots| choices)?$", re.IGNORECASE), InactiveKind.EXHAUSTED_CHOICES),
    (re.compile(r"^over\s*votes?$", re.IGNORECASE), InactiveKind.OVERVOTES),
    (re.compile(r"^skipped rankings?$", re.IGNORECASE), InactiveKind.SKIPPED_RANKINGS),
)
_THRESHOLD = re.compile(r"^threshold$", re.IGNORECASE)


#: More rows than this under the rounds are not a count's candidates (Minneapolis 2013 had
#: 36): refused before thousands of columns reach the window.
MAX_CANDIDATES = 1_000


def _decimal(value: int | float | None) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value))


def rounds_from_table(table: RoundTable, title: str, source: str) -> tuple[RoundResult, list[str]]:
    """The rounds a round-by-round table stands for, and notes of what was read and
    inferred. Raises :class:`LoadError` naming the cell where the rounds do not add up."""
    fail = table.source
    count = len(table.rounds)
    where = f"sheet {table.sheet!r}" if table.sheet else "the table"
    if not table.candidates:
        raise LoadError(fail, f"{where} lists no candidate under its rounds")
    if len(table.candidates) > MAX_CANDIDATES:
        raise LoadError(fail, f"{where} has {len(table.candidates):,} rows under its rounds; a round-by-round count "
                              f"has at most {MAX_CANDIDATES:,} candidates (is this a table of another shape? "
                              "choose its columns in the import options)")
    seen: dict[str, int] = {}
    tie_marked: set[str] = set()
    names: list[str] = []
    for index, raw in enumerate(table.candidates):
        name = raw
        if name.endswith("*") and len(name) > 1:
            # Dominion marks a candidate whose elimination a tie-break decided.
            name = name.rstrip("* ").strip()
            tie_marked.add(name)
        folded = name.casefold()
        if folded in seen:
            raise LoadError(fail, f"candidate {name!r} has two rows", table.cells[0][index])
        seen[folded] = index
        names.append(name)
    notes: list[str] = []

    # Each candidate's counts, round by round: out of the count once empty or zero for good.
    out_round: dict[str, int] = {}
    no_votes: list[str] = []
    for c, name in enumerate(names):
        values = [table.votes[r][c] for r in range(count)]
        for r, v in enumerate(values):
            if v is not None and v < 0:
                raise LoadError(fail, f"{name} has a negative count ({v}) in round {r + 1}", table.cells[r][c])
        counted = [r for r, v in enumerate(values) if v]
        if not counted:
            out_round[name] = 1
            no_votes.append(name)
            continue
        last = counted[-1]
        gap = next((r for r in range(last) if not values[r]), None)
        if gap is not None:
            raise LoadError(
                fail,
                f"{name} has no votes in round {gap + 1} ({table.cells[gap][c]}) but {format_votes(_decimal(values[last]))} "
                f"in round {last + 1}: a candidate out of the count does not come back",
                table.cells[gap][c],
            )
        out_round[name] = last + 1
    # A candidate who never had a vote may stand in round 1 only (nothing moves when they go).
    if no_votes and count > 1:
        notes.append(f"{', '.join(no_votes)}: no votes in any round; taken as eliminated after round 1 (no ballot moves)")

    # The ballot rows.
    continuing_row = blanks_row = total_row = threshold_row = None
    kind_rows: dict[InactiveKind, str] = {}
    ignored: list[str] = []
    for label in table.other_rows:
        if _CONTINUING.match(label):
            continuing_row = label
        elif _INACTIVE_TOTAL.match(label):
            total_row = label
        elif _BLANKS.match(label):
            blanks_row = label
        elif _THRESHOLD.match(label):
            threshold_row = label
        else:
            kind = next((k for pattern, k in _KINDS if pattern.match(label)), None)
            if kind is not None and kind not in kind_rows:
                kind_rows[kind] = label
            else:
                ignored.append(label)
    inactive_unexplained = False
    if not kind_rows and total_row is not None and blanks_row is None:
        # An inactive total without why: counted as exhausted, and said so.
        kind_rows[InactiveKind.EXHAUSTED_CHOICES] = total_row
        inactive_unexplained = True
        total_row = None

    def row_value(label: str, r: int) -> Decimal:
        return _decimal(table.other_rows[label][r])

    def row_cell(label: str, r: int) -> str:
        return table.other_cells.get(label, ("",) * count)[r]

    undervotes: Decimal | None = None
    if blanks_row is not None:
        undervotes = row_value(blanks_row, 0)
        for r in range(1, count):
            if row_value(blanks_row, r) != undervotes:
                raise LoadError(
                    fail,
                    f"{blanks_row!r} is {format_votes(undervotes)} in round 1 but {format_votes(row_value(blanks_row, r))} in "
                    f"round {r + 1}: a blank ballot ranks no one, and stays blank in every round",
                    row_cell(blanks_row, r),
                )

    rounds: list[Round] = []
    first_total: Decimal | None = None
    previous: dict[str, Decimal] | None = None
    for r in range(count):
        number = r + 1
        tally = {name: _decimal(table.votes[r][c]) for c, name in enumerate(names) if out_round[name] >= number}
        if not tally:
            raise LoadError(fail, f"no candidate has votes in round {number}", table.cells[r][0])
        inactive = inactive_counts({kind: row_value(label, r) for kind, label in kind_rows.items()})
        active = sum(tally.values(), Decimal(0))
        exhausted = sum(inactive.values(), Decimal(0))
        if continuing_row is not None and table.other_rows[continuing_row][r] is not None:
            stated = row_value(continuing_row, r)
            if stated != active:
                raise LoadError(
                    fail,
                    f"round {number} does not add up: the candidates' votes sum to {format_votes(active)}, "
                    f"but {continuing_row!r} says {format_votes(stated)}",
                    row_cell(continuing_row, r),
                )
        if total_row is not None and table.other_rows[total_row][r] is not None:
            stated = row_value(total_row, r)
            parts = exhausted + (undervotes or Decimal(0))
            if stated != parts:
                listed = [label for label in (blanks_row, *kind_rows.values()) if label is not None]
                raise LoadError(
                    fail,
                    f"round {number} does not add up: {' + '.join(repr(label) for label in listed)} is {format_votes(parts)}, "
                    f"but {total_row!r} says {format_votes(stated)}",
                    row_cell(total_row, r),
                )
        total = active + exhausted
        place = row_cell(continuing_row, r) if continuing_row is not None else table.cells[r][0]
        if first_total is None:
            first_total = total
        elif total != first_total:
            raise LoadError(
                fail,
                f"round {number} does not add up: its candidates' votes plus inactive ballots are {format_votes(total)}, "
                f"but round 1's are {format_votes(first_total)} (a single-winner count never gains or loses ballots)",
                place,
            )
        if previous is not None:
            for c, name in enumerate(names):
                if name in tally and tally[name] < previous[name]:
                    raise LoadError(
                        fail,
                        f"{name} falls from {format_votes(previous[name])} in round {number - 1} to {format_votes(tally[name])} "
                        f"in round {number}: a continuing candidate only gains votes in an instant runoff",
                        table.cells[r][c],
                    )
        threshold = None
        if threshold_row is not None and table.other_rows[threshold_row][r] is not None:
            threshold = row_value(threshold_row, r)
        eliminated = tuple(name for name in names if out_round[name] == number and number < count)
        rounds.append(Round(
            number=number,
            tally=tally,
            eliminated=eliminated,
            inactive=inactive,
            threshold=threshold,
            tie_broken=tuple(name for name in eliminated if name in tie_marked),
        ))
        previous = tally

    # Transfers: after a single elimination the next round's gains are its ballots.
    batches = 0
    for r in range(count - 1):
        this, after = rounds[r], rounds[r + 1]
        if len(this.eliminated) > 1:
            batches += 1
        if len(this.eliminated) != 1:
            continue
        moved = {name: after.tally[name] - this.tally[name] for name in after.tally if after.tally[name] > this.tally[name]}
        if after.exhausted > this.exhausted:
            moved[EXHAUSTED] = after.exhausted - this.exhausted
        rounds[r] = Round(this.number, this.tally, this.eliminated, this.elected, {this.eliminated[0]: moved},
                          this.inactive, this.threshold, this.tie_broken)

    # The winner, from the final round.
    final = rounds[-1]
    ranking = final.ranking()
    leader, top = ranking[0]
    tied = len(ranking) > 1 and ranking[1][1] == top
    why = None
    if tied:
        notes.append(f"the final round ({table.rounds[-1]}) is tied at {format_votes(top)}: the table does not say who won")
    elif final.threshold is not None and top >= final.threshold:
        why = f"reaches the threshold of {format_votes(final.threshold)}"
    elif len(ranking) <= 2:
        why = "has the most votes of the last two" if len(ranking) == 2 else "is the last candidate standing"
    elif top * 2 > final.active:
        why = "has more than half the votes still counting"
    else:
        notes.append(
            f"in the final round ({table.rounds[-1]}) {len(ranking)} candidates are still counting and {leader} has "
            f"{format_votes(top)} of {format_votes(final.active)}, not a majority: the table does not say who won"
        )
    if why is not None:
        rounds[-1] = Round(final.number, final.tally, final.eliminated, (leader,), final.transfers, final.inactive,
                           final.threshold, final.tie_broken)

    total_ballots = first_total + undervotes if first_total is not None and undervotes is not None else None
    result = RoundResult(
        title=title,
        candidates=tuple(names),
        rounds=tuple(rounds),
        total_ballots=total_ballots,
        undervotes=undervotes,
        source=source,
    )

    read = [f"read {quantity(count, 'round')} of {quantity(len(names), 'candidate')} from {where}"]
    ballot_rows = [label for label in (continuing_row, blanks_row, *kind_rows.values(), total_row, threshold_row) if label]
    if ballot_rows:
        read.append("ballot rows " + ", ".join(repr(label) for label in ballot_rows))
    checks = [label for label in (continuing_row, total_row) if label]
    notes.insert(0, "; ".join(read) + (f" (every round checked against {' and '.join(repr(c) for c in checks)})" if checks else ""))
    if table.other_columns:
        notes.append("the columns " + ", ".join(repr(c) for c in table.other_columns[:6])
                     + (", ..." if len(table.other_columns) > 6 else "")
                     + " are not read: the votes columns give the counts, and the transfers are their changes")
    if undervotes is not None and blanks_row is not None:
        notes.append(f"{blanks_row!r} ({format_votes(undervotes)} in every round) taken as ballots that rank no one: counted in no round")
    if inactive_unexplained:
        notes.append(f"{kind_rows[InactiveKind.EXHAUSTED_CHOICES]!r} does not say why ballots stopped counting: shown as exhausted")
    if ignored:
        notes.append("rows not read: " + ", ".join(repr(label) for label in ignored))
    out = [f"{', '.join(r.eliminated)} after round {r.number}" for r in rounds if r.eliminated]
    if out:
        notes.append("eliminations inferred from who drops out of the count: " + "; ".join(out))
    if tie_marked:
        notes.append(f"marked with * (a tie resolved by the rules): {', '.join(sorted(tie_marked))}")
    if batches:
        notes.append(f"{quantity(batches, 'round')} eliminate several candidates at once: their transfers are not told apart")
    if why is not None:
        notes.append(f"winner inferred from the final round ({table.rounds[-1]}): {leader} {why}")
    return result, notes


#: The line that opens the heading of Dominion's report ("Final RCV Short Report").
_REPORT_MARK = re.compile(r"\bRCV Short Report\b", re.IGNORECASE)
#: The line that closes it, and how final the figures are by its words.
_RESULTS_STATUS = {"unofficial results": Status.PROVISIONAL, "official results": Status.FINAL}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_DATE_IN_WORDS = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),\s*(\d{4})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ReportHeading:
    """What the heading of a round-by-round report says of its contest."""

    title: str
    date: str | None
    status: Status
    #: Where it was read, for the import's notes.
    rows: str


def report_heading(table: SheetTable) -> ReportHeading | None:
    """The contest's title, date and status from the rows above a Dominion RCV Short
    Report's table, or None where they are not laid out as that report lays them out.

    The heading runs from the line naming the report to the line "Official results" (or
    "Unofficial results"): the line just above that one names the contest ("MAYOR"), the
    lines between name the election ("City and County of San Francisco", "November 5,
    2019, Consolidated Municipal Election"), and a date cell among them (or a date in
    words) is the election's. Lines above the report's name (the page, the time it was
    printed) are not read: that time is not the election's date.
    """
    sheet, layout = table.sheet, table.layout
    if sheet is None or layout is None:
        return None
    top = layout.header_rows[0] if layout.header_rows else layout.first_data_row
    lines: list[tuple[int, str | datetime.date]] = []  # (sheet row, a line of text or a date)
    for row in range(top):
        for cell in sheet.rows[row]:
            if isinstance(cell, datetime.datetime):
                lines.append((row, cell.date()))
            elif isinstance(cell, datetime.date):
                lines.append((row, cell))
            elif isinstance(cell, str):
                lines.extend((row, line.strip()) for line in cell.splitlines() if line.strip())
    mark = next((i for i, (_, line) in enumerate(lines) if isinstance(line, str) and _REPORT_MARK.search(line)), None)
    if mark is None:
        return None
    statuses = [_RESULTS_STATUS.get(" ".join(line.split()).casefold()) if isinstance(line, str) else None for _, line in lines]
    closing = next(((i, status) for i, status in enumerate(statuses) if i > mark and status is not None), None)
    if closing is None:
        return None
    end, status = closing
    if end - mark < 2 or not isinstance(lines[end - 1][1], str):
        return None
    contest = str(lines[end - 1][1])
    election = [line for _, line in lines[mark + 1:end - 1] if isinstance(line, str)]
    dates = [line for _, line in lines[mark + 1:end - 1] if isinstance(line, datetime.date)]
    date = dates[0].isoformat() if len(dates) == 1 else None
    if date is None and not dates:
        in_words = [match for line in election for match in _DATE_IN_WORDS.finditer(line)]
        if len(in_words) == 1:
            month, day, year = in_words[0].groups()
            try:
                date = datetime.date(int(year), _MONTHS.index(month.casefold()) + 1, int(day)).isoformat()
            except ValueError:
                date = None
    first, last = lines[mark][0], lines[end][0]
    rows = f"rows {first + sheet.first_row + 1}-{last + sheet.first_row + 1}" if last > first else f"row {first + sheet.first_row + 1}"
    title = f"{', '.join(election)}: {contest}" if election else contest
    return ReportHeading(" ".join(title.split()), date, status, rows)


def import_rounds(table: Table, options: ImportOptions) -> ImportResult:
    """A round-by-round table (a workbook's sheet or a text file) as a contest with every
    round: its counts are the first round's, ``contest.rounds`` holds them all."""
    rounds = round_table(table)
    heading = report_heading(table) if isinstance(table, SheetTable) else None
    name = heading.title if heading is not None else title_from_source(table.source)
    file_name = table.source.replace("\\", "/").rsplit("/", 1)[-1]
    if isinstance(table, SheetTable) and table.sheet is not None:
        source = f"round-by-round table on sheet {table.sheet.name!r} of {file_name}"
    else:
        source = f"round-by-round table in {file_name}"
    result, notes = rounds_from_table(rounds, name, source)
    try:
        contest = contest_from_rounds(result)
    except ValueError as error:
        raise LoadError(table.source, str(error)) from None
    if heading is not None:
        contest.date, contest.status = heading.date, heading.status
        said = [f"title {heading.title!r}"] + ([f"date {heading.date}"] if heading.date else []) + [f"status {heading.status.value}"]
        notes.append(f"{', '.join(said)}: read from the report's heading ({heading.rows} of sheet {rounds.sheet!r})")
    # The finder's "ballot rows left out" is not true here: they are read (the first note lists them).
    notes = [*(note for note in table.renamed if "totals and ballot rows left out" not in note), *notes]
    return ImportResult(contest, options, notes)


__all__ = ["ReportHeading", "import_rounds", "report_heading", "rounds_from_table"]
