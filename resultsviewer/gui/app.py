"""Starting the window: the QApplication (reused when one exists) and the first document."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from resultsviewer import __version__  # noqa: E402
from resultsviewer.core.atomic import remove_stale_temporaries  # noqa: E402

from . import settings  # noqa: E402
from .crash import install_exception_hook  # noqa: E402
from .main_window import APP_NAME, ORGANIZATION, MainWindow  # noqa: E402
from .recovery import offer_recovery, recovery_folder  # noqa: E402


def application() -> QApplication:
    """The running QApplication, or a new one named for settings and the desktop."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    # The .desktop entry's name, so that the desktop groups the window with its launcher.
    app.setDesktopFileName("resultsviewer")
    return app


def open_main_window(path: str | os.PathLike[str] | None = None) -> MainWindow:
    """A shown main window on ``path``, or on the embedded default contest.

    Once the window shows (so that a dialog has a parent to sit on), what a crashed
    session left is offered back; else ``path`` is opened, and a file that cannot be
    opened is explained in a message box while the window keeps the default contest.
    """
    application()
    window = MainWindow()
    window.show()
    QTimer.singleShot(0, lambda: _recover_or_open(window, path))
    QTimer.singleShot(0, lambda: sweep_stale_temporaries(settings.recent_files()))
    return window


def sweep_stale_temporaries(recent_files: list[str]) -> int:
    """Remove what saves killed mid-write left: in the recovery folder and beside the
    recent files (where this app saved), not only at the next save of the same file."""
    folders = {recovery_folder()} | {Path(item).parent for item in recent_files}
    return sum(remove_stale_temporaries(folder) for folder in folders if folder.is_dir())


def _recover_or_open(window: MainWindow, path: str | os.PathLike[str] | None) -> None:
    """Offer what a crashed session left; else open ``path`` if one was given."""
    if offer_recovery(window):
        if path is not None:
            window.statusBar().showMessage(f"Recovered the last session's changes; {path} was not opened", 10000)
        return
    if path is not None:
        if Path(path).is_file():
            window.files.open_path(path, ask_to_save=False)
        else:
            QMessageBox.warning(window, "Cannot open the file", f"{path}: no such file")


def run_app(path: str | os.PathLike[str] | None = None) -> int:
    """The window until it is closed: what ``resultsviewer [FILE]`` runs."""
    app = application()
    install_exception_hook()
    window = open_main_window(path)
    code = app.exec()
    del window
    return int(code)
