"""The native contest format: JSON, versioned, readable by people and kind to git diffs.

Described field by field in ``docs/file-format.md``; the JSON Schema is
``resources/contest.schema.json``. Every error names the JSON path of the offending
value (``$.categories[1].counts.Owen Smith``) and what was expected there.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from ..contest import (
    AtLeast,
    Candidate,
    Category,
    Contest,
    Declared,
    DeclaredChange,
    DeclaredShare,
    Method,
    Status,
    TieBreak,
    checked_name,
)
from ..counts import MAX_COUNT, number_text
from ..errors import ContestError, EditError, LoadError
from .limits import (
    MAX_NOTE_CHARS,
    MAX_TITLE_CHARS,
    check_contest_size,
    check_json_size,
    check_text_length,
)
from .text import decode_text

FORMAT_NAME = "resultsviewer-contest"
#: The newest version this app reads and writes. Version 2 added ``rounds``, counts known
#: in part (``{"at_least": 120, "withheld": 3}``) and an unknown status (absent or null);
#: a contest needing none of them is still written as version 1, which older apps read.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
EXTENSIONS = (".results.json", ".json")

#: JSON deeper than this is refused before parsing: a contest is at most five levels deep.
MAX_DEPTH = 64

_TOP_KEYS = {
    "format", "version", "title", "date", "status", "source", "notes", "method",
    "electorate", "candidates", "categories", "declared", "tie_break", "rounds",
}
_CANDIDATE_KEYS = {"name", "party", "colour"}
_CATEGORY_KEYS = {"name", "code", "electorate", "weight", "rejected", "electoral_votes", "counts"}
_DECLARED_KEYS = {
    "candidates", "categories", "category_winners", "valid_votes", "rejected", "ballots_cast", "electorate", "turnout",
    "share_changes",
}
_DECLARED_CANDIDATE_KEYS = {"votes", "share"}


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> LoadError:
        return LoadError(self.source, message, path)

    def object(self, value: Any, path: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object {{...}}, found {_kind(value)}")
        unknown = sorted(set(value) - allowed)
        if unknown:
            expected = sorted(allowed)
            listed = ", ".join(expected[:12]) + (", ..." if len(expected) > 12 else "")
            raise self.fail(f"{path}.{unknown[0]}", f"unknown field {unknown[0]!r}; expected one of {listed}")
        return value

    def list(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list [...], found {_kind(value)}")
        return value

    def text(self, value: Any, path: str, *, optional: bool = True, limit: int = MAX_TITLE_CHARS) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(path, f"expected text, found {_kind(value)}")
        check_text_length(self.source, value, f"text at {path}", limit, path)
        return value

    def name(self, value: Any, path: str) -> str:
        text = self.text(value, path, optional=False)
        assert text is not None
        if not text.strip():
            raise self.fail(path, "a name cannot be empty")
        try:
            return checked_name(text, "name")  # the contest's rules, said here with the path
        except EditError as error:
            raise self.fail(path, str(error)) from None

    def count(self, value: Any, path: str, *, optional: bool = True) -> int | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(path, f"expected a whole number of votes, found {_kind(value)}")
        written = value
        if isinstance(value, float):
            if not math.isfinite(value) or not value.is_integer():
                raise self.fail(path, f"expected a whole number of votes, found {value!r}")
            value = int(value)
        if value < 0:
            raise self.fail(path, f"a count cannot be negative ({number_text(written)})")
        if value > MAX_COUNT:
            raise self.fail(path, f"{number_text(written)} is larger than the largest count accepted ({MAX_COUNT:,})")
        return value

    def cell(self, value: Any, path: str, version: int) -> int | None:
        """A count in the table: a number, null (withheld) or, from version 2, a count
        known in part ``{"at_least": 120, "withheld": 3}``."""
        if not isinstance(value, dict):
            return self.count(value, path)
        if version < 2:
            raise self.fail(path, "a count known in part (at_least) needs format version 2; this file says version 1")
        entry = self.object(value, path, {"at_least", "withheld"})
        known = self.count(entry.get("at_least"), f"{path}.at_least", optional=False)
        withheld = self.count(entry.get("withheld"), f"{path}.withheld", optional=False)
        if not withheld:
            raise self.fail(f"{path}.withheld", "a count known in part has at least one withheld value")
        return AtLeast(known or 0, withheld)

    def share(self, value: Any, path: str) -> DeclaredShare | None:
        if value is None:
            return None
        try:
            return DeclaredShare.parse(value)
        except ValueError as error:
            raise self.fail(path, str(error)) from None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    return "an object"


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _check_structure(text: str, source: str) -> None:
    """Refuse absurd nesting, too many values and a count of -0 before parsing.

    With the strings cut out (a regular expression, at C speed), every comma and bracket
    left is structure: their count bounds the values the parser would make, so the
    memory a file can take is bounded before it is parsed (see :mod:`.limits`). The depth
    is measured on the brackets alone; only a file that is too deep is scanned character
    by character, for the line to show.
    """
    structure = _JSON_STRING.sub("", text)
    check_json_size(structure, source)
    _check_negative_zero(structure, text, source)
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    brackets = _NOT_BRACKET.sub("", structure)
    del structure
    if max(accumulate(1 if char in "[{" else -1 for char in brackets), default=0) <= MAX_DEPTH:
        return
    depth = 0
    in_string = False
    escaped = False
    line = 1
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadError(source, f"the JSON is nested more than {MAX_DEPTH} levels deep; a contest file is not", f"line {line}")
        elif char in "]}":
            depth -= 1
        elif char == "\n":
            line += 1


def loads(data: bytes, source: str) -> Contest:
    """Read a native contest file's bytes; ``source`` names the file in messages."""
    text = decode_text(data, source)
    _check_structure(text, source)
    strict = _StrictJSON()
    try:
        document = json.loads(
            text, parse_constant=strict.constant, parse_float=strict.float, object_pairs_hook=strict.object
        )
    except json.JSONDecodeError as error:
        message = error.msg
        if error.pos >= len(text.rstrip()):
            message += " (the file seems cut short)"
        raise LoadError(source, f"not valid JSON: {message}", f"line {error.lineno}, column {error.colno}") from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (a CPU-time guard).
        raise LoadError(source, "a number in the file has thousands of digits; no count is that long") from None
    except RecursionError:
        raise LoadError(source, "the JSON is nested too deeply") from None
    if strict.found:
        path = _path_of(document, lambda value: isinstance(value, (_Refused, _DuplicateKeys))) or "$"
        raise LoadError(source, strict.message, path)
    # A "\ud800" escape alone is valid JSON but no text at all: it could never be saved again.
    if _SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            path = _path_of(document, _has_lone_surrogate) or "$"
            raise LoadError(source, "the text holds a broken character (a lone UTF-16 surrogate escape)", path) from None
    return from_document(document, source)


#: A number written with a minus sign and no other digit than zeros: -0, -0.0, -0e5.
_NEGATIVE_ZERO = re.compile(r"(?<![0-9.eE+-])-0+(?:\.0*)?(?:[eE][+-]?[0-9]+)?(?![0-9.eE])")


def _check_negative_zero(structure: str, text: str, source: str) -> None:
    """Refuse ``-0``: the CSV readers refuse a count with a minus sign, zero or not, and
    both formats keep one rule (a minus sign says the column is a change, not a count)."""
    if "-" not in structure or not _NEGATIVE_ZERO.search(structure):
        return
    # Found in the text without its strings; the line is that of the text itself.
    for line_number, line in enumerate(text.splitlines(), start=1):
        cut = _JSON_STRING.sub("", line)
        found = _NEGATIVE_ZERO.search(cut)
        if found:
            raise LoadError(
                source,
                f"the number {found.group()} has a minus sign: counts and weights cannot be negative "
                "(a minus sign, even before a zero, says this is a change, not a count)",
                f"line {line_number}",
            )
    raise LoadError(source, "a number -0 has a minus sign: counts and weights cannot be negative")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _has_lone_surrogate(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Refused(str):
    """What the parser returns for NaN, Infinity and 1e400, to find its JSON path after."""


class _DuplicateKeys(dict):
    """An object in which a key appears twice, kept to find its JSON path after."""


class _StrictJSON:
    """Parser hooks refusing what Python's json accepts but a contest must not hold.

    NaN and Infinity are not JSON (RFC 8259) and are no count; a number too large for a
    float (1e400) would read as infinity. A key given twice in one object is refused, not
    resolved: json keeps the last silently, and a results file must not have a count
    typed twice with nobody knowing which one is read. The first problem found is
    reported with its JSON path.
    """

    def __init__(self) -> None:
        self.message = ""

    @property
    def found(self) -> bool:
        return bool(self.message)

    def constant(self, token: str) -> _Refused:
        self.message = self.message or f"{token} is not a number a contest can hold (and not standard JSON)"
        return _Refused(token)

    def float(self, token: str) -> float | _Refused:
        value = float(token)
        if math.isfinite(value):
            return value
        self.message = self.message or f"the number {token} is too large to be read"
        return _Refused(token)

    def object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(pairs)
        if len(value) == len(pairs):
            return value
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        self.message = self.message or f"the key {duplicate!r} appears twice in one object; keep only one"
        return _DuplicateKeys(value)


def _path_of(value: Any, wanted: Any, path: str = "$") -> str | None:
    """The JSON path of the first value ``wanted`` accepts, depth first."""
    if wanted(value):
        return path
    if isinstance(value, dict):
        for key, item in value.items():
            found = _path_of(item, wanted, f"{path}.{key}")
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _path_of(item, wanted, f"{path}[{index}]")
            if found:
                return found
    return None


def from_document(document: Any, source: str) -> Contest:
    """Build a contest from parsed JSON, checking every field."""
    read = _Reader(source)
    if not isinstance(document, dict):
        raise read.fail("$", f"expected a contest object {{\"format\": \"{FORMAT_NAME}\", ...}}, found {_kind(document)}")
    if document.get("format") != FORMAT_NAME:
        found = _kind(document.get("format")) if "format" in document else "no format field"
        raise read.fail("$.format", f"this JSON is not a Results Viewer contest (expected \"format\": \"{FORMAT_NAME}\", found {found})")
    version = document.get("version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):  # true == 1 in Python
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise read.fail("$.version", f"the file is format version {version}, newer than this app reads ({FORMAT_VERSION}); update Results Viewer")
        raise read.fail("$.version", f"expected version {' or '.join(map(str, READABLE_VERSIONS))}, found {_kind(version)}")
    read.object(document, "$", _TOP_KEYS)

    title = read.text(document.get("title"), "$.title") or "Untitled contest"
    # Version 1 read an absent status as provisional; from version 2 it is unknown.
    status_text = read.text(document.get("status"), "$.status") or (Status.PROVISIONAL.value if version == 1 else None)
    try:
        status = None if status_text is None else Status(status_text)
    except ValueError:
        raise read.fail("$.status", f"expected provisional, final or certified, found {status_text!r}") from None
    method_text = read.text(document.get("method"), "$.method") or Method.SUM.value
    try:
        method = Method(method_text)  # the old "electoral-college" opens as "sections"
    except ValueError:
        expected = ", ".join(m.value for m in Method)
        raise read.fail("$.method", f"expected one of {expected}, found {method_text!r}") from None

    raw_candidates = read.list(document.get("candidates"), "$.candidates")
    raw_categories = read.list(document.get("categories"), "$.categories")
    check_contest_size(source, len(raw_categories), len(raw_candidates), "$.categories")
    candidates: list[Candidate] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(raw_candidates):
        path = f"$.candidates[{index}]"
        entry = read.object(entry, path, _CANDIDATE_KEYS)
        name = read.name(entry.get("name"), f"{path}.name")
        if name.casefold() in seen:
            raise read.fail(f"{path}.name", f"duplicate candidate name {name!r}")
        seen[name.casefold()] = name
        candidates.append(
            Candidate(name, read.text(entry.get("party"), f"{path}.party"), read.text(entry.get("colour"), f"{path}.colour"))
        )
    names = [candidate.name for candidate in candidates]
    names_set = set(names)

    categories: list[Category] = []
    counts: list[list[int | None]] = []
    seen_categories: set[str] = set()
    for index, entry in enumerate(raw_categories):
        path = f"$.categories[{index}]"
        entry = read.object(entry, path, _CATEGORY_KEYS)
        name = read.name(entry.get("name"), f"{path}.name")
        if name.casefold() in seen_categories:
            raise read.fail(f"{path}.name", f"duplicate category name {name!r}")
        seen_categories.add(name.casefold())
        weight = entry.get("weight")
        if weight is not None and (
            isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0
        ):
            raise read.fail(f"{path}.weight", f"expected a weight from 0 up, found {_kind(weight)}")
        categories.append(
            Category(
                name,
                electorate=read.count(entry.get("electorate"), f"{path}.electorate"),
                weight=None if weight is None else float(weight),
                rejected=read.count(entry.get("rejected"), f"{path}.rejected"),
                electoral_votes=read.count(entry.get("electoral_votes"), f"{path}.electoral_votes"),
                code=read.text(entry.get("code"), f"{path}.code"),
            )
        )
        raw_counts = entry.get("counts", {})
        if isinstance(raw_counts, list):
            # Accepted for hand-written files: counts in the order of the candidates.
            if len(raw_counts) != len(names):
                raise read.fail(f"{path}.counts", f"expected {len(names)} counts (one per candidate), found {len(raw_counts)}")
            row = [read.cell(value, f"{path}.counts[{i}]", version) for i, value in enumerate(raw_counts)]
        else:
            raw_counts = read.object(raw_counts, f"{path}.counts", names_set)
            # Most rows are whole numbers in range: checked in C, row by row; any other
            # row goes cell by cell, for the message naming the cell's JSON path.
            plain: list[Any] = [raw_counts.get(candidate, 0) for candidate in names]
            if not plain or (set(map(type, plain)) == {int} and min(plain) >= 0 and max(plain) <= MAX_COUNT):
                counts.append(plain)
                continue
            row = []
            for candidate in names:
                value_path = f"{path}.counts.{candidate}"
                # A missing candidate counts 0; an explicit null is a withheld (unknown) count.
                row.append(read.cell(raw_counts[candidate], value_path, version) if candidate in raw_counts else 0)
        counts.append(row)

    declared = _declared(read, document.get("declared"), names, [c.name for c in categories])
    tie_break = None
    if document.get("tie_break") is not None:
        entry = read.object(document["tie_break"], "$.tie_break", {"winner", "method", "note"})
        winner = read.name(entry.get("winner"), "$.tie_break.winner")
        if winner not in names:
            raise read.fail("$.tie_break.winner", f"{winner!r} is not one of the candidates")
        tie_break = TieBreak(
            winner,
            read.text(entry.get("method"), "$.tie_break.method") or "drawing of lots",
            read.text(entry.get("note"), "$.tie_break.note", limit=MAX_NOTE_CHARS),
        )
    try:
        contest = Contest(
            title,
            candidates,
            categories,
            counts,
            date=read.text(document.get("date"), "$.date"),
            status=status,
            source=read.text(document.get("source"), "$.source", limit=MAX_NOTE_CHARS),
            notes=read.text(document.get("notes"), "$.notes", limit=MAX_NOTE_CHARS),
            method=method,
            electorate=read.count(document.get("electorate"), "$.electorate"),
            declared=declared,
            tie_break=tie_break,
        )
    except LoadError:
        raise  # a field read above, already naming its JSON path
    except ContestError as error:
        raise LoadError(source, str(error)) from None
    if document.get("rounds") is not None:
        from .native_rounds import rounds_from_document  # a contest decided in rounds only

        contest.rounds = rounds_from_document(document["rounds"], source, title)
        unknown = [name for name in contest.rounds.candidates if name not in names]
        if unknown:
            raise read.fail("$.rounds", f"{unknown[0]!r} is counted in the rounds but is not one of the candidates")
    return contest


def _declared(read: _Reader, value: Any, candidates: list[str], categories: list[str]) -> Declared:
    declared = Declared()
    if value is None:
        return declared
    entry = read.object(value, "$.declared", _DECLARED_KEYS)
    by_candidate = read.object(entry.get("candidates", {}), "$.declared.candidates", set(candidates))
    for name, figures in by_candidate.items():
        path = f"$.declared.candidates.{name}"
        figures = read.object(figures, path, _DECLARED_CANDIDATE_KEYS)
        votes = read.count(figures.get("votes"), f"{path}.votes")
        if votes is not None:
            declared.candidate_totals[name] = votes
        share = read.share(figures.get("share"), f"{path}.share")
        if share is not None:
            declared.candidate_shares[name] = share
    by_category = read.object(entry.get("categories", {}), "$.declared.categories", set(categories))
    for name, votes in by_category.items():
        total = read.count(votes, f"$.declared.categories.{name}")
        if total is not None:
            declared.category_totals[name] = total
    winners = read.object(entry.get("category_winners", {}), "$.declared.category_winners", set(categories))
    for name, winner in winners.items():
        path = f"$.declared.category_winners.{name}"
        winner_name = read.name(winner, path)
        if winner_name not in candidates:
            raise read.fail(path, f"{winner_name!r} is not one of the candidates")
        declared.category_winners[name] = winner_name
    declared.valid_votes = read.count(entry.get("valid_votes"), "$.declared.valid_votes")
    declared.rejected = read.count(entry.get("rejected"), "$.declared.rejected")
    declared.ballots_cast = read.count(entry.get("ballots_cast"), "$.declared.ballots_cast")
    declared.electorate = read.count(entry.get("electorate"), "$.declared.electorate")
    declared.turnout = read.share(entry.get("turnout"), "$.declared.turnout")
    changes = read.object(entry.get("share_changes", {}), "$.declared.share_changes", set(categories))
    for category, by_candidate in changes.items():
        by_candidate = read.object(by_candidate, f"$.declared.share_changes.{category}", set(candidates))
        for name, figure in by_candidate.items():
            path = f"$.declared.share_changes.{category}.{name}"
            figure = read.object(figure, path, {"points", "fraction"})
            if len(figure) != 1:
                raise read.fail(path, 'expected one of "points" or "fraction"')
            unit, text = next(iter(figure.items()))
            try:
                declared.share_changes[(category, name)] = DeclaredChange(
                    read.text(text, f"{path}.{unit}", optional=False) or "", "points" if unit == "points" else "fraction"
                )
            except ValueError as error:
                raise read.fail(f"{path}.{unit}", str(error)) from None
    return declared


def to_document(contest: Contest) -> dict[str, Any]:
    """The contest as a JSON-ready dict; empty optional fields are left out."""
    needs_version_2 = contest.rounds is not None or contest.partial_cells or contest.status is None
    version = FORMAT_VERSION if needs_version_2 else 1
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": version, "title": contest.title}
    for name in ("date", "source", "notes"):
        if getattr(contest, name):
            document[name] = getattr(contest, name)
    if contest.status is not None:
        document["status"] = contest.status.value
    document["method"] = contest.method.value
    if contest.electorate is not None:
        document["electorate"] = contest.electorate
    document["candidates"] = [
        {key: value for key, value in (("name", c.name), ("party", c.party), ("colour", c.colour)) if value is not None}
        for c in contest.candidates
    ]
    names = [candidate.name for candidate in contest.candidates]
    categories = []
    for index, category in enumerate(contest.categories):
        entry: dict[str, Any] = {"name": category.name}
        for key in ("code", "electorate", "weight", "rejected", "electoral_votes"):
            if getattr(category, key) is not None:
                entry[key] = getattr(category, key)
        row = contest.row(index)
        entry["counts"] = dict(zip(names, map(_cell, row) if contest.category_inexact(index) else row))
        categories.append(entry)
    document["categories"] = categories
    declared = contest.declared
    if not declared.is_empty():
        out: dict[str, Any] = {}
        by_candidate: dict[str, Any] = {}
        for name in names:
            figures: dict[str, Any] = {}
            if name in declared.candidate_totals:
                figures["votes"] = declared.candidate_totals[name]
            if name in declared.candidate_shares:
                figures["share"] = declared.candidate_shares[name].text + "%"
            if figures:
                by_candidate[name] = figures
        if by_candidate:
            out["candidates"] = by_candidate
        if declared.category_totals:
            out["categories"] = {
                name: declared.category_totals[name] for name in contest.category_names if name in declared.category_totals
            }
        if declared.category_winners:
            out["category_winners"] = {
                name: declared.category_winners[name]
                for name in contest.category_names
                if name in declared.category_winners
            }
        for key in ("valid_votes", "rejected", "ballots_cast", "electorate"):
            if getattr(declared, key) is not None:
                out[key] = getattr(declared, key)
        if declared.turnout is not None:
            out["turnout"] = declared.turnout.text + "%"
        if declared.share_changes:
            changes: dict[str, dict[str, Any]] = {}
            for (category_name, name), change in declared.share_changes.items():
                changes.setdefault(category_name, {})[name] = {change.unit: change.text}
            out["share_changes"] = changes
        document["declared"] = out
    if contest.tie_break is not None:
        tie: dict[str, Any] = {"winner": contest.tie_break.winner, "method": contest.tie_break.method}
        if contest.tie_break.note:
            tie["note"] = contest.tie_break.note
        document["tie_break"] = tie
    if contest.rounds is not None:
        from .native_rounds import rounds_to_document  # a contest decided in rounds only

        document["rounds"] = rounds_to_document(contest.rounds)
    return document


def _cell(value: int | None) -> Any:
    if type(value) is AtLeast:
        return {"at_least": int(value), "withheld": value.withheld}
    return value


def encoder() -> json.JSONEncoder:
    """How a native file is written: indented, any language's letters as they are."""
    return json.JSONEncoder(indent=2, ensure_ascii=False)


def dumps(contest: Contest) -> bytes:
    return (encoder().encode(to_document(contest)) + "\n").encode("utf-8")
