"""RCTab's files: its contest configuration (``*_config.json``), the cast vote records it
names (ES&S workbooks, Clear Ballot CSV), and its detailed report (JSON and CSV).

A configuration is tabulated with its own rules (:mod:`resultsviewer.core.rcv`); a
report is read as the rounds RCTab printed, checked to add up.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import LoadError
from ..rcv import EMPTY, FIRST_SET_CODE, OVERVOTE, BallotTable, Rules, tabulate
from ..rounds import EXHAUSTED, UNDECLARED_WRITE_INS, InactiveKind, Round, RoundResult, inactive_counts
from .limits import open_regular_file, read_file_bytes, refusing_csv_errors
from .text import decode_text

#: Reports and configurations are small; a bigger JSON is not one of them.
MAX_JSON_BYTES = 64 * 2**20


@dataclass(frozen=True)
class CvrSource:
    """One ``cvrFileSources`` entry."""

    path: Path
    provider: str
    contest_id: str = ""
    first_vote_column: int | None = None  # 1-based, ES&S
    first_vote_row: int | None = None  # 1-based, ES&S
    overvote_delimiter: str = ""
    overvote_label: str = ""
    undervote_label: str = ""
    undeclared_write_in_label: str = ""
    treat_blank_as_undeclared_write_in: bool = False
    place: str = "$.cvrFileSources[0]"


@dataclass(frozen=True)
class RctabContest:
    """An RCTab contest configuration."""

    source: str
    title: str
    #: Declared candidates in the configuration's order, then undeclared write-ins.
    candidates: tuple[str, ...]
    #: Every spelling a ballot may use (name, code, aliases) -> candidate name.
    spellings: dict[str, str]
    excluded: tuple[str, ...]
    rules: Rules
    sources: tuple[CvrSource, ...]
    details: dict[str, str] = field(default_factory=dict)


def is_rctab_config(data: bytes) -> bool:
    head = data[:4096]
    return b'"cvrFileSources"' in data[:65536] and b'"rules"' in data and head.lstrip().startswith(b"{")


def is_rctab_report(data: bytes) -> bool:
    return data.lstrip().startswith(b"{") and b'"results"' in data[:65536] and b'"tally"' in data


def is_rctab_report_csv(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return head.startswith(b"Contest Information") and b"\nRounds," in data[:65536]


def _read_json(path: str | os.PathLike[str]) -> Any:
    shown = str(path)
    with open_regular_file(path) as stream:  # refuses a FIFO or device before reading
        size = os.fstat(stream.fileno()).st_size
        if size > MAX_JSON_BYTES:
            raise LoadError(shown, f"the file is {size / 2**20:,.0f} MB; an RCTab configuration or report is far smaller")
    return _parse_json(read_file_bytes(path), shown)


def _parse_json(data: bytes, source: str) -> Any:
    text = decode_text(data, source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(source, f"not valid JSON: {error.msg}", f"line {error.lineno}, column {error.colno}") from None
    except (ValueError, RecursionError):
        raise LoadError(source, "not JSON that can be read (nested too deeply or a number too long)") from None


# -- configuration ------------------------------------------------------------------------


def read_config(path: str | os.PathLike[str], data: bytes | None = None) -> RctabContest:
    """Read an RCTab contest configuration (``data``: its bytes, when already read); the
    CVR files it names, relative to its folder, are checked to exist."""
    source = str(path)
    document = _read_json(path) if data is None else _parse_json(data, source)
    if not isinstance(document, dict):
        raise LoadError(source, "expected an RCTab configuration object", "$")
    for key in ("cvrFileSources", "candidates", "rules"):
        if key not in document:
            raise LoadError(source, f"an RCTab configuration needs {key!r}", "$")
    output = document.get("outputSettings") or {}
    if not isinstance(output, dict):
        raise LoadError(source, "expected an object", "$.outputSettings")
    title = str(output.get("contestName") or Path(path).stem)
    candidates: list[str] = []
    spellings: dict[str, str] = {}
    excluded: list[str] = []
    entries = document["candidates"]
    if not isinstance(entries, list):
        raise LoadError(source, "expected a list of candidates", "$.candidates")
    for index, entry in enumerate(entries):
        place = f"$.candidates[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise LoadError(source, "expected a candidate with a name", place)
        name = entry["name"].strip()
        if name in candidates:
            raise LoadError(source, f"duplicate candidate name {name!r}", f"{place}.name")
        if name == UNDECLARED_WRITE_INS:
            raise LoadError(source, f"{name!r} is RCTab's own name for undeclared write-ins, not a candidate", f"{place}.name")
        candidates.append(name)
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise LoadError(source, "expected a list of names", f"{place}.aliases")
        code = entry.get("code")
        for spelling in [name, *( [code] if isinstance(code, str) and code.strip() else []), *aliases]:
            spelling = spelling.strip()
            if spelling in spellings and spellings[spelling] != name:
                raise LoadError(source, f"{spelling!r} names both {spellings[spelling]!r} and {name!r}", place)
            spellings[spelling] = name
        if entry.get("excluded") is True:
            excluded.append(name)
    if not candidates:
        raise LoadError(source, "the configuration lists no candidates", "$.candidates")
    rules = Rules.from_config(document["rules"], source, len(candidates))
    sources_raw = document["cvrFileSources"]
    if not isinstance(sources_raw, list) or not sources_raw:
        raise LoadError(source, "expected a list of cast vote record files", "$.cvrFileSources")
    folder = Path(path).resolve().parent
    sources = []
    for index, entry in enumerate(sources_raw):
        place = f"$.cvrFileSources[{index}]"
        if not isinstance(entry, dict):
            raise LoadError(source, "expected an object", place)
        file_path = str(entry.get("filePath") or "").strip()
        if not file_path:
            raise LoadError(source, "names no file (filePath is empty)", f"{place}.filePath")
        resolved = Path(file_path) if Path(file_path).is_absolute() else folder / file_path
        if not resolved.exists():
            raise LoadError(source, f"the cast vote record file {file_path!r} does not exist (looked for {resolved})", f"{place}.filePath")
        if not resolved.is_file():
            raise LoadError(source, f"the cast vote record file {file_path!r} is not a regular file ({resolved})", f"{place}.filePath")
        provider = str(entry.get("provider") or "").strip()

        def whole(key: str, entry: dict[str, Any] = entry, place: str = place) -> int | None:
            value = str(entry.get(key) or "").strip()
            if not value:
                return None
            if not value.isdigit() or int(value) < 1:
                raise LoadError(source, f"expected a whole number from 1, found {value!r}", f"{place}.{key}")
            return int(value)

        sources.append(CvrSource(
            path=resolved,
            provider=provider,
            contest_id=str(entry.get("contestId") or ""),
            first_vote_column=whole("firstVoteColumnIndex"),
            first_vote_row=whole("firstVoteRowIndex"),
            overvote_delimiter=str(entry.get("overvoteDelimiter") or ""),
            overvote_label=str(entry.get("overvoteLabel") or "").strip(),
            undervote_label=str(entry.get("skippedRankLabel") or entry.get("undervoteLabel") or "").strip(),
            undeclared_write_in_label=str(entry.get("undeclaredWriteInLabel") or "").strip(),
            treat_blank_as_undeclared_write_in=entry.get("treatBlankAsUndeclaredWriteIn") is True,
            place=place,
        ))
    details = {key: str(output.get(key)) for key in ("contestDate", "contestJurisdiction", "contestOffice") if output.get(key)}
    return RctabContest(
        source=source,
        title=title,
        candidates=(*candidates, UNDECLARED_WRITE_INS),
        spellings=spellings,
        excluded=tuple(excluded),
        rules=rules,
        sources=tuple(sources),
        details=details,
    )


class _Codes:
    """Turns what a ballot cell says into a rank code, collecting overvote sets."""

    def __init__(self, contest: RctabContest) -> None:
        self.index = {name: i for i, name in enumerate(contest.candidates)}
        self.spellings = contest.spellings
        self.sets: list[frozenset[int]] = []
        self.set_codes: dict[frozenset[int], int] = {}

    def candidate(self, text: str) -> int | None:
        name = self.spellings.get(text)
        return None if name is None else self.index[name]

    def several(self, members: frozenset[int]) -> int:
        if len(members) == 1:
            return next(iter(members))
        code = self.set_codes.get(members)
        if code is None:
            self.sets.append(members)
            code = self.set_codes[members] = FIRST_SET_CODE - (len(self.sets) - 1)
        return code


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def read_ess(source_file: CvrSource, contest: RctabContest, codes: _Codes) -> tuple[np.ndarray, np.ndarray]:
    """An ES&S workbook as RCTab reads it: rows from ``firstVoteRowIndex``, ranks from
    ``firstVoteColumnIndex`` over ``maxRankingsAllowed`` columns, one ballot per row."""
    from .workbook import UncomputedFormula, read_sheet

    shown = str(source_file.path)
    if source_file.first_vote_column is None or source_file.first_vote_row is None:
        raise LoadError(contest.source, "an ES&S source needs firstVoteColumnIndex and firstVoteRowIndex", source_file.place)
    sheet = read_sheet(source_file.path, 0)
    rank_count = contest.rules.max_rankings or len(contest.candidates) - 1
    first_column = source_file.first_vote_column - 1 - sheet.first_column
    first_row = source_file.first_vote_row - 1 - sheet.first_row
    rows = sheet.rows[max(first_row, 0):]
    ranks = np.full((len(rows), rank_count), EMPTY, dtype=np.int32)
    uwi = codes.index[UNDECLARED_WRITE_INS]
    delimiter = source_file.overvote_delimiter
    overvote, undervote, write_in = source_file.overvote_label, source_file.undervote_label, source_file.undeclared_write_in_label
    cache: dict[object, int] = {}
    for r, row in enumerate(rows):
        for j in range(rank_count):
            column = first_column + j
            value = row[column] if 0 <= column < len(row) else None
            if isinstance(value, UncomputedFormula):
                raise LoadError(shown, value.refusal(), sheet.address(max(first_row, 0) + r, column))
            code = cache.get(value) if value is not None else None
            if code is None:
                code = _ess_code(value, codes, delimiter, overvote, undervote, write_in, uwi,
                                 source_file.treat_blank_as_undeclared_write_in,
                                 lambda: f"{shown}", lambda r=r, column=column: sheet.address(max(first_row, 0) + r, column))
                if value is not None:
                    cache[value] = code
            ranks[r, j] = code
    return ranks, np.ones(len(rows), dtype=np.int64)


def _ess_code(value: object, codes: _Codes, delimiter: str, overvote: str, undervote: str, write_in: str,
              uwi: int, blank_is_write_in: bool, where, address) -> int:  # type: ignore[no-untyped-def]
    text = _cell_text(value)
    if text is None:
        return uwi if blank_is_write_in else EMPTY
    parts = [part.strip() for part in text.split(delimiter)] if delimiter else [text]
    members = []
    for part in parts:
        if len(parts) > 1 and (not part or part == undervote):
            raise LoadError(where(), f"the cell {text!r} splits into a blank or an undervote; an overvote must name candidates", address())
        if part == undervote:
            return EMPTY
        if part == overvote and overvote:
            if len(parts) > 1:
                raise LoadError(where(), f"the cell {text!r} holds the overvote label among candidates", address())
            return OVERVOTE
        if part == write_in and write_in:
            members.append(uwi)
            continue
        code = codes.candidate(part)
        if code is None:
            raise LoadError(
                where(),
                f"{part!r} is not a candidate of the configuration (nor its overvote, undervote or write-in label)",
                address(),
            )
        members.append(code)
    return codes.several(frozenset(members))


_CLEAR_BALLOT_FIRST_CHOICE = 10


def read_clear_ballot(source_file: CvrSource, contest: RctabContest, codes: _Codes) -> tuple[np.ndarray, np.ndarray]:
    """Clear Ballot's CSV: each choice column header ``Choice_N_1:contest:rank:rule:name:party``
    is one candidate at one rank; a 1 marks it."""
    shown = str(source_file.path)
    data = _read_bytes(source_file.path)
    reader = refusing_csv_errors(csv.reader(io.StringIO(decode_text(data, shown), newline="")), shown)
    header = next(reader, None)
    if header is None or len(header) <= _CLEAR_BALLOT_FIRST_CHOICE:
        raise LoadError(shown, "no choice columns: a Clear Ballot file has ten fixed columns, then one per candidate and rank", "line 1")
    uwi = codes.index[UNDECLARED_WRITE_INS]
    columns: list[tuple[int, int, int]] = []  # (column, rank, candidate code)
    max_rankings = contest.rules.max_rankings or len(contest.candidates) - 1
    for column in range(_CLEAR_BALLOT_FIRST_CHOICE, len(header)):
        fields = header[column].split(":")
        place = f"line 1, column {column + 1}"
        if len(fields) != 6:
            raise LoadError(shown, f"the choice header {header[column]!r} is not Choice_N:contest:rank:rule:name:party", place)
        if fields[1] != source_file.contest_id:
            continue
        try:
            rank = int(fields[2])
        except ValueError:
            raise LoadError(shown, f"the rank {fields[2]!r} in header {header[column]!r} is not a rank number", place) from None
        if not 1 <= rank <= max_rankings:
            raise LoadError(shown, f"rank {rank} in header {header[column]!r} is outside 1 to maxRankingsAllowed ({max_rankings})", place)
        name = fields[4]
        if name == source_file.undeclared_write_in_label and name:
            code = uwi
        else:
            found = codes.candidate(name.strip())
            if found is None:
                raise LoadError(shown, f"{name!r} in header {header[column]!r} is not a candidate of the configuration", place)
            code = found
        columns.append((column, rank, code))
    if not columns:
        raise LoadError(shown, f"no choice column is for contest {source_file.contest_id!r} (the configuration's contestId)", "line 1")
    rank_count = max(rank for _, rank, _ in columns)
    ballots: list[list[int]] = []
    for line_number, row in enumerate(reader, start=2):
        if not row:
            continue
        marked: dict[int, set[int]] = {}
        for column, rank, code in columns:
            cell = row[column].strip() if column < len(row) else ""
            if cell == "1":
                marked.setdefault(rank, set()).add(code)
            elif cell not in ("0", ""):
                raise LoadError(shown, f"expected a mark 0 or 1 in column {header[column]!r}, found {cell!r}", f"line {line_number}")
        ballot = [EMPTY] * rank_count
        for rank, members in marked.items():
            ballot[rank - 1] = codes.several(frozenset(members))
        ballots.append(ballot)
    ranks = np.array(ballots, dtype=np.int32).reshape(len(ballots), rank_count)
    return ranks, np.ones(len(ballots), dtype=np.int64)


def _read_bytes(path: Path) -> bytes:
    from . import read_bytes

    return read_bytes(path)


_READERS = {"ess": read_ess, "clearBallot": read_clear_ballot}


def read_cast_vote_records(contest: RctabContest) -> BallotTable:
    """Every ballot the configuration's sources hold, as one table."""
    codes = _Codes(contest)
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for source_file in contest.sources:
        reader = _READERS.get(source_file.provider)
        if reader is None:
            known = ", ".join(_READERS)
            raise LoadError(contest.source, f"cast vote records from provider {source_file.provider!r} cannot be read yet "
                            f"(Results Viewer reads {known})", f"{source_file.place}.provider")
        parts.append(reader(source_file, contest, codes))
    width = max(ranks.shape[1] for ranks, _ in parts)
    ranks = np.vstack([np.pad(r, ((0, 0), (0, width - r.shape[1])), constant_values=EMPTY) for r, _ in parts])
    counts = np.concatenate([c for _, c in parts])
    return BallotTable(contest.candidates, ranks, counts, codes.sets, source=", ".join(s.path.name for s in contest.sources))


def tabulate_config(path: str | os.PathLike[str], data: bytes | None = None) -> RoundResult:
    """Read an RCTab configuration and its ballots, and count them by its rules."""
    contest = read_config(path, data)
    ballots = read_cast_vote_records(contest).grouped()
    return tabulate(
        ballots,
        contest.rules,
        candidate_order=contest.candidates[:-1],
        excluded=contest.excluded,
        title=contest.title,
        source=f"tabulated by Results Viewer from {ballots.source} with the rules of {Path(path).name}"
        + (f" ({contest.rules.description})" if contest.rules.description else ""),
    )


#: How many JSON files of a cast vote record's folder are looked into for the
#: configuration that names it (a folder of many results files is not read whole).
_CONFIGS_LOOKED_AT = 50


def configuration_naming(path: str | os.PathLike[str]) -> Path | None:
    """The RCTab configuration beside ``path`` (``*.json`` in its folder, ``*_config.json``
    first) whose ``cvrFileSources`` name it, or None. A file that cannot be read, or is no
    configuration, is passed over: this only helps a refusal say which file to open."""
    target = Path(path)
    try:
        wanted = target.resolve()
        found = sorted(target.parent.glob("*.json"), key=lambda p: (not p.name.endswith("_config.json"), p.name))
    except (OSError, RuntimeError):
        return None
    for candidate in found[:_CONFIGS_LOOKED_AT]:
        try:
            if not candidate.is_file() or candidate.stat().st_size > MAX_JSON_BYTES:
                continue
            data = candidate.read_bytes()
            if not is_rctab_config(data):
                continue
            sources = json.loads(data.decode("utf-8-sig")).get("cvrFileSources")
            for entry in sources if isinstance(sources, list) else ():
                named = entry.get("filePath") if isinstance(entry, dict) else None
                if isinstance(named, str) and named.strip() and (candidate.parent / named.strip()).resolve() == wanted:
                    return candidate
        except (OSError, ValueError, RuntimeError, AttributeError):
            continue
    return None


def cast_vote_record_error(source: str) -> LoadError:
    """The refusal of a cast vote record opened as a table of results, naming the
    configuration to open instead where one beside it names it."""
    config = configuration_naming(source)
    which = f"the RCTab configuration that names it ({config.name})" if config else "the RCTab configuration (.json) that names it"
    return LoadError(
        source,
        f"this is a cast vote record (one row per ballot, ranked choices), not a table of results; "
        f"open {which} to count its rounds",
    )


# -- detailed report: JSON ---------------------------------------------------------------------


def _number(value: Any, source: str, place: str, *, signed: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise LoadError(source, f"expected a number, found {type(value).__name__}", place)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise LoadError(source, f"expected a number, found {value!r}", place) from None
    if not number.is_finite() or (number < 0 and not signed):
        raise LoadError(source, f"expected a count from 0 up, found {value!r}", place)
    return number


def read_report_json(data: bytes, source: str) -> RoundResult:
    """RCTab's detailed report (``*_detailed_report.json``, the file RCVis reads)."""
    document = _parse_json(data, source)
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        raise LoadError(source, "not an RCTab report: expected an object with a list of results", "$.results")
    config: dict[str, Any] = document["config"] if isinstance(document.get("config"), dict) else {}
    summary: dict[str, Any] = document["summary"] if isinstance(document.get("summary"), dict) else {}
    results = document["results"]
    if not results:
        raise LoadError(source, "the report has no rounds", "$.results")
    rounds: list[Round] = []
    candidates: list[str] = []
    eliminated_before: set[str] = set()
    for index, entry in enumerate(results):
        place = f"$.results[{index}]"
        if not isinstance(entry, dict):
            raise LoadError(source, "expected a round object", place)
        number = entry.get("round")
        if number != index + 1 or isinstance(number, bool):
            raise LoadError(source, f"expected round {index + 1}, found {number!r}", f"{place}.round")
        tally_raw = entry.get("tally")
        if not isinstance(tally_raw, dict) or not tally_raw:
            raise LoadError(source, "expected the tally of every continuing candidate", f"{place}.tally")
        tally = {}
        for name, votes in tally_raw.items():
            if name in eliminated_before:
                raise LoadError(source, f"{name!r} was eliminated in an earlier round but is counted again", f"{place}.tally")
            tally[name] = _number(votes, source, f"{place}.tally[{json.dumps(name, ensure_ascii=False)}]")
            if name not in candidates:
                if index:
                    raise LoadError(source, f"{name!r} is not counted in round 1 but appears in round {index + 1}", f"{place}.tally")
                candidates.append(name)
        eliminated: list[str] = []
        elected: list[str] = []
        transfers: dict[str, dict[str, Decimal]] = {}
        results_raw = entry.get("tallyResults") or []
        if not isinstance(results_raw, list):
            raise LoadError(source, "expected a list", f"{place}.tallyResults")
        for r, outcome in enumerate(results_raw):
            outcome_place = f"{place}.tallyResults[{r}]"
            if not isinstance(outcome, dict):
                raise LoadError(source, "expected an object", outcome_place)
            for key, bucket in (("eliminated", eliminated), ("elected", elected)):
                name = outcome.get(key)
                if name is None:
                    continue
                if name not in tally:
                    raise LoadError(source, f"{name!r} is {key} but not counted in this round", f"{outcome_place}.{key}")
                bucket.append(name)
                moved = outcome.get("transfers") or {}
                if not isinstance(moved, dict):
                    raise LoadError(source, "expected an object of votes by candidate", f"{outcome_place}.transfers")
                transfers[name] = {
                    target: _number(votes, source, f"{outcome_place}.transfers[{json.dumps(target, ensure_ascii=False)}]")
                    for target, votes in moved.items()
                }
        inactive_raw = entry.get("inactiveBallots") or {}
        if not isinstance(inactive_raw, dict):
            raise LoadError(source, "expected an object", f"{place}.inactiveBallots")
        inactive: dict[InactiveKind, Decimal] = {}
        for key, votes in inactive_raw.items():
            try:
                kind = InactiveKind(key)
            except ValueError:
                raise LoadError(source, f"unknown kind of inactive ballots {key!r}", f"{place}.inactiveBallots") from None
            inactive[kind] = _number(votes, source, f"{place}.inactiveBallots.{key}")
        threshold = entry.get("threshold")
        rounds.append(Round(
            number=index + 1,
            tally=tally,
            eliminated=tuple(eliminated),
            elected=tuple(elected),
            transfers=transfers,
            inactive=inactive_counts(inactive),
            threshold=None if threshold in (None, "") else _number(threshold, source, f"{place}.threshold"),
        ))
        eliminated_before.update(eliminated)
    title = str(config.get("contest") or Path(source).stem)
    total = summary.get("totalNumBallots")
    undervotes = summary.get("undervotes")
    result = RoundResult(
        title=title,
        candidates=tuple(candidates),
        rounds=tuple(rounds),
        total_ballots=None if total is None else _number(total, source, "$.summary.totalNumBallots"),
        undervotes=None if undervotes is None else _number(undervotes, source, "$.summary.undervotes"),
        source=f"RCTab detailed report {Path(source).name}" + (f" ({config['generatedBy']})" if config.get("generatedBy") else ""),
    )
    winners = summary.get("numWinners", 1)
    if winners == 1:
        _check_adds_up(result, source, lambda n: f"$.results[{n - 1}]")
    return result


def _check_adds_up(result: RoundResult, source: str, place_of) -> None:  # type: ignore[no-untyped-def]
    wrong = result.check_totals()
    if wrong:
        number, total, expected = wrong[0]
        from ..rounds import format_votes

        raise LoadError(
            source,
            f"round {number} does not add up: its tally plus inactive ballots is {format_votes(total)}, "
            f"but round 1's is {format_votes(expected)} (a single-winner count never gains or loses ballots)",
            place_of(number),
        )
    if result.total_ballots is not None and result.undervotes is not None:
        first = result.first.active + result.first.exhausted
        if first + result.undervotes != result.total_ballots:
            from ..rounds import format_votes

            raise LoadError(
                source,
                f"round 1 counts {format_votes(first)} ballots and {format_votes(result.undervotes)} rank no one, "
                f"but the report says {format_votes(result.total_ballots)} ballots in all",
                place_of(1),
            )


# -- detailed report: CSV -------------------------------------------------------------------------

_INACTIVE_ROWS = {
    "Inactive Ballots by Overvotes": InactiveKind.OVERVOTES,
    "Inactive Ballots by Skipped Rankings": InactiveKind.SKIPPED_RANKINGS,
    "Inactive Ballots by Exhausted Choices": InactiveKind.EXHAUSTED_CHOICES,
    "Inactive Ballots by Repeated Rankings": InactiveKind.REPEATED_RANKINGS,
}
_ROUND_HEADER = re.compile(r"Round (\d+) Votes")


def read_report_csv(data: bytes, source: str) -> RoundResult:
    """RCTab's detailed report as CSV: ``Rounds`` then three columns per round (votes,
    % of vote, transfer), a row per candidate, then active, threshold and inactive rows."""
    rows = list(refusing_csv_errors(csv.reader(io.StringIO(decode_text(data, source), newline="")), source))
    info: dict[str, str] = {}
    header_index = None
    for index, row in enumerate(rows):
        if row and row[0] == "Rounds":
            header_index = index
            break
        if len(row) >= 2:
            info[row[0]] = row[1]
    if header_index is None:
        raise LoadError(source, "not an RCTab report: no 'Rounds' row")
    header = rows[header_index]
    round_columns: list[int] = []
    for column, text in enumerate(header):
        match = _ROUND_HEADER.fullmatch(text.strip())
        if match:
            if int(match.group(1)) != len(round_columns) + 1:
                raise LoadError(source, f"expected Round {len(round_columns) + 1} Votes, found {text!r}", f"line {header_index + 1}, column {column + 1}")
            round_columns.append(column)
    if not round_columns:
        raise LoadError(source, "the Rounds row names no round", f"line {header_index + 1}")
    eliminated: list[list[str]] = [[] for _ in round_columns]
    elected: list[list[str]] = [[] for _ in round_columns]
    votes_by_candidate: dict[str, list[Decimal]] = {}
    transfer_by_candidate: dict[str, list[Decimal]] = {}
    thresholds: list[Decimal | None] = [None] * len(round_columns)
    inactive: dict[InactiveKind, list[Decimal]] = {}
    tie_marked: set[str] = set()

    def cell(row: list[str], column: int, line: int, *, transfer: bool = False) -> Decimal:
        text = row[column].strip() if column < len(row) else ""
        if text == "" and transfer:
            return Decimal(0)
        return _number(text, source, f"line {line}, column {column + 1}", signed=transfer)

    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        line = index + 1
        if not row or not row[0].strip():
            if votes_by_candidate:
                break
            continue
        label = row[0]
        if label in ("Eliminated", "Elected"):
            target = eliminated if label == "Eliminated" else elected
            for n, column in enumerate(round_columns):
                text = row[column].strip() if column < len(row) else ""
                for name in (part.strip() for part in text.split("; ") if part.strip()):
                    if name.endswith("*"):
                        name = name[:-1]
                        tie_marked.add(name)
                    target[n].append(name)
        elif label in _INACTIVE_ROWS:
            inactive[_INACTIVE_ROWS[label]] = [cell(row, c, line) for c in round_columns]
        elif label == "Current Round Threshold":
            thresholds = [cell(row, c, line) for c in round_columns]
        elif label in ("Active Ballots", "Inactive Ballots Total", "Residual surplus"):
            continue
        else:
            if label in votes_by_candidate:
                raise LoadError(source, f"candidate {label!r} has two rows", f"line {line}")
            votes_by_candidate[label] = [cell(row, c, line) for c in round_columns]
            transfer_by_candidate[label] = [cell(row, c + 2, line, transfer=True) for c in round_columns]
    if not votes_by_candidate:
        raise LoadError(source, "the report lists no candidate under Rounds", f"line {header_index + 2}")
    gone: set[str] = set()
    rounds: list[Round] = []
    for n in range(len(round_columns)):
        tally = {name: votes[n] for name, votes in votes_by_candidate.items() if name not in gone}
        for name in eliminated[n] + elected[n]:
            if name not in tally:
                raise LoadError(source, f"{name!r} is named in round {n + 1} but is not a continuing candidate", f"line {header_index + 2}")
        counts = {kind: values[n] for kind, values in inactive.items()}
        transfers: dict[str, dict[str, Decimal]] = {}
        if len(eliminated[n]) == 1 and n + 1 < len(round_columns):
            # One elimination: the next round's gains are its ballots (a batch's are not separable).
            moved = {name: transfer_by_candidate[name][n] for name in tally if transfer_by_candidate[name][n] > 0}
            exhausted_before = sum(counts.values(), Decimal(0))
            exhausted_after = sum((values[n + 1] for values in inactive.values()), Decimal(0))
            if exhausted_after > exhausted_before:
                moved[EXHAUSTED] = exhausted_after - exhausted_before
            transfers[eliminated[n][0]] = moved
        rounds.append(Round(
            number=n + 1,
            tally=tally,
            eliminated=tuple(eliminated[n]),
            elected=tuple(elected[n]),
            transfers=transfers,
            inactive=inactive_counts(counts),
            threshold=thresholds[n],
            tie_broken=tuple(name for name in eliminated[n] + elected[n] if name in tie_marked),
        ))
        gone.update(eliminated[n])

    def optional(key: str) -> Decimal | None:
        return None if not info.get(key) else _number(info[key], source, f"'{key}' row")

    result = RoundResult(
        title=info.get("Contest") or Path(source).stem,
        candidates=tuple(votes_by_candidate),
        rounds=tuple(rounds),
        total_ballots=optional("Total Number of Ballots"),
        undervotes=optional("Number of Undervotes (No Rankings)"),
        source=f"RCTab detailed report {Path(source).name}" + (f" ({info['Generated By']})" if info.get("Generated By") else ""),
    )
    if info.get("Number to be Elected", "1") == "1":
        _check_adds_up(result, source, lambda n: f"Round {n} columns")
    return result


def read_rounds(path: str | os.PathLike[str]) -> RoundResult:
    """Rounds from any RCTab file: a configuration is tabulated, a report is read."""
    shown = str(path)
    lower = shown.lower()
    if lower.endswith(".csv"):
        with open_regular_file(path) as stream:
            try:
                head = stream.read(65536)
            except OSError as error:
                raise LoadError(shown, f"the file cannot be read ({error.strerror or error})") from None
        if is_rctab_report_csv(head):
            return read_report_csv(_read_bytes(Path(path)), shown)
        from .ballots import tabulate_ballots_csv

        return tabulate_ballots_csv(path)  # streamed: a ballots file may be large
    data = _read_bytes(Path(path))
    if is_rctab_config(data):
        return tabulate_config(path, data)
    if is_rctab_report(data):
        return read_report_json(data, shown)
    raise LoadError(shown, "neither an RCTab configuration, an RCTab detailed report, nor a ballots CSV")


def rounds_contest(data: bytes, source: str):  # -> Contest | None
    """The contest an RCTab configuration, an RCTab report or a ballots CSV stands for
    (its first round, with every round attached), or None when ``data`` is none of them."""
    from ..rounds import contest_from_rounds
    from .ballots import looks_like_ballots, tabulate_ballots_csv

    lower = source.lower()
    if lower.endswith(".json") and not lower.endswith(".results.json"):
        if is_rctab_config(data):
            result = tabulate_config(source, data)
        elif is_rctab_report(data):
            result = read_report_json(data, source)
        else:
            return None
    elif lower.endswith((".csv", ".txt")):
        if is_rctab_report_csv(data):
            result = read_report_csv(data, source)
        elif looks_like_ballots(data):
            result = tabulate_ballots_csv(source, data=data)
        else:
            return None
    else:
        return None
    try:
        return contest_from_rounds(result)
    except ValueError as error:
        raise LoadError(source, str(error)) from None


__all__ = [
    "rounds_contest",
    "CvrSource",
    "cast_vote_record_error",
    "configuration_naming",
    "RctabContest",
    "is_rctab_config",
    "is_rctab_report",
    "is_rctab_report_csv",
    "read_cast_vote_records",
    "read_clear_ballot",
    "read_config",
    "read_ess",
    "read_report_csv",
    "read_report_json",
    "read_rounds",
    "tabulate_config",
]
