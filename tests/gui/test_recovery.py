"""Never lose work in the window: autosave and recovery after a crash, the error dialog
for an unexpected exception, failed saves, and a file changed on disk by another program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from resultsviewer.core.contest import Axis
from resultsviewer.core.formats import read_contest
from resultsviewer.gui import crash
from resultsviewer.gui.app import open_main_window
from resultsviewer.gui.main_window import MainWindow
from resultsviewer.gui.recovery import pending_recoveries, process_start

DEFAULT = Path(__file__).resolve().parents[2] / "resources" / "labour-leadership-2016.results.json"


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_modified_document_is_autosaved_and_a_save_removes_it(qtbot, window, tmp_path):
    path = window.autosaver.path
    assert not path.exists()
    window.model.setData(window.model.index(0, 1), "116,961")
    qtbot.waitUntil(path.exists, timeout=3000)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["contest"]["categories"][0]["counts"]["Owen Smith"] == 116961
    window.files.save_to(tmp_path / "saved.results.json")
    assert not path.exists()


def test_undo_to_the_saved_state_removes_the_recovery_file(qtbot, window):
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    qtbot.waitUntil(window.autosaver.path.exists, timeout=3000)
    window.undo_stack.undo()
    assert not window.autosaver.path.exists()


def test_a_clean_close_removes_the_recovery_file(qtbot, window, monkeypatch):
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    qtbot.waitUntil(window.autosaver.path.exists, timeout=3000)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Discard)
    assert window.close()
    assert not window.autosaver.path.exists()


def crashed_session(qtbot, window: MainWindow) -> Path:
    """The recovery file a crashed process would have left: this window's, under a dead pid."""
    window.edits.rename(Axis.CANDIDATE, 1, "Owen Smith (recovered)")
    assert window.autosaver.save_now()
    left = window.autosaver.path.with_name(f"{dead_pid()}-feedfacecafe.recovery.json")
    window.autosaver.path.rename(left)
    return left


def test_the_next_start_offers_the_recovery_and_restores_it(qtbot, window, monkeypatch, close_later):
    left = crashed_session(qtbot, window)
    assert [recovery.path for recovery in pending_recoveries()] == [left]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    restored = open_main_window()
    close_later(restored)
    qtbot.waitUntil(lambda: bool(asked))
    assert "Labour Party leadership election 2016" in asked[0]
    assert restored.contest.candidate(1).name == "Owen Smith (recovered)"
    assert restored.is_modified and restored.isWindowModified()
    assert "(recovered)" in restored.windowTitle()
    assert not left.exists()


def test_discarding_the_recovery_deletes_it(qtbot, window, monkeypatch, close_later):
    left = crashed_session(qtbot, window)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(1) or QMessageBox.StandardButton.Discard)
    fresh = open_main_window()
    close_later(fresh)
    qtbot.waitUntil(lambda: bool(asked))
    assert fresh.contest.candidate(1).name == "Owen Smith"
    assert not left.exists()


def test_a_live_windows_recovery_file_is_not_offered(qtbot, window):
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    assert window.autosaver.save_now()
    assert pending_recoveries() == []


def test_an_unexpected_exception_is_logged_autosaved_and_shown(qtbot, window, monkeypatch):
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText(), box.informativeText())))
    try:
        raise ZeroDivisionError("a bug in a slot")
    except ZeroDivisionError as error:
        log = crash.report_exception(type(error), error, error.__traceback__)
    assert log is not None and "ZeroDivisionError: a bug in a slot" in log.read_text(encoding="utf-8")
    assert shown and "a bug in a slot" in shown[0][0] and "Traceback" in shown[0][1]
    assert "recovery file" in shown[0][2]
    assert window.autosaver.path.exists()
    assert window.contest.category(0).name == "Full members"


def test_the_exception_hook_reports_instead_of_ending(monkeypatch):
    reported = []
    monkeypatch.setattr(crash, "report_exception", lambda *args, **kwargs: reported.append(args[1]))
    previous = crash.install_exception_hook()
    try:
        sys.excepthook(ValueError, ValueError("boom"), None)
    finally:
        sys.excepthook = previous
    assert [str(error) for error in reported] == ["boom"]


@pytest.mark.parametrize("failure", [PermissionError(13, "Permission denied"), OSError(28, "No space left on device")])
def test_a_failed_save_keeps_the_old_file_and_the_modified_mark(qtbot, window, tmp_path, monkeypatch, failure):
    target = tmp_path / "contest.results.json"
    assert window.files.save_to(target)
    before = target.read_bytes()
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    import resultsviewer.core.atomic as atomic

    def failing_replace(*args, **kwargs):
        raise failure

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: messages.append(text))
    assert not window.files.save_to(target)
    assert messages and "contest.results.json" in messages[0]
    assert target.read_bytes() == before
    assert window.is_modified
    assert list(tmp_path.iterdir()) == [target], "no temporary file is left beside it"


def test_save_into_a_folder_that_is_gone_says_so(window, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: messages.append(text))
    assert not window.files.save_to(tmp_path / "gone" / "contest.results.json")
    assert "does not exist" in messages[0]


def test_a_file_changed_on_disk_is_offered_for_reload(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "shared.results.json"
    path.write_bytes(DEFAULT.read_bytes())
    assert window.files.open_path(path)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["title"] = "Changed by a colleague"
    path.write_text(json.dumps(document), encoding="utf-8")
    qtbot.waitUntil(lambda: window.contest.title == "Changed by a colleague", timeout=5000)
    assert "changed by another program" in asked[0]
    # Our own save is not taken for another program's change.
    asked.clear()
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    assert window.files.save_to(path)
    qtbot.wait(300)
    assert asked == []
    assert read_contest(path).category(0).name == "Full members"


# --- issue 19: recovery that saves where it should, identity beyond the pid, two windows ---


def test_recovery_keeps_an_absolute_path_and_save_writes_the_original(qtbot, window, tmp_path, monkeypatch, close_later):
    """Opened by a relative path, crashed, restarted from another folder: Save writes the
    original file, not a new one in the new working folder."""
    original = tmp_path / "work" / "contest.results.json"
    original.parent.mkdir()
    original.write_bytes(DEFAULT.read_bytes())
    monkeypatch.chdir(original.parent)
    assert window.files.open_path("contest.results.json")
    left = crashed_session(qtbot, window)
    document = json.loads(left.read_text(encoding="utf-8"))
    assert document["path"] == str(original)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    restored = close_later(open_main_window())
    qtbot.waitUntil(lambda: "(recovered)" in restored.windowTitle())
    assert restored.file_path == original
    assert restored.files.save()
    assert read_contest(original).candidate(1).name == "Owen Smith (recovered)"
    assert list(elsewhere.iterdir()) == []


def test_recovery_whose_original_is_gone_asks_where_to_save(qtbot, window, tmp_path, monkeypatch, close_later):
    original = tmp_path / "contest.results.json"
    original.write_bytes(DEFAULT.read_bytes())
    assert window.files.open_path(original)
    crashed_session(qtbot, window)
    original.unlink()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    restored = close_later(open_main_window())
    qtbot.waitUntil(lambda: "(recovered)" in restored.windowTitle())
    asked = []
    monkeypatch.setattr(
        "resultsviewer.gui.files.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: asked.append(args) or ("", ""),
    )
    assert not restored.files.save()
    assert asked, "Save asked where to save"
    assert not original.exists()


def test_a_recovery_file_whose_pid_was_reused_is_still_offered(qtbot, window):
    """The file names a live process (a reused pid) that started after the crash."""
    window.edits.rename(Axis.CATEGORY, 0, "Full members")
    assert window.autosaver.save_now()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        left = window.autosaver.path.with_name(f"{sleeper.pid}-0123456789ab.recovery.json")
        if process_start(os.getpid()) is None:
            pytest.skip("this system does not tell when a process started")
        document = json.loads(window.autosaver.path.read_text(encoding="utf-8"))
        document["process_start"] = f"{process_start(os.getpid())}0"  # another run's start
        left.write_text(json.dumps(document), encoding="utf-8")
        assert left in [recovery.path for recovery in pending_recoveries()]
        assert window.autosaver.path not in [recovery.path for recovery in pending_recoveries()]
    finally:
        sleeper.kill()
        sleeper.wait()


def test_saving_over_a_file_another_window_saved_asks_first(qtbot, window, tmp_path, monkeypatch, close_later):
    path = tmp_path / "shared.results.json"
    path.write_bytes(DEFAULT.read_bytes())
    other = close_later(MainWindow())
    assert window.files.open_path(path) and other.files.open_path(path)
    other.edits.rename(Axis.CATEGORY, 0, "Changed by the other window")
    assert other.files.save()
    # This window is told, and the user declines to reload.
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.No)
    qtbot.wait(300)
    window.edits.rename(Axis.CATEGORY, 1, "Changed here")
    asked = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        box.clickedButton = lambda: next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert not window.files.save()
    assert asked and "changed" in asked[0]
    assert read_contest(path).category(0).name == "Changed by the other window"
    # Overwrite, when the user says so.
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: setattr(box, "clickedButton", lambda: next(b for b in box.buttons() if b.text() == "Overwrite")) or 0,
    )
    assert window.files.save()
    assert read_contest(path).category(1).name == "Changed here"
    # Saved: the file is this window's again, and Save does not ask.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("asked again"))
    window.edits.rename(Axis.CATEGORY, 1, "Changed here again")
    assert window.files.save()


def test_start_up_sweeps_the_leftovers_beside_recent_files(tmp_path):
    from resultsviewer.core.atomic import STALE_TEMPORARY_SECONDS
    from resultsviewer.gui.app import sweep_stale_temporaries

    leftover = tmp_path / ".contest.results.json.a1b2c3d4.tmp"
    leftover.write_bytes(b"x" * 1000)
    when = __import__("time").time() - STALE_TEMPORARY_SECONDS - 60
    os.utime(leftover, (when, when))
    assert sweep_stale_temporaries([str(tmp_path / "contest.results.json")]) == 1
    assert not leftover.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_the_recovery_folder_does_not_hang_the_start(window):
    from resultsviewer.gui.recovery import recovery_folder

    folder = recovery_folder()
    folder.mkdir(parents=True, exist_ok=True)
    fifo = folder / f"{dead_pid()}-0000deadbeef.recovery.json"
    os.mkfifo(fifo)
    try:
        code = (
            "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from resultsviewer.gui.recovery import pending_recoveries\n"
            "print(len(pending_recoveries()))\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert done.stdout.strip() == "0", done.stderr
    finally:
        fifo.unlink()
