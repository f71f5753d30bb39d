"""Test settings shared by every test: Qt offscreen, pyqtgraph on PySide6, fixtures."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt: no display is needed, and pyqtgraph must not pick PyQt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Settings (recent files), recovery files and logs go to a folder of the test run's own,
# never to the user's: QSettings and QStandardPaths follow the XDG variables on Linux.
_USER_DIRS = Path(tempfile.mkdtemp(prefix="resultsviewer-tests-"))
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_USER_DIRS / _name.lower())
atexit.register(shutil.rmtree, _USER_DIRS, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
# A git worktree (../wt/issue-N) is not beside ../shared: the variable points at it there.
SHARED_REAL = Path(os.environ.get("RESULTSVIEWER_SHARED_REAL") or ROOT.parent / "shared" / "data" / "real")
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def default_contest():
    """The embedded default, the 2016 Labour leadership election, freshly loaded."""
    from resultsviewer.core.bundled import default_contest as load

    return load()


@pytest.fixture
def shared_real() -> Path:
    """``../shared/data/real``; tests that need it skip where a user's clone has none."""
    if not SHARED_REAL.is_dir():
        pytest.skip("../shared/data/real is absent (a user's clone has no shared folder)")
    return SHARED_REAL
