"""MIT Election Data and Science Lab (MEDSL) president files: every state in every year.

``year, state, ..., candidate, party_detailed, writein, candidatevotes, totalvotes, ...``.
One election is one year (``--where year=2020``); states are the categories and
candidates (with their most common party) the candidates. Blank, ``OTHER`` and write-in
rows are gathered as ``Write-ins`` and ``Other``. Rows of ballots with no vote for anyone
(``BLANK VOTE``, ``OVER VOTE``, ``VOID``) are the state's rejected ballots, never valid
votes; ``totalvotes`` counts them, so ``totalvotes`` less them becomes the state's declared
valid votes, and a state whose candidates' rows do not add up to it shows as a discrepancy.
"""

from __future__ import annotations

from dataclasses import replace

from ..counts import quantity
from ..errors import ImportOption, LoadError, Remedy
from .delimited import (
    ImportOptions,
    ImportResult,
    LongTally,
    Table,
    clean_name,
    parse_votes,
    repeated_rows_note,
    row_filter,
    title_from_source,
    where_tests,
)
from .titles import medsl_title

REQUIRED = {"year", "state", "candidate", "candidatevotes", "totalvotes"}
CATCH_ALL = frozenset({
    "", "na", "other", "others", "scattering",
    # blank ballots mixed with scattered write-ins cannot be told apart: kept as Other
    "blank vote/scattering", "blank vote/void vote/scattering",
})
#: Rows some states report that are ballots with no vote for anyone: left out of the valid
#: votes and kept as the state's rejected ballots, which its ``totalvotes`` counts.
NOT_VOTES = frozenset({
    "blank votes", "blank vote", "blank", "void", "void vote", "void votes", "over votes", "under votes", "over vote",
    "under vote", "overvotes", "undervotes", "spoiled", "spoilt",
})


def recognise(header: list[str]) -> bool:
    return REQUIRED <= {name.casefold() for name in header}


def years(table: Table) -> list[str]:
    column = table.column("year")
    return sorted({row[column].strip() for row in table.rows if row[column].strip()})


def import_medsl(table: Table, options: ImportOptions) -> ImportResult:
    notes = list(table.renamed)
    where = options.where
    # A filter on a column the file lacks is named before any choice of year is asked for.
    where_tests(table, where)
    year_col = table.column("year")
    filtered_on_year = any(column.casefold() == "year" for column, _ in where)
    all_years = years(table)
    if not filtered_on_year:
        if options.contest and options.contest.strip() in all_years:
            where = (*where, ("year", options.contest.strip()))
        elif len(all_years) == 1:
            pass
        else:
            # Of a large file's head (the import dialog's preview), the years are the first rows'.
            holds = f"the first {len(table.rows):,} rows hold" if table.head_only else "the file holds"
            raise LoadError(
                table.source,
                f"{holds} {len(all_years)} elections ({', '.join(all_years)}); ",
                remedy=Remedy(ImportOption.CONTEST, f"year={all_years[-1]}"),
            )
    keep = row_filter(table, where)
    state = table.column(options.category_column or "state", "category column")
    candidate_col = table.column(options.candidate_column or "candidate", "candidate column")
    votes_col = table.column(options.votes_column or "candidatevotes", "votes column")
    party_col = table.find(options.party_column or "party_simplified")
    if party_col is None:
        party_col = table.find("party_detailed")
    writein_col = table.find("writein")
    total_col = table.column("totalvotes")
    tally = LongTally()
    declared: dict[str, int] = {}
    catch_all = {"Write-ins": 0, "Other": 0}
    not_votes: dict[str, int] = {}
    #: Ballots with no vote for anyone, by state (None: a row of them withheld its count).
    rejected: dict[str, int | None] = {}
    year_seen = None
    years_seen: set[str] = set()
    for index, row in enumerate(table.rows):
        if keep is not None and not keep(row):
            continue
        year_seen = row[year_col].strip()
        years_seen.add(year_seen)
        category = clean_name(row[state])
        name = clean_name(row[candidate_col].replace('""', '"'))
        if name.casefold() in NOT_VOTES:
            not_votes[name] = not_votes.get(name, 0) + 1
            key = category.casefold()
            ballots = parse_votes(table, index, votes_col, row[votes_col])
            known = rejected.get(key, 0)
            rejected[key] = None if ballots is None or known is None else known + ballots
            _declare(table, index, total_col, row, category, declared)
            continue
        if name.casefold() in CATCH_ALL:
            writein = writein_col is not None and row[writein_col].strip().casefold() == "true"
            name = "Write-ins" if writein and name.casefold() in ("", "na") else "Other"
            catch_all[name] += 1
            party = None
        else:
            party = row[party_col].strip() if party_col is not None else None
            if party and party.casefold() in ("na", ""):
                party = None
        votes = parse_votes(table, index, votes_col, row[votes_col])
        tally.add(category, name, votes, party)
        _declare(table, index, total_col, row, category, declared)
    gathered = {name: n for name, n in catch_all.items() if n}
    if gathered:
        notes.append(
            "rows without a named candidate are gathered: "
            + ", ".join(f"{name} ({quantity(n, 'row')})" for name, n in gathered.items())
        )
    for key, ballots in rejected.items():
        if ballots is None:
            declared.pop(key, None)  # its valid votes cannot be told from its totalvotes
        else:
            tally.category_attributes.setdefault(key, {})["rejected"] = ballots
            if key in declared:
                declared[key] -= ballots
    if not_votes:
        notes.append(
            "not votes for a candidate, so kept as the states' rejected ballots, not valid votes (the states' "
            "totalvotes count them): " + ", ".join(f"{name} ({quantity(n, 'row')})" for name, n in not_votes.items())
        )
    if tally.merged_cells:
        notes.append(repeated_rows_note(
            tally.merged_cells, "a candidate in a state (on several party lines, or several catch-all rows)"
        ))
    notes.append(
        "each state's 'totalvotes' is kept as its declared valid votes"
        + (", less its rejected ballots" if rejected else "")
    )
    title = medsl_title(years_seen)
    contest = tally.contest(
        title, table.source, notes, declared_category_totals=declared,
        file_source=f"MIT Election Data and Science Lab, U.S. President 1976-2020 ({title_from_source(table.source)})",
    )
    if len(years_seen) == 1 and year_seen:
        contest.date = year_seen
    return ImportResult(contest, replace(options, layout="medsl", where=tuple(where)), notes)


def _declare(table: Table, index: int, total_col: int, row: list[str], category: str, declared: dict[str, int]) -> None:
    """Keep the state's ``totalvotes`` from ``row``; every row of a state must give the same."""
    total = parse_votes(table, index, total_col, row[total_col])
    if total is None:
        return
    key = category.casefold()
    if key in declared and declared[key] != total:
        raise table.fail(index, total_col, f"{category} has two different totalvotes ({declared[key]:,} and {total:,})")
    declared[key] = total
