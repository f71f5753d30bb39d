"""The window's comparison with a baseline: File > Compare With…, a file dropped on the
panel, matching by hand on the undo stack, and bad baselines that leave the document alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from resultsviewer.core.contest import Axis, Candidate, Category, Contest
from resultsviewer.core.formats import native

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_2015 = ROOT / "resources" / "examples" / "labour-leadership-2015.results.json"


def _drop(widget, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    widget.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_a_dropped_baseline_shows_the_change(qtbot, window) -> None:
    panel = window.compare_panel
    assert window.actions["file.compare-with"].text() == "Compare &With…"
    _drop(panel, EXAMPLE_2015)
    assert window.compare_dock.isVisible()
    assert panel.changes is not None
    assert f"{panel.changes.candidate('Jeremy Corbyn').share_change_points:+.1f}" == "+2.4"
    assert "Labour Party leadership election 2015" in panel.heading.text()
    assert panel.results.rowCount() == 3 and panel.results.item(0, 1).text() == "Jeremy Corbyn hold"
    assert "Owen Smith" in panel.unmatched.text() and "Liz Kendall" in panel.unmatched.text()
    # The open document is the 2016 contest still, and not modified.
    assert window.contest.title.startswith("Labour Party leadership election 2016")
    assert window.undo_stack.isClean()
    # An edit to the contest is followed (once the burst of events is over).
    window.contest.set_count(0, 0, 0)
    qtbot.waitUntil(lambda: panel.changes.candidate("Jeremy Corbyn").votes == 313_209 - 168_216)
    image = panel.chart.grab()
    assert not image.isNull()


def test_match_by_hand_is_on_the_undo_stack(qtbot, window) -> None:
    baseline = Contest(
        "Before", [Candidate("J. Corbyn"), Candidate("Owen Smith")], [Category("Members")], [[60, 40]]
    )
    panel = window.compare_panel
    assert panel.set_baseline(baseline)
    assert panel.changes.matching.unmatched_candidates == {"current": ("Jeremy Corbyn",), "baseline": ("J. Corbyn",)}
    assert panel.match_button.isEnabled()
    assert panel.match(Axis.CANDIDATE, "Jeremy Corbyn", "J. Corbyn")
    assert "J. Corbyn" in window.undo_stack.text(0)
    qtbot.waitUntil(lambda: panel.changes.candidate("Jeremy Corbyn").baseline_votes == 60)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.changes.candidate("Jeremy Corbyn").baseline_votes is None)
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: panel.changes.candidate("Jeremy Corbyn").baseline_votes == 60)
    # A second match onto the same baseline candidate is refused in the status bar.
    assert not panel.match(Axis.CANDIDATE, "Owen Smith", "J. Corbyn")
    assert window.undo_stack.count() == 1


def test_bad_baselines_leave_the_document_alone(qtbot, window, tmp_path, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: warnings.append(text))
    before = native.dumps(window.contest)
    panel = window.compare_panel
    broken = tmp_path / "broken.results.json"
    broken.write_text("{ not json", encoding="utf-8")
    assert panel.set_baseline_path(broken) is False
    strangers = tmp_path / "strangers.results.json"
    strangers.write_text(
        json.dumps({"format": "resultsviewer-contest", "version": 1, "title": "Strangers",
                    "candidates": [{"name": "A"}], "categories": [{"name": "X", "counts": {"A": 1}}]}),
        encoding="utf-8",
    )
    assert panel.set_baseline_path(strangers) is False
    assert any("nothing in common" in text for text in warnings)
    assert panel.comparison is None
    assert native.dumps(window.contest) == before and window.undo_stack.isClean()


def test_the_table_shows_the_change_beside_each_figure(qtbot, window) -> None:
    from resultsviewer.gui.table_model import TableDisplay

    panel, model = window.compare_panel, window.model
    assert panel.set_baseline_path(EXAMPLE_2015)
    total_row = window.contest.category_count
    assert model.data(model.index(total_row, 0)) == "313,209"  # off until asked
    panel.table_box.setChecked(True)
    assert model.data(model.index(total_row, 0)) == "313,209  (+61,792)"
    window.set_table_display(TableDisplay.SHARE_OF_CATEGORY)
    assert model.data(model.index(total_row, 0)) == "61.8%  (+2.4 pts)"
    assert model.data(model.index(total_row, 1)) == "38.2%"  # Owen Smith: not in the baseline
    # Members: 168,216 of 285,176 in 2016 against 121,751 of 245,520 in 2015.
    members = model.data(model.index(0, 0))
    assert members == f"{168_216 / 285_176:.1%}  ({(168_216 / 285_176 - 121_751 / 245_520) * 100:+.1f} pts)"
    panel.clear()
    assert model.data(model.index(total_row, 0)) == "61.8%"


def test_a_changed_winner_is_marked_in_the_table(qtbot, window) -> None:
    baseline = Contest(
        "Before", [Candidate("Jeremy Corbyn"), Candidate("Owen Smith")],
        [Category("Members"), Category("Registered supporters"), Category("Affiliated supporters")],
        [[10, 20], [20, 10], [20, 10]],
    )
    panel, model = window.compare_panel, window.model
    assert panel.set_baseline(baseline)
    assert panel.changes.categories[0].result_text() == "Jeremy Corbyn gain from Owen Smith"
    font = model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole)
    assert font is not None and font.bold()
    assert "since the baseline: Jeremy Corbyn gain from Owen Smith" in model.headerData(
        0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole
    )
    assert model.headerData(1, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole) is None
    assert "since the baseline: Jeremy Corbyn hold" in model.headerData(1, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert panel.results.item(0, 1).font().bold() and not panel.results.item(1, 1).font().bold()


def test_the_change_chart_exports_from_the_panel(qtbot, window, tmp_path) -> None:
    import xml.etree.ElementTree as ET

    panel = window.compare_panel
    assert not panel.export_button.isEnabled()
    assert panel.set_baseline_path(EXAMPLE_2015)
    out = tmp_path / "change.svg"
    assert panel.export_change_chart(out)
    root = ET.parse(out).getroot()
    texts = " ".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "+2.4" in texts and "Baseline:" in texts


def test_declared_changes_are_said_unchecked_until_a_baseline_checks_them(qtbot, window) -> None:
    from resultsviewer.core.contest import DeclaredChange

    contest = window.contest
    contest.declared.share_changes[("Members", "Jeremy Corbyn")] = DeclaredChange("9.4", "points")
    panel = window.compare_panel
    text = panel.declared_changes_text("Every figure the source declared agrees with the counts.")
    assert "1 declared changes in share since the election before are not checked" in text
    assert panel.set_baseline_path(EXAMPLE_2015)
    # Members: 168,216/285,176 - 121,751/245,520 = +9.4 points.
    assert "1 declared changes in share checked against the baseline, all agree" in panel.declared_changes_text("")
    contest.declared.share_changes[("Members", "Jeremy Corbyn")] = DeclaredChange("5.0", "points")
    panel.refresh()
    assert "1 disagree" in panel.declared_changes_text("")


def test_the_chart_marks_each_bar_at_its_figure_in_the_baseline(qtbot, window) -> None:
    from resultsviewer.gui.chart import ChartMode

    panel, chart = window.compare_panel, window.chart
    assert chart.baseline_marks() == {}
    assert panel.set_baseline_path(EXAMPLE_2015)
    window.set_chart_mode(ChartMode.SHARE)
    marks = chart.baseline_marks()
    # 2015: Corbyn 251,417 of 422,664 valid votes; Members 121,751 of 245,520.
    assert marks[("Overall", "Jeremy Corbyn")] == pytest.approx(100 * 251_417 / 422_664)
    assert marks[("Members", "Jeremy Corbyn")] == pytest.approx(100 * 121_751 / 245_520)
    assert not any(name == "Owen Smith" for _, name in marks)  # not in the baseline: no mark
    assert chart.legend_names()[-1].startswith("Line across a bar: Labour Party leadership election 2015")
    assert "Baseline: 59.5% (+2.4 points)" in chart.tooltip_text(0, 0)
    window.set_chart_mode(ChartMode.COUNTS)
    assert chart.baseline_marks()[("Overall", "Jeremy Corbyn")] == 251_417
    window.set_chart_stacked(True)
    assert chart.baseline_marks() == {}
    window.set_chart_stacked(False)
    panel.clear()
    assert chart.baseline_marks() == {} and "Line across a bar" not in " ".join(chart.legend_names())


def test_the_export_dialog_carries_the_baseline_while_comparing(qtbot, window) -> None:
    from resultsviewer.gui.export_dialog import ExportDialog

    panel = window.compare_panel
    assert panel.set_baseline_path(EXAMPLE_2015)
    dialog = ExportDialog(window.contest, parent=window, baseline_marks=panel.changes)
    options = dialog.options()
    assert options.baseline_marks is panel.changes
    assert "Baseline: Result as declared by the Labour Party" in dialog.source_edit.text()
    dialog.reject()


def test_a_closed_window_stops_listening_to_its_contest(qtbot) -> None:
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    from resultsviewer.gui.main_window import MainWindow

    window = MainWindow()
    contest, panel = window.contest, window.compare_panel
    assert panel.set_baseline_path(EXAMPLE_2015)
    window.undo_stack.setClean()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(panel)
    contest.set_count(0, 0, 1)  # no error: the dead panel lets go
    assert panel._on_contest_event not in contest._listeners


def test_shift_drop_on_the_window_compares_and_a_plain_drop_still_opens(qtbot, window) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(EXAMPLE_2015))])
    window.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.ShiftModifier))
    assert window.compare_panel.changes is not None
    assert window.contest.title.startswith("Labour Party leadership election 2016")  # still the open document
    assert window.compare_dock.toggleViewAction() in window.menuBar().actions()[2].menu().actions()


def test_an_unknown_change_in_turnout_is_said_once_not_left_blank(qtbot, window) -> None:
    panel = window.compare_panel
    baseline = Contest(
        "Before", [Candidate("Jeremy Corbyn"), Candidate("Owen Smith")],
        [Category("Members"), Category("Registered supporters"), Category("Affiliated supporters")],
        [[10, 20], [20, 10], [20, 10]],
    )
    assert panel.set_baseline(baseline)  # no electorate in the baseline
    assert "Turnout change unknown: the baseline has no electorate." in panel.summary.text()
    assert panel.results.isColumnHidden(3)
