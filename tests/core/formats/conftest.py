"""Fixtures shared by the tests of the file formats."""

from __future__ import annotations

import pytest

import resultsviewer.core.formats as formats_module


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the formats module reads from disk."""
    seen: list[str] = []
    original = formats_module.read_bytes

    def counted(path):
        seen.append(str(path))
        return original(path)

    monkeypatch.setattr(formats_module, "read_bytes", counted)
    import resultsviewer.core.formats.opening as opening

    monkeypatch.setattr(opening, "read_bytes", counted)
    return seen
