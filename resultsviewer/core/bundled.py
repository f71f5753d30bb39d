"""Files shipped with the app: the embedded default contest and the bundled examples."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .contest import Contest

DEFAULT_CONTEST_FILE = "labour-leadership-2016.results.json"


def resource_path(name: str) -> Path:
    """The path of a shipped resource, installed or in a source checkout."""
    try:
        root = resources.files("resultsviewer.resources")
        candidate = Path(str(root.joinpath(name)))
        if candidate.exists():
            return candidate
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "resources" / name


def default_contest() -> Contest:
    """The 2016 Labour Party leadership election, the contest the app opens with."""
    from .formats import native

    path = resource_path(DEFAULT_CONTEST_FILE)
    return native.loads(path.read_bytes(), DEFAULT_CONTEST_FILE)
