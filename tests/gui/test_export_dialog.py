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
    assert dialog.subtitle_edit.text().startswith("Valid votes")
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData(ChartMode.SHARE))
    assert dialog.subtitle_edit.text().startswith("Share")


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
