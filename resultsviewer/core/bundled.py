"""Files shipped with the app: the embedded default contest and the bundled examples."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .contest import Contest

DEFAULT_CONTEST_FILE = "labour-leadership-2016.results.json"


def resource_path(name: str) -> Path:
    """The path of a shipped resource, installed, frozen or in a source checkout.

    The folder of package ``resultsviewer.resources`` comes from its import spec: the
    resources are plain files wherever the package is (PyInstaller's importer gives the
    folder it froze them to), and ``importlib.resources`` would cost every command's
    start-up some 8 ms of imports (tempfile, shutil, zip support) for the same answer.
    """
    spec = importlib.util.find_spec("resultsviewer.resources")
    folders = spec.submodule_search_locations if spec is not None else None
    for folder in folders or ():
        candidate = Path(folder) / name
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parents[2] / "resources" / name


def default_contest() -> Contest:
    """The 2016 Labour Party leadership election, the contest the app opens with."""
    from .formats import native

    path = resource_path(DEFAULT_CONTEST_FILE)
    return native.loads(path.read_bytes(), DEFAULT_CONTEST_FILE)
