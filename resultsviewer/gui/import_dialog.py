"""The import dialog: open a table of any shape, see what the app guessed, change it, and
watch the resulting contest in a live preview (a table and a chart) before opening it.

All the reading and counting is the core's (:mod:`resultsviewer.core.formats.importing`);
this dialog only turns widgets into an :class:`ImportOptions` and shows the result.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QFont  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
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
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resultsviewer.core.contest import Contest  # noqa: E402
from resultsviewer.core.errors import ContestError, LoadError  # noqa: E402
from resultsviewer.core.formats import NATIVE, SPREADSHEET_CSV, FileFormat, format_for_path, read_bytes, read_contest  # noqa: E402
from resultsviewer.core.formats.delimited import ImportOptions, Table, parse_where, read_table  # noqa: E402
from resultsviewer.core.formats.importing import Guess, contests_of_table, guess_import_options, import_parsed  # noqa: E402
from resultsviewer.core.methods import count
from resultsviewer.core.tally import Tally  # noqa: E402

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
}
BAR_COLOUR = "#3b6ea8"


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
            value = contest.category_total(row) if column == contest.candidate_count else contest.count(row, column)
            return "unknown" if value is None else f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column < contest.candidate_count and contest.count(row, column) is None:
            return QColor("#9a6700")
        if role == Qt.ItemDataRole.ToolTipRole and column < contest.candidate_count and contest.count(row, column) is None:
            return "withheld by the source: unknown"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        contest = self._contest
        if contest is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == contest.candidate_count:
                return "Valid votes"
            return contest.candidate(section).name
        return contest.category(section).name


class ImportDialog(QDialog):
    """Choose how a table becomes a contest, with a live preview of the result."""

    def __init__(self, path: str | os.PathLike[str], table: Table | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = str(path)
        self.setWindowTitle(f"Import {Path(path).name}")
        self.table = table if table is not None else read_table(read_bytes(path), self.path)
        self.guess: Guess = guess_import_options(self.table.header, self.table.rows[:200])
        self.contest: Contest | None = None
        self.notes: list[str] = []
        self.error: str | None = None
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

        choices = QGroupBox("How to read the table")
        form = QFormLayout(choices)
        form.addRow("Layout", self.layout_box)
        form.addRow("Contest", self.contest_box)
        form.addRow("Categories by", self.by_box)
        form.addRow("Category column", self.category_box)
        form.addRow("Candidate column", self.candidate_box)
        form.addRow("Votes column", self.votes_box)
        form.addRow("Candidate columns", self.candidates_list)
        form.addRow("Electorate column", self.electorate_box)
        form.addRow("Rejected column", self.rejected_box)
        form.addRow("Keep rows where", self.where_edit)
        self._form = form

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
        self.chart.getAxis("bottom").setLabel("valid votes")
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
        preview.addWidget(self.table_view)
        preview.addWidget(self.chart)
        preview.setSizes([260, 240])
        right = QVBoxLayout()
        right.addWidget(self.summary_label)
        right.addWidget(preview, 1)
        right.addWidget(QLabel("What the import did:"))
        right.addWidget(self.notes_view)
        right.addWidget(self.error_label)

        left = QVBoxLayout()
        left.addWidget(self.guess_label)
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
        self.guess_label.setText(
            f"<b>{Path(self.path).name}</b>: {len(self.table.rows):,} rows, "
            f"{len(self.table.header)} columns, separated by {_delimiter_name(self.table.delimiter)}.<br>"
            f"Guessed: {reasons}."
        )
        contests = contests_of_table(self.table)
        self.contest_box.clear()
        if contests:
            self.contest_box.addItem("(the app's choice)", None)
            for info in contests:
                if not info.pseudo:
                    self.contest_box.addItem(f"{info.label}  ({info.rows:,} rows)", info.label)
        self.contest_box.setEnabled(bool(contests))
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

    def _update_enabled(self) -> None:
        layout = self.layout_box.currentData() or self.guess.options.layout
        preset = self.layout_box.currentData() is None and layout in ("openelections", "medsl", "spreadsheet")
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
        try:
            result = import_parsed(self.table, self.options())
        except (ContestError, ValueError) as error:
            self.contest = None
            self.notes = []
            self.error = str(error.message if isinstance(error, LoadError) else error)
            if isinstance(error, LoadError) and error.place:
                self.error = f"{error.place}: {error.message}"
        else:
            self.contest = result.contest
            self.notes = list(result.notes)
            self.error = None
        self.model.set_contest(self.contest)
        self._show_chart()
        self.notes_view.setPlainText("\n".join(f"- {note}" for note in self.notes) or "Nothing left out, nothing merged.")
        self.error_label.setText(self.error or "")
        self.error_label.setVisible(bool(self.error))
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(self.contest is not None)
        if self.contest is not None:
            tally = Tally(self.contest)
            text = (
                f"{self.contest.title}: {self.contest.category_count:,} categories x "
                f"{self.contest.candidate_count:,} candidates, {tally.total_votes:,} valid votes. "
                f"{count(self.contest, tally=tally).sentence}."
            )
            if tally.lower_bound:
                text += f" {tally.unknown_cells:,} counts are withheld: totals are lower bounds."
            self.summary_label.setText(text)
        else:
            self.summary_label.setText("No contest with these choices.")

    def _show_chart(self) -> None:
        for label in self._value_labels:
            self.chart.removeItem(label)
        self._value_labels = []
        contest = self.contest
        if contest is None or contest.candidate_count == 0:
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
    def open_file(cls, parent: QWidget | None, path: str | os.PathLike[str]) -> OpenedFile | None:
        """Read ``path``, asking how where it is a table of another shape; None when cancelled or unreadable.

        A native contest file, or our own spreadsheet CSV, needs no choices and is read at
        once. A file that cannot be read at all is explained in a message box; the
        caller's open document is untouched.
        """
        try:
            data = read_bytes(path)
            # RCTab configurations and reports, ballots CSVs: a contest decided in rounds.
            from resultsviewer.core.formats.rctab import rounds_contest

            rounds = rounds_contest(data, str(path))
            if rounds is not None:
                return OpenedFile(rounds, None)
            if (format_for_path(path) or (NATIVE if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else None)) is NATIVE:
                return OpenedFile(read_contest(path, NATIVE), NATIVE)
            table = read_table(data, str(path))
            # Our own spreadsheet CSV has nothing to choose: open it as it is.
            if guess_import_options(table.header, table.rows[:200]).options.layout == "spreadsheet":
                return OpenedFile(read_contest(path, SPREADSHEET_CSV), SPREADSHEET_CSV)
        except ContestError as error:
            QMessageBox.warning(parent, "Cannot open the file", str(error))
            return None
        dialog = cls(path, table, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.contest is not None:
            return OpenedFile(dialog.contest, None)
        return None


@dataclass(frozen=True)
class OpenedFile:
    """A file's contest, and the format it can be saved back in (None: an imported table,
    which Save must never overwrite with a file of another shape)."""

    contest: Contest
    file_format: FileFormat | None


def _select(box: QComboBox, value: str | None) -> None:
    index = box.findData(value) if value is not None else box.findData(None)
    box.setCurrentIndex(max(index, 0))


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _delimiter_name(delimiter: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}.get(delimiter, repr(delimiter))


def _thousands_ticks(values: list[float], scale: float, spacing: float) -> list[str]:
    return [f"{value:,.0f}" for value in values]
