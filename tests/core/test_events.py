"""The contest's listeners: called in order, methods held weakly, functions strongly."""

from __future__ import annotations

import gc

from resultsviewer.core.contest import Candidate, Category, Contest, CountChanged
from resultsviewer.core.events import Listeners


class View:
    def __init__(self) -> None:
        self.seen: list[object] = []

    def on_event(self, event: object) -> None:
        self.seen.append(event)


def _contest() -> Contest:
    return Contest("t", [Candidate("A"), Candidate("B")], [Category("P")], [[1, 2]])


def test_a_view_that_goes_away_stops_listening_without_unsubscribing():
    contest = _contest()
    view = View()
    contest.subscribe(view.on_event)
    contest.set_count(0, 0, 5)
    assert [type(event) for event in view.seen] == [CountChanged]
    del view
    gc.collect()
    contest.set_count(0, 0, 6)  # no error, nobody called
    assert len(contest._listeners) == 0


def test_the_contest_does_not_keep_its_views_alive():
    contest = _contest()
    view = View()
    contest.subscribe(view.on_event)
    import weakref

    alive = weakref.ref(view)
    del view
    gc.collect()
    assert alive() is None


def test_plain_functions_are_kept_until_unsubscribed_and_order_holds():
    listeners: Listeners[int] = Listeners()
    calls: list[str] = []
    view = View()
    listeners.subscribe(lambda event: calls.append(f"first {event}"))
    listeners.subscribe(view.on_event)
    second = calls.append
    listeners.subscribe(second)
    gc.collect()
    listeners.emit(1)
    assert calls == ["first 1", 1] and view.seen == [1]
    listeners.unsubscribe(view.on_event)  # a new bound method object, equal to the one subscribed
    listeners.unsubscribe(second)
    listeners.unsubscribe(second)  # twice is harmless
    listeners.emit(2)
    assert calls == ["first 1", 1, "first 2"] and view.seen == [1]
