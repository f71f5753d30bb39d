"""The main window: the table and the chart of one document, its summary, menus and toolbar.

The window assembles views around a :class:`~resultsviewer.gui.document.Document` and
holds no document state of its own. One path from an edit to the screen: a view or a
command calls ``document.apply(edit)``; the core edit changes the contest, which
announces it; the table model and the chart each follow the event, and the summary
follows the document's ``tally_changed``. The commands are declared in
:mod:`.actions`; opening and saving are :mod:`.files`'; the edit commands :mod:`.editing`'s.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QPalette, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableView,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from resultsviewer.core.contest import Axis, Contest
from resultsviewer.core.counts import full_stop
from resultsviewer.core.examples import examples
from resultsviewer.core.formats.opening import Origin
from resultsviewer.core.parties import party_grouping_refusal
from resultsviewer.core.view_data import MAX_GROUPS, default_chart_mode

from .actions import (
    ADD_MENU,
    CANDIDATE_MENU,
    CATEGORY_MENU,
    GROUP_BY_PARTY_TIP,
    MENUS,
    UndoButton,
    build_actions,
    fill_menu,
    update_enabled,
)
from .chart import ChartMode, ResultsChart
from .compare_panel import install as install_comparison
from .document import Document, blank_contest
from .editing import EditCommands
from .files import FileCommands
from .properties_dialog import fill_method_box, show_method
from .recovery import Autosaver
from .results_panel import ResultsPanel
from .rounds_view import show_rounds_of
from .settings import APP_NAME, ORGANIZATION, restore_layout, save_layout
from .summary_bar import SummaryBar
from .table_model import TableDisplay, TallyTableModel
from .widgets import (
    CHART_MIN_HEIGHT,
    app_icon,
    dropped_file,
    fit_columns,
    fit_table_pane,
    history_dock,
    labelled_combo,
)

__all__ = ["APP_NAME", "ORGANIZATION", "MainWindow", "blank_contest"]


METHOD_BOX_TIP = "How the categories are combined: an undoable change to the contest"
#: How long the notes on a contest just opened stay in the status bar (ms).
NOTES_TIMEOUT = 10000


class MainWindow(QMainWindow):
    """One document: a table and a chart side by side, with undo, files and export."""

    #: Columns fitted to their contents when a document opens (see widgets.fit_columns).
    FITTED_COLUMNS = 60

    def __init__(self, contest: Contest | None = None, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        if contest is None:
            from resultsviewer.core.bundled import default_contest

            contest = default_contest()
        self.document = Document(contest, parent=self)
        self.setAcceptDrops(True)
        self.autosaver = Autosaver(self.document, self)
        self.model = TallyTableModel(self.document, self)
        # The chart and the results panel are given the contest once, by document.replace below.
        self.chart = ResultsChart(self)
        #: The charts as tabs: seats, parliament or electoral votes first when they decide.
        self.results_panel = ResultsPanel(self.chart, self)
        # A dock opened below keeps the charts readable: it scrolls rather than crush them.
        self.results_panel.setMinimumHeight(CHART_MIN_HEIGHT)
        #: The categories the chart was told to draw (from the selection), None for its own choice.
        self._chart_chosen: list[int] | None = None
        self._party_grouping_key: tuple[bool, tuple[str, ...]] | None = None  # what Group by Party was last offered for
        self.summary = SummaryBar(self)
        #: What the views say while a contest is replaced, shown once afterwards (see say).
        self._replace_notes: list[str] | None = None
        #: The notes shown after the last replacement, which "Opened X" leads rather than hides.
        self._replace_said: str | None = None
        #: The last refusal shown, cleared by the next change that is made.
        self._refusal_said: str | None = None
        #: True when the chart shows shares because the contest was too large, not by the user's choice.
        self._chart_mode_automatic = False
        self._build_table()
        self.files = FileCommands(self.document, self, self.say)
        self.edits = EditCommands(self.document, self.table, self, lambda text: self.say(text, 5000))
        self.actions = build_actions(self)
        # Ctrl+C and Ctrl+V copy and paste the table's cells where the table has the
        # keyboard, not where a dock's table or a text field has it (the menu's commands
        # act on the table anyway).
        for name in ("edit.copy-cells", "edit.paste-counts"):
            self.actions[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(self.actions[name])
        self._build_central()
        self._build_history()
        #: The comparison with a baseline (File > Compare With…): a dock, hidden until used.
        self.compare_panel, self.compare_dock = install_comparison(self)
        self._build_menus()
        self._build_toolbar()
        document = self.document
        document.contest_replaced.connect(self._on_contest_replaced)
        document.tally_changed.connect(self._on_tally_changed)
        document.origin_changed.connect(self._update_title)
        document.modified_changed.connect(self.setWindowModified)
        document.edit_refused.connect(self._on_edit_refused)
        document.undo_stack.indexChanged.connect(self._on_history_moved)
        self.summary.warning_button.clicked.connect(lambda: self.trigger("view.declared-figures"))
        self.chart.sigCategoryClicked.connect(self._on_chart_category_clicked)
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)
        restore_layout(self, self.splitter)
        # A document without a file is named by its contest (the default: its title), never "Untitled".
        origin = Origin(Path(path), None, Path(path).name) if path is not None else Origin(name=contest.title)
        document.replace(contest, origin)
        if contest.rounds is None:  # rounds are read-only: show_rounds_of says why instead
            self.statusBar().showMessage("Double-click a count to correct it; Ctrl+Z undoes.", 5000)

    # --- the document, as tests and scripts know it ------------------------------------------

    @property
    def contest(self) -> Contest:
        return self.document.contest

    @property
    def undo_stack(self) -> QUndoStack:
        return self.document.undo_stack

    @property
    def file_path(self) -> Path | None:
        return self.document.file_path

    @property
    def document_name(self) -> str:
        return self.document.name

    @property
    def is_modified(self) -> bool:
        return self.document.is_modified

    def say(self, text: str, timeout: int = 5000) -> None:
        """Show ``text`` in the status bar for ``timeout`` ms.

        While a contest is being replaced, what the views say about it (the chart switched
        to shares, the comparison stopped, the rounds are read-only) is gathered and shown
        as one message; "Opened X" said just after leads that message instead of hiding it.
        """
        if self._replace_notes is not None:
            self._replace_notes.append(text)
            return
        if self._replace_said is not None and self.statusBar().currentMessage() == self._replace_said:
            text, timeout = f"{full_stop(text)} {self._replace_said}", max(timeout, NOTES_TIMEOUT)
        self._replace_said = None
        self.statusBar().showMessage(text, timeout)

    def trigger(self, action_id: str) -> None:
        """Run a command by its id in :data:`.actions.ACTIONS` (``file.save``, ``edit.undo``)."""
        self.actions[action_id].trigger()

    def restore_recovered(
        self, contest: Contest, name: str, original_path: str | None, original_signature: tuple[int, int] | None = None
    ) -> None:
        """Show a document recovered after a crash (see :meth:`FileCommands.restore_recovered`)."""
        self.files.restore_recovered(contest, name, original_path, original_signature)

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
        for axis, header in ((Axis.CANDIDATE, table.horizontalHeader()), (Axis.CATEGORY, table.verticalHeader())):
            header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            header.setSectionsClickable(True)
            # Measure a few hundred rows, not 20,000, when fitting columns to their contents.
            header.setResizeContentsPrecision(200)
            header.sectionDoubleClicked.connect(lambda section, axis=axis: self.edits.rename(axis, section))
            header.customContextMenuRequested.connect(lambda point, axis=axis: self._on_header_menu(axis, point))
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
        # A wider window widens the chart: the table keeps the width that fits it (widgets.fit_table_pane).
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
        self.history_dock = history_dock(self, self.document.undo_stack, lambda: self.files.export_change_log())
        self.history_view = self.history_dock.findChild(QUndoView)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()

    def _add_examples(self, menu: QMenu) -> None:
        self.examples_menu = menu.addMenu("Open E&xample")
        for example in examples():
            action = self.examples_menu.addAction(example.title)
            action.setStatusTip(example.description)
            action.triggered.connect(lambda checked=False, chosen=example: self.files.open_example(chosen))

    def _add_recent(self, menu: QMenu) -> None:
        self.recent_menu = menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent_menu(self.recent_menu))

    def _add_table_shows(self, menu: QMenu) -> None:
        table_menu = menu.addMenu("&Table Shows")
        self.display_actions: dict[TableDisplay, QAction] = {}
        for display in TableDisplay:
            action = table_menu.addAction(display.label)
            action.setCheckable(True)
            action.triggered.connect(lambda checked=False, chosen=display: self.set_table_display(chosen))
            self.display_actions[display] = action

    def _build_menus(self) -> None:
        parts = {
            "examples": self._add_examples,
            "recent": self._add_recent,
            "undo": lambda menu: menu.addAction(self.actions["edit.undo"]),
            "redo": lambda menu: menu.addAction(self.actions["edit.redo"]),
            "table-shows": self._add_table_shows,
            "history": lambda menu: menu.addAction(self.history_dock.toggleViewAction()),
            "comparison": lambda menu: menu.addAction(self.compare_dock.toggleViewAction()),
        }
        for title, entries in MENUS.items():
            fill_menu(self.menuBar().addMenu(title), entries, self.actions, parts)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        # Words, as they always were: a theme's icons would make the toolbar a row of pictures.
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        toolbar.addAction(self.actions["file.open"])
        toolbar.addAction(self.actions["file.save"])
        for label in ("Undo", "Redo"):
            button = UndoButton(label, self.document.undo_stack, self)
            toolbar.addAction(button)
            button.attach(toolbar.widgetForAction(button))
        toolbar.addSeparator()
        self.display_box = labelled_combo(toolbar, " Table: ", [(display.label, display) for display in TableDisplay])
        self.display_box.setToolTip("What the cells show; counts are what you edit")
        self.display_box.currentIndexChanged.connect(lambda: self.set_table_display(self.display_box.currentData()))
        self.chart_mode_box = labelled_combo(toolbar, "  Chart: ", [("Counts", ChartMode.COUNTS), ("Shares", ChartMode.SHARE)])
        self.chart_mode_box.currentIndexChanged.connect(lambda: self.set_chart_mode(self.chart_mode_box.currentData()))
        toolbar.addAction(self.actions["view.stacked"])
        self.method_box = labelled_combo(toolbar, "  Method: ", [])
        fill_method_box(self.method_box)
        self.method_box.setToolTip(METHOD_BOX_TIP)
        self.method_box.activated.connect(lambda: self.edits.set_method(self.method_box.currentData()))
        toolbar.addSeparator()
        toolbar.addAction(self.actions["file.export-chart"])

    # --- views --------------------------------------------------------------------------------

    def set_table_display(self, display: TableDisplay) -> None:
        display = TableDisplay(display)
        self.model.set_display(display)
        self.display_box.setCurrentIndex(self.display_box.findData(display))
        for each, action in self.display_actions.items():
            action.setChecked(each is display)

    def set_chart_mode(self, mode: ChartMode, *, automatic: bool = False) -> None:
        """Show the chart in counts or shares: the user's choice, kept from contest to
        contest, or (``automatic``) the window's for this contest only."""
        mode = ChartMode(mode)
        self._chart_mode_automatic = automatic
        self.chart.set_mode(mode)
        self.chart_mode_box.blockSignals(True)
        self.chart_mode_box.setCurrentIndex(self.chart_mode_box.findData(mode))
        self.chart_mode_box.blockSignals(False)
        self.actions["view.chart-shares"].setChecked(mode is ChartMode.SHARE)

    def set_chart_stacked(self, stacked: bool) -> None:
        self.chart.set_stacked(stacked)
        self.actions["view.stacked"].setChecked(stacked)

    def _offer_party_grouping(self) -> None:
        """Group by Party is offered where counting parties means something. Where it stops
        meaning anything (another contest, an edit of the candidates' parties), the window
        counts candidates again and says why; the menu says it too."""
        parties = tuple(candidate.party or candidate.name for candidate in self.contest.candidates)
        key = (self.contest.rounds is not None, parties)
        if key == self._party_grouping_key:
            return  # an edit of counts: the same answer (asked on every edit, so kept cheap)
        self._party_grouping_key = key
        refused = party_grouping_refusal(self.contest)
        action = self.actions["view.group-by-party"]
        action.setEnabled(refused is None)
        action.setStatusTip(f"Group by Party does not apply: {refused}" if refused else GROUP_BY_PARTY_TIP)
        if refused and self.results_panel.grouped_by_party():
            self.set_grouped_by_party(False)
            self.say(f"Counting candidates, not parties: {refused}", 8000)

    def set_grouped_by_party(self, grouped: bool) -> None:
        """Count parties rather than candidates in the summary and charts (a view, not an edit);
        refused, saying why, where counting parties means nothing (see party_grouping_refusal)."""
        refused = party_grouping_refusal(self.contest) if grouped else None
        if refused:
            grouped = False
            self.say(f"Counting candidates, not parties: {refused}", 8000)
        self.actions["view.group-by-party"].setChecked(grouped)
        self.results_panel.set_grouped_by_party(grouped)
        self._on_tally_changed()

    # --- following the document ---------------------------------------------------------------------

    def _on_contest_replaced(self, contest: Contest) -> None:
        """Another contest: the views follow it, and what they say about it is said at once."""
        self._replace_notes = []
        try:
            self._follow_contest(contest)
        finally:
            notes, self._replace_notes = self._replace_notes, None
        self._replace_said = " ".join(full_stop(note) for note in notes) or None
        if self._replace_said is not None:
            self.statusBar().showMessage(self._replace_said, NOTES_TIMEOUT)

    def _follow_contest(self, contest: Contest) -> None:
        """The chart's one full reset, columns fitted, the default chart mode."""
        if self._chart_chosen is not None:
            self._chart_chosen = None
            self.chart.set_shown_categories(None)
        self.chart.set_contest(contest)
        self.results_panel.set_contest(contest)
        fit_columns(self.table, self.FITTED_COLUMNS)
        fit_table_pane(self.splitter, self.table)
        wanted = default_chart_mode(contest)
        if self._chart_mode_automatic and wanted is ChartMode.COUNTS:
            # Shares were the window's choice for the last contest, too large to draw in counts.
            self.set_chart_mode(ChartMode.COUNTS)
            self.say("The chart shows counts again", 8000)
        if wanted is ChartMode.SHARE and self.chart.mode() is ChartMode.COUNTS:
            self.set_chart_mode(ChartMode.SHARE, automatic=True)
            self.say(
                f"{contest.category_count:,} categories: the chart shows shares, overall and for the largest "
                "or the selected rows", 8000,
            )
        update_enabled(self)
        self._offer_party_grouping()
        # Said first: why the comparison vanished matters more than the Rounds dock's own note.
        self.compare_panel.document_changed()  # the same baseline, or stop comparing saying why
        show_rounds_of(self, contest)  # a contest decided in rounds gets a Rounds dock

    def _on_history_moved(self, _index: int) -> None:
        update_enabled(self)
        self._offer_party_grouping()
        # A change made (or undone, or redone) since a refusal: the refusal is old news.
        if self._refusal_said is not None and self.statusBar().currentMessage() == self._refusal_said:
            self.statusBar().clearMessage()
        self._refusal_said = None

    def _on_edit_refused(self, message: str) -> None:
        self._refusal_said = f"Not changed: {message}"
        self.say(self._refusal_said, 8000)

    def _on_tally_changed(self) -> None:
        tally = self.document.tally()
        self.results_panel.refresh(tally)
        self.summary.show_tally(tally, self.results_panel.outcome)
        show_method(self.method_box, self.contest, METHOD_BOX_TIP)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.name}[*] — {APP_NAME}")
        self.setWindowFilePath(str(self.document.file_path) if self.document.file_path else "")
        self.setWindowModified(self.document.is_modified)

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

    # --- context menus ------------------------------------------------------------------------------

    def _on_table_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        selection = self.table.selectionModel()
        if index.isValid():
            # Within the selection, the selection stays (its cells are what Copy copies).
            flags = QItemSelectionModel.SelectionFlag.NoUpdate if selection.isSelected(index) else (
                QItemSelectionModel.SelectionFlag.ClearAndSelect)
            selection.setCurrentIndex(index, flags)
        menu = self._edit_menu_for(index)
        if index.isValid():
            menu.insertSeparator(menu.actions()[0])
            menu.insertActions(menu.actions()[0], [self.actions["edit.copy-cells"], self.actions["edit.paste-counts"]])
        menu.exec(self.table.viewport().mapToGlobal(point))

    def _on_header_menu(self, axis: Axis, point: QPoint) -> None:
        header = self.table.horizontalHeader() if axis is Axis.CANDIDATE else self.table.verticalHeader()
        section = header.logicalIndexAt(point)
        current = self.table.currentIndex()
        if section >= 0:
            row, column = (max(current.row(), 0), section) if axis is Axis.CANDIDATE else (section, max(current.column(), 0))
            self.table.setCurrentIndex(self.model.index(row, column))
        self._edit_menu_for(self.table.currentIndex()).exec(header.mapToGlobal(point))

    def _edit_menu_for(self, index: QModelIndex) -> QMenu:
        """The candidate's commands on a candidate, the category's on a category, then Add."""
        on_candidate = index.isValid() and index.column() < self.contest.candidate_count
        on_category = index.isValid() and index.row() < self.contest.category_count
        entries = (CANDIDATE_MENU + ("-",) if on_candidate else ()) + (CATEGORY_MENU + ("-",) if on_category else ())
        menu = QMenu(self)
        fill_menu(menu, entries + ADD_MENU, self.actions, {})
        return menu

    # --- Qt events ------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not event.spontaneous():
            fit_columns(self.table, self.FITTED_COLUMNS)
            fit_table_pane(self.splitter, self.table)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.files.maybe_save():
            event.ignore()
            return
        save_layout(self, self.splitter)
        self.autosaver.stop()
        self.model.detach()
        self.chart.set_contest(None)
        self.results_panel.set_contest(None)
        self.document.close()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        path = dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:  # Shift+drop: compare with it
            self.compare_panel.set_baseline_path(Path(path))
            return
        self.files.open_path(path)
