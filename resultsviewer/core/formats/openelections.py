"""OpenElections precinct and county files: many contests in one long table.

Columns (in any order, some optional): ``county, precinct, office, district, party,
candidate, votes`` and sometimes vote-mode breakdowns (``early_voting, election_day,
mail, ...``). One contest is an (office, district) pair, and in a primary also the party.
The files carry pseudo-rows that are not votes for anyone - ``Total`` precinct rows,
``Registered Voters`` and ``Ballots Cast`` offices, ``Over Votes`` / ``Under Votes``
candidates - which are left out and reported. ``*`` marks a count withheld by the source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import compress
from operator import itemgetter

from ..contest import Contest
from ..counts import PLAIN_DIGITS_MAX, quantity
from ..errors import ImportOption, LoadError, Remedy
from .delimited import (
    ImportOptions,
    ImportResult,
    LongTally,
    Table,
    check_where,
    clean_name,
    filter_of,
    parse_votes,
    repeated_rows_note,
    title_from_source,
    where_tests,
)
from .titles import openelections_title

#: Columns that split a precinct's votes by how they were cast.
MODE_COLUMNS = (
    "early_voting", "election_day", "mail", "absentee", "provisional", "limited",
    "early", "in_person", "one_stop", "mail_in", "absentee_by_mail", "absentee_in_person",
)
PRECINCT_COLUMNS = ("precinct", "election_district", "ward", "division")
#: Offices that are counts of voters or ballots, not contests.
PSEUDO_OFFICES = frozenset({
    "registered voters", "ballots cast", "ballots cast total", "ballots cast - total", "ballots cast blank",
    "total ballots cast", "voters", "turnout", "total voters",
})
#: Candidates that are not candidates: ballots with no valid vote in this contest.
PSEUDO_CANDIDATES = frozenset({
    "over votes", "under votes", "overvotes", "undervotes", "over vote", "under vote",
    "total votes", "total", "ballots cast", "registered voters", "blank ballots", "spoiled ballots",
})
TOTAL_PRECINCTS = frozenset({"total", "totals", "county total", "county totals", "grand total"})
#: Party texts that mean "no party given".
NO_PARTY = frozenset({"", "na", "n/a", "none", "non"})
PRESIDENT_OFFICES = ("president", "us president", "president/vice president", "president and vice president",
                     "president of the united states", "president/vice-president")


def recognise(header: list[str]) -> bool:
    folded = {name.casefold() for name in header}
    has_votes = "votes" in folded or any(mode in folded for mode in MODE_COLUMNS)
    has_place = "county" in folded or any(name in folded for name in PRECINCT_COLUMNS)
    return {"office", "candidate"} <= folded and has_votes and has_place


def normal_office(text: str) -> str:
    """Fold the spellings of one office together: ``US House`` = ``United States House`` = ``U.S. House``."""
    folded = " ".join(text.replace(".", "").split()).casefold()
    folded = re.sub(r"\bunited states\b", "us", folded)
    return folded


def normal_district(text: str) -> str:
    folded = text.strip().casefold()
    return "" if folded in ("na", "n/a", "none") else folded


@dataclass
class ContestInfo:
    """One contest a file holds, as ``resultsviewer contests`` lists it."""

    office: str
    district: str
    party: str
    rows: int = 0
    spellings: set[str] = field(default_factory=set)
    pseudo: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return normal_office(self.office), normal_district(self.district), self.party.casefold()

    @property
    def label(self) -> str:
        text = self.office
        if self.district:
            text += f", district {self.district}"
        if self.party:
            text += f" ({self.party})"
        return text


@dataclass
class _Columns:
    county: int | None
    precinct: int | None
    office: int
    district: int | None
    party: int | None
    candidate: int
    votes: int | None
    modes: list[int]


def _columns(table: Table) -> _Columns:
    precinct = None
    for name in PRECINCT_COLUMNS:
        precinct = table.find(name)
        if precinct is not None:
            break
    votes = table.find("votes")
    modes = [index for index, name in enumerate(table.header) if name.casefold() in MODE_COLUMNS]
    if votes is None and not modes:
        raise LoadError(table.source, "an OpenElections file needs a votes column (or vote-mode columns)", "line 1")
    return _Columns(
        county=table.find("county"),
        precinct=precinct,
        office=table.column("office"),
        district=table.find("district"),
        party=table.find("party"),
        candidate=table.column("candidate"),
        votes=votes,
        modes=modes,
    )


def _key_columns(cols: _Columns) -> list[int]:
    return [c for c in (cols.office, cols.district, cols.party) if c is not None]


def _widen(cols: _Columns, short: tuple[str, ...] | str) -> tuple[str, str, str]:
    """(office, district, party) from the cells of the columns the file has."""
    cells = iter((short,) if isinstance(short, str) else short)
    office = next(cells)
    district = next(cells) if cols.district is not None else ""
    party = next(cells) if cols.party is not None else ""
    return office, district, party


@dataclass
class _RowScan:
    """What one pass over a file's rows gathers for the import of one of its contests.

    Everything here is bounded by the distinct values of a few columns, not by the rows:
    a file read a chunk at a time (:class:`.long_stream.StreamedTable`) keeps no row.
    """

    #: Rows per raw (office, district, party, candidate), in the order they first appear.
    raw: Counter[tuple[str, str, str, str]]
    #: Each key as read (the cells of the columns the file has) -> what it stands for.
    widened: dict[tuple[str, ...], tuple[str, str, str, str]]
    #: Each chunk's row keys, kept for a table held whole (its second pass then reads none).
    row_keys: list[list[tuple[str, ...]]] | None
    #: The keys of the rows the ``--where`` filter keeps (None without a filter).
    kept_keys: set[tuple[str, ...]] | None
    #: The distinct cells of each filtered column.
    where_cells: dict[int, set[str]]
    #: Counties (case and spaces folded), up to two: whether the file holds more than one.
    counties: set[str]
    #: The precinct cells that are a county's total row (``Total``...).
    total_spellings: set[str]


def _scan_rows(table: Table, cols: _Columns, where: list[tuple[int, str]]) -> _RowScan:
    """One pass over the rows (C-speed passes over each chunk): rows per raw (office,
    district, party, candidate), and what the filter, the categories and the pseudo-rows
    need to know of the whole file."""
    key_of = itemgetter(*_key_columns(cols), cols.candidate)
    counted: Counter[tuple[str, ...]] = Counter()
    row_keys: list[list[tuple[str, ...]]] | None = [] if table.held_whole else None
    keep = filter_of(where)
    kept_keys: set[tuple[str, ...]] | None = None if keep is None else set()
    where_cells: dict[int, set[str]] = {index: set() for index, _ in where}
    counties: set[str] = set()
    total_spellings: set[str] = set()
    for _, chunk in table.chunks():
        keys = list(map(key_of, chunk))
        counted.update(keys)
        if row_keys is not None:
            row_keys.append(keys)
        if keep is not None and kept_keys is not None:
            for cells, row in zip(keys, chunk):
                if cells not in kept_keys and keep(row):
                    kept_keys.add(cells)
        for index, cells_seen in where_cells.items():
            cells_seen.update(map(itemgetter(index), chunk))
        if cols.county is not None and len(counties) < 2:
            counties.update(name.strip().casefold() for name in set(map(itemgetter(cols.county), chunk)))
        if cols.precinct is not None:
            total_spellings.update(
                v for v in set(map(itemgetter(cols.precinct), chunk)) if v.strip().casefold() in TOTAL_PRECINCTS
            )
    raw: Counter[tuple[str, str, str, str]] = Counter()
    widened: dict[tuple[str, ...], tuple[str, str, str, str]] = {}
    for cells, rows in counted.items():
        full = widened[cells] = (*_widen(cols, cells[:-1]), cells[-1])
        raw[full] += rows
    return _RowScan(raw, widened, row_keys, kept_keys, where_cells, counties, total_spellings)


def _contest_key(office: str, district: str, party: str, primary: bool) -> tuple[str, str, str]:
    folded_party = party.strip().casefold() if primary else ""
    return normal_office(office), normal_district(district), "" if folded_party in NO_PARTY else folded_party


def _is_primary(source: str, raw: Counter[tuple[str, str, str, str]]) -> bool:
    """A primary: the file says so, or one office has two parties each with two candidates."""
    if "primary" in title_from_source(source).casefold():
        return True
    seen: dict[tuple[str, str], dict[str, set[str]]] = {}
    for office, district, party, candidate in raw:
        party = party.strip().casefold()
        candidate = candidate.strip().casefold()
        if party in NO_PARTY or not candidate or candidate in PSEUDO_CANDIDATES:
            continue
        seen.setdefault((normal_office(office), normal_district(district)), {}).setdefault(party, set()).add(candidate)
    return any(sum(1 for names in parties.values() if len(names) >= 2) >= 2 for parties in seen.values())




def contests_of_raw(
    source: str, raw: Counter[tuple[str, str, str, str]]
) -> tuple[bool, list[ContestInfo], dict[tuple[str, str, str], tuple[str, str, str]]]:
    """Whether the file is a primary, its contests, and raw (office, district, party) ->
    contest key, from the rows per raw (office, district, party, candidate) in file order.

    Shared with the DuckDB reader of large files (:mod:`.long_engine`), which counts ``raw``
    with a query instead of a pass over the rows.
    """
    primary = _is_primary(source, raw)
    contests: dict[tuple[str, str, str], ContestInfo] = {}
    keys: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for (office, district, party, _), rows in raw.items():
        key = _contest_key(office, district, party, primary)
        keys[(office, district, party)] = key
        info = contests.get(key)
        if info is None:
            shown_party = party.strip() if primary and key[2] else ""
            info = contests[key] = ContestInfo(
                clean_name(office), district.strip() if key[1] else "", shown_party, pseudo=key[0] in PSEUDO_OFFICES
            )
        info.rows += rows
        info.spellings.add(clean_name(office))
    return primary, list(contests.values()), keys


def list_contests(table: Table) -> list[ContestInfo]:
    """The contests of a file in the order they first appear, with their row counts."""
    return contests_of_raw(table.source, _scan_rows(table, _columns(table), []).raw)[1]


def choose_contest(
    source: str, wanted: str | None, contests: list[ContestInfo], where: Sequence[tuple[str, str]] = (),
    head_rows: int | None = None,
) -> tuple[ContestInfo, list[str]]:
    """The contest ``--contest`` names (by label, or by office alone when that is unique).

    ``contests`` are those of the rows ``where`` keeps (the filter is applied first, so
    that ``--where party=DEM`` settles which 'President' of a primary is meant); the
    messages name the filter. ``head_rows``: the contests are those of the file's first
    rows alone (the import dialog's preview of a large file), and the messages say so.
    """
    among = " among the rows where " + " and ".join(f"{column}={value}" for column, value in where) if where else ""
    real = [info for info in contests if not info.pseudo]
    notes: list[str] = []
    # Of a large file's head, the contests counted are the first rows' alone: the file may
    # hold more further on.
    first_rows = f"the first {head_rows:,} rows" if head_rows is not None else ""
    holds = f"{first_rows} hold" if first_rows else "the file holds"
    if wanted is None:
        if len(real) == 1:
            return real[0], notes
        presidents = [info for info in real if info.key[0] in PRESIDENT_OFFICES]
        if len(presidents) == 1:
            notes.append(
                f"contest chosen: {presidents[0].label} ({holds} {len(real)} contests; choose another "
                "in the import dialog, or with --contest; 'resultsviewer contests FILE' lists them)"
            )
            return presidents[0], notes
        raise LoadError(source, f"{holds} {len(real)} contests{among}; ", remedy=Remedy(ImportOption.CONTEST),
                        after=f": {_listing(real)}")
    parts = [part.strip() for part in wanted.split(";")] if ";" in wanted else None
    folded = " ".join(wanted.split()).casefold()
    matches = [info for info in contests if info.label.casefold() == folded]
    if not matches and parts is not None:
        office, district, party = (parts + ["", ""])[:3]
        matches = [
            info for info in contests
            if info.key[0] == normal_office(office)
            and (not district or info.key[1] == normal_district(district))
            and (not party or info.key[2] == party.casefold())
        ]
    if not matches:
        matches = [info for info in contests if info.key[0] == normal_office(wanted)]
    if not matches:
        listed = f"{among}; they hold: " if where else f" in {first_rows}; they hold: " if first_rows else " in this file; it holds: "
        raise LoadError(source, f"no contest {wanted!r}{listed}{_listing(real)}")
    if len(matches) > 1:
        raise LoadError(
            source, f"{wanted!r} matches {len(matches)} contests{among}; ",
            remedy=Remedy(ImportOption.CONTEST, or_narrow=True), after=f": {_listing(matches)}",
        )
    if where and matches[0].label.casefold() != folded:
        notes.append(f"contest chosen: {matches[0].label} (the only {wanted!r}{among})")
    notes += _same_office_unsure(matches[0], real)
    return matches[0], notes


def _same_office_unsure(chosen: ContestInfo, contests: list[ContestInfo]) -> list[str]:
    """A note where the chosen contest's office is also in the file with no district (or
    with one, where the chosen has none): some files leave a race's district blank on some
    rows (Duval's 2012 State Senate), which then count as a contest of their own."""
    office, district, party = chosen.key
    others = [info for info in contests if info is not chosen and info.key[0] == office and info.key[2] == party
              and (not info.key[1]) != (not district)]
    if not others:
        return []
    listed = ", ".join(f"{info.label} ({quantity(info.rows, 'row')})" for info in others)
    return [f"the file also has {listed}, the same office with{'out' if district else ''} a district: those rows are "
            "not counted here (if they are of the same race, correct their district in the file)"]


def _listing(contests: list[ContestInfo], limit: int = 25) -> str:
    shown = "; ".join(repr(info.label) for info in contests[:limit])
    return shown + (f"; ... ({len(contests) - limit} more)" if len(contests) > limit else "")



def category_columns_of(
    table: Table, cols: _Columns, options: ImportOptions, counties_differ: Callable[[], bool]
) -> tuple[list[int], list[str]]:
    """The column(s) naming a category (``--by``), and the notes that say what they are.

    ``counties_differ``: whether the file's county column holds more than one county
    (case and spaces folded), asked only where it matters.
    """
    source = table.source
    notes: list[str] = []
    by = (options.by or ("precinct" if cols.precinct is not None else "county")).casefold()
    if options.category_column:
        category_columns = [table.column(options.category_column, "category column")]
    elif by == "county":
        if cols.county is None:
            raise LoadError(source, "this file has no county column; ", "line 1", Remedy(ImportOption.BY, "precinct"))
        category_columns = [cols.county]
    elif by == "precinct":
        if cols.precinct is None:
            raise LoadError(source, "this file has no precinct column; ", "line 1", Remedy(ImportOption.BY, "county"))
        category_columns = [cols.precinct]
        if cols.county is not None and counties_differ():
            category_columns = [cols.county, cols.precinct]  # precinct names repeat across counties
    else:
        raise LoadError(source, f"--by must be county or precinct, not {options.by!r}")
    if cols.precinct is None and cols.county is not None and by == "precinct":
        notes.append("this file has no precinct column; categories are counties")
    if cols.county is None and cols.precinct is not None:
        notes.append("this file has no county column; categories are precincts")
    return category_columns, notes


#: Votes of the chosen contest's rows by (county, candidate, whether a 'Total' row), as
#: read: the known votes and the number of values not known (withheld, or not a count).
#: The county is '' where the categories do not name one.
CountySums = dict[tuple[str, str, bool], tuple[int, int]]


@dataclass
class TotalRowsCheck:
    """The file's own 'Total' rows against the sum of the rows they total: a note that
    says what was found, and the candidates' totals as the Total rows declare them (only
    where they cover every county counted, and each candidate's figure is whole)."""

    note: str
    declared: dict[str, int]


def check_total_rows(total_rows: dict[str, int], sums: CountySums, names: dict[str, str]) -> TotalRowsCheck:
    """Each candidate's votes in the 'Total' rows of a county against the sum of its other
    rows. ``names``: each candidate's name by its folded key (as the contest names it).

    A name spelled differently from row to row is counted as another candidate, and a
    Total row repeats the precincts only where the file is whole: the rows are left out
    of the count either way, and the note says whether they agree."""
    count = sum(total_rows.values())
    left_out = f"{count:,} '{next(iter(total_rows))}' precinct rows left out"
    figures: dict[tuple[str, str], list[int]] = {}  # (county, candidate) -> [total known, total unknown, counted known, counted unknown]
    for (county, candidate, is_total), (known, unknown) in sums.items():
        key = (clean_name(county).casefold(), clean_name(candidate).casefold())
        entry = figures.setdefault(key, [0, 0, 0, 0])
        offset = 0 if is_total else 2
        entry[offset] += known
        entry[offset + 1] += unknown
    named = {(clean_name(county).casefold(), clean_name(candidate).casefold())
             for county, candidate, is_total in sums if is_total}
    totalled = {county for county, _ in named}
    # A county's Total rows that leave out a candidate of its other rows disagree with them.
    compared = {key: entry for key, entry in figures.items() if key[0] in totalled}
    disagree: list[tuple[str, int | None, int]] = []
    unchecked = 0
    declared: dict[str, int] = {}
    for key, (total_known, total_unknown, counted_known, counted_unknown) in compared.items():
        if total_unknown or counted_unknown:
            unchecked += 1
        elif key not in named:
            disagree.append((names.get(key[1], key[1]), None, counted_known))
        elif total_known != counted_known:
            disagree.append((names.get(key[1], key[1]), total_known, counted_known))
    counted_counties = {county for (county, _), entry in figures.items() if entry[2] or entry[3]}
    covered = counted_counties <= totalled
    if covered:
        by_candidate: dict[str, list[int]] = {}
        for key in named:
            sums_of = by_candidate.setdefault(key[1], [0, 0])
            sums_of[0] += figures[key][0]
            sums_of[1] += figures[key][1]
        declared = {names[candidate]: known for candidate, (known, unknown) in by_candidate.items()
                    if not unknown and candidate in names}
    parts = []
    if not covered:
        parts.append(f"they total {quantity(len(totalled), 'county', 'counties')} of {len(counted_counties):,}; "
                     "the others are not checked")
    if unchecked:
        parts.append(f"{quantity(unchecked, 'figure')} of theirs or of the rows they total withheld or not a count, not checked")
    if disagree:
        disagree.sort(key=lambda item: (-abs((item[1] or 0) - item[2]), item[0]))
        shown = "; ".join(
            f"{name} {'not named' if total is None else f'{total:,}'} in them, {counted:,} in the rows they total"
            for name, total, counted in disagree[:5]
        )
        more = f"; and {len(disagree) - 5:,} more" if len(disagree) > 5 else ""
        parts.append(
            f"they disagree with the sum of the rows they total for {quantity(len(disagree), 'candidate')} "
            f"(a name spelled differently from row to row counts as another candidate): {shown}{more}"
        )
    else:
        parts.append("they agree with the sum of the rows they total" if not unchecked else "the rest agree with the rows they total")
    return TotalRowsCheck(f"{left_out}: " + "; ".join(parts), declared)


def _add_sum(sums: CountySums, county: str, candidate: str, is_total: bool, votes: int | None) -> None:
    known, unknown = sums.get((county, candidate, is_total), (0, 0))
    sums[(county, candidate, is_total)] = (known, unknown + 1) if votes is None else (known + votes, unknown)


def _votes_or_none(table: Table, index: int, votes_col: int | None, modes: Sequence[int], row: Sequence[str]) -> int | None:
    """A Total row's votes as any row's are read; None where withheld or not a count (a
    Total row is left out of the count, so a bad cell in it refuses nothing)."""
    try:
        if votes_col is not None:
            return parse_votes(table, index, votes_col, row[votes_col])
        values = [parse_votes(table, index, m, row[m]) if row[m].strip() else 0 for m in modes]
    except LoadError:
        return None
    return None if None in values else sum(v for v in values if v is not None)


def declare_total_rows(contest: Contest, checked: TotalRowsCheck) -> None:
    """The candidates' totals the file's Total rows declare, checked by the tally with
    every declared figure (of the contest's candidates only)."""
    names = {candidate.name for candidate in contest.candidates}
    contest.declared.candidate_totals.update({name: votes for name, votes in checked.declared.items() if name in names})


def closing_notes(
    total_note: str | None, pseudo_candidates: dict[str, int], contests: list[ContestInfo], mode_mismatch: int, merged: int
) -> list[str]:
    """What an import of one contest left out or merged, in the order the notes say it."""
    notes: list[str] = []
    if total_note:
        notes.append(total_note)
    if pseudo_candidates:
        listed = ", ".join(f"{name} ({quantity(n, 'row')})" for name, n in pseudo_candidates.items())
        notes.append(f"left out, as they are not votes for a candidate: {listed}")
    pseudo_offices = [info for info in contests if info.pseudo]
    if pseudo_offices:
        listed = ", ".join(f"{info.label} ({quantity(info.rows, 'row')})" for info in pseudo_offices)
        notes.append(f"the file also counts voters or ballots, which are not a contest: {listed}")
    if mode_mismatch:
        one = mode_mismatch == 1
        notes.append(f"{quantity(mode_mismatch, 'row')} {'has' if one else 'have'} a votes figure that differs "
                     f"from the sum of {'its' if one else 'their'} vote modes; 'votes' is used")
    if merged:
        notes.append(repeated_rows_note(merged))
    return notes

def import_openelections(table: Table, options: ImportOptions) -> ImportResult:
    """One contest of an OpenElections file, by county or by precinct.

    Two passes over the rows (:meth:`~.delimited.Table.chunks`): one finds the contests,
    the other tallies the chosen one. A table held whole is one chunk; a file too large
    to hold is read again a chunk at a time (:mod:`.long_stream`), with the same code.
    """
    cols = _columns(table)
    where = where_tests(table, options.where)
    scan = _scan_rows(table, cols, where)
    raw_counts, widened = scan.raw, scan.widened
    primary, contests, contest_keys = contests_of_raw(table.source, raw_counts)
    notes = list(table.renamed)
    keep = filter_of(where)
    if keep is not None and scan.kept_keys is not None:
        # --where first: the contests to choose from are those of the rows it keeps.
        check_where(table, options.where, where, scan.where_cells.__getitem__)
        if not scan.kept_keys:
            shown = " and ".join(f"{column}={value}" for column, value in options.where)
            raise LoadError(table.source, f"no row has {shown} ", remedy=Remedy(ImportOption.WHERE, named=True))
        kept_contests = {contest_keys[widened[cells][:3]] for cells in scan.kept_keys}
        contests = [info for info in contests if info.key in kept_contests]
    chosen, chosen_notes = choose_contest(
        table.source, options.contest, contests, options.where, len(table.rows) if table.head_only else None
    )
    notes += chosen_notes
    if len(chosen.spellings) > 1:
        notes.append(f"this contest is spelled {len(chosen.spellings)} ways in the file: " + ", ".join(sorted(chosen.spellings)))

    category_columns, by_notes = category_columns_of(table, cols, options, lambda: len(scan.counties) > 1)
    notes += by_notes

    candidate_col = table.column(options.candidate_column, "candidate column") if options.candidate_column else cols.candidate
    votes_col = table.column(options.votes_column, "votes column") if options.votes_column else cols.votes
    if votes_col is None:
        notes.append("no votes column: each row's votes are the sum of " + ", ".join(table.header[i] for i in cols.modes))
    target = chosen.key
    party_col = cols.party
    wanted = {cells for cells, full in widened.items() if contest_keys[full[:3]] == target}
    key_of = itemgetter(*_key_columns(cols), cols.candidate)
    tally = LongTally()
    total_rows: dict[str, int] = {}
    # Where the file has 'Total' rows, the votes by county they are checked against.
    county_sums: CountySums = {}
    county_col = cols.county if cols.county in category_columns else None
    pseudo_candidates: dict[str, int] = {}
    mode_mismatch = 0
    precinct_col = cols.precinct
    # The pseudo-rows' raw spellings, found once among the distinct values, not per row.
    total_spellings = scan.total_spellings
    pseudo_spellings = {
        candidate for (_, _, _, candidate) in raw_counts if clean_name(candidate).casefold() in PSEUDO_CANDIDATES
    }
    if candidate_col != cols.candidate:
        pseudo_spellings = set()
    two_part = len(category_columns) == 2
    first_col = category_columns[0]
    last_col = category_columns[-1]
    # The loop below runs once per row of the contest (15,000 for a state's presidency):
    # LongTally's caches and dictionaries are used directly rather than through calls.
    category_keys = tally._category_keys
    candidate_keys = tally._candidate_keys
    known = tally.known
    withheld = tally.withheld
    known_rows = tally.known_rows
    merged = 0
    counted = 0
    kept_row_keys = iter(scan.row_keys) if scan.row_keys is not None else None
    # A row read again is passed over on its office cell alone, with no key made for it,
    # unless that office is the contest's.
    wanted_offices = {cells[0] for cells in wanted}
    office_of = itemgetter(cols.office)
    modes_of = itemgetter(*cols.modes) if len(cols.modes) > 1 else lambda row: tuple(row[m] for m in cols.modes)
    for start, rows in table.chunks():
        if kept_row_keys is not None:
            places: Iterable[int] = compress(range(len(rows)), map(wanted.__contains__, next(kept_row_keys)))
        else:
            maybe = list(compress(range(len(rows)), map(wanted_offices.__contains__, map(office_of, rows))))
            places = compress(maybe, map(wanted.__contains__, map(key_of, map(rows.__getitem__, maybe))))
        for place in places:
            row = rows[place]
            index = start + place
            if keep is not None and not keep(row):
                continue
            if total_spellings and row[precinct_col] in total_spellings:  # type: ignore[index]
                label = clean_name(row[precinct_col])  # type: ignore[index]
                total_rows[label] = total_rows.get(label, 0) + 1
                if row[candidate_col] not in pseudo_spellings:
                    _add_sum(county_sums, row[county_col] if county_col is not None else "", row[candidate_col], True,
                             _votes_or_none(table, index, votes_col, cols.modes, row))
                continue
            raw_candidate = row[candidate_col]
            if raw_candidate in pseudo_spellings:
                name = clean_name(raw_candidate)
                pseudo_candidates[name] = pseudo_candidates.get(name, 0) + 1
                continue
            cand_key = candidate_keys.get(raw_candidate) or tally.candidate_key(raw_candidate)
            if not cand_key:
                raise table.fail(index, candidate_col, "this row names no candidate")
            raw_category = f"{row[first_col]} / {row[last_col]}" if two_part else row[first_col]
            cat_key = category_keys.get(raw_category)
            if cat_key is None:
                cat_key = tally.category_key(raw_category)
                if not cat_key.strip(" /"):
                    raise table.fail(index, last_col, "this row names no county or precinct")
            if votes_col is not None:
                cell = row[votes_col]
                if cell.isdigit() and cell.isascii() and len(cell) <= PLAIN_DIGITS_MAX:  # longer: parse_votes says why
                    votes = int(cell)
                elif cell == "*":
                    votes = None
                else:
                    votes = parse_votes(table, index, votes_col, cell)
                if cols.modes and votes is not None:
                    # Every mode plain digits (none empty), as a few C calls rather than a loop.
                    parts = modes_of(row)
                    joined = "".join(parts)
                    if (joined.isdigit() and joined.isascii() and all(parts) and max(map(len, parts)) <= PLAIN_DIGITS_MAX
                            and sum(map(int, parts)) != votes):
                        mode_mismatch += 1
            else:
                values = [parse_votes(table, index, m, row[m]) if row[m].strip() else 0 for m in cols.modes]
                votes = None if None in values else sum(v for v in values if v is not None)
            if total_spellings:
                _add_sum(county_sums, row[county_col] if county_col is not None else "", raw_candidate, False, votes)
            key = (cat_key, cand_key)
            before = known.get(key)
            counted += 1
            if before is not None:
                merged += 1
            if votes is None:
                withheld[key] = withheld.get(key, 0) + 1
                if before is None:
                    known[key] = 0
            else:
                known[key] = votes if before is None else before + votes
                known_rows.add(key)
    tally.rows += counted
    tally.merged_cells += merged
    if party_col is not None:
        # A candidate's party: the one on most of its rows, from the scan's counts.
        for (office, district, party, candidate), rows_counted in raw_counts.items():
            if contest_keys.get((office, district, party)) != target or party.strip().casefold() in NO_PARTY:
                continue
            key_of_candidate = tally._candidate_keys.get(candidate)
            if key_of_candidate:
                counts = tally.parties.setdefault(key_of_candidate, {})
                counts[party.strip()] = counts.get(party.strip(), 0) + rows_counted

    checked = check_total_rows(total_rows, county_sums, tally.candidates) if total_rows else None
    notes += closing_notes(checked.note if checked else None, pseudo_candidates, contests, mode_mismatch, tally.merged_cells)
    by_text = "county" if category_columns == [cols.county] else "precinct"
    title, date = openelections_title(title_from_source(table.source), chosen.label)
    contest = tally.contest(title, table.source, notes, file_source=f"OpenElections file {title_from_source(table.source)}, by {by_text}")
    contest.date = date
    if checked:
        declare_total_rows(contest, checked)
    effective = replace(options, layout="openelections", contest=chosen.label, by=by_text)
    return ImportResult(contest, effective, notes)
