"""The document: one open contest, where it came from, its history and its clean state.

Every change comes in through :meth:`Document.apply` (the table's cells and headers, the
menus, the dialogs): the core edit is done and checked first, then pushed on the undo
stack, so a refused edit leaves neither the contest nor the history changed. The views
listen: to the contest's own events for what changed where (the table model, the chart),
and to this object's signals for what the document is (a new contest, its origin, its
modified mark, a refusal).

On the Qt side because its history *is* a ``QUndoStack`` (clean state, ``QUndoView``,
undo actions); the rest of what it knows is the core's: the contest, the
:class:`~resultsviewer.core.formats.opening.Origin`, the tally. Nothing here is
window-specific, so two documents (a comparison, a baseline) can stand side by side.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from resultsviewer.core.contest import Candidate, Category, Contest, ContestEvent, StructureChange
from resultsviewer.core.edits import Edit, rounds_refusal
from resultsviewer.core.errors import ContestError
from resultsviewer.core.formats import FileFormat, write_contest
from resultsviewer.core.formats.opening import Origin
from resultsviewer.core.tally import CategoryChecks, Tally

from .undo import EditCommand


def blank_contest() -> Contest:
    """What File > New starts from: two candidates and one category, all counts zero."""
    return Contest(
        "Untitled contest",
        [Candidate("Candidate A"), Candidate("Candidate B")],
        [Category("All voters")],
    )


class Document(QObject):
    """One contest being looked at and edited, with its origin and its undo history."""

    #: Another contest is shown (opened, new, reloaded, recovered): views reset once.
    contest_replaced = Signal(object)
    #: The figures may have changed (any edit, undo or redo, or a new contest): the tally is new.
    tally_changed = Signal()
    #: The path, format or name changed (opened, saved as).
    origin_changed = Signal()
    #: The modified mark: True when there are unsaved changes.
    modified_changed = Signal(bool)
    #: An edit the core refused, in words for the status bar.
    edit_refused = Signal(str)

    def __init__(self, contest: Contest, origin: Origin | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._contest = contest
        self._origin = origin or Origin()
        self._tally: Tally | None = None
        #: What the tally finds category by category, kept up to date with each edit.
        self._checks = CategoryChecks(contest)
        #: The file as this document last read or wrote it, (mtime_ns, size): Save asks before
        #: overwriting anything else (another window's save, which the user chose not to reload).
        self.read_signature: tuple[int, int] | None = None
        contest.subscribe(self._on_contest_event)

    # --- what the document is ---------------------------------------------------------

    @property
    def contest(self) -> Contest:
        return self._contest

    @property
    def origin(self) -> Origin:
        return self._origin

    @property
    def file_path(self) -> Path | None:
        """Where Save writes without asking; None for a new, imported or example document."""
        return self._origin.save_path

    @property
    def name(self) -> str:
        return self._origin.name

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def tally(self) -> Tally:
        """The tally of the current figures, computed once per change in O(candidates)."""
        if self._tally is None:
            self._tally = Tally(self._contest, checks=self._checks)
        return self._tally

    # --- the one way in for a change ----------------------------------------------------

    def apply(self, edit: Edit, where: str = "") -> bool:
        """Do ``edit`` and push it on the history; a refusal is announced (``where: why``).

        A contest decided in rounds refuses what would leave its rounds behind (a count, a
        candidate, a category: :func:`~resultsviewer.core.edits.rounds_refusal`) before the
        edit runs, whichever view or command it came from.
        """
        refused = rounds_refusal(self._contest, edit)
        if refused is not None:
            self.edit_refused.emit(f"{where}: {refused}" if where else refused)
            return False
        try:
            edit.do(self._contest)
        except ContestError as error:
            self.edit_refused.emit(f"{where}: {error}" if where else str(error))
            return False
        if edit.changed(self._contest):
            self.undo_stack.push(EditCommand(self._contest, edit))
        return True

    def refuse(self, message: str) -> None:
        """Announce a change refused before it reached the core (a word typed as a count)."""
        self.edit_refused.emit(message)

    # --- replacing and saving ---------------------------------------------------------

    def replace(self, contest: Contest, origin: Origin) -> None:
        """Show another contest: an empty history, clean, and one reset of every view."""
        if contest is not self._contest:
            self._contest.unsubscribe(self._on_contest_event)
            self._contest = contest
            contest.subscribe(self._on_contest_event)
        if origin.path is not None:
            # A later Save must not depend on the working folder.
            origin = dataclasses.replace(origin, path=Path(os.path.abspath(origin.path)))
        self._origin = origin
        self._tally = None
        self._checks = CategoryChecks(contest)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.contest_replaced.emit(contest)
        self.origin_changed.emit()
        self.tally_changed.emit()

    def mark_recovered(self) -> None:
        """The contest holds changes no file has (recovered after a crash): modified until saved."""
        self.undo_stack.resetClean()

    def save_to(
        self, path: str | os.PathLike[str], file_format: FileFormat | None = None, *, complete: bool = True
    ) -> FileFormat:
        """Write the contest atomically (in ``file_format``, else the one the extension names);
        raises ContestError.

        ``complete=False``: the format left part of the contest out, so the file is not the
        document: it stays modified (closing asks to save it) rather than marked clean.
        """
        path = Path(os.path.abspath(path))
        file_format = write_contest(self._contest, path, file_format)
        self._origin = Origin(path, file_format, path.name)
        if complete:
            self.undo_stack.setClean()
        else:
            self.undo_stack.resetClean()
        self.origin_changed.emit()
        return file_format

    def close(self) -> None:
        """Stop listening to the contest (the window is closing)."""
        self._contest.unsubscribe(self._on_contest_event)

    # --- following the contest and the history ----------------------------------------------

    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    def _on_contest_event(self, event: ContestEvent) -> None:
        if isinstance(event, StructureChange) and not event.done:
            return  # the figures change when it is done
        self._checks.follow(event)  # first: the views read the tally when told it changed
        self._tally = None
        self.tally_changed.emit()


__all__ = ["Document", "blank_contest"]
