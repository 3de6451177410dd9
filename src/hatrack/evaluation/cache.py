"""A least-recently-used cache bounded by the size of what it holds, not only by its entry count.

The compiled-policy caches are keyed by document text, which callers choose (a simulator input may
be 128 KiB): a cache of 8,192 entries could hold a gigabyte. ``SizedCache`` counts each entry's
weight (the characters of its documents) and evicts the least recently used entries past
``max_weight``; an entry heavier than the whole budget is computed and returned but not kept.
Thread-safe: the API answers requests from worker threads. Imports nothing of hatrack.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

DEFAULT_MAX_WEIGHT = 64 * 1024 * 1024  # 64 MiB of document text
DEFAULT_MAX_ENTRIES = 8192


class SizedCache(Generic[K, V]):
    __slots__ = ("_entries", "_lock", "max_entries", "max_weight", "weight")

    def __init__(
        self, *, max_weight: int = DEFAULT_MAX_WEIGHT, max_entries: int = DEFAULT_MAX_ENTRIES
    ) -> None:
        self.max_weight = max_weight
        self.max_entries = max_entries
        self.weight = 0
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: K) -> bool:
        return key in self._entries

    def get(self, key: K) -> V | None:
        """The cached value of ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def get_or_compute(self, key: K, weight: int, compute: Callable[[], V]) -> V:
        """The cached value of ``key``, or ``compute()`` (outside the lock) remembered under ``weight``."""
        found = self.get(key)
        if found is not None:
            return found
        value = compute()
        self.put(key, value, weight)
        return value

    def put(self, key: K, value: V, weight: int) -> None:
        """Remember ``value`` under ``key`` (kept only if no heavier than the whole budget)."""
        if weight > self.max_weight:
            return
        with self._lock:
            if key not in self._entries:
                self._entries[key] = (value, weight)
                self.weight += weight
                while self.weight > self.max_weight or len(self._entries) > self.max_entries:
                    _, (_, evicted) = self._entries.popitem(last=False)
                    self.weight -= evicted

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.weight = 0
