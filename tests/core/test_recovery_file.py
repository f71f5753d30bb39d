"""The recovery file without Qt: what it holds, and which files a crashed process left."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from resultsviewer.core.recovery import (
    RECOVERY_FORMAT,
    pending_recoveries,
    recovery_file_name,
    write_recovery,
)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_recovery_file_holds_the_contest_and_where_it_came_from(tmp_path, default_contest):
    default_contest.set_count(0, 1, 116961)
    path = tmp_path / "recovery" / recovery_file_name()
    assert path.name.startswith(f"{os.getpid()}-") and path.name.endswith(".recovery.json")
    write_recovery(path, default_contest, "labour.results.json", "/data/labour.results.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == RECOVERY_FORMAT
    assert document["name"] == "labour.results.json" and document["path"] == "/data/labour.results.json"
    assert document["contest"]["categories"][0]["counts"]["Owen Smith"] == 116961


def test_only_files_of_processes_that_are_gone_are_offered_newest_first(tmp_path, default_contest):
    folder = tmp_path
    mine = folder / recovery_file_name()
    write_recovery(mine, default_contest, "mine", None)
    older = folder / f"{_dead_pid()}-aaaaaaaaaaaa.recovery.json"
    write_recovery(older, default_contest, "older", None)
    newer = folder / f"{_dead_pid()}-bbbbbbbbbbbb.recovery.json"
    write_recovery(newer, default_contest, "newer", "/x.results.json")
    os.utime(older, (1, 1))
    document = json.loads(older.read_text(encoding="utf-8"))
    document["saved_at"] = 1.0
    older.write_text(json.dumps(document), encoding="utf-8")
    (folder / "12-broken.recovery.json").write_text("{not json", encoding="utf-8")
    (folder / "nopid.recovery.json").write_text("{}", encoding="utf-8")
    found = pending_recoveries(folder)
    assert [recovery.path for recovery in found] == [newer, older]
    assert found[0].document_name == "newer" and found[0].original_path == "/x.results.json"
    assert found[0].load().count(0, 0) == default_contest.count(0, 0)
    found[0].discard()
    assert not newer.exists()
