"""The sign-in page's growing delay after wrong passwords, per user name and per client address.

AWS documents no console lockout, and a lockout would let anyone lock a user out by typing wrong
passwords under their name; so a wrong password makes the *next* attempt wait instead ([choice]):

* per user name (account + name as typed, whether or not it names a user, so the delay itself says
  nothing about which names exist): the first ``USER_FREE_FAILURES`` (3) failures cost nothing; after
  that each attempt must wait ``BASE_DELAY`` (1 s) doubled per further failure, at most ``MAX_DELAY``
  (5 min): 1 s, 2 s, 4 s, 8 s ... 5 min;
* per client address, the same schedule after ``ADDRESS_FREE_FAILURES`` (10) failures, so one address
  cannot spray guesses across many user names;
* an attempt made while waiting is refused with "Too many failed sign-in attempts" and is not checked
  nor counted; a successful sign-in forgets the user name's failures; ``FORGET_AFTER`` (1 h) without
  a failure forgets a key.

In memory, per server process, as ``iam.mfa_throttle``: N processes allow N times the budget.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

USER_FREE_FAILURES = 3
ADDRESS_FREE_FAILURES = 10
BASE_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=5)
FORGET_AFTER = timedelta(hours=1)
_MAX_ENTRIES = 100_000


@dataclass(frozen=True, slots=True)
class _Failures:
    count: int
    last: datetime


def delay_after(failures: int, free: int) -> timedelta:
    """How long the next attempt waits after ``failures`` consecutive failures (zero within ``free``)."""
    beyond = failures - free
    if beyond <= 0:
        return timedelta(0)
    return min(BASE_DELAY * (1 << min(beyond - 1, 20)), MAX_DELAY)


def user_key(account_id: str, user_name: str) -> str:
    return f"user:{account_id}:{user_name.lower()}"


def address_key(address: str) -> str:
    return f"address:{address}"


class SignInThrottle:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, _Failures] = {}

    @staticmethod
    def _free(key: str) -> int:
        return ADDRESS_FREE_FAILURES if key.startswith("address:") else USER_FREE_FAILURES

    def wait_left(self, keys: tuple[str, ...], *, now: datetime) -> timedelta:
        """How long an attempt under ``keys`` must still wait (zero: it may be checked now)."""
        longest = timedelta(0)
        with self._lock:
            for key in keys:
                found = self._failures.get(key)
                if found is None or now - found.last >= FORGET_AFTER:
                    continue
                left = found.last + delay_after(found.count, self._free(key)) - now
                longest = max(longest, left)
        return longest

    def record_failure(self, keys: tuple[str, ...], *, now: datetime) -> None:
        with self._lock:
            if len(self._failures) > _MAX_ENTRIES:
                self._failures = {k: v for k, v in self._failures.items() if now - v.last < FORGET_AFTER}
            for key in keys:
                found = self._failures.get(key)
                count = 1 if found is None or now - found.last >= FORGET_AFTER else found.count + 1
                self._failures[key] = _Failures(count, now)

    def record_success(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()
