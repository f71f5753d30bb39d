"""Reading a file without freezing the window.

The core reads and parses the file in a worker thread (:class:`ReadThread`) while the
window keeps painting. User input waits for the first moment, as it did while the window
was busy, so that a small file opens as before, with no dialog flashing by; a read that
takes longer than :data:`PROGRESS_DELAY_MS` shows a dialog with the file's name, how much
of it has been read, and Cancel. Cancel returns at once with nothing opened: the worker
is told to stop at its next progress report (a few thousand rows, or a block of the
file, later) and whatever it made is dropped, so the open document stays exactly as it was.

What the worker builds (a contest, a parsed table) is plain Python handed to the window's
thread when the read is done: nothing subscribes to a contest until the document takes
it, in the window's thread.

A read the window goes on being used through (the import dialog listing a large file's
contests while the user looks at its first rows) is a :class:`BackgroundRead`: no
modal dialog; its owner shows the progress and a way to stop it, and stops it when it
goes away.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

from resultsviewer.core.progress import Cancelled, ProgressCallback

#: A read shorter than this shows no dialog (about the time a person notices a wait).
PROGRESS_DELAY_MS = 300

#: The bar's steps: a tenth of a percent, so that a bar of a few hundred MB moves smoothly.
BAR_STEPS = 1000

#: The worker's stack: deeper than any main thread's, so that a reader that runs out of
#: stack on a hostile file does so as it would in the main thread (a RecursionError, said
#: as a LoadError) and not past a secondary thread's smaller default (512 KB on macOS).
WORKER_STACK_BYTES = 16 * 2**20

Result = TypeVar("Result")


class ReadThread(QThread, Generic[Result]):
    """Runs ``read(progress)`` once; its result or the exception it raised is kept for the
    window's thread, and :meth:`cancel` makes the next progress report raise Cancelled."""

    #: done, total (bytes; Python ints, as a file may be larger than a C int counts).
    progressed = Signal(object, object)

    def __init__(self, read: Callable[[ProgressCallback], Result], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setStackSize(WORKER_STACK_BYTES)
        self._read = read
        self._cancel_requested = False
        self.result: Result | None = None
        self.error: Exception | None = None
        self.cancelled = False

    def cancel(self) -> None:
        self._cancel_requested = True

    def run(self) -> None:
        try:
            self.result = self._read(self._report)
        except Cancelled:
            self.cancelled = True
        except Exception as error:  # noqa: BLE001 (raised again in the window's thread)
            self.error = error

    def _report(self, done: int, total: int) -> None:
        if self._cancel_requested:
            raise Cancelled
        self.progressed.emit(done, total)


#: Reads the user cancelled that have not stopped yet: kept until they do (a QThread
#: destroyed while it runs aborts the app), waited for when the app quits.
_abandoned: set[ReadThread] = set()
_waiting_at_quit = False

# No automatic garbage collection while a worker reads: the reader allocates a great deal,
# and a collection started there would free the window's unreachable Qt wrappers
# (pyqtgraph's items hold cycles) from the wrong thread, which crashes. The window's
# thread still collects its young objects every COLLECT_EVERY_MS, so that a window used
# through a long background read (minutes for a 2 GB file's listing) frees its cycles as
# it goes. Reads may overlap (a listing in the background, then the import it was for):
# the collector runs again when the last one is over.
_reads_under_way = 0
_collecting_before = True
#: How often the window's thread collects while the automatic collector is paused.
COLLECT_EVERY_MS = 5_000
_collector: QTimer | None = None


def pause_collection() -> None:
    """A worker starts reading (called in the window's thread)."""
    global _reads_under_way, _collecting_before, _collector
    if _reads_under_way == 0:
        _collecting_before = gc.isenabled()
        gc.disable()
        if _collecting_before:
            if _collector is None:
                _collector = QTimer()
                _collector.timeout.connect(_collect)
            _collector.start(COLLECT_EVERY_MS)
    _reads_under_way += 1


def _collect() -> None:
    # The young generations only: what the window dropped since, not the whole heap (the
    # worker may be building millions of objects, which a full pass would walk each time).
    gc.collect(1)


def resume_collection() -> None:
    """A worker's read is over (called in the window's thread)."""
    global _reads_under_way
    _reads_under_way -= 1
    if _reads_under_way == 0 and _collecting_before:
        if _collector is not None:
            _collector.stop()
        gc.enable()
        gc.collect()


def read_with_progress(
    parent: QWidget | None, path: Path, read: Callable[[ProgressCallback], Result]
) -> Result | None:
    """``read(progress)`` run in a worker thread while the window paints; its result, or
    None when the user cancelled. What ``read`` raised is raised here, in the window's thread."""
    reading: _Reading[Result] = _Reading(parent, path, ReadThread(read))
    return reading.wait()


class _Reading(QObject, Generic[Result]):
    """One read followed from the window's thread: the dialog, the waiting, Cancel.

    A QObject of the window's thread, so that the worker's signals reach its slots queued,
    in this thread, whatever the binding does with a plain function.
    """

    def __init__(self, parent: QWidget | None, path: Path, thread: ReadThread[Result]) -> None:
        super().__init__()
        self.path = path
        self.thread = thread
        self.dialog = progress_dialog(parent, path)
        self.loop = QEventLoop(self)
        self.finished = False
        self.cancelled = False
        thread.finished.connect(self._on_finished)
        thread.progressed.connect(self._on_progressed)
        self.dialog.canceled.connect(self._on_cancel)  # the Cancel button, closing the dialog
        self.dialog.rejected.connect(self._on_cancel)  # Esc where the dialog's shortcut misses it: hidden, not cancelled

    def wait(self) -> Result | None:
        thread = self.thread
        reveal = QTimer(self)
        reveal.setSingleShot(True)
        reveal.timeout.connect(self.loop.quit)
        pause_collection()
        try:
            thread.start()
            reveal.start(PROGRESS_DELAY_MS)
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                # First moment: the window paints, but clicks and keys wait (they are not lost)
                # so that nothing is edited or opened under the read.
                self.loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            finally:
                QGuiApplication.restoreOverrideCursor()
                reveal.stop()
            if not self.finished:
                self.dialog.show()  # modal: the window takes no input until the read ends or is cancelled
                self.loop.exec()
        finally:
            resume_collection()
        thread.progressed.disconnect(self._on_progressed)  # a report still queued finds no dialog
        self.dialog.hide()
        self.dialog.deleteLater()
        self.deleteLater()
        if self.cancelled and not self.finished:
            _abandon(thread)
            return None
        thread.wait()  # finished was emitted: the thread is returning
        thread.deleteLater()
        if self.cancelled or thread.cancelled:
            return None  # Cancel pressed as the read ended: what the user asked for, not its result
        if thread.error is not None:
            raise thread.error
        return thread.result

    def _on_finished(self) -> None:
        self.finished = True
        self.loop.quit()

    def _on_cancel(self) -> None:
        self.cancelled = True
        self.thread.cancel()
        self.loop.quit()

    def _on_progressed(self, done: int, total: int) -> None:
        show_progress(self.dialog, self.path, done, total)


class BackgroundRead(QObject, Generic[Result]):
    """``read(progress)`` run in a worker thread while the window is used as usual: no
    dialog of its own, no waiting. Its owner shows :attr:`progressed` and offers to stop
    it (:meth:`cancel`), and cancels it when it goes away; after :meth:`cancel` nothing
    more is emitted, and the worker stops at its next progress report.

    Kept (module-wide) until the worker has stopped, whatever becomes of its owner: a
    QThread destroyed while it runs aborts the app.
    """

    #: done, total (bytes).
    progressed = Signal(object, object)
    #: The read's result.
    succeeded = Signal(object)
    #: The exception the read raised (a LoadError names the file and the place).
    failed = Signal(object)

    def __init__(self, read: Callable[[ProgressCallback], Result]) -> None:
        super().__init__()  # no parent: it outlives an owner that goes away before the worker stops
        self.thread = ReadThread(read)
        self.cancelled = False
        self.started = False
        self.over = False
        # Queued to this object's thread, the window's: the worker's signals arrive there.
        self.thread.progressed.connect(self._on_progressed)
        self.thread.finished.connect(self._on_finished)

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        _background.add(self)
        pause_collection()
        self.thread.start()
        _wait_at_quit()

    def cancel(self) -> None:
        """Stop: nothing more is emitted; the worker stops at its next progress report."""
        self.cancelled = True
        self.thread.cancel()

    @property
    def running(self) -> bool:
        return self.started and not self.over

    def _on_progressed(self, done: int, total: int) -> None:
        if not self.cancelled and not self.over:
            self.progressed.emit(done, total)

    def _on_finished(self) -> None:
        if self.over:
            return  # already ended by wait_for_abandoned_reads
        self.thread.wait()  # finished was emitted: the thread is returning
        self.over = True
        _background.discard(self)
        resume_collection()
        thread = self.thread
        if not (self.cancelled or thread.cancelled):
            if thread.error is not None:
                self.failed.emit(thread.error)
            else:
                self.succeeded.emit(thread.result)
        thread.deleteLater()
        self.deleteLater()


#: Background reads under way: kept until their workers stop.
_background: set[BackgroundRead] = set()


def progress_dialog(parent: QWidget | None, path: Path) -> QProgressDialog:
    """The dialog a long read shows: the file's name, how far the read has got, Cancel."""
    dialog = QProgressDialog(f"Reading {path.name}…", "Cancel", 0, BAR_STEPS, parent)
    dialog.setWindowTitle(f"Opening {path.name}")
    dialog.setWindowModality(Qt.WindowModality.WindowModal if parent is not None else Qt.WindowModality.ApplicationModal)
    # It is shown by read_with_progress after PROGRESS_DELAY_MS, never by its own timer.
    dialog.setMinimumDuration(2**31 - 1)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.setValue(0)
    dialog.hide()
    return dialog


def show_progress(dialog: QProgressDialog, path: Path, done: int, total: int) -> None:
    """The bar and its words: ``Reading ge2019.csv… 45.2 MB of 113.0 MB``."""
    if total <= 0:
        dialog.setRange(0, 0)  # a size unknown: a busy bar
        dialog.setLabelText(f"Reading {path.name}…\n{megabytes_text(done, done)} read")
        return
    dialog.setValue(min(BAR_STEPS, round(BAR_STEPS * done / total)))
    dialog.setLabelText(f"Reading {path.name}…\n{megabytes_text(done, total)} of {megabytes_text(total, total)}")


def megabytes_text(count: int, scale: int) -> str:
    """``count`` bytes in MB, with a decimal while the file is small enough for it to move."""
    return f"{count / 2**20:,.1f} MB" if scale < 100 * 2**20 else f"{count / 2**20:,.0f} MB"


def _abandon(thread: ReadThread) -> None:
    """Keep a cancelled read until it stops (at its next progress report), then drop it."""
    _abandoned.add(thread)

    def dropped() -> None:
        _abandoned.discard(thread)
        thread.deleteLater()

    thread.finished.connect(dropped)
    _wait_at_quit()


def _wait_at_quit() -> None:
    global _waiting_at_quit
    application = QCoreApplication.instance()
    if application is not None and not _waiting_at_quit:
        application.aboutToQuit.connect(wait_for_abandoned_reads)
        _waiting_at_quit = True


def wait_for_abandoned_reads(timeout_ms: int = 10_000) -> bool:
    """Wait for the cancelled reads still running to stop, and stop and wait for the
    background reads (the app is quitting, or a test is over); True when none is left."""
    for thread in list(_abandoned):
        thread.cancel()
        if thread.wait(timeout_ms):
            _abandoned.discard(thread)
    for background in list(_background):
        background.cancel()
        if background.thread.wait(timeout_ms):
            background._on_finished()
    return not _abandoned and not _background


__all__ = ["PROGRESS_DELAY_MS", "BackgroundRead", "ReadThread", "megabytes_text", "progress_dialog", "read_with_progress", "wait_for_abandoned_reads"]
