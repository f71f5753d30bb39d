"""The core and the tally/check/convert commands run where Qt cannot load.

Each check runs in a fresh interpreter with an import hook that makes PySide6, shiboken6
and pyqtgraph fail to import, as on a server without them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "resources" / "labour-leadership-2016.results.json"

BLOCK_QT = """
import sys

class BlockQt:
    BLOCKED = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6")

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.BLOCKED:
            raise ImportError(f"{name} is blocked: this test runs without Qt")
        return None

sys.meta_path.insert(0, BlockQt())
"""


def run_without_qt(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_QT + code, *args],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )


def test_the_hook_really_blocks_qt() -> None:
    done = run_without_qt("import PySide6")
    assert done.returncode != 0 and "PySide6 is blocked" in done.stderr


def test_the_core_and_its_formats_import_without_qt() -> None:
    code = """
import importlib, pkgutil
import resultsviewer.core, resultsviewer.core.formats
names = []
for package in (resultsviewer.core, resultsviewer.core.formats):
    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
        names.append(module.name)
print(len(names))
assert not any(m.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6") for m in sys.modules)
"""
    done = run_without_qt(code)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 10  # contest, tally, counts, edits, ..., formats.native, formats.spreadsheet


@pytest.mark.parametrize("command", ["tally", "check", "convert"])
def test_commands_run_without_qt(command: str, tmp_path: Path) -> None:
    args = {
        "tally": ["tally", "--json"],
        "check": ["check", str(DEFAULT)],
        "convert": ["convert", str(DEFAULT), str(tmp_path / "out.csv"), "--allow-loss"],
    }[command]
    code = "from resultsviewer.commands import main\nsys.exit(main(sys.argv[1:]))\n"
    done = run_without_qt(code, *args)
    assert done.returncode == 0, done.stderr
    if command == "tally":
        assert json.loads(done.stdout)["winner"] == "Jeremy Corbyn"
    elif command == "check":
        assert "OK" in done.stdout
    else:
        assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("category,Jeremy Corbyn,Owen Smith")
