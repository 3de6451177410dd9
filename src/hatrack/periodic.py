"""A round of work every N seconds in a daemon thread of its own, surviving any failure.

The server's schedules (signed audit digests, key-age enforcement) are each a ``PeriodicTask``: the
event loop never waits for them, and a failed round (database away, a lock held too long) is logged
and tried again at the next tick, never fatal. Imports nothing of hatrack.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod


class PeriodicTask(ABC):
    """Calls ``round`` every ``interval_seconds`` once started (and at the start too when ``at_start``)."""

    def __init__(
        self, *, interval_seconds: float, name: str, what: str, log: logging.Logger, at_start: bool = False
    ) -> None:
        if interval_seconds <= 0:
            raise ValueError(f"the {what} interval must be positive")
        self._interval = interval_seconds
        self._name = name
        self._what = what
        self._log = log
        self._at_start = at_start
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def round(self) -> int:
        """One round of the work; returns how many things it did."""

    def tick(self) -> int:
        """One round; 0 when it failed (the failure is logged)."""
        try:
            return self.round()
        except Exception:
            # INVARIANT: the thread's edge: one failed round must not end the schedule for good.
            self._log.exception("%s failed; retrying in %.0f s", self._what, self._interval)
            return 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        if self._at_start:
            self.tick()
        while not self._stop.wait(self._interval):
            self.tick()
