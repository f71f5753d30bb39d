"""The core's exception types: every problem a user can cause ends in one of these."""

from __future__ import annotations


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

    def __init__(self, source: str, message: str, place: str | None = None) -> None:
        self.source = source
        self.place = place
        self.message = message
        where = f"{source}, {place}" if place else source
        super().__init__(f"{where}: {message}")


class SaveError(ContestError, OSError):
    """A contest that could not be written; the old file, if any, is left whole."""

    def __init__(self, target: str, message: str) -> None:
        self.target = target
        self.message = message
        super().__init__(f"{target}: {message}")
