"""The rounds of a contest decided by instant runoff: a round control driving a table and
a chart, and the transfers between rounds as a flow diagram.

The round control is a slider with First, Previous, Next and Final buttons; with the
slider focused the arrow keys, Page Up/Down, Home and End move through the rounds, and
Alt+Left / Alt+Right do so from anywhere in the view. The table and the chart show the
chosen round; candidates out in earlier rounds are greyed; each candidate keeps the
colour the main chart gives them. Rounds are read-only here: rounds computed from
ballots are derived (the ballots file is their source), and a report's rounds are
shown as the report printed them (the note above the table says which).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSlider,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from resultsviewer.core.rounds import EXHAUSTED, RoundResult, format_votes

from .rounds_chart import ELIMINATED_TEXT, contest_colours, paint_round, paint_transfers, round_colours
from .widgets import scrolling, show_bottom_dock

#: Before a part of the row above (the kinds of inactive ballots).
INDENT = "    "


class _PaintedFigure(QWidget):
    """A widget that paints one of the rounds figures (the same code as the export)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: RoundResult | None = None
        self.number = 1
        self.transfers = False
        self.colours: dict[str, str] = {}
        self.setMinimumSize(320, 240)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#ffffff"))
        self.setPalette(palette)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Qt's name)
        if self.result is None:
            return
        painter = QPainter(self)
        try:
            area = QRectF(self.rect()).adjusted(10, 8, -10, -8)
            text_px = max(min(self.width() / 70, 15.0), 9.0)
            if self.transfers:
                paint_transfers(painter, area, self.result, self.colours, text_px=text_px)
            else:
                paint_round(painter, area, self.result, self.number, self.colours, text_px=text_px)
        finally:
            painter.end()


class RoundsView(QWidget):
    """Step through the rounds; see each one's table and chart, and the transfers."""

    #: The round shown changed (1-based).
    roundChanged = Signal(int)

    COLUMNS = ("Candidate", "Votes", "Share", "Change", "Status")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: RoundResult | None = None
        self._number = 1
        self.first_button = QPushButton("First", self)
        self.previous_button = QPushButton("Previous", self)
        self.next_button = QPushButton("Next", self)
        self.final_button = QPushButton("Final", self)
        self.first_button.setToolTip("The first round: first preferences (Home)")
        self.final_button.setToolTip("The final round, which decides (End)")
        self.previous_button.setToolTip("The round before (Alt+Left)")
        self.next_button.setToolTip("The round after (Alt+Right)")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setMinimum(1)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setAccessibleName("Round")
        self.round_label = QLabel(self)
        self.round_label.setMinimumWidth(120)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {ELIMINATED_TEXT};")
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Not stretched: a stretched last section keeps at least its default 100 px, wider
        # than "continuing", and pushed the pane's columns past its edge.
        # One line a row: the status is a few words (its tooltip says it in full) and the
        # columns are as wide as their contents, the pane as wide as the columns.
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.chart = _PaintedFigure(self)
        self.flow = _PaintedFigure(self)
        self.flow.transfers = True
        self.export_button = QPushButton("Export…", self)
        self.export_button.setToolTip("Save this round, every round or the transfers as PNG, SVG or PDF")
        menu = QMenu(self.export_button)
        menu.addAction("This Round…", lambda: self.export_figure("round"))
        menu.addAction("All Rounds (Small Multiples)…", lambda: self.export_figure("all"))
        menu.addAction("Transfers…", lambda: self.export_figure("transfers"))
        self.export_button.setMenu(menu)
        #: The contest the rounds belong to (for the exported file's metadata).
        self.contest = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        controls = QHBoxLayout()
        for widget in (self.first_button, self.previous_button):
            controls.addWidget(widget)
        controls.addWidget(self.slider, 1)
        for widget in (self.next_button, self.final_button, self.round_label, self.export_button):
            controls.addWidget(widget)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        # The table keeps the width of its columns (see _fit_table_pane); the chart takes the rest.
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.tabs = QTabWidget(self)
        round_page = QWidget(self)
        round_layout = QVBoxLayout(round_page)
        round_layout.setContentsMargins(0, 0, 0, 0)
        round_layout.addLayout(controls)
        round_layout.addWidget(splitter, 1)
        self.tabs.addTab(round_page, "Rounds")
        self.tabs.addTab(self.flow, "Transfers")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs, 1)

        self.first_button.clicked.connect(lambda: self.set_round(1))
        self.previous_button.clicked.connect(lambda: self.set_round(self._number - 1))
        self.next_button.clicked.connect(lambda: self.set_round(self._number + 1))
        self.final_button.clicked.connect(lambda: self.set_round(self.round_count()))
        self.slider.valueChanged.connect(self.set_round)
        for keys, step in (("Alt+Left", -1), ("Alt+Right", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.set_round(self._number + step))
        self.set_result(None)

    # --- the rounds ---------------------------------------------------------------------

    def round_count(self) -> int:
        return len(self.result.rounds) if self.result is not None else 0

    def current_round(self) -> int:
        return self._number

    def set_result(self, result: RoundResult | None, colours: dict[str, str] | None = None) -> None:
        """Show ``result`` (None: nothing), at its final round."""
        self.result = result
        enabled = result is not None
        for widget in (self.first_button, self.previous_button, self.next_button, self.final_button, self.slider):
            widget.setEnabled(enabled)
        if result is None:
            self.summary.setText("This contest is decided in one count: it has no rounds.")
            self.note.setText("")
            self.table.setRowCount(0)
            self.chart.result = self.flow.result = None
            self.round_label.setText("")
            self.update()
            return
        merged = round_colours(result, colours)
        for figure in (self.chart, self.flow):
            figure.result = result
            figure.colours = merged
        self.summary.setText(result.summary())
        self.note.setText(rounds_note(result))
        self.slider.blockSignals(True)
        self.slider.setMaximum(len(result.rounds))
        self.slider.blockSignals(False)
        self._number = 0
        self.set_round(len(result.rounds))
        self._fit_table_pane()
        self.flow.update()

    def set_round(self, number: int) -> None:
        """Show round ``number`` (clamped to the rounds there are)."""
        if self.result is None:
            return
        number = max(1, min(int(number), len(self.result.rounds)))
        if number == self._number:
            return
        self._number = number
        self.slider.blockSignals(True)
        self.slider.setValue(number)
        self.slider.blockSignals(False)
        count = len(self.result.rounds)
        which = " (first preferences)" if number == 1 else " (final)" if number == count else ""
        self.round_label.setText(f"Round {number} of {count}{which}")
        self.first_button.setEnabled(number > 1)
        self.previous_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < count)
        self.final_button.setEnabled(number < count)
        self._fill_table()
        self.chart.number = number
        self.chart.update()
        self.roundChanged.emit(number)

    def _fill_table(self) -> None:
        assert self.result is not None
        result = self.result
        round_ = result.round(self._number)
        previous = result.round(self._number - 1) if self._number > 1 else None
        out_before = {name: r.number for r in result.rounds[: self._number - 1] for name in r.eliminated}
        # Each row: name, votes, share, change, status (short words), the status in full (its tooltip), muted.
        rows: list[tuple[str, str, str, str, str, str, bool]] = []

        def change_of(now: Decimal, before: Decimal | None) -> str:
            if before is None:
                return ""
            delta = now - before
            return ("+" if delta > 0 else "") + format_votes(delta) if delta else "0"

        active = round_.active
        for name, votes in round_.ranking():
            change = change_of(votes, previous.tally.get(name, Decimal(0)) if previous else None)
            status = tip = "continuing"
            if name in round_.elected:
                status = tip = "elected"
            elif name in round_.eliminated:
                tie_break = name in round_.tie_broken
                status = "eliminated" + (" (tie-break)" if tie_break else "")
                tip = "eliminated at the end of this round" + (", by the tie-break" if tie_break else "")
            share = f"{votes / active * 100:.2f}%" if active else ""
            rows.append((name, format_votes(votes), share, change, status, tip, False))
        # The inactive ballots by kind: one kind is the status; several, a row each below
        # (their counts in the Votes column, where a long list would be cut at the pane's edge).
        kinds = [(kind, votes) for kind, votes in round_.inactive.items() if votes]
        breakdown = ", ".join(f"{kind.label} {format_votes(votes)}" for kind, votes in kinds)
        rows.append(("Inactive ballots", format_votes(round_.exhausted), "",
                     change_of(round_.exhausted, previous.exhausted if previous else None),
                     kinds[0][0].label if len(kinds) == 1 else "", breakdown, True))
        if len(kinds) > 1:
            for kind, votes in kinds:
                before = previous.inactive.get(kind, Decimal(0)) if previous else None
                rows.append((INDENT + kind.label, format_votes(votes), "", change_of(votes, before), "", "", True))
        if round_.threshold is not None:
            rows.append(("Threshold to win", format_votes(round_.threshold), "", "", "more than half",
                         "more than half the ballots still counting", True))
        for name in [n for n in result.candidates if n in out_before]:
            out = f"eliminated in round {out_before[name]}"
            rows.append((name, "", "", "", out, out, True))
        self.table.setRowCount(len(rows))
        grey = QBrush(QColor(ELIMINATED_TEXT))
        for row, (name, votes, share, change, status, tip, muted) in enumerate(rows):
            for column, text in enumerate((name, votes, share, change, status)):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 4 and tip:
                    item.setToolTip(tip)
                if muted:
                    item.setForeground(grey)
                if status == "elected":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self._fit_table_pane(grow_only=True)

    def table_width(self) -> int:
        """The width the table needs to show every column whole, its scroll bar included."""
        table = self.table
        header = table.horizontalHeader()
        columns = sum(
            max(table.sizeHintForColumn(c), header.sectionSizeHint(c), header.minimumSectionSize())
            for c in range(table.columnCount())
        )
        return columns + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()

    def _fit_table_pane(self, grow_only: bool = False) -> None:
        """Give the table the width of its columns (no word cut at its edge), the chart the
        rest down to its minimum; ``grow_only`` leaves a pane already wide enough alone."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return  # not laid out yet: the resize on showing fits it
        width = min(self.table_width(), total - self.chart.minimumWidth() - self.splitter.handleWidth())
        if grow_only and width <= sizes[0]:
            return
        self.splitter.setSizes([width, total - width])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_table_pane(grow_only=True)

    def export_figure(self, what: str, path: str | None = None) -> str | None:
        """Export ``what`` (``round``: the round shown, ``all``, ``transfers``) to ``path``,
        asked for when None; the written path, or None when cancelled or refused."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from resultsviewer.core.errors import ContestError
        from resultsviewer.core.formats import contest_file_stem

        from .rounds_export import RoundsFigure, export_rounds

        if self.result is None or self.contest is None:
            return None
        figure = RoundsFigure(round="all" if what == "all" else str(self._number), transfers=what == "transfers")
        if path is None:
            stem = contest_file_stem(self.contest.title.replace("/", "-")) or "rounds"
            path, _ = QFileDialog.getSaveFileName(
                self, "Export Rounds", f"{stem} {figure.name_suffix(self.result)}.png",
                "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)",
            )
            if not path:
                return None
        try:
            export_rounds(self.contest, path, figure, fit_height=True)
        except (ContestError, ValueError) as error:
            QMessageBox.warning(self, "Cannot export", str(error))
            return None
        return path

    def transfers_text(self) -> str:
        """Where the ballots of those eliminated at the end of the shown round went (for tips and tests)."""
        if self.result is None:
            return ""
        round_ = self.result.round(self._number)
        parts = []
        for source in round_.eliminated:
            moved = ", ".join(
                f"{'exhausted' if target == EXHAUSTED else target} {format_votes(votes)}"
                for target, votes in sorted(round_.transfers.get(source, {}).items(), key=lambda item: -item[1]) if votes
            )
            parts.append(f"{source}: {moved}" if moved else source)
        return "; ".join(parts)


def rounds_note(result: RoundResult) -> str:
    """Where the rounds come from and whether they can be edited, in one line."""
    if result.derived:
        return (f"Computed from the ballots ({result.source}). Read-only: the ballots file is the source; "
                "candidates, categories and counts cannot be changed here.")
    return (f"As given by the {result.source or 'report'}. Read-only here: to correct a count, "
            "correct the report and open it again.")


def show_rounds_of(window, contest) -> RoundsView | None:  # type: ignore[no-untyped-def]
    """The main window's hook: a "Rounds" dock for a contest decided in rounds, hidden
    for any other. A contest decided in rounds has a read-only table (its counts are
    the first round; the core refuses edits that would leave the rounds behind, see
    :func:`resultsviewer.core.edits.rounds_refusal`), and the status bar says why."""
    from PySide6.QtWidgets import QDockWidget

    dock = getattr(window, "rounds_dock", None)
    table = getattr(window, "table", None)
    if table is not None:
        if not hasattr(window, "_rounds_edit_triggers"):
            window._rounds_edit_triggers = table.editTriggers()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if contest.rounds is not None
                              else window._rounds_edit_triggers)
    if contest.rounds is not None:
        window.say(rounds_note(contest.rounds), 10000)
    if contest.rounds is None:
        if dock is not None:
            dock.hide()
        return None
    if dock is None:
        dock = QDockWidget("Rounds", window)
        dock.setObjectName("rounds")
        # In a scroll area: the dock can be low (it scrolls) without forcing the window taller.
        window.rounds_view = RoundsView()
        dock.setWidget(scrolling(window.rounds_view))
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        window.rounds_dock = dock
    view: RoundsView = window.rounds_view
    view.contest = contest
    view.set_result(contest.rounds, contest_colours(contest))
    show_bottom_dock(window, dock)
    return view


__all__ = ["RoundsView", "rounds_note", "show_rounds_of"]
