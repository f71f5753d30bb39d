"""File > Export Chart: the dialog writes through the same export path as the command line."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from resultsviewer.gui.chart import ChartMode
from resultsviewer.gui.export_dialog import ExportDialog


def test_prefilled_from_the_contest_and_exports_a_png_with_data(qtbot, default_contest, tmp_path):
    dialog = ExportDialog(default_contest, ChartMode.SHARE, False, str(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == "Labour Party leadership election 2016"
    assert "Share" in dialog.subtitle_edit.text()
    assert dialog.source_edit.text().startswith("Source: ")
    assert not dialog.preview.pixmap().isNull()
    target = tmp_path / "chart.png"
    dialog.path_edit.setText(str(target))
    dialog.width_box.setValue(800)
    dialog.height_box.setValue(500)
    dialog.data_box.setChecked(True)
    assert dialog.export()
    image = QImage(str(target))
    assert (image.width(), image.height()) == (800, 500)
    assert "Jeremy Corbyn" in (tmp_path / "chart.csv").read_text(encoding="utf-8")


def test_switching_mode_follows_the_prefilled_subtitle(qtbot, default_contest, tmp_path):
    dialog = ExportDialog(default_contest, ChartMode.COUNTS, False, str(tmp_path))
    qtbot.addWidget(dialog)
    # The deciding result in words leads; then what is drawn.
    assert dialog.subtitle_edit.text().startswith("Jeremy Corbyn wins with 61.8%")
    assert " · Valid votes, overall" in dialog.subtitle_edit.text()
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData(ChartMode.SHARE))
    assert " · Share of the valid votes" in dialog.subtitle_edit.text()


def test_a_seats_contest_exports_its_seats_chart_first(qtbot, tmp_path):
    from resultsviewer.core.contest import Candidate, Category, Contest, Method
    from resultsviewer.core.seat_charts import ChartKind

    contest = Contest(
        "Council", [Candidate("Red"), Candidate("Blue")], [Category(f"Ward {i}") for i in range(5)],
        [[10, 5], [10, 5], [10, 5], [1, 5], [1, 5]], method=Method.SEATS,
    )
    dialog = ExportDialog(contest, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    assert ChartKind(dialog.kind_box.currentData()) is ChartKind.SEATS
    assert [dialog.kind_box.itemText(i) for i in range(dialog.kind_box.count())] == ["Seats", "Parliament", "Votes"]
    assert dialog.subtitle_edit.text().startswith("Red: 3 of 5 seats, a majority of 1") and "Seats won" in dialog.subtitle_edit.text()
    assert not dialog.mode_box.isEnabled()
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(ChartKind.PARLIAMENT))
    assert "parliament diagram" in dialog.subtitle_edit.text()
    dialog.path_edit.setText(str(tmp_path / "seats.svg"))
    assert dialog.export()
    assert "Parliament diagram (hemicycle) of seats won" in (tmp_path / "seats.svg").read_text(encoding="utf-8")


def test_an_unknown_extension_is_refused_and_nothing_written(qtbot, default_contest, tmp_path, monkeypatch):
    dialog = ExportDialog(default_contest, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text))
    dialog.path_edit.setText(str(tmp_path / "chart.bmp"))
    assert not dialog.export()
    assert shown and ".png, .svg or .pdf" in shown[0]
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_said_and_the_dialog_stays(qtbot, default_contest, tmp_path, monkeypatch):
    dialog = ExportDialog(default_contest, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text))
    dialog.path_edit.setText(str(tmp_path / "gone" / "chart.svg"))
    assert not dialog.export()
    assert shown and "gone" in shown[0]
    assert dialog.written is None


def test_the_dialog_shows_the_warning_before_writing(qtbot, default_contest, tmp_path):
    """The hidden typo (a declared 313,290 against 313,209) is said in the dialog itself."""
    declared = default_contest.declared.copy()
    declared.candidate_totals["Jeremy Corbyn"] = 313_290
    default_contest.set_property("declared", declared)
    dialog = ExportDialog(default_contest, ChartMode.COUNTS, False, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning.isVisible()
    assert "Declared total for Jeremy Corbyn is 313,290, computed 313,209 (difference +81)" in dialog.warning.text()


def test_no_warning_for_a_contest_that_agrees(qtbot, default_contest, tmp_path):
    dialog = ExportDialog(default_contest, ChartMode.COUNTS, False, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.warning.isVisible() and dialog.warnings == []


def test_no_label_shows_a_literal_ampersand(qtbot, default_contest, tmp_path):
    from PySide6.QtWidgets import QLabel

    dialog = ExportDialog(default_contest, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # A label shows '&' literally unless it has a buddy (then it underlines the mnemonic).
    for label in dialog.findChildren(QLabel):
        if "&" in label.text().replace("&&", ""):
            assert label.buddy() is not None, label.text()
    assert dialog.file_label.buddy() is dialog.path_edit


def test_the_preview_shows_the_whole_figure_scaled_to_fit(qtbot, default_contest, tmp_path):
    dialog = ExportDialog(default_contest, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for width, height in ((1600, 1000), (800, 800), (2000, 500)):
        dialog.width_box.setValue(width)
        dialog.height_box.setValue(height)
        for size in ((700, 700), (1000, 900)):
            dialog.resize(*size)
            qtbot.wait(20)
            pixmap = dialog.preview.pixmap()
            assert pixmap.width() <= dialog.preview.width() and pixmap.height() <= dialog.preview.height()
            # The export's aspect, to the pixel of rounding.
            assert abs(pixmap.width() / pixmap.height() - width / height) < 0.02 * width / height
            assert pixmap.width() >= dialog.preview.width() - 10 or pixmap.height() >= dialog.preview.height() - 10


def _export_to(qtbot, contest, path, data):
    dialog = ExportDialog(contest, folder=str(path.parent))
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(path))
    dialog.data_box.setChecked(data)
    return dialog


def test_a_second_export_asks_before_replacing_the_csv_and_cancel_writes_nothing(qtbot, default_contest, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *rest: asked.append(text) or QMessageBox.StandardButton.Cancel)
    assert _export_to(qtbot, default_contest, tmp_path / "c.svg", True).export()
    assert asked == []  # nothing there yet
    (tmp_path / "c.csv").write_text("mine", encoding="utf-8")
    assert not _export_to(qtbot, default_contest, tmp_path / "c.pdf", True).export()
    assert len(asked) == 1 and "c.csv" in asked[0] and "c.pdf" not in asked[0]
    assert (tmp_path / "c.csv").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "c.pdf").exists()


def test_a_typed_path_asks_before_replacing_the_chart_listing_every_file(qtbot, default_contest, tmp_path, monkeypatch):
    asked = []
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *rest: asked.append(text) or answers.pop(0))
    (tmp_path / "c.png").write_bytes(b"old chart")
    (tmp_path / "c.csv").write_text("old numbers", encoding="utf-8")
    dialog = _export_to(qtbot, default_contest, tmp_path / "c.png", True)
    assert not dialog.export()
    assert "c.png" in asked[0] and "c.csv" in asked[0]
    assert (tmp_path / "c.png").read_bytes() == b"old chart"
    assert (tmp_path / "c.csv").read_text(encoding="utf-8") == "old numbers"
    assert dialog.export()  # Yes: both replaced
    assert not QImage(str(tmp_path / "c.png")).isNull()
    assert "Jeremy Corbyn" in (tmp_path / "c.csv").read_text(encoding="utf-8")


def test_a_chart_alone_asks_only_about_the_chart(qtbot, default_contest, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *rest: asked.append(text) or QMessageBox.StandardButton.Cancel)
    (tmp_path / "c.csv").write_text("numbers", encoding="utf-8")
    assert _export_to(qtbot, default_contest, tmp_path / "c.svg", False).export()  # the CSV is not written
    assert asked == []
    assert not _export_to(qtbot, default_contest, tmp_path / "c.svg", False).export()
    assert len(asked) == 1 and "c.svg" in asked[0] and "c.csv" not in asked[0]
