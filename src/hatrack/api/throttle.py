"""Rate limits on the authentication failure path: token buckets per access key id and per client address.

A flood of wrong signatures (or of guessed access key ids) is answered with AWS's ``Throttling`` error,
"Rate exceeded" (400), once the flooder's bucket is empty: the answer then no longer tells an existing
key (``SignatureDoesNotMatch``) from an unknown one (``InvalidClientTokenId``), nor a right guess from a
wrong one, at more than the refill rate.

Only failures take tokens, and only a failure is ever throttled: a request that authenticates always
goes through. So someone who knows a victim's access key id (it is not secret: it appears in logs and
URLs) cannot lock the victim out by failing with it, and good clients behind a flooder's address keep
working. The cost of a failure (the key lookup, one HMAC) is still paid; this limits answers, not load.

The numbers are choices (AWS publishes none for this):

- per access key id: ``KEY_RULE``, a burst of 10 failures, then one every 6 s (10 a minute);
- per client address: ``ADDRESS_RULE``, a burst of 50 failures, then one a second.

Time is a parameter (the services' clock), so tests move it instead of sleeping. State is in memory,
per process, bounded by ``MAX_TRACKED`` buckets per kind.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

__all__ = ["ADDRESS_RULE", "KEY_RULE", "MAX_TRACKED", "BucketRule", "FailureLimiter"]

MAX_TRACKED = 50_000


@dataclass(frozen=True, slots=True)
class BucketRule:
    """A token bucket: ``burst`` tokens at most, ``per_second`` tokens added back each second."""

    burst: float
    per_second: float


KEY_RULE = BucketRule(burst=10, per_second=1 / 6)
ADDRESS_RULE = BucketRule(burst=50, per_second=1.0)


class _Buckets:
    """Buckets of one rule by name: (tokens, last update) pairs, refilled lazily when looked at."""

    def __init__(self, rule: BucketRule, max_tracked: int) -> None:
        self._rule = rule
        self._max_tracked = max_tracked
        self._state: dict[str, tuple[float, float]] = {}

    def tokens(self, name: str, now: float) -> float:
        entry = self._state.get(name)
        if entry is None:
            return self._rule.burst
        tokens, updated = entry
        elapsed = max(0.0, now - updated)  # a clock that steps back refills nothing
        return min(self._rule.burst, tokens + elapsed * self._rule.per_second)

    def take(self, name: str, tokens: float, now: float) -> None:
        if name not in self._state and len(self._state) >= self._max_tracked:
            self._forget_full(now)
        self._state[name] = (tokens - 1, now)

    def _forget_full(self, now: float) -> None:
        """Drop every bucket that has refilled (it is as if never seen); all of them if none has."""
        full = [name for name in self._state if self.tokens(name, now) >= self._rule.burst]
        for name in full:
            del self._state[name]
        if len(self._state) >= self._max_tracked:
            self._state.clear()

    def clear(self) -> None:
        self._state.clear()


class FailureLimiter:
    """Decides, for each authentication failure, whether it is answered as itself or as Throttling."""

    def __init__(
        self,
        *,
        per_key: BucketRule = KEY_RULE,
        per_address: BucketRule = ADDRESS_RULE,
        max_tracked: int = MAX_TRACKED,
    ) -> None:
        self._keys = _Buckets(per_key, max_tracked)
        self._addresses = _Buckets(per_address, max_tracked)
        self._lock = threading.Lock()

    def allow_failure(self, access_key_id: str | None, address: str, *, now: float) -> bool:
        """Take one token from the key's and the address's bucket; False (and take none) if either is empty.

        ``now`` is in seconds (any epoch, as long as it is the same for every call).
        """
        with self._lock:
            address_tokens = self._addresses.tokens(address, now)
            key_tokens = None if access_key_id is None else self._keys.tokens(access_key_id, now)
            if address_tokens < 1 or (key_tokens is not None and key_tokens < 1):
                return False
            self._addresses.take(address, address_tokens, now)
            if access_key_id is not None and key_tokens is not None:
                self._keys.take(access_key_id, key_tokens, now)
            return True

    def clear(self) -> None:
        """Forget every bucket (the dev server's reset, between tests)."""
        with self._lock:
            self._keys.clear()
            self._addresses.clear()
