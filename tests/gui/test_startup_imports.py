"""The window starts without the readers of tables, workbooks and large files: they are
imported when a file is opened (issue 16: the first painted window within 1.3x a bare
one, and imports are most of start-up). Each check runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTLAND = ROOT / "tests" / "data" / "rcv" / "2015_portland_mayor" / "2015_portland_mayor_config.json"

#: Modules a window on the default contest never needs until a file is opened.
NOT_AT_START = (
    "duckdb",
    "resultsviewer.core.formats.long_engine",
    "resultsviewer.core.formats.long_stream",
    "resultsviewer.core.formats.openelections",
    "resultsviewer.core.formats.delimited",
    "resultsviewer.core.formats.importing",
    "resultsviewer.core.formats.workbook",
    "resultsviewer.core.export_metadata",
)


def modules_of_a_window(then_open: Path | None = None) -> tuple[str, set[str]]:
    """The window's summary line and the modules imported once it has painted (and, with
    ``then_open``, once that file is opened in it)."""
    code = (
        "import json, sys\n"
        "from resultsviewer.gui.app import application, open_main_window\n"
        "app = application()\n"
        "window = open_main_window()\n"
        "app.processEvents()\n"
        f"if {str(then_open) if then_open else ''!r}:\n"
        f"    assert window.files.open_path({str(then_open) if then_open else ''!r}, ask_to_save=False)\n"
        "print(json.dumps([window.summary.result_label.text(), sorted(sys.modules)]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    said, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return said, set(modules)


def imported(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules or any(m.startswith(name + ".") for m in modules))


def test_the_window_starts_without_the_readers_of_files() -> None:
    said, modules = modules_of_a_window()
    assert said.startswith("Jeremy Corbyn")  # the window was built on the default contest
    assert imported(modules, NOT_AT_START) == []


def test_opening_a_file_imports_its_reader() -> None:
    # The lazy imports are real: RCTab's configuration (it opens without the import dialog)
    # brings in the reader of its ballots' workbook.
    said, modules = modules_of_a_window(then_open=PORTLAND)
    assert said.startswith("Mavodones, Nicholas M. Jr. won in round 14 of 14")
    assert "resultsviewer.core.formats.workbook" in modules
