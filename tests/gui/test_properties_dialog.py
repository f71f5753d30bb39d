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


def test_a_date_not_of_the_calendar_is_refused(qtbot, default_contest):
    """'2016-13-40' and '2016-02-30' were accepted (the pattern alone was checked) and printed raw."""
    dialog = ContestPropertiesDialog(default_contest)
    qtbot.addWidget(dialog)
    for text in ("2016-13-40", "2016-02-30", "2016-00"):
        dialog.date_edit.setText(text)
        dialog._on_accept()
        assert dialog.result() == 0 and dialog.changes() == {}
        assert dialog.error.text() == f"{text!r} is not a date of the calendar (its month or day is out of range)."
    dialog.date_edit.setText("2016-02-29")  # a leap year's day
    dialog._on_accept()
    assert dialog.changes() == {"date": "2016-02-29"}
