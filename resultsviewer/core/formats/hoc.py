"""House of Commons Library general election files.

* Constituency results (GE2017): wide, one row per constituency; metadata columns
  (``electorate, valid_votes, invalid_votes, majority``...) then one column per party.
  Electorate and invalid votes map onto each category; ``valid_votes`` is kept as the
  constituency's declared total, so a row that does not add up shows as a discrepancy.
* Results by candidate (GE2019): long, one row per candidate; constituencies are the
  categories, parties the candidates, and the ``share`` column is checked.

Both keep each constituency's ONS id (``id`` / ``ons_id``) as the category's code, so
that a comparison of two elections matches constituencies whatever their spelling.
"""

from __future__ import annotations

from dataclasses import replace

from ..contest import DeclaredChange
from ..counts import quantity
from .delimited import (
    ImportOptions,
    ImportResult,
    Table,
    clean_name,
    import_long,
    import_wide,
    parse_votes,
    row_filter,
    title_from_source,
)
from .titles import uk_general_title

#: The party columns of the constituency results, with the names a reader expects.
PARTY_COLUMNS = {
    "con": "Conservative", "lab": "Labour", "ld": "Liberal Democrat", "ukip": "UKIP", "green": "Green",
    "snp": "SNP", "pc": "Plaid Cymru", "dup": "DUP", "sf": "Sinn Féin", "sdlp": "SDLP", "uup": "UUP",
    "alliance": "Alliance", "brexit": "Brexit Party", "other": "Other",
}
_CONSTITUENCY_REQUIRED = {"constituency_name", "electorate", "valid_votes", "invalid_votes", "con", "lab"}
_CANDIDATE_REQUIRED = {"constituency_name", "party_name", "votes"}


def recognise_constituency(header: list[str]) -> bool:
    return _CONSTITUENCY_REQUIRED <= {name.casefold() for name in header}


def recognise_candidates(header: list[str]) -> bool:
    return _CANDIDATE_REQUIRED <= {name.casefold() for name in header}


def constituency_options(header: list[str]) -> ImportOptions:
    folded = [name.casefold() for name in header]
    parties = tuple(header[i] for i, name in enumerate(folded) if name in PARTY_COLUMNS)
    return ImportOptions(
        layout="hoc-constituency",
        category_column=header[folded.index("constituency_name")],
        candidate_columns=parties,
        electorate_column=header[folded.index("electorate")],
        rejected_column=header[folded.index("invalid_votes")],
        valid_votes_column=header[folded.index("valid_votes")],
    )


def candidates_options(header: list[str]) -> ImportOptions:
    folded = [name.casefold() for name in header]
    return ImportOptions(
        layout="hoc-candidates",
        category_column=header[folded.index("constituency_name")],
        candidate_column=header[folded.index("party_name")],
        votes_column=header[folded.index("votes")],
    )


#: ``first_party`` values not among the party columns: their votes are in ``other``.
_WINNER_IN_OTHER = {"spk", "ind"}


def import_constituency(table: Table, options: ImportOptions) -> ImportResult:
    names = {column: PARTY_COLUMNS.get(column.casefold(), column) for column in options.candidate_columns}
    result = import_wide(table, replace(options, layout="wide"), candidate_names=names, title=uk_general_title(title_from_source(table.source)))
    _read_declared_winners(table, options, result, names)
    result.contest.source = f"House of Commons Library constituency results ({title_from_source(table.source)})"
    result.notes.append("electorate and invalid votes are read onto each constituency; valid_votes is its declared total")
    _attach_codes(table, options, result, ("id", "ons_id"))
    result.contest.notes = "\n".join(result.notes)
    result.options = replace(options, layout="hoc-constituency")
    return result


def import_candidates(table: Table, options: ImportOptions) -> ImportResult:
    result = import_long(table, replace(options, layout="long"))
    share_col = table.find("share")
    if share_col is not None and options.candidate_column and options.category_column:
        result.notes.extend(_check_shares(table, options, share_col))
    change_col = table.find("change")
    if change_col is not None and options.candidate_column and options.category_column:
        result.notes.extend(_read_changes(table, options, change_col, result))
    result.contest.title = uk_general_title(title_from_source(table.source))
    result.contest.source = f"House of Commons Library results by candidate ({title_from_source(table.source)})"
    _attach_codes(table, options, result, ("ons_id", "id"))
    result.contest.notes = "\n".join(result.notes)
    result.options = replace(options, layout="hoc-candidates")
    return result


def _attach_codes(table: Table, options: ImportOptions, result: ImportResult, code_columns: tuple[str, ...]) -> None:
    """Each constituency's ONS id as its category's code (the first column found).

    A constituency given two different ids keeps none, and the notes say so: a wrong code
    would match it with another constituency.
    """
    code_col = next((index for name in code_columns if (index := table.find(name)) is not None), None)
    if code_col is None or not options.category_column:
        return
    cat = table.column(options.category_column)
    keep = row_filter(table, options.where)
    codes: dict[str, str | None] = {}
    for row in table.rows:
        if keep is not None and not keep(row):
            continue
        code = " ".join(row[code_col].split())
        if not code:
            continue
        key = clean_name(row[cat]).casefold()
        if codes.setdefault(key, code) != code:
            codes[key] = None
    contest = result.contest
    owners: dict[str, int] = {}
    conflicting = [name for name, known in codes.items() if known is None]
    for index, category in enumerate(contest.categories):
        known = codes.get(category.name.casefold())
        if known is None:
            continue
        if known in owners:  # two constituencies with one id: neither keeps it
            conflicting.append(category.name)
            contest.update_category(owners[known], code=None)
            continue
        owners[known] = index
        contest.update_category(index, code=known)
    if conflicting:
        result.notes.append(
            f"{len(conflicting):,} constituencies have an ONS id that is not theirs alone and keep none: "
            + ", ".join(sorted(conflicting)[:5])
        )


def _read_changes(table: Table, options: ImportOptions, change_col: int, result: ImportResult) -> list[str]:
    """The ``change`` column (the change in share since the election before, per candidate
    and constituency) as declared figures, checked when the contest is compared with that
    election. A fraction of 1 as the Library prints it, or points where it ends with "%"."""
    cat = table.column(options.category_column or "")
    cand = table.column(options.candidate_column or "")
    keep = row_filter(table, options.where)
    contest = result.contest
    categories = {category.name.casefold(): category.name for category in contest.categories}
    candidates = {candidate.name.casefold(): candidate.name for candidate in contest.candidates}
    changes: dict[tuple[str, str], DeclaredChange | None] = {}
    unreadable: list[str] = []
    for index, row in enumerate(table.rows):
        if keep is not None and not keep(row):
            continue
        text = row[change_col].strip()
        category_name = categories.get(clean_name(row[cat]).casefold())
        candidate_name = candidates.get(clean_name(row[cand]).casefold())
        if category_name is None or candidate_name is None:
            continue
        key = (category_name, candidate_name)
        if key in changes:  # two rows of one party in one constituency: whose change is it?
            changes[key] = None
            continue
        if not text:
            changes[key] = None
            continue
        try:
            changes[key] = DeclaredChange(text.removesuffix("%").strip(), "points" if text.endswith("%") else "fraction")
        except ValueError:
            changes[key] = None
            unreadable.append(f"line {table.line_of(index)}: {text!r}")
    declared = {key: change for key, change in changes.items() if change is not None}
    if not declared and not unreadable:
        return []
    contest.declared.share_changes.update(declared)  # type: ignore[arg-type]
    notes = [
        f"{len(declared):,} declared changes in share since the election before are kept, "
        "to be checked against a baseline (tally --baseline)"
    ]
    if unreadable:
        one = len(unreadable) == 1
        notes.append(f"{quantity(len(unreadable), 'change')} in share {'is' if one else 'are'} not "
                     f"{'a number' if one else 'numbers'} and {'is' if one else 'are'} left out: " + "; ".join(unreadable[:5]))
    return notes


def _check_shares(table: Table, options: ImportOptions, share_col: int) -> list[str]:
    """Each row's printed share against its votes over the constituency's votes."""
    cat = table.column(options.category_column or "")
    votes_col = table.column(options.votes_column or "votes")
    keep_where = options.where
    totals: dict[str, int] = {}
    rows = []
    for index, row in enumerate(table.rows):
        if keep_where and not all(row[table.column(c)].strip().casefold() == v.casefold() for c, v in keep_where):
            continue
        votes = parse_votes(table, index, votes_col, row[votes_col]) or 0
        key = row[cat].strip().casefold()
        totals[key] = totals.get(key, 0) + votes
        rows.append((index, key, votes, row[share_col].strip()))
    checked = 0
    wrong: list[str] = []
    for index, key, votes, share_text in rows:
        if not share_text:
            continue
        try:
            printed = float(share_text.rstrip("%")) / (100.0 if share_text.endswith("%") else 1.0)
        except ValueError:
            wrong.append(f"line {table.line_of(index)}: share {share_text!r} is not a number")
            continue
        checked += 1
        computed = votes / totals[key] if totals[key] else 0.0
        if abs(printed - computed) > 5e-4:
            wrong.append(f"line {table.line_of(index)}: share {printed:.4f}, computed {computed:.4f}")
    if wrong:
        return [f"{len(wrong):,} of {checked:,} printed shares disagree with the votes: " + "; ".join(wrong[:5])]
    return [f"all {checked:,} printed shares agree with the votes"]


def _read_declared_winners(table: Table, options: ImportOptions, result: ImportResult, names: dict[str, str]) -> None:
    """Each constituency's ``first_party`` (else the party that begins its ``result``,
    "Lab hold") as its declared winner, checked by the seats count."""
    winner_col = table.find("first_party")
    from_result = winner_col is None
    if from_result:
        winner_col = table.find("result")
    if winner_col is None or not options.category_column:
        return
    category_col = table.column(options.category_column)
    contest = result.contest
    columns = {column.casefold(): name for column, name in names.items()}
    candidates = {candidate.name for candidate in contest.candidates}
    categories = {category.name.casefold(): category.name for category in contest.categories}
    for row in table.rows:
        text = row[winner_col].strip()
        party = (text.split()[0] if from_result and text else text).casefold()
        name = columns.get(party) or (columns.get("other") if party in _WINNER_IN_OTHER else None)
        category = categories.get(" ".join(row[category_col].split()).casefold())
        if name in candidates and category is not None:
            contest.declared.category_winners[category] = name
    if contest.declared.category_winners:
        column = "result" if from_result else "first_party"
        result.notes.append(f"each constituency's {column} is kept as its declared winner")
