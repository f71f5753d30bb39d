"""The window's commands that show or copy rather than change: export and copy the chart,
copy the table's cells, copy the chart's description, list the declared figures that
disagree, About. Each takes the window it runs in; :mod:`.actions` names them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from resultsviewer import __version__
from resultsviewer.core.counts import quantity

from .settings import APP_NAME, last_folder

if TYPE_CHECKING:
    from .main_window import MainWindow


def export_chart_dialog(window: MainWindow) -> None:
    from .export_dialog import ExportDialog

    panel = window.results_panel
    dialog = ExportDialog(
        window.contest, window.chart.mode(), window.chart.stacked(), last_folder(), window,
        kind=panel.current_kind(), by_party=panel.grouped_by_party(), baseline_marks=window.compare_panel.changes,
    )
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.written is not None:
        window.statusBar().showMessage(f"Chart exported to {dialog.written}", 8000)


def copy_cells(window: MainWindow) -> None:
    """The table's selected cells, as shown, to the clipboard as text a spreadsheet pastes into cells."""
    # A million cells take a second or so: the pointer says the window is busy.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        text, cells = window.model.selection_text(window.table.selectionModel().selection())
    except ValueError as error:
        window.statusBar().showMessage(f"Nothing copied: {error}.", 8000)
        return
    finally:
        QApplication.restoreOverrideCursor()
    if not cells:
        window.statusBar().showMessage("Nothing copied: select the cells to copy first.", 5000)
        return
    QApplication.clipboard().setText(text)
    window.statusBar().showMessage(f"{quantity(cells, 'cell')} copied to the clipboard", 5000)


def copy_chart(window: MainWindow) -> None:
    # Exports' modules come with the first export, not with the window.
    from resultsviewer.core.export_metadata import ExportOptions

    from .export import render_image

    options = ExportOptions.for_contest(window.contest, **_what_is_shown(window))
    QApplication.clipboard().setImage(render_image(window.contest, options))
    window.statusBar().showMessage("Chart copied to the clipboard", 5000)


def copy_alt_text(window: MainWindow) -> None:
    """The description of the chart shown (its tab, mode, parties), as an export would carry it."""
    from resultsviewer.core.export_metadata import ExportOptions, export_metadata

    options = ExportOptions(**_what_is_shown(window))
    QApplication.clipboard().setText(export_metadata(window.contest, options).description)
    window.statusBar().showMessage("Chart description copied to the clipboard", 5000)


def _what_is_shown(window: MainWindow) -> dict[str, object]:
    """The chart the window shows: its tab, its mode and stacking, parties or candidates."""
    panel = window.results_panel
    return {
        "mode": window.chart.mode(), "stacked": window.chart.stacked(),
        "kind": panel.current_kind(), "by_party": panel.grouped_by_party(),
    }


def show_discrepancies(window: MainWindow) -> None:
    """The declared figures that disagree, after any figure that cannot be true (the summary's
    warning button opens this)."""
    tally = window.document.tally()
    impossible = "\n".join(f"• {text}." for text in tally.impossible_figures)
    if not tally.discrepancies and impossible:
        box = QMessageBox(QMessageBox.Icon.Warning, "Impossible figures", impossible, QMessageBox.StandardButton.Ok, window)
        box.setInformativeText("No declared figure disagrees with the counts.")
        box.exec()
        return
    if not tally.discrepancies:
        text = "Every figure the source declared agrees with the counts."
        if window.contest.declared.is_empty():
            text = "The source of this contest declared no figures to check."
        text = window.compare_panel.declared_changes_text(text)
        QMessageBox.information(window, "Declared figures", text)
        return
    lines = "\n".join([*([impossible] if impossible else []), *(f"• {d.message()}" for d in tally.discrepancies)])
    box = QMessageBox(QMessageBox.Icon.Warning, "Declared figures disagree", lines, QMessageBox.StandardButton.Ok, window)
    box.setInformativeText("The table marks each of these cells; its tooltip gives both numbers.")
    box.exec()


def about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        f"About {APP_NAME}",
        f"<b>{APP_NAME}</b> {__version__}<br>Look at, check, edit and publish the results of contests "
        "decided by votes.",
    )


__all__ = ["about", "copy_alt_text", "copy_chart", "export_chart_dialog", "show_discrepancies"]
