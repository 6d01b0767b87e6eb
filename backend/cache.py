"""The one cache helper: bounded, least recently used out, safe across threads.

What is kept is keyed by the team file and its version (every mutation raises the
version), so nothing kept is ever stale: an answer for an older version is simply never
asked for again and falls out as newer ones come in. The bound keeps memory flat however
many teams are read. Users: the adherence evaluations and fragments
(`adherence/evaluations.py`, `adherence/trend.py`), the journey's snapshots and their
rendered pieces (`journey/view.py`), and fragments with forms (`web/render.py`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """At most `size` values by key; using one keeps it longest."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The value kept under `key`, or `make()`'s, kept (made outside the lock)."""
        found = self.get(key)
        if found is not None:
            return found
        value = make()
        self.put(key, value)
        return value

    def discard(self, stale: Callable[[K], bool]) -> None:
        """Drop every value whose key `stale` picks (say, older versions of one team)."""
        with self._lock:
            for key in [k for k in self._items if stale(k)]:
                del self._items[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def values(self) -> list[V]:
        with self._lock:
            return list(self._items.values())

    def __iter__(self) -> Iterator[K]:
        """The keys, least recently used first (a copy)."""
        with self._lock:
            return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)
