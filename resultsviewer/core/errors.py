"""The core's exception types: every problem a user can cause ends in one of these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class ContestError(Exception):
    """Base of every error the core raises on purpose (bad input, refused edit)."""


class CountError(ContestError, ValueError):
    """A vote count that is not a whole number from 0 to 2**53."""


class EditError(ContestError, ValueError):
    """An edit the contest refuses (duplicate or empty name, index out of range...)."""


class LoadError(ContestError):
    """A file that cannot be read as a contest.

    ``source`` names the file, ``place`` says where in it (``line 4, column 2`` or a
    JSON path such as ``$.categories[1].counts``), ``message`` says what was expected.
    """

    def __init__(
        self, source: str, message: str, place: str | None = None, remedy: Remedy | None = None, after: str = "",
    ) -> None:
        self.source = source
        self.place = place
        # A refusal that asks for an import option says the option between ``message``
        # and ``after``, in each front end's own words (``worded``); ``message`` is the
        # command line's, which names options as flags.
        self.remedy = remedy
        self._before, self._after = message, after
        self.message = self.worded(command_line_words)
        where = f"{source}, {place}" if place else source
        super().__init__(f"{where}: {self.message}")

    def worded(self, words: Callable[[Remedy], str]) -> str:
        """The message with its remedy, if any, said by ``words``."""
        if self.remedy is None:
            return self._before + self._after
        return self._before + words(self.remedy) + self._after


class ImportOption(Enum):
    """An import option a refusal can ask the user to set."""

    CONTEST = "contest"  # which contest of a file of many (an office, a MEDSL year)
    WHERE = "where"  # keep only the rows with these values
    BY = "by"  # what a category is: a county or a precinct


@dataclass(frozen=True)
class Remedy:
    """What the user can do to have a file read: set ``option`` (to ``value`` where one is
    suggested; for ``WHERE``, ``value`` is the filter), ``or_narrow`` with the rows kept; or, where ``named`` holds, the refusal
    only names the option that caused it ("no row has party=DEM (--where)")."""

    option: ImportOption
    value: str | None = None
    or_narrow: bool = False
    named: bool = False


def command_line_words(remedy: Remedy) -> str:
    """A remedy as the command line says it: by its flags."""
    if remedy.named:
        return f"(--{remedy.option.value})"
    if remedy.option is ImportOption.BY:
        return f"use --by {remedy.value}"
    if remedy.option is ImportOption.WHERE:
        return f"narrow with --where {remedy.value}"
    if remedy.or_narrow:
        return "name one with --contest (or narrow with --where)"
    # A MEDSL year is chosen by keeping that year's rows.
    return f"choose one with --where {remedy.value}" if remedy.value else "choose one with --contest"


class SaveError(ContestError, OSError):
    """A contest that could not be written; the old file, if any, is left whole."""

    def __init__(self, target: str, message: str) -> None:
        self.target = target
        self.message = message
        super().__init__(f"{target}: {message}")
