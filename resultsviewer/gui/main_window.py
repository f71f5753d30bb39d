"""The main window: the table and the chart of one contest, its summary, undo and files.

One path from an edit to the screen: the view (or a menu) pushes an undo command that
calls a core operation; the contest announces the change; the table model and the chart
each follow it. The window holds no arithmetic about votes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QFileSystemWatcher, QModelIndex, QPoint, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QPalette, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QSizePolicy,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from resultsviewer import __version__
from resultsviewer.core.atomic import atomic_write
from resultsviewer.core.contest import AT_LEAST_SIGN, WITHHELD_EXPLANATION, Axis, Candidate, Category, Contest, Method
from resultsviewer.core.counts import format_count
from resultsviewer.core.describe import contest_heading, default_chart_mode
from resultsviewer.core.edits import Edit, InsertItem, MoveItem, RemoveItem, SetProperties, UpdateItem
from resultsviewer.core.errors import ContestError
from resultsviewer.core.examples import Example, examples
from resultsviewer.core.formats import (
    FORMATS,
    NATIVE,
    SPREADSHEET_CSV,
    FileFormat,
    contest_file_stem,
    format_for_path,
    write_contest,
)
from resultsviewer.core.formats.losses import format_losses
from resultsviewer.core.methods import Outcome, count
from resultsviewer.core.parties import MergeParties, party_of
from resultsviewer.core.tally import Tally, at_least

from .chart import MAX_GROUPS, ChartMode, ResultsChart, candidate_colour
from .properties_dialog import METHOD_LABELS, CategoryPropertiesDialog, ContestPropertiesDialog
from .recovery import Autosaver
from .results_panel import ResultsPanel
from .table_model import TableDisplay, TallyTableModel
from .undo import change_log, push_edit

if TYPE_CHECKING:
    from .import_dialog import OpenedFile

APP_NAME = "Results Viewer"
ORGANIZATION = "Results Viewer"
MAX_RECENT_FILES = 10


def app_settings() -> QSettings:
    """The user's settings (recent files, window layout), in the platform's usual place."""
    return QSettings(ORGANIZATION, APP_NAME)


def blank_contest() -> Contest:
    """What File > New starts from: two candidates and one category, all counts zero."""
    return Contest(
        "Untitled contest",
        [Candidate("Candidate A"), Candidate("Candidate B")],
        [Category("All voters")],
    )


class ElidedLabel(QLabel):
    """A one-line label that never widens the window: too long, it ends in "…" and shows
    the whole text in its tooltip.

    A tie between 3,000 candidates names them all (56,000 characters); a plain QLabel
    asks for that width, and the window grew to half a million pixels, every paint of the
    chart and table beside it slowing to seconds.
    """

    #: The tooltip keeps the start of a long text: a tooltip is no place for a book.
    MAX_TOOLTIP_CHARS = 2000

    def __init__(self, parent: QWidget | None = None, *, lines: int = 1) -> None:
        super().__init__(parent)
        self._full = ""
        #: Lines the text may wrap onto before it is cut short.
        self.lines = lines
        self.setWordWrap(lines > 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        self._full = text
        shown = text if len(text) <= self.MAX_TOOLTIP_CHARS else text[: self.MAX_TOOLTIP_CHARS] + "…"
        # A tooltip set by the owner after this (the result's method) takes its place.
        self.setToolTip(shown if self._elided(text) != text else "")
        super().setText(self._elided(text))

    def text(self) -> str:
        """The whole text, as set (what is shown may be cut short)."""
        return self._full

    def is_elided(self) -> bool:
        return QLabel.text(self) != self._full

    def _elided(self, text: str) -> str:
        width = self.contentsRect().width()
        if width <= 0:
            width = 600
        # Wrapped lines break between words and waste a little of each line: 0.85 of them.
        room = width if self.lines == 1 else int(width * self.lines * 0.85)
        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        elided = self._elided(self._full)
        # Only a change: a wrapped label's new text relays it out, which resizes it again.
        if elided != QLabel.text(self):
            super().setText(elided)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(0, super().minimumSizeHint().height())


class SummaryBar(QWidget):
    """Winner and margin, votes, turnout, and a warning when the source disagrees."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The contest by name: the window's title names the file, which may say nothing of it.
        self.contest_label = ElidedLabel()
        self.contest_label.setObjectName("contest")
        self.contest_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A result with the popular vote beside it can be long: it wraps rather than widen
        # the window, on three lines at most (a tie of thousands ends in "…").
        self.result_label = ElidedLabel(lines=3)
        self.result_label.setObjectName("result")
        self.result_label.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = ElidedLabel()
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_button = QToolButton()
        self.warning_button.setStyleSheet(
            "QToolButton { color: #8a1c12; background: #fbd5d0; border: 1px solid #e3a49b; border-radius: 3px;"
            " padding: 2px 8px; font-weight: 600; }"
        )
        self.warning_button.setToolTip("Figures declared by the source that the counts do not reproduce: click to see them")
        self.warning_button.hide()
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.contest_label)
        text.addWidget(self.result_label)
        text.addWidget(self.facts_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(text, 1)
        layout.addWidget(self.warning_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_tally(self, tally: Tally, outcome: Outcome | None = None) -> None:
        """The contest, then the deciding result (by the contest's method), then the facts."""
        if outcome is None:
            outcome = count(tally.contest, tally=tally)
        self.contest_label.setText(contest_heading(tally.contest))
        self.result_label.setText(outcome.sentence)
        about = [f"Method: {outcome.method_label}", outcome.decided_by, *outcome.notes]
        if self.result_label.is_elided():  # the whole sentence too, where the line cuts it short
            about.insert(0, self.result_label.toolTip())
        self.result_label.setToolTip("\n".join(about))
        facts = [f"{at_least(tally.total_votes, tally.lower_bound)} valid votes"]
        if tally.rejected:
            facts.append(f"{format_count(tally.rejected)} rejected")
        turnout = tally.turnout
        if turnout is not None and tally.electorate:
            sign = f"{AT_LEAST_SIGN} " if tally.lower_bound else ""
            facts.append(f"turnout {sign}{turnout.format()} of {format_count(tally.electorate)} eligible")
        facts.append(f"counted by {outcome.method_label}")
        if tally.lower_bound:
            facts.append(tally.withheld_note() or "")
        self.facts_label.setText(" · ".join(facts))
        self.facts_label.setToolTip(WITHHELD_EXPLANATION if tally.lower_bound else "")
        messages = [d.message() for d in tally.discrepancies] + outcome.winner_discrepancies
        disagreeing = len(messages)
        if disagreeing:
            self.warning_button.setText(
                f"⚠ {disagreeing} declared figure{'s' if disagreeing != 1 else ''} disagree{'s' if disagreeing == 1 else ''}"
            )
            self.warning_button.setToolTip("\n".join(messages))
        self.warning_button.setVisible(bool(disagreeing))


class _UndoButton(QAction):
    """A toolbar's short Undo or Redo, saying in its tooltip what it would undo or redo."""

    def __init__(self, label: str, stack: QUndoStack, parent: QWidget) -> None:
        super().__init__(label, parent)
        self._label = label
        redo = label == "Redo"
        self.setEnabled(stack.canRedo() if redo else stack.canUndo())
        self.triggered.connect(stack.redo if redo else stack.undo)
        (stack.canRedoChanged if redo else stack.canUndoChanged).connect(self.setEnabled)
        (stack.redoTextChanged if redo else stack.undoTextChanged).connect(self._on_text_changed)

    def _on_text_changed(self, text: str) -> None:
        self.setToolTip(f"{self._label} {text}".strip())


class MainWindow(QMainWindow):
    """One contest: a table and a chart side by side, with undo, files and export."""

    def __init__(self, contest: Contest | None = None, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        if contest is None:
            from resultsviewer.core.bundled import default_contest

            contest = default_contest()
        self.contest = contest
        #: Where Save writes: a native or spreadsheet CSV file; None for a new, imported or example document.
        self.file_path: Path | None = None
        #: What the title shows.
        self.document_name = "Untitled"
        self.setAcceptDrops(True)
        self.undo_stack = QUndoStack(self)
        self.autosaver = Autosaver(self)
        # Another program changing the open file: offer to reload it.
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed_on_disk)
        self._disk_signature: tuple[int, int] | None = None
        #: The file as this window last read or wrote it: Save asks before overwriting
        #: anything else (another window's save, which the user chose not to reload).
        self.read_signature: tuple[int, int] | None = None
        self._asking_to_reload = False
        self.model = TallyTableModel(contest, self.undo_stack, self)
        self.chart = ResultsChart(self)
        self.chart.set_contest(contest)
        #: The charts as tabs: seats, parliament or electoral votes first when they decide.
        self.results_panel = ResultsPanel(self.chart, self)
        self.results_panel.set_contest(contest)
        #: The categories the chart was told to draw (from the selection), None for its own choice.
        self._chart_chosen: list[int] | None = None
        self.summary = SummaryBar(self)
        self._build_table()
        self._build_central()
        self._build_history()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.model.edit_refused.connect(self._on_edit_refused)
        self.model.tally_changed.connect(self._on_tally_changed)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.undo_stack.indexChanged.connect(self._update_actions)
        self.summary.warning_button.clicked.connect(self.show_discrepancies)
        self.chart.sigCategoryClicked.connect(self._on_chart_category_clicked)
        self.setWindowIcon(_app_icon())
        self.resize(1280, 800)
        self._restore_layout()
        self._set_document(contest, Path(path) if path is not None else None)
        if self.contest.rounds is None:  # rounds are read-only: show_rounds_of says why instead
            self.statusBar().showMessage("Double-click a count to correct it; Ctrl+Z undoes.", 5000)

    # --- building -------------------------------------------------------------------------

    def _build_table(self) -> None:
        table = QTableView(self)
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_table_menu)
        for header in (table.horizontalHeader(), table.verticalHeader()):
            header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            header.setSectionsClickable(True)
            # Measure a few hundred rows, not 20,000, when fitting columns to their contents.
            header.setResizeContentsPrecision(200)
        table.horizontalHeader().sectionDoubleClicked.connect(lambda section: self.rename(Axis.CANDIDATE, section))
        table.verticalHeader().sectionDoubleClicked.connect(lambda section: self.rename(Axis.CATEGORY, section))
        table.horizontalHeader().customContextMenuRequested.connect(
            lambda point: self._on_header_menu(Axis.CANDIDATE, point)
        )
        table.verticalHeader().customContextMenuRequested.connect(
            lambda point: self._on_header_menu(Axis.CATEGORY, point)
        )
        table.horizontalHeader().setMinimumSectionSize(70)
        # Below the last row the row headers' empty strip is the colour of the empty table, not a grey band.
        row_headers = table.verticalHeader()
        palette = row_headers.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
        row_headers.setPalette(palette)
        table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table = table

    def _build_central(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.results_panel)
        # A wider window widens the chart: the table keeps the width that fits it (_fit_table_pane).
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _build_history(self) -> None:
        panel = QWidget(self)
        self.history_view = QUndoView(self.undo_stack, panel)
        self.history_view.setEmptyLabel("Opened")
        # Each entry says from what to what: wrapped, never cut short.
        self.history_view.setWordWrap(True)
        self.history_view.setTextElideMode(Qt.TextElideMode.ElideNone)
        export_button = QPushButton("Export Change Log…", panel)
        export_button.clicked.connect(lambda: self.export_change_log())
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.history_view)
        layout.addWidget(export_button)
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("history")
        self.history_dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()

    def _action(self, text: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = self._action("&New", self.new_document, key.New, "Start a blank contest")
        self.open_action = self._action("&Open…", self.open_dialog, key.Open, "Open a contest or any table of results")
        self.save_action = self._action("&Save", self.save, key.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, key.SaveAs)
        self.export_action = self._action(
            "&Export Chart…", self.export_chart_dialog, "Ctrl+E", "Export the chart as PNG, SVG or PDF"
        )
        self.quit_action = self._action("&Quit", self.close, key.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence(key.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence(key.Redo))
        self.copy_chart_action = self._action("Copy &Chart", self.copy_chart, "Ctrl+Shift+C", "Copy the chart as an image")
        self.copy_alt_text_action = self._action(
            "Copy Chart &Description", self.copy_alt_text, None, "Copy the chart's alt text, for a web page"
        )
        self.add_candidate_action = self._action("Add Ca&ndidate…", lambda: self.add(Axis.CANDIDATE), "Ctrl+Shift+N")
        self.remove_candidate_action = self._action("Remove Candidate", lambda: self.remove(Axis.CANDIDATE))
        self.add_category_action = self._action("Add Ca&tegory…", lambda: self.add(Axis.CATEGORY), "Ctrl+Shift+R")
        self.remove_category_action = self._action("Remove Category", lambda: self.remove(Axis.CATEGORY))
        self.move_left_action = self._action("Move Candidate &Left", lambda: self.move(Axis.CANDIDATE, -1), "Ctrl+Shift+Left")
        self.move_right_action = self._action("Move Candidate &Right", lambda: self.move(Axis.CANDIDATE, 1), "Ctrl+Shift+Right")
        self.move_up_action = self._action("Move Category &Up", lambda: self.move(Axis.CATEGORY, -1), "Ctrl+Shift+Up")
        self.move_down_action = self._action("Move Category &Down", lambda: self.move(Axis.CATEGORY, 1), "Ctrl+Shift+Down")
        self.rename_candidate_action = self._action("Rename Candidate…", lambda: self.rename(Axis.CANDIDATE))
        self.rename_category_action = self._action("Rename Category…", lambda: self.rename(Axis.CATEGORY))
        self.colour_action = self._action("Candidate &Colour…", self.choose_colour)
        self.category_properties_action = self._action("Category &Properties…", self.edit_category_properties)
        self.properties_action = self._action(
            "Contest &Properties…", self.edit_properties, "Ctrl+I", "Title, date, status, source, method, electorate"
        )
        self.discrepancies_action = self._action("Declared &Figures…", self.show_discrepancies)
        self.merge_parties_action = self._action(
            "&Merge Parties…", self.merge_parties, None, "Merge one party or candidate into another (one undoable edit)"
        )
        self.group_by_party_action = self._action(
            "&Group by Party", lambda: self.set_grouped_by_party(self.group_by_party_action.isChecked()), None,
            "Count parties: the summary and charts sum the candidates of each party",
        )
        self.group_by_party_action.setCheckable(True)
        self.about_action = self._action("&About Results Viewer", self.about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.examples_menu = file_menu.addMenu("Open E&xample")
        for example in examples():
            action = self.examples_menu.addAction(example.title)
            action.setStatusTip(example.description)
            action.triggered.connect(lambda checked=False, chosen=example: self.open_example(chosen))
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        from .compare_panel import install as install_comparison

        self.compare_panel = install_comparison(self, file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.copy_chart_action)
        edit_menu.addAction(self.copy_alt_text_action)
        edit_menu.addSeparator()
        for action in (
            self.add_candidate_action, self.rename_candidate_action, self.colour_action,
            self.move_left_action, self.move_right_action, self.remove_candidate_action,
        ):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        for action in (
            self.add_category_action, self.rename_category_action, self.category_properties_action,
            self.move_up_action, self.move_down_action, self.remove_category_action,
        ):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.merge_parties_action)
        edit_menu.addAction(self.properties_action)

        view_menu = bar.addMenu("&View")
        table_menu = view_menu.addMenu("&Table Shows")
        self.display_actions: dict[TableDisplay, QAction] = {}
        for display in TableDisplay:
            action = table_menu.addAction(display.label)
            action.setCheckable(True)
            action.triggered.connect(lambda checked=False, chosen=display: self.set_table_display(chosen))
            self.display_actions[display] = action
        self.chart_share_action = view_menu.addAction("Chart in &Shares")
        self.chart_share_action.setCheckable(True)
        self.chart_share_action.toggled.connect(
            lambda on: self.set_chart_mode(ChartMode.SHARE if on else ChartMode.COUNTS)
        )
        self.chart_stacked_action = view_menu.addAction("S&tacked Bars")
        self.chart_stacked_action.setCheckable(True)
        self.chart_stacked_action.toggled.connect(self.set_chart_stacked)
        view_menu.addAction(self.group_by_party_action)
        view_menu.addSeparator()
        view_menu.addAction(self.discrepancies_action)
        view_menu.addAction(self.history_dock.toggleViewAction())
        view_menu.addAction(self.compare_dock.toggleViewAction())

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        toolbar.addAction(self.open_action)
        toolbar.addAction(self.save_action)
        # Short "Undo"/"Redo" buttons (what they undo is in their tooltips): the menu's
        # actions carry the whole description, which would widen the toolbar on every edit.
        toolbar.addAction(_UndoButton("Undo", self.undo_stack, self))
        toolbar.addAction(_UndoButton("Redo", self.undo_stack, self))
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Table: "))
        self.display_box = QComboBox()
        for display in TableDisplay:
            self.display_box.addItem(display.label, display)
        self.display_box.setToolTip("What the cells show; counts are what you edit")
        self.display_box.currentIndexChanged.connect(lambda: self.set_table_display(self.display_box.currentData()))
        toolbar.addWidget(self.display_box)
        toolbar.addWidget(QLabel("  Chart: "))
        self.chart_mode_box = QComboBox()
        self.chart_mode_box.addItem("Counts", ChartMode.COUNTS)
        self.chart_mode_box.addItem("Shares", ChartMode.SHARE)
        self.chart_mode_box.currentIndexChanged.connect(lambda: self.set_chart_mode(self.chart_mode_box.currentData()))
        toolbar.addWidget(self.chart_mode_box)
        toolbar.addAction(self.chart_stacked_action)
        toolbar.addWidget(QLabel("  Method: "))
        self.method_box = QComboBox()
        for method, label in METHOD_LABELS.items():
            self.method_box.addItem(label, method)
        self.method_box.setToolTip("How the categories are combined: an undoable change to the contest")
        self.method_box.activated.connect(lambda: self.set_method(self.method_box.currentData()))
        toolbar.addWidget(self.method_box)
        toolbar.addSeparator()
        toolbar.addAction(self.export_action)

    # --- the document -----------------------------------------------------------------------

    def _set_document(
        self, contest: Contest, path: Path | None, name: str | None = None, saved_as: FileFormat | None = None
    ) -> None:
        """Show ``contest``: the one full reset of the model and the chart, an empty history.

        ``saved_as`` is the format ``path`` holds the contest in, when Save may write it
        back there; an imported table is never overwritten with a file of another shape.
        """
        if contest is not self.contest or self.model.contest is not contest:
            self.contest = contest
            self.model.set_contest(contest)
            if self._chart_chosen is not None:
                self._chart_chosen = None
                self.chart.set_shown_categories(None)
            self.chart.set_contest(contest)
            self.results_panel.set_contest(contest)
        if path is not None:
            path = Path(os.path.abspath(path))  # a later Save must not depend on the working folder
        self.file_path = path if path is not None and saved_as is not None and format_for_path(path) is saved_as else None
        # A document without a file is named by its contest (the default: its title), never "Untitled".
        self.document_name = name or (path.name if path is not None else contest.title)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._fit_columns()
        self._fit_table_pane()
        if default_chart_mode(contest) is ChartMode.SHARE and self.chart.mode() is ChartMode.COUNTS:
            self.set_chart_mode(ChartMode.SHARE)
            self.statusBar().showMessage(
                f"{contest.category_count:,} categories: the chart shows shares, overall and for the largest "
                "or the selected rows", 8000,
            )
        self._on_tally_changed()
        self._update_title()
        self._update_actions()
        self._watch_file()
        from .rounds_view import show_rounds_of  # contests decided in rounds get a Rounds dock

        show_rounds_of(self, contest)

    #: Columns fitted to their contents when a document opens; the rest keep the default
    #: width. Fitting measures every column's cells: 20,000 candidates took seconds.
    FITTED_COLUMNS = 60

    def _fit_columns(self) -> None:
        columns = self.model.columnCount()
        if columns <= self.FITTED_COLUMNS:
            self.table.resizeColumnsToContents()
            return
        for column in range(self.FITTED_COLUMNS):
            self.table.resizeColumnToContents(column)

    def restore_recovered(
        self,
        contest: Contest,
        name: str,
        original_path: str | None,
        original_signature: tuple[int, int] | None = None,
    ) -> None:
        """Show a document recovered after a crash: modified, so that closing asks to save it.

        Save writes the original file (an absolute path, wherever the app was started
        from), and asks first if it changed since the crashed window read it. When the
        original is gone, or its path was kept relative by an older version (whose folder
        is unknown), Save asks where to save.
        """
        path = Path(original_path) if original_path else None
        message = "Recovered the unsaved changes of the last session: save them to keep them"
        if path is not None and not path.is_absolute():
            path = None
            message += f" (the original {original_path} cannot be found: Save asks where)"
        elif path is not None and not path.is_file():
            message += f" (the original {path} is gone: Save asks where)"
            path = None
        saved_as = format_for_path(path) if path is not None else None
        self._set_document(contest, path, f"{name} (recovered)", saved_as=saved_as)
        if self.file_path is not None and original_signature is not None:
            self.read_signature = original_signature
        self.undo_stack.resetClean()
        self._update_title()
        self.statusBar().showMessage(message, 10000)

    def _fit_table_pane(self) -> None:
        """Give the table the width of its columns, and the chart the rest: no empty band beside a
        narrow table; a wide one takes up to half the window (then it scrolls)."""
        if not self.splitter.isVisible():
            return  # not laid out yet: showEvent fits it
        table = self.table
        sizes = self.splitter.sizes()
        available = sum(sizes)
        needed = table.verticalHeader().sizeHint().width() + table.horizontalHeader().length() + 2 * table.frameWidth()
        if table.verticalHeader().length() > table.viewport().height():
            needed += table.verticalScrollBar().sizeHint().width()
        width = min(needed, max(sizes[0], available // 2))
        self.splitter.setSizes([width, available - width])

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document_name}[*] — {APP_NAME}")
        self.setWindowFilePath(str(self.file_path) if self.file_path else "")
        self.setWindowModified(not self.undo_stack.isClean())

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go on."""
        if not self.is_modified:
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to “{self.document_name}” before going on?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_document(self) -> None:
        if self.maybe_save():
            self._set_document(blank_contest(), None, "Untitled")

    def open_example(self, example: Example) -> None:
        if not self.maybe_save():
            return
        try:
            contest = example.load()
        except ContestError as error:
            QMessageBox.warning(self, "Cannot open the example", str(error))
            return
        self._set_document(contest, None, example.title)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        filters = ";;".join(
            ["Results files (*.results.json *.json *.csv *.tsv *.txt *.xlsx *.xlsm *.xls *.ods)"]
            + [file_format.filter() for file_format in FORMATS]
            + ["Any table of results (*.csv *.tsv *.txt)", "Workbooks (*.xlsx *.xlsm *.xls *.ods)", "All files (*)"]
        )
        path, _ = QFileDialog.getOpenFileName(self, "Open Results", self._last_folder(), filters)
        if path:
            self.open_path(path, ask_to_save=False)

    def open_path(self, path: str | os.PathLike[str], *, ask_to_save: bool = True) -> bool:
        """Open a file: native and our CSV at once, any other table through the import dialog.

        A file that cannot be read is explained in a message box and the document that
        was open stays as it was. Returns True when the file was opened.
        """
        if ask_to_save and not self.maybe_save():
            return False
        opened = self.load_file(Path(path))
        if opened is None:
            return False
        self._set_document(opened.contest, Path(path), saved_as=opened.file_format)
        self._add_recent_file(Path(path))
        self.statusBar().showMessage(f"Opened {Path(path).name}", 5000)
        return True

    def load_file(self, path: Path) -> OpenedFile | None:
        """The contest in ``path``, or None after telling the user why not (or on cancel)."""
        from .import_dialog import ImportDialog

        return ImportDialog.open_file(self, path)

    def save(self) -> bool:
        if self.file_path is None:
            return self.save_as()
        if self.changed_on_disk():
            answer = self._ask_overwrite_changed()
            if answer == "save-as":
                return self.save_as()
            if answer != "overwrite":
                return False
        return self.save_to(self.file_path)

    def changed_on_disk(self) -> bool:
        """True when the document's file is not what this window last read or wrote."""
        if self.file_path is None:
            return False
        now = _signature(self.file_path)
        return now is not None and now != self.read_signature

    def _ask_overwrite_changed(self) -> str:
        """Overwrite, Save As or Cancel, when the file changed since it was read or saved."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("File changed on disk")
        name = self.file_path.name if self.file_path else self.document_name
        box.setText(f"“{name}” was changed by another program or window since you opened or last saved it.")
        box.setInformativeText("Overwriting it loses those changes. Save your version under another name instead?")
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        if clicked is overwrite:
            return "overwrite"
        if clicked is save_as:
            return "save-as"
        return "cancel"

    def save_as(self) -> bool:
        suggested = self.file_path or Path(self._last_folder()) / (suggested_file_stem(self.document_name) + ".results.json")
        filters = f"{NATIVE.filter()};;{SPREADSHEET_CSV.filter()}"
        path, chosen_filter = QFileDialog.getSaveFileName(self, "Save Contest As", str(suggested), filters)
        if not path:
            return False
        if format_for_path(path) is None:
            path += SPREADSHEET_CSV.extensions[0] if chosen_filter == SPREADSHEET_CSV.filter() else NATIVE.extensions[0]
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the contest atomically; on failure say why and keep the document modified.

        Before a format that cannot hold part of the document, the window says exactly
        what would be left out and offers the native format instead.
        """
        try:
            file_format = format_for_path(path) or NATIVE
            lost = format_losses(self.contest, file_format, path, read_from=self.file_path)
            if lost:
                answer = self.ask_about_losses(path, file_format, lost)
                if answer == "native":
                    return self.save_as_native(path)
                if answer != "write":
                    return False
            file_format = write_contest(self.contest, path, file_format)
        except ContestError as error:
            QMessageBox.critical(self, "Could not save", f"{error}\n\nThe file on disk was left as it was.")
            return False
        self.file_path = Path(os.path.abspath(path))
        path = self.file_path
        self.document_name = path.name
        self.undo_stack.setClean()
        self._update_title()
        self._watch_file()
        self._add_recent_file(path)
        self.statusBar().showMessage(f"Saved {path.name} ({file_format.label})", 5000)
        return True

    def ask_about_losses(self, path: Path, file_format: FileFormat, lost: list[str]) -> str:
        """Ask before writing a format that leaves part of the document out:
        ``"write"``, ``"native"`` (save as .results.json instead) or ``"cancel"``."""
        box = lossy_save_box(self, path, file_format, lost)
        box.exec()
        return box.property("answer") or "cancel"

    def save_as_native(self, path: Path) -> bool:
        """Save As in the native format, offering the same name with its extension."""
        suggested = path.with_name(suggested_file_stem(path.name) + NATIVE.extensions[0])
        chosen, _ = QFileDialog.getSaveFileName(self, "Save Contest As", str(suggested), NATIVE.filter())
        if not chosen:
            return False
        target = Path(chosen)
        if format_for_path(target) is not NATIVE:
            target = target.with_name(target.name + NATIVE.extensions[0])
        return self.save_to(target)

    # --- edits ------------------------------------------------------------------------------

    def apply_edit(self, edit: Edit) -> bool:
        """Do an edit through the undo stack; a refusal goes to the status bar."""
        refused = push_edit(self.undo_stack, self.contest, edit)
        if refused:
            self._on_edit_refused(refused)
            return False
        return True

    def _current(self, axis: Axis) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        position = index.column() if axis is Axis.CANDIDATE else index.row()
        size = self.contest.candidate_count if axis is Axis.CANDIDATE else self.contest.category_count
        return position if position < size else None

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, label, text=text)
        return name if ok and name.strip() else None

    def _chosen(self, axis: Axis, index: int | None) -> int | None:
        """``index``, or the current cell's candidate or category; None after saying to pick one."""
        chosen = self._current(axis) if index is None else index
        if chosen is None:
            where = "column" if axis is Axis.CANDIDATE else "row"
            self.statusBar().showMessage(f"Select a cell in the {axis.value}'s {where} first", 5000)
        return chosen

    def add(self, axis: Axis, name: str | None = None) -> bool:
        """Add a candidate (a column) or a category (a row) after the current one, or at the end."""
        what = "candidate" if axis is Axis.CANDIDATE else "category of voters"
        name = name or self._ask_name(f"Add {axis.value.capitalize()}", f"Name of the new {what}:")
        if name is None:
            return False
        current = self._current(axis)
        size = self.contest.candidate_count if axis is Axis.CANDIDATE else self.contest.category_count
        item = Candidate(name) if axis is Axis.CANDIDATE else Category(name)
        return self.apply_edit(InsertItem(axis, size if current is None else current + 1, item))

    def remove(self, axis: Axis, index: int | None = None) -> bool:
        index = self._chosen(axis, index)
        return index is not None and self.apply_edit(RemoveItem(axis, index))

    def move(self, axis: Axis, step: int, index: int | None = None) -> bool:
        index = self._current(axis) if index is None else index
        size = self.contest.candidate_count if axis is Axis.CANDIDATE else self.contest.category_count
        if index is None or not 0 <= index + step < size:
            return False
        if not self.apply_edit(MoveItem(axis, index, index + step)):
            return False
        current = self.table.currentIndex()
        row, column = (current.row(), index + step) if axis is Axis.CANDIDATE else (index + step, current.column())
        self.table.setCurrentIndex(self.model.index(row, max(column, 0)))
        return True

    def rename(self, axis: Axis, index: int | None = None, name: str | None = None) -> bool:
        index = self._current(axis) if index is None else index
        size = self.contest.candidate_count if axis is Axis.CANDIDATE else self.contest.category_count
        if index is None or not 0 <= index < size:
            return False
        old = (self.contest.candidate if axis is Axis.CANDIDATE else self.contest.category)(index).name
        name = name or self._ask_name(f"Rename {axis.value}", f"New name for {old!r}:", old)
        if name is None or name == old:
            return False
        return self.apply_edit(UpdateItem(axis, index, {"name": name}))

    def choose_colour(self, index: int | None = None, colour: str | None = None) -> bool:
        index = self._chosen(Axis.CANDIDATE, index)
        if index is None:
            return False
        if colour is None:
            from PySide6.QtGui import QColor

            chosen = QColorDialog.getColor(
                QColor(candidate_colour(self.contest, index)), self, f"Colour of {self.contest.candidate(index).name}"
            )
            if not chosen.isValid():
                return False
            colour = chosen.name()
        return self.apply_edit(UpdateItem(Axis.CANDIDATE, index, {"colour": colour}))

    def edit_properties(self) -> bool:
        dialog = ContestPropertiesDialog(self.contest, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changes():
            return False
        return self.apply_edit(SetProperties(dialog.changes()))

    def edit_category_properties(self, index: int | None = None) -> bool:
        index = self._chosen(Axis.CATEGORY, index)
        if index is None:
            return False
        dialog = CategoryPropertiesDialog(self.contest.category(index), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changes():
            return False
        return self.apply_edit(UpdateItem(Axis.CATEGORY, index, dialog.changes()))

    def set_method(self, method: Method) -> bool:
        if Method(method) is self.contest.method:
            return False
        return self.apply_edit(SetProperties({"method": Method(method)}))

    def merge_parties(self, source: str | None = None, target: str | None = None) -> bool:
        """Merge a party or candidate into another: one undoable edit the history names."""
        names = list(dict.fromkeys([*(party_of(c) for c in self.contest.candidates), *(c.name for c in self.contest.candidates)]))
        if len(names) < 2:
            self.statusBar().showMessage("Merging needs two parties or candidates", 5000)
            return False
        if source is None:
            source, ok = QInputDialog.getItem(self, "Merge Parties", "Merge this party or candidate:", names, 0, False)
            if not ok:
                return False
        if target is None:
            others = [name for name in names if name != source]
            target, ok = QInputDialog.getItem(self, "Merge Parties", f"Into (“{source}” is added to it):", others, 0, True)
            if not ok or not target.strip():
                return False
        return self.apply_edit(MergeParties(source, target.strip()))

    def set_grouped_by_party(self, grouped: bool) -> None:
        """Count parties rather than candidates in the summary and charts (a view, not an edit)."""
        self.group_by_party_action.setChecked(grouped)
        self.results_panel.set_grouped_by_party(grouped)
        self._on_tally_changed()

    # --- views --------------------------------------------------------------------------------

    def set_table_display(self, display: TableDisplay) -> None:
        display = TableDisplay(display)
        self.model.set_display(display)
        self.display_box.setCurrentIndex(self.display_box.findData(display))
        for each, action in self.display_actions.items():
            action.setChecked(each is display)

    def set_chart_mode(self, mode: ChartMode) -> None:
        mode = ChartMode(mode)
        self.chart.set_mode(mode)
        self.chart_mode_box.setCurrentIndex(self.chart_mode_box.findData(mode))
        self.chart_share_action.setChecked(mode is ChartMode.SHARE)

    def set_chart_stacked(self, stacked: bool) -> None:
        self.chart.set_stacked(stacked)
        self.chart_stacked_action.setChecked(stacked)

    def show_discrepancies(self) -> None:
        tally = self.model.tally()
        if not tally.discrepancies:
            text = "Every figure the source declared agrees with the counts."
            if self.contest.declared.is_empty():
                text = "The source of this contest declared no figures to check."
            text = self.compare_panel.declared_changes_text(text)
            QMessageBox.information(self, "Declared figures", text)
            return
        lines = "\n".join(f"• {d.message()}" for d in tally.discrepancies)
        box = QMessageBox(QMessageBox.Icon.Warning, "Declared figures disagree", lines, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText("The table marks each of these cells; its tooltip gives both numbers.")
        box.exec()

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>Look at, check, edit and publish the results of contests "
            "decided by votes.",
        )

    # --- export ---------------------------------------------------------------------------------

    def export_chart_dialog(self) -> None:
        from .export_dialog import ExportDialog

        dialog = ExportDialog(
            self.contest, self.chart.mode(), self.chart.stacked(), self._last_folder(), self,
            kind=self.results_panel.current_kind(), by_party=self.results_panel.grouped_by_party(),
            baseline_marks=self.compare_panel.changes,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.written is not None:
            self.statusBar().showMessage(f"Chart exported to {dialog.written}", 8000)

    def copy_chart(self) -> None:
        from .export import ExportOptions, render_image

        image = render_image(self.contest, ExportOptions.for_contest(
            self.contest, mode=self.chart.mode(), stacked=self.chart.stacked(),
            kind=self.results_panel.current_kind(), by_party=self.results_panel.grouped_by_party(),
        ))
        QApplication.clipboard().setImage(image)
        self.statusBar().showMessage("Chart copied to the clipboard", 5000)

    def copy_alt_text(self) -> None:
        from .export import ExportOptions, export_metadata

        options = ExportOptions(
            mode=self.chart.mode(), stacked=self.chart.stacked(), kind=self.results_panel.current_kind(),
            by_party=self.results_panel.grouped_by_party(),
        )
        QApplication.clipboard().setText(export_metadata(self.contest, options).description)
        self.statusBar().showMessage("Chart description copied to the clipboard", 5000)

    def export_change_log(self, path: str | os.PathLike[str] | None = None) -> bool:
        if path is None:
            suggested = Path(self._last_folder()) / (suggested_file_stem(self.document_name) + ".changes.txt")
            path, _ = QFileDialog.getSaveFileName(self, "Export Change Log", str(suggested), "Text (*.txt)")
            if not path:
                return False
        try:
            atomic_write(path, change_log(self.undo_stack, self.contest.title).encode("utf-8"))
        except ContestError as error:
            QMessageBox.critical(self, "Could not save the change log", str(error))
            return False
        self.statusBar().showMessage(f"Change log written to {Path(path).name}", 5000)
        return True

    # --- following the model ----------------------------------------------------------------------

    def _on_tally_changed(self) -> None:
        tally = self.model.tally()
        self.results_panel.refresh(tally)
        self.summary.show_tally(tally, self.results_panel.outcome)
        index = self.method_box.findData(self.contest.method)
        if index != self.method_box.currentIndex():
            self.method_box.setCurrentIndex(index)

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_edit_refused(self, message: str) -> None:
        self.statusBar().showMessage(f"Not changed: {message}", 8000)

    def _update_actions(self, *_: object) -> None:
        has_candidates = self.contest.candidate_count > 0
        has_categories = self.contest.category_count > 0
        for action in (self.remove_candidate_action, self.rename_candidate_action, self.colour_action,
                       self.move_left_action, self.move_right_action):
            action.setEnabled(has_candidates)
        for action in (self.remove_category_action, self.rename_category_action, self.category_properties_action,
                       self.move_up_action, self.move_down_action):
            action.setEnabled(has_categories)

    def _on_selection_changed(self, *_: object) -> None:
        """Selected rows are highlighted in the chart; in a contest too large to draw every
        category, the chart draws the selected ones (else the largest)."""
        categories = self.contest.category_count
        rows: set[int] = set()
        # Selection ranges, not indexes: selecting all of 20,000 rows must stay instant.
        for selected in self.table.selectionModel().selection():
            rows.update(range(selected.top(), min(selected.bottom(), categories - 1) + 1))
            if len(rows) > MAX_GROUPS and categories > MAX_GROUPS:
                break
        chosen = sorted(rows)
        if categories > MAX_GROUPS:
            wanted = chosen[:MAX_GROUPS] or None
            if wanted != self._chart_chosen:
                self._chart_chosen = wanted
                self.chart.set_shown_categories(wanted)
        self.chart.set_highlighted_categories(chosen)

    def _on_chart_category_clicked(self, category: int) -> None:
        if 0 <= category < self.contest.category_count:
            self.table.selectRow(category)

    # --- menus ------------------------------------------------------------------------------------

    def _on_table_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if index.isValid():
            self.table.setCurrentIndex(index)
        menu = self._edit_menu_for(index)
        menu.exec(self.table.viewport().mapToGlobal(point))

    def _on_header_menu(self, axis: Axis, point: QPoint) -> None:
        header = self.table.horizontalHeader() if axis is Axis.CANDIDATE else self.table.verticalHeader()
        section = header.logicalIndexAt(point)
        current = self.table.currentIndex()
        if section >= 0:
            if axis is Axis.CANDIDATE:
                self.table.setCurrentIndex(self.model.index(max(current.row(), 0), section))
            else:
                self.table.setCurrentIndex(self.model.index(section, max(current.column(), 0)))
        self._edit_menu_for(self.table.currentIndex()).exec(header.mapToGlobal(point))

    def _edit_menu_for(self, index: QModelIndex) -> QMenu:
        menu = QMenu(self)
        on_candidate = index.isValid() and index.column() < self.contest.candidate_count
        on_category = index.isValid() and index.row() < self.contest.category_count
        if on_candidate:
            for action in (self.rename_candidate_action, self.colour_action, self.move_left_action,
                           self.move_right_action, self.remove_candidate_action):
                menu.addAction(action)
            menu.addSeparator()
        if on_category:
            for action in (self.rename_category_action, self.category_properties_action, self.move_up_action,
                           self.move_down_action, self.remove_category_action):
                menu.addAction(action)
            menu.addSeparator()
        menu.addAction(self.add_candidate_action)
        menu.addAction(self.add_category_action)
        return menu

    # --- the file on disk ------------------------------------------------------------------------------

    def _watch_file(self) -> None:
        """Follow the document's file; remember what it was when we last read or wrote it."""
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        self._disk_signature = _signature(self.file_path) if self.file_path else None
        self.read_signature = self._disk_signature
        if self.file_path is not None and self.file_path.is_file():
            self._watcher.addPath(str(self.file_path))

    def _on_file_changed_on_disk(self, changed: str) -> None:
        if self.file_path is None or Path(changed) != self.file_path or self._asking_to_reload:
            return
        # An atomic replace (ours or an editor's) drops the path from the watcher: follow the new file.
        if self.file_path.is_file() and str(self.file_path) not in self._watcher.files():
            self._watcher.addPath(str(self.file_path))
        signature = _signature(self.file_path)
        if signature == self._disk_signature:
            return
        self._disk_signature = signature
        if signature is None:
            self.statusBar().showMessage(f"{self.file_path.name} was moved or deleted on disk; Save writes it again", 10000)
            return
        warning = "\n\nReloading loses the changes you have not saved." if self.is_modified else ""
        self._asking_to_reload = True
        try:
            answer = QMessageBox.question(
                self,
                "File changed on disk",
                f"“{self.file_path.name}” was changed by another program. Reload it?{warning}",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No if self.is_modified else QMessageBox.StandardButton.Yes,
            )
        finally:
            self._asking_to_reload = False
        if answer == QMessageBox.StandardButton.Yes:
            opened = self.load_file(self.file_path)
            if opened is not None:
                self._set_document(opened.contest, self.file_path, saved_as=opened.file_format)
                self.statusBar().showMessage(f"Reloaded {self.file_path.name}", 5000)

    # --- recent files and layout ----------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = app_settings().value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(item) for item in (value or [])]

    def _add_recent_file(self, path: Path) -> None:
        shown = str(path.resolve())
        files = [shown] + [item for item in self.recent_files() if item != shown]
        settings = app_settings()
        settings.setValue("recent_files", files[:MAX_RECENT_FILES])
        settings.setValue("last_folder", str(path.resolve().parent))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for number, item in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {Path(item).name}")
            action.setStatusTip(item)
            action.setEnabled(Path(item).is_file())
            action.triggered.connect(lambda checked=False, chosen=item: self.open_path(chosen))
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu").triggered.connect(
                lambda: app_settings().setValue("recent_files", [])
            )

    def _last_folder(self) -> str:
        folder = app_settings().value("last_folder", "")
        return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())

    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([560, 700])

    def _save_layout(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())

    # --- Qt events ------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self._fit_columns()
            self._fit_table_pane()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._save_layout()
        self.autosaver.stop()
        self.model.detach()
        self.chart.set_contest(None)
        self.results_panel.set_contest(None)
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:  # Shift+drop: compare with it
            self.compare_panel.set_baseline_path(Path(path))
            return
        self.open_path(path)


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).is_file():
            return url.toLocalFile()
    return None


def lossy_save_box(parent: QWidget | None, path: Path, file_format: FileFormat, lost: list[str]) -> QMessageBox:
    """The question asked before a lossy save, each loss on its own line; the button
    clicked is left in the box's ``answer`` property."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Save As " + file_format.label)
    box.setText(f"{path.name}: a {file_format.label} file cannot hold everything in this contest.")
    box.setInformativeText(
        "It would leave out:\n" + "\n".join(f"• {item}" for item in lost)
        + f"\n\nA {NATIVE.label} file ({NATIVE.extensions[0]}) keeps everything."
    )
    native_button = box.addButton(f"Save as {NATIVE.extensions[0]}…", QMessageBox.ButtonRole.AcceptRole)
    write_button = box.addButton(f"Save as {file_format.label} anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(native_button)
    answers = {native_button: "native", write_button: "write"}
    box.buttonClicked.connect(lambda button: box.setProperty("answer", answers.get(button, "cancel")))
    return box


def suggested_file_stem(name: str) -> str:
    """A file name to offer for a document or a title: its own name without the extension."""
    cleaned = "".join(ch if ch.isalnum() or ch in " -_." else "-" for ch in contest_file_stem(name)).strip(" .")
    return cleaned or "contest"


def _app_icon():
    from PySide6.QtGui import QIcon

    from resultsviewer.core.bundled import resource_path

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = resource_path(f"icons/resultsviewer-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon
