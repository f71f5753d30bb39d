"""A cast vote record in the import dialog: no preview tally and no Open, but the reason,
naming the RCTab configuration to open instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from resultsviewer.gui.import_dialog import ImportDialog
from tests.core.formats.test_cast_vote_records import CLEAR_BALLOT, named, write_config, write_ess

pytest.importorskip("xlsxwriter")


def assert_refused(dialog: ImportDialog, config: str) -> None:
    assert dialog.contest is None
    assert dialog.error is not None and named(config) in dialog.error
    assert dialog.error_label.text() == dialog.error and "wins" not in dialog.summary_label.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Open).isEnabled()


def test_an_ess_workbook_is_refused_in_the_dialog(qtbot, tmp_path: Path) -> None:
    cvr = tmp_path / "mayor_cvr.xlsx"
    write_ess(cvr)
    write_config(tmp_path / "mayor_config.json", "mayor_cvr.xlsx")
    dialog = ImportDialog(cvr)
    qtbot.addWidget(dialog)
    assert_refused(dialog, "mayor_config.json")
    assert dialog.guess.reasons == ("a cast vote record: one row per ballot and its ranked choices, not a table of results",)
    # No choice of columns makes it a table of results.
    dialog.category_box.setCurrentIndex(dialog.category_box.findText("Precinct"))
    dialog.update_preview()
    assert_refused(dialog, "mayor_config.json")


def test_the_real_portland_ballots_are_refused_in_the_dialog(qtbot, shared_real: Path) -> None:
    dialog = ImportDialog(shared_real / "rcv/2015_portland_mayor/2015_portland_mayor_cvr.xlsx")
    qtbot.addWidget(dialog)
    assert_refused(dialog, "2015_portland_mayor_config.json")


def test_a_clear_ballot_file_is_refused_before_the_dialog(qtbot, tmp_path: Path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    cvr = tmp_path / "primary.cvr.csv"
    cvr.write_text(CLEAR_BALLOT, encoding="utf-8")
    write_config(tmp_path / "primary_config.json", "primary.cvr.csv", "clearBallot")
    assert ImportDialog.open_file(None, cvr) is None
    assert len(shown) == 1 and named("primary_config.json") in shown[0]
