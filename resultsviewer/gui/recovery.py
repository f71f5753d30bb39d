"""Never lose work: autosave to a recovery file, and offer it back after a crash.

The file's format and which files a crash left are the core's
(:mod:`resultsviewer.core.recovery`); here are the folder, the timer and the question.

A modified document is written, a moment after the last edit and atomically, to a
recovery file in the per-user data folder (``QStandardPaths.GenericDataLocation``). A save,
an undo back to the saved state or a clean close removes it. A recovery file whose
window's process is gone was left by a crash: the next start offers to restore it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QStandardPaths, QTimer

from resultsviewer.core import recovery as core_recovery
from resultsviewer.core.errors import ContestError, LoadError
from resultsviewer.core.recovery import RECOVERY_FORMAT, Recovery, process_start, recovery_file_name, write_recovery

from .document import Document

if TYPE_CHECKING:
    from .main_window import MainWindow

#: Quiet time after the last edit before the recovery file is written.
AUTOSAVE_DELAY_MS = 1500


def recovery_folder() -> Path:
    """The per-user data folder's ``resultsviewer/recovery``.

    Named here rather than taken from the application's name, so that every process
    (and a window made before the QApplication is named) looks in the same place.
    """
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base or Path.home() / ".local" / "share") / "resultsviewer" / "recovery"


def pending_recoveries(folder: Path | None = None) -> list[Recovery]:
    """Recovery files of processes that are gone, newest first (in the user's folder by default)."""
    return core_recovery.pending_recoveries(folder or recovery_folder())


class Autosaver(QObject):
    """Writes a modified document to its recovery file, debounced."""

    def __init__(self, document: Document, parent: QObject | None = None, delay_ms: int = AUTOSAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self.document = document
        self.path = recovery_folder() / recovery_file_name()
        self.last_error: str | None = None
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        document.undo_stack.indexChanged.connect(self._on_changed)
        document.undo_stack.cleanChanged.connect(self._on_changed)

    def set_delay(self, delay_ms: int) -> None:
        self._timer.setInterval(delay_ms)

    def _on_changed(self, *_: object) -> None:
        # The stack announces its own clearing while the window is being destroyed.
        if not shiboken6.isValid(self.document) or not shiboken6.isValid(self.document.undo_stack):
            return
        if self.document.is_modified:
            self._timer.start()
        else:
            self._timer.stop()
            self.discard()

    def save_now(self) -> bool:
        """Write the recovery file now (also before an error dialog); False if it failed."""
        self._timer.stop()
        document = self.document
        if not document.is_modified:
            self.discard()
            return True
        try:
            write_recovery(self.path, document.contest, document.name, document.file_path, document.read_signature)
        except (OSError, ContestError) as error:
            # Autosave must never interrupt the user; the reason is kept for the status bar.
            self.last_error = str(error)
            return False
        self.last_error = None
        return True

    def stop(self) -> None:
        """The window is closing: no more autosaves, and no recovery file left behind."""
        if not self._stopped:
            self._stopped = True
            self.document.undo_stack.indexChanged.disconnect(self._on_changed)
            self.document.undo_stack.cleanChanged.disconnect(self._on_changed)
        self.discard()

    def discard(self) -> None:
        self._timer.stop()
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass


def offer_recovery(window: MainWindow, folder: Path | None = None) -> bool:
    """Ask to restore what a crashed session left; True when a document was restored."""
    from PySide6.QtWidgets import QMessageBox

    recoveries = pending_recoveries(folder)
    if not recoveries:
        return False
    newest = recoveries[0]
    answer = QMessageBox.question(
        window,
        "Recover unsaved changes?",
        f"Results Viewer closed before these changes were saved: {newest.describe()}.\n\n"
        "Restore them? (Discard deletes the recovery file.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Discard:
        newest.discard()
        return False
    if answer != QMessageBox.StandardButton.Yes:
        return False  # kept for the next start
    try:
        contest = newest.load()
    except (OSError, ValueError, KeyError, TypeError, LoadError) as error:
        QMessageBox.warning(window, "Cannot recover", f"The recovery file could not be read: {error}")
        return False
    window.restore_recovered(contest, newest.document_name, newest.original_path, newest.original_signature)
    newest.discard()
    return True


__all__ = ["AUTOSAVE_DELAY_MS", "RECOVERY_FORMAT", "Autosaver", "Recovery", "offer_recovery", "pending_recoveries",
           "process_start", "recovery_folder"]
