"""``resultsviewer tally`` of the default contest imports only what it uses.

Start-up is mostly imports: a plain tally must not pay for numpy, Qt, the comparison,
parties, or the readers of tables and workbooks (issue 16: within 4x ``python -c pass``).
Each check runs in a fresh interpreter and lists what was imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from resultsviewer.commands.baseline import MATCH_BY_CHOICES
from resultsviewer.core.compare import By
from resultsviewer.core.formats import SPREADSHEET_CSV, spreadsheet

ROOT = Path(__file__).resolve().parents[2]

#: Modules a tally of the default contest (a native file, counted by pooled votes) never needs.
NOT_NEEDED = (
    "numpy",
    "PySide6",
    "pyqtgraph",
    "resultsviewer.gui",
    "resultsviewer.core.compare",
    "resultsviewer.core.edits",
    "resultsviewer.core.parties",
    "resultsviewer.core.atomic",
    "resultsviewer.core.formats.spreadsheet",
    "resultsviewer.core.formats.delimited",
    "resultsviewer.core.formats.importing",
    "resultsviewer.core.formats.workbook",
    "resultsviewer.core.formats.rctab",
    "resultsviewer.core.formats.native_rounds",
    "zipfile",
    "xml.etree.ElementTree",
    "importlib.resources",
    "tempfile",
)


def modules_after(*args: str) -> tuple[str, set[str]]:
    """What ``resultsviewer ARGS`` printed, and the modules it had imported by its end."""
    code = (
        "import contextlib, io, json, sys\n"
        "from resultsviewer.commands import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    assert main({list(args)!r}) == 0\n"
        "print(json.dumps([out.getvalue(), sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    printed, modules = json.loads(done.stdout)
    return printed, set(modules)


def test_tally_of_the_default_contest_imports_only_what_it_needs() -> None:
    printed, modules = modules_after("tally")
    assert "Jeremy Corbyn wins with 61.8%, margin 119,980 votes (23.7 points)" in printed
    assert "The declared figures agree with the counts." in printed
    imported = sorted(name for name in NOT_NEEDED if name in modules or any(m.startswith(name + ".") for m in modules))
    assert imported == []


def test_what_a_tally_leaves_out_is_imported_when_asked_for(tmp_path: Path) -> None:
    # The lazy imports are real: --merge needs the parties, a CSV its reader, --baseline the comparison.
    table = tmp_path / "two.csv"
    table.write_text("Category,A,B\nX,3,1\n", encoding="utf-8")
    printed, modules = modules_after("tally", str(table), "--merge", "A=B", "--baseline", str(table))
    assert "B wins with 100.0%" in printed
    assert {"resultsviewer.core.parties", "resultsviewer.core.compare", "resultsviewer.core.formats.spreadsheet"} <= modules


def test_the_match_by_choices_are_the_comparisons() -> None:
    assert MATCH_BY_CHOICES == tuple(by.value for by in By)


def test_the_registry_names_the_spreadsheet_readers_extensions() -> None:
    assert SPREADSHEET_CSV.extensions == spreadsheet.EXTENSIONS
