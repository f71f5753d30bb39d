"""The import dialog: open a table of any shape, see what the app guessed, change it, and
watch the resulting contest in a live preview (a table and a chart) before opening it.

All the reading and counting is the core's (:mod:`resultsviewer.core.formats.importing`);
this dialog only turns widgets into an :class:`ImportOptions` and shows the result.

A large table comes as its head (:attr:`Opening.is_head`): the dialog says it shows the
first rows of a file of that size, never a count of the whole file's rows, and Open
imports the whole file from its path in a worker thread (progress, Cancel), with the
choices made here, as the command line imports it.

The contests of a large multi-contest file (OpenElections, MEDSL) are listed from the
whole file in the background while the dialog shows its head (:class:`~.loading.BackgroundRead`,
:func:`~resultsviewer.core.formats.importing.list_file_contests`: a chunk of rows at a
time), with its progress and Stop beside the contest choice; until the list arrives the
choice offers the first rows' contests and says so. A contest none of whose rows are in
the head can then be chosen: the preview says so, and Open imports it from the whole file.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import partial
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resultsviewer.core.contest import (  # noqa: E402
    WITHHELD_EXPLANATION,
    WITHHELD_SIGN,
    Contest,
    format_cell,
    is_exact,
    withheld_values,
)
from resultsviewer.core.counts import quantity  # noqa: E402
from resultsviewer.core.errors import ContestError, ImportOption, LoadError, Remedy  # noqa: E402
from resultsviewer.core.formats import ImportResult, import_contest, is_workbook_path, read_bytes  # noqa: E402
from resultsviewer.core.formats.delimited import ImportOptions, Table, parse_where, read_table  # noqa: E402
from resultsviewer.core.formats.importing import (  # noqa: E402
    Guess,
    choose_sheet,
    contests_of_table,
    guess_import_options,
    import_parsed,
    list_file_contests,
    table_from_sheet,
)
from resultsviewer.core.formats.openelections import ContestInfo, choose_contest  # noqa: E402
from resultsviewer.core.formats.opening import GUESS_ROWS, Opening, open_contest_file  # noqa: E402
from resultsviewer.core.formats.sheet_table import SheetTable, cell_text, summarise_sheet  # noqa: E402
from resultsviewer.core.formats.workbook import Sheet, column_letters, read_workbook_sheets, sniff_workbook  # noqa: E402
from resultsviewer.core.methods import count  # noqa: E402
from resultsviewer.core.progress import ProgressCallback  # noqa: E402
from resultsviewer.core.tally import Tally, at_least  # noqa: E402

from .loading import BackgroundRead, megabytes_text, read_with_progress  # noqa: E402

NONE = "(none)"
#: The chart shows at most this many candidates, the largest; the table shows them all.
CHART_CANDIDATES = 10
LAYOUT_LABELS = {
    "openelections": "OpenElections file (one contest of many)",
    "medsl": "MEDSL president file (one year of many)",
    "hoc-constituency": "House of Commons Library constituency results (wide)",
    "hoc-candidates": "House of Commons Library results by candidate (long)",
    "spreadsheet": "Results Viewer spreadsheet CSV",
    "long": "long table: one row per category and candidate",
    "wide": "wide table: one column per candidate",
    "rounds": "round-by-round table: every round's votes (choose long for one round)",
}
BAR_COLOUR = "#3b6ea8"
#: The data of the contest choice's heading over the contests a head's preview cannot show (never chosen).
BEYOND_HEADING = "\x00beyond"


class ContestPreviewModel(QAbstractTableModel):
    """Categories x candidates of the previewed contest, plus each category's valid votes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contest: Contest | None = None

    def set_contest(self, contest: Contest | None) -> None:
        self.beginResetModel()
        self._contest = contest
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._contest is None:
            return 0
        return self._contest.category_count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._contest is None:
            return 0
        return self._contest.candidate_count + 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        contest = self._contest
        if contest is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == contest.candidate_count:
                return at_least(contest.category_total(row), contest.category_inexact(row) > 0)
            return format_cell(contest.count(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column < contest.candidate_count and not is_exact(contest.count(row, column)):
            return QColor("#9a6700")
        if role == Qt.ItemDataRole.ToolTipRole and column < contest.candidate_count and not is_exact(contest.count(row, column)):
            value = contest.count(row, column)
            if value is None:
                return f"{WITHHELD_SIGN} withheld by the source: unknown\n{WITHHELD_EXPLANATION}"
            return f"At least {int(value):,}: {withheld_values(value):,} values withheld by the source\n{WITHHELD_EXPLANATION}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        contest = self._contest
        if contest is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == contest.candidate_count:
                return "Valid votes"
            return contest.candidate(section).name
        return contest.category_name(section)


class SheetPreviewModel(QAbstractTableModel):
    """A sheet's cells as the spreadsheet shows them (rows and columns by their numbers and
    letters), the header rows and data rows of the table found on it marked."""

    #: The preview shows at most this many rows; the table is found on all of them.
    MAX_ROWS = 400

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sheet: Sheet | None = None
        self._table: SheetTable | None = None
        self._width = 0

    def set_sheet(self, sheet: Sheet | None, table: SheetTable | None) -> None:
        self.beginResetModel()
        self._sheet = sheet
        self._table = table
        self._width = max((len(row) for row in sheet.rows[: self.MAX_ROWS]), default=0) if sheet else 0
        self._data_rows = set(table.row_numbers) if table is not None else set()
        self._header_rows = set(table.layout.header_rows) if table is not None and table.layout else set()
        self._columns = set(table.column_numbers) if table is not None else set()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._sheet is None else min(len(self._sheet.rows), self.MAX_ROWS)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._width

    def role_of_row(self, row: int) -> str:
        """``header``, ``data`` or ``skipped``: what the import does with a sheet row."""
        if row in self._header_rows:
            return "header"
        return "data" if row in self._data_rows else "skipped"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        sheet = self._sheet
        if sheet is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        cells = sheet.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cells[column]).replace("\n", " ") if column < len(cells) else ""
        used = column in self._columns
        kind = self.role_of_row(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            if kind == "header" and used:
                return QColor("#dce8f5")
            if kind == "skipped" or not used:
                return QColor("#f2f2f2")
        if role == Qt.ItemDataRole.ForegroundRole and (kind == "skipped" or not used):
            return QColor("#8a8a8a")
        if role == Qt.ItemDataRole.FontRole and kind == "header":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return column_letters(section) if orientation == Qt.Orientation.Horizontal else str(section + 1)


class WrappedLabel(QLabel):
    """A word-wrapped label as tall as its text at the width it is given: a form row gave
    a QLabel the height of its text wrapped at a third of that width (blank lines around it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._laid_width = 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().sizeHint()
        if self._laid_width > 0:
            hint.setHeight(self.heightForWidth(self._laid_width))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().minimumSizeHint()
        if self._laid_width > 0:
            hint.setHeight(self.heightForWidth(self._laid_width))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().width() != self._laid_width:
            self._laid_width = event.size().width()
            self.updateGeometry()


class ImportDialog(QDialog):
    """Choose how a table becomes a contest, with a live preview of the result."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        table: Table | None = None,
        parent: QWidget | None = None,
        guess: Guess | None = None,
        *,
        sheets: list[Sheet] | None = None,
        head_of_bytes: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = str(path)
        #: When ``table`` is only the head of a large file: the file's size. The preview is
        #: then of the head alone, and Open imports the whole file (:meth:`open_file`).
        self.head_of_bytes = head_of_bytes
        self.setWindowTitle(f"Import {Path(path).name}")
        #: A workbook's sheets (None for a text table); the table is found on ``self.sheet``.
        self.sheets = sheets
        if self.sheets is None and table is None and is_workbook_path(path) and sniff_workbook(path).kind != "text":
            self.sheets = read_workbook_sheets(path)
        self.sheet: Sheet | None = None
        self.sheet_error: str | None = None
        if self.sheets is not None:
            try:
                self.sheet = choose_sheet(self.sheets, None, self.path)
            except LoadError:
                # Several sheets hold tables (the user picks one), or none does: start on
                # the first with a table, else the first.
                self.sheet = next((sheet for sheet in self.sheets if summarise_sheet(sheet, self.path).useful), self.sheets[0])
            self.table = table if table is not None else self._find_table(self.sheet, ImportOptions())
        else:
            self.table = table if table is not None else read_table(read_bytes(path), self.path)
        self.guess: Guess = guess or _guess(self.table)
        self.contest: Contest | None = None
        self.notes: list[str] = []
        self.error: str | None = None
        #: The contests of the rows shown (a head's first rows), and, once listed from the
        #: whole file in the background, the whole file's (None until then).
        self.head_contests: list[ContestInfo] = []
        self.file_contests: list[ContestInfo] | None = None
        #: The background listing of the whole file's contests, while it runs.
        self.listing: BackgroundRead[list[ContestInfo]] | None = None
        #: Where the listing stands: None (nothing to list), "listing", "listed", "stopped", "failed".
        self.listing_state: str | None = None
        self.listing_error: str | None = None
        self._columns_touched = False
        self._filling = False
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self.update_preview)
        self._build()
        self._fill_from_guess()
        self.update_preview()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        header = self.table.header
        self.guess_label = QLabel()
        self.guess_label.setWordWrap(True)

        self.layout_box = QComboBox()
        self.layout_box.addItem(f"As guessed: {LAYOUT_LABELS.get(self.guess.options.layout or '', 'table')}", None)
        self.layout_box.addItem(LAYOUT_LABELS["long"], "long")
        self.layout_box.addItem(LAYOUT_LABELS["wide"], "wide")
        self.contest_box = QComboBox()
        # A label of a contest of a large file runs long: the box does not widen the form to it.
        self.contest_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.contest_box.setMinimumContentsLength(28)
        self.contests_label = WrappedLabel()
        self.contests_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.listing_bar = QProgressBar()
        self.listing_bar.setRange(0, 1000)
        self.listing_bar.setTextVisible(False)
        self.listing_bar.setMaximumHeight(14)
        self.listing_button = QPushButton("Stop")
        self.listing_button.setAutoDefault(False)
        self.listing_button.clicked.connect(self._on_listing_button)
        self.listing_row = QWidget()
        bar_row = QHBoxLayout(self.listing_row)
        bar_row.setContentsMargins(0, 0, 0, 0)
        bar_row.addWidget(self.listing_bar, 1)
        bar_row.addWidget(self.listing_button)
        self.by_box = QComboBox()
        self.by_box.addItems(["precinct", "county"])
        self.category_box = self._column_box(header)
        self.candidate_box = self._column_box(header)
        self.votes_box = self._column_box(header)
        self.electorate_box = self._column_box(header)
        self.rejected_box = self._column_box(header)
        self.candidates_list = QListWidget()
        self.candidates_list.setMaximumHeight(150)
        for name in header:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.candidates_list.addItem(item)
        self.where_edit = QLineEdit()
        self.where_edit.setPlaceholderText("COLUMN=VALUE; ...  e.g. year=2020")

        self.sheet_list = QListWidget()
        self.sheet_list.setMaximumHeight(110)
        self.header_rows_edit = QLineEdit()
        self.header_rows_edit.setPlaceholderText("e.g. 25 or 25-26")
        self.data_rows_edit = QLineEdit()
        self.data_rows_edit.setPlaceholderText("e.g. 27-33")
        self.sheet_box = QGroupBox("Where the table is")
        sheet_form = QFormLayout(self.sheet_box)
        sheet_form.addRow("Sheet", self.sheet_list)
        sheet_form.addRow("Header rows", self.header_rows_edit)
        sheet_form.addRow("Data rows", self.data_rows_edit)
        self.sheet_model = SheetPreviewModel(self)
        self.sheet_view = QTableView()
        self.sheet_view.setModel(self.sheet_model)
        self.sheet_view.horizontalHeader().setDefaultSectionSize(90)
        self.sheet_view.verticalHeader().setDefaultSectionSize(20)
        if self.sheets is not None:
            for sheet in self.sheets:
                summary = summarise_sheet(sheet, self.path)
                what = f"{summary.rows:,} row{'' if summary.rows == 1 else 's'}: " + ("a table" if summary.useful else "no table")
                item = QListWidgetItem(f"{sheet.name}  ({what})")
                item.setData(Qt.ItemDataRole.UserRole, sheet.name)
                item.setToolTip(summary.table or summary.problem or "")
                self.sheet_list.addItem(item)
            self.sheet_list.setCurrentRow(self.sheets.index(self.sheet) if self.sheet in self.sheets else 0)
            self.sheet_list.setVisible(len(self.sheets) > 1)
            sheet_form.labelForField(self.sheet_list).setVisible(len(self.sheets) > 1)
        else:
            self.sheet_box.setVisible(False)
            self.sheet_view.setVisible(False)

        choices = QGroupBox("How to read the table")
        form = QFormLayout(choices)
        form.addRow("Layout", self.layout_box)
        form.addRow("Contest", self.contest_box)
        # Rows of the form of their own: the form gives a wrapped label its height for its width.
        form.addRow("", self.contests_label)
        form.addRow("", self.listing_row)
        form.addRow("Categories by", self.by_box)
        form.addRow("Category column", self.category_box)
        form.addRow("Candidate column", self.candidate_box)
        form.addRow("Votes column", self.votes_box)
        form.addRow("Candidate columns", self.candidates_list)
        form.addRow("Electorate column", self.electorate_box)
        form.addRow("Rejected column", self.rejected_box)
        form.addRow("Keep rows where", self.where_edit)
        self._form = form
        form.setRowVisible(self.contests_label, False)
        form.setRowVisible(self.listing_row, False)

        self.model = ContestPreviewModel(self)
        self.table_view = QTableView()
        self.table_view.setModel(self.model)
        self.table_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table_view.horizontalHeader().setDefaultSectionSize(110)
        self.table_view.verticalHeader().setDefaultSectionSize(22)
        self.chart = pg.PlotWidget(background="w")
        self.chart.setMinimumHeight(220)
        self.chart.setMenuEnabled(False)
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        for name in ("left", "bottom"):
            axis = self.chart.getAxis(name)
            axis.setPen(pg.mkPen("#444444"))
            axis.setTextPen(pg.mkPen("#222222"))
        self.chart.getAxis("bottom").setLabel(
            "valid votes" if self.head_of_bytes is None else f"valid votes in the first {len(self.table.rows):,} rows"
        )
        self.chart.getAxis("left").setWidth(190)
        self.chart.getAxis("bottom").tickStrings = _thousands_ticks  # type: ignore[method-assign]
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6, brush=BAR_COLOUR, pen=pg.mkPen(None))
        self.chart.addItem(self.bars)
        self._value_labels: list[pg.TextItem] = []
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        bold = QFont(self.summary_label.font())
        bold.setBold(True)
        self.summary_label.setFont(bold)
        self.notes_view = QPlainTextEdit()
        self.notes_view.setReadOnly(True)
        self.notes_view.setMaximumHeight(110)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        preview = QSplitter(Qt.Orientation.Vertical)
        preview.addWidget(self.sheet_view)
        preview.addWidget(self.table_view)
        preview.addWidget(self.chart)
        # One size for each of the three (the sheet's view hidden for a text table): two sizes gave the chart none.
        preview.setSizes([220, 200, 200] if self.sheets is not None else [0, 260, 240])
        preview.setChildrenCollapsible(False)
        right = QVBoxLayout()
        right.addWidget(self.summary_label)
        right.addWidget(preview, 1)
        self.notes_label = QLabel(
            "What the import did:" if self.head_of_bytes is None
            else f"What the import did with the first {len(self.table.rows):,} rows:"
        )
        right.addWidget(self.notes_label)
        right.addWidget(self.notes_view)
        right.addWidget(self.error_label)

        left = QVBoxLayout()
        left.addWidget(self.guess_label)
        left.addWidget(self.sheet_box)
        left.addWidget(choices)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 0)
        body.addLayout(right, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.buttons)
        self.resize(1100, 680)

        self.layout_box.currentIndexChanged.connect(self._on_layout_changed)
        for box in (self.category_box, self.candidate_box, self.votes_box, self.electorate_box, self.rejected_box):
            box.currentIndexChanged.connect(self._on_column_changed)
        self.candidates_list.itemChanged.connect(self._on_column_changed)
        self.contest_box.currentIndexChanged.connect(self._schedule_preview)
        self.by_box.currentIndexChanged.connect(self._schedule_preview)
        self.where_edit.textChanged.connect(self._schedule_preview)
        self.sheet_list.currentRowChanged.connect(self._on_sheet_changed)
        self.header_rows_edit.editingFinished.connect(self._on_rows_changed)
        self.data_rows_edit.editingFinished.connect(self._on_rows_changed)

    @staticmethod
    def _column_box(header: list[str], optional: bool = True) -> QComboBox:
        box = QComboBox()
        if optional:
            box.addItem(NONE, None)
        for name in header:
            box.addItem(name, name)
        return box

    def _fill_from_guess(self) -> None:
        """Show the guess in the widgets, so the user sees what the app assumed."""
        self._filling = True
        options = self.guess.options
        reasons = "; ".join(self.guess.reasons)
        if isinstance(self.table, SheetTable) and self.table.sheet is not None and self.table.layout is not None:
            where = f"sheet {self.table.sheet.name!r}, {self.table.layout.describe()}"
            self.header_rows_edit.setText(_rows_text(self.table.layout.header_rows))
            self.data_rows_edit.setText(f"{self.table.layout.first_data_row + 1}-{self.table.layout.last_data_row + 1}")
            self.sheet_model.set_sheet(self.table.sheet, self.table)
            top = self.table.layout.header_rows[0] if self.table.layout.header_rows else self.table.layout.first_data_row
            # The first column (names) as wide as its text, but a title row over it must
            # not push the table out of view.
            self.sheet_view.resizeColumnToContents(0)
            self.sheet_view.setColumnWidth(0, min(self.sheet_view.columnWidth(0), 220))
            self.sheet_view.scrollTo(self.sheet_model.index(min(top, self.sheet_model.rowCount() - 1), 0), QTableView.ScrollHint.PositionAtTop)
        else:
            where = f"separated by {_delimiter_name(self.table.delimiter)}"
        if self.head_of_bytes is not None:
            # Only the head was read: say so, and never give a count of the file's rows.
            self.guess_label.setText(
                f"<b>{Path(self.path).name}</b>: showing the first {len(self.table.rows):,} rows of a "
                f"{file_size_text(self.head_of_bytes)} file, {len(self.table.header)} columns, {where}.<br>"
                "The preview counts these rows only; Open counts the whole file.<br>"
                f"Guessed: {reasons}."
            )
        else:
            self.guess_label.setText(
                f"<b>{Path(self.path).name}</b>: {len(self.table.rows):,} rows, "
                f"{len(self.table.header)} columns, {where}.<br>"
                f"Guessed: {reasons}."
            )
        header = self.table.header
        for box in (self.category_box, self.candidate_box, self.votes_box, self.electorate_box, self.rejected_box):
            if [box.itemData(i) for i in range(1, box.count())] != header:
                box.clear()
                box.addItem(NONE, None)
                for name in header:
                    box.addItem(name, name)
        if [self.candidates_list.item(i).text() for i in range(self.candidates_list.count())] != header:
            self.candidates_list.clear()
            for name in header:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.candidates_list.addItem(item)
        self.head_contests = contests_of_table(self.table)
        self._fill_contests()
        self.by_box.setEnabled(options.layout == "openelections")
        if options.by:
            self.by_box.setCurrentText(options.by)
        _select(self.category_box, options.category_column)
        _select(self.candidate_box, options.candidate_column)
        _select(self.votes_box, options.votes_column)
        _select(self.electorate_box, options.electorate_column)
        _select(self.rejected_box, options.rejected_column)
        wanted = set(options.candidate_columns)
        for row in range(self.candidates_list.count()):
            item = self.candidates_list.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.text() in wanted else Qt.CheckState.Unchecked)
        self._filling = False
        self._update_enabled()

    def _fill_contests(self) -> None:
        """The contest choice: the whole file's contests once listed, else the rows shown;
        the choice made is kept where the new list holds it."""
        chosen = self.contest_box.currentData()
        filling, self._filling = self._filling, True
        self.contest_box.clear()
        contests = self.file_contests if self.file_contests is not None else self.head_contests
        if contests:
            self.contest_box.addItem("(the app's choice)", None)
            head = self.head_of_bytes is not None
            real = [info for info in contests if not info.pseudo]
            if self.file_contests is None:
                # Of a head, the rows counted are the preview's.
                in_rows = " in the preview" if head else ""
                for info in real:
                    self.contest_box.addItem(f"{info.label}  ({quantity(info.rows, 'row')}{in_rows})", info.label)
            else:
                # The whole file's rows; the contests the preview cannot show under a heading of their own.
                beyond = [info for info in real if head and not self._in_head(info)]
                for info in real:
                    if info not in beyond:
                        self.contest_box.addItem(f"{info.label}  ({quantity(info.rows, 'row')})", info.label)
                if beyond:
                    self.contest_box.insertSeparator(self.contest_box.count())
                    self.contest_box.addItem(f"Beyond the first {len(self.table.rows):,} rows (no preview):", BEYOND_HEADING)
                    heading = self.contest_box.model().item(self.contest_box.count() - 1)  # type: ignore[attr-defined]
                    heading.setEnabled(False)
                    for info in beyond:
                        self.contest_box.addItem(f"{info.label}  ({quantity(info.rows, 'row')})", info.label)
        self.contest_box.setEnabled(bool(contests))
        self.contest_box.setCurrentIndex(max(self.contest_box.findData(chosen), 0) if chosen is not None else 0)
        self._filling = filling

    def _in_head(self, info: ContestInfo) -> bool:
        """Whether any of the rows shown are of ``info`` (its office and district: a
        primary's parties may be told apart only by the whole file)."""
        return any(shown.key[:2] == info.key[:2] for shown in self.head_contests)

    def _chosen_beyond_head(self) -> ContestInfo | None:
        """The whole file's contest chosen, when none of its rows are in the head shown."""
        if self.head_of_bytes is None or self.file_contests is None or self._columns_touched:
            return None
        label = self.contest_box.currentData()
        info = next((info for info in self.file_contests if info.label == label), None)
        return info if info is not None and not self._in_head(info) else None

    # --- the whole file's contests, listed in the background ---------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self.listing_state is None:
            self.start_listing()

    def start_listing(self) -> None:
        """List the whole file's contests in a worker thread, when the dialog shows the
        head of a multi-contest file (its contest choice offers the head's alone)."""
        if self.head_of_bytes is None or not self.head_contests or self.listing is not None:
            return
        options = ImportOptions(delimiter=self.table.delimiter)
        listing: BackgroundRead[list[ContestInfo]] = BackgroundRead(partial(list_file_contests, self.path, options))
        listing.progressed.connect(self._on_listing_progress)
        listing.succeeded.connect(self._on_listed)
        listing.failed.connect(self._on_listing_failed)
        self.listing = listing
        self.listing_state = "listing"
        self.listing_error = None
        self.listing_bar.setValue(0)
        self._show_listing_state()
        listing.start()

    def stop_listing(self) -> None:
        """Stop the listing (Stop, or the dialog closing): the choice keeps the head's contests."""
        if self.listing is None:
            return
        self.listing.cancel()
        self.listing = None
        self.listing_state = "stopped"
        self._show_listing_state()

    def _on_listing_button(self) -> None:
        if self.listing is not None:
            self.stop_listing()
        else:
            self.start_listing()

    def _on_listing_progress(self, done: int, total: int) -> None:
        self.listing_bar.setValue(min(1000, round(1000 * done / total)) if total > 0 else 0)
        # As the progress dialog of a read says it.
        self.listing_bar.setToolTip(f"{megabytes_text(done, total)} of {megabytes_text(total, total)} read")

    def _on_listed(self, contests: list[ContestInfo]) -> None:
        self.listing = None
        self.file_contests = contests
        self.listing_state = "listed"
        self._fill_contests()
        self._show_listing_state()
        # The choice may be of a label the whole file spells otherwise; the app's own choice,
        # and its note, are now the whole file's.
        self.update_preview()

    def _on_listing_failed(self, error: Exception) -> None:
        self.listing = None
        self.listing_state = "failed"
        self.listing_error = _error_text(error)
        self._show_listing_state()

    def _show_listing_state(self) -> None:
        state = self.listing_state
        self._form.setRowVisible(self.contests_label, state is not None)
        self._form.setRowVisible(self.listing_row, state in ("listing", "stopped"))
        if state is None:
            return
        rows = f"{len(self.table.rows):,}"
        size = file_size_text(self.head_of_bytes or 0)
        if state == "listing":
            text = f"The contests of the first {rows} rows. Reading the rest of the file ({size}) for the others…"
        elif state == "listed":
            count = sum(1 for info in self.file_contests or () if not info.pseudo)
            beyond = sum(1 for info in self.file_contests or () if not info.pseudo and not self._in_head(info))
            text = f"{quantity(count, 'contest')} in the whole file"
            text += f", {beyond:,} of them beyond the first {rows} rows." if beyond else "."
        elif state == "stopped":
            text = f"The contests of the first {rows} rows only: the rest of the file was not read for its contests."
        else:
            text = (
                f"The contests of the first {rows} rows only: the rest of the file could not be read for "
                f"its contests. {self.listing_error}"
            )
        self.contests_label.setText(text)
        self.contests_label.setStyleSheet("color: #b00020;" if state == "failed" else "")
        self.listing_bar.setVisible(state == "listing")
        self.listing_button.setText("Stop" if state == "listing" else "List all contests")
        self.listing_button.setToolTip(
            "Stop reading the file; the choice keeps the first rows' contests" if state == "listing"
            else f"Read the whole file ({size}) for its contests"
        )

    def done(self, result: int) -> None:
        self.stop_listing()  # closed, cancelled or opened: the listing is of no more use
        super().done(result)

    def _update_enabled(self) -> None:
        layout = self.layout_box.currentData() or self.guess.options.layout
        preset = self.layout_box.currentData() is None and layout in ("openelections", "medsl", "spreadsheet", "rounds")
        wide = layout in ("wide", "hoc-constituency")
        for widget in (self.category_box, self.candidate_box, self.votes_box, self.electorate_box, self.rejected_box, self.candidates_list):
            widget.setEnabled(not preset)
        if not preset:
            self.candidate_box.setEnabled(not wide)
            self.votes_box.setEnabled(not wide)
            self.candidates_list.setEnabled(wide)
            self.electorate_box.setEnabled(wide)
            self.rejected_box.setEnabled(wide)

    # --- choices ----------------------------------------------------------------------

    def _find_table(self, sheet: Sheet, options: ImportOptions) -> Table:
        """The table on ``sheet`` (placed by ``options``' rows), or an empty one while the
        sheet holds none: the dialog then says why, and the user can place it."""
        try:
            table = table_from_sheet(sheet, self.path, options)
        except LoadError as error:
            self.sheet_error = error.message
            empty = SheetTable(self.path, [], [], "", sheet=sheet)
            return empty
        self.sheet_error = None
        return table

    def _set_table(self, table: Table) -> None:
        """Show another table (another sheet, or rows placed by the user) and guess afresh."""
        self.table = table
        self.guess = _guess(table)
        self._columns_touched = False
        self._filling = True
        self.layout_box.setItemText(0, f"As guessed: {LAYOUT_LABELS.get(self.guess.options.layout or '', 'table')}")
        self.layout_box.setCurrentIndex(0)
        self._filling = False
        self._fill_from_guess()
        if isinstance(table, SheetTable) and table.layout is None:
            self.sheet_model.set_sheet(table.sheet, None)
        self.update_preview()

    def _on_sheet_changed(self, row: int) -> None:
        if self._filling or self.sheets is None or not 0 <= row < len(self.sheets):
            return
        self.sheet = self.sheets[row]
        self.header_rows_edit.clear()
        self.data_rows_edit.clear()
        self._set_table(self._find_table(self.sheet, ImportOptions()))

    def _on_rows_changed(self) -> None:
        """The user placed the header or the data rows: find the table there."""
        if self._filling or self.sheet is None:
            return
        table = self.table
        guessed_header = _rows_text(table.layout.header_rows) if isinstance(table, SheetTable) and table.layout else ""
        guessed_data = (
            f"{table.layout.first_data_row + 1}-{table.layout.last_data_row + 1}"
            if isinstance(table, SheetTable) and table.layout else ""
        )
        header = self.header_rows_edit.text().strip()
        data = self.data_rows_edit.text().strip()
        if header == guessed_header and data == guessed_data:
            return
        options = ImportOptions(header_rows=header or None, data_rows=data or None)
        self._set_table(self._find_table(self.sheet, options))

    def _on_layout_changed(self) -> None:
        if self._filling:
            return
        self._columns_touched = self.layout_box.currentData() is not None
        self._update_enabled()
        self._schedule_preview()

    def _on_column_changed(self) -> None:
        if self._filling:
            return
        self._columns_touched = True
        if self.layout_box.currentData() is None:
            layout = self.guess.options.layout
            shape = "wide" if layout in ("wide", "hoc-constituency") else "long"
            self._filling = True
            self.layout_box.setCurrentIndex(self.layout_box.findData(shape))
            self._filling = False
            self._update_enabled()
        self._schedule_preview()

    def _schedule_preview(self) -> None:
        if not self._filling:
            self._preview_timer.start()

    def options(self) -> ImportOptions:
        """The widgets' choices; untouched columns are left to the guess."""
        where = parse_where(part for part in self.where_edit.text().split(";") if part.strip())
        common = {"where": where, "contest": self.contest_box.currentData(), "delimiter": self.table.delimiter}
        if self.by_box.isEnabled():
            common["by"] = self.by_box.currentText()
        if not self._columns_touched:
            return ImportOptions(**common)  # type: ignore[arg-type]
        layout = self.layout_box.currentData() or "long"
        if layout == "wide":
            columns = tuple(
                self.candidates_list.item(row).text()
                for row in range(self.candidates_list.count())
                if self.candidates_list.item(row).checkState() == Qt.CheckState.Checked
            )
            return ImportOptions(
                layout="wide",
                category_column=self.category_box.currentData(),
                candidate_columns=columns,
                electorate_column=self.electorate_box.currentData(),
                rejected_column=self.rejected_box.currentData(),
                where=where,
                delimiter=self.table.delimiter,
            )
        return ImportOptions(
            layout="long",
            category_column=self.category_box.currentData(),
            candidate_column=self.candidate_box.currentData(),
            votes_column=self.votes_box.currentData(),
            where=where,
            delimiter=self.table.delimiter,
        )

    # --- preview ----------------------------------------------------------------------

    def update_preview(self) -> None:
        """Import with the current choices and show the result (or why there is none)."""
        self._preview_timer.stop()
        beyond = self._chosen_beyond_head()
        if beyond is not None:
            self._show_beyond_head(beyond)
            return
        try:
            if self.sheet_error is not None:
                raise LoadError(self.path, self.sheet_error)
            options = self.options()
            chosen_notes: list[str] = []
            app_choice = self._app_choice_of_file()
            if app_choice is not None:
                chosen, chosen_notes = app_choice
                if not self._in_head(chosen):
                    self._show_beyond_head(chosen, chosen_notes)
                    return
                options = replace(options, contest=chosen.label)
            result = import_parsed(self.table, options)
        except (ContestError, ValueError) as error:
            self.contest = None
            self.notes = []
            self.error = _error_text(error, with_source=False)
        else:
            self.contest = result.contest
            self.notes = [*chosen_notes, *result.notes]
            self.error = None
        self.model.set_contest(self.contest)
        self._fit_columns_to_names()
        self._show_chart()
        self.notes_view.setPlainText(
            "\n".join(f"- {note}" for note in self.notes) or ("Nothing imported with these choices." if self.contest is None
                                                             else "Nothing left out, nothing merged.")
        )
        self.error_label.setText(self.error or "")
        self.error_label.setVisible(bool(self.error))
        # Of a head, a choice the first rows cannot satisfy (a contest further on) may hold for
        # the whole file: Open imports it, and the import says why not if it does not.
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(
            self.contest is not None or self.head_of_bytes is not None
        )
        head = f"In the first {len(self.table.rows):,} rows only: " if self.head_of_bytes is not None else ""
        if self.contest is not None:
            tally = Tally(self.contest)
            text = head + (
                f"{self.contest.title}: {quantity(self.contest.category_count, 'category', 'categories')} x "
                f"{quantity(self.contest.candidate_count, 'candidate')}, {at_least(tally.total_votes, tally.lower_bound)} valid votes. "
                f"{count(self.contest, tally=tally).sentence.rstrip('.')}."  # a rounds summary ends with its own stop
            )
            if tally.lower_bound:
                text += f" {tally.withheld_note()}."
            self.summary_label.setText(text)
        else:
            self.summary_label.setText(head + "No contest with these choices.")

    def _fit_columns_to_names(self) -> None:
        """Each candidate's column as wide as the name over it (within reason): a name
        wider than the column was cut at both ends ("obert F Kennedy, J"). The header's
        text alone is measured, not the rows (a head holds thousands)."""
        header = self.table_view.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(self.model.columnCount()):
            name = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            header.resizeSection(column, min(max(110, metrics.horizontalAdvance(name) + 20), 260))

    def _app_choice_of_file(self) -> tuple[ContestInfo, list[str]] | None:
        """Once the whole file's contests are listed, the contest the app chooses when the
        user has not (as the import of the whole file will), with its note; None while the
        head's rows decide: no list yet, a contest chosen, a filter, columns chosen by hand.
        Raises LoadError where the whole file holds no contest to choose by itself."""
        if (
            self.file_contests is None or self._columns_touched or self.contest_box.currentData() is not None
            or self.where_edit.text().strip()
        ):
            return None
        return choose_contest(str(self.path), None, self.file_contests)

    def _show_beyond_head(self, info: ContestInfo, notes: list[str] | None = None) -> None:
        """A contest none of whose rows are in the head: nothing to preview, and Open imports it."""
        rows = f"{len(self.table.rows):,}"
        self.contest = None
        self.notes = list(notes or [])
        self.error = None
        self.model.set_contest(None)
        self._show_chart()
        self.notes_view.setPlainText(
            "\n".join(f"- {note}" for note in [*self.notes, f"nothing to preview: none of the first {rows} rows are of {info.label}"])
        )
        self.error_label.setVisible(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(True)
        self.summary_label.setText(
            f"{info.label}: the first {rows} rows hold none of its rows. "
            f"Open imports its {quantity(info.rows, 'row')} from the whole file."
        )

    def _show_chart(self) -> None:
        for label in self._value_labels:
            self.chart.removeItem(label)
        self._value_labels = []
        contest = self.contest
        empty = contest is None or contest.candidate_count == 0
        # No axes under no bars: the last contest's scale would read as this one's.
        for name in ("left", "bottom"):
            self.chart.showAxis(name, not empty)
        if empty:
            self.bars.setOpts(x0=[], y=[], width=[])
            self.chart.getAxis("left").setTicks([[]])
            return
        results = sorted(Tally(contest).candidates, key=lambda result: -result.votes)[:CHART_CANDIDATES]
        results.reverse()  # largest at the top
        positions = list(range(len(results)))
        votes = [result.votes for result in results]
        self.bars.setOpts(x0=[0] * len(results), y=positions, width=votes, height=0.6)
        self.chart.getAxis("left").setTicks([[(i, _short(r.name)) for i, r in zip(positions, results)]])
        top = max(votes) if votes else 0
        for position, result in zip(positions, results):
            # Long bars carry their label inside, in white, so it is never clipped at the edge.
            inside = result.votes > 0.6 * top
            label = pg.TextItem(
                f"{result.votes:,} ({result.share.format()})",
                color="#ffffff" if inside else "#222222",
                anchor=(1, 0.5) if inside else (0, 0.5),
            )
            label.setPos(result.votes, position)
            self.chart.addItem(label)
            self._value_labels.append(label)
        self.chart.setXRange(0, max(top * 1.25, 1), padding=0)
        self.chart.setYRange(-0.6, len(results) - 0.4, padding=0)

    # --- entry point ------------------------------------------------------------------

    @classmethod
    def run(cls, parent: QWidget | None, path: str | os.PathLike[str]) -> Contest | None:
        """Ask how to read ``path`` and return its contest, or None when cancelled or unreadable."""
        opened = cls.open_file(parent, path)
        return opened.contest if opened is not None else None

    @classmethod
    def open_file(cls, parent: QWidget | None, path: str | os.PathLike[str]) -> Opening | None:
        """Read ``path``, asking how where it is a table of another shape; None when cancelled or unreadable.

        The core reads the file once and says which reader opens it
        (:func:`~resultsviewer.core.formats.opening.open_contest_file`): a native contest
        file, or our own spreadsheet CSV, is read at once; any other table comes here. A
        file that cannot be read at all is explained in a message box; the caller's open
        document is untouched, and so it is when the user cancels a long read.
        """
        try:
            # Read in a worker thread, the window painting; a long read shows its progress and Cancel.
            opened = read_with_progress(parent, Path(path), partial(open_contest_file, path))
        except ContestError as error:
            QMessageBox.warning(parent, "Cannot open the file", _error_text(error, full_path=True))
            return None
        if opened is None:
            return None  # cancelled: nothing was opened
        if opened.contest is not None:
            return opened
        # Even where no sheet of a workbook seems to hold a table, the dialog opens: it says why,
        # and the user can place the header and data rows.
        dialog = cls(path, opened.table, parent, opened.guess, sheets=opened.sheets, head_of_bytes=opened.head_of_bytes)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
        if not opened.is_head:
            if dialog.contest is None:
                return None
            return replace(opened, contest=dialog.contest, import_options=options, import_notes=tuple(dialog.notes))
        # The dialog saw the head only: the whole file is imported from its path, with the
        # choices made, in a worker thread (progress and Cancel), as the command line does.
        dialog.deleteLater()
        try:
            imported = read_with_progress(parent, Path(path), partial(_import_whole_file, path, options))
        except ContestError as error:
            QMessageBox.warning(parent, "Cannot open the file", _error_text(error, full_path=True))
            return None
        if imported is None:
            return None  # cancelled: nothing was opened
        return replace(
            opened, contest=imported.contest, table=None, guess=None, import_options=options,
            import_notes=tuple(imported.notes),
        )


def _import_whole_file(path: str | os.PathLike[str], options: ImportOptions, progress: ProgressCallback) -> ImportResult:
    """The whole file imported with the dialog's choices (in the worker thread)."""
    return import_contest(path, options, progress=progress)


def dialog_words(remedy: Remedy) -> str:
    """A remedy the core asks for, as the dialog says it: by the control that sets the option.
    (The dialog chooses a workbook's sheet itself: the core's --sheet message never shows here.)"""
    if remedy.named:
        return f"({_CONTROLS[remedy.option]})"
    if remedy.option is ImportOption.BY:
        return f"choose {remedy.value} in {_CONTROLS[ImportOption.BY]}"
    if remedy.option is ImportOption.WHERE:
        return f"narrow with {_CONTROLS[ImportOption.WHERE]}: {remedy.value}"
    if remedy.or_narrow:
        return f"choose one in the {_CONTROLS[ImportOption.CONTEST]} (or narrow with {_CONTROLS[ImportOption.WHERE]})"
    # A MEDSL year is a Contest box entry too, and the rows' filter chooses it as well.
    choose = f"choose one in the {_CONTROLS[ImportOption.CONTEST]}"
    return f"{choose} (or {_CONTROLS[ImportOption.WHERE]}: {remedy.value})" if remedy.value else choose


#: The dialog's control for each import option, by its label.
_CONTROLS = {ImportOption.CONTEST: "Contest box", ImportOption.WHERE: "Keep rows where", ImportOption.BY: "Categories by"}


def _error_text(error: Exception, with_source: bool = True, full_path: bool = False) -> str:
    """What a refused read or import says: the file by its name (``with_source``: the
    dialog's title names the same file; a folder's path would not wrap; ``full_path``: a
    message box's), the place, the message, with any option it asks for named by the
    dialog's control."""
    if isinstance(error, LoadError):
        source = error.source if full_path else Path(error.source).name
        where = ", ".join(part for part in (source if with_source else "", error.place or "") if part)
        message = error.worded(dialog_words)
        return f"{where}: {message}" if where else message
    return str(error) or type(error).__name__


def file_size_text(size: int) -> str:
    """A file's size as a person says it: ``2.1 GB``, ``340 MB``, ``5.2 MB``."""
    if size >= 2**30:
        return f"{size / 2**30:,.1f} GB"
    if size >= 100 * 2**20:
        return f"{size / 2**20:,.0f} MB"
    return f"{size / 2**20:,.1f} MB"


def _guess(table: Table) -> Guess:
    if not table.header:
        return Guess(ImportOptions(), ("no table found on this sheet",))
    return guess_import_options(table.header, table.rows[:GUESS_ROWS])


def _rows_text(rows: tuple[int, ...]) -> str:
    """0-based sheet rows as the spreadsheet numbers them: ``25`` or ``25-26``."""
    if not rows:
        return ""
    return str(rows[0] + 1) if len(rows) == 1 else f"{rows[0] + 1}-{rows[-1] + 1}"


def _select(box: QComboBox, value: str | None) -> None:
    index = box.findData(value) if value is not None else box.findData(None)
    box.setCurrentIndex(max(index, 0))


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _delimiter_name(delimiter: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}.get(delimiter, repr(delimiter))


def _thousands_ticks(values: list[float], scale: float, spacing: float) -> list[str]:
    return [f"{value:,.0f}" for value in values]
