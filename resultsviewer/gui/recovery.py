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
from resultsviewer.core.formats import native, read_bytes

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


def process_start(pid: int) -> str | None:
    """What tells this run of process ``pid`` from a later process given the same id.

    On Linux, the boot's id and the process's start time (clock ticks since boot, field
    22 of ``/proc/PID/stat``); None where the system does not say.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            stat_line = stream.read(4096)
        # The command name (field 2) is in parentheses and may hold spaces: split after it.
        fields = stat_line[stat_line.rindex(b")") + 2 :].split()
        started = fields[19].decode("ascii")
        with open("/proc/sys/kernel/random/boot_id", "rb") as stream:
            boot = stream.read(64).decode("ascii").strip()
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return None
    return f"{boot}:{started}"


def _process_alive(pid: int, started: str | None = None) -> bool:
    """True while the process that wrote a recovery file still runs.

    A process id alone is reused by the system; where the record has the process's start
    (:func:`process_start`), a live process with the same id but another start is not
    the writer, and the file is offered back.
    """
    if pid == os.getpid():
        alive = True
    else:
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            return False
        except (PermissionError, OSError):
            alive = True  # someone else's process: alive, whose it is said below
    if alive and started is not None:
        now = process_start(pid)
        if now is not None and now != started:
            return False
    return alive


@dataclass(frozen=True)
class Recovery:
    """A recovery file left by a window whose process ended without a clean close."""

    path: Path
    document_name: str
    original_path: str | None
    saved_at: float
    #: The original file's (mtime_ns, size) when the crashed window read or wrote it.
    original_signature: tuple[int, int] | None = None

    def load(self) -> Contest:
        document = json.loads(read_bytes(self.path))
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
        try:
            # read_bytes: a FIFO or device given the name of a recovery file must not hang the start.
            document = json.loads(read_bytes(path))
            if document.get("format") != RECOVERY_FORMAT:
                continue
            started = document.get("process_start")
            if _process_alive(pid, started if isinstance(started, str) else None):
                continue
            signature = document.get("original_signature")
            found.append(
                Recovery(
                    path,
                    str(document.get("name") or "Untitled"),
                    document.get("path"),
                    float(document["saved_at"]),
                    (int(signature[0]), int(signature[1])) if isinstance(signature, list) and len(signature) == 2 else None,
                )
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, LoadError):
            continue
    return sorted(found, key=lambda recovery: -recovery.saved_at)


#: This process's start, recorded in its recovery files (see :func:`process_start`).
_OWN_START = process_start(os.getpid())


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
            # Absolute: the next start may be from another folder.
            "path": os.path.abspath(window.file_path) if window.file_path else None,
            "original_signature": list(window.read_signature) if window.file_path and window.read_signature else None,
            # The writer is the pid in the file's name, in the run that started then.
            "process_start": _OWN_START,
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
    window.restore_recovered(contest, newest.document_name, newest.original_path, newest.original_signature)
    newest.discard()
    return True
