"""The window's edit commands: which candidate or category they act on (the current cell,
or the one given), the dialog that asks for a name or a colour, and the core edit, which
goes to :meth:`Document.apply` like every other change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QDialog, QInputDialog, QTableView, QWidget

from resultsviewer.core.contest import Axis, Candidate, Category, Method
from resultsviewer.core.edits import InsertItem, MoveItem, RemoveItem, SetProperties, UpdateItem
from resultsviewer.core.palette import candidate_colour
from resultsviewer.core.parties import MergeParties, party_of

from .document import Document
from .properties_dialog import CategoryPropertiesDialog, ContestPropertiesDialog


class EditCommands:
    """Add, remove, move, rename and colour candidates and categories; contest properties."""

    def __init__(self, document: Document, table: QTableView, parent: QWidget, say: Callable[[str], None]) -> None:
        self.document = document
        self.table = table
        self.parent = parent
        #: Tells the user something in passing (the status bar).
        self.say = say

    def _size(self, axis: Axis) -> int:
        contest = self.document.contest
        return contest.candidate_count if axis is Axis.CANDIDATE else contest.category_count

    def current(self, axis: Axis) -> int | None:
        """The current cell's candidate (its column) or category (its row), if it is on one."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        position = index.column() if axis is Axis.CANDIDATE else index.row()
        return position if position < self._size(axis) else None

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self.parent, title, label, text=text)
        return name if ok and name.strip() else None

    def _chosen(self, axis: Axis, index: int | None) -> int | None:
        """``index``, or the current cell's candidate or category; None after saying to pick one."""
        chosen = self.current(axis) if index is None else index
        if chosen is None:
            where = "column" if axis is Axis.CANDIDATE else "row"
            self.say(f"Select a cell in the {axis.value}'s {where} first")
        return chosen

    def add(self, axis: Axis, name: str | None = None) -> bool:
        """Add a candidate (a column) or a category (a row) after the current one, or at the end."""
        what = "candidate" if axis is Axis.CANDIDATE else "category of voters"
        name = name or self._ask_name(f"Add {axis.value.capitalize()}", f"Name of the new {what}:")
        if name is None:
            return False
        current = self.current(axis)
        item = Candidate(name) if axis is Axis.CANDIDATE else Category(name)
        return self.document.apply(InsertItem(axis, self._size(axis) if current is None else current + 1, item))

    def remove(self, axis: Axis, index: int | None = None) -> bool:
        index = self._chosen(axis, index)
        return index is not None and self.document.apply(RemoveItem(axis, index))

    def move(self, axis: Axis, step: int, index: int | None = None) -> bool:
        index = self.current(axis) if index is None else index
        if index is None or not 0 <= index + step < self._size(axis):
            return False
        if not self.document.apply(MoveItem(axis, index, index + step)):
            return False
        # The current cell follows the item it was on.
        current = self.table.currentIndex()
        row, column = (current.row(), index + step) if axis is Axis.CANDIDATE else (index + step, current.column())
        model = self.table.model()
        self.table.setCurrentIndex(model.index(row, max(column, 0)))
        return True

    def rename(self, axis: Axis, index: int | None = None, name: str | None = None) -> bool:
        index = self.current(axis) if index is None else index
        if index is None or not 0 <= index < self._size(axis):
            return False
        contest = self.document.contest
        old = (contest.candidate if axis is Axis.CANDIDATE else contest.category)(index).name
        name = name or self._ask_name(f"Rename {axis.value}", f"New name for {old!r}:", old)
        if name is None or name == old:
            return False
        return self.document.apply(UpdateItem(axis, index, {"name": name}))

    def choose_colour(self, index: int | None = None, colour: str | None = None) -> bool:
        index = self._chosen(Axis.CANDIDATE, index)
        if index is None:
            return False
        contest = self.document.contest
        if colour is None:
            chosen = QColorDialog.getColor(
                QColor(candidate_colour(contest, index)), self.parent, f"Colour of {contest.candidate(index).name}"
            )
            if not chosen.isValid():
                return False
            colour = chosen.name()
        return self.document.apply(UpdateItem(Axis.CANDIDATE, index, {"colour": colour}))

    def edit_properties(self) -> bool:
        dialog = ContestPropertiesDialog(self.document.contest, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changes():
            return False
        return self.document.apply(SetProperties(dialog.changes()))

    def edit_category_properties(self, index: int | None = None) -> bool:
        index = self._chosen(Axis.CATEGORY, index)
        if index is None:
            return False
        dialog = CategoryPropertiesDialog(self.document.contest.category(index), self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changes():
            return False
        return self.document.apply(UpdateItem(Axis.CATEGORY, index, dialog.changes()))

    def merge_parties(self, source: str | None = None, target: str | None = None) -> bool:
        """Merge a party or candidate into another: one undoable edit the history names."""
        contest = self.document.contest
        names = list(dict.fromkeys([*(party_of(c) for c in contest.candidates), *(c.name for c in contest.candidates)]))
        if len(names) < 2:
            self.say("Merging needs two parties or candidates")
            return False
        if source is None:
            source, ok = QInputDialog.getItem(self.parent, "Merge Parties", "Merge this party or candidate:", names, 0, False)
            if not ok:
                return False
        if target is None:
            others = [name for name in names if name != source]
            target, ok = QInputDialog.getItem(self.parent, "Merge Parties", f"Into (“{source}” is added to it):", others, 0, True)
            if not ok or not target.strip():
                return False
        return self.document.apply(MergeParties(source, target.strip()))

    def set_method(self, method: Method) -> bool:
        if Method(method) is self.document.contest.method:
            return False
        return self.document.apply(SetProperties({"method": Method(method)}))


__all__ = ["EditCommands"]
