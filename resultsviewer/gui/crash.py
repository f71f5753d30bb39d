"""An unexpected exception never ends the app silently.

It is written to a log file in the per-user log folder, every open document is
autosaved first, and a dialog shows what happened with the details to copy.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from resultsviewer import __version__

LOG_NAME = "resultsviewer.log"
#: The log is cut to its last part beyond this size.
MAX_LOG_BYTES = 1_000_000


def log_folder() -> Path:
    """Where the app writes its log: the platform's per-user state (or data) folder."""
    location = getattr(
        QStandardPaths.StandardLocation, "GenericStateLocation", QStandardPaths.StandardLocation.GenericDataLocation
    )
    base = QStandardPaths.writableLocation(location)
    return Path(base or Path.home() / ".local" / "state") / "resultsviewer" / "logs"


def write_log(text: str) -> Path | None:
    """Append ``text`` to the log; the log's path, or None where it cannot be written."""
    path = log_folder() / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            tail = path.read_bytes()[-MAX_LOG_BYTES // 2 :]
            path.write_bytes(tail)
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError:
        return None
    return path


def report_exception(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None, *, show: bool = True
) -> Path | None:
    """Autosave, log and show one unexpected exception; the log file's path."""
    from .main_window import MainWindow

    saved = 0
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.autosaver.save_now() and widget.is_modified:
            saved += 1
    details = "".join(traceback.format_exception(kind, value, tb))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S %z")
    log = write_log(f"--- {stamp} Results Viewer {__version__}, Python {sys.version.split()[0]}\n{details}\n")
    if show and QApplication.instance() is not None:
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong", f"An unexpected error: {value}", parent=parent)
        informative = []
        if saved:
            informative.append("Your unsaved changes were kept in a recovery file.")
        if log is not None:
            informative.append(f"The details are in {log}.")
        informative.append("Results Viewer goes on running; saving your work now under a new name is wise.")
        box.setInformativeText(" ".join(informative))
        box.setDetailedText(details)
        box.exec()
    return log


def install_exception_hook() -> Callable[..., object]:
    """Route uncaught exceptions (from slots and event handlers too) to :func:`report_exception`."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        try:
            report_exception(kind, value, tb)
        except Exception:  # noqa: BLE001 - the last resort must not raise
            previous(kind, value, tb)

    sys.excepthook = hook
    return previous
