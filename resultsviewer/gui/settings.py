"""What the app remembers between sessions (QSettings, in the platform's usual place):
recent files, the last folder, the window's layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

APP_NAME = "Results Viewer"
ORGANIZATION = "Results Viewer"
MAX_RECENT_FILES = 10


def app_settings() -> QSettings:
    """The user's settings (recent files, window layout), in the platform's usual place."""
    return QSettings(ORGANIZATION, APP_NAME)


def recent_files() -> list[str]:
    value = app_settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [str(item) for item in (value or [])]


def add_recent_file(path: Path) -> None:
    """Put ``path`` first in Open Recent, and remember its folder for the next file dialog."""
    shown = str(path.resolve())
    files = [shown] + [item for item in recent_files() if item != shown]
    settings = app_settings()
    settings.setValue("recent_files", files[:MAX_RECENT_FILES])
    settings.setValue("last_folder", str(path.resolve().parent))


def clear_recent_files() -> None:
    app_settings().setValue("recent_files", [])


def last_folder() -> str:
    """Where the file dialogs start: the folder of the last file opened or saved."""
    folder = app_settings().value("last_folder", "")
    return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())


def restore_layout(window: QMainWindow, splitter: QSplitter) -> None:
    settings = app_settings()
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    sizes = settings.value("window/splitter")
    if isinstance(sizes, QByteArray):
        splitter.restoreState(sizes)
    else:
        splitter.setSizes([560, 700])


def save_layout(window: QMainWindow, splitter: QSplitter) -> None:
    settings = app_settings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", splitter.saveState())


__all__ = ["APP_NAME", "ORGANIZATION", "add_recent_file", "app_settings", "clear_recent_files", "last_folder",
           "recent_files", "restore_layout", "save_layout"]
