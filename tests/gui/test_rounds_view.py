"""The Rounds dock: the round control drives the table and the chart, eliminated
candidates are greyed, and a contest computed from ballots opens read-only. Expected
figures come from RCTab's own report of the 2015 Portland election, read with json."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from resultsviewer.core.formats import read_contest
from resultsviewer.core.formats.opening import Origin
from resultsviewer.gui.rounds_chart import ELIMINATED_TEXT
from resultsviewer.gui.rounds_view import RoundsView

ROOT = Path(__file__).resolve().parents[2]
PORTLAND = ROOT / "tests" / "data" / "rcv" / "2015_portland_mayor"
CONFIG = PORTLAND / "2015_portland_mayor_config.json"
REPORT = json.loads((PORTLAND / "2015_portland_mayor_expected_detailed_report.json").read_text(encoding="utf-8"))


def _table(view: RoundsView) -> dict[str, tuple[str, ...]]:
    table = view.table
    return {
        table.item(row, 0).text(): tuple(table.item(row, c).text() for c in range(1, table.columnCount()))
        for row in range(table.rowCount())
    }


def test_the_round_control_drives_the_table(qtbot) -> None:
    view = RoundsView()
    qtbot.addWidget(view)
    view.set_result(read_contest(CONFIG).rounds)
    assert view.current_round() == 14  # opens on the round that decides
    assert view.round_label.text() == "Round 14 of 14 (final)"
    qtbot.mouseClick(view.first_button, Qt.MouseButton.LeftButton)
    assert view.current_round() == 1
    rows = _table(view)
    for name, votes in REPORT["results"][0]["tally"].items():
        assert rows[name][0] == votes
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.current_round() == 2 and view.slider.value() == 2
    rows = _table(view)
    for name, votes in REPORT["results"][1]["tally"].items():
        assert rows[name][0] == votes
    # Strimling was eliminated in round 1: greyed, saying when.
    assert rows["Strimling, Ethan K."][3] == "eliminated in round 1"
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).text() == "Strimling, Ethan K.")
    assert view.table.item(row, 0).foreground().color().name() == ELIMINATED_TEXT
    # Rathband goes out at the end of round 2, by the tie-break.
    assert rows["Rathband, Jed"][3] == "eliminated (tie-break)"
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).text() == "Rathband, Jed")
    assert view.table.item(row, 4).toolTip() == "eliminated at the end of this round, by the tie-break"
    assert view.transfers_text() == "Rathband, Jed: Mavodones, Nicholas M. Jr. 2"


def test_keys_move_through_the_rounds(qtbot) -> None:
    view = RoundsView()
    qtbot.addWidget(view)
    view.set_result(read_contest(CONFIG).rounds)
    view.show()
    view.slider.setFocus()
    qtbot.keyClick(view.slider, Qt.Key.Key_Home)
    assert view.current_round() == 1
    qtbot.keyClick(view.slider, Qt.Key.Key_Right)
    assert view.current_round() == 2
    qtbot.keyClick(view.slider, Qt.Key.Key_End)
    assert view.current_round() == 14
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    assert view.current_round() == 13
    assert view.final_button.isEnabled() and view.next_button.isEnabled()


def test_round_threshold_and_inactive_rows(qtbot) -> None:
    view = RoundsView()
    qtbot.addWidget(view)
    view.set_result(read_contest(CONFIG).rounds)
    view.set_round(8)
    rows = _table(view)
    expected = REPORT["results"][7]
    assert rows["Threshold to win"][0] == expected["threshold"]
    inactive = sum(int(v) for v in expected["inactiveBallots"].values())
    assert rows["Inactive ballots"][0] == str(inactive)
    # Two kinds in this round: a row each below the total, with its count.
    for key, label in (("skippedRankings", "skipped rankings"), ("overvotes", "overvotes")):
        assert rows[f"    {label}"][0] == expected["inactiveBallots"][key]


def test_opening_a_configuration_shows_the_rounds_dock_read_only(window, monkeypatch) -> None:
    assert getattr(window, "rounds_dock", None) is None or not window.rounds_dock.isVisible()
    assert window.files.open_path(CONFIG, ask_to_save=False)
    assert window.rounds_dock.isVisible()
    view = window.rounds_view
    assert view.current_round() == 14
    assert "won in round 14 of 14" in window.summary.result_label.text()
    assert window.table.editTriggers() == window.table.EditTrigger.NoEditTriggers
    # Back to a contest decided in one count: the dock hides, the table is editable again.
    from resultsviewer.core.bundled import default_contest

    window.document.replace(default_contest(), Origin())
    assert not window.rounds_dock.isVisible()
    assert window.table.editTriggers() != window.table.EditTrigger.NoEditTriggers


def test_the_chart_and_flow_paint(qtbot, tmp_path) -> None:
    view = RoundsView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.set_result(read_contest(CONFIG).rounds)
    view.show()
    image = view.chart.grab().toImage()
    assert image.width() > 300
    # Something was drawn besides the white background.
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 5
    view.tabs.setCurrentIndex(1)
    flow = view.flow.grab().toImage()
    colours = {flow.pixelColor(x, y).name() for x in range(0, flow.width(), 7) for y in range(0, flow.height(), 7)}
    assert len(colours) > 5


def test_export_from_the_view(qtbot, tmp_path) -> None:
    import xml.etree.ElementTree as ET

    view = RoundsView()
    qtbot.addWidget(view)
    view.contest = read_contest(CONFIG)
    view.set_result(view.contest.rounds)
    view.set_round(3)
    path = view.export_figure("round", str(tmp_path / "round3.svg"))
    texts = [e.text for e in ET.parse(path).iter() if e.tag.endswith("text") and e.text]
    assert "Round 3 of 14: votes of the candidates still counting" in texts
    assert "Marshall, David A." in texts
    path = view.export_figure("transfers", str(tmp_path / "flow.svg"))
    texts = [e.text for e in ET.parse(path).iter() if e.tag.endswith("text") and e.text]
    assert any(t.startswith("Where the votes went") for t in texts)
    # The final round's two candidates: a figure as tall as its bars, not 1,000 px half blank.
    from PySide6.QtGui import QImage

    view.set_round(14)
    final = QImage(view.export_figure("round", str(tmp_path / "final.png")))
    flow = QImage(view.export_figure("transfers", str(tmp_path / "flow.png")))
    assert flow.height() == 1000
    assert 300 < final.height() < 700 and final.width() == flow.width()


def test_a_derived_contest_refuses_structural_edits_saying_why(window) -> None:
    from resultsviewer.core.contest import Axis

    assert window.files.open_path(CONFIG, ask_to_save=False)
    contest = window.contest
    names = [c.name for c in contest.candidates]
    counts = [contest.count(0, j) for j in range(contest.candidate_count)]
    window.table.setCurrentIndex(window.model.index(0, 0))
    # Every menu that changes candidates or categories goes through the same refusal.
    assert not window.edits.add(Axis.CANDIDATE, "Someone Else")
    assert "the ballots file is the" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    window.trigger("edit.remove-candidate")
    assert "computed from the ballots" in window.statusBar().currentMessage()
    assert not window.edits.rename(Axis.CANDIDATE, 0, "Renamed")
    assert not window.edits.move(Axis.CANDIDATE, 1, 0)
    assert not window.edits.add(Axis.CATEGORY, "Postal votes")
    assert not window.edits.rename(Axis.CATEGORY, 0, "Renamed")
    window.trigger("edit.remove-category")
    assert [c.name for c in contest.candidates] == names
    assert [contest.count(0, j) for j in range(contest.candidate_count)] == counts
    assert contest.category_count == 1 and window.undo_stack.count() == 0
    # A colour is how it is drawn, not what was counted: it may change.
    assert window.edits.choose_colour(0, "#123456")
    assert window.rounds_view.note.text().startswith("Computed from the ballots")


def test_the_rounds_dock_draws_each_candidate_in_the_main_charts_colour(window) -> None:
    from resultsviewer.core.palette import candidate_colour

    assert window.files.open_path(CONFIG, ask_to_save=False)
    contest = window.contest
    view = window.rounds_view
    for index, candidate in enumerate(contest.candidates):
        assert view.chart.colours[candidate.name] == candidate_colour(contest, index), candidate.name
    # A colour chosen in the window is the dock's too.
    assert window.edits.choose_colour(2, "#123456")
    window.document.replace(contest, Origin())
    assert window.rounds_view.chart.colours[contest.candidate(2).name] == "#123456"


def test_a_report_workbook_opens_with_its_rounds_read_only(window, tmp_path, monkeypatch) -> None:
    import pytest

    xlsxwriter = pytest.importorskip("xlsxwriter")
    from resultsviewer.core.contest import Axis
    from resultsviewer.core.formats import import_contest
    from resultsviewer.core.formats.opening import Opening
    from resultsviewer.gui.import_dialog import ImportDialog

    path = tmp_path / "ward.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Report")
    sheet.write_row(0, 0, ["Candidate", "Round 1", "Round 2"])
    sheet.write_row(1, 0, ["Ada", 40, 55])
    sheet.write_row(2, 0, ["Ben", 35, 43])
    sheet.write_row(3, 0, ["Cy", 25])
    sheet.write_row(4, 0, ["Exhausted", 0, 2])
    book.close()
    contest = import_contest(path).contest
    monkeypatch.setattr(ImportDialog, "open_file", classmethod(lambda cls, parent, p: Opening(Path(p), contest)))
    assert window.files.open_path(path, ask_to_save=False)
    view = window.rounds_view
    assert view.round_count() == 2 and "Ada won in round 2 of 2" in view.summary.text()
    assert view.note.text().startswith("As given by the round-by-round table on sheet 'Report' of ward.xlsx")
    assert "Read-only here" in view.note.text()
    assert window.table.editTriggers() == window.table.EditTrigger.NoEditTriggers
    assert not window.edits.add(Axis.CANDIDATE, "Dee")
    assert "read-only here: correct the report and open it again" in window.statusBar().currentMessage()


def test_the_method_boxes_say_the_rounds_decide(window) -> None:
    """A contest decided in rounds is not counted by pooling its categories: the toolbar's
    method box and the properties dialog's say instant runoff, as the summary does, and
    offer no method that would not change the count."""
    from resultsviewer.core.bundled import default_contest
    from resultsviewer.core.contest import Method
    from resultsviewer.gui.properties_dialog import ContestPropertiesDialog

    assert window.files.open_path(CONFIG, ask_to_save=False)
    box = window.method_box
    assert box.currentText().startswith("Instant runoff")
    assert "counted by instant runoff" in window.summary.facts_label.text()
    assert not box.isEnabled() and "rounds" in box.toolTip()
    dialog = ContestPropertiesDialog(window.contest, window)
    assert dialog.method_box.currentText() == box.currentText() and not dialog.method_box.isEnabled()
    assert "method" not in dialog.changes()  # accepted as it is, the contest keeps its own
    dialog.deleteLater()
    # Back to a contest of one count: its method, which can be chosen again.
    window.document.replace(default_contest(), Origin())
    assert box.isEnabled() and Method(box.currentData()) is Method.SUM
    assert box.toolTip().startswith("How the categories are combined")
    instant_runoff = box.findText(box.itemText(box.count() - 1))
    assert not box.model().item(instant_runoff).isEnabled()  # never a choice


def test_the_flow_names_every_first_round_candidate(qtbot, tmp_path) -> None:
    """A block too small for its name is named in the key under the diagram, by its colour
    and first-round votes (RCTab's report): none is left for the reader to guess; those
    that do not fit are counted, not dropped."""
    import re
    import xml.etree.ElementTree as ET

    from resultsviewer.core.export_metadata import ExportOptions
    from resultsviewer.gui.rounds_export import RoundsFigure, export_rounds

    contest = read_contest(CONFIG)
    first = {name: int(votes) for name, votes in REPORT["results"][0]["tally"].items()}
    for width, height in ((1600, 1000), (700, 420), (420, 300)):  # smaller: fewer named in the key, the rest counted
        path = export_rounds(contest, tmp_path / f"flow-{width}.svg", RoundsFigure(transfers=True),
                             ExportOptions(width=width, height=height))
        texts = [" ".join(e.text.split()) for e in ET.parse(path).iter() if e.tag.endswith("text") and e.text]
        key = next(i for i, text in enumerate(texts) if text == "Too small to label in round 1:")
        keyed = texts[key + 1:]
        more = next((int(m.group(1)) for text in keyed if (m := re.fullmatch(r"and (\d+) more", text))), 0)
        in_key = {name for name, votes in first.items() if f"{name} {votes:,}" in keyed}
        # A label cut short at a small size ends with an ellipsis: still the start of the name.
        labelled = {name for name in first
                    if any(t == name or (t.endswith("…") and name.startswith(t[:-1].rstrip())) for t in texts[:key])}
        assert labelled and in_key and not labelled & in_key
        assert len(labelled) + len(in_key) + more == len(first)
