"""Temporary files left by saves killed mid-write are swept at start-up, whatever file
they were saving (issue 19), not only at the next save of the same file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from resultsviewer.core.atomic import STALE_TEMPORARY_SECONDS, remove_stale_temporaries

ROOT = Path(__file__).resolve().parents[2]


def age(path: Path, seconds: float) -> Path:
    when = time.time() - seconds
    os.utime(path, (when, when))
    return path


def test_old_leftovers_of_any_file_are_swept_and_nothing_else(tmp_path: Path) -> None:
    old = tmp_path / ".results.csv.k3j_9x2a.tmp"
    old.write_bytes(b"x" * 1000)
    age(old, STALE_TEMPORARY_SECONDS + 60)
    fresh = tmp_path / ".other.results.json.abcdefgh.tmp"  # a save running now elsewhere
    fresh.write_bytes(b"y")
    mine = tmp_path / "notes.tmp"  # the user's own file
    mine.write_bytes(b"z")
    age(mine, STALE_TEMPORARY_SECONDS + 60)
    folder_like = tmp_path / ".dir.abcdefgh.tmp"
    folder_like.mkdir()
    age(folder_like, STALE_TEMPORARY_SECONDS + 60)
    assert remove_stale_temporaries(tmp_path) == 1
    assert not old.exists()
    assert fresh.exists() and mine.exists() and folder_like.exists()


def test_a_missing_folder_is_no_error(tmp_path: Path) -> None:
    assert remove_stale_temporaries(tmp_path / "gone") == 0


def test_the_leftover_of_a_save_killed_mid_write_is_swept(tmp_path: Path) -> None:
    """A real kill: a child writing a large file through atomic_write is killed, its
    temporary file stays; aged past the limit, the start-up sweep removes it."""
    target = tmp_path / "big.results.json"
    code = (
        "import sys, time, os\n"
        "from resultsviewer.core import atomic\n"
        "real_fsync = os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); time.sleep(60)\n"
        "os.fsync = slow\n"
        "atomic.atomic_write(sys.argv[1], b'x' * 2_000_000)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "writing"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
    leftovers = [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
    assert len(leftovers) == 1 and not target.exists()
    assert remove_stale_temporaries(tmp_path) == 0  # too young: could be a save running now
    age(leftovers[0], STALE_TEMPORARY_SECONDS + 1)
    assert remove_stale_temporaries(tmp_path) == 1
    assert list(tmp_path.iterdir()) == []
