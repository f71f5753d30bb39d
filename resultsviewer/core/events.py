"""Listeners of the core's events, held by weak reference where they are methods.

As napari's ``EventEmitter`` does: a bound method is held through
:class:`weakref.WeakMethod`, so a view (a table model, a chart) that goes away stops
listening without unsubscribing by hand, and is not kept alive by the contest it showed.
A plain function or a lambda is held strongly (nothing else would keep it alive); it
must be unsubscribed by whoever subscribed it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from types import MethodType
from typing import Generic, TypeVar

Event = TypeVar("Event")


class Listeners(Generic[Event]):
    """An ordered set of callables, called with each event in the order they subscribed."""

    def __init__(self) -> None:
        self._entries: list[Callable[[Event], None] | weakref.WeakMethod[Callable[[Event], None]]] = []

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        if isinstance(listener, MethodType):
            self._entries.append(weakref.WeakMethod(listener))
        else:
            self._entries.append(listener)

    def unsubscribe(self, listener: Callable[[Event], None]) -> None:
        """Stop calling ``listener`` (its first subscription); unknown listeners are ignored."""
        for position, entry in enumerate(self._entries):
            target = entry() if isinstance(entry, weakref.WeakMethod) else entry
            if target == listener:
                del self._entries[position]
                return

    def emit(self, event: Event) -> None:
        dead = False
        for entry in list(self._entries):
            if isinstance(entry, weakref.WeakMethod):
                listener = entry()
                if listener is None:
                    dead = True
                    continue
                listener(event)
            else:
                entry(event)
        if dead:
            self._entries = [
                entry for entry in self._entries if not isinstance(entry, weakref.WeakMethod) or entry() is not None
            ]

    def __contains__(self, listener: object) -> bool:
        """True while ``listener`` is subscribed (and, for a method, its object lives)."""
        return any(
            (entry() if isinstance(entry, weakref.WeakMethod) else entry) == listener for entry in self._entries
        )

    def __len__(self) -> int:
        return sum(1 for entry in self._entries if not isinstance(entry, weakref.WeakMethod) or entry() is not None)


__all__ = ["Listeners"]
