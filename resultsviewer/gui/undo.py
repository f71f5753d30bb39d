"""Undo in the window: each ``QUndoCommand`` is a thin wrapper over one core edit.

The core's :class:`~resultsviewer.core.edits.Edit` knows how to do and undo itself and
describes what changed from what to what; the command only adds Qt's stack, its clean
state (the modified mark) and a time for the change log.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QUndoCommand, QUndoStack

from resultsviewer.core.contest import Contest
from resultsviewer.core.edits import Edit


class EditCommand(QUndoCommand):
    """One core edit on the undo stack; its text is the edit's description."""

    def __init__(self, contest: Contest, edit: Edit) -> None:
        super().__init__()
        self.contest = contest
        self.edit = edit
        self.time = datetime.now().astimezone()
        # The edit was done (and checked) before the push: the stack's first redo skips it.
        self._done = True
        self.setText(edit.description)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.edit.do(self.contest)

    def undo(self) -> None:
        self.edit.undo(self.contest)

    # Every committed edit is its own step (no merging): the History panel is an audit
    # trail, and a figure typed twice is two corrections a reader may need to see.
    # Edits are pushed by Document.apply, after the core has done (and checked) them.


def change_log(stack: QUndoStack, title: str) -> str:
    """The edits done so far (those not undone), oldest first, as a plain-text audit trail."""
    lines = [f"Change log: {title}", ""]
    for index in range(stack.index()):
        command = stack.command(index)
        when = command.time.strftime("%Y-%m-%d %H:%M:%S %z") if isinstance(command, EditCommand) else ""
        lines.append(f"{index + 1:>4}. {when}  {command.text()}")
    if stack.index() == 0:
        lines.append("(no changes)")
    return "\n".join(lines) + "\n"
