"""The bundled examples the window lists under File > Open Example.

Each is a native contest file in ``resources/`` (or ``resources/examples/``) whose
``source`` field names where its figures come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .bundled import DEFAULT_CONTEST_FILE, resource_path
from .contest import Contest


@dataclass(frozen=True)
class Example:
    #: The menu entry.
    title: str
    #: The resource's name under ``resources/``.
    resource: str
    #: One line on what the example shows (a tooltip, a status tip).
    description: str

    @property
    def path(self) -> Path:
        return resource_path(self.resource)

    def load(self) -> Contest:
        """The example as a fresh contest (edits never touch the bundled file)."""
        from .formats import native

        return native.loads(self.path.read_bytes(), self.resource.rsplit("/", 1)[-1])


EXAMPLES: tuple[Example, ...] = (
    Example(
        "Labour leadership election 2016",
        DEFAULT_CONTEST_FILE,
        "Two candidates, three sections, as reported on the day (the contest the app opens with)",
    ),
    Example(
        "Labour leadership election 2016 (official figures)",
        "examples/labour-leadership-2016-official.results.json",
        "654,006 ballots distributed, 1,042 spoilt; the first reports' 640,500 eligible and 79% turnout disagree",
    ),
    Example(
        "Labour leadership election 2015",
        "examples/labour-leadership-2015.results.json",
        "Four candidates in three sections; Jeremy Corbyn elected in the first round",
    ),
)


def examples() -> tuple[Example, ...]:
    """The bundled examples, in menu order."""
    return EXAMPLES
