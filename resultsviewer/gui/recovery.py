"""Never lose work: autosave to a recovery file, and offer it back after a crash.

A modified document is written, a moment after the last edit and atomically, to a
recovery file in the per-user data folder (``QStandardPaths.GenericDataLocation``). A save,
an undo back to the saved state or a clean close removes it. A recovery file whose
window's process is gone was left by a crash: the next start offers to restore it.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QStandardPaths, QTimer

from resultsviewer.core.atomic import atomic_write
from resultsviewer.core.contest import Contest
from resultsviewer.core.errors import ContestError, LoadError
from resultsviewer.core.formats import native

if TYPE_CHECKING:
    from .main_window import MainWindow

RECOVERY_FORMAT = "resultsviewer-recovery"
#: Quiet time after the last edit before the recovery file is written.
AUTOSAVE_DELAY_MS = 1500


def recovery_folder() -> Path:
    """The per-user data folder's ``resultsviewer/recovery``.

    Named here rather than taken from the application's name, so that every process
    (and a window made before the QApplication is named) looks in the same place.
    """
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base or Path.home() / ".local" / "share") / "resultsviewer" / "recovery"


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: not ours to judge
    return True


@dataclass(frozen=True)
class Recovery:
    """A recovery file left by a window whose process ended without a clean close."""

    path: Path
    document_name: str
    original_path: str | None
    saved_at: float

    def load(self) -> Contest:
        document = json.loads(self.path.read_bytes())
        return native.from_document(document["contest"], str(self.path))

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        return f"“{self.document_name}”, last autosaved {when}"


def pending_recoveries(folder: Path | None = None) -> list[Recovery]:
    """Recovery files of processes that are gone, newest first; unreadable ones are skipped."""
    folder = folder or recovery_folder()
    found = []
    for path in folder.glob("*.recovery.json"):
        try:
            pid = int(path.name.split("-", 1)[0])
        except ValueError:
            continue
        if _process_alive(pid):
            continue
        try:
            document = json.loads(path.read_bytes())
            if document.get("format") != RECOVERY_FORMAT:
                continue
            found.append(
                Recovery(path, str(document.get("name") or "Untitled"), document.get("path"), float(document["saved_at"]))
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return sorted(found, key=lambda recovery: -recovery.saved_at)


class Autosaver(QObject):
    """Writes a window's modified document to its recovery file, debounced."""

    def __init__(self, window: MainWindow, delay_ms: int = AUTOSAVE_DELAY_MS) -> None:
        super().__init__(window)
        self.window = window
        self.path = recovery_folder() / f"{os.getpid()}-{uuid.uuid4().hex[:12]}.recovery.json"
        self.last_error: str | None = None
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        window.undo_stack.indexChanged.connect(self._on_changed)
        window.undo_stack.cleanChanged.connect(self._on_changed)

    def set_delay(self, delay_ms: int) -> None:
        self._timer.setInterval(delay_ms)

    def _on_changed(self, *_: object) -> None:
        # The stack announces its own clearing while the window is being destroyed.
        if not shiboken6.isValid(self.window) or not shiboken6.isValid(self.window.undo_stack):
            return
        if self.window.is_modified:
            self._timer.start()
        else:
            self._timer.stop()
            self.discard()

    def save_now(self) -> bool:
        """Write the recovery file now (also before an error dialog); False if it failed."""
        self._timer.stop()
        if not self.window.is_modified:
            self.discard()
            return True
        window = self.window
        document = {
            "format": RECOVERY_FORMAT,
            "version": 1,
            "name": window.document_name,
            "path": str(window.file_path) if window.file_path else None,
            "saved_at": time.time(),
            "contest": native.to_document(window.contest),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
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
            self.window.undo_stack.indexChanged.disconnect(self._on_changed)
            self.window.undo_stack.cleanChanged.disconnect(self._on_changed)
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
    window.restore_recovered(contest, newest.document_name, newest.original_path)
    newest.discard()
    return True
