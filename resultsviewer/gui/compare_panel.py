"""The window's comparison with a baseline: File > Compare With…, or a file dropped on the
"Change since…" panel (or Shift+dropped on the window).

The panel shows what the core's :class:`~resultsviewer.core.compare.Changes` says: the
change chart, the swing, seats won and lost, each category's result in words (a changed
winner marked), and what is left unmatched, which the user can match by hand (an
undoable edit through the window's :meth:`~resultsviewer.gui.document.Document.apply`,
on the same history as the edits of the contest). It listens to the contest and
recomputes once per burst of edits; it never changes the open document.

Kept apart from ``main_window.py``, which calls :func:`install`; File > Compare With…
is a row of :mod:`.actions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resultsviewer.core.compare import (
    Changes,
    CompareError,
    Comparison,
    MatchByHand,
    swing_unknown_text,
)
from resultsviewer.core.contest import Axis, Contest, Method
from resultsviewer.core.counts import full_stop, quantity
from resultsviewer.core.errors import ContestError
from resultsviewer.core.tally import only_changes_declared, signed_points, unchecked_changes_note

from .change_chart import ChangeChart
from .settings import last_folder
from .widgets import dropped_file, scrolling, show_bottom_dock

if TYPE_CHECKING:
    from .main_window import MainWindow

DROP_HINT = "Drop the results of the election before here (or Shift+drop them on the window), or use File > Compare With…"
#: A changed winner's row in the results table.
CHANGED_BACKGROUND = "#fff1c2"
#: The results table's column of the change in turnout.
TURNOUT_COLUMN = 3


class ComparePanel(QWidget):
    """What changed since the baseline; empty until one is chosen."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.comparison: Comparison | None = None
        self.changes: Changes | None = None
        self._baseline_path: Path | None = None
        self._contest: Contest | None = None
        #: The dock the panel is shown in (see :func:`install`).
        self.dock: QDockWidget | None = None
        self.setAcceptDrops(True)
        # One recomputation per burst of edits (typing, an undo of many), not one per event.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(50)
        self._refresh_timer.timeout.connect(self.refresh)

        self.heading = QLabel(DROP_HINT, self)
        self.heading.setWordWrap(True)
        self.choose_button = QPushButton("Compare With…", self)
        self.choose_button.clicked.connect(self.choose_baseline)
        self.stop_button = QPushButton("Stop Comparing", self)
        self.stop_button.clicked.connect(self.clear)
        self.seats_box = QCheckBox("Seats", self)
        self.seats_box.setToolTip("Count a seat for the most votes in each category, with gains and losses")
        self.seats_box.toggled.connect(lambda _checked: self.refresh())
        self.table_box = QCheckBox("Change in the table", self)
        self.table_box.setToolTip("Show beside each figure of the table its change since the baseline")
        self.table_box.toggled.connect(lambda checked: self.window_.model.set_show_change(checked))
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.seats_box)
        buttons.addWidget(self.table_box)
        buttons.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = ChangeChart(self)
        self.results = QTableWidget(0, 4, self)
        self.results.setHorizontalHeaderLabels(["Category", "Result", "Swing (points)", "Turnout change (points)"])
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.results.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.results.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.results.verticalHeader().hide()
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # Some rows whatever the dock's height: the dock scrolls to them rather than squash them to one.
        self.results.setMinimumHeight(6 * self.results.verticalHeader().defaultSectionSize())
        self.unmatched = QLabel(self)
        self.unmatched.setWordWrap(True)
        self.match_button = QPushButton("Match by Hand…", self)
        self.match_button.clicked.connect(self._match_menu)
        self.export_button = QPushButton("Export Change Chart…", self)
        self.export_button.setToolTip("The change chart as PNG, SVG or PDF, with both sources in its source line")
        self.export_button.clicked.connect(lambda: self.export_change_chart())
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.unmatched)
        actions = QHBoxLayout()
        actions.addWidget(self.match_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self._show_state()

    # --- the baseline ---------------------------------------------------------------------

    def choose_baseline(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Compare With the Results Before", last_folder(),
            "Results files (*.results.json *.json *.csv *.tsv *.txt);;All files (*)",
        )
        if path:
            self.set_baseline_path(Path(path))

    def set_baseline_path(self, path: Path) -> bool:
        """Compare the open contest with the file at ``path``; a file that cannot be read
        or compared is explained, and the comparison (and the document) stay as they were."""
        opened = self.window_.files.load_file(path)  # the window's own loader: import dialog included
        if opened is None or opened.contest is None:
            return False
        return self.set_baseline(opened.contest, path)

    def set_baseline(self, baseline: Contest, path: Path | None = None) -> bool:
        contest = self.window_.contest
        try:
            comparison = Comparison(contest, baseline, baseline_source=baseline.source or (path.name if path else None))
        except ContestError as error:
            QMessageBox.warning(self, "Cannot compare", f"{error}\n\nThe open contest is unchanged.")
            return False
        self._attach(comparison, contest)
        self._baseline_path = path
        # Seats where the contest is decided by seats (a general election of constituencies).
        self.seats_box.blockSignals(True)
        self.seats_box.setChecked(contest.method is Method.SEATS)
        self.seats_box.blockSignals(False)
        self.refresh()
        if self.dock is not None:
            show_bottom_dock(self.window_, self.dock)
        return True

    def clear(self) -> None:
        self._detach()
        self.comparison = None
        self.changes = None
        self._baseline_path = None
        self._show_state()

    def _attach(self, comparison: Comparison, contest: Contest) -> None:
        self._detach()
        self.comparison = comparison
        self._contest = contest
        contest.subscribe(self._on_contest_event)
        comparison.subscribe(self.schedule_refresh)

    def _detach(self) -> None:
        if self._contest is not None:
            self._contest.unsubscribe(self._on_contest_event)
        if self.comparison is not None:
            self.comparison.unsubscribe(self.schedule_refresh)
        self._contest = None

    def document_changed(self) -> None:
        """The window shows another contest: compare it with the same baseline, or stop
        (saying why) when it cannot be compared."""
        if self.comparison is None or self.window_.contest is self.comparison.current:
            return
        baseline, path = self.comparison.baseline, self._baseline_path
        try:
            comparison = Comparison(self.window_.contest, baseline, baseline_source=self.comparison.baseline_source)
        except ContestError as error:
            self.clear()
            # The dock opened for the comparison; empty, it would only take the charts' room.
            if self.dock is not None:
                self.dock.hide()
            self.window_.say(f"Stopped comparing: {error}", 10000)
            return
        self._attach(comparison, self.window_.contest)
        self._baseline_path = path
        self.refresh()

    def _on_contest_event(self, _event: object) -> None:
        if not shiboken6.isValid(self):  # the window is gone but its contest lives on
            if self._contest is not None:
                self._contest.unsubscribe(self._on_contest_event)
            return
        self.schedule_refresh()

    def schedule_refresh(self) -> None:
        self._refresh_timer.start()

    # --- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.comparison is None:
            self._show_state()
            return
        try:
            self.changes = self.comparison.changes(seats=self.seats_box.isChecked())
        except CompareError as error:  # an edit made the matching ambiguous
            self.changes = None
            self.summary.setText(f"Cannot compare now: {error}")
            self.chart.set_changes(None)
            self.window_.model.set_changes(None)
            self.window_.chart.set_baseline_changes(None)
            return
        self._show_state()

    def _show_state(self) -> None:
        comparing = self.comparison is not None and self.changes is not None
        self.stop_button.setEnabled(self.comparison is not None)
        self.seats_box.setEnabled(comparing)
        self.match_button.setEnabled(comparing and self._has_unmatched())
        self.table_box.setEnabled(comparing)
        self.export_button.setEnabled(comparing)
        self.window_.model.set_changes(self.changes if comparing else None)
        self.window_.chart.set_baseline_changes(self.changes if comparing else None)
        if not comparing:
            self.heading.setText(DROP_HINT)
            self.summary.setText("")
            self.unmatched.setText("")
            self.chart.set_changes(None)
            self.results.setRowCount(0)
            return
        changes = self.changes
        assert changes is not None and self.comparison is not None
        where = f" ({self._baseline_path.name})" if self._baseline_path else ""
        self.heading.setText(f"Change since <b>{_html(self.comparison.baseline.title)}</b>{_html(where)}, the baseline")
        self.summary.setText(_summary_text(changes))
        self.chart.set_changes(changes)
        self._fill_results(changes)
        self.unmatched.setText(_unmatched_text(changes))

    def _fill_results(self, changes: Changes) -> None:
        categories = changes.categories
        self.results.setUpdatesEnabled(False)
        try:
            self.results.setRowCount(len(categories))
            bold = QFont()
            bold.setBold(True)
            for row, change in enumerate(categories):
                name = change.name if change.name == change.baseline_name else f"{change.name} (was {change.baseline_name})"
                result = change.result_text()
                swing = f"{change.swing.points:.1f} from {change.swing.source} to {change.swing.to}" if change.swing else ""
                turnout = "unknown" if change.turnout_change_points is None else f"{signed_points(change.turnout_change_points)}"
                for column, text in enumerate((name, result, swing, turnout)):
                    item = QTableWidgetItem(text)
                    if change.changed_hands:
                        item.setBackground(QBrush(QColor(CHANGED_BACKGROUND)))
                        item.setFont(bold)
                        item.setToolTip(f"The winner changed: {result}")
                    self.results.setItem(row, column, item)
        finally:
            self.results.setUpdatesEnabled(True)
        # A column of "unknown" in every row says nothing the summary does not: left out.
        self.results.setColumnHidden(
            TURNOUT_COLUMN, all(change.turnout_change_points is None for change in categories)
        )

    def export_change_chart(self, path: str | Path | None = None) -> bool:
        """Write the change chart (format by extension) through the export's one rendering path."""
        from .export import ExportOptions, export_chart

        if self.changes is None:
            return False
        if path is None:
            folder = last_folder()
            suggested = str(Path(folder) / "change.png") if folder else "change.png"
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export Change Chart", suggested, "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"
            )
            if not chosen:
                return False
            path = chosen
        try:
            export_chart(self.window_.contest, path, ExportOptions(changes=self.changes))
        except ContestError as error:
            QMessageBox.critical(self, "Could not export", str(error))
            return False
        self.window_.statusBar().showMessage(f"Exported {Path(path).name}", 5000)
        return True

    def declared_changes_text(self, text: str) -> str:
        """The window's word on the declared figures, with the declared changes in share:
        unchecked without a baseline, else how many the comparison checked and found wrong."""
        contest = self.window_.contest
        if not contest.declared.share_changes:
            return text
        if only_changes_declared(contest):
            text = "The source of this contest declared no other figures to check."
        if self.changes is None or self.changes.comparison.current is not contest:
            return f"{text}\n\n{unchecked_changes_note(contest)}."
        found, checked, unchecked = self.changes.check_declared()
        result = f"{checked:,} declared changes in share checked against the baseline"
        result += f": {len(found):,} disagree:\n" + "\n".join(f"• {d.message()}" for d in found[:20]) if found else ", all agree"
        if unchecked:
            result += f" ({unchecked:,} not checked: their candidate or category is unmatched)"
        return f"{text}\n\n{result}."

    # --- matching by hand -------------------------------------------------------------------

    def _has_unmatched(self) -> bool:
        if self.changes is None:
            return False
        matching = self.changes.matching
        return any(
            names["current"] and names["baseline"]
            for names in (matching.unmatched_candidates, matching.unmatched_categories)
        )

    def _match_menu(self) -> None:
        if self.changes is None:
            return
        menu = QMenu(self)
        matching = self.changes.matching
        for axis, names in ((Axis.CANDIDATE, matching.unmatched_candidates), (Axis.CATEGORY, matching.unmatched_categories)):
            if not (names["current"] and names["baseline"]):
                continue
            action = menu.addAction(f"Match a {axis.value}…")
            action.triggered.connect(lambda _checked=False, chosen=axis: self.ask_match(chosen))
        menu.exec(self.match_button.mapToGlobal(self.match_button.rect().bottomLeft()))

    def ask_match(self, axis: Axis) -> None:
        """A small dialog: an unmatched item of each contest, matched on OK."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout

        if self.changes is None:
            return
        names = (self.changes.matching.unmatched_candidates if axis is Axis.CANDIDATE else self.changes.matching.unmatched_categories)
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Match a {axis.value} with the baseline")
        current_box, baseline_box = QComboBox(dialog), QComboBox(dialog)
        current_box.addItems(list(names["current"]))
        baseline_box.addItems(list(names["baseline"]))
        form = QFormLayout(dialog)
        form.addRow("In this contest:", current_box)
        form.addRow("Is, in the baseline:", baseline_box)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        form.addRow(box)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.match(axis, current_box.currentText(), baseline_box.currentText())

    def match(self, axis: Axis, current_name: str, baseline_name: str | None) -> bool:
        """Match by hand through the document's one door, on its undo stack (Ctrl+Z undoes it)."""
        if self.comparison is None:
            return False
        return self.window_.document.apply(MatchByHand(self.comparison, axis, current_name, baseline_name))

    # --- drops ------------------------------------------------------------------------------

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
        self.set_baseline_path(Path(path))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _summary_text(changes: Changes) -> str:
    """Swing, turnout and seats in a sentence or two."""
    parts = []
    if changes.swing is not None:
        parts.append(full_stop(f"Swing of {changes.swing.points:.1f} points from {changes.swing.source} to {changes.swing.to}"))
    elif (why := swing_unknown_text(changes.candidates)):
        parts.append(f"No swing: {why}.")
    if changes.turnout_change_points is not None:
        parts.append(f"Turnout {signed_points(changes.turnout_change_points)} points.")
    else:
        parts.append(f"Turnout change unknown: {changes.turnout_unknown_text}.")
    if changes.seats:
        seats = ", ".join(
            f"{s.label} {s.seats:,} ({s.seats_change:+,}: {s.gains:,} gained, {s.losses:,} lost)" if s.seats_change
            else f"{s.label} {s.seats:,} (no net change)"
            for s in changes.seats[:6]
        )
        parts.append(f"{changes.majority_text()}. Seats: {seats}.")
    if changes.withheld_text:
        parts.append(f"Note: {changes.withheld_text}.")
    changed = sum(1 for c in changes.categories if c.changed_hands)
    if changes.categories:
        parts.append(
            f"{quantity(len(changes.categories), 'category', 'categories')} matched by {changes.matching.categories_by}; "
            f"the winner changed in {changed:,}."
        )
    return " ".join(parts)


def _unmatched_text(changes: Changes) -> str:
    lines = []
    matching = changes.matching
    for what, names in (("Candidates", matching.unmatched_candidates), ("Categories", matching.unmatched_categories)):
        for side, where in (("current", "not in the baseline"), ("baseline", "in the baseline only")):
            listed = list(names[side])
            if listed:
                shown = ", ".join(listed[:8]) + (f" and {len(listed) - 8:,} more" if len(listed) > 8 else "")
                lines.append(f"{what} {where}: {shown}")
    return "\n".join(lines)


def install(window: MainWindow) -> tuple[ComparePanel, QDockWidget]:
    """The panel in a dock of ``window``, hidden until used. The window calls
    :meth:`ComparePanel.document_changed` when it shows another contest."""
    panel = ComparePanel(window)
    dock = QDockWidget("Change Since Last Time", window)
    dock.setObjectName("comparison")
    dock.setWidget(scrolling(panel))
    panel.dock = dock
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    return panel, dock
