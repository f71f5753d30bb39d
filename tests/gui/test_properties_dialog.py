"""Contest Properties: numbers typed as people type them, as in a table cell."""

from __future__ import annotations

from resultsviewer.gui.properties_dialog import ContestPropertiesDialog


def test_electorate_typed_in_scientific_notation_is_the_whole_number(qtbot, default_contest):
    dialog = ContestPropertiesDialog(default_contest)
    qtbot.addWidget(dialog)
    dialog.electorate_edit.setText("6.4e5")
    dialog._on_accept()
    assert dialog.changes() == {"electorate": 640_000}


def test_electorate_not_whole_is_refused_in_the_dialog(qtbot, default_contest):
    dialog = ContestPropertiesDialog(default_contest)
    qtbot.addWidget(dialog)
    dialog.electorate_edit.setText("1e-3")
    dialog._on_accept()
    assert dialog.result() == 0 and dialog.changes() == {}
    assert dialog.error.text() == "Electorate: '1e-3' is not a whole number of votes"
