"""The import dialog of a large long file lists the whole file's contests in the background
(issue 16): until the list arrives the contest choice offers the head's contests and says
so; then every contest of the file with its whole-file row count, counted here with the
csv module. A contest none of whose rows are in the head can be chosen and opened, with
the whole file's figures; Stop, closing or cancelling the dialog stops the listing; a
file damaged past the head is said in the dialog (file and line), the head's list kept.

The file is sorted by office, as many OpenElections files are: the President's rows fill
the head, the other contests lie beyond it.
"""

from __future__ import annotations

import csv
import gc
import random
import threading
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from resultsviewer.core.edits import SetCount
from resultsviewer.core.formats import long_engine
from resultsviewer.core.formats.opening import HEAD_MIN_BYTES, Opening, open_contest_file
from resultsviewer.core.progress import Cancelled
from resultsviewer.gui import import_dialog
from resultsviewer.gui.import_dialog import ImportDialog
from resultsviewer.gui.loading import wait_for_abandoned_reads

from .test_large_import import when_the_dialog_shows

HEADER = ["county", "precinct", "office", "district", "party", "candidate", "votes"]
#: In file order: the President's rows alone fill the first megabyte.
OFFICES = [
    ("President", "", [("DEM", "Kamala D. Harris"), ("REP", "Donald J. Trump"), ("LIB", "Chase Oliver")]),
    ("U.S. Senate", "", [("DEM", "Ann Able"), ("REP", "Bob Baker")]),
    ("U.S. House", "1", [("DEM", "Cy Cole"), ("REP", "Di Dunn")]),
    ("U.S. House", "2", [("DEM", "Ed Eve"), ("REP", "Flo Fay"), ("IND", "Gil Gray")]),
]
LABELS = {("President", ""): "President", ("U.S. Senate", ""): "U.S. Senate",
          ("U.S. House", "1"): "U.S. House, district 1", ("U.S. House", "2"): "U.S. House, district 2"}


def write_sorted_file(path: Path, damaged: bool = False, offices: list = OFFICES) -> Path:
    """An OpenElections-like file of a little over :data:`HEAD_MIN_BYTES`, sorted by
    office (in the order of ``offices``); ``damaged``: its last row, far past the head,
    has a cell too many."""
    rng = random.Random(16)
    precincts = 1
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        # Enough precincts that the file passes the size from which its head is shown.
        per_precinct = sum(len(candidates) for _, _, candidates in offices) * 40
        precincts = HEAD_MIN_BYTES // per_precinct + 2000
        for office, district, candidates in offices:
            for number in range(precincts):
                for party, name in candidates:
                    writer.writerow([f"County {number % 31:02d}", f"PCT {number:05d}", office, district, party, name,
                                     rng.randrange(900)])
        if damaged:
            writer.writerow(["County 01", "PCT 99999", "U.S. House", "2", "DEM", "Ed Eve", "12", "extra"])
    assert path.stat().st_size > HEAD_MIN_BYTES
    return path


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def sorted_file(tmp_path_factory) -> Path:
    return write_sorted_file(tmp_path_factory.mktemp("listing") / "xx_2024_general_precinct.csv")


@pytest.fixture
def gated_listing(monkeypatch):
    """The dialog's listing, held at its first report past a third of the file until the
    test opens the gate; records the threads it ran in and how it ended."""
    gate = threading.Event()
    record: dict[str, object] = {"threads": [], "outcome": None}
    listed = import_dialog.list_file_contests

    def held(path, options, progress):
        record["threads"].append(threading.current_thread().name)  # type: ignore[union-attr]

        def report(done: int, total: int) -> None:
            if done > total // 3:
                gate.wait(20)
            progress(done, total)

        try:
            contests = listed(path, options, report)
        except Cancelled:
            record["outcome"] = "cancelled"
            raise
        except Exception:
            record["outcome"] = "failed"
            raise
        record["outcome"] = "listed"
        return contests

    monkeypatch.setattr(import_dialog, "list_file_contests", held)
    yield gate, record
    gate.set()
    assert wait_for_abandoned_reads()


def head_dialog(qtbot, path: Path) -> tuple[ImportDialog, Opening]:
    opened = open_contest_file(path)
    assert opened.is_head and opened.table is not None
    dialog = ImportDialog(path, opened.table, None, opened.guess, head_of_bytes=opened.head_of_bytes)
    qtbot.addWidget(dialog)
    return dialog, opened


def choices(dialog: ImportDialog) -> list[tuple[str, object, bool]]:
    """The contest choice's items: text, data, and whether it can be chosen."""
    box = dialog.contest_box
    model = box.model()
    return [
        (box.itemText(i), box.itemData(i), bool(model.flags(model.index(i, 0)) & Qt.ItemFlag.ItemIsEnabled))
        for i in range(box.count())
        if box.itemText(i)  # a separator has no text
    ]


def test_the_whole_files_contests_arrive_in_the_background(qtbot, sorted_file: Path, gated_listing) -> None:
    gate, record = gated_listing
    rows = csv_rows(sorted_file)
    counted = Counter(LABELS[(row["office"], row["district"])] for row in rows)
    dialog, opened = head_dialog(qtbot, sorted_file)
    head_rows = len(opened.table.rows)  # type: ignore[union-attr]
    in_head = Counter(LABELS[(row["office"], row["district"])] for row in rows[:head_rows])
    assert list(in_head) == ["President"] and head_rows < counted["President"]  # the head holds part of one contest

    dialog.show()
    qtbot.waitUntil(lambda: dialog.listing_bar.value() > 0)
    # Until the list arrives: the head's contests, said to be the first rows'.
    assert dialog.listing_state == "listing"
    said = dialog.contests_label.text()
    assert f"contests of the first {head_rows:,} rows" in said and "Reading the rest of the file" in said
    assert [text for text, _, _ in choices(dialog)] == [
        "(the app's choice)", f"President  ({in_head['President']:,} rows in the preview)"
    ]
    assert dialog.listing_bar.isVisible() and dialog.listing_button.text() == "Stop"
    assert dialog.contest is not None  # the head's preview is there meanwhile
    assert not any(note.startswith("contest chosen") for note in dialog.notes)  # the head holds one contest
    assert not gc.isenabled()  # no collection while the worker reads (it would free Qt wrappers there)

    gate.set()
    qtbot.waitUntil(lambda: dialog.listing_state == "listed", timeout=30_000)
    assert record["outcome"] == "listed" and threading.main_thread().name not in record["threads"]  # type: ignore[operator]
    assert dialog.contests_label.text() == f"4 contests in the whole file, 3 of them beyond the first {head_rows:,} rows."
    assert choices(dialog) == [
        ("(the app's choice)", None, True),
        (f"President  ({counted['President']:,} rows)", "President", True),
        (f"Beyond the first {head_rows:,} rows (no preview):", import_dialog.BEYOND_HEADING, False),
        *((f"{label}  ({counted[label]:,} rows)", label, True) for label in list(LABELS.values())[1:]),
    ]
    assert not dialog.listing_bar.isVisible() and not dialog.listing_button.isVisible()
    # The app's choice is now made among the whole file's contests, and its note says so,
    # as the import of the whole file (what Open does) will.
    assert dialog.notes[0] == (
        f"contest chosen: President (the file holds {len(counted)} contests; choose another in the import dialog, "
        "or with --contest; 'resultsviewer contests FILE' lists them)"
    )
    assert dialog.contest is not None and dialog.contest.title.startswith("President")
    assert gc.isenabled()


def test_the_apps_choice_is_the_whole_files_once_listed(qtbot, tmp_path: Path) -> None:
    """A file whose head holds the Senate alone: the head's preview is the Senate, said to
    be of the first rows. The whole file holds the President, further on, which the import
    of the whole file chooses by itself: once the list arrives the preview says so (none of
    its rows to show, Open imports them all), not the Senate any more."""
    path = write_sorted_file(tmp_path / "xx_2024_general_precinct.csv", offices=[*OFFICES[1:], OFFICES[0]])
    rows = csv_rows(path)
    counted = Counter(LABELS[(row["office"], row["district"])] for row in rows)
    dialog, opened = head_dialog(qtbot, path)
    head_rows = len(opened.table.rows)  # type: ignore[union-attr]
    assert {LABELS[(row["office"], row["district"])] for row in rows[:head_rows]} == {"U.S. Senate"}
    dialog.show()
    assert dialog.contest is not None and dialog.contest.title.startswith("U.S. Senate")
    qtbot.waitUntil(lambda: dialog.listing_state == "listed", timeout=30_000)
    assert dialog.contest is None and dialog.contest_box.currentData() is None  # still the app's choice
    assert dialog.summary_label.text() == (
        f"President: the first {head_rows:,} rows hold none of its rows. "
        f"Open imports its {counted['President']:,} rows from the whole file."
    )
    assert dialog.notes[0].startswith(f"contest chosen: President (the file holds {len(counted)} contests;")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Open).isEnabled()


def house_by_county(path: Path) -> dict[tuple[str, str], int]:
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for row in csv_rows(path):
        if row["office"] == "U.S. House" and row["district"] == "2":
            totals[(row["county"], row["candidate"])] += int(row["votes"])
    return totals


def when_the_dialog_lists(qtbot, act) -> dict[str, object]:
    """Run ``act(dialog)`` on the window's import dialog (it runs modal) once it has listed
    the whole file's contests."""
    return when_the_dialog_shows(qtbot, act, ready=lambda dialog: dialog.listing_state != "listing")


@pytest.mark.parametrize("engine", ["duckdb", "python"])
def test_a_contest_beyond_the_head_is_chosen_and_opened_with_the_whole_files_figures(
    qtbot, window, sorted_file: Path, monkeypatch, engine, import_threads
) -> None:
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0 if engine == "duckdb" else 2**62)
    totals = house_by_county(sorted_file)
    house_rows = sum(1 for row in csv_rows(sorted_file) if row["office"] == "U.S. House" and row["district"] == "2")
    threads = import_threads
    said: dict[str, object] = {}

    def choose_then_open(dialog: ImportDialog) -> None:
        assert dialog.listing_state == "listed"
        dialog.contest_box.setCurrentIndex(dialog.contest_box.findData("U.S. House, district 2"))
        dialog.by_box.setCurrentText("county")
        dialog.update_preview()
        said["summary"] = dialog.summary_label.text()
        said["notes"] = dialog.notes_view.toPlainText()
        said["head_rows"] = len(dialog.table.rows)
        said["preview"] = dialog.model.rowCount()
        open_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
        assert open_button.isEnabled()
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)

    seen = when_the_dialog_lists(qtbot, choose_then_open)
    assert window.files.open_path(sorted_file, ask_to_save=False), seen.get("error")
    assert "error" not in seen

    head_rows = int(said["head_rows"])  # type: ignore[call-overload]
    assert said["summary"] == (
        f"U.S. House, district 2: the first {head_rows:,} rows hold none of its rows. "
        f"Open imports its {house_rows:,} rows from the whole file."
    )
    assert "nothing to preview" in str(said["notes"]) and said["preview"] == 0

    # Imported from the whole file in a worker thread, by DuckDB or the streaming reader.
    assert threads and threading.main_thread().name not in threads
    contest = window.contest
    assert contest.title.startswith("U.S. House, district 2")
    assert sorted(c.name for c in contest.categories) == sorted({county for county, _ in totals})
    assert sorted(c.name for c in contest.candidates) == sorted({candidate for _, candidate in totals})
    for row, category in enumerate(contest.categories):
        for column, candidate in enumerate(contest.candidates):
            assert contest.count(row, column) == totals[(category.name, candidate.name)]
    assert contest.total_votes == sum(totals.values())
    assert window.document.origin.import_options.contest == "U.S. House, district 2"
    assert wait_for_abandoned_reads() and gc.isenabled()


@pytest.mark.parametrize("how", ["stop", "close", "escape"])
def test_stop_or_closing_the_dialog_stops_the_listing(qtbot, sorted_file: Path, gated_listing, how) -> None:
    gate, record = gated_listing
    dialog, opened = head_dialog(qtbot, sorted_file)
    head_choices = None
    dialog.show()
    qtbot.waitUntil(lambda: dialog.listing_bar.value() > 0)
    head_choices = choices(dialog)
    listing = dialog.listing
    assert listing is not None and listing.running
    if how == "stop":
        qtbot.mouseClick(dialog.listing_button, Qt.MouseButton.LeftButton)
    elif how == "close":
        dialog.close()
    else:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.listing is None and dialog.listing_state == "stopped"
    gate.set()
    # The worker stops at its next report: it ends cancelled, and nothing reaches the dialog.
    qtbot.waitUntil(lambda: not listing.running, timeout=10_000)
    assert record["outcome"] == "cancelled"
    qtbot.wait(50)
    assert dialog.file_contests is None and choices(dialog) == head_choices
    assert gc.isenabled()
    if how == "stop":
        # Said, and offered again.
        head_rows = len(opened.table.rows)  # type: ignore[union-attr]
        assert dialog.contests_label.text() == (
            f"The contests of the first {head_rows:,} rows only: the rest of the file was not read for its contests."
        )
        assert dialog.listing_button.isVisible() and dialog.listing_button.text() == "List all contests"
        qtbot.mouseClick(dialog.listing_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.listing_state == "listed", timeout=30_000)
        assert len(choices(dialog)) == 1 + len(LABELS) + 1  # the app's choice, every contest, the heading
    else:
        assert not dialog.isVisible()


def test_cancelling_the_windows_import_dialog_stops_the_listing(qtbot, window, sorted_file: Path, gated_listing) -> None:
    gate, record = gated_listing
    assert window.document.apply(SetCount(0, 0, 12345), "a cell")
    before = (id(window.contest), window.contest.row(0), window.undo_stack.index(), window.windowTitle())
    seen: dict[str, object] = {}

    def cancel_while_listing() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible()]
        if not dialogs or dialogs[0].listing_bar.value() == 0:
            QTimer.singleShot(10, cancel_while_listing)
            return
        seen["listing"] = dialogs[0].listing
        qtbot.mouseClick(dialogs[0].buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, cancel_while_listing)
    assert not window.files.open_path(sorted_file, ask_to_save=False)
    assert (id(window.contest), window.contest.row(0), window.undo_stack.index(), window.windowTitle()) == before
    listing = seen["listing"]
    assert listing.cancelled  # type: ignore[attr-defined]
    gate.set()
    qtbot.waitUntil(lambda: not listing.running, timeout=10_000)  # type: ignore[attr-defined]
    assert record["outcome"] == "cancelled"
    assert gc.isenabled()


def test_a_file_damaged_past_the_head_is_said_in_the_dialog_with_the_heads_list_kept(qtbot, tmp_path: Path, monkeypatch) -> None:
    path = write_sorted_file(tmp_path / "damaged.csv", damaged=True)
    with path.open(newline="", encoding="utf-8") as stream:
        lines = sum(1 for _ in stream)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: messages.append(text))
    dialog, opened = head_dialog(qtbot, path)
    dialog.show()
    head_choices = choices(dialog)
    qtbot.waitUntil(lambda: dialog.listing_state == "failed", timeout=30_000)
    said = dialog.contests_label.text()
    head_rows = len(opened.table.rows)  # type: ignore[union-attr]
    assert said.startswith(f"The contests of the first {head_rows:,} rows only: the rest of the file could not be read")
    assert f"damaged.csv, line {lines}" in said and "8 cells but the header has 7" in said
    assert "Traceback" not in said and messages == []
    assert choices(dialog) == head_choices and dialog.file_contests is None
    assert dialog.contest is not None  # the head's preview stands
    assert dialog.contests_label.isVisible() and not dialog.listing_row.isVisible()
    assert wait_for_abandoned_reads() and gc.isenabled()


@pytest.mark.parametrize("engine", ["duckdb", "python"])
def test_a_real_file_sorted_by_office_offers_and_opens_its_us_house_races(qtbot, window, shared_real, monkeypatch, engine) -> None:
    """New Mexico's 2024 precinct file (2.4 MB) opened by its first megabyte: the head holds
    two contests, the file 120 (the U.S. House races among those past the head). The
    dialog lists the file's contests as the whole-file reader lists them, and a U.S. House
    race opens as the whole-file reader imports it, cell for cell."""
    from resultsviewer.core.formats import import_contest, long_stream, native, read_bytes
    from resultsviewer.core.formats import opening as opening_module
    from resultsviewer.core.formats.delimited import ImportOptions
    from resultsviewer.core.formats.importing import list_contests

    path = shared_real / "openelections" / "nm_20241105__nm__general__precinct.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    whole_list = [(c.label, c.rows) for c in list_contests(read_bytes(path), str(path)) if not c.pseudo]
    chosen = "U.S. House, district 2"
    expected = native.dumps(import_contest(path, ImportOptions(contest=chosen)).contest)  # the whole-file reader: a small file

    monkeypatch.setattr(opening_module, "HEAD_MIN_BYTES", 2**20)
    monkeypatch.setattr(long_stream, "STREAM_MIN_BYTES", 0)  # listed (and, without DuckDB, imported) a chunk at a time
    monkeypatch.setattr(long_engine, "ENGINE_MIN_BYTES", 0 if engine == "duckdb" else 2**62)
    said: dict[str, object] = {}

    def choose_then_open(dialog: ImportDialog) -> None:
        assert dialog.listing_state == "listed", dialog.contests_label.text()
        said["head"] = [c.label for c in dialog.head_contests if not c.pseudo]
        said["listed"] = [(c.label, c.rows) for c in dialog.file_contests or () if not c.pseudo]
        said["label"] = dialog.contests_label.text()
        dialog.contest_box.setCurrentIndex(dialog.contest_box.findData(chosen))
        dialog.update_preview()
        said["summary"] = dialog.summary_label.text()
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton)

    seen = when_the_dialog_lists(qtbot, choose_then_open)
    assert window.files.open_path(path, ask_to_save=False), seen.get("error")
    assert "error" not in seen
    assert len(said["head"]) == 2 and chosen not in said["head"]  # type: ignore[arg-type,operator]
    assert said["listed"] == whole_list and len(whole_list) == 120
    assert str(said["label"]).startswith("120 contests in the whole file, 118 of them beyond the first")
    rows = dict(whole_list)[chosen]
    assert str(said["summary"]).endswith(f"hold none of its rows. Open imports its {rows:,} rows from the whole file.")
    assert native.dumps(window.contest) == expected
