"""Kill ``resultsviewer convert`` at random moments: the target is always whole.

An 8,000 x 20 contest (0.8 MB of CSV, 5 MB of native JSON) is converted over an old
target again and again, and each run is killed with SIGKILL: half at a random moment of
the whole run (start-up, reading, writing), half as soon as the temporary file appears
(plus a random fraction of the write), so that many kills land mid-write. After each
kill the target must be byte-identical to the old file or to the complete new one, and
must load. A temporary file left by a kill counts the kill as mid-write; it is removed
before the next run (SIGKILL leaves no chance to clean up, by design).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resultsviewer.core.formats import read_contest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only"),
]

CATEGORIES = 8_000
CANDIDATES = 20
KILLS = 40


def write_big_csv(path: Path, seed: int) -> None:
    generator = random.Random(seed)
    names = [f"Candidate {index}" for index in range(CANDIDATES)]
    lines = ["category," + ",".join(names)]
    for category in range(CATEGORIES):
        lines.append(f"Precinct {category}," + ",".join(str(generator.randint(0, 5000)) for _ in names))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def convert_command(source: Path, target: Path) -> list[str]:
    return [sys.executable, "-m", "resultsviewer", "convert", str(source), str(target)]


def temporaries(folder: Path, target: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.startswith(f".{target.name}.") and path.name.endswith(".tmp")]


def test_killing_convert_never_tears_the_target(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    write_big_csv(source, seed=7)
    out = tmp_path / "out"
    out.mkdir()

    # The complete new file, from a run nobody kills, and how long such a run takes.
    reference = tmp_path / "reference.results.json"
    started = time.monotonic()
    subprocess.run(convert_command(source, reference), check=True, capture_output=True, timeout=120)
    full_run = time.monotonic() - started
    new_bytes = reference.read_bytes()
    assert read_contest(reference).category_count == CATEGORIES

    # The old file: another contest, so old and new can never be confused.
    old_source = tmp_path / "old.csv"
    old_source.write_text("category,Old A,Old B\nOnly,1,2\n", encoding="utf-8")
    old_target = tmp_path / "old.results.json"
    subprocess.run(convert_command(old_source, old_target), check=True, capture_output=True, timeout=60)
    old_bytes = old_target.read_bytes()

    target = out / "target.results.json"
    generator = random.Random(2024)
    outcomes = {"old": 0, "new": 0}
    mid_write = 0
    finished_before_kill = 0
    for run in range(KILLS):
        target.write_bytes(old_bytes)
        process = subprocess.Popen(convert_command(source, target), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if run % 2 == 0:
            time.sleep(generator.uniform(0.0, full_run * 1.05))
        else:
            # Wait for the temporary file, then let a random part of the write happen.
            deadline = time.monotonic() + 60
            while not temporaries(out, target) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(generator.uniform(0.0, 0.008))
        if process.poll() is not None:
            finished_before_kill += 1
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        left = temporaries(out, target)
        if left:
            mid_write += 1
            for path in left:
                path.unlink()

        found = target.read_bytes()
        if found == old_bytes:
            outcomes["old"] += 1
        elif found == new_bytes:
            outcomes["new"] += 1
        else:
            pytest.fail(f"run {run}: the target is torn ({len(found):,} bytes, old {len(old_bytes):,}, new {len(new_bytes):,})")
        assert sorted(path.name for path in out.iterdir()) == [target.name]

    # The last state loads, whichever it is.
    read_contest(target)
    print(
        f"\nkill test: {KILLS} kills of a {source.stat().st_size / 2**20:.1f} MB -> {len(new_bytes) / 2**20:.1f} MB "
        f"convert (uninterrupted run {full_run:.2f} s): {mid_write} mid-write (temporary file present), "
        f"target old {outcomes['old']}, new {outcomes['new']}, finished before the kill {finished_before_kill}"
    )
    assert outcomes["old"] + outcomes["new"] == KILLS
    # The test is only worth something if kills really landed during the write.
    assert mid_write >= KILLS // 8, f"only {mid_write} kills landed mid-write"
