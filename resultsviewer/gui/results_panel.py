"""The charts beside the table, as tabs: the chart of the rule that decides first (seats
and the parliament diagram for a seats count, electoral votes for a presidential one),
the votes chart always one click away.

The panel asks the core for the outcome (:func:`resultsviewer.core.methods.count`) and
the figure to draw (:func:`resultsviewer.core.seat_charts.seats_figure`); it computes
nothing itself. "Group by party" counts the parties rather than the candidates (the
contest is not changed: merging is an edit, grouping a view).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from resultsviewer.core.contest import Contest, Method
from resultsviewer.core.methods import Outcome, count, electoral_votes_caveat
from resultsviewer.core.palette import DEFAULT_PALETTE
from resultsviewer.core.seat_charts import ChartKind, chart_kinds, kind_label, seats_alt_text, seats_figure
from resultsviewer.core.tally import Tally

from .chart import ResultsChart
from .seats_chart import SeatsChart


class ResultsPanel(QTabWidget):
    """Tabs of charts for one contest: seats, parliament or electoral votes, and votes."""

    def __init__(self, votes_chart: ResultsChart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.votes_chart = votes_chart
        self.seats_chart = SeatsChart(ChartKind.SEATS, self)
        self.parliament_chart = SeatsChart(ChartKind.PARLIAMENT, self)
        self._widgets = {
            ChartKind.SEATS: self.seats_chart,
            ChartKind.PARLIAMENT: self.parliament_chart,
            ChartKind.VOTES: votes_chart,
        }
        self._contest: Contest | None = None
        self._kinds: list[ChartKind] = []
        self._method = None
        self._grouped = False
        self.outcome: Outcome | None = None
        self.addTab(votes_chart, "Votes")

    def set_grouped_by_party(self, grouped: bool) -> None:
        self._grouped = grouped
        self.refresh()

    def grouped_by_party(self) -> bool:
        return self._grouped

    def set_contest(self, contest: Contest | None) -> None:
        self._contest = contest
        self._method = None
        self.refresh()


    def refresh(self, tally: Tally | None = None) -> None:
        """Count again and redraw (after an edit); the deciding tab comes first when the
        method changes. ``tally``, the window's vote tally, is reused where it fits."""
        contest = self._contest
        if contest is None:
            self.outcome = None
            return
        self.outcome = count(contest, tally=tally, by_party=self._grouped)
        kinds = chart_kinds(self.outcome)
        if kinds != self._kinds:
            current = self.current_kind()
            self.blockSignals(True)
            self.clear()
            for kind in kinds:
                self.addTab(self._widgets[kind], kind_label(kind, self.outcome))
            for kind, widget in self._widgets.items():
                if kind not in kinds:
                    widget.hide()  # out of the tabs, it would still paint over them
            self.tabBar().setVisible(len(kinds) > 1)
            changed_method = self._method is not contest.method
            self.setCurrentIndex(0 if changed_method or current not in kinds else kinds.index(current))
            self.blockSignals(False)
            self._kinds = kinds
        self._method = contest.method
        if self.outcome.unit != "votes":
            figure = seats_figure(self.outcome, DEFAULT_PALETTE)
            # What the exports print under a figure of electoral votes, said in the window too.
            note = electoral_votes_caveat(contest) if contest.method is Method.ELECTORAL_VOTES else ""
            self.seats_chart.set_figure(figure, note)
            self.parliament_chart.set_figure(figure, note)
            for kind in kinds:
                if kind is not ChartKind.VOTES:
                    self._widgets[kind].setToolTip(seats_alt_text(figure, kind, contest.title))

    def current_kind(self) -> ChartKind:
        widget = self.currentWidget()
        for kind, each in self._widgets.items():
            if each is widget:
                return kind
        return ChartKind.VOTES

    def show_kind(self, kind: ChartKind) -> bool:
        if kind not in self._kinds:
            return False
        self.setCurrentWidget(self._widgets[kind])
        return True


__all__ = ["ResultsPanel"]
