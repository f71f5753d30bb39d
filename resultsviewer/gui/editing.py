"""The window's edit commands: which candidate or category they act on (the current cell,
or the one given), the dialog that asks for a name or a colour, and the core edit, which
goes to :meth:`Document.apply` like every other change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QColorDialog, QDialog, QInputDialog, QTableView, QWidget

from resultsviewer.core.contest import Axis, Candidate, Category, Method
from resultsviewer.core.counts import parse_count, quantity
from resultsviewer.core.edits import InsertItem, MoveItem, RemoveItem, SetCounts, SetProperties, UpdateItem
from resultsviewer.core.errors import CountError
from resultsviewer.core.palette import candidate_colour
from resultsviewer.core.parties import MergeParties, party_of

from .document import Document
from .properties_dialog import CategoryPropertiesDialog, ContestPropertiesDialog

#: The most counts pasted at once: a paste is one edit, kept whole in the history.
MAX_PASTED_CELLS = 100_000
#: Characters a pasted cell may average (a count with separators and spaces around it).
MAX_PASTED_CHARS = 32


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

    def paste(self, text: str | None = None) -> bool:
        """Counts pasted from the clipboard (a spreadsheet's cells: a tab between cells, a
        line a row) into the counts from the selection's top-left cell, as one undoable
        edit. Each is read as a typed count is; a blank cell leaves its count as it was.
        Nothing is pasted where one is not a count or the block does not fit the counts,
        and the status bar says why, naming the cell."""
        text = QGuiApplication.clipboard().text() if text is None else text
        contest = self.document.contest
        ranges = self.table.selectionModel().selection()
        anchor = (min(r.top() for r in ranges), min(r.left() for r in ranges)) if len(ranges) else None
        if anchor is None and self.table.currentIndex().isValid():
            anchor = (self.table.currentIndex().row(), self.table.currentIndex().column())
        if anchor is None or anchor[0] >= contest.category_count or anchor[1] >= contest.candidate_count:
            self.say("Select the count to paste into first (the top-left of the block)")
            return False
        if len(text) > MAX_PASTED_CELLS * MAX_PASTED_CHARS:  # refused before it is split into cells
            self.document.refuse(f"the clipboard holds {len(text):,} characters, more than {MAX_PASTED_CELLS:,} counts; nothing pasted")
            return False
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()  # a copied block ends with a line break
        block = [line.split("\t") for line in lines]
        height, width = len(block), max((len(row) for row in block), default=0)
        top, left = anchor
        place = f"{contest.category_name(top)} / {contest.candidate(left).name}"
        if not height or not any(cell.strip() for row in block for cell in row):
            self.document.refuse("the clipboard holds no counts to paste")
            return False
        if height * width > MAX_PASTED_CELLS:
            self.document.refuse(
                f"the clipboard holds {height * width:,} cells; at most {MAX_PASTED_CELLS:,} are pasted at once; nothing pasted"
            )
            return False
        rows, columns = contest.category_count - top, contest.candidate_count - left
        if height > rows or width > columns:
            self.document.refuse(
                f"the clipboard holds {height:,} x {width:,} cells (rows x columns); from {place} the counts "
                f"hold {rows:,} x {columns:,}; nothing pasted"
            )
            return False
        cells: list[tuple[int, int, int | None]] = []
        for i, row in enumerate(block):
            for j, cell in enumerate(row):
                if not cell.strip():
                    continue
                category, candidate = top + i, left + j
                try:
                    value = parse_count(cell, scientific=True)
                except CountError as error:
                    where = f"{contest.category_name(category)} / {contest.candidate(candidate).name}"
                    self.document.refuse(f"{where}: {error}; nothing pasted")
                    return False
                cells.append((category, candidate, value))
        if not self.document.apply(SetCounts(tuple(cells)), f"pasting from {place}"):
            return False
        blank = height * width - len(cells)
        left_as_is = f"; {quantity(blank, 'blank cell')} left as {'it was' if blank == 1 else 'they were'}" if blank else ""
        self.say(f"{quantity(len(cells), 'count')} pasted from {place}{left_as_is} (one edit: Undo takes it back)")
        return True

    def set_method(self, method: Method) -> bool:
        if Method(method) is self.document.contest.method:
            return False
        return self.document.apply(SetProperties({"method": Method(method)}))


__all__ = ["EditCommands"]
