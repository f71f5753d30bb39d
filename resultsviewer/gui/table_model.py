"""The table of a contest: categories as rows, candidates as columns, with totals.

A ``QAbstractTableModel`` over the core's :class:`Contest` itself (no copy of the
counts). It listens to the contest's events and sends the precise Qt signal for each:
``dataChanged`` over the cells an edit touches, begin/end insert, remove or move for
structure. Edits made through ``setData``/``setHeaderData`` go through the document
(:meth:`resultsviewer.gui.document.Document.apply`), the one way in the menus use too.

Below the categories stand a Total row and, when the source declared figures for the
candidates, a "Declared" row; after the candidates a Total column and, when the source
declared per-category totals, a "Declared" column. A computed total that disagrees with
the declared one is coloured, and its tooltip gives both numbers and the difference.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap

from resultsviewer.core.compare import Changes
from resultsviewer.core.contest import (
    WITHHELD_EXPLANATION,
    WITHHELD_SIGN,
    AtLeast,
    Axis,
    Contest,
    ContestEvent,
    CountChanged,
    CountsChanged,
    ItemChanged,
    PropertyChanged,
    StructureChange,
    format_cell,
)
from resultsviewer.core.counts import format_count, names_in_words, parse_count
from resultsviewer.core.edits import SetCount, UpdateItem
from resultsviewer.core.errors import CountError
from resultsviewer.core.methods import category_leaders
from resultsviewer.core.palette import candidate_colour
from resultsviewer.core.tally import Discrepancy, Tally, at_least, signed_points
from resultsviewer.core.view_data import category_share, category_total_share, total_share

from .document import Document

Index = QModelIndex | QPersistentModelIndex

#: Set on a cell whose figure disagrees with what the source declared.
DISCREPANCY_BACKGROUND = QColor("#fbd5d0")
TOTAL_BACKGROUND = QColor("#eef1f5")
DECLARED_BACKGROUND = QColor("#f7f5ea")
#: A withheld count shows the app's one sign for it (see WITHHELD_EXPLANATION).
UNKNOWN_TEXT = WITHHELD_SIGN

# The roles the table answers, as ints: a cell's paint asks for seven roles, through
# Python each time, and most of them are none of these (enum lookups and a new QFont on
# every call were a fifth of an edit's repaint).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CELL_ROLES = frozenset({_DISPLAY, _EDIT, _ALIGNMENT, _BACKGROUND, _FONT, _TOOLTIP})
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_COUNT_FLAGS = _CELL_FLAGS | Qt.ItemFlag.ItemIsEditable


#: The most cells copied at once: a selection of a whole large contest would be a text of
#: hundreds of megabytes, built in the window's thread.
MAX_COPIED_CELLS = 1_000_000


def _font(*, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    return font


class TableDisplay(str, Enum):
    """What the cells show; the counts are always what is edited."""

    COUNTS = "counts"
    SHARE_OF_CATEGORY = "share-of-category"
    SHARE_OF_TOTAL = "share-of-total"

    @property
    def label(self) -> str:
        return {
            TableDisplay.COUNTS: "Counts",
            TableDisplay.SHARE_OF_CATEGORY: "Share of category",
            TableDisplay.SHARE_OF_TOTAL: "Share of total",
        }[self]


@lru_cache(maxsize=64)
def colour_icon(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class TallyTableModel(QAbstractTableModel):
    """Categories x candidates of a document's contest, with Total (and Declared) rows and columns."""

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self._contest = document.contest
        self._display = TableDisplay.COUNTS
        self._discrepancies: dict[tuple[str, str | None], Discrepancy] | None = None
        self._declared_row, self._declared_column = self._declared_layout()
        #: The comparison with a baseline (core.compare.Changes), and whether cells show it.
        self._changes: Changes | None = None
        self._show_change = False
        #: Who led each row when its header was last drawn: an edit repaints a row's header
        #: only when that changes (a header repaint re-measures the whole header).
        self._drawn_leaders: dict[int, tuple[tuple[int, ...], str | None]] = {}
        self._bold, self._italic = _font(bold=True), _font(italic=True)
        self._contest.subscribe(self._on_contest_event)
        document.contest_replaced.connect(self._set_contest)

    # --- the document ------------------------------------------------------------------

    @property
    def contest(self) -> Contest:
        return self._contest

    @property
    def document(self) -> Document:
        return self._document

    def _set_contest(self, contest: Contest) -> None:
        """Show another contest (a file opened): the one reset of the model."""
        self.beginResetModel()
        self._contest.unsubscribe(self._on_contest_event)
        self._contest = contest
        contest.subscribe(self._on_contest_event)
        self._invalidate()
        self._declared_row, self._declared_column = self._declared_layout()
        self.endResetModel()

    def detach(self) -> None:
        """Stop listening to the contest (the window is closing)."""
        self._contest.unsubscribe(self._on_contest_event)

    def tally(self) -> Tally:
        """The document's tally (computed once per change, by the document)."""
        return self._document.tally()

    def discrepancy(self, kind: str, name: str | None) -> Discrepancy | None:
        """The disagreement of a candidate's or the contest's declared figure, or None
        (a category's total: :meth:`_cell_discrepancy` asks the tally by its row)."""
        if self._discrepancies is None:
            self._discrepancies = {(d.kind, d.name): d for d in self.tally().figure_discrepancies}
        return self._discrepancies.get((kind, name))

    @property
    def display(self) -> TableDisplay:
        return self._display

    def set_display(self, display: TableDisplay) -> None:
        display = TableDisplay(display)
        if display is self._display:
            return
        self._display = display
        self._all_changed()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.columnCount() - 1, 0))

    def set_changes(self, changes: Changes | None) -> None:
        """The change since a baseline (None: no baseline): shown beside each figure when
        :meth:`set_show_change` is on; a category whose winner changed is marked."""
        self._changes = changes
        self._all_changed()
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(self.rowCount() - 1, 0))

    @property
    def show_change(self) -> bool:
        return self._show_change

    def set_show_change(self, show: bool) -> None:
        if bool(show) != self._show_change:
            self._show_change = bool(show)
            self._all_changed()

    def _change_text(self, row: int, column: int) -> str:
        """`` +2.4`` (points, for shares) or `` +61,792`` (votes, for counts) after a figure."""
        changes = self._changes
        contest = self._contest
        if changes is None or column >= contest.candidate_count or row > contest.category_count:
            return ""
        if self._display is TableDisplay.SHARE_OF_TOTAL and row < contest.category_count:
            return ""  # a cell's share of the whole contest has no like in the baseline's categories
        if changes.comparison.current is not contest:
            return ""
        in_category = row < contest.category_count
        change = changes.entry_change(column, row if in_category else None)
        if change is None:
            return ""
        # A candidate counted with others (Labour and Co-operative as Labour): the change is
        # the merged row's, named, and only where this candidate stood.
        entry = changes.matching.entry_for_current(column)
        others = [i for i in (entry.current if entry is not None else ()) if i != column]
        if others and in_category:
            if not contest.count(row, column):
                return ""
            others = [i for i in others if contest.count(row, i)]
        if others:
            own = change.label == contest.candidate(column).name
            named = (f"with {', '.join(contest.candidate(i).name for i in others)}: " if own else f"as {change.label}: ")
        else:
            named = ""
        if self._display is TableDisplay.COUNTS:
            delta = change.votes_change
            return "" if delta is None else f"  ({named}{delta:+,})"
        points = change.share_change_points
        return "" if points is None else f"  ({named}{signed_points(points)} pts)"

    # --- the layout: which row and column is what ---------------------------------------

    @property
    def total_row(self) -> int:
        return self._contest.category_count

    @property
    def total_column(self) -> int:
        return self._contest.candidate_count

    def is_count_cell(self, index: Index) -> bool:
        return index.isValid() and index.row() < self.total_row and index.column() < self.total_column

    def _declared_layout(self) -> tuple[bool, bool]:
        declared = self._contest.declared
        row = bool(declared.candidate_totals or declared.candidate_shares or declared.valid_votes is not None)
        return row, bool(declared.category_totals)

    # --- Qt's model interface -----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._contest.category_count + 1 + self._declared_row

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._contest.candidate_count + 1 + self._declared_column

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        return _COUNT_FLAGS if self.is_count_cell(index) else _CELL_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _CELL_ROLES or not index.isValid():
            return None
        return self._answer(index.row(), index.column(), role)

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N802, N803 (Qt API)
        # A cell's paint asks for seven roles at once: answered here in one call from Qt,
        # not one each (the roles the table does not answer cost nothing then).
        row, column = (index.row(), index.column()) if index.isValid() else (-1, -1)
        for position in range(len(roleDataSpan)):
            role_data = roleDataSpan[position]
            role = role_data.role()
            value = self._answer(row, column, role) if row >= 0 and role in _CELL_ROLES else None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _answer(self, row: int, column: int, role: int) -> Any:
        """What a cell shows for one of the roles the table answers (``_CELL_ROLES``)."""
        if role == _DISPLAY:
            if self._show_change and self._changes is not None:
                return self._display_text(row, column) + self._change_text(row, column)
            return self._display_text(row, column)
        if role == _ALIGNMENT:
            return _RIGHT_ALIGNED
        total_row, total_column = self._contest.category_count, self._contest.candidate_count
        if role == _BACKGROUND:
            if self._cell_discrepancy(row, column) is not None:
                return DISCREPANCY_BACKGROUND
            if row == total_row or column == total_column:
                return TOTAL_BACKGROUND
            if row > total_row or column > total_column:
                return DECLARED_BACKGROUND
            return None
        if role == _FONT:
            if row == total_row or column == total_column:
                return self._bold
            if row > total_row or column > total_column:
                return self._italic
            return None
        if role == _EDIT:
            if row < total_row and column < total_column:
                value = self._contest.count(row, column)
                # A count known in part opens as "≥ 1,471": accepted unchanged, it stays partial.
                return "" if value is None else format_cell(value)
            return None
        return self._tooltip(row, column)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.is_count_cell(index):
            return False
        row, column = index.row(), index.column()
        place = f"{self._contest.category_name(row)} / {self._contest.candidate(column).name}"
        current = self._contest.count(row, column)
        if isinstance(value, str) and current is not None and value.strip() == format_cell(current):
            return True
        try:
            count = value if isinstance(value, int) and not isinstance(value, bool) else parse_count(str(value), scientific=True)
        except CountError as error:
            self._document.refuse(f"{place}: {error}")
            return False
        if count == self._contest.count(row, column):
            return True
        return self._document.apply(SetCount(row, column, count), place)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        contest = self._contest
        if orientation == Qt.Orientation.Horizontal:
            if section < contest.candidate_count:
                candidate = contest.candidate(section)
                if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                    return candidate.name
                if role == Qt.ItemDataRole.DecorationRole:
                    return colour_icon(candidate_colour(contest, section))
                if role == Qt.ItemDataRole.ToolTipRole:
                    party = f" ({candidate.party})" if candidate.party else ""
                    return f"{candidate.name}{party}\n{self._base_text()}\nDouble-click to rename"
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return "Total" if section == self.total_column else "Declared"
            if role == Qt.ItemDataRole.ToolTipRole:
                if section == self.total_column:
                    return "Valid votes in each category (counts), or each category's share of all valid votes"
                return "Valid votes in each category as declared by the source"
            return None
        if section < contest.category_count:
            category = contest.category(section)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return category.name
            live = self._changes is not None and self._changes.comparison.current is contest
            change = self._changes.category_change(section) if live else None  # type: ignore[union-attr]
            if role == Qt.ItemDataRole.FontRole and change is not None and change.changed_hands:
                # A winner changed since the baseline: the row's name in bold, the result in its tooltip.
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.DecorationRole:
                # The row is marked with the colour of the candidate who carries it.
                leaders, _ = self._drawn_leaders[section] = category_leaders(contest, section)
                return colour_icon(candidate_colour(contest, leaders[0])) if len(leaders) == 1 else None
            if role == Qt.ItemDataRole.ToolTipRole:
                facts = [category.name]
                leaders, why = category_leaders(contest, section)
                if len(leaders) == 1:
                    facts.append(f"won by {contest.candidate(leaders[0]).name}")
                elif leaders:
                    facts.append("tied: " + names_in_words(contest.candidate(i).name for i in leaders))
                elif why:
                    facts.append(f"no winner ({why})")
                if change is not None:
                    facts.append(f"since the baseline: {change.result_text()}")
                declared_winner = contest.declared.category_winners.get(category.name)
                if declared_winner is not None:
                    facts.append(f"declared winner {declared_winner}")
                if category.electoral_votes is not None:
                    facts.append(f"{format_count(category.electoral_votes)} electoral votes")
                if category.electorate is not None:
                    facts.append(f"electorate {format_count(category.electorate)}")
                if category.weight is not None:
                    facts.append(f"weight {category.weight:g}")
                if category.rejected is not None:
                    facts.append(f"{format_count(category.rejected)} ballots rejected or spoilt")
                return "\n".join(facts) + "\nDouble-click to rename"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "Total" if section == self.total_row else "Declared"
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == self.total_row:
                return f"Every category together ({self.tally().method.value} method)"
            return "Totals and shares as declared by the source"
        return None

    def setHeaderData(self, section: int, orientation: Qt.Orientation, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        axis = Axis.CANDIDATE if orientation == Qt.Orientation.Horizontal else Axis.CATEGORY
        size = self._contest.candidate_count if axis is Axis.CANDIDATE else self._contest.category_count
        if not 0 <= section < size:
            return False
        current = (self._contest.candidate if axis is Axis.CANDIDATE else self._contest.category)(section).name
        if str(value) == current:
            return True
        return self._document.apply(UpdateItem(axis, section, {"name": str(value)}))

    # --- what a cell shows ---------------------------------------------------------------

    def _base_text(self) -> str:
        # With counts withheld, a share is one of the known votes only (no bound either way).
        known = " known" if self._contest.inexact_cells else ""
        if self._display is TableDisplay.SHARE_OF_CATEGORY:
            return f"Cells: share of the{known} valid votes in each category"
        if self._display is TableDisplay.SHARE_OF_TOTAL:
            return f"Cells: share of all{known} valid votes in the contest"
        return "Cells: valid votes" + (f" ({WITHHELD_EXPLANATION})" if known else "")

    def _display_text(self, row: int, column: int) -> str:
        contest = self._contest
        n_categories, n_candidates = contest.category_count, contest.candidate_count
        display = self._display
        if row < n_categories and column < n_candidates:
            value = contest.count(row, column)
            if value is None:
                return UNKNOWN_TEXT
            if display is TableDisplay.COUNTS:
                return format_cell(value)
            share = category_share if display is TableDisplay.SHARE_OF_CATEGORY else total_share
            return share(contest, row, column).format()
        if row < n_categories and column == n_candidates:
            total = contest.category_total(row)
            if display is TableDisplay.SHARE_OF_TOTAL:
                return _category_total_share(contest, row)
            return at_least(total, contest.category_inexact(row) > 0)
        if row < n_categories:
            declared = contest.declared.category_totals.get(contest.category_name(row))
            return "" if declared is None else format_count(declared)
        if row == n_categories:
            if column < n_candidates:
                result = self.tally().candidates[column]
                return result.votes_text() if display is TableDisplay.COUNTS else result.share.format()
            if column == n_candidates:
                if display is TableDisplay.COUNTS:
                    return at_least(contest.total_votes, contest.inexact_cells > 0)
                return "100.0%" if contest.total_votes else ""
            valid = contest.declared.valid_votes
            return "" if valid is None else format_count(valid)
        # The Declared row.
        declared = contest.declared
        if column < n_candidates:
            name = contest.candidate(column).name
            total = declared.candidate_totals.get(name)
            share = declared.candidate_shares.get(name)
            # Both figures as printed, so that a share that disagrees is seen where it is marked.
            parts = [format_count(total) if total is not None else "", f"{share.text}%" if share is not None else ""]
            if display is not TableDisplay.COUNTS:
                parts.reverse()
            return " · ".join(part for part in parts if part)
        if column == n_candidates and declared.valid_votes is not None:
            return format_count(declared.valid_votes)
        return ""

    def _cell_discrepancy(self, row: int, column: int) -> Discrepancy | None:
        contest = self._contest
        n_categories, n_candidates = contest.category_count, contest.candidate_count
        if row < n_categories and column >= n_candidates:
            if not contest.declared.category_totals:
                return None
            return self.tally().category_discrepancy(row)  # one row looked up, not all listed
        if row >= n_categories and column < n_candidates:
            if not (contest.declared.candidate_totals or contest.declared.candidate_shares):
                return None
            name = contest.candidate(column).name
            if row == n_categories and self._display is not TableDisplay.COUNTS:
                return self.discrepancy("candidate_share", name)
            return self.discrepancy("candidate_total", name) or (
                self.discrepancy("candidate_share", name) if row > n_categories else None
            )
        if row >= n_categories and column >= n_candidates:
            return self.discrepancy("valid_votes", None)
        return None

    def _tooltip(self, row: int, column: int) -> str | None:
        contest = self._contest
        n_categories, n_candidates = contest.category_count, contest.candidate_count
        lines: list[str] = []
        if row < n_categories and column < n_candidates:
            category, candidate = contest.category_name(row), contest.candidate(column).name
            value = contest.count(row, column)
            lines.append(f"{candidate} in {category}")
            if value is None:
                lines.append(f"{WITHHELD_SIGN} Withheld by the source: unknown, so the totals are lower bounds")
                lines.append(WITHHELD_EXPLANATION)
            elif type(value) is AtLeast:
                lines.append(
                    f"At least {format_count(value)} votes: {format_count(value.withheld)} "
                    f"value{'s' if value.withheld != 1 else ''} withheld by the source behind this count"
                )
                lines.append("The totals built on it are lower bounds (\u2265); shares are of the known votes")
                lines.append(WITHHELD_EXPLANATION)
            else:
                lines.append(f"{format_count(value)} votes")
                lines.append(category_share(contest, row, column).describe())
                lines.append(total_share(contest, row, column).describe())
        elif row == n_categories and column < n_candidates:
            result = self.tally().candidates[column]
            lines.append(f"{result.name}: {result.votes_text()} votes")
            if result.votes_lower_bound:
                lines.append("At least: some of this candidate's counts are withheld by the source")
            lines.append(result.share.describe())
            if result.share.base is not result.pooled_share.base:
                lines.append(result.pooled_share.describe())
        elif row < n_categories and column == n_candidates:
            total = contest.category_total(row)
            lines.append(f"{contest.category_name(row)}: {at_least(total, contest.category_inexact(row) > 0)} valid votes")
            if contest.total_votes:
                lines.append(category_total_share(contest, row).describe())
        discrepancy = self._cell_discrepancy(row, column)
        if discrepancy is not None:
            lines.append(f"⚠ {discrepancy.message()}")
        elif row > n_categories or column > n_candidates:
            lines.append("As declared by the source")
        return "\n".join(lines) if lines else None

    # --- following the contest -------------------------------------------------------------

    def _invalidate(self) -> None:
        self._discrepancies = None
        self._drawn_leaders.clear()

    def _all_changed(self) -> None:
        rows, columns = self.rowCount(), self.columnCount()
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))

    def _on_contest_event(self, event: ContestEvent) -> None:
        if isinstance(event, CountChanged):
            self._discrepancies = None
            last_column = self.columnCount() - 1
            if self._display is TableDisplay.SHARE_OF_TOTAL:
                self._all_changed()
            elif self._display is TableDisplay.COUNTS and not (self._show_change and self._changes is not None):
                # Counts: the cell and the totals it adds to, and nothing else of their rows
                # (a wide table repainted twenty cells for one). The Declared row follows
                # whole: a declared share is checked against every candidate's share.
                total_column = self._contest.candidate_count
                for row in (event.category, self.total_row):
                    self.dataChanged.emit(self.index(row, event.candidate), self.index(row, event.candidate))
                    self.dataChanged.emit(self.index(row, total_column), self.index(row, last_column))
                if self.rowCount() - 1 > self.total_row:
                    self.dataChanged.emit(self.index(self.total_row + 1, 0), self.index(self.rowCount() - 1, last_column))
            else:
                self.dataChanged.emit(self.index(event.category, 0), self.index(event.category, last_column))
                # The Total row and the Declared row below it (shares and discrepancies move with the totals).
                self.dataChanged.emit(self.index(self.total_row, 0), self.index(self.rowCount() - 1, last_column))
            # The row's winner mark (and its bold, where the winner changed since a baseline)
            # follows who leads it: drawn again only when that changed, or was never drawn.
            if self._drawn_leaders.get(event.category) != category_leaders(self._contest, event.category):
                self._drawn_leaders.pop(event.category, None)
                self.headerDataChanged.emit(Qt.Orientation.Vertical, event.category, event.category)
        elif isinstance(event, CountsChanged):
            # Several counts at once (a paste): every cell may have moved (totals, shares,
            # discrepancies), and so may every row's winner mark; only what is on screen repaints.
            self._invalidate()
            self._all_changed()
            rows = sorted({cell[0] for cell in event.cells})
            self.headerDataChanged.emit(Qt.Orientation.Vertical, rows[0], rows[-1])
        elif isinstance(event, StructureChange):
            self._on_structure(event)
        elif isinstance(event, ItemChanged):
            self._invalidate()
            orientation = Qt.Orientation.Horizontal if event.axis is Axis.CANDIDATE else Qt.Orientation.Vertical
            self.headerDataChanged.emit(orientation, event.index, event.index)
            # A renamed item carries its declared figures; weights and electorates move shares and turnout.
            self._all_changed()
        elif isinstance(event, PropertyChanged):
            self._invalidate()
            if event.field == "declared" and self._declared_layout() != (self._declared_row, self._declared_column):
                self.beginResetModel()
                self._declared_row, self._declared_column = self._declared_layout()
                self.endResetModel()
            else:
                self._all_changed()
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(self.rowCount() - 1, 0))

    def _on_structure(self, event: StructureChange) -> None:
        rows = event.axis is Axis.CATEGORY
        parent = QModelIndex()
        if not event.done:
            if event.action == "insert":
                (self.beginInsertRows if rows else self.beginInsertColumns)(parent, event.index, event.index)
            elif event.action == "remove":
                (self.beginRemoveRows if rows else self.beginRemoveColumns)(parent, event.index, event.index)
            else:
                assert event.destination is not None
                # Qt wants the place before which the item goes, counted before the move.
                before = event.destination + 1 if event.destination > event.index else event.destination
                (self.beginMoveRows if rows else self.beginMoveColumns)(parent, event.index, event.index, parent, before)
            return
        self._invalidate()
        if event.action == "insert":
            (self.endInsertRows if rows else self.endInsertColumns)()
        elif event.action == "remove":
            (self.endRemoveRows if rows else self.endRemoveColumns)()
        else:
            (self.endMoveRows if rows else self.endMoveColumns)()
        # Totals and shares of every other cell may have moved.
        self._all_changed()

    def selection_text(self, selection: QItemSelection, limit: int | None = None) -> tuple[str, int]:
        """The selected cells as a spreadsheet takes them: their text as shown (separators,
        shares, "*", "≥", changes), a tab between cells and a line a row, over the
        rectangle the selection spans (cells in it not selected are left empty). Returns
        the text and how many cells it holds; ("", 0) for no selection. Raises ValueError
        naming the limit where the rectangle holds more than ``limit`` cells
        (:data:`MAX_COPIED_CELLS`)."""
        limit = MAX_COPIED_CELLS if limit is None else limit
        ranges = [(r.top(), r.bottom(), r.left(), r.right()) for r in selection if r.isValid()]
        if not ranges:
            return "", 0
        top, bottom = min(r[0] for r in ranges), max(r[1] for r in ranges)
        left, right = min(r[2] for r in ranges), max(r[3] for r in ranges)
        cells = (bottom - top + 1) * (right - left + 1)
        if cells > limit:
            raise ValueError(f"the selection spans {cells:,} cells; at most {limit:,} are copied at once")
        columns = range(left, right + 1)
        answer = self._answer
        lines = []
        for row in range(top, bottom + 1):
            if len(ranges) == 1:
                texts = [answer(row, column, _DISPLAY) for column in columns]
            else:
                texts = [answer(row, column, _DISPLAY) if any(t <= row <= b and lo <= column <= hi for t, b, lo, hi in ranges)
                         else "" for column in columns]
            lines.append("\t".join(" ".join(text.split()) for text in texts))
        return "\n".join(lines) + "\n", cells


def _category_total_share(contest: Contest, category: int) -> str:
    """A category's share of all valid votes ("–" while there are none: a share of nothing)."""
    return category_total_share(contest, category).format()
