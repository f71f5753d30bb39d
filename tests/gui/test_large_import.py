"""A large long file opened in the window (issue 16): the import dialog shows its head and
says so, and Open imports the whole file through ``import_contest`` in a worker thread,
with progress and Cancel; the figures are the whole file's, counted here with the csv
module."""

from __future__ import annotations

import csv
import random
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QProgressDialog, QPushButton

from resultsviewer.core.edits import SetCount
from resultsviewer.core.formats.opening import HEAD_MIN_BYTES
from resultsviewer.core.progress import Cancelled
from resultsviewer.gui import import_dialog, loading
from resultsviewer.gui.import_dialog import ImportDialog
from resultsviewer.gui.loading import wait_for_abandoned_reads

HEADER = ["county", "precinct", "office", "district", "party", "candidate", "votes"]
PRESIDENT = [("DEM", "Ann Able"), ("REP", "Bob Baker"), ("LIB", "Cy Cole")]
#: A write-in who appears only in the file's last precincts: never in the dialog's head.
LATE = ("IND", "Late Write-In")


def write_long_file(path: Path, size: int = HEAD_MIN_BYTES + 600_000, bad_votes_at_end: bool = False) -> Path:
    """An OpenElections-like file of ``size`` bytes or more: counties of precincts, a
    President and a U.S. House contest; the last 50 precincts have a late write-in."""
    rng = random.Random(16)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        precinct = 0
        while stream.tell() < size:
            county = f"County {precinct % 23:02d}"
            for party, name in PRESIDENT:
                writer.writerow([county, f"P{precinct:06d}", "President", "", party, name, rng.randrange(900)])
            writer.writerow([county, f"P{precinct:06d}", "U.S. House", "2", "DEM", "Dee Dunn", rng.randrange(900)])
            precinct += 1
        for late in range(50):
            county = f"County {late % 23:02d}"
            last_row = late == 49
            votes = "12x" if bad_votes_at_end and last_row else rng.randrange(900)
            writer.writerow([county, f"L{late:03d}", "President", "", *LATE, votes])
            writer.writerow([county, f"L{late:03d}", "President", "", *PRESIDENT[0], rng.randrange(900)])
    return path


def csv_totals(path: Path) -> tuple[dict[tuple[str, str], int], int]:
    """President's votes by (county, candidate), and the rows of the file: the csv module's answer."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    rows = 0
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        next(reader)
        for county, _precinct, office, _district, _party, candidate, votes in reader:
            rows += 1
            if office == "President":
                totals[(county, candidate)] += int(votes)
    return totals, rows


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    return write_long_file(tmp_path_factory.mktemp("large") / "precincts.csv")


def document_state(window) -> tuple:
    return (id(window.contest), window.contest.row(0), window.undo_stack.index(), window.undo_stack.isClean(), window.windowTitle())


def shown_progress() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def when_the_dialog_shows(qtbot, act, ready=lambda dialog: True) -> dict[str, object]:
    """Run ``act(dialog)`` on the import dialog once it is shown (it runs modal) and ``ready(dialog)``."""
    seen: dict[str, object] = {}

    def look() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible()]
        if not dialogs or not ready(dialogs[0]):
            QTimer.singleShot(10, look)
            return
        seen["dialog"] = dialogs[0]
        try:
            act(dialogs[0])
        except BaseException as error:  # noqa: BLE001 (failed in the modal loop: raised by the test)
            seen["error"] = error
            dialogs[0].reject()

    QTimer.singleShot(0, look)
    return seen


def choose_president_by_county(qtbot, dialog: ImportDialog) -> None:
    dialog.contest_box.setCurrentIndex(dialog.contest_box.findData("President"))
    dialog.by_box.setCurrentText("county")
    dialog.update_preview()
    assert dialog.contest is not None


def press_open(qtbot, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton)


def test_a_large_long_file_opens_with_the_whole_files_figures(qtbot, window, big_file: Path, import_threads) -> None:
    totals, rows = csv_totals(big_file)
    threads = import_threads
    said: dict[str, object] = {}

    def look_then_open(dialog: ImportDialog) -> None:
        choose_president_by_county(qtbot, dialog)
        said["guess"] = dialog.guess_label.text()
        said["summary"] = dialog.summary_label.text()
        said["notes"] = dialog.notes_label.text()
        said["contests"] = [dialog.contest_box.itemText(i) for i in range(dialog.contest_box.count())]
        said["preview_candidates"] = [c.name for c in dialog.contest.candidates]
        said["head_rows"] = len(dialog.table.rows)
        press_open(qtbot, dialog)

    seen = when_the_dialog_shows(qtbot, look_then_open)
    assert window.files.open_path(big_file, ask_to_save=False), seen.get("error")
    assert "error" not in seen

    # The dialog said it showed the head, of a file of this size, and never the file's row count.
    head_rows = int(said["head_rows"])
    assert 0 < head_rows < rows
    size = f"{big_file.stat().st_size / 2**20:,.1f} MB"
    assert f"showing the first {head_rows:,} rows of a {size} file" in str(said["guess"])
    assert f"{rows:,}" not in str(said["guess"]) + str(said["summary"]) + "".join(said["contests"])  # type: ignore[arg-type]
    assert str(said["summary"]).startswith(f"In the first {head_rows:,} rows only:")
    assert f"first {head_rows:,} rows" in str(said["notes"])
    assert all("in the preview" in text for text in said["contests"][1:])  # type: ignore[index]
    assert LATE[1] not in said["preview_candidates"]  # type: ignore[operator]

    # The contest is the whole file's, imported in a worker thread.
    assert threads and threading.main_thread().name not in threads
    contest = window.contest
    assert contest.title.startswith("President")
    counties = sorted({county for county, _ in totals})
    candidates = sorted({candidate for _, candidate in totals})
    assert sorted(c.name for c in contest.categories) == counties
    assert sorted(c.name for c in contest.candidates) == candidates
    for row, category in enumerate(contest.categories):
        for column, candidate in enumerate(contest.candidates):
            assert contest.count(row, column) == totals.get((category.name, candidate.name), 0)
    assert contest.total_votes == sum(totals.values())
    assert window.file_path is None  # an imported table: Save asks where
    assert window.document.origin.import_options.contest == "President"


def test_cancel_during_the_import_leaves_the_document_as_it_was(qtbot, window, big_file: Path, monkeypatch) -> None:
    assert window.document.apply(SetCount(0, 0, 12345), "a cell")
    before = document_state(window)
    gate = threading.Event()
    outcome: list[str] = []
    imported = import_dialog.import_contest

    def held(path, options, progress):
        def report(done: int, total: int) -> None:
            gate.wait(10)
            progress(done, total)

        try:
            result = imported(path, options, progress=report)
        except Cancelled:
            outcome.append("cancelled")
            raise
        outcome.append("finished")
        return result

    monkeypatch.setattr(import_dialog, "import_contest", lambda path, options, progress: held(path, options, progress))
    monkeypatch.setattr(loading, "PROGRESS_DELAY_MS", 0)

    def cancel_when_shown() -> None:
        dialogs = shown_progress()
        if not dialogs:
            QTimer.singleShot(10, cancel_when_shown)
            return
        assert dialogs[0].labelText().startswith(f"Reading {big_file.name}")
        qtbot.mouseClick(dialogs[0].findChild(QPushButton), Qt.MouseButton.LeftButton)

    def open_then_cancel(dialog: ImportDialog) -> None:
        QTimer.singleShot(0, cancel_when_shown)
        press_open(qtbot, dialog)

    seen = when_the_dialog_shows(qtbot, open_then_cancel)
    assert not window.files.open_path(big_file, ask_to_save=False)
    assert "error" not in seen and "dialog" in seen
    assert document_state(window) == before and window.is_modified
    gate.set()
    assert wait_for_abandoned_reads()
    assert outcome == ["cancelled"]
    assert not shown_progress()


def test_a_damaged_large_file_is_a_message_naming_the_file(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    path = write_long_file(tmp_path / "damaged.csv", bad_votes_at_end=True)
    with path.open(newline="", encoding="utf-8") as stream:
        lines = sum(1 for _ in stream)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: messages.append(text))
    before = document_state(window)
    seen = when_the_dialog_shows(qtbot, lambda dialog: press_open(qtbot, dialog))
    assert not window.files.open_path(path, ask_to_save=False)
    assert "error" not in seen
    assert len(messages) == 1
    assert str(path) in messages[0] and f"line {lines - 1}" in messages[0] and "12x" in messages[0]
    assert "Traceback" not in messages[0]
    assert document_state(window) == before
    assert not shown_progress()


@pytest.mark.parametrize("engine", ["duckdb", "python"])
def test_a_real_file_opened_by_its_head_gives_the_contest_the_whole_table_gives(
    qtbot, window, shared_real, monkeypatch, engine
) -> None:
    """New Mexico's 2024 precinct file (2.4 MB) opened as a small file (the dialog on the
    whole table) and as a large one (its head, then the whole file imported from its path,
    by DuckDB or by the Python reader): the same contest, cell for cell."""
    from resultsviewer.core.formats import long_engine, native
    from resultsviewer.core.formats import opening as opening_module

    path = shared_real / "openelections" / "nm_20241105__nm__general__precinct.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    seen = when_the_dialog_shows(qtbot, lambda dialog: press_open(qtbot, dialog))
    assert window.files.open_path(path, ask_to_save=False) and "error" not in seen
    assert not seen["dialog"].head_of_bytes  # type: ignore[attr-defined]
    whole = native.dumps(window.contest)

    monkeypatch.setattr(opening_module, "HEAD_MIN_BYTES", 2**20)
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0 if engine == "duckdb" else 2**62)
    taken: list[bool] = []
    engine_import = long_engine.import_large_long_file
    def spied(*args):
        result = engine_import(*args)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(long_engine, "import_large_long_file", spied)
    said: list[tuple[int | None, str]] = []

    def look_then_open(dialog: ImportDialog) -> None:
        said.append((dialog.head_of_bytes, dialog.guess_label.text()))
        press_open(qtbot, dialog)

    seen = when_the_dialog_shows(qtbot, look_then_open)
    assert window.files.open_path(path, ask_to_save=False) and "error" not in seen
    assert said[0][0] == path.stat().st_size and "showing the first" in said[0][1]
    assert taken == [engine == "duckdb"]  # the engine read it, or declined it to the Python reader
    assert native.dumps(window.contest) == whole
