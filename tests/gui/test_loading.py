"""Opening a file in the window: read in a worker thread, a progress dialog with Cancel
for a long read, none for a short one, and the open document as it was after a cancel
or a failure."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from resultsviewer.core.contest import Contest
from resultsviewer.core.edits import SetCount
from resultsviewer.core.errors import LoadError
from resultsviewer.core.formats import spreadsheet_fast
from resultsviewer.core.formats.opening import open_contest_file
from resultsviewer.core.progress import ROWS_PER_REPORT, Cancelled
from resultsviewer.gui import import_dialog, loading
from resultsviewer.gui.loading import ReadThread, read_with_progress, wait_for_abandoned_reads
from tests import spreadsheet_files

ROWS = 30_000  # over a megabyte: the spreadsheet reader's fast path reads it, block by block
CANDIDATES = 6


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch) -> None:
    """The fast path reads 256 KB at a time: 64 KB blocks make a test file of a few MB many blocks."""
    monkeypatch.setattr(spreadsheet_fast, "BLOCK_BYTES", 64 * 1024)


def write_spreadsheet(path: Path, rows: int = ROWS, bad_last_row: bool = False) -> Path:
    """Our spreadsheet CSV; with ``bad_last_row``, a last row of one cell too many."""
    extra = ["Precinct at the end", 1, 2, 3, 4, 5, 6, 7] if bad_last_row else None  # one cell too many
    return spreadsheet_files.write_spreadsheet(path, rows, CANDIDATES, extra_row=extra)


def shown_dialogs() -> list[QProgressDialog]:
    return [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, QProgressDialog) and widget.isVisible()]


def document_state(window) -> tuple:
    """What a cancelled or failed open must leave exactly as it was."""
    return (id(window.contest), window.contest.row(0), window.undo_stack.index(), window.undo_stack.isClean(), window.windowTitle())


@pytest.fixture
def edited(window):
    """The window on the default contest with one edit made: modified, one step of history."""
    assert window.document.apply(SetCount(0, 0, 12345), "a cell")
    assert window.is_modified and window.undo_stack.index() == 1
    return window


@pytest.fixture
def gated_reader(monkeypatch):
    """The window's reader, holding at its first progress report until the test opens the gate;
    records every report it passes on after that, and whether the read ended cancelled."""
    gate = threading.Event()
    record: dict[str, object] = {"after_gate": 0, "outcome": None}

    def read(path, progress):
        def held(done: int, total: int) -> None:
            gate.wait(5)
            record["after_gate"] = int(record["after_gate"]) + 1
            progress(done, total)

        try:
            opened = open_contest_file(path, held)
        except Cancelled:
            record["outcome"] = "cancelled"
            raise
        record["outcome"] = "finished"
        return opened

    monkeypatch.setattr(import_dialog, "open_contest_file", read)
    return gate, record


def test_a_long_read_shows_its_progress(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    path = write_spreadsheet(tmp_path / "large.csv")
    monkeypatch.setattr(loading, "PROGRESS_DELAY_MS", 0)
    seen: list[tuple[int, str]] = []
    shown = loading.show_progress

    def watch(dialog, shown_path, done, total) -> None:
        shown(dialog, shown_path, done, total)
        seen.append((dialog.value(), dialog.labelText()))

    monkeypatch.setattr(loading, "show_progress", watch)
    assert window.files.open_path(path, ask_to_save=False)
    values = [value for value, _ in seen]
    assert values == sorted(values) and values[-1] == loading.BAR_STEPS
    assert len({value for value in values if 0 < value < loading.BAR_STEPS}) >= 2 * os.path.getsize(path) // (64 * 1024) - 2
    size_text = f"{os.path.getsize(path) / 2**20:,.1f} MB"
    assert all(text.startswith("Reading large.csv…") and text.endswith(f"of {size_text}") for _, text in seen)
    assert window.contest.category_count == ROWS
    assert not shown_dialogs()


@pytest.mark.parametrize("how", ["button", "escape"])
def test_cancel_leaves_the_document_as_it_was(qtbot, edited, tmp_path: Path, monkeypatch, gated_reader, how) -> None:
    window = edited
    gate, record = gated_reader
    path = write_spreadsheet(tmp_path / "large.csv")
    monkeypatch.setattr(loading, "PROGRESS_DELAY_MS", 0)
    before = document_state(window)

    def cancel_when_shown() -> None:
        dialogs = shown_dialogs()
        if not dialogs:
            QTimer.singleShot(10, cancel_when_shown)
            return
        assert dialogs[0].labelText().startswith("Reading large.csv")
        if how == "button":
            qtbot.mouseClick(dialogs[0].findChild(QPushButton), Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(dialogs[0], Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel_when_shown)
    assert not window.files.open_path(path, ask_to_save=False)
    assert document_state(window) == before
    assert window.is_modified
    # The read, held at its first report until now, stops at that report.
    gate.set()
    assert wait_for_abandoned_reads()
    assert record == {"after_gate": 1, "outcome": "cancelled"}
    assert not shown_dialogs()
    window.undo_stack.undo()
    assert window.contest.row(0)[0] != 12345 and window.undo_stack.isClean()


def test_a_failed_read_says_what_it_said_before(qtbot, edited, tmp_path: Path, monkeypatch) -> None:
    window = edited
    path = write_spreadsheet(tmp_path / "bad.csv", bad_last_row=True)
    with pytest.raises(LoadError) as expected:
        open_contest_file(path)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: messages.append(text))
    monkeypatch.setattr(loading, "PROGRESS_DELAY_MS", 0)  # failing after the dialog has shown
    before = document_state(window)
    assert not window.files.open_path(path, ask_to_save=False)
    assert messages == [str(expected.value)]
    assert f"line {ROWS + 2}" in messages[0]
    missing = tmp_path / "missing.csv"
    assert not window.files.open_path(missing, ask_to_save=False)
    assert messages[1] == f"{missing}: no such file"
    assert document_state(window) == before
    assert not shown_dialogs()


def test_a_small_file_opens_with_no_dialog(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    path = write_spreadsheet(tmp_path / "small.csv", rows=3)
    # A generous delay (the default is 300 ms): a small file is read long before it.
    monkeypatch.setattr(loading, "PROGRESS_DELAY_MS", 5000)
    made: list[QProgressDialog] = []
    make = loading.progress_dialog

    def record(parent, dialog_path):
        dialog = make(parent, dialog_path)
        made.append(dialog)
        dialog.installEventFilter(dialog_shown_filter)
        return dialog

    shows: list[object] = []

    class ShowFilter(loading.QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
            if event.type() == event.Type.Show:
                shows.append(watched)
            return False

    dialog_shown_filter = ShowFilter()
    monkeypatch.setattr(loading, "progress_dialog", record)
    assert window.files.open_path(path, ask_to_save=False)
    assert len(made) == 1 and shows == []
    assert [c.name for c in window.contest.categories] == ["Precinct 0", "Precinct 1", "Precinct 2"]
    assert window.windowTitle().startswith("small.csv")


def test_listeners_are_attached_in_the_windows_thread_only(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    path = write_spreadsheet(tmp_path / "large.csv", rows=ROWS_PER_REPORT)
    threads: list[str] = []
    subscribe = Contest.subscribe

    def recording(self, listener) -> None:
        threads.append(threading.current_thread().name)
        subscribe(self, listener)

    monkeypatch.setattr(Contest, "subscribe", recording)
    monkeypatch.setattr(loading, "PROGRESS_DELAY_MS", 0)
    assert window.files.open_path(path, ask_to_save=False)
    assert threads and set(threads) == {threading.main_thread().name}


def test_an_error_that_is_no_load_error_is_raised_in_the_windows_thread(qtbot) -> None:
    def broken(progress) -> None:
        progress(0, 10)
        raise RuntimeError("a bug in a reader")

    with pytest.raises(RuntimeError, match="a bug in a reader"):
        read_with_progress(None, Path("any.csv"), broken)


def test_a_read_thread_keeps_its_result(qtbot) -> None:
    thread = ReadThread(lambda progress: (progress(5, 10), "read")[1])
    with qtbot.waitSignal(thread.finished):
        thread.start()
    thread.wait()
    assert thread.result == "read" and thread.error is None and not thread.cancelled


def test_every_way_of_opening_reads_in_the_worker(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    """File > Open, a drop, Open Recent and the command line all come through the worker."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    from PySide6.QtWidgets import QMenu

    from resultsviewer.gui import app

    path = write_spreadsheet(tmp_path / "opened.csv", rows=5)
    read_in: list[str] = []
    real = import_dialog.read_with_progress

    def recording(parent, shown_path, read):
        def in_the_worker(progress):
            read_in.append(threading.current_thread().name)
            return read(progress)

        return real(parent, shown_path, in_the_worker)

    monkeypatch.setattr(import_dialog, "read_with_progress", recording)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr("resultsviewer.gui.files.QFileDialog.getOpenFileName", lambda *args, **kwargs: (str(path), ""))

    window.files.open_dialog()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    window.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    menu = QMenu(window)
    window.files.fill_recent_menu(menu)
    next(action for action in menu.actions() if action.statusTip() == str(path.resolve())).trigger()
    app._recover_or_open(window, path)
    assert len(read_in) == 4 and threading.main_thread().name not in read_in
    assert window.windowTitle().startswith("opened.csv") and window.contest.category_count == 5


def test_reads_that_overlap_resume_the_collector_when_the_last_ends(qtbot) -> None:
    """A background listing, then a read while it runs: the collector stays paused until both are over."""
    assert gc.isenabled()
    gate = threading.Event()
    listing = loading.BackgroundRead(lambda progress: (gate.wait(10), progress(1, 2), "listed")[-1])
    results: list[object] = []
    listing.succeeded.connect(results.append)
    listing.start()
    assert not gc.isenabled() and listing.running
    assert read_with_progress(None, Path("other.csv"), lambda progress: "read") == "read"
    assert not gc.isenabled()  # the listing still runs
    gate.set()
    qtbot.waitUntil(lambda: not listing.running)
    assert results == ["listed"] and gc.isenabled()


def test_the_windows_thread_collects_while_a_background_read_runs(qtbot, monkeypatch) -> None:
    """The automatic collector is paused for a read (it would run in the worker), but the
    window's thread collects now and then: a cycle the window drops during a long
    listing is freed before the listing ends."""
    import weakref

    monkeypatch.setattr(loading, "COLLECT_EVERY_MS", 20)
    gate = threading.Event()
    listing = loading.BackgroundRead(lambda progress: (gate.wait(10), "listed")[-1])
    listing.start()
    try:
        assert not gc.isenabled()

        class Node:
            pass

        cycle = Node()
        cycle.itself = cycle  # type: ignore[attr-defined]
        gone = weakref.ref(cycle)
        del cycle
        assert gone() is not None  # reference counting alone cannot free a cycle
        qtbot.waitUntil(lambda: gone() is None, timeout=2000)
        assert listing.running and not gc.isenabled()
    finally:
        gate.set()
        qtbot.waitUntil(lambda: not listing.running)
    assert gc.isenabled()


def test_a_cancelled_background_read_emits_nothing_and_stops_at_its_next_report(qtbot) -> None:
    gate = threading.Event()
    reports: list[int] = []

    def read(progress) -> str:
        for done in range(100):
            gate.wait(10)
            reports.append(done)
            progress(done, 100)
        return "read"

    background = loading.BackgroundRead(read)
    emitted: list[object] = []
    for signal in (background.succeeded, background.failed, background.progressed):
        signal.connect(lambda *args: emitted.append(args))
    background.start()
    background.cancel()
    gate.set()
    qtbot.waitUntil(lambda: not background.running)
    assert reports == [0] and background.thread.cancelled
    qtbot.wait(20)
    assert emitted == [] and gc.isenabled()
