"""Throttling of wrong MFA codes, per device and per user, so that six digits cannot be guessed.

A six-digit TOTP code accepted within ±1 step is guessed with probability about 3 in a million per
try; without a limit, hundreds of tries a second find one within hours. AWS documents no lockout, and
a permanent lockout would let anyone who knows a serial number lock its owner out, so hatrack uses a
growing back-off instead (a choice):

* the first ``FREE_FAILURES`` (5) wrong codes of a device or of a user cost nothing;
* each further wrong code closes the door for ``BASE_DELAY`` (30 s) doubled per failure beyond the
  free ones, at most ``MAX_DELAY`` (15 min): 30 s, 1 min, 2 min, 4 min, 8 min, 15 min, 15 min ...;
* while the door is closed every code, right or wrong, is refused with the operation's usual error
  and is not counted (the owner is delayed, never locked out);
* an accepted code, or ``FORGET_AFTER`` (1 h) without a failure, forgets the failures.

That allows at most about five guesses an hour after the first few, so a guess succeeds with odds
around 1 in 70,000 a day. Only codes checked against a device the caller owns count (a wrong serial
number or another user's device is refused before any code is compared, and cannot lock anybody out).

Time comes from the caller (the services' clock); the state is in memory, behind a lock, shared by
the threads of one server process. Several processes sharing a database each keep their own counts,
so N processes allow N times the budget (still a bounded rate); a shared limit needs a table.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

FREE_FAILURES = 5
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)
_MAX_ENTRIES = 100_000  # forgotten entries are pruned past this many


@dataclass(frozen=True, slots=True)
class _Failures:
    count: int
    last: datetime

    def closed_until(self) -> datetime | None:
        """When the next code may be tried, or None while within the free failures."""
        beyond = self.count - FREE_FAILURES - 1
        if beyond < 0:
            return None
        delay = BASE_DELAY * (1 << min(beyond, 10))
        return self.last + min(delay, MAX_DELAY)


def throttle_keys(serial_number: str, owner_id: str) -> tuple[str, str]:
    """The device's key and the user's key (a user's devices share the user's budget)."""
    return (f"device:{serial_number}:{owner_id}", f"user:{owner_id}")


class MfaThrottle:
    """Counts wrong MFA codes per key (device, user) and says when codes may be tried again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, _Failures] = {}

    def _current(self, key: str, now: datetime) -> _Failures | None:
        entry = self._failures.get(key)
        if entry is not None and now - entry.last >= FORGET_AFTER:
            del self._failures[key]
            return None
        return entry

    def is_closed(self, keys: Iterable[str], *, now: datetime) -> bool:
        """True while any of ``keys`` must wait before another code is tried."""
        with self._lock:
            for key in keys:
                entry = self._current(key, now)
                until = entry.closed_until() if entry is not None else None
                if until is not None and now < until:
                    return True
            return False

    def record_failure(self, keys: Iterable[str], *, now: datetime) -> None:
        with self._lock:
            for key in keys:
                entry = self._current(key, now)
                self._failures[key] = _Failures(count=(entry.count if entry else 0) + 1, last=now)
            if len(self._failures) > _MAX_ENTRIES:
                self._failures = {k: v for k, v in self._failures.items() if now - v.last < FORGET_AFTER}

    def record_success(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
