"""How far a long read has got, and the way to stop it.

Whoever starts a read that may take seconds (the window, on a file of a million rows)
passes a callback ``progress(done_bytes, total_bytes)`` to the entry point
(:func:`~resultsviewer.core.formats.opening.open_contest_file`,
:func:`~resultsviewer.core.formats.read_contest`); the callback may raise
:class:`Cancelled` to stop the read, which then raises it to the caller with nothing
opened.

The entry point splits the bar over the passes it makes over the file (read the bytes,
parse the table, build the contest: :meth:`FileProgress.step`); a reader may split its
pass further (:func:`part`), and a reading loop says how far through its own pass or part
it is with :func:`advance` (or :func:`rows_with_progress`), every few thousand rows. The
callback is found through a context variable rather than passed down, so that the
formats' signatures (``FileFormat.read(data, source)``) stay as they are, a loop outside
a reported read pays one lookup per few thousand rows, and a read in a worker thread
never reports to another thread's callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

#: ``progress(done_bytes, total_bytes)``: how much of the file has been dealt with; may raise Cancelled.
ProgressCallback = Callable[[int, int], None]

#: How many rows a reading loop goes between two reports: a few milliseconds of parsing.
ROWS_PER_REPORT = 4096

Row = TypeVar("Row")
_Result = TypeVar("_Result")


class Cancelled(Exception):
    """Raised by a progress callback to stop a read (the user pressed Cancel); nothing was opened."""


class FileProgress:
    """One bar over a file's bytes, shared by the passes a reader makes over the file.

    Each pass takes its share of the bar (:meth:`step`); inside it, :func:`advance` moves
    the bar through that share. The bar never goes back, and ends full when the read does.
    Without a callback every method does nothing, so a reader is written once for both.
    """

    def __init__(self, callback: ProgressCallback | None, total_bytes: int) -> None:
        self.callback = callback
        self.total_bytes = max(total_bytes, 0)
        #: Where the bar stands and where the current pass starts, as fractions of the file.
        self._done = 0.0
        self._step_start = 0.0
        self._step_share = 0.0
        #: What is left of the bar for the passes still to come (less after an attempt).
        self._scale = 1.0

    @contextmanager
    def step(self, share: float) -> Iterator[None]:
        """A pass over the file that takes ``share`` (0 to 1) of the bar."""
        with self._pass(share * self._scale):
            yield

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """A pass that may give up part way (a fast path that leaves the file to the exact
        reader): it may take the whole bar, and where it stops, the passes that follow
        share what is left of it, so that the bar never goes back."""
        with self._pass(1.0 - self._done, fill=False):
            yield
        self._scale = 1.0 - self._done

    def attempted(self, read: Callable[[], _Result | None]) -> _Result | None:
        """``read()`` as an :meth:`attempt`: what it gives fills the bar; None (it gave up)
        leaves the rest of the bar to the passes that follow."""
        with self.attempt():
            result = read()
        if result is not None:
            self.finish()
        return result

    @contextmanager
    def _pass(self, share: float, fill: bool = True) -> Iterator[None]:
        """The next ``share`` of the bar (a fraction of the whole); full when it ends (``fill``)."""
        if self.callback is None:
            yield
            return
        outer = self._step_start, self._step_share
        start = self._step_start, self._step_share = self._done, share
        token = _active.set(self)
        try:
            self._report(self._done)  # a pass that never reports can still be cancelled as it starts
            yield
        finally:
            _active.reset(token)
            self._step_start, self._step_share = outer
        if fill:
            self._report(min(start[0] + share, 1.0))

    def finish(self) -> None:
        """The read is done: the bar is full (the callback may still cancel)."""
        if self.callback is not None:
            self._report(1.0)

    def _advance(self, done: int, total: int) -> None:
        fraction = min(done / total, 1.0) if total > 0 else 1.0
        self._report(self._step_start + self._step_share * fraction)

    def _report(self, fraction: float) -> None:
        assert self.callback is not None
        self._done = max(self._done, fraction)
        self.callback(round(self._done * self.total_bytes), self.total_bytes)


_active: ContextVar[FileProgress | None] = ContextVar("resultsviewer_read_progress", default=None)


def advance(done: int, total: int) -> None:
    """A reading loop has dealt with ``done`` of the ``total`` units (bytes, lines, rows) of
    its pass; nothing happens outside a reported read. May raise :class:`Cancelled`."""
    active = _active.get()
    if active is not None:
        active._advance(done, total)


@contextmanager
def part(share: float) -> Iterator[None]:
    """Inside a pass, a part of it that takes ``share`` (0 to 1) of that pass: a reader that
    parses its rows, checks them and builds a contest says so in three parts, and the bar
    moves through each as its loop calls :func:`advance`. Nothing outside a reported read."""
    active = _active.get()
    if active is None:
        yield
        return
    with active._pass(active._step_share * share):
        yield


def reporting() -> bool:
    """True inside a reported read: a reader that would pay to report (a thread to watch a
    query) does so only then."""
    return _active.get() is not None


def rows_with_progress(rows: Iterable[tuple[int, Row]], text: str) -> Iterable[tuple[int, Row]]:
    """``(line number, row)`` pairs as they come, reporting every :data:`ROWS_PER_REPORT`
    rows how far through ``text``'s lines they are; ``rows`` itself outside a reported read,
    so that a read nobody watches pays nothing."""
    if _active.get() is None:
        return rows
    return _reported_rows(rows, text.count("\n") + 1)


def blocks_with_progress(blocks: Iterable[bytes], total_bytes: int, within: tuple[float, float] = (0.0, 1.0)) -> Iterator[bytes]:
    """Blocks of a file's bytes as they come, reporting after each how far through
    ``total_bytes`` they are, as the part ``within`` (from, to: fractions) of the pass: a
    reader that goes over the file twice, to check it and then to read it, reports each
    as a part of one pass."""
    low, high = within
    done = 0
    for block in blocks:
        yield block
        done += len(block)
        advance(round(1_000_000 * (low + (high - low) * min(done / total_bytes, 1.0))) if total_bytes else 0, 1_000_000)


def _reported_rows(rows: Iterable[tuple[int, Row]], lines: int) -> Iterator[tuple[int, Row]]:
    # One countdown step per row (about 2% of a parse). Batches taken with islice and
    # chained in C cost more (30% at 4096 rows a batch): the rows they hold alive are
    # walked by every young garbage collection until the batch is consumed.
    countdown = ROWS_PER_REPORT
    for item in rows:
        countdown -= 1
        if not countdown:
            countdown = ROWS_PER_REPORT
            advance(item[0], lines)
        yield item


__all__ = [
    "Cancelled",
    "FileProgress",
    "ProgressCallback",
    "ROWS_PER_REPORT",
    "advance",
    "blocks_with_progress",
    "part",
    "reporting",
    "rows_with_progress",
]
