"""The ``rounds`` key of the native format (version 2): a contest decided in several rounds.

Kept apart from :mod:`.native` so the rest of the format is untouched: ``native`` calls
:func:`rounds_to_document` when a contest has rounds and :func:`rounds_from_document`
when a file has the key. Counts are JSON integers, or decimal strings (``"12.5"``) for the
fractional counts of a multi-seat report, never floats that would round.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import LoadError
from ..rounds import InactiveKind, Round, RoundResult, inactive_counts

_ROUNDS_KEYS = {"source", "derived", "total_ballots", "undervotes", "rules", "rounds"}
_ROUND_KEYS = {"round", "tally", "eliminated", "elected", "transfers", "inactive", "threshold", "tie_broken"}


def _number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else str(value.normalize())


def rounds_to_document(result: RoundResult) -> dict[str, Any]:
    document: dict[str, Any] = {"source": result.source, "derived": result.derived}
    if result.total_ballots is not None:
        document["total_ballots"] = _number(result.total_ballots)
    if result.undervotes is not None:
        document["undervotes"] = _number(result.undervotes)
    if result.rules:
        document["rules"] = list(result.rules)
    rounds = []
    for round_ in result.rounds:
        entry: dict[str, Any] = {
            "round": round_.number,
            "tally": {name: _number(votes) for name, votes in round_.tally.items()},
        }
        if round_.eliminated:
            entry["eliminated"] = list(round_.eliminated)
        if round_.elected:
            entry["elected"] = list(round_.elected)
        if round_.transfers:
            entry["transfers"] = {
                source: {target: _number(votes) for target, votes in targets.items()}
                for source, targets in round_.transfers.items()
            }
        entry["inactive"] = {kind.value: _number(votes) for kind, votes in round_.inactive.items()}
        if round_.threshold is not None:
            entry["threshold"] = _number(round_.threshold)
        if round_.tie_broken:
            entry["tie_broken"] = list(round_.tie_broken)
        rounds.append(entry)
    document["rounds"] = rounds
    return document


def rounds_from_document(value: Any, source: str, title: str, path: str = "$.rounds") -> RoundResult:
    """Read the ``rounds`` object; every error names its JSON path."""

    def fail(where: str, message: str) -> LoadError:
        return LoadError(source, message, where)

    def obj(item: Any, where: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(item, dict):
            raise fail(where, "expected an object {...}")
        unknown = sorted(set(item) - allowed)
        if unknown:
            raise fail(f"{where}.{unknown[0]}", f"unknown field {unknown[0]!r}; expected one of {', '.join(sorted(allowed))}")
        return item

    def number(item: Any, where: str) -> Decimal:
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise fail(where, "expected a whole number or a decimal in a string")
        try:
            result = Decimal(item) if isinstance(item, int) else Decimal(item.strip())
        except InvalidOperation:
            raise fail(where, f"expected a number, found {item!r}") from None
        if not result.is_finite() or result < 0:
            raise fail(where, f"expected a count from 0 up, found {item!r}")
        return result

    def names(item: Any, where: str, known: dict[str, Decimal]) -> tuple[str, ...]:
        if item is None:
            return ()
        if not isinstance(item, list) or not all(isinstance(n, str) for n in item):
            raise fail(where, "expected a list of candidate names")
        for n in item:
            if n not in known:
                raise fail(where, f"{n!r} is not counted in this round")
        return tuple(item)

    document = obj(value, path, _ROUNDS_KEYS)
    entries = document.get("rounds")
    if not isinstance(entries, list) or not entries:
        raise fail(f"{path}.rounds", "expected a list of at least one round")
    rounds: list[Round] = []
    candidates: list[str] = []
    for index, entry in enumerate(entries):
        where = f"{path}.rounds[{index}]"
        entry = obj(entry, where, _ROUND_KEYS)
        if entry.get("round") != index + 1 or isinstance(entry.get("round"), bool):
            raise fail(f"{where}.round", f"expected round {index + 1}")
        tally_raw = obj(entry.get("tally"), f"{where}.tally", set(entry.get("tally") or {}))
        tally = {name: number(votes, f"{where}.tally.{name}") for name, votes in tally_raw.items()}
        for name in tally:
            if name not in candidates:
                candidates.append(name)
        transfers_raw = entry.get("transfers") or {}
        if not isinstance(transfers_raw, dict):
            raise fail(f"{where}.transfers", "expected an object of votes by candidate")
        transfers = {}
        for origin, targets in transfers_raw.items():
            if not isinstance(targets, dict):
                raise fail(f"{where}.transfers.{origin}", "expected an object of votes by candidate")
            transfers[origin] = {t: number(v, f"{where}.transfers.{origin}.{t}") for t, v in targets.items()}
        inactive_raw = entry.get("inactive") or {}
        if not isinstance(inactive_raw, dict):
            raise fail(f"{where}.inactive", "expected an object")
        inactive = {}
        for key, votes in inactive_raw.items():
            try:
                kind = InactiveKind(key)
            except ValueError:
                raise fail(f"{where}.inactive.{key}", f"unknown kind; expected one of {', '.join(k.value for k in InactiveKind)}") from None
            inactive[kind] = number(votes, f"{where}.inactive.{key}")
        threshold = entry.get("threshold")
        rounds.append(Round(
            number=index + 1,
            tally=tally,
            eliminated=names(entry.get("eliminated"), f"{where}.eliminated", tally),
            elected=names(entry.get("elected"), f"{where}.elected", tally),
            transfers=transfers,
            inactive=inactive_counts(inactive),
            threshold=None if threshold is None else number(threshold, f"{where}.threshold"),
            tie_broken=names(entry.get("tie_broken"), f"{where}.tie_broken", tally),
        ))
    rules = document.get("rules") or []
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise fail(f"{path}.rules", "expected a list of texts")
    total = document.get("total_ballots")
    undervotes = document.get("undervotes")
    derived = document.get("derived", False)
    if not isinstance(derived, bool):
        raise fail(f"{path}.derived", "expected true or false")
    src = document.get("source") or ""
    if not isinstance(src, str):
        raise fail(f"{path}.source", "expected text")
    return RoundResult(
        title=title,
        candidates=tuple(candidates),
        rounds=tuple(rounds),
        total_ballots=None if total is None else number(total, f"{path}.total_ballots"),
        undervotes=None if undervotes is None else number(undervotes, f"{path}.undervotes"),
        source=src,
        derived=derived,
        rules=tuple(rules),
    )


__all__ = ["rounds_from_document", "rounds_to_document"]
